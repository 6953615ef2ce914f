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

/* What page `page` (-1: standard INQUIRY data) of len bytes contradicts,
 * in why as "malformed WHAT: FAULT".  Returns TR_EXIT_MALFORMED. */
static enum tr_exit
malformed_page(const uint8_t *buf, size_t len, int page, char *why, size_t whylen)
{
	struct fault f = { .kind = FAULT_NONE };
	char text[200];

	vpd_page_fault(buf, len, page, &f);
	if (page < 0)
		snprintf(why, whylen, "malformed standard INQUIRY data: %s",
			 fault_str(&f, text, sizeof(text)));
	else
		snprintf(why, whylen, "malformed VPD page %02xh: %s", (unsigned)page,
			 fault_str(&f, text, sizeof(text)));
	return TR_EXIT_MALFORMED;
}

/* Note in id that what (e.g. "VPD page 83h") arrived only up to len. */
static void
note_cut(struct lu_identity *id, const char *what, size_t len)
{
	size_t n = strlen(id->cut);

	snprintf(id->cut + n, sizeof(id->cut) - n, "%s%s cut at byte %zu", n ? "; " : "",
		 what, len);
}

/* Field out (outlen bytes) from VPD page `page`, by parse(); a page cut
 * short leaves it empty and is noted.  Returns TR_EXIT_MALFORMED (why)
 * for a page that contradicts itself, else TR_EXIT_OK. */
static enum tr_exit
read_page(struct dev *d, struct lu_identity *id, int page,
	  int (*parse)(const uint8_t *, size_t, char *, size_t), char *out,
	  size_t outlen, char *why, size_t whylen)
{
	uint8_t buf[LU_VPD_MAX];
	char what[16];
	size_t len;
	int rc;

	if (lu_inquiry(d, page, buf, sizeof(buf), &len) != TR_EXIT_OK)
		return TR_EXIT_OK;	/* no such page: the field stays empty */
	rc = parse(buf, len, out, outlen);
	if (rc >= 0)
		return TR_EXIT_OK;
	out[0] = '\0';
	if (rc == -EBADMSG)
		return malformed_page(buf, len, page, why, whylen);
	if (rc == -EMSGSIZE) {
		snprintf(what, sizeof(what), "VPD page %02xh", (unsigned)page);
		note_cut(id, what, len);
	}
	return TR_EXIT_OK;
}

enum tr_exit
lu_identity_read(struct dev *d, struct lu_identity *id, char *why, size_t whylen)
{
	uint8_t buf[LU_VPD_MAX];
	struct vpd_inquiry inq;
	unsigned long before = d->ncmds;
	enum tr_exit ex;
	size_t len;
	int rc;

	memset(id, 0, sizeof(*id));
	ex = lu_inquiry(d, -1, buf, sizeof(buf), &len);
	if (ex != TR_EXIT_OK) {
		snprintf(why, whylen, "INQUIRY failed (exit %d)", (int)ex);
		return ex;
	}
	rc = vpd_parse_inquiry(buf, len, &inq, NULL);
	if (rc == -EBADMSG)
		return malformed_page(buf, len, -1, why, whylen);
	if (rc == -EMSGSIZE)
		note_cut(id, "INQUIRY data", len);
	sink_escape(inq.t10_vendor_identification, inq.t10_vendor_identification_len,
		    id->vendor, sizeof(id->vendor));
	sink_escape(inq.product_identification, inq.product_identification_len,
		    id->product, sizeof(id->product));
	sink_escape(inq.product_revision_level, inq.product_revision_level_len,
		    id->revision, sizeof(id->revision));
	id->pdt = len > 0 ? inq.peripheral_device_type : -1;
	ex = read_page(d, id, VPD_UNIT_SERIAL, vpd_parse_unit_serial, id->unit_serial,
		       sizeof(id->unit_serial), why, whylen);
	if (ex == TR_EXIT_OK)
		ex = read_page(d, id, VPD_DEVICE_ID, vpd_parse_lu_name, id->lu_name,
			       sizeof(id->lu_name), why, whylen);
	id->commands = d->ncmds - before;
	return ex;
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
