/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tpr-in's text and hex writers, and what they share with the JSON one (out_json.c). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "output.h"
#include "vpd.h"

const char *
out_pdt_name(int pdt)
{
	const char *n = pdt >= 0 ? vpd_pdt_name((unsigned)pdt) : NULL;

	return n != NULL ? n : "unknown";
}

void
out_reg_tid_str(const struct prs_registrant *g, char *buf, size_t len)
{
	if (tid_format(&g->tid, buf, len) < 0)
		snprintf(buf, len, "?");
}

/* key and its name, "0x1111 (backup-a)", on f. */
static void
text_key(FILE *f, const struct lu_report *r, uint64_t key)
{
	char s[KEYNAMES_STR_MAX];

	fputs(keynames_str(r->names, key, s, sizeof(s)), f);
}

void
out_mark_ours(struct lu_report *r)
{
	size_t i, j;

	for (i = 0; i < r->st.nregs; i++) {
		struct prs_registrant *g = &r->st.regs[i];

		g->this_host = g->this_port || g->other_session;
		for (j = 0; j < r->nlocal && !g->this_host; j++)
			g->this_host = tid_same_port(r->local_ports[j].tid,
						     r->local_ports[j].tid_len,
						     g->tid_raw, g->tid_raw_len) == 1;
		g->our_key = r->have_key && g->key == r->key;
	}
}

int
out_path_registered(const struct lu_report *r, const struct paths_path *p,
		    const struct prs_registrant **g)
{
	size_t i;

	*g = NULL;
	if (!(r->st.have & PRS_FULL) || r->st.full_unsupported || p->port_rc != 0)
		return -1;
	for (i = 0; i < r->st.nregs; i++)
		if (lu_nexus_is(p->tid, p->tid_len, p->rel_tgt_port, &r->st.regs[i])) {
			*g = &r->st.regs[i];
			return 1;
		}
	return 0;
}

/* ---- text ---------------------------------------------------------------- */

/* "LABEL: N", or "LABEL: at least N, list cut at byte B" when the
 * response of sa the list came from did not arrive whole. */
static void
text_count(FILE *f, const char *label, size_t n, const struct pr_state *st,
	   enum prin_sa sa)
{
	if (st->truncated && st->cut_sa == sa)
		fprintf(f, "%s: at least %zu, list cut at byte %zu\n", label, n,
			st->cut_at);
	else
		fprintf(f, "%s: %zu\n", label, n);
}

static void
text_type(FILE *f, const char *label, unsigned type)
{
	const char *title = keys_type_title(type);

	if (title != NULL)
		fprintf(f, "%s: %s (%s, %u)\n", label, title,
			keys_type_abbrev(type), type);
	else
		fprintf(f, "%s: unknown (%u)\n", label, type);
}

static const char *
scope_word(unsigned scope)
{
	return scope == PR_SCOPE_LU ? "LU" : scope <= 2 ? "obsolete" : "reserved";
}

/* "key: 0x1111 (backup-a)", and " (this host's key)" for ours. */
static void
text_key_line(FILE *f, const struct lu_report *r, uint64_t key)
{
	fputs("key: ", f);
	text_key(f, r, key);
	fputs(r->have_key && key == r->key ? " (this host's key)\n" : "\n", f);
}

static void
text_keys(FILE *f, const struct lu_report *r)
{
	size_t i;

	fprintf(f, "PR generation: 0x%" PRIx32 "\n", r->st.prgeneration);
	text_count(f, "keys", r->st.nkeys, &r->st, PRIN_READ_KEYS);
	for (i = 0; i < r->st.nkeys; i++)
		text_key_line(f, r, r->st.keys[i]);
}

