#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-out's command-line contract on the host: help, version, every bad input refused before the device, --dry-run bytes.

load helpers

# There is no SCSI device on the host.  /dev/null stands in for one: it
# passes every option check, then tpr-out opens it and finds that it does
# not take SG_IO (exit 15, "not a SCSI device").  So exit 15 on /dev/null
# means "the input was accepted", and any other status means "refused
# before the device".  -k is given wherever the action would otherwise
# derive the auto key, so that these tests do not depend on
# /etc/machine-id.

# bad STATUS REGEX ARG...: tpr-out ARG... fails with STATUS, exactly one
# stderr line matching REGEX, nothing on stdout, and sends no SG_IO.
bad() {
	local want=$1 re=$2
	shift 2
	run --separate-stderr tpr-out "$@"
	assert_one_line_error "$want" "$re" || { echo "args: $*"; return 1; }
	no_sg_io tpr-out "$@" || { echo "args: $*"; return 1; }
}

# accepted ARG...: the input passes every check; tpr-out gets as far as
# opening /dev/null (ARG... must include -f /dev/null).
accepted() {
	run --separate-stderr tpr-out "$@"
	assert_one_line_error 15 "^tpr-out: /dev/null: not a SCSI device \(it does not accept SG_IO\)$" ||
		{ echo "args: $*"; return 1; }
}

# not_opened PATH ARG...: tpr-out ARG... neither opens PATH nor sends
# SG_IO.
not_opened() {
	local path=$1
	shift
	no_open "$path" tpr-out "$@" && no_sg_io tpr-out "$@"
}

# ---- the --help/--version contract ---------------------------------------

@test "--help prints usage on stdout and exits 0; -h is --help" {
	local usage="Usage: tpr-out [-v] [-t SECS] [-k KEY] [-s KEY|holder] [-T TYPE] [OPTIONS] -f DEVICE ACTION"
	run --separate-stderr tpr-out --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$usage" ]
	[[ $output == *"  preempt          remove the registrations of -s KEY and take its reservation"* ]]
	[[ $output == *"See tpr-out(1)."* ]]
	[ -z "$stderr" ]
	run --separate-stderr tpr-out -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$usage" ]
	[ -z "$stderr" ]
}

@test "--help wins over a bad option value after it and sends nothing" {
	run --separate-stderr tpr-out --help -T 9 cl
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "Usage: tpr-out "* ]]
	no_sg_io tpr-out --help -f /dev/null clear
}

