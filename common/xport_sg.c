/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SG_IO transport: the only code that includes sg_pt and talks to the kernel's SCSI pass-through. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <scsi/sg.h>
#include <scsi/sg_pt.h>

#include "xport_sg.h"

/* The sg driver's character major (Documentation/admin-guide/devices.txt). */
#define SG_MAJOR 21
/* cmds[i].rc while its answer is awaited (sg_exec_all()). */
#define XPORT_CMD_PENDING 1

struct xport_sg {
	struct xport x;		/* first: the common head */
	int fd;			/* -1 while idle */
	int flags;		/* open(2) flags */
	dev_t rdev;		/* the device the node named when first opened */
	char node[];
};

/* Open sg->node and prove it takes SG_IO.  0 or -errno. */
static int
sg_reopen(struct xport_sg *sg)
{
	struct stat st;
	int fd, version;

	fd = open(sg->node, sg->flags);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || st.st_rdev != sg->rdev) {
		close(fd);
		return -ENODEV;	/* the node now names another device */
	}
	/* Answered by the kernel's SCSI ioctl layer: no command reaches the
	 * device; every SG_IO-capable node (sg, st, ch, sd, bsg) knows it. */
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) != 0) {
		close(fd);
		return -ENOTTY;
	}
	sg->fd = fd;
	return 0;
}

/* Data-in bytes that arrived of len asked, from the residual count the
 * driver reports (a residual past len: none arrived). */
static size_t
received_of(int resid, size_t len)
{
	if (resid <= 0)
		return len;
	return (size_t)resid <= len ? len - (size_t)resid : 0;
}

