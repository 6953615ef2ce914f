/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tlock: hold a tape drive, changer or disk for a job: a host lock record plus a device reservation, released on every exit path. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <popt.h>

#include "cli.h"
#include "hold.h"
#include "hostlock.h"
#include "job.h"
#include "keys.h"
#include "lockrec.h"
#include "lu.h"
#include "spc2.h"
#include "vpd.h"

enum mode { MODE_WRAP, MODE_ACQUIRE, MODE_RELEASE, MODE_STATUS, MODE_BREAK };

static const char *const mode_words[] = {
	[MODE_WRAP] = "",
	[MODE_ACQUIRE] = "acquire",
	[MODE_RELEASE] = "release",
	[MODE_STATUS] = "status",
	[MODE_BREAK] = "break",
	NULL,
};

#define MAX_WAIT 86400

struct opts {
	const char *device;
	char *device_arg;		/* owned */
	enum mode mode;
	char **command;			/* after "--" (wrap) */
	char *shell;			/* -c (wrap), owned */
	struct hold hold;		/* method, key, type, prevent */
	char *lock_dir;			/* owned; NULL: default */
	bool nowait;
	unsigned wait_s;
	int busy_code;			/* -E: exit status when held elsewhere */
	bool force;
	pid_t owner;			/* acquire: the process that owns the lock */
	int verbose;			/* 1: narrate; 2 and up: also CDB traces */
	bool have_key;			/* hold.key is set (-k, or auto derived) */
	unsigned timeout_s;
};

static void
usage(void)
{
	printf("Usage: %s [OPTIONS] -f DEVICE -- COMMAND [ARGS...]\n"
	       "       %s [OPTIONS] -f DEVICE -c SHELL-COMMAND\n"
	       "       %s [OPTIONS] -f DEVICE acquire|release|status|break\n"
	       "\n"
	       "Hold a SCSI tape drive, changer or disk for a job: a lock on this host\n"
	       "and a reservation on the device, released on every exit path.\n"
	       "\n"
	       "Actions (without one: run COMMAND while holding the unit):\n"
	       "  acquire   take the unit for --owner (default: tlock's parent)\n"
	       "  release   give it back\n"
	       "  status    who holds the lock, whether alive, and the device's state\n"
	       "  break     remove a stale lock and this host's leftover reservation\n"
	       "\n"
	       "Options:\n"
	       "  -f, --device=DEVICE     SCSI device node (default: $TAPE)\n"
	       "  -c, --command=CMD       run CMD with /bin/sh -c\n"
	       "  -m, --method=METHOD     pr, spc2 or auto (default: PR if the device has it)\n"
	       "  -k, --key=KEY           reservation key for pr (default auto)\n"
	       "  -T, --type=TYPE         persistent reservation type (default ex-ac)\n"
	       "  -L, --lock-dir=DIR      lock directory (default %s)\n"
	       "  -n, --no-wait           fail at once when the unit is held (default)\n"
	       "  -w, --wait=SECS         wait up to SECS seconds for the unit\n"
	       "  -E, --conflict-exit=N   exit status when the unit stays held (default 24)\n"
	       "  -p, --prevent-removal   PREVENT MEDIUM REMOVAL while held\n"
	       "  -o, --owner=PID         acquire: the owning process (default: the\n"
	       "                          process that runs tlock, its parent)\n"
	       "      --force             break a live owner's lock; preempt another\n"
	       "                          host's persistent reservation\n"
	       "  -t, --timeout=SECS      command timeout in seconds (default %d)\n"
	       "  -v, --verbose           say what happens; twice: CDBs on stderr\n"
	       "  -h, --help              show this help and exit\n"
	       "  -V, --version           show the version and exit\n"
	       "\n"
	       "See tlock(1).\n",
	       program_invocation_short_name, program_invocation_short_name,
	       program_invocation_short_name, LOCKREC_DEFAULT_DIR, DEV_DEFAULT_TIMEOUT);
}