@test "--version and -V print the version on stdout and exit 0" {
	run --separate-stderr tpr-out --version
	[ "$status" -eq 0 ]
	[[ $output =~ ^tpr-out\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ -z "$stderr" ]
	run --separate-stderr tpr-out -V
	[ "$status" -eq 0 ]
	[[ $output =~ ^tpr-out\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "unknown long option: two stderr lines, exit 1" {
	run --separate-stderr tpr-out --bogus -f /dev/null clear
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tpr-out: unrecognized option '--bogus'" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-out --help' for more information." ]
	no_sg_io tpr-out --bogus -f /dev/null clear
}

@test "unknown short option, and an option without its argument: two stderr lines, exit 1" {
	run --separate-stderr tpr-out -Z -f /dev/null clear
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tpr-out: unrecognized option '-Z'" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-out --help' for more information." ]
	run --separate-stderr tpr-out clear -f
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tpr-out: option '-f': missing argument" ]
	[ "${stderr_lines[1]}" = "Try 'tpr-out --help' for more information." ]
}

# ---- bad input: each refused with one line, before the device --------------

@test "bad keys: exit 1 naming --key and the value, nothing sent" {
	local k
	for k in 0x 0xg 0xzz -1 "" " 1" 1x 12abc AUTO 0o17 0x-1 +5; do
		bad 1 "^tpr-out: invalid --key '.*': use 0x and up to 16 hex digits, decimal digits, auto, or a name of the key map \(none in use\)$" \
			-k "$k" -T wr-ex -f /dev/null reserve
	done
	# 17 hex digits and 2^64: too large, said so
	bad 1 "^tpr-out: invalid --key '0x12345678901234567': larger than 64 bits$" \
		-k 0x12345678901234567 -T wr-ex -f /dev/null reserve
	bad 1 "^tpr-out: invalid --key '18446744073709551616': larger than 64 bits$" \
		-k 18446744073709551616 -T wr-ex -f /dev/null reserve
	bad 1 "^tpr-out: invalid --key '99999999999999999999999': larger than 64 bits$" \
		-k 99999999999999999999999 -T wr-ex -f /dev/null reserve
}

@test "keys at the limits are accepted" {
	accepted -k 0xffffffffffffffff -T wr-ex -f /dev/null reserve
	accepted -k 0XFFFFFFFFFFFFFFFF -T wr-ex -f /dev/null reserve
	accepted -k 18446744073709551615 -T wr-ex -f /dev/null reserve
	accepted -k 0x0000000000000001 -T wr-ex -f /dev/null reserve
	accepted -k auto -T wr-ex -f /dev/null reserve
	accepted -s 0 -f /dev/null register
}

@test "bad --sa-key values: exit 1 naming --sa-key and the value, nothing sent" {
	local s
	for s in 0x 0xg -1 "" 17x AUTO Auto autos HOLDER holders; do
		bad 1 "^tpr-out: invalid --sa-key '.*': use 0x and up to 16 hex digits, decimal digits, auto, or a name of the key map \(none in use\)$" \
			-k 0x1 -s "$s" -T ex-ac -f /dev/null preempt
	done
	bad 1 "^tpr-out: invalid --sa-key '0x12345678901234567': larger than 64 bits$" \
		-s 0x12345678901234567 -f /dev/null register
}

@test "--sa-key holder goes with preempt and preempt-abort only (exit 31 elsewhere)" {
	accepted -k 0x1 -s holder -T ex-ac -f /dev/null preempt
	accepted -k 0x1 -s holder -T ex-ac -f /dev/null --force preempt-abort
	bad 31 "^tpr-out: --sa-key holder does not go with register$" -s holder -f /dev/null register
	bad 31 "^tpr-out: --sa-key holder does not go with register-ignore$" \
		-s holder -f /dev/null register-ignore
	bad 31 "^tpr-out: --sa-key holder does not go with register-move$" \
		-k 0x1 -s holder -T ex-ac -I sas,0x5001405bbbb00002 -R 2 -f /dev/null register-move
	bad 31 "^tpr-out: --sa-key holder does not go with replace-lost$" \
		-k 0 -s holder -T ex-ac -f /dev/null replace-lost
}

@test "types: names and SPC codes pass; unknown, obsolete (2, 4) and reserved codes are refused" {
	local t
	for t in wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar 1 3 5 6 7 8; do
		accepted -k 0x1 -T "$t" -f /dev/null reserve
	done
	for t in 0 2 4 9 15 16 01 03 WR-EX wr_ex ex write-exclusive "" " 3" 3x; do
		bad 1 "^tpr-out: invalid type '.*': use wr-ex, ex-ac, wr-ex-ro, ex-ac-ro, wr-ex-ar, ex-ac-ar or 1, 3, 5, 6, 7, 8$" \
			-k 0x1 -T "$t" -f /dev/null reserve
	done
}

@test "an action without an option it needs: exit 1 naming both" {
	bad 1 "^tpr-out: reserve needs --type$" -k 0x1 -f /dev/null reserve
	bad 1 "^tpr-out: release needs --type$" -k 0x1 -f /dev/null release
	bad 1 "^tpr-out: preempt needs --type$" -k 0x1 -s 0x2 -f /dev/null preempt
	bad 1 "^tpr-out: preempt-abort needs --type$" -k 0x1 -s 0x2 -f /dev/null --force preempt-abort
	bad 1 "^tpr-out: replace-lost needs --type$" -k 0 -s 0x2 -f /dev/null replace-lost
	bad 1 "^tpr-out: replace-lost needs --type$" -s 0x2 -f /dev/null replace-lost
	bad 1 "^tpr-out: replace-lost needs --sa-key$" -T ex-ac -f /dev/null replace-lost
	bad 1 "^tpr-out: replace-lost needs --sa-key$" -k 0 -T ex-ac -f /dev/null replace-lost
	bad 1 "^tpr-out: preempt needs --sa-key$" -k 0x1 -T ex-ac -f /dev/null preempt
	bad 1 "^tpr-out: register needs --sa-key$" -f /dev/null register
	bad 1 "^tpr-out: register-ignore needs --sa-key$" -f /dev/null register-ignore
	bad 1 "^tpr-out: register-move needs --transport-id$" \
		-k 0x1 -s 0x2 -T ex-ac -R 2 -f /dev/null register-move
	bad 1 "^tpr-out: register-move needs --rel-tgt-port$" \
		-k 0x1 -s 0x2 -T ex-ac -I sas,0x5001405bbbb00002 -f /dev/null register-move
	bad 1 "^tpr-out: register-move needs --sa-key$" \
		-k 0x1 -T ex-ac -I sas,0x5001405bbbb00002 -R 2 -f /dev/null register-move
}

@test "register-move: -T is taken but not needed; -s 0 is refused (exit 1)" {
	accepted -k 0x1 -s 0x2 -I sas,0x5001405bbbb00002 -R 2 -f /dev/null register-move
	accepted -k 0x1 -s 0x2 -T ex-ac -I sas,0x5001405bbbb00002 -R 2 -f /dev/null register-move
	local z
	for z in 0 0x0 0x0000000000000000; do
		bad 1 "^tpr-out: register-move needs a non-zero --sa-key \(the key the destination gets\)$" \
			-k 0x1 -s "$z" -T ex-ac -I sas,0x5001405bbbb00002 -R 2 -f /dev/null register-move
		bad 1 "^tpr-out: register-move needs a non-zero --sa-key \(the key the destination gets\)$" \
			-n -k 0x1 -s "$z" -I sas,0x5001405bbbb00002 -R 2 register-move
	done
	# without -T the TYPE field is 0 and no type is shown
	run --separate-stderr tpr-out -n -k 0x1 -s 0x2 -I sas,0x5001405bbbb00002 -R 2 register-move
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[1]}" = "cdb: 5f 07 00 00 00 00 00 00 30 00" ] || { echo "$output"; return 1; }
	[[ $output != *$'\n'"type: "* ]] || { echo "$output"; return 1; }
}

@test "an option that does not go with the action: exit 31 naming both" {
	bad 31 "^tpr-out: --type does not go with register$" -s 0x2 -T ex-ac -f /dev/null register
	bad 31 "^tpr-out: --type does not go with unregister$" -k 0x1 -T ex-ac -f /dev/null unregister
	bad 31 "^tpr-out: --type does not go with clear$" -k 0x1 -T ex-ac -f /dev/null --force clear
	bad 31 "^tpr-out: --unreg does not go with register$" -s 0x2 --unreg -f /dev/null register
	bad 31 "^tpr-out: --unreg does not go with preempt$" -k 0x1 -s 0x2 -T 1 -U -f /dev/null preempt
	bad 31 "^tpr-out: --transport-id does not go with reserve$" \
		-k 0x1 -T ex-ac -I sas,0x5001405bbbb00002 -f /dev/null reserve
	bad 31 "^tpr-out: --register does not go with register$" -s 0x2 --register -f /dev/null register
	bad 31 "^tpr-out: --key does not go with register-ignore$" -k 0x1 -s 0x2 -f /dev/null register-ignore
	bad 31 "^tpr-out: --sa-key does not go with unregister$" -k 0x1 -s 0x2 -f /dev/null unregister
	bad 31 "^tpr-out: --rel-tgt-port does not go with register$" -s 0x2 -R 2 -f /dev/null register
	bad 31 "^tpr-out: --all-tg-pt does not go with register-move$" \
		-k 0x1 -s 0x2 -T ex-ac -I sas,0x5001405bbbb00002 -R 2 -A -f /dev/null register-move
	bad 31 "^tpr-out: --aptpl does not go with reserve$" -k 0x1 -T ex-ac -P -f /dev/null reserve
	bad 31 "^tpr-out: --force does not go with preempt$" -k 0x1 -s 0x2 -T 1 --force -f /dev/null preempt
	bad 31 "^tpr-out: register-move takes exactly one --transport-id$" \
		-k 0x1 -s 0x2 -T ex-ac -R 2 -I sas,0x5001405bbbb00002 -I sas,0x5001405bbbb00003 \
		-f /dev/null register-move
}

@test "--all-paths: only with register, register-ignore and unregister; never with -I (exit 31, nothing sent)" {
	local args
	for args in "-k 0x1 -T ex-ac reserve" "-k 0x1 -T ex-ac release" "-k 0x1 --force clear" \
		"-k 0x1 -s 0x2 -T 1 preempt" "-k 0x1 -s 0x2 -T 1 --force preempt-abort" \
		"-k 0x1 -s 0x2 -I sas,0x5001405bbbb00002 -R 2 register-move" \
		"-s 0x2 -T 1 replace-lost"; do
		# shellcheck disable=SC2086 # the options are words on purpose
		bad 31 "^tpr-out: --all-paths does not go with ${args##* }$" --all-paths -f /dev/null $args
	done
	bad 31 "^tpr-out: --all-paths and --transport-id contradict each other: each path registers only itself$" \
		--all-paths -s 0x2 -I sas,0x5001405bbbb00002 -f /dev/null register
	# the same before a dry run
	bad 31 "^tpr-out: --all-paths does not go with reserve$" -n --all-paths -k 0x1 -T 1 reserve
}

@test "--all-paths on a node that is no SCSI device: exit 15, nothing sent" {
	bad 15 "^tpr-out: /dev/null: cannot find the paths of its logical unit: sysfs does not know it as a SCSI device: " \
		--all-paths -s 0x2 -f /dev/null register
	bad 15 "^tpr-out: /dev/nonexistent-sg: cannot find the paths of its logical unit: " \
		--all-paths -k 0x2 -f /dev/nonexistent-sg unregister
	# accepted with the three actions: a dry run says where it would go
	run --separate-stderr tpr-out -n --all-paths -s 0x2 register-ignore
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "paths: every path of this host to the unit, each its own I_T nexus" ]
}

