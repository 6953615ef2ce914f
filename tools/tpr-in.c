/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-in: read the persistent reservation state of a SCSI logical unit (PERSISTENT RESERVE IN). */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <popt.h>

#include "cli.h"
#include "keys.h"
#include "pr.h"
#include "prin.h"

enum action {
	ACT_KEYS,
	ACT_RESERVATION,
};

static const char *const action_words[] = {
	[ACT_KEYS] = "keys",
	[ACT_RESERVATION] = "reservation",
	NULL,
};

struct opts {
	const char *device;	/* -f's value or $TAPE */
	char *device_arg;	/* -f's value, owned */
	enum action action;
	bool have_key;		/* -k given: mark that key as this host's */
	uint64_t key;
	struct sgio_opts sg;
};

static void
usage(void)
{
	printf("Usage: %s [-v] [-t SECS] [-k KEY] -f DEVICE keys|reservation\n"
	       "\n"
	       "Read the persistent reservation state of a SCSI logical unit.\n"
	       "\n"
	       "Actions:\n"
	       "  keys          registered reservation keys (READ KEYS)\n"
	       "  reservation   the persistent reservation and its holder (READ RESERVATION)\n"
	       "\n"
	       "Options:\n"
	       "  -f, --device=DEVICE  SCSI device node (default: $TAPE)\n"
	       "  -k, --key=KEY        mark KEY (0x.., decimal or auto) as this host's\n"
	       "  -t, --timeout=SECS   command timeout in seconds (default %d)\n"
	       "  -v, --verbose        show CDBs in hex on stderr; twice: also responses\n"
	       "  -h, --help           show this help and exit\n"
	       "  -V, --version        show the version and exit\n"
	       "\n"
	       "See tpr-in(1).\n",
	       program_invocation_short_name, SGIO_DEFAULT_TIMEOUT);
}

static void
print_key_line(const char *label, uint64_t key, const struct opts *o)
{
	printf("%s: 0x%" PRIx64 "%s\n", label, key,
	       (o->have_key && key == o->key) ? " (this host)" : "");
}

static enum tr_exit
print_keys(const struct pr_in_data *d, const struct opts *o)
{
	struct prin_keys k;
	size_t i;

	if (prin_parse_keys(d->buf, d->received, &k) != 0) {
		warnx("%s: malformed READ KEYS response (%zu bytes)", o->device,
		      d->received);
		return TR_EXIT_MALFORMED;
	}
	printf("PR generation: 0x%" PRIx32 "\n", k.prgeneration);
	printf("keys: %" PRIu32 "\n", k.additional_length / 8);
	for (i = 0; i < k.nkeys; i++)
		print_key_line("key", prin_key_at(&k, i), o);
	if (!k.truncated)
		return TR_EXIT_OK;
	warnx("%s: key list truncated: the device reports %" PRIu32
	      " keys, %zu arrived", o->device, k.additional_length / 8, k.nkeys);
	return d->short_reply ? TR_EXIT_MALFORMED : TR_EXIT_OK;
}

static enum tr_exit
print_reservation(const struct pr_in_data *d, const struct opts *o)
{
	struct prin_resv r;
	const char *title;

	if (prin_parse_resv(d->buf, d->received, &r) != 0) {
		warnx("%s: malformed READ RESERVATION response (%zu bytes)",
		      o->device, d->received);
		return TR_EXIT_MALFORMED;
	}
	printf("PR generation: 0x%" PRIx32 "\n", r.prgeneration);
	if (!r.held) {
		printf("reservation: none\n");
		return TR_EXIT_OK;
	}
	printf("reservation: held\n");
	if (keys_type_all_registrants(r.type))
		printf("holder key: 0x%" PRIx64 " (every registrant is a holder)\n",
		       r.key);
	else
		print_key_line("holder key", r.key, o);
	printf("scope: %s (%u)\n", r.scope == PR_SCOPE_LU ? "LU" :
	       r.scope <= 2 ? "obsolete" : "reserved", r.scope);
	title = keys_type_title(r.type);
	if (title != NULL)
		printf("type: %s (%s, %u)\n", title, keys_type_abbrev(r.type),
		       r.type);
	else
		printf("type: unknown (%u)\n", r.type);
	return TR_EXIT_OK;
}

