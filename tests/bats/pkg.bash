# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the packaging suites (dist.bats, deb.bats).

# TRESV_PKG_TESTS: "full" under make check (the unpacked tarball runs all of
# make check-host), "off" inside make distcheck (the outer run tests dist and
# deb; running them again in there would recurse), else quick (check-host).
pkg_tests_off() {
	[ "${TRESV_PKG_TESTS:-}" = off ]
}

# pkg_setup: skip inside make distcheck; set VERSION (the VERSION file) and
# TOOLS (the Makefile's list of tools that are built and installed).
pkg_setup() {
	! pkg_tests_off || skip "TRESV_PKG_TESTS=off (inside make distcheck)"
	VERSION=$(cat "$TOP/VERSION")
	read -ra TOOLS <<<"$(sed -n 's/^TOOLS := //p' "$TOP/Makefile")"
	[ "${#TOOLS[@]}" -ge 4 ] || { echo "TOOLS not found in the Makefile" >&2; return 1; }
}

# pkg_make TARGET VAR=VALUE...: in setup_file, make TARGET of this tree once
# for the whole file; its output goes to BATS_FILE_TMPDIR/make.log.
pkg_make() {
	local rc=0
	make -C "$TOP" --no-print-directory "$@" >"$BATS_FILE_TMPDIR/make.log" 2>&1 || rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/make.status"
}

# pkg_made FILE: pkg_make succeeded and made FILE; else show its output, fail.
pkg_made() {
	[ "$(cat "$BATS_FILE_TMPDIR/make.status")" = 0 ] && [ -f "$1" ] ||
		{ echo "make failed or made no $1:"; cat "$BATS_FILE_TMPDIR/make.log"; return 1; }
}

# INNER: an env(1) prefix that runs a command in the unpacked tarball as from
# a fresh shell: without this run's build directory, sanitizer, make flags or
# bats state, and with the PATH of before bats (bats puts its libexec first,
# whose bats needs BATS_ROOT; helpers.bash puts this tree's tools first).
pkg_inner_env() {
	local v p path=
	INNER=(env -u B -u SANITIZE -u ASAN_OPTIONS -u UBSAN_OPTIONS -u MAKEFLAGS -u MAKELEVEL -u MFLAGS)
	for v in $(compgen -e); do
		[[ $v != BATS_* ]] || INNER+=(-u "$v")
	done
	IFS=: read -ra v <<<"$PATH"
	for p in "${v[@]}"; do
		[[ $p == "$BATS_LIBEXEC" || $p == "$TOP/${B:-build}" ]] || path+=${path:+:}$p
	done
	INNER+=(PATH="$path")
}
