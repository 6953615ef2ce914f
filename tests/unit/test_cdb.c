/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: every CDB builder against the exact bytes SPC-2/SPC-5 define. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cdb.h"

/* Fill with junk first so a builder that forgets to zero is caught. */
#define DIRTY(a) memset((a), 0xa5, sizeof(a))

static void
test_tur(void **state)
{
	static const uint8_t want[6] = { 0x00, 0, 0, 0, 0, 0 };
	uint8_t cdb[CDB6_LEN];

	(void)state;
	DIRTY(cdb);
	assert_int_equal(cdb_test_unit_ready(cdb), 6);
	assert_memory_equal(cdb, want, 6);
}

static void
test_inquiry(void **state)
{
	/* standard INQUIRY, 96 bytes */
	static const uint8_t std[6] = { 0x12, 0x00, 0x00, 0x00, 0x60, 0x00 };
	/* VPD page 83h (device identification), 0x1234 bytes */
	static const uint8_t vpd[6] = { 0x12, 0x01, 0x83, 0x12, 0x34, 0x00 };
	uint8_t cdb[CDB6_LEN];

	(void)state;
	DIRTY(cdb);
	assert_int_equal(cdb_inquiry(cdb, 0, 0x83, 96), 6);
	assert_memory_equal(cdb, std, 6);	/* page ignored without EVPD */
	DIRTY(cdb);
	assert_int_equal(cdb_inquiry(cdb, 1, 0x83, 0x1234), 6);
	assert_memory_equal(cdb, vpd, 6);
}

static void
test_reserve_release(void **state)
{
	static const uint8_t res6[6] = { 0x16, 0, 0, 0, 0, 0 };
	static const uint8_t rel6[6] = { 0x17, 0, 0, 0, 0, 0 };
	static const uint8_t res10[10] = { 0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t rel10[10] = { 0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t c6[CDB6_LEN], c10[CDB10_LEN];

	(void)state;
	DIRTY(c6);
	assert_int_equal(cdb_reserve6(c6), 6);
	assert_memory_equal(c6, res6, 6);
	DIRTY(c6);
	assert_int_equal(cdb_release6(c6), 6);
	assert_memory_equal(c6, rel6, 6);
	DIRTY(c10);
	assert_int_equal(cdb_reserve10(c10), 10);
	assert_memory_equal(c10, res10, 10);
	DIRTY(c10);
	assert_int_equal(cdb_release10(c10), 10);
	assert_memory_equal(c10, rel10, 10);
}

static void
test_prevent_allow(void **state)
{
	static const uint8_t prevent[6] = { 0x1e, 0, 0, 0, 0x01, 0 };
	static const uint8_t allow[6] = { 0x1e, 0, 0, 0, 0x00, 0 };
	uint8_t cdb[CDB6_LEN];

	(void)state;
	DIRTY(cdb);
	assert_int_equal(cdb_prevent_allow(cdb, 1), 6);
	assert_memory_equal(cdb, prevent, 6);
	DIRTY(cdb);
	assert_int_equal(cdb_prevent_allow(cdb, 0), 6);
	assert_memory_equal(cdb, allow, 6);
}

static void
test_prin(void **state)
{
	/* READ KEYS, allocation 1024 = 0x0400 in bytes 7-8 */
	static const uint8_t keys[10] = { 0x5e, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0 };
	/* READ FULL STATUS, allocation 65535 */
	static const uint8_t full[10] = { 0x5e, 0x03, 0, 0, 0, 0, 0, 0xff, 0xff, 0 };
	/* READ RESERVATION, allocation 24 */
	static const uint8_t resv[10] = { 0x5e, 0x01, 0, 0, 0, 0, 0, 0x00, 0x18, 0 };
	uint8_t cdb[CDB10_LEN];

	(void)state;
	DIRTY(cdb);
	assert_int_equal(cdb_prin(cdb, PRIN_READ_KEYS, 1024), 10);
	assert_memory_equal(cdb, keys, 10);
	DIRTY(cdb);
	cdb_prin(cdb, PRIN_READ_FULL_STATUS, 65535);
	assert_memory_equal(cdb, full, 10);
	DIRTY(cdb);
	cdb_prin(cdb, PRIN_READ_RESERVATION, 24);
	assert_memory_equal(cdb, resv, 10);
}

static void
test_prout(void **state)
{
	/* REGISTER, 24-byte basic parameter list: length in bytes 5-8 */
	static const uint8_t reg[10] = { 0x5f, 0x00, 0x00, 0, 0, 0, 0, 0, 0x18, 0 };
	/* RESERVE, LU scope, Exclusive Access (3) */
	static const uint8_t res[10] = { 0x5f, 0x01, 0x03, 0, 0, 0, 0, 0, 0x18, 0 };
	/* PREEMPT, Exclusive Access Registrants Only, 32-bit length 0x01020304 */
	static const uint8_t pre[10] = { 0x5f, 0x04, 0x06, 0, 0, 0x01, 0x02, 0x03, 0x04, 0 };
	/* scope and type wider than 4 bits are masked, never spill over */
	static const uint8_t mask[10] = { 0x5f, 0x08, 0x12, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t cdb[CDB10_LEN];

	(void)state;
	DIRTY(cdb);
	assert_int_equal(cdb_prout(cdb, PROUT_REGISTER, 0, 0, 24), 10);
	assert_memory_equal(cdb, reg, 10);
	DIRTY(cdb);
	cdb_prout(cdb, PROUT_RESERVE, 0, 3, 24);
	assert_memory_equal(cdb, res, 10);
	DIRTY(cdb);
	cdb_prout(cdb, PROUT_PREEMPT, 0, 6, 0x01020304);
	assert_memory_equal(cdb, pre, 10);
	DIRTY(cdb);
	cdb_prout(cdb, PROUT_REPLACE_LOST, 0x11, 0xf2, 0);
	assert_memory_equal(cdb, mask, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tur),
		cmocka_unit_test(test_inquiry),
		cmocka_unit_test(test_reserve_release),
		cmocka_unit_test(test_prevent_allow),
		cmocka_unit_test(test_prin),
		cmocka_unit_test(test_prout),
	};

	return cmocka_run_group_tests_name("cdb", tests, NULL, NULL);
}
