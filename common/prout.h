/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PERSISTENT RESERVE OUT parameter lists: pure builders, exact bytes per SPC-5 6.17. */
#ifndef TRESV_PROUT_H
#define TRESV_PROUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cdb.h"

/* Basic parameter list (SPC-5 6.17.3, table 238): 24 bytes. */
#define PROUT_BASIC_LEN 24
/* REGISTER AND MOVE parameter list header (SPC-5 6.17.4, table 240). */
#define PROUT_MOVE_HDR_LEN 24
/* Most TransportID bytes tresv sends in one list. */
#define PROUT_MAX_TIDS 4096
/* A buffer this large holds any list prout_build() makes. */
#define PROUT_MAX_LEN (PROUT_BASIC_LEN + 4 + PROUT_MAX_TIDS)

/* The fields of a PR OUT parameter list, SPC names. */
struct prout_params {
	uint64_t key;		/* RESERVATION KEY */
	uint64_t sa_key;	/* SERVICE ACTION RESERVATION KEY */
	bool aptpl;		/* activate persist through power loss */
	bool all_tg_pt;		/* all target ports (REGISTER*) */
	bool spec_i_pt;		/* specify initiator ports (REGISTER) */
	bool unreg;		/* REGISTER AND MOVE: unregister the source */
	uint16_t rel_tgt_port;	/* REGISTER AND MOVE: RELATIVE TARGET PORT IDENTIFIER */
	const uint8_t *tids;	/* TransportIDs back to back (SPEC_I_PT, or the
				 * one of REGISTER AND MOVE) */
	size_t tids_len;	/* bytes at tids */
};

/*
 * Build the parameter list of service action sa from *p into buf (cap
 * bytes).  Every action but REGISTER AND MOVE uses the basic list:
 * RESERVATION KEY bytes 0-7, SERVICE ACTION RESERVATION KEY bytes 8-15,
 * bytes 16-19 obsolete (0), byte 20 SPEC_I_PT bit 3, ALL_TG_PT bit 2,
 * APTPL bit 0, bytes 21-23 zero; with SPEC_I_PT (REGISTER only) followed
 * by TRANSPORTID PARAMETER DATA LENGTH (bytes 24-27) and the
 * TransportIDs.  REGISTER AND MOVE (table 240): keys as above, byte 16
 * reserved, byte 17 UNREG bit 1, APTPL bit 0, bytes 18-19 RELATIVE
 * TARGET PORT IDENTIFIER, bytes 20-23 TRANSPORTID PARAMETER DATA LENGTH,
 * then the one TransportID.
 * Returns the list's length in bytes, -EINVAL for fields that action
 * cannot carry (SPEC_I_PT or TransportIDs other than on REGISTER, a
 * SPEC_I_PT without TransportIDs, UNREG or a relative port other than on
 * REGISTER AND MOVE, REGISTER AND MOVE without a TransportID, ALL_TG_PT on
 * REGISTER AND MOVE, more than PROUT_MAX_TIDS bytes), -ENOSPC when cap
 * is too small.  buf is untouched on error.
 */
ssize_t prout_build(enum prout_sa sa, const struct prout_params *p,
		    uint8_t *buf, size_t cap);

#endif /* TRESV_PROUT_H */
