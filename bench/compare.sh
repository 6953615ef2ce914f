#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench, inside the lab guest: tresv's tools against sg_persist for three jobs and against
# sg_turs for start-up alone, side by side, interleaved, with the floor of a process start.
set -uo pipefail

# shellcheck source=/dev/null
. /run/lab.env
MAXRSS=$1			# bench/maxrss, built on the host, copied in
FLOOR_STATIC=$2			# bench/floor.c: only prints, static ...
FLOOR_DYNAMIC=$3		# ... and dynamic
PARTS=$4			# bench/parts.c: the floor and one C library service
PARTS_SGUTILS2=$5		# ... with libsgutils2 linked, not called
PARTS_POPT=$6			# ... with libpopt linked, not called
ROUNDS=${BENCH_ROUNDS:-5}	# interleaved rounds
REPEAT=${BENCH_REPEAT:-10}	# runs of a tresv job per round
STARTS=${BENCH_STARTS:-20}	# runs of a start-up alone per round, timed together
NLU=32
CFS=/sys/kernel/config

fail() { echo "bench: $*" >&2; exit 1; }
q() { "$@" >/dev/null 2>&1; }

# --- the jobs, each as a shell function; "ours" and "theirs" do the same work
full_ours() { tpr-in -f "$1" status; }
full_theirs() {
	sg_persist -k "$1"; sg_persist -r "$1"; sg_persist -c "$1"; sg_persist -s "$1"
}
# state for the full picture: path 1 registered 0x1111 holding Exclusive Access, path 2
# registered 0x2222
full_setup() {
	q sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1"
	q sg_persist -n --out --register --param-sark=0x2222 "$LAB_LU2"
	q sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
}
# state for the takeover: path 1 registered 0x1111 holding Exclusive Access, path 2 not registered
takeover_setup() {
	lab_clean >/dev/null 2>&1
	q sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1"
	q sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
}
takeover_ours() { tpr-out -f "$LAB_LU2" -k 0xbeef -s holder --register -T ex-ac preempt; }
takeover_theirs() {
	local holder
	holder=$(sg_persist -r "$LAB_LU2" | sed -n 's/^ *Key=\(0x[0-9a-f]*\).*/\1/p')
	sg_persist --out --register --param-sark=0xbeef "$LAB_LU2" &&
		sg_persist --out --preempt --param-rk=0xbeef --param-sark="$holder" \
			--prout-type=3 "$LAB_LU2"
}
many_ours() { tpr-in "${fargs[@]}" status; }
# start-up alone: each tool's --version against sg_turs's; the floor only prints
start_tpr-in() { tpr-in --version; }
start_tpr-out() { tpr-out --version; }
start_tresv() { tresv --version; }
start_tlock() { tlock --version; }
start_sg_turs() { sg_turs --version; }
start_floor-static() { wrap "$FLOOR_STATIC"; }
start_floor-dynamic() { wrap "$FLOOR_DYNAMIC"; }
STARTERS=(floor-static floor-dynamic sg_turs tpr-in tpr-out tresv tlock)
many_theirs() { local n; for n in "${nodes[@]}"; do full_theirs "$n"; done; }
# (g) part P: a start with one part of a run more (bench/parts.c): a service it calls,
# or a library the start loads
PARTS_OF=(none nss syslog strerror stdio libsgutils2 libpopt)
part() {
	case $1 in
	libsgutils2) "$PARTS_SGUTILS2" none ;;
	libpopt) "$PARTS_POPT" none ;;
	*) "$PARTS" "$1" ;;
	esac
}

# SCSI commands every LIO logical unit has received (its statistics/scsi_lu/num_cmds)
lio_cmds() {
	local f v n=0
	for f in "$CFS"/target/core/*/*/statistics/scsi_lu/num_cmds; do
		read -r v <"$f" && n=$((n + v))
	done
	echo "$n"
}
# count CMD...: SCSI commands the job sends, as the target counts them: the same count
# for both tools, and the job as timed (a tool's -v can send more: tpr-out -v reads the
# PR generation after its action)
count_cmds() {
	local before
	before=$(lio_cmds)
	"$@" >/dev/null 2>&1 || fail "$* failed while counting commands"
	echo $(($(lio_cmds) - before))
}
# rss FUNC ARGS: "STARTS MAXKIB": how many tool processes FUNC starts and
# the largest peak RSS (KiB) among them
rss() {
	local max=0 n=0 v out
	out=$(RSS=1 "$@" 2>&1 >/dev/null) || fail "$1 failed under maxrss: $out"
	for v in $(printf '%s\n' "$out" | sed -n 's/^maxrss_kb: //p'); do
		n=$((n + 1))
		[ "$v" -gt "$max" ] && max=$v
	done
	echo "$n $max"
}
# With RSS set, every tool runs under maxrss.
TPR_IN=$(command -v tpr-in) TPR_OUT=$(command -v tpr-out) SG_PERSIST=$(command -v sg_persist)
TRESV=$(command -v tresv) TLOCK=$(command -v tlock) SG_TURS=$(command -v sg_turs)
for t in "$TPR_IN" "$TPR_OUT" "$SG_PERSIST" "$TRESV" "$TLOCK" "$SG_TURS" "$FLOOR_STATIC" \
	"$FLOOR_DYNAMIC" "$PARTS" "$PARTS_SGUTILS2" "$PARTS_POPT"; do
	[ -x "$t" ] || fail "tools missing"
