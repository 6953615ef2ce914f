#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Names for keys and the audit trail on real devices: sg_persist registers, the views name the keys; every change is one syslog line that syslogd received.

bats_require_minimum_version 1.5.0
load lib/lab

setup_file() {
	# the LU's name, as the audit lines give it
	LU=$(timeout 30 tpr-in -f "$LAB_LU2" --json status | jq -r '.devices[0].identity.lu_name')
	export LU
}

setup() {
	lab_clean
	[[ $LU == naa.* ]] || { echo "no LU name: '$LU'"; return 1; }
	mkdir -p /etc/tresv
	chmod 0755 /etc/tresv
	printf '%s\n' "# the lab's two hosts" "0x1111 backup-a  rack 3" "0x2222 backup-b" \
		>/etc/tresv/keys
	chmod 0644 /etc/tresv/keys
	L=$BATS_TEST_TMPDIR/locks
	MARK=$(lab_syslog_mark)
}

teardown() {
	pkill -f 'tlock ' 2>/dev/null || true
	rm -f /etc/tresv/keys /etc/multipath/prkeys
}

# sgp ARGS...: sg_persist without its INQUIRY preamble, bounded in time.
sgp() {
	timeout 30 sg_persist -n "$@" >/dev/null
}

# audit TOOL [N]: TOOL's audit lines since setup into $audit (and the array
# $audits), waiting for N (default 1).
audit() {
	audit=$(lab_audit_since "$MARK" "$@")
	mapfile -t audits <<<"$audit"
}

# ---- names ---------------------------------------------------------------------

@test "/etc/tresv/keys names the keys sg_persist registered, in text, JSON, probe and tlock status" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" status
	[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$status: $stderr"; return 1; }
	printf '%s\n' "$output" | grep -qx "holder: key=0x1111 (backup-a) transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac (this host, another path)"
	printf '%s\n' "$output" | grep -qx "registrant: key=0x2222 (backup-b) transport_id=sas,$LAB_I2_SAS rel_tgt_port=2 r_holder=0 all_tg_pt=0 (this path)"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" --json status
	[ "$(jq -r '.devices[0] | [.reservation.key_name] + [.registrants[] | .key_name] | join(" ")' <<<"$output")" = \
		"backup-a backup-a backup-b" ]
	run --separate-stderr timeout 30 tresv -f "$LAB_LU2" probe
	[ "$status" -eq 24 ]
	[ "$output" = "$LAB_LU2: held by another initiator: persistent reservation, Exclusive Access, key 0x1111 (backup-a) (see tpr-in status)" ]
	run --separate-stderr timeout 30 tlock -L "$L" -f "$LAB_LU2" status
	[[ $output == *"unit: held by another initiator: persistent reservation, Exclusive Access, key 0x1111 (backup-a) (see tpr-in status)" ]]
}

@test "known schemes on real registrations: LTFS's and ASCII keys; this host's auto and multipathd keys" {
	sgp --out --register --param-sark=0x400000000a000007 "$LAB_LU1"
	sgp --out --register --param-sark=0x4e6574576f726b72 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx "key: 0x400000000a000007 (LTFS host 10.0.0.7)"
	printf '%s\n' "$output" | grep -qx 'key: 0x4e6574576f726b72 (ASCII "NetWorkr")'
	lab_clean
	# multipathd's file, as it writes it (0X: registered with APTPL)
	mkdir -p /etc/multipath
	printf '%s\n' "# Multipath persistent reservation keys, Version : 1.0" \
		"0X0000000000003333 36001405eab0001000000000000000000" >/etc/multipath/prkeys
	sgp --out --register --param-sark=0x3333 "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -s auto register
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	local auto
	auto=$(timeout 10 tpr-in --print-auto-key)
	auto=$(printf '0x%x' "${auto%% *}")
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" full
	printf '%s\n' "$output" | grep -q "^registrant: key=0x3333 (this host's multipathd key) transport_id=sas,$LAB_I1_SAS "
	printf '%s\n' "$output" | grep -q "^registrant: key=$auto (this host's auto key) transport_id=sas,$LAB_I2_SAS .*(this path)$"
	# the map wins over every scheme
	printf '%s\n' "0x3333 mpath-host" "$auto lab-auto" >/etc/tresv/keys
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" full
	printf '%s\n' "$output" | grep -q "^registrant: key=0x3333 (mpath-host) "
	printf '%s\n' "$output" | grep -q "^registrant: key=$auto (lab-auto) "
}

