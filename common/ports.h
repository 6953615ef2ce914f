/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This host's SCSI initiator ports and their TransportIDs, from sysfs and configfs: one enumerator, two filters. */
#ifndef TRESV_PORTS_H
#define TRESV_PORTS_H

#include <stddef.h>
#include <stdint.h>

#include "sysfs.h"
#include "tid.h"

/* Where ports_each() found a port, in the order it looks. */
enum ports_source {
	PORTS_LOOP,	/* a tcm_loop TPG in configfs */
	PORTS_SAS_HOST,	/* a SCSI host's host_sas_address */
	PORTS_SAS_PHY,	/* a phy of a SAS host */
	PORTS_FC,	/* an fc_host's port_name */
	PORTS_ISCSI,	/* an iSCSI session */
};

/* Room for an iSCSI session's name: "session" and a 32-bit number. */
#define PORTS_SESSION_MAX 32

/* One initiator port of this host. */
struct ports_port {
	enum ports_source source;
	unsigned host;			/* SCSI host number H */
	unsigned channel;		/* PORTS_LOOP: the TPG's address */
	unsigned target;		/*   H:C:T; else 0 */
	char session[PORTS_SESSION_MAX];	/* PORTS_ISCSI: "sessionS" */
	/* 0: tid holds the port's TransportID; else why the source names
	 * no usable port: -EBADMSG for text that is no port name (or a
	 * zero address), or -errno from reading it */
	int rc;
	uint8_t tid[TID_ISCSI_MAX_LEN];	/* TransportID, SPC-5 7.6.4 */
	size_t tid_len;			/* 24 for SAS and FC; iSCSI 24+ */
};

/*
 * Called by ports_each() with each port; returns 0 to go on, anything
 * else to stop the walk (ports_each() then returns that value).
 */
typedef int (*ports_fn)(const struct ports_port *p, void *arg);

/*
 * Walk every initiator port of this host, each source in the order of
 * its names by versionsort(3) (WWN then tpgt_N, hostH, phy-H:N,
 * sessionS: 2 before 10), calling fn for each:
 *  (a) PORTS_LOOP: each ROOT/sys/kernel/config/target/loopback/WWN/
 *      tpgt_N with an address ("H:C:T": host, channel, target) and a
 *      non-empty nexus file (others are passed over).  As LIO's
 *      target_core_fabric_lib.c builds its registrants' TransportIDs: a
 *      WWN naming "naa." emulates SAS (nexus naa. and at least 16 hex
 *      digits, the first 16 the SAS ADDRESS), "fc." Fibre Channel (nexus
 *      16 hex digits, colons between pairs allowed: N_PORT_NAME), "iqn."
 *      iSCSI (nexus the ISCSI NAME, format 00b);
 *  (b) PORTS_SAS_HOST: each ROOT/sys/class/scsi_host/hostH with a
 *      host_sas_address ("0x" and 1 to 16 hex digits, as mpt3sas writes
 *      it);
 *  (c) PORTS_SAS_PHY: each phy ROOT/sys/class/sas_phy/phy-H:N (expander
 *      phys phy-H:T:N are not ours) of a host H that has
 *      ROOT/sys/class/sas_host/hostH, whose sas_address reads as a
 *      non-zero address (a phy without one yet is passed over);
 *  (d) PORTS_FC: each ROOT/sys/class/fc_host/hostH with a port_name
 *      ("0x" and 1 to 16 hex digits);
 *  (e) PORTS_ISCSI: each ROOT/sys/class/iscsi_session/sessionS whose
 *      directory lies under a hostH: its initiatorname (an iqn., eui. or
 *      naa. name, folded to lower case as RFC 3722 does) with its isid,
 *      when that reads as 12 hex digits, in the port form NAME,i,0xISID
 *      (format 01b), else the device form (format 00b).
 * TransportIDs are built by tid_parse().  A source present but holding
 * no usable port name (a zero address included) is given with p->rc set.
 * Returns 0 when every port was given, fn's nonzero value when fn
 * stopped the walk, or -ENOMEM.  Missing directories are not errors.
 */
int ports_each(const char *root, ports_fn fn, void *arg);

/*
 * Walk the sources of ports_each() for root once and keep what they give,
 * so that every ports_each(), ports_local() and ports_of_device() for the
 * same root gives it again without reading sysfs, until
 * ports_snapshot_drop(): for a run that asks many times in a moment (one
 * tpr-in report: the local ports, each path's port, this nexus's).  Not
 * for what runs long (a held lock sees ports come and go).  Take and drop
 * it while no other thread walks; in between, threads may walk at will.
 * Returns 0, or -ENOMEM (then nothing is kept and walks read sysfs).
 */
int ports_snapshot_take(const char *root);

/* Forget the snapshot, if any: walks read sysfs again. */
void ports_snapshot_drop(void);

/*
 * Every usable port of ports_each() (p->rc 0), in its order, a
 * TransportID already listed not repeated (phys sharing one address).
 * Stores at most cap in out (NULL when cap is 0), the count in *n.
 * Returns 0 (*n may be 0), -E2BIG when there were more than cap (out
 * holds the first cap), -EINVAL for a NULL out with cap > 0, or -ENOMEM.
 */
int ports_local(const char *root, struct ports_port *out, size_t cap,
		size_t *n);

/*
 * The TransportID (SPC-5 7.6.4) of the initiator port through which this
 * host reaches device d (from sysfs_device_of()), so READ FULL STATUS
 * output can mark "this host": of the ports of ports_each() for d's host
 * H, the first of
 *  (a) a tcm_loop TPG whose address is d's H:C:T;
 *  (b) a SAS port of H: its host_sas_address, else its lowest phy;
 *  (c) H's Fibre Channel port;
 *  (d) the iSCSI session whose directory d->dir lies under, else the
 *      lowest-numbered session of H.
 * The TransportID goes to tid (cap bytes; TID_ISCSI_MAX_LEN always
 * suffices), its length to *tid_len.
 * Returns 0, -ENOENT when no port applies (a scsi_debug host), the
 * chosen port's rc (-EBADMSG: its file holds no usable port name),
 * -ENOSPC when cap is too small, -EINVAL for a NULL tid_len or a NULL
 * tid with cap > 0, or -ENOMEM.
 */
int ports_of_device(const char *root, const struct sysfs_dev *d, uint8_t *tid,
		    size_t cap, size_t *tid_len);

#endif /* TRESV_PORTS_H */
