/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every tool's main shares: popt errors, strict numbers, device choice and opening. */
#ifndef TRESV_CLI_H
#define TRESV_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include <popt.h>

#include "audit.h"
#include "dev.h"
#include "exitstat.h"
#include "keynames.h"

/* Longest -t a tool accepts, seconds (one day). */
#define CLI_MAX_TIMEOUT 86400

/* A string option whose value popt returns to the caller (val), and
 * where it is kept. */
struct cli_slot {
	int val;
	char **dst;
};

/* The options every tool takes: -f, -t, --initiator-name, -v, --keys, -h,
 * -V (one popt table), and the names for keys that --keys leads to. */
struct cli_common {
	char **devices;		/* -f values in order (popt's POPT_ARG_ARGV),
				 * NULL-terminated, or NULL: free with
				 * cli_common_free() */
	char *timeout_arg;	/* -t as given, owned */
	char *keys_arg;		/* --keys as given, owned (NULL: not given) */
	struct keynames names;	/* loaded by cli_parse() (keynames_load()) */
	struct audit audit;	/* who runs the tool (cli_open_dev()) */
	char *initiator;	/* --initiator-name, owned; NULL: this host's */
	int verbose;		/* -v given this many times */
	unsigned timeout_s;	/* -t in seconds (cli_common_finish()) */
	const char *device;	/* the last -f, else $TAPE (cli_common_finish()) */
};

/* popt's vals for --initiator-name and --keys (no short options; above
 * any char). */
#define CLI_VAL_INITIATOR 0x100
#define CLI_VAL_KEYS 0x101

/* Entries cli_common_table() fills, its end marker included. */
#define CLI_COMMON_NOPTS 8

/*
 * Fill table (CLI_COMMON_NOPTS entries) with the shared options, storing
 * into c, for a tool's table to take in with POPT_ARG_INCLUDE_TABLE:
 * -f/--device (repeatable: every value kept in order), -t/--timeout,
 * --initiator-name, -v/--verbose (counted), --keys FILE (the key map),
 * -h/--help, -V/--version.
 */
void cli_common_table(struct cli_common *c, struct poptOption *table);

/*
 * Run popt over the command line (ctx made with a table that includes
 * cli_common_table()): string options with a val in slots are kept there
 * (see cli_take_arg()), -v is counted into c->verbose; --help calls
 * usage(), --version prints the version.  Going on, it loads c->names
 * (keynames_load() of --keys, TRESV_KEYS or /etc/tresv/keys: bad lines
 * and an unusable map are said on stderr, and never stop the tool).
 * Returns -1 to go on (the words
 * follow through poptGetArg()), or the exit status to end with:
 * TR_EXIT_OK after --help or --version, TR_EXIT_SYNTAX after a popt error
 * (two lines on stderr, as util-linux has them).
 */
int cli_parse(poptContext ctx, struct cli_common *c, const struct cli_slot *slots,
	      void (*usage)(void));

/* -t into c->timeout_s (default DEV_DEFAULT_TIMEOUT).  Returns -1, or
 * TR_EXIT_SYNTAX after saying "invalid timeout ...". */
int cli_common_timeout(struct cli_common *c);

/* c->device: the last -f, else $TAPE, checked by cli_check_device().
 * Returns -1, or TR_EXIT_SYNTAX after saying "no device: give -f DEVICE
 * or set TAPE" or what cli_check_device() says. */
int cli_common_device(struct cli_common *c);

/*
 * Bad input in what names a device, found before anything is sent: an
 * --initiator-name (c->initiator) that is not an iSCSI name
 * (iscsi_url_name_ok()), a device that is a URL iscsi_url_parse()
 * refuses (an unknown scheme too).  Returns -1, or TR_EXIT_SYNTAX after
 * saying "invalid initiator name ..." or "invalid device URL ...: WHY"
 * (without its password).
 */
int cli_check_device(const struct cli_common *c, const char *device);

/* c->device as cli_common_device() chooses it, without a message when
 * there is none.  Returns whether there is one. */
bool cli_common_device_quiet(struct cli_common *c);

/* *d for c->device, not opened yet: cli_dev() with this verbose; with
 * audited, changes made through d are logged (c->audit set up by
 * audit_init(), d->audit).  For a tool that opens it another way
 * (allpaths_open()). */
void cli_prepare_dev(struct cli_common *c, struct dev *d, int verbose, bool audited);

/*
 * Open c->device into *d (cli_prepare_dev(), then dev_open())
 * read-only or read_write; with audited, changes
 * made through d are logged (c->audit set up by audit_init(), d->audit).
 * A failure is said on stderr ("TOOL: DEVICE: reason").  Returns
 * dev_open()'s exit status; close d with dev_close() in every case.
 */
enum tr_exit cli_open_dev(struct cli_common *c, struct dev *d, int verbose,
			  bool read_write, bool audited);

/* Free what c owns. */
void cli_common_free(struct cli_common *c);

/* Options (bits of a tool's own numbering) that go only with some
 * actions (bits 1 << action): any given without one of them is refused
 * with msg, exit 31; a "%s" in msg stands for the action's word. */
struct cli_only {
	unsigned opts;
	unsigned actions;
	const char *msg;
};

/* Two options that contradict each other: msg, exit 31. */
struct cli_pair {
	unsigned a, b;
	const char *msg;
};