/* ---- the unit and its lock ---------------------------------------------- */

/* The lock and the record a running job is named in. */
struct lock_ctx {
	struct lockdir *ld;
	struct lockrec *mine;
};

/* open_lock(): no lock directory, for an action that does not make one. */
#define LOCKDIR_MISSING (-2)

/* Name the unit's lock from VPD 83h, else the unit serial. */
static enum tr_exit
open_lock(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	uint8_t p83[LU_VPD_MAX], p80[LU_VPD_MAX];
	size_t n83 = 0, n80 = 0;
	char id[VPD_LU_ID_MAX], why[512];
	int rc;

	if (lu_inquiry(d, VPD_DEVICE_ID, p83, sizeof(p83), &n83) != TR_EXIT_OK)
		n83 = 0;
	if (lu_inquiry(d, VPD_UNIT_SERIAL, p80, sizeof(p80), &n80) != TR_EXIT_OK)
		n80 = 0;
	rc = vpd_lu_id(n83 ? p83 : NULL, n83, n80 ? p80 : NULL, n80, id, sizeof(id));
	if (rc < 0) {
		warnx("%s: cannot name the unit's lock (VPD 83h and 80h give no "
		      "identity): %s", o->device, strerror(-rc));
		return TR_EXIT_FILE;
	}
	rc = lockrec_open(ld, o->lock_dir ? o->lock_dir : LOCKREC_DEFAULT_DIR, id,
			  o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE, why, sizeof(why));
	if (rc == -ENOENT && o->mode != MODE_WRAP && o->mode != MODE_ACQUIRE)
		return LOCKDIR_MISSING;	/* tlock never ran here: nothing is locked */
	if (rc != 0) {
		warnx("lock directory: %s", why);
		return TR_EXIT_OTHER;
	}
	return TR_EXIT_OK;
}

static struct hold
hold_of(const struct lockrec *r)
{
	return (struct hold){ .method = r->method, .key = r->key,
			      .type = (uint8_t)r->type, .prevent = r->prevent };
}

/* hostlock's recovery callback: give back what a dead owner left on the
 * device (same host, its key); arg is the struct dev. */
static void
recover_leftover(const struct lockrec *r, void *arg)
{
	struct dev *d = arg;
	struct hold h = hold_of(r);
	char why[512];

	if (hold_drop(d, &h, why, sizeof(why)) != TR_EXIT_OK)
		warnx("%s: giving back the dead owner's reservation failed: %s", d->name,
		      why);
	else if (why[0] != '\0')
		warnx("%s: the dead owner's reservation: %s", d->name, why);
	else
		warnx("%s: released the dead owner's %s reservation%s", d->name,
		      hold_method_word(r->method), h.method == HOLD_PR ?
		      " and registration" : "");
}

/* Fill the record this process will write. */
static int
make_record(const struct opts *o, pid_t owner, const char *cmd, struct lockrec *r)
{
	memset(r, 0, sizeof(*r));
	r->pid = owner;
	if (lockrec_proc_start(owner, &r->start) != 0) {
		warnx("owner %ld: no such process", (long)owner);
		return TR_EXIT_SYNTAX;
	}
	r->since = time(NULL);
	r->method = o->hold.method;
	r->key = o->hold.key;
	r->type = o->hold.type;
	r->prevent = o->hold.prevent;
	snprintf(r->device, sizeof(r->device), "%s", o->device);
	snprintf(r->command, sizeof(r->command), "%s", cmd);
	return TR_EXIT_OK;
}

/*
 * Take the host lock, then the device, waiting as -w says.  On success
 * both are held.  Returns TR_EXIT_OK, o->busy_code when the unit stays
 * held elsewhere, or another exit status.
 */
