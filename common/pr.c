/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PR IN over sgio: allocation that follows ADDITIONAL LENGTH, and failures in words. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr.h"
#include "prin.h"

/*
 * The first allocation.  READ FULL STATUS always gets the largest: LIO
 * (6.1) counts in ADDITIONAL LENGTH only the descriptors that fit the
 * allocation, so a short one loses registrants without a sign (the lab
 * test "LIO shrinks ADDITIONAL LENGTH" shows it).  Others get
 * PR_IN_FIRST_ALLOC, or TRESV_PR_IN_ALLOC (4 to 65535) so the lab can
 * make a real device's answer overflow it.
 */
static size_t
first_alloc(enum prin_sa sa)
{
	const char *e = getenv("TRESV_PR_IN_ALLOC");
	unsigned long v = 0;
	size_t i;

	if (sa == PRIN_READ_FULL_STATUS)
		return PRIN_MAX_ALLOC;
	for (i = 0; e != NULL && e[i] >= '0' && e[i] <= '9' && v <= PRIN_MAX_ALLOC; i++)
		v = v * 10 + (unsigned long)(e[i] - '0');
	if (e == NULL || i == 0 || e[i] != '\0' || v < 4 || v > PRIN_MAX_ALLOC)
		return PR_IN_FIRST_ALLOC;
	return v;
}

enum tr_exit
pr_in_fetch(struct sgio_dev *dev, const struct sgio_opts *opts,
	    enum prin_sa sa, struct pr_in_data *out, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN];
	size_t alloc = first_alloc(sa);
	enum tr_exit ex;
	int attempt;

	memset(out, 0, sizeof(*out));
	for (attempt = 0; attempt < 2; attempt++) {
		uint8_t *nbuf = realloc(out->buf, alloc);

		if (nbuf == NULL) {
			pr_in_data_free(out);
			memset(res, 0, sizeof(*res));
			res->os_err = ENOMEM;
			return TR_EXIT_OTHER;
		}
		out->buf = nbuf;
		memset(out->buf, 0, alloc);
		cdb_prin(cdb, sa, (uint16_t)alloc);
		ex = sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_IN, out->buf,
			      alloc, res);
		if (ex != TR_EXIT_OK) {
			pr_in_data_free(out);
			return ex;
		}
		out->received = res->received;
		out->needed = prin_needed_len(sa, out->buf, out->received);
		if (out->needed <= out->received || out->received < alloc ||
		    alloc >= PRIN_MAX_ALLOC)
			break;
		alloc = out->needed < PRIN_MAX_ALLOC ? out->needed : PRIN_MAX_ALLOC;
	}
	out->truncated = out->needed > out->received;
	out->short_reply = out->truncated && out->received < alloc;
	return TR_EXIT_OK;
}

void
pr_in_data_free(struct pr_in_data *d)
{
	free(d->buf);
	memset(d, 0, sizeof(*d));
}

int
pr_spc2_holder_is_us(struct sgio_dev *dev, const struct sgio_opts *opts)
{
	uint8_t cdb[CDB6_LEN];
	struct scsi_result res;
	enum tr_exit ex;

	cdb_test_unit_ready(cdb);
	ex = sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_NONE, NULL, 0, &res);
	if (ex == TR_EXIT_CONFLICT)
		return 0;
	if (ex == TR_EXIT_OK || res.status == SAM_CHECK_CONDITION)
		return 1;
	return -1;
}

enum tr_exit
pr_out_run(struct sgio_dev *dev, const struct sgio_opts *opts, enum prout_sa sa,
	   uint8_t type, const struct prout_params *p, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN], list[PROUT_MAX_LEN];
	ssize_t len = prout_build(sa, p, list, sizeof(list));

	if (len < 0) {
		memset(res, 0, sizeof(*res));
		res->os_err = EINVAL;
		return TR_EXIT_OTHER;
	}
	cdb_prout(cdb, sa, PR_SCOPE_LU, type, (uint32_t)len);
	return sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_OUT, list, (size_t)len,
			res);
}

char *
pr_in_failure_str(enum tr_exit ex, const struct scsi_result *res,
		  int spc2_ours, char *buf, size_t len)
{
	if (ex == TR_EXIT_CONFLICT && spc2_ours == 1)
		snprintf(buf, len,
			 "reservation conflict on PERSISTENT RESERVE IN: this "
			 "initiator holds an SPC-2 reservation (RESERVE) and the "
			 "device refuses persistent reservation commands while it "
			 "lasts; RELEASE it first");
	else if (ex == TR_EXIT_CONFLICT && spc2_ours == 0)
		snprintf(buf, len,
			 "reservation conflict on PERSISTENT RESERVE IN: another "
			 "initiator holds an SPC-2 reservation (RESERVE; TEST UNIT "
			 "READY conflicts too); it blocks persistent reservation "
			 "commands until its holder releases it or the logical "
			 "unit is reset");
	else if (ex == TR_EXIT_CONFLICT)
		snprintf(buf, len,
			 "reservation conflict on PERSISTENT RESERVE IN: the "
			 "logical unit is held with an SPC-2 reservation (RESERVE)");
	else if (ex == TR_EXIT_INVALID_OP)
		snprintf(buf, len,
			 "the device does not support persistent reservations "
			 "(PERSISTENT RESERVE IN: invalid command operation code)");
	else
		sense_result_str(res, buf, len);
	return buf;
}
