/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-in: read the persistent reservation state of SCSI logical units (PERSISTENT RESERVE IN). */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <popt.h>

#include "cli.h"
#include "cmd.h"
#include "hex.h"
#include "keys.h"
#include "lu.h"
#include "output.h"
#include "paths.h"
#include "spc2.h"
#include "sysfs.h"

/* Devices whose commands are in flight at once (-f ... -f, --all). */
#define MAX_PARALLEL CMD_UNITS_MAX
/* This host's initiator ports considered for "this host" marks. */
#define MAX_LOCAL_PORTS 64
/* Largest --inhex file, bytes: a 64 KiB response in hex with comments. */
#define MAX_INHEX_FILE (1024 * 1024)

static const char *const view_words[] = {
	[VIEW_STATUS] = "status",
	[VIEW_KEYS] = "keys",
	[VIEW_RESERVATION] = "reservation",
	[VIEW_CAPS] = "caps",
	[VIEW_FULL] = "full",
	NULL,
};

/* What each view reads (prs_collect) and which service action --inhex holds. */
static const struct {
	unsigned what;
	enum prin_sa sa;
} view_reads[] = {
	[VIEW_STATUS] = { PRS_CAPS | PRS_FULL, PRIN_READ_FULL_STATUS },
	[VIEW_KEYS] = { PRS_KEYS, PRIN_READ_KEYS },
	[VIEW_RESERVATION] = { PRS_RESV, PRIN_READ_RESERVATION },
	[VIEW_CAPS] = { PRS_CAPS, PRIN_REPORT_CAPABILITIES },
	[VIEW_FULL] = { PRS_FULL, PRIN_READ_FULL_STATUS },
};

struct opts {
	struct cli_common c;	/* -f, -t, -v */
	char **devices;		/* -f values, --all's, or $TAPE, in order (owned) */
	size_t ndevices;
	bool all;		/* --all: every tape, changer and disk */
	bool json, hex;
	char *inhex;		/* --inhex FILE (owned) */
	enum out_view view;
	bool have_key;		/* -k given (else the auto key, when derivable) */
	uint64_t key;
	bool print_auto;	/* --print-auto-key */
	struct paths_lu *units;	/* --all: each device's unit and its paths (owned) */
};

static void
usage(void)
{
	printf("Usage: %s [-v] [-t SECS] [-k KEY] [--json|--hex] -f DEVICE... [ACTION]\n"
	       "       %s [-v] [-t SECS] [-k KEY] [--json|--hex] --all [ACTION]\n"
	       "       %s [-k KEY] [--json] --inhex FILE keys|reservation|caps|full\n"
	       "       %s --print-auto-key\n"
	       "\n"
	       "Read the persistent reservation state of SCSI logical units.\n"
	       "\n"
	       "Actions:\n"
	       "  status        one diagnosis: capabilities, reservation, holder, every\n"
	       "                registrant with its TransportID, this path (default)\n"
	       "  keys          registered reservation keys (READ KEYS)\n"
	       "  reservation   the reservation and its holder (READ RESERVATION)\n"
	       "  caps          what the device supports (REPORT CAPABILITIES)\n"
	       "  full          every registrant in full (READ FULL STATUS)\n"
	       "\n"
	       "Options:\n"
	       "  -f, --device=DEVICE  SCSI device node or iscsi:// URL, repeatable (default: $TAPE)\n"
	       "  -a, --all            every SCSI generic tape, changer and disk\n"
	       "  -k, --key=KEY        mark KEY (0x.., decimal or auto) as this host's\n"
	       "                       (default: auto)\n"
	       "  -j, --json           one JSON document on stdout\n"
	       "  -H, --hex            the raw responses in hex, as --inhex reads them\n"
	       "  -i, --inhex=FILE     decode a saved response instead of asking a device\n"
	       "      --initiator-name=IQN  iSCSI initiator name (default: this host's)\n"
	       "      --keys=FILE      the key map naming keys (default /etc/tresv/keys)\n"
	       "      --print-auto-key print this host's auto key as a line of the key map\n"
	       "  -t, --timeout=SECS   command timeout in seconds (default %d)\n"
	       "  -v, --verbose        show CDBs in hex on stderr; twice: also responses\n"
	       "  -h, --help           show this help and exit\n"
	       "  -V, --version        show the version and exit\n"
	       "\n"
	       "See tpr-in(1).\n",
	       program_invocation_short_name, program_invocation_short_name,
	       program_invocation_short_name, program_invocation_short_name,
	       DEV_DEFAULT_TIMEOUT);
}