static int
acquire(struct dev *d, const struct opts *o, struct lockdir *ld,
	const struct lockrec *mine)
{
	struct cli_wait w;
	bool have_lock = false;
	char held_by[768] = "", why[512];
	int rc;

	cli_wait_start(&w, o->nowait ? 0 : o->wait_s);
	for (;;) {
		if (job_pending()) {
			rc = 128 + job_pending();
			break;
		}
		if (!have_lock) {
			enum hostlock_try t = hostlock_try(ld, mine, recover_leftover, d,
							   held_by, sizeof(held_by));

			rc = t == HOSTLOCK_FAILED ? TR_EXIT_OTHER : TR_EXIT_OK;
			if (t == HOSTLOCK_FAILED)
				break;
			have_lock = t == HOSTLOCK_TAKEN;
		}
		if (have_lock) {
			rc = hold_take(d, &o->hold, why, sizeof(why));
			if (rc == TR_EXIT_CONFLICT && o->force && o->hold.method == HOLD_PR) {
				warnx("%s: --force: preempting the holder", o->device);
				rc = hold_preempt(d, &o->hold, why, sizeof(why));
			}
			if (rc == TR_EXIT_OK)
				break;
			if (rc != TR_EXIT_CONFLICT) {
				warnx("%s: %s", o->device, why);
				break;
			}
			snprintf(held_by, sizeof(held_by), "%s", why);
		}
		if (!cli_wait_more(&w, o->device, held_by)) {
			cli_wait_end(&w);
			rc = o->busy_code;
			warnx("%s: %s%s", o->device, held_by,
			      o->wait_s ? " (gave up waiting)" : "");
			break;
		}
	}
	cli_wait_end(&w);
	if (rc != TR_EXIT_OK && have_lock)
		hostlock_drop(ld, mine->pid);
	return rc;
}

/* ---- wrap mode ---------------------------------------------------------- */

/* job_run()'s callback: the record names the job, so that should tlock
 * die, the running job still holds the unit. */
static void
name_job(pid_t pgid, void *arg)
{
	struct lock_ctx *c = arg;

	c->mine->job = pgid;
	hostlock_update(c->ld, c->mine);
}

static char *
join_command(const struct opts *o, char *buf, size_t len)
{
	size_t off = 0, i;

	buf[0] = '\0';
	if (o->shell != NULL) {
		snprintf(buf, len, "%s", o->shell);
		return buf;
	}
	for (i = 0; o->command != NULL && o->command[i] != NULL && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? " " : "",
					o->command[i]);
	return buf;
}

static int
do_wrap(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	struct lockrec mine;
	char cmd[512], why[512];
	int rc, status;

	if ((rc = make_record(o, getpid(), join_command(o, cmd, sizeof(cmd)), &mine)) != 0)
		return rc;
	if ((rc = acquire(d, o, ld, &mine)) != TR_EXIT_OK)
		return rc;
	if (o->verbose > 0)
		warnx("%s: held (%s); running: %s", o->device, hold_method_word(mine.method),
		      cmd);
	/* the job may open the device itself (a tape node opens once) */
	dev_idle(d);
	/* a signal before the command started: do not start it */
	if (job_pending())
		status = 128 + job_pending();
	else if ((status = job_run(o->shell, o->command, name_job,
				   &(struct lock_ctx){ ld, &mine })) < 0) {
		warnx("cannot run the command: %s", strerror(-status));
		status = TR_EXIT_OTHER;
	}
	if ((rc = hold_drop(d, &o->hold, why, sizeof(why))) != TR_EXIT_OK) {
		warnx("%s: giving the unit back failed, it may still be reserved: %s",
		      o->device, why);
		if (status == 0)	/* success means all of it went well */
			status = rc;
	} else if (why[0] != '\0') {
		warnx("%s: %s", o->device, why);
	}
	hostlock_drop(ld, mine.pid);
	if (o->verbose > 0)
		warnx("%s: released; the command exited %d", o->device, status);
	return status;
}

/* ---- split mode --------------------------------------------------------- */

