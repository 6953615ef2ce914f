/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LU identity and this path's initiator port, from sysfs first and commands second. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lu.h"

/* Read up to cap bytes of a sysfs attribute. Returns bytes read, or -errno. */
static ssize_t
read_attr(const char *file, uint8_t *buf, size_t cap)
{
	ssize_t n, got = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)got < cap && (n = read(fd, buf + got, cap - (size_t)got)) > 0)
		got += n;
	close(fd);
	return got;
}

/* The kernel's copy of INQUIRY data or a VPD page, if it has one. */
static ssize_t
sysfs_inquiry(const char *root, const char *path, int page, uint8_t *buf,
	      size_t cap)
{
	struct devid_hctl h;
	char real[PATH_MAX], attr[16], file[PATH_MAX + 128];

	if (realpath(path, real) == NULL ||
	    devid_resolve_hctl(root, real, &h) != 0)
		return -ENOENT;
	if (page < 0)
		snprintf(attr, sizeof(attr), "inquiry");
	else
		snprintf(attr, sizeof(attr), "vpd_pg%02x", (unsigned)page);
	snprintf(file, sizeof(file), "%s/sys/bus/scsi/devices/%u:%u:%u:%llu/%s",
		 strcmp(root, "/") == 0 ? "" : root, h.host, h.channel, h.target,
		 (unsigned long long)h.lun, attr);
	return read_attr(file, buf, cap);
}

enum tr_exit
lu_inquiry(struct dev *d, int page, uint8_t *buf, size_t cap, size_t *len)
{
	struct scsi_result res;
	ssize_t n;

	if (cap > LU_VPD_MAX)
		cap = LU_VPD_MAX;
	n = sysfs_inquiry(d->sysroot, d->name, page, buf, cap);
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
	struct devid_inquiry inq;
	unsigned long before = d->ncmds;
	enum tr_exit ex;
	size_t len;

	memset(id, 0, sizeof(*id));
	ex = lu_inquiry(d, -1, buf, sizeof(buf), &len);
	if (ex != TR_EXIT_OK)
		return ex;
	if (devid_parse_inquiry(buf, len, &inq) != 0)
		return TR_EXIT_MALFORMED;
	devid_escape(inq.t10_vendor_identification, inq.t10_vendor_identification_len,
		     id->vendor, sizeof(id->vendor));
	devid_escape(inq.product_identification, inq.product_identification_len,
		     id->product, sizeof(id->product));
	devid_escape(inq.product_revision_level, inq.product_revision_level_len,
		     id->revision, sizeof(id->revision));
	id->pdt = inq.peripheral_device_type;
	if (lu_inquiry(d, DEVID_VPD_UNIT_SERIAL, buf, sizeof(buf), &len) == TR_EXIT_OK &&
	    devid_parse_unit_serial(buf, len, id->unit_serial,
				    sizeof(id->unit_serial)) < 0)
		id->unit_serial[0] = '\0';
	if (lu_inquiry(d, DEVID_VPD_DEVICE_ID, buf, sizeof(buf), &len) == TR_EXIT_OK &&
	    devid_parse_lu_name(buf, len, id->lu_name, sizeof(id->lu_name)) < 0)
		id->lu_name[0] = '\0';
	id->commands = d->ncmds - before;
	return TR_EXIT_OK;
}

bool
lu_mark_nexus(struct dev *d, struct pr_state *st)
{
	size_t i;

	if (!dev_nexus(d))
		return false;
	for (i = 0; i < st->nregs; i++) {
		struct prs_registrant *g = &st->regs[i];

		g->this_port = devid_tid_same_port(d->port_tid, d->port_tid_len,
						   g->tid_raw, g->tid_raw_len) == 1 &&
			       (g->all_tg_pt || d->rel_tgt_port < 0 ||
				g->rel_tgt_port == d->rel_tgt_port);
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

int
lu_this_port(const char *root, const char *path, uint8_t *tid, size_t cap,
	     size_t *tid_len, char *text, size_t textlen)
{
	char real[PATH_MAX];
	struct tid t;
	int rc;

	if (realpath(path, real) == NULL)
		return -errno;
	rc = devid_initiator_port(root, real, tid, cap, tid_len);
	if (rc != 0)
		return rc;
	if (tid_decode(tid, *tid_len, &t, NULL) != 0 ||
	    tid_format(&t, text, textlen) < 0)
		return -EBADMSG;
	return 0;
}
