/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tlock's host lock: one unit's record taken, refreshed and dropped under its guard; a dead owner's record recovered. */
#ifndef TRESV_HOSTLOCK_H
#define TRESV_HOSTLOCK_H

#include <stddef.h>
#include <sys/types.h>

#include "allpaths.h"
#include "dev.h"
#include "hold.h"
#include "lockrec.h"

/* The outcome of one try. */
enum hostlock_try {
	HOSTLOCK_TAKEN,		/* the record is ours now */
	HOSTLOCK_HELD,		/* a live owner holds it */
	HOSTLOCK_FAILED,	/* the directory or record could not be used (said) */
};

/*
 * Open the lock directory dir for the unit behind d, its record named by
 * the unit's identity: vpd_lu_id() of VPD 83h, else of the unit serial
 * (VPD 80h), read by lu_inquiry() (the kernel's copies first), so every
 * node of one logical unit shares one lock.  With create the directory is
 * made when missing.  Returns 0; -ENOENT when the directory is missing
 * and not to be created (nothing is locked); -ENODATA when the unit names
 * itself in neither page; -EBADMSG when a page contradicts itself (said
 * where, vpd_page_fault()); another -errno of lockrec_open(); the reason in
 * why (whylen bytes).
 */
int hostlock_open(struct dev *d, const char *dir, bool create, struct lockdir *ld,
		  char *why, size_t whylen);

/* What a dead owner left on the device is given back through this: the
 * device side of stale recovery (tlock gives the record's hold back).
 * Returns 0, or non-zero when that failed: the record then stays. */
typedef int (*hostlock_recover_fn)(const struct lockrec *dead, void *arg);

/*
 * One try at the lock of ld for the record *mine, under the guard: no
 * record, a record of mine->pid, or garbage (said on stderr) is taken at
 * once; a record whose owner is gone (lockrec_owner_alive()) is stale:
 * said on stderr, recover(dead, arg) called, then taken -- or, when the
 * recovery failed, kept (it accounts for what the dead owner left) and
 * HOSTLOCK_HELD; a live owner's is HOSTLOCK_HELD with "locked on this
 * host by OWNER" (hostlock_describe()) in held_by (len bytes).  A symbolic link in the record's place, or any
 * other failure, is said on stderr and HOSTLOCK_FAILED.
 */
enum hostlock_try hostlock_try(struct lockdir *ld, const struct lockrec *mine,
			       hostlock_recover_fn recover, void *arg, char *held_by,
			       size_t len);

/* How to take a unit: the hold, --force, -w. */
struct hostlock_take {
	struct hold hold;	/* method resolved, key, type, prevent */
	bool force;		/* preempt another host's persistent reservation */
	unsigned wait_s;	/* retry this long (0: fail at once) */
	int busy_code;		/* exit status when it stays held elsewhere */
	struct allpaths *paths;	/* --all-paths: every path of the unit, open;
				 * NULL: the one d goes through */
};

/*
 * Take the host lock of ld for *mine (a dead owner's leftovers given back
 * with hostlock_give_back_record()), then the unit with hold_take()
 * (hold_preempt() after a conflict, with force and PR) through d and, with
 * t->paths, REGISTER AND IGNORE EXISTING KEY on every other path
 * (allpaths_apply(), one line a path on stderr; a path that does not run is
 * skipped and named; a failure gives back what was taken on every path),
 * trying again as t->wait_s allows (the
 * cli_wait backoff, a progress line on a terminal) and stopping at a
 * signal caught by job_catch_signals().  On success both are held.
 * Returns TR_EXIT_OK, t->busy_code when the unit stays held elsewhere
 * (said on stderr with who holds it), 128+N after signal N, or another
 * exit status (said).  Nothing of ours stays behind on failure -- but
 * when giving back what a failed step took failed too (or cannot be
 * checked), the record stays to account for it: it turns stale when
 * this process ends, and the next tlock recovers it (said).  When the
 * unit itself was tried, the last try is logged (audit_log(): "take", or
 * "preempt" after --force preempted) with that exit status.
 */
int hostlock_acquire(struct dev *d, struct lockdir *ld, const struct lockrec *mine,
		     const struct hostlock_take *t);

/*
 * Give back what h holds (hold_drop()), saying on stderr what went wrong
 * or what was found instead; dead names a dead owner whose leftovers these
 * are (then success is said too), NULL for our own.  Logs it (audit_log())
 * as action ("give-back", "recover", "break") with the lock record's owner
 * (0: ours).  Returns hold_drop()'s exit status.
 */
int hostlock_give_back(struct dev *d, const struct hold *h, const struct lockrec *dead,
		       const char *action, pid_t owner);

/*
 * Give back what record r holds: through every path it lists (r->paths,
 * each opened as like is; the first, which reserved, with r's hold, the
 * others without PREVENT), else through like itself; each by
 * hostlock_give_back(), so each path's trouble is said under its node.
 * dead, action and owner as there.  Returns the first failure's exit
 * status, or TR_EXIT_OK.
 */
int hostlock_give_back_record(struct dev *like, const struct lockrec *r,
			      const struct lockrec *dead, const char *action, pid_t owner);

/*
 * tlock release and break, under the guard: give back what the record
 * says (hostlock_give_back_record()) and remove it -- unless giving back
 * failed: the record then stays (said), so nothing the unit holds goes
 * unrecorded.  breaking: a garbage record
 * is removed too, and a live owner's only with force (else
 * TR_EXIT_SYNTAX, said).  Returns TR_EXIT_OK (*none set when there was no
 * record), the give-back's failure, or TR_EXIT_OTHER (said).
 */
int hostlock_release(struct dev *d, struct lockdir *ld, bool breaking, bool force,
		     bool *none);

/* Write *mine again (its job named), under the guard.  0 or -errno. */
int hostlock_update(struct lockdir *ld, const struct lockrec *mine);

/* The record a job runs under, for hostlock_name_job(). */
struct hostlock_job {
	struct lockdir *ld;
	struct lockrec *mine;
};

/* job_run()'s started callback (arg a struct hostlock_job): the record
 * names the job's process group, so that should tlock die, the running
 * job still holds the unit (lockrec_owner_alive()). */
void hostlock_name_job(pid_t pgid, void *arg);

/* Remove the record if it is still pid's, under the guard. */
void hostlock_drop(struct lockdir *ld, pid_t pid);

/*
 * "pid N (COMMAND) since T" of a record's owner into buf (len bytes),
 * with ", its job still running" when the owner is gone but its job's
 * process group lives on.  Returns buf.
 */
char *hostlock_describe(const struct lockrec *r, char *buf, size_t len);

#endif /* TRESV_HOSTLOCK_H */
