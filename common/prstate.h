/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The persistent reservation picture of one logical unit: collected with the fewest commands, or decoded from saved responses. */
#ifndef TRESV_PRSTATE_H
#define TRESV_PRSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "exitstat.h"
#include "dev.h"
#include "holder.h"
#include "prin.h"
#include "tid.h"

/* What a pr_state holds (bits of pr_state.have, and of `what` below). */
enum {
	PRS_KEYS = 1 << 0,	/* keys[]: READ KEYS, or derived from READ FULL STATUS */
	PRS_RESV = 1 << 1,	/* resv: READ RESERVATION, or derived likewise */
	PRS_CAPS = 1 << 2,	/* caps: REPORT CAPABILITIES */
	PRS_FULL = 1 << 3,	/* regs[]: READ FULL STATUS */
};

/* One registered I_T nexus, from a READ FULL STATUS descriptor. */
struct prs_registrant {
	uint64_t key;
	bool all_tg_pt;
	bool r_holder;
	uint8_t scope;
	uint8_t type;
	uint16_t rel_tgt_port;		/* RELATIVE TARGET PORT IDENTIFIER */
	struct tid tid;
	uint8_t tid_raw[TID_ISCSI_MAX_LEN];	/* its bytes as received (the first
						 * TID_ISCSI_MAX_LEN of a longer one) */
	size_t tid_raw_len;
	bool tid_repaired;		/* sent as bare text, no header: tid_raw is
					 * tid_repair_bare_iscsi()'s */
	bool this_port;			/* set by the caller: this path's initiator port */
	bool this_host;			/* set by the caller: one of this host's ports */
	bool other_session;		/* set by the caller: this iSCSI initiator
					 * name with another ISID */
	bool our_key;			/* set by the caller: our key */
};

/* A response as received, kept for --hex. */
struct prs_raw {
	enum prin_sa sa;
	uint8_t *buf;
	size_t len;
};

struct pr_state {
	unsigned have;			/* PRS_* bits decoded */
	uint32_t prgeneration;
	struct prin_caps caps;
	uint64_t *keys;			/* nkeys keys, heap */
	size_t nkeys;
	struct prin_resv resv;
	struct prs_registrant *regs;	/* nregs registrants, heap */
	size_t nregs;
	bool truncated;			/* a response did not arrive whole: what
					 * arrived is decoded, the rest unknown */
	enum prin_sa cut_sa;		/* ... the first such response */
	size_t cut_at;			/* ... the offset of its first byte that did
					 * not arrive ("cut at byte N") */
	bool malformed;			/* a response contradicts itself (exit 97): */
	enum prin_sa fault_sa;		/* ... which one */
	struct fault fault;		/* ... where (fault.h) */
	bool full_unsupported;		/* READ FULL STATUS rejected: fell back */
	bool caps_unsupported;		/* REPORT CAPABILITIES rejected */
	bool spc2_conflict;		/* PR IN answered RESERVATION CONFLICT ... */
	enum prin_sa conflict_sa;	/* ... to this service action */
	enum holder spc2_holder;	/* ... so an SPC-2 reservation: HOLDER_SPC2,
					 * or whose (spc2_collect() asks) */
	struct prs_raw raw[4];		/* responses in the order received */
	size_t nraw;
};

/*
 * Collect into *st (zeroed first) what `what` asks, sending the fewest
 * PERSISTENT RESERVE IN commands: PRS_CAPS is REPORT CAPABILITIES;
 * PRS_FULL is READ FULL STATUS, from which keys and the reservation are
 * derived (READ RESERVATION is asked too when the list was cut before a
 * holder arrived: 65535 bytes is the most one PR IN returns), and when
 * the device rejects it with ILLEGAL REQUEST, READ KEYS
 * plus READ RESERVATION instead (full_unsupported); PRS_KEYS and PRS_RESV
 * alone are READ KEYS and READ RESERVATION.  The commands that do not
 * depend on each other's answers are in flight at once (cmd_prin_all()):
 * REPORT CAPABILITIES with READ FULL STATUS, or with READ KEYS and READ
 * RESERVATION; READ KEYS with READ RESERVATION when READ FULL STATUS
 * fell back.  All of a round are sent even when the first fails.  A REPORT CAPABILITIES that
 * is rejected with ILLEGAL REQUEST but not INVALID OPERATION CODE only
 * sets caps_unsupported.  keep_raw keeps every response in raw[].
 * Returns TR_EXIT_OK, or the exit status of the failure with a one-line
 * reason in err (errlen bytes): no PR support (9), an SPC-2 reservation
 * (24, spc2_conflict, spc2_holder HOLDER_SPC2: spc2_collect() asks whose),
 * a malformed response (97), and others in sense_result_str()'s words.  What was decoded before a failure
 * stays in *st; free it with prs_free() in every case.
 */