static int
do_acquire(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	struct lockrec mine;
	char cmd[512];
	int rc;

	lockrec_cmdline(o->owner, cmd, sizeof(cmd));
	if ((rc = make_record(o, o->owner, cmd, &mine)) != 0)
		return rc;
	rc = acquire(d, o, ld, &mine);
	if (rc == TR_EXIT_OK && o->verbose > 0)
		warnx("%s: held (%s) for pid %ld", o->device, hold_method_word(mine.method),
		      (long)o->owner);
	return rc;
}

/* release and break: give back what the record says, remove it. */
static int
do_release(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	struct lockrec r;
	struct hold h;
	char why[512], who[640];
	int rc = lockrec_guard(ld), ret = TR_EXIT_OK;

	if (rc != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return TR_EXIT_OTHER;
	}
	rc = lockrec_read(ld, &r);
	if (rc == -ENOENT) {
		printf("%s: not locked\n", o->device);
	} else if (rc == -EBADMSG && o->mode == MODE_BREAK) {
		lockrec_remove(ld);
		warnx("%s: removed a record that was not a lock record (garbage)", ld->path);
	} else if (rc != 0) {
		warnx("%s: %s", ld->path, rc == -EBADMSG ? "not a lock record (garbage); "
		      "remove it with break" : strerror(-rc));
		ret = TR_EXIT_OTHER;
	} else if (o->mode == MODE_BREAK && lockrec_owner_alive(&r) && !o->force) {
		hostlock_describe(&r, who, sizeof(who));
		warnx("%s: held by %s, which is alive: add --force to break it",
		      o->device, who);
		ret = TR_EXIT_SYNTAX;
	} else {
		h = hold_of(&r);
		if ((ret = hold_drop(d, &h, why, sizeof(why))) != TR_EXIT_OK)
			warnx("%s: giving the unit back failed, it may still be reserved: %s",
			      o->device, why);
		else if (why[0] != '\0')
			warnx("%s: %s", o->device, why);
		lockrec_remove(ld);
		hostlock_describe(&r, who, sizeof(who));
		if (o->mode == MODE_BREAK)
			warnx("%s: broke the lock of %s (%s)", o->device, who,
			      lockrec_owner_alive(&r) ? "alive: --force" : "gone");
	}
	lockrec_unguard(ld);
	return ret;
}

static int
do_status(struct dev *d, struct lockdir *ld)
{
	struct lockrec r;
	struct spc2_probe p;
	char what[256];
	int rc = lockrec_read(ld, &r);

	printf("lock: %s\n", ld->path);
	if (rc == 0) {
		printf("owner: pid %ld (%s)\n", (long)r.pid,
		       lockrec_owner_alive(&r) ? "alive" : "gone: stale");
		if (r.job > 0)
			printf("job: process group %ld (%s)\n", (long)r.job,
			       kill(-r.job, 0) == 0 || errno == EPERM ? "running" : "ended");
		printf("command: %s\n", r.command);
		printf("since: %lld (%lld s ago)\n", (long long)r.since,
		       (long long)(time(NULL) - r.since));
		printf("method: %s\n", hold_method_word(r.method));
		if (r.method == HOLD_PR)
			printf("key: 0x%" PRIx64 "\ntype: %s\n", r.key,
			       keys_type_abbrev(r.type) ? keys_type_abbrev(r.type) : "?");
		printf("prevent removal: %s\n", r.prevent ? "yes" : "no");
		printf("device: %s\n", r.device);
	} else {
		printf("owner: none%s\n", rc == -EBADMSG ? " (garbage record)" :
		       rc == -ENOENT ? "" : " (unreadable)");
	}
	spc2_probe(d, &p);
	printf("unit: %s\n", spc2_probe_str(&p, what, sizeof(what)));
	return TR_EXIT_OK;
}

