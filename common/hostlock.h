/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tlock's host lock: one unit's record taken, refreshed and dropped under its guard; a dead owner's record recovered. */
#ifndef TRESV_HOSTLOCK_H
#define TRESV_HOSTLOCK_H

#include <stddef.h>
#include <sys/types.h>

#include "lockrec.h"

/* The outcome of one try. */
enum hostlock_try {
	HOSTLOCK_TAKEN,		/* the record is ours now */
	HOSTLOCK_HELD,		/* a live owner holds it */
	HOSTLOCK_FAILED,	/* the directory or record could not be used (said) */
};

/* What a dead owner left on the device is given back through this: the
 * device side of stale recovery (tlock gives the record's hold back). */
typedef void (*hostlock_recover_fn)(const struct lockrec *dead, void *arg);

/*
 * One try at the lock of ld for the record *mine, under the guard: no
 * record, a record of mine->pid, or garbage (said on stderr) is taken at
 * once; a record whose owner is gone (lockrec_owner_alive()) is stale:
 * said on stderr, recover(dead, arg) called, then taken; a live owner's is
 * HOSTLOCK_HELD with "locked on this host by OWNER" (hostlock_describe())
 * in held_by (len bytes).  A symbolic link in the record's place, or any
 * other failure, is said on stderr and HOSTLOCK_FAILED.
 */
enum hostlock_try hostlock_try(struct lockdir *ld, const struct lockrec *mine,
			       hostlock_recover_fn recover, void *arg, char *held_by,
			       size_t len);

/* Write *mine again (its job named), under the guard.  0 or -errno. */
int hostlock_update(struct lockdir *ld, const struct lockrec *mine);

/* Remove the record if it is still pid's, under the guard. */
void hostlock_drop(struct lockdir *ld, pid_t pid);

/*
 * "pid N (COMMAND) since T" of a record's owner into buf (len bytes),
 * with ", its job still running" when the owner is gone but its job's
 * process group lives on.  Returns buf.
 */
char *hostlock_describe(const struct lockrec *r, char *buf, size_t len);

#endif /* TRESV_HOSTLOCK_H */
