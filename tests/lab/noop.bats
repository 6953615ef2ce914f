#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# GOOD that changes nothing: each no-op SPC allows is found out and said, --strict makes it 36, tlock never claims a state the device does not hold.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
	A=$BATS_TEST_TMPDIR/hostA B=$BATS_TEST_TMPDIR/hostB
	mkdir -p "$A" "$B"
}

teardown() {
	pkill -f 'tlock ' 2>/dev/null || true
}

@test "tpr-out release from a registered non-holder: GOOD, nothing released, said; --strict 36" {
	lab_register "$LAB_LU1" 0x1111
	lab_pr_reserve "$LAB_LU1" 0x1111 3
	lab_register "$LAB_LU2" 0x2222
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k 0x2222 -T ex-ac release
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ] || { echo "$stderr"; return 1; }
	[ "${stderr_lines[0]}" = "tpr-out: $LAB_LU2: RELEASE: nothing released: this I_T nexus does not hold the reservation (Exclusive Access); the holder is key 0x1111 (sas,$LAB_I1_SAS): preempt it to take it over" ]
	run --separate-stderr timeout 30 tpr-out --strict -f "$LAB_LU2" -k 0x2222 -T ex-ac release
	[ "$status" -eq 36 ]
	# the oracle: path 1 still holds it
	[ "$(lab_reservation "$LAB_LU1")" = "0x1111 Exclusive Access" ]
	# the holder's release is done, and says nothing
	run --separate-stderr timeout 30 tpr-out --strict -f "$LAB_LU1" -k 0x1111 -T ex-ac release
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
	[ -z "$(lab_reservation "$LAB_LU1")" ]
}

@test "tpr-out --dry-run with a device: the effect from the state read, PR IN only" {
	lab_register "$LAB_LU1" 0x1111
	lab_pr_reserve "$LAB_LU1" 0x1111 3
	lab_register "$LAB_LU2" 0x2222
	local gen
	gen=$(lab_prgen "$LAB_LU1")
	run --separate-stderr timeout 30 tpr-out -v -n -f "$LAB_LU2" -k 0x2222 -T ex-ac release
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "${lines[-1]}" = "effect: none: this I_T nexus does not hold the reservation (Exclusive Access); the holder is key 0x1111 (sas,$LAB_I1_SAS): preempt it to take it over" ]
	[[ $stderr == *"cdb: 5e 03"* ]] || { echo "no READ FULL STATUS: $stderr"; return 1; }
	[[ $stderr != *"cdb: 5f"* ]] || { echo "a PR OUT was sent: $stderr"; return 1; }
	run --separate-stderr timeout 30 tpr-out -n -f "$LAB_LU1" -k 0x1111 -T ex-ac reserve
	[ "${lines[-1]}" = "effect: none: this I_T nexus holds the reservation (Exclusive Access) already" ]
	run --separate-stderr timeout 30 tpr-out -n -f "$LAB_LU2" -s 0x2222 register-ignore
	[ "${lines[-1]}" = "effect: none: this I_T nexus is registered with key 0x2222 already" ]
	run --separate-stderr timeout 30 tpr-out -n -f "$LAB_LU1" -k 0x1111 -T ex-ac release
	[[ ${lines[-1]} == "effect: changes the unit's state"* ]]
	run --separate-stderr timeout 30 tpr-out -n -f "$LAB_LU2" -k 0x2222 -s holder -T ex-ac preempt
	printf '%s\n' "$output" | grep -qx 'holder key now: 0x1111'
	# nothing changed on the unit
	[ "$(lab_prgen "$LAB_LU1")" = "$gen" ]
	[ "$(lab_reservation "$LAB_LU1")" = "0x1111 Exclusive Access" ]
}

