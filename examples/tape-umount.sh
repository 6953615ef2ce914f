#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tape-umount.sh: the "unmount" hook of a backup session in split mode: rewind, then give the
# drive back (host lock and reservation), even when the rewind fails.
#
# Usage: tape-umount.sh                     (TAPE: the tape node, default /dev/nst0)
set -u
TAPE=${TAPE:-/dev/nst0}

trap 'tlock -f "$TAPE" release' EXIT
mt -f "$TAPE" rewind
