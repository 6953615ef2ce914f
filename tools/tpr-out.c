/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-out: change persistent reservations of a SCSI logical unit (PERSISTENT RESERVE OUT). */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <popt.h>

#include "audit.h"
#include "cli.h"
#include "cmd.h"
#include "conflict.h"
#include "allpaths.h"
#include "hold.h"
#include "keys.h"
#include "lu.h"
#include "noop.h"
#include "paths.h"
#include "prout.h"
#include "prstate.h"
#include "spc2.h"

/* Which options were given, and which an action takes or needs. */
enum {
	O_KEY = 1 << 0,		/* -k */
	O_SA_KEY = 1 << 1,	/* -s KEY */
	O_HOLDER = 1 << 2,	/* -s holder */
	O_TYPE = 1 << 3,	/* -T */
	O_APTPL = 1 << 4,
	O_ALL_TG_PT = 1 << 5,
	O_TID = 1 << 6,		/* --transport-id */
	O_UNREG = 1 << 7,
	O_REL_PORT = 1 << 8,
	O_REGISTER = 1 << 9,	/* --register */
	O_FORCE = 1 << 10,
	O_STRICT = 1 << 11,
	O_ALL_PATHS = 1 << 12,	/* --all-paths */
};

static const char *const opt_names[] = {
	"--key", "--sa-key", "--sa-key holder", "--type", "--aptpl",
	"--all-tg-pt", "--transport-id", "--unreg", "--rel-tgt-port",
	"--register", "--force", "--strict", "--all-paths",
};

/*
 * The actions, with the fields SPC-5 table 237 ("PERSISTENT RESERVE OUT
 * service actions and valid parameters") lets each carry.  key_default:
 * what -k means when absent (auto, or 0 for an unregistered I_T nexus).
 */
