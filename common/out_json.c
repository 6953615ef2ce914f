/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-in's JSON writer, through libjansson loaded with dlopen(3) only when a run asks for JSON. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dlib.h"
#include "keys.h"
#include "output.h"

/* The functions of libjansson this file calls (jansson.h, 2.x ABI),
 * loaded by out_json_load(): linked, the library would load at every
 * start of every tool, and only tpr-in --json uses it (issue 16). */
static struct {
	json_t *(*object)(void);
	json_t *(*array)(void);
	json_t *(*string)(const char *value);
	json_t *(*integer)(json_int_t value);
	json_t *(*null)(void);
	json_t *(*true_)(void);
	json_t *(*false_)(void);
	int (*object_set_new)(json_t *object, const char *key, json_t *value);
	json_t *(*object_get)(const json_t *object, const char *key);
	int (*array_append_new)(json_t *array, json_t *value);
	json_t *(*pack)(const char *fmt, ...);
	int (*dumpf)(const json_t *json, FILE *output, size_t flags);
	void (*delete_)(json_t *json);
} J;

#define JSYM(name, member) { name, offsetof(__typeof__(J), member) }
static const struct dlib_sym json_syms[] = {
	JSYM("json_object", object),
	JSYM("json_array", array),
	JSYM("json_string", string),
	JSYM("json_integer", integer),
	JSYM("json_null", null),
	JSYM("json_true", true_),
	JSYM("json_false", false_),
	JSYM("json_object_set_new", object_set_new),
	JSYM("json_object_get", object_get),
	JSYM("json_array_append_new", array_append_new),
	JSYM("json_pack", pack),
	JSYM("json_dumpf", dumpf),
	JSYM("json_delete", delete_),
};

/* Its handle once loaded. */
static void *json_lib;

int
out_json_load(char *why, size_t whylen)
{
	if (json_lib == NULL)
		json_lib = dlib_open(OUT_JSON_SONAME, json_syms,
				     sizeof(json_syms) / sizeof(json_syms[0]), &J, why, whylen);
	return json_lib != NULL ? 0 : -ELIBACC;
}

/* json_boolean(), which jansson.h defines as a macro over its own symbols. */
static json_t *
js_bool(int v)
{
	return v ? J.true_() : J.false_();
}

static json_t *
js_key(uint64_t key)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%" PRIx64, key);
	return J.string(s);
}

/* The name of key as JSON: a string, or null when it has none. */
static json_t *
js_key_name(const struct lu_report *r, uint64_t key)
{
	char name[KEYNAMES_NAME_MAX];

	return keynames_name(r->names, key, name, sizeof(name)) != NULL ?
		J.string(name) : J.null();
}

/* jansson's J.string() refuses invalid UTF-8; ours is escaped ASCII,
 * so this only fails on allocation. */
static json_t *
js_type(unsigned type)
{
	return J.pack("{s:i, s:s?, s:s?}", "code", (int)type,
			 "name", keys_type_abbrev(type), "title", keys_type_title(type));
}

/* A capability bit's JSON name: its SPC label in lower case, into buf. */
static const char *
js_label(const char *spc, char *buf, size_t len)
{
	size_t j;

	for (j = 0; spc[j] != '\0' && j + 1 < len; j++)
		buf[j] = (char)tolower((unsigned char)spc[j]);
	buf[j] = '\0';
	return buf;
}

static json_t *
js_caps(const struct prin_caps *c)
{
	json_t *o = J.object(), *types;
	size_t i;
	unsigned t;
	char label[16];

	for (i = 0; i < prin_caps_nbits; i++)
		J.object_set_new(o, js_label(prin_caps_bits[i].label, label, sizeof(label)),
				    js_bool(prin_caps_flag(c, i)));
	J.object_set_new(o, "allow_commands", J.integer(c->allow_commands));
	J.object_set_new(o, "allow_commands_meaning",
			    J.string(prs_allow_commands_str(c->allow_commands)));
	types = c->tmv ? J.array() : J.null();
	for (t = 0; t < 16 && c->tmv; t++)
		if (prin_caps_type(c, t) == 1)
			J.array_append_new(types, J.string(keys_type_abbrev(t)));
	J.object_set_new(o, "types_supported", types);
	/* cut short: what did not arrive is unknown */
	for (i = 0; i < prin_caps_nbits && c->received < 8; i++)
		if (prin_caps_bits[i].byte >= c->received)
			J.object_set_new(o, js_label(prin_caps_bits[i].label, label,
							sizeof(label)), J.null());
	if (c->received <= 3) {
		J.object_set_new(o, "allow_commands", J.null());
		J.object_set_new(o, "allow_commands_meaning", J.null());
	}
	if (c->received < 6)
		J.object_set_new(o, "types_supported", J.null());
	return o;
}

