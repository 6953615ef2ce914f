/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the numbers users and sysfs give (timeouts, waits, PIDs, H:C:T:L), against a reference parse. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "num.h"
#include "sysfs.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a line a user types. */
#define FUZZ_MAX_LEN 256

/* The leading decimal digits of s as a number, counted here apart from
 * num.c; *over when above max (then *v is meaningless). */
static const char *
digits(const char *s, uint64_t max, uint64_t *v, bool *over)
{
	*v = 0;
	*over = false;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > max || *v > (max - d) / 10)
			*over = true;
		else
			*v = *v * 10 + d;
	}
	return s;
}

static void
check_num(const char *s, uint64_t max)
{
	uint64_t got = 12345, want;
	bool over;
	const char *end = digits(s, max, &want, &over), *scan;
	int rc = num_parse_u64(s, max, &got);

	if (end == s || *end != '\0')
		FUZZ_CHECK(rc == -EINVAL && got == 12345);
	else if (over)
		FUZZ_CHECK(rc == -ERANGE && got == 12345);
	else
		FUZZ_CHECK(rc == 0 && got == want);
	got = 12345;
	scan = num_scan_u64(s, max, &got);
	if (end == s || over)
		FUZZ_CHECK(scan == NULL && got == 12345);
	else
		FUZZ_CHECK(scan == end && got == want);
}

static void
check_hctl(const char *s)
{
	struct sysfs_hctl h;
	uint64_t v[4];
	bool over;
	const char *p = s;
	int i, ok = 1;

	for (i = 0; i < 4 && ok; i++) {
		const char *end = digits(p, i < 3 ? 0xffffffffu : UINT64_MAX, &v[i], &over);

		ok = end != p && !over && *end == (i < 3 ? ':' : '\0');
		p = end + 1;
	}
	if (!ok) {
		FUZZ_CHECK(sysfs_parse_hctl(s, &h) == -EINVAL);
		return;
	}
	FUZZ_CHECK(sysfs_parse_hctl(s, &h) == 0);
	FUZZ_CHECK(h.host == v[0] && h.channel == v[1] && h.target == v[2] && h.lun == v[3]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	unsigned u = 777;
	int rc;

	check_num(s, UINT64_MAX);
	check_num(s, 86400);		/* -t */
	check_num(s, 4194303);		/* a PID */
	check_num(s, 0);
	check_hctl(s);
	/* -t, -w, -E, --owner: 1 to max, else untouched */
	rc = cli_parse_uint(s, 86400, &u);
	FUZZ_CHECK(rc == 0 ? u >= 1 && u <= 86400 : u == 777);
	free(s);
	return 0;
}
