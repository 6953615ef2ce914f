# SPDX-License-Identifier: GPL-2.0-or-later
# An istgt iSCSI target on 127.0.0.1 for the host suites: a disk LU, a tape LU and a CHAP-only disk, started and stopped per file.

# The target names istgt makes: NodeBase ":" TargetName.
ISTGT_BASE=iqn.2026-12.test.tresv
# Two initiator names: two hosts, as far as the target can tell.
HOST_A=iqn.2026-12.test.host:a
HOST_B=iqn.2026-12.test.host:b
ISTGT_CHAP_USER=tresvuser
ISTGT_CHAP_SECRET=tresvsecret12

# free_port: a TCP port on 127.0.0.1 nothing listens on (REPLY), from a
# range the kernel does not hand out as ephemeral ports.
free_port() {
	local p
	for p in $(shuf -i 20000-29999 -n 50); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			REPLY=$p
			return 0
		fi
	done
	echo "no free port found" >&2
	return 1
}

# istgt_start: istgt in the foreground (-D) with its configuration, media
# and log in $BATS_FILE_TMPDIR/istgt, on a free port; waits until it
# listens.  Sets ISTGT_PORT, ISTGT_PID, DISK, TAPE, CHAPDISK (URLs).
# istgt missing is a failure: make deps installs it.
istgt_start() {
	local d=$BATS_FILE_TMPDIR/istgt n
	command -v istgt >/dev/null ||
		{ echo "istgt is not installed: make deps (scripts/install-deps test) installs it" >&2; return 1; }
	mkdir -p "$d"
	free_port || return 1
	ISTGT_PORT=$REPLY
	free_port || return 1
	local uc_port=$REPLY
	printf '[AuthGroup1]\n  Auth "%s" "%s"\n' "$ISTGT_CHAP_USER" "$ISTGT_CHAP_SECRET" >"$d/auth.conf"
	cat >"$d/istgt.conf" <<-EOF
	[Global]
	  NodeBase "$ISTGT_BASE"
	  PidFile $d/istgt.pid
	  AuthFile $d/auth.conf
	  MediaDirectory $d
	  LogFacility "local7"
	  Timeout 30
	  NopInInterval 20
	  DiscoveryAuthMethod None
	  MaxSessions 16
	  MaxConnections 4
	  ErrorRecoveryLevel 0
	[UnitControl]
	  AuthMethod CHAP Mutual
	  AuthGroup AuthGroup1
	  Portal UC1 127.0.0.1:$uc_port
	  Netmask 127.0.0.1
	[PortalGroup1]
	  Portal DA1 127.0.0.1:$ISTGT_PORT
	[InitiatorGroup1]
	  InitiatorName "ALL"
	  Netmask 127.0.0.1
	[LogicalUnit1]
	  TargetName disk
	  Mapping PortalGroup1 InitiatorGroup1
	  AuthMethod None
	  UseDigest Auto
	  UnitType Disk
	  LUN0 Storage $d/disk.img 16MB
	[LogicalUnit2]
	  TargetName tape
	  Mapping PortalGroup1 InitiatorGroup1
	  AuthMethod None
	  UseDigest Auto
	  UnitType Tape
	  LUN0 Removable "rw,dynamic" $d/tape.img 64MB
	[LogicalUnit3]
	  TargetName chapdisk
	  Mapping PortalGroup1 InitiatorGroup1
	  AuthMethod CHAP
	  AuthGroup AuthGroup1
	  UseDigest Auto
	  UnitType Disk
	  LUN0 Storage $d/chap.img 8MB
	EOF
	istgt -c "$d/istgt.conf" -D >"$d/log" 2>&1 3>&- &
	ISTGT_PID=$!
	for n in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$ISTGT_PORT") 2>/dev/null && break
		kill -0 "$ISTGT_PID" 2>/dev/null || break
		sleep 0.1
	done
	(exec 3<>"/dev/tcp/127.0.0.1/$ISTGT_PORT") 2>/dev/null ||
		{ echo "istgt does not listen on 127.0.0.1:$ISTGT_PORT:" >&2; cat "$d/log" >&2; return 1; }
	DISK=iscsi://127.0.0.1:$ISTGT_PORT/$ISTGT_BASE%3Adisk/0
	TAPE_URL=iscsi://127.0.0.1:$ISTGT_PORT/$ISTGT_BASE%3Atape/0
	CHAPDISK=iscsi://127.0.0.1:$ISTGT_PORT/$ISTGT_BASE%3Achapdisk/0
	export ISTGT_PORT ISTGT_PID DISK TAPE_URL CHAPDISK
}

# istgt_stop: SIGTERM (SIGKILL after 5 s); continue it first if stopped.
istgt_stop() {
	[ -n "${ISTGT_PID:-}" ] || return 0
	kill -CONT "$ISTGT_PID" 2>/dev/null
	kill "$ISTGT_PID" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$ISTGT_PID" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$ISTGT_PID" 2>/dev/null
	wait "$ISTGT_PID" 2>/dev/null || true
}

# as HOST TOOL ARGS...: run TOOL as initiator HOST (A or B) under bats' run.
as() {
	local name
	case $1 in A) name=$HOST_A ;; B) name=$HOST_B ;; *) name=$1 ;; esac
	shift
	run --separate-stderr "$1" --initiator-name "$name" "${@:2}"
}

# keys_of URL: the registered keys, one line "0xKEY" each (as host A).
keys_of() {
	tpr-in --initiator-name "$HOST_A" -f "$1" keys | sed -n 's/^key: //p'
}

# no_connect CMD...: CMD opens no network connection.  First proves, once
# per file, that the tracer sees a connect (bash connects to a port).
no_connect() {
	local mark="$BATS_FILE_TMPDIR/strace-sees-connect"
	if [ ! -e "$mark" ]; then
		strace_run connect bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' || return 1
		grep -qE '^[0-9]+ +connect\(' "$STRACE_OUT" ||
			{ echo "the tracer missed bash's connect:"; cat "$STRACE_OUT"; return 1; }
		: >"$mark"
	fi
	strace_run connect "$@" || return 1
	if grep -E '^[0-9]+ +connect\(.*AF_INET' "$STRACE_OUT"; then
		echo "a connection was opened"; return 1
	fi
}