@test "tresv release from a non-holder: GOOD, nothing released, who holds it said; --strict 36" {
	lab_reserve6 "$LAB_LU1"
	run --separate-stderr timeout 30 tresv -f "$LAB_LU2" release
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "tresv: $LAB_LU2: RELEASE(6): nothing released: this initiator does not hold the unit; held by another initiator: SPC-2 reservation (RESERVE): only its holder releases it (or tresv break --force)" ]
	run --separate-stderr timeout 30 tresv --strict -f "$LAB_LU2" release
	[ "$status" -eq 36 ]
	run --separate-stderr timeout 30 tresv --strict --10 -f "$LAB_LU2" release
	[ "$status" -eq 36 ]
	[[ ${stderr_lines[0]} == *"RELEASE(10): nothing released"* ]]
	# the holder's release is done and silent
	run --separate-stderr timeout 30 tresv --strict -f "$LAB_LU1" release
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
	lab_turs "$LAB_LU2"
}

# LIO reports CRH=1: RESERVE from the holder of a persistent reservation is GOOD and reserves
# nothing (SPC-3 5.7.3); after the persistent reservation is released this host holds nothing.
@test "tresv reserve by the holder of a persistent reservation (CRH=1): GOOD, no SPC-2 reservation, said; --strict 36" {
	lab_register "$LAB_LU1" 0x1111
	lab_pr_reserve "$LAB_LU1" 0x1111 1
	run --separate-stderr timeout 30 tresv -f "$LAB_LU1" reserve
	[ "$status" -eq 0 ]
	[[ ${stderr_lines[0]} == "tresv: $LAB_LU1: RESERVE(6): no SPC-2 reservation was made: this I_T nexus holds the persistent reservation (Write Exclusive, key 0x1111)"*"CRH=1"* ]] ||
		{ echo "$stderr"; return 1; }
	run --separate-stderr timeout 30 tresv --strict -f "$LAB_LU1" reserve
	[ "$status" -eq 36 ]
	# the oracle: once the persistent reservation goes, nothing holds the unit
	lab_timeout sg_persist -n --out --release --param-rk=0x1111 --prout-type=1 "$LAB_LU1" >/dev/null
	lab_timeout sg_persist -n --out --register --param-rk=0x1111 --param-sark=0 "$LAB_LU1" >/dev/null
	lab_turs "$LAB_LU2"
	lab_reserve6 "$LAB_LU2"
	lab_release6 "$LAB_LU2"
}

@test "tlock -m spc2 where RESERVE reserves nothing: refused with 36, nothing claimed, no lock left" {
	lab_register "$LAB_LU1" 0x1111
	lab_pr_reserve "$LAB_LU1" 0x1111 1
	run --separate-stderr timeout 30 tlock -L "$A" -m spc2 -n -f "$LAB_LU1" -c 'echo ran'
	[ "$status" -eq 36 ] || { echo "$status $stderr"; return 1; }
	[ -z "$output" ]
	[[ $stderr == *"RESERVE(6): no SPC-2 reservation was made"* ]]
	[ -z "$(ls "$A"/*.lock 2>/dev/null)" ]
}

@test "tlock giving back what the device no longer holds says what it found" {
	# SPC-2: during A's job the unit is reset and B reserves it; A's RELEASE(6) is GOOD and does nothing
	run --separate-stderr timeout 60 tlock -L "$A" -m spc2 -f "$LAB_LU1" -c \
		"sg_reset -d $LAB_LU2 >/dev/null; sg_turs $LAB_LU2 >/dev/null; sg_raw -n $LAB_LU2 16 00 00 00 00 00 >/dev/null 2>&1; exit 0"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"nothing to give back: the unit is held by another initiator: SPC-2 reservation (RESERVE)"* ]] ||
		{ echo "$stderr"; return 1; }
	lab_release6 "$LAB_LU2"
	lab_drain_ua "$LAB_LU1" || true
	# PR: preempted during the job, A's registration is gone: nothing sent to give back, said
	run --separate-stderr timeout 60 tlock -L "$A" -k 0xaaaa -f "$LAB_LU1" -c \
		"sg_persist -n --out --register --param-sark=0xbbbb $LAB_LU2 >/dev/null &&
		 sg_persist -n --out --preempt --param-rk=0xbbbb --param-sark=0xaaaa --prout-type=3 $LAB_LU2 >/dev/null"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"nothing to give back: this I_T nexus is not registered (preempted or changed by another)"* ]] ||
		{ echo "$stderr"; return 1; }
	[ "$(lab_reservation "$LAB_LU1")" = "0xbbbb Exclusive Access" ]
}
