/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: this host's paths to a logical unit on the fake sysfs tree (tests/unit/sysfs): grouping by LU name, states, ports, device-mapper maps. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cmocka.h>

#include "unit.h"
#include "paths.h"

/* LU X of the tree's README: sg2 and sg10 (tcm_loop) and sg13 (FC, offline). */
#define LU_X "naa.6001405eab0001000000000000000000"
#define LU_Y "naa.5000c500a1b2c3d4"

/* The fixture root (unit_sysfs_root()), checked before any test. */
static int
group_setup(void **state)
{
	return unit_sysfs_root(state, "sys/dev/block/254:0", "test_paths");
}

/* path p is node, state, TransportID text, relative target port, LU name. */
static void
path_is(const struct paths_path *p, const char *node, const char *state,
	const char *tid, int port, const char *lu)
{
	char t[TID_FORMAT_MAX];

	assert_string_equal(p->node, node);
	assert_string_equal(p->state, state);
	assert_string_equal(paths_tid_str(p, t, sizeof(t)), tid);
	assert_int_equal(p->rel_tgt_port, port);
	assert_string_equal(p->lu_name, lu);
}

/* Every sg disk, tape and changer, and which lead to one unit. */
static void
test_scan_and_group(void **state)
{
	const char *root = *state;
	struct paths_path *v = NULL;
	size_t n = 0, first[16], units;

	assert_int_equal(paths_scan(root, SYSFS_MASK_DISK | SYSFS_MASK_TAPE |
				    SYSFS_MASK_CHANGER, &v, &n), 0);
	assert_int_equal(n, 7);
	path_is(&v[0], "/dev/sg0", "running", "sas,0x500605b0000272b0", -1, LU_Y);
	path_is(&v[1], "/dev/sg2", "running", "sas,0x50014051a2b3c4d2", 1, LU_X);
	path_is(&v[2], "/dev/sg3", "running", "unknown", -1, "");	/* scsi_debug */
	path_is(&v[4], "/dev/sg10", "running", "sas,0x50014051a2b3c4e2", 2, LU_X);
	path_is(&v[6], "/dev/sg13", "offline", "fc,0x21000024ff314c48", 3, LU_X);
	assert_false(paths_running(&v[6]));
	assert_true(paths_running(&v[4]));
	/* LU X once (first sg2), LU Y, and each device without a name alone */
	units = paths_group(v, n, first);
	assert_int_equal(units, 5);
	assert_int_equal(first[1], 1);
	assert_int_equal(first[4], 1);
	assert_int_equal(first[6], 1);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[2], 2);
	assert_int_equal(first[3], 3);
	assert_int_equal(first[5], 5);
	free(v);
}

/* The grouping itself, on names only: empty names never join. */
static void
test_group_pure(void **state)
{
	struct paths_path v[5];
	size_t first[5];
	static const char *const names[] = { "", "naa.1", "", "naa.2", "naa.1" };
	size_t i;

	(void)state;
	memset(v, 0, sizeof(v));
	for (i = 0; i < NELEM(names); i++)
		snprintf(v[i].lu_name, sizeof(v[i].lu_name), "%s", names[i]);
	assert_int_equal(paths_group(v, 5, first), 4);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 1);
	assert_int_equal(first[2], 2);
	assert_int_equal(first[3], 3);
	assert_int_equal(first[4], 1);
	assert_int_equal(paths_group(v, 0, first), 0);
}

