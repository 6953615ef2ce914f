#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults on real devices: command timeouts, unit attentions after a reset, a logical unit that vanishes mid-job. Runs last.

bats_require_minimum_version 1.5.0
load lib/lab

SD=/sys/bus/pseudo/drivers/scsi_debug

setup() {
	lab_clean
	A=$BATS_TEST_TMPDIR/hostA
	mkdir -p "$A"
}

# scsi_debug ignores every command while on: the kernel's timeout fires.
ignore_commands() {
	echo 1 >"$SD/statistics"
	echo 1 >"$SD/every_nth"
	echo 4 >"$SD/opts"	# SDEBUG_OPT_TIMEOUT: the nth command is not answered
}
answer_commands() {
	echo 0 >"$SD/opts"
	echo 0 >"$SD/every_nth"
	lab_drain_ua "$LAB_TAPE_SG" || true
}

@test "a command timeout: exit 33 and a message saying so (tresv, tlock)" {
	# scsi_debug answers an invalid opcode at once even while it ignores
	# commands, so PERSISTENT RESERVE IN (tpr-in, tpr-out) cannot be made to
	# time out here; TEST UNIT READY and RESERVE(6) can.
	ignore_commands
	run --separate-stderr timeout 60 tresv -t 2 -f "$LAB_TAPE_SG" probe
	local st2=$status out2=$output
	run --separate-stderr timeout 60 tresv -t 2 -f "$LAB_TAPE_SG" reserve
	local st4=$status err4=${stderr_lines[0]:-}
	run --separate-stderr timeout 60 tlock -t 2 -L "$A" -f "$LAB_TAPE_SG" -c 'echo must-not-run'
	local st3=$status out3=$output err3=$stderr
	answer_commands
	[ "$st2" -eq 33 ]
	[ "$out2" = "$LAB_TAPE_SG: unknown: TEST UNIT READY failed (exit 33), so nothing says who holds it" ]
	[ "$st4" -eq 33 ]
	[ "$err4" = "tresv: $LAB_TAPE_SG: RESERVE(6): command timed out" ]
	[ "$st3" -eq 33 ]
	[[ $out3 != *must-not-run* ]]
	[[ $err3 == *"RESERVE(6): command timed out"* ]]
	[ -z "$(ls "$A" 2>/dev/null | grep '\.lock$')" ]	# nothing held
	# and the device answers again afterwards
	run timeout 30 tresv -f "$LAB_TAPE_SG" probe
	[ "$status" -eq 0 ]
}

@test "unit attentions after a reset and a preempt are reported by meaning, the command sent again" {
	timeout 30 sg_reset -d "$LAB_LU2" >/dev/null 2>&1
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" keys
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "tpr-in: $LAB_LU1: unit attention: the logical unit was reset (asc/ascq 29h/03h); sending the command again" ]
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[[ ${stderr_lines[0]} == *"the logical unit was reset"* ]]
	timeout 30 tpr-out -f "$LAB_LU1" -s 0x1111 register
	timeout 30 tpr-out -f "$LAB_LU1" -k 0x1111 -T ex-ac reserve
	timeout 30 tpr-out -f "$LAB_LU2" -k 0x2222 -s holder --register -T ex-ac preempt
	run --separate-stderr timeout 30 tresv -f "$LAB_LU1" probe
	[ "$status" -eq 24 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU1: unit attention: registrations preempted by another initiator (asc/ascq 2Ah/05h); sending the command again" ]
	[ "$output" = "$LAB_LU1: held by another initiator: persistent reservation, Exclusive Access, key 0x2222 (see tpr-in status)" ]
}

# Last: it takes the unit away from initiator 1 for good.
@test "the unit vanishes under a running tlock: the job ends, the failed give-back is said and in the exit status" {
	timeout 60 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" -c 'sleep 3' >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	local tl=$! st=0
	sleep 1.5
	# remove the unit from initiator 1's target port, as an admin would in configfs
	rm "$LAB_CONFIGFS_TPG1/lun/lun_0/lu0"
	rmdir "$LAB_CONFIGFS_TPG1/lun/lun_0"
	wait "$tl" || st=$?
	[ "$st" -ne 0 ]	# the command succeeded; giving the unit back did not
	grep -q "giving the unit back failed, it may still be reserved" "$BATS_TEST_TMPDIR/err" ||
		{ cat "$BATS_TEST_TMPDIR/err"; return 1; }
	# its node is gone: a clear message, not a hang
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" keys
	[ "$status" -eq 15 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "tpr-in: $LAB_LU1: "* ]]
	# what the unit says now, through the path that still reaches it
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" status
	echo "$output"
	[ "$status" -eq 0 ]
}
