/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A response that contradicts itself, in one line: which field, where, and the lengths that disagree. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "fault.h"

int
fault_set(struct fault *f, enum fault_kind kind, const char *field, size_t offset,
	  uint64_t value, uint64_t limit, const char *what)
{
	if (f != NULL)
		*f = (struct fault){ kind, field, offset, value, limit, what };
	return -EBADMSG;
}

void
fault_shift(struct fault *f, size_t delta)
{
	if (f != NULL && f->kind != FAULT_NONE)
		f->offset += delta;
}

char *
fault_str(const struct fault *f, char *buf, size_t len)
{
	const char *field = f->field != NULL ? f->field : "?";
	const char *what = f->what != NULL ? f->what : "";

	if (len == 0)
		return buf;
	switch (f->kind) {
	case FAULT_HEADER:
		snprintf(buf, len, "%" PRIu64 " bytes arrived, fewer than the %" PRIu64
			 "-byte %s", f->value, f->limit, field);
		break;
	case FAULT_PAST:
		snprintf(buf, len, "%s (byte %zu) says %" PRIu64 " bytes, past the %"
			 PRIu64 " bytes %s%s", field, f->offset, f->value, f->limit,
			 what, f->what != NULL ? " leaves" : "there are");
		break;
	case FAULT_SHORT:
		snprintf(buf, len, "%s (byte %zu) says %" PRIu64 " bytes, less than the %"
			 PRIu64 " bytes of %s", field, f->offset, f->value, f->limit, what);
		break;
	case FAULT_MULTIPLE:
		snprintf(buf, len, "%s (byte %zu) says %" PRIu64 " bytes, not a multiple "
			 "of the %" PRIu64 " bytes of %s", field, f->offset, f->value,
			 f->limit, what);
		break;
	case FAULT_CODE:
		snprintf(buf, len, "%s (byte %zu) is %" PRIX64 "h, a code %s does not have",
			 field, f->offset, f->value, what);
		break;
	case FAULT_NOT:
		snprintf(buf, len, "%s (byte %zu) is %" PRIX64 "h, not the %" PRIX64
			 "h asked for", field, f->offset, f->value, f->limit);
		break;
	case FAULT_SENT:
		snprintf(buf, len, "%s (byte %zu) says %" PRIu64 " bytes, but the device "
			 "sent %" PRIu64 " with room for all", field, f->offset, f->value,
			 f->limit);
		break;
	case FAULT_TEXT:
		snprintf(buf, len, "%s (byte %zu) %s", field, f->offset, what);
		break;
	default:
		snprintf(buf, len, "no fault");
		break;
	}
	return buf;
}
