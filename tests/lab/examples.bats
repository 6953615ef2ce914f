#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The scripts of examples/, run as a backup admin would run them, on a tape drive that moves data.

bats_require_minimum_version 1.5.0
load lib/lab

EX=/lab/repo/examples

# The scripts are POSIX sh; they run here under bash, because the guest's /bin/sh is busybox,
# which prefers its own applets (tar, mt) to the programs in PATH that a test puts there.

setup() {
	lab_clean
	lab_need_kernel newest "real tape I/O: scsi_debug's tape does it through st only there (6.1 fails writes with EIO)"
	export TAPE=$LAB_TAPE WAIT=20
	rm -f /run/lock/tresv/*.lock
	lab_timeout mt -f "$TAPE" rewind
	DATA=$BATS_TEST_TMPDIR/data
	mkdir -p "$DATA/first" "$DATA/second"
	echo one >"$DATA/first/a"
	echo two >"$DATA/second/b"
	cd "$DATA" || return 1
}

teardown() {
	pkill -f 'tlock ' 2>/dev/null || true
}

# first4: the first 4 bytes of the next tape file (tar's first block starts with the name of
# its first member; scsi_debug keeps only the first 4 bytes of a block), then on past the
# filemark that ends it
first4() {
	lab_timeout dd if="$TAPE" bs=10240 count=1 2>/dev/null | head -c 4
	lab_timeout mt -f "$TAPE" fsf 1
}

# held: whether a lock record of this host names the tape
held() {
	[ -n "$(ls /run/lock/tresv/*.lock 2>/dev/null)" ]
}

@test "backup-job.sh: tar writes to the tape node under tlock; the drive is free afterwards" {
	run --separate-stderr timeout 60 bash "$EX/backup-job.sh" first
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	! held || return 1
	lab_timeout mt -f "$TAPE" rewind
	[ "$(first4)" = firs ]
	run timeout 30 tresv -f "$TAPE" probe
	[ "$status" -eq 0 ]
}

@test "backup-job.sh: a failing tar still gives the drive back, and its status is the job's" {
	run --separate-stderr timeout 60 bash "$EX/backup-job.sh" /nonexistent-dir
	[ "$status" -ne 0 ]
	! held
}

@test "backup-session.sh: mount hook, two tar files, unmount hook; both files read back" {
	run --separate-stderr timeout 90 bash "$EX/backup-session.sh" first second
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	! held || return 1
	# the unmount hook rewound the tape
	[ "$(first4)" = firs ]
	[ "$(first4)" = seco ]
}

@test "backup-session.sh killed mid-session: the unmount hook's trap gives the drive back" {
	# a session whose "tar" takes a while: SIGTERM to the session shell, which
	# (as sh does) acts on it when the running command returns
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\nexec sleep 3\n' >"$BATS_TEST_TMPDIR/bin/tar"
	chmod +x "$BATS_TEST_TMPDIR/bin/tar"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH timeout 90 bash "$EX/backup-session.sh" first &
	local session=$!
	local n=0
	until held || ((n++ > 50)); do sleep 0.1; done
	held || { echo "the mount hook never held the drive"; return 1; }
	kill -TERM "$session"
	wait "$session" || true
	n=0
	while held && ((n++ < 50)); do sleep 0.1; done
	! held || { echo "still held: $(cat /run/lock/tresv/*.lock)"; return 1; }
}

@test "backup-session.sh killed just after tlock took the drive, before the mount hook goes on: given back" {
	# A tlock that returns 2 s after taking the drive (as a sanitized build does, or a slow
	# host): SIGTERM to the whole session lands while the mount hook waits for it, the
	# drive held. Seen under make check SANITIZE=1: the hook's shell, with no trap yet,
	# died there, and the drive stayed held for a session that was gone.
	local real mark=$BATS_TEST_TMPDIR/taken
	real=$(command -v tlock)
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/tlock" <<-EOF
		#!/bin/sh
		"$real" "\$@"; rc=\$?
		case " \$* " in *" acquire "*) : >"$mark"; trap '' INT TERM HUP; sleep 2 ;; esac
		exit \$rc
	EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/tlock"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH timeout 90 bash "$EX/backup-session.sh" first &
	local session=$! n=0 rc=0
	until [ -e "$mark" ] || ((n++ > 100)); do sleep 0.1; done
	held || { echo "tlock never held the drive"; return 1; }
	kill -TERM "$session"	# timeout passes it to the session's whole process group
	wait "$session" || rc=$?
	[ "$rc" -eq 143 ] || { echo "session exit $rc"; return 1; }
	n=0
	while held && ((n++ < 50)); do sleep 0.1; done
	! held || { echo "still held: $(cat /run/lock/tresv/*.lock)"; return 1; }
}

@test "tape-mount.sh: when positioning fails after the hold, the trap gives the drive back" {
	sleep 60 &
	local owner=$!
	# an mt that fails, as with no tape loaded
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "mt: no medium" >&2; exit 2\n' >"$BATS_TEST_TMPDIR/bin/mt"
	chmod +x "$BATS_TEST_TMPDIR/bin/mt"
	run --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" timeout 30 bash "$EX/tape-mount.sh" "$owner"
	[ "$status" -ne 0 ]
	kill "$owner"
	! held || { echo "still held: $(cat /run/lock/tresv/*.lock)"; return 1; }
}
