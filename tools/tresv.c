/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tresv: SPC-2 RESERVE and RELEASE of a SCSI logical unit, probing who holds it, and breaking a stale reservation. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <popt.h>

#include "cli.h"
#include "cmd.h"
#include "iscsi_url.h"
#include "spc2.h"

enum action { ACT_RESERVE, ACT_RELEASE, ACT_PROBE, ACT_BREAK };

static const char *const action_words[] = {
	[ACT_RESERVE] = "reserve",
	[ACT_RELEASE] = "release",
	[ACT_PROBE] = "probe",
	[ACT_BREAK] = "break",
	NULL,
};

struct opts {
	struct cli_common c;	/* -f, -t, -v */
	enum action action;
	bool ten;		/* --10: RESERVE(10)/RELEASE(10) */
	unsigned wait_s;	/* -w: retry a conflicting reserve this long */
	bool force;
	bool strict;		/* a GOOD that changed nothing exits 36 */
	enum xport_reset reset;	/* break: --target / --bus */
};

static void
usage(void)
{
	printf("Usage: %s [-v] [-t SECS] [--10] [-w SECS | -n] [--strict] -f DEVICE reserve|release|probe\n"
	       "       %s [-v] [-t SECS] [--target | --bus] --force -f DEVICE break\n"
	       "\n"
	       "SPC-2 reservations of a SCSI logical unit: tape drive, changer or disk.\n"
	       "\n"
	       "Actions:\n"
	       "  reserve   RESERVE(6) the whole unit for this initiator\n"
	       "  release   RELEASE(6) it (from a non-holder: GOOD and nothing happens: said)\n"
	       "  probe     is it held by another initiator, and how? exit 0 no, 24 yes\n"
	       "  break     clear another initiator's stale SPC-2 reservation with a\n"
	       "            logical unit reset (aborts every initiator's commands)\n"
	       "\n"
	       "Options:\n"
	       "  -f, --device=DEVICE  SCSI device node or iscsi:// URL (default: $TAPE)\n"
	       "      --10             RESERVE(10)/RELEASE(10) instead of the 6-byte commands\n"
	       "  -w, --wait=SECS      retry a conflicting reserve for up to SECS seconds\n"
	       "  -n, --no-wait        fail at once when another initiator holds it (default)\n"
	       "      --strict         exit 36 when the device answers GOOD and changes nothing\n"
	       "      --force          break: really reset\n"
	       "      --target         break: reset the whole target, not just the unit\n"
	       "      --bus            break: reset the bus\n"
	       "      --initiator-name=IQN  iSCSI initiator name (default: this host's)\n"
	       "  -t, --timeout=SECS   command timeout in seconds (default %d)\n"
	       "  -v, --verbose        CDBs on stderr; twice: status, sense, responses\n"
	       "  -h, --help           show this help and exit\n"
	       "  -V, --version        show the version and exit\n"
	       "\n"
	       "See tresv(1).\n",
	       program_invocation_short_name, program_invocation_short_name,
	       DEV_DEFAULT_TIMEOUT);
}

/* RESERVE or RELEASE, 6 or 10 bytes; a failure other than a conflict
 * is said here, with its reason. */
static enum tr_exit
send6or10(struct dev *d, const struct opts *o, bool reserve)
{
	struct scsi_result res;
	char why[256];
	enum tr_exit ex = reserve ? cmd_reserve(d, o->ten, &res) :
		cmd_release(d, o->ten, &res);

	if (ex != TR_EXIT_OK && ex != TR_EXIT_CONFLICT)
		warnx("%s: %s(%d): %s", d->name, reserve ? "RESERVE" : "RELEASE",
		      o->ten ? 10 : 6, sense_result_str(&res, why, sizeof(why)));
	return ex;
}

/* A RESERVE conflicted: say why, from a probe (SPC-5 5.14.3: with
 * registrations, RESERVE conflicts unless CRH=1 and we hold the PR). */