# The guest's /etc/machine-id is $LAB_MACHINE_ID (5a1b7e57c0ffee0ddba11ab1e0000001); its auto
# key, computed on the development host with Python's hmac (key: the machine ID's 16 bytes,
# message: KEYS_AUTO_APP_ID's, the version-4 and variant bits set as sd_id128 does) and what
# `systemd-id128 machine-id --app-specific` gives for that ID, is 0xc0b24d64f95142cc.
GUEST_AUTO=0xc0b24d64f95142cc

@test "the auto key: the kernel's HMAC (AF_ALG) alone, libsystemd alone, and both give the same key" {
	[ "$LAB_MACHINE_ID" = 5a1b7e57c0ffee0ddba11ab1e0000001 ]
	grep -q '^algif_hash ' /proc/modules
	local lib=/usr/lib/x86_64-linux-gnu/libsystemd.so.0
	[ -f "$lib" ]
	run --separate-stderr timeout 10 tpr-in --print-auto-key
	[ "$status" -eq 0 ] && [[ $output == "$GUEST_AUTO "* ]] || { echo "$status $output $stderr"; return 1; }
	# without libsystemd only the kernel can answer: the key, and names by it
	mv "$lib" "$lib.hidden"
	run --separate-stderr timeout 10 tpr-in --print-auto-key
	local st=$status out=$output
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -s auto register
	local reg=$status
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	mv "$lib.hidden" "$lib"
	[ "$st" -eq 0 ] && [[ $out == "$GUEST_AUTO "* ]] || { echo "no libsystemd: $st $out"; return 1; }
	[ "$reg" -eq 0 ] && [ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx "key: $GUEST_AUTO (this host's auto key) (this host's key)" ||
		{ echo "$output"; return 1; }
	# without AF_ALG (a kernel without CONFIG_CRYPTO_USER_API_HASH): libsystemd answers. The
	# kernel loads algif_hash again on the next socket(AF_ALG) (request_module, as on any
	# host), so it runs no modprobe while the module is out.
	local modprobe
	modprobe=$(cat /proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	rmmod algif_hash
	! grep -q '^algif_hash ' /proc/modules || { echo "$modprobe" >/proc/sys/kernel/modprobe; return 1; }
	run --separate-stderr timeout 10 tpr-in --print-auto-key
	st=$status out=$output
	# neither: one line saying what is missing, nothing on stdout
	mv "$lib" "$lib.hidden"
	run --separate-stderr timeout 10 tpr-in --print-auto-key
	mv "$lib.hidden" "$lib"
	echo "$modprobe" >/proc/sys/kernel/modprobe
	modprobe algif_hash
	[ "$st" -eq 0 ] && [[ $out == "$GUEST_AUTO "* ]] || { echo "no AF_ALG: $st $out"; return 1; }
	[ "$status" -ne 0 ] && [ -z "$output" ] || { echo "neither: $status $output"; return 1; }
	[[ $stderr == *"libsystemd.so.0 cannot be loaded"* ]] || { echo "$stderr"; return 1; }
}

@test "an /etc/tresv/keys others may write is ignored with one warning; the views go on without names" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	chmod 0666 /etc/tresv/keys
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	[ "$status" -eq 0 ]
	[ "$stderr" = "tpr-in: /etc/tresv/keys: ignored: it is writable by others" ]
	printf '%s\n' "$output" | grep -qx "key: 0x1111"
	# and a name it held is no name: bad input, nothing sent, nothing logged
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -s backup-b register
	[ "$status" -eq 1 ]
	[ "${stderr_lines[1]}" = "tpr-out: invalid --sa-key 'backup-b': use 0x and up to 16 hex digits, decimal digits, auto, or a name of the key map (none in use)" ]
	[ "$(lab_keys "$LAB_LU1" | tr '\n' ' ')" = "0x1111 " ]
	sleep 1
	[ "$(lab_syslog_mark)" -eq "$MARK" ]
}

@test "over iSCSI: the session's own TransportID and the SAS paths' views name the keys; its audit line too" {
	[ -n "${LAB_ISCSI_URL:-}" ] || { echo "the lab's iSCSI target did not come up"; return 1; }
	local host=iqn.2026-12.test.host:lab
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	run --separate-stderr timeout 60 tpr-out --initiator-name "$host" -f "$LAB_ISCSI_URL" -s backup-b register
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$(lab_keys "$LAB_LU1" | tr '\n' ' ')" = "0x1111 0x2222 " ]
	run --separate-stderr timeout 60 tpr-in --initiator-name "$host" -f "$LAB_ISCSI_URL" full
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	printf '%s\n' "$output" | grep -q "^registrant: key=0x2222 (backup-b) transport_id=$host,i,0x807472760000 .*(this path)$" ||
		{ echo "$output"; return 1; }
	printf '%s\n' "$output" | grep -q "^registrant: key=0x1111 (backup-a) transport_id=sas,$LAB_I1_SAS "
	run --separate-stderr timeout 60 tpr-in --initiator-name "$host" -f "$LAB_ISCSI_URL" --json status
	[ "$(jq -r '.devices[0].registrants[] | select(.this_path) | .key_name' <<<"$output")" = backup-b ]
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU1" full
	printf '%s\n' "$output" | grep -q "^registrant: key=0x2222 (backup-b) transport_id=$host,i,0x807472760000 "
	audit tpr-out
	[ "$audit" = "authpriv.notice user=root uid=0 device=$LAB_ISCSI_URL lu=$LU action=register key=0x0 sa_key=0x2222 sa_key_name=backup-b result=done exit=0" ] ||
		{ echo "got: $audit"; return 1; }
}

# ---- the audit trail: tpr-out ---------------------------------------------------------

@test "tpr-out preempt by name, -s holder --register: one line with both keys named and the holder before" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k backup-b -s holder --register -T ex-ac preempt
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$(lab_reservation "$LAB_LU2")" = "0x2222 Exclusive Access" ]
	audit tpr-out
	[ "$audit" = "authpriv.notice user=root uid=0 device=$LAB_LU2 lu=$LU action=register+preempt key=0x2222 key_name=backup-b sa_key=0x1111 sa_key_name=backup-a type=ex-ac before=\"pr ex-ac 0x1111 (backup-a)\" result=done exit=0" ] ||
		{ echo "got: $audit"; return 1; }
}

