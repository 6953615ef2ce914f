/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One logical unit's persistent reservation picture: collect, decode, explain. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "cmd.h"
#include "prstate.h"

static const char *const sa_name[] = {
	[PRIN_READ_KEYS] = "READ KEYS",
	[PRIN_READ_RESERVATION] = "READ RESERVATION",
	[PRIN_REPORT_CAPABILITIES] = "REPORT CAPABILITIES",
	[PRIN_READ_FULL_STATUS] = "READ FULL STATUS",
};

const char *
prs_sa_name(unsigned sa)
{
	return sa < sizeof(sa_name) / sizeof(sa_name[0]) ? sa_name[sa] : NULL;
}

/* The response of sa contradicts itself: say where, exit 97. */
static enum tr_exit
malformed(enum prin_sa sa, const struct fault *why, struct pr_state *st, char *err,
	  size_t errlen)
{
	char f[256];

	st->malformed = true;
	st->fault_sa = sa;
	st->fault = *why;
	snprintf(err, errlen, "malformed %s response: %s", sa_name[sa],
		 fault_str(why, f, sizeof(f)));
	return TR_EXIT_MALFORMED;
}

static enum tr_exit
out_of_memory(char *err, size_t errlen)
{
	snprintf(err, errlen, "out of memory");
	return TR_EXIT_OTHER;
}

/* The first response that did not arrive whole: len bytes of sa did. */
static void
mark_cut(struct pr_state *st, enum prin_sa sa, size_t len)
{
	if (st->truncated)
		return;
	st->truncated = true;
	st->cut_sa = sa;
	st->cut_at = len;
}

static enum tr_exit
decode_keys(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	struct prin_keys k;
	struct fault why;
	size_t i;

	if (prin_parse_keys(buf, len, &k, &why) != 0)
		return malformed(PRIN_READ_KEYS, &why, st, err, errlen);
	free(st->keys);
	st->keys = calloc(k.nkeys ? k.nkeys : 1, sizeof(*st->keys));
	if (st->keys == NULL)
		return out_of_memory(err, errlen);
	for (i = 0; i < k.nkeys; i++)
		st->keys[i] = prin_key_at(&k, i);
	st->nkeys = k.nkeys;
	st->prgeneration = k.prgeneration;
	st->have |= PRS_KEYS;
	return TR_EXIT_OK;
}

static enum tr_exit
decode_resv(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	struct fault why;

	if (prin_parse_resv(buf, len, &st->resv, &why) != 0)
		return malformed(PRIN_READ_RESERVATION, &why, st, err, errlen);
	st->prgeneration = st->resv.prgeneration;
	st->have |= PRS_RESV;
	return TR_EXIT_OK;
}

static enum tr_exit
decode_caps(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	struct fault why;

	if (prin_parse_caps(buf, len, &st->caps, &why) != 0)
		return malformed(PRIN_REPORT_CAPABILITIES, &why, st, err, errlen);
	st->have |= PRS_CAPS;
	return TR_EXIT_OK;
}

/* Registrant r from descriptor d, whose TransportID starts at byte off
 * of the response.  An iSCSI TransportID sent as bare text without its
 * header (istgt 0.4) is repaired first (tid_repair_bare_iscsi()).
 * Returns 0, or -EBADMSG with *why when the TransportID does not fit its
 * descriptor or does not decode. */
static int
fill_registrant(const struct prin_full_desc *d, size_t off, struct prs_registrant *r,
		struct fault *why)
{
	uint8_t fixed[sizeof(r->tid_raw)];
	size_t used, fixed_len;
	int rc;

