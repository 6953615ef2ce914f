#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Every path of this host: the lab's two tcm_loop initiator ports to one LU as two paths of one host, sg_persist the oracle of what each I_T nexus holds; --all-paths, a path offline, a unit with one path.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
	LOCKS=$BATS_TEST_TMPDIR/locks
}

teardown() {
	# a test that takes a path offline puts it back; this is for one that failed first
	lab_path_state "$LAB_LU1" running || true
	lab_path_state "$LAB_LU2" running || true
	[[ -z ${OWNER:-} ]] || kill "$OWNER" 2>/dev/null || true
}

# line TEXT: $output has exactly this line.
line() {
	printf '%s\n' "$output" | grep -qxF -- "$1" || { echo "no line '$1' in:"; echo "$output"; return 1; }
}

# jqo FILTER: FILTER applied to the JSON in $output.
jqo() {
	printf '%s' "$output" | jq -r "$1"
}

# acquire NODE: tlock --all-paths acquire through NODE with key 0xbeef for a
# sleeping owner of its own ($OWNER, ended by teardown).
acquire() {
	sleep 300 &
	OWNER=$!
	run --separate-stderr timeout 60 tlock --all-paths -k 0xbeef -L "$LOCKS" -f "$1" --owner "$OWNER" acquire
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
}

# registrants: what READ FULL STATUS shows to sg_persist, sorted, one line each
# ("KEY PORT SAS holder|-").
registrants() {
	lab_full_status "$LAB_LU1" | sort
}

@test "status names both paths of this host with each one's registration, as sg_persist sees it" {
	lab_register "$LAB_LU1" 0x1111
	[ "$(registrants)" = "0x1111 0x1 $LAB_I1_SAS -" ]
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2"
	[ "$status" -eq 0 ]
	line "path: $LAB_LU1 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 state=running registered=yes key=0x1111"
	line "path: $LAB_LU2 transport_id=sas,$LAB_I2_SAS rel_tgt_port=2 state=running registered=no (this path)"
	line "this host: registered through 1 of 2 paths: $LAB_LU1 yes, $LAB_LU2 no"
	run --separate-stderr timeout 30 tpr-in --json -f "$LAB_LU1"
	[ "$status" -eq 0 ]
	[ "$(jqo '[.devices[0].paths[].device] | join(" ")')" = "$LAB_LU1 $LAB_LU2" ]
	[ "$(jqo '[.devices[0].paths[].registered] | join(" ")')" = "true false" ]
	[ "$(jqo '.devices[0].paths[0].key')" = 0x1111 ]
	[ "$(jqo '.devices[0].paths[1].key')" = null ]
	[ "$(jqo '[.devices[0].paths[].this_path] | join(" ")')" = "true false" ]
	[ "$(jqo '.devices[0].paths[1].transport_id')" = "sas,$LAB_I2_SAS" ]
	[ "$(jqo '.devices[0].paths[1].relative_target_port')" = 2 ]
	[ "$(jqo '.devices[0].paths[0].state')" = running ]
	# still two commands: the paths come from sysfs and the one READ FULL STATUS
	[ "$(jqo '.devices[0].commands_sent')" = 2 ]
}

