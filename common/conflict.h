/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why a PERSISTENT RESERVE OUT met RESERVATION CONFLICT, in words, from what the device says afterwards. */
#ifndef TRESV_CONFLICT_H
#define TRESV_CONFLICT_H

#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "prstate.h"
#include "sgio.h"

/*
 * The likely cause of a RESERVATION CONFLICT to PR OUT service action sa
 * sent with RESERVATION KEY key and TYPE type, decided from st (the unit's state read
 * after the conflict, with this path's registrant marked this_port) and
 * written as one line to buf (len bytes): an SPC-2 reservation (st
 * spc2_conflict), this I_T nexus not registered, registered with another
 * key, the key registered elsewhere but not here, or (RESERVE, RELEASE)
 * the reservation held by another key, or (RELEASE) of another type
 * (SPC-5 5.14.5, 5.14.11).  Pure.
 * Returns 1 when it found one of those causes, 0 when it could only say
 * that the device refused a registered key.
 */
int conflict_explain(enum prout_sa sa, uint64_t key, uint8_t type,
		     const struct pr_state *st, bool have_this_port, char *buf,
		     size_t len);

/*
 * Read the unit's state through dev (prs_collect(PRS_FULL)), mark this
 * path's registrant from its initiator port (lu_this_port under root,
 * for `path`), and conflict_explain() it into buf.  Sends one or two PR
 * IN commands (one TEST UNIT READY more under SPC-2).  Returns as
 * conflict_explain(), or 0 when the state could not be read (said in buf).
 */
int conflict_diagnose(struct sgio_dev *dev, const struct sgio_opts *opts,
		      const char *root, const char *path, enum prout_sa sa,
		      uint64_t key, uint8_t type, char *buf, size_t len);

#endif /* TRESV_CONFLICT_H */
