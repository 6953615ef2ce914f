/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: decoding saved PR IN responses into one LU's picture, as --inhex does. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keys.h"
#include "prstate.h"
#include "script.h"

/* READ FULL STATUS: 0x1111 on SAS initiator ...01 holds Exclusive Access
 * through relative target port 1; 0x2222 on ...02 is registered. */
static const uint8_t full[] = {
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x60,
	0, 0, 0, 0, 0, 0, 0x11, 0x11, 0, 0, 0, 0, 0x01, 0x03, 0, 0,
	0, 0, 0x00, 0x01, 0, 0, 0, 0x18,
	0x06, 0, 0, 0, 0x50, 0x01, 0x40, 0x50, 0, 0, 0, 0x01,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0x22, 0x22, 0, 0, 0, 0, 0x02, 0x00, 0, 0,
	0, 0, 0x00, 0x02, 0, 0, 0, 0x18,
	0x06, 0, 0, 0, 0x50, 0x01, 0x40, 0x50, 0, 0, 0, 0x02,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static void
test_full_derives_keys_and_reservation(void **state)
{
	struct pr_state st;
	const struct prs_registrant *h;
	char err[128], tid[64];

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, full, sizeof(full),
				    &st, err, sizeof(err)), TR_EXIT_OK);
	assert_int_equal(st.have, PRS_FULL | PRS_KEYS | PRS_RESV);
	assert_int_equal(st.prgeneration, 7);
	assert_int_equal(st.nregs, 2);
	assert_int_equal(st.nkeys, 2);
	assert_true(st.keys[0] == 0x1111 && st.keys[1] == 0x2222);
	assert_true(st.resv.held);
	assert_true(st.resv.key == 0x1111);
	assert_int_equal(st.resv.type, 3);
	h = prs_holder(&st);
	assert_ptr_equal(h, &st.regs[0]);
	assert_true(st.regs[0].tid_ok);
	tid_format(&st.regs[0].tid, tid, sizeof(tid));
	assert_string_equal(tid, "sas,0x5001405000000001");
	assert_true(st.regs[1].all_tg_pt);
	assert_int_equal(st.regs[1].rel_tgt_port, 2);
	assert_false(st.truncated);
	prs_free(&st);
	assert_null(st.regs);
}

static void
test_full_all_registrants_key_zero(void **state)
{
	uint8_t r[sizeof(full)];
	struct pr_state st;
	char err[128];

	(void)state;
	memcpy(r, full, sizeof(r));
	r[8 + 13] = 0x08;			/* holder 1: Exclusive Access, All Registrants */
	r[8 + 48 + 12] = 0x03;			/* holder 2 too */
	r[8 + 48 + 13] = 0x08;
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, r, sizeof(r), &st, err,
				    sizeof(err)), TR_EXIT_OK);
	assert_true(st.resv.held);
	assert_true(st.resv.key == 0);		/* as READ RESERVATION reports it */
	assert_int_equal(st.resv.type, PR_TYPE_EX_AC_AR);
	assert_true(st.regs[1].r_holder);
	prs_free(&st);
}

static void
test_full_undecodable_tid_kept_raw(void **state)
{
	uint8_t r[sizeof(full)];
	struct pr_state st;
	char err[128];

	(void)state;
	memcpy(r, full, sizeof(r));
	r[8 + 24] = 0x46;	/* SAS with format 01b: not defined, kept raw */
	r[8 + 48 + 24] = 0x05;	/* iSCSI whose ADDITIONAL LENGTH is 0: malformed */
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, r, sizeof(r), &st, err,
				    sizeof(err)), TR_EXIT_OK);
	assert_true(st.regs[0].tid_ok);
	assert_true(st.regs[0].tid.raw);
	assert_int_equal(st.regs[0].tid.bytes[0], 0x46);
	assert_false(st.regs[1].tid_ok);
	assert_int_equal(st.regs[1].tid_raw_len, 24);
	assert_int_equal(st.regs[1].tid_raw[0], 0x05);
	assert_int_equal(st.regs[1].tid_raw[11], 0x02);
	prs_free(&st);
}

