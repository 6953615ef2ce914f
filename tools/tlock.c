/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tlock: hold a tape drive, changer or disk for a job: a host lock record plus a device reservation, released on every exit path. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <popt.h>

#include "allpaths.h"
#include "cli.h"
#include "iscsi_url.h"
#include "hold.h"
#include "hostlock.h"
#include "job.h"
#include "keys.h"
#include "lockrec.h"
#include "spc2.h"

enum mode { MODE_WRAP, MODE_ACQUIRE, MODE_RELEASE, MODE_STATUS, MODE_BREAK };

static const char *const mode_words[] = {
	[MODE_WRAP] = "",
	[MODE_ACQUIRE] = "acquire",
	[MODE_RELEASE] = "release",
	[MODE_STATUS] = "status",
	[MODE_BREAK] = "break",
	NULL,
};

struct opts {
	struct cli_common c;		/* -f, -t, -v (1: narrate; 2: CDBs too) */
	enum mode mode;
	char **command;			/* after "--" (wrap) */
	char *shell;			/* -c (wrap), owned */
	char *lock_dir;			/* owned; NULL: default */
	struct hostlock_take take;	/* hold, --force, -w, -E */
	pid_t owner;			/* acquire: the process that owns the lock */
	bool have_key;			/* take.hold.key is set (-k, or auto derived) */
	bool all_paths;			/* --all-paths, or a dm map taken */
	struct allpaths paths;		/* ... its paths, open */
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
	       "  -f, --device=DEVICE     SCSI device node or iscsi:// URL (default: $TAPE)\n"
	       "  -c, --command=CMD       run CMD with /bin/sh -c\n"
	       "  -m, --method=METHOD     pr, spc2 or auto (default: PR if the device has it)\n"
	       "  -k, --key=KEY           reservation key for pr (default auto)\n"
	       "  -T, --type=TYPE         persistent reservation type (default ex-ac)\n"
	       "  -L, --lock-dir=DIR      lock directory (default %s)\n"
	       "  -n, --no-wait           fail at once when the unit is held (default)\n"
	       "  -w, --wait=SECS         wait up to SECS seconds for the unit\n"
	       "  -E, --conflict-exit=N   exit status when the unit stays held (default 24)\n"
	       "  -p, --prevent-removal   PREVENT MEDIUM REMOVAL while held\n"
	       "  -o, --owner=PID         acquire: the owning process (default: tlock's parent)\n"
	       "      --force             break a live lock; preempt another host's PR\n"
	       "      --all-paths         register on every path to the unit, reserve through one\n"
	       "      --initiator-name=IQN  iSCSI initiator name (default: this host's)\n"
	       "      --keys=FILE         the key map naming keys (default /etc/tresv/keys)\n"
	       "  -t, --timeout=SECS      command timeout in seconds (default %d)\n"
	       "  -v, --verbose           say what happens; twice: CDBs on stderr\n"
	       "  -h, --help              show this help and exit\n"
	       "  -V, --version           show the version and exit\n"
	       "\n"
	       "See tlock(1).\n",
	       program_invocation_short_name, program_invocation_short_name,
	       program_invocation_short_name, LOCKREC_DEFAULT_DIR, DEV_DEFAULT_TIMEOUT);
}

/* Fill the record this process will write. */
static int
make_record(const struct opts *o, pid_t owner, const char *cmd, struct lockrec *r)
{
	if (lockrec_init(r, owner, &o->take.hold, o->c.device, cmd) != 0) {
		warnx("owner %ld: no such process", (long)owner);
		return TR_EXIT_SYNTAX;
	}
	if (o->all_paths)
		allpaths_nodes(&o->paths, r->paths, sizeof(r->paths));
	return TR_EXIT_OK;
}

static int
do_wrap(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	struct lockrec mine;
	char cmd[512];
	int rc, status;

	if (o->shell != NULL)
		snprintf(cmd, sizeof(cmd), "%s", o->shell);
	else
		lockrec_join(o->command, cmd, sizeof(cmd));
	if ((rc = make_record(o, getpid(), cmd, &mine)) != 0)
		return rc;
	if ((rc = hostlock_acquire(d, ld, &mine, &o->take)) != TR_EXIT_OK)
		return rc;
	if (o->c.verbose > 0)
		warnx("%s: held (%s); running: %s", d->name, hold_method_word(mine.method), cmd);
	/* the job may open the device itself (a tape node opens once) */
	dev_idle(d);
	allpaths_idle(&o->paths);
	/* a signal before the command started: do not start it */
	if (job_pending())
		status = 128 + job_pending();
	else if ((status = job_run(o->shell, o->command, hostlock_name_job,
				   &(struct hostlock_job){ ld, &mine })) < 0) {
		warnx("cannot run the command: %s", strerror(-status));
		status = TR_EXIT_OTHER;
	}
	rc = hostlock_give_back_record(d, &mine, NULL, "give-back", 0);
	if (rc != TR_EXIT_OK && status == 0)	/* success means all of it went well */
		status = rc;
	if (rc == TR_EXIT_OK)
		hostlock_drop(ld, mine.pid);
	else	/* stale when we end: the next tlock recovers it */
		warnx("%s: the lock record %s stays for the next tlock", d->name, ld->path);
	if (o->c.verbose > 0)
		warnx("%s: released; the command exited %d", d->name, status);
	return status;
}

