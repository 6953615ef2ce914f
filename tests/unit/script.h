/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A scripted transport for unit tests: answers from a queue, every CDB and parameter list recorded. */
#ifndef TRESV_SCRIPT_H
#define TRESV_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "prout.h"
#include "xport.h"

#define SCRIPT_MAX 32		/* commands one test may send */

/* One answer: a status with sense, or data-in bytes, or a failure to deliver. */
struct script_reply {
	uint8_t status;			/* SAM status */
	uint8_t sense[18];		/* fixed-format sense, when sense_len > 0 */
	size_t sense_len;
	uint8_t data[512];		/* data-in bytes the device sends ... */
	size_t data_len;		/* ... (the rest of the buffer is residual) */
	int os_err;			/* not delivered: this errno */
	uint8_t host_status;		/* Linux host byte (DID_TIME_OUT: timed out) */
};

/* What was sent, in order. */
struct script_sent {
	uint8_t cdb[16];
	size_t cdb_len;
	uint8_t param[PROUT_MAX_LEN];	/* data-out bytes */
	size_t param_len;
	size_t alloc;			/* data-in allocation */
	unsigned batch;			/* 0: sent alone; else the number (1, 2, ...)
					 * of the exec_all() that sent it at once
					 * with others */
	unsigned call;			/* 0: sent alone; else the number of that
					 * exec_all() over every scripted device */
};

struct script {
	struct xport x;			/* first: the transport head */
	struct script_reply replies[SCRIPT_MAX];
	size_t nreplies, next;
	struct script_sent sent[SCRIPT_MAX];
	size_t nsent;
	unsigned nbatches;		/* exec_all() calls so far */
	unsigned resets;
};

/*
 * Make d a device whose commands go to s: d->name "scripted", verbose 0,
 * this I_T nexus unknown (call script_nexus() to give it one).  A command
 * beyond the queued answers fails the test.
 */
void script_init(struct script *s, struct dev *d);

/* Make s a transport without exec_all(): every command sent alone, as
 * over iSCSI. */
void script_serial(struct script *s);

/* This I_T nexus: the initiator port TransportID of tid_parse() text
 * (e.g. "sas,0x5001405aaaa00001") and the relative target port (-1). */
void script_nexus(struct dev *d, const char *port, int rel_tgt_port);

/* Queue answers. */
void script_good(struct script *s);
void script_data(struct script *s, const uint8_t *data, size_t len);
void script_status(struct script *s, uint8_t status);	/* e.g. 18h conflict */
void script_sense(struct script *s, uint8_t key, uint8_t asc, uint8_t ascq);
/* The command timed out: the host byte DID_TIME_OUT, its fate unknown. */
void script_timeout(struct script *s);

/*
 * A READ FULL STATUS response (SPC-5 6.16.5) with prgeneration and n
 * registrants, each a SAS TransportID: keys[i], sas[i], holder index
 * (-1: none) of reservation type `type`, relative target port the SAS
 * address's last hex digit (as in the lab: ...01 port 1, ...02 port 2).
 * Queued as data.
 */
void script_full_status(struct script *s, uint32_t prgeneration, size_t n,
			const uint64_t *keys, const uint64_t *sas, int holder,
			uint8_t type);

/* A READ KEYS response (SPC-5 6.16.2) with n keys, queued as data. */
void script_read_keys(struct script *s, uint32_t prgeneration, size_t n,
		      const uint64_t *keys);

/* A READ RESERVATION response (SPC-5 6.16.3): none when held is false. */
void script_read_resv(struct script *s, uint32_t prgeneration, bool held,
		      uint64_t key, uint8_t type);

/* Assertions on command i of what was sent: opcode and, for PR IN/OUT,
 * the service action (-1: not checked). */
void script_assert_cmd(const struct script *s, size_t i, uint8_t opcode, int sa);

/* Commands i and j were in flight at once (one exec_all()). */
void script_assert_together(const struct script *s, size_t i, size_t j);

/* Command i of s and command j of t (another device) were in flight at
 * once (one exec_all() over both). */
void script_assert_together_units(const struct script *s, size_t i, const struct script *t,
				  size_t j);

/* The RESERVATION KEY (bytes 0-7) and SERVICE ACTION RESERVATION KEY
 * (bytes 8-15) of PR OUT command i's parameter list. */
uint64_t script_key(const struct script *s, size_t i);
uint64_t script_sa_key(const struct script *s, size_t i);

#endif /* TRESV_SCRIPT_H */
