/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Taking and giving back a logical unit: what this I_T nexus has decides what is sent and what is undone. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "hold.h"
#include "keys.h"
#include "lu.h"
#include "spc2.h"

static const char *const method_words[] = {
	[HOLD_AUTO] = "auto",
	[HOLD_PR] = "pr",
	[HOLD_SPC2] = "spc2",
};

const char *
hold_method_word(enum hold_method m)
{
	return (unsigned)m < sizeof(method_words) / sizeof(method_words[0]) ?
		method_words[m] : "?";
}

int
hold_method_parse(const char *s, enum hold_method *m)
{
	unsigned i;

	for (i = 0; i < sizeof(method_words) / sizeof(method_words[0]); i++)
		if (strcmp(s, method_words[i]) == 0) {
			*m = (enum hold_method)i;
			return 0;
		}
	return -EINVAL;
}

/* A PR OUT with the basic parameter list: two keys, no flags. */
static enum tr_exit
prout(struct dev *d, enum prout_sa sa, uint8_t type, uint64_t key,
      uint64_t sa_key, struct scsi_result *res)
{
	struct prout_params p = { .key = key, .sa_key = sa_key };

	return cmd_prout(d, sa, type, &p, res);
}

/* What the state read says of the holder, into *seen unless NULL. */
static void
saw(const struct pr_state *st, struct holder_seen *seen)
{
	if (seen != NULL)
		spc2_seen_state(st, seen);
}

/* A step that failed, in why as "STEP: reason".  Returns ex. */
static enum tr_exit
failed(enum tr_exit ex, const char *step, const struct scsi_result *res,
       char *why, size_t whylen)
{
	char s[256];

	snprintf(why, whylen, "%s: %s", step, sense_result_str(res, s, sizeof(s)));
	return ex;
}

/* Append "; TEXT" to why. */
static void
also(char *why, size_t whylen, const char *text)
{
	size_t n = strlen(why);

	if (n + 3 < whylen)
		snprintf(why + n, whylen - n, "%s%s", n ? "; " : "", text);
}

