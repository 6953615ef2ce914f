/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The no-op verdicts of PR OUT from a unit's state, and their words. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "lu.h"
#include "noop.h"

/* The holder registrant's key and TransportID text into *n. */
static void
describe_holder(const struct pr_state *st, struct noop *n)
{
	const struct prs_registrant *h = prs_holder(st);

	n->holder_key = st->resv.key;
	n->type = st->resv.type;
	n->holder_port[0] = '\0';
	if (h != NULL && h->tid_ok && tid_format(&h->tid, n->holder_port,
						 sizeof(n->holder_port)) < 0)
		n->holder_port[0] = '\0';
}

/* Whether this I_T nexus is a holder of st's reservation. */
static bool
mine_holds(const struct pr_state *st)
{
	const struct prs_registrant *me = lu_my_registrant(st);

	return me != NULL && (me->r_holder || keys_type_all_registrants(st->resv.type));
}

struct noop
noop_before(enum prout_sa sa, uint64_t key, uint64_t sa_key, uint8_t type,
	    const struct pr_state *st, bool have_this_port)
{
	const struct prs_registrant *me = lu_my_registrant(st);
	struct noop n = { .what = NOOP_NONE };
	bool by_nexus = have_this_port && (st->have & PRS_FULL);

	switch (sa) {
	case PROUT_RELEASE:
		if (!st->resv.held)
			n.what = NOOP_NOTHING_HELD;
		else if (by_nexus && me != NULL && !mine_holds(st))
			n.what = NOOP_NOT_HOLDER;
		break;
	case PROUT_RESERVE:
		if (st->resv.held && by_nexus && mine_holds(st) && st->resv.type == type &&
		    me->key == key)
			n.what = NOOP_ALREADY_HELD;
		break;
	case PROUT_REGISTER:
	case PROUT_REGISTER_AND_IGNORE:
		if (by_nexus && me != NULL && sa_key != 0 && me->key == sa_key &&
		    (sa == PROUT_REGISTER_AND_IGNORE || key == sa_key))
			n.what = NOOP_ALREADY_REGISTERED;
		break;
	default:
		break;
	}
	if (n.what == NOOP_NOT_HOLDER || n.what == NOOP_ALREADY_HELD)
		describe_holder(st, &n);
	n.key = sa_key;
	return n;
}

struct noop
noop_after_release(const struct pr_state *st, bool have_this_port)
{
	struct noop n = { .what = NOOP_NONE };

	if (st->resv.held && (!have_this_port || !(st->have & PRS_FULL) || !mine_holds(st))) {
		n.what = NOOP_NOT_HOLDER;
		describe_holder(st, &n);
	}
	return n;
}

char *
noop_str(const struct noop *n, char *buf, size_t len)
{
	const char *t = keys_type_title(n->type);
	char port[112] = "";

	if (n->holder_port[0] != '\0')
		snprintf(port, sizeof(port), " (%s)", n->holder_port);
	switch (n->what) {
	case NOOP_NONE:
		snprintf(buf, len, "it changes the unit's state");
		break;
	case NOOP_NOTHING_HELD:
		snprintf(buf, len, "no persistent reservation is held");
		break;
	case NOOP_NOT_HOLDER:
		snprintf(buf, len, "this I_T nexus does not hold the reservation (%s); the "
			 "holder is key 0x%" PRIx64 "%s: preempt it to take it over",
			 t ? t : "unknown type", n->holder_key, port);
		break;
	case NOOP_ALREADY_HELD:
		snprintf(buf, len, "this I_T nexus holds the reservation (%s) already",
			 t ? t : "unknown type");
		break;
	case NOOP_ALREADY_REGISTERED:
		snprintf(buf, len, "this I_T nexus is registered with key 0x%" PRIx64
			 " already", n->key);
		break;
	}
	return buf;
}
