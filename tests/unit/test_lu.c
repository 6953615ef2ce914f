/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: this I_T nexus's registrant by TransportID and relative target port; identity by INQUIRY when sysfs has no copy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lu.h"
#include "script.h"
#include "unit.h"

/* Three registrants: host A's port through target ports 1 and 2, and
 * host B's port through 2; index `all` (-1 none) registered ALL_TG_PT. */
static void
registrants(struct pr_state *st, struct prs_registrant regs[3], int all)
{
	static const char *const ports[] = { "sas,0x5001405aaaa00001",
		"sas,0x5001405aaaa00001", "sas,0x5001405bbbb00002" };
	static const uint16_t rel[] = { 1, 2, 2 };
	int i;

	memset(st, 0, sizeof(*st));
	memset(regs, 0, 3 * sizeof(regs[0]));
	for (i = 0; i < 3; i++) {
		assert_int_equal(tid_parse(ports[i], regs[i].tid_raw, sizeof(regs[i].tid_raw),
					   &regs[i].tid_raw_len), 0);
		regs[i].key = 0x1000 + (uint64_t)i;
		regs[i].rel_tgt_port = rel[i];
		regs[i].all_tg_pt = i == all;
	}
	st->regs = regs;
	st->nregs = 3;
	st->have = PRS_FULL;
}

static void
test_mark_nexus(void **state)
{
	struct prs_registrant regs[3];
	struct pr_state st;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	/* this I_T nexus unknown: nothing marked, and it says so */
	registrants(&st, regs, -1);
	assert_false(lu_mark_nexus(&d, &st));
	assert_null(lu_my_registrant(&st));
	/* host A through target port 2: the second registrant, not the first */
	script_nexus(&d, "sas,0x5001405aaaa00001", 2);
	assert_true(lu_mark_nexus(&d, &st));
	assert_ptr_equal(lu_my_registrant(&st), &regs[1]);
	assert_false(regs[0].this_port || regs[2].this_port);
	/* relative target port unknown: the initiator port alone decides */
	script_nexus(&d, "sas,0x5001405aaaa00001", -1);
	lu_mark_nexus(&d, &st);
	assert_true(regs[0].this_port && regs[1].this_port && !regs[2].this_port);
	/* ALL_TG_PT: a registration through every target port is ours on each */
	registrants(&st, regs, 0);
	script_nexus(&d, "sas,0x5001405aaaa00001", 2);
	lu_mark_nexus(&d, &st);
	assert_true(regs[0].this_port);
	/* another host's port is never ours, whatever the key */
	script_nexus(&d, "sas,0x5001405cccc00003", 2);
	lu_mark_nexus(&d, &st);
	assert_null(lu_my_registrant(&st));
}

/* An iSCSI session: the same initiator name with another ISID is this
 * host's older session (or another tool's), never this path; another
 * name is neither; the name without an ISID covers this session too
 * (tid_same_port()) (issue 12). */
static void
test_mark_older_session(void **state)
{
	static const char *const ports[] = { "iqn.2026-12.test.host:a,i,0x807472760000",
		"iqn.2026-12.test.host:a,i,0x23d000000001", "iqn.2026-12.test.host:b,i,0x807472760000",
		"iqn.2026-12.test.host:a" };
	struct prs_registrant regs[4];
	struct pr_state st;
	struct script s;
	struct dev d;
	int i;

	(void)state;
	memset(&st, 0, sizeof(st));
	memset(regs, 0, sizeof(regs));
	for (i = 0; i < 4; i++) {
		assert_int_equal(tid_parse(ports[i], regs[i].tid_raw, sizeof(regs[i].tid_raw),
					   &regs[i].tid_raw_len), 0);
		regs[i].rel_tgt_port = 1;
	}
	st.regs = regs;
	st.nregs = 4;
	st.have = PRS_FULL;
	script_init(&s, &d);
	script_nexus(&d, ports[0], 1);
	assert_true(lu_mark_nexus(&d, &st));
	assert_true(regs[0].this_port && !regs[0].other_session);
	assert_true(!regs[1].this_port && regs[1].other_session);
	assert_true(!regs[2].this_port && !regs[2].other_session);
	/* the name alone (format 00b) stands for every session of it, this one too */
	assert_true(regs[3].this_port && !regs[3].other_session);
	/* the same session seen from a SAS path: no iSCSI name, no session marks */
	script_nexus(&d, "sas,0x5001405aaaa00001", 1);
	lu_mark_nexus(&d, &st);
	for (i = 0; i < 4; i++)
		assert_true(!regs[i].this_port && !regs[i].other_session);
}

/* Without the kernel's copies, identity costs three INQUIRY commands. */
static void
test_identity_by_inquiry(void **state)
{
	static const uint8_t std[36] = {
		0x01, 0x80, 0x06, 0x02, 31, 0, 0, 0,
		'L', 'i', 'n', 'u', 'x', ' ', ' ', ' ',
		's', 'c', 's', 'i', '_', 'd', 'e', 'b', 'u', 'g', ' ', ' ', ' ', ' ', ' ', ' ',
		'0', '1', '9', '1',
	};
	static const uint8_t p80[] = { 0x01, 0x80, 0x00, 0x04, '6', '0', '0', '0' };
	static const uint8_t p83[] = { 0x01, 0x83, 0x00, 0x0c,
		0x01, 0x03, 0x00, 0x08, 0x33, 0x33, 0x33, 0x30, 0x00, 0x00, 0x17, 0x70 };
	struct lu_identity id;
	struct script s;
	struct dev d;

	(void)state;
	script_init(&s, &d);
	script_data(&s, std, sizeof(std));
	script_data(&s, p80, sizeof(p80));
	script_data(&s, p83, sizeof(p83));
	assert_int_equal(lu_identity_read(&d, &id), TR_EXIT_OK);
	assert_int_equal(id.commands, 3);
	assert_string_equal(id.vendor, "Linux");
	assert_string_equal(id.product, "scsi_debug");
	assert_int_equal(id.pdt, 1);
	assert_string_equal(id.unit_serial, "6000");
	assert_string_equal(id.lu_name, "naa.3333333000001770");
	assert_int_equal(s.sent[0].cdb[1], 0);		/* standard data */
	assert_int_equal(s.sent[1].cdb[2], 0x80);
	assert_int_equal(s.sent[2].cdb[2], 0x83);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mark_nexus),
		cmocka_unit_test(test_mark_older_session),
		cmocka_unit_test(test_identity_by_inquiry),
	};

	return cmocka_run_group_tests_name("lu", tests, NULL, NULL);
}
