/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared command-line plumbing for the four tools. */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "num.h"

static void
try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
}

int
cli_popt_error(poptContext ctx, int rc)
{
	const char *opt = poptBadOption(ctx, POPT_BADOPTION_NOALIAS);

	if (rc == POPT_ERROR_BADOPT)
		warnx("unrecognized option '%s'", opt);
	else
		warnx("option '%s': %s", opt, poptStrerror(rc));
	try_help();
	return TR_EXIT_SYNTAX;
}

bool
cli_take_arg(poptContext ctx, int rc, const struct cli_slot *slots)
{
	for (; slots->dst != NULL; slots++) {
		if (slots->val == rc) {
			free(*slots->dst);
			*slots->dst = poptGetOptArg(ctx);
			return true;
		}
	}
	return false;
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	return TR_EXIT_SYNTAX;
}

int
cli_parse_seconds(const char *s, unsigned max, unsigned *out)
{
	return cli_parse_uint(s, max, out);
}

int
cli_parse_uint(const char *s, unsigned max, unsigned *out)
{
	uint64_t v;
	int rc = num_parse_u64(s, max, &v);

	if (rc < 0)
		return rc;
	if (v == 0)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

int
cli_word(const char *s, const char *const *table)
{
	int i;

	for (i = 0; table[i] != NULL; i++)
		if (strcmp(s, table[i]) == 0)
			return i;
	return -1;
}

const char *
cli_device(const char *opt_f)
{
	const char *tape;

	if (opt_f != NULL)
		return opt_f;
	tape = getenv("TAPE");
	return (tape != NULL && *tape != '\0') ? tape : NULL;
}

int
cli_take_device(char **opt_f, const char **device, char **owned)
{
	if ((*device = cli_device(*opt_f)) == NULL)
		return cli_usage_error("no device: give -f DEVICE or set TAPE");
	if (*device == *opt_f) {
		*owned = *opt_f;
		*opt_f = NULL;
	}
	return -1;
}

int
cli_version(void)
{
	printf("%s %s\n", program_invocation_short_name, TRESV_VERSION);
	return TR_EXIT_OK;
}

int
cli_finish(int ex)
{
	if (fflush(stdout) != 0 && ex == TR_EXIT_OK) {
		warn("write error");
		return TR_EXIT_OTHER;
	}
	return ex;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cli_wait_start(struct cli_wait *w, unsigned limit_s)
{
	w->start = now_s();
	w->delay = 0.25;
	w->limit_s = limit_s;
	w->tty = isatty(STDERR_FILENO);
	w->shown = false;
}

bool
cli_wait_more(struct cli_wait *w, const char *device, const char *why)
{
	double spent = now_s() - w->start, left = w->limit_s - spent;

	if (left <= 0)
		return false;
	if (w->tty) {
		fprintf(stderr, "\r%s: %s: %s; waiting (%.0f of %u s) ",
			program_invocation_short_name, device, why, spent, w->limit_s);
		w->shown = true;
	}
	usleep((useconds_t)((w->delay < left ? w->delay : left) * 1e6));
	w->delay = w->delay * 2 > 5 ? 5 : w->delay * 2;
	return true;
}

void
cli_wait_end(struct cli_wait *w)
{
	if (w->shown)
		fputc('\n', stderr);
	w->shown = false;
}

/* st(4): character major 9; minors with bit 7 clear rewind on close. */
#define SCSI_TAPE_MAJOR 9

enum tr_exit
cli_open(const char *path, bool read_write, struct sgio_dev **devp,
	 char *err, size_t errlen)
{
	struct stat st;
	int rc = sgio_open(path, read_write, devp);

	if (rc < 0) {
		snprintf(err, errlen, "%s",
			 rc == -ENOTTY ? "not a SCSI device (it does not accept SG_IO)" :
			 rc == -EISDIR ? "is a directory, not a SCSI device" :
			 strerror(-rc));
		return TR_EXIT_FILE;
	}
	if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
	    major(st.st_rdev) == SCSI_TAPE_MAJOR && !(minor(st.st_rdev) & 0x80))
		warnx("%s: rewinding tape node: the tape rewinds when it is "
		      "closed; use the /dev/nst node to keep its position", path);
	return TR_EXIT_OK;
}
