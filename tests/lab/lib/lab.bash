# SPDX-License-Identifier: GPL-2.0-or-later
# bats helpers for the lab suites (load lib/lab; call lab_clean in setup()); guest side only.
#
# The devices (set by tests/lab/guest/setup.sh, also in /run/lab.env):
#   LAB_LU1, LAB_LU2     /dev/sgN of one LIO logical unit through initiator 1 and initiator 2
#   LAB_I1_SAS, LAB_I2_SAS  the initiators' SAS addresses (0x + 16 hex), their TransportIDs
#   LAB_LU_SERIAL        the LU's unit serial (VPD 80h); LAB_CONFIGFS_LU its configfs directory
#   LAB_TAPE, LAB_TAPE_SG        scsi_debug tape: /dev/nstN and its /dev/sgN (no PR support)
#   LAB_CHANGER, LAB_CHANGER_SG  scsi_debug changer: /dev/schN and its /dev/sgN (no PR support)
#   LAB_MACHINE_ID       the guest's /etc/machine-id
#   LAB_SYSLOG           the file busybox syslogd (listening on /dev/log) writes every line to
#   LAB_KERNEL, LAB_KVER which lab kernel this is (stable: Debian 12's 6.1; newest: the newest of
#                        trixie-backports) and its uname -r; a test that needs one calls lab_need_kernel
# scsi_debug has one driver-wide peripheral type: INQUIRY on the changer answers "tape" (type 1)
# unless a test calls `lab_sdebug_ptype 8` (lab_clean sets 1 again). sysfs `type` stays right.
#
# Every command here runs under `timeout` ($LAB_CMD_TIMEOUT seconds, default 20).

# shellcheck disable=SC2153 # the LAB_* device variables come from the environment
if [[ -z ${LAB_LU1:-} && -r /run/lab.env ]]; then
	set -a
	# shellcheck disable=SC1091
	. /run/lab.env
	set +a
fi

LAB_CMD_TIMEOUT=${LAB_CMD_TIMEOUT:-20}
# The key lab_clean registers with to CLEAR: not one a test would use.
LAB_CLEAN_KEY=${LAB_CLEAN_KEY:-0x1abc1ea0}

lab_timeout() { # lab_timeout CMD...: CMD under the lab's command timeout
	timeout -k 2 "$LAB_CMD_TIMEOUT" "$@"
}

lab_log() { printf 'lab: %s\n' "$*" >&2; }

lab_turs() { # lab_turs NODE: one TEST UNIT READY; returns sg_turs's status (24 conflict, 6 UA)
	lab_timeout sg_turs "$1" >/dev/null 2>&1
}

lab_drain_ua() { # lab_drain_ua NODE: TEST UNIT READY while it answers UNIT ATTENTION (max 10)
	# Returns the status of the last TEST UNIT READY (0: ready and clean; 24: reserved elsewhere).
	local n rc
	for n in 1 2 3 4 5 6 7 8 9 10; do
		rc=0
		lab_turs "$1" || rc=$?
		[[ $rc == 6 ]] || return "$rc"
	done
	lab_log "$1: still UNIT ATTENTION after $n TEST UNIT READY"
	return 6
}

lab_reserve6() { # lab_reserve6 NODE: SPC-2 RESERVE(6); returns sg_raw's status
	lab_timeout sg_raw -n "$1" 16 00 00 00 00 00 >/dev/null 2>&1
}

lab_release6() { # lab_release6 NODE: SPC-2 RELEASE(6); returns sg_raw's status
	lab_timeout sg_raw -n "$1" 17 00 00 00 00 00 >/dev/null 2>&1
}

lab_prgen() { # lab_prgen NODE: echo the PR generation (decimal) READ KEYS reports
	local out
	out=$(lab_timeout sg_persist -n -k "$1" 2>&1) || {
		lab_log "sg_persist -k $1 failed: $out"
		return 1
	}
	[[ $out =~ PR\ generation=(0x[0-9a-fA-F]+) ]] || {
		lab_log "no PR generation in: $out"
		return 1
	}
	printf '%d\n' "${BASH_REMATCH[1]}"
}

lab_keys() { # lab_keys NODE: echo the registered keys, one per line as sg_persist prints them
	local out line
	out=$(lab_timeout sg_persist -n -k "$1" 2>&1) || {
		lab_log "sg_persist -k $1 failed: $out"
		return 1
	}
	while IFS= read -r line; do
		if [[ $line =~ ^\ *(0x[0-9a-fA-F]+)$ ]]; then printf '%s\n' "${BASH_REMATCH[1]}"; fi
	done <<<"$out"
}

lab_reservation() { # lab_reservation NODE: echo "KEY TYPE" of the persistent reservation, or nothing
	local out
	out=$(lab_timeout sg_persist -n -r "$1" 2>&1) || {
		lab_log "sg_persist -r $1 failed: $out"
		return 1
	}
	printf '%s\n' "$out" | awk '/^ *Key=0x/ { sub(/^ *Key=/, ""); key = $0 }
		/scope:.*type:/ { sub(/.*type: */, ""); print key, $0 }'
}

