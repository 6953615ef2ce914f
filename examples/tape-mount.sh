#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tape-mount.sh: the "mount" hook of a backup session in split mode: hold the drive for the
# session's owner (a long-lived process, e.g. the backup daemon), then position the tape.
# tape-umount.sh gives it back.  If anything after the hold fails, the trap gives the drive
# back at once, so a failed mount never leaves it held.
#
# Usage: tape-mount.sh OWNER-PID           (TAPE: the tape node, default /dev/nst0)
set -eu
TAPE=${TAPE:-/dev/nst0}
owner=${1:?usage: tape-mount.sh OWNER-PID}

# A signal that comes while tlock takes the drive is acted on once tlock has returned, the
# drive then given back: a shell without a trap would die at once, the drive held for nobody.
sig=''
trap 'sig=1' INT TERM HUP
tlock -f "$TAPE" -w "${WAIT:-600}" --owner "$owner" acquire
trap 'tlock -f "$TAPE" release' EXIT
trap 'exit 1' INT TERM HUP
[ -z "$sig" ] || exit 1
mt -f "$TAPE" rewind
trap - EXIT INT TERM HUP