/* --print-auto-key: "0x<16 hex digits> HOSTNAME auto key of HOSTNAME",
 * a line for the key map; the name made from the host name. */
static int
print_auto_key(void)
{
	char host[256], name[KEYMAP_NAME_MAX + 1];
	uint64_t key;
	int rc = keys_auto(&key);

	if (rc != 0) {
		warnx("cannot derive this host's auto key: %s", keys_auto_strerror(rc));
		return TR_EXIT_OTHER;
	}
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	keymap_name_from(host, name, sizeof(name));
	printf("0x%016" PRIx64 " %s auto key of %s\n", key, name, name);
	return TR_EXIT_OK;
}

/*
 * The paths of r->device when status shows them or it is a map (whose
 * commands go through its first running path, into *node): 0, or the
 * exit status with r->error set.  --all found them already.
 */
static enum tr_exit
find_paths(const struct opts *o, struct lu_report *r, const char **node)
{
	char dm[64];
	bool map = paths_map_name(cli_sysroot(), r->device, dm, sizeof(dm)) == 1;
	size_t i;

	*node = NULL;
	if (r->paths.n == 0 && (map || o->view == VIEW_STATUS) &&
	    paths_of(cli_sysroot(), r->device, &r->paths, r->error, sizeof(r->error)) != 0 &&
	    map)
		return TR_EXIT_FILE;
	r->error[0] = '\0';	/* a node sysfs does not know: its paths unknown */
	if (!map)
		return TR_EXIT_OK;
	if ((i = paths_first_running(&r->paths)) == r->paths.n) {
		snprintf(r->error, sizeof(r->error), "no path of %s runs", dm);
		return TR_EXIT_NOT_READY;
	}
	*node = r->paths.v[i].node;
	return TR_EXIT_OK;
}

/* Open r->device as *d and read what comes before the PR IN commands:
 * its identity (status) and this I_T nexus.  Returns whether the PR IN
 * commands are to be sent; if not, r says why and d is closed. */
static bool
query_open(const struct opts *o, struct lu_report *r, struct dev *d)
{
	struct tid t;

	*d = cli_dev(&o->c, r->device);
	if ((r->exit = find_paths(o, r, &d->node)) != TR_EXIT_OK)
		return false;
	r->exit = dev_open(d, false, r->error, sizeof(r->error));
	if (r->exit != TR_EXIT_OK)
		return false;
	if (o->view == VIEW_STATUS) {
		r->exit = lu_identity_read(d, &r->id, r->error, sizeof(r->error));
		r->have_identity = r->exit == TR_EXIT_OK;
		if (r->exit == TR_EXIT_MALFORMED) {	/* said where; nothing more */
			r->commands = d->ncmds;
			dev_close(d);
			return false;
		}
	}
	if ((o->view == VIEW_STATUS || o->view == VIEW_FULL) && dev_nexus(d) &&
	    tid_decode(d->port_tid, d->port_tid_len, &t, NULL) == 0 &&
	    tid_format(&t, r->this_port, sizeof(r->this_port)) >= 0)
		r->have_this_port = true;
	return true;
}

/* After the PR IN commands: this I_T nexus's registration marked, the
 * commands counted, d closed. */
static void
query_close(struct lu_report *r, struct dev *d)
{
	if (r->have_this_port)
		lu_mark_nexus(d, &r->st);
	r->commands = d->ncmds;
	dev_close(d);
}

/*
 * Query every device, MAX_PARALLEL at a time: each opened, then the PR IN
 * commands of all of them in flight together from this one thread
 * (spc2_collect_units()), then each closed.  One at a time with -v, so
 * each device's trace reads in order.
 */
