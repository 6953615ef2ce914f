/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transport interface: deliver one CDB and collect status, sense and residual; reset a logical unit. */
#ifndef TRESV_XPORT_H
#define TRESV_XPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sense.h"

/* The data phase of a command. */
enum xport_dir {
	XPORT_DIR_NONE,		/* no data phase */
	XPORT_DIR_IN,		/* data from the device */
	XPORT_DIR_OUT,		/* data to the device */
};

/* How far a reset reaches. */
enum xport_reset {
	XPORT_RESET_LU,		/* logical unit reset (SAM-6 7.7) */
	XPORT_RESET_TARGET,	/* target reset */
	XPORT_RESET_BUS,	/* bus (or I_T nexus) reset */
};

struct xport;

/* The most commands one device's share of an exec_all() holds. */
#define XPORT_BATCH_MAX 4

/* One command of a batch: what to send, and (filled in) what came back,
 * as exec()'s arguments, *res and return value. */
struct xport_cmd {
	const uint8_t *cdb;
	size_t cdb_len;
	enum xport_dir dir;
	uint8_t *buf;
	size_t len;
	struct scsi_result res;
	int rc;
};

/* One device's share of an exec_all(): cmds[0..n-1] (n <= XPORT_BATCH_MAX)
 * go to x. */
struct xport_batch {
	struct xport *x;
	struct xport_cmd *cmds;
	size_t n;
};

/*
 * What a transport implements.  Only the command layer (cmd.c) calls
 * these; everything else sends commands through it.
 */
struct xport_ops {
	/*
	 * Deliver one command, no retry.  cdb is cdb_len bytes (6..16); buf
	 * is len bytes for the data phase dir (NULL and 0 for none);
	 * timeout_s in seconds.  Returns 0 when the command was delivered
	 * and *res (zeroed first) holds its outcome: status, sense, host
	 * status, and res->received = len minus the residual for
	 * XPORT_DIR_IN; -errno (also in res->os_err) when it could not be
	 * delivered (the descriptor could not be opened: -EBUSY when
	 * another process holds a tape node).
	 */
	int (*exec)(struct xport *x, const uint8_t *cdb, size_t cdb_len,
		    enum xport_dir dir, uint8_t *buf, size_t len,
		    unsigned timeout_s, struct scsi_result *res);
	/*
	 * Deliver every command of b[0..nb-1] (each b[i].x a device of this
	 * transport, each b[i].n >= 1) in flight at once, for commands that do
	 * not depend on each other's answers: one device's or several
	 * devices'.  Returns when all have come back, each with exec()'s
	 * outcome in res and rc.  A device may run its commands in any order.
	 * NULL when the transport sends one at a time: the command layer calls
	 * exec() for each.
	 */
	void (*exec_all)(struct xport_batch *b, size_t nb, unsigned timeout_s);
	/* A reset of the given reach: 0 or -errno (-ENOTTY: not possible). */
	int (*reset)(struct xport *x, enum xport_reset level);
	/* Close every descriptor of the device until the next exec (a job
	 * is about to use the device); NULL when there is none to close. */
	void (*idle)(struct xport *x);
	/* Close and free. */
	void (*free)(struct xport *x);
	/* This I_T nexus's initiator port as a TransportID (SPC-5 7.6.4)
	 * into tid (cap bytes), *len its length: 0, or -ENOSPC; NULL when
	 * the transport does not know it (dev_nexus() asks sysfs then). */
	int (*port_tid)(struct xport *x, uint8_t *tid, size_t cap, size_t *len);
};

/* The common head of every transport; implementations embed it first. */
struct xport {
	const struct xport_ops *ops;
	const char *via;	/* the node or URL commands go through (messages) */
};

#endif /* TRESV_XPORT_H */
