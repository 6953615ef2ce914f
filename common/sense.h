/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a completed SCSI command returned, its sense data decoded, and the exit status it means. */
#ifndef TRESV_SENSE_H
#define TRESV_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"

/* SAM-6 5.3 status codes that tresv tells apart. */
enum {
	SAM_GOOD = 0x00,
	SAM_CHECK_CONDITION = 0x02,
	SAM_CONDITION_MET = 0x04,
	SAM_BUSY = 0x08,
	SAM_RESERVATION_CONFLICT = 0x18,
	SAM_TASK_SET_FULL = 0x28,
	SAM_ACA_ACTIVE = 0x30,
	SAM_TASK_ABORTED = 0x40,
};

/* Linux host bytes (include/scsi/scsi_status.h) that change the verdict. */
enum {
	HOST_DID_OK = 0x00,
	HOST_DID_TIME_OUT = 0x03,
	HOST_DID_TRANSPORT_DISRUPTED = 0x0e,	/* the connection went before the answer */
	HOST_DID_NEXUS_FAILURE = 0x11,	/* set by the midlayer on RESERVATION CONFLICT */
};

/* SPC-5 4.4.1: the largest sense buffer a device may return. */
#define SENSE_BUF_LEN 252

/* Sense keys (SPC-5 table 52). */
enum {
	SK_NO_SENSE = 0x0,
	SK_RECOVERED_ERROR = 0x1,
	SK_NOT_READY = 0x2,
	SK_MEDIUM_ERROR = 0x3,
	SK_HARDWARE_ERROR = 0x4,
	SK_ILLEGAL_REQUEST = 0x5,
	SK_UNIT_ATTENTION = 0x6,
	SK_DATA_PROTECT = 0x7,
	SK_ABORTED_COMMAND = 0xb,
};

/*
 * The outcome of one pass-through command, filled by sgio_run() and read
 * by everything else.  A pure value: tests build one by hand.
 */
struct scsi_result {
	int os_err;		/* errno if the pass-through failed, else 0 */
	bool timed_out;		/* the pass-through layer's own timeout */
	uint8_t status;		/* SAM status byte */
	uint8_t host_status;	/* Linux host byte */
	uint8_t driver_status;	/* Linux driver byte */
	size_t sense_len;	/* valid bytes in sense[] */
	uint8_t sense[SENSE_BUF_LEN];
	size_t received;	/* data-in bytes: requested minus residual */
};

/* Sense data reduced to what tresv acts on. */
struct sense_info {
	bool valid;		/* response code 70h-73h and long enough */
	bool descriptor;	/* 72h/73h format */
	bool deferred;		/* 71h/73h: reports an earlier command */
	uint8_t key;		/* SENSE KEY, 4 bits */
	uint8_t asc;		/* ADDITIONAL SENSE CODE, 0 when absent */
	uint8_t ascq;		/* ... QUALIFIER, 0 when absent */
};

/*
 * Decode fixed (70h/71h, SPC-5 4.4.3) or descriptor (72h/73h, SPC-5 4.4.2)
 * sense data of len bytes.  Fixed: SENSE KEY byte 2 bits 3-0, ADDITIONAL
 * SENSE LENGTH byte 7, ASC/ASCQ bytes 12/13 when both the buffer and the
 * additional length reach them.  Descriptor: key/ASC/ASCQ bytes 1/2/3.
 * Never reads past len.  Returns 0 and fills *si, or -EBADMSG (si->valid
 * false) when the response code is not one of the four or len is too
 * short to hold the sense key.
 */
int sense_parse(const uint8_t *sense, size_t len, struct sense_info *si);

/*
 * The exit status a sense key means (DESIGN.md table): NO SENSE and
 * RECOVERED ERROR are 0; NOT READY 2; MEDIUM/HARDWARE ERROR 3; ILLEGAL
 * REQUEST 5, or 9 for ASC/ASCQ 20h/00h (invalid command operation code);
 * UNIT ATTENTION 6; ABORTED COMMAND 11; anything else 99.
 */
enum tr_exit sense_exit(const struct sense_info *si);

/*
 * The exit status of a whole result, in this order: a pass-through error
 * (15, or 33 for ETIMEDOUT), a timeout (the layer's own or host byte
 * DID_TIME_OUT: 33), status RESERVATION CONFLICT, or host byte
 * DID_NEXUS_FAILURE, which Linux sets only for it (24) -- checked before
 * any transport verdict; CHECK CONDITION via sense_exit() (99 if the sense
 * does not parse); BUSY/TASK SET FULL 26; TASK ABORTED 11; any other
 * non-zero host or driver byte 35 (driver byte 08h, DRIVER_SENSE, alone is
 * not a failure); another non-GOOD status 99; else 0.  If si is not NULL
 * it receives the decoded sense (valid false when there was none).
 */
enum tr_exit sense_result_exit(const struct scsi_result *r,
			       struct sense_info *si);

/*
 * One human line for a failed result into buf (len bytes, always
 * terminated), e.g. "reservation conflict",
 * "Illegal Request: Invalid command operation code (asc/ascq 20h/00h)",
 * "transport error: host status 0x01, driver status 0x00".  Key and
 * ASC/ASCQ text come from libsgutils2.  Returns buf.
 */
char *sense_result_str(const struct scsi_result *r, char *buf, size_t len);

/*
 * libsgutils2's text for ASC/ASCQ without its "Additional sense: " lead,
 * e.g. "Invalid command operation code" for 20h/00h, into buf (len bytes,
 * always terminated).  Returns buf.
 */
char *sense_asc_str(uint8_t asc, uint8_t ascq, char *buf, size_t len);

/*
 * Unit attention meanings that change what a user must do (SPC-5 table 55
 * and DESIGN.md): 2Ah/03h reservations preempted, 2Ah/04h reservations
 * released, 2Ah/05h registrations preempted, 29h/xx a reset.  Returns a
 * short phrase for those and NULL for others (the caller then uses the
 * library's ASC text).
 */
const char *sense_ua_meaning(uint8_t asc, uint8_t ascq);

#endif /* TRESV_SENSE_H */
