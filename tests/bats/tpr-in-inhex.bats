#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in --inhex, --json, --hex and many devices, on the host: saved responses decoded without a device.

load helpers

DATA="$BATS_TEST_DIRNAME/../data"

# capture NAME HEX...: a commented hex capture file in the test's temp dir.
capture() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	printf '# capture\n%s\n' "$*" >"$f"
	echo "$f"
}

@test "--inhex full: every registrant, its TransportID, port and holder" {
	run --separate-stderr tpr-in -k 0x9 --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "PR generation: 0x7" ]
	[ "${lines[1]}" = "registrants: 2" ]
	[ "${lines[2]}" = "registrant: key=0x1111 transport_id=sas,0x5001405000000001 rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac" ]
	[ "${lines[3]}" = "registrant: key=0x2222 transport_id=sas,0x5001405000000002 rel_tgt_port=2 r_holder=0 all_tg_pt=1" ]
	[ "${#lines[@]}" -eq 4 ]
	[ -z "$stderr" ]
}

@test "--inhex full with -k marks the registrant with our key" {
	run --separate-stderr tpr-in -k 0x2222 --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	[[ ${lines[3]} == *"all_tg_pt=1 (this host's key)" ]]
	[[ ${lines[2]} != *"this host"* ]]
}

@test "--inhex full --json: fields checked one by one" {
	run --separate-stderr tpr-in -k 0x2222 --json --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 - "$output" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["tool"] == "tpr-in", d
dev = d["devices"][0]
assert dev["exit_status"] == 0 and dev["prgeneration"] == 7 and dev["truncated"] is False
r = dev["registrants"]
assert [x["key"] for x in r] == ["0x1111", "0x2222"], r
assert r[0]["r_holder"] is True and r[0]["type"] == {"code": 3, "name": "ex-ac", "title": "Exclusive Access"}
assert r[0]["transport_id"] == "sas,0x5001405000000001" and r[0]["protocol"] == "SAS"
assert r[1]["all_tg_pt"] is True and r[1]["relative_target_port"] == 2 and "type" not in r[1]
assert r[1]["our_key"] is True and r[0]["our_key"] is False
PY
}

@test "--inhex keys, reservation, caps decode exact captures" {
	local f
	f=$(capture keys.hex "00 00 00 05 00 00 00 10 00 00 00 00 00 00 11 11 ab cd ef 01 23 45 67 89")
	run --separate-stderr tpr-in -k 0x1 --inhex "$f" keys
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'PR generation: 0x5\nkeys: 2\nkey: 0x1111\nkey: 0xabcdef0123456789')" ]
	f=$(capture resv.hex "00 00 00 04 00 00 00 10 00 00 00 00 00 00 11 11 00 00 00 00 00 06 00 00")
	run --separate-stderr tpr-in -k 0x1 --inhex "$f" reservation
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'PR generation: 0x4\nreservation: held\nholder key: 0x1111\nscope: LU (0)\ntype: Exclusive Access, Registrants Only (ex-ac-ro, 6)')" ]
	f=$(capture caps.hex "00 08 1d 90 ea 01 00 00")
	run --separate-stderr tpr-in --inhex "$f" caps
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'RLR_C: 0 (replace lost reservation capable)'
	printf '%s\n' "$output" | grep -qx 'CRH: 1 (compatible reservation handling)'
	printf '%s\n' "$output" | grep -qx 'TMV: 1 (type mask valid)'
	printf '%s\n' "$output" | grep -q '^ALLOW COMMANDS: 1 (TEST UNIT READY allowed'
	printf '%s\n' "$output" | grep -qx 'PTPL_A: 0 (persist through power loss activated)'
	[ "$(printf '%s\n' "$output" | grep -c '^type .*: 1 ')" -eq 6 ]
}

@test "--inhex caps --json: every flag under its SPC name in lower case" {
	local f
	f=$(capture caps.hex "00 08 9d 91 ea 01 00 00")
	run --separate-stderr tpr-in --json --inhex "$f" caps
	[ "$status" -eq 0 ]
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 - "$output" <<'PY'
import json, sys
c = json.loads(sys.argv[1])["devices"][0]["capabilities"]
want = {"rlr_c": True, "crh": True, "sip_c": True, "atp_c": True, "ptpl_c": True,
        "tmv": True, "ptpl_a": True, "allow_commands": 1}
for k, v in want.items():
    assert c[k] == v, (k, c)
assert c["types_supported"] == ["wr-ex", "ex-ac", "wr-ex-ro", "ex-ac-ro", "wr-ex-ar", "ex-ac-ar"], c
PY
}

