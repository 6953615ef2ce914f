#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# dm-multipath maps as -f: a map over the two sd nodes of the lab's LU (a multipath table by hand), its paths found from sysfs slaves/, sg_persist the oracle per I_T nexus.

bats_require_minimum_version 1.5.0
load lib/lab

# This suite alone loads sd_mod (sd reads both paths, and logs reservation
# conflicts while a unit is reserved) and the dm modules; it removes its maps
# and sd_mod again, so the other suites see the lab as they always do.

# The block node (sdX) of an sg node, waiting for sd to attach.
sd_of() {
	local dir=/sys/class/scsi_generic/${1#/dev/}/device/block t
	for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[[ -d $dir ]] && [[ -n $(ls "$dir") ]] && break
		sleep 0.25
	done
	ls "$dir"
}

# make_map NAME SD...: a multipath map NAME over the sd nodes, one path group,
# round-robin; its /dev/mapper node made by dmsetup (there is no udev here).
make_map() {
	local name=$1 sd table size
	shift
	size=$(cat "/sys/block/$1/size")
	table="0 $size multipath 0 0 1 1 round-robin 0 $# 1"
	for sd; do
		table+=" $(cat "/sys/block/$sd/dev") 1"
	done
	lab_timeout dmsetup create "$name" --table "$table" || return 1
	lab_timeout dmsetup mknodes "$name"
}

setup_file() {
	lab_timeout modprobe -a dm_mod dm_multipath dm_round_robin sd_mod
	local sd1 sd2 s
	sd1=$(sd_of "$LAB_LU1") sd2=$(sd_of "$LAB_LU2")
	[[ -n $sd1 && -n $sd2 ]] || { echo "sd did not attach to $LAB_LU1 and $LAB_LU2" >&3; return 1; }
	make_map mpatha "$sd1" "$sd2"
	MAP=/dev/mapper/mpatha
	DM=$(basename "$(readlink -f /sys/dev/block/"$(lab_timeout dmsetup info -c --noheadings -o major,minor mpatha | tr -d ' ')")")
	# the map's paths in the order of its slaves/ (versionsort), as sg nodes
	P=()
	for s in $(ls /sys/block/"$DM"/slaves | sort -V); do
		P+=("/dev/$(ls /sys/block/"$s"/device/scsi_generic)")
	done
	P1=${P[0]} P2=${P[1]}
	export MAP DM P1 P2
}

teardown_file() {
	lab_timeout dmsetup remove mixed 2>/dev/null || true
	lab_timeout dmsetup remove mpatha || true
	lab_timeout modprobe -r sd_mod || true
}

setup() {
	lab_clean
	LOCKS=$BATS_TEST_TMPDIR/locks
}

teardown() {
	lab_path_state "$P1" running || true
	lab_path_state "$P2" running || true
}

line() {
	printf '%s\n' "$output" | grep -qxF -- "$1" || { echo "no line '$1' in:"; echo "$output"; return 1; }
}

registrants() {
	lab_full_status "$LAB_LU1" | sort
}

# The registrant line sg_persist gives for the I_T nexus of sg node $1 with key $2.
reg_of() {
	if [[ $1 == "$LAB_LU1" ]]; then echo "$2 0x1 $LAB_I1_SAS -"; else echo "$2 0x2 $LAB_I2_SAS -"; fi
}

@test "the map's slaves are the lab LU's two paths; the map is dm, not SCSI" {
	[[ $DM == dm-* ]]
	[ "$(printf '%s\n' "$P1" "$P2" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$LAB_LU1" "$LAB_LU2" | sort | tr '\n' ' ')" ]
	[ -b "$MAP" ] && [ -b "/dev/$DM" ]
}

@test "tpr-in status of the map: asked through its first path, both paths with their registration" {
	lab_register "$P2" 0x2222
	local f
	for f in "$MAP" "/dev/$DM"; do
		run --separate-stderr timeout 30 tpr-in -v -f "$f"
		[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
		line "device: $f"
		line "map: $DM (mpatha)"
		[[ $output == *"path: $P1 transport_id="*" state=running registered=no"* ]]
		[[ $output == *"path: $P2 transport_id="*" state=running registered=yes key=0x2222"* ]]
		line "this host: registered through 1 of 2 paths: $P1 no, $P2 yes"
		[[ $stderr == *"$f: commands go through $P1 (one of its paths)"* ]] || { echo "$stderr"; return 1; }
	done
	run --separate-stderr timeout 30 tpr-in --json -f "$MAP"
	[ "$(printf '%s' "$output" | jq -r '.devices[0].map.name')" = mpatha ]
	[ "$(printf '%s' "$output" | jq -r '[.devices[0].paths[].registered] | join(" ")')" = "false true" ]
}

@test "tpr-in over the two block nodes: commands through their sg nodes' queues, nothing written to sd" {
	lab_register "$LAB_LU2" 0x2222
	local sd1 sd2 tr=$BATS_TEST_TMPDIR/strace
	sd1=/dev/$(sd_of "$LAB_LU1") sd2=/dev/$(sd_of "$LAB_LU2")
	# LeakSanitizer cannot run under ptrace (make check SANITIZE=1): leaks are not looked
	# for in this one run; ASan's and UBSan's other checks still are
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -f -qq -o "$tr" -e trace=openat,write \
		tpr-in -f "$sd1" -f "$sd2" status
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$(printf '%s\n' "$output" | sed -n 's/^device: //p' | tr '\n' ' ')" = "$sd1 $sd2 " ]
	[ "$(printf '%s\n' "$output" | grep -c '^registrant: key=0x2222 ')" -eq 2 ]
	# a block node is never opened for writing: write(2) of an sg_io_hdr there would write
	# data to the disk; its sg node is, and takes the 4 commands
	! grep -E "openat\(AT_FDCWD, \"/dev/sd[a-z]+\", O_RDWR" "$tr" || return 1
	grep -q "openat(AT_FDCWD, \"$LAB_LU1\", O_RDWR" "$tr"
	grep -q "openat(AT_FDCWD, \"$LAB_LU2\", O_RDWR" "$tr"
	[ "$(grep -cE 'write\([0-9]+, "S\\0\\0\\0.*, 88\) = 88' "$tr")" -eq 4 ]
}

@test "register through the map: on every path (--all-paths implied); unregister through /dev/dm-N" {
	run --separate-stderr timeout 30 tpr-out -f "$MAP" -s 0xbeef register
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = "$P1: registered with 0xbeef (was not registered)
$P2: registered with 0xbeef (was not registered)" ]
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -
0xbeef 0x2 $LAB_I2_SAS -" ]
	run --separate-stderr timeout 30 tpr-out -f "/dev/$DM" -k 0xbeef unregister
	[ "$status" -eq 0 ]
	[ "$output" = "$P1: unregistered (was registered with 0xbeef)
$P2: unregistered (was registered with 0xbeef)" ]
	[ -z "$(registrants)" ]
}

@test "a map with a failed path: the path that runs is registered, the other named, exit 2" {
	lab_path_state "$P2" offline
	run --separate-stderr timeout 30 tpr-out -f "$MAP" -s 0xbeef register
	[ "$status" -eq 2 ]
	[ "$output" = "$P1: registered with 0xbeef (was not registered)
$P2: offline: skipped" ]
	[ "$stderr" = "tpr-out: $MAP: $P2: offline: skipped; run again when it is back" ]
	lab_path_state "$P2" running
	lab_drain_ua "$P2" || true
	[ "$(registrants)" = "$(reg_of "$P1" 0xbeef)" ]
}

@test "reserve through the map goes through its first running path; tresv refuses a map" {
	run --separate-stderr timeout 30 tpr-out -v -f "$MAP" -k 0xbeef -T ex-ac-ro --register reserve
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"$MAP: commands go through $P1 (one of its paths)"* ]]
	[ "$(registrants)" = "$(reg_of "$P1" 0xbeef | sed 's/ -$/ holder/')" ]
	lab_clean
	lab_path_state "$P1" offline
	run --separate-stderr timeout 30 tpr-out -v -f "$MAP" -k 0xbeef -T ex-ac-ro --register reserve
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"$MAP: commands go through $P2 (one of its paths)"* ]]
	lab_path_state "$P1" running
	lab_clean
	local gen
	gen=$(lab_prgen "$LAB_LU1")
	run --separate-stderr timeout 30 tresv -f "$MAP" reserve
	[ "$status" -eq 15 ]
	[ "$stderr" = "tresv: $MAP: a device-mapper map ($DM), several paths: name one (tpr-in status -f MAP lists them)" ]
	[ "$(lab_prgen "$LAB_LU1")" = "$gen" ]
	lab_turs "$LAB_LU1" && lab_turs "$LAB_LU2"	# no SPC-2 reservation either
}