	memset(r, 0, sizeof(*r));
	if (d->transport_id_len < TID_LEN) {
		rc = fault_set(why, FAULT_SHORT, "ADDITIONAL DESCRIPTOR LENGTH", off - 4,
			       d->transport_id_len, TID_LEN, "a TransportID");
	} else if ((rc = tid_decode_fault(d->transport_id, d->transport_id_len, &r->tid,
					  &used, why)) != 0) {
		fault_shift(why, off);
		if (why != NULL && why->kind == FAULT_PAST && why->what == NULL)
			why->what = "ADDITIONAL DESCRIPTOR LENGTH";
	}
	r->tid_raw_len = d->transport_id_len < sizeof(r->tid_raw) ?
		d->transport_id_len : sizeof(r->tid_raw);
	memcpy(r->tid_raw, d->transport_id, r->tid_raw_len);
	if ((rc != 0 || r->tid.raw) &&
	    tid_repair_bare_iscsi(d->transport_id, d->transport_id_len, fixed, sizeof(fixed),
				  &fixed_len) == 0 &&
	    tid_decode(fixed, fixed_len, &r->tid, &used) == 0) {
		memcpy(r->tid_raw, fixed, fixed_len);
		r->tid_raw_len = fixed_len;
		r->tid_repaired = true;
		rc = 0;
	}
	if (rc != 0)
		return -EBADMSG;
	r->key = d->key;
	r->all_tg_pt = d->all_tg_pt;
	r->r_holder = d->r_holder;
	r->scope = d->scope;
	r->type = d->type;
	r->rel_tgt_port = d->rel_tgt_port;
	return 0;
}

/* Keys and the reservation as READ KEYS and READ RESERVATION would give
 * them, from the registrants (SPC-5 6.16.3: key 0 for all-registrants). */
static enum tr_exit
derive_keys_resv(struct pr_state *st, char *err, size_t errlen)
{
	const struct prs_registrant *h = prs_holder(st);
	size_t i;

	free(st->keys);
	st->keys = calloc(st->nregs ? st->nregs : 1, sizeof(*st->keys));
	if (st->keys == NULL)
		return out_of_memory(err, errlen);
	for (i = 0; i < st->nregs; i++)
		st->keys[i] = st->regs[i].key;
	st->nkeys = st->nregs;
	memset(&st->resv, 0, sizeof(st->resv));
	st->resv.prgeneration = st->prgeneration;
	if (h != NULL) {
		st->resv.held = true;
		st->resv.key = keys_type_all_registrants(h->type) ? 0 : h->key;
		st->resv.scope = h->scope;
		st->resv.type = h->type;
	}
	st->have |= PRS_KEYS | PRS_RESV;
	return TR_EXIT_OK;
}

static enum tr_exit
decode_full(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	struct prin_full f;
	struct prin_full_desc d;
	struct prs_registrant *regs = NULL, *more;
	struct fault why;
	size_t n = 0, cap = 0;
	int rc;

	if (prin_full_begin(buf, len, &f) != 0)
		return malformed(PRIN_READ_FULL_STATUS, &f.why, st, err, errlen);
	while ((rc = prin_full_next(&f, &d)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4;
			if ((more = realloc(regs, cap * sizeof(*regs))) == NULL) {
				free(regs);
				return out_of_memory(err, errlen);
			}
			regs = more;
		}
		if (fill_registrant(&d, (size_t)(d.transport_id - buf), &regs[n], &why) != 0) {
			free(regs);
			return malformed(PRIN_READ_FULL_STATUS, &why, st, err, errlen);
		}
		n++;
	}
	if (rc < 0) {
		free(regs);
		return malformed(PRIN_READ_FULL_STATUS, &f.why, st, err, errlen);
	}
	free(st->regs);
	st->regs = regs;
	st->nregs = n;
	st->prgeneration = f.prgeneration;
	st->have |= PRS_FULL;
	return derive_keys_resv(st, err, errlen);
}

enum tr_exit
prs_decode(enum prin_sa sa, const uint8_t *buf, size_t len,
	   struct pr_state *st, char *err, size_t errlen)
{
	enum tr_exit ex;

