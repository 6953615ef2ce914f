/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PERSISTENT RESERVE IN response parsers: pure, bounded by the bytes actually received. */
#ifndef TRESV_PRIN_H
#define TRESV_PRIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdb.h"
#include "fault.h"

/* Every PR IN response but REPORT CAPABILITIES starts with an 8-byte
 * header: PRGENERATION (bytes 0-3), ADDITIONAL LENGTH (bytes 4-7).
 * Every parser here returns -EBADMSG with a struct fault (fault.h) for a
 * response that contradicts itself, and decodes what arrived of one that
 * was cut short, saying so (truncated): see fault.h for the two. */
#define PRIN_HDR_LEN 8
/* The ALLOCATION LENGTH field is 16 bits: the most one PR IN can return. */
#define PRIN_MAX_ALLOC 65535
/* READ RESERVATION reservation descriptor (SPC-5 6.16.3.3). */
#define PRIN_RESV_DESC_LEN 16

/* SCOPE values (SPC-5 6.16.3.3): only LU_SCOPE is current. */
#define PR_SCOPE_LU 0x0

/* READ KEYS parameter data (SPC-5 6.16.2). */
struct prin_keys {
	uint32_t prgeneration;
	uint32_t additional_length;	/* key list bytes the device holds */
	size_t nkeys;			/* whole keys present in what arrived */
	bool truncated;			/* additional_length > bytes that arrived */
	const uint8_t *key_list;	/* nkeys * 8 bytes inside the caller's buffer */
};

/* READ RESERVATION parameter data (SPC-5 6.16.3). */
struct prin_resv {
	uint32_t prgeneration;
	uint32_t additional_length;	/* 0: no reservation; 10h: one descriptor */
	bool held;			/* a persistent reservation exists */
	uint64_t key;			/* RESERVATION KEY (0 for all-registrants types) */
	uint8_t scope;			/* byte 21 bits 7-4 */
	uint8_t type;			/* byte 21 bits 3-0 */
	bool truncated;			/* held, but the descriptor did not arrive
					 * whole: key, scope and type unknown */
};

/* REPORT CAPABILITIES parameter data (SPC-5 6.16.4, table 230). */
struct prin_caps {
	uint16_t length;	/* LENGTH, bytes 0-1: 8 */
	bool rlr_c;		/* byte 2 bit 7: replace lost reservation capable */
	bool crh;		/* byte 2 bit 4: compatible reservation handling */
	bool sip_c;		/* byte 2 bit 3: specify initiator ports capable */
	bool atp_c;		/* byte 2 bit 2: all target ports capable */
	bool ptpl_c;		/* byte 2 bit 0: persist through power loss capable */
	bool tmv;		/* byte 3 bit 7: type mask valid */
	uint8_t allow_commands;	/* byte 3 bits 6-4 */
	bool ptpl_a;		/* byte 3 bit 0: persist through power loss activated */
	uint16_t type_mask;	/* bytes 4-5 as sent; test with prin_caps_type() */
	uint8_t received;	/* bytes of the 8 that arrived; below 8 the data
				 * was cut: fields past it are unknown (zero) */
};

/* READ FULL STATUS descriptor (SPC-5 6.16.5, table 231). */
struct prin_full_desc {
	uint64_t key;		/* RESERVATION KEY, bytes 0-7 */
	bool all_tg_pt;		/* byte 12 bit 1 */
	bool r_holder;		/* byte 12 bit 0 */
	uint8_t scope;		/* byte 13 bits 7-4 */
	uint8_t type;		/* byte 13 bits 3-0 */
	uint16_t rel_tgt_port;	/* RELATIVE TARGET PORT IDENTIFIER, bytes 18-19 */
	const uint8_t *transport_id;	/* from byte 24, inside the caller's buffer */
	size_t transport_id_len;	/* ADDITIONAL DESCRIPTOR LENGTH, bytes 20-23 */
};

/* READ FULL STATUS header and a cursor over its descriptors. */
struct prin_full {
	uint32_t prgeneration;
	uint32_t additional_length;	/* descriptor bytes the device holds */
	bool truncated;			/* additional_length > bytes that arrived */
	const uint8_t *next;		/* next descriptor, inside the caller's buffer */
	size_t off;			/* ... its byte offset in the response */
	size_t left;			/* descriptor bytes that arrived, not yet walked */
	uint64_t left_al;		/* descriptor bytes ADDITIONAL LENGTH announces,
					 * not yet walked */
	struct fault why;		/* after -EBADMSG: where it contradicts itself */
};

/* Minimum READ FULL STATUS descriptor: 24 bytes before the TransportID. */
#define PRIN_FULL_DESC_HDR_LEN 24

