/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One registration action on every path of a logical unit, each its own I_T nexus: what is sent, skipped and put back. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allpaths.h"
#include "cmd.h"
#include "conflict.h"
#include "iscsi_url.h"
#include "keys.h"

enum tr_exit
allpaths_start(struct allpaths *s, struct paths_lu *lu, const struct dev *like)
{
	char why[512];
	size_t i;
	enum tr_exit ex = TR_EXIT_OK;

	memset(s, 0, sizeof(*s));
	if (paths_of(like->sysroot, like->name, lu, why, sizeof(why)) != 0) {
		warnx("%s: cannot find the paths of its logical unit: %s", like->name, why);
		return TR_EXIT_FILE;
	}
	if (lu->n == 1 && lu->map[0] == '\0' && like->verbose > 0)
		warnx("%s: one path: no other device node of this host leads to %s%s",
		      like->name, lu->v[0].lu_name[0] ? "LU " : "its logical unit",
		      lu->v[0].lu_name);
	s->p = calloc(lu->n, sizeof(*s->p));
	if (s->p == NULL) {
		warnx("%s: out of memory", like->name);
		paths_free(lu);
		return TR_EXIT_OTHER;
	}
	s->n = s->failed = lu->n;
	for (i = 0; i < lu->n; i++) {
		struct allpaths_path *p = &s->p[i];

		snprintf(p->node, sizeof(p->node), "%s", lu->v[i].node);
		snprintf(p->state, sizeof(p->state), "%s", lu->v[i].state);
		p->running = paths_running(&lu->v[i]);
		p->d = dev_like(like, p->node);
		if (p->running && ex == TR_EXIT_OK &&
		    (ex = dev_open(&p->d, true, why, sizeof(why))) != TR_EXIT_OK)
			warnx("%s: its path %s: %s", like->name, p->node, why);
	}
	if (ex == TR_EXIT_OK && paths_first_running(lu) == lu->n) {
		size_t off = 0;

		for (i = 0; i < lu->n && off + 2 < sizeof(why); i++)
			off += (size_t)snprintf(why + off, sizeof(why) - off, "%s%s %s",
						i ? ", " : "", lu->v[i].node, lu->v[i].state);
		warnx("%s: no path of its logical unit runs: %s", like->name, why);
		ex = TR_EXIT_NOT_READY;
	}
	if (ex != TR_EXIT_OK) {
		allpaths_close(s);
		paths_free(lu);
	}
	return ex;
}

enum tr_exit
allpaths_open(struct dev *d, bool read_write, bool all_ok, bool *all, struct allpaths *s,
	      struct paths_lu *lu)
{
	char why[512], dm[64];
	bool url = iscsi_url_is_url(d->name);
	bool map = !url && paths_map_name(d->sysroot, d->name, dm, sizeof(dm)) == 1;
	enum tr_exit ex = TR_EXIT_OK;
	size_t i;

	memset(s, 0, sizeof(*s));
	memset(lu, 0, sizeof(*lu));
	if (url && all_ok && *all) {	/* before the login: nothing sent */
		warnx("%s: --all-paths takes a device node: an iscsi:// URL is one I_T "
		      "nexus, its own session", d->name);
		return TR_EXIT_SYNTAX;
	}
	*all = all_ok && (*all || map);
	if (*all) {
		ex = allpaths_start(s, lu, d);
	} else if (map && paths_of(d->sysroot, d->name, lu, why, sizeof(why)) != 0) {
		warnx("%s: %s", d->name, why);
		ex = TR_EXIT_FILE;
	}
	if (ex == TR_EXIT_OK && lu->n > 0) {
		i = lu->given < lu->n && paths_running(&lu->v[lu->given]) ? lu->given :
		    paths_first_running(lu);
		if (i == lu->n) {
			warnx("%s: no path of %s runs", d->name, dm);
			ex = TR_EXIT_NOT_READY;
		} else if (map || i != lu->given) {
			d->node = lu->v[i].node;
		}
		s->main = i;
	}
	if (ex == TR_EXIT_OK && (ex = dev_open(d, read_write, why, sizeof(why))) != TR_EXIT_OK)
		warnx("%s: %s", d->name, why);
	return ex;
}

