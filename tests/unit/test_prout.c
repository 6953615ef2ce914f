/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: PERSISTENT RESERVE OUT parameter lists byte for byte. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "prout.h"

/* SAS TransportIDs of the lab's two initiators (SPC-5 7.6.4.7). */
static const uint8_t sas1[24] = {
	0x06, 0, 0, 0, 0x50, 0x01, 0x40, 0x5a, 0xaa, 0xa0, 0x00, 0x01,
};
static const uint8_t sas2[24] = {
	0x06, 0, 0, 0, 0x50, 0x01, 0x40, 0x5b, 0xbb, 0xb0, 0x00, 0x02,
};

static void
test_basic_register(void **state)
{
	/* register -s 0x2222 --aptpl --all-tg-pt, from unregistered (key 0) */
	static const uint8_t want[24] = {
		0, 0, 0, 0, 0, 0, 0, 0,			/* RESERVATION KEY 0 */
		0, 0, 0, 0, 0, 0, 0x22, 0x22,		/* SERVICE ACTION RESERVATION KEY */
		0, 0, 0, 0,				/* obsolete */
		0x05,					/* ALL_TG_PT, APTPL */
		0, 0, 0,
	};
	struct prout_params p = { .sa_key = 0x2222, .aptpl = true, .all_tg_pt = true };
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), 24);
	assert_memory_equal(buf, want, 24);
	assert_int_equal(buf[24], 0xa5);	/* nothing past the list */
}

static void
test_basic_preempt(void **state)
{
	/* preempt: our key 0xabcdef0123456789, preempting 0x1111 */
	static const uint8_t want[24] = {
		0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
		0, 0, 0, 0, 0, 0, 0x11, 0x11,
		0, 0, 0, 0, 0x00, 0, 0, 0,
	};
	struct prout_params p = { .key = 0xabcdef0123456789ULL, .sa_key = 0x1111 };
	uint8_t buf[24];

	(void)state;
	assert_int_equal(prout_build(PROUT_PREEMPT, &p, buf, sizeof(buf)), 24);
	assert_memory_equal(buf, want, 24);
	assert_int_equal(prout_build(PROUT_PREEMPT, &p, buf, 23), -ENOSPC);
}

static void
test_spec_i_pt(void **state)
{
	uint8_t tids[48], buf[128];
	struct prout_params p = { .sa_key = 0x3333, .spec_i_pt = true,
				  .tids = tids, .tids_len = 48 };

	(void)state;
	memcpy(tids, sas1, 24);
	memcpy(tids + 24, sas2, 24);
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), 24 + 4 + 48);
	assert_int_equal(buf[20], 0x08);			/* SPEC_I_PT */
	assert_int_equal(buf[24], 0);				/* TRANSPORTID PARAMETER */
	assert_int_equal(buf[27], 48);				/* DATA LENGTH 48 */
	assert_memory_equal(buf + 28, sas1, 24);
	assert_memory_equal(buf + 52, sas2, 24);
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, 75), -ENOSPC);
}

static void
test_register_and_move(void **state)
{
	static const uint8_t want_hdr[24] = {
		0, 0, 0, 0, 0, 0, 0x11, 0x11,		/* our key */
		0, 0, 0, 0, 0, 0, 0x22, 0x22,		/* the key the destination gets */
		0x00,					/* reserved */
		0x03,					/* UNREG, APTPL */
		0x00, 0x02,				/* relative target port 2 */
		0x00, 0x00, 0x00, 0x18,			/* one 24-byte TransportID */
	};
	struct prout_params p = { .key = 0x1111, .sa_key = 0x2222, .unreg = true,
				  .aptpl = true, .rel_tgt_port = 2,
				  .tids = sas2, .tids_len = 24 };
	uint8_t buf[64];

	(void)state;
	assert_int_equal(prout_build(PROUT_REGISTER_AND_MOVE, &p, buf, sizeof(buf)), 48);
	assert_memory_equal(buf, want_hdr, 24);
	assert_memory_equal(buf + 24, sas2, 24);
}

static void
test_contradictions(void **state)
{
	uint8_t buf[128], keep[128];
	struct prout_params p;

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	memcpy(keep, buf, sizeof(buf));
	/* SPEC_I_PT only with REGISTER, and only with TransportIDs */
	p = (struct prout_params){ .spec_i_pt = true, .tids = sas1, .tids_len = 24 };
	assert_int_equal(prout_build(PROUT_RESERVE, &p, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(prout_build(PROUT_REGISTER_AND_IGNORE, &p, buf, sizeof(buf)), -EINVAL);
	p = (struct prout_params){ .spec_i_pt = true };
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), -EINVAL);
	p = (struct prout_params){ .tids = sas1, .tids_len = 24 };
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), -EINVAL);
	/* UNREG and the relative port only with REGISTER AND MOVE */
	p = (struct prout_params){ .unreg = true };
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), -EINVAL);
	p = (struct prout_params){ .rel_tgt_port = 1 };
	assert_int_equal(prout_build(PROUT_RELEASE, &p, buf, sizeof(buf)), -EINVAL);
	/* REGISTER AND MOVE needs its TransportID and takes no ALL_TG_PT */
	p = (struct prout_params){ .key = 1 };
	assert_int_equal(prout_build(PROUT_REGISTER_AND_MOVE, &p, buf, sizeof(buf)), -EINVAL);
	p = (struct prout_params){ .all_tg_pt = true, .tids = sas1, .tids_len = 24 };
	assert_int_equal(prout_build(PROUT_REGISTER_AND_MOVE, &p, buf, sizeof(buf)), -EINVAL);
	p = (struct prout_params){ .tids = sas1, .tids_len = 24 };
	assert_int_equal(prout_build(PROUT_REGISTER_AND_MOVE, &p, buf, 47), -ENOSPC);
	/* too many TransportID bytes */
	p = (struct prout_params){ .spec_i_pt = true, .tids = sas1,
				   .tids_len = PROUT_MAX_TIDS + 1 };
	assert_int_equal(prout_build(PROUT_REGISTER, &p, buf, sizeof(buf)), -EINVAL);
	assert_memory_equal(buf, keep, sizeof(buf));	/* untouched on error */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_register),
		cmocka_unit_test(test_basic_preempt),
		cmocka_unit_test(test_spec_i_pt),
		cmocka_unit_test(test_register_and_move),
		cmocka_unit_test(test_contradictions),
	};

	return cmocka_run_group_tests_name("prout", tests, NULL, NULL);
}
