/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who a logical unit is and how this host reaches it: identity from sysfs or INQUIRY, this path's initiator port. */
#ifndef TRESV_LU_H
#define TRESV_LU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "exitstat.h"
#include "prstate.h"
#include "tid.h"
#include "vpd.h"

/* Largest INQUIRY data tresv reads, bytes (cmd_inquiry() re-issues a
 * longer page at its full length up to this). */
#define LU_VPD_MAX 1024

/* Who the device is, as printable (already escaped) text. */
struct lu_identity {
	char vendor[4 * 8 + 1];		/* T10 VENDOR IDENTIFICATION */
	char product[4 * 16 + 1];	/* PRODUCT IDENTIFICATION */
	char revision[4 * 4 + 1];	/* PRODUCT REVISION LEVEL */
	int pdt;			/* PERIPHERAL DEVICE TYPE */
	char unit_serial[4 * 252 + 1];	/* VPD 80h, "" unknown */
	char lu_name[VPD_NAME_MAX];	/* VPD 83h LU designator, "" unknown */
	unsigned long commands;		/* INQUIRY commands it took (0: sysfs) */
	char cut[128];			/* what arrived cut short, "" when all
					 * whole: "VPD page 83h cut at byte 1024" */
};

/*
 * The kernel's copy of the standard INQUIRY data (page < 0) or of VPD
 * page `page` of d's SCSI device (SYSROOT/<device dir>/inquiry, vpd_pgNN;
 * the kernel keeps 80h and 83h, among others), up to cap bytes into buf;
 * no command is sent.  Returns the bytes read, -ENOENT when sysfs does not
 * have it, or sysfs_read_attr()'s -errno (-EOVERFLOW: longer than cap).
 */
ssize_t lu_kernel_inquiry(const struct dev *d, int page, uint8_t *buf, size_t cap);

/*
 * Read a VPD page (INQUIRY EVPD=1, SPC-5 6.7) or, for page < 0, the
 * standard INQUIRY data of the device d: first the kernel's copy
 * (SYSROOT/sys/bus/scsi/devices/H:C:T:L/inquiry, vpd_pg80, vpd_pg83),
 * which costs no command, else cmd_inquiry().  buf is cap bytes (at most
 * LU_VPD_MAX are used).  Returns TR_EXIT_OK with *len, or the command's
 * exit status (TR_EXIT_ILLEGAL_REQ: no such page).
 */
enum tr_exit lu_inquiry(struct dev *d, int page, uint8_t *buf, size_t cap,
			size_t *len);

/*
 * Fill *id from standard INQUIRY data and VPD pages 80h and 83h, by
 * lu_inquiry().  A missing VPD page leaves its field empty; data cut short
 * shows what arrived (a page: its field empty) and says so in id->cut.
 * Returns TR_EXIT_OK; the failing standard INQUIRY's exit status; or
 * TR_EXIT_MALFORMED when the data or a page contradicts itself
 * (vpd_page_fault()); the reason in why (whylen bytes).
 */
enum tr_exit lu_identity_read(struct dev *d, struct lu_identity *id, char *why,
			      size_t whylen);

/*
 * Whether registrant g (READ FULL STATUS, SPC-5 6.16.5) is the I_T nexus
 * of the initiator port whose TransportID is tid (tid_len bytes, SPC-5
 * 7.6.4) through relative target port rel_tgt_port (-1: unknown): the same
 * initiator port (tid_same_port()) and, unless the registration has
 * ALL_TG_PT set or the target port is unknown, the same RELATIVE TARGET
 * PORT IDENTIFIER.  Pure.
 */
bool lu_nexus_is(const uint8_t *tid, size_t tid_len, int rel_tgt_port,
		 const struct prs_registrant *g);

/*
 * Set regs[i].this_port for the registrant of st that is this I_T nexus
 * (dev_nexus()), as lu_nexus_is() decides.  When this path is an iSCSI
 * session (format 01b), a registrant with the same initiator name and
 * another ISID is marked other_session (this host's older session, or
 * another tool's).  Returns true when this I_T nexus is known (false:
 * nothing marked).
 */
bool lu_mark_nexus(struct dev *d, struct pr_state *st);

/* The registrant of st that lu_mark_nexus() marked, or NULL. */
const struct prs_registrant *lu_my_registrant(const struct pr_state *st);

#endif /* TRESV_LU_H */
