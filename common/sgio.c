/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI pass-through: open, execute with timeout, collect status, sense and residual. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scsi/sg.h>
#include <scsi/sg_lib.h>
#include <scsi/sg_pt.h>

#include "sgio.h"

struct sgio_dev {
	int fd;
	unsigned long ncmds;
	char path[];
};

int
sgio_open(const char *path, bool read_write, struct sgio_dev **devp)
{
	struct sgio_dev *dev;
	struct stat st;
	int fd, version;
	size_t plen = strlen(path) + 1;

	*devp = NULL;
	if (stat(path, &st) != 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return -ENOTTY;

	fd = scsi_pt_open_device(path, !read_write, 0);
	if (fd < 0)
		return fd;
	/* Answered by the kernel's SCSI ioctl layer, so no command reaches
	 * the device; every SG_IO-capable node (sg, st, ch, sd, bsg) knows it. */
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) != 0) {
		scsi_pt_close_device(fd);
		return -ENOTTY;
	}
	dev = malloc(sizeof(*dev) + plen);
	if (dev == NULL) {
		scsi_pt_close_device(fd);
		return -ENOMEM;
	}
	dev->fd = fd;
	dev->ncmds = 0;
	memcpy(dev->path, path, plen);
	*devp = dev;
	return 0;
}

void
sgio_close(struct sgio_dev *dev)
{
	if (dev == NULL)
		return;
	scsi_pt_close_device(dev->fd);
	free(dev);
}

unsigned long
sgio_commands_sent(const struct sgio_dev *dev)
{
	return dev->ncmds;
}

/* One command, no retry; its outcome in *res.  0 when it was submitted,
 * -errno (also in res->os_err) when it could not be. */
static int
sgio_exec(struct sgio_dev *dev, const uint8_t *cdb, size_t cdb_len,
	  enum sgio_dir dir, uint8_t *buf, size_t len, unsigned timeout_s,
	  struct scsi_result *res)
{
	struct sg_pt_base *pt;
	int rc, resid, slen;

	memset(res, 0, sizeof(*res));
	if (cdb_len < 6 || cdb_len > 16 || len > INT_MAX || timeout_s > INT_MAX) {
		res->os_err = EINVAL;
		return -EINVAL;
	}
	pt = construct_scsi_pt_obj_with_fd(dev->fd, 0);
	if (pt == NULL) {
		res->os_err = ENOMEM;
		return -ENOMEM;
	}
	set_scsi_pt_cdb(pt, cdb, (int)cdb_len);
	set_scsi_pt_sense(pt, res->sense, sizeof(res->sense));
	if (dir == SGIO_DIR_IN && len > 0)
		set_scsi_pt_data_in(pt, buf, (int)len);
	else if (dir == SGIO_DIR_OUT && len > 0)
		set_scsi_pt_data_out(pt, buf, (int)len);

	dev->ncmds++;
	rc = do_scsi_pt(pt, -1, (int)timeout_s, 0);
	if (rc == SCSI_PT_DO_TIMEOUT) {
		res->timed_out = true;
	} else if (rc < 0 || rc == SCSI_PT_DO_BAD_PARAMS ||
		   rc == SCSI_PT_DO_NOT_SUPPORTED) {
		res->os_err = rc < 0 ? -rc : EINVAL;
		destruct_scsi_pt_obj(pt);
		return -res->os_err;
	} else if (get_scsi_pt_os_err(pt) != 0) {
		res->os_err = get_scsi_pt_os_err(pt);
		destruct_scsi_pt_obj(pt);
		return -res->os_err;
	}
	res->status = (uint8_t)get_scsi_pt_status_response(pt);
	/* sg_pt 1.46 on Linux returns the host byte (sg_io_v4
	 * transport_status) here; the driver byte is not exposed. */
	res->host_status = (uint8_t)get_scsi_pt_transport_err(pt);
	slen = get_scsi_pt_sense_len(pt);
	res->sense_len = slen > 0 ? (size_t)slen : 0;
	if (res->sense_len > sizeof(res->sense))
		res->sense_len = sizeof(res->sense);
	if (dir == SGIO_DIR_IN) {
		resid = get_scsi_pt_resid(pt);
		res->received = (resid > 0 && (size_t)resid <= len) ?
			len - (size_t)resid : (resid > 0 ? 0 : len);
	}
	destruct_scsi_pt_obj(pt);
	return 0;
}

