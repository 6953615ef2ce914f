/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host lock record: guarded by flock, replaced by rename, owned by PID plus start time. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keys.h"
#include "keynames.h"
#include "lockrec.h"
#include "num.h"

/* A record is small; anything larger is not ours. */
#define RECORD_MAX LOCKREC_TEXT_MAX

static int
mkdir_p(const char *dir)
{
	char tmp[4096];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -errno;
		tmp[i] = dir[i];
	}
	return 0;
}

int
lockrec_open(struct lockdir *ld, const char *dir, const char *lu_id, bool create,
	     char *why, size_t whylen)
{
	struct stat st;
	int rc;

	memset(ld, 0, sizeof(*ld));
	ld->dirfd = ld->guard = -1;
	if (create && (rc = mkdir_p(dir)) != 0) {
		snprintf(why, whylen, "cannot create %s: %s", dir, strerror(-rc));
		return rc;
	}
	ld->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (ld->dirfd < 0) {
		rc = -errno;
		snprintf(why, whylen, "%s: %s", dir, rc == -ELOOP || rc == -ENOTDIR ?
			 "not a directory (a symbolic link is refused)" : strerror(-rc));
		return rc;
	}
	if (fstat(ld->dirfd, &st) != 0) {
		rc = -errno;
		snprintf(why, whylen, "%s: %s", dir, strerror(-rc));
		lockrec_close(ld);
		return rc;
	}
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		snprintf(why, whylen, "%s: world-writable without the sticky bit: "
			 "anyone could replace a lock there", dir);
		lockrec_close(ld);
		return -EPERM;
	}
	snprintf(ld->name, sizeof(ld->name), "%s.lock", lu_id);
	snprintf(ld->path, sizeof(ld->path), "%s/%s", dir, ld->name);
	return 0;
}

void
lockrec_close(struct lockdir *ld)
{
	lockrec_unguard(ld);
	if (ld->dirfd >= 0)
		close(ld->dirfd);
	ld->dirfd = -1;
}

int
lockrec_guard(struct lockdir *ld)
{
	char name[300];
	int fd;

	snprintf(name, sizeof(name), "%s.guard", ld->name);
	fd = openat(ld->dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) != 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	ld->guard = fd;
	return 0;
}

void
lockrec_unguard(struct lockdir *ld)
{
	if (ld->guard >= 0)
		close(ld->guard);	/* drops the flock */
	ld->guard = -1;
}

/* The value of "name: value" line `name` in text, or NULL. */
static const char *
field(const char *text, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);
	const char *p = text, *nl;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			return NULL;
		if (strncmp(p, name, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
			size_t vl = (size_t)(nl - p) - n - 2;

			if (vl >= len)
				return NULL;
			memcpy(buf, p + n + 2, vl);
			buf[vl] = '\0';
			return buf;
		}
	}
	return NULL;
}

static int
parse_ull(const char *s, unsigned long long *v)
{
	uint64_t n;

	if (num_parse_u64(s, ULLONG_MAX, &n) != 0)
		return -EBADMSG;
	*v = n;
	return 0;
}

/* Text fields go into the record on one line each, and come back from
 * it, as printable ASCII (in may be out). */
static void
sanitize(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] = (in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '?';
	out[i] = '\0';
}

int
lockrec_parse(const char *text, struct lockrec *r)
{
	char v[512];
	unsigned long long n;

	memset(r, 0, sizeof(*r));
	if (parse_ull(field(text, "pid", v, sizeof(v)), &n) != 0 || n == 0 ||
	    n > LOCKREC_PID_MAX)
		return -EBADMSG;
	r->pid = (pid_t)n;
	if (field(text, "job", v, sizeof(v)) != NULL) {
		if (parse_ull(v, &n) != 0 || n > LOCKREC_PID_MAX)
			return -EBADMSG;
		r->job = (pid_t)n;
	}
	if (parse_ull(field(text, "start", v, sizeof(v)), &r->start) != 0)
		return -EBADMSG;
	/* seconds since the epoch, written back as a signed number */
	if (parse_ull(field(text, "since", v, sizeof(v)), &n) != 0 || n > LLONG_MAX)
		return -EBADMSG;
	r->since = (time_t)n;
	if (field(text, "method", v, sizeof(v)) == NULL ||
	    hold_method_parse(v, &r->method) != 0 || r->method == HOLD_AUTO)
		return -EBADMSG;
	if (keys_parse(field(text, "key", v, sizeof(v)), &r->key) != 0)
		return -EBADMSG;
	if (parse_ull(field(text, "type", v, sizeof(v)), &n) != 0 || n > 15)
		return -EBADMSG;
	r->type = (unsigned)n;
	r->prevent = field(text, "prevent", v, sizeof(v)) != NULL && strcmp(v, "yes") == 0;
	if (field(text, "device", r->device, sizeof(r->device)) == NULL)
		return -EBADMSG;
	if (field(text, "command", r->command, sizeof(r->command)) == NULL)
		r->command[0] = '\0';
	/* tlock status prints them: no byte of a foreign record reaches a
	 * terminal raw */
	sanitize(r->device, r->device, sizeof(r->device));
	sanitize(r->command, r->command, sizeof(r->command));
	if (field(text, "paths", r->paths, sizeof(r->paths)) == NULL)
		r->paths[0] = '\0';
	sanitize(r->paths, r->paths, sizeof(r->paths));
	return 0;
}

