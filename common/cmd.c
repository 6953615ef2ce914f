/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One function per SCSI command: CDB from cdb.c, delivery through the transport, unit attentions retried here only. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "cmd.h"
#include "prin.h"

static void
hex_to_stderr(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(stderr, "    %s:", label);
	for (i = 0; i < n; i++) {
		if (i > 0 && i % 16 == 0)
			fprintf(stderr, "\n    %*s ", (int)strlen(label), "");
		fprintf(stderr, " %02x", p[i]);
	}
	fputc('\n', stderr);
}

static void
trace_before(const struct dev *d, const uint8_t *cdb, size_t cdb_len,
	     enum xport_dir dir, const uint8_t *buf, size_t len)
{
	char name[96];
	int sa = (cdb[0] == CDB_OP_PERSISTENT_RESERVE_IN ||
		  cdb[0] == CDB_OP_PERSISTENT_RESERVE_OUT) ? (cdb[1] & 0x1f) : -1;

	if (sa >= 0)
		sg_get_opcode_sa_name(cdb[0], sa, -1, sizeof(name), name);
	else
		sg_get_opcode_name(cdb[0], -1, sizeof(name), name);
	fprintf(stderr, "%s: %s\n", d->name, name);
	hex_to_stderr("cdb", cdb, cdb_len);
	if (dir == XPORT_DIR_OUT && len > 0)
		hex_to_stderr("parameter list", buf, len);
}

static void
trace_after(const struct scsi_result *r, enum xport_dir dir, const uint8_t *buf)
{
	if (r->os_err != 0) {
		fprintf(stderr, "    not delivered: %s\n", strerror(r->os_err));
		return;
	}
	fprintf(stderr, "    status 0x%02x, host status 0x%02x\n", r->status,
		r->host_status);
	if (r->sense_len > 0)
		hex_to_stderr("sense", r->sense, r->sense_len);
	/* a failed command's buffer holds nothing the device sent */
	if (dir == XPORT_DIR_IN && r->received > 0 && r->status == SAM_GOOD &&
	    r->host_status == HOST_DID_OK && !r->timed_out)
		hex_to_stderr("response", buf, r->received);
}

static void
report_unit_attention(const struct dev *d, const struct sense_info *si)
{
	const char *m = sense_ua_meaning(si->asc, si->ascq);
	char text[128];

	if (m == NULL)
		m = sense_asc_str(si->asc, si->ascq, text, sizeof(text));
	warnx("%s: unit attention: %s (asc/ascq %02Xh/%02Xh); sending the "
	      "command again", d->name, m, si->asc, si->ascq);
}

/* Send one command, tracing it.  Returns its exit status, *si the sense. */
static enum tr_exit
send_one(struct dev *d, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	 uint8_t *buf, size_t len, struct scsi_result *res, struct sense_info *si)
{
	if (d->verbose > 0)
		trace_before(d, cdb, cdb_len, dir, buf, len);
	d->ncmds++;
	d->x->ops->exec(d->x, cdb, cdb_len, dir, buf, len, d->timeout_s, res);
	if (d->verbose > 1)
		trace_after(res, dir, buf);
	return sense_result_exit(res, si);
}

/* After a command's first answer ex (its sense in *si): a UNIT ATTENTION
 * is reported and the command sent once more, and res->ua_retried says
 * whether it was.  Returns the exit status that stands. */
static enum tr_exit
again_after_ua(struct dev *d, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	       uint8_t *buf, size_t len, struct scsi_result *res, struct sense_info *si,
	       enum tr_exit ex)
{
	res->ua_retried = false;
	if (ex != TR_EXIT_UNIT_ATTENTION)
		return ex;
	report_unit_attention(d, si);
	ex = send_one(d, cdb, cdb_len, dir, buf, len, res, si);
	res->ua_retried = true;
	return ex;
}

