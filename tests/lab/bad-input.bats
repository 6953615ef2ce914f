#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input to all four tools against the real unit: exit status, one stderr line, no stdout, and the unit's PR state untouched.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
	H=$BATS_TEST_TMPDIR
	# a registration and a reservation that bad input must not disturb
	timeout 30 sg_persist -n --out --register --param-sark=0x1111 "$LAB_LU1" >/dev/null
	timeout 30 sg_persist -n --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1" >/dev/null
	mkdir -p "$H/dir" "$H/locks"
	printf '00 00 0g\n' >"$H/bad.hex"
	printf '00 00 00 01 00 00 00 0c 00 00 00 00 00 00 00 01 00 00 00 02\n' >"$H/odd.hex"
	head -c 70000 /dev/zero | od -An -tx1 -v >"$H/huge.hex"
	printf '00 00 00 01 00 00 00 18 00 00 00 00 00 00 11 11 00 00 00 00 01 03 00 00 00 00 00 01 ff ff ff ff\n' >"$H/hostile.hex"
	echo 'not hex at all' >"$H/text.hex"
}

# state: the unit's persistent reservation state as sg_persist sees it
state() {
	timeout 30 sg_persist -n -k "$LAB_LU2"
	timeout 30 sg_persist -n -r "$LAB_LU2"
}

@test "50+ bad inputs across tresv, tpr-in, tpr-out and tlock leave the unit as it was" {
	local before after
	before=$(state)
	local L1=$LAB_LU1
	# status|tool args...   (run as root: tests/bats checks unreadable files as nobody)
	local -a cases=(
		"1|tpr-in -f $L1 -k 0xg keys"
		"1|tpr-in -f $L1 -k 0x11111111111111111 keys"
		"1|tpr-in -f $L1 -k 18446744073709551616 keys"
		"1|tpr-in -f $L1 -k -1 keys"
		"1|tpr-in -f $L1 key"
		"1|tpr-in -f $L1 stat"
		"1|tpr-in -f $L1 keys full"
		"1|tpr-in -f $L1 -t 0 keys"
		"1|tpr-in -f $L1 -t 86401 keys"
		"1|tpr-in -f $L1 -t 99999999999999999999 keys"
		"31|tpr-in -f $L1 --json --hex keys"
		"31|tpr-in -f $L1 --all keys"
		"31|tpr-in -f $L1 --inhex $H/bad.hex keys"
		"31|tpr-in --inhex $H/bad.hex status"
		"97|tpr-in --inhex $H/bad.hex keys"
		"97|tpr-in --inhex $H/odd.hex keys"
		"97|tpr-in --inhex $H/huge.hex keys"
		"97|tpr-in --inhex $H/hostile.hex full"
		"97|tpr-in --inhex $H/text.hex caps"
		"15|tpr-in --inhex $H/dir keys"
		"15|tpr-in --inhex $H/missing.hex keys"
		"15|tpr-in -f /dev/null keys"
		"15|tpr-in -f $H/dir keys"
		"15|tpr-in -f $H/missing keys"
		"1|tpr-out -f $L1 -k 0xzz -T ex-ac reserve"
		"1|tpr-out -f $L1 -k 0x1111 -T ex-acc reserve"
		"1|tpr-out -f $L1 -k 0x1111 -T 2 reserve"
		"1|tpr-out -f $L1 -k 0x1111 -T 4 reserve"
		"1|tpr-out -f $L1 -k 0x1111 reserve"
		"1|tpr-out -f $L1 -k 0x1111 cl"
		"1|tpr-out -f $L1 -k 0x1111 -T 3 res"
		"1|tpr-out -f $L1 -s 0x2 -I sas,0x12 register"
		"1|tpr-out -f $L1 -s 0x2 -I iqn.2004-01.COM.example:x register"
		"1|tpr-out -f $L1 -k 0x1111 -s 0x2 -T 3 -R 65536 -I sas,$LAB_I2_SAS register-move"
		"1|tpr-out -f $L1 -k 0x1111 -s 0 -R 2 -I sas,$LAB_I2_SAS register-move"
		"31|tpr-out -f $L1 -s 0x2 -T ex-ac register"
		"31|tpr-out -f $L1 -k 0x1111 -s 0x2 unregister"
		"31|tpr-out -f $L1 -k 0x1111 --unreg -T ex-ac reserve"
		"31|tpr-out -f $L1 -s holder register"
		"31|tpr-out -f $L1 -k 0x1111 -I sas,$LAB_I2_SAS -T ex-ac reserve"
		"15|tpr-out -f /dev/null -k 0x1111 -T ex-ac reserve"
		"15|tpr-out -f $H/dir -k 0x1111 -T ex-ac reserve"
		"1|tresv -f $L1 res"
		"1|tresv -f $L1 -w -5 reserve"
		"1|tresv -f $L1 -w 0 reserve"
		"1|tresv -f $L1 -w 86401 reserve"
		"1|tresv -f $L1 break"
		"31|tresv -f $L1 -w 5 -n reserve"
		"31|tresv -f $L1 --10 probe"
		"31|tresv -f $L1 --force reserve"
		"15|tresv -f /dev/null reserve"
		"1|tlock -L $H/locks -f $L1"
		"1|tlock -L $H/locks -f $L1 acq"
		"1|tlock -L $H/locks -f $L1 -w -1 -c true"
		"1|tlock -L $H/locks -f $L1 -k 0 -c true"
		"1|tlock -L $H/locks -f $L1 -m tape -c true"
		"1|tlock -L $H/locks -f $L1 -E 256 -c true"
		"1|tlock -L $H/locks -f $L1 --owner 0 acquire"
		"31|tlock -L $H/locks -f $L1 -c true -- true"
		"31|tlock -L $H/locks -f $L1 -w 5 -n -c true"
		"31|tlock -L $H/locks -f $L1 -T ex-ac status"
		"31|tlock -L $H/locks -f $L1 -m spc2 -k 0x5 -c true"
		"15|tlock -L $H/locks -f /dev/null -c true"
	)
	local c st args n=0
	for c in "${cases[@]}"; do
		st=${c%%|*} args=${c#*|}
		# shellcheck disable=SC2086
		run --separate-stderr timeout 30 $args
		n=$((n + 1))
		[ "$status" -eq "$st" ] || { echo "'$args': status $status, want $st: $stderr"; return 1; }
		[ -z "$output" ] || { echo "'$args': stdout: $output"; return 1; }
		[ "${#stderr_lines[@]}" -eq 1 ] || { echo "'$args': stderr: $stderr"; return 1; }
		[[ ${stderr_lines[0]} == "${args%% *}: "* ]] || { echo "'$args': $stderr"; return 1; }
	done
	[ "$n" -ge 50 ]
	after=$(state)
	[ "$after" = "$before" ] || { echo "state changed:"; echo "$before"; echo "---"; echo "$after"; return 1; }
	# no lock was taken by any of it
	[ -z "$(ls "$H/locks" 2>/dev/null | grep '\.lock$')" ]
}