char *
allpaths_nodes(const struct allpaths *s, char *buf, size_t len)
{
	size_t i, k, off = 0, need;

	buf[0] = '\0';
	for (k = 0; k <= s->n && s->main < s->n; k++) {
		/* main first, then the others in order */
		i = k == 0 ? s->main : k - 1;
		if ((k > 0 && i == s->main) || !s->p[i].running)
			continue;
		need = strlen(s->p[i].node) + (off > 0);
		if (off + need >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? " " : "",
					s->p[i].node);
	}
	return buf;
}

/* The key r leaves a path registered with; 0: unregistered. */
static uint64_t
target_key(const struct allpaths_req *r)
{
	return r->op == ALLPATHS_UNREGISTER ? 0 : r->sa_key;
}

/* A failed command of p in its why: "NAME: reason", a conflict explained. */
static enum tr_exit
failed(struct allpaths_path *p, enum tr_exit ex, enum prout_sa sa, uint64_t key,
       const struct scsi_result *res)
{
	char reason[320], err[320];
	struct conflict c;

	if (ex == TR_EXIT_CONFLICT) {
		c = conflict_diagnose(&p->d, sa, key, 0, err, sizeof(err));
		snprintf(p->why, sizeof(p->why), "%s: reservation conflict: %s",
			 cmd_prout_name(sa), conflict_str(&c, p->d.names, reason, sizeof(reason)));
	} else {
		snprintf(p->why, sizeof(p->why), "%s: %s", cmd_prout_name(sa),
			 sense_result_str(res, reason, sizeof(reason)));
	}
	p->outcome = ALLPATHS_FAILED;
	p->ex = ex;
	return ex;
}

/* r on one running path: read what it has, then send what is missing. */
static enum tr_exit
apply_one(struct allpaths_path *p, const struct allpaths_req *r)
{
	enum prout_sa sa = r->op == ALLPATHS_REGISTER_IGNORE ? PROUT_REGISTER_AND_IGNORE :
			   PROUT_REGISTER;
	struct prout_params prm = { .key = sa == PROUT_REGISTER ? r->key : 0,
				    .sa_key = target_key(r), .aptpl = r->aptpl,
				    .all_tg_pt = r->all_tg_pt };
	struct scsi_result res;
	struct pr_state st;
	enum tr_exit ex;

	ex = hold_read(&p->d, prm.sa_key ? prm.sa_key : r->key, &st, &p->before, p->why,
		       sizeof(p->why));
	p->before_resv = ex == TR_EXIT_OK && p->before.holder && st.resv.held &&
			 !keys_type_all_registrants(st.resv.type);
	p->before_type = st.resv.type;
	prs_free(&st);
	if (ex != TR_EXIT_OK) {
		p->outcome = ALLPATHS_FAILED;
		p->ex = ex;
		return ex;
	}
	if (p->before.by_nexus && (prm.sa_key == 0 ? !p->before.registered :
				   p->before.registered && p->before.key == prm.sa_key)) {
		p->outcome = ALLPATHS_ALREADY;
		return TR_EXIT_OK;
	}
	ex = cmd_prout(&p->d, sa, 0, &prm, &res);
	if (ex != TR_EXIT_OK)
		return failed(p, ex, sa, prm.key, &res);
	p->outcome = ALLPATHS_DONE;
	return TR_EXIT_OK;
}

