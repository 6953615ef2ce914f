/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: taking, preempting and giving back a unit against scripted device answers: the exact commands sent and what is undone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cdb.h"
#include "hold.h"
#include "keys.h"
#include "script.h"
#include "unit.h"

#define PRIN CDB_OP_PERSISTENT_RESERVE_IN
#define PROUT CDB_OP_PERSISTENT_RESERVE_OUT

/* Host A (0x...aaaa0001) and host B (0x...bbbb0002), as in the lab; both
 * "hosts" are clones with the same auto key. */
static const uint64_t sas_a = 0x5001405aaaa00001;
static const uint64_t key = 0x633ea44aa558416b;

/* Test on host B's I_T nexus. */
static void
on_b(struct script *s, struct dev *d)
{
	script_init(s, d);
	script_nexus(d, "sas,0x5001405bbbb00002", 2);
}

static const struct hold take = { HOLD_PR, 0x633ea44aa558416b, PR_TYPE_EX_AC_RO, false };

/* The bug of the first round: a clone whose key is registered through
 * another I_T nexus was treated as registered, and stayed registered
 * after the RESERVE conflicted.  Now: A's reservation is seen in READ
 * FULL STATUS, and nothing at all is sent. */
static void
test_take_clone_held_sends_nothing(void **state)
{
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, 0, PR_TYPE_EX_AC_RO);
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_CONFLICT);
	assert_int_equal(s.nsent, 1);
	script_assert_cmd(&s, 0, PRIN, PRIN_READ_FULL_STATUS);
	assert_non_null(strstr(why, "held by another initiator"));
	assert_non_null(strstr(why, "key 0x633ea44aa558416b"));
}

/* The state showed no reservation, but RESERVE conflicted (another
 * initiator was faster): the registration made here is removed again. */
static void
test_take_conflict_unregisters(void **state)
{
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, -1, 0);	/* A registered */
	script_good(&s);					/* REGISTER AND IGNORE */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* RESERVE */
	/* the probe that says who: TEST UNIT READY, REPORT CAPABILITIES
	 * (unsupported here), READ FULL STATUS */
	script_good(&s);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);
	script_full_status(&s, 4, 1, &key, &sas_a, 0, PR_TYPE_EX_AC);
	script_good(&s);					/* REGISTER to 0 */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_CONFLICT);
	script_assert_cmd(&s, 1, PROUT, PROUT_REGISTER_AND_IGNORE);
	assert_true(script_sa_key(&s, 1) == key);
	script_assert_cmd(&s, 2, PROUT, PROUT_RESERVE);
	assert_int_equal(s.sent[2].cdb[2], PR_TYPE_EX_AC_RO);
	/* the last command puts this I_T nexus back: unregistered */
	script_assert_cmd(&s, s.nsent - 1, PROUT, PROUT_REGISTER);
	assert_true(script_key(&s, s.nsent - 1) == key);
	assert_true(script_sa_key(&s, s.nsent - 1) == 0);
	assert_int_equal(s.next, s.nreplies);
}

/* Registered before with another key: a failed RESERVE restores it. */
static void
test_take_failure_restores_old_key(void **state)
{
	static const uint64_t keys[] = { 0x1111, 0x7777 };
	static const uint64_t ports[] = { 0x5001405aaaa00001, 0x5001405bbbb00002 };
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 2, keys, ports, -1, 0);	/* B has 0x7777 */
	script_good(&s);					/* REGISTER AND IGNORE */
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* RESERVE */
	script_good(&s);					/* REGISTER back */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_ILLEGAL_REQ);
	assert_int_equal(s.nsent, 4);
	script_assert_cmd(&s, 3, PROUT, PROUT_REGISTER);
	assert_true(script_key(&s, 3) == key);
	assert_true(script_sa_key(&s, 3) == 0x7777);
	assert_non_null(strstr(why, "RESERVE: "));
}

/* Already registered with our key and free: RESERVE only. */
/* RESERVE timed out: whether it reserved is unknown, so RELEASE follows
 * (a no-op if it did not), then the registration made here goes. */
static void
test_take_reserve_timeout_released(void **state)
{
	struct script s;
	struct dev d;
	char why[512];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, -1, 0);	/* A registered */
	script_good(&s);					/* REGISTER AND IGNORE */
	script_timeout(&s);					/* RESERVE */
	script_good(&s);					/* RELEASE */
	script_good(&s);					/* REGISTER to 0 */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_TIMEOUT);
	assert_int_equal(s.nsent, 5);
	script_assert_cmd(&s, 2, PROUT, PROUT_RESERVE);
	script_assert_cmd(&s, 3, PROUT, PROUT_RELEASE);
	assert_int_equal(s.sent[3].cdb[2], PR_TYPE_EX_AC_RO);	/* TYPE of the RESERVE */
	assert_true(script_key(&s, 3) == key);
	script_assert_cmd(&s, 4, PROUT, PROUT_REGISTER);
	assert_true(script_key(&s, 4) == key && script_sa_key(&s, 4) == 0);
	assert_string_equal(why, "RESERVE: command timed out; RELEASE sent in case it "
			    "reserved");
	dev_close(&d);
}

