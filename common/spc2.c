/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Probing reservations: the commands that feed holder_verdict(). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "keys.h"
#include "lu.h"
#include "spc2.h"

/* Whether the holder in st is this I_T nexus (READ FULL STATUS). */
static bool
pr_holder_is_us(struct dev *d, struct pr_state *st)
{
	const struct prs_registrant *h;

	if (!(st->have & PRS_FULL) || !lu_mark_nexus(d, st))
		return false;
	h = prs_holder(st);
	return h != NULL && h->this_port;
}

enum tr_exit
spc2_probe(struct dev *d, struct spc2_probe *p)
{
	struct holder_answers a = { .tur_sent = true };
	struct scsi_result res;
	struct pr_state st;
	char err[320];

	memset(p, 0, sizeof(*p));
	a.tur = cmd_test_unit_ready(d, &res);
	a.tur_processed = res.status == SAM_CHECK_CONDITION;
	p->not_ready = a.tur == TR_EXIT_NOT_READY;
	if (a.tur != TR_EXIT_OK && a.tur != TR_EXIT_CONFLICT && !a.tur_processed) {
		p->holder = holder_verdict(&a);
		p->exit = a.tur;
		p->failed = "TEST UNIT READY";
		return a.tur;
	}
	a.prin_sent = true;
	a.prin = prs_collect(d, PRS_CAPS | PRS_FULL, false, &st, err, sizeof(err));
	if (st.spc2_conflict)
		a.prin = TR_EXIT_CONFLICT;
	a.pr_held = a.prin == TR_EXIT_OK && st.resv.held;
	a.pr_ours = a.pr_held && pr_holder_is_us(d, &st);
	p->holder = holder_verdict(&a);
	p->pr_supported = a.prin != TR_EXIT_INVALID_OP && !st.spc2_conflict;
	p->crh = (st.have & PRS_CAPS) && st.caps.crh;
	p->nkeys = st.nkeys;
	p->pr_key = st.resv.key;
	keynames_str(d->names, p->pr_key, p->pr_key_str, sizeof(p->pr_key_str));
	p->pr_type = st.resv.type;
	prs_free(&st);
	if (p->holder == HOLDER_UNKNOWN) {
		p->exit = a.prin;
		p->failed = "PERSISTENT RESERVE IN";
		return a.prin;
	}
	return TR_EXIT_OK;
}

char *
spc2_probe_str(const struct spc2_probe *p, char *buf, size_t len)
{
	return holder_str(p->holder, p->pr_type, p->pr_key_str, p->not_ready, p->failed,
			  p->exit, buf, len);
}

void
spc2_collect_units(struct prs_unit *u, size_t n, unsigned what, bool keep_raw)
{
	struct holder_answers a = { .tur_sent = true, .prin_sent = true,
				    .prin = TR_EXIT_CONFLICT };
	struct scsi_result res;
	size_t i;

	prs_collect_units(u, n, what, keep_raw);
	for (i = 0; i < n; i++) {
		struct pr_state *st = u[i].st;

		if (!st->spc2_conflict)
			continue;
		a.tur = cmd_test_unit_ready(u[i].d, &res);
		a.tur_processed = res.status == SAM_CHECK_CONDITION;
		st->spc2_holder = holder_verdict(&a);
		if (st->spc2_holder == HOLDER_UNKNOWN)
			st->spc2_holder = HOLDER_SPC2;
		prs_conflict_str(st, u[i].err, u[i].errlen);
	}
}

enum tr_exit
spc2_collect(struct dev *d, unsigned what, bool keep_raw, struct pr_state *st,
	     char *err, size_t errlen)
{
	struct prs_unit u = { .d = d, .st = st, .err = err, .errlen = errlen };

	spc2_collect_units(&u, 1, what, keep_raw);
	return u.ex;
}

void
spc2_seen_state(const struct pr_state *st, struct holder_seen *seen)
{
	*seen = (struct holder_seen){ .read = true, .who = HOLDER_NONE };
	if (st->spc2_conflict) {
		seen->who = st->spc2_holder;
	} else if (st->resv.held) {
		seen->who = HOLDER_OTHER_PR;
		seen->key = st->resv.key;
		seen->type = st->resv.type;
	}
}

void
spc2_seen_probe(const struct spc2_probe *p, struct holder_seen *seen)
{
	*seen = (struct holder_seen){ .read = true, .who = p->holder, .key = p->pr_key,
				      .type = p->pr_type };
}

enum spc2_after
spc2_after_reserve(struct dev *d, char *why, size_t whylen)
{
	struct pr_state st;
	enum spc2_after a = SPC2_AS_ASKED;
	const char *t;
	char key[KEYNAMES_STR_MAX];

	why[0] = '\0';
	if (prs_collect(d, PRS_FULL, false, &st, why, whylen) == TR_EXIT_OK &&
	    st.resv.held && pr_holder_is_us(d, &st)) {
		t = keys_type_title(st.resv.type);
		snprintf(why, whylen, "this I_T nexus holds the persistent reservation (%s, "
			 "key %s), and the device answers RESERVE from its "
			 "holder with GOOD and reserves nothing (CRH=1, SPC-3 5.7.3): once "
			 "the persistent reservation is released, this host holds nothing",
			 t ? t : "unknown type",
			 keynames_str(d->names, st.resv.key, key, sizeof(key)));
		a = SPC2_NOT_RESERVED;
	}
	prs_free(&st);
	if (a == SPC2_AS_ASKED)
		why[0] = '\0';
	return a;
}

enum spc2_after
spc2_after_release(struct dev *d, char *why, size_t whylen)
{
	struct scsi_result res;
	struct spc2_probe p;

	why[0] = '\0';
	if (cmd_test_unit_ready(d, &res) != TR_EXIT_CONFLICT)
		return SPC2_AS_ASKED;
	spc2_probe(d, &p);
	spc2_probe_str(&p, why, whylen);
	return SPC2_STILL_HELD;
}
