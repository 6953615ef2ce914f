/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the key map's lines, what is left out and why, contradictions, lookups, and 100,000 lines. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "keymap.h"
#include "unit.h"

/* The diagnostics told, "LINE: reason" each, one per line. */
struct diags {
	char text[8192];
	size_t n;
};

static void
collect(void *arg, unsigned line, const char *reason)
{
	struct diags *d = arg;
	size_t used = strlen(d->text);

	snprintf(d->text + used, sizeof(d->text) - used, "%u: %s\n", line, reason);
	d->n++;
}

static const char *
name_of(const struct keymap *m, uint64_t key)
{
	const struct keymap_entry *e;

	return keymap_name(m, key, &e) == 0 ? e->name : NULL;
}

static void
test_good_lines(void **state)
{
	static const char text[] =
		"# tresv key map\n"
		"0x1111 backup-a  host A, rack 3\n"
		"\n"
		"   \t# indented comment\n"
		"0X2222\tbackup-b\n"
		"4369 backup-a\n"				/* 0x1111 again, same name */
		"0xabcdef0123456789 lib.robot_1@dc:2/x+y # free text\r\n"
		"18446744073709551615 max";			/* no final newline */
	struct diags d = { "", 0 };
	const struct keymap_entry *e;
	struct keymap m;
	uint64_t k;

	(void)state;
	assert_int_equal(keymap_parse(&m, text, LIT_LEN(text), collect, &d), 0);
	assert_string_equal(d.text, "");
	assert_int_equal(m.n, 5);
	assert_string_equal(name_of(&m, 0x1111), "backup-a");
	assert_string_equal(name_of(&m, 0x2222), "backup-b");
	assert_string_equal(name_of(&m, 0xabcdef0123456789ULL), "lib.robot_1@dc:2/x+y");
	assert_string_equal(name_of(&m, UINT64_MAX), "max");
	assert_null(name_of(&m, 0x3333));
	assert_int_equal(keymap_name(&m, 0x3333, &e), -ENOENT);
	/* the first of equal lines is found */
	assert_int_equal(keymap_name(&m, 0x1111, &e), 0);
	assert_int_equal(e->line, 2);
	assert_int_equal(keymap_key(&m, "backup-b", &e), 0);
	k = e->key;
	assert_true(k == 0x2222);
	assert_int_equal(e->line, 5);
	assert_int_equal(keymap_key(&m, "max", &e), 0);
	assert_true(e->key == UINT64_MAX);
	assert_int_equal(keymap_key(&m, "backup", &e), -ENOENT);
	assert_int_equal(keymap_key(&m, "backup-a-", &e), -ENOENT);
	keymap_free(&m);
	assert_int_equal(m.n, 0);
}

/* Each bad line is told with its number and reason, and left out; the
 * lines around it are kept. */
static void
test_bad_lines(void **state)
{
	static const char text[] =
		"0x1111 one\n"
		"0xg1 bad-key\n"
		"0x12345678901234567 too-big\n"
		"0x2222\n"
		"0x3333 0x44\n"
		"0x3333 123\n"
		"0x3333 auto\n"
		"0x3333 holder\n"
		"0x3333 -dash\n"
		"0x3333 sp\"ace\n"
		"auto myhost\n"
		"0x5555 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		"0x6666 \x01" "ctl\n"
		"0x7777 n\0ul\n"
		"0x8888 last\n";
	static const char want[] =
		"2: '0xg1' is not a key (0x and up to 16 hex digits, or decimal digits)\n"
		"3: key '0x12345678901234567' is larger than 64 bits\n"
		"4: key 0x2222 has no name\n"
		"5: bad name '0x44': a name must not read as a key\n"
		"6: bad name '123': a name must not read as a key\n"
		"7: bad name 'auto': auto and holder are words of the key options, not names\n"
		"8: bad name 'holder': auto and holder are words of the key options, not names\n"
		"9: bad name '-dash': a name begins with a letter or a digit\n"
		"10: bad name 'sp\"ace': a name holds letters, digits and . _ - + @ : / only\n"
		"11: 'auto' is each host's own key, not one key: write the key (tpr-in "
		"--print-auto-key prints this host's line)\n"
		"12: bad name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...': a name is 1 to 64 chars\n"
		"13: bad name '\\x01ctl': a name begins with a letter or a digit\n"
		"14: a NUL byte in the line\n";
	struct diags d = { "", 0 };
	struct keymap m;

	(void)state;
	assert_int_equal(keymap_parse(&m, text, LIT_LEN(text), collect, &d), 0);
	assert_string_equal(d.text, want);
	assert_int_equal(m.n, 2);
	assert_string_equal(name_of(&m, 0x1111), "one");
	assert_string_equal(name_of(&m, 0x8888), "last");
	assert_null(name_of(&m, 0x3333));
	keymap_free(&m);
}

