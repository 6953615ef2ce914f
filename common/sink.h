/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one bounded string sink: snprintf-style text built piece by piece (pure). */
#ifndef TRESV_SINK_H
#define TRESV_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Text written into buf (cap bytes) as snprintf does: every char put is
 * counted in n, only the first cap - 1 are stored, sink_end() terminates.
 * fnv is the 64-bit FNV-1a hash of every char put, stored or not, so a
 * text cut to fit can still be told apart from another (vpd_lu_id()).
 * Set it up with sink_init(); the fields are read, never written, by users.
 */
struct sink {
	char *buf;
	size_t cap;
	size_t n;
	uint64_t fnv;
};

/* Start an empty text in buf of cap bytes (buf may be NULL when cap is 0). */
void sink_init(struct sink *s, char *buf, size_t cap);

/*
 * NUL-terminate the text (at n, or at cap - 1 when it was cut; nothing
 * when cap is 0).  Returns the length of the whole text without its NUL,
 * as snprintf does, or -EINVAL when that is above INT_MAX.
 */
int sink_end(struct sink *s);

/* One char c. */
void sink_put_char(struct sink *s, char c);

/* The chars of the NUL-terminated str. */
void sink_put_str(struct sink *s, const char *str);

/* The low 4 bits of v as one lower-case hex digit. */
void sink_put_hex_digit(struct sink *s, unsigned v);

/* Byte b as two lower-case hex digits. */
void sink_put_hex_byte(struct sink *s, uint8_t b);

/* n bytes at p, each as two lower-case hex digits (2 * n chars). */
void sink_put_hex_bytes(struct sink *s, const uint8_t *p, size_t n);

/* v as 16 lower-case hex digits, most significant first. */
void sink_put_hex64(struct sink *s, uint64_t v);

/* v in decimal, without leading zeros (1 to 20 chars). */
void sink_put_dec(struct sink *s, uint64_t v);

/*
 * n bytes at p (device-supplied text) made safe for a terminal:
 * printable ASCII (20h-7Eh) as is, a backslash as \\, every other byte,
 * and each char of also (NULL: none; tid_format() passes "," so fields
 * stay apart), as \xHH in lower-case hex.  At most 4 chars a byte.
 */
void sink_put_escaped(struct sink *s, const uint8_t *p, size_t n,
		      const char *also);

/*
 * n bytes at p made safe as part of one file name component: only
 * [A-Za-z0-9.-] as is; every other byte, '_' itself and, when at_start
 * (these bytes begin the name), a leading '.' or '-' as _HH in
 * lower-case hex.  So distinct inputs give distinct names, and a name
 * begun this way is never ".", ".." or hidden.  At most 3 chars a byte.
 */
void sink_put_file_escaped(struct sink *s, const uint8_t *p, size_t n,
			   bool at_start);

/*
 * The whole of sink_put_escaped(p, n, NULL) into out (outlen bytes),
 * snprintf-style: always NUL-terminated when outlen > 0; out may be NULL
 * when outlen is 0, p when n is 0.  4 * n + 1 bytes always suffice.
 * Returns the escaped length without its NUL, or -EINVAL (p or out NULL
 * where bytes are needed, or a result longer than INT_MAX).
 */
int sink_escape(const uint8_t *p, size_t n, char *out, size_t outlen);

#endif /* TRESV_SINK_H */
