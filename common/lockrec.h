/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tlock's host lock record: one file per logical unit, owned by a process identified by PID and start time. */
#ifndef TRESV_LOCKREC_H
#define TRESV_LOCKREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "hold.h"

struct keynames;

/* The largest process ID Linux gives (PID_MAX_LIMIT - 1, 64-bit). */
#define LOCKREC_PID_MAX 4194303

/* Room for the paths a record lists (about 90 /dev/sgN nodes). */
#define LOCKREC_PATHS_MAX 1024

/* The default lock directory (DESIGN.md). */
#define LOCKREC_DEFAULT_DIR "/run/lock/tresv"

/* What a record says. Text fields are as written, printable ASCII. */
struct lockrec {
	pid_t pid;			/* owner */
	pid_t job;			/* the command's process group (wrap mode), 0 none */
	unsigned long long start;	/* owner's start time, clock ticks since
					 * boot (/proc/PID/stat field 22) */
	time_t since;			/* when it was taken, seconds since the epoch */
	enum hold_method method;	/* HOLD_PR or HOLD_SPC2 ("pr", "spc2") */
	uint64_t key;			/* reservation key (method pr) */
	unsigned type;			/* persistent reservation type (method pr) */
	bool prevent;			/* PREVENT MEDIUM REMOVAL was sent */
	char device[256];		/* the node it was taken through */
	char command[512];		/* what the owner runs, for people */
	char paths[LOCKREC_PATHS_MAX];	/* --all-paths: the path nodes registered,
					 * the reserving one first, blank-separated;
					 * "" for one path */
};

/* An open lock directory and the name of one unit's record in it. */
struct lockdir {
	int dirfd;
	char name[256];			/* "<lu id>.lock" */
	char path[4096];		/* dir/name, for messages */
	int guard;			/* flock'd guard fd while locked, else -1 */
};

/*
 * A record for owner (its start time read from /proc: -ESRCH when there
 * is no such process) holding the unit as h says, through device, for
 * command (text for people): the other fields now or zero.  Returns 0.
 */
int lockrec_init(struct lockrec *r, pid_t owner, const struct hold *h,
		 const char *device, const char *command);

/* The record as tlock status prints it: "owner:", "job:", "command:",
 * "since:", "method:", "key:", "type:", "prevent removal:", "device:",
 * "paths:" lines on f (key, with its name from names (may be NULL), and
 * type for method pr; paths when listed). */
void lockrec_print(FILE *f, const struct lockrec *r, const struct keynames *names);

/* The hold a record describes (method, key, type, prevent). */
struct hold lockrec_hold(const struct lockrec *r);

/* argv (NULL-terminated) as one line, blanks between, into buf (len
 * bytes, cut to fit).  Returns buf. */
char *lockrec_join(char *const *argv, char *buf, size_t len);

/*
 * Open (creating it 0755 if missing and create is set) the lock directory dir for the unit
 * whose identity is lu_id (vpd_lu_id(): a safe file name component).
 * Refuses a symbolic link, anything not a directory, and a world-writable
 * directory without the sticky bit (anyone could replace records there).
 * Returns 0, or -errno with why (whylen bytes) in words.
 */
int lockrec_open(struct lockdir *ld, const char *dir, const char *lu_id,
		 bool create, char *why, size_t whylen);

void lockrec_close(struct lockdir *ld);

/*
 * Take or drop the guard: flock(LOCK_EX) on "<name>.guard" (O_NOFOLLOW),
 * serialising every read-decide-write of the record among processes.
 * Held for the length of one decision only; the kernel drops it if the
 * holder dies.  Return 0 or -errno.
 */
int lockrec_guard(struct lockdir *ld);
void lockrec_unguard(struct lockdir *ld);

/* A record's text is at most this long (lockrec_read() reads no more). */
#define LOCKREC_TEXT_MAX 4096

/*
 * The record's text, as lockrec_write() stores it, into text (len bytes,
 * snprintf-style; LOCKREC_TEXT_MAX always suffices): a comment line, then
 * "pid: ", "job: ", "start: ", "since: " (decimal), "method: " (pr,
 * spc2), "key: 0x..", "type: " (decimal), "prevent: " (yes, no),
 * "device: ", "command: " lines, the text fields' bytes outside printable
 * ASCII written '?'.  Returns the length, as snprintf does.
 */
int lockrec_format(const struct lockrec *r, char *text, size_t len);

/*
 * Parse a record's text (NUL-terminated) into *r: lockrec_format()'s
 * lines in any order, unknown lines ignored; "job", "prevent" and
 * "command" may be missing.  A line ends at its newline; a value that
 * does not fit its field is garbage.  Text fields come back as printable
 * ASCII, any other byte '?'.  Returns 0, or -EBADMSG (garbage): no pid,
 * or one of 0 or above LOCKREC_PID_MAX; a job above it; a start, since,
 * key or type that does not parse (type above 15); a method other than
 * pr or spc2; no device.
 */
int lockrec_parse(const char *text, struct lockrec *r);

/*
 * Read the record (O_NOFOLLOW) into *r.  Returns 0; -ENOENT when there
 * is none; -EBADMSG for a record that does not parse (garbage); -ELOOP
 * for a symbolic link in its place; -errno otherwise.
 */
int lockrec_read(struct lockdir *ld, struct lockrec *r);

/*
 * Write *r as the record, atomically: a new file "<name>.<pid>.tmp"
 * (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644), fsync, rename over the name.
 * Call with the guard held.  Returns 0 or -errno.
 */
int lockrec_write(struct lockdir *ld, const struct lockrec *r);

/* Remove the record (with the guard held). Returns 0, -ENOENT or -errno. */
int lockrec_remove(struct lockdir *ld);

/*
 * The start time of process pid (/proc/PID/stat field 22, parsed after
 * the last ')' so a command name cannot shift it).  Returns 0 and *start,
 * or -ESRCH when there is no such process, -EBADMSG, -errno.
 */
int lockrec_proc_start(pid_t pid, unsigned long long *start);

/* Whether the record's owner still runs: its PID exists with the same
 * start time (a reused PID has another), or its job's process group
 * still has a member (a command left running by a killed tlock still
 * uses the unit; Linux does not reuse the ID of a live process group). */
bool lockrec_owner_alive(const struct lockrec *r);

/* The command line of process pid from /proc/PID/cmdline, NULs as blanks,
 * non-printable bytes as '?', into buf (len bytes). Returns buf. */
char *lockrec_cmdline(pid_t pid, char *buf, size_t len);

#endif /* TRESV_LOCKREC_H */
