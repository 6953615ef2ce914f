/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one strict decimal parser: digits only, no sign, no blanks, overflow refused (pure). */
#ifndef TRESV_NUM_H
#define TRESV_NUM_H

#include <stdint.h>

/*
 * The whole string s as a decimal number: one or more ASCII digits
 * '0'-'9' and nothing else (no sign, no blank, no "0x"; leading zeros
 * are allowed), at most max, into *out.
 * Returns 0, -EINVAL when s is NULL, empty or holds any other char,
 * -ERANGE when it is all digits but above max.  *out is untouched on
 * error.
 */
int num_parse_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * The decimal digits at the start of s (one or more, leading zeros
 * allowed), at most max, into *out, for fields inside a longer text
 * ("H:C:T:L", "phy-H:N", /proc/PID/stat).
 * Returns where the digits end (the caller checks what follows), or NULL
 * when s is NULL, does not start with a digit, or the number is above
 * max (*out untouched).
 */
const char *num_scan_u64(const char *s, uint64_t max, uint64_t *out);

#endif /* TRESV_NUM_H */
