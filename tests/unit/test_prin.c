/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: READ KEYS and READ RESERVATION parsers on exact, truncated and hostile responses. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prin.h"

/*
 * Each fixture is handed to the parser in a heap buffer of exactly its
 * size, so AddressSanitizer (make SANITIZE=1) catches any read past what
 * "arrived".
 */
static uint8_t *
arrived(const uint8_t *bytes, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, bytes, n);
	return p;
}

static void
test_keys_two(void **state)
{
	static const uint8_t r[] = {
		0x00, 0x00, 0x00, 0x05,	/* PRGENERATION 5 */
		0x00, 0x00, 0x00, 0x10,	/* ADDITIONAL LENGTH 16: two keys */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x11,
		0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89,
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_keys k;

	(void)state;
	assert_int_equal(prin_parse_keys(b, sizeof(r), &k), 0);
	assert_int_equal(k.prgeneration, 5);
	assert_int_equal(k.additional_length, 16);
	assert_int_equal(k.nkeys, 2);
	assert_false(k.truncated);
	assert_true(prin_key_at(&k, 0) == 0x1111);
	assert_true(prin_key_at(&k, 1) == 0xabcdef0123456789ULL);
	assert_int_equal(prin_needed_len(b, sizeof(r)), 24);
	free(b);
}

static void
test_keys_none(void **state)
{
	static const uint8_t r[] = {
		0xff, 0xff, 0xff, 0xff,	/* PRGENERATION wraps: still just a number */
		0x00, 0x00, 0x00, 0x00,	/* no keys */
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_keys k;

	(void)state;
	assert_int_equal(prin_parse_keys(b, sizeof(r), &k), 0);
	assert_int_equal(k.prgeneration, 0xffffffffU);
	assert_int_equal(k.nkeys, 0);
	assert_false(k.truncated);
	free(b);
}

static void
test_keys_truncated(void **state)
{
	/* The device holds three keys (ADDITIONAL LENGTH 24) but the
	 * allocation let only one and a half arrive. */
	static const uint8_t r[] = {
		0x00, 0x00, 0x00, 0x09,
		0x00, 0x00, 0x00, 0x18,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00,	/* half of key 2 */
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_keys k;

	(void)state;
	assert_int_equal(prin_parse_keys(b, sizeof(r), &k), 0);
	assert_int_equal(k.nkeys, 1);
	assert_true(k.truncated);
	assert_true(prin_key_at(&k, 0) == 1);
	assert_int_equal(prin_needed_len(b, sizeof(r)), 32);
	free(b);
}

static void
test_keys_hostile(void **state)
{
	/* ADDITIONAL LENGTH near 4 GiB, 8 bytes of one key arrived */
	static const uint8_t huge[] = {
		0x00, 0x00, 0x00, 0x01,
		0xff, 0xff, 0xff, 0xf8,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};
	/* not a multiple of 8 */
	static const uint8_t odd[] = {
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0c,
		0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	/* shorter than the header */
	static const uint8_t stub[] = { 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };
	uint8_t *b = arrived(huge, sizeof(huge));
	struct prin_keys k;

	(void)state;
	assert_int_equal(prin_parse_keys(b, sizeof(huge), &k), 0);
	assert_int_equal(k.nkeys, 1);
	assert_true(k.truncated);
	assert_true(prin_key_at(&k, 0) == 0x0102030405060708ULL);
	assert_true(prin_needed_len(b, sizeof(huge)) == (size_t)8 + 0xfffffff8U);
	free(b);

	b = arrived(odd, sizeof(odd));
	assert_int_equal(prin_parse_keys(b, sizeof(odd), &k), -EBADMSG);
	free(b);

	b = arrived(stub, sizeof(stub));
	assert_int_equal(prin_parse_keys(b, sizeof(stub), &k), -EBADMSG);
	assert_int_equal(prin_needed_len(b, sizeof(stub)), 0);
	free(b);
}

static void
test_resv_none(void **state)
{
	static const uint8_t r[] = {
		0x00, 0x00, 0x00, 0x03,	/* PRGENERATION 3 */
		0x00, 0x00, 0x00, 0x00,	/* no reservation */
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_resv v;

	(void)state;
	assert_int_equal(prin_parse_resv(b, sizeof(r), &v), 0);
	assert_int_equal(v.prgeneration, 3);
	assert_false(v.held);
	free(b);
}

static void
test_resv_held(void **state)
{
	static const uint8_t r[] = {
		0x00, 0x00, 0x00, 0x04,	/* PRGENERATION 4 */
		0x00, 0x00, 0x00, 0x10,	/* one reservation descriptor */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x11,	/* RESERVATION KEY */
		0x00, 0x00, 0x00, 0x00,	/* obsolete */
		0x00,			/* reserved */
		0x03,			/* SCOPE 0 (LU), TYPE 3 (Exclusive Access) */
		0x00, 0x00,		/* obsolete */
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_resv v;

	(void)state;
	assert_int_equal(prin_parse_resv(b, sizeof(r), &v), 0);
	assert_int_equal(v.prgeneration, 4);
	assert_true(v.held);
	assert_true(v.key == 0x1111);
	assert_int_equal(v.scope, PR_SCOPE_LU);
	assert_int_equal(v.type, 3);
	free(b);
}

static void
test_resv_all_registrants(void **state)
{
	/* Exclusive Access, All Registrants: key 0, SCOPE/TYPE 08h */
	static const uint8_t r[] = {
		0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0x00, 0x08, 0, 0,
	};
	/* an obsolete scope nibble is reported as it is */
	static const uint8_t scoped[] = {
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10,
		0, 0, 0, 0, 0, 0, 0, 7,
		0, 0, 0, 0, 0x00, 0x21, 0, 0,
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct prin_resv v;

	(void)state;
	assert_int_equal(prin_parse_resv(b, sizeof(r), &v), 0);
	assert_int_equal(v.prgeneration, 0x100);
	assert_true(v.held);
	assert_true(v.key == 0);
	assert_int_equal(v.type, 8);
	free(b);
	b = arrived(scoped, sizeof(scoped));
	assert_int_equal(prin_parse_resv(b, sizeof(scoped), &v), 0);
	assert_int_equal(v.scope, 2);
	assert_int_equal(v.type, 1);
	free(b);
}

static void
test_resv_malformed(void **state)
{
	/* descriptor announced, only 12 of its 16 bytes arrived */
	static const uint8_t cut[] = {
		0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x10,
		0, 0, 0, 0, 0, 0, 0x11, 0x11, 0, 0, 0, 0,
	};
	/* ADDITIONAL LENGTH 8: too short for a descriptor */
	static const uint8_t al8[] = {
		0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x08,
		0, 0, 0, 0, 0, 0, 0x11, 0x11,
	};
	uint8_t *b = arrived(cut, sizeof(cut));
	struct prin_resv v;

	(void)state;
	assert_int_equal(prin_parse_resv(b, sizeof(cut), &v), -EBADMSG);
	free(b);
	b = arrived(al8, sizeof(al8));
	assert_int_equal(prin_parse_resv(b, sizeof(al8), &v), -EBADMSG);
	assert_int_equal(prin_parse_resv(b, 4, &v), -EBADMSG);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_two),
		cmocka_unit_test(test_keys_none),
		cmocka_unit_test(test_keys_truncated),
		cmocka_unit_test(test_keys_hostile),
		cmocka_unit_test(test_resv_none),
		cmocka_unit_test(test_resv_held),
		cmocka_unit_test(test_resv_all_registrants),
		cmocka_unit_test(test_resv_malformed),
	};

	return cmocka_run_group_tests_name("prin", tests, NULL, NULL);
}
