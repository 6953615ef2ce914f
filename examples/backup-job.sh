#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# backup-job.sh: write a backup to tape while holding the drive, the way a cron job or a backup
# server's pre/post command would.  tlock takes the host lock and the reservation, runs tar on
# the tape node itself, and gives both back on every exit path (exit, signal, tar failing).
#
# Usage: backup-job.sh DIRECTORY...        (TAPE names the no-rewind tape node, default /dev/nst0)
# Exit status: tar's; 24 when another host or job holds the drive for longer than WAIT seconds.
set -eu
TAPE=${TAPE:-/dev/nst0}
WAIT=${WAIT:-600}

[ "$#" -gt 0 ] || { echo "usage: $0 DIRECTORY..." >&2; exit 1; }
# -w: wait for another job or host to finish; the drive is held from here until tar ends.
# tlock keeps no descriptor of the drive open while tar runs: tar opens $TAPE itself.
exec tlock -f "$TAPE" -w "$WAIT" -- tar -cf "$TAPE" "$@"
