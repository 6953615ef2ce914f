#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults on real devices: command timeouts (on the tape; a PR OUT hung inside LIO), unit attentions (after a reset, a storm of them), the unit deleted or removed mid-command and mid-job. Runs last.

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
	# RESERVE(6) may have reserved and the RELEASE(6) after it timed out too: the record
	# stays to account for that, and the next tlock, once the tape answers, recovers it
	[[ $err3 == *"the lock record "*" stays, so the next tlock on this host gives it back"* ]]
	[ -n "$(ls "$A" | grep '\.lock$')" ]
	run --separate-stderr timeout 60 tlock -L "$A" -f "$LAB_TAPE_SG" -c 'echo ran'
	[ "$status" -eq 0 ]
	[ "$output" = ran ]
	[[ $stderr == *"stale lock of pid "*"recovering"* ]]
	[ -z "$(ls "$A" | grep '\.lock$')" ]
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

# ---- a PR OUT that hangs inside the target -----------------------------------------------
# Once a registration asked for APTPL, LIO rewrites its APTPL file (opened O_RDWR) inside every
# PR OUT that changes the state.  A FIFO in its place whose buffer is full blocks that write:
# the command hangs in the target until the FIFO is read, the initiator's timeout fires, and
# the SCSI error handler waits for the abort (seen on both kernels).  prout_hang arms it
# (path 2 registers 0xb10c with APTPL), prout_unhang drains the FIFO from then on.
APTPL_FILE=/var/target/pr/aptpl_${LAB_LU_SERIAL:-tresvlab0001}
HANG= DRAIN= HUNG_ST=
prout_hang() {
	lab_timeout tpr-out -f "$LAB_LU2" -s 0xb10c -P register >/dev/null
	rm -f "$APTPL_FILE"
	mkfifo -m 600 "$APTPL_FILE"
	(
		exec 9<>"$APTPL_FILE"
		head -c 65536 /dev/zero >&9
		exec sleep 600
	) &
	HANG=$!
	sleep 0.5
}
prout_unhang() {
	(exec timeout 300 cat "$APTPL_FILE" >/dev/null) &
	DRAIN=$!
}
teardown() {
	if [[ -n $HANG || -n $DRAIN ]]; then
		[[ -n $DRAIN ]] || prout_unhang
		sleep 1
		kill "$HANG" "$DRAIN" 2>/dev/null || true
		wait "$HANG" "$DRAIN" 2>/dev/null || true
		rm -f "$APTPL_FILE"
	fi
}

# while_hung CMD...: CMD (3 s command timeout) sent while PR OUT hangs in the target, which
# answers again 6 s later; its stdout and stderr in $BATS_TEST_TMPDIR/out and err (the
# stderr also shown), its exit status in HUNG_ST.  Not in $(...): teardown needs HANG.
while_hung() {
	local p
	prout_hang
	timeout 120 "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	p=$!
	sleep 6
	prout_unhang
	HUNG_ST=0
	wait "$p" || HUNG_ST=$?
	cat "$BATS_TEST_TMPDIR/err"
}

# key_gone KEY: no registration of KEY is left on the LU (read through path 2).  A bare
# "! cmd" in mid-test cannot fail a bats test (set -e ignores it): this returns 1.
key_gone() {
	local all
	lab_drain_ua "$LAB_LU2" || true
	all=$(lab_full_status "$LAB_LU2") || return 1
	if grep "^$1 " <<<"$all"; then
		echo "still registered: $1"
		return 1
	fi
}

# What tpr-out said the unit shows after a PR OUT whose outcome is unknown, checked against
# what sg_persist reads through path 2: "registered KEY" or "not registered" for path 1.
said_matches_unit() { # said_matches_unit STDERR-FILE KEY
	local said all
	said=$(grep -o 'the unit now shows this I_T nexus [a-z ]*registered[^;]*' "$1") || {
		echo "no 'the unit now shows' line in:"
		cat "$1"
		return 1
	}
	lab_drain_ua "$LAB_LU2" || true
	all=$(lab_full_status "$LAB_LU2") || return 1
	if grep -q "^$2 0x1 $LAB_I1_SAS " <<<"$all"; then
		[[ $said == *" registered with key $2"* ]]
	else
		[[ $said == *"not registered"* ]]
	fi
}

