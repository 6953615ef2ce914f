/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command layer: one function per SCSI command the tools send, the only callers of the transport and of cdb_*. */
#ifndef TRESV_CMD_H
#define TRESV_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "dev.h"
#include "exitstat.h"
#include "prout.h"
#include "sense.h"

/*
 * TEST UNIT READY (SPC-5 6.47).  Returns its exit status with *res.
 * Like every command here: a UNIT ATTENTION (the command did not run,
 * SPC-5 5.14) is reported on stderr by its meaning and the command sent
 * once more; with d->verbose the command's name and CDB go to stderr
 * before, and (verbose 2) status, sense and response bytes after.
 */
enum tr_exit cmd_test_unit_ready(struct dev *d, struct scsi_result *res);

/*
 * INQUIRY (SPC-5 6.7): standard data for page < 0, else VPD page `page`
 * (EVPD=1) into buf (cap bytes, at most 65535 used).  The first asks
 * min(cap, 255) bytes (an SPC-2 device reads CDB byte 3 as reserved);
 * a VPD page longer than that (PAGE LENGTH, bytes 2-3) is asked again at
 * its full length, up to cap.  *len is what arrived.  Returns the exit
 * status (TR_EXIT_ILLEGAL_REQ: no such page) with *res.
 */
enum tr_exit cmd_inquiry(struct dev *d, int page, uint8_t *buf, size_t cap,
			 size_t *len, struct scsi_result *res);

/* RESERVE (ten: RESERVE(10) 56h, else RESERVE(6) 16h; SPC-2 7.21/7.22),
 * whole unit, no third party.  Returns the exit status with *res. */
enum tr_exit cmd_reserve(struct dev *d, bool ten, struct scsi_result *res);

/* RELEASE (ten: RELEASE(10) 57h, else RELEASE(6) 17h; SPC-2 7.17/7.18).
 * Returns the exit status with *res. */
enum tr_exit cmd_release(struct dev *d, bool ten, struct scsi_result *res);

/* PREVENT ALLOW MEDIUM REMOVAL (SPC-5 6.13): prevent or allow.  Returns
 * the exit status with *res. */
enum tr_exit cmd_prevent_allow(struct dev *d, bool prevent,
			       struct scsi_result *res);

/* Default first allocation length of a PR IN, bytes: room for 127 keys. */
#define CMD_PRIN_FIRST_ALLOC 1024

/* One PR IN response, in a buffer cmd_prin() allocated. */
struct pr_in_data {
	uint8_t *buf;		/* received bytes, heap; free with pr_in_data_free */
	size_t received;	/* bytes of buf the device filled */
	size_t needed;		/* whole response length as the device reported it */
	bool truncated;		/* needed > received after the last attempt */
	bool short_reply;	/* truncated although the allocation had room:
				 * the device sent less than it claims */
};

/* READ FULL STATUS asks this much first: istgt (0.4, default settings)
 * never answers a PR IN whose allocation exceeds its 8 KiB data buffer. */
#define CMD_PRIN_FULL_FIRST_ALLOC 8192
/* The longest READ FULL STATUS descriptor: 24 bytes and the longest
 * iSCSI TransportID (TID_ISCSI_MAX_LEN). */
#define CMD_PRIN_FULL_DESC_MAX (24 + 248)

/*
 * PERSISTENT RESERVE IN service action sa (SPC-5 6.16).  The first
 * allocation is first_alloc bytes (4..65535; 0 means the default:
 * CMD_PRIN_FIRST_ALLOC, CMD_PRIN_FULL_FIRST_ALLOC for READ FULL STATUS).
 * When the response's length field (prin_needed_len) says more exists
 * than fitted, it is sent once more with an allocation of exactly what is
 * needed, capped at 65535 (SPC-5 6.16.1: ADDITIONAL LENGTH is not
 * truncated to the allocation); a READ FULL STATUS that ends within
 * CMD_PRIN_FULL_DESC_MAX bytes of its allocation is sent once more with
 * 65535, because LIO (6.1) counts in its ADDITIONAL LENGTH only the
 * descriptors that fit.  Returns the exit status
 * of the last command (TR_EXIT_OK: *out owns a buffer) with *res;
 * -ENOMEM is TR_EXIT_OTHER with res->os_err ENOMEM.
 */
enum tr_exit cmd_prin(struct dev *d, enum prin_sa sa, size_t first_alloc,
		      struct pr_in_data *out, struct scsi_result *res);

