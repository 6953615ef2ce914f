/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who a logical unit is and how this host reaches it: identity from sysfs or INQUIRY, this path's initiator port. */
#ifndef TRESV_LU_H
#define TRESV_LU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"
#include "prstate.h"
#include "sgio.h"
#include "tid.h"
#include "vpd.h"

/* Largest INQUIRY data tresv reads, bytes.  The first INQUIRY asks 255
 * (an SPC-2 device reads byte 3 of the CDB as reserved); a longer page
 * is asked again at its full length. */
#define LU_VPD_MAX 1024
#define LU_INQUIRY_FIRST 255

/* Who the device is, as printable (already escaped) text. */
struct lu_identity {
	char vendor[4 * 8 + 1];		/* T10 VENDOR IDENTIFICATION */
	char product[4 * 16 + 1];	/* PRODUCT IDENTIFICATION */
	char revision[4 * 4 + 1];	/* PRODUCT REVISION LEVEL */
	int pdt;			/* PERIPHERAL DEVICE TYPE */
	char unit_serial[4 * 252 + 1];	/* VPD 80h, "" unknown */
	char lu_name[VPD_NAME_MAX];	/* VPD 83h LU designator, "" unknown */
	unsigned long commands;		/* INQUIRY commands it took (0: sysfs) */
};

/*
 * Read a VPD page (INQUIRY EVPD=1, SPC-5 6.7) or, for page < 0, the
 * standard INQUIRY data of the device node `path`, opened as dev: first
 * the kernel's copy (ROOT/sys/bus/scsi/devices/H:C:T:L/inquiry,
 * vpd_pg80, vpd_pg83), which costs no command, else through dev.  buf is
 * cap bytes (at most LU_VPD_MAX are used).  Returns TR_EXIT_OK with *len,
 * or the command's exit status (TR_EXIT_ILLEGAL_REQ: no such page).
 */
enum tr_exit lu_inquiry(struct sgio_dev *dev, const struct sgio_opts *opts,
			const char *root, const char *path, int page,
			uint8_t *buf, size_t cap, size_t *len);

/*
 * Fill *id from standard INQUIRY data and VPD pages 80h and 83h, by
 * lu_inquiry().  A missing or unusable VPD page leaves its field empty.
 * Returns TR_EXIT_OK, or the failing standard INQUIRY's exit status
 * (TR_EXIT_MALFORMED for data shorter than 36 bytes).
 */
enum tr_exit lu_identity_read(struct sgio_dev *dev, const struct sgio_opts *opts,
			      const char *root, const char *path,
			      struct lu_identity *id);

/*
 * The TransportID of the initiator port through which `path` reaches its
 * logical unit (ports_of_device() on the device that
 * sysfs_device_of_path() finds from the node's dev_t), as bytes
 * (tid, cap bytes, *tid_len) and as tid_format() text (text, textlen).
 * Returns 0, or -ENOENT (unknown: not an error for the caller), -errno.
 */
int lu_this_port(const char *root, const char *path, uint8_t *tid, size_t cap,
		 size_t *tid_len, char *text, size_t textlen);

/*
 * Set regs[i].this_port for every registrant of st whose TransportID
 * names the initiator port tid (tid_len bytes), by tid_same_port().
 * Returns how many were marked.
 */
size_t lu_mark_port(struct pr_state *st, const uint8_t *tid, size_t tid_len);

/*
 * lu_this_port() for `path`, then lu_mark_port() on st with it.  Returns
 * true when this path's initiator port is known (false: nothing marked).
 */
bool lu_mark_this_path(const char *root, const char *path, struct pr_state *st);

#endif /* TRESV_LU_H */
