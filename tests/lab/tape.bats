#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Tape drives as their users drive them: jobs that write to the tape node under tlock, busy tape nodes, what reached the tape.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
	A=$BATS_TEST_TMPDIR/hostA
	mkdir -p "$A"
	TAPE=$LAB_TAPE
}

teardown() {
	pkill -f 'tlock ' 2>/dev/null || true
	pkill -f 'sleep 3[0-9][0-9]' 2>/dev/null || true
	# a test that took the sg node away puts it back
	if [[ -n ${SG_SAVED:-} && ! -e $LAB_TAPE_SG ]]; then
		mknod "$LAB_TAPE_SG" c ${SG_SAVED/:/ }
	fi
}

# scsi_debug's tape moves data only on the newest kernel (LAB.md); on 6.1 writes fail with EIO,
# and a REWIND leaves its tape NOT READY for good: no tape motion there at all.
need_tape_io() {
	lab_need_kernel newest "real tape I/O: scsi_debug's tape does it through st only there (6.1 fails writes with EIO)"
	lab_timeout mt -f "$TAPE" rewind
}

# the shell text of a job writing one tape file of 512-byte blocks whose first 4 bytes are the
# tags (scsi_debug keeps only the first 4 bytes of each block)
blocks() { # blocks TAG...
	local t s=
	for t in "$@"; do s+=$(printf '%-512s' "$t"); done
	printf "printf '%%s' '%s' | dd of=%s bs=512 conv=sync 2>/dev/null" "$s" "$TAPE"
}

# read_file: the first 4 bytes of each block of the next tape file, space-separated
read_file() {
	local f=$BATS_TEST_TMPDIR/readback n i out=
	lab_timeout dd if="$TAPE" of="$f" bs=512 2>/dev/null || return 1
	n=$(stat -c %s "$f")
	for ((i = 0; i < n; i += 512)); do
		out+="$(dd if="$f" bs=1 skip=$i count=4 2>/dev/null) "
	done
	printf '%s\n' "${out% }"
}

# unit_free: nothing is locked in $A and no reservation is left on the tape
unit_free() {
	[ -z "$(ls "$A"/*.lock 2>/dev/null)" ] || { echo "lock left: $(ls "$A")"; return 1; }
	run timeout 30 tlock -L "$A" -f "$TAPE" status
	printf '%s\n' "$output" | grep -qx 'owner: none' || { echo "$output"; return 1; }
}

@test "a backup job under tlock writes two files to the tape node it names; both read back" {
	need_tape_io
	local job
	job="$(blocks F1B1 F1B2) && $(blocks F2B1)"
	run --separate-stderr timeout 60 tlock -L "$A" -f "$TAPE" -c "$job"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	lab_timeout mt -f "$TAPE" rewind
	[ "$(read_file)" = "F1B1 F1B2" ]
	[ "$(read_file)" = "F2B1" ]
	unit_free
}

@test "tlock keeps no descriptor of the drive while its job runs (any node kernel)" {
	# the job opens the tape node exclusively: st allows one open at a time
	run --separate-stderr timeout 60 tlock -L "$A" -f "$TAPE" -- sh -c "exec 3<$TAPE && echo opened"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = opened ]
	# as the first round's users tried it: sg3_utils on the tape node from the job
	run --separate-stderr timeout 60 tlock -L "$A" -f "$TAPE" -c "sg_turs $TAPE"
	[ "$status" -eq 0 ] || { echo "$status: $stderr"; return 1; }
	# and no file descriptor of tlock itself points at the drive during the job
	run --separate-stderr timeout 60 tlock -L "$A" -f "$TAPE" -c \
		'ls -l /proc/$PPID/fd | grep -E "nst|/st|sg" || echo none'
	[ "$status" -eq 0 ]
	[ "$output" = none ] || { echo "tlock holds: $output"; return 1; }
}

