/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PERSISTENT RESERVE IN response parsers: pure, bounded by the bytes actually received. */
#ifndef TRESV_PRIN_H
#define TRESV_PRIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every PR IN response but REPORT CAPABILITIES starts with an 8-byte
 * header: PRGENERATION (bytes 0-3), ADDITIONAL LENGTH (bytes 4-7). */
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
};

/*
 * Bytes the whole response of a READ KEYS, READ RESERVATION or READ FULL
 * STATUS needs: 8 + ADDITIONAL LENGTH, which the device reports in full
 * even when the allocation length cut the data short (SPC-5 6.16.1).
 * Returns 0 when fewer than 8 bytes arrived.
 */
size_t prin_needed_len(const uint8_t *buf, size_t received);

/*
 * Parse READ KEYS data; buf holds received bytes (allocation length minus
 * residual).  Keys are 8 bytes each from byte 8.  Decodes only the keys
 * wholly present; sets truncated when ADDITIONAL LENGTH claims more.
 * Returns 0, or -EBADMSG when fewer than 8 bytes arrived or ADDITIONAL
 * LENGTH is not a multiple of 8.
 */
int prin_parse_keys(const uint8_t *buf, size_t received, struct prin_keys *out);

/* Key i (i < k->nkeys) of a parsed key list. */
uint64_t prin_key_at(const struct prin_keys *k, size_t i);

/*
 * Parse READ RESERVATION data of received bytes: header, then when
 * ADDITIONAL LENGTH is 10h a descriptor: RESERVATION KEY bytes 8-15,
 * SCOPE/TYPE byte 21.  Returns 0, or -EBADMSG when fewer than 8 bytes
 * arrived, ADDITIONAL LENGTH is neither 0 nor at least 10h, or the
 * descriptor it announces did not arrive whole (the caller allocates at
 * least 24 bytes, so a short descriptor is the device's fault).
 */
int prin_parse_resv(const uint8_t *buf, size_t received, struct prin_resv *out);

#endif /* TRESV_PRIN_H */
