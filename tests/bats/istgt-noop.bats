#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 18 on istgt: the GOOD-that-changes-nothing cases of tests/lab/noop.bats (LIO) against a second PR implementation.
#
# Where istgt and LIO differ here, each asserted as istgt does it (the
# departures D1-D6 are in istgt.bats):
#  D7 PERSISTENT RESERVE OUT RELEASE from a registered I_T nexus that does
#     not hold the reservation: ILLEGAL REQUEST, INVALID RELEASE OF
#     PERSISTENT RESERVATION (26h/04h).  SPC-5 5.14.11.2 makes it GOOD and
#     a no-op, as LIO does; the 26h/04h answer is for a holder's release of
#     the wrong type.  So on istgt the tools report a failure (5), not a no-op.
#  istgt reports CRH=0 (LIO: 1), so RESERVE(6) from the holder of a
#  persistent reservation is a reservation conflict there, as SPC-3 5.7.3
#  has it for CRH=0, not a GOOD that reserves nothing.

bats_require_minimum_version 1.5.0
load helpers
load istgt

setup_file() {
	istgt_start
}

teardown_file() {
	istgt_stop
}

# A holds an Exclusive Access reservation with 0xaaaa; B is registered with 0xbbbb.
a_holds_b_registered() {
	tpr-out --initiator-name "$HOST_A" -f "$DISK" register-ignore -s 0x1 2>/dev/null
	tpr-out --initiator-name "$HOST_A" -f "$DISK" clear -k 0x1 --force 2>/dev/null
	as A tpr-out -f "$DISK" register -s 0xaaaa
	as A tpr-out -f "$DISK" reserve -k 0xaaaa -T ex-ac
	[ "$status" -eq 0 ]
	as B tpr-out -f "$DISK" register -s 0xbbbb
	[ "$status" -eq 0 ]
}

@test "tpr-out release from a registered non-holder (D7: istgt refuses it): 5, the holder named, nothing released" {
	a_holds_b_registered
	as B tpr-out -f "$DISK" -k 0xbbbb -T ex-ac release
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	[[ $stderr == *"RELEASE: Illegal Request: Invalid release of persistent reservation (asc/ascq 26h/04h); likely cause: the unit is reserved (Exclusive Access) by key 0xaaaa, not this one"* ]] ||
		{ echo "$stderr"; return 1; }
	# --strict does not turn a failure into a no-op
	as B tpr-out --strict -f "$DISK" -k 0xbbbb -T ex-ac release
	[ "$status" -eq 5 ]
	as B tpr-in -f "$DISK" reservation
	[[ $output == *"holder key: 0xaaaa"* ]]
	# the holder's release is done, and says nothing (but for the audit
	# trail's own line on a host without syslog: tpr-out(1), AUDIT TRAIL)
	as A tpr-out --strict -f "$DISK" -k 0xaaaa -T ex-ac release
	[ "$status" -eq 0 ]
	[ -z "$(grep -v '^tpr-out: cannot log to syslog ' <<<"$stderr")" ] || { echo "$stderr"; return 1; }
	as B tpr-in -f "$DISK" reservation
	[[ $output == *"reservation: none"* ]]
}

@test "tpr-out --dry-run with a URL: the effect from the state read, PR IN only" {
	a_holds_b_registered
	as B tpr-out -v -n -f "$DISK" -k 0xbbbb -T ex-ac release
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "${lines[-1]}" = "effect: none: this I_T nexus does not hold the reservation (Exclusive Access); the holder is key 0xaaaa ($HOST_A,i,0x807472760000): preempt it to take it over" ]
	[[ $stderr == *"cdb: 5e 03"* ]] || { echo "no READ FULL STATUS: $stderr"; return 1; }
	[[ $stderr != *"cdb: 5f"* ]] || { echo "a PR OUT was sent: $stderr"; return 1; }
	as A tpr-out -n -f "$DISK" -k 0xaaaa -T ex-ac reserve
	[ "${lines[-1]}" = "effect: none: this I_T nexus holds the reservation (Exclusive Access) already" ]
	as B tpr-out -n -f "$DISK" -s 0xbbbb register-ignore
	[ "${lines[-1]}" = "effect: none: this I_T nexus is registered with key 0xbbbb already" ]
	as A tpr-out -n -f "$DISK" -k 0xaaaa -T ex-ac release
	[[ ${lines[-1]} == "effect: changes the unit's state"* ]]
	as A tpr-in -f "$DISK" reservation
	[[ $output == *"holder key: 0xaaaa"* ]]
}

@test "tresv reserve by the holder of a persistent reservation: CRH=0 on istgt, a conflict (LIO: a GOOD no-op)" {
	a_holds_b_registered
	as A tpr-in -f "$DISK" caps
	[[ $output == *"CRH: 0"* ]]
	as A tresv --strict -f "$DISK" reserve
	[ "$status" -eq 24 ]
	[[ $stderr == *"reservation conflict: 2 persistent reservation registration(s) exist on this unit, and RESERVE conflicts with them"* ]] ||
		{ echo "$stderr"; return 1; }
	as B tpr-in -f "$DISK" reservation
	[[ $output == *"holder key: 0xaaaa"* && $output == *"Exclusive Access (ex-ac, 3)"* ]]
}

@test "tlock giving back what another host preempted during the job says what it found, sends no release" {
	tpr-out --initiator-name "$HOST_A" -f "$DISK" register-ignore -s 0x1 2>/dev/null
	tpr-out --initiator-name "$HOST_A" -f "$DISK" clear -k 0x1 --force 2>/dev/null
	local L=$BATS_TEST_TMPDIR/locks
	mkdir -p "$L"
	run --separate-stderr timeout 60 tlock --initiator-name "$HOST_A" -L "$L" -k 0xaaaa -f "$DISK" -c \
		"tpr-out --initiator-name $HOST_B -f $DISK register -s 0xbbbb &&
		 tpr-out --initiator-name $HOST_B -f $DISK preempt -k 0xbbbb -s 0xaaaa -T ex-ac"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"nothing to give back: this I_T nexus is not registered (preempted or changed by another)"* ]] ||
		{ echo "$stderr"; return 1; }
	[ -z "$(ls "$L"/*.lock 2>/dev/null)" ]
	# B holds it (with A's old key: D2 of istgt.bats)
	as B tpr-in -f "$DISK" full
	[[ $output == *"registrants: 1"* ]]
	[[ $output == *"transport_id=$HOST_B,i,0x807472760000"* ]]
	as B tpr-in -f "$DISK" reservation
	[[ $output == *"Exclusive Access (ex-ac, 3)"* ]]
}