@test "tlock on the map: every path registered, the job reads through the map, all given back" {
	run --separate-stderr timeout 60 tlock -k 0xbeef -L "$LOCKS" -f "$MAP" -- sh -c \
		"dd if=$MAP of=/dev/null bs=512 count=64 2>/dev/null && sg_persist -n -s $LAB_LU1 >$BATS_TEST_TMPDIR/during 2>&1"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$(grep -c 'Key=0xbeef' "$BATS_TEST_TMPDIR/during")" -eq 2 ]
	grep -q 'Exclusive Access, registrants only' "$BATS_TEST_TMPDIR/during"
	[[ $stderr == *"tlock: $MAP: $P2: registered with 0xbeef (was not registered)"* ]]
	[ -z "$(registrants)" ]
}

@test "a map whose paths lead to different logical units: refused, exit 15, nothing sent" {
	local a b sda sdb
	a=$(lab_extra_lu 7 "$LAB_CONFIGFS_TPG1") b=$(lab_extra_lu 8 "$LAB_CONFIGFS_TPG1")
	sda=$(sd_of "$a") sdb=$(sd_of "$b")
	make_map mixed "$sda" "$sdb" || { lab_extra_lu_remove 7 "$LAB_CONFIGFS_TPG1"
		lab_extra_lu_remove 8 "$LAB_CONFIGFS_TPG1"; return 1; }
	local -a st=() errs=()
	run --separate-stderr timeout 30 tpr-out -f /dev/mapper/mixed -s 0xbeef register
	st+=("$status") errs+=("$stderr")
	run --separate-stderr timeout 30 tpr-out -f /dev/mapper/mixed -k 0xbeef -T 1 reserve
	st+=("$status") errs+=("$stderr")
	run --separate-stderr timeout 30 tpr-in -f /dev/mapper/mixed
	st+=("$status") errs+=("$stderr")
	run --separate-stderr timeout 30 tlock -k 0xbeef -L "$LOCKS" -f /dev/mapper/mixed -- true
	st+=("$status") errs+=("$stderr")
	local keys_a keys_b
	keys_a=$(lab_keys "$a") keys_b=$(lab_keys "$b")
	lab_timeout dmsetup remove mixed
	lab_extra_lu_remove 7 "$LAB_CONFIGFS_TPG1"
	lab_extra_lu_remove 8 "$LAB_CONFIGFS_TPG1"
	[ "${st[*]}" = "15 15 15 15" ] || { printf '%s\n' "${errs[@]}"; return 1; }
	[[ ${errs[0]} == "tpr-out: /dev/mapper/mixed: cannot find the paths of its logical unit: its paths lead to different logical units: $a to naa."*", $b to naa."* ]] ||
		{ echo "${errs[0]}"; return 1; }
	[[ ${errs[1]} == "tpr-out: /dev/mapper/mixed: its paths lead to different logical units: "* ]]
	[[ ${errs[2]} == "tpr-in: /dev/mapper/mixed: its paths lead to different logical units: "* ]]
	[[ ${errs[3]} == "tlock: /dev/mapper/mixed: cannot find the paths of its logical unit: its paths lead to different logical units: "* ]]
	[ -z "$keys_a" ] && [ -z "$keys_b" ]
}