@test "tpr-out: a conflict is logged as one, a failure with its status, --dry-run not at all" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	# -s holder with nothing reserved: failed before any PR OUT
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k 0x2222 -s holder -T ex-ac preempt
	[ "$status" -eq 99 ]
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-out -n -f "$LAB_LU2" -k 0x2222 -T ex-ac reserve
	[ "$status" -eq 0 ]
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k 0x2222 -T ex-ac reserve
	[ "$status" -eq 24 ]
	run --separate-stderr timeout 30 tpr-out -f "$LAB_LU2" -k 0x2222 -s 0x9999 -T ex-ac preempt
	[ "$status" -eq 24 ]
	audit tpr-out 3
	[ "${#audits[@]}" -eq 3 ] || { echo "got: $audit"; return 1; }
	[ "${audits[0]}" = "authpriv.warn user=root uid=0 device=$LAB_LU2 lu=$LU action=preempt key=0x2222 key_name=backup-b type=ex-ac before=none result=failed exit=99" ]
	[ "${audits[1]}" = "authpriv.warn user=root uid=0 device=$LAB_LU2 lu=$LU action=reserve key=0x2222 key_name=backup-b type=ex-ac result=conflict exit=24" ]
	[ "${audits[2]}" = "authpriv.warn user=root uid=0 device=$LAB_LU2 lu=$LU action=preempt key=0x2222 key_name=backup-b sa_key=0x9999 type=ex-ac result=conflict exit=24" ]
}