lab_full_status() { # lab_full_status NODE: READ FULL STATUS, one line per registrant:
	# "KEY RELATIVE-PORT SAS-ADDRESS holder|-", e.g. "0x1111 0x1 0x5001405aaaa00001 -"
	local out
	out=$(lab_timeout sg_persist -n -s "$1" 2>&1) || {
		lab_log "sg_persist -s $1 failed: $out"
		return 1
	}
	printf '%s\n' "$out" | awk '
		function flush() { if (key != "") print key, port, sas, holder; key = "" }
		/^ *Key=/ { flush(); sub(/^ *Key=/, ""); key = $0; port = "?"; sas = "?"; holder = "-" }
		/Relative port address:/ { port = $NF }
		/<< Reservation holder >>/ { holder = "holder" }
		/SAS address:/ { sas = $NF }
		END { flush() }'
}

lab_register() { # lab_register NODE KEY: PR OUT REGISTER (from unregistered) with sg_persist
	lab_timeout sg_persist -n --out --register --param-sark="$2" "$1" >/dev/null
}

lab_pr_reserve() { # lab_pr_reserve NODE KEY TYPE: PR OUT RESERVE, TYPE as the SPC code (1 3 5 6 7 8)
	lab_timeout sg_persist -n --out --reserve --param-rk="$2" --prout-type="$3" "$1" >/dev/null
}

lab_sdebug_ptype() { # lab_sdebug_ptype N: what scsi_debug's INQUIRY reports (1 tape, 8 changer)
	# shellcheck disable=SC2016 # $1 is the inner shell's
	lab_timeout sh -c 'echo "$1" >/sys/bus/pseudo/drivers/scsi_debug/ptype' _ "$1"
}

lab_tlock_killed() { # lab_tlock_killed LOCKDIR KEY NODE: start a tlock holding NODE with KEY for
	# 'sleep 30', SIGKILL it 1.5 s later (its record and reservation stay behind, stale) and
	# echo its PID (busybox timeout runs the command as itself)
	timeout 60 tlock -L "$1" -k "$2" -f "$3" -c 'sleep 30' >/dev/null &
	local tl=$!
	sleep 1.5
	kill -KILL "$tl"
	wait "$tl" || true
	pkill -f 'sleep 30' || true
	echo "$tl"
}

lab_syslog_mark() { # lab_syslog_mark: how many lines $LAB_SYSLOG has now (for lab_audit_since)
	wc -l <"$LAB_SYSLOG"
}

lab_audit_since() { # lab_audit_since MARK TOOL [N]: TOOL's syslog lines after line MARK of
	# $LAB_SYSLOG as "FACILITY.LEVEL MESSAGE" (time, host and TOOL[PID] taken off), once N
	# (default 1) are there, waiting up to 5 s: syslogd writes them a moment after
	local mark=$1 tool=$2 want=${3:-1} n=0 out
	while :; do
		out=$(tail -n "+$((mark + 1))" "$LAB_SYSLOG" |
			sed -n "s/^.\{15\} [^ ]* \([a-z]*\.[a-z]*\) $tool\[[0-9]*\]: /\1 /p")
		[[ $(grep -c . <<<"$out") -ge $want || $n -ge 50 ]] && break
		n=$((n + 1))
		sleep 0.1
	done
	printf '%s\n' "$out"
}

lab_need_tool() { # lab_need_tool NAME: skip the test unless /opt/tresv/bin/NAME was built
	[[ -x /opt/tresv/bin/$1 ]] || skip "$1 not built (no $1 in build/)"
}

lab_need_kernel() { # lab_need_kernel stable|newest WHY: skip the test on the other kernel, saying WHY
	[[ $LAB_KERNEL == "$1" ]] || skip "needs the $1 kernel: $2 (this is $LAB_KERNEL, $LAB_KVER)"
}

lab_hctl() { # lab_hctl NODE: echo the H:C:T:L of the SCSI device of /dev/sgN NODE
	local link
	link=$(readlink -f "/sys/class/scsi_generic/${1#/dev/}/device") || return 1
	printf '%s\n' "${link##*/}"
}

lab_path_state() { # lab_path_state NODE STATE: write STATE (offline, running) to its sysfs state
	local hctl
	hctl=$(lab_hctl "$1") || return 1
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	lab_timeout sh -c 'echo "$1" >"$2"' _ "$2" "/sys/bus/scsi/devices/$hctl/state"
}