@test "--register needs a non-zero key" {
	bad 1 "^tpr-out: --register needs a non-zero --key$" -k 0 --register -T ex-ac -f /dev/null reserve
	accepted -k 0xbeef --register -T ex-ac -f /dev/null reserve
}

@test "--rel-tgt-port: 1 to 65535" {
	local r
	for r in 0 65536 abc -1 "" 1.5 " 2" 99999999999999999999; do
		bad 1 "^tpr-out: invalid relative target port '.*': 1 to 65535$" \
			-k 0x1 -s 0x2 -T ex-ac -I sas,0x5001405bbbb00002 -R "$r" -f /dev/null register-move
	done
	for r in 1 65535; do
		accepted -k 0x1 -s 0x2 -T ex-ac -I sas,0x5001405bbbb00002 -R "$r" -f /dev/null register-move
	done
}

@test "bad TransportIDs: exit 1 quoting the value and listing the forms" {
	local t
	for t in sas,0x1 sas,0x5001405bbbb0000 sas,0x5001405bbbb000021 sas,5001405bbbb00002 \
		SAS,0x5001405bbbb00002 fc,0xzz fc,0x fc, iqn.1993-08.org.Debian:01:abc \
		iqn.1993-13.org.debian:01:abc iqn.1993-08.org.debian: iqn.1993-08..org \
		iqn.1993-08.org.debian:01:abc,i,0x23d00000001 iqn.1993-08.org.debian:01:abc,i,23d000000001 \
		eui.0123456789ABCDEF eui.0123456789abcde naa.0123 srp,0x0123 sbp,0xzz \
		sop,00:20.0 sop,0:00.0 spi,7,0 spi,07,1 spi,65536,1 hex,0 hex,06 hex,zz hex, \
		foo,0x1 scsi,1 "" " sas,0x5001405bbbb00002"; do
		bad 1 "^tpr-out: invalid TransportID '.*': use sas,0x<16 hex>, fc,0x<16 hex>, iqn.../eui.../naa...\[,i,0x<12 hex>\], srp,0x<32 hex>, sbp,0x<16 hex>, sop,BB:DD.F, spi,ADDR,PORT, proto-0xN,hex,<bytes> or hex,<bytes>$" \
			-s 0x2 -I "$t" -f /dev/null register
	done
}

