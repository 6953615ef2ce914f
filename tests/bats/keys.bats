#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Names for keys on the host: the key map (--keys, TRESV_KEYS), what is left out and said, the trust rule, known schemes, names taken by -k/-s, --print-auto-key.

load helpers

DATA="$BATS_TEST_DIRNAME/../data"

setup() {
	# a directory of the test's own that only root writes: a trusted place
	MAPDIR="$BATS_TEST_TMPDIR/etc"
	mkdir -p "$MAPDIR"
	chmod 0755 "$MAPDIR"
	MAP="$MAPDIR/keys"
}

# map LINE...: the key map, one line per argument, mode 0644.
map() {
	printf '%s\n' "$@" >"$MAP"
	chmod 0644 "$MAP"
}

# keys_capture KEY...: a READ KEYS response (SPC-5 6.16.2) holding the keys
# (16 hex digits each), as --inhex reads it; its path on stdout.
keys_capture() {
	local f="$BATS_TEST_TMPDIR/keys.hex" k
	{
		printf '# READ KEYS made by the test\n00000005%08x\n' $((8 * $#))
		for k in "$@"; do
			printf '%s\n' "${k:0:16}"
		done
	} | sed -E '2,$s/(..)/\1 /g' >"$f"
	echo "$f"
}

# The auto key of this machine into AUTO as the views print keys (0x and
# hex digits, no leading zeros), or skip.
auto_key() {
	local line
	line=$(tpr-in --print-auto-key 2>/dev/null) || skip "no /etc/machine-id here"
	AUTO=$(printf '0x%x' "${line%% *}")
}

@test "names from --keys beside each key: text and JSON of --inhex full" {
	map "# the backup hosts" "0x1111 backup-a  rack 3, A" "0X2222	backup-b"
	run --separate-stderr tpr-in --keys "$MAP" --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$status: $stderr"; return 1; }
	[ "${lines[2]}" = "registrant: key=0x1111 (backup-a) transport_id=sas,0x5001405000000001 rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac" ]
	[ "${lines[3]}" = "registrant: key=0x2222 (backup-b) transport_id=sas,0x5001405000000002 rel_tgt_port=2 r_holder=0 all_tg_pt=1" ]
	run --separate-stderr tpr-in --keys "$MAP" --json --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	[ "$(jq -r '.devices[0].registrants | map(.key + "=" + .key_name) | join(" ")' <<<"$output")" = \
		"0x1111=backup-a 0x2222=backup-b" ]
	# without a map: key_name null, text unchanged
	run --separate-stderr tpr-in --json --inhex "$DATA/full-two-sas.hex" full
	[ "$(jq -c '[.devices[0].registrants[].key_name]' <<<"$output")" = "[null,null]" ]
}

@test "names in the keys and reservation views, JSON key_names beside keys" {
	map "0x1111 backup-a" "0xabcdef0123456789 backup-b"
	run --separate-stderr tpr-in --keys "$MAP" -k 0x1111 --inhex "$DATA/lab-keys-wr-ex-ar.hex" keys
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "key: 0x1111 (backup-a) (this host's key)" ]
	[ "${lines[3]}" = "key: 0xabcdef0123456789 (backup-b)" ]
	run --separate-stderr tpr-in --keys "$MAP" --json --inhex "$DATA/lab-keys-wr-ex-ar.hex" keys
	[ "$(jq -c '.devices[0] | [.keys, .key_names]' <<<"$output")" = \
		'[["0x1111","0xabcdef0123456789"],["backup-a","backup-b"]]' ]
	run --separate-stderr tpr-in --keys "$MAP" --json --inhex "$DATA/lab-reservation-wr-ex-ar.hex" reservation
	[ "$status" -eq 0 ]
	[ "$(jq -r '.devices[0].reservation | has("key_name")' <<<"$output")" = true ]
}

@test "TRESV_KEYS names the map without --keys; --keys wins; an empty one names none" {
	map "0x1111 from-env"
	printf '0x1111 from-option\n' >"$MAPDIR/other"
	chmod 0644 "$MAPDIR/other"
	TRESV_KEYS=$MAP run --separate-stderr tpr-in --inhex "$DATA/full-two-sas.hex" full
	[[ ${lines[2]} == "registrant: key=0x1111 (from-env) "* ]]
	TRESV_KEYS=$MAP run --separate-stderr tpr-in --keys "$MAPDIR/other" --inhex "$DATA/full-two-sas.hex" full
	[[ ${lines[2]} == "registrant: key=0x1111 (from-option) "* ]]
	TRESV_KEYS=$MAP run --separate-stderr tpr-in --keys= --inhex "$DATA/full-two-sas.hex" full
	[[ ${lines[2]} == "registrant: key=0x1111 transport_id="* ]] && [ -z "$stderr" ]
	TRESV_KEYS= run --separate-stderr tpr-in --inhex "$DATA/full-two-sas.hex" full
	[[ ${lines[2]} == "registrant: key=0x1111 transport_id="* ]] && [ -z "$stderr" ]
}

@test "bad lines are said as file:line: reason and left out; the rest is used" {
	map "0x1111 backup-a" "0xzz broken" "0x2222" "0x3333 0x4444" "auto myhost" \
		"0x12345678901234567 big" "0x5555 backup-a" "0x1111 other-name" "0x2222 backup-b"
	run --separate-stderr tpr-in --keys "$MAP" --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "tpr-in: $MAP:2: '0xzz' is not a key (0x and up to 16 hex digits, or decimal digits)" ]
	[ "${stderr_lines[1]}" = "tpr-in: $MAP:3: key 0x2222 has no name" ]
	[ "${stderr_lines[2]}" = "tpr-in: $MAP:4: bad name '0x4444': a name must not read as a key" ]
	[ "${stderr_lines[3]}" = "tpr-in: $MAP:5: 'auto' is each host's own key, not one key: write the key (tpr-in --print-auto-key prints this host's line)" ]
	[ "${stderr_lines[4]}" = "tpr-in: $MAP:6: key '0x12345678901234567' is larger than 64 bits" ]
	[ "${stderr_lines[5]}" = "tpr-in: $MAP:7: name 'backup-a' stands for 0x1111 on line 1 and for 0x5555 here: it cannot be used" ]
	[ "${stderr_lines[6]}" = "tpr-in: $MAP:8: key 0x1111 is named 'backup-a' on line 1 and 'other-name' here: neither name is used" ]
	[ "${#stderr_lines[@]}" -eq 7 ]
	# 0x1111 is contradicted: no name; 0x2222's line 9 is good
	[[ ${lines[2]} == "registrant: key=0x1111 transport_id="* ]]
	[[ ${lines[3]} == "registrant: key=0x2222 (backup-b) transport_id="* ]]
}