@test "a PR OUT that times out inside the target: exit 33, its outcome 'not known', and what the unit then shows, truly" {
	while_hung tpr-out -t 3 -f "$LAB_LU1" -s 0xa1 register
	[ "$HUNG_ST" -eq 33 ]
	grep -qx "tpr-out: $LAB_LU1: REGISTER: command timed out: whether the unit carried it out is not known" \
		"$BATS_TEST_TMPDIR/err"
	said_matches_unit "$BATS_TEST_TMPDIR/err" 0xa1
}

@test "tlock: the REGISTER of an acquire times out inside the target: exit 33, the job never runs, nothing is left" {
	while_hung tlock -t 3 -L "$A" -k 0xa1 -f "$LAB_LU1" -c 'echo must-not-run'
	[ "$HUNG_ST" -eq 33 ]
	! grep -q must-not-run "$BATS_TEST_TMPDIR/out" || return 1
	grep -Eq "REGISTER AND IGNORE EXISTING KEY: command timed out; it did (not )?register" \
		"$BATS_TEST_TMPDIR/err"
	# whatever it registered was taken back, and no lock record is left
	lab_drain_ua "$LAB_LU1" || true
	key_gone 0xa1
	[ -z "$(ls "$A" | grep '\.lock$')" ]
}

@test "tlock: giving back meets a RELEASE that times out: the unregistration gives it back, said, exit 0" {
	timeout 120 tlock -t 3 -L "$A" -k 0xa1 -f "$LAB_LU1" -c 'sleep 4; echo job-done' \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	local p=$! st=0
	sleep 1.5
	# path 2's APTPL registration is itself a PR change: armed while the job runs
	prout_hang
	sleep 10
	prout_unhang
	wait "$p" || st=$?
	cat "$BATS_TEST_TMPDIR/err"
	[ "$st" -eq 0 ]
	grep -qx job-done "$BATS_TEST_TMPDIR/out"
	grep -q "RELEASE: command timed out; unregistering gave the reservation back" \
		"$BATS_TEST_TMPDIR/err"
	lab_drain_ua "$LAB_LU1" || true
	key_gone 0xa1
	local resv
	resv=$(lab_reservation "$LAB_LU2")
	[ -z "$resv" ]
	[ -z "$(ls "$A" | grep '\.lock$')" ]
}

