/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Taking and giving back a logical unit with a persistent or an SPC-2 reservation. */
#include <stdio.h>
#include <string.h>

#include "cdb.h"
#include "hold.h"
#include "pr.h"
#include "prstate.h"

/* A PR OUT with the basic parameter list: two keys, no flags. */
static enum tr_exit
prout(struct sgio_dev *dev, const struct sgio_opts *opts, enum prout_sa sa,
      uint8_t type, uint64_t key, uint64_t sa_key, struct scsi_result *res)
{
	struct prout_params p = { .key = key, .sa_key = sa_key };

	return pr_out_run(dev, opts, sa, type, &p, res);
}

static enum tr_exit
simple(struct sgio_dev *dev, const struct sgio_opts *opts, const uint8_t *cdb,
       size_t len, struct scsi_result *res)
{
	return sgio_run(dev, opts, cdb, len, SGIO_DIR_NONE, NULL, 0, res);
}

static enum tr_exit
failed(enum tr_exit ex, const char *what, const struct scsi_result *res,
       char *why, size_t whylen)
{
	char s[256];

	snprintf(why, whylen, "%s: %s", what, sense_result_str(res, s, sizeof(s)));
	return ex;
}

enum tr_exit
hold_resolve(struct sgio_dev *dev, const struct sgio_opts *opts, struct hold *h)
{
	uint8_t cdb[CDB10_LEN], buf[8];
	struct scsi_result res;
	enum tr_exit ex;

	if (h->method != HOLD_AUTO)
		return TR_EXIT_OK;
	cdb_prin(cdb, PRIN_REPORT_CAPABILITIES, sizeof(buf));
	ex = sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_IN, buf, sizeof(buf), &res);
	if (ex == TR_EXIT_INVALID_OP) {
		h->method = HOLD_SPC2;
		return TR_EXIT_OK;
	}
	if (ex == TR_EXIT_OK || ex == TR_EXIT_CONFLICT || ex == TR_EXIT_ILLEGAL_REQ ||
	    ex == TR_EXIT_NOT_READY || ex == TR_EXIT_UNIT_ATTENTION) {
		h->method = HOLD_PR;
		return TR_EXIT_OK;
	}
	return ex;
}

/* Is key among the registered keys (READ KEYS)? false when unknown. */
static bool
key_registered(struct sgio_dev *dev, const struct sgio_opts *opts, uint64_t key)
{
	struct pr_state st;
	char err[256];
	bool found = false;
	size_t i;

	if (prs_collect(dev, opts, PRS_KEYS, false, &st, err, sizeof(err)) == TR_EXIT_OK)
		for (i = 0; i < st.nkeys; i++)
			found |= st.keys[i] == key;
	prs_free(&st);
	return found;
}

static enum tr_exit
prevent(struct sgio_dev *dev, const struct sgio_opts *opts, int on,
	struct scsi_result *res)
{
	uint8_t cdb[CDB6_LEN];

	cdb_prevent_allow(cdb, on);
	return simple(dev, opts, cdb, sizeof(cdb), res);
}

