/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every path of this host to a logical unit: SCSI devices grouped by LU name (VPD 83h), device-mapper maps resolved to their paths. */
#ifndef TRESV_PATHS_H
#define TRESV_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysfs.h"
#include "tid.h"
#include "vpd.h"

/*
 * A host reaches a logical unit through one SCSI device per I_T nexus:
 * dual-ported drives behind two HBAs, disks under dm-multipath.  Each such
 * device is a path.  Paths lead to the same logical unit when the kernel's
 * copies of their Device Identification VPD pages (sysfs vpd_pg83) name
 * the same LU (vpd_parse_lu_name(), the name tlock's lock records use); a
 * device without one is a logical unit of its own.  Everything here reads
 * sysfs under a root ("/" or a test's tree) and sends no command.
 */

/* Room for a node's path: "/dev/" and a file name (NAME_MAX 255), or a
 * name as given as long. */
#define PATHS_NODE_MAX 264
/* Room for a SCSI device's state word ("transport-offline"). */
#define PATHS_STATE_MAX 32
/* Room for a device-mapper name (DM_NAME_LEN 128), escaped. */
#define PATHS_MAP_NAME_MAX (4 * 128 + 1)

/* One path: a SCSI device of this host, one I_T nexus to its unit. */
struct paths_path {
	char node[PATHS_NODE_MAX];	/* where its commands go: "/dev/sgN",
					 * else its block node "/dev/sdX" */
	char state[PATHS_STATE_MAX];	/* sysfs state ("running", "offline",
					 * "blocked", ...); "" unreadable */
	int port_rc;			/* 0: tid is its initiator port's
					 * TransportID; else ports_of_device()'s
					 * error (-ENOENT: no port applies) */
	uint8_t tid[TID_ISCSI_MAX_LEN];	/* SPC-5 7.6.4 */
	size_t tid_len;
	int rel_tgt_port;		/* RELATIVE TARGET PORT IDENTIFIER of
					 * its VPD 83h (vpd_rel_tgt_port()); -1 */
	char lu_name[VPD_NAME_MAX];	/* its LU name; "" when sysfs has none */
};

/* What a device name leads to: the paths of its logical unit. */
struct paths_lu {
	struct paths_path *v;		/* n paths, owned (paths_free()) */
	size_t n;
	size_t given;			/* the path the name is; n for a map */
	char map[PATHS_NODE_MAX];	/* a device-mapper map: "dm-N"; else "" */
	char map_name[PATHS_MAP_NAME_MAX];	/* its dm/name, escaped */
};

/* Whether sysfs shows p taking commands: state "running", or no state
 * that could be read (nothing says it does not). */
bool paths_running(const struct paths_path *p);

/*
 * Every SCSI generic device of sysfs_scan() (type_mask as there) as a
 * path, node "/dev/sgN", in sg order, with its state, its initiator port
 * (ports_of_device()), and from its vpd_pg83 the LU name and the relative
 * target port.  *out is allocated (free(3) it; NULL when *n is 0).
 * Returns 0, -ENOMEM, or sysfs_scan()'s error (-ENOENT: no sg driver).
 */
int paths_scan(const char *root, unsigned type_mask, struct paths_path **out,
	       size_t *n);

/*
 * Which paths lead to one logical unit (pure): first[i] becomes the
 * lowest index j with v[j].lu_name equal to v[i].lu_name, non-empty; i
 * itself when the name is empty or no earlier path has it.  first has n
 * entries.  Returns the number of logical units (indexes with
 * first[i] == i).
 */
size_t paths_group(const struct paths_path *v, size_t n, size_t *first);

/*
 * Whether the block device rdev is a device-mapper map: sysfs has
 * ROOT/sys/dev/block/MAJ:MIN/dm.  Writes its name "dm-N" into dm (cap
 * bytes).  Returns 1, 0 when it is not one, or -errno.
 */
int paths_map_of(const char *root, dev_t rdev, char *dm, size_t cap);

/*
 * Whether name (links followed) is a block device that paths_map_of()
 * says is a device-mapper map, its "dm-N" into dm (cap bytes).  Returns
 * 1, 0 when it is not one (or does not exist), or -errno.
 */
int paths_map_name(const char *root, const char *name, char *dm, size_t cap);

/*
 * The paths of what a node leads to, *out (free with paths_free()):
 *  - a device-mapper map (its block device number, paths_map_of()): each
 *    slave (ROOT/sys/dev/block/MAJ:MIN/slaves/, versionsort order) whose
 *    "device" link leads to a SCSI device, its node the device's sg node,
 *    else "/dev/SLAVE"; out->given is out->n.  Every slave must name the
 *    same non-empty LU name;
 *  - another node (sysfs_device_of(), or an H:C:T:L name, see
 *    sysfs_device_of_path()): every SCSI generic device with the same LU
 *    name, in sg order, out->given the one it is; only itself when it has
 *    no LU name, or no sg node (its node then as given, which must fit in
 *    PATHS_NODE_MAX: else -ENAMETOOLONG).
 * paths_of() stats name (links followed) first; paths_of_rdev() takes the
 * device number (block or character) and name for messages and as the
 * node of a device without an sg node.
 * Returns 0; for a map -ENOENT (no slaves), -ENOTBLK (a slave that is no
 * SCSI device), -EXDEV (slaves of different or unknown logical units);
 * for a node sysfs_device_of_path()'s error; -ENOMEM.  The reason is in
 * why (whylen bytes), without the name.
 */
int paths_of(const char *root, const char *name, struct paths_lu *out, char *why,
	     size_t whylen);
int paths_of_rdev(const char *root, bool block, dev_t rdev, const char *name,
		  struct paths_lu *out, char *why, size_t whylen);

/* The index of the first path of lu that paths_running() says runs,
 * else lu->n. */
size_t paths_first_running(const struct paths_lu *lu);

/* "sas,0x..." (tid_format()) of p's initiator port into buf (len bytes),
 * "unknown" when it is not known.  Returns buf. */
char *paths_tid_str(const struct paths_path *p, char *buf, size_t len);

/*
 * Scan root's sg nodes once, each with its LU name (vpd_pg83), and keep
 * them, so that every paths_of() for the same root groups from them
 * instead of scanning again (their state and port are read per call):
 * for a run over many devices, which would otherwise read every node's
 * VPD once per device.  Until paths_snapshot_drop(); take and drop it
 * while no other thread asks.  Returns 0, or -ENOMEM or the scan's
 * -errno (then nothing is kept).
 */
int paths_snapshot_take(const char *root);

/* Forget the snapshot, if any. */
void paths_snapshot_drop(void);

/* Free what paths_of() allocated; lu is empty afterwards. */
void paths_free(struct paths_lu *lu);

#endif /* TRESV_PATHS_H */
