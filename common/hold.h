/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Holding a logical unit for a job: a persistent or an SPC-2 reservation, taken and given back. */
#ifndef TRESV_HOLD_H
#define TRESV_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"
#include "sgio.h"

enum hold_method {
	HOLD_AUTO,		/* PR when PERSISTENT RESERVE IN is known, else SPC-2 */
	HOLD_PR,		/* register the key, reserve the type */
	HOLD_SPC2,		/* RESERVE(6) / RELEASE(6) */
};

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
enum tr_exit hold_resolve(struct sgio_dev *dev, const struct sgio_opts *opts,
			  struct hold *h);

/*
 * Try once to take the unit: PR: REGISTER AND IGNORE EXISTING KEY with
 * h->key (so a registration left by an earlier job of this host is
 * reused), then RESERVE h->type; SPC-2: RESERVE(6).  Then, with
 * h->prevent, PREVENT MEDIUM REMOVAL.  Returns TR_EXIT_OK;
 * TR_EXIT_CONFLICT when another initiator holds it (nothing of ours is
 * left behind: a PR registration made here is removed again); another
 * exit status with the reason in why (whylen bytes).
 */
enum tr_exit hold_take(struct sgio_dev *dev, const struct sgio_opts *opts,
		       const struct hold *h, char *why, size_t whylen);

/*
 * PR only, with force: take the reservation from its current holder
 * (PREEMPT of the holder's key, read with READ RESERVATION, after
 * registering h->key).  Returns as hold_take().
 */
enum tr_exit hold_preempt(struct sgio_dev *dev, const struct sgio_opts *opts,
			  const struct hold *h, char *why, size_t whylen);

/*
 * Give the unit back: ALLOW MEDIUM REMOVAL when h->prevent; PR: RELEASE
 * h->type with h->key, then unregister h->key; SPC-2: RELEASE(6).  Goes
 * on through every step when one fails.  Returns TR_EXIT_OK or the first
 * failure's exit status, with its reason in why.
 */
enum tr_exit hold_drop(struct sgio_dev *dev, const struct sgio_opts *opts,
		       const struct hold *h, char *why, size_t whylen);

#endif /* TRESV_HOLD_H */