/* A name for two keys, a key with two names: told once per later line,
 * with both lines; neither direction is used; the rest of the map is. */
static void
test_contradictions(void **state)
{
	static const char text[] =
		"0x1 alpha\n"		/* 1 */
		"0x2 alpha\n"		/* 2: alpha stands for 0x1 and 0x2 */
		"0x3 gamma\n"		/* 3 */
		"0x3 delta\n"		/* 4: 0x3 is gamma and delta */
		"0x5 fine\n"		/* 5 */
		"0x5 fine\n"		/* 6: the same pair again: fine */
		"0x1 alpha\n";		/* 7: alpha for 0x1 again, after 0x2 */
	static const char want[] =
		"2: name 'alpha' stands for 0x1 on line 1 and for 0x2 here: it cannot be used\n"
		"4: key 0x3 is named 'gamma' on line 3 and 'delta' here: neither name is used\n"
		"7: name 'alpha' stands for 0x2 on line 2 and for 0x1 here: it cannot be used\n";
	struct diags d = { "", 0 };
	const struct keymap_entry *e;
	struct keymap m;

	(void)state;
	assert_int_equal(keymap_parse(&m, text, LIT_LEN(text), collect, &d), 0);
	assert_string_equal(d.text, want);
	assert_int_equal(keymap_key(&m, "alpha", &e), -EEXIST);
	assert_int_equal(e->line, 1);
	assert_int_equal(e->clash, 2);
	assert_int_equal(keymap_name(&m, 0x1, &e), -EEXIST);
	assert_int_equal(keymap_name(&m, 0x2, &e), -EEXIST);
	assert_int_equal(e->clash, 1);
	assert_int_equal(keymap_name(&m, 0x3, &e), -EEXIST);
	assert_int_equal(keymap_key(&m, "gamma", &e), -EEXIST);
	assert_int_equal(e->clash, 4);
	assert_int_equal(keymap_key(&m, "delta", &e), -EEXIST);
	assert_int_equal(e->clash, 3);
	assert_int_equal(keymap_key(&m, "fine", &e), 0);
	assert_true(e->key == 0x5);
	assert_string_equal(name_of(&m, 0x5), "fine");
	keymap_free(&m);
}

static void
test_empty_and_no_diag(void **state)
{
	static const char text[] = "0xzz x\n0x1 one";
	struct keymap m;

	(void)state;
	assert_int_equal(keymap_parse(&m, "", 0, NULL, NULL), 0);
	assert_int_equal(m.n, 0);
	assert_null(name_of(&m, 0));
	keymap_free(&m);
	assert_int_equal(keymap_parse(&m, "\n\n#\n", 4, NULL, NULL), 0);
	assert_int_equal(m.n, 0);
	keymap_free(&m);
	assert_int_equal(keymap_parse(&m, text, LIT_LEN(text), NULL, NULL), 0);
	assert_int_equal(m.n, 1);
	assert_string_equal(name_of(&m, 1), "one");
	keymap_free(&m);
}

