/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: strict key parsing, the auto key, and the type table. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dlib.h"
#include "keys.h"

static void
test_keys_good(void **state)
{
	static const struct {
		const char *s;
		uint64_t want;
	} t[] = {
		{ "0x1", 1 },
		{ "0X1f", 0x1f },
		{ "0xABCDEF0123456789", 0xabcdef0123456789ULL },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "0x0000000000000001", 1 },	/* 16 digits, leading zeros */
		{ "0", 0 },
		{ "4369", 0x1111 },
		{ "18446744073709551615", UINT64_MAX },
		{ "007", 7 },			/* decimal, not octal */
	};
	uint64_t k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		k = 0xdead;
		assert_int_equal(keys_parse(t[i].s, &k), 0);
		assert_true(k == t[i].want);
	}
}

static void
test_keys_bad(void **state)
{
	static const char *const einval[] = {
		"", "0x", "0X", "x1", "-1", "+1", " 1", "1 ", "1x", "0x1g",
		"0x-1", "1e3", "0b101", "12abc", "0x 1", "auto", "ox1", NULL,
	};
	static const char *const erange[] = {
		"18446744073709551616", "99999999999999999999999",
		"0x10000000000000000", "0x00000000000000001",
	};
	uint64_t k = 42;
	size_t i;

	(void)state;
	for (i = 0; einval[i] != NULL; i++)
		assert_int_equal(keys_parse(einval[i], &k), -EINVAL);
	assert_int_equal(keys_parse(NULL, &k), -EINVAL);
	for (i = 0; i < sizeof(erange) / sizeof(erange[0]); i++)
		assert_int_equal(keys_parse(erange[i], &k), -ERANGE);
	assert_true(k == 42);	/* untouched on failure */
}

/*
 * The documented way a field engineer computes a host's auto key:
 * `systemd-id128 machine-id --app-specific=APPID`, first 16 hex digits.
 * Compared with keys_auto(), which computes it through libsystemd.
 */
static void
test_auto_matches_documented_command(void **state)
{
	char line[64], want[32];
	uint64_t k1, k2;
	FILE *p;

	(void)state;
	if (access("/etc/machine-id", R_OK) != 0 ||
	    access("/usr/bin/systemd-id128", X_OK) != 0) {
		skip();
	}
	assert_int_equal(keys_auto(&k1), 0);
	assert_int_equal(keys_parse_or_auto("auto", &k2), 0);
	assert_true(k1 == k2);
	assert_true(k1 != 0);
	p = popen("systemd-id128 machine-id --app-specific=" KEYS_AUTO_APP_ID, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	pclose(p);
	snprintf(want, sizeof(want), "%016" PRIx64, k1);
	assert_int_equal(strncmp(line, want, 16), 0);
}

/*
 * libsystemd is loaded only for the auto key: a host without it gets
 * -ELIBACC, *key untouched, and one line naming the library.  The same
 * code path as keys_auto(), with a soname that exists nowhere.
 */
static void
test_auto_without_libsystemd(void **state)
{
	uint64_t k = 42;
	const char *why;

	(void)state;
	assert_int_equal(keys_auto_from("libtresv-no-such-library.so.0", &k), -ELIBACC);
	assert_true(k == 42);
	why = keys_auto_strerror(-ELIBACC);
	assert_string_equal(why, "libsystemd.so.0 cannot be loaded");
	assert_string_equal(keys_auto_strerror(-ENOENT), strerror(ENOENT));
}

/* dlib_open()'s reason is one line naming the library once: for a missing
 * library, and for a library present without the symbol asked for. */
static void
test_dlib_errors(void **state)
{
	static const struct dlib_sym none[] = { { "tresv_no_such_symbol", 0 } };
	void (*fn)(void) = NULL;
	char why[256];
	void *h;

	(void)state;
	h = dlib_open("libtresv-no-such-library.so.0", none, 1, &fn, why, sizeof(why));
	assert_null(h);
	assert_null(strchr(why, '\n'));
	assert_int_equal(strncmp(why, "libtresv-no-such-library.so.0: cannot load it (", 47), 0);
	assert_null(strstr(why + 10, "libtresv-no-such-library.so.0"));
	h = dlib_open("libc.so.6", none, 1, &fn, why, sizeof(why));
	assert_null(h);
	assert_string_equal(why, "libc.so.6: cannot load it (no symbol tresv_no_such_symbol)");
}

static void
test_types(void **state)
{
	static const struct {
		const char *abbrev, *code, *title;
		uint8_t type;
	} t[] = {
		{ "wr-ex", "1", "Write Exclusive", 1 },
		{ "ex-ac", "3", "Exclusive Access", 3 },
		{ "wr-ex-ro", "5", "Write Exclusive, Registrants Only", 5 },
		{ "ex-ac-ro", "6", "Exclusive Access, Registrants Only", 6 },
		{ "wr-ex-ar", "7", "Write Exclusive, All Registrants", 7 },
		{ "ex-ac-ar", "8", "Exclusive Access, All Registrants", 8 },
	};
	uint8_t ty;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ty = 0;
		assert_int_equal(keys_type_parse(t[i].abbrev, &ty), 0);
		assert_int_equal(ty, t[i].type);
		ty = 0;
		assert_int_equal(keys_type_parse(t[i].code, &ty), 0);
		assert_int_equal(ty, t[i].type);
		assert_string_equal(keys_type_abbrev(t[i].type), t[i].abbrev);
		assert_string_equal(keys_type_title(t[i].type), t[i].title);
	}
	assert_true(keys_type_all_registrants(7));
	assert_true(keys_type_all_registrants(8));
	assert_false(keys_type_all_registrants(3));
}

static void
test_types_bad(void **state)
{
	/* 0, 2, 4 obsolete; 9 reserved; 2 and 4 are what pr_type-style 1-6
	 * numbering would accept; no abbreviations or case folding */
	static const char *const bad[] = {
		"0", "2", "4", "9", "10", "03", "", "ex", "ex-a", "EX-AC",
		"wr-ex ", "exclusive", "ex_ac", "3x", NULL,
	};
	uint8_t ty = 0x55;
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(keys_type_parse(bad[i], &ty), -EINVAL);
	assert_int_equal(keys_type_parse(NULL, &ty), -EINVAL);
	assert_int_equal(ty, 0x55);
	assert_null(keys_type_abbrev(0));
	assert_null(keys_type_abbrev(2));
	assert_null(keys_type_title(9));
	assert_null(keys_type_title(16));
	assert_null(keys_type_abbrev(1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_good),
		cmocka_unit_test(test_keys_bad),
		cmocka_unit_test(test_auto_matches_documented_command),
		cmocka_unit_test(test_auto_without_libsystemd),
		cmocka_unit_test(test_dlib_errors),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_types_bad),
	};

	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
