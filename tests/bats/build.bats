#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The build itself: warning-free under gcc and clang, install/uninstall honour the directory variables.

load helpers

@test "gcc builds the tools and unit tests with no warning (-Werror)" {
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/gcc" CC=gcc CFLAGS="-O2 -Werror" all unit-bins
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$BATS_TEST_TMPDIR/gcc/tpr-in" ]
	[ -x "$BATS_TEST_TMPDIR/gcc/tests/unit/test_prin" ]
}

@test "clang builds the tools with no warning (-Werror)" {
	command -v clang >/dev/null || skip "clang not installed"
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/clang" CC=clang CFLAGS="-O2 -Werror" all unit-bins
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$BATS_TEST_TMPDIR/clang/tpr-in" ]
}

@test "the build is quiet unless V=1" {
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/q" all
	[[ $output != *"-Wall"* ]]
	touch "$TOP/common/cdb.c"
	run make -C "$TOP" B="$BATS_TEST_TMPDIR/q" V=1 all
	[[ $output == *"-Wall"* ]]
}

@test "only working tools are built: no placeholder binaries" {
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/only" all
	[ "$status" -eq 0 ]
	local t
	for t in tresv tpr-out tlock; do
		[ -e "$TOP/tools/$t.c" ] || [ ! -e "$BATS_TEST_TMPDIR/only/$t" ]
	done
	"$BATS_TEST_TMPDIR/only/tpr-in" --version
}

@test "make install honours DESTDIR, PREFIX, BINDIR, MANDIR, BASHCOMPDIR, ZSHCOMPDIR; uninstall removes" {
	local d="$BATS_TEST_TMPDIR/root"
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/inst" DESTDIR="$d" PREFIX=/opt/tr \
		BINDIR=/opt/tr/sbin MANDIR=/opt/tr/man BASHCOMPDIR=/opt/tr/bc ZSHCOMPDIR=/opt/tr/zc install
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$d/opt/tr/sbin/tpr-in" ]
	[ -f "$d/opt/tr/man/man1/tpr-in.1" ]
	[ -f "$d/opt/tr/bc/tpr-in" ]
	[ -f "$d/opt/tr/zc/_tpr-in" ]
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/inst" DESTDIR="$d" PREFIX=/opt/tr \
		BINDIR=/opt/tr/sbin MANDIR=/opt/tr/man BASHCOMPDIR=/opt/tr/bc ZSHCOMPDIR=/opt/tr/zc uninstall
	[ "$status" -eq 0 ]
	[ -z "$(find "$d" -type f)" ]
}

@test "default install layout is under PREFIX=/usr/local" {
	local d="$BATS_TEST_TMPDIR/root2"
	run make -C "$TOP" -s B="$BATS_TEST_TMPDIR/inst2" DESTDIR="$d" install
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$d/usr/local/bin/tpr-in" ]
	[ -f "$d/usr/local/share/man/man1/tpr-in.1" ]
	[ -f "$d/usr/local/share/bash-completion/completions/tpr-in" ]
	[ -f "$d/usr/local/share/zsh/site-functions/_tpr-in" ]
}
