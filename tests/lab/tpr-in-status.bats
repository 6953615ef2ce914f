#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in status, full, caps, --json, --hex/--inhex and many devices, on the real LIO unit, checked against sg_persist.

bats_require_minimum_version 1.5.0
load lib/lab

setup() {
	lab_clean
}

sgp() {
	timeout 30 sg_persist -n "$@"
}

# line TEXT: $output has exactly this line.
line() {
	printf '%s\n' "$output" | grep -qxF -- "$1" || { echo "no line '$1' in:"; echo "$output"; return 1; }
}

# jqo FILTER: FILTER applied to the JSON in $output.
jqo() {
	printf '%s' "$output" | jq -r "$1"
}

@test "status on path 2: identity, capabilities, holder, registrants, this path" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-in -k 0x9 -f "$LAB_LU2" status
	[ "$status" -eq 0 ]
	line "device: $LAB_LU2"
	line "vendor: LIO-ORG"
	line "peripheral device type: disk (0)"
	line "unit serial number: $LAB_LU_SERIAL"
	[[ $(printf '%s\n' "$output" | sed -n 's/^LU name: //p') == naa.6001405* ]]
	line "capabilities: CRH SIP_C ATP_C PTPL_C TMV"
	line "types supported: wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar"
	line "PR generation: 0x$(printf '%x' "$(lab_prgen "$LAB_LU1")")"
	line "reservation: Exclusive Access (ex-ac, 3), LU scope"
	# both initiators live in this guest: path 1 is this host, another path
	line "holder: key=0x1111 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac (this host, another path)"
	line "registrants: 2"
	line "registrant: key=0x1111 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 r_holder=1 all_tg_pt=0 scope=0 type=ex-ac (this host, another path)"
	line "registrant: key=0x2222 transport_id=sas,$LAB_I2_SAS rel_tgt_port=2 r_holder=0 all_tg_pt=0 (this path)"
	line "this path: sas,$LAB_I2_SAS (registered)"
	[[ $output == *"effect: only the holder may read or write"* ]]
	[ -z "$stderr" ]
}

@test "status --json, field by field, and only two commands sent" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	sgp --out --reserve --param-rk=0x2222 --prout-type=5 "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in --json -k 0x1111 -f "$LAB_LU1"
	[ "$status" -eq 0 ]
	[ "$(jqo '.devices | length')" = 1 ]
	[ "$(jqo '.devices[0].exit_status')" = 0 ]
	[ "$(jqo '.devices[0].commands_sent')" = 2 ]	# REPORT CAPABILITIES + READ FULL STATUS
	[ "$(jqo '.devices[0].identity.unit_serial_number')" = "$LAB_LU_SERIAL" ]
	[ "$(jqo '.devices[0].capabilities.crh')" = true ]
	[ "$(jqo '.devices[0].capabilities.rlr_c')" = false ]
	[ "$(jqo '.devices[0].prgeneration')" = "$(lab_prgen "$LAB_LU1")" ]
	[ "$(jqo '.devices[0].reservation.key')" = 0x2222 ]
	[ "$(jqo '.devices[0].reservation.type.name')" = wr-ex-ro ]
	[ "$(jqo '[.devices[0].registrants[].key] | join(" ")')" = "0x1111 0x2222" ]
	[ "$(jqo '.devices[0].registrants[0].transport_id')" = "sas,$LAB_I1_SAS" ]
	[ "$(jqo '.devices[0].registrants[0].this_path')" = true ]
	[ "$(jqo '.devices[0].registrants[1].this_path')" = false ]
	[ "$(jqo '.devices[0].registrants[1].this_host')" = true ]
	[ "$(jqo '.devices[0].registrants[0].our_key')" = true ]
	[ "$(jqo '.devices[0].registrants[1].r_holder')" = true ]
	[ "$(jqo '.devices[0].registrants[1].relative_target_port')" = 2 ]
	[ "$(jqo '.devices[0].this_path')" = "sas,$LAB_I1_SAS" ]
	[ "$(jqo '.devices[0].spc2_reserved')" = false ]
}