/*
 * The one-bit fields of REPORT CAPABILITIES (SPC-5 table 230): each row
 * names the field as SPC spells it, the byte and bit it occupies, and the
 * struct prin_caps member it sets.  prin_parse_caps() reads through this
 * table and printers take their labels from it, so a label can only ever
 * describe the bit it was read from.
 */
struct prin_caps_bit {
	const char *label;	/* "RLR_C" ... */
	const char *meaning;	/* "replace lost reservation capable" ... */
	uint8_t byte;		/* 2 or 3 */
	uint8_t mask;		/* the bit in that byte */
	size_t member;		/* offsetof(struct prin_caps, ...), a bool */
};
extern const struct prin_caps_bit prin_caps_bits[];
extern const size_t prin_caps_nbits;

/* Value of row `row` of prin_caps_bits in *caps. */
bool prin_caps_flag(const struct prin_caps *caps, size_t row);

/*
 * Parse REPORT CAPABILITIES data of received bytes.  Data cut short (2 to
 * 7 bytes, LENGTH at least 8) sets out->received: the fields of bytes
 * that did not arrive stay zero.  Returns 0, or -EBADMSG with *why (when
 * not NULL): fewer than 2 bytes arrived, or LENGTH (bytes 0-1) is below 8.
 */
int prin_parse_caps(const uint8_t *buf, size_t received, struct prin_caps *out,
		    struct fault *why);

/*
 * Whether the type mask says the device supports reservation type
 * `type` (SPC code 1, 3, 5, 6, 7 or 8): mask bits per SPC-5 table 231,
 * byte 4 bit 7 WR_EX_AR, bit 6 EX_AC_RO, bit 5 WR_EX_RO, bit 3 EX_AC,
 * bit 1 WR_EX; byte 5 bit 0 EX_AC_AR.  Returns 1 or 0, and -1 for a code
 * that has no mask bit.  Meaningful only when caps->tmv.
 */
int prin_caps_type(const struct prin_caps *caps, unsigned type);

/*
 * Start walking READ FULL STATUS data of received bytes.  Returns 0, or
 * -EBADMSG (f->why) when fewer than 8 bytes arrived.
 */
int prin_full_begin(const uint8_t *buf, size_t received, struct prin_full *f);

/*
 * Decode the next full status descriptor into *d and advance.  Returns 1
 * for a descriptor; 0 at the end of the data the device announced, or of
 * what arrived (f->truncated: the next descriptor did not arrive whole);
 * -EBADMSG with f->why when the response contradicts itself: what is left
 * of ADDITIONAL LENGTH is below a 24-byte descriptor header, or a
 * descriptor's ADDITIONAL DESCRIPTOR LENGTH (bytes 20-23) runs past it.
 * Lengths are checked against ADDITIONAL LENGTH before the bytes that
 * arrived, so a lie is never taken for a cut.  Never reads beyond received.
 */
int prin_full_next(struct prin_full *f, struct prin_full_desc *d);

/*
 * Bytes the whole response of service action sa needs, as the device
 * reports it even when the allocation length cut the data short (SPC-5
 * 6.16.1): 8 + ADDITIONAL LENGTH (bytes 4-7) for READ KEYS, READ
 * RESERVATION and READ FULL STATUS; LENGTH (bytes 0-1) for REPORT
 * CAPABILITIES.  Returns 0 when too few bytes arrived to tell.
 */
size_t prin_needed_len(enum prin_sa sa, const uint8_t *buf, size_t received);

/*
 * Parse READ KEYS data; buf holds received bytes (allocation length minus
 * residual).  Keys are 8 bytes each from byte 8.  Decodes only the keys
 * wholly present; sets truncated when ADDITIONAL LENGTH claims more.
 * Returns 0, or -EBADMSG with *why (when not NULL): fewer than 8 bytes
 * arrived, or ADDITIONAL LENGTH is not a multiple of 8.
 */
int prin_parse_keys(const uint8_t *buf, size_t received, struct prin_keys *out,
		    struct fault *why);

/* Key i (i < k->nkeys) of a parsed key list. */
uint64_t prin_key_at(const struct prin_keys *k, size_t i);

/*
 * Parse READ RESERVATION data of received bytes: header, then when
 * ADDITIONAL LENGTH is 10h a descriptor: RESERVATION KEY bytes 8-15,
 * SCOPE/TYPE byte 21.  A descriptor that did not arrive whole (a capture
 * cut short) is held with out->truncated set and key, scope, type zero.
 * Returns 0, or -EBADMSG with *why (when not NULL): fewer than 8 bytes
 * arrived, or ADDITIONAL LENGTH is neither 0 nor at least 10h.
 */
int prin_parse_resv(const uint8_t *buf, size_t received, struct prin_resv *out,
		    struct fault *why);

#endif /* TRESV_PRIN_H */