@test "every tpr-out service action that changes something writes one line: its word and keys" {
	local a
	for a in "-s 0x1111 register" "-k 0x1111 -s 0x5555 register" "-k 0x5555 -T wr-ex reserve" \
		"-k 0x5555 -T wr-ex release" "-s 0x6666 register-ignore" "-k 0x6666 unregister" \
		"-s 0x7777 register" "-k 0x7777 --force clear"; do
		# shellcheck disable=SC2086 # the options are words
		run --separate-stderr timeout 30 tpr-out -f "$LAB_LU1" $a
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
	done
	audit tpr-out 8
	[ "${#audits[@]}" -eq 8 ] || { echo "got: $audit"; return 1; }
	local pre="authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU"
	[ "${audits[0]}" = "$pre action=register key=0x0 sa_key=0x1111 sa_key_name=backup-a result=done exit=0" ]
	[ "${audits[1]}" = "$pre action=register key=0x1111 key_name=backup-a sa_key=0x5555 result=done exit=0" ]
	[ "${audits[2]}" = "$pre action=reserve key=0x5555 type=wr-ex result=done exit=0" ]
	[ "${audits[3]}" = "$pre action=release key=0x5555 type=wr-ex result=done exit=0" ]
	[ "${audits[4]}" = "$pre action=register-ignore sa_key=0x6666 result=done exit=0" ]
	[ "${audits[5]}" = "$pre action=unregister key=0x6666 result=done exit=0" ]
	[ "${audits[6]}" = "$pre action=register key=0x0 sa_key=0x7777 result=done exit=0" ]
	[ "${audits[7]}" = "$pre action=clear key=0x7777 result=done exit=0" ]
}

# ---- the audit trail: tresv -----------------------------------------------------------

@test "tresv reserve, a conflicting reserve, break and release: each one line, the holder where probed" {
	run --separate-stderr timeout 30 tresv -f "$LAB_LU1" reserve
	[ "$status" -eq 0 ]
	run --separate-stderr timeout 30 tresv -f "$LAB_LU2" reserve
	[ "$status" -eq 24 ]
	run --separate-stderr timeout 60 tresv --force -f "$LAB_LU2" break
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	lab_drain_ua "$LAB_LU1" || true
	run --separate-stderr timeout 30 tresv -f "$LAB_LU1" release
	[ "$status" -eq 0 ]
	audit tresv 4
	[ "${#audits[@]}" -eq 4 ] || { echo "got: $audit"; return 1; }
	[ "${audits[0]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=reserve result=done exit=0" ]
	[ "${audits[1]}" = "authpriv.warn user=root uid=0 device=$LAB_LU2 lu=$LU action=reserve after=\"spc2 another initiator\" result=conflict exit=24" ]
	[ "${audits[2]}" = "authpriv.notice user=root uid=0 device=$LAB_LU2 lu=$LU action=break reset=logical-unit before=\"spc2 another initiator\" after=none result=done exit=0" ]
	[ "${audits[3]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=release result=done exit=0" ]
}

@test "tresv break refused for a persistent reservation: logged as a conflict, nothing reset" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=1 "$LAB_LU1"
	run --separate-stderr timeout 30 tresv --force -f "$LAB_LU2" break
	[ "$status" -eq 24 ]
	[ "$(lab_reservation "$LAB_LU1")" = "0x1111 Write Exclusive" ]
	audit tresv
	[ "$audit" = "authpriv.warn user=root uid=0 device=$LAB_LU2 lu=$LU action=break reset=logical-unit before=\"pr wr-ex 0x1111 (backup-a)\" result=conflict exit=24" ]
}