@test "good TransportIDs of every form are accepted" {
	local t
	for t in sas,0x5001405bbbb00002 sas,0x5001405BBBB00002 fc,0x21000024ff3a5b6c \
		iqn.1993-08.org.debian:01:abc iqn.1993-08.org.debian:01:abc,i,0x23d000000001 \
		iqn.1993-08.org.debian:01:abc,i,0x23D000000001 eui.0123456789abcdef \
		naa.500a0981894b3e5c naa.6001405eab0001000000000000000000 \
		srp,0xfe800000000000000002c90300a1b2c3 sbp,0x0800460300123456 sop,3a:00.1 \
		sop,ff:1f.7 spi,7,1 spi,0,65535 hex,060000005001405bbbb00002000000000000000000000000 \
		proto-0x8,hex,080000000000000000000000000000000000000000000000; do
		accepted -s 0x2 -I "$t" -f /dev/null register
	done
}

@test "actions are exact words: missing, unknown, abbreviated, extra" {
	bad 1 "^tpr-out: no action given \(register, reserve, preempt, \.\.\.: see --help\)$" -f /dev/null
	bad 1 "^tpr-out: unknown action 'bogus' \(see --help\)$" -f /dev/null bogus
	bad 1 "^tpr-out: unknown action 'cl' \(see --help\)$" -k 0x1 -f /dev/null cl
	bad 1 "^tpr-out: unknown action 'pre' \(see --help\)$" -f /dev/null pre
	bad 1 "^tpr-out: unknown action 'CLEAR' \(see --help\)$" -f /dev/null CLEAR
	bad 1 "^tpr-out: unknown action 'register_move' \(see --help\)$" -f /dev/null register_move
	bad 1 "^tpr-out: unexpected argument 'extra'$" -k 0x1 -f /dev/null clear extra
	bad 1 "^tpr-out: unexpected argument 'release'$" -k 0x1 -T 1 -f /dev/null reserve release
}

