#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo, run inside the lab guest: one initiator reserves the LU, the other diagnoses it with tpr-in.
set -uo pipefail

# shellcheck source=/dev/null
. /run/lab.env

step=0
say() { printf '\n== %s\n' "$*"; }
# show CMD...: print the command, run it, print its output; remember its status.
show() {
	step=$((step + 1))
	printf '$ %s\n' "$*"
	timeout 30 "$@" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || printf '(exit status %d)\n' "$rc"
	return 0
}
# expect CODE TEXT: the last command must have exited CODE; else stop the demo.
expect() {
	if [ "$rc" -ne "$1" ]; then
		printf 'demo: step %d exited %d, expected %d: %s\n' "$step" "$rc" "$1" "$2" >&2
		exit 1
	fi
}

say "Two hosts share one disk/tape logical unit through two initiator ports:"
printf '   host A uses %s (SAS initiator %s)\n' "$LAB_LU1" "$LAB_I1_SAS"
printf '   host B uses %s (SAS initiator %s)\n' "$LAB_LU2" "$LAB_I2_SAS"

say "Host A registers key 0xa1 and takes an Exclusive Access reservation (with sg_persist)"
show sg_persist -n --out --register --param-sark=0xa1 "$LAB_LU1"; expect 0 "register"
show sg_persist -n --out --reserve --param-rk=0xa1 --prout-type=3 "$LAB_LU1"; expect 0 "reserve"

say "Host B's job fails: a READ from host B now conflicts"
show sg_raw -n -r 512 "$LAB_LU2" 28 00 00 00 00 00 00 00 01 00; expect 24 "read must conflict"

say "The field engineer, on host B, asks in one command: what is reserved, by whom, what it blocks"
show tpr-in -f "$LAB_LU2" status; expect 0 "status"
say "The same picture for scripts, as JSON (holder only)"
show sh -c "tpr-in --json -f $LAB_LU2 | jq -c '.devices[0].registrants[] | select(.r_holder)'"
expect 0 "json"

say "The old tape drive has no persistent reservations: tpr-in says so (exit 9)"
show tpr-in -f "$LAB_TAPE" keys; expect 9 "tape without PR"

say "Host A releases and unregisters; host B reads the LU free again"
show sg_persist -n --out --release --param-rk=0xa1 --prout-type=3 "$LAB_LU1"; expect 0 "release"
show sg_persist -n --out --register --param-rk=0xa1 --param-sark=0 "$LAB_LU1"; expect 0 "unregister"
show tpr-in -f "$LAB_LU2" reservation; expect 0 "free"

say "An SPC-2 RESERVE from host A blocks even PR IN for host B: tpr-in explains (exit 24)"
show sg_raw -n "$LAB_LU1" 16 00 00 00 00 00; expect 0 "RESERVE(6)"
show tpr-in -f "$LAB_LU2" status; expect 24 "SPC-2 conflict"
show sg_raw -n "$LAB_LU1" 17 00 00 00 00 00; expect 0 "RELEASE(6)"

say "demo finished: every step behaved as narrated"