@test "a map others may write, or a symbolic link, is ignored with one warning naming it" {
	map "0x1111 backup-a"
	local why
	for why in file-group file-other dir-group dir-other link; do
		chmod 0644 "$MAP"
		chmod 0755 "$MAPDIR"
		rm -f "$MAPDIR/link"
		local path=$MAP want
		case $why in
		file-group) chmod 0664 "$MAP"; want="it is writable by its group" ;;
		file-other) chmod 0646 "$MAP"; want="it is writable by others" ;;
		dir-group) chmod 0775 "$MAPDIR"; want="its directory is writable by its group" ;;
		dir-other) chmod 1777 "$MAPDIR"; want="its directory is writable by others" ;;
		link) ln -s "$MAP" "$MAPDIR/link"; path=$MAPDIR/link; want="a symbolic link: refused" ;;
		esac
		run --separate-stderr tpr-in --keys "$path" --inhex "$DATA/full-two-sas.hex" full
		[ "$status" -eq 0 ] || { echo "$why: status $status"; return 1; }
		[ "${#stderr_lines[@]}" -eq 1 ] && [ "${stderr_lines[0]}" = "tpr-in: $path: ignored: $want" ] ||
			{ echo "$why: $stderr"; return 1; }
		[[ ${lines[2]} == "registrant: key=0x1111 transport_id="* ]] || { echo "$why: ${lines[2]}"; return 1; }
	done
	chmod 0755 "$MAPDIR"
}

