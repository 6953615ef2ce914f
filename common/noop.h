/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether a PERSISTENT RESERVE OUT answered GOOD changes anything: SPC-5 lets some succeed as no-ops. */
#ifndef TRESV_NOOP_H
#define TRESV_NOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "prstate.h"

/* The no-ops SPC-5 allows. */
enum noop_what {
	NOOP_NONE,			/* it changes something (or may: unknown) */
	NOOP_NOTHING_HELD,		/* RELEASE: no persistent reservation */
	NOOP_NOT_HOLDER,		/* RELEASE by a registered I_T nexus that does
					 * not hold it: GOOD, nothing released
					 * (SPC-5 5.14.11.2) */
	NOOP_ALREADY_HELD,		/* RESERVE by the holder, same type and scope
					 * (SPC-5 5.14.9) */
	NOOP_ALREADY_REGISTERED,	/* REGISTER / REGISTER AND IGNORE EXISTING KEY
					 * to the key this I_T nexus already has */
};

/* The verdict and what its words need. */
struct noop {
	enum noop_what what;
	uint64_t holder_key;		/* NOT_HOLDER: the holder's key */
	char holder_port[96];		/* NOT_HOLDER: its TransportID as text, "" unknown */
	uint8_t type;			/* NOT_HOLDER, ALREADY_HELD: the reservation's type */
	uint64_t key;			/* ALREADY_REGISTERED: the key */
};

/*
 * Would PR OUT service action sa (RESERVATION KEY key, SERVICE ACTION
 * RESERVATION KEY sa_key, TYPE type) change nothing, judged from st, the
 * unit's state read before it (READ FULL STATUS, this I_T nexus's
 * registrant marked this_port by lu_mark_nexus(); without that, NOOP_NONE
 * for everything that depends on who this I_T nexus is).  Pure.
 */
struct noop noop_before(enum prout_sa sa, uint64_t key, uint64_t sa_key, uint8_t type,
			const struct pr_state *st, bool have_this_port);

/*
 * After RELEASE answered GOOD, from st read afterwards: a reservation
 * still held by another I_T nexus means nothing was released
 * (NOOP_NOT_HOLDER); anything else is NOOP_NONE (released, or there was
 * none: the PR generation does not tell).  Pure.
 */
struct noop noop_after_release(const struct pr_state *st, bool have_this_port);

/* The verdict in words, one line into buf (len bytes), e.g. "this I_T
 * nexus does not hold the reservation; the holder is key 0x1111
 * (sas,0x5001405aaaa00001): preempt it to take it over".  Returns buf. */
char *noop_str(const struct noop *n, char *buf, size_t len);

#endif /* TRESV_NOOP_H */
