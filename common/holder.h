/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds a logical unit, and how: one pure verdict from the answers already in hand, and its words. */
#ifndef TRESV_HOLDER_H
#define TRESV_HOLDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"

/* The verdict. */
enum holder {
	HOLDER_NONE,		/* no other initiator holds it */
	HOLDER_US_SPC2,		/* this I_T nexus holds an SPC-2 reservation */
	HOLDER_US_PR,		/* this I_T nexus holds the persistent reservation */
	HOLDER_OTHER_SPC2,	/* another initiator holds an SPC-2 reservation */
	HOLDER_OTHER_PR,	/* another I_T nexus holds a persistent reservation */
	HOLDER_OTHER,		/* TEST UNIT READY conflicts; nothing says how */
	HOLDER_SPC2,		/* an SPC-2 reservation; no TEST UNIT READY told whose */
	HOLDER_UNKNOWN,		/* the device did not answer usefully */
};

/* Who held a unit when a tool read its state, for the audit trail. */
struct holder_seen {
	bool read;		/* false: the state was not read */
	enum holder who;	/* any verdict; read from a state without a
				 * probe, a persistent reservation is
				 * HOLDER_OTHER_PR whoever holds it */
	uint64_t key;		/* the persistent ones: the reservation key */
	uint8_t type;		/* ... and its type */
};

/* What the device answered, as the probe (spc2.c) collects it. */
struct holder_answers {
	bool tur_sent;		/* TEST UNIT READY was sent ... */
	enum tr_exit tur;	/* ... and its exit status */
	bool tur_processed;	/* ... it ended in CHECK CONDITION: the device
				 * processed it (NOT READY is not a reservation) */
	bool prin_sent;		/* PERSISTENT RESERVE IN was sent ... */
	enum tr_exit prin;	/* ... and its exit status */
	bool pr_held;		/* a persistent reservation exists (prin OK) */
	bool pr_ours;		/* its holder is this I_T nexus (READ FULL STATUS
				 * and this path's initiator port said so) */
};

/*
 * Who holds the unit, by the rules of SPC-2 5.5.1 and SPC-5 5.14:
 * TEST UNIT READY conflicts for every initiator but the SPC-2 holder
 * and, on most devices (LIO; SPC-5 table 78 footnotes), not under a
 * persistent reservation; PERSISTENT RESERVE IN conflicts under SPC-2
 * (from every initiator, the holder too, on LIO) and otherwise shows a
 * persistent reservation; an invalid operation code means there are no
 * persistent reservations, so a conflicting TUR is SPC-2.  A TUR that
 * neither passed, conflicted nor was processed (timeout, BUSY,
 * transport), or a PR IN that failed otherwise when TUR did not
 * conflict, gives HOLDER_UNKNOWN.  Pure.
 */
enum holder holder_verdict(const struct holder_answers *a);

/* True for the verdicts that say another initiator holds the unit. */
bool holder_is_other(enum holder h);

/* True for the two SPC-2 verdicts of this or an unknown initiator and
 * for HOLDER_OTHER_SPC2: an SPC-2 reservation exists. */
bool holder_is_spc2(enum holder h);

/*
 * The verdict in words, one line into buf (len bytes), e.g. "held by
 * another initiator: SPC-2 reservation (RESERVE)"; for the persistent
 * verdicts with the reservation's type and key (pr_key: the key as text,
 * keynames_str()'s "0x1111 (backup-a)"), for HOLDER_NONE with a note when
 * not_ready, for HOLDER_UNKNOWN with the failed command and its exit
 * status.  All texts are in one table.  Returns buf.
 */
char *holder_str(enum holder h, uint8_t pr_type, const char *pr_key, bool not_ready,
		 const char *failed, enum tr_exit failed_exit, char *buf, size_t len);

/* Who, in three words for fields: "this initiator", "another initiator",
 * "unknown initiator" (the SPC-2 verdicts), NULL for the others. */
const char *holder_spc2_who(enum holder h);

#endif /* TRESV_HOLDER_H */
