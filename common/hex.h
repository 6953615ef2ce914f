/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex digits and hex text: the one parser of hex a user or a capture file supplies. */
#ifndef TRESV_HEX_H
#define TRESV_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Value of one hex digit (either case), or -1. */
int hex_digit(char c);

/*
 * Parse hex text as tpr-in --hex writes it and --inhex reads it (the
 * sg3_utils "inhex" shape): bytes as hex digit pairs, separated by blanks
 * or newlines or written together ("5e00" is two bytes); a '#' starts a
 * comment that runs to the end of the line.  text is len bytes, need not
 * be terminated.  Writes at most cap bytes to out.
 * Returns 0 with *out_len set; -EINVAL for anything else in the text (a
 * stray character, an odd number of digits in a token, a NUL byte), with
 * *err_line the 1-based line number; -E2BIG past cap bytes.
 */
int hex_parse_text(const char *text, size_t len, uint8_t *out, size_t cap,
		   size_t *out_len, unsigned *err_line);

#endif /* TRESV_HEX_H */
