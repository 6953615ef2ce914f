/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iSCSI transport over libiscsi: login with a fixed ISID, commands under a deadline, a keepalive thread while idle. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include "dlib.h"
#include "keys.h"
#include "sense.h"
#include "sysfs.h"
#include "tid.h"
#include "xport_iscsi.h"

/* "trv": bytes 1-3 of the ISID (ISCSI_URL_ISID_BASE), the "random" part
 * of a type 10b ISID; the qualifier is the LUN. */
#define ISID_RANDOM 0x747276u
/* Logging out at the end waits at most this long, seconds. */
#define LOGOUT_WAIT 5

/* The libiscsi functions this transport calls, loaded with dlopen(3) when
 * an iscsi:// URL is opened: linked, libiscsi and the five libraries it
 * pulls (libibverbs, librdmacm, libnl-3, ...) would load at every start. */
#define XPORT_ISCSI_SONAME "libiscsi.so.7"
#define API_FNS(X) \
	X(iscsi_, get_fd) X(iscsi_, which_events) X(iscsi_, service) \
	X(iscsi_, get_error) X(iscsi_, create_context) X(iscsi_, destroy_context) \
	X(iscsi_, set_initiator_username_pwd) X(iscsi_, set_targetname) \
	X(iscsi_, set_session_type) X(iscsi_, set_header_digest) \
	X(iscsi_, set_isid_random) X(iscsi_, set_noautoreconnect) \
	X(iscsi_, connect_async) X(iscsi_, login_async) X(iscsi_, logout_async) \
	X(iscsi_, scsi_command_async) X(iscsi_, task_mgmt_lun_reset_async) \
	X(iscsi_, task_mgmt_target_warm_reset_async) X(scsi_, create_task) \
	X(scsi_, free_scsi_task)

struct iscsi_api {
#define API_MEMBER(prefix, name) __typeof__(prefix##name) *name;
	API_FNS(API_MEMBER)
#undef API_MEMBER
};

static const struct dlib_sym api_syms[] = {
#define API_SYM(prefix, name) { #prefix #name, offsetof(struct iscsi_api, name) },
	API_FNS(API_SYM)
#undef API_SYM
};

struct xport_iscsi {
	struct xport x;			/* first: the common head */
	void *lib;			/* libiscsi's handle (dlib_open()) */
	struct iscsi_api api;		/* its functions */
	struct iscsi_context *ctx;	/* NULL: not logged in */
	struct tr_iscsi_url url;
	char initiator[ISCSI_URL_NAME_MAX + 1];
	unsigned login_s;		/* login deadline, seconds */
	pthread_t keeper;		/* the idle keepalive thread ... */
	bool keeping;			/* ... while this is true */
	int wake[2];			/* a byte here stops it */
	bool lost;			/* it saw the connection go */
	bool fresh;			/* no command sent since the login */
	char err[400];			/* why the last login failed */
	char via[ISCSI_URL_PART_MAX * 2 + 64];
};

/* What one asynchronous request came back with. */
struct done {
	bool done;
	int status;			/* SCSI_STATUS_* */
	void *data;			/* command_data */
	int sock_err;			/* SO_ERROR seen on POLLERR/POLLHUP */
};