done
wrap() { if [ -n "${RSS:-}" ]; then "$MAXRSS" "$@"; else "$@"; fi; }
tpr-in() { wrap "$TPR_IN" "$@"; }
tpr-out() { wrap "$TPR_OUT" "$@"; }
sg_persist() { wrap "$SG_PERSIST" "$@"; }
tresv() { wrap "$TRESV" "$@"; }
tlock() { wrap "$TLOCK" "$@"; }
sg_turs() { wrap "$SG_TURS" "$@"; }

# The clock: bash's $EPOCHREALTIME, read in the timing shell itself, as microseconds.  No
# "$(...)" in a timed span: it forks a shell, 3-4 ms in this guest, on every job alike.

# time_loop REPEAT FUNC ARGS: wall microseconds of REPEAT runs of FUNC ARGS, timed together
time_loop() {
	local rep=$1 i t0=${EPOCHREALTIME/./}
	shift
	for ((i = 0; i < rep; i++)); do
		"$@" >/dev/null 2>&1 || fail "$* failed"
	done
	echo $((${EPOCHREALTIME/./} - t0))
}

# time_job REPEAT SETUP FUNC ARGS: total wall microseconds of REPEAT runs of FUNC, each
# timed alone, SETUP before each untimed
time_job() {
	local rep=$1 setup=$2 i t0 total=0
	shift 2
	for ((i = 0; i < rep; i++)); do
		[ "$setup" = - ] || "$setup"
		t0=${EPOCHREALTIME/./}
		"$@" >/dev/null 2>&1 || fail "$* failed"
		total=$((total + ${EPOCHREALTIME/./} - t0))
	done
	echo "$total"
}

add_lus() {
	local i lu addr
	for ((i = 1; i < NLU; i++)); do
		lu=$CFS/target/core/rd_mcp_0/lu$i
		mkdir -p "$lu"
		echo rd_pages=16 >"$lu/control"
		printf 'tresvbench%03d\n' "$i" >"$lu/wwn/vpd_unit_serial"
		echo 1 >"$lu/enable"
		mkdir -p "$LAB_CONFIGFS_TPG1/lun/lun_$i"
		ln -s "$lu" "$LAB_CONFIGFS_TPG1/lun/lun_$i/lu$i"
	done
	read -r addr <"$LAB_CONFIGFS_TPG1/address"
	for ((i = 0; i < 100; i++)); do
		mapfile -t nodes < <(for d in $(ls -d /sys/bus/scsi/devices/"$addr":* | sort -t: -k4 -n); do
			ls "$d/scsi_generic" 2>/dev/null | sed 's|^|/dev/|'; done)
		[ "${#nodes[@]}" -ge "$NLU" ] && break
		sleep 0.1
	done
	[ "${#nodes[@]}" -eq "$NLU" ] || fail "found ${#nodes[@]} LUs, want $NLU"
	for n in "${nodes[@]}"; do q sg_turs "$n"; q sg_turs "$n"; done
	fargs=()
	for n in "${nodes[@]}"; do fargs+=(-f "$n"); done
}

# shellcheck source=/dev/null
. /lab/repo/tests/lab/lib/lab.bash
lab_clean >/dev/null 2>&1 || fail "lab_clean"
full_setup

# --- (a) one unit's full picture
a_cmd_o=$(count_cmds full_ours "$LAB_LU2"); a_cmd_t=$(count_cmds full_theirs "$LAB_LU2")
read -r a_n_o a_rss_o < <(rss full_ours "$LAB_LU2")
read -r a_n_t a_rss_t < <(rss full_theirs "$LAB_LU2")
a_o=0 a_t=0
for ((r = 0; r < ROUNDS; r++)); do
	a_o=$((a_o + $(time_job "$REPEAT" - full_ours "$LAB_LU2")))
	a_t=$((a_t + $(time_job "$REPEAT" - full_theirs "$LAB_LU2")))
done

