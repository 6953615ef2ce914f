#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The strace helper that "nothing was sent" and "nothing was opened" checks stand on: it can fail, and says why.

load helpers

# Sends one SG_IO to /dev/null, which refuses it.
SEND_SG_IO='open(my $f, "<", "/dev/null") or die; ioctl($f, 0x2285, my $hdr = "S" . "\0" x 87); exit 0'

@test "no_sg_io fails for a command that sends SG_IO, and passes for one that does not" {
	run no_sg_io perl -e "$SEND_SG_IO"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[[ $output == *"SG_IO was sent" ]] || { echo "$output"; return 1; }
	no_sg_io perl -e 'exit 0'
}

@test "no_open fails for a command that opens the path, and passes for one that does not" {
	run no_open /dev/null cat /dev/null
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[[ $output == *"/dev/null was opened" ]] || { echo "$output"; return 1; }
	# the path named among the arguments is not an open of it
	no_open /dev/null echo /dev/null
}

@test "the tracing helpers fail loudly when strace is missing" {
	local check
	for check in "strace_run ioctl true" "no_sg_io true" "no_open /dev/null true"; do
		# shellcheck disable=SC2086 # the check is several words on purpose
		STRACE=/nonexistent/strace run $check
		[ "$status" -eq 1 ] || { echo "$check: status $status: $output"; return 1; }
		[[ $output == "strace is not installed"* ]] || { echo "$check: $output"; return 1; }
	done
}

@test "the tracing helpers fail loudly when strace runs but traces nothing" {
	local fake="$BATS_TEST_TMPDIR/strace" check
	# a tracer that is refused ptrace: it writes no trace
	printf '#!/bin/sh\necho "strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted" >&2\nexit 1\n' >"$fake"
	chmod +x "$fake"
	for check in "strace_run ioctl true" "no_sg_io true" "no_open /dev/null true"; do
		# shellcheck disable=SC2086 # the check is several words on purpose
		STRACE=$fake run $check
		[ "$status" -eq 1 ] || { echo "$check: status $status: $output"; return 1; }
		[[ $output == "strace did not trace "* ]] || { echo "$check: $output"; return 1; }
		[[ $output == *"Operation not permitted"* ]] || { echo "$check: $output"; return 1; }
	done
}
