#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# One LU through SAS (tcm_loop) and iSCSI (LIO's iSCSI target, reached with libiscsi from user space): sg_persist on the SAS paths is the oracle.

bats_require_minimum_version 1.5.0
load lib/lab

HOST=iqn.2026-12.test.host:lab
# this path over iSCSI: the initiator name and tresv's ISID for LUN 0
ME="$HOST,i,0x807472760000"

setup() {
	[ -n "${LAB_ISCSI_URL:-}" ] || { echo "the lab's iSCSI target did not come up (see the console log)"; return 1; }
	lab_need_tool tpr-in
	lab_clean
}

# ti TOOL ARGS...: TOOL over iSCSI as $HOST, under the lab's timeout, in bats' run.
ti() {
	local tool=$1
	shift
	run --separate-stderr lab_timeout "$tool" --initiator-name "$HOST" -f "$LAB_ISCSI_URL" "$@"
}

@test "register and reserve over iSCSI; the SAS paths see an iSCSI TransportID (sg_persist)" {
	ti tpr-out -s 0x5151 register
	[ "$status" -eq 0 ]
	ti tpr-out -k 0x5151 -T wr-ex reserve
	[ "$status" -eq 0 ]
	[ "$(lab_keys "$LAB_LU1")" = 0x5151 ]
	[ "$(lab_reservation "$LAB_LU1")" = "0x5151 Write Exclusive" ]
	out=$(lab_timeout sg_persist -n -s "$LAB_LU1")
	echo "$out"
	grep -q "iSCSI world wide unique port id: $ME" <<<"$out"
	grep -q "Reservation holder" <<<"$out"
	# the SAS path conflicts on a write exclusive held over iSCSI
	run lab_timeout tpr-out -f "$LAB_LU2" -k 0x2222 -s holder --register -T wr-ex preempt
	[ "$status" -eq 0 ]
	[ "$(lab_reservation "$LAB_LU1")" = "0x2222 Write Exclusive" ]
}

@test "READ FULL STATUS carries SAS and iSCSI TransportIDs together, decoded alike from each side" {
	lab_register "$LAB_LU1" 0x1111
	lab_register "$LAB_LU2" 0x2222
	ti tpr-out -s 0x3333 register
	[ "$status" -eq 0 ]
	ti tpr-in full
	[ "$status" -eq 0 ]
	echo "$output"
	[[ $output == *"key=0x1111 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1"* ]]
	[[ $output == *"key=0x2222 transport_id=sas,$LAB_I2_SAS rel_tgt_port=2"* ]]
	[[ $output == *"key=0x3333 transport_id=$ME rel_tgt_port="*"(this path)"* ]]
	run --separate-stderr lab_timeout tpr-in -f "$LAB_LU1" full
	[[ $output == *"key=0x3333 transport_id=$ME "* ]]
	[[ $output == *"key=0x1111 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 r_holder=0 all_tg_pt=0 (this path)"* ]]
	ti tpr-in status
	[[ $output == *"this path: $ME (registered)"* ]]
}

@test "a registration made by one run is this path in the next, and unregisters" {
	ti tpr-out -s 0x4444 register
	ti tpr-in status
	[[ $output == *"this path: $ME (registered)"* ]]
	ti tpr-out -k 0x4444 unregister
	[ "$status" -eq 0 ]
	[ -z "$(lab_keys "$LAB_LU1")" ]
}

@test "SPC-2: tresv break over iSCSI (LOGICAL UNIT RESET) clears path 1's reservation" {
	lab_need_tool tresv
	lab_reserve6 "$LAB_LU1"
	ti tresv probe
	[ "$status" -eq 24 ]
	ti tresv --force break
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[[ $output == *"after the logical unit reset"* ]]
	lab_drain_ua "$LAB_LU1"
	lab_drain_ua "$LAB_LU2"
	run lab_turs "$LAB_LU2"
	[ "$status" -eq 0 ]
}

@test "tlock over iSCSI holds the LU for a job: the SAS path sees the reservation, then none" {
	lab_need_tool tlock
	run --separate-stderr lab_timeout tlock --initiator-name "$HOST" -L "$BATS_TEST_TMPDIR/l" \
		-f "$LAB_ISCSI_URL" -- sh -c "sg_persist -n -r $LAB_LU1"
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[[ $output == *"Exclusive Access"* ]]
	[ -z "$(lab_reservation "$LAB_LU1")" ]
	[ -z "$(lab_keys "$LAB_LU1")" ]
}
