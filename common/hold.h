/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Holding a logical unit for a job: a persistent or an SPC-2 reservation, taken and given back by this I_T nexus. */
#ifndef TRESV_HOLD_H
#define TRESV_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "exitstat.h"

enum hold_method {
	HOLD_AUTO,		/* PR when PERSISTENT RESERVE IN is known, else SPC-2 */
	HOLD_PR,		/* register the key, reserve the type */
	HOLD_SPC2,		/* RESERVE(6) / RELEASE(6) */
};

/* "pr", "spc2", "auto": the words of -m and of the lock record. */
const char *hold_method_word(enum hold_method m);

/* The method a word names: 0 and *m, or -EINVAL. */
int hold_method_parse(const char *s, enum hold_method *m);

struct hold {
	enum hold_method method;	/* never HOLD_AUTO once resolved */
	uint64_t key;			/* HOLD_PR */
	uint8_t type;			/* HOLD_PR */
	bool prevent;			/* PREVENT MEDIUM REMOVAL while held */
};

/*
 * Resolve HOLD_AUTO: one REPORT CAPABILITIES; an invalid command
 * operation code means no persistent reservations (HOLD_SPC2), any other
 * answer (GOOD, a conflict, ...) means the device knows the command
 * (HOLD_PR).  Returns TR_EXIT_OK, or the exit status of a failure that
 * says neither (a timeout, a transport error).
 */
enum tr_exit hold_resolve(struct dev *d, struct hold *h);

#include "prstate.h"

/* What this I_T nexus has, as hold_read() found it. */
struct hold_mine {
	bool by_nexus;		/* told by its TransportID (READ FULL STATUS) */
	bool registered;	/* by_nexus: registered ... */
	uint64_t key;		/* ... with this key ... */
	bool holder;		/* ... and holds the reservation */
	size_t nkeys;		/* !by_nexus: registrations ... */
	size_t nours;		/* ... and those carrying our key */
};

/*
 * Read the unit's state into *st (spc2_collect(): READ FULL STATUS, or
 * READ KEYS and READ RESERVATION where that is not supported) and this
 * I_T nexus's registration into *m: by its TransportID (lu_mark_nexus())
 * when the device and sysfs tell, else counts of the registrations and
 * of those carrying key (said at -v).  Returns TR_EXIT_OK, or the exit
 * status with the reason in why (whylen bytes).  Free *st with
 * prs_free() in every case.
 */
enum tr_exit hold_read(struct dev *d, uint64_t key, struct pr_state *st,
		       struct hold_mine *m, char *why, size_t whylen);

/*
 * Register key for this I_T nexus with REGISTER AND IGNORE EXISTING KEY,
 * unless *m shows it registered with key already; *registered tells
 * whether it was sent.  Returns TR_EXIT_OK, or its exit status with
 * "REGISTER AND IGNORE EXISTING KEY: reason" in why.
 */
enum tr_exit hold_register(struct dev *d, uint64_t key, const struct hold_mine *m,
			   bool *registered, char *why, size_t whylen);

/*
 * After a step that failed: when `registered` (hold_register() sent its
 * command), put this I_T nexus's registration back as *m had it:
 * unregistered (REGISTER to key 0) or its earlier key (REGISTER from key
 * to it).  Without the TransportID, a rise in the number of registrations
 * (one more READ KEYS) says it was unregistered.  What could not be put
 * back is appended to why ("; ...").
 */
void hold_undo_register(struct dev *d, uint64_t key, const struct hold_mine *m,
			bool registered, char *why, size_t whylen);

/*
 * Try once to take the unit.  PR: read the state (READ FULL STATUS, or
 * READ KEYS and READ RESERVATION where that is not supported) and find
 * this I_T nexus's registration by its TransportID (dev_nexus()); where
 * the device or sysfs cannot tell, by counting READ KEYS (said at -v).
 * When another I_T nexus holds a reservation that this one could not
 * share, stop there: nothing is sent.  Else register h->key with
 * REGISTER AND IGNORE EXISTING KEY unless this I_T nexus already has it,
 * and RESERVE h->type; a RESERVE that fails puts this I_T nexus's
 * registration back as it was (unregistered, or its earlier key).  SPC-2:
 * RESERVE(6).  Then, with h->prevent, PREVENT MEDIUM REMOVAL (its failure
 * gives the unit back).
 * SPC-2's RESERVE answered GOOD is checked (spc2_after_reserve()): a device
 * with CRH=1 reserves nothing for the holder of a persistent reservation.
 * Returns TR_EXIT_OK; TR_EXIT_CONFLICT when another initiator holds it,
 * with who in why (whylen bytes); TR_EXIT_NOOP when RESERVE made no
 * reservation (said in why); another exit status with the failed step's
 * name and reason in why.
 */
enum tr_exit hold_take(struct dev *d, const struct hold *h, char *why,
		       size_t whylen);

/*
 * PR only: take the reservation from its holder: read it, register h->key
 * (REGISTER AND IGNORE EXISTING KEY) unless this I_T nexus has it, PREEMPT
 * the holder's key with h->type; then PREVENT MEDIUM REMOVAL with
 * h->prevent.  Each failed step is reported in why under its own name,
 * and what was registered here is removed again.  Returns as hold_take()
 * (TR_EXIT_CONFLICT with "no persistent reservation to preempt" when
 * nothing is reserved).
 */
enum tr_exit hold_preempt(struct dev *d, const struct hold *h, char *why,
			  size_t whylen);

/*
 * Give the unit back: ALLOW MEDIUM REMOVAL when h->prevent; SPC-2:
 * RELEASE(6), then spc2_after_release(): when another initiator holds the
 * unit, why says so ("nothing to give back"); PR: read the state, and when this I_T nexus is registered
 * with h->key, RELEASE the reservation it holds (not one of an
 * all-registrants type, which others share: unregistering leaves it to
 * them) and unregister.  Where the state shows nothing of ours (preempted,
 * or another key), nothing is sent and why says what was found, with
 * TR_EXIT_OK.  Without READ FULL STATUS or this I_T nexus known, RELEASE
 * h->type and unregister are sent as they are.  Goes on through every
 * step when one fails.  Returns TR_EXIT_OK or the first failure's exit
 * status, with its reason in why ("" when there is nothing to say).
 */
enum tr_exit hold_drop(struct dev *d, const struct hold *h, char *why,
		       size_t whylen);

#endif /* TRESV_HOLD_H */
