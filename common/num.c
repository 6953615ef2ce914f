/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict decimal numbers for options, sysfs attributes, lock records and /proc. */
#include <errno.h>
#include <stddef.h>

#include "num.h"

/* The run of digits at s: its end in *end, 0 or -EINVAL (no digit) or
 * -ERANGE (above max; *end still the end of the run). */
static int
scan(const char *s, uint64_t max, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	unsigned d;
	int rc = 0;

	*end = s;
	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	for (; **end >= '0' && **end <= '9'; (*end)++) {
		d = (unsigned)(**end - '0');
		if (rc == 0 && (d > max || v > (max - d) / 10))
			rc = -ERANGE;
		if (rc == 0)
			v = v * 10 + d;
	}
	if (rc == 0)
		*out = v;
	return rc;
}

int
num_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int rc;

	rc = scan(s, max, &v, &end);
	if (rc == -EINVAL || (s != NULL && *end != '\0'))
		return -EINVAL;
	if (rc < 0)
		return rc;
	*out = v;
	return 0;
}

const char *
num_scan_u64(const char *s, uint64_t max, uint64_t *out)
{
	const char *end;

	return scan(s, max, out, &end) == 0 ? end : NULL;
}
