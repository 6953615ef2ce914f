#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in on real devices: sg_persist (an independent client) sets state on path 1, tpr-in reads it on path 2.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
}

# sgp ARGS...: sg_persist without its INQUIRY preamble, bounded in time.
sgp() {
	timeout 30 sg_persist -n "$@"
}

# sgp_gen PATH: the PR generation as sg_persist -k reports it, e.g. 0x5.
sgp_gen() {
	sgp -k "$1" | sed -n 's/.*PR generation=\(0x[0-9a-f]*\).*/\1/p'
}

# field NAME: the value of "NAME: value" in $output.
field() {
	printf '%s\n' "$output" | sed -n "s/^$1: //p"
}

@test "no registrations: keys 0, generation as sg_persist reads it" {
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
	[ "$(field keys)" = 0 ]
	[ "$(field 'PR generation')" = "$(sgp_gen "$LAB_LU1")" ]
	[ "$(printf '%s\n' "$output" | grep -c '^key:')" -eq 0 ]
	[ -z "$stderr" ]
}

@test "keys registered by both initiators are read from path 2" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0xabcdef0123456789 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
	[ "$(field keys)" = 2 ]
	[ "$(field key | sort | tr '\n' ' ')" = "0x1111 0xabcdef0123456789 " ]
	[ "$(field 'PR generation')" = "$(sgp_gen "$LAB_LU2")" ]
}

@test "-k marks this host's key, and only it" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" -k 0x2222 keys
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx "key: 0x2222 (this host's key)"
	printf '%s\n' "$output" | grep -qx 'key: 0x1111'
}

@test "no reservation: 'reservation: none'" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" reservation
	[ "$status" -eq 0 ]
	[ "$(field reservation)" = none ]
	[ "$(field 'PR generation')" = "$(sgp_gen "$LAB_LU1")" ]
	[ -z "$(field 'holder key')" ]
}

# reserve_and_read CODE TITLE ABBREV HOLDER: path 1 registers 0x1111 and
# reserves type CODE with sg_persist; path 2 must read exactly that.
reserve_and_read() {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type="$1" "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" reservation
	[ "$status" -eq 0 ] || { echo "status $status: $stderr"; return 1; }
	[ "$(field reservation)" = held ]
	[ "$(field type)" = "$2 ($3, $1)" ]
	[ "$(field scope)" = "LU (0)" ]
	[[ $(field 'holder key') == "$4"* ]]
	[ "$(field 'PR generation')" = "$(sgp_gen "$LAB_LU2")" ]
	# and sg_persist agrees that this type is held
	sgp -r "$LAB_LU2" | grep -qi "type: $2"
}

@test "type 1 Write Exclusive held by path 1, read on path 2" {
	reserve_and_read 1 "Write Exclusive" wr-ex 0x1111
}

@test "type 3 Exclusive Access held by path 1, read on path 2" {
	reserve_and_read 3 "Exclusive Access" ex-ac 0x1111
}

@test "type 5 Write Exclusive, Registrants Only, read on path 2" {
	reserve_and_read 5 "Write Exclusive, Registrants Only" wr-ex-ro 0x1111
}

@test "type 6 Exclusive Access, Registrants Only, read on path 2" {
	reserve_and_read 6 "Exclusive Access, Registrants Only" ex-ac-ro 0x1111
}

@test "type 7 Write Exclusive, All Registrants: key 0, every registrant holds it" {
	reserve_and_read 7 "Write Exclusive, All Registrants" wr-ex-ar \
		"0x0 (every registrant is a holder)"
}

@test "type 8 Exclusive Access, All Registrants: key 0, every registrant holds it" {
	reserve_and_read 8 "Exclusive Access, All Registrants" ex-ac-ar \
		"0x0 (every registrant is a holder)"
}

