/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the bounded string sink, its put helpers and escaping. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "sink.h"

static void
test_escape(void **state)
{
	static const uint8_t text[] = { 'a', ',', 'b', '\\', 0x00, 0x0a, 0x80,
					0xff, '~', ' ' };
	const char *want = "a,b\\\\\\x00\\x0a\\x80\\xff~ ";
	char out[64], small[6];

	(void)state;
	assert_int_equal(sink_escape(text, sizeof(text), out, sizeof(out)),
			 strlen(want));
	assert_string_equal(out, want);
	/* snprintf-style: truncated, terminated, full length returned */
	memset(small, 'Z', sizeof(small));
	assert_int_equal(sink_escape(text, sizeof(text), small, sizeof(small)),
			 strlen(want));
	assert_string_equal(small, "a,b\\\\");
	assert_int_equal(sink_escape(text, sizeof(text), NULL, 0),
			 strlen(want));
	/* every byte value: at most 4 chars each, never a control byte */
	{
		uint8_t all[256];
		char big[4 * 256 + 1];
		size_t i;

		for (i = 0; i < 256; i++)
			all[i] = (uint8_t)i;
		assert_int_equal(sink_escape(all, 256, big, sizeof(big)),
				 4 * (0x20 + 0x81) + 0x5f + 1);
		for (i = 0; big[i] != '\0'; i++)
			assert_true(big[i] >= 0x20 && big[i] < 0x7f);
	}
	assert_int_equal(sink_escape(NULL, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(sink_escape(NULL, 1, out, sizeof(out)), -EINVAL);
	assert_int_equal(sink_escape(text, 1, NULL, 4), -EINVAL);
}

static void
test_escape_also(void **state)
{
	static const uint8_t text[] = { 'n', ',', 'i', '\\', 0x07 };
	char out[32];
	struct sink s;

	(void)state;
	/* tid_format()'s form: a comma too becomes \x2c */
	sink_init(&s, out, sizeof(out));
	sink_put_escaped(&s, text, sizeof(text), ",");
	assert_int_equal(sink_end(&s), LIT_LEN("n\\x2ci\\\\\\x07"));
	assert_string_equal(out, "n\\x2ci\\\\\\x07");
}

static void
test_put_helpers(void **state)
{
	static const uint8_t bytes[] = { 0x00, 0x5a, 0xa5, 0xff };
	char out[128];
	struct sink s;

	(void)state;
	sink_init(&s, out, sizeof(out));
	sink_put_str(&s, "x=");
	sink_put_hex_bytes(&s, bytes, sizeof(bytes));
	sink_put_char(&s, ' ');
	sink_put_hex_byte(&s, 0x0b);
	sink_put_char(&s, ' ');
	sink_put_hex_digit(&s, 0x1c);	/* the low 4 bits only */
	sink_put_char(&s, ' ');
	sink_put_hex64(&s, 0x0123456789abcdefULL);
	sink_put_char(&s, ' ');
	sink_put_hex64(&s, 0);
	sink_put_char(&s, ' ');
	sink_put_dec(&s, 0);
	sink_put_char(&s, ' ');
	sink_put_dec(&s, 65535);
	sink_put_char(&s, ' ');
	sink_put_dec(&s, UINT64_MAX);
	assert_int_equal(sink_end(&s),
			 LIT_LEN("x=005aa5ff 0b c 0123456789abcdef "
				 "0000000000000000 0 65535 18446744073709551615"));
	assert_string_equal(out, "x=005aa5ff 0b c 0123456789abcdef "
			    "0000000000000000 0 65535 18446744073709551615");
}

static void
test_bounds(void **state)
{
	char out[4];
	struct sink s;

	(void)state;
	/* three chars stored, all counted, the fourth byte the NUL */
	memset(out, 'Z', sizeof(out));
	sink_init(&s, out, sizeof(out));
	sink_put_str(&s, "abcdef");
	assert_int_equal(sink_end(&s), 6);
	assert_string_equal(out, "abc");
	/* no room at all: nothing written, the length still counted */
	memset(out, 'Z', sizeof(out));
	sink_init(&s, out, 0);
	sink_put_str(&s, "abc");
	assert_int_equal(sink_end(&s), 3);
	assert_int_equal(out[0], 'Z');
	sink_init(&s, NULL, 0);
	sink_put_dec(&s, 1234);
	assert_int_equal(sink_end(&s), 4);
	/* one byte: the empty text */
	sink_init(&s, out, 1);
	sink_put_char(&s, 'q');
	assert_int_equal(sink_end(&s), 1);
	assert_string_equal(out, "");
}

static void
test_file_escaped(void **state)
{
	static const uint8_t name[] = { '.', 'a', '_', '/', ' ', '-', 'Z', '9' };
	char out[64];
	struct sink s;

	(void)state;
	sink_init(&s, out, sizeof(out));
	sink_put_file_escaped(&s, name, sizeof(name), true);
	assert_int_equal(sink_end(&s), LIT_LEN("_2ea_5f_2f_20-Z9"));
	assert_string_equal(out, "_2ea_5f_2f_20-Z9");
	/* not at the start: a leading '.' or '-' stays */
	sink_init(&s, out, sizeof(out));
	sink_put_file_escaped(&s, (const uint8_t *)"-.x", 3, false);
	assert_int_equal(sink_end(&s), 3);
	assert_string_equal(out, "-.x");
	sink_init(&s, out, sizeof(out));
	sink_put_file_escaped(&s, (const uint8_t *)"-.x", 3, true);
	assert_int_equal(sink_end(&s), 5);
	assert_string_equal(out, "_2d.x");
}

static void
test_hash(void **state)
{
	char a[4], b[4];
	struct sink sa, sb, sc;

	(void)state;
	/* the hash covers what was cut off: same start, different end */
	sink_init(&sa, a, sizeof(a));
	sink_init(&sb, b, sizeof(b));
	sink_init(&sc, NULL, 0);
	sink_put_str(&sa, "abcdefgh");
	sink_put_str(&sb, "abcdefgX");
	sink_put_str(&sc, "abcdefgh");
	sink_end(&sa);
	sink_end(&sb);
	assert_string_equal(a, b);
	assert_true(sa.fnv != sb.fnv);
	/* and depends only on the chars put, not on the room */
	assert_true(sa.fnv == sc.fnv);
	/* 64-bit FNV-1a of "a" (the published test vector) */
	sink_init(&sa, NULL, 0);
	sink_put_char(&sa, 'a');
	assert_true(sa.fnv == 0xaf63dc4c8601ec8cULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_also),
		cmocka_unit_test(test_put_helpers),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_file_escaped),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests_name("sink", tests, NULL, NULL);
}
