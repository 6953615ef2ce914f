/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs access under a root: attributes, sorted listings, and a SCSI device found from its node's dev_t. */
#ifndef TRESV_SYSFS_H
#define TRESV_SYSFS_H

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vpd.h"

/*
 * Every path here lies under a root: "/" on a host, a fake tree in tests
 * (tests/unit/sysfs).  NULL or "" is taken as "/".
 */

/* A SCSI device's address in Linux: host, channel, target id, LUN. */
struct sysfs_hctl {
	unsigned host;
	unsigned channel;
	unsigned target;
	uint64_t lun;
};

/* A SCSI device as sysfs shows it. */
struct sysfs_dev {
	struct sysfs_hctl hctl;
	/* Its directory ".../hostH/targetH:C:T/H:C:T:L" relative to the
	 * root, every link resolved, without a leading '/'
	 * ("sys/devices/..."); "" when sysfs does not have it. */
	char dir[PATH_MAX];
};

/*
 * ROOT joined with the relative path that fmt (printf-style) builds,
 * into dst (cap bytes; PATH_MAX suffices for any path the kernel has).
 * Returns 0, or -ENAMETOOLONG when it does not fit.
 */
int sysfs_path(char *dst, size_t cap, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Read the attribute file at path (already joined with the root): all
 * of its bytes into buf, cap bytes at most, as they are (binary
 * attributes such as INQUIRY data and VPD pages included).  sysfs and
 * configfs give an attribute whole, at most a page a read(2): a read
 * short of cap and of 4096 bytes is taken as the end (one read(2) for
 * most attributes; regular files, as in tests, alike).
 * Returns the number of bytes read (0 for an empty file), -EOVERFLOW
 * when the file holds more than cap bytes (a cut attribute is not the
 * attribute), or -errno of open(2)/read(2) (-ENOENT: no such attribute).
 */
ssize_t sysfs_read_attr(const char *path, void *buf, size_t cap);

/*
 * A text attribute at path: sysfs_read_attr() into buf (cap bytes) with
 * one trailing newline removed and a NUL after the text.
 * Returns the text's length, -EOVERFLOW when it does not fit in cap - 1
 * bytes, -EBADMSG when it holds a NUL byte, -EINVAL when cap is 0, or
 * -errno as sysfs_read_attr().
 */
int sysfs_read_text(const char *path, char *buf, size_t cap);

/* A sorted directory listing: entries v[0] .. v[n - 1]. */
struct sysfs_list {
	struct dirent **v;
	size_t n;
};

/*
 * The entries of directory dir whose names start with prefix ("" for
 * all; never "." or ".."), by scandir(3), sorted by versionsort(3): runs
 * of digits compare as numbers (sg2 before sg10, phy-1:2 before
 * phy-1:10).  Names are out->v[i]->d_name.  Free with sysfs_list_free().
 * Returns 0, -ENOMEM, or -errno of opening dir (out is then empty).
 */
int sysfs_list(const char *dir, const char *prefix, struct sysfs_list *out);

/* Free what sysfs_list() returned; l is empty afterwards. */
void sysfs_list_free(struct sysfs_list *l);

/*
 * Resolve path (already joined with root) with every link followed, and
 * write the result relative to the resolved root, without a leading '/',
 * into rel (cap bytes; "" for the root itself).
 * Returns 0, -EXDEV when it resolves outside root, -ENAMETOOLONG, or
 * -errno of realpath(3).
 */
int sysfs_realpath(const char *root, const char *path, char *rel, size_t cap);

/*
 * Parse "H:C:T:L" (four decimal numbers, nothing else; H, C, T at most
 * UINT_MAX, L at most UINT64_MAX) into *out.
 * Returns 0 or -EINVAL.
 */
int sysfs_parse_hctl(const char *s, struct sysfs_hctl *out);

/*
 * The SCSI device whose character (block false) or block (block true)
 * device number is rdev, as the caller got it from stat(2)'s st_rdev:
 * ROOT/sys/dev/{char,block}/MAJ:MIN is the class device (sgN, every
 * st(4) mode node [n]stN[lma], schN, sdX, bsg's H:C:T:L), whose "device"
 * link leads to the SCSI device directory .../H:C:T:L.  The node's name
 * is never looked at: by-id links and nodes made with mknod(1) work.
 * Fills out->hctl and out->dir (out->dir "" on error).
 * Returns 0, -ENOENT when sysfs has no such device number, -EINVAL when
 * it is not a SCSI device (no device link, or it does not lead to an
 * H:C:T:L: a partition, a tty, a non-SCSI disk), -EXDEV when the link
 * leads outside root, -ENAMETOOLONG, or another -errno of realpath(3).
 */
int sysfs_device_of(const char *root, bool block, dev_t rdev,
		    struct sysfs_dev *out);

/*
 * The SCSI device that path names: stat(2) follows links to the node; a
 * character or block device is looked up by sysfs_device_of().
 * Otherwise, when path's last component is "H:C:T:L" (as in
 * /dev/bsg/H:C:T:L; the path need not exist), that address as given,
 * with out->dir from ROOT/sys/bus/scsi/devices/H:C:T:L when sysfs has it,
 * else "".
 * Returns 0, -EINVAL for a NULL path or one that is neither a device
 * node nor an H:C:T:L name, -errno of stat(2) (-ENOENT) for a path that
 * does not exist and is not an H:C:T:L name, or an error of
 * sysfs_device_of().
 */
int sysfs_device_of_path(const char *root, const char *path,
			 struct sysfs_dev *out);

/*
 * The name ("sgN") of the SCSI generic node of device d: the entry of
 * ROOT/D->DIR/scsi_generic/.  Written NUL-terminated into name (cap
 * bytes; 16 suffice).
 * Returns 0, -ENOENT when the sg driver has no node for it (or d->dir is
 * ""), -ENOSPC when name is too small, -ENOMEM, or -errno.
 */
int sysfs_sg_node(const char *root, const struct sysfs_dev *d, char *name,
		  size_t cap);

/*
 * Attribute attr of device d (ROOT/D->DIR/ATTR: "inquiry", "vpd_pg83",
 * "state", ...), as sysfs_read_attr() into buf (cap bytes).
 * Returns the bytes read, -ENOENT when d->dir is "" or there is no such
 * attribute, -ENAMETOOLONG, or an error of sysfs_read_attr().
 */
ssize_t sysfs_device_attr(const char *root, const struct sysfs_dev *d,
			  const char *attr, void *buf, size_t cap);

/*
 * The state attribute of device d (ROOT/D->DIR/state: "running",
 * "offline", "blocked", "transport-offline", ...), as sysfs_read_text()
 * into buf (cap bytes).
 * Returns its length, -ENOENT when d->dir is "" or there is no such
 * attribute, or an error of sysfs_read_text().
 */
int sysfs_device_state(const char *root, const struct sysfs_dev *d,
		       char *buf, size_t cap);

/* "/dev/sg" and a 32-bit number with its NUL. */
#define SYSFS_NODE_PATH_MAX 24

/* One SCSI generic device found by sysfs_scan(). */
struct sysfs_node {
	char path[SYSFS_NODE_PATH_MAX];	/* "/dev/sgN" */
	unsigned sg;			/* N */
	struct sysfs_hctl hctl;
	unsigned pdt;			/* PERIPHERAL DEVICE TYPE, 0-1Fh */
};

/* sysfs_scan() type_mask bits: bit N selects PERIPHERAL DEVICE TYPE N. */
#define SYSFS_MASK(pdt) (1u << (pdt))
#define SYSFS_MASK_DISK SYSFS_MASK(VPD_PDT_DISK)
#define SYSFS_MASK_TAPE SYSFS_MASK(VPD_PDT_TAPE)
#define SYSFS_MASK_CHANGER SYSFS_MASK(VPD_PDT_CHANGER)

/*
 * Every SCSI generic device ROOT/sys/class/scsi_generic/sgN whose
 * ROOT/sys/class/scsi_generic/sgN/device/type (the PERIPHERAL DEVICE
 * TYPE in decimal text, 0-31) has its bit set in type_mask, with
 * "/dev/sgN", N, its H:C:T:L (the name of the sgN/device link's target)
 * and the type; sorted by N as a number (sg2 before sg10).  Entries
 * that are not sg plus a decimal number, or whose type or device link
 * cannot be read or parsed, are skipped.  Stores at most cap entries in
 * out (out may be NULL when cap is 0) and their count in *n.
 * Returns 0, -E2BIG when more devices matched than cap (out holds the
 * first cap), -ENOMEM, -EINVAL for a NULL out with cap > 0, or -errno
 * from opening the class directory (-ENOENT when the kernel has no sg
 * driver loaded).
 */
int sysfs_scan(const char *root, unsigned type_mask, struct sysfs_node *out,
	       size_t cap, size_t *n);

#endif /* TRESV_SYSFS_H */