static int
do_acquire(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	struct lockrec mine;
	char cmd[512];
	int rc;

	lockrec_cmdline(o->owner, cmd, sizeof(cmd));
	if ((rc = make_record(o, o->owner, cmd, &mine)) != 0)
		return rc;
	rc = hostlock_acquire(d, ld, &mine, &o->take);
	if (rc == TR_EXIT_OK && o->c.verbose > 0)
		warnx("%s: held (%s) for pid %ld", d->name, hold_method_word(mine.method),
		      (long)o->owner);
	return rc;
}

/* release and break: give back what the record says, remove it. */
static int
do_release(struct dev *d, const struct opts *o, struct lockdir *ld)
{
	bool none;
	int rc = hostlock_release(d, ld, o->mode == MODE_BREAK, o->take.force, &none);

	if (none)
		printf("%s: not locked\n", d->name);
	return rc;
}

static void
print_unit(struct dev *d)
{
	struct spc2_probe p;
	char what[256];

	spc2_probe(d, &p);
	printf("unit: %s\n", spc2_probe_str(&p, what, sizeof(what)));
}

static int
do_status(struct dev *d, struct lockdir *ld)
{
	struct lockrec r;
	int rc = lockrec_read(ld, &r);

	printf("lock: %s\n", ld->path);
	if (rc == 0)
		lockrec_print(stdout, &r, d->names);
	else
		printf("owner: none%s\n", rc == -EBADMSG ? " (garbage record)" :
		       rc == -ENOENT ? "" : " (unreadable)");
	print_unit(d);
	return TR_EXIT_OK;
}

/* What taking the unit needs before the lock: the method and the key. */
static int
prepare_take(struct dev *d, struct opts *o)
{
	int rc = hold_resolve(d, &o->take.hold);

	if (rc != TR_EXIT_OK) {
		warnx("%s: cannot tell whether it has persistent reservations (exit %d)",
		      d->name, rc);
		return rc;
	}
	if (o->take.hold.method == HOLD_PR && !o->have_key) {
		warnx("%s: has persistent reservations, and the auto key cannot be "
		      "derived: give -k KEY", d->name);
		return TR_EXIT_SYNTAX;
	}
	if (o->all_paths && o->take.hold.method != HOLD_PR) {
		warnx("%s: no persistent reservations: --all-paths needs them", d->name);
		return TR_EXIT_INVALID_OP;
	}
	if (o->mode == MODE_ACQUIRE && o->take.hold.method == HOLD_SPC2 &&
	    iscsi_url_is_url(d->name)) {	/* the session ends with tlock */
		warnx("%s: an SPC-2 reservation ends with its iSCSI session, so with "
		      "tlock: use -m pr, or tlock -- COMMAND", d->name);
		return TR_EXIT_FILE;
	}
	if (o->take.hold.type == 0)	/* no -T; registrants-only lets every path in */
		o->take.hold.type = o->all_paths ? PR_TYPE_EX_AC_RO : PR_TYPE_EX_AC;
	o->take.paths = o->all_paths ? &o->paths : NULL;
	return TR_EXIT_OK;
}

static int
run(struct dev *d, struct opts *o)
{
	const char *dir = o->lock_dir ? o->lock_dir : LOCKREC_DEFAULT_DIR;
	bool taking = o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE;
	struct lockdir ld;
	char why[512];
	int rc = hostlock_open(d, dir, taking, &ld, why, sizeof(why));

	if (rc == -ENOENT && !taking) {	/* tlock never ran here: nothing is locked */
		printf("%s: not locked (no lock directory %s)\n", d->name, dir);
		if (o->mode == MODE_STATUS)
			print_unit(d);
		return TR_EXIT_OK;
	}
	if (rc == -ENODATA || rc == -EBADMSG) {	/* no name, or a malformed page */
		warnx("%s: %s", d->name, why);
		return rc == -EBADMSG ? TR_EXIT_MALFORMED : TR_EXIT_FILE;
	}
	if (rc != 0) {
		warnx("lock directory: %s", why);
		return TR_EXIT_OTHER;
	}
	if (taking)
		rc = prepare_take(d, o);
	if (rc == TR_EXIT_OK)
		rc = o->mode == MODE_WRAP ? do_wrap(d, o, &ld) :
		     o->mode == MODE_ACQUIRE ? do_acquire(d, o, &ld) :
		     o->mode == MODE_STATUS ? do_status(d, &ld) : do_release(d, o, &ld);
	lockrec_close(&ld);
	return rc;
}