	switch (sa) {
	case PRIN_READ_KEYS:
		ex = decode_keys(buf, len, st, err, errlen);
		break;
	case PRIN_READ_RESERVATION:
		ex = decode_resv(buf, len, st, err, errlen);
		break;
	case PRIN_REPORT_CAPABILITIES:
		ex = decode_caps(buf, len, st, err, errlen);
		break;
	case PRIN_READ_FULL_STATUS:
		ex = decode_full(buf, len, st, err, errlen);
		break;
	default:
		snprintf(err, errlen, "unknown service action %d", (int)sa);
		return TR_EXIT_OTHER;
	}
	if (ex == TR_EXIT_OK && prin_needed_len(sa, buf, len) > len)
		mark_cut(st, sa, len);
	return ex;
}

void
prs_conflict_str(const struct pr_state *st, char *err, size_t errlen)
{
	const char *why;

	switch (st->spc2_holder) {
	case HOLDER_US_SPC2:
		why = "this initiator holds an SPC-2 reservation (RESERVE) and the "
		      "device refuses persistent reservation commands while it "
		      "lasts; RELEASE it first";
		break;
	case HOLDER_OTHER_SPC2:
		why = "another initiator holds an SPC-2 reservation (RESERVE; TEST "
		      "UNIT READY conflicts too); it blocks persistent reservation "
		      "commands until its holder releases it or the logical unit "
		      "is reset";
		break;
	default:
		why = "the logical unit is held with an SPC-2 reservation (RESERVE)";
		break;
	}
	snprintf(err, errlen, "%s: reservation conflict on PERSISTENT RESERVE IN: %s",
		 sa_name[st->conflict_sa], why);
}

/* Decode what one PR IN brought back (q, whose buffer it takes); ILLEGAL
 * REQUEST is returned undecorated so the caller can fall back. */
static enum tr_exit
take(struct cmd_prin_req *q, bool keep_raw, struct pr_state *st, char *err,
     size_t errlen)
{
	struct pr_in_data p = q->data;
	struct scsi_result res = q->res;
	enum prin_sa sa = q->sa;
	enum tr_exit ex = q->ex;

	memset(&q->data, 0, sizeof(q->data));
	if (ex == TR_EXIT_CONFLICT) {
		st->spc2_conflict = true;
		st->conflict_sa = sa;
		st->spc2_holder = HOLDER_SPC2;
		prs_conflict_str(st, err, errlen);
		return ex;
	}
	if (ex == TR_EXIT_INVALID_OP) {
		snprintf(err, errlen, "%s: the device does not support persistent "
			 "reservations (PERSISTENT RESERVE IN: invalid command "
			 "operation code)", sa_name[sa]);
		return ex;
	}
	if (ex != TR_EXIT_OK) {
		snprintf(err, errlen, "%s: ", sa_name[sa]);
		sense_result_str(&res, err + strlen(err), errlen - strlen(err));
		return ex;
	}
	if (p.short_reply) {	/* needed > received: the length field arrived */
		struct fault why;
		size_t hdr = sa == PRIN_REPORT_CAPABILITIES ? 0 : PRIN_HDR_LEN;

		fault_set(&why, FAULT_SENT, hdr ? "ADDITIONAL LENGTH" : "LENGTH",
			  hdr ? 4 : 0, p.needed - hdr, p.received - hdr, NULL);
		pr_in_data_free(&p);
		return malformed(sa, &why, st, err, errlen);
	}
	ex = prs_decode(sa, p.buf, p.received, st, err, errlen);
	if (keep_raw && st->nraw < sizeof(st->raw) / sizeof(st->raw[0])) {
		st->raw[st->nraw].sa = sa;
		st->raw[st->nraw].buf = p.buf;
		st->raw[st->nraw].len = p.received;
		st->nraw++;
		p.buf = NULL;
	}
	pr_in_data_free(&p);
	return ex;
}

/* READ KEYS and READ RESERVATION where `what` asks them and `have` lacks
 * them, appended to q (room for 2) in that order.  Returns how many. */
