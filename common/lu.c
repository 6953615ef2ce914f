/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LU identity and this path's initiator port, from sysfs first and commands second. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdb.h"
#include "lu.h"
#include "ports.h"
#include "sink.h"
#include "sysfs.h"

/* The kernel's copy of INQUIRY data or a VPD page, if it has one. */
static ssize_t
kernel_inquiry(const char *root, const char *path, int page, uint8_t *buf,
	       size_t cap)
{
	struct sysfs_dev d;
	char attr[16], file[PATH_MAX];

	if (sysfs_device_of_path(root, path, &d) != 0 || d.dir[0] == '\0')
		return -ENOENT;
	if (page < 0)
		snprintf(attr, sizeof(attr), "inquiry");
	else
		snprintf(attr, sizeof(attr), "vpd_pg%02x", (unsigned)page);
	if (sysfs_path(file, sizeof(file), root, "%s/%s", d.dir, attr) != 0)
		return -ENAMETOOLONG;
	return sysfs_read_attr(file, buf, cap);
}

enum tr_exit
lu_inquiry(struct sgio_dev *dev, const struct sgio_opts *opts, const char *root,
	   const char *path, int page, uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t cdb[CDB6_LEN];
	struct scsi_result res;
	enum tr_exit ex;
	size_t asked, need;
	ssize_t n;

	if (cap > LU_VPD_MAX)
		cap = LU_VPD_MAX;
	n = kernel_inquiry(root, path, page, buf, cap);
	if (n > 0) {
		*len = (size_t)n;
		return TR_EXIT_OK;
	}
	asked = cap < LU_INQUIRY_FIRST ? cap : LU_INQUIRY_FIRST;
	for (;;) {
		memset(buf, 0, asked);
		cdb_inquiry(cdb, page >= 0, page >= 0 ? (uint8_t)page : 0,
			    (uint16_t)asked);
		ex = sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_IN, buf, asked,
			      &res);
		*len = res.received;
		need = page >= 0 ? vpd_len(buf, *len) : 0;
		if (ex != TR_EXIT_OK || need <= *len || *len < asked || asked == cap)
			return ex;
		asked = need < cap ? need : cap;
	}
}

enum tr_exit
lu_identity_read(struct sgio_dev *dev, const struct sgio_opts *opts,
		 const char *root, const char *path, struct lu_identity *id)
{
	uint8_t buf[LU_VPD_MAX];
	struct vpd_inquiry inq;
	unsigned long before = sgio_commands_sent(dev);
	enum tr_exit ex;
	size_t len;

	memset(id, 0, sizeof(*id));
	ex = lu_inquiry(dev, opts, root, path, -1, buf, sizeof(buf), &len);
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
	if (lu_inquiry(dev, opts, root, path, VPD_UNIT_SERIAL, buf,
		       sizeof(buf), &len) == TR_EXIT_OK &&
	    vpd_parse_unit_serial(buf, len, id->unit_serial,
				  sizeof(id->unit_serial)) < 0)
		id->unit_serial[0] = '\0';
	if (lu_inquiry(dev, opts, root, path, VPD_DEVICE_ID, buf,
		       sizeof(buf), &len) == TR_EXIT_OK &&
	    vpd_parse_lu_name(buf, len, id->lu_name, sizeof(id->lu_name)) < 0)
		id->lu_name[0] = '\0';
	id->commands = sgio_commands_sent(dev) - before;
	return TR_EXIT_OK;
}

size_t
lu_mark_port(struct pr_state *st, const uint8_t *tid, size_t tid_len)
{
	size_t i, n = 0;

	for (i = 0; i < st->nregs; i++) {
		struct prs_registrant *g = &st->regs[i];

		g->this_port = tid_same_port(tid, tid_len, g->tid_raw,
					     g->tid_raw_len) == 1;
		n += g->this_port;
	}
	return n;
}

bool
lu_mark_this_path(const char *root, const char *path, struct pr_state *st)
{
	uint8_t tid[TID_ISCSI_MAX_LEN];
	char text[TID_FORMAT_MAX];
	size_t len;

	if (lu_this_port(root, path, tid, sizeof(tid), &len, text, sizeof(text)) != 0)
		return false;
	lu_mark_port(st, tid, len);
	return true;
}

int
lu_this_port(const char *root, const char *path, uint8_t *tid, size_t cap,
	     size_t *tid_len, char *text, size_t textlen)
{
	struct sysfs_dev d;
	struct tid t;
	int rc;

	rc = sysfs_device_of_path(root, path, &d);
	if (rc == 0)
		rc = ports_of_device(root, &d, tid, cap, tid_len);
	if (rc != 0)
		return rc;
	if (tid_decode(tid, *tid_len, &t, NULL) != 0 ||
	    tid_format(&t, text, textlen) < 0)
		return -EBADMSG;
	return 0;
}
