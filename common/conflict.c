/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RESERVATION CONFLICT on PR OUT explained: which of SPC-5's rules the command broke. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "conflict.h"
#include "keys.h"
#include "lu.h"

static bool
key_registered(const struct pr_state *st, uint64_t key)
{
	size_t i;

	for (i = 0; i < st->nkeys; i++)
		if (st->keys[i] == key)
			return true;
	return false;
}

static const struct prs_registrant *
this_registrant(const struct pr_state *st)
{
	size_t i;

	for (i = 0; i < st->nregs; i++)
		if (st->regs[i].this_port)
			return &st->regs[i];
	return NULL;
}

int
conflict_explain(enum prout_sa sa, uint64_t key, uint8_t type,
		 const struct pr_state *st, bool have_this_port, char *buf, size_t len)
{
	const struct prs_registrant *me = this_registrant(st);
	const struct prin_resv *v = &st->resv;

	if (st->spc2_conflict) {
		snprintf(buf, len, "%s holds an SPC-2 reservation (RESERVE), which "
			 "blocks persistent reservation commands; it must be "
			 "released, or the logical unit reset, first",
			 st->spc2_ours == 1 ? "this initiator" :
			 st->spc2_ours == 0 ? "another initiator" : "an initiator");
	} else if (have_this_port && (st->have & PRS_FULL) && me == NULL) {
		snprintf(buf, len, "this I_T nexus is not registered%s; register "
			 "first (or add --register)",
			 key_registered(st, key) ? " (the key is, through another "
			 "I_T nexus)" : "");
	} else if (me != NULL && me->key != key) {
		snprintf(buf, len, "this I_T nexus is registered with key 0x%" PRIx64
			 ", not 0x%" PRIx64, me->key, key);
	} else if (!have_this_port && !key_registered(st, key)) {
		snprintf(buf, len, "key 0x%" PRIx64 " is not registered (%zu "
			 "registered keys); register first (or add --register)",
			 key, st->nkeys);
	} else if ((sa == PROUT_RESERVE || sa == PROUT_RELEASE) && v->held &&
		   !keys_type_all_registrants(v->type) && v->key != key) {
		snprintf(buf, len, "the unit is reserved (%s) by key 0x%" PRIx64
			 ", not this one; preempt it to take it over",
			 keys_type_title(v->type) ? keys_type_title(v->type) : "unknown type",
			 v->key);
	} else if (sa == PROUT_RELEASE && v->held && v->type != type) {
		snprintf(buf, len, "the reservation is of type %s (%s), not %s; "
			 "release it with its own type",
			 keys_type_abbrev(v->type) ? keys_type_abbrev(v->type) : "?",
			 keys_type_title(v->type) ? keys_type_title(v->type) : "unknown",
			 keys_type_abbrev(type) ? keys_type_abbrev(type) : "?");
	} else {
		snprintf(buf, len, "the device refused it although key 0x%" PRIx64
			 " is registered%s", key,
			 v->held ? " and a reservation exists" : "");
		return 0;
	}
	return 1;
}

int
conflict_diagnose(struct sgio_dev *dev, const struct sgio_opts *opts,
		  const char *root, const char *path, enum prout_sa sa,
		  uint64_t key, uint8_t type, char *buf, size_t len)
{
	struct pr_state st;
	char err[320];
	bool have_port;
	enum tr_exit ex;
	int found;

	ex = prs_collect(dev, opts, PRS_FULL, false, &st, err, sizeof(err));
	if (ex != TR_EXIT_OK && !st.spc2_conflict) {
		snprintf(buf, len, "and reading the reservation state failed: %s", err);
		prs_free(&st);
		return 0;
	}
	have_port = lu_mark_this_path(root, path, &st);
	found = conflict_explain(sa, key, type, &st,
				 have_port && !st.full_unsupported, buf, len);
	prs_free(&st);
	return found;
}
