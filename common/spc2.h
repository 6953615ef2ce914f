/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds a logical unit, and how: SPC-2 RESERVE or a persistent reservation, told from what the device answers. */
#ifndef TRESV_SPC2_H
#define TRESV_SPC2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"
#include "sgio.h"

/* The verdict of spc2_probe(). */
enum spc2_holder {
	HOLDER_NONE,		/* no other initiator holds it */
	HOLDER_US_SPC2,		/* this I_T nexus holds an SPC-2 reservation */
	HOLDER_US_PR,		/* this I_T nexus holds the persistent reservation */
	HOLDER_OTHER_SPC2,	/* another initiator holds an SPC-2 reservation */
	HOLDER_OTHER_PR,	/* another I_T nexus holds a persistent reservation */
	HOLDER_OTHER,		/* TEST UNIT READY conflicts; nothing says how */
	HOLDER_UNKNOWN,		/* the device did not answer usefully */
};

struct spc2_probe {
	enum spc2_holder holder;
	enum tr_exit exit;	/* of the command that decided, for HOLDER_UNKNOWN */
	const char *failed;	/* HOLDER_UNKNOWN: that command's name */
	bool not_ready;		/* TEST UNIT READY said NOT READY (no medium ...) */
	bool pr_supported;	/* PERSISTENT RESERVE IN answered */
	size_t nkeys;		/* persistent reservation registrations */
	uint64_t pr_key;	/* HOLDER_*_PR: the reservation key (0: all registrants) */
	uint8_t pr_type;	/* HOLDER_*_PR: the type */
	bool crh;		/* REPORT CAPABILITIES CRH, when known */
};

/*
 * Probe who holds the unit behind dev (node `path`, sysfs under root):
 * TEST UNIT READY conflicts under another initiator's SPC-2 reservation
 * (SPC-2 5.5.1) but not under a persistent one (LIO, SPC-5 table 78
 * footnotes: TUR is allowed) and not for the holder; NOT READY is not a
 * reservation.  PERSISTENT RESERVE IN then tells SPC-2 from persistent:
 * it conflicts under SPC-2 (from every initiator on some devices) and
 * shows a persistent reservation and, with READ FULL STATUS and this
 * path's initiator port, whether it is ours.  Sends 1 to 5 commands.
 * Fills *p; returns TR_EXIT_OK, or an exit status when the device could
 * not be probed (p->holder HOLDER_UNKNOWN).
 */
enum tr_exit spc2_probe(struct sgio_dev *dev, const struct sgio_opts *opts,
			const char *root, const char *path, struct spc2_probe *p);

/* One line saying what *p found, e.g. "held by another initiator: SPC-2
 * reservation (RESERVE)", into buf (len bytes). Returns buf. */
char *spc2_probe_str(const struct spc2_probe *p, char *buf, size_t len);

/* True when the probe says another initiator holds the unit. */
bool spc2_held_by_other(const struct spc2_probe *p);

#endif /* TRESV_SPC2_H */