@test "full on path 2 after ALL_TG_PT and APTPL registrations, as sg_persist -s sees them" {
	sgp --out --register --param-sark=0x1111 --param-alltgpt "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 --param-aptpl "$LAB_LU2"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" full
	[ "$status" -eq 0 ]
	line "registrants: 2"
	[[ $output == *"key=0x1111 transport_id=sas,$LAB_I1_SAS "*"all_tg_pt=1"* ]]
	line "registrant: key=0x2222 transport_id=sas,$LAB_I2_SAS rel_tgt_port=2 r_holder=0 all_tg_pt=0 (this path)"
	sgp -s "$LAB_LU2" | grep -q "All target ports bit set"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" caps
	[ "$status" -eq 0 ]
	line "PTPL_A: 1 (persist through power loss activated)"
	line "CRH: 1 (compatible reservation handling)"
	line "ATP_C: 1 (all target ports capable)"
}

@test "--hex capture decoded with --inhex gives what the live device gave" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	sgp --out --reserve --param-rk=0x1111 --prout-type=8 "$LAB_LU1"
	local view cap="$BATS_TEST_TMPDIR/cap.hex"
	for view in keys reservation caps full; do
		timeout 30 tpr-in -k 0x9 --hex -f "$LAB_LU2" "$view" >"$cap"
		run --separate-stderr timeout 30 tpr-in -k 0x9 -f "$LAB_LU2" "$view"
		[ "$status" -eq 0 ]
		local live=${output// (this path)/}
		live=${live// (this host, another path)/}
		run --separate-stderr tpr-in -k 0x9 --inhex "$cap" "$view"
		[ "$status" -eq 0 ]
		[ "$output" = "$live" ] || { echo "$view differs:"; echo "$live"; echo "---"; echo "$output"; return 1; }
	done
	grep -q "^# $LAB_LU2 READ FULL STATUS, " "$cap"
}

@test "each of the six types in status and --json from the other path" {
	local t name
	for t in 1 3 5 6 7 8; do
		lab_clean
		sgp --out --register --param-sark=0x1111 "$LAB_LU1"
		sgp --out --register --param-sark=0x2222 "$LAB_LU2"
		sgp --out --reserve --param-rk=0x1111 --prout-type=$t "$LAB_LU1"
		run --separate-stderr timeout 30 tpr-in --json -f "$LAB_LU2"
		[ "$status" -eq 0 ]
		[ "$(jqo '.devices[0].reservation.type.code')" = "$t" ]
		name=$(jqo '.devices[0].reservation.type.name')
		case $t in
		7 | 8)	# all registrants: key 0, both registrants hold it
			[ "$(jqo '.devices[0].reservation.key')" = 0x0 ]
			[ "$(jqo '[.devices[0].registrants[] | select(.r_holder)] | length')" = 2 ] ;;
		*)	[ "$(jqo '.devices[0].reservation.key')" = 0x1111 ]
			[ "$(jqo '[.devices[0].registrants[] | select(.r_holder)] | length')" = 1 ] ;;
		esac
		sgp -r "$LAB_LU2" | grep -qi "type: $(jqo '.devices[0].reservation.type.title')"
		echo "type $t: $name ok"
	done
}

@test "status of the tape without PR: identity, a plain answer, exit 9" {
	run --separate-stderr timeout 30 tpr-in -f "$LAB_TAPE"
	[ "$status" -eq 9 ]
	line "device: $LAB_TAPE"
	line "peripheral device type: tape (1)"
	[[ $output == *"persistent reservations: not supported"* ]]
	[[ ${stderr_lines[0]} == "tpr-in: $LAB_TAPE: REPORT CAPABILITIES: the device does not support persistent reservations"* ]]
	run --separate-stderr timeout 30 tpr-in --json -f "$LAB_TAPE"
	[ "$status" -eq 9 ]
	[ "$(jqo '.devices[0].persistent_reservations')" = false ]
	[ "$(jqo '.devices[0].exit_status')" = 9 ]
}

