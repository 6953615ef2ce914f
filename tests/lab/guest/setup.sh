# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the lab guest's /init (bash): LIO LU seen by two initiators, scsi_debug tape + changer.
#
# On success returns 0 with the LAB_* variables exported and written to /run/lab.env.
# On failure returns 1 with LAB_SETUP_ERROR naming the step. Every step that could hang runs
# under `timeout`; every wait is a bounded loop.

# shellcheck disable=SC2034 # LAB_SETUP_ERROR is read by /init
LAB_SETUP_ERROR=
CFS=/sys/kernel/config
SDEBUG=/sys/bus/pseudo/drivers/scsi_debug

# The identities tests can assert: initiator port WWNs (= SAS addresses in TransportIDs),
# target port WWNs and the LU's unit serial.
LAB_I1_WWN=naa.5001405aaaa00001
LAB_I2_WWN=naa.5001405bbbb00002
LAB_T1_WWN=naa.5001405cccc00001
LAB_T2_WWN=naa.5001405cccc00002
LAB_LU_SERIAL=tresvlab0001

# shellcheck disable=SC2034
lab_fail() { LAB_SETUP_ERROR=$*; return 1; }

lab_run() { # lab_run SECS CMD...: CMD under timeout; a failure records the command
	local secs=$1
	shift
	timeout -k 2 "$secs" "$@" || lab_fail "$* (exit $?)"
}

lab_write() { # lab_write VALUE FILE: echo VALUE > FILE, under timeout (configfs and sysfs)
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	timeout -k 2 10 sh -c 'printf "%s\n" "$1" >"$2"' _ "$1" "$2" || lab_fail "write '$1' to $2"
}

lab_wait_for() { # lab_wait_for TENTHS TEST-ARGS...: poll `test TEST-ARGS` for TENTHS*0.1 s
	local n=$1
	shift
	while [ "$n" -gt 0 ]; do
		test "$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	test "$@"
}

# The lookups below return their answer in REPLY (no subshell, so LAB_SETUP_ERROR survives).

lab_sg_of() { # lab_sg_of H:C:T:L: REPLY=/dev/sgN (waits up to 5 s for the sg node)
	local dir=/sys/bus/scsi/devices/$1/scsi_generic n
	lab_wait_for 50 -d "$dir" || lab_fail "no scsi_generic for $1" || return 1
	for n in "$dir"/sg*; do
		[ -e "$n" ] || continue
		n=/dev/${n##*/}
		lab_wait_for 50 -c "$n" || lab_fail "$n did not appear" || return 1
		REPLY=$n
		return 0
	done
	lab_fail "no sg node under $dir"
}

lab_class_node() { # lab_class_node H:C:T:L CLASS PREFIX: REPLY=/dev/NAME of the first entry
	local dir=/sys/bus/scsi/devices/$1/$2 n
	lab_wait_for 50 -d "$dir" || lab_fail "no $2 for $1 (driver did not attach)" || return 1
	for n in "$dir"/"$3"*; do
		[ -e "$n" ] || continue
		n=/dev/${n##*/}
		lab_wait_for 50 -c "$n" || lab_fail "$n did not appear" || return 1
		REPLY=$n
		return 0
	done
	lab_fail "no $3* under $dir"
}

lab_new_sdebug_device() { # lab_new_sdebug_device BEFORE: REPLY=H:C:T:L of a device not in BEFORE
	local d n=50
	while [ "$n" -gt 0 ]; do
		for d in "$SDEBUG"/adapter*/host*/target*/*:*:*:*; do
			[ -e "$d" ] || continue
			d=${d##*/}
			case " $1 " in *" $d "*) ;; *)
				REPLY=$d
				return 0
				;;
			esac
		done
		sleep 0.1
		n=$((n - 1))
	done
	lab_fail "scsi_debug added no device"
}