@test "the unit deleted on path 1 (echo 1 > .../delete) while tpr-out's RESERVE hangs: what it says is what the unit shows" {
	lab_timeout tpr-out -f "$LAB_LU1" -s 0xa1 register
	prout_hang
	local hctl host st=0 dp
	hctl=$(basename "$(readlink -f "/sys/class/scsi_generic/${LAB_LU1#/dev/}/device")")
	host=${hctl%%:*}
	timeout 120 tpr-out -t 30 -f "$LAB_LU1" -k 0xa1 -T ex-ac reserve >"$BATS_TEST_TMPDIR/out" \
		2>"$BATS_TEST_TMPDIR/err" &
	local p=$!
	sleep 2
	timeout 60 sh -c "echo 1 >/sys/class/scsi_device/$hctl/device/delete" &
	dp=$!
	sleep 3
	prout_unhang
	wait "$p" || st=$?
	wait "$dp" || true
	echo "tpr-out exit $st"
	cat "$BATS_TEST_TMPDIR/err"
	echo "# deleted mid-RESERVE on $LAB_KERNEL: tpr-out exit $st${st:+, }$(tail -n 1 \
		"$BATS_TEST_TMPDIR/err")" >&3
	[ ! -e "$LAB_LU1" ]
	lab_drain_ua "$LAB_LU2" || true
	if [ "$st" -eq 0 ]; then	# it says it reserved: the unit shows it
		local resv
		resv=$(lab_reservation "$LAB_LU2")
		[ "$resv" = "0xa1 Exclusive Access" ]
	else			# it says it does not know, and why
		grep -q "whether the unit carried it out is not known" "$BATS_TEST_TMPDIR/err"
	fi
	# path 1 comes back with a rescan of its host, under the same name
	echo "- - -" >"/sys/class/scsi_host/host$host/scan"
	local n=50
	while [ "$n" -gt 0 ] && [ ! -c "$LAB_LU1" ]; do sleep 0.1; n=$((n - 1)); done
	[ -c "$LAB_LU1" ]
	lab_clean
}

@test "a storm of unit attentions (resets from path 2): every run on path 1 says what happened, and nothing is left" {
	local i rc log="$BATS_TEST_TMPDIR/jobs" ok=0 failed=0 uas
	: >"$log"
	(
		end=$((SECONDS + 25))
		while [ "$SECONDS" -lt "$end" ]; do
			timeout 10 sg_reset -d "$LAB_LU2" >/dev/null 2>&1
			sleep 0.05
		done
	) &
	local storm=$!
	for i in 1 2 3 4 5 6; do
		rc=0
		timeout 60 tlock -t 10 -w 10 -L "$A" -k 0xa1 -f "$LAB_LU1" -c "echo ran-$i >>$log" \
			2>"$BATS_TEST_TMPDIR/tl" || rc=$?
		cat "$BATS_TEST_TMPDIR/tl" >>"$BATS_TEST_TMPDIR/err"
		echo "tlock run $i: exit $rc" >>"$BATS_TEST_TMPDIR/err"
		[ "$rc" -ne 124 ] || { cat "$BATS_TEST_TMPDIR/err"; return 1; }	# never a hang
		# exit 0 means the job ran and all was given back; any other exit is said
		if [ "$rc" -eq 0 ]; then
			grep -qx "ran-$i" "$log"
			ok=$((ok + 1))
		else
			grep -q "^tlock: " "$BATS_TEST_TMPDIR/tl" || { cat "$BATS_TEST_TMPDIR/err"; return 1; }
			failed=$((failed + 1))
		fi
		rc=0
		timeout 60 tpr-out -f "$LAB_LU1" -s 0x5$i register 2>"$BATS_TEST_TMPDIR/tpr" || rc=$?
		cat "$BATS_TEST_TMPDIR/tpr" >>"$BATS_TEST_TMPDIR/err"
		# a failure after a unit attention says its outcome is not known, and what it sees
		if [ "$rc" -ne 0 ]; then
			grep -q "whether the unit carried it out is not known" "$BATS_TEST_TMPDIR/tpr" || {
				cat "$BATS_TEST_TMPDIR/err"
				return 1
			}
		fi
		timeout 60 tpr-out -f "$LAB_LU1" -k 0x5$i unregister 2>>"$BATS_TEST_TMPDIR/err" || true
	done
	wait "$storm" || true
	uas=$(grep -c "unit attention: the logical unit was reset" "$BATS_TEST_TMPDIR/err" || true)
	echo "# storm on $LAB_KERNEL: $uas unit attentions met, tlock $ok ran / $failed did not" >&3
	[ "$uas" -gt 0 ]	# the storm was one
	# afterwards: a stale record (if any) is recovered; nothing of 0xa1 is left anywhere
	lab_drain_ua "$LAB_LU1" || true
	lab_drain_ua "$LAB_LU2" || true
	run --separate-stderr timeout 60 tlock -t 10 -L "$A" -k 0xa1 -f "$LAB_LU1" -c true
	[ "$status" -eq 0 ] || { echo "$stderr"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	key_gone 0xa1
	[ -z "$(ls "$A" | grep '\.lock$')" ]
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
	# what it may still hold stays accounted for: the record stays for the next tlock
	grep -q "the lock record .* stays for the next tlock" "$BATS_TEST_TMPDIR/err"
	[ -n "$(ls "$A" | grep '\.lock$')" ]
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
