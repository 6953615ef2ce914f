#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in's command-line contract on the host: help, version, bad input, devices that are not SCSI.

load helpers

@test "--help prints usage on stdout and exits 0" {
	run --separate-stderr tpr-in --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage: tpr-in [-v] [-t SECS] [-k KEY] [--json|--hex] -f DEVICE... [ACTION]" ]
	[[ $output == *"reservation   the reservation and its holder (READ RESERVATION)"* ]]
	[ -z "$stderr" ]
}

@test "-h is --help" {
	run --separate-stderr tpr-in -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage: tpr-in [-v] [-t SECS] [-k KEY] [--json|--hex] -f DEVICE... [ACTION]" ]
}

@test "--version and -V print the version on stdout and exit 0" {
	run --separate-stderr tpr-in --version
	[ "$status" -eq 0 ]
	[[ $output =~ ^tpr-in\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
	run --separate-stderr tpr-in -V
	[ "$status" -eq 0 ]
	[[ $output =~ ^tpr-in\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "unknown long option: two stderr lines, exit 1" {
	run --separate-stderr tpr-in --bogus -f /dev/null keys
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tpr-in: unrecognized option '--bogus'" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-in --help' for more information." ]
}

@test "unknown short option: two stderr lines, exit 1" {
	run --separate-stderr tpr-in -Z keys
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "tpr-in: unrecognized option '-Z'" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-in --help' for more information." ]
}

@test "option without its argument: two stderr lines, exit 1" {
	run --separate-stderr tpr-in keys -f
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "tpr-in: option '-f': missing argument" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-in --help' for more information." ]
}

@test "bad keys are one-line syntax errors (exit 1) and send nothing" {
	local k
	for k in 0x 0xg1 -1 12abc "" " 1" AUTO; do
		run --separate-stderr tpr-in -k "$k" -f /dev/null keys
		assert_one_line_error 1 "^tpr-in: invalid key '.*': use 0x and up to 16 hex digits"
	done
	for k in 0x10000000000000000 18446744073709551616; do
		run --separate-stderr tpr-in -k "$k" -f /dev/null keys
		assert_one_line_error 1 "^tpr-in: invalid key '$k': larger than 64 bits$"
	done
	no_sg_io tpr-in -k 0xzz -f /dev/null keys
}

@test "a good key is accepted (the run gets as far as the device)" {
	run --separate-stderr tpr-in -k 0xffffffffffffffff -f /dev/null keys
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device"
	run --separate-stderr tpr-in -k 4369 -f /dev/null keys
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device"
}

@test "no action means status; unknown actions and abbreviations are syntax errors" {
	run --separate-stderr tpr-in -f /dev/null
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device"
	run --separate-stderr tpr-in -f /dev/null key
	assert_one_line_error 1 "^tpr-in: unknown action 'key' \(status, keys, reservation, caps or full\)$"
	run --separate-stderr tpr-in -f /dev/null stat
	assert_one_line_error 1 "^tpr-in: unknown action 'stat'"
	run --separate-stderr tpr-in -f /dev/null res
	assert_one_line_error 1 "^tpr-in: unknown action 'res'"
	run --separate-stderr tpr-in -f /dev/null KEYS
	assert_one_line_error 1 "^tpr-in: unknown action 'KEYS'"
	run --separate-stderr tpr-in -f /dev/null keys reservation
	assert_one_line_error 1 "^tpr-in: unexpected argument 'reservation'$"
}

@test "bad timeouts are syntax errors" {
	local t
	for t in 0 -5 abc 1.5 86401 99999999999999999999 ""; do
		run --separate-stderr tpr-in -t "$t" -f /dev/null keys
		assert_one_line_error 1 "^tpr-in: invalid timeout '.*': whole seconds from 1 to 86400$"
	done
	run --separate-stderr tpr-in -t 86400 -f /dev/null keys
	assert_one_line_error 15 "not a SCSI device"
}

@test "no device: -f missing and TAPE unset or empty" {
	TAPE= run --separate-stderr tpr-in keys
	assert_one_line_error 1 "^tpr-in: no device: give -f DEVICE or set TAPE$"
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tpr-in" keys
	assert_one_line_error 1 "^tpr-in: no device: give -f DEVICE or set TAPE$"
}

@test "TAPE names the device when -f is absent; -f wins over TAPE" {
	TAPE=/dev/zero run --separate-stderr tpr-in keys
	assert_one_line_error 15 "^tpr-in: /dev/zero: not a SCSI device"
	TAPE=/dev/zero run --separate-stderr tpr-in -f /dev/null keys
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device"
}

@test "a device that does not exist: exit 15" {
	run --separate-stderr tpr-in -f /dev/nonexistent-sg keys
	assert_one_line_error 15 "^tpr-in: /dev/nonexistent-sg: No such file or directory$"
}

@test "character device that is not SCSI: exit 15, no SG_IO sent" {
	run --separate-stderr tpr-in -f /dev/null reservation
	assert_one_line_error 15 "^tpr-in: /dev/null: not a SCSI device \(it does not accept SG_IO\)$"
	no_sg_io tpr-in -f /dev/null reservation
	# it was probed with the ioctl the kernel answers itself
	grep -q 'SG_GET_VERSION_NUM' "$STRACE_OUT"
}

@test "regular file and directory: exit 15, no SG_IO sent" {
	local f="$BATS_TEST_TMPDIR/capture.bin"
	printf '\0\0\0\1\0\0\0\0' >"$f"
	run --separate-stderr tpr-in -f "$f" keys
	assert_one_line_error 15 "^tpr-in: .*/capture.bin: not a SCSI device"
	no_sg_io tpr-in -f "$f" keys
	run --separate-stderr tpr-in -f "$BATS_TEST_TMPDIR" keys
	assert_one_line_error 15 "is a directory, not a SCSI device$"
}

@test "unreadable device node: exit 15 with the reason" {
	[ "$(id -u)" = 0 ] || skip "needs root to make the node and drop to nobody"
	local node="$BATS_TEST_TMPDIR/node" tool="$BATS_TEST_TMPDIR/tpr-in"
	mknod "$node" c 1 3
	chmod 600 "$node"
	chmod 755 "$BATS_TEST_TMPDIR"
	cp "$TOP/${B:-build}/tpr-in" "$tool"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$tool" -f "$node" keys
	assert_one_line_error 15 "^tpr-in: .*/node: Permission denied$"
}