static void
explain_reserve_conflict(struct dev *d)
{
	struct spc2_probe p;
	char what[256];

	spc2_probe(d, &p);
	if (p.holder == HOLDER_OTHER_SPC2 || p.holder == HOLDER_OTHER ||
	    p.holder == HOLDER_UNKNOWN)
		warnx("%s: reservation conflict: %s", d->name,
		      spc2_probe_str(&p, what, sizeof(what)));
	else if (p.nkeys > 0)
		warnx("%s: reservation conflict: %zu persistent reservation "
		      "registration(s) exist on this unit, and RESERVE conflicts with "
		      "them%s (see tpr-in status)", d->name, p.nkeys,
		      p.crh ? " unless this initiator holds the persistent reservation "
		      "(CRH=1)" : "");
	else
		warnx("%s: reservation conflict: %s", d->name,
		      spc2_probe_str(&p, what, sizeof(what)));
}

/* After RESERVE answered GOOD: say so when no SPC-2 reservation was made
 * (CRH=1 and this I_T nexus holds the persistent reservation). */
static enum tr_exit
check_reserve(struct dev *d, const struct opts *o)
{
	char why[384];

	if (spc2_after_reserve(d, why, sizeof(why)) == SPC2_AS_ASKED)
		return TR_EXIT_OK;
	warnx("%s: RESERVE(%d): no SPC-2 reservation was made: %s", d->name,
	      o->ten ? 10 : 6, why);
	return o->strict ? TR_EXIT_NOOP : TR_EXIT_OK;
}

/* After RELEASE answered GOOD: say so when another initiator still holds
 * the unit (a non-holder's RELEASE is GOOD and does nothing). */
static enum tr_exit
check_release(struct dev *d, const struct opts *o)
{
	char why[256];

	if (spc2_after_release(d, why, sizeof(why)) == SPC2_AS_ASKED)
		return TR_EXIT_OK;
	warnx("%s: RELEASE(%d): nothing released: this initiator does not hold the "
	      "unit; %s: only its holder releases it (or tresv break --force)", d->name,
	      o->ten ? 10 : 6, why);
	return o->strict ? TR_EXIT_NOOP : TR_EXIT_OK;
}

/* reserve, retrying a conflict for -w seconds with backoff (0.25 s doubling
 * to 5 s), a progress line on a terminal. */
static enum tr_exit
do_reserve(struct dev *d, const struct opts *o)
{
	struct cli_wait w;
	enum tr_exit ex;

	if (iscsi_url_is_url(d->name))	/* SAM-6: I_T nexus loss releases it */
		warnx("%s: an SPC-2 reservation ends with its I_T nexus, and this "
		      "iSCSI session ends with tresv: to hold the unit for a job, "
		      "use tlock -- COMMAND", d->name);

	cli_wait_start(&w, o->wait_s);
	while ((ex = send6or10(d, o, true)) == TR_EXIT_CONFLICT &&
	       cli_wait_more(&w, d->name, "held by another initiator"))
		;
	cli_wait_end(&w);
	if (ex == TR_EXIT_CONFLICT) {
		if (o->wait_s > 0)
			warnx("%s: still held by another initiator after %u s",
			      d->name, o->wait_s);
		explain_reserve_conflict(d);
	}
	return ex == TR_EXIT_OK ? check_reserve(d, o) : ex;
}

static enum tr_exit
do_probe(struct dev *d)
{
	struct spc2_probe p;
	char what[256];
	enum tr_exit ex = spc2_probe(d, &p);

	printf("%s: %s\n", d->name, spc2_probe_str(&p, what, sizeof(what)));
	if (ex != TR_EXIT_OK)
		return ex;
	return holder_is_other(p.holder) ? TR_EXIT_CONFLICT : TR_EXIT_OK;
}

/* break: reset only when another initiator's SPC-2 reservation is there,
 * never for a persistent one (a reset leaves it in place anyway). */
