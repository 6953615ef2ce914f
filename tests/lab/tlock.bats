#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tlock on real devices: two "hosts" (two initiators, each with its own lock directory), waiting, signals, stale locks, hostile lock files.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
	A=$BATS_TEST_TMPDIR/hostA B=$BATS_TEST_TMPDIR/hostB
	mkdir -p "$A" "$B"
}

teardown() {
	pkill -f 'tlock ' 2>/dev/null || true
}

# unit_free PATH: tresv probe from PATH says nobody else holds the unit
unit_free() {
	run timeout 30 tresv -f "$1" probe
	[ "$status" -eq 0 ] || { echo "probe from $1: $output"; return 1; }
}

@test "host B waits while host A's job runs, then proceeds; -n gives 24, -E changes it" {
	local log=$BATS_TEST_TMPDIR/log
	timeout 60 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" -c "echo A-start >>$log; sleep 4; echo A-end >>$log" &
	sleep 1.5
	run --separate-stderr timeout 30 tlock -L "$B" -k 0xbbbb -n -f "$LAB_LU2" -c "echo B-early >>$log"
	[ "$status" -eq 24 ]
	[[ ${stderr_lines[0]} == "tlock: $LAB_LU2: held by another initiator: persistent reservation, Exclusive Access, key 0xaaaa"* ]]
	run --separate-stderr timeout 30 tlock -L "$B" -k 0xbbbb -n -E 75 -f "$LAB_LU2" -c "echo B-early >>$log"
	[ "$status" -eq 75 ]
	run --separate-stderr timeout 60 tlock -L "$B" -k 0xbbbb -w 30 -f "$LAB_LU2" -c "echo B-ran >>$log"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	wait
	[ "$(tr '\n' ' ' <"$log")" = "A-start A-end B-ran " ]
	unit_free "$LAB_LU1"
	unit_free "$LAB_LU2"
}

@test "the command's exit status is tlock's; a command killed by signal N gives 128+N" {
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" -- sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" -c 'kill -USR1 $$'
	[ "$status" -eq $((128 + 10)) ]
	run -127 timeout 30 tlock -L "$A" -f "$LAB_LU1" -- /nonexistent/cmd
	[ "$status" -eq 127 ]
	unit_free "$LAB_LU2"
	[ -z "$(ls "$A"/*.lock 2>/dev/null)" ]
}

@test "same-host contention: many tlock processes on one unit never overlap, and all finish" {
	local log=$BATS_TEST_TMPDIR/cs i pids=()
	for i in 1 2 3 4 5 6; do
		timeout 120 tlock -L "$A" -w 100 -f "$LAB_LU1" -c "echo in-$i >>$log; sleep 0.3; echo out-$i >>$log" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || { echo "a tlock failed"; cat "$log"; return 1; }
	done
	[ "$(wc -l <"$log")" -eq 12 ]
	# every "in-N" is followed by its own "out-N": no two critical sections overlap
	awk 'NR % 2 == 1 { split($0, a, "-"); n = a[2] } NR % 2 == 0 { if ($0 != "out-" n) exit 1 }' "$log" ||
		{ cat "$log"; return 1; }
	unit_free "$LAB_LU2"
}

@test "SIGTERM and SIGINT to tlock during the job: the command ends, the unit is released" {
	local sig st marker=$BATS_TEST_TMPDIR/finished
	for sig in TERM INT HUP; do
		rm -f "$marker"
		timeout 60 tlock -L "$A" -f "$LAB_LU1" -c "sleep 21; touch $marker" &
		local tl=$!
		sleep 1.5
		run timeout 10 tresv -f "$LAB_LU2" probe
		[ "$status" -eq 24 ]	# held while the job runs
		kill -"$sig" "$tl"
		st=0
		wait "$tl" || st=$?
		[ ! -e "$marker" ]	# the command did not finish
		case $sig in TERM) [ "$st" -eq 143 ] ;; INT) [ "$st" -eq 130 ] ;; HUP) [ "$st" -eq 129 ] ;; esac
		unit_free "$LAB_LU2"
		[ -z "$(ls "$A"/*.lock 2>/dev/null)" ]
		if pgrep -f "^sleep 21$" >/dev/null; then return 1; fi	# the whole command, not only its shell
	done
}