static void
text_resv(FILE *f, const struct lu_report *r)
{
	const struct prin_resv *v = &r->st.resv;

	fprintf(f, "PR generation: 0x%" PRIx32 "\n", r->st.prgeneration);
	if (!v->held) {
		fprintf(f, "reservation: none\n");
		return;
	}
	if (v->truncated) {
		fprintf(f, "reservation: held, descriptor cut at byte %zu: holder, "
			"scope and type unknown\n", r->st.cut_at);
		return;
	}
	fprintf(f, "reservation: held\n");
	fputs("holder key: ", f);
	text_key(f, r, v->key);
	fputs(keys_type_all_registrants(v->type) ? " (every registrant is a holder)\n" :
	      r->have_key && v->key == r->key ? " (this host's key)\n" : "\n", f);
	fprintf(f, "scope: %s (%u)\n", scope_word(v->scope), v->scope);
	text_type(f, "type", v->type);
}

static void
text_caps(FILE *f, const struct lu_report *r)
{
	const struct prin_caps *c = &r->st.caps;
	size_t i;
	unsigned t;

	if (c->received < 8)
		fprintf(f, "capabilities: cut at byte %u; the fields from there on are "
			"unknown\n", c->received);
	for (i = 0; i < prin_caps_nbits; i++) {
		if (strcmp(prin_caps_bits[i].label, "PTPL_A") == 0 && c->received > 3)
			fprintf(f, "ALLOW COMMANDS: %u (%s)\n", c->allow_commands,
				prs_allow_commands_str(c->allow_commands));
		if (prin_caps_bits[i].byte < c->received)
			fprintf(f, "%s: %d (%s)\n", prin_caps_bits[i].label,
				prin_caps_flag(c, i), prin_caps_bits[i].meaning);
	}
	if (!c->tmv || c->received < 6)
		return;
	for (t = 0; t < 16; t++)
		if (prin_caps_type(c, t) >= 0)
			fprintf(f, "type %s: %d (%s)\n", keys_type_abbrev(t),
				prin_caps_type(c, t), keys_type_title(t));
}

static void
text_registrant(FILE *f, const struct lu_report *r, const char *label,
		const struct prs_registrant *g)
{
	char tid[TID_FORMAT_MAX];

	out_reg_tid_str(g, tid, sizeof(tid));
	fprintf(f, "%s: key=", label);
	text_key(f, r, g->key);
	fprintf(f, " transport_id=%s rel_tgt_port=%u r_holder=%d all_tg_pt=%d", tid,
		g->rel_tgt_port, g->r_holder, g->all_tg_pt);
	if (g->r_holder)
		fprintf(f, " scope=%u type=%s", g->scope,
			keys_type_abbrev(g->type) ? keys_type_abbrev(g->type) : "unknown");
	if (g->tid_repaired)
		fputs(" (TransportID sent without its header)", f);
	if (g->this_port)
		fputs(" (this path)", f);
	else if (g->other_session)
		fputs(" (this host, older session)", f);
	else if (g->this_host)
		fputs(" (this host, another path)", f);
	else if (g->our_key)
		fputs(" (this host's key)", f);
	fputc('\n', f);
}

static void
text_full(FILE *f, const struct lu_report *r)
{
	size_t i;

	fprintf(f, "PR generation: 0x%" PRIx32 "\n", r->st.prgeneration);
	text_count(f, "registrants", r->st.nregs, &r->st, PRIN_READ_FULL_STATUS);
	for (i = 0; i < r->st.nregs; i++)
		text_registrant(f, r, "registrant", &r->st.regs[i]);
}

static void
text_identity(FILE *f, const struct lu_identity *id)
{
	fprintf(f, "vendor: %s\n", id->vendor);
	fprintf(f, "product: %s\n", id->product);
	fprintf(f, "revision: %s\n", id->revision);
	fprintf(f, "peripheral device type: %s (%d)\n", out_pdt_name(id->pdt), id->pdt);
	if (id->unit_serial[0] != '\0')
		fprintf(f, "unit serial number: %s\n", id->unit_serial);
	if (id->lu_name[0] != '\0')
		fprintf(f, "LU name: %s\n", id->lu_name);
	if (id->cut[0] != '\0')
		fprintf(f, "identity: incomplete, %s\n", id->cut);
}

