/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Persistent reservation commands over sgio: PR IN with re-issue on overflow, failures explained. */
#ifndef TRESV_PR_H
#define TRESV_PR_H

#include <stdbool.h>
#include <stddef.h>

#include "cdb.h"
#include "prout.h"
#include "sgio.h"

/* First allocation length of a PR IN, bytes: room for 127 keys.  The
 * environment variable TRESV_PR_IN_ALLOC (4-65535) overrides it, for
 * testing the re-issue against a real device (tpr-in(1), ENVIRONMENT). */
#define PR_IN_FIRST_ALLOC 1024

/* One PR IN response, in a buffer pr_in_fetch() allocated. */
struct pr_in_data {
	uint8_t *buf;		/* received bytes, heap; free with pr_in_data_free */
	size_t received;	/* bytes of buf the device filled */
	size_t needed;		/* whole response length as the device reported it */
	bool truncated;		/* needed > received after the last attempt */
	bool short_reply;	/* truncated although the allocation had room:
				 * the device sent less than it claims */
};

/*
 * Send PERSISTENT RESERVE IN service action sa with a PR_IN_FIRST_ALLOC
 * allocation (READ FULL STATUS: PRIN_MAX_ALLOC, see pr.c); when the response's length field (prin_needed_len) says
 * more exists
 * than fitted, send it once more with an allocation of exactly what is
 * needed, capped at PRIN_MAX_ALLOC (SPC-5 6.16.1: the device does not
 * truncate ADDITIONAL LENGTH to the allocation).  Returns the exit status
 * of the last command (0: *out is filled and owns a buffer), with *res
 * holding its result.  -ENOMEM is reported as TR_EXIT_OTHER with
 * res->os_err set.
 */
enum tr_exit pr_in_fetch(struct sgio_dev *dev, const struct sgio_opts *opts,
			 enum prin_sa sa, struct pr_in_data *out,
			 struct scsi_result *res);

void pr_in_data_free(struct pr_in_data *d);

/*
 * After a PR command met RESERVATION CONFLICT: PR IN is allowed under
 * every persistent reservation type (SPC-5 5.14.1), so an SPC-2
 * reservation caused it, and SPC-2 has no query for its holder.  TEST
 * UNIT READY conflicts for every initiator but the holder (SPC-2 5.5.1),
 * so one TUR tells.  Returns 1 when this I_T nexus holds it (the device
 * processed the TUR: GOOD, or CHECK CONDITION such as NOT READY), 0 when
 * another initiator does (RESERVATION CONFLICT), -1 when the TUR told
 * nothing (timeout, BUSY, transport or pass-through failure).  Sends one
 * command.
 */
int pr_spc2_holder_is_us(struct sgio_dev *dev, const struct sgio_opts *opts);

/*
 * Why a PR IN failed, in one line, into buf (len bytes).  RESERVATION
 * CONFLICT: an SPC-2 reservation, held by this initiator when spc2_ours
 * is 1 (some devices, LIO among them, refuse PR commands from the holder
 * too), by another when 0, unknown when -1.  INVALID COMMAND OPERATION
 * CODE: no persistent reservation support.  Others: sense_result_str().
 * Returns buf.
 */
char *pr_in_failure_str(enum tr_exit ex, const struct scsi_result *res,
			int spc2_ours, char *buf, size_t len);

/*
 * Send PERSISTENT RESERVE OUT service action sa, LU scope, TYPE type,
 * with the parameter list prout_build() makes from *p (SPC-5 6.17).
 * Returns sgio_run()'s exit status with *res; TR_EXIT_OTHER (res->os_err
 * EINVAL) and nothing sent when *p does not fit sa.
 */
enum tr_exit pr_out_run(struct sgio_dev *dev, const struct sgio_opts *opts,
			enum prout_sa sa, uint8_t type, const struct prout_params *p,
			struct scsi_result *res);

#endif /* TRESV_PR_H */
