/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: sense decoding (fixed and descriptor), exit statuses, and the verdict order. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sense.h"

static void
test_fixed_invalid_opcode(void **state)
{
	/* What scsi_debug's tape answers PERSISTENT RESERVE IN with:
	 * fixed current, ILLEGAL REQUEST, additional length 0Ah,
	 * ASC/ASCQ 20h/00h (invalid command operation code). */
	static const uint8_t s[18] = {
		0x70, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x0a,
		0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct sense_info si;

	(void)state;
	assert_int_equal(sense_parse(s, sizeof(s), &si, NULL), 0);
	assert_true(si.valid);
	assert_false(si.descriptor);
	assert_false(si.deferred);
	assert_int_equal(si.key, SK_ILLEGAL_REQUEST);
	assert_int_equal(si.asc, 0x20);
	assert_int_equal(si.ascq, 0x00);
	assert_int_equal(sense_exit(&si), TR_EXIT_INVALID_OP);
}

static void
test_fixed_short(void **state)
{
	/* NOT READY, but only 8 bytes: no ASC/ASCQ to read */
	static const uint8_t s8[8] = { 0xf0, 0x00, 0x02, 0, 0, 0, 0, 0x0a };
	/* 18 bytes in the buffer, but ADDITIONAL LENGTH 4 stops before byte 12 */
	static const uint8_t al4[18] = {
		0x70, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x00, 0x29, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t two[2] = { 0x70, 0x00 };
	struct sense_info si;

	(void)state;
	assert_int_equal(sense_parse(s8, sizeof(s8), &si, NULL), 0);	/* VALID bit 0x80 masked */
	assert_int_equal(si.key, SK_NOT_READY);
	assert_int_equal(si.asc, 0);
	assert_int_equal(sense_exit(&si), TR_EXIT_NOT_READY);
	/* ADDITIONAL SENSE LENGTH 10 says 18 bytes: cut at byte 8 */
	assert_true(si.truncated);
	assert_int_equal(si.cut_at, 8);
	assert_int_equal(sense_parse(al4, sizeof(al4), &si, NULL), 0);
	assert_int_equal(si.key, SK_UNIT_ATTENTION);
	assert_int_equal(si.asc, 0);
	assert_false(si.truncated);	/* 8 + 4 bytes announced, 18 arrived */
	/* cut before the SENSE KEY: nothing to act on, and no lie either */
	assert_int_equal(sense_parse(two, sizeof(two), &si, NULL), -ENODATA);
	assert_false(si.valid);
	assert_true(si.truncated);
	assert_int_equal(si.cut_at, 2);
}

static void
test_descriptor(void **state)
{
	/* descriptor current, UNIT ATTENTION 2Ah/03h reservations preempted */
	static const uint8_t s[8] = { 0x72, 0x06, 0x2a, 0x03, 0, 0, 0, 0 };
	/* descriptor deferred, MEDIUM ERROR, cut after the key */
	static const uint8_t d[2] = { 0x73, 0x03 };
	struct sense_info si;

	(void)state;
	assert_int_equal(sense_parse(s, sizeof(s), &si, NULL), 0);
	assert_true(si.descriptor);
	assert_int_equal(si.key, SK_UNIT_ATTENTION);
	assert_int_equal(si.asc, 0x2a);
	assert_int_equal(si.ascq, 0x03);
	assert_int_equal(sense_exit(&si), TR_EXIT_UNIT_ATTENTION);
	assert_int_equal(sense_parse(d, sizeof(d), &si, NULL), 0);
	assert_true(si.deferred);
	assert_int_equal(si.key, SK_MEDIUM_ERROR);
	assert_int_equal(sense_exit(&si), TR_EXIT_MEDIUM_HARD);
	assert_true(si.truncated);
	assert_int_equal(si.cut_at, 2);
}

/* Descriptor sense whose lengths contradict each other, or stop short. */
static void
test_descriptor_lengths(void **state)
{
	/* ADDITIONAL SENSE LENGTH 8: one information descriptor (00h) of
	 * 2 + 0Ah bytes would need 12 */
	static const uint8_t past[20] = {
		0x72, 0x03, 0x11, 0x00, 0, 0, 0, 0x08,
		0x00, 0x0a, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* ADDITIONAL SENSE LENGTH 245: more than sense data holds */
	static const uint8_t huge[8] = { 0x70, 0, 0x05, 0, 0, 0, 0, 0xf5 };
	/* the same descriptor within ADDITIONAL SENSE LENGTH 12, cut at 14 */
	static const uint8_t cut[14] = {
		0x72, 0x06, 0x29, 0x03, 0, 0, 0, 0x0c,
		0x00, 0x0a, 0x80, 0, 0, 0,
	};
	struct sense_info si;
	struct fault why;
	char text[160];

	(void)state;
	assert_int_equal(sense_parse(past, sizeof(past), &si, &why), -EBADMSG);
	assert_false(si.valid);
	assert_string_equal(fault_str(&why, text, sizeof(text)),
			    "ADDITIONAL LENGTH (byte 9) says 10 bytes, past the 6 bytes "
			    "ADDITIONAL SENSE LENGTH leaves");
	assert_int_equal(sense_parse(huge, sizeof(huge), &si, &why), -EBADMSG);
	assert_string_equal(fault_str(&why, text, sizeof(text)),
			    "ADDITIONAL SENSE LENGTH (byte 7) says 245 bytes, past the 244 "
			    "bytes a 252-byte sense buffer leaves");
	assert_int_equal(sense_parse(cut, sizeof(cut), &si, &why), 0);
	assert_true(si.truncated);
	assert_int_equal(si.cut_at, 14);
	assert_int_equal(si.asc, 0x29);
}

static void
test_bad_response_code(void **state)
{
	static const uint8_t s[18] = { 0x00, 0x00, 0x05 };
	static const uint8_t v[4] = { 0x7f, 0x00, 0x05, 0x00 };	/* vendor specific */
	struct sense_info si;
	struct fault why;
	char text[160];

	(void)state;
	assert_int_equal(sense_parse(s, sizeof(s), &si, &why), -EBADMSG);
	assert_string_equal(fault_str(&why, text, sizeof(text)),
			    "RESPONSE CODE (byte 0) is 0h, a code sense data does not have");
	assert_int_equal(sense_parse(v, sizeof(v), &si, &why), -EBADMSG);
	assert_true(why.value == 0x7f);
	assert_int_equal(sense_parse(NULL, 0, &si, NULL), -ENODATA);
	assert_int_equal(sense_exit(&si), TR_EXIT_OTHER);
}

static void
test_key_table(void **state)
{
	static const struct {
		uint8_t key, asc, ascq;
		enum tr_exit want;
	} t[] = {
		{ 0x0, 0, 0, TR_EXIT_OK },
		{ 0x1, 0x5d, 0, TR_EXIT_OK },
		{ 0x2, 0x04, 0x01, TR_EXIT_NOT_READY },
		{ 0x3, 0x11, 0, TR_EXIT_MEDIUM_HARD },
		{ 0x4, 0x44, 0, TR_EXIT_MEDIUM_HARD },
		{ 0x5, 0x24, 0, TR_EXIT_ILLEGAL_REQ },
		{ 0x5, 0x20, 0, TR_EXIT_INVALID_OP },
		{ 0x5, 0x20, 1, TR_EXIT_ILLEGAL_REQ },
		{ 0x6, 0x29, 0, TR_EXIT_UNIT_ATTENTION },
		{ 0x7, 0x27, 0, TR_EXIT_OTHER },
		{ 0xb, 0x47, 0, TR_EXIT_ABORTED },
		{ 0xe, 0x1d, 0, TR_EXIT_OTHER },
	};
	struct sense_info si = { .valid = true };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		si.key = t[i].key;
		si.asc = t[i].asc;
		si.ascq = t[i].ascq;
		assert_int_equal(sense_exit(&si), t[i].want);
	}
}

static struct scsi_result
result(uint8_t status, uint8_t host)
{
	struct scsi_result r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.host_status = host;
	return r;
}

static void
test_verdict_order(void **state)
{
	struct scsi_result r;

	(void)state;
	r = result(SAM_GOOD, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_OK);
	/* conflict with the midlayer's DID_NEXUS_FAILURE: not a transport error */
	r = result(SAM_RESERVATION_CONFLICT, HOST_DID_NEXUS_FAILURE);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_CONFLICT);
	r = result(SAM_RESERVATION_CONFLICT, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_CONFLICT);
	r = result(SAM_GOOD, HOST_DID_NEXUS_FAILURE);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_CONFLICT);
	r = result(SAM_GOOD, 0x01);	/* DID_NO_CONNECT */
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_TRANSPORT);
	r = result(SAM_GOOD, 0x00);
	r.driver_status = 0x08;		/* DRIVER_SENSE alone */
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_OK);
	r.driver_status = 0x06;		/* DRIVER_TIMEOUT */
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_TRANSPORT);
	r = result(SAM_GOOD, HOST_DID_TIME_OUT);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_TIMEOUT);
	r = result(SAM_GOOD, 0);
	r.timed_out = true;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_TIMEOUT);
	r = result(SAM_BUSY, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_BUSY);
	r = result(SAM_TASK_SET_FULL, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_BUSY);
	r = result(SAM_TASK_ABORTED, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_ABORTED);
	r = result(SAM_ACA_ACTIVE, 0);
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_OTHER);
	r = result(SAM_CHECK_CONDITION, 0);	/* no sense at all */
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_OTHER);
	r.sense[0] = 0x12;			/* sense that contradicts itself */
	r.sense_len = 18;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_MALFORMED);
	r = result(SAM_GOOD, 0);
	r.os_err = ENODEV;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_FILE);
	r.os_err = ETIMEDOUT;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_TIMEOUT);
}