static enum tr_exit
do_prin(struct sgio_dev *dev, const struct opts *o)
{
	static const enum prin_sa sa_of[] = {
		[ACT_KEYS] = PRIN_READ_KEYS,
		[ACT_RESERVATION] = PRIN_READ_RESERVATION,
	};
	struct pr_in_data d;
	struct scsi_result res;
	enum tr_exit ex;
	char why[256];

	ex = pr_in_fetch(dev, &o->sg, sa_of[o->action], &d, &res);
	if (ex != TR_EXIT_OK) {
		warnx("%s: %s", o->device, pr_in_failure_str(ex, &res, why,
							       sizeof(why)));
		return ex;
	}
	ex = o->action == ACT_KEYS ? print_keys(&d, o) : print_reservation(&d, o);
	pr_in_data_free(&d);
	return ex;
}

/* Parse argv into *o. Returns -1 to go on, or an exit status. */
static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *dev = NULL, *key = NULL, *tmo = NULL;
	struct poptOption table[] = {
		{ "device", 'f', POPT_ARG_STRING, &dev, 0, NULL, NULL },
		{ "key", 'k', POPT_ARG_STRING, &key, 0, NULL, NULL },
		{ "timeout", 't', POPT_ARG_STRING, &tmo, 0, NULL, NULL },
		{ "verbose", 'v', POPT_ARG_NONE, NULL, 'v', NULL, NULL },
		{ "help", 'h', POPT_ARG_NONE, NULL, 'h', NULL, NULL },
		{ "version", 'V', POPT_ARG_NONE, NULL, 'V', NULL, NULL },
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext(NULL, argc, argv, table, 0);
	const char *word, *extra;
	int rc, ret = -1;

	while ((rc = poptGetNextOpt(ctx)) > 0) {
		if (rc == 'v')
			o->sg.verbose++;
		else if (rc == 'h' || rc == 'V')
			break;
	}
	if (rc == 'h' || rc == 'V') {
		if (rc == 'h')
			usage();
		else
			printf("%s %s\n", program_invocation_short_name, TRESV_VERSION);
		ret = TR_EXIT_OK;
	} else if (rc < -1) {
		ret = cli_popt_error(ctx, rc);
	} else if ((word = poptGetArg(ctx)) == NULL) {
		ret = cli_usage_error("no action given (keys or reservation)");
	} else if ((extra = poptGetArg(ctx)) != NULL) {
		ret = cli_usage_error("unexpected argument '%s'", extra);
	} else if ((rc = cli_word(word, action_words)) < 0) {
		ret = cli_usage_error("unknown action '%s' (keys or reservation)", word);
	} else if (tmo != NULL &&
		   cli_parse_seconds(tmo, CLI_MAX_TIMEOUT, &o->sg.timeout_s) != 0) {
		ret = cli_usage_error("invalid timeout '%s': whole seconds from 1 to %d",
				      tmo, CLI_MAX_TIMEOUT);
	} else if (key != NULL && (rc = keys_parse_or_auto(key, &o->key)) != 0) {
		ret = strcmp(key, "auto") == 0 ?
			cli_usage_error("cannot derive the auto key: %s", strerror(-rc)) :
			cli_usage_error("invalid key '%s': use 0x and up to 16 hex "
					"digits, decimal digits, or auto", key);
	} else if ((o->device = cli_device(dev)) == NULL) {
		ret = cli_usage_error("no device: give -f DEVICE or set TAPE");
	} else {
		o->action = (enum action)cli_word(word, action_words);
		o->have_key = key != NULL;
		o->device_arg = dev;
		dev = NULL;
	}
	free(dev);
	free(key);
	free(tmo);
	poptFreeContext(ctx);
	return ret;
}

int
main(int argc, char **argv)
{
	struct opts o = { .sg = { .timeout_s = SGIO_DEFAULT_TIMEOUT } };
	struct sgio_dev *dev = NULL;
	int ex;

	ex = parse_args(argc, (const char **)argv, &o);
	if (ex >= 0)
		return ex;
	ex = cli_open(o.device, false, &dev);
	if (ex == TR_EXIT_OK)
		ex = do_prin(dev, &o);
	sgio_close(dev);
	free(o.device_arg);
	if (fflush(stdout) != 0 && ex == TR_EXIT_OK) {
		warn("write error");
		ex = TR_EXIT_OTHER;
	}
	return ex;
}
