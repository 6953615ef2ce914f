/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: why a PR OUT met RESERVATION CONFLICT, from a unit's state built by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "conflict.h"

/* Two registrants: 0x1111 holding Exclusive Access, 0x2222 not holding;
 * `me` (0, 1 or -1 for none) is this path's. */
static void
state(struct pr_state *st, struct prs_registrant regs[2], uint64_t keys[2], int me)
{
	memset(st, 0, sizeof(*st));
	memset(regs, 0, 2 * sizeof(regs[0]));
	regs[0].key = keys[0] = 0x1111;
	regs[0].r_holder = true;
	regs[0].type = 3;
	regs[1].key = keys[1] = 0x2222;
	if (me >= 0)
		regs[me].this_port = true;
	st->have = PRS_FULL | PRS_KEYS | PRS_RESV;
	st->regs = regs;
	st->nregs = 2;
	st->keys = keys;
	st->nkeys = 2;
	st->resv.held = true;
	st->resv.key = 0x1111;
	st->resv.type = 3;
}

/* conflict_explain(), then its words: the cause and the fields that
 * matter are asserted; the text once per cause (the one table). */
static struct conflict
explain(enum prout_sa sa, uint64_t key, uint8_t type, const struct pr_state *st,
	bool have_port, char *buf, size_t len)
{
	struct conflict c = conflict_explain(sa, key, type, st, have_port);

	conflict_str(&c, NULL, buf, len);
	return c;
}

static void
test_causes(void **state_)
{
	struct prs_registrant regs[2];
	uint64_t keys[2];
	struct pr_state st;
	struct conflict c;
	char buf[256];

	(void)state_;
	state(&st, regs, keys, -1);	/* this path is not among them */
	c = explain(PROUT_RESERVE, 0x2222, 3, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_NOT_REGISTERED);
	assert_true(c.key_elsewhere);
	assert_true(conflict_found(&c));
	assert_string_equal(buf, "this I_T nexus is not registered (the key is, through "
			    "another I_T nexus); register first (or add --register)");
	c = explain(PROUT_RESERVE, 0x9, 3, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_NOT_REGISTERED);
	assert_false(c.key_elsewhere);
	assert_string_equal(buf, "this I_T nexus is not registered; register first "
			    "(or add --register)");

	state(&st, regs, keys, 1);	/* this path is 0x2222 */
	c = explain(PROUT_RELEASE, 0x9999, 3, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_OTHER_KEY);
	assert_int_equal(c.their_key, 0x2222);
	assert_string_equal(buf, "this I_T nexus is registered with key 0x2222, not 0x9999");
	c = explain(PROUT_RESERVE, 0x2222, 3, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_RESERVED_BY_OTHER);
	assert_int_equal(c.their_key, 0x1111);
	assert_int_equal(c.their_type, 3);
	assert_string_equal(buf, "the unit is reserved (Exclusive Access) by key 0x1111, "
			    "not this one; preempt it to take it over");

	state(&st, regs, keys, 0);	/* this path holds it */
	c = explain(PROUT_RELEASE, 0x1111, 1, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_WRONG_TYPE);
	assert_int_equal(c.their_type, 3);
	assert_string_equal(buf, "the reservation is of type ex-ac (Exclusive Access), "
			    "not wr-ex; release it with its own type");
	/* nothing else explains it */
	c = explain(PROUT_PREEMPT, 0x1111, 3, &st, true, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_UNEXPLAINED);
	assert_false(conflict_found(&c));
	assert_string_equal(buf, "the device refused it although key 0x1111 is registered "
			    "and a reservation exists");

	/* without this path's port, only the keys tell */
	state(&st, regs, keys, -1);
	c = explain(PROUT_RESERVE, 0x77, 3, &st, false, buf, sizeof(buf));
	assert_int_equal(c.cause, CONFLICT_KEY_NOT_REGISTERED);
	assert_int_equal(c.nkeys, 2);
	assert_string_equal(buf, "key 0x77 is not registered (2 registered keys); "
			    "register first (or add --register)");
}

/* The words name both keys when the key map does. */
static void
test_named_keys(void **state_)
{
	static const char map[] = "0x1111 backup-a\n0x2222 backup-b\n";
	struct keynames kn = { 0 };
	struct prs_registrant regs[2];
	uint64_t keys[2];
	struct pr_state st;
	struct conflict c;
	char buf[256];

	(void)state_;
	assert_int_equal(keymap_parse(&kn.map, map, sizeof(map) - 1, NULL, NULL), 0);
	state(&st, regs, keys, 1);	/* this path is 0x2222 */
	c = conflict_explain(PROUT_RESERVE, 0x2222, 3, &st, true);
	assert_string_equal(conflict_str(&c, &kn, buf, sizeof(buf)),
			    "the unit is reserved (Exclusive Access) by key 0x1111 (backup-a), "
			    "not this one; preempt it to take it over");
	c = conflict_explain(PROUT_RELEASE, 0x9999, 3, &st, true);
	assert_string_equal(conflict_str(&c, &kn, buf, sizeof(buf)),
			    "this I_T nexus is registered with key 0x2222 (backup-b), not 0x9999");
	keymap_free(&kn.map);
}

static void
test_spc2(void **state_)
{
	struct prs_registrant regs[2];
	uint64_t keys[2];
	struct pr_state st;
	struct conflict c;
	char buf[256];
	static const struct {
		enum holder h;
		const char *who;
	} cases[] = {
		{ HOLDER_SPC2, "an initiator" },
		{ HOLDER_OTHER_SPC2, "another initiator" },
		{ HOLDER_US_SPC2, "this initiator" },
	};
	size_t i;

	(void)state_;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[256];

		state(&st, regs, keys, 0);
		st.spc2_conflict = true;	/* comes first, whatever else st says */
		st.spc2_holder = cases[i].h;
		c = explain(PROUT_REGISTER, 0x1111, 0, &st, true, buf, sizeof(buf));
		assert_int_equal(c.cause, CONFLICT_SPC2);
		assert_int_equal(c.spc2_holder, cases[i].h);
		snprintf(want, sizeof(want), "%s holds an SPC-2 reservation (RESERVE), "
			 "which blocks persistent reservation commands; it must be "
			 "released, or the logical unit reset, first", cases[i].who);
		assert_string_equal(buf, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_causes),
		cmocka_unit_test(test_named_keys),
		cmocka_unit_test(test_spc2),
	};

	return cmocka_run_group_tests_name("conflict", tests, NULL, NULL);
}