# --- (b) take over a reservation left by a dead holder
takeover_setup; b_cmd_o=$(count_cmds takeover_ours)
takeover_setup; b_cmd_t=$(count_cmds takeover_theirs)
takeover_setup; read -r b_n_o b_rss_o < <(rss takeover_ours)
takeover_setup; read -r b_n_t b_rss_t < <(rss takeover_theirs)
b_o=0 b_t=0
for ((r = 0; r < ROUNDS; r++)); do
	b_o=$((b_o + $(time_job "$REPEAT" takeover_setup takeover_ours)))
	b_t=$((b_t + $(time_job "$REPEAT" takeover_setup takeover_theirs)))
done
# the takeover really happened: path 2 holds it with 0xbeef
[ "$(sg_persist -n -r "$LAB_LU2" | sed -n 's/^ *Key=\(0x[0-9a-f]*\).*/\1/p')" = 0xbeef ] ||
	fail "takeover did not leave 0xbeef holding the unit"
lab_clean >/dev/null 2>&1

# --- (f) (a) and (b) again with the guest's ASLR off: a diagnosis, not a goal.  Under QEMU
# TCG a process spends most of its time translating the code it runs, again in every
# process while ASLR maps that code at new addresses; with ASLR off the translations are
# reused and what remains is closer to the work itself.
ASLR=/proc/sys/kernel/randomize_va_space
read -r aslr_was <"$ASLR"
trap 'echo "$aslr_was" >"$ASLR"' EXIT
echo 0 >"$ASLR"
full_setup
f_a_o=0 f_a_t=0 f_b_o=0 f_b_t=0
for ((r = 0; r < ROUNDS; r++)); do
	f_a_o=$((f_a_o + $(time_job "$REPEAT" - full_ours "$LAB_LU2")))
	f_a_t=$((f_a_t + $(time_job "$REPEAT" - full_theirs "$LAB_LU2")))
done
for ((r = 0; r < ROUNDS; r++)); do
	f_b_o=$((f_b_o + $(time_job "$REPEAT" takeover_setup takeover_ours)))
	f_b_t=$((f_b_t + $(time_job "$REPEAT" takeover_setup takeover_theirs)))
done
echo "$aslr_was" >"$ASLR"
lab_clean >/dev/null 2>&1

# --- (c) the picture of 32 units
add_lus
c_cmd_o=$(count_cmds many_ours); c_cmd_t=$(count_cmds many_theirs)
read -r c_n_o c_rss_o < <(rss many_ours)
read -r c_n_t c_rss_t < <(rss many_theirs)
# ours REPEAT runs a round, as (a): one run alone, after sg_persist's 128 processes, took
# 99 to 144 ms from one make bench to the next (likely, not checked: the emulator's
# translation cache fills and is flushed); theirs one run (128 processes)
c_o=0 c_t=0 a_o_rep=0
for ((r = 0; r < ROUNDS; r++)); do
	c_o=$((c_o + $(time_job "$REPEAT" - many_ours)))
	c_t=$((c_t + $(time_job 1 - many_theirs)))
	# one unit measured alike, in the same round, for (c) against (a)
	a_o_rep=$((a_o_rep + $(time_job "$REPEAT" - full_ours "$LAB_LU2")))
done

# --- (d) start-up alone, and the floor: every starter in each round
declare -A d_ms d_rss
for s in "${STARTERS[@]}"; do
	d_ms[$s]=0
	read -r _ d_rss[$s] < <(rss "start_$s")
done
for ((r = 0; r < ROUNDS; r++)); do
	for s in "${STARTERS[@]}"; do
		d_ms[$s]=$((d_ms[$s] + $(time_loop "$STARTS" "start_$s")))
	done
done

# --- (g) what one part of a run costs: each in every round, as (d)
declare -A g_ms
for p in "${PARTS_OF[@]}"; do g_ms[$p]=0; done
for ((r = 0; r < ROUNDS; r++)); do
	for p in "${PARTS_OF[@]}"; do
		g_ms[$p]=$((g_ms[$p] + $(time_loop "$STARTS" part "$p")))
	done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b !~ /^[0-9.]+$/ || b == 0) print "-"; else printf "%.2f", a / b }'; }
# mean TOTAL N: TOTAL microseconds / N, in ms with one decimal
mean() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t / n / 1000 }'; }
row() { # row JOB WHAT OURS THEIRS
	printf '%-34s %-20s %10s %12s %8s\n' "$1" "$2" "$3" "$4" "$(ratio "$3" "$4")"
}
echo "# tresv tools against sg_persist (sg3_utils), QEMU TCG guest, $ROUNDS interleaved rounds"
echo "# single-unit jobs run $REPEAT times a round; times are means per job in ms"
printf '%-34s %-20s %10s %12s %8s\n' job measure tresv sg_persist ratio
row "(a) full picture of one unit" "wall ms" "$(mean $a_o $((ROUNDS * REPEAT)))" \
	"$(mean $a_t $((ROUNDS * REPEAT)))"