static void
query_all(const struct opts *o, struct lu_report *reports)
{
	struct dev d[MAX_PARALLEL];
	struct prs_unit u[MAX_PARALLEL];
	struct lu_report *at[MAX_PARALLEL];
	size_t step = o->c.verbose > 0 ? 1 : MAX_PARALLEL, i, j, n;

	for (i = 0; i < o->ndevices; i += step) {
		for (j = i, n = 0; j < o->ndevices && j < i + step; j++) {
			struct lu_report *r = &reports[j];

			if (!query_open(o, r, &d[n]))
				continue;
			at[n] = r;
			u[n] = (struct prs_unit){ .d = &d[n], .st = &r->st, .err = r->error,
						  .errlen = sizeof(r->error) };
			n++;
		}
		spc2_collect_units(u, n, view_reads[o->view].what, o->hex);
		for (j = 0; j < n; j++) {
			at[j]->exit = u[j].ex;
			query_close(at[j], &d[j]);
		}
	}
}

/*
 * What the "# DEVICE SERVICE-ACTION, N bytes" lines of a --hex capture
 * say (text, len bytes): how many responses it holds, and the service
 * action of the last (-1 when no such line).  A capture without them
 * (hand-made, or from another tool) is taken as one response.
 */
static int
capture_headers(const char *text, size_t len, int *sa)
{
	const char *p = text, *end = text + len, *nl, *name;
	unsigned s;
	int n = 0;

	*sa = -1;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl - p < 2 || p[0] != '#' || p[1] != ' ')
			continue;
		for (s = 0; (name = prs_sa_name(s)) != NULL; s++) {
			const char *at = memmem(p, (size_t)(nl - p), name, strlen(name));

			if (at != NULL && at + strlen(name) + 2 <= nl &&
			    at[strlen(name)] == ',' && memmem(at, (size_t)(nl - at),
							      " bytes", 6) != NULL) {
				*sa = (int)s;
				n++;
				break;
			}
		}
	}
	return n;
}

