/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-in's results as text (stable "label: value" lines) and as JSON (jansson). */
#ifndef TRESV_OUTPUT_H
#define TRESV_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "exitstat.h"
#include "keynames.h"
#include "lu.h"
#include "paths.h"
#include "ports.h"
#include "prstate.h"
#include "tid.h"

/* What a report shows: tpr-in's actions. */
enum out_view {
	VIEW_STATUS,
	VIEW_KEYS,
	VIEW_RESERVATION,
	VIEW_CAPS,
	VIEW_FULL,
};

/* Everything tpr-in learned about one device. */
struct lu_report {
	const char *device;		/* path, or the --inhex file */
	enum tr_exit exit;		/* this device's exit status */
	char error[384];		/* why, when exit != 0 */
	struct pr_state st;
	bool have_identity;
	struct lu_identity id;
	bool have_this_port;		/* the initiator port of this path is known */
	char this_port[TID_FORMAT_MAX];	/* ... as tid_format() writes it */
	const struct ports_port *local_ports;	/* this host's initiator ports */
	size_t nlocal;
	struct paths_lu paths;		/* status: this host's paths to the unit
					 * (n 0: unknown), owned (paths_free()) */
	bool have_key;			/* our key (-k, or auto) is known */
	uint64_t key;
	const struct keynames *names;	/* names shown beside keys; NULL: none */
	unsigned long commands;		/* SCSI commands sent for this report */
};

/*
 * Mark each registrant of r->st that is any initiator port of this host
 * (this_host: this path's, marked this_port by lu_mark_nexus(), or one of
 * r->local_ports) or carries our key (our_key).  Call before printing.
 */
void out_mark_ours(struct lu_report *r);

/*
 * Whether path p of r->paths is registered, from r->st's READ FULL STATUS
 * (lu_nexus_is() with its port and target port): 1 and its registrant in
 * *g, 0 not, -1 unknown (no READ FULL STATUS, or its port unknown).
 */
int out_path_registered(const struct lu_report *r, const struct paths_path *p,
			const struct prs_registrant **g);

/*
 * Print r for view v as text on f.  with_device adds a leading "device:"
 * line (always for VIEW_STATUS).  A failed report prints its device line
 * (if any) and "error: ...".  Every key is followed by its name in
 * parentheses when r->names has one ("key=0x1111 (backup-a)").  Labels
 * and formats are tpr-in(1)'s.
 */
void out_text(FILE *f, enum out_view v, const struct lu_report *r,
	      bool with_device);

/* The name of PERIPHERAL DEVICE TYPE pdt (vpd_pdt_name()), "unknown" for
 * one it does not know or pdt < 0. */
const char *out_pdt_name(int pdt);

/* The printable TransportID of registrant g (tid_format() of what
 * prs_decode() decoded) into buf (len bytes), "?" when it cannot be
 * formatted. */
void out_reg_tid_str(const struct prs_registrant *g, char *buf, size_t len);

/* libjansson's soname, loaded by out_json_load(). */
#define OUT_JSON_SONAME "libjansson.so.4"

/*
 * Load libjansson (OUT_JSON_SONAME) with dlopen(3), once: every other
 * out_json*() needs it, nothing else does.  Returns 0, or -ELIBACC with
 * "libjansson.so.4: cannot load it (REASON)" in why (whylen bytes; why
 * may be NULL with whylen 0).
 */
int out_json_load(char *why, size_t whylen);

/*
 * r for view v as a JSON object (schema in tpr-in(1)); keys are strings
 * "0x..." since JSON numbers cannot hold 64 bits, each with a key_name
 * beside it (a string, or null: no name; "key_names" for the array of
 * the keys view).  Returns a new reference, NULL on allocation failure
 * or when libjansson cannot be loaded.
 */
json_t *out_json(enum out_view v, const struct lu_report *r);

/*
 * One JSON document on f, indented 2, fields in order, and a newline:
 * {"tool": tool, "version": TRESV_VERSION, "devices": [out_json() of each
 * of r[0..n-1]]}.  Returns 0, -ELIBACC (libjansson cannot be loaded), or
 * -ENOMEM (the document could not be built or written whole).
 */
int out_json_write(FILE *f, const char *tool, enum out_view v, const struct lu_report *r,
		   size_t n);

/*
 * The raw responses of r in commented hex, the form --inhex reads:
 * a "# DEVICE SERVICE-ACTION, N bytes" line, then 16 bytes a line.
 */
void out_hex(FILE *f, const struct lu_report *r);

#endif /* TRESV_OUTPUT_H */
