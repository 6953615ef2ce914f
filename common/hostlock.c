/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host lock's decisions: take, wait for a live owner, recover a dead one's record. */
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hostlock.h"

char *
hostlock_describe(const struct lockrec *r, char *buf, size_t len)
{
	unsigned long long start;
	bool owner_gone = lockrec_proc_start(r->pid, &start) != 0 || start != r->start;

	snprintf(buf, len, "pid %ld (%s) since %lld%s", (long)r->pid,
		 r->command[0] ? r->command : "?", (long long)r->since,
		 owner_gone && lockrec_owner_alive(r) ? ", its job still running" : "");
	return buf;
}

/* Under the guard: decide on the record found, write ours when free. */
static enum hostlock_try
decide(struct lockdir *ld, const struct lockrec *mine, hostlock_recover_fn recover,
       void *arg, char *held_by, size_t len)
{
	struct lockrec r;
	char who[640];
	int rc = lockrec_read(ld, &r);

	if (rc == 0 && r.pid != mine->pid && lockrec_owner_alive(&r)) {
		snprintf(held_by, len, "locked on this host by %s",
			 hostlock_describe(&r, who, sizeof(who)));
		return HOSTLOCK_HELD;
	}
	if (rc == -ELOOP) {
		warnx("%s: a symbolic link where the lock should be: refused", ld->path);
		return HOSTLOCK_FAILED;
	}
	if (rc != 0 && rc != -ENOENT && rc != -EBADMSG) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	if (rc == -EBADMSG)
		warnx("%s: not a lock record (garbage): taken as stale", ld->path);
	if (rc == 0 && r.pid != mine->pid) {
		warnx("%s: stale lock of %s: its owner is gone; recovering", ld->path,
		      hostlock_describe(&r, who, sizeof(who)));
		if (recover != NULL)
			recover(&r, arg);
	}
	if ((rc = lockrec_write(ld, mine)) != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	return HOSTLOCK_TAKEN;
}

enum hostlock_try
hostlock_try(struct lockdir *ld, const struct lockrec *mine, hostlock_recover_fn recover,
	     void *arg, char *held_by, size_t len)
{
	enum hostlock_try t;
	int rc;

	if ((rc = lockrec_guard(ld)) != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	t = decide(ld, mine, recover, arg, held_by, len);
	lockrec_unguard(ld);
	return t;
}

int
hostlock_update(struct lockdir *ld, const struct lockrec *mine)
{
	int rc = lockrec_guard(ld);

	if (rc == 0) {
		rc = lockrec_write(ld, mine);
		lockrec_unguard(ld);
	}
	return rc;
}

void
hostlock_drop(struct lockdir *ld, pid_t pid)
{
	struct lockrec r;

	if (lockrec_guard(ld) != 0)
		return;
	if (lockrec_read(ld, &r) == 0 && r.pid == pid)
		lockrec_remove(ld);
	lockrec_unguard(ld);
}