enum tr_exit
hold_resolve(struct dev *d, struct hold *h)
{
	struct pr_in_data p;
	struct scsi_result res;
	enum tr_exit ex;

	if (h->method != HOLD_AUTO)
		return TR_EXIT_OK;
	ex = cmd_prin(d, PRIN_REPORT_CAPABILITIES, 8, &p, &res);
	pr_in_data_free(&p);
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

static size_t
count_key(const struct pr_state *st, uint64_t key)
{
	size_t i, n = 0;

	for (i = 0; i < st->nkeys; i++)
		n += st->keys[i] == key;
	return n;
}

enum tr_exit
hold_read(struct dev *d, uint64_t key, struct pr_state *st, struct hold_mine *m,
	   char *why, size_t whylen)
{
	const struct prs_registrant *me;
	enum tr_exit ex = spc2_collect(d, PRS_FULL, false, st, why, whylen);

	memset(m, 0, sizeof(*m));
	if (ex != TR_EXIT_OK)
		return ex;
	m->by_nexus = !st->full_unsupported && lu_mark_nexus(d, st);
	if (m->by_nexus && (me = lu_my_registrant(st)) != NULL) {
		m->registered = true;
		m->key = me->key;
		m->holder = me->r_holder;
	} else if (m->by_nexus && st->truncated) {
		/* more registrants than one PR IN returns: ours may be cut off */
		snprintf(why, whylen, "READ FULL STATUS: the list was cut at byte %zu "
			 "and this I_T nexus is not in the part that arrived: whether it "
			 "is registered cannot be told", st->cut_at);
		return TR_EXIT_OTHER;
	} else if (!m->by_nexus) {
		m->nkeys = st->nkeys;
		m->nours = count_key(st, key);
		if (d->verbose > 0)
			warnx("%s: %s: whether this I_T nexus is registered is judged "
			      "by counting READ KEYS", d->name, st->full_unsupported ?
			      "READ FULL STATUS is not supported" :
			      "this path's initiator port is unknown");
	}
	why[0] = '\0';
	return TR_EXIT_OK;
}

void
hold_undo_register(struct dev *d, uint64_t key, const struct hold_mine *m, bool registered,
	      char *why, size_t whylen)
{
	struct scsi_result res;
	struct pr_state st = { 0 };
	char s[320], reason[200];
	bool unregister = false;

	if (!registered)
		return;
	if (m->by_nexus) {
		unregister = !m->registered;
	} else if (prs_collect(d, PRS_KEYS, false, &st, s, sizeof(s)) == TR_EXIT_OK) {
		unregister = st.nkeys > m->nkeys;
		if (!unregister && count_key(&st, key) > m->nours)
			also(why, whylen, "this I_T nexus had another key before, which "
			     "cannot be known without READ FULL STATUS: it keeps the new one");
	} else {
		also(why, whylen, "whether this I_T nexus was registered before cannot be "
		     "read: it stays registered");
	}
	prs_free(&st);
	if (unregister || (m->by_nexus && m->key != key)) {
		/* REGISTER from our key to 0 removes it, to the old key restores it */
		if (prout(d, PROUT_REGISTER, 0, key, unregister ? 0 : m->key, &res) !=
		    TR_EXIT_OK) {
			snprintf(s, sizeof(s), "putting this I_T nexus's registration back "
				 "failed (REGISTER: %s)", sense_result_str(&res, reason,
									 sizeof(reason)));
			also(why, whylen, s);
		}
	}
}

/* REGISTER AND IGNORE EXISTING KEY of key ended without a verdict
 * (cmd_outcome_unknown()): look whether it registered, and take that back
 * (m: this I_T nexus before it).  Said in why. */
static void
settle_register(struct dev *d, uint64_t key, const struct hold_mine *m, char *why,
		size_t whylen)
{
	struct pr_state st;
	struct hold_mine now;
	char r[320], s[400];
	bool did;

	if (hold_read(d, key, &st, &now, r, sizeof(r)) != TR_EXIT_OK) {
		prs_free(&st);
		snprintf(s, sizeof(s), "whether it registered cannot be read (%s)", r);
		also(why, whylen, s);
		return;
	}
	did = now.by_nexus ? now.registered && now.key == key : now.nours > m->nours;
	prs_free(&st);
	also(why, whylen, did ? "it did register: taken back" : "it did not register");
	if (did)
		hold_undo_register(d, key, m, true, why, whylen);
}

/* A RESERVE or PREEMPT of type with key ended without a verdict: give back
 * the reservation it may have taken (RELEASE by a registrant that does not
 * hold it changes nothing, SPC-5 5.14.11.2).  Said in why. */
static void
settle_reservation(struct dev *d, uint8_t type, uint64_t key, char *why, size_t whylen)
{
	struct scsi_result res;
	char r[256], s[320];
	enum tr_exit ex = prout(d, PROUT_RELEASE, type, key, 0, &res);

	if (ex == TR_EXIT_OK) {
		also(why, whylen, "RELEASE sent in case it reserved");
		return;
	}
	snprintf(s, sizeof(s), "RELEASE, sent in case it reserved, failed: %s",
		 sense_result_str(&res, r, sizeof(r)));
	also(why, whylen, s);
}

enum tr_exit
hold_register(struct dev *d, uint64_t key, const struct hold_mine *m,
	      bool *registered, char *why, size_t whylen)
{
	struct scsi_result res;
	enum tr_exit ex;

	*registered = false;
	if (m->by_nexus && m->registered && m->key == key)
		return TR_EXIT_OK;
	ex = prout(d, PROUT_REGISTER_AND_IGNORE, 0, 0, key, &res);
	if (ex != TR_EXIT_OK) {
		failed(ex, "REGISTER AND IGNORE EXISTING KEY", &res, why, whylen);
		if (cmd_outcome_unknown(ex, &res))
			settle_register(d, key, m, why, whylen);
		return ex;
	}
	*registered = true;
	return TR_EXIT_OK;
}

/* The conflict in words: from the state in hand when it shows a holder,
 * else from a probe. */
static enum tr_exit
held_elsewhere(struct dev *d, const struct pr_state *st, char *why, size_t whylen)
{
	char key[KEYNAMES_STR_MAX];
	struct spc2_probe p;

	if (st != NULL && st->resv.held) {
		holder_str(HOLDER_OTHER_PR, st->resv.type,
			   keynames_str(d->names, st->resv.key, key, sizeof(key)), false,
			   NULL, 0, why, whylen);
	} else {
		spc2_probe(d, &p);
		spc2_probe_str(&p, why, whylen);
	}
	return TR_EXIT_CONFLICT;
}

static enum tr_exit
take_prevent(struct dev *d, const struct hold *h, char *why, size_t whylen)
{
	struct scsi_result res;
	enum tr_exit ex;
	char w[256];

	if (!h->prevent || (ex = cmd_prevent_allow(d, true, &res)) == TR_EXIT_OK)
		return TR_EXIT_OK;
	failed(ex, "PREVENT MEDIUM REMOVAL", &res, why, whylen);
	hold_drop(d, &(struct hold){ h->method, h->key, h->type, false }, w, sizeof(w), NULL);
	if (w[0] != '\0')
		also(why, whylen, w);
	return ex;
}

static enum tr_exit
take_spc2(struct dev *d, const struct hold *h, char *why, size_t whylen)
{
	struct scsi_result res;
	enum tr_exit ex = cmd_reserve(d, false, &res);
	char what[384];

	if (ex == TR_EXIT_CONFLICT)
		return held_elsewhere(d, NULL, why, whylen);
	if (ex != TR_EXIT_OK) {
		failed(ex, "RESERVE(6)", &res, why, whylen);
		/* it may have reserved: RELEASE(6) is harmless when it did not */
		if (cmd_outcome_unknown(ex, &res))
			also(why, whylen, cmd_release(d, false, &res) == TR_EXIT_OK ?
			     "RELEASE(6) sent in case it reserved" :
			     "RELEASE(6), sent in case it reserved, failed too");
		return ex;
	}
	/* GOOD is not always a reservation (CRH=1): never say held when not */
	if (spc2_after_reserve(d, what, sizeof(what)) == SPC2_NOT_RESERVED) {
		snprintf(why, whylen, "RESERVE(6): no SPC-2 reservation was made: %s", what);
		return TR_EXIT_NOOP;
	}
	return take_prevent(d, h, why, whylen);
}

enum tr_exit
hold_take(struct dev *d, const struct hold *h, char *why, size_t whylen,
	  struct holder_seen *seen)
{
	struct scsi_result res;
	struct pr_state st;
	struct hold_mine m;
	bool registered = false, mine_held;
	enum tr_exit ex;

	why[0] = '\0';
	if (seen != NULL)
		seen->read = false;
	if (h->method == HOLD_SPC2)
		return take_spc2(d, h, why, whylen);
	if ((ex = hold_read(d, h->key, &st, &m, why, whylen)) != TR_EXIT_OK) {
		prs_free(&st);
		return ex;
	}
	saw(&st, seen);
	mine_held = m.by_nexus ? m.holder && m.key == h->key : st.resv.key == h->key;
	if (st.resv.held && !mine_held && !keys_type_all_registrants(st.resv.type)) {
		ex = held_elsewhere(d, &st, why, whylen);	/* nothing sent */
		prs_free(&st);
		return ex;
	}
	if ((ex = hold_register(d, h->key, &m, &registered, why, whylen)) != TR_EXIT_OK) {
		prs_free(&st);
		return ex;
	}
	if (!(m.by_nexus && mine_held && st.resv.type == h->type))
		ex = prout(d, PROUT_RESERVE, h->type, h->key, 0, &res);
	if (ex == TR_EXIT_CONFLICT)
		held_elsewhere(d, NULL, why, whylen);
	else if (ex != TR_EXIT_OK)
		failed(ex, "RESERVE", &res, why, whylen);
	if (cmd_outcome_unknown(ex, &res))
		settle_reservation(d, h->type, h->key, why, whylen);
	if (ex != TR_EXIT_OK)
		hold_undo_register(d, h->key, &m, registered, why, whylen);
	prs_free(&st);
	return ex != TR_EXIT_OK ? ex : take_prevent(d, h, why, whylen);
}

enum tr_exit
hold_preempt(struct dev *d, const struct hold *h, char *why, size_t whylen,
	     struct holder_seen *seen)
{
	struct scsi_result res;
	struct pr_state st;
	struct hold_mine m;
	bool registered = false;
	enum tr_exit ex;

	why[0] = '\0';
	if (seen != NULL)
		seen->read = false;
	if ((ex = hold_read(d, h->key, &st, &m, why, whylen)) != TR_EXIT_OK) {
		prs_free(&st);
		return ex;
	}
	saw(&st, seen);
	if (!st.resv.held) {
		prs_free(&st);
		snprintf(why, whylen, "no persistent reservation to preempt");
		return TR_EXIT_CONFLICT;
	}
	if ((ex = hold_register(d, h->key, &m, &registered, why, whylen)) != TR_EXIT_OK) {
		prs_free(&st);
		return ex;
	}
	ex = prout(d, PROUT_PREEMPT, h->type, h->key, st.resv.key, &res);
	if (ex != TR_EXIT_OK) {
		failed(ex, "PREEMPT", &res, why, whylen);
		if (cmd_outcome_unknown(ex, &res))
			settle_reservation(d, h->type, h->key, why, whylen);
		hold_undo_register(d, h->key, &m, registered, why, whylen);
	}
	prs_free(&st);
	return ex != TR_EXIT_OK ? ex : take_prevent(d, h, why, whylen);
}

/* After an unregistration whose outcome is unknown: does the unit show
 * this I_T nexus without key now? */
static bool
unregistered_now(struct dev *d, uint64_t key)
{
	struct pr_state st;
	struct hold_mine m;
	char why[320];
	bool gone = hold_read(d, key, &st, &m, why, sizeof(why)) == TR_EXIT_OK &&
		    m.by_nexus && !(m.registered && m.key == key);

	prs_free(&st);
	return gone;
}

/* Record the first failure of a giving-back step. */
static void
drop_step(enum tr_exit ex, const char *step, const struct scsi_result *res,
	  enum tr_exit *first, char *why, size_t whylen)
{
	if (ex != TR_EXIT_OK && *first == TR_EXIT_OK)
		*first = failed(ex, step, res, why, whylen);
}

enum tr_exit
hold_drop(struct dev *d, const struct hold *h, char *why, size_t whylen,
	  struct holder_seen *seen)
{
	enum tr_exit first = TR_EXIT_OK, ex;
	struct scsi_result res;
	struct pr_state st;
	struct hold_mine m;
	uint8_t type = h->type;
	bool release = true;
	char released[256] = "";

	why[0] = '\0';
	if (seen != NULL)
		seen->read = false;
	if (h->prevent)
		drop_step(cmd_prevent_allow(d, false, &res), "ALLOW MEDIUM REMOVAL", &res,
			  &first, why, whylen);
	if (h->method == HOLD_SPC2) {
		char what[256];

		drop_step(cmd_release(d, false, &res), "RELEASE(6)", &res, &first, why,
			  whylen);
		/* a RELEASE from a non-holder is GOOD too: say what holds it */
		if (first == TR_EXIT_OK &&
		    spc2_after_release(d, what, sizeof(what)) == SPC2_STILL_HELD)
			snprintf(why, whylen, "nothing to give back: the unit is %s", what);
		return first;
	}
	if (hold_read(d, h->key, &st, &m, why, whylen) == TR_EXIT_OK)
		saw(&st, seen);
	if (m.by_nexus) {
		if (!m.registered || m.key != h->key) {
			char was[2 * KEYNAMES_STR_MAX + 32] = "", k1[KEYNAMES_STR_MAX],
			     k2[KEYNAMES_STR_MAX];

			if (m.registered)
				snprintf(was, sizeof(was), " with key %s, not %s",
					 keynames_str(d->names, m.key, k1, sizeof(k1)),
					 keynames_str(d->names, h->key, k2, sizeof(k2)));
			prs_free(&st);
			if (first != TR_EXIT_OK)
				return first;
			snprintf(why, whylen, "nothing to give back: this I_T nexus is %s%s "
				 "(preempted or changed by another)", m.registered ?
				 "registered" : "not registered", was);
			return TR_EXIT_OK;
		}
		/* an all-registrants reservation is the others' too: unregistering
		 * is our whole part; unregistering a holder releases the rest */
		release = m.holder && !keys_type_all_registrants(st.resv.type);
		type = st.resv.type;
	}
	prs_free(&st);
	if (first == TR_EXIT_OK)
		why[0] = '\0';
	if (release && (ex = prout(d, PROUT_RELEASE, type, h->key, 0, &res)) != TR_EXIT_OK)
		failed(ex, "RELEASE", &res, released, sizeof(released));
	ex = prout(d, PROUT_REGISTER, 0, h->key, 0, &res);
	if (ex != TR_EXIT_OK && cmd_outcome_unknown(ex, &res) && unregistered_now(d, h->key)) {
		char s[320];

		failed(ex, "REGISTER (unregister)", &res, s, sizeof(s));
		also(why, whylen, s);
		also(why, whylen, "yet the unit shows this I_T nexus unregistered now");
		ex = TR_EXIT_OK;
	}
	drop_step(ex, "REGISTER (unregister)", &res, &first, why, whylen);
	/* unregistering the holder releases its reservation too (SPC-5
	 * 5.14.11.2.3): a failed RELEASE only matters when that failed too */
	if (released[0] != '\0') {
		char rest[512];

		snprintf(rest, sizeof(rest), "%s", why);
		snprintf(why, whylen, "%s%s%s%s", released, rest[0] ? "; " : "", rest,
			 first == TR_EXIT_OK ? "; unregistering gave the reservation back" :
			 "");
	}
	return first;
}
