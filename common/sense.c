/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sense data and command outcomes: decoding, exit status, one-line text. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "sense.h"

int
sense_parse(const uint8_t *sense, size_t len, struct sense_info *si)
{
	memset(si, 0, sizeof(*si));
	if (sense == NULL || len < 1)
		return -EBADMSG;

	switch (sense[0] & 0x7f) {
	case 0x70:
	case 0x71:
		if (len < 3)
			return -EBADMSG;
		si->deferred = (sense[0] & 0x7f) == 0x71;
		si->key = sense[2] & 0x0f;
		/* ASC/ASCQ are bytes 12-13: both the buffer and the
		 * ADDITIONAL SENSE LENGTH (byte 7, counted from byte 8)
		 * must reach them. */
		if (len >= 14 && 8 + (size_t)sense[7] >= 14) {
			si->asc = sense[12];
			si->ascq = sense[13];
		}
		break;
	case 0x72:
	case 0x73:
		if (len < 2)
			return -EBADMSG;
		si->descriptor = true;
		si->deferred = (sense[0] & 0x7f) == 0x73;
		si->key = sense[1] & 0x0f;
		if (len >= 4) {
			si->asc = sense[2];
			si->ascq = sense[3];
		}
		break;
	default:
		return -EBADMSG;
	}
	si->valid = true;
	return 0;
}

enum tr_exit
sense_exit(const struct sense_info *si)
{
	if (!si->valid)
		return TR_EXIT_OTHER;
	switch (si->key) {
	case SK_NO_SENSE:
	case SK_RECOVERED_ERROR:
		return TR_EXIT_OK;
	case SK_NOT_READY:
		return TR_EXIT_NOT_READY;
	case SK_MEDIUM_ERROR:
	case SK_HARDWARE_ERROR:
		return TR_EXIT_MEDIUM_HARD;
	case SK_ILLEGAL_REQUEST:
		if (si->asc == 0x20 && si->ascq == 0x00)
			return TR_EXIT_INVALID_OP;
		return TR_EXIT_ILLEGAL_REQ;
	case SK_UNIT_ATTENTION:
		return TR_EXIT_UNIT_ATTENTION;
	case SK_ABORTED_COMMAND:
		return TR_EXIT_ABORTED;
	default:
		return TR_EXIT_OTHER;
	}
}

/* Linux driver byte DRIVER_SENSE: sense data is present, not a failure. */
#define DRIVER_SENSE_BIT 0x08

enum tr_exit
sense_result_exit(const struct scsi_result *r, struct sense_info *si)
{
	struct sense_info local;

	if (si == NULL)
		si = &local;
	memset(si, 0, sizeof(*si));

	if (r->os_err)
		return r->os_err == ETIMEDOUT ? TR_EXIT_TIMEOUT : TR_EXIT_FILE;
	if (r->timed_out || r->host_status == HOST_DID_TIME_OUT)
		return TR_EXIT_TIMEOUT;
	/* Before any transport verdict: the midlayer marks a conflict with
	 * DID_NEXUS_FAILURE, which sg_pt reports as a transport error. */
	if (r->status == SAM_RESERVATION_CONFLICT ||
	    r->host_status == HOST_DID_NEXUS_FAILURE)
		return TR_EXIT_CONFLICT;
	if (r->status == SAM_CHECK_CONDITION) {
		if (sense_parse(r->sense, r->sense_len, si) != 0)
			return TR_EXIT_OTHER;
		return sense_exit(si);
	}
	if (r->status == SAM_BUSY || r->status == SAM_TASK_SET_FULL)
		return TR_EXIT_BUSY;
	if (r->status == SAM_TASK_ABORTED)
		return TR_EXIT_ABORTED;
	if (r->host_status != HOST_DID_OK ||
	    (r->driver_status & ~DRIVER_SENSE_BIT) != 0)
		return TR_EXIT_TRANSPORT;
	if (r->status != SAM_GOOD && r->status != SAM_CONDITION_MET)
		return TR_EXIT_OTHER;
	return TR_EXIT_OK;
}

char *
sense_asc_str(uint8_t asc, uint8_t ascq, char *buf, size_t len)
{
	static const char lead[] = "Additional sense: ";
	char text[160];
	const char *t;

	if (len == 0)
		return buf;
	t = sg_get_asc_ascq_str(asc, ascq, sizeof(text), text);
	if (strncmp(t, lead, sizeof(lead) - 1) == 0)
		t += sizeof(lead) - 1;
	snprintf(buf, len, "%s", t);
	return buf;
}

const char *
sense_ua_meaning(uint8_t asc, uint8_t ascq)
{
	if (asc == 0x2a && ascq == 0x03)
		return "reservations preempted by another initiator";
	if (asc == 0x2a && ascq == 0x04)
		return "reservations released by another initiator";
	if (asc == 0x2a && ascq == 0x05)
		return "registrations preempted by another initiator";
	if (asc == 0x29)
		return "the logical unit was reset";
	return NULL;
}

char *
sense_result_str(const struct scsi_result *r, char *buf, size_t len)
{
	struct sense_info si;
	char key[64], asc[128];
	enum tr_exit ex = sense_result_exit(r, &si);

	if (len == 0)
		return buf;
	if (r->os_err) {
		snprintf(buf, len, "pass-through failed: %s", strerror(r->os_err));
	} else if (ex == TR_EXIT_TIMEOUT) {
		snprintf(buf, len, "command timed out");
	} else if (ex == TR_EXIT_CONFLICT) {
		snprintf(buf, len, "reservation conflict");
	} else if (r->status == SAM_CHECK_CONDITION && si.valid) {
		sg_get_sense_key_str(si.key, sizeof(key), key);
		sense_asc_str(si.asc, si.ascq, asc, sizeof(asc));
		snprintf(buf, len, "%s%s: %s (asc/ascq %02Xh/%02Xh)",
			 si.deferred ? "deferred " : "", key, asc, si.asc,
			 si.ascq);
	} else if (r->status == SAM_CHECK_CONDITION) {
		snprintf(buf, len, "check condition with unreadable sense data");
	} else if (r->host_status == HOST_DID_TRANSPORT_DISRUPTED) {
		snprintf(buf, len, "the connection to the device was lost after the "
			 "command was sent, before any answer: whether the device "
			 "carried it out is unknown");
	} else if (ex == TR_EXIT_TRANSPORT) {
		snprintf(buf, len,
			 "transport error: host status 0x%02x, driver status 0x%02x",
			 r->host_status, r->driver_status);
	} else {
		snprintf(buf, len, "SCSI status 0x%02x", r->status);
	}
	return buf;
}
