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