static const struct action {
	const char *word;
	enum prout_sa sa;
	unsigned takes;		/* options that make sense */
	unsigned needs;		/* options that must be given */
	bool key_auto;		/* RESERVATION KEY defaults to auto (else 0) */
	bool needs_force;	/* removes other hosts' work */
} actions[] = {
	{ "register", PROUT_REGISTER, O_KEY | O_SA_KEY | O_APTPL | O_ALL_TG_PT | O_TID |
	  O_ALL_PATHS, O_SA_KEY, false, false },
	{ "register-ignore", PROUT_REGISTER_AND_IGNORE, O_SA_KEY | O_APTPL | O_ALL_TG_PT |
	  O_ALL_PATHS, O_SA_KEY, false, false },
	/* the register without -s: SERVICE ACTION RESERVATION KEY 0 */
	{ "unregister", PROUT_REGISTER, O_KEY | O_ALL_PATHS, 0, true, false },
	{ "reserve", PROUT_RESERVE, O_KEY | O_TYPE | O_REGISTER, O_TYPE, true, false },
	{ "release", PROUT_RELEASE, O_KEY | O_TYPE | O_STRICT, O_TYPE, true, false },
	{ "clear", PROUT_CLEAR, O_KEY | O_REGISTER | O_FORCE, 0, true, true },
	{ "preempt", PROUT_PREEMPT, O_KEY | O_SA_KEY | O_HOLDER | O_TYPE | O_REGISTER,
	  O_SA_KEY | O_TYPE, true, false },
	{ "preempt-abort", PROUT_PREEMPT_AND_ABORT, O_KEY | O_SA_KEY | O_HOLDER | O_TYPE |
	  O_REGISTER | O_FORCE, O_SA_KEY | O_TYPE, true, true },
	/* its TYPE field is ignored (SPC-5 table 237): -T is taken, not needed */
	{ "register-move", PROUT_REGISTER_AND_MOVE, O_KEY | O_SA_KEY | O_TYPE | O_APTPL |
	  O_TID | O_UNREG | O_REL_PORT, O_SA_KEY | O_TID | O_REL_PORT, true, false },
	/* SPC-5: RESERVATION KEY 0, the new key in SERVICE ACTION RESERVATION KEY */
	{ "replace-lost", PROUT_REPLACE_LOST, O_KEY | O_SA_KEY | O_TYPE | O_APTPL,
	  O_SA_KEY | O_TYPE, false, false },
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

struct opts {
	struct cli_common c;		/* -f, -t, -v */
	const struct action *act;
	unsigned given;			/* O_* */
	uint8_t type;
	struct prout_params p;		/* p.tids points at tids */
	uint8_t tids[PROUT_MAX_TIDS];
	unsigned ntids;
	bool dry_run;
	bool have_device;		/* a device was named (-f, TAPE) */
};

static void
usage(void)
{
	printf("Usage: %s [-v] [-t SECS] [-k KEY] [-s KEY|holder] [-T TYPE] [OPTIONS] -f DEVICE ACTION\n"
	       "\n"
	       "Change the persistent reservations of a SCSI logical unit.\n"
	       "\n"
	       "Actions:\n"
	       "  register         register -s KEY (from -k KEY to change a key)\n"
	       "  register-ignore  register -s KEY whatever this I_T nexus had\n"
	       "  unregister       remove this I_T nexus's registration (-k)\n"
	       "  reserve          reserve with -k KEY, type -T\n"
	       "  release          release the reservation of type -T held by -k KEY\n"
	       "  clear            remove every registration and the reservation (--force)\n"
	       "  preempt          remove the registrations of -s KEY and take its reservation\n"
	       "  preempt-abort    preempt, and abort the preempted I_T nexuses' commands (--force)\n"
	       "  register-move    register -s KEY for --transport-id and move the reservation\n"
	       "  replace-lost     replace a lost reservation: register -s KEY, reserve -T\n"
	       "\n"
	       "Options:\n"
	       "  -f, --device=DEVICE       SCSI device node or iscsi:// URL (default: $TAPE)\n"
	       "  -k, --key=KEY             RESERVATION KEY: this I_T nexus's key (default auto;\n"
	       "                            0 for register)\n"
	       "  -s, --sa-key=KEY|holder   SERVICE ACTION RESERVATION KEY: the new key, or the key\n"
	       "                            to preempt; holder: the current holder's\n"
	       "  -T, --type=TYPE           wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar, or 1 3 5 6 7 8\n"
	       "  -A, --all-tg-pt           register through all target ports (ALL_TG_PT)\n"
	       "  -P, --aptpl               persist through power loss (APTPL)\n"
	       "  -I, --transport-id=TID    an initiator port: sas,0x.., fc,0x.., iqn..[,i,0x..], ...;\n"
	       "                            repeatable (register: SPEC_I_PT; register-move: one)\n"
	       "  -U, --unreg               register-move: unregister this I_T nexus (UNREG)\n"
	       "  -R, --rel-tgt-port=N      register-move: relative target port for the destination\n"
	       "  -r, --register            register -k KEY first (REGISTER AND IGNORE EXISTING KEY)\n"
	       "      --force               allow clear and preempt-abort\n"
	       "  -n, --dry-run             print the CDB and parameter list, send nothing;\n"
	       "                            with a device, read its state and say the effect\n"
	       "      --strict              release: exit 36 when nothing was released\n"
	       "      --all-paths           register, register-ignore, unregister: on every\n"
	       "                            path of this host to the unit (implied for a dm map)\n"
	       "      --initiator-name=IQN  iSCSI initiator name (default: this host's)\n"
	       "      --keys=FILE           the key map: names for keys (default /etc/tresv/keys)\n"
	       "  -t, --timeout=SECS        command timeout in seconds (default %d)\n"
	       "  -v, --verbose             CDBs on stderr and the new PR generation; twice: more\n"
	       "  -h, --help                show this help and exit\n"
	       "  -V, --version             show the version and exit\n"
	       "\n"
	       "See tpr-out(1).\n",
	       program_invocation_short_name, DEV_DEFAULT_TIMEOUT);
}

/* ---- the command ------------------------------------------------------ */

static void
hex_lines(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	printf("%s:", label);
	for (i = 0; i < n; i++)
		printf("%s%02x", (i > 0 && i % 16 == 0) ? "\n   " : " ", p[i]);
	putchar('\n');
}

/* --dry-run: what would be sent, in hex and decoded. */
static void
print_dry_run(const struct opts *o, const uint8_t *cdb, const uint8_t *list,
	      size_t len)
{
	const char *title = keys_type_title(o->type);
	char key[KEYNAMES_STR_MAX];
	unsigned i;

	printf("command: PERSISTENT RESERVE OUT, %s (%02xh)\n", cmd_prout_name(o->act->sa),
	       o->act->sa);
	hex_lines("cdb", cdb, CDB10_LEN);
	printf("scope: LU (0)\n");
	if (o->given & O_TYPE)
		printf("type: %s (%s, %u)\n", title, keys_type_abbrev(o->type), o->type);
	printf("parameter list length: %zu\n", len);
	hex_lines("parameter list", list, len);
	printf("reservation key: %s\n", keynames_str(&o->c.names, o->p.key, key, sizeof(key)));
	if (o->given & O_HOLDER)
		printf("service action reservation key: holder (read with READ FULL "
		       "STATUS when run)\n");
	else
		printf("service action reservation key: %s\n",
		       keynames_str(&o->c.names, o->p.sa_key, key, sizeof(key)));
	printf("spec_i_pt: %d\nall_tg_pt: %d\naptpl: %d\n", o->p.spec_i_pt,
	       o->p.all_tg_pt, o->p.aptpl);
	if (o->act->sa == PROUT_REGISTER_AND_MOVE)
		printf("unreg: %d\nrelative target port: %u\n", o->p.unreg,
		       o->p.rel_tgt_port);
	for (i = 0; i < o->ntids; i++) {
		struct tid t;
		char text[TID_FORMAT_MAX];
		size_t used, off = 0, k;

		for (k = 0; k <= i; k++) {
			tid_decode(o->tids + off, o->p.tids_len - off, &t, &used);
			off += used;
		}
		tid_format(&t, text, sizeof(text));
		printf("transport id: %s\n", text);
	}
	if (o->given & O_REGISTER)
		printf("first: REGISTER AND IGNORE EXISTING KEY with service action "
		       "reservation key %s\n", keynames_str(&o->c.names, o->p.key, key,
							   sizeof(key)));
	if (o->given & O_ALL_PATHS)
		printf("paths: every path of this host to the unit, each its own I_T nexus\n");
	if (o->act->needs_force && !(o->given & O_FORCE))
		printf("note: without --force a real run refuses and lists what it "
		       "would remove\n");
}

/* After a PR OUT whose outcome is unknown (a timeout): what the unit
 * shows now, for this I_T nexus with key, in one line on stderr. */
static void
say_state_after(struct dev *d, uint64_t key)
{
	struct pr_state st;
	struct hold_mine m;
	char why[320], resv[96] = "no reservation";

	if (hold_read(d, key, &st, &m, why, sizeof(why)) != TR_EXIT_OK) {
		warnx("%s: and the unit's state cannot be read now: %s", d->name, why);
		prs_free(&st);
		return;
	}
	if (st.resv.held)
		snprintf(resv, sizeof(resv), "the reservation (%s) is held by key 0x%"
			 PRIx64, keys_type_abbrev(st.resv.type) ?
			 keys_type_abbrev(st.resv.type) : "?", st.resv.key);
	if (m.by_nexus && m.registered)
		warnx("%s: the unit now shows this I_T nexus registered with key 0x%" PRIx64
		      "%s; %s", d->name, m.key, m.holder ? ", a holder" : "", resv);
	else if (m.by_nexus)
		warnx("%s: the unit now shows this I_T nexus not registered; %s", d->name,
		      resv);
	else
		warnx("%s: the unit now shows %zu registration(s), %zu with key 0x%" PRIx64
		      "; %s", d->name, m.nkeys, m.nours, key, resv);
	prs_free(&st);
}

/* Send one PR OUT; a conflict is explained from the state read after it,
 * and so is a command whose outcome is unknown. */
static enum tr_exit
send_prout(struct dev *d, enum prout_sa sa, const struct prout_params *p,
	   uint8_t type)
{
	struct scsi_result res;
	struct conflict c;
	char why[384], cause[384], err[320];
	enum tr_exit ex = cmd_prout(d, sa, type, p, &res);

	if (cmd_outcome_unknown(ex, &res)) {
		warnx("%s: %s: %s: whether the unit carried it out is not known", d->name,
		      cmd_prout_name(sa), sense_result_str(&res, why, sizeof(why)));
		say_state_after(d, (sa == PROUT_REGISTER || sa == PROUT_REGISTER_AND_IGNORE) &&
				p->sa_key != 0 ? p->sa_key : p->key);
	} else if (ex == TR_EXIT_CONFLICT) {
		c = conflict_diagnose(d, sa, p->key, type, err, sizeof(err));
		conflict_str(&c, d->names, why, sizeof(why));
		warnx("%s: %s: reservation conflict: %s%s%s", d->name, cmd_prout_name(sa),
		      why, err[0] ? ": " : "", err);
	} else if (ex != TR_EXIT_OK) {
		sense_result_str(&res, why, sizeof(why));
		/* Some devices answer a missing registration otherwise (LIO: NOT
		 * READY, LU communication failure, to RESERVE): look. */
		c.cause = CONFLICT_STATE_UNREAD;
		if (sa != PROUT_REGISTER && sa != PROUT_REGISTER_AND_IGNORE &&
		    ex != TR_EXIT_INVALID_OP)
			c = conflict_diagnose(d, sa, p->key, type, err, sizeof(err));
		if (conflict_found(&c))
			warnx("%s: %s: %s; likely cause: %s", d->name, cmd_prout_name(sa),
			      why, conflict_str(&c, d->names, cause, sizeof(cause)));
		else
			warnx("%s: %s: %s", d->name, cmd_prout_name(sa), why);
	}
	return ex;
}

/* clear and preempt-abort without --force: say what they would remove. */
static enum tr_exit
refuse_without_force(struct dev *d, const struct opts *o)
{
	struct pr_state st;
	char err[320], keys[512] = "", key[KEYNAMES_STR_MAX];
	size_t i, off = 0;
	enum tr_exit ex;

	ex = prs_collect(d, PRS_KEYS | PRS_RESV, false, &st, err, sizeof(err));
	if (ex != TR_EXIT_OK) {
		warnx("%s: %s", d->name, err);
		prs_free(&st);
		return ex;
	}
	for (i = 0; i < st.nkeys && off + sizeof(key) + 2 < sizeof(keys); i++)
		off += (size_t)snprintf(keys + off, sizeof(keys) - off, "%s%s", i ? ", " : "",
					keynames_str(d->names, st.keys[i], key, sizeof(key)));
	if (o->act->sa == PROUT_CLEAR)
		warnx("%s: clear would remove %zu registration(s) (%s)%s, other hosts' "
		      "included; add --force to do it", d->name, st.nkeys,
		      st.nkeys ? keys : "none",
		      st.resv.held ? " and the reservation" : "");
	else
		warnx("%s: preempt-abort would remove the registrations of key %s and "
		      "abort every command of those I_T nexuses on this unit; add "
		      "--force to do it", d->name,
		      keynames_str(d->names, o->p.sa_key, key, sizeof(key)));
	prs_free(&st);
	return TR_EXIT_SYNTAX;
}

/* --sa-key holder: the key of the current reservation, from the state. */
static enum tr_exit
resolve_holder(struct dev *d, struct opts *o, const struct pr_state *st)
{
	char key[KEYNAMES_STR_MAX];

	if (!st->resv.held) {
		warnx("%s: --sa-key holder: no persistent reservation is held; "
		      "nothing to preempt (use reserve)", d->name);
		return TR_EXIT_OTHER;
	}
	o->p.sa_key = st->resv.key;
	if (o->c.verbose > 0)
		warnx("%s: holder key %s%s", d->name,
		      keynames_str(d->names, o->p.sa_key, key, sizeof(key)),
		      keys_type_all_registrants(st->resv.type) ? " (all registrants: "
		      "preempting 0 removes every other registration)" : "");
	return TR_EXIT_OK;
}

static void
report_generation(struct dev *d)
{
	struct pr_state st;
	char err[320];

	if (prs_collect(d, PRS_KEYS, false, &st, err, sizeof(err)) == TR_EXIT_OK)
		warnx("%s: PR generation now 0x%" PRIx32 " (%zu registered keys)",
		      d->name, st.prgeneration, st.nkeys);
	prs_free(&st);
}

/* After RELEASE answered GOOD: one READ FULL STATUS says whether another
 * I_T nexus still holds the reservation (a non-holder's RELEASE is GOOD and
 * does nothing, SPC-5 5.14.11.2). */
static enum tr_exit
check_release(struct dev *d, const struct opts *o)
{
	struct pr_state st;
	struct noop n = { .what = NOOP_NONE };
	char why[320];

	if (prs_collect(d, PRS_FULL, false, &st, why, sizeof(why)) == TR_EXIT_OK)
		n = noop_after_release(&st, lu_mark_nexus(d, &st));
	prs_free(&st);
	if (n.what == NOOP_NONE)
		return TR_EXIT_OK;
	warnx("%s: RELEASE: nothing released: %s", d->name, noop_str(&n, d->names, why, sizeof(why)));
	return (o->given & O_STRICT) ? TR_EXIT_NOOP : TR_EXIT_OK;
}

/*
 * The action, after what it needs first: --sa-key holder and --register
 * read the state (READ FULL STATUS) before anything changes (the holder
 * then seen goes to *before); --register registers -k only when this I_T
 * nexus does not have it (*registered), and a failed action takes that
 * registration back.
 */
static enum tr_exit
prout_steps(struct dev *d, struct opts *o, struct holder_seen *before, bool *registered)
{
	struct pr_state st = { 0 };
	struct hold_mine m = { 0 };
	char why[512];
	enum tr_exit ex = TR_EXIT_OK;

	if (o->given & (O_HOLDER | O_REGISTER)) {
		ex = hold_read(d, o->p.key, &st, &m, why, sizeof(why));
		if (ex != TR_EXIT_OK)
			warnx("%s: %s%s", d->name, o->given & O_HOLDER ?
			      "--sa-key holder: " : "", why);
		else
			spc2_seen_state(&st, before);
		if (ex == TR_EXIT_OK && (o->given & O_HOLDER))
			ex = resolve_holder(d, o, &st);
	}
	prs_free(&st);
	if (ex == TR_EXIT_OK && (o->given & O_REGISTER) &&
	    (ex = hold_register(d, o->p.key, &m, registered, why, sizeof(why))) != TR_EXIT_OK)
		warnx("%s: --register: %s", d->name, why);
	if (ex != TR_EXIT_OK)
		return ex;
	if (o->act->needs_force)
		warnx("%s: %s: removing other initiators' registrations%s", d->name,
		      cmd_prout_name(o->act->sa), o->act->sa == PROUT_PREEMPT_AND_ABORT ?
		      " and aborting their commands" : "");
	ex = send_prout(d, o->act->sa, &o->p, o->type);
	if (ex == TR_EXIT_OK && o->act->sa == PROUT_RELEASE)
		ex = check_release(d, o);
	if (ex != TR_EXIT_OK && ex != TR_EXIT_NOOP && *registered) {
		why[0] = '\0';
		hold_undo_register(d, o->p.key, &m, *registered, why, sizeof(why));
		warnx("%s: --register: this I_T nexus's registration is put back as it "
		      "was%s%s", d->name, why[0] ? ", except: " : "", why);
	}
	if (ex == TR_EXIT_OK && o->c.verbose > 0)
		report_generation(d);
	return ex;
}

/* The action, and its line in the audit trail: "register+ACTION" when
 * --register registered first; the keys sent (REGISTER AND IGNORE
 * EXISTING KEY ignores RESERVATION KEY), the type, the holder read. */
static enum tr_exit
do_prout(struct dev *d, struct opts *o)
{
	struct audit_event e = { .has_key = o->act->sa != PROUT_REGISTER_AND_IGNORE,
				 .key = o->p.key,
				 .has_sa_key = (o->act->takes & O_SA_KEY) != 0,
				 .has_type = (o->given & O_TYPE) != 0, .type = o->type };
	char action[48];
	bool registered = false;

	if (o->act->needs_force && !(o->given & O_FORCE))
		return refuse_without_force(d, o);
	e.exit = prout_steps(d, o, &e.before, &registered);
	snprintf(action, sizeof(action), "%s%s", registered ? "register+" : "", o->act->word);
	e.action = action;
	e.sa_key = o->p.sa_key;		/* --sa-key holder: as resolved ... */
	if ((o->given & O_HOLDER) && !(e.before.read && e.before.who == HOLDER_OTHER_PR))
		e.has_sa_key = false;	/* ... or not, when nothing was held */
	e.result = audit_result_of(e.exit, TR_EXIT_CONFLICT);
	audit_log(d, &e);
	return (enum tr_exit)e.exit;
}

/* --all-paths: the action on every path of s, one result line each on stdout. */
/* One path of --all-paths in the audit trail: what was sent there, and
 * when it was put back after another path failed, that too; a path that
 * had it already, or was skipped or not reached, sent nothing. */
static void
audit_path(struct allpaths_path *p, const struct opts *o)
{
	struct audit_event e = { .action = o->act->word,
				 .has_key = o->act->sa != PROUT_REGISTER_AND_IGNORE,
				 .key = o->p.key, .has_sa_key = (o->act->takes & O_SA_KEY) != 0,
				 .sa_key = o->p.sa_key };
	char action[48];

	if (p->outcome != ALLPATHS_DONE && p->outcome != ALLPATHS_FAILED &&
	    p->outcome != ALLPATHS_PUT_BACK && p->outcome != ALLPATHS_NOT_PUT_BACK)
		return;
	snprintf(action, sizeof(action), "%s%s", o->act->word,
		 p->outcome == ALLPATHS_PUT_BACK ? "+put-back" :
		 p->outcome == ALLPATHS_NOT_PUT_BACK ? "+put-back-failed" : "");
	e.action = action;
	e.exit = p->outcome == ALLPATHS_FAILED || p->outcome == ALLPATHS_NOT_PUT_BACK ?
		 (int)p->ex : TR_EXIT_OK;
	e.result = audit_result_of(e.exit, TR_EXIT_CONFLICT);
	audit_log(&p->d, &e);
}

static enum tr_exit
do_all_paths(const struct dev *d, const struct opts *o, struct allpaths *s)
{
	struct allpaths_req r = { ALLPATHS_REGISTER, o->p.key, o->p.sa_key, o->p.aptpl,
				  o->p.all_tg_pt };
	char line[768];
	size_t i;
	enum tr_exit ex;

	if (o->act->sa == PROUT_REGISTER_AND_IGNORE)
		r.op = ALLPATHS_REGISTER_IGNORE;
	else if (!(o->act->takes & O_SA_KEY))
		r.op = ALLPATHS_UNREGISTER;
	ex = allpaths_apply(s, &r);
	for (i = 0; i < s->n; i++) {
		printf("%s: %s\n", s->p[i].node, allpaths_line(&s->p[i], &r, line, sizeof(line)));
		audit_path(&s->p[i], o);
		if (s->p[i].outcome == ALLPATHS_NOT_PUT_BACK)
			warnx("%s: %s: not put back: %s", d->name, s->p[i].node, s->p[i].why);
		else if (s->p[i].outcome == ALLPATHS_SKIPPED)
			warnx("%s: %s: %s: skipped; run again when it is back", d->name,
			      s->p[i].node, s->p[i].state);
	}
	if (s->failed < s->n)
		warnx("%s: %s failed: %s; the paths done before it are put back", d->name,
		      s->p[s->failed].node, s->p[s->failed].why);
	return ex;
}

/*
 * What the device leads to: --all-paths actions (implied for a map) on
 * every path; any other action through the device, or through the first
 * running path of a map.
 */
static enum tr_exit
run(struct dev *d, struct opts *o)
{
	bool all = o->given & O_ALL_PATHS;
	struct paths_lu lu;
	struct allpaths s;
	enum tr_exit ex = allpaths_open(d, true, o->act->takes & O_ALL_PATHS, &all, &s, &lu);

	if (ex == TR_EXIT_OK)
		ex = all ? do_all_paths(d, o, &s) : do_prout(d, o);
	allpaths_close(&s);
	paths_free(&lu);
	return ex;
}

/* ---- options ------------------------------------------------------------ */

static int
add_tid(struct opts *o, const char *s)
{
	size_t len;
	int rc = tid_parse(s, o->tids + o->p.tids_len, sizeof(o->tids) - o->p.tids_len, &len);

	if (rc == -ENOSPC)
		return cli_usage_error("too many TransportIDs (at most %d bytes)",
				       PROUT_MAX_TIDS);
	if (rc != 0)
		return cli_usage_error("invalid TransportID '%s': use sas,0x<16 hex>, "
				       "fc,0x<16 hex>, iqn.../eui.../naa...[,i,0x<12 hex>], "
				       "srp,0x<32 hex>, sbp,0x<16 hex>, sop,BB:DD.F, "
				       "spi,ADDR,PORT, proto-0xN,hex,<bytes> or hex,<bytes>", s);
	o->p.tids_len += len;
	o->ntids++;
	return -1;
}

/* The values of options, once all are known. Returns -1 or an exit status. */
static int
check_values(struct opts *o, const char *key, const char *sa_key, const char *type,
	     const char *port)
{
	int rc;
	unsigned v;

	if ((rc = cli_common_timeout(&o->c)) >= 0)
		return rc;
	if (type != NULL && (rc = cli_parse_type(type, &o->type)) >= 0)
		return rc;
	if (port != NULL && cli_parse_uint(port, 65535, &v) != 0)
		return cli_usage_error("invalid relative target port '%s': 1 to 65535", port);
	o->p.rel_tgt_port = port != NULL ? (uint16_t)v : 0;
	if (sa_key != NULL && !(o->given & O_HOLDER) &&
	    (rc = cli_parse_key("--sa-key", sa_key, &o->c.names, &o->p.sa_key)) >= 0)
		return rc;
	if (o->act->sa == PROUT_REGISTER_AND_MOVE && o->p.sa_key == 0)
		return cli_usage_error("register-move needs a non-zero --sa-key (the "
				       "key the destination gets)");
	if (key != NULL && (rc = cli_parse_key("--key", key, &o->c.names, &o->p.key)) >= 0)
		return rc;
	if (key == NULL && o->act->key_auto && (rc = keys_auto(&o->p.key)) != 0)
		return cli_usage_error("no key: give -k KEY (cannot derive the auto "
				       "key: %s)", keys_auto_strerror(rc));
	if ((o->given & O_REGISTER) && o->p.key == 0)
		return cli_usage_error("--register needs a non-zero --key");
	return -1;
}

/* Which options may go together with the action. Returns -1 or an exit status. */
static int
check_combination(const struct opts *o)
{
	unsigned extra = o->given & ~o->act->takes, missing = o->act->needs & ~o->given;
	size_t i;

	if (o->given & O_HOLDER)
		missing &= ~O_SA_KEY;
	for (i = 0; i < sizeof(opt_names) / sizeof(opt_names[0]); i++) {
		if (extra & (1u << i)) {
			warnx("%s does not go with %s", opt_names[i], o->act->word);
			return TR_EXIT_CONTRADICT;
		}
	}
	for (i = 0; i < sizeof(opt_names) / sizeof(opt_names[0]); i++)
		if (missing & (1u << i))
			return cli_usage_error("%s needs %s", o->act->word, opt_names[i]);
	if (o->act->sa == PROUT_REGISTER_AND_MOVE && o->ntids != 1) {
		warnx("register-move takes exactly one --transport-id");
		return TR_EXIT_CONTRADICT;
	}
	if ((o->given & O_ALL_PATHS) && (o->given & O_TID)) {
		warnx("--all-paths and --transport-id contradict each other: each path "
		      "registers only itself");
		return TR_EXIT_CONTRADICT;
	}
	return -1;
}

static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *key = NULL, *sa_key = NULL, *type = NULL, *port = NULL, **tids = NULL;
	int aptpl = 0, all_tg_pt = 0, unreg = 0, reg = 0, force = 0, dry = 0, strict = 0;
	int all_paths = 0;
	struct poptOption common[CLI_COMMON_NOPTS], table[] = {
		{ "key", 'k', POPT_ARG_STRING, NULL, 'k', NULL, NULL },
		{ "sa-key", 's', POPT_ARG_STRING, NULL, 's', NULL, NULL },
		{ "type", 'T', POPT_ARG_STRING, NULL, 'T', NULL, NULL },
		{ "all-tg-pt", 'A', POPT_ARG_NONE, &all_tg_pt, 0, NULL, NULL },
		{ "aptpl", 'P', POPT_ARG_NONE, &aptpl, 0, NULL, NULL },
		{ "transport-id", 'I', POPT_ARG_ARGV, &tids, 0, NULL, NULL },
		{ "unreg", 'U', POPT_ARG_NONE, &unreg, 0, NULL, NULL },
		{ "rel-tgt-port", 'R', POPT_ARG_STRING, NULL, 'R', NULL, NULL },
		{ "register", 'r', POPT_ARG_NONE, &reg, 0, NULL, NULL },
		{ "force", '\0', POPT_ARG_NONE, &force, 0, NULL, NULL },
		{ "strict", '\0', POPT_ARG_NONE, &strict, 0, NULL, NULL },
		{ "dry-run", 'n', POPT_ARG_NONE, &dry, 0, NULL, NULL },
		{ "all-paths", '\0', POPT_ARG_NONE, &all_paths, 0, NULL, NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, common, 0, NULL, NULL },
		POPT_TABLEEND
	};
	const struct cli_slot slots[] = {
		{ 'k', &key }, { 's', &sa_key }, { 'T', &type }, { 'R', &port }, { 0, NULL },
	};
	poptContext ctx;
	const char *word = NULL, *extra = NULL;
	int ret;
	size_t i;

	cli_common_table(&o->c, common);
	ctx = poptGetContext(NULL, argc, argv, table, 0);
	ret = cli_parse(ctx, &o->c, slots, usage);
	for (i = 0; ret < 0 && tids != NULL && tids[i] != NULL; i++)
		ret = add_tid(o, tids[i]);
	if (ret >= 0) {
		/* help, version, a popt error or a bad --transport-id: said */
	} else if ((word = poptGetArg(ctx)) == NULL) {
		ret = cli_usage_error("no action given (register, reserve, preempt, ...: "
				      "see --help)");
	} else if ((extra = poptGetArg(ctx)) != NULL) {
		ret = cli_usage_error("unexpected argument '%s'", extra);
	} else {
		for (i = 0; i < NACTIONS && strcmp(word, actions[i].word) != 0; i++)
			;
		if (i == NACTIONS)
			ret = cli_usage_error("unknown action '%s' (see --help)", word);
		else
			o->act = &actions[i];
	}
	if (ret < 0) {
		o->given = (key ? O_KEY : 0) | (type ? O_TYPE : 0) |
			(aptpl ? O_APTPL : 0) | (all_tg_pt ? O_ALL_TG_PT : 0) |
			(o->ntids ? O_TID : 0) | (unreg ? O_UNREG : 0) |
			(port ? O_REL_PORT : 0) | (reg ? O_REGISTER : 0) |
			(force ? O_FORCE : 0) | (strict ? O_STRICT : 0) |
			(all_paths ? O_ALL_PATHS : 0);
		if (sa_key != NULL)
			o->given |= strcmp(sa_key, "holder") == 0 ? O_HOLDER : O_SA_KEY;
		o->p.aptpl = aptpl;
		o->p.all_tg_pt = all_tg_pt;
		o->p.unreg = unreg;
		o->p.tids = o->tids;
		o->p.spec_i_pt = o->act->sa == PROUT_REGISTER && o->ntids > 0;
		o->dry_run = dry;
		ret = check_combination(o);
	}
	if (ret < 0)
		ret = check_values(o, key, sa_key, type, port);
	if (ret < 0 && !o->dry_run)
		ret = cli_common_device(&o->c);
	else if (ret < 0 && (o->have_device = cli_common_device_quiet(&o->c)))
		ret = cli_check_device(&o->c, o->c.device);	/* a dry run reads it */
	for (i = 0; tids != NULL && tids[i] != NULL; i++)
		free(tids[i]);
	free(tids);
	free(key);
	free(sa_key);
	free(type);
	free(port);
	poptFreeContext(ctx);
	return ret;
}

