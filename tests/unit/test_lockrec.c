/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: tlock's lock record text, parsed and written back; the fuzz findings with their bytes. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lockrec.h"

/* The record of a wrap-mode tlock, as lockrec_write() stores it. */
static const char rec_pr[] =
	"# tlock: this logical unit is held; see tlock(1)\n"
	"pid: 1234\njob: 1240\nstart: 98765\nsince: 1764930000\nmethod: pr\n"
	"key: 0xa1\ntype: 3\nprevent: no\ndevice: /dev/sg0\ncommand: sh -c backup.sh\n";

static void
test_parse_and_write_back(void **state)
{
	struct lockrec r, back;
	char text[LOCKREC_TEXT_MAX];

	(void)state;
	assert_int_equal(lockrec_parse(rec_pr, &r), 0);
	assert_int_equal(r.pid, 1234);
	assert_int_equal(r.job, 1240);
	assert_true(r.start == 98765 && r.since == 1764930000);
	assert_int_equal(r.method, HOLD_PR);
	assert_true(r.key == 0xa1);
	assert_int_equal(r.type, 3);
	assert_false(r.prevent);
	assert_string_equal(r.device, "/dev/sg0");
	assert_string_equal(r.command, "sh -c backup.sh");
	assert_int_equal(lockrec_format(&r, text, sizeof(text)), strlen(rec_pr));
	assert_string_equal(text, rec_pr);
	assert_int_equal(lockrec_parse(text, &back), 0);
	assert_memory_equal(&back, &r, sizeof(r));
}

/* fuzz_lockrec found: two bytes of the device line changed to D1h 9Fh
 * parsed, and tlock status printed them to the terminal as they were.
 * The record's text fields now come back printable, as they are written. */
static void
test_fuzz_device_bytes(void **state)
{
	static const char found[] =
		"# tlock: this logical unit is held; see tlock(1)\n"
		"pid: 1234\njob: 1240\nstart: 98765\nsince: 1764930000\nmethod: pr\n"
		"key: 0xa1\ntype: 3\nprevent: no\ndevice: \xd1\x9f" "ev/sg0\n"
		"command: sh -c backup.sh\n";
	struct lockrec r;

	(void)state;
	assert_int_equal(sizeof(found) - 1, 183);	/* the reproducer's length */
	assert_int_equal(lockrec_parse(found, &r), 0);
	assert_string_equal(r.device, "??ev/sg0");
	assert_string_equal(r.command, "sh -c backup.sh");
	/* a control byte in the command likewise */
	assert_int_equal(lockrec_parse("pid: 9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\n"
				       "type: 8\ndevice: /dev/sg1\ncommand: a\x1b[2Jb\n", &r), 0);
	assert_string_equal(r.command, "a?[2Jb");
}

/* fuzz_lockrec found: a "since" above 2^63 - 1 parsed into a negative
 * time, which tlock status printed as such and which, written back,
 * no longer parsed.  Garbage now. */
static void
test_fuzz_since_overflow(void **state)
{
	static const char found[] =
		"# tlock: tl unit is see tlock(1)\n"
		"pid: 77\njob: 0\nstart: 5\nsince: 17649300001764930000\nmethod: spc2\n"
		"key: 0x0\ntype: 0\nprevent: yes\ndevice: /dev/nst0\ncommand: -bash\n";
	struct lockrec r;

	(void)state;
	assert_int_equal(sizeof(found) - 1, 161);	/* the reproducer's length */
	assert_int_equal(lockrec_parse(found, &r), -EBADMSG);
	assert_int_equal(lockrec_parse("pid: 7\nstart: 5\nsince: 9223372036854775807\n"
				       "method: spc2\nkey: 0\ntype: 0\ndevice: /dev/st0\n", &r),
			 0);
	assert_true(r.since == 9223372036854775807LL);
	assert_int_equal(r.method, HOLD_SPC2);
}

static void
test_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"pid: 0\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\ndevice: d\n",
		"pid: 4194304\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\ndevice: d\n",
		("pid: 9\njob: 4194304\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\n"
		 "device: d\n"),
		"pid: 9\nstart: 1\nsince: 2\nmethod: auto\nkey: 0x5\ntype: 8\ndevice: d\n",
		"pid: 9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 16\ndevice: d\n",
		"pid: 9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0xz\ntype: 8\ndevice: d\n",
		"pid: 9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\n",
		"pid: 9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\ndevice: d",
		"pid:9\nstart: 1\nsince: 2\nmethod: pr\nkey: 0x5\ntype: 8\ndevice: d\n",
	};
	struct lockrec r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(lockrec_parse(bad[i], &r), -EBADMSG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_write_back),
		cmocka_unit_test(test_fuzz_device_bytes),
		cmocka_unit_test(test_fuzz_since_overflow),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests_name("lockrec", tests, NULL, NULL);
}
