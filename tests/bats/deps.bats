#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/install-deps: make check-host installs nothing, it only says what is missing (issue 11).

load helpers

# A PATH where every package looks missing and apt-get only logs its calls.
setup() {
	FAKE="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$FAKE"
	printf '#!/bin/sh\necho "unknown ok not-installed"\n' >"$FAKE/dpkg-query"
	printf '#!/bin/sh\necho "$*" >>"%s/apt.log"\n' "$BATS_TEST_TMPDIR" >"$FAKE/apt-get"
	chmod +x "$FAKE/dpkg-query" "$FAKE/apt-get"
}

@test "install-deps --check names what is missing, with the apt-get line, and installs nothing" {
	run --separate-stderr env PATH="$FAKE:$PATH" "$TOP/scripts/install-deps" --check build
	[ "$status" -eq 1 ]
	[[ $stderr == *"missing "*"libjansson-dev"*"apt-get install -y --no-install-recommends "*"libsgutils2-dev"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/apt.log" ]
}

@test "TRESV_DEPS_CHECK=1, which make check-host sets, installs nothing even as root" {
	[ "$(id -u)" = 0 ] || skip "needs root to show that root would otherwise install"
	run env PATH="$FAKE:$PATH" TRESV_DEPS_CHECK=1 "$TOP/scripts/install-deps" deb
	[ "$status" -eq 1 ]
	[ ! -e "$BATS_TEST_TMPDIR/apt.log" ]
	# the probe works: without the variable, root does call apt-get
	run env -u TRESV_DEPS_CHECK PATH="$FAKE:$PATH" "$TOP/scripts/install-deps" deb
	grep -q '^install .*debhelper' "$BATS_TEST_TMPDIR/apt.log"
}

@test "make check-host with packages missing says so and stops, installing nothing, even as root" {
	run --separate-stderr env PATH="$FAKE:$PATH" make -C "$TOP" check-host
	[ "$status" -ne 0 ]
	[[ $stderr == *"install-deps: missing "*"bats"*"debhelper"* ]]
	[[ $stderr != *"qemu"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/apt.log" ]
}

@test "an unknown group is refused" {
	run "$TOP/scripts/install-deps" --check nosuch
	[ "$status" -eq 1 ]
	[[ $output == *"unknown group 'nosuch'"* ]]
}
