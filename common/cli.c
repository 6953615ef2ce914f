/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared command-line plumbing for the four tools. */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "iscsi_url.h"
#include "keys.h"
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

const char *
cli_sysroot(void)
{
	const char *r = getenv("TRESV_SYSFS_ROOT");

	return (r != NULL && *r != '\0') ? r : "/";
}

struct dev
cli_dev(const struct cli_common *c, const char *name)
{
	return (struct dev){ .name = name, .sysroot = cli_sysroot(), .verbose = c->verbose,
			     .timeout_s = c->timeout_s, .initiator = c->initiator,
			     .names = &c->names };
}

void
cli_common_table(struct cli_common *c, struct poptOption *table)
{
	const struct poptOption t[CLI_COMMON_NOPTS] = {
		{ "device", 'f', POPT_ARG_ARGV, &c->devices, 0, NULL, NULL },
		{ "timeout", 't', POPT_ARG_STRING, NULL, 't', NULL, NULL },
		{ "initiator-name", '\0', POPT_ARG_STRING, NULL, CLI_VAL_INITIATOR, NULL,
		  NULL },
		{ "verbose", 'v', POPT_ARG_NONE, NULL, 'v', NULL, NULL },
		{ "keys", '\0', POPT_ARG_STRING, NULL, CLI_VAL_KEYS, NULL, NULL },
		{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
		{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
		POPT_TABLEEND
	};

	memcpy(table, t, sizeof(t));
}

int
cli_parse(poptContext ctx, struct cli_common *c, const struct cli_slot *slots,
	  void (*usage)(void))
{
	const struct cli_slot common[] = { { 't', &c->timeout_arg },
					   { CLI_VAL_INITIATOR, &c->initiator },
					   { CLI_VAL_KEYS, &c->keys_arg }, { 0, NULL } };
	int rc;

	while ((rc = poptGetNextOpt(ctx)) > 0) {
		if (cli_take_arg(ctx, rc, common) || cli_take_arg(ctx, rc, slots))
			continue;
		if (rc == 'v')
			c->verbose++;
		else if (rc == 'h' || rc == 'V')
			break;
	}
	if (rc == 'h') {
		usage();
		return TR_EXIT_OK;
	}
	if (rc == 'V')
		return cli_version();
	if (rc < -1)
		return cli_popt_error(ctx, rc);
	keynames_load(&c->names, c->keys_arg);
	return -1;
}

int
cli_common_timeout(struct cli_common *c)
{
	c->timeout_s = DEV_DEFAULT_TIMEOUT;
	if (c->timeout_arg != NULL &&
	    cli_parse_seconds(c->timeout_arg, CLI_MAX_TIMEOUT, &c->timeout_s) != 0)
		return cli_usage_error("invalid timeout '%s': whole seconds from 1 to %d",
				       c->timeout_arg, CLI_MAX_TIMEOUT);
	return -1;
}

bool
cli_common_device_quiet(struct cli_common *c)
{
	size_t n = 0;

	while (c->devices != NULL && c->devices[n] != NULL)
		n++;
	c->device = cli_device(n > 0 ? c->devices[n - 1] : NULL);
	return c->device != NULL;
}

int
cli_common_device(struct cli_common *c)
{
	if (!cli_common_device_quiet(c))
		return cli_usage_error("no device: give -f DEVICE or set TAPE");
	return cli_check_device(c, c->device);
}

int
cli_check_device(const struct cli_common *c, const char *device)
{
	struct tr_iscsi_url u;
	const char *why, *at, *slash, *sep;
	int shown;

	if (c->initiator != NULL && !iscsi_url_name_ok(c->initiator))
		return cli_usage_error("invalid initiator name '%s': an iSCSI name, iqn., "
				       "eui. or naa., in lower case", c->initiator);
	if (!iscsi_url_is_url(device) || iscsi_url_parse(device, &u, &why) == 0)
		return -1;
	/* say the URL without a password in it */
	slash = strchr(strstr(device, "://") + 3, '/');
	at = strchr(device, '@');
	shown = (int)strlen(device);
	if (at != NULL && (slash == NULL || at < slash)) {
		sep = strpbrk(strstr(device, "://") + 3, "%:");
		if (sep != NULL && sep < at)
			return cli_usage_error("invalid device URL '%.*s%s': %s",
					       (int)(sep - device), device, at, why);
	}
	return cli_usage_error("invalid device URL '%.*s': %s", shown, device, why);
}

void
cli_prepare_dev(struct cli_common *c, struct dev *d, int verbose, bool audited)
{
	if (audited)
		audit_init(&c->audit, &c->names);
	*d = cli_dev(c, c->device);
	d->verbose = verbose;
	d->audit = audited ? &c->audit : NULL;
}

enum tr_exit
cli_open_dev(struct cli_common *c, struct dev *d, int verbose, bool read_write,
	     bool audited)
{
	char why[256];
	enum tr_exit ex;

	cli_prepare_dev(c, d, verbose, audited);
	ex = dev_open(d, read_write, why, sizeof(why));
	if (ex != TR_EXIT_OK)
		warnx("%s: %s", c->device, why);
	return ex;
}

void
cli_common_free(struct cli_common *c)
{
	size_t i;

	for (i = 0; c->devices != NULL && c->devices[i] != NULL; i++)
		free(c->devices[i]);
	free(c->devices);
	free(c->timeout_arg);
	free(c->keys_arg);
	keynames_free(&c->names);
	free(c->initiator);
	memset(c, 0, sizeof(*c));
}

int
cli_check_rules(unsigned given, int action, const char *const *words,
		const struct cli_pair *pairs, const struct cli_only *only)
{
	const char *at;

	for (; pairs != NULL && pairs->msg != NULL; pairs++) {
		if ((given & pairs->a) && (given & pairs->b)) {
			warnx("%s", pairs->msg);
			return TR_EXIT_CONTRADICT;
		}
	}
	for (; only != NULL && only->msg != NULL; only++) {
		if ((given & only->opts) && !(only->actions & (1u << action))) {
			at = strstr(only->msg, "%s");
			if (at == NULL || words == NULL)
				warnx("%s", only->msg);
			else
				warnx("%.*s%s%s", (int)(at - only->msg), only->msg,
				      words[action], at + 2);
			return TR_EXIT_CONTRADICT;
		}
	}
	return -1;
}

int
cli_parse_wait(const char *s, unsigned *wait_s)
{
	if (cli_parse_seconds(s, CLI_MAX_WAIT, wait_s) != 0)
		return cli_usage_error("invalid wait '%s': whole seconds from 1 to %d", s,
				       CLI_MAX_WAIT);
	return -1;
}

int
cli_parse_key(const char *label, const char *s, const struct keynames *names,
	      uint64_t *key)
{
	const struct keymap_entry *e = NULL;
	const char *map = names != NULL ? names->map_file : NULL;
	int rc = keynames_parse(names, s, key, &e);

	if (rc == 0)
		return -1;
	if (strcmp(s, "auto") == 0)
		return cli_usage_error("cannot derive the auto key (give -k KEY): %s",
				       keys_auto_strerror(rc));
	if (rc == -ERANGE)
		return cli_usage_error("invalid %s '%s': larger than 64 bits", label, s);
	if (rc == -EEXIST && e != NULL)
		return cli_usage_error("invalid %s '%s': %s gives that name to two keys, or "
				       "its key two names (lines %u and %u)", label, s, map,
				       e->line < e->clash ? e->line : e->clash,
				       e->line < e->clash ? e->clash : e->line);
	return cli_usage_error("invalid %s '%s': use 0x and up to 16 hex digits, "
			       "decimal digits, auto, or a name of the key map (%s)",
			       label, s, map != NULL ? map : "none in use");
}

int
cli_parse_type(const char *s, uint8_t *type)
{
	if (keys_type_parse(s, type) != 0)
		return cli_usage_error("invalid type '%s': use wr-ex, ex-ac, wr-ex-ro, "
				       "ex-ac-ro, wr-ex-ar, ex-ac-ar or 1, 3, 5, 6, 7, 8", s);
	return -1;
}