/* Put one done path back as it was. */
static void
undo_one(struct allpaths_path *p, const struct allpaths_req *r)
{
	struct hold_mine unregistered = { .by_nexus = true };
	struct prout_params prm = { 0 };
	struct scsi_result res;
	char reason[320];
	uint64_t old;
	bool sent;

	p->why[0] = '\0';
	if (target_key(r) != 0) {
		hold_undo_register(&p->d, target_key(r), &p->before, true, p->why,
				   sizeof(p->why));
	} else {
		/* unregistered now: register the key it had, reserve again */
		old = p->before.by_nexus ? p->before.key : r->key;
		prm.key = old;
		if (hold_register(&p->d, old, &unregistered, &sent, p->why,
				  sizeof(p->why)) == TR_EXIT_OK && p->before_resv &&
		    cmd_prout(&p->d, PROUT_RESERVE, p->before_type, &prm, &res) != TR_EXIT_OK)
			snprintf(p->why, sizeof(p->why), "its reservation is lost: RESERVE: %s",
				 sense_result_str(&res, reason, sizeof(reason)));
	}
	p->outcome = p->why[0] ? ALLPATHS_NOT_PUT_BACK : ALLPATHS_PUT_BACK;
	if (p->why[0] != '\0')
		p->ex = TR_EXIT_OTHER;
}

void
allpaths_undo(struct allpaths *s, const struct allpaths_req *r)
{
	size_t i;

	for (i = s->n; i-- > 0;)
		if (s->p[i].outcome == ALLPATHS_DONE)
			undo_one(&s->p[i], r);
}

enum tr_exit
allpaths_apply(struct allpaths *s, const struct allpaths_req *r)
{
	enum tr_exit ex = TR_EXIT_OK;
	bool skipped = false;
	size_t i;

	s->failed = s->n;
	for (i = 0; i < s->n; i++) {
		s->p[i].outcome = ALLPATHS_NOT_REACHED;
		s->p[i].why[0] = '\0';
	}
	for (i = 0; i < s->n && ex == TR_EXIT_OK; i++) {
		if (!s->p[i].running) {
			s->p[i].outcome = ALLPATHS_SKIPPED;
			skipped = true;
			continue;
		}
		if ((ex = apply_one(&s->p[i], r)) != TR_EXIT_OK)
			s->failed = i;
	}
	if (ex != TR_EXIT_OK) {
		allpaths_undo(s, r);
		return ex;
	}
	return skipped ? TR_EXIT_NOT_READY : TR_EXIT_OK;
}

/* "registered with 0x.." or "not registered", as p was before. */
static char *
before_str(const struct allpaths_path *p, char *buf, size_t len)
{
	if (!p->before.by_nexus)
		snprintf(buf, len, "as before");
	else if (p->before.registered)
		snprintf(buf, len, "registered with 0x%" PRIx64, p->before.key);
	else
		snprintf(buf, len, "not registered");
	return buf;
}

char *
allpaths_line(const struct allpaths_path *p, const struct allpaths_req *r, char *buf,
	      size_t len)
{
	uint64_t key = target_key(r);
	char was[48], now[48] = "unregistered";

	if (key != 0)
		snprintf(now, sizeof(now), "registered with 0x%" PRIx64, key);
	switch (p->outcome) {
	case ALLPATHS_DONE:
		snprintf(buf, len, "%s%s%s%s", now, p->before.by_nexus ? " (was " : "",
			 p->before.by_nexus ? before_str(p, was, sizeof(was)) : "",
			 p->before.by_nexus ? ")" : "");
		break;
	case ALLPATHS_ALREADY:
		snprintf(buf, len, "%s%s: nothing sent", key ? "already " : "",
			 key ? now : "not registered");
		break;
	case ALLPATHS_SKIPPED:
		snprintf(buf, len, "%s: skipped", p->state[0] ? p->state : "not running");
		break;
	case ALLPATHS_FAILED:
		snprintf(buf, len, "failed: %s", p->why);
		break;
	case ALLPATHS_PUT_BACK:
		snprintf(buf, len, "put back (%s)", before_str(p, was, sizeof(was)));
		break;
	case ALLPATHS_NOT_PUT_BACK:
		snprintf(buf, len, "%s, not put back: %s", now, p->why);
		break;
	case ALLPATHS_NOT_REACHED:
	default:
		snprintf(buf, len, "not tried: another path failed first");
		break;
	}
	return buf;
}

void
allpaths_idle(const struct allpaths *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		dev_idle(&s->p[i].d);
}

void
allpaths_close(struct allpaths *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		dev_close(&s->p[i].d);
	free(s->p);
	s->p = NULL;
	s->n = s->failed = 0;
}