static int
run(struct dev *d, struct opts *o)
{
	struct lockdir ld;
	int rc;

	if ((rc = open_lock(d, o, &ld)) == LOCKDIR_MISSING) {
		struct spc2_probe p;
		char what[256];

		printf("%s: not locked (no lock directory %s)\n", o->device,
		       o->lock_dir ? o->lock_dir : LOCKREC_DEFAULT_DIR);
		if (o->mode == MODE_STATUS) {
			spc2_probe(d, &p);
			printf("unit: %s\n", spc2_probe_str(&p, what, sizeof(what)));
		}
		return TR_EXIT_OK;
	}
	if (rc != TR_EXIT_OK)
		return rc;
	if ((o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE) &&
	    (rc = hold_resolve(d, &o->hold)) != TR_EXIT_OK) {
		warnx("%s: cannot tell whether it has persistent reservations (exit %d)",
		      o->device, rc);
		lockrec_close(&ld);
		return rc;
	}
	if ((o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE) &&
	    o->hold.method == HOLD_PR && !o->have_key) {
		warnx("%s: has persistent reservations, and the auto key cannot be "
		      "derived: give -k KEY", o->device);
		lockrec_close(&ld);
		return TR_EXIT_SYNTAX;
	}
	switch (o->mode) {
	case MODE_WRAP:
		rc = do_wrap(d, o, &ld);
		break;
	case MODE_ACQUIRE:
		rc = do_acquire(d, o, &ld);
		break;
	case MODE_RELEASE:
	case MODE_BREAK:
		rc = do_release(d, o, &ld);
		break;
	case MODE_STATUS:
		rc = do_status(d, &ld);
		break;
	}
	lockrec_close(&ld);
	return rc;
}

/* ---- options ------------------------------------------------------------ */

static int
check_values(struct opts *o, const char *method, const char *key, const char *type,
	     const char *wait, const char *code, const char *owner, const char *tmo)
{
	unsigned long long start;
	unsigned v;
	int rc;

	o->hold.method = HOLD_AUTO;
	if (method != NULL && hold_method_parse(method, &o->hold.method) != 0)
		return cli_usage_error("invalid method '%s': pr, spc2 or auto", method);
	if (type != NULL && keys_type_parse(type, &o->hold.type) != 0)
		return cli_usage_error("invalid type '%s': use wr-ex, ex-ac, wr-ex-ro, "
				       "ex-ac-ro, wr-ex-ar, ex-ac-ar or 1, 3, 5, 6, 7, 8", type);
	if (wait != NULL && cli_parse_seconds(wait, MAX_WAIT, &o->wait_s) != 0)
		return cli_usage_error("invalid wait '%s': whole seconds from 1 to %d",
				       wait, MAX_WAIT);
	if (code != NULL && cli_parse_uint(code, 255, &v) != 0)
		return cli_usage_error("invalid conflict exit status '%s': 1 to 255", code);
	o->busy_code = code != NULL ? (int)v : TR_EXIT_CONFLICT;
	if (owner != NULL && cli_parse_uint(owner, LOCKREC_PID_MAX, &v) != 0)
		return cli_usage_error("invalid owner '%s': a process ID", owner);
	o->owner = owner != NULL ? (pid_t)v : getppid();
	if (o->mode == MODE_ACQUIRE && lockrec_proc_start(o->owner, &start) != 0)
		return cli_usage_error("owner %ld: no such process", (long)o->owner);
	if (tmo != NULL && cli_parse_seconds(tmo, CLI_MAX_TIMEOUT, &o->timeout_s) != 0)
		return cli_usage_error("invalid timeout '%s': whole seconds from 1 to %d",
				       tmo, CLI_MAX_TIMEOUT);
	/* a key is needed only to take the unit with a persistent reservation */
	if (key != NULL) {
		rc = keys_parse_or_auto(key, &o->hold.key);
		if (rc != 0 && strcmp(key, "auto") == 0)
			return cli_usage_error("cannot derive the auto key (give -k KEY): %s",
					       strerror(-rc));
		if (rc != 0)
			return cli_usage_error("invalid key '%s': use 0x and up to 16 hex "
					       "digits, decimal digits, or auto", key);
		if (o->hold.key == 0)
			return cli_usage_error("key 0 cannot be registered: give another -k");
		o->have_key = true;
	} else if ((o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE) &&
		   o->hold.method != HOLD_SPC2) {
		rc = keys_auto(&o->hold.key);
		o->have_key = rc == 0;
		if (rc != 0 && o->hold.method == HOLD_PR)
			return cli_usage_error("cannot derive the auto key (give -k KEY): %s",
					       strerror(-rc));
	}
	return -1;
}