static json_t *
js_registrant(const struct lu_report *r, const struct prs_registrant *g)
{
	char tid[TID_FORMAT_MAX];
	json_t *o;

	out_reg_tid_str(g, tid, sizeof(tid));
	o = J.pack("{s:o, s:o, s:b, s:b, s:i, s:s, s:b, s:b, s:b}",
		      "key", js_key(g->key), "key_name", js_key_name(r, g->key),
		      "r_holder", g->r_holder,
		      "all_tg_pt", g->all_tg_pt,
		      "relative_target_port", (int)g->rel_tgt_port,
		      "transport_id", tid, "this_path", g->this_port,
		      "this_host", g->this_host, "our_key", g->our_key);
	if (o != NULL && g->other_session)
		J.object_set_new(o, "other_session", J.true_());
	if (o != NULL && g->tid_repaired)
		J.object_set_new(o, "transport_id_headerless", J.true_());
	if (o != NULL)
		J.object_set_new(o, "protocol",
				    J.string(tid_protocol_name(g->tid.protocol_identifier) ?
						tid_protocol_name(g->tid.protocol_identifier) : "unknown"));
	if (o != NULL && g->r_holder) {
		J.object_set_new(o, "scope", J.integer(g->scope));
		J.object_set_new(o, "type", js_type(g->type));
	}
	return o;
}

static json_t *
js_reservation(const struct lu_report *r)
{
	const struct prin_resv *v = &r->st.resv;

	if (!v->held)
		return J.null();
	if (v->truncated)	/* held, but its descriptor did not arrive */
		return J.pack("{s:n, s:n, s:n, s:n, s:n}", "key", "key_name", "scope", "type",
				 "effect");
	return J.pack("{s:o, s:o, s:i, s:o, s:s?}", "key", js_key(v->key),
			 "key_name", js_key_name(r, v->key),
			 "scope", (int)v->scope, "type", js_type(v->type),
			 "effect", prs_type_effect(v->type));
}

static json_t *
js_identity(const struct lu_identity *id)
{
	return J.pack("{s:s, s:s, s:s, s:i, s:s, s:s?, s:s?, s:s?}",
			 "vendor", id->vendor, "product", id->product,
			 "revision", id->revision, "peripheral_device_type", id->pdt,
			 "peripheral_device_type_name", out_pdt_name(id->pdt),
			 "unit_serial_number", id->unit_serial[0] ? id->unit_serial : NULL,
			 "lu_name", id->lu_name[0] ? id->lu_name : NULL,
			 "cut", id->cut[0] ? id->cut : NULL);
}

/* This host's paths, each with its registration (null: unknown). */
static json_t *
js_paths(const struct lu_report *r)
{
	const struct paths_lu *lu = &r->paths;
	const struct prs_registrant *g;
	char tid[TID_FORMAT_MAX];
	json_t *a = J.array(), *o;
	size_t i;
	int reg;

	for (i = 0; i < lu->n; i++) {
		const struct paths_path *p = &lu->v[i];

		reg = out_path_registered(r, p, &g);
		o = J.pack("{s:s, s:s?, s:s?, s:o, s:o, s:o, s:b}", "device", p->node,
			      "state", p->state[0] ? p->state : NULL,
			      "transport_id", p->port_rc == 0 ?
			      paths_tid_str(p, tid, sizeof(tid)) : NULL,
			      "relative_target_port", p->rel_tgt_port > 0 ?
			      J.integer(p->rel_tgt_port) : J.null(),
			      "registered", reg < 0 ? J.null() : js_bool(reg),
			      "key", g != NULL ? js_key(g->key) : J.null(),
			      "this_path", i == lu->given);
		J.array_append_new(a, o);
	}
	return a;
}

