#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# backup-session.sh: a whole session with the hook pair, as a backup server runs it: mount,
# write one or more files with filemarks between them, unmount on every exit path (normal
# end, a failed write, Ctrl-C, SIGTERM).
#
# Usage: backup-session.sh DIRECTORY...     (TAPE: the tape node, default /dev/nst0)
set -eu
TAPE=${TAPE:-/dev/nst0}
here=$(dirname "$0")
export TAPE

[ "$#" -gt 0 ] || { echo "usage: $0 DIRECTORY..." >&2; exit 1; }
"$here/tape-mount.sh" "$$"
trap '"$here/tape-umount.sh"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for dir in "$@"; do
	tar -cf "$TAPE" "$dir"	# each tar closes the no-rewind node: a filemark follows
done