@test "many devices and --all: every unit, stable order, worst exit status" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	run --separate-stderr timeout 60 tpr-in -f "$LAB_TAPE" -f "$LAB_LU2" -f "$LAB_LU1" keys
	[ "$status" -eq 9 ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^device: //p' | tr '\n' ' ')" = "$LAB_TAPE $LAB_LU2 $LAB_LU1 " ]
	[ "$(printf '%s\n' "$output" | grep -c '^key: 0x1111$')" -eq 2 ]
	# --all: one report per logical unit (the LU's two sg nodes are its paths)
	run --separate-stderr timeout 60 tpr-in --json --all keys
	[ "$status" -eq 9 ]
	[ "$(jqo '[.devices[].device] | join(" ")')" = "$(printf '%s\n' "$LAB_LU1" "$LAB_TAPE_SG" "$LAB_CHANGER_SG" | sort -V | tr '\n' ' ' | sed 's/ $//')" ]
	[ "$(jqo '[.devices[] | select(.exit_status == 0)] | length')" = 1 ]
	[ "$(jqo '[.devices[] | select(.exit_status == 9)] | length')" = 2 ]
}

@test "many devices: every unit's PR IN commands in flight together, from one thread" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	local tr=$BATS_TEST_TMPDIR/strace devs=("$LAB_LU1" "$LAB_LU2" "$LAB_TAPE_SG" "$LAB_CHANGER_SG")
	# LeakSanitizer cannot run under ptrace (make check SANITIZE=1): leaks are not looked
	# for in this one run; ASan's and UBSan's other checks still are
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -f -qq -o "$tr" \
		-e trace=openat,write,read,ioctl,clone,clone3 \
		tpr-in -f "${devs[0]}" -f "${devs[1]}" -f "${devs[2]}" -f "${devs[3]}" status
	[ "$status" -eq 9 ]	# the tape and the changer have no PR
	[ "$(printf '%s\n' "$output" | sed -n 's/^device: //p' | tr '\n' ' ')" = "${devs[*]} " ]
	[[ $output == *"holder: key=0x1111 transport_id=sas,$LAB_I1_SAS"* ]] ||
		{ printf '%s\n' "$output"; return 1; }
	# one thread: no clone
	! grep -E 'clone3?\(' "$tr" || return 1
	# each sg node opened a second time, for writing (the sg driver's queue)...
	local d fd n=0
	for d in "${devs[@]}"; do
		grep -q "openat(AT_FDCWD, \"$d\", O_RDWR" "$tr" || { echo "$d not opened O_RDWR"; return 1; }
	done
	# ...and all 8 commands (2 per unit) written there before the first answer is read: the
	# 88-byte struct sg_io_hdr goes in with write(2) and comes back with read(2)
	grep -nE '(write|read)\([0-9]+, "S\\0\\0\\0.*, 88\) = 88' "$tr" >"$BATS_TEST_TMPDIR/io"
	cat "$BATS_TEST_TMPDIR/io"
	[ "$(grep -c 'write(' "$BATS_TEST_TMPDIR/io")" -eq 8 ]
	[ "$(grep -c 'read(' "$BATS_TEST_TMPDIR/io")" -eq 8 ]
	[ "$(head -8 "$BATS_TEST_TMPDIR/io" | grep -c 'write(')" -eq 8 ]
	# no PR IN through SG_IO (0x2285) one at a time
	! grep -q 'ioctl([0-9]*, SG_IO' "$tr"
}

