/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: TransportIDs typed by a user; what tid_parse() builds must format and parse back to itself. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tid.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a line a user types. */
#define FUZZ_MAX_LEN 1024

/* Room for any TransportID a 1 KiB hex form can spell; a heap block of
 * exactly this size, so a write past len is caught. */
#define ROOM 4096
#define UNTOUCHED 0xa5
#define NO_LEN ((size_t)0x5a5a5a5a)

/* The forms that take a whole TransportID in hex, well-formed or not. */
static bool
hex_form(const char *s)
{
	return strncmp(s, "hex,", 4) == 0 || strncmp(s, "proto-0x", 8) == 0;
}

/* After a failed tid_parse(): buf holds no partial TransportID, it is as
 * it was, but the hex forms may have zeroed what they decoded in place. */
static void
check_untouched(const char *s, const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		FUZZ_CHECK(buf[i] == UNTOUCHED || (hex_form(s) && buf[i] == 0));
}

/* Parse s into a fresh heap block of len bytes: the rc, and on success
 * the bytes in *out (malloc'ed) and their count in *n. */
static int
parse_into(const char *s, size_t len, uint8_t **out, size_t *n)
{
	uint8_t *buf = malloc(len ? len : 1);
	int rc;

	if (buf == NULL)
		abort();
	memset(buf, UNTOUCHED, len);
	*n = NO_LEN;
	rc = tid_parse(s, buf, len, n);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
	if (rc != 0) {
		FUZZ_CHECK(*n == NO_LEN);
		check_untouched(s, buf, len);
		free(buf);
		*out = NULL;
		return rc;
	}
	FUZZ_CHECK(*n >= TID_LEN && *n <= len);
	*out = buf;
	return 0;
}

/* Decode n bytes that tid_parse() built, in an exact-size copy, and
 * format them; returns the line (malloc'ed) and sets *raw. */
static char *
line_of(const uint8_t *bytes, size_t n, bool *raw)
{
	uint8_t *copy = fuzz_dup(bytes, n);
	char *line = malloc(TID_FORMAT_MAX);
	struct tid t;
	size_t used;
	int len;

	if (line == NULL)
		abort();
	/* tid_parse() builds only what tid_decode() accepts, every byte */
	FUZZ_CHECK(tid_decode(copy, n, &t, &used) == 0);
	FUZZ_CHECK(used == n);
	len = tid_format(&t, line, TID_FORMAT_MAX);
	FUZZ_CHECK(len > 0 && len < TID_FORMAT_MAX);
	FUZZ_CHECK(fuzz_printable(line));
	*raw = t.raw;
	free(copy);
	return line;
}

/* Well-formed bytes b (n of them): their line must parse to exactly b
 * again. */
static void
check_round_trip(const uint8_t *b, size_t n)
{
	uint8_t *b2;
	size_t n2;
	bool raw;
	char *line = line_of(b, n, &raw);

	FUZZ_CHECK(parse_into(line, ROOM, &b2, &n2) == 0);
	FUZZ_CHECK(n2 == n && memcmp(b2, b, n) == 0);
	free(b2);
	free(line);
}

/* Exactly n bytes of room suffice; one fewer is -ENOSPC, nothing written. */
static void
check_room(const char *s, const uint8_t *b, size_t n)
{
	uint8_t *b2;
	size_t n2;

	FUZZ_CHECK(parse_into(s, n, &b2, &n2) == 0);
	FUZZ_CHECK(n2 == n && memcmp(b2, b, n) == 0);
	free(b2);
	FUZZ_CHECK(parse_into(s, n - 1, &b2, &n2) == -ENOSPC);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *line;
	uint8_t *b, *b2;
	size_t n, n2;
	bool raw;
	int rc = parse_into(s, ROOM, &b, &n);

	if (rc != 0) {
		/* junk is junk whatever the room (the hex forms check their
		 * room before their bytes, so only the others) */
		if (rc == -EINVAL && !hex_form(s))
			FUZZ_CHECK(parse_into(s, 0, &b2, &n2) == -EINVAL);
		free(s);
		return 0;
	}
	check_room(s, b, n);
	if (!hex_form(s)) {
		/* built by tid_parse() itself: well-formed */
		check_round_trip(b, n);
	} else {
		/* a whole TransportID as typed: reserved bytes, padding and
		 * name may be anything tid_decode() takes.  Raw ones print
		 * as hex and must come back whole; a decoded one may print
		 * as a form that builds other (well-formed) bytes, which
		 * must then round-trip themselves. */
		line = line_of(b, n, &raw);
		if (raw) {
			check_round_trip(b, n);
		} else if (parse_into(line, ROOM, &b2, &n2) == 0) {
			check_round_trip(b2, n2);
			free(b2);
		}
		free(line);
	}
	free(b);
	free(s);
	return 0;
}
