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

static enum tr_exit
malformed(enum prin_sa sa, size_t len, char *err, size_t errlen)
{
	snprintf(err, errlen, "malformed %s response (%zu bytes)", sa_name[sa], len);
	return TR_EXIT_MALFORMED;
}

static enum tr_exit
decode_keys(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	struct prin_keys k;
	size_t i;

	if (prin_parse_keys(buf, len, &k) != 0)
		return malformed(PRIN_READ_KEYS, len, err, errlen);
	free(st->keys);
	st->keys = calloc(k.nkeys ? k.nkeys : 1, sizeof(*st->keys));
	if (st->keys == NULL) {
		snprintf(err, errlen, "out of memory");
		return TR_EXIT_OTHER;
	}
	for (i = 0; i < k.nkeys; i++)
		st->keys[i] = prin_key_at(&k, i);
	st->nkeys = k.nkeys;
	st->truncated |= k.truncated;
	st->prgeneration = k.prgeneration;
	st->have |= PRS_KEYS;
	return TR_EXIT_OK;
}

static enum tr_exit
decode_resv(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	if (prin_parse_resv(buf, len, &st->resv) != 0)
		return malformed(PRIN_READ_RESERVATION, len, err, errlen);
	st->prgeneration = st->resv.prgeneration;
	st->have |= PRS_RESV;
	return TR_EXIT_OK;
}

static enum tr_exit
decode_caps(const uint8_t *buf, size_t len, struct pr_state *st, char *err,
	    size_t errlen)
{
	if (prin_parse_caps(buf, len, &st->caps) != 0)
		return malformed(PRIN_REPORT_CAPABILITIES, len, err, errlen);
	st->have |= PRS_CAPS;
	return TR_EXIT_OK;
}

static void
fill_registrant(const struct prin_full_desc *d, struct prs_registrant *r)
{
	size_t used;

	memset(r, 0, sizeof(*r));
	r->key = d->key;
	r->all_tg_pt = d->all_tg_pt;
	r->r_holder = d->r_holder;
	r->scope = d->scope;
	r->type = d->type;
	r->rel_tgt_port = d->rel_tgt_port;
	r->tid_ok = tid_decode(d->transport_id, d->transport_id_len, &r->tid,
			       &used) == 0;
	r->tid_raw_len = d->transport_id_len < sizeof(r->tid_raw) ?
		d->transport_id_len : sizeof(r->tid_raw);
	memcpy(r->tid_raw, d->transport_id, r->tid_raw_len);
	/* istgt 0.4: an iSCSI TransportID as bare text, without its header */
	if ((!r->tid_ok || r->tid.raw) && tid_repair_bare_iscsi(d->transport_id, d->transport_id_len,
						r->tid_raw, sizeof(r->tid_raw),
						&r->tid_raw_len) == 0) {
		r->tid_repaired = true;
		r->tid_ok = tid_decode(r->tid_raw, r->tid_raw_len, &r->tid, &used) == 0;
	}
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
	if (st->keys == NULL) {
		snprintf(err, errlen, "out of memory");
		return TR_EXIT_OTHER;
	}
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
	size_t n = 0, i;
	int rc;

	if (prin_full_begin(buf, len, &f) != 0)
		return malformed(PRIN_READ_FULL_STATUS, len, err, errlen);
	while ((rc = prin_full_next(&f, &d)) == 1)	/* count, and validate */
		n++;
	if (rc < 0)
		return malformed(PRIN_READ_FULL_STATUS, len, err, errlen);
	free(st->regs);
	st->regs = calloc(n ? n : 1, sizeof(*st->regs));
	if (st->regs == NULL) {
		snprintf(err, errlen, "out of memory");
		return TR_EXIT_OTHER;
	}
	prin_full_begin(buf, len, &f);
	for (i = 0; i < n && prin_full_next(&f, &d) == 1; i++)
		fill_registrant(&d, &st->regs[i]);
	st->nregs = n;
	st->truncated |= f.truncated;
	st->prgeneration = f.prgeneration;
	st->have |= PRS_FULL;
	return derive_keys_resv(st, err, errlen);
}

enum tr_exit
prs_decode(enum prin_sa sa, const uint8_t *buf, size_t len,
	   struct pr_state *st, char *err, size_t errlen)
{
	size_t needed = prin_needed_len(sa, buf, len);

	if (needed > len)
		st->truncated = true;
	switch (sa) {
	case PRIN_READ_KEYS:
		return decode_keys(buf, len, st, err, errlen);
	case PRIN_READ_RESERVATION:
		return decode_resv(buf, len, st, err, errlen);
	case PRIN_REPORT_CAPABILITIES:
		return decode_caps(buf, len, st, err, errlen);
	case PRIN_READ_FULL_STATUS:
		return decode_full(buf, len, st, err, errlen);
	}
	snprintf(err, errlen, "unknown service action %d", (int)sa);
	return TR_EXIT_OTHER;
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
	if (p.short_reply) {
		pr_in_data_free(&p);
		snprintf(err, errlen, "%s: the device sent fewer bytes than its "
			 "length field claims", sa_name[sa]);
		return TR_EXIT_MALFORMED;
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

/* Send one PR IN and decode it, as take(). */
static enum tr_exit
fetch(struct dev *d, enum prin_sa sa, bool keep_raw, struct pr_state *st,
      char *err, size_t errlen)
{
	struct cmd_prin_req q = { .sa = sa };

	q.ex = cmd_prin(d, sa, 0, &q.data, &q.res);
	return take(&q, keep_raw, st, err, errlen);
}

enum tr_exit
prs_collect(struct dev *d, unsigned what, bool keep_raw, struct pr_state *st,
	    char *err, size_t errlen)
{
	struct cmd_prin_req both[2] = { { .sa = PRIN_REPORT_CAPABILITIES },
					{ .sa = PRIN_READ_FULL_STATUS } };
	bool sent = false;
	enum tr_exit ex;

	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	/* neither answer depends on the other: one round trip for both */
	if ((what & PRS_CAPS) && (what & PRS_FULL)) {
		cmd_prin_all(d, both, 2);
		sent = true;
	}
	if (what & PRS_CAPS) {
		ex = sent ? take(&both[0], keep_raw, st, err, errlen) :
			fetch(d, PRIN_REPORT_CAPABILITIES, keep_raw, st, err, errlen);
		if (ex == TR_EXIT_ILLEGAL_REQ && what != PRS_CAPS) {
			st->caps_unsupported = true;
		} else if (ex != TR_EXIT_OK) {
			pr_in_data_free(&both[1].data);
			return ex;
		}
	}
	if (what & PRS_FULL) {
		ex = sent ? take(&both[1], keep_raw, st, err, errlen) :
			fetch(d, PRIN_READ_FULL_STATUS, keep_raw, st, err, errlen);
		if (ex == TR_EXIT_ILLEGAL_REQ) {
			st->full_unsupported = true;
			what |= PRS_KEYS | PRS_RESV;
		} else if (ex != TR_EXIT_OK) {
			return ex;
		}
	}
	if ((what & PRS_KEYS) && !(st->have & PRS_KEYS)) {
		ex = fetch(d, PRIN_READ_KEYS, keep_raw, st, err, errlen);
		if (ex != TR_EXIT_OK)
			return ex;
	}
	if ((what & PRS_RESV) && !(st->have & PRS_RESV)) {
		ex = fetch(d, PRIN_READ_RESERVATION, keep_raw, st, err,
			   errlen);
		if (ex != TR_EXIT_OK)
			return ex;
	}
	err[0] = '\0';
	return TR_EXIT_OK;
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
