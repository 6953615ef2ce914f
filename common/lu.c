/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LU identity and this I_T nexus's registrant, from sysfs first and commands second. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lu.h"
#include "sink.h"
#include "sysfs.h"

ssize_t
lu_kernel_inquiry(const struct dev *d, int page, uint8_t *buf, size_t cap)
{
	char attr[16];

	if (!d->have_sysfs)
		return -ENOENT;
	if (page < 0)
		snprintf(attr, sizeof(attr), "inquiry");
	else
		snprintf(attr, sizeof(attr), "vpd_pg%02x", (unsigned)page);
	return sysfs_device_attr(d->sysroot, &d->sysfs, attr, buf, cap);
}

enum tr_exit
lu_inquiry(struct dev *d, int page, uint8_t *buf, size_t cap, size_t *len)
{
	struct scsi_result res;
	ssize_t n;

	if (cap > LU_VPD_MAX)
		cap = LU_VPD_MAX;
	n = lu_kernel_inquiry(d, page, buf, cap);
	if (n > 0) {
		*len = (size_t)n;
		return TR_EXIT_OK;
	}
	return cmd_inquiry(d, page, buf, cap, len, &res);
}

enum tr_exit
lu_identity_read(struct dev *d, struct lu_identity *id)
{
	uint8_t buf[LU_VPD_MAX];
	struct vpd_inquiry inq;
	unsigned long before = d->ncmds;
	enum tr_exit ex;
	size_t len;

	memset(id, 0, sizeof(*id));
	ex = lu_inquiry(d, -1, buf, sizeof(buf), &len);
	if (ex != TR_EXIT_OK)
		return ex;
	if (vpd_parse_inquiry(buf, len, &inq) != 0)
		return TR_EXIT_MALFORMED;
	sink_escape(inq.t10_vendor_identification, inq.t10_vendor_identification_len,
		    id->vendor, sizeof(id->vendor));
	sink_escape(inq.product_identification, inq.product_identification_len,
		    id->product, sizeof(id->product));
	sink_escape(inq.product_revision_level, inq.product_revision_level_len,
		    id->revision, sizeof(id->revision));
	id->pdt = inq.peripheral_device_type;
	if (lu_inquiry(d, VPD_UNIT_SERIAL, buf, sizeof(buf), &len) == TR_EXIT_OK &&
	    vpd_parse_unit_serial(buf, len, id->unit_serial,
				  sizeof(id->unit_serial)) < 0)
		id->unit_serial[0] = '\0';
	if (lu_inquiry(d, VPD_DEVICE_ID, buf, sizeof(buf), &len) == TR_EXIT_OK &&
	    vpd_parse_lu_name(buf, len, id->lu_name, sizeof(id->lu_name)) < 0)
		id->lu_name[0] = '\0';
	id->commands = d->ncmds - before;
	return TR_EXIT_OK;
}

bool
lu_nexus_is(const uint8_t *tid, size_t tid_len, int rel_tgt_port,
	    const struct prs_registrant *g)
{
	return tid_same_port(tid, tid_len, g->tid_raw, g->tid_raw_len) == 1 &&
	       (g->all_tg_pt || rel_tgt_port < 0 || g->rel_tgt_port == rel_tgt_port);
}

bool
lu_mark_nexus(struct dev *d, struct pr_state *st)
{
	uint8_t name[TID_ISCSI_MAX_LEN];
	size_t name_len = 0;
	struct tid me;
	size_t i;

	if (!dev_nexus(d))
		return false;
	/* this initiator name alone (format 00b): any of its sessions */
	if (tid_decode(d->port_tid, d->port_tid_len, &me, NULL) == 0 &&
	    me.protocol_identifier == TID_PROTO_ISCSI && me.isid_len > 0 &&
	    tid_parse(me.iscsi_name, name, sizeof(name), &name_len) != 0)
		name_len = 0;
	for (i = 0; i < st->nregs; i++) {
		struct prs_registrant *g = &st->regs[i];

		g->this_port = lu_nexus_is(d->port_tid, d->port_tid_len, d->rel_tgt_port, g);
		g->other_session = !g->this_port && name_len > 0 &&
				   tid_same_port(name, name_len, g->tid_raw,
						 g->tid_raw_len) == 1;
	}
	return true;
}

const struct prs_registrant *
lu_my_registrant(const struct pr_state *st)
{
	size_t i;

	for (i = 0; i < st->nregs; i++)
		if (st->regs[i].this_port)
			return &st->regs[i];
	return NULL;
}
