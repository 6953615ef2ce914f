/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: reservation keys and types as a user types them; what parses prints back the same. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a line a user types. */
#define FUZZ_MAX_LEN 1024

static bool
is_dec(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex(char c)
{
	return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The syntax keys.h allows: "0x"/"0X" and 1 to 16 hex digits, or 1 or
 * more decimal digits.  Sets *value (via strtoull, which agrees on that
 * syntax) and *fits (decimal no larger than 2^64-1). */
static bool
key_syntax(const char *s, uint64_t *value, bool *fits)
{
	const char *d = s;
	size_t n;

	*fits = true;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		d = s + 2;
		for (n = 0; d[n] != '\0'; n++)
			if (!is_hex(d[n]))
				return false;
		if (n < 1 || n > 16)
			return false;
		*value = strtoull(d, NULL, 16);
		return true;
	}
	for (n = 0; d[n] != '\0'; n++)
		if (!is_dec(d[n]))
			return false;
	if (n < 1)
		return false;
	errno = 0;
	*value = strtoull(d, NULL, 10);
	*fits = errno != ERANGE;
	return true;
}

static void
fuzz_key(const char *s)
{
	uint64_t key = 0, want = 0, again;
	bool fits;
	bool ok = key_syntax(s, &want, &fits);
	char text[32];
	int rc = keys_parse(s, &key);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc != 0) {
		/* not the syntax, or too large for 64 bits: which error a
		 * 17th hex digit is, keys.h leaves open */
		FUZZ_CHECK(!ok || !fits);
		if (ok)
			FUZZ_CHECK(rc == -ERANGE);
		return;
	}
	FUZZ_CHECK(ok && fits);
	FUZZ_CHECK(key == want);
	/* printed back as tpr-in shows keys, and in decimal: the same key */
	snprintf(text, sizeof(text), "0x%" PRIx64, key);
	FUZZ_CHECK(keys_parse(text, &again) == 0 && again == key);
	snprintf(text, sizeof(text), "0X%016" PRIX64, key);
	FUZZ_CHECK(keys_parse(text, &again) == 0 && again == key);
	snprintf(text, sizeof(text), "%" PRIu64, key);
	FUZZ_CHECK(keys_parse(text, &again) == 0 && again == key);
}

static void
fuzz_type(const char *s)
{
	uint8_t type = 0;
	int rc = keys_type_parse(s, &type);
	const char *abbrev;

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc != 0)
		return;
	/* only the current types, by exact abbreviation or SPC code */
	FUZZ_CHECK(type == 1 || type == 3 || type == 5 || type == 6 ||
		   type == 7 || type == 8);
	abbrev = keys_type_abbrev(type);
	FUZZ_CHECK(abbrev != NULL && keys_type_title(type) != NULL);
	FUZZ_CHECK(strcmp(s, abbrev) == 0 ||
		   (s[0] == (char)('0' + type) && s[1] == '\0'));
	FUZZ_CHECK(keys_type_all_registrants(type) == (type == 7 || type == 8));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	fuzz_key(s);
	fuzz_type(s);
	free(s);
	return 0;
}
