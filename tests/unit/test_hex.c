/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: hex digits and the commented hex text of --inhex captures. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hex.h"

static void
test_digits(void **state)
{
	static const char good[] = "0123456789abcdefABCDEF";
	static const int val[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
				   14, 15, 10, 11, 12, 13, 14, 15 };
	size_t i;

	(void)state;
	for (i = 0; good[i] != '\0'; i++)
		assert_int_equal(hex_digit(good[i]), val[i]);
	assert_int_equal(hex_digit('g'), -1);
	assert_int_equal(hex_digit('G'), -1);
	assert_int_equal(hex_digit('/'), -1);
	assert_int_equal(hex_digit(':'), -1);
	assert_int_equal(hex_digit('@'), -1);
	assert_int_equal(hex_digit('`'), -1);
	assert_int_equal(hex_digit('\0'), -1);
	assert_int_equal(hex_digit((char)0xb0), -1);
}

static void
test_capture(void **state)
{
	/* what tpr-in --hex keys writes */
	static const char t[] =
		"# tpr-in --hex: /dev/sg2 READ KEYS, 24 bytes\n"
		"00 00 00 05 00 00 00 10\n"
		"00 00 00 00 00 00 11 11  # key 1\n"
		"ABCDEF0123456789\r\n"
		"#\n";
	static const uint8_t want[24] = {
		0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x10,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x11,
		0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
	};
	uint8_t out[64];
	size_t n = 0;
	unsigned line = 99;

	(void)state;
	assert_int_equal(hex_parse_text(t, strlen(t), out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 24);
	assert_memory_equal(out, want, 24);
	assert_int_equal(line, 0);
}

static void
test_empty_and_comments(void **state)
{
	uint8_t out[4];
	size_t n = 7;
	unsigned line;

	(void)state;
	assert_int_equal(hex_parse_text("", 0, out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 0);
	assert_int_equal(hex_parse_text("# only\n#\n", 9, out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 0);
	/* comment glued to a byte; no newline at the end */
	assert_int_equal(hex_parse_text("5e#x", 4, out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 0x5e);
}

static void
test_bad(void **state)
{
	static const struct {
		const char *t;
		unsigned line;
	} bad[] = {
		{ "5", 1 },			/* odd digits at the end */
		{ "00 0 00", 1 },		/* odd token */
		{ "00\n00\n0g", 3 },		/* not hex, line 3 */
		{ "0x5e", 1 },			/* no 0x prefixes */
		{ "00,01", 1 },
		{ "5e\n\n\nzz", 4 },
		{ "ab c", 1 },
		{ "ab\x01", 1 },		/* control byte */
	};
	uint8_t out[16];
	size_t n = 42, i;
	unsigned line;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		line = 0;
		assert_int_equal(hex_parse_text(bad[i].t, strlen(bad[i].t), out,
						sizeof(out), &n, &line), -EINVAL);
		assert_int_equal(line, bad[i].line);
	}
	/* an embedded NUL is not the end of the text */
	assert_int_equal(hex_parse_text("00\0" "00", 5, out, sizeof(out), &n, &line),
			 -EINVAL);
	assert_int_equal(n, 42);	/* untouched on failure */
}

static void
test_cap(void **state)
{
	uint8_t out[2];
	size_t n = 0;
	unsigned line;

	(void)state;
	assert_int_equal(hex_parse_text("0102", 4, out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 2);
	assert_int_equal(hex_parse_text("010203", 6, out, sizeof(out), &n, &line),
			 -E2BIG);
	/* len bounds the read: the text after it is never looked at */
	assert_int_equal(hex_parse_text("01zz", 2, out, sizeof(out), &n, &line), 0);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests_name("hex", tests, NULL, NULL);
}