lab_sdebug_devices() { # REPLY=the scsi_debug devices now present, H:C:T:L separated by spaces
	local d
	REPLY=
	for d in "$SDEBUG"/adapter*/host*/target*/*:*:*:*; do
		[ -e "$d" ] && REPLY="$REPLY ${d##*/}"
	done
	return 0
}

lab_drain_ua() { # lab_drain_ua NODE: TEST UNIT READY until GOOD (pending UAs consumed), bounded
	local n=0 rc
	while [ "$n" -lt 10 ]; do
		rc=0
		timeout -k 2 10 sg_turs "$1" >/dev/null 2>&1 || rc=$?
		[ "$rc" = 0 ] && return 0
		n=$((n + 1))
	done
	lab_fail "$1 still not ready after $n TEST UNIT READY (last exit $rc)"
}

lab_iscsi_target() { # LIO's iSCSI target: $LAB_ISCSI_IQN, the backstore as LUN 0, 127.0.0.1:3260
	local tpg=$CFS/target/iscsi/$LAB_ISCSI_IQN/tpgt_1 a
	# crc32c: a module on 6.1 (without it the login fails), built into 7.x
	timeout -k 2 30 modprobe crc32c_generic 2>/dev/null
	lab_run 30 modprobe iscsi_target_mod || return 1
	lab_run 5 ip link set lo up || return 1
	lab_run 10 mkdir -p "$tpg/lun/lun_0" || return 1
	lab_run 10 ln -s "$LAB_CONFIGFS_LU" "$tpg/lun/lun_0/lu0" || return 1
	lab_run 10 mkdir "$tpg/np/127.0.0.1:3260" || return 1
	for a in generate_node_acls=1 demo_mode_write_protect=0 authentication=0 cache_dynamic_acls=1; do
		lab_write "${a#*=}" "$tpg/attrib/${a%=*}" || return 1
	done
	lab_write 1 "$tpg/enable"
}