/* Send one command, tracing it, and once more after a UNIT ATTENTION. */
static enum tr_exit
run(struct dev *d, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
    uint8_t *buf, size_t len, struct scsi_result *res)
{
	struct sense_info si;
	enum tr_exit ex = send_one(d, cdb, cdb_len, dir, buf, len, res, &si);

	return again_after_ua(d, cdb, cdb_len, dir, buf, len, res, &si, ex);
}

/*
 * run() for the commands of b[0..nb-1] (nb <= CMD_UNITS_MAX; b[i] to unit
 * d[i]), which do not depend on each other's answers: all in flight at
 * once where the transports can (exec_all(), one call per transport,
 * with the longest of the units' timeouts), traced before and after; one
 * that met a UNIT ATTENTION is reported and sent once more alone.
 * ex[i][j] is b[i].cmds[j]'s exit status, its outcome in its res.
 */
static void
run_all(struct dev *const *d, struct xport_batch *b, size_t nb,
	enum tr_exit (*ex)[XPORT_BATCH_MAX])
{
	struct xport_batch same[CMD_UNITS_MAX];
	bool done[CMD_UNITS_MAX] = { false };
	struct sense_info si;
	size_t i, j, k, total = 0;
	unsigned timeout_s;

	for (i = 0; i < nb; i++) {
		for (j = 0; j < b[i].n && d[i]->verbose > 0; j++)
			trace_before(d[i], b[i].cmds[j].cdb, b[i].cmds[j].cdb_len,
				     b[i].cmds[j].dir, b[i].cmds[j].buf, b[i].cmds[j].len);
		d[i]->ncmds += b[i].n;
		total += b[i].n;
	}
	for (i = 0; i < nb; i++) {
		const struct xport_ops *ops = d[i]->x->ops;

		if (done[i] || b[i].n == 0)
			continue;
		if (ops->exec_all == NULL || total < 2) {
			for (j = 0; j < b[i].n; j++) {
				struct xport_cmd *c = &b[i].cmds[j];

				c->rc = ops->exec(d[i]->x, c->cdb, c->cdb_len, c->dir, c->buf,
						  c->len, d[i]->timeout_s, &c->res);
			}
			continue;
		}
		/* every unit this transport drives, in one call */
		for (j = i, k = 0, timeout_s = 0; j < nb; j++) {
			if (done[j] || b[j].n == 0 || d[j]->x->ops != ops)
				continue;
			same[k++] = b[j];
			done[j] = true;
			if (d[j]->timeout_s > timeout_s)
				timeout_s = d[j]->timeout_s;
		}
		ops->exec_all(same, k, timeout_s);
	}
	for (i = 0; i < nb; i++)
		for (j = 0; j < b[i].n; j++) {
			struct xport_cmd *c = &b[i].cmds[j];

			if (d[i]->verbose > 1)
				trace_after(&c->res, c->dir, c->buf);
			ex[i][j] = sense_result_exit(&c->res, &si);
			ex[i][j] = again_after_ua(d[i], c->cdb, c->cdb_len, c->dir, c->buf,
						  c->len, &c->res, &si, ex[i][j]);
		}
}

enum tr_exit
cmd_test_unit_ready(struct dev *d, struct scsi_result *res)
{
	uint8_t cdb[CDB6_LEN];

	return run(d, cdb, cdb_test_unit_ready(cdb), XPORT_DIR_NONE, NULL, 0, res);
}

/* An INQUIRY asks this much first: an SPC-2 device reads byte 3 of the
 * CDB as reserved, so only byte 4 carries the length. */
#define INQUIRY_FIRST 255

enum tr_exit
cmd_inquiry(struct dev *d, int page, uint8_t *buf, size_t cap, size_t *len,
	    struct scsi_result *res)
{
	uint8_t cdb[CDB6_LEN];
	enum tr_exit ex;
	size_t asked, need;

