/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One logical unit as a tool reaches it: which node commands go through, this I_T nexus, the options they are sent with. */
#ifndef TRESV_DEV_H
#define TRESV_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"
#include "sysfs.h"
#include "tid.h"
#include "xport.h"

struct audit;
struct keynames;

/* Default per-command timeout in seconds (-t overrides). */
#define DEV_DEFAULT_TIMEOUT 60

/*
 * The context every command is sent in: the transport, the options, where
 * sysfs is, and this I_T nexus.  A unit test fills one by hand around a
 * scripted transport (and sets nexus_known itself).
 */
struct dev {
	struct xport *x;		/* owned: freed by dev_close() */
	const char *name;		/* the device as the user named it */
	const char *node;		/* NULL, or the node to open instead:
					 * one path of a device-mapper map */
	const char *initiator;		/* iSCSI initiator name; NULL: this host's */
	const char *sysroot;		/* "/" on a host; a test's fake tree */
	int verbose;			/* 1: CDBs and parameter data on stderr;
					 * 2: also status, sense, response bytes */
	unsigned timeout_s;		/* per-command timeout, seconds, >= 1 */
	const struct keynames *names;	/* names keys in what is said about the
					 * unit (keynames_str()); NULL: hex only */
	struct audit *audit;		/* where changes to the unit are logged
					 * (audit_log()); NULL: nowhere */
	unsigned long ncmds;		/* commands sent, retries and resets too */
	bool have_sysfs;		/* sysfs knows the SCSI device: */
	struct sysfs_dev sysfs;		/* its H:C:T:L and directory */
	/* This I_T nexus, as dev_nexus() finds it (once). */
	int nexus_known;		/* 0 not looked up yet, 1 known, -1 unknown */
	uint8_t port_tid[TID_ISCSI_MAX_LEN];	/* initiator port TransportID */
	size_t port_tid_len;
	int rel_tgt_port;		/* RELATIVE TARGET PORT IDENTIFIER, -1 unknown */
};

/* A struct dev for name, not opened, reached as like is: its sysroot,
 * verbose, timeout_s, initiator, names for keys and audit trail (another
 * path of the same unit, say). */
struct dev dev_like(const struct dev *like, const char *name);

/*
 * Open the device d->name (set by the caller, with sysroot, verbose,
 * timeout_s and initiator) for commands.  An iscsi:// URL (iscsi_url.h)
 * is logged in to with libiscsi (xport_iscsi_open(): within timeout_s,
 * as d->initiator or this host's name, xport_iscsi_initiator()); an
 * invalid URL is TR_EXIT_SYNTAX before anything reaches the network.  A
 * node: a tape, changer or other node is not kept open
 * itself when sysfs names its SCSI generic node (found from the node's
 * dev_t), which is opened instead, so a job can open the tape node while
 * the tool runs (st(4) allows one open at a time); -v says which node.
 * A rewinding tape node (/dev/stN) is warned about on stderr.  d->node,
 * when set, is opened in place of d->name (-v says so).  A device-mapper
 * map is refused: it is several paths (paths.h), which the tool must
 * choose from.  Opens read-only unless read_write.  Sends no command.
 * Returns TR_EXIT_OK, or TR_EXIT_FILE with the reason in err (errlen
 * bytes, without the device name): for a busy tape node, the processes
 * that hold it open.
 */
enum tr_exit dev_open(struct dev *d, bool read_write, char *err, size_t errlen);

/* Close every descriptor of the device until the next command (before a
 * job that uses the device runs). */
void dev_idle(struct dev *d);

/* Close and free what dev_open() made; a zeroed d is fine. */
void dev_close(struct dev *d);

/*
 * This I_T nexus: the initiator port's TransportID (the transport's own,
 * an iSCSI session's name and ISID; else ports_of_device() under
 * d->sysroot) and the RELATIVE TARGET PORT IDENTIFIER of VPD 83h
 * (vpd_rel_tgt_port(): the kernel's copy, for iSCSI an INQUIRY);
 * looked up once.  Returns true when the
 * initiator port is known (d->port_tid, d->port_tid_len; d->rel_tgt_port
 * may still be -1).
 */
bool dev_nexus(struct dev *d);

#endif /* TRESV_DEV_H */
