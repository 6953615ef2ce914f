/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This host's SCSI devices and initiator ports from sysfs. */
#ifndef TRESV_DEVID_H
#define TRESV_DEVID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysfs.h"
#include "tid.h"

/* ---- sysfs and configfs: every path is under a root ("/" on a host) ---- */

/*
 * The TransportID (SPC-5 7.6.4) of the initiator port through which this
 * host reaches the SCSI device d (from sysfs_device_of()), so READ FULL
 * STATUS output can mark "this host".  The first of
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
 * is too small, -EINVAL for a NULL tid_len or a NULL tid with cap > 0.
 */
int devid_initiator_port(const char *root, const struct sysfs_dev *d,
			 uint8_t *tid, size_t cap, size_t *tid_len);

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