	if (cap > UINT16_MAX)
		cap = UINT16_MAX;
	asked = cap < INQUIRY_FIRST ? cap : INQUIRY_FIRST;
	for (;;) {
		memset(buf, 0, asked);
		cdb_inquiry(cdb, page >= 0, page >= 0 ? (uint8_t)page : 0,
			    (uint16_t)asked);
		ex = run(d, cdb, sizeof(cdb), XPORT_DIR_IN, buf, asked, res);
		*len = ex == TR_EXIT_OK ? res->received : 0;
		/* bytes 2-3 PAGE LENGTH: the page is 4 + that */
		need = page >= 0 && *len >= 4 ? 4 + ((size_t)buf[2] << 8 | buf[3]) : 0;
		if (ex != TR_EXIT_OK || need <= *len || *len < asked || asked == cap)
			return ex;
		asked = need < cap ? need : cap;
	}
}

enum tr_exit
cmd_reserve(struct dev *d, bool ten, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN];
	size_t n = ten ? cdb_reserve10(cdb) : cdb_reserve6(cdb);

	return run(d, cdb, n, XPORT_DIR_NONE, NULL, 0, res);
}

enum tr_exit
cmd_release(struct dev *d, bool ten, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN];
	size_t n = ten ? cdb_release10(cdb) : cdb_release6(cdb);

	return run(d, cdb, n, XPORT_DIR_NONE, NULL, 0, res);
}

enum tr_exit
cmd_prevent_allow(struct dev *d, bool prevent, struct scsi_result *res)
{
	uint8_t cdb[CDB6_LEN];

	return run(d, cdb, cdb_prevent_allow(cdb, prevent), XPORT_DIR_NONE, NULL, 0,
		   res);
}

/* A PR IN's first allocation, bytes (cmd_prin()'s contract). */
static size_t
prin_first_alloc(enum prin_sa sa, size_t first_alloc)
{
	size_t alloc = first_alloc;

	if (alloc == 0)
		alloc = sa == PRIN_READ_FULL_STATUS ? CMD_PRIN_FULL_FIRST_ALLOC :
			CMD_PRIN_FIRST_ALLOC;
	if (alloc < 4)
		alloc = 4;
	return alloc > PRIN_MAX_ALLOC ? PRIN_MAX_ALLOC : alloc;
}

/* out->buf made alloc bytes, zeroed, and cdb the PR IN asking for them.
 * 0, or -ENOMEM with out freed and res saying ENOMEM. */
static int
prin_prepare(enum prin_sa sa, size_t alloc, struct pr_in_data *out,
	     uint8_t cdb[CDB10_LEN], struct scsi_result *res)
{
	uint8_t *nbuf = realloc(out->buf, alloc);

	if (nbuf == NULL) {
		pr_in_data_free(out);
		memset(res, 0, sizeof(*res));
		res->os_err = ENOMEM;
		return -ENOMEM;
	}
	out->buf = nbuf;
	memset(out->buf, 0, alloc);
	cdb_prin(cdb, sa, (uint16_t)alloc);
	return 0;
}

/*
 * The re-issue rule, after send number `attempt` (0 or 1) of a PR IN
 * asking alloc bytes answered GOOD with res->received bytes in out: the
 * allocation to send it again with, or 0 when it is done (out->truncated
 * and out->short_reply then set).
 */
static size_t
prin_again(enum prin_sa sa, struct pr_in_data *out, size_t alloc,
	   const struct scsi_result *res, int attempt)
{
	out->received = res->received;
	out->needed = prin_needed_len(sa, out->buf, out->received);
	if (attempt == 0) {
		/* LIO counts only the descriptors that fit: a READ FULL
		 * STATUS that came within one descriptor of the allocation
		 * may have left some out */
		if (sa == PRIN_READ_FULL_STATUS && alloc < PRIN_MAX_ALLOC &&
		    out->received + CMD_PRIN_FULL_DESC_MAX > alloc)
			return PRIN_MAX_ALLOC;
		if (out->needed > out->received && out->received >= alloc &&
		    alloc < PRIN_MAX_ALLOC)
			return out->needed < PRIN_MAX_ALLOC ? out->needed : PRIN_MAX_ALLOC;
	}
	out->truncated = out->needed > out->received;
	out->short_reply = out->truncated && out->received < alloc;
	return 0;
}