@test "the same job in split mode: a mount step, the job and an unmount step, each its own process" {
	need_tape_io
	sleep 300 &
	local owner=$!
	run --separate-stderr timeout 30 sh -c "tlock -L $A -f $TAPE --owner $owner acquire && mt -f $TAPE rewind"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	run --separate-stderr timeout 60 sh -c "$(blocks S1B1) && $(blocks S2B1 S2B2)"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	run --separate-stderr timeout 30 sh -c "mt -f $TAPE rewind && tlock -L $A -f $TAPE release"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	kill "$owner"
	[ "$(read_file)" = "S1B1" ]
	[ "$(read_file)" = "S2B1 S2B2" ]
	unit_free
}

# scsi_debug has one initiator port, so a second host cannot reach this tape through another
# I_T nexus: here the second holder is another job of this host (the host lock refuses it);
# tlock.bats shows two hosts on the two-initiator LIO unit.
@test "a second job is refused with 24 while the first writes, and let in after it" {
	need_tape_io
	local log=$BATS_TEST_TMPDIR/log
	timeout 60 tlock -L "$A" -f "$TAPE" -c "$(blocks J1B1) && echo first-done >>$log && sleep 2" &
	local first=$!
	sleep 1
	run --separate-stderr timeout 30 tlock -L "$A" -n -f "$TAPE" -c "echo second-early >>$log"
	[ "$status" -eq 24 ]
	[[ $stderr == *"locked on this host by pid $first"* ]] || { echo "$stderr"; return 1; }
	run --separate-stderr timeout 60 tlock -L "$A" -w 30 -f "$TAPE" -c "$(blocks J2B1) && echo second-done >>$log"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	wait "$first"
	[ "$(tr '\n' ' ' <"$log")" = "first-done second-done " ]
	lab_timeout mt -f "$TAPE" rewind
	[ "$(read_file)" = "J1B1" ]
	[ "$(read_file)" = "J2B1" ]
}

@test "tlock SIGTERMed mid-job: the job ends, the reservation is given back, the node opens" {
	timeout 60 tlock -L "$A" -f "$TAPE" -c "exec 3<$TAPE; sleep 30" &
	local tl=$!
	sleep 1.5
	kill -TERM "$tl"
	local st=0
	wait "$tl" || st=$?
	[ "$st" -eq $((128 + 15)) ]
	# the node opens (nobody holds it) and the lock is gone
	run timeout 10 sh -c "exec 3<$TAPE && echo opened"
	[ "$output" = opened ]
	unit_free
	run timeout 30 tresv -f "$TAPE" probe
	[ "$status" -eq 0 ]
}

@test "tlock SIGKILLed mid-job: the job keeps the drive; afterwards the stale lock is recovered" {
	local done=$BATS_TEST_TMPDIR/job-done
	timeout 60 tlock -L "$A" -f "$TAPE" -c "exec 3<$TAPE; sleep 3; touch $done" &
	local tl=$!
	sleep 1
	kill -KILL "$tl"
	# while the job runs, tlock status says so: the record stays alive through the job
	run timeout 30 tlock -L "$A" -f "$TAPE" status
	printf '%s\n' "$output" | grep -q '^owner: pid .* (alive)' || { echo "$output"; return 1; }
	printf '%s\n' "$output" | grep -q '^job: process group .* (running)'
	local n=0
	while [[ ! -e $done ]] && ((n++ < 100)); do sleep 0.1; done
	[[ -e $done ]]
	sleep 0.3
	# the job ended: the record is stale; the node opens; the next tlock recovers it and says so
	run timeout 10 sh -c "exec 3<$TAPE && echo opened"
	[ "$output" = opened ]
	run timeout 30 tlock -L "$A" -f "$TAPE" status
	printf '%s\n' "$output" | grep -q '^owner: pid .* (gone: stale)' || { echo "$output"; return 1; }
	run --separate-stderr timeout 30 tlock -L "$A" -f "$TAPE" -- true
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"stale lock of pid $tl"*"recovering"* ]] || { echo "$stderr"; return 1; }
	[[ $stderr == *"released the dead owner's spc2 reservation"* ]] || { echo "$stderr"; return 1; }
	unit_free
}

