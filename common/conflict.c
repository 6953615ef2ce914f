/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RESERVATION CONFLICT on PR OUT explained: which of SPC-5's rules the command broke. */
#include <stdio.h>
#include <string.h>

#include "conflict.h"
#include "keys.h"
#include "lu.h"
#include "spc2.h"

static bool
key_registered(const struct pr_state *st, uint64_t key)
{
	size_t i;

	for (i = 0; i < st->nkeys; i++)
		if (st->keys[i] == key)
			return true;
	return false;
}

struct conflict
conflict_explain(enum prout_sa sa, uint64_t key, uint8_t type,
		 const struct pr_state *st, bool have_this_port)
{
	const struct prs_registrant *me = lu_my_registrant(st);
	const struct prin_resv *v = &st->resv;
	struct conflict c = { .cause = CONFLICT_UNEXPLAINED, .key = key, .type = type,
			      .their_key = v->key, .their_type = v->type,
			      .nkeys = st->nkeys, .resv_held = v->held,
			      .spc2_holder = st->spc2_holder };

	if (st->spc2_conflict) {
		c.cause = CONFLICT_SPC2;
	} else if (have_this_port && (st->have & PRS_FULL) && me == NULL) {
		c.cause = CONFLICT_NOT_REGISTERED;
		c.key_elsewhere = key_registered(st, key);
	} else if (me != NULL && me->key != key) {
		c.cause = CONFLICT_OTHER_KEY;
		c.their_key = me->key;
	} else if (!have_this_port && !key_registered(st, key)) {
		c.cause = CONFLICT_KEY_NOT_REGISTERED;
	} else if ((sa == PROUT_RESERVE || sa == PROUT_RELEASE) && v->held &&
		   !keys_type_all_registrants(v->type) && v->key != key) {
		c.cause = CONFLICT_RESERVED_BY_OTHER;
	} else if (sa == PROUT_RELEASE && v->held && v->type != type) {
		c.cause = CONFLICT_WRONG_TYPE;
	}
	return c;
}

bool
conflict_found(const struct conflict *c)
{
	return c->cause != CONFLICT_UNEXPLAINED && c->cause != CONFLICT_STATE_UNREAD;
}

static const char *
or_q(const char *s)
{
	return s != NULL ? s : "?";
}

char *
conflict_str(const struct conflict *c, const struct keynames *names, char *buf, size_t len)
{
	const char *who = holder_spc2_who(c->spc2_holder);
	char key[KEYNAMES_STR_MAX], theirs[KEYNAMES_STR_MAX];

	keynames_str(names, c->key, key, sizeof(key));
	keynames_str(names, c->their_key, theirs, sizeof(theirs));
	switch (c->cause) {
	case CONFLICT_SPC2:
		snprintf(buf, len, "%s holds an SPC-2 reservation (RESERVE), which "
			 "blocks persistent reservation commands; it must be "
			 "released, or the logical unit reset, first",
			 c->spc2_holder == HOLDER_SPC2 || who == NULL ? "an initiator" : who);
		break;
	case CONFLICT_NOT_REGISTERED:
		snprintf(buf, len, "this I_T nexus is not registered%s; register "
			 "first (or add --register)", c->key_elsewhere ?
			 " (the key is, through another I_T nexus)" : "");
		break;
	case CONFLICT_OTHER_KEY:
		snprintf(buf, len, "this I_T nexus is registered with key %s, not %s",
			 theirs, key);
		break;
	case CONFLICT_KEY_NOT_REGISTERED:
		snprintf(buf, len, "key %s is not registered (%zu registered keys); "
			 "register first (or add --register)", key, c->nkeys);
		break;
	case CONFLICT_RESERVED_BY_OTHER:
		snprintf(buf, len, "the unit is reserved (%s) by key %s, not this one; "
			 "preempt it to take it over",
			 keys_type_title(c->their_type) ? keys_type_title(c->their_type) :
			 "unknown type", theirs);
		break;
	case CONFLICT_WRONG_TYPE:
		snprintf(buf, len, "the reservation is of type %s (%s), not %s; "
			 "release it with its own type", or_q(keys_type_abbrev(c->their_type)),
			 keys_type_title(c->their_type) ? keys_type_title(c->their_type) :
			 "unknown", or_q(keys_type_abbrev(c->type)));
		break;
	case CONFLICT_UNEXPLAINED:
		snprintf(buf, len, "the device refused it although key %s is registered%s",
			 key, c->resv_held ? " and a reservation exists" : "");
		break;
	case CONFLICT_STATE_UNREAD:
		snprintf(buf, len, "and reading the reservation state failed");
		break;
	}
	return buf;
}

struct conflict
conflict_diagnose(struct dev *d, enum prout_sa sa, uint64_t key, uint8_t type,
		  char *why, size_t whylen)
{
	struct conflict c = { .cause = CONFLICT_STATE_UNREAD, .key = key, .type = type };
	struct pr_state st;
	bool have_port;
	enum tr_exit ex;

	why[0] = '\0';
	ex = spc2_collect(d, PRS_FULL, false, &st, why, whylen);
	if (ex == TR_EXIT_OK || st.spc2_conflict) {
		have_port = lu_mark_nexus(d, &st);
		c = conflict_explain(sa, key, type, &st,
				     have_port && !st.full_unsupported);
		why[0] = '\0';
	}
	prs_free(&st);
	return c;
}
