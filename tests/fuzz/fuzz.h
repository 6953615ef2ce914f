/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the libFuzzer targets: exact-size copies and contract checks that abort. */
#ifndef TRESV_FUZZ_H
#define TRESV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer's entry point; declared here for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A header's contract broken: name the check, then abort() so libFuzzer
 * saves the input as a crash.  Only for what a header guarantees.
 */
#define FUZZ_CHECK(cond)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: contract broken: %s\n",       \
				__FILE__, __LINE__, #cond);                   \
			abort();                                              \
		}                                                             \
	} while (0)

/* The input in a heap block of exactly its size, so AddressSanitizer
 * reports a read of even one byte past it. */
static inline uint8_t *
fuzz_dup(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size);

	if (p == NULL && size > 0)
		abort();
	if (size > 0)
		memcpy(p, data, size);
	return p;
}

/* The input as a C string: its bytes and a NUL, nothing more. */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A formatted line holds only printable ASCII (20h-7Eh). */
static inline int
fuzz_printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* The big-endian value of n bytes, counted here, apart from be.h. */
static inline uint64_t
fuzz_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

#endif /* TRESV_FUZZ_H */
