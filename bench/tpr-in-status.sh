#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench, inside the lab guest: SCSI commands per tpr-in status, and status over 32 LUs at once versus 32 runs.
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

# ms: milliseconds since boot, from /proc/uptime (busybox date has no %N).
ms() {
	local up
	read -r up _ </proc/uptime
	echo $((${up%.*} * 1000 + 10#${up#*.} * 10))
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
	t0=$(ms)
	timeout 120 tpr-in "${args[@]}" status >/dev/null || fail "tpr-in over $NLU LUs failed"
	t1=$(ms)
	for n in "${nodes[@]}"; do
		timeout 60 tpr-in -f "$n" status >/dev/null || fail "tpr-in $n failed"
	done
	t2=$(ms)
	one=$((one + t1 - t0))
	many=$((many + t2 - t1))
done
echo "# wall time of status over $NLU LUs, mean of $ROUNDS interleaved rounds (QEMU TCG guest)"
echo "one tpr-in, $NLU devices: $((one / ROUNDS)) ms"
echo "$NLU tpr-in runs, 1 device each: $((many / ROUNDS)) ms"
awk -v a="$one" -v b="$many" 'BEGIN { printf "ratio one/many: %.2f\n", a / b }'

# The same LU (lu0) through SG_IO and through LIO's iSCSI target with libiscsi (a login each run).
if [ -n "${LAB_ISCSI_URL:-}" ]; then
	iscsi=(--initiator-name iqn.2026-12.test.host:bench -f "$LAB_ISCSI_URL")
	echo "# one LU, tpr-in status through SG_IO and over iSCSI: wall ms (mean of $ROUNDS) and SCSI commands"
	sg=0 is=0
	for ((r = 0; r < ROUNDS; r++)); do
		t0=$(ms)
		timeout 60 tpr-in -f "${nodes[0]}" status >/dev/null || fail "tpr-in ${nodes[0]} failed"
		t1=$(ms)
		timeout 60 tpr-in "${iscsi[@]}" status >/dev/null || fail "tpr-in over iSCSI failed"
		t2=$(ms)
		sg=$((sg + t1 - t0))
		is=$((is + t2 - t1))
	done
	echo "SG_IO ${nodes[0]}: $((sg / ROUNDS)) ms, $(timeout 60 tpr-in --json -f "${nodes[0]}" status | jq '.devices[0].commands_sent') commands"
	echo "iSCSI $LAB_ISCSI_URL: $((is / ROUNDS)) ms, $(timeout 60 tpr-in --json "${iscsi[@]}" status | jq '.devices[0].commands_sent') commands"
else
	echo "bench: no iSCSI target in the lab (LAB_ISCSI_URL empty): no iSCSI row" >&2
	exit 1
fi