static void
test_truncated_and_malformed(void **state)
{
	static const uint8_t keys_cut[] = {
		0, 0, 0, 1, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	static const uint8_t resv_bad[] = { 0, 0, 0, 1, 0, 0, 0, 0x08, 0, 0, 0, 0 };
	struct pr_state st;
	char err[128];

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_KEYS, keys_cut, sizeof(keys_cut), &st,
				    err, sizeof(err)), TR_EXIT_OK);
	assert_true(st.truncated);
	assert_int_equal(st.nkeys, 1);
	prs_free(&st);

	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_RESERVATION, resv_bad, sizeof(resv_bad),
				    &st, err, sizeof(err)), TR_EXIT_MALFORMED);
	assert_string_equal(err, "malformed READ RESERVATION response (12 bytes)");
	prs_free(&st);

	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, full, 7, &st, err,
				    sizeof(err)), TR_EXIT_MALFORMED);
	prs_free(&st);
}

static void
test_caps(void **state)
{
	static const uint8_t caps[] = { 0x00, 0x08, 0x1d, 0x90, 0xea, 0x01, 0, 0 };
	struct pr_state st;
	char err[128];

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_REPORT_CAPABILITIES, caps, sizeof(caps),
				    &st, err, sizeof(err)), TR_EXIT_OK);
	assert_int_equal(st.have, PRS_CAPS);
	assert_true(st.caps.crh);
	assert_false(st.truncated);
	prs_free(&st);
}

static void
test_words(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 16; t++)
		assert_int_equal(prs_type_effect(t) != NULL,
				 keys_type_title(t) != NULL);
	assert_non_null(strstr(prs_type_effect(PR_TYPE_EX_AC), "only the holder"));
	assert_non_null(strstr(prs_type_effect(PR_TYPE_WR_EX), "every initiator may read"));
	assert_null(prs_type_effect(99));
	assert_non_null(strstr(prs_allow_commands_str(1), "TEST UNIT READY"));
	assert_string_equal(prs_allow_commands_str(7), "reserved");
}

/* The full picture (capabilities and READ FULL STATUS) costs one round
 * trip: both PR INs in flight at once, both decoded, raw kept in order;
 * the rejected capabilities of a device leave the status whole. */
static void
test_collect_caps_and_full_at_once(void **state)
{
	static const uint8_t caps[8] = { 0, 8, 0x1d, 0x80, 0xea, 0x01 };
	static const uint64_t keys[] = { 0x1111, 0x2222 };
	static const uint64_t sas[] = { 0x5001405aaaa00001, 0x5001405bbbb00002 };
	struct pr_state st;
	struct script s;
	struct dev d;
	char err[320];

	(void)state;
	script_init(&s, &d);
	script_data(&s, caps, sizeof(caps));
	script_full_status(&s, 7, 2, keys, sas, 0, PR_TYPE_EX_AC);
	assert_int_equal(prs_collect(&d, PRS_CAPS | PRS_FULL, true, &st, err, sizeof(err)),
			 TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	script_assert_together(&s, 0, 1);
	assert_true(st.have & PRS_CAPS);
	assert_true(st.have & PRS_FULL);
	assert_int_equal(st.nregs, 2);
	assert_true(st.resv.held && st.resv.key == 0x1111);
	assert_int_equal(st.nraw, 2);
	assert_int_equal(st.raw[0].sa, PRIN_REPORT_CAPABILITIES);
	assert_int_equal(st.raw[1].sa, PRIN_READ_FULL_STATUS);
	prs_free(&st);

	script_init(&s, &d);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);
	script_full_status(&s, 7, 2, keys, sas, 0, PR_TYPE_EX_AC);
	assert_int_equal(prs_collect(&d, PRS_CAPS | PRS_FULL, false, &st, err, sizeof(err)),
			 TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	assert_true(st.caps_unsupported);
	assert_int_equal(st.nregs, 2);
	prs_free(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_derives_keys_and_reservation),
		cmocka_unit_test(test_full_all_registrants_key_zero),
		cmocka_unit_test(test_full_undecodable_tid_kept_raw),
		cmocka_unit_test(test_truncated_and_malformed),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_collect_caps_and_full_at_once),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests_name("prstate", tests, NULL, NULL);
}
