# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the host CLI suites: the built tools first on PATH, the bad-input contract, and the one strace helper.
bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
PATH="$TOP/${B:-build}:$PATH"
# No key map unless a test gives one: this machine's /etc/tresv/keys would
# name keys (an empty TRESV_KEYS names no map).
export TRESV_KEYS=

# assert_one_line_error STATUS PATTERN: the bad-input contract -- that exit
# status, nothing on stdout, exactly one stderr line matching PATTERN.
assert_one_line_error() {
	[ "$status" -eq "$1" ] || { echo "status $status, want $1; stderr: $stderr"; return 1; }
	[ -z "$output" ] || { echo "stdout not empty: $output"; return 1; }
	[ "${#stderr_lines[@]}" -eq 1 ] || { echo "want 1 stderr line, got: $stderr"; return 1; }
	[[ ${stderr_lines[0]} =~ $2 ]] || { echo "stderr '${stderr_lines[0]}' !~ '$2'"; return 1; }
}

# ---- what a command sends and opens: strace ------------------------------------

# strace_run CALLS CMD...: run CMD under strace -f, tracing the system
# calls CALLS (comma-separated; execve is always added), CMD's output
# dropped and its status ignored; the trace is in $STRACE_OUT.  The only
# place the suites run strace.  Fails loudly, so that no check built on
# it can pass for want of a trace, when strace is missing (STRACE names
# it, default strace) or cannot trace (ptrace refused in a container,
# seccomp): the trace must show CMD's own successful execve.  Forks
# nothing but strace: the suites call it hundreds of times.
strace_run() {
	local calls=$1 strace=${STRACE:-strace} log="$BATS_TEST_TMPDIR/strace.log" first=
	shift
	STRACE_OUT=$BATS_TEST_TMPDIR/strace.out
	command -v "$strace" >/dev/null ||
		{ echo "strace is not installed ('$strace'): cannot see what $1 does; make deps installs it"; return 1; }
	: >"$STRACE_OUT"
	"$strace" -f -qq -e trace="execve,$calls" -o "$STRACE_OUT" "$@" >"$log" 2>&1 || true
	read -r first <"$STRACE_OUT" || :
	[[ $first =~ ^[0-9]+\ +execve\(\"[^\"]*\",\ \[\"([^\"]*)\".*\)\ +=\ 0$ && ${BASH_REMATCH[1]} == "$1" ]] ||
		{ echo "strace did not trace $1 (no execve of it in the trace): is ptrace allowed?"; cat "$log" "$STRACE_OUT"; return 1; }
}

# no_sg_io CMD...: CMD sends no SG_IO.  First proves, once per test file,
# that the tracer sees and names an SG_IO where one is sent: perl sends
# one to /dev/null, which refuses it.
no_sg_io() {
	local mark="$BATS_FILE_TMPDIR/strace-sees-sg-io"
	if [ ! -e "$mark" ]; then
		strace_run ioctl perl -e 'open(my $f, "<", "/dev/null") or die;
			ioctl($f, 0x2285, my $hdr = "S" . "\0" x 87); exit 0' || return 1
		grep -qE '^[0-9]+ +ioctl\([0-9]+, SG_IO' "$STRACE_OUT" ||
			{ echo "the tracer missed the SG_IO that perl sent:"; cat "$STRACE_OUT"; return 1; }
		: >"$mark"
	fi
	strace_run ioctl "$@" || return 1
	if grep -E '^[0-9]+ +ioctl\([0-9]+, SG_IO' "$STRACE_OUT"; then
		echo "SG_IO was sent"; return 1
	fi
}

# no_open PATH CMD...: CMD does not open PATH.  First proves, once per
# test file and PATH, that the tracer sees an open of PATH where there is
# one (head opens it).
no_open() {
	local path=$1 mark
	shift
	mark="$BATS_FILE_TMPDIR/strace-sees-open-${path//[^A-Za-z0-9]/_}"
	if [ ! -e "$mark" ]; then
		strace_run open,openat head -c 0 "$path" || return 1
		opens_of "$path" >/dev/null ||
			{ echo "the tracer missed head's open of $path:"; cat "$STRACE_OUT"; return 1; }
		: >"$mark"
	fi
	strace_run open,openat "$@" || return 1
	if opens_of "$path"; then
		echo "$path was opened"; return 1
	fi
}

# opens_of PATH: the open and openat calls of PATH in $STRACE_OUT, which
# its flags follow (an execve line that names it as an argument is not
# one); fails when there is none.
opens_of() {
	grep -F -e "open(\"$1\", O_" -e ", \"$1\", O_" "$STRACE_OUT"
}
