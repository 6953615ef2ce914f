/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening a logical unit: the node commands go through, a busy tape node's holders named, this I_T nexus. */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dev.h"
#include "iscsi_url.h"
#include "lu.h"
#include "paths.h"
#include "ports.h"
#include "sysfs.h"
#include "vpd.h"
#include "xport_iscsi.h"
#include "xport_sg.h"

/* st(4): character major 9; the drive number is in minor bits 0-4 and
 * 8 and up, the mode in bits 5-6, no-rewind in bit 7 (linux/st.h). */
#define ST_MAJOR 9
#define ST_NO_REWIND 0x80
/* sg(4): character major 21. */
#define SCSI_GENERIC_MAJOR 21

static unsigned
st_drive(dev_t rdev)
{
	unsigned m = minor(rdev);

	return ((m & ~0xffu) >> 3) | (m & 0x1fu);
}

/* Whether an open node (rdev) reaches the same device as ours: any mode
 * node of the same tape drive counts (st allows one open per drive). */
static bool
same_device(dev_t ours, dev_t other)
{
	if (major(ours) == ST_MAJOR && major(other) == ST_MAJOR)
		return st_drive(ours) == st_drive(other);
	return ours == other;
}

/* Whether process pid has a descriptor open on the device rdev. */
static bool
holds(const char *pid, dev_t rdev)
{
	char dir[300], fd[600];
	struct dirent *e;
	struct stat st;
	bool found = false;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	if ((d = opendir(dir)) == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		snprintf(fd, sizeof(fd), "%s/%s", dir, e->d_name);
		found = e->d_name[0] != '.' && stat(fd, &st) == 0 &&
			S_ISCHR(st.st_mode) && same_device(rdev, st.st_rdev);
	}
	closedir(d);
	return found;
}

/* "pid 123 (dd), pid 456 (tar)": the processes holding the device rdev
 * open, as fuser(1) would find them (those whose /proc/PID/fd this user
 * may read), into buf; "" when none is found. */
static void
name_holders(dev_t rdev, char *buf, size_t len)
{
	char comm_path[300], comm[32];
	struct dirent *e;
	size_t off = 0;
	pid_t self = getpid();
	FILE *f;
	DIR *d;

	buf[0] = '\0';
	if ((d = opendir("/proc")) == NULL)
		return;
	while ((e = readdir(d)) != NULL && off + 48 < len) {
		if (!isdigit((unsigned char)e->d_name[0]) || atol(e->d_name) == self ||
		    !holds(e->d_name, rdev))
			continue;
		snprintf(comm_path, sizeof(comm_path), "/proc/%s/comm", e->d_name);
		comm[0] = '\0';
		if ((f = fopen(comm_path, "re")) != NULL) {
			if (fgets(comm, sizeof(comm), f) == NULL)
				comm[0] = '\0';
			fclose(f);
		}
		comm[strcspn(comm, "\n")] = '\0';
		off += (size_t)snprintf(buf + off, len - off, "%spid %s (%s)",
					off ? ", " : "", e->d_name, comm);
	}
	closedir(d);
}

/* Why the node could not be opened, in words. */
static void
open_failure(const char *node, int rc, char *err, size_t errlen)
{
	char who[256];
	struct stat st;

	if (rc == -EBUSY && stat(node, &st) == 0) {
		name_holders(st.st_rdev, who, sizeof(who));
		snprintf(err, errlen, "busy: another process has the device open%s%s%s "
			 "(a tape drive opens once at a time; load the sg driver "
			 "so tresv can reach it beside the job)",
			 who[0] ? " (" : "", who, who[0] ? ")" : "");
		return;
	}
	snprintf(err, errlen, "%s",
		 rc == -ENOTTY ? "not a SCSI device (it does not accept SG_IO)" :
		 rc == -EISDIR ? "is a directory, not a SCSI device" :
		 strerror(-rc));
}

/* The SCSI generic node of d's device, when the sg driver has one and
 * /dev has its node with that device number: into sg (cap bytes). */