/* Decode the --inhex file into r. */
static void
decode_inhex(const struct opts *o, struct lu_report *r)
{
	static uint8_t bytes[PRIN_MAX_ALLOC];
	char *text = NULL;
	size_t len = 0, n = 0;
	unsigned line;
	int fd, rc, sa;
	ssize_t got;
	struct stat st;

	r->exit = TR_EXIT_FILE;
	fd = open(o->inhex, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(r->error, sizeof(r->error), "%s",
			 fd < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	if (st.st_size > MAX_INHEX_FILE || (text = malloc((size_t)st.st_size + 1)) == NULL) {
		snprintf(r->error, sizeof(r->error), "larger than %d bytes",
			 MAX_INHEX_FILE);
		goto out;
	}
	while (len < (size_t)st.st_size &&
	       (got = read(fd, text + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)got;
	rc = capture_headers(text, len, &sa);
	if (rc > 1 || (rc == 1 && sa != (int)view_reads[o->view].sa)) {
		r->exit = TR_EXIT_CONTRADICT;
		if (rc > 1)
			snprintf(r->error, sizeof(r->error), "holds %d responses; "
				 "--inhex decodes one (split the capture)", rc);
		else
			snprintf(r->error, sizeof(r->error), "holds a %s response, "
				 "not %s: give the matching action", prs_sa_name((unsigned)sa),
				 prs_sa_name(view_reads[o->view].sa));
		goto out;
	}
	rc = hex_parse_text(text, len, bytes, sizeof(bytes), &n, &line);
	if (rc != 0) {
		r->exit = TR_EXIT_MALFORMED;
		if (rc == -E2BIG)
			snprintf(r->error, sizeof(r->error),
				 "more than %zu bytes of hex", sizeof(bytes));
		else
			snprintf(r->error, sizeof(r->error),
				 "line %u: not hex text", line);
		goto out;
	}
	r->exit = prs_decode(view_reads[o->view].sa, bytes, n, &r->st, r->error,
			     sizeof(r->error));
out:
	if (fd >= 0)
		close(fd);
	free(text);
}

/* Mark which registrants are ours.  Without -k, the auto key is derived
 * only when some report holds a key to compare. */
static void
mark_reports(const struct opts *o, struct lu_report *reports, size_t n)
{
	bool have_key = o->have_key, any = false;
	uint64_t key = o->key;
	size_t i;

	for (i = 0; i < n; i++)
		any = any || reports[i].st.nkeys > 0 || reports[i].st.nregs > 0 ||
		      reports[i].st.resv.held;
	if (!have_key && any)
		have_key = keys_auto(&key) == 0;
	for (i = 0; i < n; i++) {
		reports[i].have_key = have_key;
		reports[i].key = key;
		reports[i].names = &o->c.names;
		out_mark_ours(&reports[i]);
	}
}

static int
print_reports(const struct opts *o, struct lu_report *reports, size_t n)
{
	size_t i;
	int worst = TR_EXIT_OK;

	for (i = 0; i < n; i++) {
		if (reports[i].exit != TR_EXIT_OK)
			warnx("%s: %s", reports[i].device, reports[i].error);
		else if (reports[i].st.truncated)
			warnx("%s: %s response cut at byte %zu (its length field says "
			      "more); showing what arrived, marked incomplete",
			      reports[i].device, prs_sa_name(reports[i].st.cut_sa),
			      reports[i].st.cut_at);
		if ((int)reports[i].exit > worst)
			worst = reports[i].exit;
	}
	if (o->json) {
		if (out_json_write(stdout, "tpr-in", o->view, reports, n) != 0) {
			warnx("cannot write the JSON document: out of memory");
			return worst > TR_EXIT_OTHER ? worst : TR_EXIT_OTHER;
		}
		return worst;
	}
	for (i = 0; i < n; i++) {
		if (o->hex) {
			out_hex(stdout, &reports[i]);
			continue;
		}
		if (i > 0)
			putchar('\n');
		/* a lone failed device has said it all on stderr */
		if (n == 1 && reports[i].exit != TR_EXIT_OK &&
		    !(o->view == VIEW_STATUS && (reports[i].st.spc2_conflict ||
						 reports[i].exit == TR_EXIT_INVALID_OP)))
			continue;
		out_text(stdout, o->view, &reports[i], n > 1);
	}
	return worst;
}

static int
run(struct opts *o)
{
	static struct ports_port ports[MAX_LOCAL_PORTS];
	struct lu_report *reports;
	size_t i, nports = 0, n = o->inhex ? 1 : o->ndevices;
	int ex;

	reports = calloc(n, sizeof(*reports));
	if (reports == NULL)
		err(TR_EXIT_OTHER, "out of memory");
	/* one walk of this host's ports serves the whole report: its local
	 * ports, each path's, each nexus's (-E2BIG still fills the table and
	 * counts what it holds: mark what fits) */
	if (!o->inhex && (o->view == VIEW_STATUS || o->view == VIEW_FULL)) {
		(void)ports_snapshot_take(cli_sysroot());
		/* several devices named: one sg scan, not one per device */
		if (o->view == VIEW_STATUS && o->units == NULL && n > 1)
			(void)paths_snapshot_take(cli_sysroot());
		(void)ports_local(cli_sysroot(), ports, MAX_LOCAL_PORTS, &nports);
	}
	for (i = 0; i < n; i++) {
		reports[i].device = o->inhex ? o->inhex : o->devices[i];
		reports[i].local_ports = ports;
		reports[i].nlocal = nports;
		if (o->units != NULL && o->view == VIEW_STATUS)
			reports[i].paths = o->units[i];
		else if (o->units != NULL)
			paths_free(&o->units[i]);
	}
	free(o->units);
	o->units = NULL;	/* the reports own them now */
	if (o->inhex)
		decode_inhex(o, &reports[0]);
	else
		query_all(o, reports);
	ports_snapshot_drop();
	paths_snapshot_drop();
	mark_reports(o, reports, n);
	ex = print_reports(o, reports, n);
	for (i = 0; i < n; i++) {
		prs_free(&reports[i].st);
		paths_free(&reports[i].paths);
	}
	free(reports);
	return ex;
}

static int
add_device(struct opts *o, char *path);

/* --all: every SCSI generic tape, changer and disk, one device per logical
 * unit (its first running path, in sg order), with the unit's paths. */
static int
add_all_devices(struct opts *o)
{
	struct paths_path *v = NULL;
	size_t n = 0, i, j, units, *first;
	int rc = paths_scan(cli_sysroot(), SYSFS_MASK_DISK | SYSFS_MASK_TAPE |
			    SYSFS_MASK_CHANGER, &v, &n);

	if (rc != 0) {
		warnx("--all: cannot list SCSI generic devices: %s", strerror(-rc));
		return TR_EXIT_FILE;
	}
	if (n == 0) {
		warnx("--all: no SCSI generic tape, changer or disk found");
		return TR_EXIT_FILE;
	}
	first = calloc(n, sizeof(*first));
	units = first != NULL ? paths_group(v, n, first) : 0;
	o->units = calloc(units, sizeof(*o->units));
	if (first == NULL || o->units == NULL)
		err(TR_EXIT_OTHER, "out of memory");
	for (i = 0; i < n; i++) {
		struct paths_lu *u = &o->units[o->ndevices];
		char *p;

		if (first[i] != i)
			continue;
		if ((u->v = calloc(n - i, sizeof(*u->v))) == NULL)
			err(TR_EXIT_OTHER, "out of memory");
		for (j = i; j < n; j++)
			if (first[j] == i)
				u->v[u->n++] = v[j];
		if ((u->given = paths_first_running(u)) == u->n)
			u->given = 0;	/* none runs: the first */
		if ((p = strdup(u->v[u->given].node)) == NULL || add_device(o, p) != 0)
			err(TR_EXIT_OTHER, "out of memory");
	}
	free(first);
	free(v);
	return -1;
}

static int
add_device(struct opts *o, char *path)
{
	char **d = realloc(o->devices, (o->ndevices + 1) * sizeof(*d));

	if (d == NULL) {
		free(path);
		return -ENOMEM;
	}
	o->devices = d;
	o->devices[o->ndevices++] = path;
	return 0;
}

/* tpr-in's own options, as bits for the rules below. */
enum { O_JSON = 1 << 0, O_HEX = 1 << 1, O_ALL = 1 << 2, O_DEVICE = 1 << 3 };

static const struct cli_pair output_pairs[] = {
	{ O_JSON, O_HEX, "--json and --hex contradict each other: choose one" },
	{ 0, 0, NULL },
};

static const struct cli_pair device_pairs[] = {
	{ O_ALL, O_DEVICE, "--all and -f contradict each other: choose one" },
	{ 0, 0, NULL },
};

/* Check what the options say together. Returns -1 to go on, or an exit status. */
static int
check_args(struct opts *o, const char *word, const char *key, unsigned given)
{
	int rc;

	if (o->print_auto && (word != NULL || key != NULL || o->inhex != NULL || given)) {
		warnx("--print-auto-key goes alone: no device, action or other option");
		return TR_EXIT_CONTRADICT;
	}
	if (word != NULL && (rc = cli_word(word, view_words)) < 0)
		return cli_usage_error("unknown action '%s' (status, keys, "
				       "reservation, caps or full)", word);
	o->view = word != NULL ? (enum out_view)rc : VIEW_STATUS;
	if ((rc = cli_common_timeout(&o->c)) >= 0)
		return rc;
	if (key != NULL && (rc = cli_parse_key("key", key, &o->c.names, &o->key)) >= 0)
		return rc;
	o->have_key = key != NULL;
	if ((rc = cli_check_rules(given, 0, NULL, output_pairs, NULL)) >= 0)
		return rc;
	if (o->inhex && (given & (O_DEVICE | O_ALL))) {
		warnx("--inhex decodes a file: it takes no device (-f, --all)");
		return TR_EXIT_CONTRADICT;
	}
	if (o->inhex && (o->view == VIEW_STATUS || o->hex)) {
		warnx("--inhex decodes one saved response: give keys, reservation, "
		      "caps or full, and no --hex");
		return TR_EXIT_CONTRADICT;
	}
	return cli_check_rules(given, 0, NULL, device_pairs, NULL);
}

/* The devices to query: every -f in order, --all's, or $TAPE. */
static int
choose_devices(struct opts *o)
{
	char *copy;
	size_t i;

	if (o->print_auto)
		return -1;
	if (o->all)
		return add_all_devices(o);
	for (i = 0; o->c.devices != NULL && o->c.devices[i] != NULL; i++)
		if ((copy = strdup(o->c.devices[i])) == NULL || add_device(o, copy) != 0)
			err(TR_EXIT_OTHER, "out of memory");
	for (i = 0; i < o->ndevices; i++)
		if (cli_check_device(&o->c, o->devices[i]) >= 0)
			return TR_EXIT_SYNTAX;
	if (o->ndevices > 0 || o->inhex)
		return -1;
	if (cli_common_device(&o->c) >= 0)
		return TR_EXIT_SYNTAX;
	if ((copy = strdup(o->c.device)) == NULL || add_device(o, copy) != 0)
		err(TR_EXIT_OTHER, "out of memory");
	return -1;
}

/* --json needs libjansson: loaded now, before any command is sent.  -1,
 * or TR_EXIT_OTHER with one line on stderr. */
static int
need_json(void)
{
	char why[256];

	if (out_json_load(why, sizeof(why)) == 0)
		return -1;
	warnx("--json: %s", why);
	return TR_EXIT_OTHER;
}

/* Parse argv into *o. Returns -1 to go on, or an exit status. */
static int
parse_args(int argc, const char **argv, struct opts *o)
{
	char *key = NULL;
	int json = 0, hex = 0, all = 0, print_auto = 0;
	struct poptOption common[CLI_COMMON_NOPTS], table[] = {
		{ "all", 'a', POPT_ARG_NONE, &all, 0, NULL, NULL },
		{ "key", 'k', POPT_ARG_STRING, NULL, 'k', NULL, NULL },
		{ "json", 'j', POPT_ARG_NONE, &json, 0, NULL, NULL },
		{ "hex", 'H', POPT_ARG_NONE, &hex, 0, NULL, NULL },
		{ "inhex", 'i', POPT_ARG_STRING, NULL, 'i', NULL, NULL },
		{ "print-auto-key", '\0', POPT_ARG_NONE, &print_auto, 0, NULL, NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, common, 0, NULL, NULL },
		POPT_TABLEEND
	};
	const struct cli_slot slots[] = { { 'k', &key }, { 'i', &o->inhex }, { 0, NULL } };
	poptContext ctx;
	const char *word = NULL, *extra = NULL;
	int ret;

	cli_common_table(&o->c, common);
	ctx = poptGetContext(NULL, argc, argv, table, 0);
	ret = cli_parse(ctx, &o->c, slots, usage);
	o->json = json;
	o->hex = hex;
	o->all = all;
	o->print_auto = print_auto;
	if (ret < 0 && (word = poptGetArg(ctx)) != NULL && (extra = poptGetArg(ctx)) != NULL)
		ret = cli_usage_error("unexpected argument '%s'", extra);
	else if (ret < 0)
		ret = check_args(o, word, key, (json ? O_JSON : 0) | (hex ? O_HEX : 0) |
				 (all ? O_ALL : 0) | (o->c.devices ? O_DEVICE : 0));
	if (ret < 0)
		ret = choose_devices(o);
	if (ret < 0 && o->json)
		ret = need_json();
	free(key);
	poptFreeContext(ctx);
	return ret;
}

int
main(int argc, char **argv)
{
	struct opts o = { .view = VIEW_STATUS };
	size_t i;
	int ex;

	ex = parse_args(argc, (const char **)argv, &o);
	if (ex < 0)
		ex = o.print_auto ? print_auto_key() : run(&o);
	for (i = 0; i < o.ndevices; i++) {
		free(o.devices[i]);
		if (o.units != NULL)
			paths_free(&o.units[i]);
	}
	free(o.units);
	free(o.devices);
	free(o.inhex);
	cli_common_free(&o.c);
	return cli_finish(ex);
}