static void
on_done(struct iscsi_context *ctx, int status, void *data, void *priv)
{
	struct done *d = priv;

	(void)ctx;
	d->done = true;
	d->status = status;
	d->data = data;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Drive s->ctx until d is done or the deadline passes.  0, -ETIMEDOUT, or
 * -ECONNRESET when libiscsi gave up on the connection. */
static int
wait_done(struct xport_iscsi *s, struct done *d, double deadline)
{
	socklen_t elen = sizeof(d->sock_err);
	struct pollfd p;
	double left;
	int n;

	while (!d->done) {
		left = deadline - now_s();
		if (left <= 0)
			return -ETIMEDOUT;
		p.fd = s->api.get_fd(s->ctx);
		p.events = (short)s->api.which_events(s->ctx);
		p.revents = 0;
		n = poll(&p, 1, left > 1 ? 1000 : (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			return -errno;
		/* the socket's own error, before libiscsi words it away */
		if (n > 0 && (p.revents & (POLLERR | POLLHUP)) && d->sock_err == 0 &&
		    getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &d->sock_err, &elen) != 0)
			d->sock_err = 0;
		if (s->api.service(s->ctx, n > 0 ? p.revents : 0) < 0 && !d->done)
			return -ECONNRESET;
	}
	return 0;
}

/* "Failed to log in to target. Status: Authentication failure(513)" and
 * the like, without libiscsi's line breaks. */
static void
take_error(struct xport_iscsi *s, const char *what)
{
	const char *e = s->ctx != NULL ? s->api.get_error(s->ctx) : "";
	size_t i;

	snprintf(s->err, sizeof(s->err), "%s%s%s", what, e[0] ? ": " : "", e);
	for (i = 0; s->err[i] != '\0'; i++)
		if (s->err[i] == '\n' || s->err[i] == '\r')
			s->err[i] = ' ';
}

static void
drop_session(struct xport_iscsi *s)
{
	if (s->ctx != NULL)
		s->api.destroy_context(s->ctx);
	s->ctx = NULL;
}

static int
set_credentials(struct xport_iscsi *s)
{
	const char *user = getenv("LIBISCSI_CHAP_USERNAME");
	const char *pw = getenv("LIBISCSI_CHAP_PASSWORD");

	if (s->url.have_user)
		user = s->url.user;
	if (s->url.have_password)
		pw = s->url.password;
	if (user == NULL || *user == '\0')
		return 0;
	return s->api.set_initiator_username_pwd(s->ctx, user, pw != NULL ? pw : "");
}

/* Connect and log in (no SCSI command).  0, or -errno with s->err. */
static int
login(struct xport_iscsi *s)
{
	double deadline = now_s() + s->login_s;
	struct done d = { 0 };
	int rc;

	s->err[0] = '\0';
	s->lost = false;
	s->ctx = s->api.create_context(s->initiator);
	if (s->ctx == NULL) {
		snprintf(s->err, sizeof(s->err), "cannot make an iSCSI context");
		return -ENOMEM;
	}
	if (s->api.set_targetname(s->ctx, s->url.target) != 0 ||
	    s->api.set_session_type(s->ctx, ISCSI_SESSION_NORMAL) != 0 ||
	    s->api.set_header_digest(s->ctx, ISCSI_HEADER_DIGEST_NONE_CRC32C) != 0 ||
	    s->api.set_isid_random(s->ctx, ISID_RANDOM, s->url.lun) != 0 ||
	    set_credentials(s) != 0) {
		take_error(s, "cannot set up the session");
		drop_session(s);
		return -EINVAL;
	}
	s->api.set_noautoreconnect(s->ctx, 1);
	if (s->api.connect_async(s->ctx, s->url.portal, on_done, &d) != 0) {
		take_error(s, "cannot connect");
		drop_session(s);
		return -ECONNREFUSED;
	}
	rc = wait_done(s, &d, deadline);
	if (rc == 0 && d.status != SCSI_STATUS_GOOD)
		rc = -ECONNREFUSED;
	if (rc < 0) {
		if (rc == -ETIMEDOUT)
			snprintf(s->err, sizeof(s->err), "cannot connect to %s: no answer "
				 "within %u s", s->url.portal, s->login_s);
		else if (d.sock_err != 0)
			snprintf(s->err, sizeof(s->err), "cannot connect to %s: %s",
				 s->url.portal, strerror(d.sock_err));
		else
			take_error(s, "cannot connect");
		if (d.sock_err != 0)
			rc = -d.sock_err;
		drop_session(s);
		return rc;
	}
	/* the job tlock runs must not inherit the session's socket */
	fcntl(s->api.get_fd(s->ctx), F_SETFD, FD_CLOEXEC);
	d = (struct done){ 0 };
	if (s->api.login_async(s->ctx, on_done, &d) != 0 ||
	    (rc = wait_done(s, &d, deadline)) != 0 || d.status != SCSI_STATUS_GOOD) {
		if (rc == -ETIMEDOUT)
			snprintf(s->err, sizeof(s->err), "login to %s: no answer within %u s",
				 s->url.target, s->login_s);
		else
			take_error(s, "login refused");
		drop_session(s);
		return -EACCES;
	}
	s->fresh = true;
	return 0;
}

/* Stop the keepalive thread, if it runs. */
static void
stop_keeper(struct xport_iscsi *s)
{
	char c = 1;

	if (!s->keeping)
		return;
	if (write(s->wake[1], &c, 1) < 0)
		pthread_cancel(s->keeper);
	pthread_join(s->keeper, NULL);
	s->keeping = false;
	while (read(s->wake[0], &c, 1) == 1)
		;
	if (s->lost)
		drop_session(s);
}

/* Copy the sense data of a CHECK CONDITION into res: libiscsi leaves the
 * response's data segment in task->datain (SenseLength, 2 bytes, then
 * the sense); else rebuild fixed sense from what it parsed. */
static void
take_sense(const struct scsi_task *t, struct scsi_result *res)
{
	size_t n;

	if (t->datain.data != NULL && t->datain.size >= 2) {
		n = (size_t)t->datain.data[0] << 8 | t->datain.data[1];
		if (n > 0 && n + 2 <= (size_t)t->datain.size) {
			res->sense_len = n < sizeof(res->sense) ? n : sizeof(res->sense);
			memcpy(res->sense, t->datain.data + 2, res->sense_len);
			return;
		}
	}
	res->sense[0] = 0x70;
	res->sense[2] = (uint8_t)(t->sense.key & 0x0f);
	res->sense[7] = 10;
	res->sense[12] = (uint8_t)((unsigned)t->sense.ascq >> 8);
	res->sense[13] = (uint8_t)t->sense.ascq;
	res->sense_len = 18;
}

/* Send one command on the session; is_exec()'s contract. */
static int
send_once(struct xport_iscsi *s, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	  uint8_t *buf, size_t len, unsigned timeout_s, struct scsi_result *res)
{
	static const int xfer[] = {
		[XPORT_DIR_NONE] = SCSI_XFER_NONE,
		[XPORT_DIR_IN] = SCSI_XFER_READ,
		[XPORT_DIR_OUT] = SCSI_XFER_WRITE,
	};
	struct iscsi_data out = { .size = len, .data = buf };
	struct scsi_task *t;
	struct done d = { 0 };
	uint8_t c[16];
	int rc;

	memset(res, 0, sizeof(*res));
	memcpy(c, cdb, cdb_len);
	t = s->api.create_task((int)cdb_len, c, xfer[dir], (int)len);
	if (t == NULL) {
		res->os_err = ENOMEM;
		return -ENOMEM;
	}
	if (s->api.scsi_command_async(s->ctx, (int)s->url.lun, t, on_done,
				     dir == XPORT_DIR_OUT && len > 0 ? &out : NULL, &d) != 0) {
		s->api.free_scsi_task(t);
		drop_session(s);
		res->os_err = ENOTCONN;
		return -ENOTCONN;
	}
	rc = wait_done(s, &d, now_s() + timeout_s);
	if (rc != 0 || d.status == SCSI_STATUS_CANCELLED || d.status == SCSI_STATUS_ERROR ||
	    d.status == SCSI_STATUS_TIMEOUT) {
		/* sent, no answer: whether it ran is unknown; the session
		 * ends (destroying it cancels the task) */
		drop_session(s);
		s->api.free_scsi_task(t);
		if (rc == -ETIMEDOUT || d.status == SCSI_STATUS_TIMEOUT)
			res->timed_out = true;
		else
			res->host_status = HOST_DID_TRANSPORT_DISRUPTED;
		return 0;
	}
	res->status = (uint8_t)d.status;
	if (d.status == SCSI_STATUS_CHECK_CONDITION)
		take_sense(t, res);
	else if (dir == XPORT_DIR_IN && t->datain.data != NULL) {
		res->received = (size_t)t->datain.size < len ? (size_t)t->datain.size : len;
		memcpy(buf, t->datain.data, res->received);
	}
	s->api.free_scsi_task(t);
	return 0;
}

/* A UNIT ATTENTION of ASC 29h (power on, reset, I_T nexus loss): what a
 * target tells a new I_T nexus. */
static bool
login_notice(const struct scsi_result *res)
{
	struct sense_info si;

	return res->status == SAM_CHECK_CONDITION &&
	       sense_parse(res->sense, res->sense_len, &si, NULL) == 0 &&
	       si.key == SK_UNIT_ATTENTION && si.asc == 0x29;
}

/* The first command after each login (INQUIRYs aside) is sent once more,
 * silently, after the target's notice of the new I_T nexus (UNIT
 * ATTENTION 29h/xx), as the kernel's scan absorbs it for a node; every
 * other unit attention is the command layer's to report. */
static int
is_exec(struct xport *x, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	uint8_t *buf, size_t len, unsigned timeout_s, struct scsi_result *res)
{
	struct xport_iscsi *s = (struct xport_iscsi *)x;
	bool fresh;
	int rc;

	memset(res, 0, sizeof(*res));
	stop_keeper(s);
	if (cdb_len < 6 || cdb_len > 16 || len > INT_MAX) {
		res->os_err = EINVAL;
		return -EINVAL;
	}
	if (s->ctx == NULL && (rc = login(s)) < 0) {
		res->os_err = rc == -ETIMEDOUT || rc == -ECONNREFUSED ? -rc : ENOTCONN;
		return -res->os_err;
	}
	fresh = s->fresh;
	/* INQUIRY, REPORT LUNS and REQUEST SENSE never report a unit
	 * attention (SPC-5 5.14): the notice waits for the next command */
	if (cdb[0] != 0x12 && cdb[0] != 0xa0 && cdb[0] != 0x03)
		s->fresh = false;
	rc = send_once(s, cdb, cdb_len, dir, buf, len, timeout_s, res);
	if (rc == 0 && fresh && s->ctx != NULL && login_notice(res))
		rc = send_once(s, cdb, cdb_len, dir, buf, len, timeout_s, res);
	return rc;
}

/* Task management responses (RFC 7143 11.6.1) as -errno. */
static int
tmf_errno(uint32_t response)
{
	switch (response) {
	case 0:
		return 0;
	case 2:
		return -ENXIO;		/* LUN does not exist */
	case 5:
		return -ENOTTY;		/* function not supported */
	case 6:
		return -EACCES;		/* authorization failed */
	case 255:
		return -EPERM;		/* function rejected */
	default:
		return -EIO;
	}
}

static int
is_reset(struct xport *x, enum xport_reset level)
{
	struct xport_iscsi *s = (struct xport_iscsi *)x;
	struct done d = { 0 };
	int rc;

	stop_keeper(s);
	if (level == XPORT_RESET_BUS)
		return -ENOTTY;	/* no bus: the nearest is ending the session */
	if (s->ctx == NULL && (rc = login(s)) < 0)
		return rc;
	rc = level == XPORT_RESET_LU ?
		s->api.task_mgmt_lun_reset_async(s->ctx, s->url.lun, on_done, &d) :
		s->api.task_mgmt_target_warm_reset_async(s->ctx, on_done, &d);
	if (rc != 0 || (rc = wait_done(s, &d, now_s() + s->login_s)) != 0 ||
	    d.status != SCSI_STATUS_GOOD) {
		drop_session(s);
		return rc == -ETIMEDOUT ? -ETIMEDOUT : -EIO;
	}
	return d.data != NULL ? tmf_errno(*(uint32_t *)d.data) : 0;
}

/* While a job runs: answer the target's NOP-In pings, so that it keeps
 * the session (and an SPC-2 reservation with it). */
static void *
keeper(void *arg)
{
	struct xport_iscsi *s = arg;
	struct pollfd p[2];

	for (;;) {
		p[0].fd = s->api.get_fd(s->ctx);
		p[0].events = (short)s->api.which_events(s->ctx);
		p[1].fd = s->wake[0];
		p[1].events = POLLIN;
		p[0].revents = p[1].revents = 0;
		if (poll(p, 2, 1000) < 0 && errno != EINTR)
			break;
		if (p[1].revents != 0)
			break;
		if (s->api.service(s->ctx, p[0].revents) < 0) {
			s->lost = true;
			break;
		}
	}
	return NULL;
}

static void
is_idle(struct xport *x)
{
	struct xport_iscsi *s = (struct xport_iscsi *)x;

	if (s->keeping || s->ctx == NULL)
		return;
	s->keeping = pthread_create(&s->keeper, NULL, keeper, s) == 0;
}

static void
is_free(struct xport *x)
{
	struct xport_iscsi *s = (struct xport_iscsi *)x;
	struct done d = { 0 };

	stop_keeper(s);
	if (s->ctx != NULL && s->api.logout_async(s->ctx, on_done, &d) == 0)
		wait_done(s, &d, now_s() + (s->login_s < LOGOUT_WAIT ? s->login_s :
						  LOGOUT_WAIT));
	drop_session(s);
	close(s->wake[0]);
	close(s->wake[1]);
	dlib_close(s->lib);
	free(s);
}

static int
is_port_tid(struct xport *x, uint8_t *tid, size_t cap, size_t *len)
{
	struct xport_iscsi *s = (struct xport_iscsi *)x;
	char name[ISCSI_URL_NAME_MAX + 32], isid[13];

	iscsi_url_isid_hex(s->url.lun, isid);
	snprintf(name, sizeof(name), "%s" TID_ISCSI_SEPARATOR "%s", s->initiator, isid);
	return tid_parse(name, tid, cap, len) == 0 ? 0 : -ENOSPC;
}

static const struct xport_ops iscsi_ops = {
	.exec = is_exec,
	/* no exec_all: one thread drives the one libiscsi context, and the
	 * command layer sends a batch's commands one after another */
	.reset = is_reset,
	.idle = is_idle,
	.free = is_free,
	.port_tid = is_port_tid,
};

int
xport_iscsi_open(const struct tr_iscsi_url *u, const char *initiator, unsigned timeout_s,
		 struct xport **out, char *err, size_t errlen)
{
	struct xport_iscsi *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (s == NULL || strlen(initiator) >= sizeof(s->initiator)) {
		free(s);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	s->lib = dlib_open(XPORT_ISCSI_SONAME, api_syms, sizeof(api_syms) / sizeof(api_syms[0]),
			   &s->api, err, errlen);
	if (s->lib == NULL) {
		free(s);
		return -ELIBACC;
	}
	if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		rc = -errno;
		dlib_close(s->lib);
		free(s);
		snprintf(err, errlen, "%s", strerror(-rc));
		return rc;
	}
	s->x.ops = &iscsi_ops;
	s->url = *u;
	snprintf(s->initiator, sizeof(s->initiator), "%s", initiator);
	s->login_s = timeout_s > 0 ? timeout_s : 1;
	iscsi_url_format(u, s->via, sizeof(s->via));
	s->x.via = s->via;
	if ((rc = login(s)) < 0) {
		snprintf(err, errlen, "%s", s->err);
		is_free(&s->x);
		return rc;
	}
	*out = &s->x;
	return 0;
}

int
xport_iscsi_initiator(const char *sysroot, char *name, size_t cap, char *why,
		      size_t whylen)
{
	char path[PATH_MAX], text[4096];
	uint64_t key;
	ssize_t n;
	int rc;

	if (sysfs_path(path, sizeof(path), sysroot, "%s", XPORT_ISCSI_NAME_FILE) != 0)
		return -ENAMETOOLONG;
	n = sysfs_read_attr(path, text, sizeof(text));
	if (n >= 0) {
		rc = iscsi_initiatorname_parse(text, (size_t)n, name, cap);
		if (rc == 0 && !iscsi_url_name_ok(name))
			rc = -EINVAL;
		if (rc != 0)
			snprintf(why, whylen, "%s: no valid InitiatorName= line (give "
				 "--initiator-name)", path);
		return rc == 0 ? 0 : -EINVAL;
	}
	if (n != -ENOENT) {
		snprintf(why, whylen, "%s: %s", path, strerror((int)-n));
		return (int)n;
	}
	if ((rc = keys_auto(&key)) < 0) {
		snprintf(why, whylen, "no %s and no machine ID to derive a name from (give "
			 "--initiator-name): %s", path, keys_auto_strerror(rc));
		return rc;
	}
	snprintf(name, cap, XPORT_ISCSI_AUTO_NAME_PREFIX "%016" PRIx64, key);
	return 0;
}