@test "a map owned by another user is ignored; a missing --keys file is said, a missing default is not" {
	map "0x1111 backup-a"
	if [ "$(id -u)" = 0 ]; then
		chown 4242 "$MAP"
		run --separate-stderr tpr-in --keys "$MAP" --inhex "$DATA/full-two-sas.hex" full
		[ "${stderr_lines[0]}" = "tpr-in: $MAP: ignored: it is owned by uid 4242, not by root" ]
		chown 0 "$MAP"
	fi
	run --separate-stderr tpr-in --keys "$MAPDIR/none" --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ]
	[ "$stderr" = "tpr-in: $MAPDIR/none: ignored: No such file or directory" ]
	[ -e /etc/tresv/keys ] && skip "this machine has /etc/tresv/keys"
	unset TRESV_KEYS
	run --separate-stderr tpr-in --inhex "$DATA/full-two-sas.hex" full
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
}

@test "known schemes without a map: ASCII keys, LTFS's keys, this host's auto key; the map wins" {
	auto_key
	local f
	f=$(keys_capture 4e6574576f726b72 686f737441000000 400000000a000007 \
		60010203040506a7 106261636b757031 "$(printf '%016x' "$AUTO")" 0000000000001111)
	run --separate-stderr tpr-in --inhex "$f" keys
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[ "${lines[2]}" = 'key: 0x4e6574576f726b72 (ASCII "NetWorkr")' ]
	[ "${lines[3]}" = 'key: 0x686f737441000000 (ASCII "hostA")' ]
	[ "${lines[4]}" = "key: 0x400000000a000007 (LTFS host 10.0.0.7)" ]
	[ "${lines[5]}" = "key: 0x60010203040506a7 (LTFS host IPv6 xx01:0203:0405:06a7)" ]
	[ "${lines[6]}" = "key: 0x106261636b757031 (LTFS host backup1)" ]
	[ "${lines[7]}" = "key: $AUTO (this host's auto key) (this host's key)" ]
	[ "${lines[8]}" = "key: 0x1111" ]
	map "0x4e6574576f726b72 networker-pool" "$AUTO this-box"
	run --separate-stderr tpr-in --keys "$MAP" --inhex "$f" keys
	[ "${lines[2]}" = "key: 0x4e6574576f726b72 (networker-pool)" ]
	[ "${lines[7]}" = "key: $AUTO (this-box) (this host's key)" ]
}

@test "-k and -s take a name of the map: the keys sent are the map's" {
	map "0x1111 backup-a" "0x2222 backup-b"
	run --separate-stderr tpr-out -n --keys "$MAP" -k backup-b -s backup-a -T ex-ac preempt
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ $output == *$'\nparameter list: 00 00 00 00 00 00 22 22 00 00 00 00 00 00 11 11\n'* ]]
	[[ $output == *$'\nreservation key: 0x2222 (backup-b)\n'* ]]
	[[ $output == *$'\nservice action reservation key: 0x1111 (backup-a)\n'* ]]
	TRESV_KEYS=$MAP run --separate-stderr tpr-out -n --key=backup-a --sa-key=backup-b register
	[[ $output == *$'\nparameter list: 00 00 00 00 00 00 11 11 00 00 00 00 00 00 22 22\n'* ]]
	# tpr-in's -k marks the named key; tlock's -k passes the checks and
	# stops at /dev/null
	run --separate-stderr tpr-in --keys "$MAP" -k backup-b --inhex "$DATA/full-two-sas.hex" full
	[[ ${lines[3]} == *"all_tg_pt=1 (this host's key)" ]]
	run --separate-stderr tlock --keys "$MAP" -L "$BATS_TEST_TMPDIR/locks" -k backup-a -f /dev/null acquire
	assert_one_line_error 15 "^tlock: /dev/null: not a SCSI device"
}

