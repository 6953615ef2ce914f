/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: commented hex text (--inhex captures); what parses prints as hex and parses back the same. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a capture. */
#define FUZZ_MAX_LEN 4096

/* A small cap, so the -E2BIG path is as common as success. */
#define CAP 32

/* Parse len bytes of text into a heap block of exactly cap bytes. */
static int
parse(const char *text, size_t len, size_t cap, uint8_t **out, size_t *n,
      unsigned *line)
{
	*out = malloc(cap ? cap : 1);
	if (*out == NULL)
		abort();
	*n = 0;
	*line = 12345;
	return hex_parse_text(text, len, *out, cap, n, line);
}

/* Bytes printed as tpr-in --hex would (a comment, eight per line, the
 * case from the first byte) parse back to themselves. */
static void
check_reprint(const uint8_t *b, size_t n)
{
	int upper = n > 0 && (b[0] & 1);
	char *text = malloc(64 + 3 * n + 1), *p = text;
	uint8_t *again;
	size_t i, n2;
	unsigned line;

	if (text == NULL)
		abort();
	p += sprintf(p, "# fuzz_hex: %zu bytes\n", n);
	for (i = 0; i < n; i++) {
		if (upper)
			p += sprintf(p, "%02X", b[i]);
		else
			p += sprintf(p, "%02x", b[i]);
		*p++ = (i % 8 == 7 || i + 1 == n) ? '\n' : ' ';
	}
	FUZZ_CHECK(parse(text, (size_t)(p - text), n, &again, &n2, &line) == 0);
	FUZZ_CHECK(n2 == n && memcmp(again, b, n) == 0);
	free(again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = (char *)fuzz_dup(data, size);	/* not terminated */
	size_t big_cap = size / 2 + 1, n, nb, i;
	unsigned line, lineb, lines = 1;
	uint8_t *out, *outb;
	int rc, rcb;

	for (i = 0; i < size; i++)
		lines += text[i] == '\n';
	rc = parse(text, size, CAP, &out, &n, &line);
	/* two characters a byte at least: big_cap is never too small */
	rcb = parse(text, size, big_cap, &outb, &nb, &lineb);
	FUZZ_CHECK(rcb == 0 || rcb == -EINVAL);
	if (rcb == 0) {
		FUZZ_CHECK(rc == (nb <= CAP ? 0 : -E2BIG));
	} else {
		FUZZ_CHECK(lineb >= 1 && lineb <= lines);
		FUZZ_CHECK(rc == -EINVAL || rc == -E2BIG);
	}
	if (rc == 0) {
		FUZZ_CHECK(n == nb && n <= CAP);
		FUZZ_CHECK(memcmp(out, outb, n) == 0);
		check_reprint(out, n);
	}
	free(outb);
	free(out);
	free(text);
	return 0;
}