@test "-v shows the PERSISTENT RESERVE IN CDB in hex on stderr, stdout unchanged" {
	run --separate-stderr timeout 30 tpr-in -v -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
	[[ $stderr == *"Persistent reserve in, read keys"* ]]
	[[ $stderr == *"cdb: 5e 00 00 00 00 00 00 04 00 00"* ]]
	[ "$(field keys)" = 0 ]
	run --separate-stderr timeout 30 tpr-in -vv -f "$LAB_LU2" reservation
	[ "$status" -eq 0 ]
	[[ $stderr == *"cdb: 5e 01 00 00 00 00 00 04 00 00"* ]]
	[[ $stderr == *"status 0x00"* ]]
	[[ $stderr == *"response:"* ]]
}

@test "tape without persistent reservations: clear message, exit 9" {
	local dev
	for dev in "$LAB_TAPE" "$LAB_TAPE_SG"; do
		run --separate-stderr timeout 30 tpr-in -f "$dev" keys
		[ "$status" -eq 9 ]
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "tpr-in: $dev: READ KEYS: the device does not support persistent reservations (PERSISTENT RESERVE IN: invalid command operation code)" ]
	done
	# sg_persist, the independent client, sees the same device the same way
	run timeout 30 sg_persist -n -k "$LAB_TAPE_SG"
	[ "$status" -eq 9 ]
}

@test "changer without persistent reservations: exit 9 too" {
	run --separate-stderr timeout 30 tpr-in -f "$LAB_CHANGER" reservation
	[ "$status" -eq 9 ]
	[[ ${stderr_lines[0]} == *"does not support persistent reservations"* ]]
}

@test "LU held with SPC-2 RESERVE by path 1: path 2 is told so, exit 24" {
	timeout 30 sg_raw -n "$LAB_LU1" 16 00 00 00 00 00	# RESERVE(6)
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 24 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "tpr-in: $LAB_LU2: READ KEYS: reservation conflict on PERSISTENT RESERVE IN: another initiator holds an SPC-2 reservation (RESERVE; TEST UNIT READY conflicts too)"* ]]
	# LIO refuses PR commands from the holder too: tpr-in says it is ours
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" keys
	[ "$status" -eq 24 ]
	[ -z "$output" ]
	[[ ${stderr_lines[0]} == "tpr-in: $LAB_LU1: READ KEYS: reservation conflict on PERSISTENT RESERVE IN: this initiator holds an SPC-2 reservation (RESERVE)"* ]]
	# status shows the diagnosis on stdout, from both sides
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" status
	[ "$status" -eq 24 ]
	printf '%s\n' "$output" | grep -qx 'reservation: SPC-2 RESERVE held by another initiator'
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" --json status
	[ "$status" -eq 24 ]
	[ "$(printf '%s' "$output" | jq -r '.devices[0].spc2_reserved')" = "this initiator" ]
	timeout 30 sg_raw -n "$LAB_LU1" 17 00 00 00 00 00	# RELEASE(6)
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
}

@test "a unit attention is reported by its meaning and the command sent again" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	sgp --out --preempt --param-rk=0x2222 --param-sark=0x1111 --prout-type=3 "$LAB_LU2"
	# path 1 was preempted: its next command gets UNIT ATTENTION 2Ah/05h
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" reservation
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "tpr-in: $LAB_LU1: unit attention: registrations preempted by another initiator (asc/ascq 2Ah/05h); sending the command again" ]
	[ "$(field 'holder key')" = 0x2222 ]
	[ "$(field type)" = "Exclusive Access (ex-ac, 3)" ]
	# the attention was consumed: the next read is quiet
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" reservation
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "not a SCSI device in the guest: exit 15, nothing sent" {
	local gen
	gen=$(sgp_gen "$LAB_LU1")
	run --separate-stderr timeout 30 tpr-in -f /dev/null keys
	[ "$status" -eq 15 ]
	[ -z "$output" ]
	[[ ${stderr_lines[0]} == "tpr-in: /dev/null: not a SCSI device"* ]]
	[ "$(sgp_gen "$LAB_LU1")" = "$gen" ]
}

@test "-t sets the command timeout; a valid one reads normally" {
	run --separate-stderr timeout 30 tpr-in -t 5 -f "$LAB_LU1" reservation
	[ "$status" -eq 0 ]
	[ "$(field reservation)" = none ]
}