/* Free what *p owns and zero it. */
void pr_in_data_free(struct pr_in_data *p);

/* One PERSISTENT RESERVE IN of cmd_prin_all(): the service action to ask,
 * and what cmd_prin() would have returned for it. */
struct cmd_prin_req {
	enum prin_sa sa;		/* in */
	size_t first_alloc;		/* in: as cmd_prin()'s (0: the default) */
	struct pr_in_data data;		/* out: owns a buffer when ex is TR_EXIT_OK */
	struct scsi_result res;		/* out */
	enum tr_exit ex;		/* out */
};

/*
 * cmd_prin(d, reqs[i].sa, reqs[i].first_alloc, ...) for each of
 * reqs[0..n-1], with the first send of each (of the first
 * XPORT_BATCH_MAX; any after are sent alone) in flight at once where the
 * transport can (struct xport_ops exec_all; one after another otherwise):
 * the device answers them in one round trip, not n.  Then each is
 * finished on its own as cmd_prin() would: a UNIT ATTENTION is reported
 * and that command sent once more, a response longer than its allocation
 * asked again larger.  For PR IN service actions that do not depend on
 * each other's answers (SPC-5 6.16), e.g. REPORT CAPABILITIES and READ
 * FULL STATUS.  -v traces every CDB before any answer.
 */
void cmd_prin_all(struct dev *d, struct cmd_prin_req *reqs, size_t n);

/* The most units one round of cmd_prin_units() sends to at once. */
#define CMD_UNITS_MAX 8

/* One unit's share of cmd_prin_units(): cmd_prin_all(d, reqs, n)'s. */
struct cmd_prin_unit {
	struct dev *d;
	struct cmd_prin_req *reqs;
	size_t n;
};

/*
 * cmd_prin_all() for each of u[0..nu-1], with the first sends of up to
 * CMD_UNITS_MAX units at a time in flight together: units one transport
 * drives go to it in one exec_all() (the sg driver's queues of every
 * unit, from one thread), so the devices answer in one round trip, not
 * one per unit.  The units' timeouts should agree: the longest is used.
 * Each request is then finished as cmd_prin() would.
 */
void cmd_prin_units(const struct cmd_prin_unit *u, size_t nu);

/*
 * Whether a command that ended with ex (and *res, when not NULL) may still
 * have been carried out by the device: it timed out, or the host or
 * driver reported a failure after it was sent (SAM-5 5.4: its fate is then
 * unknown); or it failed when sent again after a UNIT ATTENTION (the lab
 * saw a REGISTER carried out whose first answer was a unit attention: the
 * Linux midlayer retries a command a reset aborted, and its retry met the
 * reset's unit attention), so the first attempt may have run.
 * Every other failure says what happened: the device refused it.
 */
bool cmd_outcome_unknown(enum tr_exit ex, const struct scsi_result *res);

/*
 * PERSISTENT RESERVE OUT service action sa (SPC-5 6.17), LU scope, TYPE
 * type, with the parameter list prout_build() makes from *p.  Returns
 * the exit status with *res; TR_EXIT_OTHER (res->os_err EINVAL) and
 * nothing sent when *p does not fit sa.
 */
enum tr_exit cmd_prout(struct dev *d, enum prout_sa sa, uint8_t type,
		       const struct prout_params *p, struct scsi_result *res);

/*
 * The bytes cmd_prout() would send, without sending them (tpr-out
 * --dry-run): the 10-byte CDB into cdb and the parameter list into list
 * (cap bytes; PROUT_MAX_LEN always suffices).  Returns the list's length,
 * or prout_build()'s -EINVAL / -ENOSPC.
 */
ssize_t cmd_prout_bytes(enum prout_sa sa, uint8_t type, const struct prout_params *p,
			uint8_t cdb[CDB10_LEN], uint8_t *list, size_t cap);

/*
 * A reset of the logical unit, target or bus (no escalation to a wider
 * one).  A logical unit reset clears SPC-2 reservations and aborts every
 * initiator's commands on the unit; persistent reservations survive it
 * (SPC-5 5.14.2).  Counts as a command.  Returns 0, or -errno (-EBUSY
 * while the host is in error recovery, -ENOTTY: the transport cannot).
 */
int cmd_reset(struct dev *d, enum xport_reset level);

/* The name of a PR OUT service action as SPC-5 table 236 spells it
 * ("REGISTER AND IGNORE EXISTING KEY"), NULL past 08h. */
const char *cmd_prout_name(enum prout_sa sa);

#endif /* TRESV_CMD_H */
