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
# A signal that comes while the mount hook runs is acted on once the hook has returned: the
# shell would otherwise die at once, before its EXIT trap exists, leaving the drive the hook
# had just taken held for a session that is gone.
mounted='' sig=''
trap 'sig=130' INT
trap 'sig=143' TERM
trap '[ -z "$mounted" ] || "$here/tape-umount.sh"' EXIT
"$here/tape-mount.sh" "$$" || { rc=$?; exit "${sig:-$rc}"; }
mounted=1
trap 'exit 130' INT
trap 'exit 143' TERM
[ -z "$sig" ] || exit "$sig"
for dir in "$@"; do
	tar -cf "$TAPE" "$dir"	# each tar closes the no-rewind node: a filemark follows
done