/* ---- options ------------------------------------------------------------ */

/* tlock's own options, as bits for the rules below. */
enum {
	O_WAIT = 1 << 0, O_NOWAIT = 1 << 1, O_METHOD = 1 << 2, O_KEY = 1 << 3,
	O_TYPE = 1 << 4, O_PREVENT = 1 << 5, O_CODE = 1 << 6, O_OWNER = 1 << 7,
	O_FORCE = 1 << 8, O_SPC2 = 1 << 9, O_SHELL = 1 << 10, O_COMMAND = 1 << 11,
	O_ALL_PATHS = 1 << 12,
};
#define TAKING (1u << MODE_WRAP | 1u << MODE_ACQUIRE)

static const struct cli_pair pairs[] = {
	{ O_SHELL, O_COMMAND, "-c and -- COMMAND contradict each other: choose one" },
	{ O_WAIT, O_NOWAIT, "--wait and --no-wait contradict each other: choose one" },
	{ O_SPC2, O_KEY | O_FORCE,
	  "--key and --force go with persistent reservations, not --method spc2" },
	{ O_SPC2, O_TYPE | O_ALL_PATHS,
	  "--type and --all-paths go with persistent reservations, not --method spc2" },
	{ 0, 0, NULL },
};

static const struct cli_only only[] = {
	{ O_SHELL | O_COMMAND, 1u << MODE_WRAP, "a command goes with no action: %s takes none" },
	{ O_WAIT | O_NOWAIT | O_METHOD | O_KEY | O_TYPE | O_PREVENT | O_CODE | O_ALL_PATHS,
	  TAKING, "--wait, --no-wait, --method, --key, --type, --prevent-removal, "
	  "--conflict-exit and --all-paths go with taking the unit, not with %s" },
	{ O_OWNER, 1u << MODE_ACQUIRE, "--owner goes with acquire only" },
	{ O_FORCE, TAKING | 1u << MODE_BREAK, "--force goes with break, acquire or a command" },
	{ 0, 0, NULL },
};

/* The key: -k, else (taking the unit by PR, or maybe) the auto key. */
static int
check_key(struct opts *o, const char *key)
{
	struct hold *h = &o->take.hold;
	int rc;

	if (key != NULL) {
		if ((rc = cli_parse_key("key", key, &o->c.names, &h->key)) >= 0)
			return rc;
		if (h->key == 0)
			return cli_usage_error("key 0 cannot be registered: give another -k");
		o->have_key = true;
	} else if ((o->mode == MODE_WRAP || o->mode == MODE_ACQUIRE) &&
		   h->method != HOLD_SPC2) {
		rc = keys_auto(&h->key);
		o->have_key = rc == 0;
		if (rc != 0 && h->method == HOLD_PR)
			return cli_usage_error("cannot derive the auto key (give -k KEY): %s",
					       keys_auto_strerror(rc));
	}
	return -1;
}

static int
check_values(struct opts *o, const char *method, const char *key, const char *type,
	     const char *wait, const char *code, const char *owner)
{
	unsigned long long start;
	unsigned v;
	int rc;

	if (method != NULL && hold_method_parse(method, &o->take.hold.method) != 0)
		return cli_usage_error("invalid method '%s': pr, spc2 or auto", method);
	if (type != NULL && (rc = cli_parse_type(type, &o->take.hold.type)) >= 0)
		return rc;
	if (wait != NULL && (rc = cli_parse_wait(wait, &o->take.wait_s)) >= 0)
		return rc;
	if (code != NULL && cli_parse_uint(code, 255, &v) != 0)
		return cli_usage_error("invalid conflict exit status '%s': 1 to 255", code);
	o->take.busy_code = code != NULL ? (int)v : TR_EXIT_CONFLICT;
	if (owner != NULL && cli_parse_uint(owner, LOCKREC_PID_MAX, &v) != 0)
		return cli_usage_error("invalid owner '%s': a process ID", owner);
	o->owner = owner != NULL ? (pid_t)v : getppid();
	if (o->mode == MODE_ACQUIRE && lockrec_proc_start(o->owner, &start) != 0)
		return cli_usage_error("owner %ld: no such process", (long)o->owner);
	if ((rc = cli_common_timeout(&o->c)) >= 0 || (rc = check_key(o, key)) >= 0)
		return rc;
	return cli_common_device(&o->c);
}

