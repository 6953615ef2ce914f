/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: known key schemes by their exact bytes, and multipathd's prkeys lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keyscheme.h"
#include "unit.h"

static void
test_names(void **state)
{
	static const struct {
		uint64_t key;
		const char *want;	/* NULL: no scheme */
	} t[] = {
		/* LTFS, ibm_tape_genkey(): 40h 00h 00h 00h and the IPv4 address */
		{ 0x400000000a000007ULL, "LTFS host 10.0.0.7" },
		{ 0x40000000c0a801feULL, "LTFS host 192.168.1.254" },
		{ 0x40000000ffffffffULL, "LTFS host 255.255.255.255" },
		/* 40h with anything but three zero bytes is not LTFS's */
		{ 0x400100000a000007ULL, NULL },
		/* 60h and the last 7 bytes of an IPv6 address */
		{ 0x60010203040506a7ULL, "LTFS host IPv6 xx01:0203:0405:06a7" },
		/* 10h and the host name, NUL-padded; all zero: gethostname failed */
		{ 0x106261636b757031ULL, "LTFS host backup1" },
		{ 0x1061620000000000ULL, "LTFS host ab" },
		{ 0x1000000000000000ULL, "LTFS host without a name" },
		{ 0x1061006200000000ULL, NULL },		/* a char after padding */
		{ 0x1020616200000000ULL, NULL },		/* begins with a blank */
		{ 0x1061620a00000000ULL, NULL },		/* a control char */
		/* text keys */
		{ 0x4e6574576f726b72ULL, "ASCII \"NetWorkr\"" },
		{ 0x686f737441000000ULL, "ASCII \"hostA\"" },	/* Atape pads with 00h */
		{ 0x4100000000000000ULL, "ASCII \"A\"" },
		{ 0x61225c2062000000ULL, "ASCII \"a\\\"\\\\ b\"" },
		{ 0x7e7e7e7e7e7e7e7eULL, "ASCII \"~~~~~~~~\"" },
		{ 0x2061000000000000ULL, NULL },		/* begins with a blank */
		{ 0x6100620000000000ULL, NULL },		/* a char after padding */
		{ 0x6162637f00000000ULL, NULL },		/* DEL */
		{ 0x00000000000041ULL, NULL },			/* leading zeros */
		{ 0x1111, NULL },
		{ 0, NULL },
		{ UINT64_MAX, NULL },
		{ 0x633ea44aa558416bULL, NULL },
	};
	char buf[KEYSCHEME_NAME_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		const char *got;

		memset(buf, 'z', sizeof(buf));
		got = keyscheme_name(t[i].key, buf, sizeof(buf));
		if (t[i].want == NULL) {
			assert_null(got);
		} else {
			assert_ptr_equal(got, buf);
			assert_string_equal(buf, t[i].want);
		}
	}
}

/* The longest text fits KEYSCHEME_NAME_MAX; a small buffer is no overflow. */
static void
test_sizes(void **state)
{
	char buf[KEYSCHEME_NAME_MAX], small[8];

	(void)state;
	assert_non_null(keyscheme_name(0x60ffffffffffffffULL, buf, sizeof(buf)));
	assert_true(strlen(buf) < sizeof(buf));
	assert_non_null(keyscheme_name(0x2222222222222222ULL, buf, sizeof(buf)));
	assert_string_equal(buf, "ASCII \"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\"");
	memset(small, 'z', sizeof(small));
	keyscheme_name(0x400000000a000007ULL, small, sizeof(small));
	assert_string_equal(small, "LTFS ho");
	assert_null(keyscheme_name(0x4e6574576f726b72ULL, small, sizeof(small)));
}

static void
test_prkeys(void **state)
{
	/* as multipathd writes it: its header, 0x and 0X (APTPL) lines, a
	 * removed key's line commented out by a '#' over its first char */
	static const char text[] =
		"# Multipath persistent reservation keys, Version : 1.0\n"
		"# NOTE: this file is automatically maintained by the multipathd program.\n"
		"# You should not need to edit this file in normal circumstances.\n"
		"#\n"
		"# Format:\n"
		"# prkey wwid\n"
		"#\n"
		"0x0000000000001111 36001405eab0001000000000000000000\n"
		"0X00000000000aaaaa 36001405eab0002000000000000000000\n"
		"#x0000000000003333 36001405eab0003000000000000000000\n"
		"0x0000000000004444\n"				/* no WWID */
		"0x00000000000g5555 360014050005\n"		/* not hex */
		"4444 360014050006\n"				/* not 0x */
		"0x12345678901234567 360014050007\n"		/* 17 digits */
		"0x0000000000006666\t3600140500066\r\n"
		"0x7777 360014050077";				/* short, no newline */
	uint64_t keys[8];
	size_t n;

	(void)state;
	n = keyscheme_prkeys(text, LIT_LEN(text), keys, NELEM(keys));
	assert_int_equal(n, 4);
	assert_true(keys[0] == 0x1111);
	assert_true(keys[1] == 0xaaaaa);
	assert_true(keys[2] == 0x6666);
	assert_true(keys[3] == 0x7777);
	/* counting only, then too little room */
	assert_int_equal(keyscheme_prkeys(text, LIT_LEN(text), NULL, 0), 4);
	keys[1] = 42;
	assert_int_equal(keyscheme_prkeys(text, LIT_LEN(text), keys, 1), 4);
	assert_true(keys[0] == 0x1111 && keys[1] == 42);
	assert_int_equal(keyscheme_prkeys("", 0, keys, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_prkeys),
	};

	return cmocka_run_group_tests_name("keyscheme", tests, NULL, NULL);
}