static void
js_add_view(json_t *o, enum out_view v, const struct lu_report *r)
{
	const struct pr_state *st = &r->st;
	json_t *a;
	size_t i;

	if (v == VIEW_STATUS && r->have_identity)
		J.object_set_new(o, "identity", js_identity(&r->id));
	if (v == VIEW_STATUS)
		J.object_set_new(o, "persistent_reservations",
				    st->spc2_conflict ? J.null() :
				    js_bool(r->exit != TR_EXIT_INVALID_OP));
	if (v == VIEW_STATUS)
		J.object_set_new(o, "spc2_reserved", !st->spc2_conflict ? J.false_() :
				    J.string(holder_spc2_who(st->spc2_holder) ?
						holder_spc2_who(st->spc2_holder) :
						"unknown initiator"));
	if ((v == VIEW_CAPS || v == VIEW_STATUS) && (st->have & PRS_CAPS))
		J.object_set_new(o, "capabilities", js_caps(&st->caps));
	if (v != VIEW_CAPS && (st->have & (PRS_KEYS | PRS_RESV | PRS_FULL)))
		J.object_set_new(o, "prgeneration", J.integer(st->prgeneration));
	if (v == VIEW_KEYS || (v == VIEW_STATUS && st->full_unsupported)) {
		json_t *names = J.array();

		a = J.array();
		for (i = 0; i < st->nkeys; i++) {
			J.array_append_new(a, js_key(st->keys[i]));
			J.array_append_new(names, js_key_name(r, st->keys[i]));
		}
		J.object_set_new(o, "keys", a);
		J.object_set_new(o, "key_names", names);
	}
	if ((v == VIEW_RESERVATION || v == VIEW_STATUS) && (st->have & PRS_RESV))
		J.object_set_new(o, "reservation", js_reservation(r));
	if ((v == VIEW_FULL || v == VIEW_STATUS) && (st->have & PRS_FULL)) {
		a = J.array();
		for (i = 0; i < st->nregs; i++)
			J.array_append_new(a, js_registrant(r, &st->regs[i]));
		J.object_set_new(o, "registrants", a);
	}
	if (v == VIEW_STATUS && r->have_this_port)
		J.object_set_new(o, "this_path", J.string(r->this_port));
	if (v == VIEW_STATUS && r->paths.map[0] != '\0')
		J.object_set_new(o, "map", J.pack("{s:s, s:s}", "device", r->paths.map,
							"name", r->paths.map_name));
	if (v == VIEW_STATUS && r->paths.n > 0)
		J.object_set_new(o, "paths", js_paths(r));
}

json_t *
out_json(enum out_view v, const struct lu_report *r)
{
	char f[256];
	json_t *o;

	if (out_json_load(NULL, 0) != 0)
		return NULL;
	o = J.pack("{s:s, s:i, s:b, s:i}", "device", r->device,
			      "exit_status", (int)r->exit,
			      "truncated", r->st.truncated,
			      "commands_sent", (int)r->commands);
	if (o == NULL)
		return NULL;
	if (r->st.truncated)
		J.object_set_new(o, "cut", J.pack("{s:s, s:I}", "response",
				    prs_sa_name(r->st.cut_sa), "at_byte", (json_int_t)r->st.cut_at));
	if (r->exit != TR_EXIT_OK)
		J.object_set_new(o, "error", J.string(r->error));
	if (r->st.malformed)
		J.object_set_new(o, "malformed", J.pack(
			"{s:s, s:s, s:I, s:I, s:I, s:s}", "response",
			prs_sa_name(r->st.fault_sa), "field", r->st.fault.field,
			"offset", (json_int_t)r->st.fault.offset,
			"value", (json_int_t)r->st.fault.value,
			"limit", (json_int_t)r->st.fault.limit,
			"says", fault_str(&r->st.fault, f, sizeof(f))));
	/* status describes a unit even when PR commands fail on it */
	if (r->exit == TR_EXIT_OK ||
	    (v == VIEW_STATUS && (r->st.spc2_conflict || r->exit == TR_EXIT_INVALID_OP)))
		js_add_view(o, v, r);
	return o;
}

int
out_json_write(FILE *f, const char *tool, enum out_view v, const struct lu_report *r, size_t n)
{
	json_t *doc, *devs;
	size_t i;
	int rc;

	if (out_json_load(NULL, 0) != 0)
		return -ELIBACC;
	doc = J.pack("{s:s, s:s, s:[]}", "tool", tool, "version", TRESV_VERSION, "devices");
	devs = doc != NULL ? J.object_get(doc, "devices") : NULL;
	for (i = 0; i < n && devs != NULL; i++)
		if (J.array_append_new(devs, out_json(v, &r[i])) != 0)
			devs = NULL;
	rc = devs != NULL && J.dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	     fputc('\n', f) != EOF ? 0 : -ENOMEM;
	/* the document is this function's alone (refcount 1), so json_decref()
	 * would call json_delete(): reached here through the table */
	if (doc != NULL)
		J.delete_(doc);
	return rc;
}
