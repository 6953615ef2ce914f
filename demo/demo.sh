#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo, run inside the lab guest: a backup host dies holding a drive; diagnose it, take it over; the same for SPC-2.
set -uo pipefail

# shellcheck source=/dev/null
. /run/lab.env
export TERM=dumb

A=/run/hostA B=/run/hostB	# each "host" has its own tlock lock directory
mkdir -p "$A" "$B"
step=0 rc=0

say() { printf '\n== %s\n' "$*"; }
note() { printf '   %s\n' "$*"; }
# show CMD...: print the command, run it, print its output and status.
show() {
	step=$((step + 1))
	printf '$ %s\n' "$*"
	timeout 60 "$@" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || printf '(exit status %d)\n' "$rc"
	return 0
}
# expect CODE WHAT: the last command must have exited CODE.
expect() {
	[ "$rc" -eq "$1" ] && return 0
	printf 'demo: step %d (%s) exited %d, expected %d\n' "$step" "$2" "$rc" "$1" >&2
	exit 1
}
# check TEXT WHAT CMD...: CMD's output must contain TEXT (not shown).
check() {
	local text=$1 what=$2 out
	shift 2
	out=$(timeout 60 "$@" 2>&1)
	[[ $out == *"$text"* ]] && return 0
	printf 'demo: %s: expected "%s" in:\n%s\n' "$what" "$text" "$out" >&2
	exit 1
}

say "Two backup hosts share one drive (a LIO logical unit) through two SAS initiator ports"
note "host A: $LAB_LU1, initiator $LAB_I1_SAS, key 0xa1"
note "host B: $LAB_LU2, initiator $LAB_I2_SAS, key 0xb2"

say "Host A runs its backup job under tlock: host lock, then a persistent reservation"
printf '$ tlock -L %s -k 0xa1 -f %s -c "backup-job"  (in the background)\n' "$A" "$LAB_LU1"
tlock -L "$A" -k 0xa1 -f "$LAB_LU1" -c 'echo "   [host A] backup job writing..."; sleep 60' &
tl=$!
disown "$tl"	# its death below is part of the story, not news
sleep 2
check "held by another initiator" "host A holds the drive" tresv -f "$LAB_LU2" probe

say "Host B's job wants the drive; with -n it is refused at once (exit 24)"
show tlock -L "$B" -k 0xb2 -n -f "$LAB_LU2" -c 'echo "[host B] must not run"'
expect 24 "host B refused"

say "Host B asks who holds the drive, and why B is locked out"
show tpr-in -k 0xb2 -f "$LAB_LU2" status
expect 0 "tpr-in status"
note "(both initiators live in this one lab machine, so tpr-in marks host A's port"
note " as 'this host, another path'; on two real hosts it would carry no mark)"
check "holder: key=0xa1 transport_id=sas,$LAB_I1_SAS" "status names host A" \
	tpr-in -f "$LAB_LU2" status

say "Host A crashes mid-job (SIGKILL to tlock and its job): the reservation stays"
kill -KILL "$tl" 2>/dev/null
pkill -KILL -f 'backup job writing' 2>/dev/null
pkill -KILL -x sleep 2>/dev/null
show tpr-in -f "$LAB_LU2" reservation
expect 0 "reservation after the crash"
check "holder key: 0xa1" "the dead host's reservation stays" tpr-in -f "$LAB_LU2" reservation

say "The admin takes the drive over for host B with one command"
show tpr-out -v -f "$LAB_LU2" -k 0xb2 -s holder --register -T ex-ac preempt
expect 0 "takeover"
show tpr-in -f "$LAB_LU2" full
expect 0 "after the takeover"
check "key=0xb2 transport_id=sas,$LAB_I2_SAS" "host B holds it now" tpr-in -f "$LAB_LU2" full
show tpr-out -f "$LAB_LU2" -k 0xb2 -T ex-ac release
expect 0 "release"
show tpr-out -f "$LAB_LU2" -k 0xb2 unregister
expect 0 "unregister"

say "Host B's job now runs under tlock, and the drive is free again afterwards"
show tlock -L "$B" -k 0xb2 -n -f "$LAB_LU2" -c 'echo "[host B] backup job ran"'
expect 0 "host B job"
show tresv -f "$LAB_LU1" probe
expect 0 "free"

say "A tape drive's job under tlock: the job opens the tape node that tlock was given"
show tpr-in -f "$LAB_TAPE" status
expect 9 "tape without PR"
note "no persistent reservations: tlock picks SPC-2 RESERVE/RELEASE by itself, sends its"
note "commands through the drive's sg node, and keeps no descriptor of the drive while"
note "the job runs (st lets one process open a tape at a time)"
if [[ $LAB_KERNEL == newest ]]; then
	job="tar -cf $LAB_TAPE -C /lab/repo examples && tlock -L $A -f $LAB_TAPE status | grep method"
	show tlock -vv -L "$A" -f "$LAB_TAPE" -- bash -c "$job"
	expect 0 "backup job on the tape"
	note "what reached the tape (this emulated drive keeps 4 bytes of each block):"
	show sh -c "mt -f $LAB_TAPE rewind && dd if=$LAB_TAPE bs=10240 count=1 2>/dev/null | head -c 4; echo"
	expect 0 "read back"
	check "exam" "tar's first member read back" sh -c "mt -f $LAB_TAPE rewind &&
		dd if=$LAB_TAPE bs=10240 count=1 2>/dev/null | head -c 4"
else
	note "(this kernel's scsi_debug tape moves no data: the job sends the node a command)"
	job="sg_turs -v $LAB_TAPE && tlock -L $A -f $LAB_TAPE status | grep method"
	show tlock -vv -L "$A" -f "$LAB_TAPE" -- sh -c "$job"
	expect 0 "job on the tape node"
fi

say "Backup software that uses SPC-2 (as NetBackup's bptm does): host A reserves, then dies"
show tresv -f "$LAB_LU1" reserve
expect 0 "SPC-2 reserve"
show tresv -f "$LAB_LU2" reserve
expect 24 "SPC-2 conflict"
note "SPC-2 cannot say who holds it; probe tells what it can, and only the holder can release:"
show tresv -f "$LAB_LU2" probe
expect 24 "SPC-2 probe"
say "The admin breaks the stale SPC-2 reservation with a logical unit reset"
show tresv -f "$LAB_LU2" break
expect 1 "break needs --force"
show tresv --force -f "$LAB_LU2" break
expect 0 "break"
show tresv -f "$LAB_LU2" reserve
expect 0 "host B reserves"
show tresv -f "$LAB_LU2" release
expect 0 "host B releases"

say "demo finished: every step behaved as narrated ($step steps)"