/* REGISTER AND IGNORE timed out: the state says whether it registered;
 * a registration it made is taken back, none is invented. */
static void
test_take_register_timeout_settled(void **state)
{
	const uint64_t keys[] = { key, key }, ports[] = { sas_a, 0x5001405bbbb00002 };
	struct script s;
	struct dev d;
	char why[512];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, -1, 0);	/* B not registered */
	script_timeout(&s);					/* REGISTER AND IGNORE */
	script_full_status(&s, 4, 2, keys, ports, -1, 0);	/* it did */
	script_good(&s);					/* REGISTER to 0 */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_TIMEOUT);
	assert_int_equal(s.nsent, 4);
	script_assert_cmd(&s, 2, PRIN, PRIN_READ_FULL_STATUS);
	script_assert_cmd(&s, 3, PROUT, PROUT_REGISTER);
	assert_true(script_sa_key(&s, 3) == 0);
	assert_string_equal(why, "REGISTER AND IGNORE EXISTING KEY: command timed out; it "
			    "did register: taken back");
	dev_close(&d);

	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, -1, 0);
	script_timeout(&s);
	script_full_status(&s, 3, 1, &key, &sas_a, -1, 0);	/* it did not */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_TIMEOUT);
	assert_int_equal(s.nsent, 3);
	assert_string_equal(why, "REGISTER AND IGNORE EXISTING KEY: command timed out; it "
			    "did not register");
	dev_close(&d);
}

static void
test_take_registered_reserves_only(void **state)
{
	static const uint64_t ports[] = { 0x5001405bbbb00002 };
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, ports, -1, 0);
	script_good(&s);					/* RESERVE */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	script_assert_cmd(&s, 1, PROUT, PROUT_RESERVE);
	assert_true(script_key(&s, 1) == key);
}

/* Without READ FULL STATUS: the number of registrations tells whether
 * REGISTER AND IGNORE added one, so a failed RESERVE removes it. */
static void
test_take_by_keys_counts(void **state)
{
	static const uint64_t after[] = { 0x633ea44aa558416b, 0x633ea44aa558416b };
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* no READ FULL STATUS */
	script_read_keys(&s, 3, 1, &key);			/* the clone's key */
	script_read_resv(&s, 3, false, 0, 0);
	script_good(&s);					/* REGISTER AND IGNORE */
	script_sense(&s, SK_NOT_READY, 0x04, 0x00);		/* RESERVE fails */
	script_read_keys(&s, 4, 2, after);			/* one more: ours */
	script_good(&s);					/* unregister */
	assert_int_equal(hold_take(&d, &take, why, sizeof(why), NULL), TR_EXIT_NOT_READY);
	script_assert_cmd(&s, 0, PRIN, PRIN_READ_FULL_STATUS);
	script_assert_cmd(&s, 5, PRIN, PRIN_READ_KEYS);
	script_assert_cmd(&s, 6, PROUT, PROUT_REGISTER);
	assert_true(script_sa_key(&s, 6) == 0);
	assert_int_equal(s.nsent, 7);
}

/* hold_preempt: each failed step under its own name; a failed PREEMPT
 * takes back the registration made for it. */
static void
test_preempt_steps(void **state)
{
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, 0, PR_TYPE_EX_AC);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x26, 0x00);	/* REGISTER AND IGNORE */
	assert_int_equal(hold_preempt(&d, &take, why, sizeof(why), NULL), TR_EXIT_ILLEGAL_REQ);
	assert_int_equal(s.nsent, 2);
	assert_true(strncmp(why, "REGISTER AND IGNORE EXISTING KEY: ", 34) == 0);

	on_b(&s, &d);
	script_full_status(&s, 3, 1, &key, &sas_a, 0, PR_TYPE_EX_AC);
	script_good(&s);					/* REGISTER AND IGNORE */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* PREEMPT */
	script_good(&s);					/* unregister */
	assert_int_equal(hold_preempt(&d, &take, why, sizeof(why), NULL), TR_EXIT_CONFLICT);
	script_assert_cmd(&s, 2, PROUT, PROUT_PREEMPT);
	assert_true(script_sa_key(&s, 2) == key);		/* the holder's */
	script_assert_cmd(&s, 3, PROUT, PROUT_REGISTER);
	assert_true(script_sa_key(&s, 3) == 0);
	assert_true(strncmp(why, "PREEMPT: ", 9) == 0);
}

