/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs access under a root: attributes, listings, H:C:T:L, SCSI devices by dev_t, the sg scan. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "num.h"

#include "sysfs.h"

/* The smallest page size of any Linux: a read of less is not cut by it. */
#define SYSFS_PAGE_MIN 4096

static const char *
root_or_slash(const char *root)
{
	return root != NULL && root[0] != '\0' ? root : "/";
}

int
sysfs_path(char *dst, size_t cap, const char *root, const char *fmt, ...)
{
	va_list ap;
	size_t rl;
	int n;

	root = root_or_slash(root);
	rl = strlen(root);
	if (rl + 1 >= cap)
		return -ENAMETOOLONG;
	memcpy(dst, root, rl);
	if (root[rl - 1] != '/')
		dst[rl++] = '/';
	va_start(ap, fmt);
	n = vsnprintf(dst + rl, cap - rl, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - rl)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * sysfs makes an attribute whole at its first read(2) and hands it out
 * as asked, at most a page a read (Documentation/filesystems/sysfs.rst:
 * "On read(2), the show() method should fill the entire buffer";
 * kernfs_file_read_iter() caps each read at PAGE_SIZE; configfs does the
 * same), and a regular file gives all it has.  So a read short of what
 * was asked and of the smallest page (4096 bytes) has reached the end:
 * one read(2) an attribute, not two (issue 16).  A full buf takes a
 * second read, to tell "exactly cap bytes" from "more".
 */
ssize_t
sysfs_read_attr(const char *path, void *buf, size_t cap)
{
	uint8_t *b = buf, extra;
	size_t n = 0;
	ssize_t r;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		/* once cap bytes are in, one more byte means it was cut */
		r = n < cap ? read(fd, b + n, cap - n) : read(fd, &extra, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			break;
		}
		if (r == 0)
			break;
		if (n == cap) {
			rc = -EOVERFLOW;
			break;
		}
		n += (size_t)r;
		if (n < cap && r < SYSFS_PAGE_MIN)
			break;	/* short of a page and of cap: all of it */
	}
	close(fd);
	return rc < 0 ? rc : (ssize_t)n;
}

int
sysfs_read_text(const char *path, char *buf, size_t cap)
{
	ssize_t n;

	if (cap == 0)
		return -EINVAL;
	n = sysfs_read_attr(path, buf, cap - 1);
	if (n < 0)
		return (int)n;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL)
		return -EBADMSG;
	return (int)n;
}

