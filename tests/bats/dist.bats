#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make dist: the source tarball holds every tracked file, is reproducible, and builds and passes its tests when unpacked elsewhere.

load helpers
load pkg

# One make dist for the file, unpacked in BATS_FILE_TMPDIR/x.
setup_file() {
	! pkg_tests_off || return 0
	export DIST_OUT="$BATS_FILE_TMPDIR/dist" X="$BATS_FILE_TMPDIR/x"
	mkdir -p "$X"
	local tgz
	pkg_make dist DISTDIR="$DIST_OUT"
	for tgz in "$DIST_OUT"/*.tar.gz; do
		[ -f "$tgz" ] && tar -xzf "$tgz" -C "$X"
	done
	return 0
}

setup() {
	pkg_setup
	NAME=tresv-$VERSION
	TGZ=$DIST_OUT/$NAME.tar.gz
	SRC=$X/$NAME
	pkg_made "$TGZ"
	pkg_inner_env
}

@test "make dist: tresv-VERSION.tar.gz holds every tracked file and nothing else" {
	git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "not a git checkout"
	# tracked, less what was deleted in the work tree and not yet committed
	diff -u <(git -C "$TOP" ls-files | grep -vxFf <(git -C "$TOP" ls-files --deleted) |
		sed "s,^,$NAME/," | sort) <(tar -tzf "$TGZ" | sort)
}

@test "make dist is reproducible: made again from the unpacked tarball, the same bytes" {
	run "${INNER[@]}" "$SRC/scripts/mkdist" "$BATS_TEST_TMPDIR/again"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	cmp "$TGZ" "$BATS_TEST_TMPDIR/again/$NAME.tar.gz"
}

@test "the unpacked tarball builds; its tools say the version in its VERSION file, and follow it" {
	echo 9.8.7 >"$SRC/VERSION"
	run "${INNER[@]}" make -C "$SRC" -s all
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	local t
	for t in "${TOOLS[@]}"; do
		[ "$("$SRC/build/$t" --version)" = "$t 9.8.7" ]
	done
	# the build is up to date, until VERSION changes
	run "${INNER[@]}" make -C "$SRC" -q all
	[ "$status" -eq 0 ]
	echo 9.8.8 >"$SRC/VERSION"
	run "${INNER[@]}" make -C "$SRC" -q all
	[ "$status" -eq 1 ]
}

# make check sets TRESV_PKG_TESTS=full: there all of make check-host runs in
# the unpacked tarball (make distcheck, some minutes); make check-host itself
# runs the tarball's unit suite only, to stay quick.
@test "the unpacked tarball passes its tests: make distcheck under make check, the unit suite under check-host" {
	if [ "${TRESV_PKG_TESTS:-}" = full ]; then
		run "${INNER[@]}" make -C "$TOP" --no-print-directory distcheck DISTDIR="$BATS_TEST_TMPDIR"
	else
		run "${INNER[@]}" make -C "$SRC" --no-print-directory unit
	fi
	[ "$status" -eq 0 ] && [[ ${lines[-1]} =~ ^[1-9][0-9]*\ passed,\ 0\ failed ]] ||
		{ printf '%s\n' "${lines[@]}" | grep -v '^ok ' | tail -n 40; return 1; }
}

@test "make distcheck fails when the tarball lacks a file the build needs" {
	local d="$BATS_TEST_TMPDIR/lacking"
	mkdir -p "$d"
	tar -xzf "$TGZ" -C "$d"
	rm "$d/$NAME/common/cdb.c"
	# outside git, make dist packs the files there are: common/cdb.c is not
	run "${INNER[@]}" make -C "$d/$NAME" --no-print-directory distcheck
	[ "$status" -ne 0 ]
	[[ $output == *"common/cdb."* ]] || { echo "$output"; return 1; }
}
