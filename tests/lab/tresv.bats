#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tresv on real devices: SPC-2 RESERVE/RELEASE between two initiators, probe, waiting, break by reset, PR interplay.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
}

tr() {
	run --separate-stderr timeout 60 tresv "$@"
}

@test "path 1 reserves; path 2 conflicts (24), its release is GOOD but changes nothing; path 1 releases" {
	tr -f "$LAB_LU1" reserve
	[ "$status" -eq 0 ] && [ -z "$output" ] && [ -z "$stderr" ]
	tr -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU2: reservation conflict: held by another initiator: SPC-2 reservation (RESERVE)" ]
	tr -f "$LAB_LU2" release
	[ "$status" -eq 0 ]
	tr -f "$LAB_LU2" probe
	[ "$status" -eq 24 ]
	[ "$output" = "$LAB_LU2: held by another initiator: SPC-2 reservation (RESERVE)" ]
	# sg_turs, an independent client, agrees
	run timeout 30 sg_turs "$LAB_LU2"
	[ "$status" -eq 24 ]
	tr -f "$LAB_LU1" probe
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU1: held by this initiator: SPC-2 reservation (RESERVE)" ]
	tr -f "$LAB_LU1" release
	[ "$status" -eq 0 ]
	tr -f "$LAB_LU2" reserve
	[ "$status" -eq 0 ]
	tr -f "$LAB_LU2" release
	[ "$status" -eq 0 ]
	tr -f "$LAB_LU1" probe
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU1: free: no other initiator holds it" ]
}

@test "RESERVE(10) and RELEASE(10) behave the same; -v shows the 10-byte CDBs" {
	tr -v --10 -f "$LAB_LU1" reserve
	[ "$status" -eq 0 ]
	[[ $stderr == *"cdb: 56 00 00 00 00 00 00 00 00 00"* ]]
	tr --10 -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	tr -v --10 -f "$LAB_LU1" release
	[ "$status" -eq 0 ]
	[[ $stderr == *"cdb: 57 00 00 00 00 00 00 00 00 00"* ]]
	tr --10 -f "$LAB_LU2" reserve
	[ "$status" -eq 0 ]
	tr --10 -f "$LAB_LU2" release
}

@test "-w waits for a release made during the wait; -n and an expired -w fail with 24" {
	tr -f "$LAB_LU1" reserve
	tr -n -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	tr -w 2 -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU2: still held by another initiator after 2 s" ]
	(sleep 3; timeout 30 tresv -f "$LAB_LU1" release) &
	local t0=$SECONDS
	tr -w 30 -f "$LAB_LU2" reserve
	wait
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ $((SECONDS - t0)) -ge 2 ]
	tr -f "$LAB_LU2" probe
	[ "$output" = "$LAB_LU2: held by this initiator: SPC-2 reservation (RESERVE)" ]
	tr -f "$LAB_LU2" release
}

@test "break: refused without --force; with it, a LU reset frees path 1's stale reservation" {
	tr -f "$LAB_LU1" reserve
	tr -f "$LAB_LU2" break
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "tresv: break resets the logical unit, aborting every initiator's commands on it: add --force to do it" ]
	tr -f "$LAB_LU2" probe
	[ "$status" -eq 24 ]
	tr --force -f "$LAB_LU2" break
	[ "$status" -eq 0 ] || { echo "$output / $stderr"; return 1; }
	[[ $stderr == *"logical unit reset: every initiator's commands on it are aborted"* ]]
	[ "$output" = "$LAB_LU2: after the logical unit reset: free: no other initiator holds it" ]
	tr -f "$LAB_LU2" reserve
	[ "$status" -eq 0 ]
	# path 1 learns of the reset by a unit attention (29h/xx), as SPC says
	run timeout 30 sg_turs "$LAB_LU1"
	[ "$status" -eq 6 ]
	[[ $output == *"Bus device reset function occurred"* ]]
	tr -f "$LAB_LU2" release
}

@test "break with nothing held sends no reset" {
	tr --force -f "$LAB_LU2" break
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU2: nothing to break: free: no other initiator holds it" ]
	# no reset happened: path 1 has no unit attention waiting
	run timeout 30 sg_turs "$LAB_LU1"
	[ "$status" -eq 0 ]
}

@test "break never touches a persistent reservation: it says to use tpr-out" {
	timeout 30 sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1" >/dev/null
	timeout 30 sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1" >/dev/null
	tr --force -f "$LAB_LU2" break
	[ "$status" -eq 24 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU2: held by another initiator: persistent reservation, Exclusive Access, key 0x1111 (see tpr-in status); a reset does not clear a persistent reservation: use tpr-out preempt" ]
	timeout 30 sg_persist -n -r "$LAB_LU2" | grep -q "Key=0x1111"
	run timeout 30 sg_turs "$LAB_LU1"
	[ "$status" -eq 0 ]	# no reset was sent
}

@test "probe tells persistent from SPC-2, ours from theirs" {
	timeout 30 sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1" >/dev/null
	timeout 30 sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1" >/dev/null
	tr -f "$LAB_LU2" probe
	[ "$status" -eq 24 ]
	[ "$output" = "$LAB_LU2: held by another initiator: persistent reservation, Exclusive Access, key 0x1111 (see tpr-in status)" ]
	tr -f "$LAB_LU1" probe
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU1: held by this initiator: persistent reservation, Exclusive Access, key 0x1111" ]
}

@test "RESERVE while persistent registrations exist: the conflict is explained" {
	timeout 30 sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1" >/dev/null
	tr -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU2: reservation conflict: 1 persistent reservation registration(s) exist on this unit, and RESERVE conflicts with them unless this initiator holds the persistent reservation (CRH=1) (see tpr-in status)" ]
	# the persistent holder itself may RESERVE (CRH=1)
	timeout 30 sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1" >/dev/null
	tr -f "$LAB_LU1" reserve
	[ "$status" -eq 0 ]
	tr -f "$LAB_LU1" release
}

@test "the scsi_debug tape: reserve, probe, release through /dev/nst and /dev/sg" {
	local dev
	for dev in "$LAB_TAPE" "$LAB_TAPE_SG"; do
		tr -f "$dev" reserve
		[ "$status" -eq 0 ] || { echo "$dev: $stderr"; return 1; }
		tr -f "$dev" probe
		[ "$status" -eq 0 ]
		[ "$output" = "$dev: free: no other initiator holds it" ]
		tr -f "$dev" release
		[ "$status" -eq 0 ]
	done
}

@test "the scsi_debug changer (PDT 8): RESERVE/RELEASE work the same through /dev/sch" {
	local dev
	for dev in "$LAB_CHANGER" "$LAB_CHANGER_SG"; do
		tr -f "$dev" reserve
		[ "$status" -eq 0 ] || { echo "$dev: $stderr"; return 1; }
		tr --10 -f "$dev" release
		[ "$status" -eq 0 ]
		tr -f "$dev" probe
		[ "$status" -eq 0 ]
	done
}
