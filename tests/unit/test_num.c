/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the strict decimal parser and prefix scanner, and the callers' contracts built on them. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "cli.h"
#include "num.h"

static void
test_parse_good(void **state)
{
	static const struct {
		const char *s;
		uint64_t max, want;
	} good[] = {
		{ "0", 0, 0 },
		{ "7", 7, 7 },
		{ "007", 7, 7 },		/* leading zeros are digits */
		{ "255", 255, 255 },
		{ "4294967295", UINT_MAX, UINT_MAX },
		{ "18446744073709551615", UINT64_MAX, UINT64_MAX },
		{ "000000000000000000000001", UINT64_MAX, 1 },
	};
	uint64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(good); i++) {
		v = 12345;
		assert_int_equal(num_parse_u64(good[i].s, good[i].max, &v), 0);
		assert_true(v == good[i].want);
	}
}

static void
test_parse_bad(void **state)
{
	static const char *const einval[] = {
		"", " 1", "1 ", "+1", "-1", "0x10", "1x", "x1", "1.5", "1e3",
		"1\n", "\t1", "１",
		/* not digits wins over too large */
		"99999999999999999999999x",
	};
	static const struct {
		const char *s;
		uint64_t max;
	} erange[] = {
		{ "1", 0 }, { "8", 7 }, { "256", 255 },
		{ "4294967296", UINT_MAX },
		{ "18446744073709551616", UINT64_MAX },
		{ "99999999999999999999999", UINT64_MAX },
	};
	uint64_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(einval); i++)
		assert_int_equal(num_parse_u64(einval[i], UINT64_MAX, &v),
				 -EINVAL);
	assert_int_equal(num_parse_u64(NULL, UINT64_MAX, &v), -EINVAL);
	for (i = 0; i < NELEM(erange); i++)
		assert_int_equal(num_parse_u64(erange[i].s, erange[i].max, &v),
				 -ERANGE);
	assert_true(v == 42);	/* untouched on failure */
}

static void
test_scan(void **state)
{
	const char *s = "2:0:10:18446744073709551615", *end;
	uint64_t v = 0;

	(void)state;
	end = num_scan_u64(s, UINT_MAX, &v);
	assert_ptr_equal(end, s + 1);
	assert_true(v == 2);
	end = num_scan_u64(s + 4, UINT_MAX, &v);
	assert_ptr_equal(end, s + 6);
	assert_true(v == 10);
	end = num_scan_u64(s + 7, UINT64_MAX, &v);
	assert_ptr_equal(end, s + strlen(s));
	assert_true(v == UINT64_MAX);
	/* no digit, a sign, too large: NULL and *out untouched */
	v = 42;
	assert_null(num_scan_u64(":1", UINT64_MAX, &v));
	assert_null(num_scan_u64("", UINT64_MAX, &v));
	assert_null(num_scan_u64("+1", UINT64_MAX, &v));
	assert_null(num_scan_u64(" 1", UINT64_MAX, &v));
	assert_null(num_scan_u64("4294967296:0", UINT_MAX, &v));
	assert_null(num_scan_u64("32", 31, &v));
	assert_null(num_scan_u64(NULL, 31, &v));
	assert_true(v == 42);
	/* what follows the digits is the caller's */
	end = num_scan_u64("31 rest", 31, &v);
	assert_non_null(end);
	assert_string_equal(end, " rest");
	assert_true(v == 31);
}

static void
test_cli_parse_uint(void **state)
{
	unsigned v = 99;

	(void)state;
	/* cli_parse_uint keeps its contract: 1..max */
	assert_int_equal(cli_parse_uint("1", 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(cli_parse_uint("0010", 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(cli_parse_uint("4294967295", UINT_MAX, &v), 0);
	assert_int_equal(v, UINT_MAX);
	v = 99;
	assert_int_equal(cli_parse_uint("0", 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("00", 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("", 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint(NULL, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("-1", 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("5s", 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("11", 10, &v), -ERANGE);
	assert_int_equal(cli_parse_uint("4294967296", UINT_MAX, &v), -ERANGE);
	assert_int_equal(cli_parse_seconds("3600", 3600, &v), 0);
	assert_int_equal(v, 3600);
	assert_int_equal(cli_parse_seconds("3601", 3600, &v), -ERANGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_cli_parse_uint),
	};

	return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
