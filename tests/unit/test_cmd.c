/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the command layer against scripted answers: exact CDBs, PR IN re-issue, unit attentions retried once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "script.h"
#include "unit.h"

/* The allocation length a PR IN CDB carries (bytes 7-8). */
static size_t
alloc_of(const struct script *s, size_t i)
{
	return (size_t)s->sent[i].cdb[7] << 8 | s->sent[i].cdb[8];
}

/* READ KEYS with two keys needs 8 + 16 = 24 bytes: asked with 8 or 16
 * first, it is asked once more with exactly 24 (SPC-5 6.16.1: ADDITIONAL
 * LENGTH is not cut to the allocation); with room, once. */
static void
test_prin_reissue(void **state)
{
	static const uint64_t keys[] = { 0x1111, 0x2222 };
	static const size_t first[] = { 8, 16 };
	struct pr_in_data p;
	struct scsi_result res;
	struct script s;
	struct dev d;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(first); i++) {
		script_init(&s, &d);
		script_read_keys(&s, 3, 2, keys);
		script_read_keys(&s, 3, 2, keys);
		assert_int_equal(cmd_prin(&d, PRIN_READ_KEYS, first[i], &p, &res), TR_EXIT_OK);
		assert_int_equal(s.nsent, 2);
		assert_int_equal(alloc_of(&s, 0), first[i]);
		assert_int_equal(alloc_of(&s, 1), 24);
		assert_int_equal(p.received, 24);
		assert_false(p.truncated);
		pr_in_data_free(&p);
	}
	script_init(&s, &d);
	script_read_keys(&s, 3, 2, keys);
	assert_int_equal(cmd_prin(&d, PRIN_READ_KEYS, 24, &p, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 1);
	pr_in_data_free(&p);
	/* the default: room for 127 keys at once */
	script_init(&s, &d);
	script_read_keys(&s, 3, 2, keys);
	assert_int_equal(cmd_prin(&d, PRIN_READ_KEYS, 0, &p, &res), TR_EXIT_OK);
	assert_int_equal(alloc_of(&s, 0), CMD_PRIN_FIRST_ALLOC);
	pr_in_data_free(&p);
}

/* READ FULL STATUS is asked with 8 KiB first (istgt answers no more),
 * and again with the largest allocation only when the answer came within
 * one descriptor of it: LIO (6.1) counts in ADDITIONAL LENGTH only the
 * descriptors that fit. */
