/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: sysfs access on the fake tree in tests/unit/sysfs: attributes, listings, devices by dev_t, the sg scan. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit.h"
#include "sysfs.h"

/* The fixture root (unit_sysfs_root()), checked before any test. */
static int
group_setup(void **state)
{
	return unit_sysfs_root(state, "sys/dev/char/21:10", "test_sysfs");
}

/* A scratch directory for files and nodes a test makes; removed by
 * rm_scratch(). */
static void
make_scratch(char *dir, size_t cap)
{
	snprintf(dir, cap, "%s/tresv-sysfs-XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
}

static void
rm_scratch(const char *dir, const char *const *names)
{
	char path[PATH_MAX];

	for (; *names != NULL; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		unlink(path);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* Write n bytes to dir/name. */
static void
put_file(const char *dir, const char *name, const void *p, size_t n)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
}

/* ---- attributes, paths, listings ---------------------------------------- */

/* Read the FIFO dir/name with sysfs_read_attr() (cap bytes) while a child
 * writes it in two pieces, first bytes then second, 200 ms apart: the
 * reader's first read(2) gets the first piece alone.  Returns what
 * sysfs_read_attr() does. */
static ssize_t
read_in_pieces(const char *dir, const char *name, size_t first, size_t second,
	       uint8_t *buf, size_t cap)
{
	static uint8_t fill[8192];
	char path[PATH_MAX];
	ssize_t n;
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(mkfifo(path, 0600), 0);
	memset(fill, 'x', sizeof(fill));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		signal(SIGPIPE, SIG_IGN);	/* a reader done after the first piece */
		fd = open(path, O_WRONLY);

		if (fd < 0 || write(fd, fill, first) != (ssize_t)first)
			_exit(1);
		usleep(200000);
		_exit(write(fd, fill, second) == (ssize_t)second ? 0 : 1);
	}
	n = sysfs_read_attr(path, buf, cap);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return n;
}

/* sysfs gives an attribute whole at the first read(2), at most a page a
 * read: a read short of a page is the end; a page-sized one goes on. */
static void
test_read_attr_pieces(void **state)
{
	static const char *const names[] = { "short", "page", NULL };
	static uint8_t buf[8192];
	char dir[256];

	(void)state;
	make_scratch(dir, sizeof(dir));
	/* 10 bytes, then 10 more: the first 10 are the attribute */
	assert_int_equal(read_in_pieces(dir, "short", 10, 10, buf, sizeof(buf)), 10);
	/* a 4096-byte page, then 100 bytes: both, as kernfs hands out a long
	 * binary attribute */
	assert_int_equal(read_in_pieces(dir, "page", 4096, 100, buf, sizeof(buf)), 4196);
	rm_scratch(dir, names);
}

static void
test_read_attr(void **state)
{
	static const char *const names[] = {
		"text", "bin", "empty", "two-newlines", NULL,
	};
	static const uint8_t bin[] = { 0x00, 0x83, 0x00, 0x02, 0x0a, 0x00 };
	char dir[256], path[PATH_MAX], text[16];
	uint8_t buf[16];

	(void)state;
	make_scratch(dir, sizeof(dir));
	put_file(dir, "text", "running\n", 8);
	put_file(dir, "bin", bin, sizeof(bin));
	put_file(dir, "empty", "", 0);
	put_file(dir, "two-newlines", "a\n\n", 3);

	/* binary: every byte as it is, newline and NULs included */
	snprintf(path, sizeof(path), "%s/bin", dir);
	assert_int_equal(sysfs_read_attr(path, buf, sizeof(buf)), sizeof(bin));
	assert_memory_equal(buf, bin, sizeof(bin));
	assert_int_equal(sysfs_read_attr(path, buf, sizeof(bin)), sizeof(bin));
	assert_int_equal(sysfs_read_attr(path, buf, sizeof(bin) - 1),
			 -EOVERFLOW);
	/* as text: a NUL inside is not text */
	assert_int_equal(sysfs_read_text(path, text, sizeof(text)), -EBADMSG);

	snprintf(path, sizeof(path), "%s/text", dir);
	assert_int_equal(sysfs_read_text(path, text, sizeof(text)), 7);
	assert_string_equal(text, "running");
	/* "running\n" needs 8 bytes: the newline goes, the NUL takes its
	 * place; 7 bytes are too few */
	assert_int_equal(sysfs_read_text(path, text, 9), 7);
	assert_int_equal(sysfs_read_text(path, text, 8), -EOVERFLOW);
	assert_int_equal(sysfs_read_text(path, text, 0), -EINVAL);

	snprintf(path, sizeof(path), "%s/two-newlines", dir);
	assert_int_equal(sysfs_read_text(path, text, sizeof(text)), 2);
	assert_string_equal(text, "a\n");
	snprintf(path, sizeof(path), "%s/empty", dir);
	assert_int_equal(sysfs_read_attr(path, buf, 0), 0);
	assert_int_equal(sysfs_read_text(path, text, sizeof(text)), 0);
	assert_string_equal(text, "");
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(sysfs_read_attr(path, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sysfs_read_text(path, text, sizeof(text)), -ENOENT);
	rm_scratch(dir, names);
}

static void
test_path(void **state)
{
	char p[32], big[PATH_MAX + 2];

	(void)state;
	assert_int_equal(sysfs_path(p, sizeof(p), "/", "sys/dev/char/%u:%u",
				    21u, 3u), 0);
	assert_string_equal(p, "/sys/dev/char/21:3");
	assert_int_equal(sysfs_path(p, sizeof(p), NULL, "sys"), 0);
	assert_string_equal(p, "/sys");
	assert_int_equal(sysfs_path(p, sizeof(p), "", "sys"), 0);
	assert_string_equal(p, "/sys");
	assert_int_equal(sysfs_path(p, sizeof(p), "t/root/", "sys"), 0);
	assert_string_equal(p, "t/root/sys");
	assert_int_equal(sysfs_path(p, sizeof(p), "t/root", "sys"), 0);
	assert_string_equal(p, "t/root/sys");
	/* 31 chars and the NUL fit in 32; one more does not */
	assert_int_equal(sysfs_path(p, sizeof(p), "/", "%s",
				    "123456789012345678901234567890"), 0);
	assert_int_equal(sysfs_path(p, sizeof(p), "/", "%s",
				    "1234567890123456789012345678901"),
			 -ENAMETOOLONG);
	memset(big, 'r', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(sysfs_path(p, sizeof(p), big, "sys"), -ENAMETOOLONG);
}

static void
test_list(void **state)
{
	static const char *const sg[] = {
		"sg0", "sg2", "sg3", "sg4", "sg5", "sg7", "sg10", "sg11", "sg12",
		"sg13",
	};
	static const char *const phys[] = {
		"phy-1:0", "phy-1:0:0", "phy-1:2", "phy-1:10",
	};
	const char *root = *state;
	char dir[PATH_MAX];
	struct sysfs_list l;
	size_t i;

	/* versionsort(3): numbers in names compare as numbers */
	snprintf(dir, sizeof(dir), "%s/sys/class/scsi_generic", root);
	assert_int_equal(sysfs_list(dir, "sg", &l), 0);
	assert_int_equal(l.n, NELEM(sg));
	for (i = 0; i < l.n; i++)
		assert_string_equal(l.v[i]->d_name, sg[i]);
	sysfs_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);

	snprintf(dir, sizeof(dir), "%s/sys/class/sas_phy", root);
	assert_int_equal(sysfs_list(dir, "phy-1:", &l), 0);
	assert_int_equal(l.n, NELEM(phys));
	for (i = 0; i < l.n; i++)
		assert_string_equal(l.v[i]->d_name, phys[i]);
	sysfs_list_free(&l);
	/* "" lists everything but . and .. */
	assert_int_equal(sysfs_list(dir, "", &l), 0);
	assert_int_equal(l.n, 5);
	sysfs_list_free(&l);
	assert_int_equal(sysfs_list(dir, "nothing", &l), 0);
	assert_int_equal(l.n, 0);
	sysfs_list_free(&l);

	snprintf(dir, sizeof(dir), "%s/sys/class/no_such_class", root);
	assert_int_equal(sysfs_list(dir, "", &l), -ENOENT);
	assert_int_equal(l.n, 0);
}

static void
test_realpath(void **state)
{
	const char *root = *state;
	char path[PATH_MAX], rel[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/class/scsi_generic/sg10", root);
	assert_int_equal(sysfs_realpath(root, path, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "sys/devices/tcm_loop_0/tcm_loop_adapter_1/"
			    "host3/target3:0:1/3:0:1:0/scsi_generic/sg10");
	assert_int_equal(sysfs_realpath(root, path, rel, 20), -ENAMETOOLONG);
	assert_int_equal(sysfs_realpath(root, root, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "");
	/* outside the root */
	assert_int_equal(sysfs_realpath(root, "/", rel, sizeof(rel)), -EXDEV);
	snprintf(path, sizeof(path), "%s/sys/class/scsi_generic/sg99", root);
	assert_int_equal(sysfs_realpath(root, path, rel, sizeof(rel)),
			 -ENOENT);
	/* the root "/" itself: paths lose only their leading slash */
	assert_int_equal(sysfs_realpath("/", "/", rel, sizeof(rel)), 0);
	assert_string_equal(rel, "");
}

/* ---- H:C:T:L -------------------------------------------------------------- */

static void
test_parse_hctl(void **state)
{
	static const char *const bad[] = {
		"", "1:2:3", "1:2:3:4:5", "a:0:0:0", "1:2:3:4x", " 1:0:0:0",
		"-1:0:0:0", "4294967296:0:0:0", "0:0:0:18446744073709551616",
		"1::0:0", "1:0:0:", "+1:0:0:0",
	};
	struct sysfs_hctl h;
	size_t i;

	(void)state;
	assert_int_equal(sysfs_parse_hctl("2:0:1:0", &h), 0);
	assert_int_equal(h.host, 2);
	assert_int_equal(h.channel, 0);
	assert_int_equal(h.target, 1);
	assert_true(h.lun == 0);
	assert_int_equal(sysfs_parse_hctl("4294967295:1:2:18446744073709551615",
					  &h), 0);
	assert_int_equal(h.host, UINT_MAX);
	assert_true(h.lun == UINT64_MAX);
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(sysfs_parse_hctl(bad[i], &h), -EINVAL);
	assert_int_equal(sysfs_parse_hctl(NULL, &h), -EINVAL);
}

/* ---- SCSI devices by dev_t ------------------------------------------------ */

/* The device of dev_t rdev (block or char) is H:C:T:L under dir. */
static void
dev_is(const char *root, bool block, dev_t rdev, unsigned h, unsigned c,
       unsigned t, uint64_t l, const char *dir)
{
	struct sysfs_dev d;

	memset(&d, 0xee, sizeof(d));
	assert_int_equal(sysfs_device_of(root, block, rdev, &d), 0);
	assert_int_equal(d.hctl.host, h);
	assert_int_equal(d.hctl.channel, c);
	assert_int_equal(d.hctl.target, t);
	assert_true(d.hctl.lun == l);
	assert_string_equal(d.dir, dir);
}

#define TAPE4 "sys/devices/pseudo_0/adapter0/host4/target4:0:0/4:0:0:0"
#define CHANGER5 "sys/devices/pseudo_0/adapter1/host5/target5:0:0/5:0:0:0"
#define DISK0 "sys/devices/pci0000:00/0000:00:10.0/host0/target0:0:0/0:0:0:0"
#define LOOP3 "sys/devices/tcm_loop_0/tcm_loop_adapter_1/host3/target3:0:1/3:0:1:0"

static void
test_device_of(void **state)
{
	const char *root = *state;
	struct sysfs_dev d;

	/* sg: character major 21, minor N */
	dev_is(root, false, makedev(21, 10), 3, 0, 1, 0, LOOP3);
	dev_is(root, false, makedev(21, 2), 2, 0, 1, 0,
	       "sys/devices/tcm_loop_0/tcm_loop_adapter_0/host2/target2:0:1/"
	       "2:0:1:0");
	dev_is(root, false, makedev(21, 11), 6, 0, 0, 0,
	       "sys/devices/platform/host6/session13/target6:0:0/6:0:0:0");
	/* st: major 9, minor = mode << 5 | 128 when no rewind (tape 0):
	 * st0 0, st0l 32 (mode 1), nst0 128, nst0a 224 (mode 3) */
	dev_is(root, false, makedev(9, 0), 4, 0, 0, 0, TAPE4);
	dev_is(root, false, makedev(9, 32), 4, 0, 0, 0, TAPE4);
	dev_is(root, false, makedev(9, 128), 4, 0, 0, 0, TAPE4);
	dev_is(root, false, makedev(9, 224), 4, 0, 0, 0, TAPE4);
	/* ch: major 86; bsg (a dynamic major); sd: block major 8 */
	dev_is(root, false, makedev(86, 0), 5, 0, 0, 0, CHANGER5);
	dev_is(root, false, makedev(247, 4), 5, 0, 0, 0, CHANGER5);
	dev_is(root, true, makedev(8, 0), 0, 0, 0, 0, DISK0);

	/* no such device number: sg99, sch1, nst0m (9:192) */
	assert_int_equal(sysfs_device_of(root, false, makedev(21, 99), &d),
			 -ENOENT);
	assert_int_equal(sysfs_device_of(root, false, makedev(86, 1), &d),
			 -ENOENT);
	assert_int_equal(sysfs_device_of(root, false, makedev(9, 192), &d),
			 -ENOENT);
	/* block 21:10 is not character 21:10 */
	assert_int_equal(sysfs_device_of(root, true, makedev(21, 10), &d),
			 -ENOENT);
	/* devices that are not SCSI devices: tty0, a partition, /dev/null */
	assert_int_equal(sysfs_device_of(root, false, makedev(4, 0), &d),
			 -EINVAL);
	assert_int_equal(sysfs_device_of(root, true, makedev(8, 1), &d),
			 -EINVAL);
	assert_int_equal(sysfs_device_of(root, false, makedev(1, 3), &d),
			 -EINVAL);
	assert_string_equal(d.dir, "");
	/* an empty root: nothing at all */
	assert_int_equal(sysfs_device_of("/nonexistent", false,
					 makedev(21, 10), &d), -ENOENT);
}

static void
test_device_of_path(void **state)
{
	static const struct {
		const char *dev;
		unsigned h, c, t;
		uint64_t l;
		const char *dir;
	} names[] = {
		/* H:C:T:L names, the path need not exist */
		{ "tests/unit/sysfs/dev/bsg/5:0:0:0", 5, 0, 0, 0, CHANGER5 },
		{ "12:3:4:5", 12, 3, 4, 5, "" },	/* not in sysfs */
		{ "4:0:0:1", 4, 0, 0, 1,
		  "sys/devices/pseudo_0/adapter0/host4/target4:0:0/4:0:0:1" },
	};
	const char *root = *state;
	char readme[PATH_MAX];
	struct sysfs_dev d;
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		memset(&d, 0xee, sizeof(d));
		assert_int_equal(sysfs_device_of_path(root, names[i].dev, &d),
				 0);
		assert_int_equal(d.hctl.host, names[i].h);
		assert_int_equal(d.hctl.channel, names[i].c);
		assert_int_equal(d.hctl.target, names[i].t);
		assert_true(d.hctl.lun == names[i].l);
		assert_string_equal(d.dir, names[i].dir);
	}
	/* /dev/null is a character device, but no SCSI device */
	assert_int_equal(sysfs_device_of_path(root, "/dev/null", &d), -EINVAL);
	/* a file and a directory are not device nodes */
	snprintf(readme, sizeof(readme), "%s/README", root);
	assert_int_equal(sysfs_device_of_path(root, readme, &d), -EINVAL);
	assert_int_equal(sysfs_device_of_path(root, root, &d), -EINVAL);
	/* no such path, and not an H:C:T:L name; nothing at all */
	assert_int_equal(sysfs_device_of_path(root, "/nonexistent/sg1", &d),
			 -ENOENT);
	assert_int_equal(sysfs_device_of_path(root, "1:2:3", &d), -ENOENT);
	assert_int_equal(sysfs_device_of_path(root, NULL, &d), -EINVAL);
}

static void
test_device_of_node(void **state)
{
	static const char *const names[] = {
		"backup-drive", "by-id-link", "disk", NULL,
	};
	const char *root = *state;
	char dir[256], path[PATH_MAX], link[PATH_MAX];
	struct sysfs_dev d;

	make_scratch(dir, sizeof(dir));
	/* a node whose name means nothing, as mknod(1) makes it: nst0a */
	snprintf(path, sizeof(path), "%s/backup-drive", dir);
	if (mknod(path, S_IFCHR | 0600, makedev(9, 224)) != 0) {
		rm_scratch(dir, names);
		skip();		/* not allowed to make device nodes here */
	}
	assert_int_equal(sysfs_device_of_path(root, path, &d), 0);
	assert_int_equal(d.hctl.host, 4);
	assert_string_equal(d.dir, TAPE4);
	/* a link to it, as udev's by-id links are */
	snprintf(link, sizeof(link), "%s/by-id-link", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(sysfs_device_of_path(root, link, &d), 0);
	assert_string_equal(d.dir, TAPE4);
	/* a block node: sda */
	snprintf(path, sizeof(path), "%s/disk", dir);
	assert_int_equal(mknod(path, S_IFBLK | 0600, makedev(8, 0)), 0);
	assert_int_equal(sysfs_device_of_path(root, path, &d), 0);
	assert_string_equal(d.dir, DISK0);
	rm_scratch(dir, names);
}

static void
test_sg_node(void **state)
{
	const char *root = *state;
	struct sysfs_dev d;
	char name[16];

	/* from a tape mode node, the changer and the disk to their sgN */
	assert_int_equal(sysfs_device_of(root, false, makedev(9, 224), &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), 0);
	assert_string_equal(name, "sg3");
	assert_int_equal(sysfs_sg_node(root, &d, name, 4), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, 3), -ENOSPC);
	assert_int_equal(sysfs_device_of(root, false, makedev(86, 0), &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), 0);
	assert_string_equal(name, "sg4");
	assert_int_equal(sysfs_device_of(root, true, makedev(8, 0), &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), 0);
	assert_string_equal(name, "sg0");
	assert_int_equal(sysfs_device_of(root, false, makedev(21, 10), &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), 0);
	assert_string_equal(name, "sg10");
	/* 4:0:0:1 has no scsi_generic/; 12:3:4:5 is not in sysfs */
	assert_int_equal(sysfs_device_of_path(root, "4:0:0:1", &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), -ENOENT);
	assert_int_equal(sysfs_device_of_path(root, "12:3:4:5", &d), 0);
	assert_int_equal(sysfs_sg_node(root, &d, name, sizeof(name)), -ENOENT);
}

static void
test_device_state(void **state)
{
	const char *root = *state;
	struct sysfs_dev d;
	char buf[32];

	assert_int_equal(sysfs_device_of(root, false, makedev(21, 10), &d), 0);
	assert_int_equal(sysfs_device_state(root, &d, buf, sizeof(buf)),
			 LIT_LEN("running"));
	assert_string_equal(buf, "running");
	assert_int_equal(sysfs_device_of_path(root, "4:0:0:1", &d), 0);
	assert_int_equal(sysfs_device_state(root, &d, buf, sizeof(buf)),
			 LIT_LEN("offline"));
	assert_string_equal(buf, "offline");
	assert_int_equal(sysfs_device_state(root, &d, buf, 4), -EOVERFLOW);
	assert_int_equal(sysfs_device_of_path(root, "12:3:4:5", &d), 0);
	assert_int_equal(sysfs_device_state(root, &d, buf, sizeof(buf)),
			 -ENOENT);
}

/* ---- the sg scan ---------------------------------------------------------- */

static void
test_scan_order(void **state)
{
	static const struct {
		const char *path;
		unsigned sg, h, c, t, pdt;
	} want[] = {
		{ "/dev/sg0", 0, 0, 0, 0, VPD_PDT_DISK },
		{ "/dev/sg2", 2, 2, 0, 1, VPD_PDT_DISK },
		{ "/dev/sg3", 3, 4, 0, 0, VPD_PDT_TAPE },
		{ "/dev/sg4", 4, 5, 0, 0, VPD_PDT_CHANGER },
		{ "/dev/sg10", 10, 3, 0, 1, VPD_PDT_DISK },
		{ "/dev/sg11", 11, 6, 0, 0, VPD_PDT_TAPE },
		{ "/dev/sg13", 13, 8, 0, 0, VPD_PDT_DISK },	/* offline */
	};
	const unsigned mask = SYSFS_MASK_DISK | SYSFS_MASK_TAPE |
			      SYSFS_MASK_CHANGER;
	const char *root = *state;
	struct sysfs_node nodes[16];
	size_t i, n = 99;

	/* sg5 (enclosure) is not in the mask, sg7's type is not a number,
	 * sg12's (32) is not a PERIPHERAL DEVICE TYPE */
	assert_int_equal(sysfs_scan(root, mask, nodes, NELEM(nodes), &n), 0);
	assert_int_equal(n, NELEM(want));
	for (i = 0; i < n; i++) {
		assert_string_equal(nodes[i].path, want[i].path);
		assert_int_equal(nodes[i].sg, want[i].sg);
		assert_int_equal(nodes[i].hctl.host, want[i].h);
		assert_int_equal(nodes[i].hctl.channel, want[i].c);
		assert_int_equal(nodes[i].hctl.target, want[i].t);
		assert_true(nodes[i].hctl.lun == 0);
		assert_int_equal(nodes[i].pdt, want[i].pdt);
	}
}

static void
test_scan_filter(void **state)
{
	const char *root = *state;
	struct sysfs_node nodes[16];
	size_t n = 99;

	assert_int_equal(sysfs_scan(root, SYSFS_MASK_TAPE, nodes, NELEM(nodes),
				    &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(nodes[0].path, "/dev/sg3");
	assert_string_equal(nodes[1].path, "/dev/sg11");

	assert_int_equal(sysfs_scan(root, SYSFS_MASK(0x0d), nodes,
				    NELEM(nodes), &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(nodes[0].path, "/dev/sg5");

	assert_int_equal(sysfs_scan(root, 0, nodes, NELEM(nodes), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(sysfs_scan(root, ~0u, nodes, NELEM(nodes), &n), 0);
	assert_int_equal(n, 8);
	assert_string_equal(nodes[3].path, "/dev/sg4");
	assert_string_equal(nodes[4].path, "/dev/sg5");
	assert_string_equal(nodes[6].path, "/dev/sg11");

	/* more than cap: the first ones, in order */
	assert_int_equal(sysfs_scan(root, SYSFS_MASK_DISK, nodes, 2, &n),
			 -E2BIG);
	assert_int_equal(n, 2);
	assert_string_equal(nodes[0].path, "/dev/sg0");
	assert_string_equal(nodes[1].path, "/dev/sg2");
	assert_int_equal(sysfs_scan(root, SYSFS_MASK_DISK, NULL, 0, &n),
			 -E2BIG);
	assert_int_equal(n, 0);
	assert_int_equal(sysfs_scan(root, SYSFS_MASK_DISK, nodes, 3, &n), -E2BIG);
	assert_int_equal(sysfs_scan(root, SYSFS_MASK_DISK, nodes, 4, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(nodes[2].path, "/dev/sg10");
	assert_string_equal(nodes[3].path, "/dev/sg13");
}

static void
test_scan_no_sg(void **state)
{
	char other[PATH_MAX];
	struct sysfs_node nodes[4];
	size_t n = 99;

	/* a root without sys/class/scsi_generic: no sg driver */
	snprintf(other, sizeof(other), "%s/sys/kernel", (const char *)*state);
	assert_int_equal(sysfs_scan(other, SYSFS_MASK_DISK, nodes,
				    NELEM(nodes), &n), -ENOENT);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_attr),
		cmocka_unit_test(test_read_attr_pieces),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_realpath),
		cmocka_unit_test(test_parse_hctl),
		cmocka_unit_test(test_device_of),
		cmocka_unit_test(test_device_of_path),
		cmocka_unit_test(test_device_of_node),
		cmocka_unit_test(test_sg_node),
		cmocka_unit_test(test_device_state),
		cmocka_unit_test(test_scan_order),
		cmocka_unit_test(test_scan_filter),
		cmocka_unit_test(test_scan_no_sg),
	};

	return cmocka_run_group_tests_name("sysfs", tests, group_setup, NULL);
}
