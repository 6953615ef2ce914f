/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: TransportID decoding and formatting of device bytes; no control byte may reach a line. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tid.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a few TransportIDs back to back. */
#define FUZZ_MAX_LEN 4096

/* Longest TransportID tid_parse() builds from a line tid_format() wrote:
 * a raw one is 24 bytes, the others at most TID_ISCSI_MAX_LEN. */
#define REPARSE_MAX TID_ISCSI_MAX_LEN

/* A line that tid_parse() accepts names well-formed bytes, and those
 * bytes decode and format to a line that parses to them again. */
static void
check_reparse(const char *line)
{
	uint8_t b1[REPARSE_MAX], b2[REPARSE_MAX];
	char again[TID_FORMAT_MAX];
	size_t n1, n2, used;
	struct tid t;
	int len;

	if (tid_parse(line, b1, sizeof(b1), &n1) != 0)
		return;
	FUZZ_CHECK(tid_decode(b1, n1, &t, &used) == 0 && used == n1);
	len = tid_format(&t, again, sizeof(again));
	FUZZ_CHECK(len >= 0 && (size_t)len < sizeof(again));
	FUZZ_CHECK(tid_parse(again, b2, sizeof(b2), &n2) == 0);
	FUZZ_CHECK(n2 == n1 && memcmp(b1, b2, n1) == 0);
}

/* Decode one TransportID of the len bytes at p; returns the bytes it used. */
static size_t
fuzz_one(const uint8_t *p, size_t len)
{
	char line[TID_FORMAT_MAX], *cut;
	struct tid t;
	size_t used = 12345, half;
	int n;

	if (tid_decode(p, len, &t, &used) != 0) {
		struct fault why;
		char text[256];

		FUZZ_CHECK(used == 0);
		/* the same verdict, said where: a field inside what arrived */
		FUZZ_CHECK(tid_decode_fault(p, len, &t, NULL, &why) == -EBADMSG);
		FUZZ_CHECK(why.kind != FAULT_NONE && why.field != NULL);
		FUZZ_CHECK(len < TID_LEN || why.offset < len);
		FUZZ_CHECK(fuzz_printable(fault_str(&why, text, sizeof(text))));
		return 0;
	}
	/* a protocol that has only FORMAT CODE 00b decodes only with it */
	switch (p[0] & 0x0f) {
	case 0x0: case 0x1: case 0x3: case 0x4: case 0x6: case 0xa:
		FUZZ_CHECK(p[0] >> 6 == 0);
		break;
	case 0x5:
		FUZZ_CHECK(p[0] >> 6 <= 1);
		break;
	default:
		FUZZ_CHECK(t.raw);
		break;
	}
	FUZZ_CHECK(used == t.length && used >= TID_LEN && used <= len);
	FUZZ_CHECK(t.protocol_identifier == (p[0] & 0x0f));
	FUZZ_CHECK(t.format_code == p[0] >> 6);
	n = tid_format(&t, line, sizeof(line));
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(line));
	FUZZ_CHECK(strlen(line) == (size_t)n);
	/* escaping holds: device bytes never reach a terminal raw */
	FUZZ_CHECK(fuzz_printable(line));
	/* snprintf-style: the same count with no room, the start of the
	 * line NUL-terminated in a buffer too short */
	FUZZ_CHECK(tid_format(&t, NULL, 0) == n);
	half = (size_t)n / 2 + 1;
	cut = malloc(half);
	if (cut == NULL)
		abort();
	FUZZ_CHECK(tid_format(&t, cut, half) == n);
	FUZZ_CHECK(strlen(cut) == half - 1 && memcmp(cut, line, half - 1) == 0);
	free(cut);
	check_reparse(line);
	return used;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = fuzz_dup(data, size);
	size_t off = 0, used;

	/* walk TransportIDs back to back, as a caller would */
	do {
		used = fuzz_one(buf + off, size - off);
		off += used;
	} while (used > 0 && off < size);
	free(buf);
	return 0;
}