@test "bad timeouts: exit 1" {
	local t
	for t in 0 -5 abc 1.5 86401 99999999999999999999 ""; do
		bad 1 "^tpr-out: invalid timeout '.*': whole seconds from 1 to 86400$" \
			-t "$t" -k 0x1 -f /dev/null unregister
	done
	accepted -t 86400 -k 0x1 -f /dev/null unregister
	accepted -t 1 -k 0x1 -f /dev/null unregister
}

@test "no device: -f missing and TAPE unset or empty" {
	TAPE= run --separate-stderr tpr-out -k 0x1 unregister
	assert_one_line_error 1 "^tpr-out: no device: give -f DEVICE or set TAPE$"
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tpr-out" -k 0x1 unregister
	assert_one_line_error 1 "^tpr-out: no device: give -f DEVICE or set TAPE$"
	TAPE= no_sg_io tpr-out -k 0x1 unregister
}

@test "TAPE names the device when -f is absent; -f wins over TAPE" {
	TAPE=/dev/zero run --separate-stderr tpr-out -k 0x1 unregister
	assert_one_line_error 15 "^tpr-out: /dev/zero: not a SCSI device"
	TAPE=/dev/zero run --separate-stderr tpr-out -k 0x1 -f /dev/null unregister
	assert_one_line_error 15 "^tpr-out: /dev/null: not a SCSI device"
}

@test "devices that are not SCSI: /dev/null, a directory, a regular file, a missing node: exit 15" {
	local f="$BATS_TEST_TMPDIR/not-a-device"
	: >"$f"
	bad 15 "^tpr-out: /dev/null: not a SCSI device \(it does not accept SG_IO\)$" \
		-k 0x1 -T ex-ac -f /dev/null reserve
	bad 15 "^tpr-out: $BATS_TEST_TMPDIR: is a directory, not a SCSI device$" \
		-k 0x1 -T ex-ac -f "$BATS_TEST_TMPDIR" reserve
	bad 15 "^tpr-out: .*/not-a-device: not a SCSI device \(it does not accept SG_IO\)$" \
		-k 0x1 -T ex-ac -f "$f" reserve
	bad 15 "^tpr-out: /dev/nonexistent-sg: No such file or directory$" \
		-k 0x1 -T ex-ac -f /dev/nonexistent-sg reserve
}

@test "the device is opened read-write and probed with SG_GET_VERSION_NUM, never sent SG_IO" {
	strace_run openat,ioctl tpr-out -k 0x1 -T ex-ac -f /dev/null reserve
	grep -qE 'openat\(.*"/dev/null", O_RDWR' "$STRACE_OUT" || { cat "$STRACE_OUT"; return 1; }
	grep -q 'SG_GET_VERSION_NUM' "$STRACE_OUT" || { cat "$STRACE_OUT"; return 1; }
	! grep -E '^[0-9]+ +ioctl\(' "$STRACE_OUT" | grep -q 'SG_IO'
}

@test "bad input is refused before the device is even opened" {
	not_opened /dev/null -k 0x1 -T 9 -f /dev/null reserve
	not_opened /dev/null -s 0x2 -T ex-ac -f /dev/null register
	not_opened /dev/null -s 0x2 -I sas,0x1 -f /dev/null register
	not_opened /dev/null -k 0x1 -f /dev/null cl
	# and the helper does see an open when there is one
	if not_opened /dev/null -k 0x1 -T ex-ac -f /dev/null reserve; then
		echo "not_opened missed the open of /dev/null"; return 1
	fi
}

@test "clear and preempt-abort without --force on /dev/null: exit 15, the device first" {
	# The refusal without --force ("clear would remove N registration(s)
	# ...; add --force", exit 1) lists what would be removed, so it reads
	# the unit's registrations first and needs a real device: the lab
	# tests it.  Here only the order shows: the device is checked first.
	bad 15 "^tpr-out: /dev/null: not a SCSI device" -k 0x1 -f /dev/null clear
	bad 15 "^tpr-out: /dev/null: not a SCSI device" -k 0x1 -s 0x2 -T ex-ac -f /dev/null preempt-abort
	bad 15 "^tpr-out: /dev/null: not a SCSI device" -k 0x1 -f /dev/null --force clear
}

# ---- the auto key ------------------------------------------------------------