@test "no write access to the sg node: the two commands go through SG_IO, one of them from a thread" {
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	local tr=$BATS_TEST_TMPDIR/strace
	# the sg queue needs the node open for writing: strace refuses that open (the second
	# of the node; the first, read-only, is tpr-in's own) as it would be for a user with
	# read access only
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -f -qq -o "$tr" -P "$LAB_LU2" \
		-e trace=openat,ioctl,write -e inject=openat:error=EACCES:when=2 \
		tpr-in -f "$LAB_LU2" status
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	line "this path: sas,$LAB_I2_SAS (registered)"
	grep -q "openat(AT_FDCWD, \"$LAB_LU2\", O_RDWR.* = -1 EACCES (Permission denied) (INJECTED)" "$tr" ||
		{ cat "$tr"; return 1; }
	[ "$(grep -c 'ioctl([0-9]*, SG_IO, .*cmdp="\\x5e\\x02' "$tr")" -eq 1 ]
	[ "$(grep -c 'ioctl([0-9]*, SG_IO, .*cmdp="\\x5e\\x03' "$tr")" -eq 1 ]
	# the two ioctls come from two tasks: this thread and one it started
	[ "$(grep 'SG_IO' "$tr" | awk '{ print $1 }' | sort -u | wc -l)" -eq 2 ]
}

@test "libjansson is loaded only for --json; without it --json is one line, exit 99, nothing sent" {
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	local lib=/usr/lib/x86_64-linux-gnu/libjansson.so.4 tr=$BATS_TEST_TMPDIR/strace
	[ -f "$lib" ]
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -f -qq -o "$tr" -e trace=openat tpr-in -f "$LAB_LU2"
	[ "$status" -eq 0 ]
	! grep -q 'libjansson' "$tr" || { grep libjansson "$tr"; return 1; }
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -f -qq -o "$tr" -e trace=openat tpr-in --json -f "$LAB_LU2"
	[ "$status" -eq 0 ]
	grep -q "libjansson.so.4\", O_RDONLY|O_CLOEXEC) = [0-9]" "$tr"
	[ "$(jqo '.devices[0].registrants[0].key')" = 0x2222 ]
	# without it: said before any command (-v would trace one), nothing on stdout; the
	# views without --json do not miss it
	mv "$lib" "$lib.hidden"
	run --separate-stderr timeout 30 tpr-in -v --json -f "$LAB_LU2"
	local st=$status out=$output err=$stderr
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" keys
	mv "$lib.hidden" "$lib"
	[ "$st" -eq 99 ] && [ -z "$out" ] || { echo "$st $out $err"; return 1; }
	[ "$err" = "tpr-in: --json: libjansson.so.4: cannot load it (cannot open shared object file: No such file or directory)" ] ||
		{ echo "$err"; return 1; }
	[ "$status" -eq 0 ] && printf '%s\n' "$output" | grep -qx 'key: 0x2222' ||
		{ echo "$status $output $stderr"; return 1; }
}

@test "SPC-2 reserved unit in status --json: which initiator, exit 24" {
	timeout 30 sg_raw -n "$LAB_LU1" 16 00 00 00 00 00 >/dev/null
	run --separate-stderr timeout 30 tpr-in --json -f "$LAB_LU2"
	[ "$status" -eq 24 ]
	[ "$(jqo '.devices[0].spc2_reserved')" = "another initiator" ]
	[ "$(jqo '.devices[0].identity.vendor')" = LIO-ORG ]
	timeout 30 sg_raw -n "$LAB_LU1" 17 00 00 00 00 00 >/dev/null
}

@test "LIO shrinks READ FULL STATUS's ADDITIONAL LENGTH to what fits, so tpr-in asks with 64 KiB" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	# 56 bytes hold the header and one 48-byte descriptor: LIO then says 48, not 96
	run timeout 30 sg_raw -n -r 56 "$LAB_LU2" 5e 03 00 00 00 00 00 00 38 00
	[[ $output == *"00 00 00 30"* ]] || { echo "LIO now reports the whole length? $output"; return 1; }
	# tpr-in does not depend on it: one READ FULL STATUS with 8 KiB, far more than two
	# descriptors need (the re-issue with 64 KiB when an answer comes within one
	# descriptor of the allocation is tests/unit/test_cmd.c's)
	run --separate-stderr timeout 30 tpr-in -v -f "$LAB_LU2" full
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$stderr" | grep -c 'cdb: 5e 03 ')" -eq 1 ]
	[[ $stderr == *"cdb: 5e 03 00 00 00 00 00 20 00 00"* ]]
	line "registrants: 2"
}