/* The words after the options: an action, or none (wrap mode). */
static int
check_words(poptContext ctx, struct opts *o, bool dashdash)
{
	const char *word = poptGetArg(ctx), *extra = word ? poptGetArg(ctx) : NULL;

	if (extra != NULL)
		return cli_usage_error("unexpected argument '%s'", extra);
	if (dashdash && o->command == NULL)
		return cli_usage_error("no command after --");
	if (word != NULL && cli_word(word, mode_words) <= 0)
		return cli_usage_error("unknown action '%s' (acquire, release, status, "
				       "break; or -- COMMAND)", word);
	o->mode = word != NULL ? (enum mode)cli_word(word, mode_words) : MODE_WRAP;
	if (o->mode == MODE_WRAP && o->shell == NULL && o->command == NULL)
		return cli_usage_error("no command: give -- COMMAND [ARGS], -c "
				       "SHELL-COMMAND, or an action");
	return -1;
}

static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *method = NULL, *key = NULL, *type = NULL, *wait = NULL, *code = NULL,
	     *owner = NULL;
	int nowait = 0, prevent = 0, force = 0, all = 0, ret, i, dd = argc;
	struct poptOption common[CLI_COMMON_NOPTS], table[] = {
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
		{ "all-paths", '\0', POPT_ARG_NONE, &all, 0, NULL, NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, common, 0, NULL, NULL },
		POPT_TABLEEND
	};
	const struct cli_slot slots[] = {
		{ 'c', &o->shell }, { 'm', &method }, { 'k', &key }, { 'T', &type },
		{ 'L', &o->lock_dir }, { 'w', &wait }, { 'E', &code }, { 'o', &owner },
		{ 0, NULL },
	};
	poptContext ctx;
	unsigned given;

	/* "--" ends tlock's options; what follows is the command, untouched */
	for (i = 1; i < argc && dd == argc; i++)
		if (strcmp(argv[i], "--") == 0)
			dd = i;
	if (dd + 1 < argc)
		o->command = (char **)(uintptr_t)(argv + dd + 1);
	cli_common_table(&o->c, common);
	ctx = poptGetContext(NULL, dd, argv, table, 0);
	ret = cli_parse(ctx, &o->c, slots, usage);
	o->take.hold = (struct hold){ .method = HOLD_AUTO, .prevent = prevent };
	o->take.force = force;
	o->all_paths = all;
	given = (wait ? O_WAIT : 0) | (nowait ? O_NOWAIT : 0) | (method ? O_METHOD : 0) |
		(key ? O_KEY : 0) | (type ? O_TYPE : 0) | (prevent ? O_PREVENT : 0) |
		(code ? O_CODE : 0) | (owner ? O_OWNER : 0) | (force ? O_FORCE : 0) |
		(method && strcmp(method, "spc2") == 0 ? O_SPC2 : 0) |
		(o->shell ? O_SHELL : 0) | (o->command ? O_COMMAND : 0) |
		(all ? O_ALL_PATHS : 0);
	if (ret < 0)
		ret = check_words(ctx, o, dd < argc);
	if (ret < 0)
		ret = cli_check_rules(given, o->mode, mode_words, pairs, only);
	if (ret < 0)
		ret = check_values(o, method, key, type, wait, code, owner);
	free(method);
	free(key);
	free(type);
	free(wait);
	free(code);
	free(owner);
	poptFreeContext(ctx);
	return ret;
}

int
main(int argc, char **argv)
{
	struct opts o = { .mode = MODE_STATUS };
	struct dev d = { 0 };
	struct paths_lu lu = { 0 };
	int ex = parse_args(argc, (const char **)argv, &o);
	bool taking = o.mode == MODE_WRAP || o.mode == MODE_ACQUIRE;

	if (ex < 0 && taking)
		job_catch_signals();	/* give back what is taken before ending */
	if (ex < 0) {	/* -v narrates; -vv shows CDBs too */
		cli_prepare_dev(&o.c, &d, o.c.verbose > 1 ? o.c.verbose - 1 : 0, true);
		if ((ex = allpaths_open(&d, true, taking, &o.all_paths, &o.paths, &lu)) == TR_EXIT_OK)
			ex = run(&d, &o);
	}
	dev_close(&d);
	allpaths_close(&o.paths);
	paths_free(&lu);
	cli_common_free(&o.c);
	free(o.shell);
	free(o.lock_dir);
	return cli_finish(ex);
}
