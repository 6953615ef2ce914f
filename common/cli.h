/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every tool's main shares: popt errors, strict numbers, device choice and opening. */
#ifndef TRESV_CLI_H
#define TRESV_CLI_H

#include <stdbool.h>

#include <popt.h>

#include "exitstat.h"

/* Longest -t a tool accepts, seconds (one day). */
#define CLI_MAX_TIMEOUT 86400

/*
 * Report a popt failure rc (negative, from poptGetNextOpt) as util-linux
 * does, two lines on stderr: "PROG: unrecognized option '--x'" (or
 * "PROG: option '-f': missing argument") and "Try 'PROG --help' for more
 * information.".  Returns TR_EXIT_SYNTAX.
 */
int cli_popt_error(poptContext ctx, int rc);

/* A string option whose value popt returns to the caller (val), and
 * where it is kept. */
struct cli_slot {
	int val;
	char **dst;
};

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
