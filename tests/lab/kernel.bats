#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The lab kernel's facts the suites rely on, per kernel (stable: Debian 12's 6.1; newest: trixie-backports).

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
}

teardown() {
	# The newest kernel's tape tests leave it at its beginning, whatever they wrote. (Not on
	# 6.1: there a REWIND leaves scsi_debug's tape NOT READY, 04/02, for every later command.)
	if [[ $LAB_KERNEL == newest ]]; then lab_timeout mt -f "$LAB_TAPE" rewind || true; fi
}

tape_block() { # tape_block FILE: read the next block from stdin (the tape) into FILE; echo its size
	lab_timeout dd of="$1" bs=65536 count=1 2>/dev/null || return 1
	wc -c <"$1"
}

@test "the guest knows its kernel: LAB_KERNEL, LAB_KVER in the environment and /run/lab.env" {
	[[ $LAB_KVER == "$(uname -r)" ]]
	grep -qxF "LAB_KERNEL=$LAB_KERNEL" /run/lab.env
	grep -qxF "LAB_KVER=$LAB_KVER" /run/lab.env
	case $LAB_KERNEL in
	stable) [[ $LAB_KVER == 6.1.* ]] ;;
	newest) [[ ${LAB_KVER%%.*} -ge 7 ]] ;;
	*) false ;;
	esac
}

@test "the two paths are relative target ports 1 and 2 (7.x: because setup writes tpgt_1/rtpi)" {
	# 6.1 numbers each LUN's port by itself. 7.x keeps the number per target port group and
	# leaves tcm_loop's at 0 unless tpgt_1/rtpi is written: setup writes 1 and 2.
	if [[ $LAB_KERNEL == newest ]]; then
		[ "$(cat "$LAB_CONFIGFS_TPG1/rtpi")" = 0x1 ]
		[ "$(cat "$LAB_CONFIGFS_TPG2/rtpi")" = 0x2 ]
	else
		[ ! -e "$LAB_CONFIGFS_TPG1/rtpi" ]
	fi
	run lab_timeout sg_vpd -p di "$LAB_LU1"
	[[ $status == 0 && $output == *"Relative target port: 0x1"* ]]
	run lab_timeout sg_vpd -p di "$LAB_LU2"
	[[ $status == 0 && $output == *"Relative target port: 0x2"* ]]
}

@test "the base has the modules of upcoming work and dmsetup; sd_mod is not loaded" {
	local m dep=/lib/modules/$LAB_KVER/modules.dep
	for m in iscsi_target_mod dm-mod dm-multipath dm-round-robin sd_mod target_core_file; do
		grep -q "/$m\.ko:" "$dep" || {
			echo "no $m in $dep"
			return 1
		}
	done
	# iSCSI logins need crc32c: a module on 6.1, built into 7.x
	if [[ $LAB_KERNEL == stable ]]; then
		grep -q '/crc32c_generic\.ko:' "$dep"
	else
		grep -qx 'crc32c_generic: .*' /lab/modules.skipped
	fi
	[[ -x /usr/sbin/dmsetup ]]
	# sd on the LU would read it at once and meet every reservation a test makes
	run ! grep -q '^sd_mod ' /proc/modules
}

@test "stable: writes to scsi_debug's tape fail (EIO): no real tape I/O" {
	lab_need_kernel stable "6.1's scsi_debug tape fails every write; the newest one does real I/O"
	head -c 512 /dev/zero >"$BATS_TEST_TMPDIR/blk"
	run lab_timeout dd if="$BATS_TEST_TMPDIR/blk" of="$LAB_TAPE" bs=512 count=1
	[ "$status" -ne 0 ]
	[[ $output == *"Input/output error"* ]]
	# it opens and answers all the same
	lab_timeout sg_turs "$LAB_TAPE_SG"
}

@test "newest: two blocks and filemarks through /dev/nst0 read back by their first 4 bytes" {
	lab_need_kernel newest "real tape I/O through st (6.1's scsi_debug tape fails every write)"
	local t=$BATS_TEST_TMPDIR sizes
	lab_timeout mt -f "$LAB_TAPE" rewind
	# st writes a filemark when a node written to is closed; mt weof writes one more
	printf 'BLK1 and more than four bytes' | lab_timeout dd of="$LAB_TAPE" bs=512 conv=sync
	lab_timeout mt -f "$LAB_TAPE" weof
	printf 'BLK2 and more' | lab_timeout dd of="$LAB_TAPE" bs=1024 conv=sync
	lab_timeout mt -f "$LAB_TAPE" rewind
	# Read through one open of the node, as a job would: each block keeps its length and its
	# first 4 bytes (scsi_debug keeps no more), each filemark reads as 0 bytes.
	sizes=$(for f in 1 fm1 fm2 2 fm3; do tape_block "$t/$f"; done <"$LAB_TAPE" | tr '\n' ' ')
	[ "$sizes" = "512 0 0 1024 0 " ]
	[ "$(head -c 4 "$t/1")" = BLK1 ]
	[ "$(head -c 4 "$t/2")" = BLK2 ]
	# and by filemarks: the second one is right before the second block
	lab_timeout mt -f "$LAB_TAPE" rewind
	lab_timeout mt -f "$LAB_TAPE" fsf 2
	[ "$(tape_block "$t/2again" <"$LAB_TAPE")" = 1024 ]
	[ "$(head -c 4 "$t/2again")" = BLK2 ]
}

@test "newest: the tape takes blocks of 512 bytes to 1 MiB: a 100-byte write fails (EINVAL)" {
	lab_need_kernel newest "the block limits of a tape that does real I/O"
	lab_timeout mt -f "$LAB_TAPE" rewind
	run lab_timeout dd if=/dev/zero of="$LAB_TAPE" bs=100 count=1
	[ "$status" -ne 0 ]
	[[ $output == *"Invalid argument"* ]]
	# READ BLOCK LIMITS: granularity 4, maximum 0x100000, minimum 0x200
	run lab_timeout sg_raw -r 6 "$LAB_TAPE_SG" 05 00 00 00 00 00
	[[ $status == 0 && $output == *" 00     04 10 00 00 02 00 "* ]]
}
