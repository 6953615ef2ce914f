/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host lock's decisions: take, wait for a live owner, recover a dead one's record. */
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "hostlock.h"
#include "job.h"
#include "cmd.h"
#include "lu.h"

char *
hostlock_describe(const struct lockrec *r, char *buf, size_t len)
{
	unsigned long long start;
	bool owner_gone = lockrec_proc_start(r->pid, &start) != 0 || start != r->start;

	snprintf(buf, len, "pid %ld (%s) since %lld%s", (long)r->pid,
		 r->command[0] ? r->command : "?", (long long)r->since,
		 owner_gone && lockrec_owner_alive(r) ? ", its job still running" : "");
	return buf;
}

/* Under the guard: decide on the record found, write ours when free. */
static enum hostlock_try
decide(struct lockdir *ld, const struct lockrec *mine, hostlock_recover_fn recover,
       void *arg, char *held_by, size_t len)
{
	struct lockrec r;
	char who[640];
	int rc = lockrec_read(ld, &r);

	if (rc == 0 && r.pid != mine->pid && lockrec_owner_alive(&r)) {
		snprintf(held_by, len, "locked on this host by %s",
			 hostlock_describe(&r, who, sizeof(who)));
		return HOSTLOCK_HELD;
	}
	if (rc == -ELOOP) {
		warnx("%s: a symbolic link where the lock should be: refused", ld->path);
		return HOSTLOCK_FAILED;
	}
	if (rc != 0 && rc != -ENOENT && rc != -EBADMSG) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	if (rc == -EBADMSG)
		warnx("%s: not a lock record (garbage): taken as stale", ld->path);
	if (rc == 0 && r.pid != mine->pid) {
		warnx("%s: stale lock of %s: its owner is gone; recovering", ld->path,
		      hostlock_describe(&r, who, sizeof(who)));
		if (recover != NULL && recover(&r, arg) != 0) {
			snprintf(held_by, len, "the dead owner's reservation is still "
				 "there (giving it back failed): its record stays");
			return HOSTLOCK_HELD;
		}
	}
	if ((rc = lockrec_write(ld, mine)) != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	return HOSTLOCK_TAKEN;
}

enum hostlock_try
hostlock_try(struct lockdir *ld, const struct lockrec *mine, hostlock_recover_fn recover,
	     void *arg, char *held_by, size_t len)
{
	enum hostlock_try t;
	int rc;

	if ((rc = lockrec_guard(ld)) != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return HOSTLOCK_FAILED;
	}
	t = decide(ld, mine, recover, arg, held_by, len);
	lockrec_unguard(ld);
	return t;
}

int
hostlock_update(struct lockdir *ld, const struct lockrec *mine)
{
	int rc = lockrec_guard(ld);

	if (rc == 0) {
		rc = lockrec_write(ld, mine);
		lockrec_unguard(ld);
	}
	return rc;
}

void
hostlock_name_job(pid_t pgid, void *arg)
{
	struct hostlock_job *j = arg;

	j->mine->job = pgid;
	hostlock_update(j->ld, j->mine);
}

void
hostlock_drop(struct lockdir *ld, pid_t pid)
{
	struct lockrec r;

	if (lockrec_guard(ld) != 0)
		return;
	if (lockrec_read(ld, &r) == 0 && r.pid == pid)
		lockrec_remove(ld);
	lockrec_unguard(ld);
}

int
hostlock_open(struct dev *d, const char *dir, bool create, struct lockdir *ld,
	      char *why, size_t whylen)
{
	uint8_t p83[LU_VPD_MAX], p80[LU_VPD_MAX];
	size_t n83 = 0, n80 = 0;
	char id[VPD_LU_ID_MAX];
	int rc;

	if (lu_inquiry(d, VPD_DEVICE_ID, p83, sizeof(p83), &n83) != TR_EXIT_OK)
		n83 = 0;
	if (lu_inquiry(d, VPD_UNIT_SERIAL, p80, sizeof(p80), &n80) != TR_EXIT_OK)
		n80 = 0;
	rc = vpd_lu_id(n83 ? p83 : NULL, n83, n80 ? p80 : NULL, n80, id, sizeof(id));
	if (rc == -EBADMSG) {	/* a page contradicts itself: say where */
		struct fault f = { .kind = FAULT_NONE };
		int page = n83 && vpd_page_fault(p83, n83, VPD_DEVICE_ID, &f) == -EBADMSG ?
			VPD_DEVICE_ID : VPD_UNIT_SERIAL;
		char text[200];

		if (page == VPD_UNIT_SERIAL)
			vpd_page_fault(p80, n80, page, &f);
		snprintf(why, whylen, "cannot name the unit's lock: malformed VPD page "
			 "%02xh: %s", (unsigned)page, fault_str(&f, text, sizeof(text)));
		return -EBADMSG;
	}
	if (rc < 0) {
		snprintf(why, whylen, "cannot name the unit's lock (VPD 83h and 80h "
			 "give no identity): %s", strerror(-rc));
		return -ENODATA;
	}
	return lockrec_open(ld, dir, id, create, why, whylen);
}

/* The audit event of a hold: its method, and key and type with PR. */
static struct audit_event
hold_event(const struct hold *h, const char *action)
{
	bool pr = h->method == HOLD_PR;

	return (struct audit_event){ .action = action, .method = hold_method_word(h->method),
				     .has_key = pr, .key = h->key, .has_type = pr,
				     .type = h->type };
}

int
hostlock_give_back(struct dev *d, const struct hold *h, const struct lockrec *dead,
		   const char *action, pid_t owner)
{
	struct audit_event e = hold_event(h, action);
	char why[512];
	int rc = hold_drop(d, h, why, sizeof(why), &e.before);

	if (rc != TR_EXIT_OK && dead != NULL)
		warnx("%s: giving back the dead owner's reservation failed: %s", d->name,
		      why);
	else if (rc != TR_EXIT_OK)
		warnx("%s: giving the unit back failed, it may still be reserved: %s",
		      d->name, why);
	else if (why[0] != '\0')
		warnx("%s: %s%s", d->name, dead ? "the dead owner's reservation: " : "", why);
	else if (dead != NULL)
		warnx("%s: released the dead owner's %s reservation%s", d->name,
		      hold_method_word(h->method), h->method == HOLD_PR ?
		      " and registration" : "");
	e.owner = owner;
	e.result = audit_result_of(rc, TR_EXIT_CONFLICT);
	e.exit = rc;
	audit_log(d, &e);
	return rc;
}

int
hostlock_give_back_record(struct dev *like, const struct lockrec *r,
			  const struct lockrec *dead, const char *action, pid_t owner)
{
	char nodes[LOCKREC_PATHS_MAX], why[512], *node, *save = NULL;
	struct hold h = lockrec_hold(r);
	struct dev pd;
	int rc, first = TR_EXIT_OK;

	if (r->paths[0] == '\0')
		return hostlock_give_back(like, &h, dead, action, owner);
	snprintf(nodes, sizeof(nodes), "%s", r->paths);
	for (node = strtok_r(nodes, " ", &save); node != NULL;
	     node = strtok_r(NULL, " ", &save)) {
		pd = dev_like(like, node);
		rc = dev_open(&pd, true, why, sizeof(why));
		if (rc != TR_EXIT_OK)
			warnx("%s: cannot give back through this path: %s", node, why);
		else
			rc = hostlock_give_back(&pd, &h, dead, action, owner);
		dev_close(&pd);
		if (first == TR_EXIT_OK)
			first = rc;
		h.prevent = false;	/* only the first path sent PREVENT */
	}
	return first;
}

/* The device side of stale recovery: give back what a dead owner of this
 * host left (its key, its method, its paths); arg is the struct dev. */
static int
recover_leftover(const struct lockrec *r, void *arg)
{
	return hostlock_give_back_record(arg, r, r, "recover", r->pid);
}

/* After a failed take: may something of ours be left on the unit (a step
 * whose undoing failed, or a command whose outcome is unknown)?  PR: this
 * I_T nexus (or, unknown, any registration) has our key, or the state
 * cannot be read. */
static bool
left_behind(struct dev *d, const struct hold *h, int rc)
{
	struct pr_state st;
	struct hold_mine m;
	char why[320];
	bool left;

	if (h->method != HOLD_PR)
		return cmd_outcome_unknown(rc, NULL);
	if (hold_read(d, h->key, &st, &m, why, sizeof(why)) != TR_EXIT_OK)
		left = true;
	else
		left = m.by_nexus ? m.registered && m.key == h->key : m.nours > 0;
	prs_free(&st);
	return left;
}

/* t->paths after the unit is taken through d: register on every other
 * path; a failure gives the unit back (a conflict says why in held_by). */
static int
take_paths(struct dev *d, const struct hostlock_take *t, char *held_by, size_t len)
{
	const struct allpaths_req r = { ALLPATHS_REGISTER_IGNORE, 0, t->hold.key, false,
					false };
	struct allpaths *s = t->paths;
	char line[768];
	size_t i;
	int rc = allpaths_apply(s, &r);

	for (i = 0; i < s->n; i++)
		warnx("%s: %s: %s", d->name, s->p[i].node,
		      allpaths_line(&s->p[i], &r, line, sizeof(line)));
	if (rc == TR_EXIT_NOT_READY)	/* held through the paths that run */
		return TR_EXIT_OK;
	if (rc == TR_EXIT_OK)
		return rc;
	warnx("%s: registering on every path failed at %s: %s; giving the unit back",
	      d->name, s->p[s->failed].node, s->p[s->failed].why);
	hostlock_give_back(d, &t->hold, NULL, "give-back", 0);
	if (rc == TR_EXIT_CONFLICT)
		snprintf(held_by, len, "%.64s: %.400s", s->p[s->failed].node,
			 s->p[s->failed].why);
	return rc;
}

/* One try at the unit itself: TR_EXIT_OK, TR_EXIT_CONFLICT with who holds
 * it in held_by, or another exit status (said).  *e: the action tried
 * ("take", or "preempt" with the key preempted) and the holder seen. */
static int
take_unit(struct dev *d, const struct hostlock_take *t, char *held_by, size_t len,
	  struct audit_event *e)
{
	char why[512];
	int rc;

	*e = hold_event(&t->hold, "take");
	rc = hold_take(d, &t->hold, why, sizeof(why), &e->before);
	if (rc == TR_EXIT_CONFLICT && t->force && t->hold.method == HOLD_PR) {
		warnx("%s: --force: preempting the holder", d->name);
		*e = hold_event(&t->hold, "preempt");
		rc = hold_preempt(d, &t->hold, why, sizeof(why), &e->before);
		/* the key preempted is the holder's, as read */
		e->has_sa_key = e->before.read && e->before.who == HOLDER_OTHER_PR;
		e->sa_key = e->before.key;
	}
	if (rc == TR_EXIT_CONFLICT)
		snprintf(held_by, len, "%s", why);
	else if (rc != TR_EXIT_OK)
		warnx("%s: %s", d->name, why);
	return rc == TR_EXIT_OK && t->paths != NULL ? take_paths(d, t, held_by, len) : rc;
}

int
hostlock_acquire(struct dev *d, struct lockdir *ld, const struct lockrec *mine,
		 const struct hostlock_take *t)
{
	enum hostlock_try got = HOSTLOCK_HELD;
	struct audit_event e = { 0 };
	char held_by[768] = "";
	struct cli_wait w;
	int rc = TR_EXIT_OK;

	cli_wait_start(&w, t->wait_s);
	for (;;) {
		if (job_pending()) {
			rc = 128 + job_pending();
			break;
		}
		if (got != HOSTLOCK_TAKEN) {
			got = hostlock_try(ld, mine, recover_leftover, d, held_by,
					   sizeof(held_by));
			if (got == HOSTLOCK_FAILED) {
				rc = TR_EXIT_OTHER;
				break;
			}
		}
		if (got == HOSTLOCK_TAKEN &&
		    (rc = take_unit(d, t, held_by, sizeof(held_by), &e)) != TR_EXIT_CONFLICT)
			break;
		if (!cli_wait_more(&w, d->name, held_by)) {
			cli_wait_end(&w);
			rc = t->busy_code;
			warnx("%s: %s%s", d->name, held_by, t->wait_s ? " (gave up waiting)" : "");
			break;
		}
	}
	cli_wait_end(&w);
	/* the host lock taken means the unit was tried: log the last try */
	if (got == HOSTLOCK_TAKEN) {
		e.result = audit_result_of(rc, t->busy_code);
		e.exit = rc;
		audit_log(d, &e);
	}
	if (rc != TR_EXIT_OK && got == HOSTLOCK_TAKEN) {
		if (left_behind(d, &t->hold, rc))
			warnx("%s: something of this host's may be left on the unit: the "
			      "lock record %s stays, so the next tlock on this host gives "
			      "it back", d->name, ld->path);
		else
			hostlock_drop(ld, mine->pid);
	}
	return rc;
}

/* hostlock_release() with the guard held. */
static int
release_guarded(struct dev *d, struct lockdir *ld, bool breaking, bool force, bool *none)
{
	struct lockrec r;
	char who[640];
	int rc = lockrec_read(ld, &r);

	if (rc == -ENOENT) {
		*none = true;
		return TR_EXIT_OK;
	}
	if (rc == -EBADMSG && breaking) {
		lockrec_remove(ld);
		warnx("%s: removed a record that was not a lock record (garbage)", ld->path);
		return TR_EXIT_OK;
	}
	if (rc != 0) {
		warnx("%s: %s", ld->path, rc == -EBADMSG ? "not a lock record (garbage); "
		      "remove it with break" : strerror(-rc));
		return TR_EXIT_OTHER;
	}
	hostlock_describe(&r, who, sizeof(who));
	if (breaking && lockrec_owner_alive(&r) && !force) {
		warnx("%s: held by %s, which is alive: add --force to break it", d->name,
		      who);
		return TR_EXIT_SYNTAX;
	}
	rc = hostlock_give_back_record(d, &r, NULL, breaking ? "break" : "give-back", r.pid);
	if (rc != TR_EXIT_OK) {
		warnx("%s: the lock record stays, to give the unit back later "
		      "(release or break again)", ld->path);
		return rc;
	}
	lockrec_remove(ld);
	if (breaking)
		warnx("%s: broke the lock of %s (%s)", d->name, who,
		      lockrec_owner_alive(&r) ? "alive: --force" : "gone");
	return rc;
}

int
hostlock_release(struct dev *d, struct lockdir *ld, bool breaking, bool force, bool *none)
{
	int rc = lockrec_guard(ld);

	*none = false;
	if (rc != 0) {
		warnx("%s: %s", ld->path, strerror(-rc));
		return TR_EXIT_OTHER;
	}
	rc = release_guarded(d, ld, breaking, force, none);
	lockrec_unguard(ld);
	return rc;
}