row "" "SCSI commands" "$a_cmd_o" "$a_cmd_t"
row "" "process starts" "$a_n_o" "$a_n_t"
row "" "peak RSS KiB" "$a_rss_o" "$a_rss_t"
row "(b) take over a dead holder's" "wall ms" "$(mean $b_o $((ROUNDS * REPEAT)))" \
	"$(mean $b_t $((ROUNDS * REPEAT)))"
row "    reservation" "SCSI commands" "$b_cmd_o" "$b_cmd_t"
row "" "process starts" "$b_n_o" "$b_n_t"
row "" "peak RSS KiB" "$b_rss_o" "$b_rss_t"
row "(c) full picture of $NLU units" "wall ms" "$(mean $c_o $((ROUNDS * REPEAT)))" \
	"$(mean $c_t $ROUNDS)"
row "" "SCSI commands" "$c_cmd_o" "$c_cmd_t"
row "" "process starts" "$c_n_o" "$c_n_t"
row "" "peak RSS KiB" "$c_rss_o" "$c_rss_t"
printf '%-34s %-20s %10s %12s %8s\n' "(c) against (a), tresv" "$NLU units / 1, ms" \
	"$(mean $c_o $((ROUNDS * REPEAT)))" "$(mean $a_o_rep $((ROUNDS * REPEAT)))" \
	"$(ratio "$(mean $c_o $((ROUNDS * REPEAT)))" "$(mean $a_o_rep $((ROUNDS * REPEAT)))")"
n=$((ROUNDS * STARTS))
for s in tpr-in tpr-out tresv tlock; do
	row "(d) start-up: $s --version" "wall ms" "$(mean ${d_ms[$s]} $n)" \
		"$(mean ${d_ms[sg_turs]} $n)"
	row "    against sg_turs --version" "peak RSS KiB" "${d_rss[$s]}" "${d_rss[sg_turs]}"
done
for s in floor-static floor-dynamic; do
	row "(e) floor: $s, prints only" "wall ms" "$(mean ${d_ms[$s]} $n)" "-"
	row "" "peak RSS KiB" "${d_rss[$s]}" "-"
done
row "(f) ASLR off: (a) full picture" "wall ms" "$(mean $f_a_o $((ROUNDS * REPEAT)))" \
	"$(mean $f_a_t $((ROUNDS * REPEAT)))"
row "    (b) takeover" "wall ms" "$(mean $f_b_o $((ROUNDS * REPEAT)))" \
	"$(mean $f_b_t $((ROUNDS * REPEAT)))"
# (g): each part's mean, and what it adds to parts' own floor
added() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%+.1f", (a - b) / n / 1000 }'; }
declare -A part_says=([nss]="getpwuid_r (user name)" [syslog]="syslog (one line)"
	[strerror]="strerror" [stdio]="stdio fopen, fgets" [libsgutils2]="libsgutils2 linked"
	[libpopt]="libpopt linked")
printf '%-34s %-20s %10s\n' "(g) parts: none, prints only" "wall ms" "$(mean ${g_ms[none]} $n)"
for p in "${PARTS_OF[@]:1}"; do
	printf '%-34s %-20s %10s %12s\n' "    + ${part_says[$p]}" "wall ms, added" \
		"$(added ${g_ms[$p]} ${g_ms[none]} $n)" "($(mean ${g_ms[$p]} $n))"
done
echo "# tresv: tpr-in status (a, c), tpr-out preempt --sa-key holder --register (b)"
echo "# sg_persist: -k -r -c -s per unit (a, c), -r then --register then --preempt (b),"
echo "# each with its usual INQUIRY; commands as LIO counts them (every unit's num_cmds)"
echo "# (d), (e): $STARTS runs timed together per round; the sg_persist column is sg_turs's"
echo "# (f): (a) and (b) again with the guest's kernel.randomize_va_space 0, a diagnosis:"
echo "# under TCG each process translates the code it runs, again wherever ASLR maps it anew"
echo "# (g): bench/parts.c, $STARTS runs timed together per round; what one C library"
echo "# service adds to a start in this guest. tpr-out's every action calls nss and syslog"
echo "# for the audit trail, which sg_persist does not keep"
echo "# (c): tresv $REPEAT runs a round, sg_persist one ($((NLU * 4)) processes); (c) against (a):"
echo "# tresv's $REPEAT runs of each back to back in each round of (c) (LU2 then has no registrants)"
