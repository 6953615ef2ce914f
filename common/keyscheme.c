/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Known key schemes recognized by their bytes, and multipathd's prkeys lines read. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "be.h"
#include "keys.h"
#include "keyscheme.h"

static bool
printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Bytes [from, 8) of k: n >= min printable chars from `from`, then only
 * 00h.  Returns n, or 0 when the bytes are not so. */
static size_t
text_run(const uint8_t *k, size_t from, size_t min)
{
	size_t n = from, i;

	while (n < 8 && k[n] != 0 && printable(k[n]))
		n++;
	for (i = n; i < 8; i++)
		if (k[i] != 0)
			return 0;
	return n - from >= min ? n - from : 0;
}

/* LTFS's three key kinds (ibm_tape_genkey()). */
static const char *
ltfs_name(const uint8_t *k, char *buf, size_t len)
{
	size_t n;

	if (k[0] == 0x40 && k[1] == 0 && k[2] == 0 && k[3] == 0) {
		snprintf(buf, len, "LTFS host %u.%u.%u.%u", k[4], k[5], k[6], k[7]);
		return buf;
	}
	if (k[0] == 0x60) {
		snprintf(buf, len, "LTFS host IPv6 xx%02x:%02x%02x:%02x%02x:%02x%02x", k[1],
			 k[2], k[3], k[4], k[5], k[6], k[7]);
		return buf;
	}
	if (k[0] != 0x10)
		return NULL;
	if (be64_get(k) == 0x1000000000000000ULL) {	/* gethostname() failed */
		snprintf(buf, len, "LTFS host without a name");
		return buf;
	}
	n = text_run(k, 1, 1);
	if (n == 0 || k[1] == ' ')
		return NULL;
	snprintf(buf, len, "LTFS host %.*s", (int)n, (const char *)k + 1);
	return buf;
}

const char *
keyscheme_name(uint64_t key, char *buf, size_t len)
{
	uint8_t k[8];
	size_t n, i, o;

	be64_put(k, key);
	if (ltfs_name(k, buf, len) != NULL)
		return buf;
	n = text_run(k, 0, 1);
	if (n == 0 || k[0] == ' ' || len < 2 * n + 9)
		return NULL;
	o = (size_t)snprintf(buf, len, "ASCII \"");
	for (i = 0; i < n; i++) {
		if (k[i] == '"' || k[i] == '\\')
			buf[o++] = '\\';
		buf[o++] = (char)k[i];
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

size_t
keyscheme_prkeys(const char *text, size_t len, uint64_t *keys, size_t cap)
{
	const char *p = text, *end = text + len, *nl, *b;
	char tok[24];
	size_t n = 0, t;
	uint64_t key;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		/* "0x" or "0X", the digits, blanks, a WWID */
		for (t = 0; p + t < nl && p[t] != ' ' && p[t] != '\t'; t++)
			;
		for (b = p + t; b < nl && (*b == ' ' || *b == '\t'); b++)
			;
		if (t < 3 || t >= sizeof(tok) || p[0] != '0' || (p[1] != 'x' && p[1] != 'X') ||
		    b == p + t || b >= nl || *b == '\r')
			continue;
		memcpy(tok, p, t);
		tok[t] = '\0';
		if (keys_parse(tok, &key) != 0)
			continue;
		if (n < cap)
			keys[n] = key;
		n++;
	}
	return n;
}
