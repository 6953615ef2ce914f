/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: a malformed response's fault in one line, for every kind. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fault.h"

static void
expect(const struct fault *f, const char *line)
{
	char buf[256];

	assert_string_equal(fault_str(f, buf, sizeof(buf)), line);
}

static void
test_kinds(void **state)
{
	struct fault f;

	(void)state;
	assert_int_equal(fault_set(&f, FAULT_HEADER, "header", 0, 5, 8, NULL), -EBADMSG);
	expect(&f, "5 bytes arrived, fewer than the 8-byte header");
	fault_set(&f, FAULT_PAST, "ADDITIONAL DESCRIPTOR LENGTH", 28, 0xfffffff0u, 32,
		  "ADDITIONAL LENGTH");
	expect(&f, "ADDITIONAL DESCRIPTOR LENGTH (byte 28) says 4294967280 bytes, past "
	       "the 32 bytes ADDITIONAL LENGTH leaves");
	fault_set(&f, FAULT_PAST, "TransportID ADDITIONAL LENGTH", 2, 40, 20, NULL);
	expect(&f, "TransportID ADDITIONAL LENGTH (byte 2) says 40 bytes, past the 20 "
	       "bytes there are");
	fault_set(&f, FAULT_SHORT, "ADDITIONAL LENGTH", 4, 8, 16, "a reservation descriptor");
	expect(&f, "ADDITIONAL LENGTH (byte 4) says 8 bytes, less than the 16 bytes of a "
	       "reservation descriptor");
	fault_set(&f, FAULT_MULTIPLE, "ADDITIONAL LENGTH", 4, 12, 8, "a reservation key");
	expect(&f, "ADDITIONAL LENGTH (byte 4) says 12 bytes, not a multiple of the 8 "
	       "bytes of a reservation key");
	fault_set(&f, FAULT_CODE, "FORMAT CODE", 32, 1, 0, "the SAS TransportID");
	expect(&f, "FORMAT CODE (byte 32) is 1h, a code the SAS TransportID does not have");
	fault_set(&f, FAULT_NOT, "PAGE CODE", 1, 0x83, 0x80, NULL);
	expect(&f, "PAGE CODE (byte 1) is 83h, not the 80h asked for");
	fault_set(&f, FAULT_TEXT, "ISCSI NAME", 36, 20, 0, "has no null byte within "
		  "ADDITIONAL LENGTH");
	expect(&f, "ISCSI NAME (byte 36) has no null byte within ADDITIONAL LENGTH");
	fault_set(&f, FAULT_SENT, "ADDITIONAL LENGTH", 4, 16, 8, NULL);
	expect(&f, "ADDITIONAL LENGTH (byte 4) says 16 bytes, but the device sent 8 with "
	       "room for all");
	f.kind = FAULT_NONE;
	expect(&f, "no fault");
}

static void
test_null_and_shift(void **state)
{
	struct fault f = { .kind = FAULT_NONE };
	char small[8];

	(void)state;
	/* a parser may be given no struct: still -EBADMSG */
	assert_int_equal(fault_set(NULL, FAULT_CODE, "FORMAT CODE", 0, 2, 0, "x"), -EBADMSG);
	fault_shift(NULL, 4);
	fault_shift(&f, 4);		/* no fault: nothing moves */
	assert_int_equal(f.offset, 0);
	fault_set(&f, FAULT_CODE, "FORMAT CODE", 0, 2, 0, "the iSCSI TransportID");
	fault_shift(&f, 32);
	assert_int_equal(f.offset, 32);
	/* cut to fit, terminated; a zero-length buffer untouched */
	assert_string_equal(fault_str(&f, small, sizeof(small)), "FORMAT ");
	small[0] = 'Z';
	fault_str(&f, small, 0);
	assert_int_equal(small[0], 'Z');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_null_and_shift),
	};

	return cmocka_run_group_tests_name("fault", tests, NULL, NULL);
}
