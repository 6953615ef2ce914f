/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: decoding saved PR IN responses into one LU's picture, as --inhex does. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
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

/* Decode r (n bytes) as sa, expect exit 97 and err "malformed SA
 * response: LINE", and nothing decoded. */
static void
expect_malformed(enum prin_sa sa, const uint8_t *r, size_t n, const char *line)
{
	struct pr_state st;
	char err[256], want[256];

	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(sa, r, n, &st, err, sizeof(err)), TR_EXIT_MALFORMED);
	snprintf(want, sizeof(want), "malformed %s response: %s", prs_sa_name(sa), line);
	assert_string_equal(err, want);
	assert_true(st.malformed);
	assert_int_equal(st.fault_sa, sa);
	assert_false(st.truncated);
	assert_int_equal(st.nregs, 0);
	assert_int_equal(st.have, 0);
	prs_free(&st);
}

static void
test_full_bad_tid_malformed(void **state)
{
	uint8_t r[sizeof(full)];

	(void)state;
	/* SAS has only FORMAT CODE 00b: 01b contradicts the protocol */
	memcpy(r, full, sizeof(r));
	r[8 + 24] = 0x46;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "FORMAT CODE (byte 32) is 1h, a code the SAS TransportID does "
			 "not have");
	/* iSCSI whose own ADDITIONAL LENGTH (bytes 2-3 of the TransportID,
	 * byte 82 of the response) is 0 */
	memcpy(r, full, sizeof(r));
	r[8 + 48 + 24] = 0x05;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "TransportID ADDITIONAL LENGTH (byte 82) says 0 bytes, less than "
			 "the 20 bytes of an iSCSI TransportID's name");
	/* ... and 28 (4 + 28 = 32), past the 24 bytes of its descriptor */
	r[8 + 48 + 24 + 3] = 0x1c;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "TransportID ADDITIONAL LENGTH (byte 82) says 28 bytes, past the "
			 "20 bytes ADDITIONAL DESCRIPTOR LENGTH leaves");
	/* iSCSI format 10b: a code iSCSI does not have */
	r[8 + 48 + 24] = 0x85;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "FORMAT CODE (byte 80) is 2h, a code the iSCSI TransportID does "
			 "not have");
}

/* The capture of issue 15: one descriptor claims ADDITIONAL DESCRIPTOR
 * LENGTH FFFFFFF0h inside a list of 64 bytes.  Before, "registrants: 0"
 * and exit 0; the device contradicts itself, and that is what is said. */
static void
test_full_issue15_capture(void **state)
{
	static const uint8_t r[] = {
		0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x38,	/* AL 56: 64 bytes */
		0, 0, 0, 0, 0, 0, 0x11, 0x11, 0, 0, 0, 0, 0x01, 0x03, 0, 0,
		0, 0, 0x00, 0x01, 0xff, 0xff, 0xff, 0xf0,
		0x06, 0, 0, 0, 0x50, 0x01, 0x40, 0x50, 0, 0, 0, 0x01,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct pr_state st;
	char err[256];

	(void)state;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "ADDITIONAL DESCRIPTOR LENGTH (byte 28) says 4294967280 bytes, "
			 "past the 32 bytes ADDITIONAL LENGTH leaves");
	/* the same, cut short at byte 40: still the lie, not a cut */
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, r, 40, &st, err, sizeof(err)),
			 TR_EXIT_MALFORMED);
	assert_int_equal(st.fault.offset, 28);
	assert_true(st.fault.value == 0xfffffff0u);
	assert_true(st.fault.limit == 32);
	prs_free(&st);
}

/* Lengths that do not add up inside READ FULL STATUS. */
static void
test_full_lengths_malformed(void **state)
{
	uint8_t r[sizeof(full)];

	(void)state;
	/* AL 56: the second descriptor's 24-byte header has 8 bytes */
	memcpy(r, full, sizeof(r));
	r[7] = 0x38;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r),
			 "descriptor (byte 56) says 24 bytes, past the 8 bytes ADDITIONAL "
			 "LENGTH leaves");
	/* ADDITIONAL DESCRIPTOR LENGTH 8: below a TransportID's 24 bytes */
	memcpy(r, full, sizeof(r));
	r[8 + 23] = 0x08;
	r[7] = 0x60 - 16;
	expect_malformed(PRIN_READ_FULL_STATUS, r, sizeof(r) - 16,
			 "ADDITIONAL DESCRIPTOR LENGTH (byte 28) says 8 bytes, less than "
			 "the 24 bytes of a TransportID");
	/* fewer than the 8-byte header */
	expect_malformed(PRIN_READ_FULL_STATUS, full, 7,
			 "7 bytes arrived, fewer than the 8-byte header");
}

