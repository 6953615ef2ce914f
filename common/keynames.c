/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names for keys: the trusted key map and prkeys files read, and one order of precedence for every view. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keynames.h"
#include "keys.h"

/* Owned by root or by us, and writable by neither group nor others. */
static int
trusted(const struct stat *st, const char *what, char *why, size_t whylen)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me) {
		snprintf(why, whylen, "%s is owned by uid %lu, not by root%s", what,
			 (unsigned long)st->st_uid, me != 0 ? " or by this user" : "");
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whylen, "%s is writable by %s", what,
			 st->st_mode & S_IWOTH ? "others" : "its group");
		return -EPERM;
	}
	return 0;
}

int
keynames_open_trusted(const char *path, char *why, size_t whylen)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char dir[PATH_MAX];
	struct stat st;
	int dfd, fd, rc;

	if (*base == '\0') {
		snprintf(why, whylen, "names a directory, not a file");
		return -EINVAL;
	}
	if (slash != NULL && (size_t)(slash - path) >= sizeof(dir)) {
		snprintf(why, whylen, "%s", strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = -errno;
		snprintf(why, whylen, "its directory: %s", strerror(-rc));
		return rc;
	}
	if (fstat(dfd, &st) != 0) {
		rc = -errno;
		snprintf(why, whylen, "its directory: %s", strerror(-rc));
	} else {
		rc = trusted(&st, "its directory", why, whylen);
	}
	fd = rc == 0 ? openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
	if (rc == 0 && fd < 0) {
		rc = -errno;
		snprintf(why, whylen, "%s", rc == -ELOOP ? "a symbolic link: refused" :
			 strerror(-rc));
	}
	close(dfd);
	if (rc == 0 && fstat(fd, &st) != 0) {
		rc = -errno;
		snprintf(why, whylen, "%s", strerror(-rc));
	} else if (rc == 0 && !S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		snprintf(why, whylen, "not a regular file");
	} else if (rc == 0) {
		rc = trusted(&st, "it", why, whylen);
	}
	if (rc != 0) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	return fd;
}

int
keynames_read_trusted(const char *path, size_t max, char **text, size_t *len,
		      char *why, size_t whylen)
{
	int fd = keynames_open_trusted(path, why, whylen), rc = 0;
	struct stat st;
	ssize_t got;
	size_t n = 0;
	char *buf;

	*text = NULL;
	*len = 0;
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		snprintf(why, whylen, "%s", strerror(-rc));
	} else if ((uintmax_t)st.st_size > max) {
		rc = -EFBIG;
		snprintf(why, whylen, "larger than %zu bytes", max);
	}
	if (rc != 0) {
		close(fd);
		return rc;
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf != NULL && n < (size_t)st.st_size &&
	       (got = read(fd, buf + n, (size_t)st.st_size - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	if (buf == NULL || rc != 0) {
		rc = buf == NULL ? -ENOMEM : rc;
		snprintf(why, whylen, "%s", strerror(-rc));
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* keymap_parse()'s diagnostics, as "FILE:LINE: reason" on stderr. */
static void
map_diag(void *arg, unsigned line, const char *reason)
{
	warnx("%s:%u: %s", (const char *)arg, line, reason);
}

static void
load_map(struct keynames *kn, const char *path)
{
	const char *env = getenv("TRESV_KEYS");
	bool quiet = false;
	char why[256], *text;
	size_t len;
	int rc;

	if (path == NULL && env != NULL)
		path = env;
	else if (path == NULL)
		path = KEYNAMES_MAP, quiet = true;	/* no map is configured */
	if (*path == '\0')
		return;
	rc = keynames_read_trusted(path, KEYNAMES_MAX_FILE, &text, &len, why, sizeof(why));
	if (rc != 0) {
		if (!(quiet && rc == -ENOENT))
			warnx("%s: ignored: %s", path, why);
		return;
	}
	if ((kn->map_file = strdup(path)) == NULL ||
	    keymap_parse(&kn->map, text, len, map_diag, kn->map_file) != 0) {
		warnx("%s: ignored: %s", path, strerror(ENOMEM));
		free(kn->map_file);
		kn->map_file = NULL;
	}
	free(text);
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
load_prkeys(struct keynames *kn)
{
	char why[256], *text;
	size_t len, n;
	int rc = keynames_read_trusted(KEYNAMES_PRKEYS, KEYNAMES_MAX_FILE, &text, &len, why,
				       sizeof(why));

	if (rc != 0) {
		/* not there, or not for this user: not ours to complain about */
		if (rc != -ENOENT && rc != -EACCES)
			warnx("%s: ignored: %s", KEYNAMES_PRKEYS, why);
		return;
	}
	n = keyscheme_prkeys(text, len, NULL, 0);
	if (n > 0 && (kn->mpath = malloc(n * sizeof(*kn->mpath))) != NULL) {
		kn->nmpath = keyscheme_prkeys(text, len, kn->mpath, n);
		qsort(kn->mpath, kn->nmpath, sizeof(*kn->mpath), u64_cmp);
	}
	free(text);
}

void
keynames_load(struct keynames *kn, const char *path)
{
	memset(kn, 0, sizeof(*kn));
	load_map(kn, path);
	load_prkeys(kn);
}

void
keynames_free(struct keynames *kn)
{
	keymap_free(&kn->map);
	free(kn->map_file);
	free(kn->mpath);
	memset(kn, 0, sizeof(*kn));
}

const char *
keynames_name(const struct keynames *kn, uint64_t key, char *buf, size_t len)
{
	const struct keymap_entry *e;
	uint64_t mine;

	if (kn == NULL || len == 0)
		return NULL;
	if (keymap_name(&kn->map, key, &e) == 0)
		snprintf(buf, len, "%s", e->name);
	else if (keys_auto(&mine) == 0 && key == mine)
		snprintf(buf, len, "this host's auto key");
	else if (kn->nmpath > 0 &&
		 bsearch(&key, kn->mpath, kn->nmpath, sizeof(*kn->mpath), u64_cmp) != NULL)
		snprintf(buf, len, "this host's multipathd key");
	else
		return keyscheme_name(key, buf, len);
	return buf;
}

char *
keynames_str(const struct keynames *kn, uint64_t key, char *buf, size_t len)
{
	char name[KEYNAMES_NAME_MAX];

	if (keynames_name(kn, key, name, sizeof(name)) != NULL)
		snprintf(buf, len, "0x%" PRIx64 " (%s)", key, name);
	else
		snprintf(buf, len, "0x%" PRIx64, key);
	return buf;
}

int
keynames_parse(const struct keynames *kn, const char *s, uint64_t *key,
	       const struct keymap_entry **clash)
{
	const struct keymap_entry *e;
	int rc = keys_parse_or_auto(s, key);

	if (rc != -EINVAL || strcmp(s, "auto") == 0 || kn == NULL)
		return rc;
	rc = keymap_key(&kn->map, s, &e);
	if (rc == 0)
		*key = e->key;
	else if (rc == -EEXIST && clash != NULL)
		*clash = e;
	return rc == -ENOENT ? -EINVAL : rc;
}
