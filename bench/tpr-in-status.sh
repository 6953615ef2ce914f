#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench, inside the lab guest: SCSI commands per tpr-in status, status over 32 LUs at once versus 32 runs, a 100,000-line key map, SG_IO versus iSCSI.
set -uo pipefail

# shellcheck source=/dev/null
. /run/lab.env
CFS=/sys/kernel/config
NLU=32
ROUNDS=${BENCH_ROUNDS:-5}

fail() { echo "bench: $*" >&2; exit 1; }

# add_lus: LUs 1..NLU-1 behind initiator 1's target, so with lu0 there are NLU.
add_lus() {
	local i lu addr
	for ((i = 1; i < NLU; i++)); do
		lu=$CFS/target/core/rd_mcp_0/lu$i
		mkdir -p "$lu" || fail "mkdir $lu"
		echo rd_pages=16 >"$lu/control"
		printf 'tresvbench%03d\n' "$i" >"$lu/wwn/vpd_unit_serial"
		echo 1 >"$lu/enable"
		mkdir -p "$LAB_CONFIGFS_TPG1/lun/lun_$i"
		ln -s "$lu" "$LAB_CONFIGFS_TPG1/lun/lun_$i/lu$i" || fail "link lun_$i"
	done
	read -r addr <"$LAB_CONFIGFS_TPG1/address"
	for ((i = 0; i < 100; i++)); do
		[ "$(ls -d /sys/bus/scsi/devices/"$addr":*/scsi_generic/sg* 2>/dev/null | wc -l)" -ge "$NLU" ] && return 0
		sleep 0.1
	done
	fail "only $(ls -d /sys/bus/scsi/devices/"$addr":*/scsi_generic/sg* 2>/dev/null | wc -l) of $NLU LUs appeared"
}

# sg nodes of initiator 1's LUs, in LUN order.
lu_nodes() {
	local addr d
	read -r addr <"$LAB_CONFIGFS_TPG1/address"
	for d in $(ls -d /sys/bus/scsi/devices/"$addr":* | sort -t: -k4 -n); do
		echo "/dev/$(ls "$d/scsi_generic")"
	done
}

# timed CMD...: run CMD (output dropped) and print its wall milliseconds; its failure is said
# and timed fails.  The clock is bash's $EPOCHREALTIME (microseconds), read in this shell: a
# "$(...)" inside the span would fork a shell (3-4 ms in this guest).
timed() {
	local t0=${EPOCHREALTIME/./}
	timeout 60 "$@" >/dev/null || fail "$* failed"
	echo $(((${EPOCHREALTIME/./} - t0) / 1000))
}

add_lus
mapfile -t nodes < <(lu_nodes)
[ "${#nodes[@]}" -eq "$NLU" ] || fail "found ${#nodes[@]} LUs, want $NLU"
# drain the power-on/new-LUN unit attentions so every run below starts alike
for n in "${nodes[@]}"; do timeout 10 sg_turs "$n" >/dev/null 2>&1; timeout 10 sg_turs "$n" >/dev/null 2>&1; done
sg_persist -n --out --register --param-sark=0x1111 "${nodes[0]}" >/dev/null
sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "${nodes[0]}" >/dev/null

echo "# tpr-in status: SCSI commands sent per unit (counted by tpr-in, JSON commands_sent)"
cmds=$(timeout 60 tpr-in --json -f "${nodes[0]}" status | jq '.devices[0].commands_sent')
echo "commands per unit, status: $cmds"
cmds_full=$(timeout 60 tpr-in --json -f "${nodes[0]}" full | jq '.devices[0].commands_sent')
echo "commands per unit, full: $cmds_full"

args=()
for n in "${nodes[@]}"; do args+=(-f "$n"); done
one=0 many=0
for ((r = 0; r < ROUNDS; r++)); do	# interleaved, so drift hits both alike
	t0=${EPOCHREALTIME/./}
	timeout 120 tpr-in "${args[@]}" status >/dev/null || fail "tpr-in over $NLU LUs failed"
	t1=${EPOCHREALTIME/./}
	for n in "${nodes[@]}"; do
		timeout 60 tpr-in -f "$n" status >/dev/null || fail "tpr-in $n failed"
	done
	t2=${EPOCHREALTIME/./}
	one=$((one + t1 - t0))
	many=$((many + t2 - t1))
done
echo "# wall time of status over $NLU LUs, mean of $ROUNDS interleaved rounds (QEMU TCG guest)"
echo "one tpr-in, $NLU devices: $((one / ROUNDS / 1000)) ms"
echo "$NLU tpr-in runs, 1 device each: $((many / ROUNDS / 1000)) ms"
awk -v a="$one" -v b="$many" 'BEGIN { printf "ratio one/many: %.2f\n", a / b }'

# A key map of 100,000 lines (issue 14): tpr-in status of lu0 with it and without. The map's
# directory must be root's and not writable by others (/tmp is not), or the map is ignored.
mkdir -p -m 0755 /run/bench-keys
map=/run/bench-keys/keys
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "0x%x host-%06d rack %d\n", i + 65536, i, i % 40 }' >"$map"
echo "0x1111 bench-holder" >>"$map"
chmod 0644 "$map"
timeout 60 tpr-in --keys "$map" -f "${nodes[0]}" status 2>&1 | grep -q "key=0x1111 (bench-holder)" ||
	fail "the 100,000-line map did not name the holder"
plain=0 named=0
for ((r = 0; r < ROUNDS; r++)); do
	t=$(timed tpr-in -f "${nodes[0]}" status) || exit 1
	plain=$((plain + t))
	t=$(timed tpr-in --keys "$map" -f "${nodes[0]}" status) || exit 1
	named=$((named + t))
done
echo "# tpr-in status of one LU without and with a 100,000-line key map: wall ms (mean of $ROUNDS)"
echo "no key map: $((plain / ROUNDS)) ms"
echo "100,000-line key map: $((named / ROUNDS)) ms"

# The same LU (lu0) through SG_IO and through LIO's iSCSI target with libiscsi (a login each run).
if [ -n "${LAB_ISCSI_URL:-}" ]; then
	iscsi=(--initiator-name iqn.2026-12.test.host:bench -f "$LAB_ISCSI_URL")
	echo "# one LU, tpr-in status through SG_IO and over iSCSI: wall ms (mean of $ROUNDS) and SCSI commands"
	sg=0 is=0
	for ((r = 0; r < ROUNDS; r++)); do
		t=$(timed tpr-in -f "${nodes[0]}" status) || exit 1
		sg=$((sg + t))
		t=$(timed tpr-in "${iscsi[@]}" status) || exit 1
		is=$((is + t))
	done
	echo "SG_IO ${nodes[0]}: $((sg / ROUNDS)) ms, $(timeout 60 tpr-in --json -f "${nodes[0]}" status | jq '.devices[0].commands_sent') commands"
	echo "iSCSI $LAB_ISCSI_URL: $((is / ROUNDS)) ms, $(timeout 60 tpr-in --json "${iscsi[@]}" status | jq '.devices[0].commands_sent') commands"
else
	echo "bench: no iSCSI target in the lab (LAB_ISCSI_URL empty): no iSCSI row" >&2
	exit 1
fi