@test "tlock SIGKILLed: the next one finds the stale record, recovers and says so" {
	local tl
	tl=$(lab_tlock_killed "$A" 0xaaaa "$LAB_LU1")
	ls "$A"/*.lock >/dev/null	# the record stayed behind
	run timeout 10 tresv -f "$LAB_LU2" probe
	[ "$status" -eq 24 ]	# and so did the reservation
	run --separate-stderr timeout 30 tlock -L "$A" -k 0xaaaa -n -f "$LAB_LU1" -c 'echo recovered-job'
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = recovered-job ]
	[[ $stderr == *"stale lock of pid $tl (sleep 30) since "*": its owner is gone; recovering"* ]]
	[[ $stderr == *"released the dead owner's pr reservation and registration"* ]]
	unit_free "$LAB_LU2"
}

@test "tlock SIGKILLed while its job runs on: the unit stays held until the job ends" {
	local marker=$BATS_TEST_TMPDIR/job-done
	timeout 60 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" -c "sleep 6; touch $marker" &
	local tl=$!
	sleep 1.5
	kill -KILL "$tl"
	wait "$tl" || true
	# the job goes on; a second tlock on this host must not take the unit
	run --separate-stderr timeout 30 tlock -L "$A" -k 0xaaaa -n -f "$LAB_LU1" -c true
	[ "$status" -eq 24 ]
	[[ ${stderr_lines[0]} == *"locked on this host by pid $tl (sleep 6; touch "*") since "*", its job still running" ]]
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" status
	printf '%s\n' "$output" | grep -q "^job: process group [0-9]* (running)$"
	# once it has ended the lock is stale, and recovered
	run --separate-stderr timeout 60 tlock -L "$A" -k 0xaaaa -w 30 -f "$LAB_LU1" -c 'echo next'
	[ "$status" -eq 0 ]
	[ -e "$marker" ]
	[ "$output" = next ]
	[[ $stderr == *"stale lock of pid $tl"*"its owner is gone; recovering"* ]]
	unit_free "$LAB_LU2"
}

@test "acquire and release across two processes; status tells owner, liveness and the unit" {
	sleep 60 &
	local owner=$!
	run --separate-stderr timeout 30 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" --owner "$owner" acquire
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" status
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx "owner: pid $owner (alive)"
	printf '%s\n' "$output" | grep -qx "command: sleep 60"
	printf '%s\n' "$output" | grep -qx "method: pr"
	printf '%s\n' "$output" | grep -qx "key: 0xaaaa"
	printf '%s\n' "$output" | grep -qx "unit: held by this initiator: persistent reservation, Exclusive Access, key 0xaaaa"
	# another process on this host cannot take it meanwhile
	run timeout 30 tlock -L "$A" -n -f "$LAB_LU1" -c true
	[ "$status" -eq 24 ]
	[[ $output == *"locked on this host by pid $owner (sleep 60)"* ]]
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" release
	[ "$status" -eq 0 ]
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" status
	printf '%s\n' "$output" | grep -qx "owner: none"
	printf '%s\n' "$output" | grep -qx "unit: free: no other initiator holds it"
	kill "$owner"
	unit_free "$LAB_LU2"
}

@test "a dead split-mode owner is stale: status says so; break without --force removes it" {
	sh -c 'exit 0' &
	local owner=$! live
	wait "$owner"
	sleep 60 &
	live=$!
	run timeout 30 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" --owner "$live" acquire
	[ "$status" -eq 0 ]
	run --separate-stderr timeout 30 tlock -L "$A" -f "$LAB_LU1" break
	[ "$status" -eq 1 ]
	[[ ${stderr_lines[0]} == *"which is alive: add --force to break it" ]]
	kill "$live"
	wait "$live" || true
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" status
	printf '%s\n' "$output" | grep -qx "owner: pid $live (gone: stale)"
	run --separate-stderr timeout 30 tlock -L "$A" -f "$LAB_LU1" break
	[ "$status" -eq 0 ]
	[[ ${stderr_lines[0]} == *"broke the lock of pid $live (sleep 60)"*"(gone)" ]]
	unit_free "$LAB_LU2"
	[ -z "$(ls "$A"/*.lock 2>/dev/null)" ]
}

@test "another host's leftover reservation is never taken without --force" {
	sleep 60 &
	local owner=$!
	run timeout 30 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" --owner "$owner" acquire
	[ "$status" -eq 0 ]
	kill "$owner"	# host A's job died; its reservation stays on the unit
	run --separate-stderr timeout 30 tlock -L "$B" -k 0xbbbb -n -f "$LAB_LU2" -c true
	[ "$status" -eq 24 ]
	timeout 30 sg_persist -n -r "$LAB_LU2" | grep -q "Key=0xaaaa"
	run --separate-stderr timeout 30 tlock -L "$B" -k 0xbbbb -n --force -f "$LAB_LU2" -c 'echo B-took-it'
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = B-took-it ]
	[[ $stderr == *"--force: preempting the holder"* ]]
}

@test "auto picks SPC-2 on the tape and PR on the LIO unit" {
	# st allows one open of a tape at a time: status looks through the sg
	# node, and finds the same lock (one record per logical unit)
	run timeout 30 tlock -L "$A" -f "$LAB_TAPE" -c "tlock -L $A -f $LAB_TAPE_SG status"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	printf '%s\n' "$output" | grep -qx "method: spc2"
	printf '%s\n' "$output" | grep -qx "device: $LAB_TAPE"
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" -c "tlock -L $A -f $LAB_LU1 status"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx "method: pr"
	# and the tape's two nodes cannot be held at once through the two names
	run timeout 30 tlock -L "$A" -f "$LAB_TAPE" -c "tlock -L $A -n -f $LAB_TAPE_SG -c true"
	[ "$status" -eq 24 ]
}

@test "--prevent-removal: PREVENT MEDIUM REMOVAL for the job, ALLOW afterwards" {
	run --separate-stderr timeout 30 tlock -vv -p -L "$A" -f "$LAB_TAPE" -c true
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"cdb: 1e 00 00 00 01 00"* ]]
	[[ $stderr == *"cdb: 1e 00 00 00 00 00"* ]]
	# prevent comes after the reservation, allow before its release (the
	# reads that check them, PR IN and TEST UNIT READY, left out)
	printf '%s\n' "$stderr" | grep -oE 'cdb: (16|1e|17)' | tr '\n' ' ' |
		grep -qx 'cdb: 16 cdb: 1e cdb: 1e cdb: 17 '
}

@test "status, release and break where tlock never ran: not locked, no directory made" {
	local none=$BATS_TEST_TMPDIR/never
	run --separate-stderr timeout 30 tlock -L "$none" -f "$LAB_LU1" status
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$LAB_LU1: not locked (no lock directory $none)" ]
	[ "${lines[1]}" = "unit: free: no other initiator holds it" ]
	run --separate-stderr timeout 30 tlock -L "$none" -f "$LAB_LU1" release
	[ "$status" -eq 0 ]
	run --separate-stderr timeout 30 tlock -L "$none" -f "$LAB_LU1" break
	[ "$status" -eq 0 ]
	[ ! -e "$none" ]
}

@test "hostile lock files: a symlink, garbage, an unsafe directory" {
	local victim=$BATS_TEST_TMPDIR/victim name
	echo precious >"$victim"
	# learn the lock's name from a first run
	run timeout 30 tlock -L "$A" -f "$LAB_LU1" -c true
	name=$(basename "$(ls "$A"/*.lock.guard)" .guard)
	ln -s "$victim" "$A/$name"
	run --separate-stderr timeout 30 tlock -L "$A" -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 99 ]
	[ -z "$output" ]
	[[ ${stderr_lines[0]} == *"a symbolic link where the lock should be: refused" ]]
	[ "$(cat "$victim")" = precious ]
	unit_free "$LAB_LU2"	# nothing was reserved
	rm "$A/$name"
	printf 'pid: banana\n\0\1\2 garbage\n' >"$A/$name"
	run --separate-stderr timeout 30 tlock -L "$A" -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 0 ]
	[ "$output" = ran ]
	[[ ${stderr_lines[0]} == *"not a lock record (garbage): taken as stale" ]]
	mkdir -p "$BATS_TEST_TMPDIR/open"
	chmod 0777 "$BATS_TEST_TMPDIR/open"
	run --separate-stderr timeout 30 tlock -L "$BATS_TEST_TMPDIR/open" -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 99 ]
	[[ ${stderr_lines[0]} == *"world-writable without the sticky bit"* ]]
	chmod 1777 "$BATS_TEST_TMPDIR/open"	# like /run/lock: accepted
	run timeout 30 tlock -L "$BATS_TEST_TMPDIR/open" -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 0 ]
	ln -s "$A" "$BATS_TEST_TMPDIR/linkdir"
	run --separate-stderr timeout 30 tlock -L "$BATS_TEST_TMPDIR/linkdir" -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 99 ]
	[[ ${stderr_lines[0]} == *"not a directory (a symbolic link is refused)" ]]
}

# Both "hosts" of the lab share /etc/machine-id, so their auto keys are equal: host B is a clone.
@test "a clone with the same auto key is refused with 24 and left unregistered: A's registrants-only reservation keeps it out" {
	timeout 60 tlock -L "$A" -T ex-ac-ro -f "$LAB_LU1" -c "sleep 4" &
	sleep 1.5
	run --separate-stderr timeout 30 tlock -L "$B" -T ex-ac-ro -n -f "$LAB_LU2" -- true
	[ "$status" -eq 24 ] || { echo "$stderr"; return 1; }
	# READ FULL STATUS: only host A's I_T nexus is registered
	run lab_full_status "$LAB_LU1"
	[ "${#lines[@]}" -eq 1 ] || { echo "$output"; return 1; }
	[[ ${lines[0]} == *" $LAB_I1_SAS holder" ]]
	# so READ(10) from B conflicts under Exclusive Access, Registrants Only
	run timeout 30 sg_raw -n -r 512 "$LAB_LU2" 28 00 00 00 00 00 00 00 01 00
	[ "$status" -eq 24 ] || { echo "READ from the clone: $status $output"; return 1; }
	wait
}

@test "--force: a failed REGISTER AND IGNORE EXISTING KEY is named as such, and nothing of B's changes" {
	lab_register "$LAB_LU1" 0xaaaa
	lab_pr_reserve "$LAB_LU1" 0xaaaa 3
	# LIO refuses REGISTER AND IGNORE from an I_T nexus registered with ALL_TG_PT=1
	lab_timeout sg_persist -n --out --register --param-sark=0x7777 --param-alltgpt "$LAB_LU2" >/dev/null
	run --separate-stderr timeout 30 tlock -L "$B" -k 0xbbbb --force -n -f "$LAB_LU2" -- true
	[ "$status" -eq 5 ] || { echo "$status $stderr"; return 1; }
	[[ $stderr == *"REGISTER AND IGNORE EXISTING KEY: "* ]] || { echo "$stderr"; return 1; }
	[[ $stderr != *"PREEMPT: "* ]] || { echo "$stderr"; return 1; }
	[ "$(lab_reservation "$LAB_LU1")" = "0xaaaa Exclusive Access" ]
	run lab_keys "$LAB_LU1"
	[[ " ${lines[*]} " == *" 0x7777 "* && " ${lines[*]} " != *" 0xbbbb "* ]] || { echo "$output"; return 1; }
}