static int
sg_exec(struct xport *x, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	uint8_t *buf, size_t len, unsigned timeout_s, struct scsi_result *res)
{
	struct xport_sg *sg = (struct xport_sg *)x;
	struct sg_pt_base *pt = NULL;
	int rc, resid, slen;

	memset(res, 0, sizeof(*res));
	if (cdb_len < 6 || cdb_len > 16 || len > INT_MAX || timeout_s > INT_MAX)
		rc = -EINVAL;
	else
		rc = sg->fd < 0 ? sg_reopen(sg) : 0;
	if (rc == 0 && (pt = construct_scsi_pt_obj_with_fd(sg->fd, 0)) == NULL)
		rc = -ENOMEM;
	if (rc < 0) {
		res->os_err = -rc;
		return rc;
	}
	set_scsi_pt_cdb(pt, cdb, (int)cdb_len);
	set_scsi_pt_sense(pt, res->sense, sizeof(res->sense));
	if (dir == XPORT_DIR_IN && len > 0)
		set_scsi_pt_data_in(pt, buf, (int)len);
	else if (dir == XPORT_DIR_OUT && len > 0)
		set_scsi_pt_data_out(pt, buf, (int)len);

	rc = do_scsi_pt(pt, -1, (int)timeout_s, 0);
	if (rc == SCSI_PT_DO_TIMEOUT) {
		res->timed_out = true;
	} else if (rc < 0 || rc == SCSI_PT_DO_BAD_PARAMS ||
		   rc == SCSI_PT_DO_NOT_SUPPORTED) {
		res->os_err = rc < 0 ? -rc : EINVAL;
	} else if (get_scsi_pt_os_err(pt) != 0) {
		res->os_err = get_scsi_pt_os_err(pt);
	}
	if (res->os_err != 0) {
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
	if (dir == XPORT_DIR_IN) {
		resid = get_scsi_pt_resid(pt);
		res->received = received_of(resid, len);
	}
	destruct_scsi_pt_obj(pt);
	return 0;
}

/* One command of a batch, as one thread sends it. */
struct sg_job {
	struct xport *x;
	struct xport_cmd *c;
	unsigned timeout_s;
};

static void *
sg_job_run(void *arg)
{
	struct sg_job *j = arg;

	j->c->rc = sg_exec(j->x, j->c->cdb, j->c->cdb_len, j->c->dir, j->c->buf, j->c->len,
			   j->timeout_s, &j->c->res);
	return NULL;
}

/* The Linux host byte and driver byte (low nibble) of a command the
 * pass-through layer timed out (<scsi/scsi.h> DID_TIME_OUT, the sg
 * driver's DRIVER_TIMEOUT). */
#define SG_DID_TIME_OUT 0x03
#define SG_DRIVER_TIMEOUT 0x06

/* The answer in h (as read(2) returns it) into c, as sg_exec() gives it. */
static void
async_result(const struct sg_io_hdr *h, struct xport_cmd *c)
{
	struct scsi_result *res = &c->res;

	res->status = h->status;
	res->host_status = (uint8_t)h->host_status;
	res->driver_status = (uint8_t)h->driver_status;
	res->timed_out = h->host_status == SG_DID_TIME_OUT ||
			 (h->driver_status & 0x0f) == SG_DRIVER_TIMEOUT;
	res->sense_len = h->sb_len_wr < sizeof(res->sense) ? h->sb_len_wr : sizeof(res->sense);
	if (c->dir == XPORT_DIR_IN)
		res->received = received_of(h->resid, c->len);
	c->rc = 0;
}

/* One device's share of sg_exec_all() in the sg driver's queue. */
struct sg_async {
	struct xport_batch *b;
	int fd;			/* the second descriptor, -1: not queued */
	size_t sent, got;	/* commands written, answers read */
};

/*
 * Queue a->b's commands through the sg driver's asynchronous interface
 * (sg(4), the Linux SCSI Generic HOWTO: a struct sg_io_hdr written with
 * write(2) is queued, read(2) returns an answer, matched by pack_id) on a
 * second descriptor of the node, opened for writing as that interface
 * needs.  0 when at least one was written (a->fd open, a->sent of them),
 * else -errno: no write access, or not an sg character device (write(2)
 * to a disk's block node would write data to it).
 */
static int
sg_async_submit(struct sg_async *a, unsigned timeout_s)
{
	struct xport_sg *sg = (struct xport_sg *)a->b->x;
	struct sg_io_hdr h;
	struct stat st;
	size_t i;
	int fd = open(sg->node, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	a->fd = -1;
	a->sent = a->got = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != SG_MAJOR ||
	    st.st_rdev != sg->rdev) {
		close(fd);
		return -ENOTTY;
	}
	for (i = 0; i < a->b->n; i++) {
		struct xport_cmd *c = &a->b->cmds[i];

		memset(&h, 0, sizeof(h));
		h.interface_id = 'S';
		h.dxfer_direction = c->dir == XPORT_DIR_IN ? SG_DXFER_FROM_DEV :
				    c->dir == XPORT_DIR_OUT ? SG_DXFER_TO_DEV : SG_DXFER_NONE;
		h.cmd_len = (unsigned char)c->cdb_len;
		h.mx_sb_len = sizeof(c->res.sense);
		h.dxfer_len = (unsigned)c->len;
		h.dxferp = c->buf;
		h.cmdp = (unsigned char *)c->cdb;
		h.sbp = c->res.sense;
		h.timeout = timeout_s * 1000u;
		h.pack_id = (int)i;
		if (c->cdb_len < 6 || c->cdb_len > 16 || c->len > INT_MAX ||
		    timeout_s > INT_MAX / 1000 || write(fd, &h, sizeof(h)) != (ssize_t)sizeof(h))
			break;
		a->sent++;
	}
	if (a->sent == 0) {
		close(fd);
		return -EIO;
	}
	a->fd = fd;
	return 0;
}

/* Read every answer a->fd has ready into its command.  0, or the errno
 * that stopped the reading. */
static int
sg_async_read(struct sg_async *a)
{
	struct sg_io_hdr h;

	while (a->got < a->sent) {
		memset(&h, 0, sizeof(h));
		h.interface_id = 'S';
		if (read(a->fd, &h, sizeof(h)) != (ssize_t)sizeof(h))
			return errno == EAGAIN || errno == EINTR ? 0 : errno;
		if (h.pack_id >= 0 && (size_t)h.pack_id < a->sent &&
		    a->b->cmds[h.pack_id].rc == XPORT_CMD_PENDING) {
			async_result(&h, &a->b->cmds[h.pack_id]);
			a->got++;
		}
	}
	return 0;
}

/* End a->b's share: what never came back gets err (0: the pass-through's
 * own timeout), the descriptor is closed (the driver reaps what is left),
 * and a command not written goes through sg_exec() now. */
static void
sg_async_end(struct sg_async *a, int err, unsigned timeout_s)
{
	size_t i;

	for (i = 0; i < a->b->n; i++) {
		struct xport_cmd *c = &a->b->cmds[i];

		if (c->rc != XPORT_CMD_PENDING)
			continue;
		if (i >= a->sent) {
			sg_job_run(&(struct sg_job){ .x = a->b->x, .c = c, .timeout_s = timeout_s });
			continue;
		}
		c->res.timed_out = err == 0;
		c->res.os_err = err;
		c->rc = -err;
	}
	close(a->fd);
	a->fd = -1;
}

/* Wait for the answers of q[0..nq-1] (each queued) from this thread: poll
 * the descriptors still awaiting one (pfd, room for nq), read those that
 * are ready, and end each share. */
static void
sg_async_wait(struct sg_async *q, struct pollfd *pfd, size_t nq, unsigned timeout_s)
{
	size_t i, waiting = nq;
	int rc, err = 0, wait_ms;

	/* the driver times each command out itself; poll waits 5 s longer */
	wait_ms = timeout_s < INT_MAX / 1000 - 5 ? (int)(timeout_s + 5) * 1000 : -1;
	for (i = 0; i < nq; i++)
		pfd[i] = (struct pollfd){ .fd = q[i].fd, .events = POLLIN };
	while (waiting > 0) {
		rc = poll(pfd, nq, wait_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			err = rc < 0 ? errno : 0;
			break;
		}
		for (i = 0; i < nq; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			if ((rc = sg_async_read(&q[i])) != 0)	/* this one ends here */
				sg_async_end(&q[i], rc, timeout_s);
			if (q[i].fd < 0 || q[i].got == q[i].sent) {
				pfd[i].fd = -1;		/* poll(2) skips it from now on */
				waiting--;
			}
		}
	}
	for (i = 0; i < nq; i++)
		if (q[i].fd >= 0)
			sg_async_end(&q[i], err, timeout_s);
}

/* One device's commands, each its own SG_IO on the one descriptor from its
 * own thread (the first from this one), which the block layer queues
 * together; one not started that way goes through this thread after. */
static void
sg_exec_threads(struct xport_batch *b, unsigned timeout_s)
{
	struct xport_sg *sg = (struct xport_sg *)b->x;
	struct sg_job jobs[XPORT_BATCH_MAX];
	pthread_t tids[XPORT_BATCH_MAX];
	bool started[XPORT_BATCH_MAX] = { false };
	size_t i, n = b->n < XPORT_BATCH_MAX ? b->n : XPORT_BATCH_MAX;

	/* open first, so that the threads share one descriptor */
	if (sg->fd < 0)
		(void)sg_reopen(sg);
	for (i = 0; i < n; i++) {
		jobs[i] = (struct sg_job){ .x = b->x, .c = &b->cmds[i], .timeout_s = timeout_s };
		if (i > 0 && sg->fd >= 0)
			started[i] = pthread_create(&tids[i], NULL, sg_job_run, &jobs[i]) == 0;
	}
	if (n > 0)
		sg_job_run(&jobs[0]);
	for (i = 1; i < n; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			sg_job_run(&jobs[i]);
	}
}

/* Every command of every share in flight at once, from this thread,
 * through the sg driver's queue of each device (sg_async_submit()) where
 * the node is an sg device this process may write.  A share that cannot
 * go that way (a block node, read access only) goes through threads
 * (sg_exec_threads()), after the others. */
static void
sg_exec_all(struct xport_batch *b, size_t nb, unsigned timeout_s)
{
	/* both before any command is written: one written must be waited for */
	struct sg_async *q = calloc(nb ? nb : 1, sizeof(*q));
	struct pollfd *pfd = calloc(nb ? nb : 1, sizeof(*pfd));
	size_t i, j, nq = 0;

	for (i = 0; i < nb; i++)
		for (j = 0; j < b[i].n; j++) {
			memset(&b[i].cmds[j].res, 0, sizeof(b[i].cmds[j].res));
			b[i].cmds[j].rc = XPORT_CMD_PENDING;
		}
	for (i = 0; i < nb && q != NULL && pfd != NULL; i++) {
		q[nq].b = &b[i];
		if (sg_async_submit(&q[nq], timeout_s) == 0)
			nq++;
	}
	if (nq > 0)
		sg_async_wait(q, pfd, nq, timeout_s);
	for (i = 0; i < nb; i++)
		if (b[i].n > 0 && b[i].cmds[0].rc == XPORT_CMD_PENDING)
			sg_exec_threads(&b[i], timeout_s);
	free(pfd);
	free(q);
}

/* Newer <scsi/sg.h> than glibc ships has these (Linux 3.19+). */
#ifndef SG_SCSI_RESET_TARGET
#define SG_SCSI_RESET_TARGET 4
#endif
#ifndef SG_SCSI_RESET_NO_ESCALATE
#define SG_SCSI_RESET_NO_ESCALATE 0x100
#endif

static int
sg_reset(struct xport *x, enum xport_reset level)
{
	static const int how[] = {
		[XPORT_RESET_LU] = SG_SCSI_RESET_DEVICE,
		[XPORT_RESET_TARGET] = SG_SCSI_RESET_TARGET,
		[XPORT_RESET_BUS] = SG_SCSI_RESET_BUS,
	};
	struct xport_sg *sg = (struct xport_sg *)x;
	int arg = how[level] | SG_SCSI_RESET_NO_ESCALATE, rc;

	if (sg->fd < 0 && (rc = sg_reopen(sg)) < 0)
		return rc;
	return ioctl(sg->fd, SG_SCSI_RESET, &arg) == 0 ? 0 : -errno;
}

static void
sg_idle(struct xport *x)
{
	struct xport_sg *sg = (struct xport_sg *)x;

	if (sg->fd >= 0)
		close(sg->fd);
	sg->fd = -1;
}

static void
sg_free(struct xport *x)
{
	sg_idle(x);
	free(x);
}

static const struct xport_ops sg_ops = {
	.exec = sg_exec,
	.exec_all = sg_exec_all,
	.reset = sg_reset,
	.idle = sg_idle,
	.free = sg_free,
};

int
xport_sg_open(const char *node, bool read_write, struct xport **out)
{
	struct xport_sg *sg;
	struct stat st;
	size_t len = strlen(node) + 1;
	int rc;

	*out = NULL;
	if (stat(node, &st) != 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return -ENOTTY;
	sg = malloc(sizeof(*sg) + len);
	if (sg == NULL)
		return -ENOMEM;
	memcpy(sg->node, node, len);
	sg->x.ops = &sg_ops;
	sg->x.via = sg->node;
	sg->fd = -1;
	sg->flags = (read_write ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC;
	sg->rdev = st.st_rdev;
	if ((rc = sg_reopen(sg)) < 0) {
		free(sg);
		return rc;
	}
	*out = &sg->x;
	return 0;
}
