#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak: two hosts (the two initiator ports) run tlock jobs on one LU, under random kills and an admin's takeovers; nothing overlaps, nothing leaks.

bats_require_minimum_version 1.5.0
load lib/lab

# Seconds of load (the whole test takes about twice that on TCG).
SOAK_SECONDS=${SOAK_SECONDS:-60}
ADMIN=iqn.2026-12.test.admin:soak

setup() {
	[ -n "${LAB_ISCSI_URL:-}" ] || { echo "the lab's iSCSI target (the admin's path) did not come up"; return 1; }
	lab_need_tool tlock
	lab_clean
	S=$BATS_TEST_TMPDIR/soak
	mkdir -p "$S/A" "$S/B"
}

# The job every tlock runs: it holds an exclusive flock(2) on $S/tape while
# it lives (the kernel drops it when the job dies, even by SIGKILL; its
# sleep does not inherit it), so a second job that finds it taken is an
# overlap; and it logs start and end with timestamps from inside.
write_job() {
	cat >"$S/job" <<'EOF'
#!/bin/bash
S=$1 host=$2
exec 8>>"$S/tape"
flock -n 8 || echo "overlap $host $$ $EPOCHREALTIME" >>"$S/overlaps"
echo "start $host $$ $EPOCHREALTIME" >>"$S/log"
sleep "0.$((RANDOM % 5 + 1))" 8>&-
echo "end $host $$ $EPOCHREALTIME" >>"$S/log"
EOF
	chmod +x "$S/job"
}

# worker HOST NODE KEY N: tlock jobs in a loop until $end; exits in $S/rc.HOST.
worker() {
	local host=$1 node=$2 key=$3 n=$4 rc
	while [ "$SECONDS" -lt "$end" ]; do
		rc=0
		timeout 60 tlock -t 10 -w 20 -L "$S/$host" -k "$key" -f "$node" -- \
			"$S/job" "$S" "$host" 2>>"$S/err.$host.$n" || rc=$?
		echo "$rc" >>"$S/rc.$host"
	done
}

# killer: every 0.3-0.9 s, SIGTERM or SIGKILL to a random tlock or job.
killer() {
	local pids sig what p
	while [ "$SECONDS" -lt "$end" ]; do
		sleep "0.$((RANDOM % 7 + 3))"
		if ((RANDOM % 2)); then
			what=tlock
			pids=$(pgrep -x tlock) || continue
		else
			what=job
			pids=$(pgrep -f "^/bin/bash $S/job ") || continue
		fi
		((RANDOM % 2)) && sig=TERM || sig=KILL
		p=$(shuf -n 1 <<<"$pids")
		kill -s "$sig" "$p" 2>/dev/null && echo "kill $sig $what $p $EPOCHREALTIME" >>"$S/kills"
	done
}

# admin: every few seconds, a takeover over iSCSI (a third I_T nexus): preempt
# the holder, hold it 3 s (longer than any job runs), give it back.
admin() {
	local a=(lab_timeout tpr-out --initiator-name "$ADMIN" -f "$LAB_ISCSI_URL" -k 0xad)
	while [ "$SECONDS" -lt "$end" ]; do
		sleep "$((RANDOM % 3 + 2))"
		if "${a[@]}" -s holder --register -T ex-ac preempt 2>>"$S/admin.err"; then
			echo "takeover $EPOCHREALTIME" >>"$S/takeovers"
			sleep 3
			"${a[@]}" -T ex-ac release 2>>"$S/admin.err" || echo "release failed" >>"$S/admin.err"
		fi
		"${a[@]}" unregister 2>>"$S/admin.err" || true
	done
}

count() { # count FILE [PATTERN]: lines of FILE (matching PATTERN), 0 when none
	[ -f "$1" ] || { echo 0; return; }
	grep -c -- "${2:-}" "$1" || true
}