static enum tr_exit
do_break(struct dev *d, const struct opts *o)
{
	static const char *const level[] = { "logical unit", "target", "bus" };
	struct spc2_probe p;
	char what[256];
	enum tr_exit ex;
	int rc;

	if ((ex = spc2_probe(d, &p)) != TR_EXIT_OK) {
		warnx("%s: %s", d->name, spc2_probe_str(&p, what, sizeof(what)));
		return ex;
	}
	if (p.holder == HOLDER_OTHER_PR || p.holder == HOLDER_US_PR) {
		warnx("%s: %s; a reset does not clear a persistent reservation: use "
		      "tpr-out %s", d->name, spc2_probe_str(&p, what, sizeof(what)),
		      p.holder == HOLDER_US_PR ? "release" : "preempt");
		return TR_EXIT_CONFLICT;
	}
	if (p.holder == HOLDER_OTHER) {
		/* on some devices TUR conflicts under a persistent reservation
		 * too (reference 004): do not reset for what a reset cannot clear */
		warnx("%s: %s; not resetting for a reservation that may be "
		      "persistent (see tpr-in status)", d->name,
		      spc2_probe_str(&p, what, sizeof(what)));
		return TR_EXIT_CONFLICT;
	}
	if (!holder_is_other(p.holder)) {
		printf("%s: nothing to break: %s\n", d->name,
		       spc2_probe_str(&p, what, sizeof(what)));
		return TR_EXIT_OK;
	}
	warnx("%s: %s reset: every initiator's commands on it are aborted",
	      d->name, level[o->reset]);
	if ((rc = cmd_reset(d, o->reset)) != 0) {
		warnx("%s: %s reset failed: %s", d->name, level[o->reset],
		      strerror(-rc));
		return rc == -ENOTTY || rc == -EINVAL || rc == -EPERM || rc == -EACCES ?
			TR_EXIT_FILE : TR_EXIT_OTHER;
	}
	ex = spc2_probe(d, &p);
	printf("%s: after the %s reset: %s\n", d->name, level[o->reset],
	       spc2_probe_str(&p, what, sizeof(what)));
	if (ex != TR_EXIT_OK)
		return ex;
	return holder_is_other(p.holder) ? TR_EXIT_CONFLICT : TR_EXIT_OK;
}

static enum tr_exit
run(struct dev *d, const struct opts *o)
{
	enum tr_exit ex;

	switch (o->action) {
	case ACT_RESERVE:
		return do_reserve(d, o);
	case ACT_RELEASE:
		ex = send6or10(d, o, false);
		if (ex == TR_EXIT_CONFLICT)
			warnx("%s: RELEASE: reservation conflict", d->name);
		return ex == TR_EXIT_OK ? check_release(d, o) : ex;
	case ACT_PROBE:
		return do_probe(d);
	case ACT_BREAK:
		return do_break(d, o);
	}
	return TR_EXIT_OTHER;
}

/* The options of tresv's own, as bits for the rules below. */
enum { O_WAIT = 1 << 0, O_NOWAIT = 1 << 1, O_FORCE = 1 << 2, O_TARGET = 1 << 3,
       O_BUS = 1 << 4, O_TEN = 1 << 5, O_STRICT = 1 << 6 };

static const struct cli_pair pairs[] = {
	{ O_TARGET, O_BUS, "--target and --bus contradict each other: choose one" },
	{ O_WAIT, O_NOWAIT, "--wait and --no-wait contradict each other: choose one" },
	{ 0, 0, NULL },
};

static const struct cli_only only[] = {
	{ O_WAIT | O_NOWAIT, 1u << ACT_RESERVE, "--wait and --no-wait go with reserve only" },
	{ O_FORCE | O_TARGET | O_BUS, 1u << ACT_BREAK,
	  "--force, --target and --bus go with break only" },
	{ O_TEN, 1u << ACT_RESERVE | 1u << ACT_RELEASE,
	  "--10 goes with reserve and release only" },
	{ O_STRICT, 1u << ACT_RESERVE | 1u << ACT_RELEASE,
	  "--strict goes with reserve and release only" },
	{ 0, 0, NULL },
};

