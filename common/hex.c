/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex digits and commented hex text (--inhex captures). */
#include <errno.h>

#include "hex.h"

int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

int
hex_parse_text(const char *text, size_t len, uint8_t *out, size_t cap,
	       size_t *out_len, unsigned *err_line)
{
	size_t i, n = 0;
	unsigned line = 1;
	int hi = -1, d;

	*err_line = 0;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '#') {		/* a comment ends a token */
			while (i + 1 < len && text[i + 1] != '\n')
				i++;
			c = ' ';
		}
		if (is_blank(c) && hi < 0) {
			line += c == '\n';
			continue;
		}
		if (is_blank(c) || (d = hex_digit(c)) < 0)
			goto bad;	/* odd digit count, or not hex */
		if (hi < 0) {
			hi = d;
			continue;
		}
		if (n == cap)
			return -E2BIG;
		out[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	if (hi >= 0)
		goto bad;
	*out_len = n;
	return 0;
bad:
	*err_line = line;
	return -EINVAL;
}
