/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SG_IO transport: a Linux SCSI device node driven through libsgutils2's sg_pt. */
#ifndef TRESV_XPORT_SG_H
#define TRESV_XPORT_SG_H

#include <stdbool.h>

#include "xport.h"

/*
 * Open the SCSI device node `node` (/dev/sgN, /dev/[n]stN*, /dev/schN,
 * /dev/sdX, /dev/bsg/H:C:T:L, a link to one) for SG_IO: O_NONBLOCK (no
 * medium needed), O_CLOEXEC (a job started later never inherits it),
 * O_RDONLY or, with read_write, O_RDWR.  Sends no SCSI command: the node
 * is proven to take SG_IO with the SG_GET_VERSION_NUM ioctl, which the
 * kernel answers itself.  The descriptor may be closed by the idle
 * operation and is opened again by the next command, which checks that
 * the node still names the same device (st_rdev).
 * Returns 0 and *out, or -errno: stat(2)/open(2) errors (-ENOENT, -EACCES,
 * -EBUSY for a tape node another process has open), -EISDIR for a
 * directory, -ENOTTY for anything that is not a SCSI device node (a
 * regular file, /dev/null, a partition), -ENOMEM.
 */
int xport_sg_open(const char *node, bool read_write, struct xport **out);

#endif /* TRESV_XPORT_SG_H */
