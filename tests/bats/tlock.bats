#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tlock's command-line contract on the host: help, version, a matrix of bad input that sends nothing and creates no lock directory, devices that are not SCSI.

load helpers

USAGE1="Usage: tlock [OPTIONS] -f DEVICE -- COMMAND [ARGS...]"
USAGE2="       tlock [OPTIONS] -f DEVICE -c SHELL-COMMAND"
USAGE3="       tlock [OPTIONS] -f DEVICE acquire|release|status|break"

setup() {
	# every run is pointed here; bad input must not create it
	LOCKS=$BATS_TEST_TMPDIR/locks
}

# no_lock_dir: the lock directory given with -L was not created.
no_lock_dir() {
	[ ! -e "$LOCKS" ] || { echo "$LOCKS was created:"; ls -la "$LOCKS"; return 1; }
}

# bad_input STATUS PATTERN ARGS...: tlock -L $LOCKS ARGS... is refused
# with STATUS, one stderr line matching PATTERN and nothing on stdout,
# without opening /dev/null (the device of every case that names one),
# sending SG_IO or creating the lock directory.
bad_input() {
	local want=$1 pattern=$2
	shift 2
	run --separate-stderr tlock -L "$LOCKS" "$@"
	assert_one_line_error "$want" "$pattern" || { echo "args: $*"; return 1; }
	no_sg_io tlock -L "$LOCKS" "$@"
	no_open /dev/null tlock -L "$LOCKS" "$@"
	no_lock_dir
}

# bad_device PATTERN ARGS...: tlock -L $LOCKS ARGS... gets past the option
# checks and fails on the device: exit 15, one stderr line matching
# PATTERN, nothing on stdout, no SG_IO, no lock directory.
bad_device() {
	local pattern=$1
	shift
	run --separate-stderr tlock -L "$LOCKS" "$@"
	assert_one_line_error 15 "$pattern" || { echo "args: $*"; return 1; }
	no_sg_io tlock -L "$LOCKS" "$@"
	no_lock_dir
}

# ---- help and version -------------------------------------------------------

@test "--help prints the three usage lines on stdout and exits 0" {
	run --separate-stderr tlock --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	[ "${lines[1]}" = "$USAGE2" ]
	[ "${lines[2]}" = "$USAGE3" ]
	[[ $output == *"  break     remove a stale lock and this host's leftover reservation"* ]]
	[[ $output == *"  acquire   take the unit for --owner (default: tlock's parent)"* ]]
	[[ $output == *"  -L, --lock-dir=DIR      lock directory (default /run/lock/tresv)"* ]]
	[[ $output == *"See tlock(1)."* ]]
	[ -z "$stderr" ]
}

@test "-h is --help, and wins over everything after it" {
	run --separate-stderr tlock -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	run --separate-stderr tlock -L "$LOCKS" -h -w 0 --bogus-later frob
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$USAGE1" ]
	[ -z "$stderr" ]
	no_lock_dir
}

