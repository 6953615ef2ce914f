/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: sense data decoding, and a whole command result through its exit status and text. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sense.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a result header and a sense buffer twice over. */
#define FUZZ_MAX_LEN 512

/*
 * Input layout for the result: byte 0 SAM status, byte 1 host byte,
 * byte 2 driver byte, byte 3 bit 0 the pass-through's own timeout and
 * bits 2-1 an errno (none, ENODEV, ETIMEDOUT, EIO); the rest is the sense
 * data, at most SENSE_BUF_LEN bytes of it.  sense_parse() also sees the
 * whole input as sense data.
 */
#define RESULT_HDR 4

static bool
exit_known(enum tr_exit e)
{
	switch (e) {
	case TR_EXIT_OK:
	case TR_EXIT_NOT_READY:
	case TR_EXIT_MEDIUM_HARD:
	case TR_EXIT_ILLEGAL_REQ:
	case TR_EXIT_UNIT_ATTENTION:
	case TR_EXIT_INVALID_OP:
	case TR_EXIT_ABORTED:
	case TR_EXIT_FILE:
	case TR_EXIT_CONFLICT:
	case TR_EXIT_BUSY:
	case TR_EXIT_TIMEOUT:
	case TR_EXIT_TRANSPORT:
	case TR_EXIT_MALFORMED:
	case TR_EXIT_OTHER:
		return true;
	default:
		return false;
	}
}

/* sense_parse() on len bytes, against the layout sense.h gives. */
static void
fuzz_parse(const uint8_t *s, size_t len)
{
	struct sense_info si;
	struct fault why;
	unsigned code = len > 0 ? s[0] & 0x7f : 0;
	bool fixed = code == 0x70 || code == 0x71;
	bool desc = code == 0x72 || code == 0x73;
	int rc = sense_parse(s, len, &si, &why);

	if (len == 0 || ((fixed && len < 3) || (desc && len < 2))) {
		FUZZ_CHECK(rc == -ENODATA && !si.valid);
		return;
	}
	if (!fixed && !desc) {
		FUZZ_CHECK(rc == -EBADMSG && !si.valid && why.kind == FAULT_CODE);
		return;
	}
	if (rc == -EBADMSG) {
		/* only the lengths can contradict each other, and only when
		 * ADDITIONAL SENSE LENGTH arrived */
		FUZZ_CHECK(!si.valid && len >= 8 && why.kind == FAULT_PAST);
		FUZZ_CHECK(why.offset == 7 ? s[7] > 244 : desc && why.offset < len);
		return;
	}
	FUZZ_CHECK(rc == 0 && si.valid);
	FUZZ_CHECK(si.truncated == (len < 8 || len < 8 + (size_t)s[7]));
	FUZZ_CHECK(si.truncated ? si.cut_at == len : si.cut_at == 0);
	FUZZ_CHECK(si.descriptor == desc);
	FUZZ_CHECK(si.deferred == (code == 0x71 || code == 0x73));
	if (fixed) {
		FUZZ_CHECK(si.key == (s[2] & 0x0f));
		if (len >= 14 && 8 + (size_t)s[7] >= 14)
			FUZZ_CHECK(si.asc == s[12] && si.ascq == s[13]);
		else
			FUZZ_CHECK(si.asc == 0 && si.ascq == 0);
	} else {
		FUZZ_CHECK(si.key == (s[1] & 0x0f));
		if (len >= 4)
			FUZZ_CHECK(si.asc == s[2] && si.ascq == s[3]);
		else
			FUZZ_CHECK(si.asc == 0 && si.ascq == 0);
	}
	FUZZ_CHECK(exit_known(sense_exit(&si)));
}

/* Text into a heap block of exactly len bytes: terminated, within it. */
static void
fuzz_str_len(const struct scsi_result *r, size_t len)
{
	char *buf = malloc(len ? len : 1);

	if (buf == NULL)
		abort();
	FUZZ_CHECK(sense_result_str(r, buf, len) == buf);
	if (len > 0)
		FUZZ_CHECK(strnlen(buf, len) < len);
	free(buf);
}

static void
fuzz_asc(uint8_t asc, uint8_t ascq)
{
	char *buf = malloc(24);

	if (buf == NULL)
		abort();
	FUZZ_CHECK(sense_asc_str(asc, ascq, buf, 24) == buf);
	FUZZ_CHECK(strnlen(buf, 24) < 24);
	free(buf);
	(void)sense_ua_meaning(asc, ascq);
}

static void
fuzz_result(const uint8_t *data, size_t size)
{
	static const int errs[4] = { 0, ENODEV, ETIMEDOUT, EIO };
	static const size_t lens[] = { 0, 1, 9, 40, 200 };
	struct scsi_result r;
	struct sense_info si;
	enum tr_exit e;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.status = data[0];
	r.host_status = data[1];
	r.driver_status = data[2];
	r.timed_out = data[3] & 0x01;
	r.os_err = errs[(data[3] >> 1) & 0x03];
	r.sense_len = size - RESULT_HDR;
	if (r.sense_len > SENSE_BUF_LEN)
		r.sense_len = SENSE_BUF_LEN;
	memcpy(r.sense, data + RESULT_HDR, r.sense_len);

	e = sense_result_exit(&r, &si);
	FUZZ_CHECK(exit_known(e));
	FUZZ_CHECK(sense_result_exit(&r, NULL) == e);
	if (r.os_err != 0)
		FUZZ_CHECK(e == (r.os_err == ETIMEDOUT ? TR_EXIT_TIMEOUT
						       : TR_EXIT_FILE));
	else if (r.timed_out)
		FUZZ_CHECK(e == TR_EXIT_TIMEOUT);
	/* sense is decoded for CHECK CONDITION only; 97 only from sense
	 * data that contradicts itself */
	if (si.valid)
		FUZZ_CHECK(r.status == SAM_CHECK_CONDITION);
	if (e == TR_EXIT_MALFORMED) {
		struct sense_info again;

		FUZZ_CHECK(r.status == SAM_CHECK_CONDITION);
		FUZZ_CHECK(sense_parse(r.sense, r.sense_len, &again, NULL) == -EBADMSG);
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		fuzz_str_len(&r, lens[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = fuzz_dup(data, size);

	fuzz_parse(buf, size);
	if (size >= RESULT_HDR) {
		/* the sense part alone, ending where the input ends */
		fuzz_parse(buf + RESULT_HDR, size - RESULT_HDR);
		fuzz_result(buf, size);
	}
	if (size >= 2)
		fuzz_asc(buf[size - 2], buf[size - 1]);
	free(buf);
	return 0;
}