/* READ FULL STATUS cut short (a capture, or the 65535-byte allocation):
 * the descriptors that arrived whole, "at least", and where it stops. */
static void
test_full_cut(void **state)
{
	struct pr_state st;
	char err[256];
	size_t n;

	(void)state;
	for (n = 8; n < sizeof(full); n++) {
		memset(&st, 0, sizeof(st));
		assert_int_equal(prs_decode(PRIN_READ_FULL_STATUS, full, n, &st, err,
					    sizeof(err)), TR_EXIT_OK);
		assert_true(st.truncated);
		assert_int_equal(st.cut_sa, PRIN_READ_FULL_STATUS);
		assert_int_equal(st.cut_at, n);
		assert_int_equal(st.nregs, n >= 56 ? 1 : 0);
		assert_false(st.malformed);
		/* the holder arrived from byte 56 on; before, it is not known */
		assert_int_equal(st.resv.held, n >= 56);
		prs_free(&st);
	}
}

static void
test_truncated_and_malformed(void **state)
{
	static const uint8_t keys_cut[] = {
		0, 0, 0, 1, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xab, 0xcd,
	};
	static const uint8_t keys_odd[] = {
		0, 0, 0, 1, 0, 0, 0, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 2,
	};
	static const uint8_t resv_bad[] = { 0, 0, 0, 1, 0, 0, 0, 0x08, 0, 0, 0, 0 };
	/* a reservation announced, its descriptor cut at byte 20 */
	static const uint8_t resv_cut[] = {
		0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0x11, 0x11, 0, 0, 0, 0,
	};
	static const uint8_t caps_len4[] = { 0x00, 0x04, 0x1d, 0x90, 0xea, 0x01, 0, 0 };
	struct pr_state st;
	char err[256];

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_KEYS, keys_cut, sizeof(keys_cut), &st,
				    err, sizeof(err)), TR_EXIT_OK);
	assert_true(st.truncated);
	assert_int_equal(st.cut_sa, PRIN_READ_KEYS);
	assert_int_equal(st.cut_at, 18);
	assert_int_equal(st.nkeys, 1);
	prs_free(&st);

	expect_malformed(PRIN_READ_KEYS, keys_odd, sizeof(keys_odd),
			 "ADDITIONAL LENGTH (byte 4) says 12 bytes, not a multiple of the 8 "
			 "bytes of a reservation key");
	expect_malformed(PRIN_READ_RESERVATION, resv_bad, sizeof(resv_bad),
			 "ADDITIONAL LENGTH (byte 4) says 8 bytes, less than the 16 bytes of "
			 "a reservation descriptor");
	expect_malformed(PRIN_REPORT_CAPABILITIES, caps_len4, sizeof(caps_len4),
			 "LENGTH (byte 0) says 4 bytes, less than the 8 bytes of REPORT "
			 "CAPABILITIES data");
	expect_malformed(PRIN_REPORT_CAPABILITIES, caps_len4, 1,
			 "1 bytes arrived, fewer than the 8-byte REPORT CAPABILITIES data");

	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_READ_RESERVATION, resv_cut, sizeof(resv_cut),
				    &st, err, sizeof(err)), TR_EXIT_OK);
	assert_true(st.resv.held && st.resv.truncated);
	assert_true(st.resv.key == 0);
	assert_true(st.truncated);
	assert_int_equal(st.cut_at, 20);
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
	assert_int_equal(st.caps.received, 8);
	assert_false(st.truncated);
	prs_free(&st);
	/* cut at byte 3: byte 2's bits arrived, byte 3's and the mask did not */
	memset(&st, 0, sizeof(st));
	assert_int_equal(prs_decode(PRIN_REPORT_CAPABILITIES, caps, 3, &st, err,
				    sizeof(err)), TR_EXIT_OK);
	assert_true(st.caps.crh && st.caps.sip_c && st.caps.atp_c && st.caps.ptpl_c);
	assert_false(st.caps.tmv);
	assert_int_equal(st.caps.received, 3);
	assert_int_equal(st.caps.type_mask, 0);
	assert_true(st.truncated);
	assert_int_equal(st.cut_at, 3);
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

/* READ KEYS and READ RESERVATION depend on nothing but the device: one
 * round trip.  A READ FULL STATUS rejected with ILLEGAL REQUEST falls back
 * to both, again at once.  A READ KEYS rejected so is a failure, not
 * missing capabilities. */