lab_setup() {
	# --- modules (nothing auto-loads in this initramfs; the drivers go in before the HBAs) ---
	lab_run 30 modprobe -a configfs sg st ch || return 1
	# the kernel's crypto for user space (AF_ALG), which the tools use for the auto key: the
	# kernel would load these on the first socket(AF_ALG) too (request_module runs busybox's
	# modprobe); loaded here so every suite starts alike. tests/lab/keys.bats takes them out to
	# see the tools fall back to libsystemd.
	timeout -k 2 30 modprobe -a af_alg algif_hash 2>/dev/null
	lab_run 10 mount -t configfs configfs "$CFS" || return 1
	lab_run 30 modprobe -a target_core_mod tcm_loop || return 1

	# --- LIO: one rd_mcp LU, exported through two tcm_loop targets (two initiators) ---
	mkdir -p /var/target/pr # without it APTPL metadata cannot be written: REGISTER fails
	LAB_CONFIGFS_LU=$CFS/target/core/rd_mcp_0/lu0
	lab_run 10 mkdir -p "$LAB_CONFIGFS_LU" || return 1
	lab_write rd_pages=4096 "$LAB_CONFIGFS_LU/control" || return 1
	lab_write "$LAB_LU_SERIAL" "$LAB_CONFIGFS_LU/wwn/vpd_unit_serial" || return 1
	lab_write 1 "$LAB_CONFIGFS_LU/enable" || return 1
	local i tw iw tpg addr n
	for i in 1 2; do
		eval "tw=\$LAB_T${i}_WWN iw=\$LAB_I${i}_WWN"
		tpg=$CFS/target/loopback/$tw/tpgt_1
		eval "LAB_CONFIGFS_TPG$i=\$tpg"
		lab_run 10 mkdir -p "$tpg/lun/lun_0" || return 1
		# Relative target port identifier i. 6.1 numbers each LUN's port itself (1, 2); 7.x keeps
		# it per target port group in tpgt_1/rtpi and leaves tcm_loop's at 0 (a reserved value:
		# both paths would look like one port, and REGISTER AND MOVE could name neither).
		if [ -e "$tpg/rtpi" ]; then lab_write "$i" "$tpg/rtpi" || return 1; fi
		lab_write "$iw" "$tpg/nexus" || return 1
		lab_run 10 ln -s "$LAB_CONFIGFS_LU" "$tpg/lun/lun_0/lu0" || return 1
		n=50 addr=
		while [ -z "$addr" ] && [ "$n" -gt 0 ]; do # H:C:T of the new SCSI host's target
			read -r addr <"$tpg/address" || addr=
			[ -n "$addr" ] || sleep 0.1
			n=$((n - 1))
		done
		[ -n "$addr" ] || lab_fail "$tpg/address stays empty" || return 1
		lab_sg_of "$addr:0" || return 1
		eval "LAB_LU$i=\$REPLY"
		# SAS address as READ FULL STATUS prints a SAS TransportID: 0x + 16 lowercase hex digits
		eval "LAB_I${i}_SAS=0x\${iw#naa.}"
	done

	# --- LIO's iSCSI target on 127.0.0.1:3260, exporting the same LU: a third I_T nexus, reached
	# from user space with libiscsi (iscsi.bats). Optional: a failure leaves LAB_ISCSI_URL empty,
	# which iscsi.bats fails on, and no other suite notices.
	LAB_ISCSI_IQN=iqn.2026-12.test.tresv:lab LAB_ISCSI_URL=
	if lab_iscsi_target; then
		LAB_ISCSI_URL=iscsi://127.0.0.1:3260/${LAB_ISCSI_IQN/:/%3A}/0
	else
		printf 'lab: no iSCSI target: %s\n' "$LAB_SETUP_ERROR" >&2
		LAB_SETUP_ERROR=
	fi

	# --- scsi_debug: a tape, then (ptype is a driver-wide setting) a changer on a second host ---
	local before tape changer
	lab_run 30 modprobe scsi_debug ptype=1 dev_size_mb=1 || return 1
	lab_new_sdebug_device "" || return 1
	tape=$REPLY
	lab_sdebug_devices
	before=$REPLY
	lab_write 8 "$SDEBUG/ptype" || return 1
	lab_write 1 "$SDEBUG/add_host" || return 1
	lab_new_sdebug_device "$before" || return 1
	changer=$REPLY
	# INQUIRY answers with the driver-wide ptype: make the tape's right again. (The changer's
	# INQUIRY then says tape too; its sysfs type, set at scan time, stays 8. See lab.bash.)
	lab_write 1 "$SDEBUG/ptype" || return 1
	lab_class_node "$tape" scsi_tape nst || return 1
	LAB_TAPE=$REPLY
	lab_sg_of "$tape" || return 1
	LAB_TAPE_SG=$REPLY
	lab_class_node "$changer" scsi_changer sch || return 1
	LAB_CHANGER=$REPLY
	lab_sg_of "$changer" || return 1
	LAB_CHANGER_SG=$REPLY

	# --- start clean: consume every pending UNIT ATTENTION (power on, reset) ---
	local node
	for node in "$LAB_LU1" "$LAB_LU2" "$LAB_TAPE_SG" "$LAB_CHANGER_SG"; do
		lab_drain_ua "$node" || return 1
	done

	local v vars="LAB_LU1 LAB_LU2 LAB_I1_SAS LAB_I2_SAS LAB_LU_SERIAL LAB_TAPE LAB_TAPE_SG
		LAB_CHANGER LAB_CHANGER_SG LAB_CONFIGFS_LU LAB_CONFIGFS_TPG1 LAB_CONFIGFS_TPG2
		LAB_I1_WWN LAB_I2_WWN LAB_T1_WWN LAB_T2_WWN LAB_ISCSI_IQN LAB_ISCSI_URL"
	# shellcheck disable=SC2086,SC2163 # the list of names is split on purpose
	export $vars
	for v in $vars LAB_MACHINE_ID LAB_KERNEL LAB_KVER LAB_SYSLOG; do
		eval "printf '%s=%s\n' \"\$v\" \"\${$v}\""
	done >/run/lab.env
}

lab_setup
