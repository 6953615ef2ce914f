/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the "who holds it" verdict from answers, and the probe's commands against scripted answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "holder.h"
#include "keys.h"
#include "script.h"
#include "spc2.h"
#include "unit.h"

#define OK TR_EXIT_OK
#define CONFLICT TR_EXIT_CONFLICT

/* Every row of the rules in holder.h, one answer set each. */
static void
test_verdict_table(void **state)
{
	static const struct {
		struct holder_answers a;
		enum holder want;
	} rows[] = {
		/* TUR timed out: nothing can be said */
		{ { true, TR_EXIT_TIMEOUT, false, false, OK, false, false }, HOLDER_UNKNOWN },
		/* NOT READY is a processed TUR, not a reservation */
		{ { true, TR_EXIT_NOT_READY, true, true, OK, false, false }, HOLDER_NONE },
		/* TUR conflicts: PR IN conflicts too or is unknown -> SPC-2 */
		{ { true, CONFLICT, false, true, CONFLICT, false, false }, HOLDER_OTHER_SPC2 },
		{ { true, CONFLICT, false, true, TR_EXIT_INVALID_OP, false, false }, HOLDER_OTHER_SPC2 },
		/* TUR conflicts under a persistent reservation on some devices */
		{ { true, CONFLICT, false, true, OK, true, false }, HOLDER_OTHER_PR },
		{ { true, CONFLICT, false, true, OK, false, false }, HOLDER_OTHER },
		{ { true, CONFLICT, false, true, TR_EXIT_TIMEOUT, false, false }, HOLDER_OTHER },
		/* TUR passes, PR IN conflicts: this initiator's SPC-2 (LIO) */
		{ { true, OK, false, true, CONFLICT, false, false }, HOLDER_US_SPC2 },
		/* PR IN conflict with no TUR sent: whose is unknown */
		{ { false, OK, false, true, CONFLICT, false, false }, HOLDER_SPC2 },
		/* TUR passes under PR: PR IN must answer */
		{ { true, OK, false, true, TR_EXIT_TIMEOUT, false, false }, HOLDER_UNKNOWN },
		{ { true, OK, false, true, OK, true, true }, HOLDER_US_PR },
		{ { true, OK, false, true, OK, true, false }, HOLDER_OTHER_PR },
		{ { true, OK, false, true, OK, false, false }, HOLDER_NONE },
		{ { true, OK, false, true, TR_EXIT_INVALID_OP, false, false }, HOLDER_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		enum holder got = holder_verdict(&rows[i].a);

		if (got != rows[i].want)
			fail_msg("row %zu: verdict %d, want %d", i, got, rows[i].want);
	}
	assert_true(holder_is_other(HOLDER_OTHER) && !holder_is_other(HOLDER_US_PR));
	assert_true(holder_is_spc2(HOLDER_SPC2) && !holder_is_spc2(HOLDER_OTHER_PR));
}

/* The words come from one table; the persistent ones carry type and key. */
static void
test_words(void **state)
{
	char buf[256];

	(void)state;
	holder_str(HOLDER_OTHER_PR, PR_TYPE_EX_AC, "0xaaaa (backup-a)", false, NULL, 0, buf,
		   sizeof(buf));
	assert_string_equal(buf, "held by another initiator: persistent reservation, "
			    "Exclusive Access, key 0xaaaa (backup-a) (see tpr-in status)");
	holder_str(HOLDER_UNKNOWN, 0, NULL, false, "TEST UNIT READY", TR_EXIT_TIMEOUT, buf,
		   sizeof(buf));
	assert_string_equal(buf, "unknown: TEST UNIT READY failed (exit 33), so nothing "
			    "says who holds it");
	holder_str(HOLDER_NONE, 0, NULL, true, NULL, 0, buf, sizeof(buf));
	assert_string_equal(buf, "free: no other initiator holds it (the unit is not "
			    "ready: no medium?)");
	assert_string_equal(holder_spc2_who(HOLDER_OTHER_SPC2), "another initiator");
	assert_null(holder_spc2_who(HOLDER_NONE));
}

/* The probe under another initiator's SPC-2 reservation: one TUR, then
 * PR IN, and no second TUR (the first round sent one and ignored it). */
static void
test_probe_spc2_other(void **state)
{
	struct spc2_probe p;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_status(&s, SAM_RESERVATION_CONFLICT);	/* TEST UNIT READY */
	script_status(&s, SAM_RESERVATION_CONFLICT);	/* REPORT CAPABILITIES */
	script_status(&s, SAM_RESERVATION_CONFLICT);	/* READ FULL STATUS, with it */
	assert_int_equal(spc2_probe(&d, &p), TR_EXIT_OK);
	assert_int_equal(p.holder, HOLDER_OTHER_SPC2);
	assert_int_equal(s.nsent, 3);
	script_assert_cmd(&s, 0, CDB_OP_TEST_UNIT_READY, -1);
	script_assert_cmd(&s, 1, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_REPORT_CAPABILITIES);
	script_assert_cmd(&s, 2, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_FULL_STATUS);
	script_assert_together(&s, 1, 2);
}

/* The probe under a persistent reservation of this I_T nexus. */
static void
test_probe_pr_ours(void **state)
{
	static const uint64_t keys[] = { 0x2222 }, sas[] = { 0x5001405bbbb00002 };
	struct spc2_probe p;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_nexus(&d, "sas,0x5001405bbbb00002", 2);
	script_good(&s);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* no REPORT CAPABILITIES */
	script_full_status(&s, 2, 1, keys, sas, 0, PR_TYPE_WR_EX);
	assert_int_equal(spc2_probe(&d, &p), TR_EXIT_OK);
	assert_int_equal(p.holder, HOLDER_US_PR);
	assert_true(p.pr_key == 0x2222);
	assert_int_equal(p.pr_type, PR_TYPE_WR_EX);
	assert_int_equal(s.nsent, 3);
	script_assert_together(&s, 1, 2);
}

/* spc2_collect: a PR IN conflict costs one TEST UNIT READY to say whose. */
static void
test_collect_asks_whose(void **state)
{
	struct pr_state st;
	struct script s;
	struct dev d;
	char err[320];

	(void)state;
	script_init(&s, &d);
	script_status(&s, SAM_RESERVATION_CONFLICT);	/* READ FULL STATUS */
	script_good(&s);				/* TEST UNIT READY */
	assert_int_equal(spc2_collect(&d, PRS_FULL, false, &st, err, sizeof(err)),
			 TR_EXIT_CONFLICT);
	assert_true(st.spc2_conflict);
	assert_int_equal(st.spc2_holder, HOLDER_US_SPC2);
	assert_non_null(strstr(err, "this initiator holds an SPC-2 reservation"));
	assert_int_equal(s.nsent, 2);
	prs_free(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_table),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_probe_spc2_other),
		cmocka_unit_test(test_probe_pr_ours),
		cmocka_unit_test(test_collect_asks_whose),
	};

	return cmocka_run_group_tests_name("holder", tests, NULL, NULL);
}
