#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# An option given twice: the last value counts, and (under make check SANITIZE=1) the first is not leaked.

load helpers

@test "tresv, tpr-out, tlock: the last -f counts" {
	local t
	for t in "tresv probe" "tpr-out -k 1 -T 3 reserve" "tlock -L $BATS_TEST_TMPDIR/l -c true"; do
		# shellcheck disable=SC2086
		run --separate-stderr ${t%% *} -f /nonexistent-first -f /dev/null ${t#* }
		assert_one_line_error 15 "^${t%% *}: /dev/null: not a SCSI device" || { echo "$t"; return 1; }
	done
}

@test "repeated value options: the last one is the one checked" {
	run --separate-stderr tpr-in -t 99999999 -t 5 -k 0xzz -k 0x1 -f /dev/null keys
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device"
	run --separate-stderr tpr-in -t 5 -t 0 -f /dev/null keys
	assert_one_line_error 1 "^tpr-in: invalid timeout '0'"
	run --separate-stderr tpr-out -k 0xzz -k 0x1 -s 1 -s 0x2 -T x -T 3 -f /dev/null preempt
	assert_one_line_error 15 "^tpr-out: /dev/null: not a SCSI device"
	run --separate-stderr tresv -w 0 -w 5 -f /dev/null reserve
	assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device"
	run --separate-stderr tlock -m x -m spc2 -w 0 -w 3 -E 0 -E 7 -c a -c b -L "$BATS_TEST_TMPDIR/l" -f /dev/null
	assert_one_line_error 15 "^tlock: /dev/null: not a SCSI device"
}