@test "the default RESERVATION KEY is the auto key, documented as systemd-id128 computes it; register's and replace-lost's are 0" {
	[ -r /etc/machine-id ] || skip "no /etc/machine-id"
	command -v systemd-id128 >/dev/null || skip "systemd-id128 is not installed"
	local id key a
	id=$(systemd-id128 machine-id --app-specific=33f98650fe29453bbe39d13a8befa6a3)
	key=$(printf '0x%x' "$((16#${id:0:16}))")
	for a in unregister "-T ex-ac reserve" "-T ex-ac release" clear "-s 0x2 -T 1 preempt" \
		"-s 0x2 -I sas,0x5001405bbbb00002 -R 2 register-move"; do
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr tpr-out -n $a
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
		[[ $output == *$'\n'"reservation key: $key (this host's auto key)"$'\n'* ]] || { echo "$a: $output"; return 1; }
	done
	for a in "-s 0x2 register" "-s 0x2 register-ignore" "-s 0x2 -T 1 replace-lost"; do
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr tpr-out -n $a
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
		[[ $output == *$'\n'"reservation key: 0x0"$'\n'* ]] || { echo "$a: $output"; return 1; }
	done
	run --separate-stderr tpr-out -n -k auto -s 0x2 register
	[[ $output == *$'\n'"reservation key: $key (this host's auto key)"$'\n'* ]]
	run --separate-stderr tpr-out -n -k auto -s 0x2 -T 1 replace-lost
	[[ $output == *$'\n'"reservation key: $key (this host's auto key)"$'\n'* ]]
}

@test "-s auto is the auto key as the SERVICE ACTION RESERVATION KEY" {
	[ -r /etc/machine-id ] || skip "no /etc/machine-id"
	command -v systemd-id128 >/dev/null || skip "systemd-id128 is not installed"
	local id key a
	id=$(systemd-id128 machine-id --app-specific=33f98650fe29453bbe39d13a8befa6a3)
	key=$(printf '0x%x' "$((16#${id:0:16}))")
	for a in "-s auto register" "-s auto register-ignore" "-k 0x1 -s auto -T 1 preempt" \
		"-k 0x1 -s auto -T 1 --force preempt-abort" "-s auto -T 1 replace-lost" \
		"-k 0x1 -s auto -I sas,0x5001405bbbb00002 -R 2 register-move" \
		"-k 0x1 --sa-key=auto register"; do
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr tpr-out -n $a
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
		[[ $output == *$'\n'"service action reservation key: $key (this host's auto key)"$'\n'* ]] ||
			{ echo "$a: $output"; return 1; }
	done
	# and it passes the checks on a device, too
	accepted -s auto -f /dev/null register
	accepted -k 0x1 -s auto -T ex-ac -f /dev/null preempt
}

# ---- --dry-run ---------------------------------------------------------------

@test "--dry-run: preempt -s holder --register, byte for byte" {
	# CDB (SPC-5 6.17.1): 5Fh; service action PREEMPT 04h; SCOPE 0 (bits
	# 7-4) and TYPE 3 ex-ac (bits 3-0) = 03h; bytes 3-4 reserved;
	# PARAMETER LIST LENGTH 24 = 00 00 00 18h in bytes 5-8; CONTROL 0.
	# Basic list (6.17.3): RESERVATION KEY 0xbeef in bytes 0-7, SERVICE
	# ACTION RESERVATION KEY 0 until READ FULL STATUS tells the holder's
	# (bytes 8-15), bytes 16-19 obsolete, byte 20 SPEC_I_PT/ALL_TG_PT/APTPL
	# all 0, bytes 21-23 zero.
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tpr-out" -n -k 0xbeef -s holder --register -T ex-ac preempt
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "command: PERSISTENT RESERVE OUT, PREEMPT (04h)
cdb: 5f 04 03 00 00 00 00 00 18 00
scope: LU (0)
type: Exclusive Access (ex-ac, 3)
parameter list length: 24
parameter list: 00 00 00 00 00 00 be ef 00 00 00 00 00 00 00 00
   00 00 00 00 00 00 00 00
reservation key: 0xbeef
service action reservation key: holder (read with READ FULL STATUS when run)
spec_i_pt: 0
all_tg_pt: 0
aptpl: 0
first: REGISTER AND IGNORE EXISTING KEY with service action reservation key 0xbeef" ] ||
		{ echo "$output"; return 1; }
}