/* Send PR IN sa with alloc bytes as send number `attempt`, and again
 * while prin_again() asks.  cmd_prin()'s returns. */
static enum tr_exit
prin_from(struct dev *d, enum prin_sa sa, size_t alloc, int attempt,
	  struct pr_in_data *out, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN];
	enum tr_exit ex;

	for (; alloc != 0; attempt++) {
		if (prin_prepare(sa, alloc, out, cdb, res) != 0)
			return TR_EXIT_OTHER;
		ex = run(d, cdb, sizeof(cdb), XPORT_DIR_IN, out->buf, alloc, res);
		if (ex != TR_EXIT_OK) {
			pr_in_data_free(out);
			return ex;
		}
		alloc = prin_again(sa, out, alloc, res, attempt);
	}
	return TR_EXIT_OK;
}

enum tr_exit
cmd_prin(struct dev *d, enum prin_sa sa, size_t first_alloc,
	 struct pr_in_data *out, struct scsi_result *res)
{
	memset(out, 0, sizeof(*out));
	return prin_from(d, sa, prin_first_alloc(sa, first_alloc), 0, out, res);
}

/* One unit's first sends in cmd_prin_units(): its CDBs, commands and
 * their answers; at[k] is the request command k asks for. */
struct prin_wave {
	uint8_t cdbs[XPORT_BATCH_MAX][CDB10_LEN];
	struct xport_cmd c[XPORT_BATCH_MAX];
	size_t at[XPORT_BATCH_MAX];
};

/* u's first sends (of at most its first XPORT_BATCH_MAX requests) into w,
 * as a batch for run_all(); a request left out for want of memory has
 * its res saying so and ex TR_EXIT_OTHER. */
static struct xport_batch
prin_wave_prepare(const struct cmd_prin_unit *u, struct prin_wave *w)
{
	size_t i, k = 0;

	for (i = 0; i < u->n && i < XPORT_BATCH_MAX; i++) {
		struct cmd_prin_req *q = &u->reqs[i];
		size_t alloc = prin_first_alloc(q->sa, q->first_alloc);

		memset(&q->data, 0, sizeof(q->data));
		memset(&q->res, 0, sizeof(q->res));
		q->ex = TR_EXIT_OTHER;
		if (prin_prepare(q->sa, alloc, &q->data, w->cdbs[k], &q->res) != 0)
			continue;
		w->c[k] = (struct xport_cmd){ .cdb = w->cdbs[k], .cdb_len = CDB10_LEN,
					      .dir = XPORT_DIR_IN, .buf = q->data.buf,
					      .len = alloc };
		w->at[k++] = i;
	}
	return (struct xport_batch){ .x = u->d->x, .cmds = w->c, .n = k };
}

/* After run_all(): each of the k answers (ex[i] their exit statuses)
 * into its request, finished as cmd_prin() would (asked again larger
 * while prin_again() says so); a request past the batch's room is sent
 * alone. */
static void
prin_wave_finish(const struct cmd_prin_unit *u, struct prin_wave *w, size_t k,
		 const enum tr_exit *ex)
{
	size_t i, next;

	for (i = XPORT_BATCH_MAX; i < u->n; i++)
		u->reqs[i].ex = cmd_prin(u->d, u->reqs[i].sa, u->reqs[i].first_alloc,
					 &u->reqs[i].data, &u->reqs[i].res);
	for (i = 0; i < k; i++) {
		struct cmd_prin_req *q = &u->reqs[w->at[i]];

		q->res = w->c[i].res;
		q->ex = ex[i];
		if (q->ex != TR_EXIT_OK) {
			pr_in_data_free(&q->data);
			continue;
		}
		next = prin_again(q->sa, &q->data, w->c[i].len, &q->res, 0);
		if (next != 0)
			q->ex = prin_from(u->d, q->sa, next, 1, &q->data, &q->res);
	}
}