static void
test_collect_keys_and_resv_at_once(void **state)
{
	static const uint64_t keys[] = { 0x1111, 0x2222 };
	struct pr_state st;
	struct script s;
	struct dev d;
	char err[320];

	(void)state;
	script_init(&s, &d);
	script_read_keys(&s, 5, 2, keys);
	script_read_resv(&s, 5, true, 0x1111, PR_TYPE_WR_EX);
	assert_int_equal(prs_collect(&d, PRS_KEYS | PRS_RESV, false, &st, err, sizeof(err)),
			 TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	script_assert_cmd(&s, 0, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_KEYS);
	script_assert_cmd(&s, 1, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_RESERVATION);
	script_assert_together(&s, 0, 1);
	assert_int_equal(st.nkeys, 2);
	assert_true(st.resv.held && st.resv.key == 0x1111);
	prs_free(&st);

	script_init(&s, &d);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* FULL */
	script_read_keys(&s, 5, 2, keys);
	script_read_resv(&s, 5, false, 0, 0);
	assert_int_equal(prs_collect(&d, PRS_FULL, false, &st, err, sizeof(err)), TR_EXIT_OK);
	assert_int_equal(s.nsent, 3);
	assert_int_equal(s.sent[0].batch, 0);
	script_assert_cmd(&s, 1, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_KEYS);
	script_assert_cmd(&s, 2, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_RESERVATION);
	script_assert_together(&s, 1, 2);
	assert_true(st.full_unsupported);
	assert_int_equal(st.nkeys, 2);
	assert_false(st.resv.held);
	prs_free(&st);

	script_init(&s, &d);
	script_data(&s, (const uint8_t[]){ 0, 8, 0x1d, 0x80, 0xea, 0x01, 0, 0 }, 8);
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* READ KEYS */
	assert_int_equal(prs_collect(&d, PRS_CAPS | PRS_KEYS, false, &st, err, sizeof(err)),
			 TR_EXIT_ILLEGAL_REQ);
	assert_false(st.caps_unsupported);
	assert_non_null(strstr(err, "READ KEYS"));
	prs_free(&st);
}

/* Two units: both units' first rounds in one exec_all(), each unit's
 * picture from its own answers, a failure one unit's alone. */
static void
test_collect_units(void **state)
{
	static const uint8_t caps[8] = { 0, 8, 0x1d, 0x80, 0xea, 0x01 };
	static const uint64_t keys[] = { 0x1111, 0x2222 };
	static const uint64_t sas[] = { 0x5001405aaaa00001, 0x5001405bbbb00002 };
	struct pr_state st[2];
	struct script s[2];
	struct dev d[2];
	char err[2][320];
	struct prs_unit u[2];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		script_init(&s[i], &d[i]);
		u[i] = (struct prs_unit){ .d = &d[i], .st = &st[i], .err = err[i],
					  .errlen = sizeof(err[i]) };
	}
	script_data(&s[0], caps, sizeof(caps));
	script_full_status(&s[0], 7, 2, keys, sas, 1, PR_TYPE_WR_EX);
	script_data(&s[1], caps, sizeof(caps));
	script_sense(&s[1], SK_NOT_READY, 0x04, 0x00);
	prs_collect_units(u, 2, PRS_CAPS | PRS_FULL, false);
	script_assert_together_units(&s[0], 0, &s[1], 1);
	script_assert_together_units(&s[0], 1, &s[1], 0);
	assert_int_equal(u[0].ex, TR_EXIT_OK);
	assert_string_equal(err[0], "");
	assert_int_equal(st[0].nregs, 2);
	assert_true(st[0].resv.held && st[0].resv.key == 0x2222);
	assert_int_not_equal(u[1].ex, TR_EXIT_OK);
	assert_non_null(strstr(err[1], "READ FULL STATUS"));
	assert_true(st[1].have & PRS_CAPS);
	for (i = 0; i < 2; i++)
		prs_free(&st[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_derives_keys_and_reservation),
		cmocka_unit_test(test_full_all_registrants_key_zero),
		cmocka_unit_test(test_full_bad_tid_malformed),
		cmocka_unit_test(test_full_issue15_capture),
		cmocka_unit_test(test_full_lengths_malformed),
		cmocka_unit_test(test_full_cut),
		cmocka_unit_test(test_truncated_and_malformed),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_collect_caps_and_full_at_once),
		cmocka_unit_test(test_collect_keys_and_resv_at_once),
		cmocka_unit_test(test_collect_units),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests_name("prstate", tests, NULL, NULL);
}