static bool
sg_node_of(const struct dev *d, char *sg, size_t cap)
{
	char name[32], attr[PATH_MAX], num[32];
	unsigned ma, mi;
	struct stat st;

	if (!d->have_sysfs || sysfs_sg_node(d->sysroot, &d->sysfs, name, sizeof(name)) != 0 ||
	    sysfs_path(attr, sizeof(attr), d->sysroot, "sys/class/scsi_generic/%s/dev",
		       name) != 0 ||
	    sysfs_read_text(attr, num, sizeof(num)) <= 0 ||
	    sscanf(num, "%u:%u", &ma, &mi) != 2)
		return false;
	snprintf(sg, cap, "/dev/%s", name);
	return stat(sg, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(ma, mi);
}

/* An iscsi:// URL: log in, as d->initiator or this host's name. */
static enum tr_exit
open_iscsi(struct dev *d, char *err, size_t errlen)
{
	char name[ISCSI_URL_NAME_MAX + 1], isid[13];
	struct tr_iscsi_url u;
	const char *why;

	d->have_sysfs = false;
	if (iscsi_url_parse(d->name, &u, &why) != 0) {
		snprintf(err, errlen, "invalid iSCSI URL: %s", why);
		return TR_EXIT_SYNTAX;
	}
	if (d->initiator != NULL)
		snprintf(name, sizeof(name), "%s", d->initiator);
	else if (xport_iscsi_initiator(d->sysroot, name, sizeof(name), err, errlen) != 0)
		return TR_EXIT_FILE;
	if (xport_iscsi_open(&u, name, d->timeout_s, &d->x, err, errlen) != 0)
		return TR_EXIT_FILE;
	iscsi_url_isid_hex(u.lun, isid);
	if (d->verbose > 0)
		fprintf(stderr, "%s: logged in to %s as %s,i,0x%s\n", d->name, d->x->via,
			name, isid);
	return TR_EXIT_OK;
}

struct dev
dev_like(const struct dev *like, const char *name)
{
	return (struct dev){ .name = name, .sysroot = like->sysroot, .verbose = like->verbose,
			     .timeout_s = like->timeout_s, .initiator = like->initiator,
			     .names = like->names, .audit = like->audit };
}

enum tr_exit
dev_open(struct dev *d, bool read_write, char *err, size_t errlen)
{
	const char *name = d->node != NULL ? d->node : d->name;
	char sg[PATH_MAX], dm[64];
	struct stat st;
	bool redirect;
	int rc;

	d->x = NULL;
	d->ncmds = 0;
	d->nexus_known = 0;
	d->rel_tgt_port = -1;
	if (iscsi_url_is_url(d->name))
		return open_iscsi(d, err, errlen);
	if (stat(name, &st) != 0) {
		open_failure(name, -errno, err, errlen);
		return TR_EXIT_FILE;
	}
	if (S_ISBLK(st.st_mode) && paths_map_of(d->sysroot, st.st_rdev, dm, sizeof(dm)) == 1) {
		snprintf(err, errlen, "a device-mapper map (%s), several paths: name one "
			 "(tpr-in status -f MAP lists them)", dm);
		return TR_EXIT_FILE;
	}
	d->have_sysfs = sysfs_device_of_path(d->sysroot, name, &d->sysfs) == 0;
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == ST_MAJOR &&
	    !(minor(st.st_rdev) & ST_NO_REWIND))
		warnx("%s: rewinding tape node: the tape rewinds whenever it is "
		      "closed; use the /dev/nst node to keep its position", name);
	/* never keep a tape or changer node open: a job may need it (st opens
	 * once); the sg node of the same device takes the commands */
	redirect = (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) &&
		   major(st.st_rdev) != SCSI_GENERIC_MAJOR && sg_node_of(d, sg, sizeof(sg));
	rc = xport_sg_open(redirect ? sg : name, read_write, &d->x);
	if (rc < 0) {
		open_failure(redirect ? sg : name, rc, err, errlen);
		return TR_EXIT_FILE;
	}
	if (d->verbose > 0)
		fprintf(stderr, "%s: commands go through %s%s\n", d->name, d->x->via,
			redirect ? " (its SCSI generic node)" : d->node ? " (one of its paths)" :
			"");
	return TR_EXIT_OK;
}

void
dev_idle(struct dev *d)
{
	if (d->x != NULL && d->x->ops->idle != NULL)
		d->x->ops->idle(d->x);
}

void
dev_close(struct dev *d)
{
	if (d->x != NULL)
		d->x->ops->free(d->x);
	d->x = NULL;
}

bool
dev_nexus(struct dev *d)
{
	uint8_t p83[1024];
	ssize_t n;
	int port;

	if (d->nexus_known != 0)
		return d->nexus_known == 1;
	if (d->x != NULL && d->x->ops->port_tid != NULL) {
		size_t len;

		d->nexus_known = d->x->ops->port_tid(d->x, d->port_tid, sizeof(d->port_tid),
						     &d->port_tid_len) == 0 ? 1 : -1;
		port = lu_inquiry(d, VPD_DEVICE_ID, p83, sizeof(p83), &len) == TR_EXIT_OK ?
			vpd_rel_tgt_port(p83, len) : -1;
		d->rel_tgt_port = port > 0 ? port : -1;
		return d->nexus_known == 1;
	}
	d->nexus_known = d->have_sysfs &&
		ports_of_device(d->sysroot, &d->sysfs, d->port_tid, sizeof(d->port_tid),
				&d->port_tid_len) == 0 ? 1 : -1;
	n = lu_kernel_inquiry(d, VPD_DEVICE_ID, p83, sizeof(p83));
	port = n > 0 ? vpd_rel_tgt_port(p83, (size_t)n) : -1;
	d->rel_tgt_port = port > 0 ? port : -1;
	return d->nexus_known == 1;
}