/* Which options go with which action. Returns -1 or an exit status. */
static int
check_args(struct opts *o, const char *word, const char *wait, unsigned given)
{
	int a = cli_word(word, action_words), rc;

	if (a < 0)
		return cli_usage_error("unknown action '%s' (reserve, release, probe "
				       "or break)", word);
	o->action = (enum action)a;
	if ((rc = cli_common_timeout(&o->c)) >= 0)
		return rc;
	if (wait != NULL && (rc = cli_parse_wait(wait, &o->wait_s)) >= 0)
		return rc;
	if ((rc = cli_check_rules(given, a, action_words, pairs, only)) >= 0)
		return rc;
	if (o->action == ACT_BREAK && !o->force)
		return cli_usage_error("break resets the %s, aborting every initiator's "
				       "commands on it: add --force to do it",
				       given & O_TARGET ? "target" : given & O_BUS ? "bus" :
				       "logical unit");
	o->reset = given & O_TARGET ? XPORT_RESET_TARGET :
		given & O_BUS ? XPORT_RESET_BUS : XPORT_RESET_LU;
	return cli_common_device(&o->c);
}

static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *wait = NULL;
	int ten = 0, nowait = 0, force = 0, target = 0, bus = 0, strict = 0;
	struct poptOption common[CLI_COMMON_NOPTS], table[] = {
		{ "10", '\0', POPT_ARG_NONE, &ten, 0, NULL, NULL },
		{ "wait", 'w', POPT_ARG_STRING, NULL, 'w', NULL, NULL },
		{ "no-wait", 'n', POPT_ARG_NONE, &nowait, 0, NULL, NULL },
		{ "force", '\0', POPT_ARG_NONE, &force, 0, NULL, NULL },
		{ "target", '\0', POPT_ARG_NONE, &target, 0, NULL, NULL },
		{ "bus", '\0', POPT_ARG_NONE, &bus, 0, NULL, NULL },
		{ "strict", '\0', POPT_ARG_NONE, &strict, 0, NULL, NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, common, 0, NULL, NULL },
		POPT_TABLEEND
	};
	const struct cli_slot slots[] = { { 'w', &wait }, { 0, NULL } };
	poptContext ctx;
	const char *word, *extra;
	int ret;

	cli_common_table(&o->c, common);
	ctx = poptGetContext(NULL, argc, argv, table, 0);
	ret = cli_parse(ctx, &o->c, slots, usage);
	o->ten = ten;
	o->force = force;
	o->strict = strict;
	if (ret < 0 && (word = poptGetArg(ctx)) == NULL)
		ret = cli_usage_error("no action given (reserve, release, probe or break)");
	else if (ret < 0 && (extra = poptGetArg(ctx)) != NULL)
		ret = cli_usage_error("unexpected argument '%s'", extra);
	else if (ret < 0)
		ret = check_args(o, word, wait, (wait ? O_WAIT : 0) | (nowait ? O_NOWAIT : 0) |
				 (force ? O_FORCE : 0) | (target ? O_TARGET : 0) |
				 (bus ? O_BUS : 0) | (ten ? O_TEN : 0) |
				 (strict ? O_STRICT : 0));
	free(wait);
	poptFreeContext(ctx);
	return ret;
}

int
main(int argc, char **argv)
{
	struct opts o = { .action = ACT_PROBE };
	struct dev d = { 0 };
	char why[256];
	int ex;

	ex = parse_args(argc, (const char **)argv, &o);
	if (ex < 0) {
		d = cli_dev(&o.c, o.c.device);
		ex = dev_open(&d, o.action != ACT_PROBE, why, sizeof(why));
		if (ex != TR_EXIT_OK)
			warnx("%s: %s", o.c.device, why);
		else
			ex = run(&d, &o);
	}
	dev_close(&d);
	cli_common_free(&o.c);
	return cli_finish(ex);
}