/* A node leads to every path of its unit, in sg order, itself marked. */
static void
check_of_node(const char *root)
{
	struct paths_lu lu;
	char why[256];

	/* sg10 (character 21:10): LU X through sg2, sg10 and sg13 */
	assert_int_equal(paths_of_rdev(root, false, makedev(21, 10), "/dev/sg10", &lu,
				       why, sizeof(why)), 0);
	assert_int_equal(lu.n, 3);
	assert_int_equal(lu.given, 1);
	assert_string_equal(lu.map, "");
	/* each with its state, port and target port: the one named (read
	 * first, kept for its turn) and the others alike */
	path_is(&lu.v[0], "/dev/sg2", "running", "sas,0x50014051a2b3c4d2", 1, LU_X);
	path_is(&lu.v[1], "/dev/sg10", "running", "sas,0x50014051a2b3c4e2", 2, LU_X);
	path_is(&lu.v[2], "/dev/sg13", "offline", "fc,0x21000024ff314c48", 3, LU_X);
	assert_int_equal(paths_first_running(&lu), 0);
	paths_free(&lu);
	assert_null(lu.v);

	/* sda (block 8:0): LU Y, one path, its sg node */
	assert_int_equal(paths_of_rdev(root, true, makedev(8, 0), "/dev/sda", &lu, why,
				       sizeof(why)), 0);
	assert_int_equal(lu.n, 1);
	assert_int_equal(lu.given, 0);
	assert_string_equal(lu.v[0].node, "/dev/sg0");
	paths_free(&lu);

	/* the tape's nst0 (9:128): no LU name in sysfs, a unit of its own */
	assert_int_equal(paths_of_rdev(root, false, makedev(9, 128), "/dev/nst0", &lu,
				       why, sizeof(why)), 0);
	assert_int_equal(lu.n, 1);
	assert_string_equal(lu.v[0].node, "/dev/sg3");
	assert_string_equal(lu.v[0].lu_name, "");
	paths_free(&lu);

	/* a device without an sg node, the offline tape 4:0:0:1, by its
	 * H:C:T:L name: itself, as named */
	assert_int_equal(paths_of(root, "/dev/bsg/4:0:0:1", &lu, why, sizeof(why)), 0);
	assert_int_equal(lu.n, 1);
	assert_string_equal(lu.v[0].node, "/dev/bsg/4:0:0:1");
	assert_string_equal(lu.v[0].state, "offline");
	paths_free(&lu);

	/* not a SCSI device: /dev/null's 1:3, a partition */
	assert_int_equal(paths_of_rdev(root, false, makedev(1, 3), "/dev/null", &lu, why,
				       sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "not know it as a SCSI device"));
	assert_int_equal(lu.n, 0);
	assert_int_equal(paths_of_rdev(root, true, makedev(8, 1), "/dev/sda1", &lu, why,
				       sizeof(why)), -EINVAL);
}

static void
test_of_node(void **state)
{
	check_of_node(*state);
}

/* The same answers from one scan kept for many devices (tpr-in status
 * -f A -f B ...); a snapshot of another root is not used. */
static void
test_of_node_snapshot(void **state)
{
	assert_int_equal(paths_snapshot_take(*state), 0);
	check_of_node(*state);
	paths_snapshot_drop();
	assert_int_equal(paths_snapshot_take("/nonexistent"), -ENOENT);
	check_of_node(*state);
	paths_snapshot_drop();	/* twice is harmless */
}

/* A device-mapper map: its slaves are its paths, all of one unit. */
static void
test_of_map(void **state)
{
	const char *root = *state;
	struct paths_lu lu;
	char why[256], dm[16];

	assert_int_equal(paths_map_of(root, makedev(254, 0), dm, sizeof(dm)), 1);
	assert_string_equal(dm, "dm-0");
	assert_int_equal(paths_map_of(root, makedev(8, 0), dm, sizeof(dm)), 0);

	assert_int_equal(paths_of_rdev(root, true, makedev(254, 0), "/dev/mapper/mpatha",
				       &lu, why, sizeof(why)), 0);
	assert_string_equal(lu.map, "dm-0");
	assert_string_equal(lu.map_name, "mpatha");
	assert_int_equal(lu.n, 2);
	assert_int_equal(lu.given, 2);
	/* sdb and sdc through their sg nodes */
	path_is(&lu.v[0], "/dev/sg2", "running", "sas,0x50014051a2b3c4d2", 1, LU_X);
	path_is(&lu.v[1], "/dev/sg10", "running", "sas,0x50014051a2b3c4e2", 2, LU_X);
	paths_free(&lu);

	/* paths to two units: refused, both named */
	assert_int_equal(paths_of_rdev(root, true, makedev(254, 1), "/dev/dm-1", &lu,
				       why, sizeof(why)), -EXDEV);
	assert_non_null(strstr(why, "different logical units"));
	assert_non_null(strstr(why, "/dev/sg0 to " LU_Y));
	assert_non_null(strstr(why, "/dev/sg2 to " LU_X));
	assert_int_equal(lu.n, 0);
	assert_null(lu.v);

	/* a partition under it: no SCSI device */
	assert_int_equal(paths_of_rdev(root, true, makedev(254, 2), "/dev/dm-2", &lu,
				       why, sizeof(why)), -ENOTBLK);
	assert_string_equal(why, "its path sda1 is not a SCSI device");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_and_group),
		cmocka_unit_test(test_group_pure),
		cmocka_unit_test(test_of_node),
		cmocka_unit_test(test_of_node_snapshot),
		cmocka_unit_test(test_of_map),
	};

	return cmocka_run_group_tests_name("paths", tests, group_setup, NULL);
}
