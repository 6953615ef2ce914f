/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cmocka unit tests. Include after <cmocka.h>. */
#ifndef TRESV_UNIT_H
#define TRESV_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * A fixture handed to a parser in a heap buffer of exactly its size, so
 * AddressSanitizer (make SANITIZE=1) catches any read past what
 * "arrived".  Text literals count sizeof - 1 bytes (LIT_LEN); a hex
 * escape always ends its literal.  Free the result.
 */
static inline uint8_t *
arrived(const void *bytes, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, bytes, n);
	return p;
}

/*
 * The fake sysfs tree's root for a cmocka group setup: $TRESV_TEST_SYSFS,
 * else tests/unit/sysfs (tests run from the top of the tree), checked by
 * the symbolic link probe (a path below the root) before any test; into
 * *state.  Returns 0, or -1 after saying on stderr that test has no tree.
 */
static inline int
unit_sysfs_root(void **state, const char *probe, const char *test)
{
	const char *root = getenv("TRESV_TEST_SYSFS");
	char path[4096];
	struct stat st;

	if (root == NULL)
		root = "tests/unit/sysfs";
	snprintf(path, sizeof(path), "%s/%s", root, probe);
	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) {
		fprintf(stderr, "%s: no fixture tree at %s (run from the top of the tree)\n",
			test, root);
		return -1;
	}
	*state = (void *)root;
	return 0;
}

#define LIT_LEN(lit) (sizeof(lit) - 1)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TRESV_UNIT_H */