@test "--dry-run: register-move with --unreg and --aptpl, byte for byte" {
	# CDB: 5Fh, REGISTER AND MOVE 07h, SCOPE 0 / TYPE 1 wr-ex = 01h,
	# PARAMETER LIST LENGTH 24 + 24 = 48 = 30h.
	# List (SPC-5 6.17.4): RESERVATION KEY 0x1111 (bytes 0-7), SERVICE
	# ACTION RESERVATION KEY 0x2222 (8-15), byte 16 reserved, byte 17
	# UNREG (bit 1) | APTPL (bit 0) = 03h, bytes 18-19 RELATIVE TARGET
	# PORT IDENTIFIER 2, bytes 20-23 TRANSPORTID PARAMETER DATA LENGTH 24
	# = 18h, then the SAS TransportID (7.6.4): byte 0 FORMAT CODE 00b,
	# PROTOCOL IDENTIFIER 6h = 06h, bytes 1-3 reserved, bytes 4-11 SAS
	# ADDRESS 50 01 40 5b bb b0 00 02, bytes 12-23 reserved.
	run --separate-stderr tpr-out -n -k 0x1111 -s 0x2222 -T wr-ex \
		-I sas,0x5001405bbbb00002 -R 2 --unreg --aptpl register-move
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "command: PERSISTENT RESERVE OUT, REGISTER AND MOVE (07h)
cdb: 5f 07 01 00 00 00 00 00 30 00
scope: LU (0)
type: Write Exclusive (wr-ex, 1)
parameter list length: 48
parameter list: 00 00 00 00 00 00 11 11 00 00 00 00 00 00 22 22
   00 03 00 02 00 00 00 18 06 00 00 00 50 01 40 5b
   bb b0 00 02 00 00 00 00 00 00 00 00 00 00 00 00
reservation key: 0x1111
service action reservation key: 0x2222
spec_i_pt: 0
all_tg_pt: 0
aptpl: 1
unreg: 1
relative target port: 2
transport id: sas,0x5001405bbbb00002" ] || { echo "$output"; return 1; }
}

@test "--dry-run: register with SPEC_I_PT and an iSCSI port TransportID, byte for byte" {
	# CDB: 5Fh, REGISTER 00h, no type (00h), PARAMETER LIST LENGTH
	# 24 + 4 + 52 + 24 = 104 = 68h.
	# List: RESERVATION KEY 0 (register's default), SERVICE ACTION
	# RESERVATION KEY 0x1234, byte 20 SPEC_I_PT (bit 3) | ALL_TG_PT
	# (bit 2) = 0Ch, then TRANSPORTID PARAMETER DATA LENGTH 76 = 4Ch
	# (bytes 24-27) and the TransportIDs.
	# iSCSI (7.6.4): byte 0 FORMAT CODE 01b (port), PROTOCOL IDENTIFIER
	# 5h = 45h; bytes 2-3 ADDITIONAL LENGTH: the 46 characters of
	# "iqn.1993-08.org.debian:01:abc,i,0x23d000000001" and a null are 47,
	# padded to 48 = 30h; then the text from byte 4 and two zero bytes.
	# SAS as in the test above, address 0x5001405bbbb00003.
	run --separate-stderr tpr-out -n -s 0x1234 -A \
		-I iqn.1993-08.org.debian:01:abc,i,0x23d000000001 -I sas,0x5001405bbbb00003 register
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "command: PERSISTENT RESERVE OUT, REGISTER (00h)
cdb: 5f 00 00 00 00 00 00 00 68 00
scope: LU (0)
parameter list length: 104
parameter list: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 12 34
   00 00 00 00 0c 00 00 00 00 00 00 4c 45 00 00 30
   69 71 6e 2e 31 39 39 33 2d 30 38 2e 6f 72 67 2e
   64 65 62 69 61 6e 3a 30 31 3a 61 62 63 2c 69 2c
   30 78 32 33 64 30 30 30 30 30 30 30 30 31 00 00
   06 00 00 00 50 01 40 5b bb b0 00 03 00 00 00 00
   00 00 00 00 00 00 00 00
reservation key: 0x0
service action reservation key: 0x1234
spec_i_pt: 1
all_tg_pt: 1
aptpl: 0
transport id: iqn.1993-08.org.debian:01:abc,i,0x23d000000001
transport id: sas,0x5001405bbbb00003" ] || { echo "$output"; return 1; }
}

