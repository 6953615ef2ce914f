/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: which key map is trusted, what names a key first, key options that take names. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "keynames.h"
#include "keys.h"
#include "unit.h"

/* A scratch directory of the test's own (mode 0755) with one map. */
struct scratch {
	char dir[64];
	char map[128];
};

static void
put_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int
setup(void **state)
{
	static struct scratch s;

	snprintf(s.dir, sizeof(s.dir), "/tmp/tresv-keynames.XXXXXX");
	if (mkdtemp(s.dir) == NULL || chmod(s.dir, 0755) != 0)
		return -1;
	snprintf(s.map, sizeof(s.map), "%s/keys", s.dir);
	put_file(s.map, "0x1111 backup-a\n", 0644);
	*state = &s;
	return 0;
}

static int
teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* keynames_open_trusted()'s verdict and words for path. */
static int
verdict(const char *path, char *why, size_t len)
{
	int fd;

	why[0] = '\0';
	fd = keynames_open_trusted(path, why, len);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

static void
test_trust(void **state)
{
	struct scratch *s = *state;
	char why[256], path[256];

	assert_int_equal(verdict(s->map, why, sizeof(why)), 0);
	assert_int_equal(chmod(s->map, 0664), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "it is writable by its group");
	assert_int_equal(chmod(s->map, 0646), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "it is writable by others");
	assert_int_equal(chmod(s->map, 0600), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), 0);
	/* the directory: group- or world-writable, sticky or not */
	assert_int_equal(chmod(s->dir, 0775), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "its directory is writable by its group");
	assert_int_equal(chmod(s->dir, 01777), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "its directory is writable by others");
	assert_int_equal(chmod(s->dir, 0755), 0);
	/* a symbolic link to a good file is refused; so is what is no file */
	snprintf(path, sizeof(path), "%s/link", s->dir);
	assert_int_equal(symlink(s->map, path), 0);
	assert_int_equal(verdict(path, why, sizeof(why)), -ELOOP);
	assert_string_equal(why, "a symbolic link: refused");
	snprintf(path, sizeof(path), "%s/fifo", s->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(verdict(path, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "not a regular file");
	snprintf(path, sizeof(path), "%s/", s->dir);
	assert_int_equal(verdict(path, why, sizeof(why)), -EINVAL);
	snprintf(path, sizeof(path), "%s/none", s->dir);
	assert_int_equal(verdict(path, why, sizeof(why)), -ENOENT);
	assert_int_equal(verdict("/nonexistent-dir/keys", why, sizeof(why)), -ENOENT);
	assert_string_equal(why, "its directory: No such file or directory");
	/* /dev/null: a trusted directory, but no regular file */
	assert_int_equal(verdict("/dev/null", why, sizeof(why)), -EINVAL);
}

/* Owned by another user: refused (needs root to give a file away). */
static void
test_trust_owner(void **state)
{
	struct scratch *s = *state;
	char why[256];

	if (geteuid() != 0) {
		print_message("# skipped: giving a file to another user needs root\n");
		return;
	}
	assert_int_equal(chown(s->map, 4242, 0), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "it is owned by uid 4242, not by root");
	assert_int_equal(chown(s->map, 0, 0), 0);
	assert_int_equal(chown(s->dir, 4242, 0), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), -EPERM);
	assert_string_equal(why, "its directory is owned by uid 4242, not by root");
	assert_int_equal(chown(s->dir, 0, 0), 0);
	assert_int_equal(verdict(s->map, why, sizeof(why)), 0);
}

static void
test_read(void **state)
{
	struct scratch *s = *state;
	char why[256], *text;
	size_t len;

	assert_int_equal(keynames_read_trusted(s->map, 1024, &text, &len, why, sizeof(why)), 0);
	assert_int_equal(len, 16);
	assert_string_equal(text, "0x1111 backup-a\n");
	free(text);
	assert_int_equal(keynames_read_trusted(s->map, 15, &text, &len, why, sizeof(why)),
			 -EFBIG);
	assert_null(text);
	assert_string_equal(why, "larger than 15 bytes");
}

/* What the loader takes: --keys first, then TRESV_KEYS, "" for none;
 * an untrusted map leaves no names. */
static void
test_load(void **state)
{
	struct scratch *s = *state;
	struct keynames kn;
	char buf[KEYNAMES_NAME_MAX], other[256];

	unsetenv("TRESV_KEYS");
	keynames_load(&kn, s->map);
	assert_string_equal(kn.map_file, s->map);
	assert_string_equal(keynames_name(&kn, 0x1111, buf, sizeof(buf)), "backup-a");
	keynames_free(&kn);
	assert_null(kn.map_file);

	setenv("TRESV_KEYS", s->map, 1);
	keynames_load(&kn, NULL);
	assert_string_equal(kn.map_file, s->map);
	keynames_free(&kn);
	snprintf(other, sizeof(other), "%s/other", s->dir);
	put_file(other, "0x1111 from-keys-option\n", 0644);
	keynames_load(&kn, other);		/* --keys wins over TRESV_KEYS */
	assert_string_equal(keynames_name(&kn, 0x1111, buf, sizeof(buf)), "from-keys-option");
	keynames_free(&kn);
	keynames_load(&kn, "");			/* --keys '': no map */
	assert_null(kn.map_file);
	assert_int_equal(kn.map.n, 0);
	keynames_free(&kn);
	setenv("TRESV_KEYS", "", 1);
	keynames_load(&kn, NULL);
	assert_null(kn.map_file);
	keynames_free(&kn);
	unsetenv("TRESV_KEYS");

	assert_int_equal(chmod(s->map, 0666), 0);
	keynames_load(&kn, s->map);		/* said on stderr, then no names */
	assert_null(kn.map_file);
	assert_null(keynames_name(&kn, 0x1111, buf, sizeof(buf)));
	keynames_free(&kn);
	assert_int_equal(chmod(s->map, 0644), 0);
}

/* What names a key first: the map, then this host's auto key (this
 * host's real one, keys_auto()), then multipathd's keys, then a known
 * scheme. */
static void
test_precedence(void **state)
{
	static uint64_t mpath[] = { 0x6666, 0x400000000a000007ULL };
	struct keynames kn = { .mpath = mpath, .nmpath = NELEM(mpath) };
	struct keynames plain = { .mpath = mpath, .nmpath = NELEM(mpath) };
	char map[256], buf[KEYNAMES_NAME_MAX], str[KEYNAMES_STR_MAX];
	uint64_t mine;
	int n;

	(void)state;
	if (keys_auto(&mine) != 0)
		skip();		/* no machine ID here: nothing to name */
	n = snprintf(map, sizeof(map),
		     "0x4e6574576f726b72 networker-pool\n"	/* the map over ASCII */
		     "0x%" PRIx64 " five\n"			/* the map over auto */
		     "0x7 x\n0x7 y\n", mine);		/* contradicted: no name */
	assert_int_equal(keymap_parse(&kn.map, map, (size_t)n, NULL, NULL), 0);
	assert_string_equal(keynames_name(&kn, 0x4e6574576f726b72ULL, buf, sizeof(buf)),
			    "networker-pool");
	assert_string_equal(keynames_name(&kn, mine, buf, sizeof(buf)), "five");
	assert_string_equal(keynames_name(&plain, mine, buf, sizeof(buf)),
			    "this host's auto key");
	assert_null(keynames_name(&plain, mine ^ 1, buf, sizeof(buf)));
	assert_string_equal(keynames_name(&kn, 0x6666, buf, sizeof(buf)),
			    "this host's multipathd key");
	/* multipathd's over LTFS's shape */
	assert_string_equal(keynames_name(&kn, 0x400000000a000007ULL, buf, sizeof(buf)),
			    "this host's multipathd key");
	assert_string_equal(keynames_name(&kn, 0x400000000a000008ULL, buf, sizeof(buf)),
			    "LTFS host 10.0.0.8");
	assert_null(keynames_name(&kn, 0x7, buf, sizeof(buf)));
	assert_null(keynames_name(&kn, 0x1234, buf, sizeof(buf)));
	assert_null(keynames_name(NULL, mine, buf, sizeof(buf)));
	snprintf(map, sizeof(map), "0x%" PRIx64 " (five)", mine);
	assert_string_equal(keynames_str(&kn, mine, str, sizeof(str)), map);
	assert_string_equal(keynames_str(&kn, 0x1234, str, sizeof(str)), "0x1234");
	assert_string_equal(keynames_str(NULL, 0x5555, str, sizeof(str)), "0x5555");
	keymap_free(&kn.map);
}

static void
test_parse(void **state)
{
	static const char map[] = "0x1111 backup-a\n0x2 twice\n0x3 twice\n";
	struct keynames kn = { 0 };
	const struct keymap_entry *clash = NULL;
	uint64_t key = 42, autokey;

	(void)state;
	assert_int_equal(keymap_parse(&kn.map, map, LIT_LEN(map), NULL, NULL), 0);
	assert_int_equal(keynames_parse(&kn, "backup-a", &key, NULL), 0);
	assert_true(key == 0x1111);
	assert_int_equal(keynames_parse(&kn, "0x2222", &key, NULL), 0);
	assert_true(key == 0x2222);
	assert_int_equal(keynames_parse(&kn, "99999999999999999999", &key, NULL), -ERANGE);
	assert_int_equal(keynames_parse(&kn, "backup-b", &key, NULL), -EINVAL);
	assert_int_equal(keynames_parse(&kn, "", &key, NULL), -EINVAL);
	assert_int_equal(keynames_parse(&kn, "twice", &key, &clash), -EEXIST);
	assert_non_null(clash);
	assert_int_equal(clash->line, 2);
	assert_int_equal(clash->clash, 3);
	assert_true(key == 0x2222);		/* untouched on failure */
	assert_int_equal(keynames_parse(NULL, "backup-a", &key, NULL), -EINVAL);
	if (keys_auto(&autokey) == 0) {
		assert_int_equal(keynames_parse(&kn, "auto", &key, NULL), 0);
		assert_true(key == autokey);
	}
	keymap_free(&kn.map);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests_name("keynames", tests, NULL, NULL);
}