static void
test_check_condition(void **state)
{
	static const uint8_t ua[18] = {
		0x70, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x0a,
		0x00, 0x00, 0x00, 0x00, 0x29, 0x03, 0x00, 0x00, 0x00, 0x00,
	};
	struct scsi_result r = result(SAM_CHECK_CONDITION, 0);
	struct sense_info si;
	char buf[160];

	(void)state;
	memcpy(r.sense, ua, sizeof(ua));
	r.sense_len = sizeof(ua);
	r.driver_status = 0x08;
	assert_int_equal(sense_result_exit(&r, &si), TR_EXIT_UNIT_ATTENTION);
	assert_int_equal(si.asc, 0x29);
	assert_int_equal(si.ascq, 0x03);
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "Unit Attention: Bus device reset function occurred "
			    "(asc/ascq 29h/03h)");
	r.sense[2] = 0x05;
	r.sense[12] = 0x20;
	r.sense[13] = 0x00;
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "Illegal Request: Invalid command operation code "
			    "(asc/ascq 20h/00h)");
	r = result(SAM_RESERVATION_CONFLICT, HOST_DID_NEXUS_FAILURE);
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "reservation conflict");
	r = result(SAM_GOOD, 0x01);
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "transport error: host status 0x01, driver status 0x00");
	/* sense that contradicts itself, cut before its ASC, none at all */
	r = result(SAM_CHECK_CONDITION, 0);
	r.sense[0] = 0x12;
	r.sense_len = 18;
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "check condition with malformed sense data: RESPONSE CODE "
			    "(byte 0) is 12h, a code sense data does not have");
	memcpy(r.sense, ua, 8);
	r.sense_len = 8;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_UNIT_ATTENTION);
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "Unit Attention (sense data cut at byte 8, before its ASC/ASCQ)");
	r.sense_len = 2;
	assert_int_equal(sense_result_exit(&r, NULL), TR_EXIT_OTHER);
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "check condition with sense data cut at byte 2, before its "
			    "SENSE KEY");
	r.sense_len = 0;
	assert_string_equal(sense_result_str(&r, buf, sizeof(buf)),
			    "check condition without sense data");
	/* a short buffer is still terminated */
	r = result(SAM_GOOD, 0x01);
	assert_int_equal(strlen(sense_result_str(&r, buf, 5)), 4);
}

static void
test_ua_meaning(void **state)
{
	(void)state;
	assert_string_equal(sense_ua_meaning(0x2a, 0x03),
			    "reservations preempted by another initiator");
	assert_string_equal(sense_ua_meaning(0x2a, 0x04),
			    "reservations released by another initiator");
	assert_string_equal(sense_ua_meaning(0x2a, 0x05),
			    "registrations preempted by another initiator");
	assert_string_equal(sense_ua_meaning(0x29, 0x00), "the logical unit was reset");
	assert_null(sense_ua_meaning(0x2a, 0x01));	/* mode parameters changed */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_invalid_opcode),
		cmocka_unit_test(test_fixed_short),
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_descriptor_lengths),
		cmocka_unit_test(test_bad_response_code),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_verdict_order),
		cmocka_unit_test(test_check_condition),
		cmocka_unit_test(test_ua_meaning),
	};

	return cmocka_run_group_tests_name("sense", tests, NULL, NULL);
}