static void
text_status_caps(FILE *f, const struct pr_state *st)
{
	size_t i;
	unsigned t;

	if (!(st->have & PRS_CAPS)) {
		fprintf(f, "capabilities: unknown (REPORT CAPABILITIES %s)\n",
			st->caps_unsupported ? "not supported" : "not read");
		return;
	}
	fputs("capabilities:", f);
	for (i = 0; i < prin_caps_nbits; i++)
		if (prin_caps_flag(&st->caps, i))
			fprintf(f, " %s", prin_caps_bits[i].label);
	if (st->caps.received < 8)
		fprintf(f, " (cut at byte %u)", st->caps.received);
	fputc('\n', f);
	fprintf(f, "allow commands: %u (%s)\n", st->caps.allow_commands,
		prs_allow_commands_str(st->caps.allow_commands));
	if (!st->caps.tmv)
		return;
	fputs("types supported:", f);
	for (t = 0; t < 16; t++)
		if (prin_caps_type(&st->caps, t) == 1)
			fprintf(f, " %s", keys_type_abbrev(t));
	fputc('\n', f);
}

static const char *const yes_no[] = { "unknown", "no", "yes" };

/* This host's paths: one line each, then how many are registered. */
static void
text_paths(FILE *f, const struct lu_report *r)
{
	const struct paths_lu *lu = &r->paths;
	const struct prs_registrant *g;
	char tid[TID_FORMAT_MAX], port[16];
	size_t i, yes = 0;
	int reg;

	if (lu->map[0] != '\0')
		fprintf(f, "map: %s (%s)\n", lu->map, lu->map_name);
	for (i = 0; i < lu->n; i++) {
		reg = out_path_registered(r, &lu->v[i], &g);
		yes += reg == 1;
		snprintf(port, sizeof(port), "%d", lu->v[i].rel_tgt_port);
		fprintf(f, "path: %s transport_id=%s rel_tgt_port=%s state=%s "
			"registered=%s", lu->v[i].node,
			paths_tid_str(&lu->v[i], tid, sizeof(tid)),
			lu->v[i].rel_tgt_port > 0 ? port : "unknown",
			lu->v[i].state[0] ? lu->v[i].state : "unknown", yes_no[reg + 1]);
		if (g != NULL)
			fprintf(f, " key=0x%" PRIx64, g->key);
		fputs(i == lu->given ? " (this path)\n" : "\n", f);
	}
	if (lu->n == 0)
		return;
	if (r->st.full_unsupported) {
		fprintf(f, "this host: %zu path%s; which are registered is unknown "
			"without READ FULL STATUS\n", lu->n, lu->n == 1 ? "" : "s");
		return;
	}
	fprintf(f, "this host: registered through %zu of %zu path%s:", yes, lu->n,
		lu->n == 1 ? "" : "s");
	for (i = 0; i < lu->n; i++)
		fprintf(f, "%s %s %s", i ? "," : "", lu->v[i].node,
			yes_no[out_path_registered(r, &lu->v[i], &g) + 1]);
	fputc('\n', f);
}