static int
not_dot(const struct dirent *e)
{
	return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

int
sysfs_list(const char *dir, const char *prefix, struct sysfs_list *out)
{
	struct dirent **v;
	size_t pl = strlen(prefix), i, kept = 0;
	int n;

	out->v = NULL;
	out->n = 0;
	n = scandir(dir, &v, not_dot, versionsort);
	if (n < 0)
		return -errno;
	/* scandir's filter takes no argument: drop the other names here */
	for (i = 0; i < (size_t)n; i++) {
		if (strncmp(v[i]->d_name, prefix, pl) == 0)
			v[kept++] = v[i];
		else
			free(v[i]);
	}
	out->v = v;
	out->n = kept;
	return 0;
}

void
sysfs_list_free(struct sysfs_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * path with every link followed into real (PATH_MAX bytes), as realpath(3)
 * gives it, in three system calls however deep the path: the kernel
 * resolves it for open(O_PATH), /proc/self/fd/N names the result (sysfs
 * paths are deep, and realpath(3) reads every component's link).
 * realpath(3) itself when /proc does not answer.  Returns 0 or -errno.
 */
static int
resolve(const char *path, char *real)
{
	char link[32];
	ssize_t n;
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, real, PATH_MAX - 1);
	close(fd);
	if (n > 0 && n < PATH_MAX - 1 && real[0] == '/') {
		real[n] = '\0';
		return 0;
	}
	return realpath(path, real) != NULL ? 0 : -errno;
}

int
sysfs_realpath(const char *root, const char *path, char *rel, size_t cap)
{
	char rroot[PATH_MAX], real[PATH_MAX];
	const char *p;
	size_t rl;
	int rc;

	if (strcmp(root_or_slash(root), "/") == 0)
		strcpy(rroot, "/");
	else if (realpath(root, rroot) == NULL)
		return -errno;
	if ((rc = resolve(path, real)) != 0)
		return rc;
	rl = strcmp(rroot, "/") == 0 ? 0 : strlen(rroot);
	if (strncmp(real, rroot, rl) != 0 ||
	    (real[rl] != '/' && real[rl] != '\0'))
		return -EXDEV;
	p = real + rl;
	if (*p == '/')
		p++;
	if (strlen(p) >= cap)
		return -ENAMETOOLONG;
	memcpy(rel, p, strlen(p) + 1);
	return 0;
}

int
sysfs_parse_hctl(const char *s, struct sysfs_hctl *out)
{
	uint64_t h, c, t, l;

	s = num_scan_u64(s, UINT_MAX, &h);
	if (s == NULL || *s++ != ':')
		return -EINVAL;
	s = num_scan_u64(s, UINT_MAX, &c);
	if (s == NULL || *s++ != ':')
		return -EINVAL;
	s = num_scan_u64(s, UINT_MAX, &t);
	if (s == NULL || *s++ != ':')
		return -EINVAL;
	s = num_scan_u64(s, UINT64_MAX, &l);
	if (s == NULL || *s != '\0')
		return -EINVAL;
	out->host = (unsigned)h;
	out->channel = (unsigned)c;
	out->target = (unsigned)t;
	out->lun = l;
	return 0;
}

/* The last component of a path. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
sysfs_device_of(const char *root, bool block, dev_t rdev,
		struct sysfs_dev *out)
{
	const char *kind = block ? "block" : "char";
	char path[PATH_MAX];
	struct stat st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sysfs_path(path, sizeof(path), root, "sys/dev/%s/%u:%u", kind,
			major(rdev), minor(rdev));
	if (rc < 0)
		return rc;
	if (lstat(path, &st) != 0)
		return -errno;
	rc = sysfs_path(path, sizeof(path), root, "sys/dev/%s/%u:%u/device",
			kind, major(rdev), minor(rdev));
	if (rc == 0)
		rc = sysfs_realpath(root, path, out->dir, sizeof(out->dir));
	if (rc == 0 && sysfs_parse_hctl(base_name(out->dir), &out->hctl) != 0)
		rc = -EINVAL;
	if (rc < 0)
		out->dir[0] = '\0';
	/* no device link: a class device of no SCSI device */
	return rc == -ENOENT ? -EINVAL : rc;
}

int
sysfs_device_of_path(const char *root, const char *path,
		     struct sysfs_dev *out)
{
	char bus[PATH_MAX];
	struct stat st;
	const char *base;
	int rc;

	memset(out, 0, sizeof(*out));
	if (path == NULL)
		return -EINVAL;
	if (stat(path, &st) == 0) {
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
			return sysfs_device_of(root, S_ISBLK(st.st_mode),
					       st.st_rdev, out);
		rc = -EINVAL;
	} else {
		rc = -errno;
	}
	base = base_name(path);
	if (sysfs_parse_hctl(base, &out->hctl) != 0)
		return rc;
	if (sysfs_path(bus, sizeof(bus), root, "sys/bus/scsi/devices/%s",
		       base) != 0 ||
	    sysfs_realpath(root, bus, out->dir, sizeof(out->dir)) != 0)
		out->dir[0] = '\0';
	return 0;
}

int
sysfs_sg_node(const char *root, const struct sysfs_dev *d, char *name,
	      size_t cap)
{
	char path[PATH_MAX];
	struct sysfs_list l;
	int rc;

	if (d->dir[0] == '\0')
		return -ENOENT;
	rc = sysfs_path(path, sizeof(path), root, "%s/scsi_generic", d->dir);
	if (rc == 0)
		rc = sysfs_list(path, "sg", &l);
	if (rc < 0)
		return rc;
	if (l.n == 0)
		rc = -ENOENT;
	else if (strlen(l.v[0]->d_name) >= cap)
		rc = -ENOSPC;
	else
		memcpy(name, l.v[0]->d_name, strlen(l.v[0]->d_name) + 1);
	sysfs_list_free(&l);
	return rc;
}

/* ROOT/D->DIR/ATTR into path (PATH_MAX bytes): 0, -ENOENT, -ENAMETOOLONG. */
static int
device_attr_path(const char *root, const struct sysfs_dev *d, const char *attr,
		 char *path)
{
	if (d->dir[0] == '\0')
		return -ENOENT;
	return sysfs_path(path, PATH_MAX, root, "%s/%s", d->dir, attr);
}

ssize_t
sysfs_device_attr(const char *root, const struct sysfs_dev *d, const char *attr,
		  void *buf, size_t cap)
{
	char path[PATH_MAX];
	int rc = device_attr_path(root, d, attr, path);

	return rc < 0 ? rc : sysfs_read_attr(path, buf, cap);
}

int
sysfs_device_state(const char *root, const struct sysfs_dev *d, char *buf,
		   size_t cap)
{
	char path[PATH_MAX];
	int rc = device_attr_path(root, d, "state", path);

	return rc < 0 ? rc : sysfs_read_text(path, buf, cap);
}

/* The H:C:T:L that the link at path names (its target's last part). */
static int
link_hctl(const char *path, struct sysfs_hctl *out)
{
	char target[PATH_MAX];
	ssize_t r;

	r = readlink(path, target, sizeof(target) - 1);
	if (r < 0)
		return -errno;
	target[r] = '\0';
	return sysfs_parse_hctl(base_name(target), out) == 0 ? 0 : -EBADMSG;
}

/* One entry of the scsi_generic class as a node, or -EINVAL to skip it. */
static int
scan_one(const char *root, const char *name, struct sysfs_node *node)
{
	char path[PATH_MAX], text[16];
	uint64_t v;

	memset(node, 0, sizeof(*node));
	if (num_parse_u64(name + 2, UINT_MAX, &v) != 0)
		return -EINVAL;
	node->sg = (unsigned)v;
	if (sysfs_path(path, sizeof(path), root,
		       "sys/class/scsi_generic/%s/device/type", name) < 0 ||
	    sysfs_read_text(path, text, sizeof(text)) <= 0 ||
	    num_parse_u64(text, 31, &v) != 0)
		return -EINVAL;
	node->pdt = (unsigned)v;
	if (sysfs_path(path, sizeof(path), root,
		       "sys/class/scsi_generic/%s/device", name) < 0 ||
	    link_hctl(path, &node->hctl) < 0)
		return -EINVAL;
	snprintf(node->path, sizeof(node->path), "/dev/sg%u", node->sg);
	return 0;
}

int
sysfs_scan(const char *root, unsigned type_mask, struct sysfs_node *out,
	   size_t cap, size_t *n)
{
	char path[PATH_MAX];
	struct sysfs_node node;
	struct sysfs_list l;
	bool more = false;
	size_t i;
	int rc;

	*n = 0;
	if (out == NULL && cap > 0)
		return -EINVAL;
	rc = sysfs_path(path, sizeof(path), root, "sys/class/scsi_generic");
	if (rc == 0)
		rc = sysfs_list(path, "sg", &l);
	if (rc < 0)
		return rc;
	for (i = 0; i < l.n && !more; i++) {
		if (scan_one(root, l.v[i]->d_name, &node) < 0 ||
		    !(type_mask & SYSFS_MASK(node.pdt)))
			continue;
		if (*n == cap)
			more = true;
		else
			out[(*n)++] = node;
	}
	sysfs_list_free(&l);
	return more ? -E2BIG : 0;
}