/*
 * Check the options given (bits) against the rules: every pair of
 * `pairs` (ended by a zero entry) first, then every row of `only` for
 * action (ended by a zero entry; words[action] names the action).  The
 * first rule broken is said on stderr ("TOOL: MSG").  Returns -1 when
 * none is, else TR_EXIT_CONTRADICT.
 */
int cli_check_rules(unsigned given, int action, const char *const *words,
		    const struct cli_pair *pairs, const struct cli_only *only);

/*
 * Report a popt failure rc (negative, from poptGetNextOpt) as util-linux
 * does, two lines on stderr: "PROG: unrecognized option '--x'" (or
 * "PROG: option '-f': missing argument") and "Try 'PROG --help' for more
 * information.".  Returns TR_EXIT_SYNTAX.
 */
int cli_popt_error(poptContext ctx, int rc);


/*
 * If rc (from poptGetNextOpt) is the val of one of slots (ended by
 * {0, NULL}), keep poptGetOptArg() there, freeing a value an earlier
 * occurrence of the option left: popt leaves that to the caller, and an
 * option given twice would leak.  Returns true when rc was such an option.
 */
bool cli_take_arg(poptContext ctx, int rc, const struct cli_slot *slots);

/*
 * Bad input: print the one line "PROG: MESSAGE" (printf-style) on stderr.
 * Returns TR_EXIT_SYNTAX.
 */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse a whole number: decimal digits only, 1..max.  Returns 0 and
 * *out, -EINVAL for bad syntax or 0, -ERANGE above max.
 */
int cli_parse_uint(const char *s, unsigned max, unsigned *out);

/*
 * Parse whole seconds: decimal digits only, 1..max (cli_parse_uint).  Returns 0 and *out,
 * -EINVAL for bad syntax or 0, -ERANGE above max.
 */
int cli_parse_seconds(const char *s, unsigned max, unsigned *out);

/* Longest -w a tool accepts, seconds (one day). */
#define CLI_MAX_WAIT 86400

/* -w SECS into *wait_s (1..CLI_MAX_WAIT).  Returns -1, or TR_EXIT_SYNTAX
 * after saying "invalid wait ...". */
int cli_parse_wait(const char *s, unsigned *wait_s);

/*
 * A key option's value (keynames_parse(): 0x and hex, decimal, auto, or
 * a name of the key map in names, which may be NULL) into *key; label
 * names the option in the message ("key", "--sa-key").  Returns -1, or
 * TR_EXIT_SYNTAX after saying "invalid LABEL 'S': larger than 64 bits",
 * "invalid LABEL 'S': use 0x and up to 16 hex digits, decimal digits,
 * auto, or a name of the key map (FILE)" ("(none in use)"), "invalid
 * LABEL 'S': FILE gives that name to two keys, or its key two names
 * (lines L1 and L2)" or "cannot derive the auto key (give -k KEY): REASON".
 */
int cli_parse_key(const char *label, const char *s, const struct keynames *names,
		  uint64_t *key);

/* A reservation type option's value (keys_type_parse()) into *type.
 * Returns -1, or TR_EXIT_SYNTAX after saying "invalid type ...". */
int cli_parse_type(const char *s, uint8_t *type);

/* Index of word s in the NULL-terminated table, exact match only; -1 if
 * absent (no abbreviations: `cl` is not `clear`). */
int cli_word(const char *s, const char *const *table);

/* The device to use: -f's value, else $TAPE as mt(1) does, else NULL. */
const char *cli_device(const char *opt_f);

/*
 * Settle the device after option parsing: *device becomes -f's value
 * (*opt_f, whose ownership moves to *owned) or $TAPE.  Returns -1, or
 * TR_EXIT_SYNTAX after saying "no device: give -f DEVICE or set TAPE".
 */
int cli_take_device(char **opt_f, const char **device, char **owned);

/* --version: "PROG VERSION" on stdout.  Returns TR_EXIT_OK. */
int cli_version(void);

/*
 * The end of every main: flush stdout; a write error (a full disk, a
 * closed pipe) turns a success into TR_EXIT_OTHER with a message.
 * Returns the exit status to use.
 */
int cli_finish(int ex);

/* Where sysfs is: $TRESV_SYSFS_ROOT (a test's fake tree) when set and not
 * empty, else "/".  Every tool reads it the same way (tresv(1), ENVIRONMENT). */
const char *cli_sysroot(void);

/* The struct dev a tool opens name with (dev_open()): sysroot from
 * cli_sysroot(), c's -v count, -t, --initiator-name and c->names to name
 * keys (no audit: cli_open_dev()). */
struct dev cli_dev(const struct cli_common *c, const char *name);

/*
 * Waiting for a held unit (-w): retry with a backoff of 0.25 s doubling
 * to 5 s, never sleeping past the limit, with a progress line on stderr
 * when it is a terminal.
 */
struct cli_wait {
	double start;		/* CLOCK_MONOTONIC seconds */
	double delay;		/* next sleep, seconds */
	unsigned limit_s;	/* give up after this many seconds; 0: at once */
	bool tty, shown;
};

void cli_wait_start(struct cli_wait *w, unsigned limit_s);

/*
 * Before another try: false when the limit is reached; else, on a
 * terminal, "\rPROG: DEVICE: WHY; waiting (N of LIMIT s)", then the sleep,
 * and true.
 */
bool cli_wait_more(struct cli_wait *w, const char *device, const char *why);

/* Ends the progress line, if one was shown. */
void cli_wait_end(struct cli_wait *w);

#endif /* TRESV_CLI_H */