static void
test_full_status_largest(void **state)
{
	static const uint64_t keys[] = { 0x1111 }, sas[] = { 0x5001405aaaa00001 };
	struct pr_in_data p;
	struct scsi_result res;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_full_status(&s, 1, 1, keys, sas, 0, 3);
	assert_int_equal(cmd_prin(&d, PRIN_READ_FULL_STATUS, 0, &p, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 1);
	assert_int_equal(alloc_of(&s, 0), 8192);
	assert_int_equal(p.received, 8 + 48);
	pr_in_data_free(&p);
}

/* An allocation filled to within a descriptor (here 300 bytes asked, 100
 * come): asked again at 65535. */
static void
test_full_status_near_full(void **state)
{
	static uint8_t full[100];
	struct pr_in_data p;
	struct scsi_result res;
	struct script s;
	struct dev d;

	(void)state;
	memset(full, 0, sizeof(full));
	full[6] = (uint8_t)((sizeof(full) - 8) >> 8);	/* ADDITIONAL LENGTH: all of it */
	full[7] = (uint8_t)(sizeof(full) - 8);
	script_init(&s, &d);
	script_data(&s, full, sizeof(full));
	script_data(&s, full, sizeof(full));
	assert_int_equal(cmd_prin(&d, PRIN_READ_FULL_STATUS, 300, &p, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	assert_int_equal(alloc_of(&s, 0), 300);
	assert_int_equal(alloc_of(&s, 1), 65535);
	assert_int_equal(p.received, sizeof(full));
	pr_in_data_free(&p);
}

/* A device that claims more than it sends although the allocation had
 * room: a short reply, not a re-issue. */
static void
test_prin_short_reply(void **state)
{
	static const uint8_t claims_40[] = { 0, 0, 0, 1, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0x11, 0x11 };
	struct pr_in_data p;
	struct scsi_result res;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_data(&s, claims_40, sizeof(claims_40));
	assert_int_equal(cmd_prin(&d, PRIN_READ_KEYS, 0, &p, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 1);
	assert_true(p.truncated);
	assert_true(p.short_reply);
	pr_in_data_free(&p);
}

/* A UNIT ATTENTION means the command did not run: sent once more, and
 * only once. */
static void
test_unit_attention_once(void **state)
{
	struct scsi_result res;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_sense(&s, SK_UNIT_ATTENTION, 0x2a, 0x03);
	script_good(&s);
	assert_int_equal(cmd_test_unit_ready(&d, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	assert_int_equal(d.ncmds, 2);

	script_init(&s, &d);
	script_sense(&s, SK_UNIT_ATTENTION, 0x29, 0x03);
	script_sense(&s, SK_UNIT_ATTENTION, 0x29, 0x03);
	assert_int_equal(cmd_reserve(&d, false, &res), TR_EXIT_UNIT_ATTENTION);
	assert_int_equal(s.nsent, 2);
	script_assert_cmd(&s, 1, CDB_OP_RESERVE6, -1);
	/* failed when sent again: the first attempt's fate is not known */
	assert_true(res.ua_retried);
	assert_true(cmd_outcome_unknown(TR_EXIT_UNIT_ATTENTION, &res));

	/* a conflict on the second attempt likewise; on the first, known */
	script_init(&s, &d);
	script_sense(&s, SK_UNIT_ATTENTION, 0x29, 0x03);
	script_status(&s, SAM_RESERVATION_CONFLICT);
	assert_int_equal(cmd_reserve(&d, false, &res), TR_EXIT_CONFLICT);
	assert_true(cmd_outcome_unknown(TR_EXIT_CONFLICT, &res));
	script_init(&s, &d);
	script_status(&s, SAM_RESERVATION_CONFLICT);
	assert_int_equal(cmd_reserve(&d, false, &res), TR_EXIT_CONFLICT);
	assert_false(res.ua_retried);
	assert_false(cmd_outcome_unknown(TR_EXIT_CONFLICT, &res));
	assert_true(cmd_outcome_unknown(TR_EXIT_TIMEOUT, NULL));
	assert_true(cmd_outcome_unknown(TR_EXIT_TRANSPORT, NULL));
	assert_false(cmd_outcome_unknown(TR_EXIT_OK, &res));
}

/* REPORT CAPABILITIES and READ FULL STATUS in flight at once (one
 * exec_all), each answer in its own request, nothing sent again. */
static void
test_prin_all_together(void **state)
{
	static const uint8_t caps[8] = { 0, 8, 0x1d, 0x80, 0xea, 0x01 };
	static const uint64_t keys[] = { 0x1111 }, sas[] = { 0x5001405aaaa00001 };
	struct cmd_prin_req q[2] = { { .sa = PRIN_REPORT_CAPABILITIES },
				     { .sa = PRIN_READ_FULL_STATUS } };
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_data(&s, caps, sizeof(caps));
	script_full_status(&s, 1, 1, keys, sas, 0, 3);
	cmd_prin_all(&d, q, 2);
	assert_int_equal(s.nsent, 2);
	assert_int_equal(d.ncmds, 2);
	script_assert_cmd(&s, 0, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_REPORT_CAPABILITIES);
	script_assert_cmd(&s, 1, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_FULL_STATUS);
	script_assert_together(&s, 0, 1);
	assert_int_equal(alloc_of(&s, 0), CMD_PRIN_FIRST_ALLOC);
	assert_int_equal(alloc_of(&s, 1), CMD_PRIN_FULL_FIRST_ALLOC);
	assert_int_equal(q[0].ex, TR_EXIT_OK);
	assert_int_equal(q[0].data.received, 8);
	assert_memory_equal(q[0].data.buf, caps, 8);
	assert_int_equal(q[1].ex, TR_EXIT_OK);
	assert_int_equal(q[1].data.received, 8 + 48);
	assert_int_equal(q[1].data.buf[15], 0x11);	/* the key's last byte */
	pr_in_data_free(&q[0].data);
	pr_in_data_free(&q[1].data);
}

/* After the batch each request follows cmd_prin()'s rules alone: a READ
 * KEYS that needs 24 bytes of 16 asked is sent again alone with 24; a
 * READ FULL STATUS that came within a descriptor of 300 asked, with
 * 65535; a UNIT ATTENTION is reported and that command sent once more;
 * a failure is that request's only. */
static void
test_prin_all_each_alone_after(void **state)
{
	static const uint64_t keys[] = { 0x1111, 0x2222 };
	static uint8_t full[100];
	struct cmd_prin_req q[3] = { { .sa = PRIN_READ_KEYS, .first_alloc = 16 },
				     { .sa = PRIN_READ_FULL_STATUS, .first_alloc = 300 },
				     { .sa = PRIN_REPORT_CAPABILITIES } };
	struct script s;
	struct dev d;

	(void)state;
	memset(full, 0, sizeof(full));
	full[7] = sizeof(full) - 8;
	script_init(&s, &d);
	script_read_keys(&s, 3, 2, keys);			/* 16 of 24 */
	script_data(&s, full, sizeof(full));			/* near 300 */
	script_sense(&s, SK_UNIT_ATTENTION, 0x2a, 0x03);	/* caps: not run */
	script_sense(&s, SK_ILLEGAL_REQUEST, 0x24, 0x00);	/* caps again */
	script_read_keys(&s, 3, 2, keys);			/* READ KEYS, 24 */
	script_data(&s, full, sizeof(full));			/* FULL, 65535 */
	cmd_prin_all(&d, q, 3);
	assert_int_equal(s.nsent, 6);
	script_assert_together(&s, 0, 2);
	/* the UA's command goes again first, then the re-issues in order */
	script_assert_cmd(&s, 3, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_REPORT_CAPABILITIES);
	assert_int_equal(s.sent[3].batch, 0);
	assert_int_equal(q[2].ex, TR_EXIT_ILLEGAL_REQ);
	assert_null(q[2].data.buf);
	script_assert_cmd(&s, 4, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_KEYS);
	assert_int_equal(alloc_of(&s, 4), 24);
	assert_int_equal(s.sent[4].batch, 0);
	assert_int_equal(q[0].ex, TR_EXIT_OK);
	assert_int_equal(q[0].data.received, 24);
	script_assert_cmd(&s, 5, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_FULL_STATUS);
	assert_int_equal(alloc_of(&s, 5), 65535);
	assert_int_equal(q[1].ex, TR_EXIT_OK);
	assert_false(q[1].data.truncated);
	pr_in_data_free(&q[0].data);
	pr_in_data_free(&q[1].data);
}

/* Two units' first sends all in one exec_all(), each answer in its own
 * unit's request; a UNIT ATTENTION on one unit is sent again on that unit
 * alone; each unit counts its own commands. */
static void
test_prin_units_together(void **state)
{
	static const uint8_t caps[8] = { 0, 8, 0x1d, 0x80, 0xea, 0x01 };
	static const uint64_t k1[] = { 0x1111 }, k2[] = { 0x2222 };
	static const uint64_t sas[] = { 0x5001405aaaa00001 };
	struct cmd_prin_req q1[2] = { { .sa = PRIN_REPORT_CAPABILITIES },
				      { .sa = PRIN_READ_FULL_STATUS } };
	struct cmd_prin_req q2[2] = { { .sa = PRIN_REPORT_CAPABILITIES },
				      { .sa = PRIN_READ_FULL_STATUS } };
	struct script s1, s2;
	struct dev d1, d2;
	size_t i;

	(void)state;
	script_init(&s1, &d1);
	script_init(&s2, &d2);
	script_data(&s1, caps, sizeof(caps));
	script_full_status(&s1, 1, 1, k1, sas, 0, 3);
	script_data(&s2, caps, sizeof(caps));
	script_sense(&s2, SK_UNIT_ATTENTION, 0x2a, 0x03);	/* FULL: not run */
	script_full_status(&s2, 2, 1, k2, sas, -1, 0);
	cmd_prin_units((struct cmd_prin_unit[]){ { &d1, q1, 2 }, { &d2, q2, 2 } }, 2);
	assert_int_equal(s1.nsent, 2);
	assert_int_equal(s2.nsent, 3);
	for (i = 0; i < 2; i++) {
		script_assert_together_units(&s1, 0, &s2, i);
		script_assert_together_units(&s1, 1, &s2, i);
	}
	script_assert_cmd(&s2, 2, CDB_OP_PERSISTENT_RESERVE_IN, PRIN_READ_FULL_STATUS);
	assert_int_equal(s2.sent[2].call, 0);	/* the retry: alone */
	assert_int_equal(d1.ncmds, 2);
	assert_int_equal(d2.ncmds, 3);
	for (i = 0; i < 2; i++) {
		assert_int_equal(q1[i].ex, TR_EXIT_OK);
		assert_int_equal(q2[i].ex, TR_EXIT_OK);
	}
	assert_int_equal(q1[1].data.buf[15], 0x11);	/* each unit's own key */
	assert_int_equal(q2[1].data.buf[15], 0x22);
	assert_true(q2[1].res.ua_retried);
	for (i = 0; i < 2; i++) {
		pr_in_data_free(&q1[i].data);
		pr_in_data_free(&q2[i].data);
	}
}

/* A unit whose transport sends one command at a time (iSCSI) has its
 * commands sent alone; the other units' still go together.  Past
 * CMD_UNITS_MAX units, the rest go in a second exec_all(). */
static void
test_prin_units_serial_and_many(void **state)
{
	enum { N = CMD_UNITS_MAX + 2 };
	struct script *s = calloc(N, sizeof(*s));
	struct dev d[N];
	struct cmd_prin_req q[N][1];
	struct cmd_prin_unit u[N];
	uint64_t key;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < N; i++) {
		script_init(&s[i], &d[i]);
		key = 0x1000 + i;
		script_read_keys(&s[i], 1, 1, &key);
		q[i][0] = (struct cmd_prin_req){ .sa = PRIN_READ_KEYS };
		u[i] = (struct cmd_prin_unit){ &d[i], q[i], 1 };
	}
	script_serial(&s[1]);
	cmd_prin_units(u, N);
	for (i = 0; i < N; i++) {
		assert_int_equal(s[i].nsent, 1);
		assert_int_equal(q[i][0].ex, TR_EXIT_OK);
		assert_int_equal(q[i][0].data.buf[15], (uint8_t)(0x1000 + i));
		pr_in_data_free(&q[i][0].data);
	}
	assert_int_equal(s[1].sent[0].call, 0);
	for (i = 2; i < CMD_UNITS_MAX; i++)
		script_assert_together_units(&s[0], 0, &s[i], 0);
	script_assert_together_units(&s[CMD_UNITS_MAX], 0, &s[CMD_UNITS_MAX + 1], 0);
	assert_int_not_equal(s[0].sent[0].call, s[CMD_UNITS_MAX].sent[0].call);
	free(s);
}

/* A VPD page longer than the first 255 bytes is asked again whole. */
static void
test_inquiry_long_page(void **state)
{
	uint8_t page[300], buf[1024];
	struct scsi_result res;
	struct script s;
	struct dev d;
	size_t len;

	(void)state;
	memset(page, 0, sizeof(page));
	page[1] = 0x83;
	page[2] = (sizeof(page) - 4) >> 8;
	page[3] = (sizeof(page) - 4) & 0xff;
	script_init(&s, &d);
	script_data(&s, page, sizeof(page));
	script_data(&s, page, sizeof(page));
	assert_int_equal(cmd_inquiry(&d, 0x83, buf, sizeof(buf), &len, &res), TR_EXIT_OK);
	assert_int_equal(s.nsent, 2);
	assert_int_equal(s.sent[0].cdb[1], 1);		/* EVPD */
	assert_int_equal(s.sent[0].cdb[2], 0x83);
	assert_int_equal(s.sent[0].cdb[4], 255);
	assert_int_equal((s.sent[1].cdb[3] << 8) | s.sent[1].cdb[4], 300);
	assert_int_equal(len, 300);
}

/* PR OUT: the CDB and the parameter list as cmd_prout_bytes() builds them. */
static void
test_prout_bytes(void **state)
{
	const struct prout_params p = { .key = 0x1111, .sa_key = 0x2222 };
	uint8_t cdb[CDB10_LEN], list[PROUT_MAX_LEN];
	struct scsi_result res;
	struct script s;
	struct dev d;

	(void)state;
	assert_int_equal(cmd_prout_bytes(PROUT_PREEMPT, 3, &p, cdb, list, sizeof(list)), 24);
	script_init(&s, &d);
	script_good(&s);
	assert_int_equal(cmd_prout(&d, PROUT_PREEMPT, 3, &p, &res), TR_EXIT_OK);
	assert_memory_equal(s.sent[0].cdb, cdb, CDB10_LEN);
	assert_int_equal(s.sent[0].param_len, 24);
	assert_memory_equal(s.sent[0].param, list, 24);
	assert_true(script_key(&s, 0) == 0x1111 && script_sa_key(&s, 0) == 0x2222);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prin_reissue),
		cmocka_unit_test(test_full_status_largest),
		cmocka_unit_test(test_full_status_near_full),
		cmocka_unit_test(test_prin_short_reply),
		cmocka_unit_test(test_unit_attention_once),
		cmocka_unit_test(test_prin_all_together),
		cmocka_unit_test(test_prin_all_each_alone_after),
		cmocka_unit_test(test_prin_units_together),
		cmocka_unit_test(test_prin_units_serial_and_many),
		cmocka_unit_test(test_inquiry_long_page),
		cmocka_unit_test(test_prout_bytes),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
