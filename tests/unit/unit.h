/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cmocka unit tests. Include after <cmocka.h>. */
#ifndef TRESV_UNIT_H
#define TRESV_UNIT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A fixture handed to a parser in a heap buffer of exactly its size, so
 * AddressSanitizer (make SANITIZE=1) catches any read past what
 * "arrived".  Text literals count sizeof - 1 bytes (LIT_LEN); a hex
 * escape always ends its literal.  Free the result.
 */
static inline uint8_t *
arrived(const void *bytes, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, bytes, n);
	return p;
}

#define LIT_LEN(lit) (sizeof(lit) - 1)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TRESV_UNIT_H */