@test "while a job has the tape node open: tpr-in, tresv and tlock status still see the drive" {
	timeout 60 tlock -L "$A" -f "$TAPE" -c "exec 3<$TAPE; sleep 8" &
	sleep 1.5
	# the drive has no persistent reservations: tpr-in says so (9), it does not fail to open (15)
	run --separate-stderr timeout 30 tpr-in -v -f "$TAPE" caps
	[ "$status" -eq 9 ] || { echo "$status $stderr"; return 1; }
	[[ $stderr == *"$TAPE: commands go through $LAB_TAPE_SG"* ]] || { echo "$stderr"; return 1; }
	run --separate-stderr timeout 30 tresv -f "$TAPE" probe
	[ "$status" -eq 0 ] || { echo "$status $stderr"; return 1; }
	run --separate-stderr timeout 30 tresv -f "$TAPE" reserve
	[ "$status" -eq 0 ] || { echo "$status $stderr"; return 1; }
	run --separate-stderr timeout 30 tlock -L "$A" -f "$TAPE" status
	[ "$status" -eq 0 ] || { echo "$status $stderr"; return 1; }
	printf '%s\n' "$output" | grep -q '^owner: pid .* (alive)'
	printf '%s\n' "$output" | grep -qx 'method: spc2'
	wait
}

@test "any node of the drive works: a mode node, a by-id style link, a node made with mknod" {
	local mine=$BATS_TEST_TMPDIR/mytape link=$BATS_TEST_TMPDIR/by-id-tape rdev
	rdev=$(stat -L -c '%t %T' "$TAPE")
	mknod "$mine" c $((16#${rdev% *})) $((16#${rdev#* }))
	ln -s "$TAPE" "$link"
	local node
	for node in "${TAPE}a" "$link" "$mine"; do
		[[ -e $node ]] || { echo "no $node"; return 1; }
		run --separate-stderr timeout 30 tresv -v -f "$node" probe
		[ "$status" -eq 0 ] || { echo "$node: $stderr"; return 1; }
		[[ $stderr == *"commands go through $LAB_TAPE_SG"* ]] || { echo "$node: $stderr"; return 1; }
	done
	# and the lock is the drive's, whatever the name: one record for all of them
	run timeout 30 tlock -L "$A" -f "$mine" -c "tlock -L $A -n -f ${TAPE}a -c true"
	[ "$status" -eq 24 ]
}

@test "a rewinding node (/dev/stN) is warned about" {
	local st=${TAPE/nst/st}
	[[ -c $st ]] || skip "no $st"
	run --separate-stderr timeout 30 tresv -f "$st" probe
	[ "$status" -eq 0 ]
	[[ ${stderr_lines[0]} == "tresv: $st: rewinding tape node"* ]] || { echo "$stderr"; return 1; }
}

@test "without its sg node the tape node is opened only while sending; busy is one line naming the holder" {
	SG_SAVED=$(stat -c '%t:%T' "$LAB_TAPE_SG")
	SG_SAVED="$((16#${SG_SAVED%:*})):$((16#${SG_SAVED#*:}))"
	rm "$LAB_TAPE_SG"
	# tlock works through the st node, and its job can still open the node
	run --separate-stderr timeout 60 tlock -L "$A" -f "$TAPE" -- sh -c "exec 3<$TAPE && echo opened"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = opened ]
	# a job holding the node: the tools say who has it, exit 15
	sh -c "exec 3<$TAPE; exec sleep 300" &
	local holder=$!
	sleep 0.5
	run --separate-stderr timeout 30 tresv -f "$TAPE" probe
	[ "$status" -eq 15 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ] || { echo "$stderr"; return 1; }
	[[ ${stderr_lines[0]} == "tresv: $TAPE: busy"*"pid $holder (sleep)"* ]] || { echo "$stderr"; return 1; }
	kill "$holder"
	wait "$holder" || true
	mknod "$LAB_TAPE_SG" c ${SG_SAVED/:/ }
}