@test "--inhex caps with only EX_AC in the type mask lists only ex-ac as supported" {
	local f
	f=$(capture caps1.hex "00 08 00 80 08 00 00 00")
	run --separate-stderr tpr-in --inhex "$f" caps
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'type ex-ac: 1 (Exclusive Access)'
	[ "$(printf '%s\n' "$output" | grep -c '^type .*: 0 ')" -eq 5 ]
}

@test "--inhex of a truncated key list decodes what arrived, marked incomplete, and warns" {
	local f
	f=$(capture cut.hex "00 00 00 09 00 00 00 18 00 00 00 00 00 00 00 01")
	run --separate-stderr tpr-in -k 0x5 --inhex "$f" keys
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "keys: at least 1, list cut at byte 16" ]
	[ "${lines[2]}" = "key: 0x1" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = "tpr-in: $f: READ KEYS response cut at byte 16 (its length field says more); showing what arrived, marked incomplete" ]
}

# The capture of issue 15: the one descriptor of a 64-byte list claims an
# ADDITIONAL DESCRIPTOR LENGTH of FFFFFFF0h.  It used to print
# "registrants: 0" and exit 0; the response contradicts itself.
ISSUE15="00 00 00 07 00 00 00 38
00 00 00 00 00 00 11 11 00 00 00 00 01 03 00 00 00 00 00 01 ff ff ff f0
06 00 00 00 50 01 40 50 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00"

@test "--inhex full of a response that contradicts itself: exit 97, the field, its offset, both lengths" {
	local f
	f=$(capture issue15.hex "$ISSUE15")
	run --separate-stderr tpr-in --inhex "$f" full
	assert_one_line_error 97 "^tpr-in: .*/issue15.hex: malformed READ FULL STATUS response: ADDITIONAL DESCRIPTOR LENGTH \(byte 28\) says 4294967280 bytes, past the 32 bytes ADDITIONAL LENGTH leaves$"
	run --separate-stderr tpr-in --json --inhex "$f" full
	[ "$status" -eq 97 ]
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 - "$output" <<'PY'
import json, sys
dev = json.loads(sys.argv[1])["devices"][0]
assert dev["exit_status"] == 97 and dev["truncated"] is False and "cut" not in dev, dev
m = dev["malformed"]
assert m == {"response": "READ FULL STATUS", "field": "ADDITIONAL DESCRIPTOR LENGTH",
             "offset": 28, "value": 4294967280, "limit": 32,
             "says": "ADDITIONAL DESCRIPTOR LENGTH (byte 28) says 4294967280 bytes, "
                     "past the 32 bytes ADDITIONAL LENGTH leaves"}, m
assert "registrants" not in dev, dev
PY
}

@test "--inhex full of a capture cut short: what arrived, 'at least', where it stops; JSON says cut" {
	local f
	# two descriptors announced (AL 60h); the second stops after 16 bytes
	f=$(capture cut-full.hex "00 00 00 07 00 00 00 60
00 00 00 00 00 00 11 11 00 00 00 00 01 03 00 00 00 00 00 01 00 00 00 18
06 00 00 00 50 01 40 50 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 22 22 00 00 00 00 00 00 00 00")
	run --separate-stderr tpr-in --inhex "$f" full
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "registrants: at least 1, list cut at byte 72" ]
	[ "${lines[2]}" = "registrant: key=0x1111 transport_id=sas,0x5001405000000001 rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = "tpr-in: $f: READ FULL STATUS response cut at byte 72 (its length field says more); showing what arrived, marked incomplete" ]
	# cut before the first descriptor was whole: never "registrants: 0"
	f=$(capture cut-first.hex "00 00 00 07 00 00 00 30 00 00 00 00 00 00 11 11 00 00 00 00")
	run --separate-stderr tpr-in --inhex "$f" full
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "registrants: at least 0, list cut at byte 20" ]
	run --separate-stderr tpr-in --json --inhex "$f" full
	[ "$status" -eq 0 ]
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 - "$output" <<'PY'
import json, sys
dev = json.loads(sys.argv[1])["devices"][0]
assert dev["exit_status"] == 0 and dev["truncated"] is True, dev
assert dev["cut"] == {"response": "READ FULL STATUS", "at_byte": 20}, dev
assert dev["registrants"] == [] and "malformed" not in dev, dev
PY
}