enum tr_exit
hold_take(struct sgio_dev *dev, const struct sgio_opts *opts, const struct hold *h,
	  char *why, size_t whylen)
{
	uint8_t cdb[CDB6_LEN];
	struct scsi_result res;
	enum tr_exit ex;

	why[0] = '\0';
	if (h->method == HOLD_SPC2) {
		cdb_reserve6(cdb);
		ex = simple(dev, opts, cdb, sizeof(cdb), &res);
		if (ex != TR_EXIT_OK && ex != TR_EXIT_CONFLICT)
			return failed(ex, "RESERVE(6)", &res, why, whylen);
	} else {
		bool had = key_registered(dev, opts, h->key);

		ex = prout(dev, opts, PROUT_REGISTER_AND_IGNORE, 0, 0, h->key, &res);
		if (ex != TR_EXIT_OK && ex != TR_EXIT_CONFLICT)
			return failed(ex, "REGISTER AND IGNORE EXISTING KEY", &res, why, whylen);
		if (ex == TR_EXIT_OK) {
			ex = prout(dev, opts, PROUT_RESERVE, h->type, h->key, 0, &res);
			if (ex != TR_EXIT_OK && !had) {	/* undo only what we did */
				struct scsi_result r2;

				prout(dev, opts, PROUT_REGISTER, 0, h->key, 0, &r2);
			}
			if (ex != TR_EXIT_OK && ex != TR_EXIT_CONFLICT)
				return failed(ex, "RESERVE", &res, why, whylen);
		}
	}
	if (ex == TR_EXIT_CONFLICT) {
		snprintf(why, whylen, "another initiator holds the unit");
		return ex;
	}
	if (h->prevent && (ex = prevent(dev, opts, 1, &res)) != TR_EXIT_OK) {
		char w[256];

		failed(ex, "PREVENT MEDIUM REMOVAL", &res, why, whylen);
		hold_drop(dev, opts, &(struct hold){ h->method, h->key, h->type, false },
			  w, sizeof(w));
		return ex;
	}
	return TR_EXIT_OK;
}

enum tr_exit
hold_preempt(struct sgio_dev *dev, const struct sgio_opts *opts, const struct hold *h,
	     char *why, size_t whylen)
{
	struct pr_state st;
	struct scsi_result res;
	enum tr_exit ex;

	ex = prs_collect(dev, opts, PRS_RESV, false, &st, why, whylen);
	if (ex != TR_EXIT_OK || !st.resv.held) {
		if (ex == TR_EXIT_OK)
			snprintf(why, whylen, "no persistent reservation to preempt");
		prs_free(&st);
		return ex == TR_EXIT_OK ? TR_EXIT_CONFLICT : ex;
	}
	ex = prout(dev, opts, PROUT_REGISTER_AND_IGNORE, 0, 0, h->key, &res);
	if (ex == TR_EXIT_OK)
		ex = prout(dev, opts, PROUT_PREEMPT, h->type, h->key, st.resv.key, &res);
	prs_free(&st);
	if (ex != TR_EXIT_OK)
		return failed(ex, "PREEMPT", &res, why, whylen);
	if (h->prevent && (ex = prevent(dev, opts, 1, &res)) != TR_EXIT_OK)
		return failed(ex, "PREVENT MEDIUM REMOVAL", &res, why, whylen);
	return TR_EXIT_OK;
}

enum tr_exit
hold_drop(struct sgio_dev *dev, const struct sgio_opts *opts, const struct hold *h,
	  char *why, size_t whylen)
{
	uint8_t cdb[CDB6_LEN];
	struct scsi_result res;
	enum tr_exit ex, first = TR_EXIT_OK;

	why[0] = '\0';
	if (h->prevent && (ex = prevent(dev, opts, 0, &res)) != TR_EXIT_OK)
		first = failed(ex, "ALLOW MEDIUM REMOVAL", &res, why, whylen);
	if (h->method == HOLD_SPC2) {
		cdb_release6(cdb);
		ex = simple(dev, opts, cdb, sizeof(cdb), &res);
		if (ex != TR_EXIT_OK && first == TR_EXIT_OK)
			first = failed(ex, "RELEASE(6)", &res, why, whylen);
		return first;
	}
	ex = prout(dev, opts, PROUT_RELEASE, h->type, h->key, 0, &res);
	if (ex != TR_EXIT_OK && first == TR_EXIT_OK)
		first = failed(ex, "RELEASE", &res, why, whylen);
	ex = prout(dev, opts, PROUT_REGISTER, 0, h->key, 0, &res);	/* unregister */
	if (ex != TR_EXIT_OK && first == TR_EXIT_OK)
		first = failed(ex, "REGISTER (unregister)", &res, why, whylen);
	return first;
}