/* Newer <scsi/sg.h> than glibc ships has these (Linux 3.19+). */
#ifndef SG_SCSI_RESET_TARGET
#define SG_SCSI_RESET_TARGET 4
#endif
#ifndef SG_SCSI_RESET_NO_ESCALATE
#define SG_SCSI_RESET_NO_ESCALATE 0x100
#endif

int
sgio_reset(struct sgio_dev *dev, enum sgio_reset level)
{
	static const int how[] = {
		[SGIO_RESET_LU] = SG_SCSI_RESET_DEVICE,
		[SGIO_RESET_TARGET] = SG_SCSI_RESET_TARGET,
		[SGIO_RESET_BUS] = SG_SCSI_RESET_BUS,
	};
	int arg = how[level] | SG_SCSI_RESET_NO_ESCALATE;

	dev->ncmds++;
	return ioctl(dev->fd, SG_SCSI_RESET, &arg) == 0 ? 0 : -errno;
}

static void
hex_to_stderr(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(stderr, "    %s:", label);
	for (i = 0; i < n; i++) {
		if (i > 0 && i % 16 == 0)
			fprintf(stderr, "\n    %*s ", (int)strlen(label), "");
		fprintf(stderr, " %02x", p[i]);
	}
	fputc('\n', stderr);
}

static void
trace_before(const struct sgio_dev *dev, const uint8_t *cdb, size_t cdb_len,
	     enum sgio_dir dir, const uint8_t *buf, size_t len)
{
	char name[96];
	int sa = (cdb[0] == 0x5e || cdb[0] == 0x5f) ? (cdb[1] & 0x1f) : -1;

	if (sa >= 0)
		sg_get_opcode_sa_name(cdb[0], sa, -1, sizeof(name), name);
	else
		sg_get_opcode_name(cdb[0], -1, sizeof(name), name);
	fprintf(stderr, "%s: %s\n", dev->path, name);
	hex_to_stderr("cdb", cdb, cdb_len);
	if (dir == SGIO_DIR_OUT && len > 0)
		hex_to_stderr("parameter list", buf, len);
}

static void
trace_after(const struct scsi_result *r, enum sgio_dir dir,
	    const uint8_t *buf)
{
	fprintf(stderr, "    status 0x%02x, host status 0x%02x\n", r->status,
		r->host_status);
	if (r->sense_len > 0)
		hex_to_stderr("sense", r->sense, r->sense_len);
	/* a failed command's buffer holds nothing the device sent */
	if (dir == SGIO_DIR_IN && r->received > 0 && r->status == SAM_GOOD &&
	    r->host_status == HOST_DID_OK && r->os_err == 0 && !r->timed_out)
		hex_to_stderr("response", buf, r->received);
}

static void
report_unit_attention(const struct sgio_dev *dev, const struct sense_info *si)
{
	const char *m = sense_ua_meaning(si->asc, si->ascq);
	char text[128];

	if (m == NULL)
		m = sense_asc_str(si->asc, si->ascq, text, sizeof(text));
	warnx("%s: unit attention: %s (asc/ascq %02Xh/%02Xh); sending the "
	      "command again", dev->path, m, si->asc, si->ascq);
}

enum tr_exit
sgio_run(struct sgio_dev *dev, const struct sgio_opts *opts,
	 const uint8_t *cdb, size_t cdb_len, enum sgio_dir dir, uint8_t *buf,
	 size_t len, struct scsi_result *res)
{
	struct sense_info si;
	enum tr_exit ex = TR_EXIT_OTHER;
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if (opts->verbose > 0)
			trace_before(dev, cdb, cdb_len, dir, buf, len);
		sgio_exec(dev, cdb, cdb_len, dir, buf, len, opts->timeout_s, res);
		if (opts->verbose > 1)
			trace_after(res, dir, buf);
		ex = sense_result_exit(res, &si);
		if (ex != TR_EXIT_UNIT_ATTENTION || attempt > 0)
			break;
		report_unit_attention(dev, &si);
	}
	return ex;
}