@test "--inhex reservation and caps cut short: held but holder unknown; the bits that arrived" {
	local f
	f=$(capture cut-resv.hex "00 00 00 04 00 00 00 10 00 00 00 00 00 00 11 11 00 00 00 00")
	run --separate-stderr tpr-in --inhex "$f" reservation
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'PR generation: 0x4\nreservation: held, descriptor cut at byte 20: holder, scope and type unknown')" ]
	run --separate-stderr tpr-in --json --inhex "$f" reservation
	[[ $output == *'"reservation": {'*'"key": null'* ]]
	f=$(capture cut-caps.hex "00 08 1d")
	run --separate-stderr tpr-in --inhex "$f" caps
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "capabilities: cut at byte 3; the fields from there on are unknown" ]
	printf '%s\n' "$output" | grep -qx 'CRH: 1 (compatible reservation handling)'
	! printf '%s\n' "$output" | grep -q '^TMV\|^ALLOW COMMANDS\|^type '
}

@test "--inhex hostile or broken files: exit 97 or 15, one line, nothing on stdout" {
	local f
	f=$(capture bad.hex "00 00 0g")
	run --separate-stderr tpr-in --inhex "$f" keys
	assert_one_line_error 97 "^tpr-in: .*/bad.hex: line 2: not hex text$"
	f=$(capture odd.hex "00 00 00 01 00 00 00 0c 00 00 00 00 00 00 00 01 00 00 00 02")
	run --separate-stderr tpr-in --inhex "$f" keys
	assert_one_line_error 97 "^tpr-in: .*/odd.hex: malformed READ KEYS response: ADDITIONAL LENGTH \\(byte 4\\) says 12 bytes, not a multiple of the 8 bytes of a reservation key$"
	# all 24 announced bytes arrived, but the TransportID claims 4 GiB
	f=$(capture hostile.hex "00 00 00 01 00 00 00 18 00 00 00 00 00 00 11 11 00 00 00 00 01 03 00 00 00 00 00 01 ff ff ff ff")
	run --separate-stderr tpr-in --inhex "$f" full
	assert_one_line_error 97 "^tpr-in: .*/hostile.hex: malformed READ FULL STATUS response: ADDITIONAL DESCRIPTOR LENGTH \(byte 28\) says 4294967295 bytes, past the 0 bytes ADDITIONAL LENGTH leaves$"
	run --separate-stderr tpr-in --inhex "$BATS_TEST_TMPDIR/none.hex" keys
	assert_one_line_error 15 "none.hex: No such file or directory$"
	run --separate-stderr tpr-in --inhex "$BATS_TEST_TMPDIR" keys
	assert_one_line_error 15 "not a regular file$"
}

@test "contradictory options: exit 31, one line, nothing sent" {
	run --separate-stderr tpr-in --json --hex -f /dev/null keys
	assert_one_line_error 31 "^tpr-in: --json and --hex contradict each other"
	run --separate-stderr tpr-in --inhex "$DATA/full-two-sas.hex" -f /dev/null full
	assert_one_line_error 31 "^tpr-in: --inhex decodes a file: it takes no device"
	run --separate-stderr tpr-in --inhex "$DATA/full-two-sas.hex"
	assert_one_line_error 31 "^tpr-in: --inhex decodes one saved response"
	run --separate-stderr tpr-in --all -f /dev/null
	assert_one_line_error 31 "^tpr-in: --all and -f contradict each other"
	no_sg_io tpr-in --json --hex -f /dev/null keys
}

@test "many devices: each failure reported, the worst exit status wins" {
	run --separate-stderr tpr-in -f /dev/null -f /nonexistent-dev -f "$BATS_TEST_TMPDIR" keys
	[ "$status" -eq 15 ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = "tpr-in: /dev/null: not a SCSI device (it does not accept SG_IO)" ]
	[ "${stderr_lines[1]}" = "tpr-in: /nonexistent-dev: No such file or directory" ]
	# stdout: one block per device, in the order given
	[ "${lines[0]}" = "device: /dev/null" ]
	[ "${lines[1]}" = "error: not a SCSI device (it does not accept SG_IO)" ]
	[ "${lines[2]}" = "device: /nonexistent-dev" ]
	[ "${lines[4]}" = "device: $BATS_TEST_TMPDIR" ]
}

@test "many devices with --json: one document, devices in order, errors per device" {
	run --separate-stderr tpr-in --json -f /nonexistent-a -f /dev/null reservation
	[ "$status" -eq 15 ]
	command -v python3 >/dev/null || skip "python3 not installed"
	python3 - "$output" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
devs = d["devices"]
assert [x["device"] for x in devs] == ["/nonexistent-a", "/dev/null"], devs
assert all(x["exit_status"] == 15 for x in devs)
assert devs[0]["error"] == "No such file or directory"
assert "reservation" not in devs[0]
PY
}