# lab_extra_lu N TPG...: another LIO logical unit, its own (rd_mcp_0/luN, unit serial
# tresvlab000N), exported as LUN N through each tcm_loop TPG directory given; echoes the sg
# node it gets through each TPG, one a line.  lab_extra_lu_remove N TPG... takes it away.
lab_extra_lu() {
	local n=$1 bs=/sys/kernel/config/target/core/rd_mcp_0/lu$1 tpg addr dir node t
	shift
	lab_timeout sh -c 'mkdir -p "$1" && echo rd_pages=256 >"$1/control" &&
		printf "tresvlab%04d\n" "$2" >"$1/wwn/vpd_unit_serial" && echo 1 >"$1/enable"' \
		_ "$bs" "$n" || return 1
	for tpg; do
		lab_timeout sh -c 'mkdir -p "$1/lun/lun_$2" && ln -s "$3" "$1/lun/lun_$2/lu$2"' \
			_ "$tpg" "$n" "$bs" || return 1
		read -r addr <"$tpg/address" || return 1
		dir=/sys/bus/scsi/devices/$addr:$n/scsi_generic
		for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			[[ -d $dir ]] && break
			sleep 0.25
		done
		node=$(ls "$dir" 2>/dev/null) || { lab_log "no sg node for $addr:$n"; return 1; }
		node=/dev/$node
		for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			[[ -c $node ]] && break
			sleep 0.25
		done
		lab_drain_ua "$node" >/dev/null 2>&1 || true
		printf '%s\n' "$node"
	done
}

lab_extra_lu_remove() {
	local n=$1 bs=/sys/kernel/config/target/core/rd_mcp_0/lu$1 tpg
	shift
	for tpg; do
		lab_timeout sh -c 'rm -f "$1/lun/lun_$2/lu$2"; rmdir "$1/lun/lun_$2"' _ "$tpg" "$n" ||
			true
	done
	lab_timeout rmdir "$bs" 2>/dev/null || true
}

lab_state() { # lab_state: one line describing the LU's reservation state (for messages)
	local t1=0 t2=0
	lab_turs "$LAB_LU1" || t1=$?
	lab_turs "$LAB_LU2" || t2=$?
	printf 'keys=[%s] pr=[%s] tur1=%s tur2=%s' "$(lab_keys "$LAB_LU1" 2>&1 | tr '\n' ' ')" \
		"$(lab_reservation "$LAB_LU1" 2>&1)" "$t1" "$t2"
}

lab_clean_lu() { # one pass of lab_clean over the LU; returns 0 if it is clean afterwards
	local t1=0 t2=0 keys
	# Pending UNIT ATTENTIONs first: the commands below would answer with them instead.
	lab_drain_ua "$LAB_LU1" || t1=$?
	lab_drain_ua "$LAB_LU2" || t2=$?
	keys=$(lab_keys "$LAB_LU1" 2>/dev/null) || keys=unknown # (conflicts under SPC-2)
	# Both paths ready (no SPC-2 reservation) and no key (so no persistent reservation): clean.
	[[ $t1 == 0 && $t2 == 0 && -z $keys ]] && return 0
	# SPC-2: RELEASE(6) from both paths (a non-holder's RELEASE is GOOD and does nothing).
	# Done before the PR commands: an SPC-2 reservation makes the other path's PR commands conflict.
	lab_release6 "$LAB_LU1" || true
	lab_release6 "$LAB_LU2" || true
	# Persistent: register whatever it had, then CLEAR (all keys, the reservation).  From
	# path 1, else path 2: LIO answers ILLEGAL REQUEST to REGISTER AND IGNORE from an
	# I_T nexus registered with ALL_TG_PT=1.
	local node
	for node in "$LAB_LU1" "$LAB_LU2"; do
		lab_timeout sg_persist -n --out --register-ignore --param-sark="$LAB_CLEAN_KEY" \
			"$node" >/dev/null 2>&1 || continue
		lab_timeout sg_persist -n --out --clear --param-rk="$LAB_CLEAN_KEY" \
			"$node" >/dev/null 2>&1 && break
	done
	# CLEAR told the other registrants "reservations preempted": consume that.
	t1=0 t2=0
	lab_drain_ua "$LAB_LU1" || t1=$?
	lab_drain_ua "$LAB_LU2" || t2=$?
	keys=$(lab_keys "$LAB_LU1") || return 1
	[[ $t1 == 0 && $t2 == 0 && -z $keys ]]
}

lab_clean() { # lab_clean: LU back to no registrations/reservations/UAs; tape+changer UAs drained
	local node rc ptype
	if ! lab_clean_lu; then
		# Last resort: a logical unit reset drops an SPC-2 reservation held by anyone.
		lab_log "not clean after release/clear ($(lab_state)); resetting the LU"
		lab_timeout sg_reset -d "$LAB_LU1" >/dev/null 2>&1 || true
		lab_clean_lu || {
			lab_log "lab_clean: the LU stays dirty: $(lab_state)"
			return 1
		}
	fi
	read -r ptype </sys/bus/pseudo/drivers/scsi_debug/ptype || ptype=
	[[ $ptype == 1 ]] || lab_sdebug_ptype 1 || true
	# scsi_debug has one initiator, so a RESERVE left behind conflicts with nobody: only unit
	# attentions (e.g. after a reset) matter there.
	for node in "$LAB_TAPE_SG" "$LAB_CHANGER_SG"; do
		rc=0
		lab_drain_ua "$node" || rc=$?
		[[ $rc == 0 ]] || {
			lab_log "lab_clean: $node: TEST UNIT READY exit $rc"
			return 1
		}
	done
}
