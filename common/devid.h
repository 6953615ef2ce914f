/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This host's SCSI devices and initiator ports from sysfs. */
#ifndef TRESV_DEVID_H
#define TRESV_DEVID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tid.h"
#include "vpd.h"

/* ---- sysfs and configfs: every path is under a root ("/" on a host) ---- */

/* A SCSI device's address in Linux: host, channel, target id, LUN. */
struct devid_hctl {
	unsigned host;
	unsigned channel;
	unsigned target;
	uint64_t lun;
};

/* "/dev/sg" and a 32-bit number with its NUL. */
#define DEVID_PATH_MAX 24

/* One SCSI generic device found by devid_scan(). */
struct devid_node {
	char path[DEVID_PATH_MAX];	/* "/dev/sgN" */
	unsigned sg;			/* N */
	struct devid_hctl hctl;
	unsigned pdt;			/* PERIPHERAL DEVICE TYPE, 0-1Fh */
};

/* devid_scan() type_mask bits: bit N selects PERIPHERAL DEVICE TYPE N. */
#define DEVID_MASK(pdt) (1u << (pdt))
#define DEVID_MASK_DISK DEVID_MASK(VPD_PDT_DISK)
#define DEVID_MASK_TAPE DEVID_MASK(VPD_PDT_TAPE)
#define DEVID_MASK_CHANGER DEVID_MASK(VPD_PDT_CHANGER)

/*
 * Parse "H:C:T:L" (four decimal numbers, nothing else; H, C, T at most
 * UINT_MAX, L at most UINT64_MAX) into *out.
 * Returns 0 or -EINVAL.
 */
int devid_parse_hctl(const char *s, struct devid_hctl *out);

/*
 * The H:C:T:L of a SCSI device named by path (only its last component
 * counts; pass a by-id link through realpath(3) first): sgN, [n]stN[lma],
 * schN, sdX, or H:C:T:L itself (also as /dev/bsg/H:C:T:L).  The class
 * device's link ROOT/sys/class/{scsi_generic,scsi_tape,scsi_changer,
 * block}/NAME/device points at the SCSI device directory
 * .../hostH/targetH:C:T/H:C:T:L, whose name is read.  An H:C:T:L given
 * directly is returned as parsed, without looking at sysfs.
 * Returns 0, -EINVAL for a name of none of those forms, -ENOENT when
 * sysfs has no such device, -EBADMSG when the link's target is not
 * named H:C:T:L, -ENAMETOOLONG, or another -errno of readlink(2).
 */
int devid_resolve_hctl(const char *root, const char *path,
		       struct devid_hctl *out);

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
 * first cap), -ENOMEM, or -errno from opening the class directory
 * (-ENOENT when the kernel has no sg driver loaded).
 */
int devid_scan(const char *root, unsigned type_mask, struct devid_node *out,
	       size_t cap, size_t *n);

/*
 * The TransportID (SPC-5 7.6.4) of the initiator port through which this
 * host reaches the SCSI device named by dev (any form devid_resolve_hctl
 * takes), so READ FULL STATUS output can mark "this host".  The first of
 * these that exists for the device's host H decides:
 *  (a) tcm_loop: ROOT/sys/kernel/config/target/loopback/WWN/tpgt_N/address
 *      reads "H:C:T" of the device; the sibling nexus file holds the
 *      initiator port (a TPG without a nexus is passed over): a WWN
 *      naming "naa." emulates SAS (nexus naa. and at least 16 hex
 *      digits, the first 16 the SAS ADDRESS), "fc." Fibre Channel (nexus
 *      16 hex digits, colons between pairs allowed: N_PORT_NAME), "iqn."
 *      iSCSI (nexus the ISCSI NAME, format 00b), as LIO's
 *      target_core_fabric_lib.c builds its registrants' TransportIDs;
 *  (b) SAS: ROOT/sys/class/scsi_host/hostH/host_sas_address ("0x" and
 *      up to 16 hex digits, as mpt3sas writes it), else when
 *      ROOT/sys/class/sas_host/hostH exists the lowest-numbered phy
 *      ROOT/sys/class/sas_phy/phy-H:N with a non-zero sas_address
 *      (-ENOENT when none has one);
 *  (c) Fibre Channel: ROOT/sys/class/fc_host/hostH/port_name ("0x" and
 *      up to 16 hex digits);
 *  (d) iSCSI: the session ROOT/sys/class/iscsi_session/sessionS whose
 *      directory the SCSI device lies under (else the lowest-numbered
 *      session under hostH): its initiatorname (an iqn., eui. or naa.
 *      name, folded to lower case as RFC 3722 does), with its isid when
 *      that reads as 12 hex digits the port form NAME,i,0xISID (format
 *      01b), else the device form (format 00b).
 * The TransportID is built by tid_parse() into tid (cap bytes;
 * TID_ISCSI_MAX_LEN always suffices), its length in *tid_len: 24 bytes
 * for SAS and FC, iSCSI's padded to a multiple of 4, 24 at least.
 * Returns 0, -ENOENT when none applies (a scsi_debug host), -EBADMSG
 * when the file that applies holds no usable port name, -ENOSPC when cap
 * is too small, -EINVAL for a NULL tid_len or a NULL tid with cap > 0,
 * or an error of devid_resolve_hctl().
 */
int devid_initiator_port(const char *root, const char *dev, uint8_t *tid,
			 size_t cap, size_t *tid_len);

/* One initiator port of this host. */
struct devid_port {
	unsigned host;			/* SCSI host number H */
	uint8_t tid[TID_ISCSI_MAX_LEN];	/* TransportID, SPC-5 7.6.4 */
	size_t tid_len;
};

/*
 * Every initiator port of this host, by the sources and rules of
 * devid_initiator_port(): each tcm_loop TPG with a nexus and an address,
 * each host_sas_address, each host phy's sas_address (phy-H:N; expander
 * phys phy-H:T:N are not ours), each fc_host port_name, each iSCSI
 * session's initiator name (and ISID); in that order, each source in
 * natural order of its names (WWN then tpgt_N, hostH, phy-H:N,
 * sessionS: 2 before 10).  A TransportID already listed is not
 * repeated (phys sharing one address); a file holding no usable port
 * name is skipped.  Stores at most cap in out (NULL when cap is 0), the
 * count in *n.
 * Returns 0 (*n may be 0), -E2BIG when there were more than cap, or
 * -ENOMEM.  Missing directories are not errors.
 */
int devid_local_ports(const char *root, struct devid_port *out, size_t cap,
		      size_t *n);

#endif /* TRESV_DEVID_H */