@test "--all: one report per logical unit (its first running path), numerically, skipping other types" {
	TRESV_SYSFS_ROOT="$TOP/tests/unit/sysfs" run --separate-stderr tpr-in --all keys
	[ "$status" -eq 15 ]	# the fake tree's nodes do not exist in /dev
	# sg5 (enclosure), sg12 (type 32) and sg7 (unreadable type) are not queried;
	# sg10 and sg13 (offline) are paths of sg2's unit (one LU name in vpd_pg83)
	[ "$(printf '%s\n' "$output" | sed -n 's/^device: //p' | tr '\n' ' ')" = \
		"/dev/sg0 /dev/sg2 /dev/sg3 /dev/sg4 /dev/sg11 " ]
	[ "${#stderr_lines[@]}" -eq 5 ]
}

@test "--all with no SCSI generic devices: exit 15, one line" {
	mkdir -p "$BATS_TEST_TMPDIR/root/sys/class/scsi_generic"
	TRESV_SYSFS_ROOT="$BATS_TEST_TMPDIR/root" run --separate-stderr tpr-in --all
	assert_one_line_error 15 "^tpr-in: --all: no SCSI generic tape, changer or disk found$"
	TRESV_SYSFS_ROOT="$BATS_TEST_TMPDIR/none" run --separate-stderr tpr-in --all
	assert_one_line_error 15 "^tpr-in: --all: cannot list SCSI generic devices: No such file or directory$"
}

@test "--inhex on responses captured from the lab's LIO unit (all registrants, ALL_TG_PT)" {
	run --separate-stderr tpr-in -k 0x9 --inhex "$DATA/lab-reservation-wr-ex-ar.hex" reservation
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'PR generation: 0x2\nreservation: held\nholder key: 0x0 (every registrant is a holder)\nscope: LU (0)\ntype: Write Exclusive, All Registrants (wr-ex-ar, 7)')" ]
	run --separate-stderr tpr-in -k 0x9 --inhex "$DATA/lab-full-wr-ex-ar.hex" full
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "registrant: key=0x1111 transport_id=sas,0x5001405aaaa00001 rel_tgt_port=0 r_holder=1 all_tg_pt=1 scope=0 type=wr-ex-ar" ]
	[ "${lines[3]}" = "registrant: key=0xabcdef0123456789 transport_id=sas,0x5001405bbbb00002 rel_tgt_port=2 r_holder=1 all_tg_pt=0 scope=0 type=wr-ex-ar" ]
	run --separate-stderr tpr-in -k 0x9 --inhex "$DATA/lab-keys-wr-ex-ar.hex" keys
	[ "${lines[2]}" = "key: 0x1111" ]
	[ "${lines[3]}" = "key: 0xabcdef0123456789" ]
}

@test "--inhex refuses a capture of another service action, or of several responses (exit 31)" {
	run --separate-stderr tpr-in --inhex "$DATA/lab-keys-wr-ex-ar.hex" full
	assert_one_line_error 31 "lab-keys-wr-ex-ar.hex: holds a READ KEYS response, not READ FULL STATUS: give the matching action$"
	cat "$DATA/lab-keys-wr-ex-ar.hex" "$DATA/lab-caps-wr-ex-ar.hex" >"$BATS_TEST_TMPDIR/two.hex"
	run --separate-stderr tpr-in --inhex "$BATS_TEST_TMPDIR/two.hex" keys
	assert_one_line_error 31 "two.hex: holds 2 responses; --inhex decodes one \\(split the capture\\)$"
	# a capture without tpr-in's header lines is taken as it is
	grep -v '^#' "$DATA/lab-caps-wr-ex-ar.hex" >"$BATS_TEST_TMPDIR/bare.hex"
	run --separate-stderr tpr-in --inhex "$BATS_TEST_TMPDIR/bare.hex" caps
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'CRH: 1 (compatible reservation handling)'
}

@test "an unreadable --inhex file, as an unprivileged user: exit 15, one line" {
	[ "$(id -u)" = 0 ] || skip "needs root to drop to nobody"
	local d="$BATS_TEST_TMPDIR/u" tool="$BATS_TEST_TMPDIR/u/tpr-in"
	mkdir -p "$d"
	chmod 755 "$BATS_TEST_TMPDIR" "$d"
	cp "$TOP/${B:-build}/tpr-in" "$tool"
	cp "$DATA/lab-keys-wr-ex-ar.hex" "$d/secret.hex"
	chmod 000 "$d/secret.hex"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$tool" --inhex "$d/secret.hex" keys
	assert_one_line_error 15 "^tpr-in: .*/secret.hex: Permission denied$"
}