static size_t
keys_resv_reqs(unsigned what, unsigned have, struct cmd_prin_req *q)
{
	size_t n = 0;

	if ((what & PRS_KEYS) && !(have & PRS_KEYS))
		q[n++] = (struct cmd_prin_req){ .sa = PRIN_READ_KEYS };
	if ((what & PRS_RESV) && !(have & PRS_RESV))
		q[n++] = (struct cmd_prin_req){ .sa = PRIN_READ_RESERVATION };
	return n;
}

/* The first round of PR IN commands `what` asks (q, room for 4), in the
 * order their answers are taken: REPORT CAPABILITIES, then READ FULL
 * STATUS, or else READ KEYS and READ RESERVATION.  Returns how many. */
static size_t
first_round(unsigned what, struct cmd_prin_req *q)
{
	size_t n = 0;

	if (what & PRS_CAPS)
		q[n++] = (struct cmd_prin_req){ .sa = PRIN_REPORT_CAPABILITIES };
	if (what & PRS_FULL) {
		q[n++] = (struct cmd_prin_req){ .sa = PRIN_READ_FULL_STATUS };
		return n;
	}
	return n + keys_resv_reqs(what, 0, &q[n]);
}

/*
 * Decode the answers q[0..n-1] in order into st, as take(), up to the
 * first failure that ends the collection (the rest freed unread).  A
 * REPORT CAPABILITIES rejected with ILLEGAL REQUEST when more was asked
 * only sets caps_unsupported; a READ FULL STATUS rejected so adds
 * PRS_KEYS and PRS_RESV to *what (full_unsupported), and one cut before
 * its holder adds PRS_RESV.  Returns TR_EXIT_OK or that failure's.
 */
static enum tr_exit
take_round(struct cmd_prin_req *q, size_t n, unsigned *what, bool keep_raw,
	   struct pr_state *st, char *err, size_t errlen)
{
	enum tr_exit ex = TR_EXIT_OK;
	size_t i;

	for (i = 0; i < n && ex == TR_EXIT_OK; i++) {
		bool full = q[i].sa == PRIN_READ_FULL_STATUS;

		ex = take(&q[i], keep_raw, st, err, errlen);
		if (ex == TR_EXIT_ILLEGAL_REQ && full) {
			st->full_unsupported = true;
			*what |= PRS_KEYS | PRS_RESV;
			ex = TR_EXIT_OK;
		} else if (ex == TR_EXIT_ILLEGAL_REQ && q[i].sa == PRIN_REPORT_CAPABILITIES &&
			   *what != PRS_CAPS) {
			st->caps_unsupported = true;
			ex = TR_EXIT_OK;
		} else if (ex == TR_EXIT_OK && full && st->truncated && prs_holder(st) == NULL) {
			/* the holder may be in the part that did not arrive */
			st->have &= ~(unsigned)PRS_RESV;
			*what |= PRS_RESV;
		}
	}
	for (; i < n; i++)
		pr_in_data_free(&q[i].data);
	return ex;
}

/* After the first round: READ KEYS and READ RESERVATION where `what`
 * asks them and st does not have them yet, both in flight at once.
 * Returns as take_round(). */
static enum tr_exit
collect_rest(struct dev *d, unsigned what, bool keep_raw, struct pr_state *st, char *err,
	     size_t errlen)
{
	struct cmd_prin_req q[2];
	size_t n = keys_resv_reqs(what, st->have, q);

	if (n == 0)
		return TR_EXIT_OK;
	cmd_prin_all(d, q, n);
	return take_round(q, n, &what, keep_raw, st, err, errlen);
}

