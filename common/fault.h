/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a device response contradicts itself: the field, its byte offset, the two lengths (pure). */
#ifndef TRESV_FAULT_H
#define TRESV_FAULT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every parser of device data (PR IN, TransportIDs, INQUIRY and VPD,
 * sense) tells two failures apart:
 *   - the response contradicts itself: an inner length past the outer
 *     one, a length that is not a multiple of its items, a code the
 *     protocol does not have.  The parser returns -EBADMSG and fills a
 *     struct fault; tools exit 97 (TR_EXIT_MALFORMED) with fault_str().
 *   - the response was cut short (an allocation length, a short capture):
 *     the parser returns what arrived and says where it stops ("cut at
 *     byte N": the offset of the first byte that did not arrive).
 */
enum fault_kind {
	FAULT_NONE,
	FAULT_HEADER,	/* value bytes arrived, fewer than the limit-byte header */
	FAULT_PAST,	/* field says value bytes, past the limit its outer length leaves */
	FAULT_SHORT,	/* field says value bytes, less than the limit its item needs */
	FAULT_MULTIPLE,	/* field says value bytes, not a multiple of limit */
	FAULT_CODE,	/* field holds value, a code `what` does not have */
	FAULT_NOT,	/* field holds value, where limit was asked for */
	FAULT_TEXT,	/* field's text is malformed: `what` says how */
	FAULT_SENT,	/* field says value bytes, only limit arrived with room for all */
};

struct fault {
	enum fault_kind kind;
	const char *field;	/* as SPC spells it: "ADDITIONAL LENGTH" ... */
	size_t offset;		/* the field's byte offset in the response */
	uint64_t value;		/* what the field says (bytes, or a code) */
	uint64_t limit;		/* the length (or code) it had to agree with */
	const char *what;	/* PAST: the outer length's name ("ADDITIONAL
				 * LENGTH"; NULL: the bytes it was given);
				 * SHORT, MULTIPLE: the item ("a key");
				 * CODE: whose codes ("the SAS TransportID");
				 * TEXT: what is wrong ("has no null byte") */
};

/* Fill *f (when f is not NULL) and return -EBADMSG, for a parser's
 * `return fault_set(why, FAULT_PAST, "ADDITIONAL LENGTH", 4, al, n, ...)`. */
int fault_set(struct fault *f, enum fault_kind kind, const char *field, size_t offset,
	      uint64_t value, uint64_t limit, const char *what);

/* Add delta to f's offset (when f is not NULL and holds a fault): a part
 * parsed on its own (a TransportID) placed inside the whole response. */
void fault_shift(struct fault *f, size_t delta);

/*
 * The fault in one line, no newline, into buf (len bytes, always
 * terminated when len > 0), e.g. "ADDITIONAL DESCRIPTOR LENGTH (byte 28)
 * says 4294967280 bytes, past the 40 bytes ADDITIONAL LENGTH leaves" or
 * "FORMAT CODE (byte 32) is 1h, a code the SAS TransportID does not have".
 * Returns buf.
 */
char *fault_str(const struct fault *f, char *buf, size_t len);

#endif /* TRESV_FAULT_H */
