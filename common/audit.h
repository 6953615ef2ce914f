/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audit trail: one syslog line for each change to a reservation or registration and each reset, who did it and what came of it. */
#ifndef TRESV_AUDIT_H
#define TRESV_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "holder.h"
#include "keynames.h"

/* syslog(3) facility of every line: authorization (security) messages,
 * kept apart from the rest (Debian: /var/log/auth.log). */
#define AUDIT_FACILITY LOG_AUTHPRIV

/* Room for one line; longer values are cut (a device path of 1 KiB). */
#define AUDIT_LINE_MAX 2048

/* Who runs the tool, and where its lines go: one per process, on main's
 * stack (audit_init()). */
struct audit {
	char user[64];			/* login name of uid, or "?" */
	unsigned long uid;		/* real user ID */
	long login_uid;			/* the session's login UID (loginuid(5)
					 * of the audit system) when set and not
					 * uid, e.g. after sudo; -1 otherwise */
	const struct keynames *names;	/* names beside keys (may be NULL) */
	bool warned;			/* a failure to log was said */
	/* where lines go: NULL for syslog(3); a test's receiver */
	void (*sink)(void *arg, int priority, const char *line);
	void *sink_arg;
};

/* What came of an action. */
enum audit_result {
	AUDIT_DONE,		/* it did what it was asked */
	AUDIT_CONFLICT,		/* another initiator holds the unit */
	AUDIT_FAILED,		/* anything else: see the exit status */
};

/* One action on a unit.  Zero fields are left out of the line (type:
 * has_type), so an event is filled with designated initializers. */
struct audit_event {
	const char *action;		/* the tool's word: "preempt", "take" ... */
	const char *method;		/* tlock: "pr" or "spc2" */
	long owner;			/* tlock: the lock record's owner PID */
	bool has_key;
	uint64_t key;			/* RESERVATION KEY sent */
	bool has_sa_key;
	uint64_t sa_key;		/* SERVICE ACTION RESERVATION KEY sent */
	bool has_type;
	uint8_t type;			/* persistent reservation TYPE sent */
	const char *reset;		/* break: "logical-unit", "target", "bus" */
	struct holder_seen before;	/* the holder, where the tool read it first */
	struct holder_seen after;	/* ... and after the action */
	enum audit_result result;
	int exit;			/* the exit status of the action */
};

/*
 * The identity part of *a: the real UID and its login name
 * (getpwuid_r(3); "?" when it has none), the login UID from
 * /proc/self/loginuid, names for keys; syslog(3) as the sink.
 */
void audit_init(struct audit *a, const struct keynames *names);

/*
 * The line for e on device (as the user named it) and lu (its LU name,
 * NULL or "" unknown), by *a, into buf (len bytes), in this order, fields
 * apart by one blank, each NAME=VALUE:
 *   user uid [login_uid] device [lu] action [method] [owner]
 *   [key [key_name]] [sa_key [sa_key_name]] [type] [reset]
 *   [before] [after] result exit
 * Keys as 0x and lower-case hex, their names as keynames_name() gives
 * them (a->names); type as its abbreviation (ex-ac); before and after as
 * "none", "pr TYPE KEY" (KEY as keynames_str(): "0x1111 (backup-a)"; for
 * the all-registrants types "pr TYPE all registrants"), "spc2 this
 * initiator", "spc2 another initiator", "spc2 unknown initiator",
 * "another initiator (kind unknown)" or "unknown"; result "done",
 * "conflict" or "failed".  A VALUE that is empty or holds a blank, '"',
 * '\', '=' or a byte outside 21h-7Eh is written in double quotes, '"' and
 * '\' escaped with '\', other bytes outside 20h-7Eh as \xHH.  Pure.
 * Returns the length of the whole line, as snprintf() does.
 */
int audit_line(const struct audit *a, const char *device, const char *lu,
	       const struct audit_event *e, char *buf, size_t len);

/*
 * Send line through a's sink: syslog(3) with ident the program's name
 * (program_invocation_short_name), LOG_PID, facility AUDIT_FACILITY,
 * priority LOG_NOTICE (result done) or LOG_WARNING.  Before that, a
 * datagram (else stream) socket of our own connects to syslog's socket
 * (/dev/log) to learn whether anything listens, since syslog(3) says
 * nothing of a failure: when nothing does, that is said once per *a on
 * stderr ("cannot log to syslog (/dev/log: REASON); the audit trail of
 * this run is lost") and the line is dropped.  Never fails otherwise.
 */
void audit_send(struct audit *a, int priority, const char *line);

/*
 * Log e on the unit behind d: nothing when d->audit is NULL; else its LU
 * name (VPD 83h: the kernel's copy; for an iscsi:// unit, which has none,
 * one INQUIRY by lu_inquiry() unless e failed; else no lu field),
 * audit_line() and audit_send().
 */
void audit_log(struct dev *d, const struct audit_event *e);

/* The result an exit status stands for: 0 done, TR_EXIT_CONFLICT (or
 * busy_code, tlock -E) conflict, any other failed. */
enum audit_result audit_result_of(int exit, int busy_code);

#endif /* TRESV_AUDIT_H */