@test "soak: two hosts' tlock jobs under kills and takeovers never overlap, and nothing is left" {
	write_job
	# the probe works: a job that starts while another holds the tape is seen
	exec 8>>"$S/tape"
	flock -n 8
	"$S/job" "$S" probe
	exec 8>&-
	[ "$(count "$S/overlaps")" -eq 1 ]
	rm -f "$S/overlaps" "$S/log"
	local end=$((SECONDS + SOAK_SECONDS)) pids=() n
	for n in 1 2; do
		worker A "$LAB_LU1" 0xa0a0 "$n" &
		pids+=($!)
		worker B "$LAB_LU2" 0xb0b0 "$n" &
		pids+=($!)
	done
	killer &
	pids+=($!)
	admin &
	pids+=($!)
	wait "${pids[@]}" || true
	# jobs whose tlock was killed run on: let them end
	n=100
	while pgrep -f "^/bin/bash $S/job " >/dev/null && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	! pgrep -f "^/bin/bash $S/job " || { echo "jobs still running"; return 1; }
	# the admin's registration is gone however its last step went
	lab_timeout tpr-out --initiator-name "$ADMIN" -f "$LAB_ISCSI_URL" -k 0xad unregister 2>/dev/null || true

	# no two jobs ever held the tape at once: the flock probe, and the timestamps of
	# the jobs that ended (a killed one logs no end; the probe covers it)
	local overlaps stamps
	overlaps=$(count "$S/overlaps")
	stamps=$(awk '$1 == "start" { s[$3] = $4 } $1 == "end" && ($3 in s) { print s[$3], $4, $2, $3 }' \
		"$S/log" | sort -n | awk 'NR > 1 && $1 < last { n++; print "overlap:", prev, "and", $0 > "/dev/stderr" }
		{ if ($2 > last) { last = $2; prev = $0 } } END { print n + 0 }')

	# every registration and reservation left is accounted for by a lock record of its host
	local leaks=0 key port sas holder dir all
	lab_drain_ua "$LAB_LU1" || true
	lab_drain_ua "$LAB_LU2" || true
	all=$(lab_full_status "$LAB_LU2")
	while read -r key port sas holder; do
		[ -n "$key" ] || continue
		case $sas in
		"$LAB_I1_SAS") dir=$S/A ;;
		"$LAB_I2_SAS") dir=$S/B ;;
		*) dir= ;;
		esac
		if [ -z "$dir" ] || ! cat "$dir"/*.lock 2>/dev/null | grep -qx "key: $key"; then
			echo "leak: $key $port $sas $holder, no lock record accounts for it"
			leaks=$((leaks + 1))
		fi
	done <<<"$all"

	# every record left is stale now: the next tlock of its host recovers it and says so
	local h node key2 rec pid left=0 recovered
	for h in A B; do
		[ "$h" = A ] && node=$LAB_LU1 key2=0xa0a0 || node=$LAB_LU2 key2=0xb0b0
		for rec in "$S/$h"/*.lock; do
			[ -f "$rec" ] || continue
			left=$((left + 1))
			pid=$(sed -n 's/^pid: //p' "$rec")
			run --separate-stderr timeout 60 tlock -t 10 -L "$S/$h" -k "$key2" -f "$node" -c true
			echo "$stderr"
			[ "$status" -eq 0 ]
			[[ $stderr == *"stale lock of pid $pid "*"recovering"* ]]
		done
		[ -z "$(ls "$S/$h" | grep '\.lock$')" ]
	done
	# and then nothing at all is left on the unit
	lab_drain_ua "$LAB_LU2" || true
	all=$(lab_full_status "$LAB_LU2")
	[ -z "$all" ] || { echo "left on the unit: $all"; return 1; }
	[ -z "$(lab_reservation "$LAB_LU2")" ]

	local started ended kills takeovers recov hangs
	started=$(count "$S/log" '^start ')
	ended=$(count "$S/log" '^end ')
	kills=$(count "$S/kills")
	takeovers=$(count "$S/takeovers")
	recov=$(cat "$S"/err.* 2>/dev/null | grep -c "stale lock of .*recovering" || true)
	hangs=$(cat "$S"/rc.* | grep -cx 124 || true)
	echo "# soak on $LAB_KERNEL, ${SOAK_SECONDS}s: $started jobs run ($ended ended, the rest killed)," \
		"$kills kills ($(count "$S/kills" ' TERM ') TERM, $(count "$S/kills" ' KILL ') KILL;" \
		"$(count "$S/kills" ' tlock ') of tlock), $takeovers takeovers, $recov stale records" \
		"recovered in the run and $left at the end, overlaps $overlaps/$stamps, leaks $leaks," \
		"hangs $hangs" >&3
	[ "$overlaps" -eq 0 ]
	[ "$stamps" -eq 0 ]
	[ "$leaks" -eq 0 ]
	[ "$hangs" -eq 0 ]
	# the soak was one: jobs ran, both kinds of kill and takeovers happened
	[ "$started" -ge 10 ]
	[ "$(count "$S/kills" ' KILL ')" -gt 0 ]
	[ "$(count "$S/kills" ' TERM ')" -gt 0 ]
	[ "$takeovers" -gt 0 ]
}
