/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: which PR OUT answered GOOD changes nothing, judged from a unit's state built by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keys.h"
#include "noop.h"
#include "unit.h"

/* Two registrants on SAS ports ...01 (0x1111) and ...02 (0x2222); holder
 * index `holder` (-1 none) with reservation type `type`; this path is
 * `me` (-1 none). */
static void
state(struct pr_state *st, struct prs_registrant regs[2], int holder, uint8_t type, int me)
{
	static const char *const ports[] = { "sas,0x5001405aaaa00001", "sas,0x5001405bbbb00002" };
	int i;

	memset(st, 0, sizeof(*st));
	memset(regs, 0, 2 * sizeof(regs[0]));
	for (i = 0; i < 2; i++) {
		regs[i].key = i == 0 ? 0x1111 : 0x2222;
		assert_int_equal(tid_parse(ports[i], regs[i].tid_raw, sizeof(regs[i].tid_raw),
					   &regs[i].tid_raw_len), 0);
		assert_int_equal(tid_decode(regs[i].tid_raw, regs[i].tid_raw_len, &regs[i].tid,
					    NULL), 0);
		regs[i].tid_ok = true;
		regs[i].this_port = i == me;
	}
	st->have = PRS_FULL | PRS_KEYS | PRS_RESV;
	st->regs = regs;
	st->nregs = 2;
	if (holder >= 0) {
		regs[holder].r_holder = true;
		regs[holder].type = type;
		st->resv.held = true;
		st->resv.type = type;
		st->resv.key = keys_type_all_registrants(type) ? 0 : regs[holder].key;
	}
}

static void
test_release(void **state_)
{
	struct prs_registrant regs[2];
	struct pr_state st;
	struct noop n;
	char buf[256];

	(void)state_;
	/* held by ...01; this path ...02 is registered: a release does nothing */
	state(&st, regs, 0, PR_TYPE_EX_AC, 1);
	n = noop_before(PROUT_RELEASE, 0x2222, 0, PR_TYPE_EX_AC, &st, true);
	assert_int_equal(n.what, NOOP_NOT_HOLDER);
	assert_string_equal(noop_str(&n, buf, sizeof(buf)), "this I_T nexus does not hold "
			    "the reservation (Exclusive Access); the holder is key 0x1111 "
			    "(sas,0x5001405aaaa00001): preempt it to take it over");
	n = noop_after_release(&st, true);
	assert_int_equal(n.what, NOOP_NOT_HOLDER);
	assert_true(n.holder_key == 0x1111);
	/* the holder's release changes the state */
	state(&st, regs, 1, PR_TYPE_EX_AC, 1);
	assert_int_equal(noop_before(PROUT_RELEASE, 0x2222, 0, PR_TYPE_EX_AC, &st, true).what,
			 NOOP_NONE);
	/* all registrants: every registrant holds it, a release releases it */
	state(&st, regs, 0, PR_TYPE_EX_AC_AR, 1);
	assert_int_equal(noop_before(PROUT_RELEASE, 0x2222, 0, PR_TYPE_EX_AC_AR, &st, true).what,
			 NOOP_NONE);
	/* nothing reserved */
	state(&st, regs, -1, 0, 1);
	n = noop_before(PROUT_RELEASE, 0x2222, 0, PR_TYPE_EX_AC, &st, true);
	assert_int_equal(n.what, NOOP_NOTHING_HELD);
	assert_int_equal(noop_after_release(&st, true).what, NOOP_NONE);
	/* without this I_T nexus known, only "nothing held" can be said before */
	state(&st, regs, 0, PR_TYPE_EX_AC, -1);
	assert_int_equal(noop_before(PROUT_RELEASE, 0x2222, 0, PR_TYPE_EX_AC, &st, false).what,
			 NOOP_NONE);
}

static void
test_reserve_register(void **state_)
{
	struct prs_registrant regs[2];
	struct pr_state st;
	struct noop n;
	char buf[256];

	(void)state_;
	state(&st, regs, 1, PR_TYPE_WR_EX, 1);
	n = noop_before(PROUT_RESERVE, 0x2222, 0, PR_TYPE_WR_EX, &st, true);
	assert_int_equal(n.what, NOOP_ALREADY_HELD);
	assert_string_equal(noop_str(&n, buf, sizeof(buf)), "this I_T nexus holds the "
			    "reservation (Write Exclusive) already");
	/* another type: not a no-op (it conflicts) */
	assert_int_equal(noop_before(PROUT_RESERVE, 0x2222, 0, PR_TYPE_EX_AC, &st, true).what,
			 NOOP_NONE);
	n = noop_before(PROUT_REGISTER_AND_IGNORE, 0, 0x2222, 0, &st, true);
	assert_int_equal(n.what, NOOP_ALREADY_REGISTERED);
	assert_string_equal(noop_str(&n, buf, sizeof(buf)), "this I_T nexus is registered "
			    "with key 0x2222 already");
	/* REGISTER from 0x2222 to 0x3333 changes the key */
	assert_int_equal(noop_before(PROUT_REGISTER, 0x2222, 0x3333, 0, &st, true).what,
			 NOOP_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_reserve_register),
	};

	return cmocka_run_group_tests_name("noop", tests, NULL, NULL);
}