void
prs_collect_units(struct prs_unit *u, size_t n, unsigned what, bool keep_raw)
{
	struct cmd_prin_req q[CMD_UNITS_MAX][4];
	struct cmd_prin_unit cu[CMD_UNITS_MAX];
	size_t i;
	unsigned w;

	for (; n > CMD_UNITS_MAX; u += CMD_UNITS_MAX, n -= CMD_UNITS_MAX)
		prs_collect_units(u, CMD_UNITS_MAX, what, keep_raw);
	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		memset(u[i].st, 0, sizeof(*u[i].st));
		u[i].err[0] = '\0';
		cu[i] = (struct cmd_prin_unit){ .d = u[i].d, .reqs = q[i],
						.n = first_round(what, q[i]) };
	}
	cmd_prin_units(cu, n);
	for (i = 0; i < n; i++) {
		w = what;
		u[i].ex = take_round(q[i], cu[i].n, &w, keep_raw, u[i].st, u[i].err, u[i].errlen);
		if (u[i].ex == TR_EXIT_OK)
			u[i].ex = collect_rest(u[i].d, w, keep_raw, u[i].st, u[i].err,
					       u[i].errlen);
		if (u[i].ex == TR_EXIT_OK)
			u[i].err[0] = '\0';
	}
}

enum tr_exit
prs_collect(struct dev *d, unsigned what, bool keep_raw, struct pr_state *st,
	    char *err, size_t errlen)
{
	struct prs_unit u = { .d = d, .st = st, .err = err, .errlen = errlen };

	prs_collect_units(&u, 1, what, keep_raw);
	return u.ex;
}

void
prs_free(struct pr_state *st)
{
	size_t i;

	free(st->keys);
	free(st->regs);
	for (i = 0; i < st->nraw; i++)
		free(st->raw[i].buf);
	memset(st, 0, sizeof(*st));
}

const struct prs_registrant *
prs_holder(const struct pr_state *st)
{
	size_t i;

	for (i = 0; i < st->nregs; i++)
		if (st->regs[i].r_holder)
			return &st->regs[i];
	return NULL;
}

/* SPC-5 table 227, "Persistent reservation type codes": what a type
 * blocks for initiators other than the holder(s). */
static const char *const type_effect[16] = {
	[PR_TYPE_WR_EX] = "only the holder may write; every initiator may read",
	[PR_TYPE_EX_AC] = "only the holder may read or write; media access "
		"from any other I_T nexus gets RESERVATION CONFLICT",
	[PR_TYPE_WR_EX_RO] = "only registered I_T nexuses may write; "
		"unregistered ones may only read",
	[PR_TYPE_EX_AC_RO] = "only registered I_T nexuses may read or write; "
		"media access from unregistered ones gets RESERVATION CONFLICT",
	[PR_TYPE_WR_EX_AR] = "only registered I_T nexuses may write; "
		"unregistered ones may only read; every registrant is a holder, "
		"so the reservation lasts until the last registrant unregisters",
	[PR_TYPE_EX_AC_AR] = "only registered I_T nexuses may read or write; "
		"every registrant is a holder, so the reservation lasts until "
		"the last registrant unregisters",
};

const char *
prs_type_effect(unsigned type)
{
	return type < 16 ? type_effect[type] : NULL;
}

/* SPC-5 table 232, ALLOW COMMANDS field. */
static const char *const allow_commands[8] = {
	[0] = "no information on which commands are allowed through "
		"persistent reservations",
	[1] = "TEST UNIT READY allowed through Write Exclusive and Exclusive "
		"Access; no information on other commands under Write Exclusive",
	[2] = "TEST UNIT READY allowed through Write Exclusive and Exclusive "
		"Access; MODE SENSE, READ ATTRIBUTE, READ BUFFER and similar "
		"not allowed through Write Exclusive",
	[3] = "TEST UNIT READY allowed through Write Exclusive and Exclusive "
		"Access; MODE SENSE, READ ATTRIBUTE, READ BUFFER and similar "
		"allowed through Write Exclusive",
	[4] = "TEST UNIT READY and further commands allowed as SPC code 100b "
		"defines",
	[5] = "reserved",
	[6] = "reserved",
	[7] = "reserved",
};

const char *
prs_allow_commands_str(unsigned code)
{
	return allow_commands[code & 7];
}