# ---- the audit trail: tlock -----------------------------------------------------------

@test "tlock: the take and the give back, each one line with the holder read" {
	run --separate-stderr timeout 30 tlock -L "$L" -k backup-a -f "$LAB_LU1" -- true
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	audit tlock 2
	[ "${audits[0]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=take method=pr key=0x1111 key_name=backup-a type=ex-ac before=none result=done exit=0" ]
	[ "${audits[1]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=give-back method=pr key=0x1111 key_name=backup-a type=ex-ac before=\"pr ex-ac 0x1111 (backup-a)\" result=done exit=0" ]
	[ "${#audits[@]}" -eq 2 ]
}

@test "tlock: a take refused by another host's reservation is one line, with -E's status" {
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	sgp --out --reserve --param-rk=0x2222 --prout-type=3 "$LAB_LU2"
	run --separate-stderr timeout 30 tlock -L "$L" -k 0x1111 -n -E 75 -f "$LAB_LU1" -- true
	[ "$status" -eq 75 ]
	audit tlock
	[ "$audit" = "authpriv.warn user=root uid=0 device=$LAB_LU1 lu=$LU action=take method=pr key=0x1111 key_name=backup-a type=ex-ac before=\"pr ex-ac 0x2222 (backup-b)\" result=conflict exit=75" ]
	# --force preempts, and says so in its line
	run --separate-stderr timeout 30 tlock -L "$L" -k 0x1111 --force -f "$LAB_LU1" -- true
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	audit tlock 3
	[ "${audits[1]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=preempt method=pr key=0x1111 key_name=backup-a sa_key=0x2222 sa_key_name=backup-b type=ex-ac before=\"pr ex-ac 0x2222 (backup-b)\" result=done exit=0" ]
}

@test "tlock: stale recovery and break name the dead owner's PID" {
	local tl
	tl=$(lab_tlock_killed "$L" 0x1111 "$LAB_LU1")
	run --separate-stderr timeout 30 tlock -L "$L" -k 0x2222 -n -f "$LAB_LU1" -- true
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	audit tlock 4
	# the killed tlock's own take, then the recovery, the take, the give back
	[ "${audits[1]}" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=recover method=pr owner=$tl key=0x1111 key_name=backup-a type=ex-ac before=\"pr ex-ac 0x1111 (backup-a)\" result=done exit=0" ] ||
		{ echo "got: $audit"; return 1; }
	[[ ${audits[2]} == *" action=take method=pr key=0x2222 key_name=backup-b type=ex-ac before=none result=done exit=0" ]]
	# a lock whose owner died, broken by hand
	sleep 60 &
	local owner=$!
	run --separate-stderr timeout 30 tlock -L "$L" -k 0x1111 --owner "$owner" -f "$LAB_LU1" acquire
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	kill "$owner"
	wait "$owner" || true
	MARK=$(lab_syslog_mark)
	run --separate-stderr timeout 30 tlock -L "$L" -f "$LAB_LU1" break
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	audit tlock
	[ "$audit" = "authpriv.notice user=root uid=0 device=$LAB_LU1 lu=$LU action=break method=pr owner=$owner key=0x1111 key_name=backup-a type=ex-ac before=\"pr ex-ac 0x1111 (backup-a)\" result=done exit=0" ]
}

@test "nothing listening on /dev/log: said once on stderr, and the job runs and gives the unit back" {
	# a mount namespace of its own: /dev/log is /dev/null there, which refuses a connection
	run --separate-stderr timeout 60 unshare -m sh -c \
		'mount --bind /dev/null /dev/log && exec tlock -L "$1" -k 0x1111 -f "$2" -- echo ran' \
		sh "$L" "$LAB_LU1"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "$output" = ran ]
	[ "$stderr" = "tlock: cannot log to syslog (/dev/log: Connection refused); the audit trail of this run is lost" ]
	[ -z "$(lab_keys "$LAB_LU1")" ]
	sleep 1
	[ "$(lab_syslog_mark)" -eq "$MARK" ]
}
