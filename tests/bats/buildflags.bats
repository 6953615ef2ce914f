#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Where the build's flags come from: pkg-config for every library with a .pc file, the environment's CFLAGS, CPPFLAGS and LDFLAGS.

load helpers

# dry_run VAR=VALUE...: the commands of a full build (tools and unit tests)
# into a fresh build directory, not run; one per line in $lines.
dry_run() {
	run env "$@" make -C "$TOP" -n V=1 B="$BATS_TEST_TMPDIR/b" all unit-bins
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	mapfile -t COMPILES < <(printf '%s\n' "${lines[@]}" | grep -E '^cc .* -c -o ')
	mapfile -t LINKS < <(printf '%s\n' "${lines[@]}" | grep -E '^cc .* -o [^ ]*/(tresv|tpr-in|tpr-out|tlock|tests/unit/test_[a-z]+) ')
	[ "${#COMPILES[@]}" -ge 20 ] && [ "${#LINKS[@]}" -ge 8 ] ||
		{ echo "too few commands found: ${#COMPILES[@]} compiles, ${#LINKS[@]} links"; return 1; }
}

@test "library flags come from PKG_CONFIG for every library but libsgutils2; libsystemd and libiscsi are not linked" {
	# a pkg-config that answers with markers naming what it was asked
	local pc="$BATS_TEST_TMPDIR/pkg-config"
	cat >"$pc" <<-'EOF'
		#!/bin/sh
		what=$1; shift
		for m in "$@"; do
			case $what in
			--cflags) printf -- '-DPC_CFLAGS_%s ' "$m" ;;
			--libs) printf -- '-lPC_LIBS_%s ' "$m" ;;
			esac
		done
	EOF
	chmod +x "$pc"
	dry_run PKG_CONFIG="$pc"
	local l m
	for l in "${COMPILES[@]}"; do
		for m in libsystemd libiscsi jansson popt; do
			[[ $l == *"-DPC_CFLAGS_$m "* ]] || { echo "no pkg-config cflags of $m: $l"; return 1; }
		done
	done
	for l in "${LINKS[@]}"; do
		# libsgutils2 has no .pc file: named by hand, alone
		[[ $l == *" -lsgutils2 "* ]] || { echo "no -lsgutils2: $l"; return 1; }
		# loaded with dlopen(3) only when a run needs them (issue 16): headers only
		for m in libsystemd libiscsi jansson; do
			[[ $l != *"-lPC_LIBS_$m "* ]] || { echo "$m linked: $l"; return 1; }
		done
		if [[ $l == *tests/unit/* ]]; then
			[[ $l == *"-lPC_LIBS_cmocka "* ]] || { echo "no pkg-config libs of cmocka: $l"; return 1; }
		else
			[[ $l == *"-lPC_LIBS_popt "* ]] || { echo "no pkg-config libs of popt: $l"; return 1; }
		fi
		[[ ! $l =~ -l(systemd|iscsi|jansson|popt|cmocka)( |$) ]] || { echo "named by hand: $l"; return 1; }
	done
}

@test "CFLAGS, CPPFLAGS and LDFLAGS from the environment reach every compile and link" {
	dry_run CFLAGS="-O1 -DMARK_CFLAGS" CPPFLAGS=-DMARK_CPPFLAGS LDFLAGS=-Wl,-zmark-ldflags
	local l
	for l in "${COMPILES[@]}"; do
		[[ $l == *" -DMARK_CFLAGS "* && $l == *" -DMARK_CPPFLAGS "* ]] || { echo "flags missing: $l"; return 1; }
	done
	for l in "${LINKS[@]}"; do
		[[ $l == *" -Wl,-zmark-ldflags "* ]] || { echo "LDFLAGS missing: $l"; return 1; }
	done
}
