/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one bounded string sink and its put helpers: hex, decimal, escaping for terminals and file names. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "be.h"

#include "sink.h"

#define FNV64_OFFSET 0xcbf29ce484222325ULL
#define FNV64_PRIME 0x100000001b3ULL

static const char hexdigits[] = "0123456789abcdef";

void
sink_init(struct sink *s, char *buf, size_t cap)
{
	s->buf = buf;
	s->cap = buf != NULL ? cap : 0;
	s->n = 0;
	s->fnv = FNV64_OFFSET;
}

int
sink_end(struct sink *s)
{
	if (s->cap > 0)
		s->buf[s->n < s->cap ? s->n : s->cap - 1] = '\0';
	return s->n > INT_MAX ? -EINVAL : (int)s->n;
}

void
sink_put_char(struct sink *s, char c)
{
	if (s->n + 1 < s->cap)
		s->buf[s->n] = c;
	s->n++;
	s->fnv = (s->fnv ^ (uint8_t)c) * FNV64_PRIME;
}

void
sink_put_str(struct sink *s, const char *str)
{
	while (*str != '\0')
		sink_put_char(s, *str++);
}

void
sink_put_hex_digit(struct sink *s, unsigned v)
{
	sink_put_char(s, hexdigits[v & 0x0f]);
}

void
sink_put_hex_byte(struct sink *s, uint8_t b)
{
	sink_put_char(s, hexdigits[b >> 4]);
	sink_put_char(s, hexdigits[b & 0x0f]);
}

void
sink_put_hex_bytes(struct sink *s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sink_put_hex_byte(s, p[i]);
}

void
sink_put_hex64(struct sink *s, uint64_t v)
{
	uint8_t b[8];

	be64_put(b, v);
	sink_put_hex_bytes(s, b, sizeof(b));
}

void
sink_put_dec(struct sink *s, uint64_t v)
{
	char d[20];
	size_t n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		sink_put_char(s, d[--n]);
}

void
sink_put_escaped(struct sink *s, const uint8_t *p, size_t n, const char *also)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\') {
			sink_put_str(s, "\\\\");
		} else if (p[i] >= 0x20 && p[i] < 0x7f &&
			   (also == NULL || strchr(also, p[i]) == NULL)) {
			sink_put_char(s, (char)p[i]);
		} else {
			sink_put_str(s, "\\x");
			sink_put_hex_byte(s, p[i]);
		}
	}
}

static bool
file_safe(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-';
}

void
sink_put_file_escaped(struct sink *s, const uint8_t *p, size_t n,
		      bool at_start)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (file_safe(p[i]) &&
		    !(i == 0 && at_start && (p[i] == '.' || p[i] == '-'))) {
			sink_put_char(s, (char)p[i]);
		} else {
			sink_put_char(s, '_');
			sink_put_hex_byte(s, p[i]);
		}
	}
}

int
sink_escape(const uint8_t *p, size_t n, char *out, size_t outlen)
{
	struct sink s;

	if ((p == NULL && n > 0) || (out == NULL && outlen > 0))
		return -EINVAL;
	sink_init(&s, out, outlen);
	sink_put_escaped(&s, p, n, NULL);
	return sink_end(&s);
}
