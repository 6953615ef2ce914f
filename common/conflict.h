/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why a PERSISTENT RESERVE OUT met RESERVATION CONFLICT: one pure verdict from the unit's state, and its words. */
#ifndef TRESV_CONFLICT_H
#define TRESV_CONFLICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "dev.h"
#include "holder.h"
#include "keynames.h"
#include "prstate.h"

/* The causes SPC-5 5.14 gives for a conflict, as far as the state shows. */
enum conflict_cause {
	CONFLICT_SPC2,			/* an SPC-2 reservation (spc2_holder: whose) */
	CONFLICT_NOT_REGISTERED,	/* this I_T nexus is not registered
					 * (key_elsewhere: the key is, elsewhere) */
	CONFLICT_OTHER_KEY,		/* this I_T nexus has their_key, not key */
	CONFLICT_KEY_NOT_REGISTERED,	/* without this path's port: no such key */
	CONFLICT_RESERVED_BY_OTHER,	/* reserved (their_type) by their_key */
	CONFLICT_WRONG_TYPE,		/* RELEASE of type, the reservation is their_type */
	CONFLICT_UNEXPLAINED,		/* the key is registered; nothing above */
	CONFLICT_STATE_UNREAD,		/* the state could not be read afterwards */
};

/* A verdict and the values its words need. */
struct conflict {
	enum conflict_cause cause;
	uint64_t key;			/* the RESERVATION KEY sent */
	uint8_t type;			/* the TYPE sent */
	uint64_t their_key;		/* OTHER_KEY, RESERVED_BY_OTHER */
	uint8_t their_type;		/* RESERVED_BY_OTHER, WRONG_TYPE */
	bool key_elsewhere;		/* NOT_REGISTERED */
	size_t nkeys;			/* KEY_NOT_REGISTERED: registered keys */
	bool resv_held;			/* UNEXPLAINED: a reservation exists */
	enum holder spc2_holder;	/* SPC2 */
};

/*
 * The likely cause of a RESERVATION CONFLICT to PR OUT service action sa
 * sent with RESERVATION KEY key and TYPE type, decided from st (the
 * unit's state read after the conflict, this I_T nexus's registrant
 * marked this_port when have_this_port) in this order: an SPC-2
 * reservation; this I_T nexus not registered; registered with another
 * key; (without this I_T nexus known) the key not registered at all;
 * (RESERVE, RELEASE) the reservation held by another key; (RELEASE) of
 * another type (SPC-5 5.14.5, 5.14.11); else unexplained.  Pure.
 */
struct conflict conflict_explain(enum prout_sa sa, uint64_t key, uint8_t type,
				 const struct pr_state *st, bool have_this_port);

/* The verdict in one line into buf (len bytes), keys named by names (may
 * be NULL: keynames_str()); every cause's words are in one table.
 * Returns buf. */
char *conflict_str(const struct conflict *c, const struct keynames *names, char *buf,
		   size_t len);

/*
 * Read the unit's state through d (READ FULL STATUS by spc2_collect(),
 * which asks whose an SPC-2 reservation is), mark this I_T nexus
 * (lu_mark_nexus()), and conflict_explain() it.  Sends one to three
 * commands.  A state that cannot be read is CONFLICT_STATE_UNREAD with
 * the reason in why (whylen bytes; "" otherwise).
 */
struct conflict conflict_diagnose(struct dev *d, enum prout_sa sa, uint64_t key,
				  uint8_t type, char *why, size_t whylen);

/* True when c names a cause (not UNEXPLAINED, not STATE_UNREAD). */
bool conflict_found(const struct conflict *c);

#endif /* TRESV_CONFLICT_H */