static void
test_name_rules(void **state)
{
	static const char *const good[] = { "a", "A1", "9lives", "x.y_z-w+v@u:t/s",
		"0xg", "12a", "auto1", "holders", NULL };
	static const char *const bad[] = { "", "-a", ".a", "_a", "0x1", "0X1f", "12",
		"18446744073709551616", "auto", "holder", "a b", "a,b", "a\"", "\xc3\xa9", NULL };
	char longest[KEYMAP_NAME_MAX + 2];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_int_equal(keymap_name_ok(good[i], &why), 0);
	for (i = 0; bad[i] != NULL; i++) {
		why = NULL;
		assert_int_equal(keymap_name_ok(bad[i], &why), -EINVAL);
		assert_non_null(why);
	}
	memset(longest, 'n', KEYMAP_NAME_MAX);
	longest[KEYMAP_NAME_MAX] = '\0';
	assert_int_equal(keymap_name_ok(longest, &why), 0);
	longest[KEYMAP_NAME_MAX] = 'n';
	longest[KEYMAP_NAME_MAX + 1] = '\0';
	assert_int_equal(keymap_name_ok(longest, &why), -EINVAL);
}

/* Any host name becomes a name the map takes. */
static void
test_name_from(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "tresv-lab", "tresv-lab" },
		{ "backup1.example.com", "backup1.example.com" },
		{ "under_score", "under_score" },
		{ "with space", "with-space" },
		{ "_lead", "host-_lead" },
		{ "12345", "host-12345" },
		{ "0x1f", "host-0x1f" },
		{ "auto", "host-auto" },
		{ "", "host" },
		{ "caf\xc3\xa9", "caf--" },
	};
	char out[KEYMAP_NAME_MAX + 1], longest[200];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		assert_string_equal(keymap_name_from(t[i].in, out, sizeof(out)), t[i].want);
		assert_int_equal(keymap_name_ok(out, &why), 0);
	}
	memset(longest, '9', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	keymap_name_from(longest, out, sizeof(out));
	assert_int_equal(strlen(out), KEYMAP_NAME_MAX);
	assert_int_equal(strncmp(out, "host-999", 8), 0);
	assert_int_equal(keymap_name_ok(out, &why), 0);
	longest[0] = 'a';
	keymap_name_from(longest, out, sizeof(out));
	assert_int_equal(strlen(out), KEYMAP_NAME_MAX);
	assert_int_equal(out[0], 'a');
}

/* 100,000 lines (a key and a name each, in shuffled order) parse, and
 * every key and name is found again, in well under a second. */
static void
test_100000_lines(void **state)
{
	enum { N = 100000 };
	const struct keymap_entry *e;
	struct timespec t0, t1;
	struct keymap m;
	char *text = malloc((size_t)N * 48), name[32];
	size_t len = 0, i;
	double ms;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < N; i++) {
		/* i * 35761 % N permutes 0..N-1 (35761 is prime to N), and an
		 * odd multiplier keeps the keys apart while scattering them */
		uint64_t k = (uint64_t)(i * 35761 % N + 1) * 0x9e3779b97f4a7c15ULL;

		len += (size_t)sprintf(text + len, "0x%016" PRIx64 " host-%06zu rack\n", k, i);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(keymap_parse(&m, text, len, NULL, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("# 100,000 lines parsed in %.1f ms\n", ms);
	assert_int_equal(m.n, N);
	for (i = 0; i < N; i++) {
		uint64_t k = (uint64_t)(i * 35761 % N + 1) * 0x9e3779b97f4a7c15ULL;

		snprintf(name, sizeof(name), "host-%06zu", i);
		assert_int_equal(keymap_key(&m, name, &e), 0);
		assert_true(e->key == k);
		assert_int_equal(keymap_name(&m, k, &e), 0);
		assert_string_equal(e->name, name);
	}
	assert_true(ms < 1000);
	keymap_free(&m);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lines),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_contradictions),
		cmocka_unit_test(test_empty_and_no_diag),
		cmocka_unit_test(test_name_rules),
		cmocka_unit_test(test_name_from),
		cmocka_unit_test(test_100000_lines),
	};

	return cmocka_run_group_tests_name("keymap", tests, NULL, NULL);
}