@test "a name not in the map, or one the map contradicts, is bad input: nothing is sent" {
	map "0x1111 twice" "0x2222 twice" "0x3333 fine"
	run --separate-stderr tpr-out --keys "$MAP" -k backup-z -s 0x1 -f /dev/null register
	[ "$status" -eq 1 ] && [ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[1]}" = "tpr-out: invalid --key 'backup-z': use 0x and up to 16 hex digits, decimal digits, auto, or a name of the key map ($MAP)" ]
	run --separate-stderr tpr-out --keys "$MAP" -k 0x3333 -s twice -T 1 -f /dev/null preempt
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "tpr-out: $MAP:2: name 'twice' stands for 0x1111 on line 1 and for 0x2222 here: it cannot be used" ]
	[ "${stderr_lines[1]}" = "tpr-out: invalid --sa-key 'twice': $MAP gives that name to two keys, or its key two names (lines 1 and 2)" ]
	[ "${#stderr_lines[@]}" -eq 2 ] && [ -z "$output" ]
	no_sg_io tpr-out --keys "$MAP" -k 0x3333 -s twice -T 1 -f /dev/null preempt
	run --separate-stderr tlock --keys "$MAP" -k twice -L "$BATS_TEST_TMPDIR/locks" -f /dev/null acquire
	[ "$status" -eq 1 ] && [[ ${stderr_lines[1]} == "tlock: invalid key 'twice': "* ]]
	run --separate-stderr tpr-in --keys= -k fine --inhex "$DATA/full-two-sas.hex" full
	assert_one_line_error 1 "^tpr-in: invalid key 'fine': .* a name of the key map \(none in use\)$"
}

@test "--print-auto-key: this host's line for the map, the key systemd-id128 computes; alone only" {
	auto_key
	run --separate-stderr tpr-in --print-auto-key
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
	[[ $output =~ ^0x[0-9a-f]{16}\ ([^ ]+)\ auto\ key\ of\ ([^ ]+)$ ]] || { echo "$output"; return 1; }
	local name=${BASH_REMATCH[1]}
	[ "$name" = "${BASH_REMATCH[2]}" ]
	[ "$(printf '0x%x' "${output%% *}")" = "$AUTO" ]
	if command -v systemd-id128 >/dev/null; then
		local id
		id=$(systemd-id128 machine-id --app-specific=33f98650fe29453bbe39d13a8befa6a3)
		[ "${output:0:18}" = "0x${id:0:16}" ]
	fi
	# the line is a good map line: its name stands for the auto key
	printf '%s\n' "$output" >"$MAP"
	chmod 0644 "$MAP"
	run --separate-stderr tpr-out -n --keys "$MAP" -s "$name" register
	[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$stderr"; return 1; }
	[[ $output == *$'\nservice action reservation key: '"$AUTO ($name)"$'\n'* ]] ||
		{ echo "$output"; return 1; }
	local extra
	for extra in "-f /dev/null" "keys" "--json" "-k 0x1" "--inhex $DATA/full-two-sas.hex"; do
		# shellcheck disable=SC2086 # the words of the option
		run --separate-stderr tpr-in --print-auto-key $extra
		assert_one_line_error 31 "^tpr-in: --print-auto-key goes alone: no device, action or other option$" ||
			{ echo "with $extra"; return 1; }
	done
}

@test "every tool takes --keys; a bad map never stops a tool" {
	map "0xzz broken"
	local tool
	for tool in tresv tpr-out tlock; do
		case $tool in
		tresv) run --separate-stderr tresv --keys "$MAP" -f /dev/null probe ;;
		tpr-out) run --separate-stderr tpr-out --keys "$MAP" -k 0x1 -T 1 -f /dev/null reserve ;;
		tlock) run --separate-stderr tlock --keys "$MAP" -L "$BATS_TEST_TMPDIR/locks" -f /dev/null status ;;
		esac
		[ "$status" -eq 15 ] || { echo "$tool: $status $stderr"; return 1; }
		[ "${stderr_lines[0]}" = "$tool: $MAP:1: '0xzz' is not a key (0x and up to 16 hex digits, or decimal digits)" ] ||
			{ echo "$tool: $stderr"; return 1; }
	done
}