static int
check_combination(const struct opts *o, const char *wait, const char *owner,
		  const char *method, const char *type, const char *key,
		  const char *code)
{
	bool taking = o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE;

	if (o->mode == MODE_WRAP && o->shell == NULL && o->command == NULL)
		return cli_usage_error("no command: give -- COMMAND [ARGS], -c "
				       "SHELL-COMMAND, or an action");
	if (o->shell != NULL && o->command != NULL) {
		warnx("-c and -- COMMAND contradict each other: choose one");
		return TR_EXIT_CONTRADICT;
	}
	if (o->mode != MODE_WRAP && (o->shell != NULL || o->command != NULL)) {
		warnx("a command goes with no action: %s takes none", mode_words[o->mode]);
		return TR_EXIT_CONTRADICT;
	}
	if (wait != NULL && o->nowait) {
		warnx("--wait and --no-wait contradict each other: choose one");
		return TR_EXIT_CONTRADICT;
	}
	if (!taking && (wait != NULL || o->nowait || method || type || key ||
			o->hold.prevent || code)) {
		warnx("--wait, --no-wait, --method, --key, --type, --prevent-removal and "
		      "--conflict-exit go with taking the unit, not with %s",
		      mode_words[o->mode]);
		return TR_EXIT_CONTRADICT;
	}
	if (method != NULL && strcmp(method, "spc2") == 0 && (key || o->force)) {
		warnx("--key and --force go with persistent reservations, not --method spc2");
		return TR_EXIT_CONTRADICT;
	}
	if (owner != NULL && o->mode != MODE_ACQUIRE) {
		warnx("--owner goes with acquire only");
		return TR_EXIT_CONTRADICT;
	}
	if (o->force && (o->mode == MODE_RELEASE || o->mode == MODE_STATUS)) {
		warnx("--force goes with break, acquire or a command");
		return TR_EXIT_CONTRADICT;
	}
	if (type != NULL && method != NULL && strcmp(method, "spc2") == 0) {
		warnx("--type goes with persistent reservations, not --method spc2");
		return TR_EXIT_CONTRADICT;
	}
	return -1;
}