@test "--dry-run: every action's service action code and CDB" {
	local -A want=(
		[register]="REGISTER (00h)|5f 00 00"
		[register-ignore]="REGISTER AND IGNORE EXISTING KEY (06h)|5f 06 00"
		[unregister]="REGISTER (00h)|5f 00 00"
		[reserve]="RESERVE (01h)|5f 01 06"
		[release]="RELEASE (02h)|5f 02 06"
		[clear]="CLEAR (03h)|5f 03 00"
		[preempt]="PREEMPT (04h)|5f 04 06"
		[preempt-abort]="PREEMPT AND ABORT (05h)|5f 05 06"
		[register-move]="REGISTER AND MOVE (07h)|5f 07 06"
		[replace-lost]="REPLACE LOST RESERVATION (08h)|5f 08 06"
	)
	local -A args=(
		[register]="-s 1" [register-ignore]="-s 1" [unregister]="-k 1"
		[reserve]="-k 1 -T ex-ac-ro" [release]="-k 1 -T ex-ac-ro" [clear]="-k 1"
		[preempt]="-k 1 -s 2 -T 6" [preempt-abort]="-k 1 -s 2 -T 6"
		[register-move]="-k 1 -s 2 -T 6 -I sas,0x5001405bbbb00002 -R 1"
		[replace-lost]="-k 0 -s 2 -T 6"
	)
	local a len
	for a in "${!want[@]}"; do
		len="00 00 00 18 00"
		[ "$a" = register-move ] && len="00 00 00 30 00"
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr tpr-out -n ${args[$a]} "$a"
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
		[ "${lines[0]}" = "command: PERSISTENT RESERVE OUT, ${want[$a]%|*}" ] ||
			{ echo "$a: ${lines[0]}"; return 1; }
		[ "${lines[1]}" = "cdb: ${want[$a]#*|} 00 00 $len" ] || { echo "$a: ${lines[1]}"; return 1; }
	done
	# unregister is REGISTER with SERVICE ACTION RESERVATION KEY 0
	run tpr-out -n -k 0xbeef unregister
	[[ $output == *"parameter list: 00 00 00 00 00 00 be ef 00 00 00 00 00 00 00 00"* ]]
}

@test "--dry-run of clear and preempt-abort without --force ends with a note; with --force it does not" {
	local note="note: without --force a real run refuses and lists what it would remove"
	run --separate-stderr tpr-out -n -k 0x1 clear
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "command: PERSISTENT RESERVE OUT, CLEAR (03h)" ]
	[ "${lines[-1]}" = "$note" ] || { echo "$output"; return 1; }
	run --separate-stderr tpr-out -n -k 0x1 -s 0x2 -T ex-ac preempt-abort
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[-1]}" = "$note" ] || { echo "$output"; return 1; }
	run --separate-stderr tpr-out -n -k 0x1 -s 0x2 -T ex-ac --register preempt-abort
	[ "$status" -eq 0 ]
	[ "${lines[-2]}" = "first: REGISTER AND IGNORE EXISTING KEY with service action reservation key 0x1" ]
	[ "${lines[-1]}" = "$note" ] || { echo "$output"; return 1; }
	local a
	for a in "-k 0x1 --force clear" "-k 0x1 -s 0x2 -T ex-ac --force preempt-abort" \
		"-k 0x1 -s 0x2 -T ex-ac preempt"; do
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr tpr-out -n $a
		[ "$status" -eq 0 ] || { echo "$a: $stderr"; return 1; }
		[[ $output != *"note:"* ]] || { echo "$a: $output"; return 1; }
	done
}

@test "--dry-run without a device opens nothing; with one it reads the state and sends no PR OUT" {
	local args=(-n -k 0xbeef -s holder --register -T ex-ac preempt)
	run --separate-stderr env -u TAPE "$TOP/${B:-build}/tpr-out" "${args[@]}"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "command: PERSISTENT RESERVE OUT, PREEMPT (04h)" ]
	no_sg_io env -u TAPE "$TOP/${B:-build}/tpr-out" "${args[@]}"
	# with a device, the state is read: /dev/null is none, so that fails (15) after
	# the bytes are printed, and no command at all reaches it
	run --separate-stderr tpr-out -f /dev/null "${args[@]}"
	[ "$status" -eq 15 ]
	[ "${lines[0]}" = "command: PERSISTENT RESERVE OUT, PREEMPT (04h)" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "tpr-out: /dev/null: not a SCSI device"* ]]
	no_sg_io tpr-out -f /dev/null "${args[@]}"
}

@test "--dry-run still refuses bad input, with the same status" {
	bad 31 "^tpr-out: --type does not go with register$" -n -s 0x2 -T ex-ac register
	bad 1 "^tpr-out: reserve needs --type$" -n -k 0x1 reserve
	bad 1 "^tpr-out: invalid type '2': " -n -k 0x1 -T 2 reserve
	bad 1 "^tpr-out: invalid TransportID 'sas,0x1': " -n -s 0x2 -I sas,0x1 register
}
