#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tresv's command-line contract on the host: help, version, a matrix of bad input, devices that are not SCSI.

load helpers

USAGE1="Usage: tresv [-v] [-t SECS] [--10] [-w SECS | -n] [--strict] -f DEVICE reserve|release|probe"
USAGE2="       tresv [-v] [-t SECS] [--target | --bus] --force -f DEVICE break"

# re_quote TEXT: TEXT with the ERE special characters escaped.
re_quote() {
	printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'
}

# bad_input STATUS PATTERN ARGS...: tresv ARGS... is refused with STATUS,
# one stderr line matching PATTERN, nothing on stdout, without opening
# /dev/null (every case names it as the device) or sending SG_IO.
bad_input() {
	local want=$1 pattern=$2
	shift 2
	run --separate-stderr tresv "$@"
	assert_one_line_error "$want" "$pattern" || { echo "args: $*"; return 1; }
	no_sg_io tresv "$@"
	no_open /dev/null tresv "$@"
}

# ---- help and version -------------------------------------------------------

@test "--help prints both usage lines on stdout and exits 0" {
	run --separate-stderr tresv --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	[ "${lines[1]}" = "$USAGE2" ]
	[[ $output == *"  probe     is it held by another initiator, and how? exit 0 no, 24 yes"* ]]
	[[ $output == *"See tresv(1)."* ]]
	[ -z "$stderr" ]
}

@test "-h is --help, and wins over everything after it" {
	run --separate-stderr tresv -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	run --separate-stderr tresv -h -w 0 --bogus-later frob
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	[ -z "$stderr" ]
}