@test "--all: one report per logical unit, its two sg nodes inside" {
	run --separate-stderr timeout 60 tpr-in --json --all
	[ "$status" -eq 9 ]	# the scsi_debug tape and changer have no PR
	[ "$(jqo '[.devices[].device] | join(" ")')" = \
		"$(printf '%s\n' "$LAB_LU1" "$LAB_TAPE_SG" "$LAB_CHANGER_SG" | sort -V | tr '\n' ' ' | sed 's/ $//')" ]
	[ "$(jqo "[.devices[] | select(.device == \"$LAB_LU1\") | .paths[].device] | join(\" \")")" = \
		"$LAB_LU1 $LAB_LU2" ]
	run --separate-stderr timeout 60 tpr-in --all keys
	[ "$(printf '%s\n' "$output" | grep -c '^device: ')" -eq 3 ]
}

@test "register --all-paths: each I_T nexus registered, a line a path; again: nothing sent; unregister" {
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = "$LAB_LU1: registered with 0xbeef (was not registered)
$LAB_LU2: registered with 0xbeef (was not registered)" ]
	[ -z "$stderr" ]
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -
0xbeef 0x2 $LAB_I2_SAS -" ]
	local gen
	gen=$(lab_prgen "$LAB_LU1")
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -s 0xbeef --all-paths register
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU1: already registered with 0xbeef: nothing sent
$LAB_LU2: already registered with 0xbeef: nothing sent" ]
	[ "$(lab_prgen "$LAB_LU1")" = "$gen" ]
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k 0xbeef --all-paths unregister
	[ "$status" -eq 0 ]
	[ "$output" = "$LAB_LU1: unregistered (was registered with 0xbeef)
$LAB_LU2: unregistered (was registered with 0xbeef)" ]
	[ -z "$(registrants)" ]
}

@test "register-ignore --all-paths replaces whatever key each path had" {
	lab_register "$LAB_LU2" 0x2222
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register-ignore
	[ "$status" -eq 0 ]
	line "$LAB_LU1: registered with 0xbeef (was not registered)"
	line "$LAB_LU2: registered with 0xbeef (was registered with 0x2222)"
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -
0xbeef 0x2 $LAB_I2_SAS -" ]
}

@test "all or nothing: a conflict on path 2 puts path 1 back, and names path 2 and why" {
	lab_register "$LAB_LU2" 0x2222	# REGISTER with key 0 conflicts there
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register
	[ "$status" -eq 24 ]
	[ "$output" = "$LAB_LU1: put back (not registered)
$LAB_LU2: failed: REGISTER: reservation conflict: this I_T nexus is registered with key 0x2222, not 0x0" ]
	[ "$stderr" = "tpr-out: $LAB_LU1: $LAB_LU2 failed: REGISTER: reservation conflict: this I_T nexus is registered with key 0x2222, not 0x0; the paths done before it are put back" ]
	[ "$(registrants)" = "0x2222 0x2 $LAB_I2_SAS -" ]
}

@test "all or nothing: unregistering a holder that must be put back registers it and reserves again" {
	lab_register "$LAB_LU1" 0xbeef
	lab_pr_reserve "$LAB_LU1" 0xbeef 1
	lab_register "$LAB_LU2" 0x2222	# unregistering 0xbeef there conflicts
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -k 0xbeef --all-paths unregister
	[ "$status" -eq 24 ]
	line "$LAB_LU1: put back (registered with 0xbeef)"
	[[ ${lines[1]} == "$LAB_LU2: failed: REGISTER: reservation conflict: "* ]]
	[ "$(registrants)" = "0x2222 0x2 $LAB_I2_SAS -
0xbeef 0x1 $LAB_I1_SAS holder" ]
	[ "$(lab_reservation "$LAB_LU1")" = "0xbeef Write Exclusive" ]
}

@test "a path offline: skipped and named, exit 2; the path that runs is registered; a second run completes" {
	lab_path_state "$LAB_LU2" offline
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register
	[ "$status" -eq 2 ]
	[ "$output" = "$LAB_LU1: registered with 0xbeef (was not registered)
$LAB_LU2: offline: skipped" ]
	[ "$stderr" = "tpr-out: $LAB_LU1: $LAB_LU2: offline: skipped; run again when it is back" ]
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1"
	line "path: $LAB_LU2 transport_id=sas,$LAB_I2_SAS rel_tgt_port=2 state=offline registered=no"
	lab_path_state "$LAB_LU2" running
	lab_drain_ua "$LAB_LU2" || true
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -" ]
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register
	[ "$status" -eq 0 ]
	line "$LAB_LU2: registered with 0xbeef (was not registered)"
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -
0xbeef 0x2 $LAB_I2_SAS -" ]
}

@test "every path offline: exit 2, nothing sent" {
	local gen
	gen=$(lab_prgen "$LAB_LU1")
	lab_path_state "$LAB_LU1" offline
	lab_path_state "$LAB_LU2" offline
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef --all-paths register
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tpr-out: $LAB_LU1: no path of its logical unit runs: $LAB_LU1 offline, $LAB_LU2 offline" ]
	lab_path_state "$LAB_LU1" running
	lab_path_state "$LAB_LU2" running
	[ "$(lab_prgen "$LAB_LU1")" = "$gen" ]
	[ -z "$(registrants)" ]
}

@test "--all-paths with an action that takes no part: exit 31, nothing sent; without it a node is one path" {
	local gen
	gen=$(lab_prgen "$LAB_LU1")
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -k 0xbeef -T ex-ac --all-paths reserve
	[ "$status" -eq 31 ]
	[ "$stderr" = "tpr-out: --all-paths does not go with reserve" ]
	run --separate-stderr timeout 30 tlock --all-paths -f "$LAB_LU1" status
	[ "$status" -eq 31 ]
	[ "$(lab_prgen "$LAB_LU1")" = "$gen" ]
	# the two initiator ports stay two "hosts" without the option
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" -s 0xbeef register
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -" ]
}

@test "a unit with one path: --all-paths works as one path and says so at -v" {
	local node name
	node=$(lab_extra_lu 9 "$LAB_CONFIGFS_TPG1")
	[[ $node == /dev/sg* ]] || { echo "no node: $node"; return 1; }
	name=$(timeout 30 tpr-in -f "$node" | sed -n 's/^LU name: //p')
	run --separate-stderr timeout 30 tpr-out -v -f "$node" -s 0xbeef --all-paths register
	local st=$status out=$output err=$stderr
	lab_timeout sg_persist -n --out --register-ignore --param-sark=0 "$node" >/dev/null 2>&1 || true
	lab_extra_lu_remove 9 "$LAB_CONFIGFS_TPG1"
	[ "$st" -eq 0 ] || { echo "$err"; return 1; }
	[ "$out" = "$node: registered with 0xbeef (was not registered)" ]
	[[ $err == *"tpr-out: $node: one path: no other device node of this host leads to LU $name"* ]] ||
		{ echo "$err"; return 1; }
	[[ $name == naa.* && $name != "$(timeout 30 tpr-in -f "$LAB_LU1" | sed -n 's/^LU name: //p')" ]]
	[ -z "$(registrants)" ]	# the lab's unit untouched
}

@test "tlock --all-paths: registered on both paths, reserved ex-ac-ro through one, path 2 reads; all given back" {
	local d=$BATS_TEST_TMPDIR
	run --separate-stderr timeout 60 tlock --all-paths -k 0xbeef -L "$LOCKS" -f "$LAB_LU1" -- sh -c "
		sg_persist -n -s $LAB_LU1 >$d/during 2>&1
		cat $LOCKS/*.lock >$d/record
		sg_raw -n -r 512 $LAB_LU2 28 00 00 00 00 00 00 00 01 00 >/dev/null 2>&1
		echo \$? >$d/read2"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$(grep -c 'Key=0xbeef' "$d/during")" -eq 2 ]
	grep -q 'Exclusive Access, registrants only' "$d/during" || { cat "$d/during"; return 1; }
	grep -qx "paths: $LAB_LU1 $LAB_LU2" "$d/record" || { cat "$d/record"; return 1; }
	grep -qx "type: 6" "$d/record"
	[ "$(cat "$d/read2")" = 0 ]	# registrants only: the other path may read
	[[ $stderr == *"tlock: $LAB_LU1: $LAB_LU1: already registered with 0xbeef: nothing sent"* ]]
	[[ $stderr == *"tlock: $LAB_LU1: $LAB_LU2: registered with 0xbeef (was not registered)"* ]]
	[ -z "$(registrants)" ]
	[ -z "$(ls "$LOCKS"/*.lock 2>/dev/null)" ]
}

@test "tlock --all-paths acquire, then release through the other path: given back on both" {
	acquire "$LAB_LU2"
	[ "$(registrants)" = "0xbeef 0x1 $LAB_I1_SAS -
0xbeef 0x2 $LAB_I2_SAS holder" ]
	run --separate-stderr timeout 30 tlock -L "$LOCKS" -f "$LAB_LU1" status
	line "paths: $LAB_LU2 $LAB_LU1"
	run --separate-stderr timeout 60 tlock -L "$LOCKS" -f "$LAB_LU1" release
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ -z "$(registrants)" ]
	[ -z "$(lab_reservation "$LAB_LU1")" ]
}

@test "a stale --all-paths lock is recovered on every path it lists" {
	acquire "$LAB_LU1"
	kill "$OWNER"
	wait "$OWNER" 2>/dev/null || true
	OWNER=
	# another run, with another key, through the other path: the dead owner's
	# reservation (path 1) and registrations (both) are given back first
	run --separate-stderr timeout 60 tlock --all-paths -k 0xcafe -L "$LOCKS" -f "$LAB_LU2" -- \
		sh -c "sg_persist -n -s $LAB_LU1 >$BATS_TEST_TMPDIR/during 2>&1"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"stale lock of pid "*"its owner is gone; recovering"* ]]
	! grep -q 'Key=0xbeef' "$BATS_TEST_TMPDIR/during" || return 1
	[ "$(grep -c 'Key=0xcafe' "$BATS_TEST_TMPDIR/during")" -eq 2 ]
	[ -z "$(registrants)" ]
}

@test "tlock --all-paths with a path offline: skipped and named, the job runs through the other" {
	lab_path_state "$LAB_LU2" offline
	run --separate-stderr timeout 60 tlock --all-paths -k 0xbeef -L "$LOCKS" -f "$LAB_LU1" -- \
		sh -c "sg_persist -n -k $LAB_LU1 >$BATS_TEST_TMPDIR/during 2>&1"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $stderr == *"tlock: $LAB_LU1: $LAB_LU2: offline: skipped"* ]]
	[ "$(grep -c '0xbeef' "$BATS_TEST_TMPDIR/during")" -eq 1 ]
	lab_path_state "$LAB_LU2" running
	[ -z "$(registrants)" ]
}

@test "a path taken offline during a tlock --all-paths job: giving back there fails, is said, and the status says so" {
	local hctl
	hctl=$(lab_hctl "$LAB_LU2")
	run --separate-stderr timeout 60 tlock --all-paths -k 0xbeef -L "$LOCKS" -f "$LAB_LU1" -- \
		sh -c "echo offline >/sys/bus/scsi/devices/$hctl/state"
	# the kernel refuses SG_IO to an offline device (ENXIO): exit 15
	[ "$status" -eq 15 ] || { echo "$status: $stderr"; return 1; }
	[[ $stderr == *"tlock: $LAB_LU2: giving the unit back failed, it may still be reserved: "*"pass-through failed: No such device or address"* ]] ||
		{ echo "$stderr"; return 1; }
	lab_path_state "$LAB_LU2" running
	lab_drain_ua "$LAB_LU2" || true
	# path 1 gave back; path 2 keeps the key it could not remove, as sg_persist shows
	[ "$(registrants)" = "0xbeef 0x2 $LAB_I2_SAS -" ]
}
