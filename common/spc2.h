/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Probing who holds a logical unit: TEST UNIT READY for SPC-2, PERSISTENT RESERVE IN for the rest. */
#ifndef TRESV_SPC2_H
#define TRESV_SPC2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "exitstat.h"
#include "holder.h"
#include "keynames.h"
#include "prstate.h"

/* What spc2_probe() found. */
struct spc2_probe {
	enum holder holder;	/* holder_verdict() of the answers */
	enum tr_exit exit;	/* of the command that failed, for HOLDER_UNKNOWN */
	const char *failed;	/* HOLDER_UNKNOWN: that command's name */
	bool not_ready;		/* TEST UNIT READY said NOT READY (no medium ...) */
	bool pr_supported;	/* PERSISTENT RESERVE IN answered */
	size_t nkeys;		/* persistent reservation registrations */
	uint64_t pr_key;	/* HOLDER_*_PR: the reservation key (0: all registrants) */
	char pr_key_str[KEYNAMES_STR_MAX];	/* ... as keynames_str() of d->names */
	uint8_t pr_type;	/* HOLDER_*_PR: the type */
	bool crh;		/* REPORT CAPABILITIES CRH, when known */
};

/*
 * Probe who holds the unit behind d: one TEST UNIT READY, then REPORT
 * CAPABILITIES and READ FULL STATUS (READ KEYS and READ RESERVATION
 * where that is not supported), unless TEST UNIT READY already failed
 * in a way that tells nothing.  Whether a persistent reservation is this
 * I_T nexus's comes from READ FULL STATUS and dev_nexus().  The verdict
 * is holder_verdict() of those answers.  Sends 1 to 4 commands.  Fills
 * *p; returns TR_EXIT_OK, or the exit status of the command that failed
 * (p->holder HOLDER_UNKNOWN).
 */
enum tr_exit spc2_probe(struct dev *d, struct spc2_probe *p);

/* One line saying what *p found (holder_str()), into buf (len bytes).
 * Returns buf. */
char *spc2_probe_str(const struct spc2_probe *p, char *buf, size_t len);

/*
 * prs_collect(), and when PERSISTENT RESERVE IN met RESERVATION CONFLICT
 * (an SPC-2 reservation), one TEST UNIT READY more to learn whose:
 * st->spc2_holder becomes HOLDER_US_SPC2, HOLDER_OTHER_SPC2, or stays
 * HOLDER_SPC2 when the TUR tells nothing, and err says so.  Returns as
 * prs_collect().
 */
enum tr_exit spc2_collect(struct dev *d, unsigned what, bool keep_raw,
			  struct pr_state *st, char *err, size_t errlen);

/* spc2_collect() for each of u[0..n-1], the units' PR IN commands in
 * flight together as prs_collect_units() sends them; each unit's TEST
 * UNIT READY, when one is needed, after. */
void spc2_collect_units(struct prs_unit *u, size_t n, unsigned what, bool keep_raw);

/* What st (from spc2_collect(), or prs_collect() with PRS_RESV) says of
 * the holder, into *seen: an SPC-2 conflict's spc2_holder, a persistent
 * reservation (HOLDER_OTHER_PR, key and type), or HOLDER_NONE. */
void spc2_seen_state(const struct pr_state *st, struct holder_seen *seen);

/* What a probe found, into *seen (a persistent verdict with its key and
 * type). */
void spc2_seen_probe(const struct spc2_probe *p, struct holder_seen *seen);

/* What an SPC-2 RESERVE or RELEASE that answered GOOD left behind. */
enum spc2_after {
	SPC2_AS_ASKED,		/* done, or nothing says otherwise */
	SPC2_NOT_RESERVED,	/* RESERVE made no SPC-2 reservation: this I_T nexus
				 * holds the persistent reservation, and a device
				 * with CRH=1 answers its RESERVE with GOOD and
				 * reserves nothing (SPC-3 5.7.3) */
	SPC2_STILL_HELD,	/* RELEASE changed nothing: another initiator holds
				 * the unit (a non-holder's RELEASE is GOOD and does
				 * nothing, SPC-2 7.17) */
};

/*
 * After RESERVE answered GOOD: one READ FULL STATUS (READ KEYS and READ
 * RESERVATION where that is not supported).  RESERVATION CONFLICT or an
 * invalid operation code: the reservation exists (PR IN conflicts under
 * SPC-2 from every initiator).  A persistent reservation that this I_T
 * nexus holds: SPC2_NOT_RESERVED, with the reservation's type and key in
 * why (whylen bytes).  Anything else: SPC2_AS_ASKED.
 */
enum spc2_after spc2_after_reserve(struct dev *d, char *why, size_t whylen);

/*
 * After RELEASE answered GOOD: one TEST UNIT READY; when it conflicts,
 * spc2_probe() says who holds the unit (into why) and SPC2_STILL_HELD.
 * Anything else: SPC2_AS_ASKED.
 */
enum spc2_after spc2_after_release(struct dev *d, char *why, size_t whylen);

#endif /* TRESV_SPC2_H */