@test "--version and -V print the version on stdout and exit 0" {
	run --separate-stderr tlock --version
	[ "$status" -eq 0 ]
	[[ $output =~ ^tlock\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
	run --separate-stderr tlock -V
	[ "$status" -eq 0 ]
	[[ $output =~ ^tlock\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
}

# ---- popt's errors: two lines, as util-linux does --------------------------------

@test "unknown long option: two stderr lines, exit 1, nothing opened or created" {
	run --separate-stderr tlock -L "$LOCKS" --bogus -f /dev/null status
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tlock: unrecognized option '--bogus'" ]
	[ "${stderr_lines[1]}" = "Try 'tlock --help' for more information." ]
	no_sg_io tlock -L "$LOCKS" --bogus -f /dev/null status
	no_open /dev/null tlock -L "$LOCKS" --bogus -f /dev/null status
	no_lock_dir
}

@test "unknown short option: two stderr lines, exit 1" {
	run --separate-stderr tlock -L "$LOCKS" -Z -f /dev/null status
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tlock: unrecognized option '-Z'" ]
	[ "${stderr_lines[1]}" = "Try 'tlock --help' for more information." ]
	no_lock_dir
}

@test "option without its value: two stderr lines, exit 1" {
	run --separate-stderr tlock -L "$LOCKS" status -f
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tlock: option '-f': missing argument" ]
	[ "${stderr_lines[1]}" = "Try 'tlock --help' for more information." ]
	no_lock_dir
}

# ---- the bad-input matrix: exit 1, bad or missing values ---------------------------

@test "no command and no action" {
	bad_input 1 "^tlock: no command: give -- COMMAND \[ARGS\], -c SHELL-COMMAND, or an action$" \
		-f /dev/null
	bad_input 1 "^tlock: no command: give" -w 5 -m pr -f /dev/null
}

@test "unknown action" {
	bad_input 1 "^tlock: unknown action 'frob' \(acquire, release, status, break; or -- COMMAND\)$" \
		-f /dev/null frob
	bad_input 1 "^tlock: unknown action 'lock'" -f /dev/null lock
}

@test "abbreviated or misspelt actions are unknown, not guessed" {
	local word
	for word in acq rel stat br ACQUIRE Status release- ""; do
		bad_input 1 "^tlock: unknown action '$word' \(acquire, release, status, break; or -- COMMAND\)$" \
			-f /dev/null "$word"
	done
}

@test "a second action is an unexpected argument" {
	bad_input 1 "^tlock: unexpected argument 'release'$" -f /dev/null status release
	bad_input 1 "^tlock: unexpected argument 'x'$" -f /dev/null acquire x
}

@test "-- with nothing after it" {
	bad_input 1 "^tlock: no command after --$" -f /dev/null --
	bad_input 1 "^tlock: no command after --$" -w 5 -f /dev/null --
	bad_input 1 "^tlock: no command after --$" -f /dev/null status --
}

@test "bad -w: not whole seconds from 1 to 86400" {
	local w
	for w in 0 -1 abc 86401 1.5 "" " 5" 5s 99999999999999999999; do
		bad_input 1 "^tlock: invalid wait '.*': whole seconds from 1 to 86400$" \
			-w "$w" -f /dev/null acquire
	done
	bad_input 1 "^tlock: invalid wait '0'" --wait=0 -f /dev/null -- true
}

@test "bad --owner: not a process ID" {
	local o
	for o in abc 0 -5 1x 4194304 4194305 ""; do
		bad_input 1 "^tlock: invalid owner '.*': a process ID$" --owner "$o" -f /dev/null acquire
	done
	bad_input 1 "^tlock: invalid owner 'abc': a process ID$" -o abc -f /dev/null acquire
}

@test "--owner must name a live process, checked before the device is opened" {
	# the highest process ID tlock takes, which no process has here
	[ ! -e /proc/4194303 ] || skip "a process 4194303 runs"
	bad_input 1 "^tlock: owner 4194303: no such process$" -o 4194303 -f /dev/null acquire
	# a process that has ended
	sh -c 'exit 0' &
	local gone=$!
	wait "$gone"
	[ ! -e "/proc/$gone" ] || skip "process ID $gone was reused at once"
	bad_input 1 "^tlock: owner $gone: no such process$" --owner="$gone" -f /dev/null acquire
	# a live one gets as far as the device
	sleep 60 &
	local live=$!
	bad_device "^tlock: /dev/null: not a SCSI device" -o "$live" -f /dev/null acquire ||
		{ kill "$live"; return 1; }
	kill "$live"
}

@test "bad -E: not an exit status from 1 to 255" {
	local e
	for e in 0 256 x -1 "" 24x; do
		bad_input 1 "^tlock: invalid conflict exit status '.*': 1 to 255$" \
			-E "$e" -f /dev/null acquire
	done
	bad_input 1 "^tlock: invalid conflict exit status '256'" --conflict-exit=256 -f /dev/null -- true
}

@test "bad -m: pr, spc2 or auto only" {
	local m
	for m in tape PR spc-2 pers ""; do
		bad_input 1 "^tlock: invalid method '.*': pr, spc2 or auto$" -m "$m" -f /dev/null acquire
	done
}

@test "bad -T: the SPC names and codes only, not the 1-6 numbering of pr_type" {
	local t
	for t in 2 4 0 9 EX-AC exclusive wr_ex ""; do
		bad_input 1 "^tlock: invalid type '.*': use wr-ex, ex-ac, wr-ex-ro, ex-ac-ro, wr-ex-ar, ex-ac-ar or 1, 3, 5, 6, 7, 8$" \
			-T "$t" -f /dev/null acquire
	done
}

@test "bad -k: syntax errors, and key 0, which cannot be registered" {
	local k
	for k in 0xg 0x -1 12abc AUTO ""; do
		bad_input 1 "^tlock: invalid key '.*': use 0x and up to 16 hex digits, decimal digits, auto, or a name of the key map \(none in use\)$" \
			-k "$k" -f /dev/null acquire
	done
	for k in 0x10000000000000000 18446744073709551616; do
		bad_input 1 "^tlock: invalid key '$k': larger than 64 bits$" -k "$k" -f /dev/null acquire
	done
	for k in 0 0x0 0x0000000000000000; do
		bad_input 1 "^tlock: key 0 cannot be registered: give another -k$" -k "$k" -f /dev/null acquire
	done
}

@test "bad -t: not whole seconds from 1 to 86400" {
	local t
	for t in 0 x -5 86401 ""; do
		bad_input 1 "^tlock: invalid timeout '.*': whole seconds from 1 to 86400$" \
			-t "$t" -f /dev/null status
	done
}

@test "no device: -f missing and TAPE unset or empty" {
	TAPE='' bad_input 1 "^tlock: no device: give -f DEVICE or set TAPE$" status
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tlock" -L "$LOCKS" -- true
	assert_one_line_error 1 "^tlock: no device: give -f DEVICE or set TAPE$"
	no_lock_dir
}

# ---- the bad-input matrix: exit 31, options that do not go together ----------------

@test "-c with -- COMMAND" {
	bad_input 31 "^tlock: -c and -- COMMAND contradict each other: choose one$" \
		-f /dev/null -c true -- true
	bad_input 31 "^tlock: -c and -- COMMAND contradict" --command=true -f /dev/null -- sh -c true
}

@test "a command with an action" {
	local action
	for action in acquire release status break; do
		bad_input 31 "^tlock: a command goes with no action: $action takes none$" \
			-f /dev/null "$action" -- true
		bad_input 31 "^tlock: a command goes with no action: $action takes none$" \
			-c true -f /dev/null "$action"
	done
}

@test "-w with -n" {
	bad_input 31 "^tlock: --wait and --no-wait contradict each other: choose one$" \
		-w 5 -n -f /dev/null acquire
	bad_input 31 "^tlock: --wait and --no-wait contradict" --no-wait --wait=5 -f /dev/null -- true
}

@test "--owner other than with acquire" {
	local action
	for action in release status break; do
		bad_input 31 "^tlock: --owner goes with acquire only$" --owner 1 -f /dev/null "$action"
	done
	bad_input 31 "^tlock: --owner goes with acquire only$" -o 1 -f /dev/null -- true
	bad_input 31 "^tlock: --owner goes with acquire only$" -o 1 -f /dev/null -c true
}

@test "--force with release or status" {
	bad_input 31 "^tlock: --force goes with break, acquire or a command$" --force -f /dev/null status
	bad_input 31 "^tlock: --force goes with break, acquire or a command$" --force -f /dev/null release
}

@test "-T or --all-paths with -m spc2" {
	bad_input 31 "^tlock: --type and --all-paths go with persistent reservations, not --method spc2$" \
		-T wr-ex -m spc2 -f /dev/null acquire
	bad_input 31 "^tlock: --type and --all-paths go with persistent reservations" \
		-m spc2 --type=3 -f /dev/null -- true
	bad_input 31 "^tlock: --type and --all-paths go with persistent reservations" \
		--all-paths -m spc2 -f /dev/null -- true
}

@test "--all-paths on a node that is no SCSI device: exit 15 before the lock directory" {
	bad_device "^tlock: /dev/null: cannot find the paths of its logical unit: sysfs does not know it as a SCSI device: " \
		--all-paths -f /dev/null acquire
	bad_device "^tlock: /dev/null: cannot find the paths of its logical unit: " \
		--all-paths -k 0x1 -f /dev/null -- true
}

@test "-k or --force with -m spc2" {
	local mode
	for mode in "acquire" "-- true" "-c true"; do
		# shellcheck disable=SC2086 # the action or command is words on purpose
		bad_input 31 "^tlock: --key and --force go with persistent reservations, not --method spc2$" \
			-k 0x1111 -m spc2 -f /dev/null $mode
		# shellcheck disable=SC2086
		bad_input 31 "^tlock: --key and --force go with persistent reservations, not --method spc2$" \
			--method=spc2 --force -f /dev/null $mode
	done
	bad_input 31 "^tlock: --key and --force go with persistent reservations" \
		--key=auto -m spc2 -f /dev/null acquire
}

@test "options of taking the unit with release, status or break" {
	local action opt
	for action in release status break; do
		for opt in "--type=ex-ac" "-k 0x1111" "-m pr" "-w 5" "-n" "-p" "-E 75" "--conflict-exit=24" \
			"--all-paths"; do
			# shellcheck disable=SC2086 # the option and its value are two words
			bad_input 31 "^tlock: --wait, --no-wait, --method, --key, --type, --prevent-removal, --conflict-exit and --all-paths go with taking the unit, not with $action$" \
				$opt -f /dev/null "$action"
		done
	done
}

# ---- devices that are not SCSI: exit 15 after the option checks --------------------

@test "/dev/null: not a SCSI device, in every mode" {
	local mode
	for mode in "status" "release" "break" "acquire" "-- true" "-c true"; do
		# shellcheck disable=SC2086 # the action or command is words on purpose
		bad_device "^tlock: /dev/null: not a SCSI device \(it does not accept SG_IO\)$" \
			-f /dev/null $mode
	done
	# it was probed with the ioctl the kernel answers itself
	grep -q 'SG_GET_VERSION_NUM' "$STRACE_OUT"
}

@test "a directory, a missing file, a regular file: exit 15" {
	local f="$BATS_TEST_TMPDIR/not-a-device"
	printf 'pid: 1\n' >"$f"
	bad_device "^tlock: $BATS_TEST_TMPDIR: is a directory, not a SCSI device$" -f "$BATS_TEST_TMPDIR" status
	bad_device "^tlock: /dev/nonexistent-sg: No such file or directory$" -f /dev/nonexistent-sg -- true
	bad_device "^tlock: .*/not-a-device: not a SCSI device" -f "$f" acquire
}

@test "TAPE names the device when -f is absent; -f wins over TAPE" {
	TAPE=/dev/zero bad_device "^tlock: /dev/zero: not a SCSI device" status
	TAPE=/dev/zero bad_device "^tlock: /dev/null: not a SCSI device" -f /dev/null status
}

# ---- good input gets as far as the device ------------------------------------------

@test "values at the edges of their ranges pass the option checks" {
	local -a args
	local line
	while IFS= read -r line; do
		read -ra args <<<"$line"
		bad_device "^tlock: /dev/null: not a SCSI device" -f /dev/null "${args[@]}" || return 1
	done <<-'EOF'
		-w 1 acquire
		-w 86400 -- true
		-n -c true
		--owner 1 acquire
		-E 1 acquire
		-E 255 -- true
		-T 1 acquire
		-T 8 -- true
		-T ex-ac-ar -m pr acquire
		-k 0x1 acquire
		-k 0xffffffffffffffff -- true
		-k 18446744073709551615 acquire
		-k auto -m pr acquire
		-m spc2 -p -- true
		-m spc2 -E 75 acquire
		-m auto --prevent-removal acquire
		-m auto -k 0x1 acquire
		-m pr --force acquire
		--force acquire
		--force -- true
		--force break
		-t 1 status
		-t 86400 release
		-v -v break
	EOF
}

@test "everything after -- is the command's, options included" {
	bad_device "^tlock: /dev/null: not a SCSI device" -f /dev/null -- ls --bogus -w 0 -c x
	bad_device "^tlock: /dev/null: not a SCSI device" -f /dev/null -- status
	bad_device "^tlock: /dev/null: not a SCSI device" -f /dev/null -- --
}

# ---- the auto key and signals -------------------------------------------------------

# without_machine_id ARGS...: run tlock -L $LOCKS ARGS... with an empty
# /etc/machine-id, so that no auto key can be derived.
without_machine_id() {
	run --separate-stderr unshare -rm sh -c \
		'mount --bind /dev/null /etc/machine-id && exec "$@"' sh \
		"$TOP/${B:-build}/tlock" -L "$LOCKS" "$@"
}

@test "status, release and break need no key, so no /etc/machine-id either" {
	command -v unshare >/dev/null || skip "unshare is not installed"
	unshare -rm true 2>/dev/null || skip "no user and mount namespaces here"
	local action
	for action in status release break; do
		without_machine_id -f /dev/null "$action"
		assert_one_line_error 15 "^tlock: /dev/null: not a SCSI device" ||
			{ echo "$action"; return 1; }
	done
	no_lock_dir
}

@test "the auto key is derived only to take the unit with a persistent reservation" {
	command -v unshare >/dev/null || skip "unshare is not installed"
	unshare -rm true 2>/dev/null || skip "no user and mount namespaces here"
	local mode
	# -m spc2 needs no key; -m auto decides once it knows the device;
	# a given key needs no machine ID
	for mode in "-m spc2 acquire" "-m spc2 -- true" "acquire" "-c true" \
		"-m auto -- true" "-m pr -k 0x1111 acquire"; do
		# shellcheck disable=SC2086 # the options and action are words on purpose
		without_machine_id -f /dev/null $mode
		assert_one_line_error 15 "^tlock: /dev/null: not a SCSI device" ||
			{ echo "$mode"; return 1; }
	done
	# -m pr and -k auto need it, and say so before the device is opened
	for mode in "-m pr acquire" "-m pr -- true" "-k auto acquire" "-k auto -c true"; do
		# shellcheck disable=SC2086
		without_machine_id -f /dev/null $mode
		assert_one_line_error 1 "^tlock: cannot derive the auto key \(give -k KEY\): " ||
			{ echo "$mode"; return 1; }
	done
	no_lock_dir
}

@test "SIGINT, SIGTERM and SIGHUP are caught only when taking the unit" {
	local mode sig
	for mode in "acquire" "-- true" "-c true" "status" "release" "break"; do
		# shellcheck disable=SC2086 # the action or command is words on purpose
		strace_run rt_sigaction tlock -L "$LOCKS" -f /dev/null $mode
		case $mode in
		status | release | break)
			# Ctrl-C ends them at once
			! grep -E 'rt_sigaction\(SIG(INT|TERM|HUP), \{sa_handler=0x' "$STRACE_OUT" ||
				{ echo "$mode catches signals"; return 1; }
			;;
		*)
			# they give back what they took before ending
			for sig in INT TERM HUP; do
				grep -qE "rt_sigaction\(SIG$sig, \{sa_handler=0x" "$STRACE_OUT" ||
					{ echo "$mode does not catch SIG$sig"; cat "$STRACE_OUT"; return 1; }
			done
			;;
		esac
	done
	no_lock_dir
}
