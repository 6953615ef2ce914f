# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the host CLI suites: put the built tools first on PATH.
bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
PATH="$TOP/${B:-build}:$PATH"

# assert_one_line_error STATUS PATTERN: the bad-input contract -- that exit
# status, nothing on stdout, exactly one stderr line matching PATTERN.
assert_one_line_error() {
	[ "$status" -eq "$1" ] || { echo "status $status, want $1; stderr: $stderr"; return 1; }
	[ -z "$output" ] || { echo "stdout not empty: $output"; return 1; }
	[ "${#stderr_lines[@]}" -eq 1 ] || { echo "want 1 stderr line, got: $stderr"; return 1; }
	[[ ${stderr_lines[0]} =~ $2 ]] || { echo "stderr '${stderr_lines[0]}' !~ '$2'"; return 1; }
}

# no_sg_io CMD...: run CMD under strace and fail if it issued SG_IO.
no_sg_io() {
	local trace="$BATS_TEST_TMPDIR/strace.out"
	strace -f -qq -e trace=ioctl -o "$trace" "$@" >/dev/null 2>&1 || true
	if grep -q 'SG_IO' "$trace"; then
		echo "SG_IO was sent:"; grep 'SG_IO' "$trace"; return 1
	fi
}