static void
text_status(FILE *f, const struct lu_report *r)
{
	const struct pr_state *st = &r->st;
	const struct prs_registrant *h = prs_holder(st);
	bool registered = false;
	size_t i;

	if (r->have_identity)
		text_identity(f, &r->id);
	if (st->spc2_conflict && st->spc2_holder == HOLDER_US_SPC2) {
		fputs("reservation: SPC-2 RESERVE held by this initiator\n", f);
		fputs("effect: other initiators' commands get RESERVATION CONFLICT; "
		      "this device also refuses persistent reservation commands "
		      "until the reservation is released\n", f);
		return;
	}
	if (st->spc2_conflict && st->spc2_holder != HOLDER_OTHER_SPC2) {
		fputs("reservation: SPC-2 RESERVE held (TEST UNIT READY could not "
		      "tell by whom)\n", f);
		return;
	}
	if (st->spc2_conflict) {
		fputs("reservation: SPC-2 RESERVE held by another initiator\n", f);
		fputs("effect: commands from this initiator, PERSISTENT RESERVE IN "
		      "and TEST UNIT READY included, get RESERVATION CONFLICT; "
		      "SPC-2 offers no way to ask who holds it\n", f);
		return;
	}
	text_status_caps(f, st);
	fprintf(f, "PR generation: 0x%" PRIx32 "\n", st->prgeneration);
	if (!st->resv.held) {
		fputs("reservation: none\n", f);
	} else if (st->resv.truncated) {
		fprintf(f, "reservation: held, descriptor cut at byte %zu: holder "
			"unknown\n", st->cut_at);
	} else {
		fprintf(f, "reservation: %s (%s, %u), %s scope\n",
			keys_type_title(st->resv.type) ? keys_type_title(st->resv.type) : "unknown",
			keys_type_abbrev(st->resv.type) ? keys_type_abbrev(st->resv.type) : "?",
			st->resv.type, scope_word(st->resv.scope));
		if (h != NULL) {
			text_registrant(f, r, "holder", h);
		} else {
			fputs("holder: key=", f);
			text_key(f, r, st->resv.key);
			fputc('\n', f);
		}
		if (prs_type_effect(st->resv.type) != NULL)
			fprintf(f, "effect: %s\n", prs_type_effect(st->resv.type));
	}
	if (st->full_unsupported) {
		fputs("registrants: READ FULL STATUS not supported; keys only\n", f);
		if (st->truncated && st->cut_sa == PRIN_READ_KEYS)
			text_count(f, "keys", st->nkeys, st, PRIN_READ_KEYS);
		for (i = 0; i < st->nkeys; i++)
			text_key_line(f, r, st->keys[i]);
	} else {
		text_count(f, "registrants", st->nregs, st, PRIN_READ_FULL_STATUS);
		for (i = 0; i < st->nregs; i++) {
			text_registrant(f, r, "registrant", &st->regs[i]);
			registered |= st->regs[i].this_port;
		}
	}
	if (r->have_this_port)
		fprintf(f, "this path: %s (%s)\n", r->this_port,
			st->full_unsupported ? "registration unknown without READ FULL STATUS" :
			registered ? "registered" : st->truncated &&
			st->cut_sa == PRIN_READ_FULL_STATUS ?
			"not in the part of the list that arrived" : "not registered");
	text_paths(f, r);
}

void
out_text(FILE *f, enum out_view v, const struct lu_report *r, bool with_device)
{
	if (with_device || v == VIEW_STATUS)
		fprintf(f, "device: %s\n", r->device);
	if (v == VIEW_STATUS && r->exit == TR_EXIT_INVALID_OP) {
		if (r->have_identity)
			text_identity(f, &r->id);
		fputs("persistent reservations: not supported (PERSISTENT RESERVE "
		      "IN is an invalid command operation code); only SPC-2 "
		      "RESERVE/RELEASE can hold this device\n", f);
		return;
	}
	if (r->exit != TR_EXIT_OK && !(v == VIEW_STATUS && r->st.spc2_conflict)) {
		fprintf(f, "error: %s\n", r->error);
		return;
	}
	switch (v) {
	case VIEW_STATUS:
		text_status(f, r);
		break;
	case VIEW_KEYS:
		text_keys(f, r);
		break;
	case VIEW_RESERVATION:
		text_resv(f, r);
		break;
	case VIEW_CAPS:
		text_caps(f, r);
		break;
	case VIEW_FULL:
		text_full(f, r);
		break;
	}
}

/* ---- hex ----------------------------------------------------------------- */

void
out_hex(FILE *f, const struct lu_report *r)
{
	size_t i, j;

	for (i = 0; i < r->st.nraw; i++) {
		const struct prs_raw *w = &r->st.raw[i];

		fprintf(f, "# %s %s, %zu bytes\n", r->device, prs_sa_name(w->sa), w->len);
		for (j = 0; j < w->len; j++)
			fprintf(f, "%02x%c", w->buf[j],
				(j % 16 == 15 || j + 1 == w->len) ? '\n' : ' ');
	}
}