@test "--version and -V print the version on stdout and exit 0" {
	run --separate-stderr tresv --version
	[ "$status" -eq 0 ]
	[[ $output =~ ^tresv\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
	run --separate-stderr tresv -V
	[ "$status" -eq 0 ]
	[[ $output =~ ^tresv\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
}

# ---- popt's errors: two lines, as util-linux does --------------------------------

@test "unknown long option: two stderr lines, exit 1, nothing opened" {
	run --separate-stderr tresv --bogus -f /dev/null probe
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tresv: unrecognized option '--bogus'" ]
	[ "${stderr_lines[1]}" = "Try 'tresv --help' for more information." ]
	no_sg_io tresv --bogus -f /dev/null probe
	no_open /dev/null tresv --bogus -f /dev/null probe
}

@test "unknown short option: two stderr lines, exit 1" {
	run --separate-stderr tresv -Z -f /dev/null probe
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tresv: unrecognized option '-Z'" ]
	[ "${stderr_lines[1]}" = "Try 'tresv --help' for more information." ]
}

@test "an option without its value: two stderr lines, exit 1" {
	local opt
	for opt in -f -w -t --device --wait --timeout; do
		run --separate-stderr tresv reserve "$opt"
		[ "$status" -eq 1 ] || { echo "$opt: status $status"; return 1; }
		[ -z "$output" ]
		[ "${#stderr_lines[@]}" -eq 2 ]
		[ "${stderr_lines[0]}" = "tresv: option '$opt': missing argument" ] ||
			{ echo "$opt: ${stderr_lines[0]}"; return 1; }
		[ "${stderr_lines[1]}" = "Try 'tresv --help' for more information." ]
	done
}

# ---- the bad-input matrix: actions -------------------------------------------------

@test "bad input: no action" {
	bad_input 1 "^tresv: no action given \(reserve, release, probe or break\)$" -f /dev/null
}

@test "bad input: an unknown action" {
	bad_input 1 "^tresv: unknown action 'frob' \(reserve, release, probe or break\)$" -f /dev/null frob
}

@test "bad input: abbreviations and other spellings of actions are not actions" {
	local word
	for word in res rese reserv rel pro prob brea RESERVE Probe "reserve " ""; do
		bad_input 1 "^tresv: unknown action '$(re_quote "$word")' \(reserve, release, probe or break\)$" \
			-f /dev/null "$word"
	done
}

@test "bad input: an extra argument after the action" {
	bad_input 1 "^tresv: unexpected argument 'probe'$" -f /dev/null reserve probe
	bad_input 1 "^tresv: unexpected argument 'extra'$" -f /dev/null release extra
}

# ---- -w and -t -------------------------------------------------------------------

@test "bad input: -w 0" {
	bad_input 1 "^tresv: invalid wait '0': whole seconds from 1 to 86400$" -w 0 -f /dev/null reserve
}

@test "bad input: -w -1" {
	bad_input 1 "^tresv: invalid wait '-1': whole seconds from 1 to 86400$" -w -1 -f /dev/null reserve
}

@test "bad input: -w 86401, one more than a day" {
	bad_input 1 "^tresv: invalid wait '86401': whole seconds from 1 to 86400$" -w 86401 -f /dev/null reserve
	bad_input 1 "^tresv: invalid wait '99999999999999999999': whole seconds from 1 to 86400$" \
		--wait=99999999999999999999 -f /dev/null reserve
}

@test "bad input: -w abc and other values that are not whole seconds" {
	local w
	for w in abc 1.5 5s 0x10 " 5" "5 " +5 ""; do
		bad_input 1 "^tresv: invalid wait '$(re_quote "$w")': whole seconds from 1 to 86400$" -w "$w" -f /dev/null reserve
	done
}

@test "bad input: a bad -t" {
	local t
	for t in 0 -5 abc 1.5 86401 ""; do
		bad_input 1 "^tresv: invalid timeout '$(re_quote "$t")': whole seconds from 1 to 86400$" -t "$t" -f /dev/null probe
	done
}

# ---- options that do not go together: 31 ------------------------------------------

@test "bad input: -w with -n" {
	bad_input 31 "^tresv: --wait and --no-wait contradict each other: choose one$" \
		-w 5 -n -f /dev/null reserve
}

@test "bad input: -w or -n with an action other than reserve" {
	local action
	for action in probe release; do
		bad_input 31 "^tresv: --wait and --no-wait go with reserve only$" -w 5 -f /dev/null "$action"
		bad_input 31 "^tresv: --wait and --no-wait go with reserve only$" -n -f /dev/null "$action"
	done
	bad_input 31 "^tresv: --wait and --no-wait go with reserve only$" --force -w 5 -f /dev/null break
}

@test "bad input: --force with reserve" {
	bad_input 31 "^tresv: --force, --target and --bus go with break only$" --force -f /dev/null reserve
}

@test "bad input: --target with release, --bus with probe" {
	bad_input 31 "^tresv: --force, --target and --bus go with break only$" --target -f /dev/null release
	bad_input 31 "^tresv: --force, --target and --bus go with break only$" --bus -f /dev/null probe
}

@test "bad input: --target with --bus" {
	bad_input 31 "^tresv: --target and --bus contradict each other: choose one$" \
		--force --target --bus -f /dev/null break
}

@test "bad input: --10 with probe or break" {
	bad_input 31 "^tresv: --10 goes with reserve and release only$" --10 -f /dev/null probe
	bad_input 31 "^tresv: --10 goes with reserve and release only$" --10 --force -f /dev/null break
}

# ---- break -------------------------------------------------------------------------

@test "bad input: break without --force names what it would reset" {
	bad_input 1 "^tresv: break resets the logical unit, aborting every initiator's commands on it: add --force to do it$" \
		-f /dev/null break
	bad_input 1 "^tresv: break resets the target, aborting every initiator's commands on it: add --force to do it$" \
		--target -f /dev/null break
	bad_input 1 "^tresv: break resets the bus, aborting every initiator's commands on it: add --force to do it$" \
		--bus -f /dev/null break
}

# ---- the device --------------------------------------------------------------------

@test "bad input: no device (no -f, TAPE unset or empty)" {
	TAPE='' run --separate-stderr tresv probe
	assert_one_line_error 1 "^tresv: no device: give -f DEVICE or set TAPE$"
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tresv" reserve
	assert_one_line_error 1 "^tresv: no device: give -f DEVICE or set TAPE$"
	TAPE='' no_sg_io tresv reserve
}

@test "bad input: /dev/null is not a SCSI device: exit 15 after the option checks, no SG_IO sent" {
	run --separate-stderr tresv -f /dev/null reserve
	assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device \(it does not accept SG_IO\)$"
	no_sg_io tresv -f /dev/null reserve
	# it was probed with the ioctl the kernel answers itself
	grep -q 'SG_GET_VERSION_NUM' "$STRACE_OUT"
}

@test "bad input: a directory" {
	run --separate-stderr tresv -f "$BATS_TEST_TMPDIR" probe
	assert_one_line_error 15 "^tresv: .*: is a directory, not a SCSI device$"
	no_sg_io tresv -f "$BATS_TEST_TMPDIR" probe
}

@test "bad input: a missing file" {
	run --separate-stderr tresv -f /dev/nonexistent-sg reserve
	assert_one_line_error 15 "^tresv: /dev/nonexistent-sg: No such file or directory$"
	no_sg_io tresv -f /dev/nonexistent-sg reserve
}

@test "bad input: a regular file" {
	local f="$BATS_TEST_TMPDIR/not-a-device"
	: >"$f"
	run --separate-stderr tresv -f "$f" release
	assert_one_line_error 15 "^tresv: .*/not-a-device: not a SCSI device \(it does not accept SG_IO\)$"
	no_sg_io tresv -f "$f" release
}

@test "bad input: a block device that is not SCSI" {
	[ -b /dev/loop0 ] && [ -r /dev/loop0 ] || skip "no readable /dev/loop0"
	run --separate-stderr tresv -f /dev/loop0 probe
	assert_one_line_error 15 "^tresv: /dev/loop0: not a SCSI device \(it does not accept SG_IO\)$"
	no_sg_io tresv -f /dev/loop0 probe
}

@test "TAPE names the device when -f is absent; -f wins over TAPE" {
	TAPE=/dev/zero run --separate-stderr tresv probe
	assert_one_line_error 15 "^tresv: /dev/zero: not a SCSI device"
	TAPE=/dev/zero run --separate-stderr tresv -f /dev/null probe
	assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device"
}

# ---- what is accepted gets as far as the device ------------------------------------

@test "every good combination passes the option checks and fails only at /dev/null (15)" {
	local -a combos=(
		"reserve" "-n reserve" "-w 1 reserve" "-w 86400 reserve" "--wait=30 reserve"
		"-w5 reserve" "--10 reserve" "--10 -w 5 reserve" "--10 --no-wait reserve"
		"release" "--10 release" "probe" "-t 1 probe" "-t 86400 -vv probe"
		"--timeout=5 -v release" "--force break" "--force --target break"
		"--force --bus break" "-v -t 5 --force break" "probe -f /dev/null"
	)
	local c
	for c in "${combos[@]}"; do
		# shellcheck disable=SC2086 # each combination is several words
		run --separate-stderr tresv -f /dev/null $c
		assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device \(it does not accept SG_IO\)$" ||
			{ echo "combination: $c"; return 1; }
	done
}

@test "options after the action and -- before an action are read as popt reads them" {
	run --separate-stderr tresv reserve -w 5 -f /dev/null
	assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device"
	run --separate-stderr tresv -f /dev/null -- probe
	assert_one_line_error 15 "^tresv: /dev/null: not a SCSI device"
	bad_input 1 "^tresv: unknown action '-w' \(reserve, release, probe or break\)$" -f /dev/null -- -w
}