enum tr_exit prs_collect(struct dev *d, unsigned what, bool keep_raw,
			 struct pr_state *st, char *err, size_t errlen);

/* One unit of prs_collect_units(): prs_collect()'s arguments and return. */
struct prs_unit {
	struct dev *d;		/* in: the unit, open */
	struct pr_state *st;	/* out: as prs_collect()'s *st */
	char *err;		/* out: as prs_collect()'s err, errlen bytes */
	size_t errlen;
	enum tr_exit ex;	/* out: what prs_collect() returns */
};

/*
 * prs_collect(u[i].d, what, keep_raw, ...) for each of u[0..n-1], with
 * the first round of every unit, CMD_UNITS_MAX units at a time, in flight
 * together (cmd_prin_units()): many units cost about one round trip
 * each round, not one per unit.  What a unit still needs after its first
 * round (a fallback) it asks alone.
 */
void prs_collect_units(struct prs_unit *u, size_t n, unsigned what, bool keep_raw);

/*
 * After PR IN met RESERVATION CONFLICT (st->spc2_conflict): the reason in
 * one line into err (errlen bytes), "SERVICE ACTION: reservation conflict
 * on PERSISTENT RESERVE IN: ..." saying whose SPC-2 reservation it is as
 * far as st->spc2_holder tells (some devices, LIO among them, refuse PR
 * commands from the SPC-2 holder too).
 */
void prs_conflict_str(const struct pr_state *st, char *err, size_t errlen);

/*
 * Decode one saved response of service action sa (len bytes) into *st,
 * as prs_collect() would have: READ FULL STATUS also fills keys and the
 * reservation (a reservation whose holder's descriptor did not arrive is
 * not seen: prs_collect() then asks READ RESERVATION).  Returns
 * TR_EXIT_OK, or TR_EXIT_MALFORMED when the response contradicts itself
 * (st->malformed, fault_sa, fault) with "malformed SERVICE ACTION
 * response: " and fault_str() in err.  A response longer than what
 * arrived (its length field says more) is decoded as far as it arrived
 * and sets truncated, cut_sa and cut_at (len).  A TransportID that does
 * not decode (tid_decode_fault()) is the response's fault.
 */
enum tr_exit prs_decode(enum prin_sa sa, const uint8_t *buf, size_t len,
			struct pr_state *st, char *err, size_t errlen);

/* Free what *st owns and zero it. */
void prs_free(struct pr_state *st);

/* "READ KEYS", "READ RESERVATION", "REPORT CAPABILITIES", "READ FULL
 * STATUS" for the four service actions (SPC-5 6.16.1); NULL otherwise. */
const char *prs_sa_name(unsigned sa);

/* The registrant holding the reservation (r_holder), or NULL. */
const struct prs_registrant *prs_holder(const struct pr_state *st);

/*
 * What a persistent reservation of `type` means for other initiators, in
 * one sentence (SPC-5 table 227 and 5.14.10), or NULL for codes that are
 * not a current type.
 */
const char *prs_type_effect(unsigned type);

/* Meaning of the REPORT CAPABILITIES ALLOW COMMANDS field (SPC-5 table
 * 232) in words; a reserved code gets "reserved". */
const char *prs_allow_commands_str(unsigned code);

#endif /* TRESV_PRSTATE_H */