/* Giving back: only what this I_T nexus has. */
static void
test_drop(void **state)
{
	static const uint64_t ports[] = { 0x5001405bbbb00002 };
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	/* preempted meanwhile: not registered, nothing sent, said */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, &sas_a, 0, PR_TYPE_EX_AC);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_int_equal(s.nsent, 1);
	assert_non_null(strstr(why, "nothing to give back"));

	/* holding it: RELEASE with the device's type, then unregister */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_RO);
	script_good(&s);
	script_good(&s);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_string_equal(why, "");
	script_assert_cmd(&s, 1, PROUT, PROUT_RELEASE);
	assert_int_equal(s.sent[1].cdb[2], PR_TYPE_EX_AC_RO);
	script_assert_cmd(&s, 2, PROUT, PROUT_REGISTER);
	assert_true(script_sa_key(&s, 2) == 0);

	/* an all-registrants reservation is shared: unregister only */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_AR);
	script_good(&s);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	script_assert_cmd(&s, 1, PROUT, PROUT_REGISTER);

	/* RELEASE times out, the unregistration works: given back (the
	 * holder's reservation goes with its registration), and said */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_RO);
	script_timeout(&s);
	script_good(&s);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_string_equal(why, "RELEASE: command timed out; unregistering gave the "
			    "reservation back");
	/* ... the unregistration times out too, and the unit shows it
	 * done: given back, said */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_RO);
	script_timeout(&s);
	script_timeout(&s);
	script_full_status(&s, 6, 0, NULL, NULL, -1, 0);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_string_equal(why, "RELEASE: command timed out; REGISTER (unregister): "
			    "command timed out; yet the unit shows this I_T nexus "
			    "unregistered now; unregistering gave the reservation back");
	/* ... and both time out with this I_T nexus still registered: the
	 * first failure, both said */
	on_b(&s, &d);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_RO);
	script_timeout(&s);
	script_timeout(&s);
	script_full_status(&s, 5, 1, &key, ports, 0, PR_TYPE_EX_AC_RO);
	assert_int_equal(hold_drop(&d, &take, why, sizeof(why), NULL), TR_EXIT_TIMEOUT);
	assert_string_equal(why, "RELEASE: command timed out; REGISTER (unregister): "
			    "command timed out");
}

/* SPC-2: RESERVE(6), and RELEASE(6) to give back. */
static void
test_spc2(void **state)
{
	const struct hold h = { HOLD_SPC2, 0, 0, false };
	struct script s;
	struct dev d;
	char why[256];

	(void)state;
	script_init(&s, &d);
	script_good(&s);					/* RESERVE(6) */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* PR IN: SPC-2 held */
	assert_int_equal(hold_take(&d, &h, why, sizeof(why), NULL), TR_EXIT_OK);
	script_assert_cmd(&s, 0, CDB_OP_RESERVE6, -1);
	script_assert_cmd(&s, 1, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_FULL_STATUS);
	script_good(&s);					/* RELEASE(6) */
	script_good(&s);					/* TEST UNIT READY */
	assert_int_equal(hold_drop(&d, &h, why, sizeof(why), NULL), TR_EXIT_OK);
	script_assert_cmd(&s, 2, CDB_OP_RELEASE6, -1);
	script_assert_cmd(&s, 3, CDB_OP_TEST_UNIT_READY, -1);
	assert_string_equal(why, "");
	assert_int_equal(s.nsent, 4);
}

/* GOOD is not always done: a CRH=1 device reserves nothing for the holder
 * of a persistent reservation, and a non-holder's RELEASE does nothing. */
static void
test_spc2_noops(void **state)
{
	static const uint64_t ports[] = { 0x5001405bbbb00002 };
	const struct hold h = { HOLD_SPC2, 0, 0, false };
	struct script s;
	struct dev d;
	char why[512];

	(void)state;
	on_b(&s, &d);
	script_good(&s);					/* RESERVE(6) */
	script_full_status(&s, 3, 1, &key, ports, 0, PR_TYPE_WR_EX);	/* ours */
	assert_int_equal(hold_take(&d, &h, why, sizeof(why), NULL), TR_EXIT_NOOP);
	assert_non_null(strstr(why, "no SPC-2 reservation was made"));
	assert_non_null(strstr(why, "CRH=1"));

	/* RELEASE(6) GOOD, but TEST UNIT READY still conflicts */
	script_init(&s, &d);
	script_good(&s);					/* RELEASE(6) */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* TUR */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* probe: TUR */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* probe: PR IN caps */
	script_status(&s, SAM_RESERVATION_CONFLICT);		/* and full, at once */
	assert_int_equal(hold_drop(&d, &h, why, sizeof(why), NULL), TR_EXIT_OK);
	assert_string_equal(why, "nothing to give back: the unit is held by another "
			    "initiator: SPC-2 reservation (RESERVE)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_clone_held_sends_nothing),
		cmocka_unit_test(test_take_conflict_unregisters),
		cmocka_unit_test(test_take_failure_restores_old_key),
		cmocka_unit_test(test_take_reserve_timeout_released),
		cmocka_unit_test(test_take_register_timeout_settled),
		cmocka_unit_test(test_take_registered_reserves_only),
		cmocka_unit_test(test_take_by_keys_counts),
		cmocka_unit_test(test_preempt_steps),
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_spc2),
		cmocka_unit_test(test_spc2_noops),
	};

	return cmocka_run_group_tests_name("hold", tests, NULL, NULL);
}