/* --dry-run with a device: read the state (PERSISTENT RESERVE IN only) and
 * say what the action would do to it, through the path the action would
 * go through (the paths of --all-paths or a map are found and opened). */
static int
predict(struct opts *o)
{
	struct dev d = cli_dev(&o->c, o->c.device);
	struct pr_state st = { 0 };
	bool all = o->given & O_ALL_PATHS;
	struct paths_lu lu;
	struct allpaths s;
	struct hold_mine m;
	struct noop n;
	char why[512], key[KEYNAMES_STR_MAX];
	int ex = allpaths_open(&d, false, o->act->takes & O_ALL_PATHS, &all, &s, &lu);

	if (ex == TR_EXIT_OK && (ex = hold_read(&d, o->p.key, &st, &m, why,
						sizeof(why))) != TR_EXIT_OK)
		warnx("%s: %s", o->c.device, why);
	if (ex == TR_EXIT_OK && (o->given & O_HOLDER) && st.resv.held)
		printf("holder key now: %s\n",
		       keynames_str(d.names, st.resv.key, key, sizeof(key)));
	if (ex == TR_EXIT_OK) {
		n = noop_before(o->act->sa, o->p.key, o->p.sa_key, o->type, &st, m.by_nexus);
		printf("effect: %s%s%s\n", n.what == NOOP_NONE ? "" : "none: ",
		       n.what == NOOP_NONE ? "changes the unit's state, as far as the state "
		       "read now tells" : noop_str(&n, d.names, why, sizeof(why)),
		       all ? " (through this path; each path is judged when run)" : "");
	}
	prs_free(&st);
	allpaths_close(&s);
	paths_free(&lu);
	dev_close(&d);
	return ex;
}

static int
dry_run(struct opts *o)
{
	uint8_t cdb[CDB10_LEN], list[PROUT_MAX_LEN];
	ssize_t len = cmd_prout_bytes(o->act->sa, o->type, &o->p, cdb, list, sizeof(list));

	if (len < 0)
		errx(TR_EXIT_OTHER, "internal error: parameter list: %s", strerror((int)-len));
	print_dry_run(o, cdb, list, (size_t)len);
	return o->have_device ? predict(o) : TR_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct opts o = { .act = NULL };
	struct dev d = { 0 };
	int ex;

	ex = parse_args(argc, (const char **)argv, &o);
	if (ex < 0 && o.dry_run)
		ex = dry_run(&o);
	if (ex < 0) {
		cli_prepare_dev(&o.c, &d, o.c.verbose, true);
		ex = run(&d, &o);
	}
	dev_close(&d);
	cli_common_free(&o.c);
	return cli_finish(ex);
}