void
cmd_prin_units(const struct cmd_prin_unit *u, size_t nu)
{
	struct prin_wave w[CMD_UNITS_MAX];
	struct xport_batch b[CMD_UNITS_MAX];
	struct dev *d[CMD_UNITS_MAX];
	enum tr_exit ex[CMD_UNITS_MAX][XPORT_BATCH_MAX];
	size_t i;

	for (; nu > CMD_UNITS_MAX; u += CMD_UNITS_MAX, nu -= CMD_UNITS_MAX)
		cmd_prin_units(u, CMD_UNITS_MAX);
	for (i = 0; i < nu; i++) {
		d[i] = u[i].d;
		b[i] = prin_wave_prepare(&u[i], &w[i]);
	}
	run_all(d, b, nu, ex);
	for (i = 0; i < nu; i++)
		prin_wave_finish(&u[i], &w[i], b[i].n, ex[i]);
}

void
cmd_prin_all(struct dev *d, struct cmd_prin_req *reqs, size_t n)
{
	cmd_prin_units(&(struct cmd_prin_unit){ .d = d, .reqs = reqs, .n = n }, 1);
}

void
pr_in_data_free(struct pr_in_data *p)
{
	free(p->buf);
	memset(p, 0, sizeof(*p));
}

bool
cmd_outcome_unknown(enum tr_exit ex, const struct scsi_result *res)
{
	return ex == TR_EXIT_TIMEOUT || ex == TR_EXIT_TRANSPORT ||
	       (ex != TR_EXIT_OK && res != NULL && res->ua_retried);
}

ssize_t
cmd_prout_bytes(enum prout_sa sa, uint8_t type, const struct prout_params *p,
		uint8_t cdb[CDB10_LEN], uint8_t *list, size_t cap)
{
	ssize_t len = prout_build(sa, p, list, cap);

	if (len >= 0)
		cdb_prout(cdb, sa, PR_SCOPE_LU, type, (uint32_t)len);
	return len;
}

enum tr_exit
cmd_prout(struct dev *d, enum prout_sa sa, uint8_t type,
	  const struct prout_params *p, struct scsi_result *res)
{
	uint8_t cdb[CDB10_LEN], list[PROUT_MAX_LEN];
	ssize_t len = cmd_prout_bytes(sa, type, p, cdb, list, sizeof(list));

	if (len < 0) {
		memset(res, 0, sizeof(*res));
		res->os_err = EINVAL;
		return TR_EXIT_OTHER;
	}
	return run(d, cdb, sizeof(cdb), XPORT_DIR_OUT, list, (size_t)len, res);
}

int
cmd_reset(struct dev *d, enum xport_reset level)
{
	static const char *const what[] = { "logical unit", "target", "bus" };

	if (d->verbose > 0)
		fprintf(stderr, "%s: %s reset\n", d->name, what[level]);
	d->ncmds++;
	return d->x->ops->reset(d->x, level);
}

static const char *const prout_names[] = {
	[PROUT_REGISTER] = "REGISTER",
	[PROUT_RESERVE] = "RESERVE",
	[PROUT_RELEASE] = "RELEASE",
	[PROUT_CLEAR] = "CLEAR",
	[PROUT_PREEMPT] = "PREEMPT",
	[PROUT_PREEMPT_AND_ABORT] = "PREEMPT AND ABORT",
	[PROUT_REGISTER_AND_IGNORE] = "REGISTER AND IGNORE EXISTING KEY",
	[PROUT_REGISTER_AND_MOVE] = "REGISTER AND MOVE",
	[PROUT_REPLACE_LOST] = "REPLACE LOST RESERVATION",
};

const char *
cmd_prout_name(enum prout_sa sa)
{
	return (unsigned)sa < sizeof(prout_names) / sizeof(prout_names[0]) ?
		prout_names[sa] : NULL;
}