static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *dev = NULL, *method = NULL, *key = NULL, *type = NULL, *wait = NULL,
	     *code = NULL, *owner = NULL, *tmo = NULL;
	int nowait = 0, prevent = 0, force = 0;
	struct poptOption table[] = {
		{ "device", 'f', POPT_ARG_STRING, NULL, 'f', NULL, NULL },
		{ "command", 'c', POPT_ARG_STRING, NULL, 'c', NULL, NULL },
		{ "method", 'm', POPT_ARG_STRING, NULL, 'm', NULL, NULL },
		{ "key", 'k', POPT_ARG_STRING, NULL, 'k', NULL, NULL },
		{ "type", 'T', POPT_ARG_STRING, NULL, 'T', NULL, NULL },
		{ "lock-dir", 'L', POPT_ARG_STRING, NULL, 'L', NULL, NULL },
		{ "no-wait", 'n', POPT_ARG_NONE, &nowait, 0, NULL, NULL },
		{ "wait", 'w', POPT_ARG_STRING, NULL, 'w', NULL, NULL },
		{ "conflict-exit", 'E', POPT_ARG_STRING, NULL, 'E', NULL, NULL },
		{ "prevent-removal", 'p', POPT_ARG_NONE, &prevent, 0, NULL, NULL },
		{ "owner", 'o', POPT_ARG_STRING, NULL, 'o', NULL, NULL },
		{ "force", '\0', POPT_ARG_NONE, &force, 0, NULL, NULL },
		{ "timeout", 't', POPT_ARG_STRING, NULL, 't', NULL, NULL },
		{ "verbose", 'v', POPT_ARG_NONE, NULL, 'v', NULL, NULL },
		{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
		{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
		POPT_TABLEEND
	};
	const struct cli_slot slots[] = {
		{ 'f', &dev },
		{ 'c', &o->shell },
		{ 'm', &method },
		{ 'k', &key },
		{ 'T', &type },
		{ 'L', &o->lock_dir },
		{ 'w', &wait },
		{ 'E', &code },
		{ 'o', &owner },
		{ 't', &tmo },
		{ 0, NULL },
	};
	poptContext ctx;
	const char *word = NULL, *extra = NULL;
	int rc, ret = -1, i, dd = argc;

	/* "--" ends tlock's options; what follows is the command, untouched */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	if (dd < argc && dd + 1 < argc)
		o->command = (char **)(uintptr_t)(argv + dd + 1);
	ctx = poptGetContext(NULL, dd, argv, table, 0);
	while ((rc = poptGetNextOpt(ctx)) > 0) {
		if (cli_take_arg(ctx, rc, slots))
			continue;
		if (rc == 'v')
			o->verbose++;
		else
			break;
	}
	o->nowait = nowait;
	o->hold.prevent = prevent;
	o->hold.type = PR_TYPE_EX_AC;
	o->force = force;
	if (rc == 'h' || rc == 'V') {
		if (rc == 'h')
			usage();
		ret = rc == 'h' ? TR_EXIT_OK : cli_version();
	} else if (rc < -1) {
		ret = cli_popt_error(ctx, rc);
	} else if ((word = poptGetArg(ctx)) != NULL && (extra = poptGetArg(ctx)) != NULL) {
		ret = cli_usage_error("unexpected argument '%s'", extra);
	} else if (dd < argc && o->command == NULL) {
		ret = cli_usage_error("no command after --");
	} else if (word != NULL && cli_word(word, mode_words) <= 0) {
		ret = cli_usage_error("unknown action '%s' (acquire, release, status, "
				      "break; or -- COMMAND)", word);
	} else {
		o->mode = word != NULL ? (enum mode)cli_word(word, mode_words) : MODE_WRAP;
		ret = check_combination(o, wait, owner, method, type, key, code);
	}
	if (ret < 0)
		ret = check_values(o, method, key, type, wait, code, owner, tmo);
	if (ret < 0)
		ret = cli_take_device(&dev, &o->device, &o->device_arg);
	free(dev);
	free(method);
	free(key);
	free(type);
	free(wait);
	free(code);
	free(owner);
	free(tmo);
	poptFreeContext(ctx);
	return ret;
}

int
main(int argc, char **argv)
{
	struct opts o = { .timeout_s = DEV_DEFAULT_TIMEOUT };
	struct dev d = { 0 };
	char why[256];
	int ex;

	ex = parse_args(argc, (const char **)argv, &o);
	if (ex < 0 && (o.mode == MODE_WRAP || o.mode == MODE_ACQUIRE))
		job_catch_signals();	/* give back what is taken before ending */
	if (ex < 0) {
		d = (struct dev){ .name = o.device, .sysroot = cli_sysroot(),
				  .verbose = o.verbose > 1 ? o.verbose - 1 : 0,
				  .timeout_s = o.timeout_s };
		ex = dev_open(&d, true, why, sizeof(why));
		if (ex != TR_EXIT_OK)
			warnx("%s: %s", o.device, why);
		else
			ex = run(&d, &o);
	}
	dev_close(&d);
	free(o.device_arg);
	free(o.shell);
	free(o.lock_dir);
	return cli_finish(ex);
}
