#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Lab smoke tests: the guest's devices exist and behave as the real SCSI targets they stand for.

load lib/lab

setup() {
	lab_clean
}

@test "the LAB_* variables name existing device nodes and match /run/lab.env" {
	local v
	for v in LAB_LU1 LAB_LU2 LAB_TAPE LAB_TAPE_SG LAB_CHANGER LAB_CHANGER_SG; do
		[[ -c ${!v} ]] || {
			echo "$v=${!v} is not a character device"
			return 1
		}
		grep -qxF "$v=${!v}" /run/lab.env
	done
	[[ $LAB_LU1 == /dev/sg* && $LAB_LU2 == /dev/sg* ]]
	[[ $LAB_TAPE_SG == /dev/sg* && $LAB_CHANGER_SG == /dev/sg* ]]
	[[ $LAB_TAPE == /dev/nst* && $LAB_CHANGER == /dev/sch* ]]
	[[ $LAB_I1_SAS == 0x5001405aaaa00001 && $LAB_I2_SAS == 0x5001405bbbb00002 ]]
	[[ $LAB_LU_SERIAL == tresvlab0001 ]]
	[[ -d $LAB_CONFIGFS_LU && $(cat "$LAB_CONFIGFS_LU/enable") == 1 ]]
	[[ $(cat /etc/machine-id) == "$LAB_MACHINE_ID" && $LAB_MACHINE_ID =~ ^[0-9a-f]{32}$ ]]
	[[ :$PATH: == *:/opt/tresv/bin:* ]]
}

@test "LU1 and LU2 are two sg nodes of one logical unit (same unit serial)" {
	[[ $LAB_LU1 != "$LAB_LU2" ]]
	run lab_timeout sg_inq -p 0x80 "$LAB_LU1"
	[[ $status == 0 ]]
	[[ $output == *"Unit serial number: $LAB_LU_SERIAL"* ]]
	run lab_timeout sg_inq -p 0x80 "$LAB_LU2"
	[[ $status == 0 ]]
	[[ $output == *"Unit serial number: $LAB_LU_SERIAL"* ]]
	# ... reached through two different SCSI hosts (two tcm_loop targets, two I_T nexuses)
	local h1 h2
	h1=$(basename "$(readlink -f "/sys/class/scsi_generic/${LAB_LU1#/dev/}/device")")
	h2=$(basename "$(readlink -f "/sys/class/scsi_generic/${LAB_LU2#/dev/}/device")")
	[[ ${h1%%:*} != "${h2%%:*}" ]]
	[[ $(cat "/sys/class/scsi_generic/${LAB_LU1#/dev/}/device/vendor") == "LIO-ORG "* ]]
}

@test "a key registered through path 1 is seen through path 2" {
	local gen
	gen=$(lab_prgen "$LAB_LU2")
	run lab_timeout sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1"
	[[ $status == 0 ]]
	run lab_timeout sg_persist -n -k "$LAB_LU2"
	[[ $status == 0 ]]
	[[ ${lines[0]} == "  PR generation=$(printf '0x%x' $((gen + 1))), 1 registered reservation key follows:" ]]
	[[ ${lines[1]} == "    0x1111" ]]
	[[ ${#lines[@]} == 2 ]]
	[[ $(lab_prgen "$LAB_LU1") == $((gen + 1)) ]]
}

@test "READ FULL STATUS on path 2 shows both initiators' SAS addresses" {
	lab_register "$LAB_LU1" 0x1111
	lab_register "$LAB_LU2" 0x2222
	run lab_timeout sg_persist -n -s "$LAB_LU2"
	[[ $status == 0 ]]
	[[ $output == *"SAS address: $LAB_I1_SAS"* && $output == *"SAS address: $LAB_I2_SAS"* ]]
	# key, relative target port, SAS address, holder: in that order
	run lab_full_status "$LAB_LU2"
	[[ $output == "0x1111 0x1 $LAB_I1_SAS -"$'\n'"0x2222 0x2 $LAB_I2_SAS -" ]]
	# the holder of a reservation is marked
	lab_pr_reserve "$LAB_LU2" 0x2222 1
	run lab_full_status "$LAB_LU1"
	[[ $output == "0x1111 0x1 $LAB_I1_SAS -"$'\n'"0x2222 0x2 $LAB_I2_SAS holder" ]]
	[[ $(lab_reservation "$LAB_LU1") == "0x2222 Write Exclusive" ]]
}

@test "SPC-2 RESERVE(6) on path 1 makes TEST UNIT READY on path 2 conflict" {
	lab_reserve6 "$LAB_LU1"
	run lab_turs "$LAB_LU2"
	[[ $status == 24 ]]
	run lab_turs "$LAB_LU1"
	[[ $status == 0 ]]
	# RELEASE(6) from the non-holder is GOOD and changes nothing
	lab_release6 "$LAB_LU2"
	run lab_turs "$LAB_LU2"
	[[ $status == 24 ]]
	lab_release6 "$LAB_LU1"
	run lab_turs "$LAB_LU2"
	[[ $status == 0 ]]
}

@test "lab_clean clears keys, persistent and SPC-2 reservations and unit attentions" {
	lab_register "$LAB_LU1" 0xaa
	lab_register "$LAB_LU2" 0xbb
	lab_pr_reserve "$LAB_LU2" 0xbb 3
	[[ $(lab_reservation "$LAB_LU1") == "0xbb Exclusive Access" ]]
	lab_clean
	[[ -z $(lab_keys "$LAB_LU1") && -z $(lab_reservation "$LAB_LU2") ]]
	lab_turs "$LAB_LU1"
	lab_turs "$LAB_LU2"
	lab_reserve6 "$LAB_LU2"
	run lab_turs "$LAB_LU1"
	[[ $status == 24 ]]
	lab_clean
	lab_turs "$LAB_LU1"
	lab_turs "$LAB_LU2"
}

@test "the tape answers PERSISTENT RESERVE IN with invalid opcode (sg_persist exit 9)" {
	run lab_timeout sg_persist -n -k "$LAB_TAPE_SG"
	[[ $status == 9 ]]
	[[ $output == *"Illegal request, Invalid opcode"* ]]
	run lab_timeout sg_persist -n -k "$LAB_TAPE"
	[[ $status == 9 ]]
	# ... but SPC-2 RESERVE/RELEASE work, and INQUIRY says tape
	lab_reserve6 "$LAB_TAPE_SG"
	lab_release6 "$LAB_TAPE_SG"
	run lab_timeout sg_inq "$LAB_TAPE_SG"
	[[ $output == *"Peripheral device type: tape"* ]]
}

@test "the changer node exists, is a changer and answers TEST UNIT READY" {
	[[ $(cat "/sys/class/scsi_generic/${LAB_CHANGER_SG#/dev/}/device/type") == 8 ]]
	[[ $(cat "/sys/class/scsi_generic/${LAB_TAPE_SG#/dev/}/device/type") == 1 ]]
	run lab_turs "$LAB_CHANGER"
	[[ $status == 0 ]]
	run lab_turs "$LAB_CHANGER_SG"
	[[ $status == 0 ]]
	run lab_timeout sg_persist -n -k "$LAB_CHANGER_SG"
	[[ $status == 9 ]]
}