int
lockrec_read(struct lockdir *ld, struct lockrec *r)
{
	char text[RECORD_MAX + 1];
	ssize_t n, got = 0;
	int fd = openat(ld->dirfd, ld->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (got < RECORD_MAX && (n = read(fd, text + got, (size_t)(RECORD_MAX - got))) > 0)
		got += n;
	close(fd);
	text[got] = '\0';
	if ((size_t)got != strlen(text))	/* a NUL inside: not a record */
		return -EBADMSG;
	return lockrec_parse(text, r);
}

int
lockrec_format(const struct lockrec *r, char *text, size_t len)
{
	char dev[256], cmd[512], paths[LOCKREC_PATHS_MAX];

	sanitize(r->device, dev, sizeof(dev));
	sanitize(r->command, cmd, sizeof(cmd));
	sanitize(r->paths, paths, sizeof(paths));
	return snprintf(text, len,
			"# tlock: this logical unit is held; see tlock(1)\n"
			"pid: %ld\njob: %ld\nstart: %llu\nsince: %lld\nmethod: %s\n"
			"key: 0x%" PRIx64 "\ntype: %u\nprevent: %s\ndevice: %s\n"
			"command: %s\n%s%s%s",
			(long)r->pid, (long)r->job, r->start, (long long)r->since,
			hold_method_word(r->method), r->key, r->type,
			r->prevent ? "yes" : "no", dev, cmd, paths[0] ? "paths: " : "", paths,
			paths[0] ? "\n" : "");
}

int
lockrec_write(struct lockdir *ld, const struct lockrec *r)
{
	char tmp[300], text[RECORD_MAX];
	int fd, n, rc = 0;

	n = lockrec_format(r, text, sizeof(text));
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", ld->name, (long)getpid());
	unlinkat(ld->dirfd, tmp, 0);
	fd = openat(ld->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)n) != n || fsync(fd) != 0)
		rc = errno ? -errno : -EIO;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && renameat(ld->dirfd, tmp, ld->dirfd, ld->name) != 0)
		rc = -errno;
	if (rc != 0)
		unlinkat(ld->dirfd, tmp, 0);
	return rc;
}

int
lockrec_remove(struct lockdir *ld)
{
	return unlinkat(ld->dirfd, ld->name, 0) == 0 ? 0 : -errno;
}

int
lockrec_proc_start(pid_t pid, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	uint64_t v;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EBADMSG;
	buf[n] = '\0';
	p = strrchr(buf, ')');		/* comm may hold blanks and ')' */
	if (p == NULL)
		return -EBADMSG;
	/* after ')' come fields 3.. ; the start time is field 22 */
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -EBADMSG;
	if (num_scan_u64(p + 1, ULLONG_MAX, &v) == NULL)
		return -EBADMSG;
	*start = v;
	return 0;
}

bool
lockrec_owner_alive(const struct lockrec *r)
{
	unsigned long long start;

	if (lockrec_proc_start(r->pid, &start) == 0 && start == r->start)
		return true;
	return r->job > 1 && (kill(-r->job, 0) == 0 || errno == EPERM);
}

char *
lockrec_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n, i;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || len == 0)
		return buf;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0) {
		buf[0] = '\0';
		return buf;
	}
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
		else if (buf[i] < 0x20 || buf[i] >= 0x7f)
			buf[i] = '?';
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

int
lockrec_init(struct lockrec *r, pid_t owner, const struct hold *h, const char *device,
	     const char *command)
{
	memset(r, 0, sizeof(*r));
	r->pid = owner;
	if (lockrec_proc_start(owner, &r->start) != 0)
		return -ESRCH;
	r->since = time(NULL);
	r->method = h->method;
	r->key = h->key;
	r->type = h->type;
	r->prevent = h->prevent;
	snprintf(r->device, sizeof(r->device), "%s", device);
	snprintf(r->command, sizeof(r->command), "%s", command);
	return 0;
}

void
lockrec_print(FILE *f, const struct lockrec *r, const struct keynames *names)
{
	char key[KEYNAMES_STR_MAX];

	fprintf(f, "owner: pid %ld (%s)\n", (long)r->pid,
		lockrec_owner_alive(r) ? "alive" : "gone: stale");
	if (r->job > 0)
		fprintf(f, "job: process group %ld (%s)\n", (long)r->job,
			kill(-r->job, 0) == 0 || errno == EPERM ? "running" : "ended");
	fprintf(f, "command: %s\n", r->command);
	fprintf(f, "since: %lld (%lld s ago)\n", (long long)r->since,
		(long long)(time(NULL) - r->since));
	fprintf(f, "method: %s\n", hold_method_word(r->method));
	if (r->method == HOLD_PR)
		fprintf(f, "key: %s\ntype: %s\n", keynames_str(names, r->key, key, sizeof(key)),
			keys_type_abbrev(r->type) ? keys_type_abbrev(r->type) : "?");
	fprintf(f, "prevent removal: %s\n", r->prevent ? "yes" : "no");
	fprintf(f, "device: %s\n", r->device);
	if (r->paths[0] != '\0')
		fprintf(f, "paths: %s\n", r->paths);
}

struct hold
lockrec_hold(const struct lockrec *r)
{
	return (struct hold){ .method = r->method, .key = r->key,
			      .type = (uint8_t)r->type, .prevent = r->prevent };
}

char *
lockrec_join(char *const *argv, char *buf, size_t len)
{
	size_t off = 0, i;

	buf[0] = '\0';
	for (i = 0; argv != NULL && argv[i] != NULL && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? " " : "",
					argv[i]);
	return buf;
}