@test "status sends REPORT CAPABILITIES and READ FULL STATUS together: -vv traces both CDBs before either answer" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --reserve --param-rk=0x1111 --prout-type=3 "$LAB_LU1"
	run --separate-stderr timeout 30 tpr-in -f "$LAB_LU2" status
	[ "$status" -eq 0 ]
	quiet=$output
	run --separate-stderr timeout 30 tpr-in -vv -f "$LAB_LU2" status
	[ "$status" -eq 0 ]
	[ "$output" = "$quiet" ]
	printf '%s\n' "$stderr" | grep -n 'cdb: 5e \|status 0x' >"$BATS_TEST_TMPDIR/trace"
	cat "$BATS_TEST_TMPDIR/trace"
	# exactly: caps CDB, full CDB, then the two outcomes
	[ "$(wc -l <"$BATS_TEST_TMPDIR/trace")" -eq 4 ]
	sed -n 1p "$BATS_TEST_TMPDIR/trace" | grep -q 'cdb: 5e 02 '
	sed -n 2p "$BATS_TEST_TMPDIR/trace" | grep -q 'cdb: 5e 03 '
	[ "$(sed -n '3,4p' "$BATS_TEST_TMPDIR/trace" | grep -c 'status 0x00, host status 0x00')" -eq 2 ]
	line "reservation: Exclusive Access (ex-ac, 3), LU scope"
	line "registrants: 1"
}

@test "status reads each sysfs and configfs attribute with one read(2), and lists only tcm_loop's WWNs" {
	sgp --out --register --param-sark=0x1111 "$LAB_LU1"
	sgp --out --register --param-sark=0x2222 "$LAB_LU2"
	local tr=$BATS_TEST_TMPDIR/strace
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run --separate-stderr timeout 60 strace -qq -o "$tr" -e trace=openat,read,close \
		tpr-in -f "$LAB_LU2" status
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	line "this path: sas,$LAB_I2_SAS (registered)"
	line "registrant: key=0x1111 transport_id=sas,$LAB_I1_SAS rel_tgt_port=1 r_holder=0 all_tg_pt=0 (this host, another path)"
	# each file opened under /sys (not a directory, not O_PATH): its reads until close
	awk '/^openat\(AT_FDCWD, "\/sys\// && !/O_DIRECTORY|O_PATH/ && / = [0-9]+$/ {
		fd = $NF; file[fd] = $2; n[fd] = 0; next }
	     /^read\(/ { split($1, a, "("); fd = a[2] + 0; if (fd in file) n[fd]++; next }
	     /^close\(/ { split($1, a, "("); fd = a[2] + 0
		if (fd in file) { print n[fd], file[fd]; delete file[fd] } }' "$tr" >"$BATS_TEST_TMPDIR/reads"
	cat "$BATS_TEST_TMPDIR/reads"
	# the LU's VPD pages, its paths' states, the tcm_loop TPGs' address and nexus...
	grep -q 'vpd_pg83' "$BATS_TEST_TMPDIR/reads"
	grep -q 'tpgt_1/nexus' "$BATS_TEST_TMPDIR/reads"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/reads")" -ge 10 ]
	# ...each in one read(2): the kernel gives an attribute whole at the first
	[ "$(awk '$1 != 1' "$BATS_TEST_TMPDIR/reads" | wc -l)" -eq 0 ]
	# the loopback fabric's discovery_auth group is no WWN: not opened
	! grep -q 'discovery_auth' "$tr" || return 1
}
