/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: tlock's host lock in a temporary directory: take, held, stale recovery through the callback, the --all-paths record's paths, garbage, links. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "cdb.h"
#include "hostlock.h"
#include "keys.h"
#include "script.h"
#include "unit.h"

struct fixture {
	char dir[64];
	struct lockdir ld;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char why[256];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tresv-hostlock.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(lockrec_open(&f->ld, f->dir, "naa.600140500000", true, why,
				      sizeof(why)), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	lockrec_close(&f->ld);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* A record of process pid, as tlock writes one. */
static struct lockrec
record_of(pid_t pid)
{
	struct lockrec r;

	memset(&r, 0, sizeof(r));
	r.pid = pid;
	assert_int_equal(lockrec_proc_start(pid, &r.start), 0);
	r.since = time(NULL);
	r.method = HOLD_PR;
	r.key = 0xaaaa;
	r.type = 3;
	snprintf(r.device, sizeof(r.device), "/dev/sg0");
	snprintf(r.command, sizeof(r.command), "backup");
	return r;
}

/* Write *dead into f's lock directory as the record of a child that has
 * exited (its start time no longer matches anything); returns its pid. */
static pid_t
write_dead_record(struct fixture *f, struct lockrec *dead)
{
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	dead->pid = child;
	assert_int_equal(lockrec_write(&f->ld, dead), 0);
	return child;
}

struct recovered {
	int calls;
	int fail;		/* what the recovery returns: non-zero, it failed */
	struct lockrec last;
};

static int
recover(const struct lockrec *dead, void *arg)
{
	struct recovered *r = arg;

	r->calls++;
	r->last = *dead;
	return r->fail;
}

static void
test_take_and_drop(void **state)
{
	struct fixture *f = *state;
	struct lockrec mine = record_of(getpid()), r;
	struct recovered rec = { 0 };
	char held_by[256];

	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.pid, getpid());
	assert_int_equal(r.method, HOLD_PR);
	/* taking it again is ours already */
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	/* the job is named by an update */
	mine.job = getpgrp();
	assert_int_equal(hostlock_update(&f->ld, &mine), 0);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.job, getpgrp());
	/* another pid's drop leaves it, ours removes it */
	hostlock_drop(&f->ld, getpid() + 1);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	hostlock_drop(&f->ld, getpid());
	assert_int_equal(lockrec_read(&f->ld, &r), -ENOENT);
	assert_int_equal(rec.calls, 0);
}

static void
test_live_owner_holds(void **state)
{
	struct fixture *f = *state;
	struct lockrec other = record_of(getppid()), mine = record_of(getpid());
	struct recovered rec = { 0 };
	char held_by[256], want[64];

	assert_int_equal(lockrec_write(&f->ld, &other), 0);
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_HELD);
	snprintf(want, sizeof(want), "locked on this host by pid %ld (backup)",
		 (long)getppid());
	assert_true(strncmp(held_by, want, strlen(want)) == 0);
	assert_int_equal(rec.calls, 0);
}

/* A dead owner's record goes to the recovery callback once, then is ours. */
static void
test_stale_recovered(void **state)
{
	struct fixture *f = *state;
	struct lockrec dead = record_of(getpid()), mine = record_of(getpid()), r;
	struct recovered rec = { 0 };
	char held_by[256];
	pid_t child = write_dead_record(f, &dead);

	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.last.pid, child);
	assert_true(rec.last.key == 0xaaaa);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.pid, getpid());
}

/* A dead owner's leftovers that cannot be given back: its record stays,
 * still naming it, so what it left on the unit stays accounted for. */
static void
test_stale_recovery_failed(void **state)
{
	struct fixture *f = *state;
	struct lockrec dead = record_of(getpid()), mine = record_of(getpid()), r;
	struct recovered rec = { .fail = 24 };
	char held_by[256];
	pid_t child = write_dead_record(f, &dead);

	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_HELD);
	assert_int_equal(rec.calls, 1);
	assert_string_equal(held_by, "the dead owner's reservation is still there "
			    "(giving it back failed): its record stays");
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.pid, child);
	/* the next try recovers it */
	rec.fail = 0;
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(rec.calls, 2);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.pid, getpid());
}

/* What tlock status prints of r, into text (len bytes). */
static const char *
printed(const struct lockrec *r, char *text, size_t len)
{
	FILE *m = fmemopen(text, len, "w");

	assert_non_null(m);
	lockrec_print(m, r, NULL);
	fclose(m);
	return text;
}

/* An --all-paths record keeps its paths, the reserving one first; a
 * record without them has none; the recovery callback sees them. */
static void
test_paths_kept(void **state)
{
	struct fixture *f = *state;
	struct lockrec dead = record_of(getpid()), mine = record_of(getpid()), r;
	struct recovered rec = { 0 };
	char held_by[256], text[1024];

	snprintf(dead.paths, sizeof(dead.paths), "/dev/sg1 /dev/sg0");
	write_dead_record(f, &dead);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_string_equal(r.paths, "/dev/sg1 /dev/sg0");
	/* tlock status prints them after the device */
	assert_non_null(strstr(printed(&r, text, sizeof(text)),
			       "\ndevice: /dev/sg0\npaths: /dev/sg1 /dev/sg0\n"));
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(rec.calls, 1);
	assert_string_equal(rec.last.paths, "/dev/sg1 /dev/sg0");
	/* ours has none: no paths line, none read back */
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_string_equal(r.paths, "");
	assert_null(strstr(printed(&r, text, sizeof(text)), "paths:"));
}

static void
test_garbage_and_link(void **state)
{
	struct fixture *f = *state;
	struct lockrec mine = record_of(getpid());
	struct recovered rec = { 0 };
	char held_by[256], path[400];
	FILE *g;

	snprintf(path, sizeof(path), "%s/%s", f->dir, f->ld.name);
	assert_non_null(g = fopen(path, "w"));
	fputs("not a record\n", g);
	fclose(g);
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(rec.calls, 0);	/* garbage names no owner to recover */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_FAILED);
}

/* The audit lines a run gives, one per line, and the unit they are
 * about: host B's I_T nexus of the lab's LU, its lines caught. */
struct trail {
	char lines[2048];
	struct audit a;
	struct script s;
	struct dev d;
};

static void
catch_line(void *arg, int priority, const char *line)
{
	struct trail *t = arg;
	size_t n = strlen(t->lines);

	(void)priority;
	snprintf(t->lines + n, sizeof(t->lines) - n, "%s\n", line);
}

static void
trail_init(struct trail *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->a.user, sizeof(t->a.user), "root");
	t->a.login_uid = -1;
	t->a.sink = catch_line;
	t->a.sink_arg = t;
	script_init(&t->s, &t->d);
	script_nexus(&t->d, "sas,0x5001405bbbb00002", 2);
	t->d.audit = &t->a;
}

static const uint64_t sas_a = 0x5001405aaaa00001, sas_b = 0x5001405bbbb00002;

/* The unit held elsewhere: one line for the try, the holder read,
 * conflict with tlock's exit status (-E 75). */
static void
test_acquire_logs_the_try(void **state)
{
	struct fixture *f = *state;
	struct lockrec mine = record_of(getpid());
	const struct hostlock_take t = { { HOLD_PR, 0x2222, PR_TYPE_EX_AC, false }, false, 0,
					 75, NULL };
	const uint64_t key = 0xaaaa;
	struct trail tr;

	trail_init(&tr);
	script_full_status(&tr.s, 3, 1, &key, &sas_a, 0, PR_TYPE_WR_EX);
	/* after the refusal, one more look: nothing of ours left, so no record stays */
	script_full_status(&tr.s, 3, 1, &key, &sas_a, 0, PR_TYPE_WR_EX);
	assert_int_equal(hostlock_acquire(&tr.d, &f->ld, &mine, &t), 75);
	assert_int_equal(tr.s.nsent, 2);
	assert_string_equal(tr.lines, "user=root uid=0 device=scripted action=take method=pr "
			    "key=0x2222 type=ex-ac before=\"pr wr-ex 0xaaaa\" "
			    "result=conflict exit=75\n");
}

/* A dead owner's leftovers: "recover" with its PID and what the state
 * showed, then the take; then ours given back. */
static void
test_recover_take_give_back_logged(void **state)
{
	struct fixture *f = *state;
	struct lockrec dead = record_of(getpid()), mine = record_of(getpid());
	const struct hostlock_take t = { { HOLD_PR, 0x2222, PR_TYPE_EX_AC, false }, false, 0,
					 24, NULL };
	const uint64_t ours = 0xaaaa, mykey = 0x2222;
	char want[1024];
	struct trail tr;
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	dead.pid = child;
	assert_int_equal(lockrec_write(&f->ld, &dead), 0);
	trail_init(&tr);
	/* recovery: the dead owner's key on this nexus, holding: RELEASE, REGISTER */
	script_full_status(&tr.s, 3, 1, &ours, &sas_b, 0, PR_TYPE_EX_AC);
	script_good(&tr.s);
	script_good(&tr.s);
	/* the take: nothing held; REGISTER AND IGNORE, RESERVE */
	script_full_status(&tr.s, 5, 0, NULL, NULL, -1, 0);
	script_good(&tr.s);
	script_good(&tr.s);
	assert_int_equal(hostlock_acquire(&tr.d, &f->ld, &mine, &t), TR_EXIT_OK);
	/* and given back: ours, holding */
	script_full_status(&tr.s, 6, 1, &mykey, &sas_b, 0, PR_TYPE_EX_AC);
	script_good(&tr.s);
	script_good(&tr.s);
	assert_int_equal(hostlock_give_back(&tr.d, &t.hold, NULL, "give-back", 0), TR_EXIT_OK);
	snprintf(want, sizeof(want),
		 "user=root uid=0 device=scripted action=recover method=pr owner=%ld "
		 "key=0xaaaa type=ex-ac before=\"pr ex-ac 0xaaaa\" result=done exit=0\n"
		 "user=root uid=0 device=scripted action=take method=pr key=0x2222 "
		 "type=ex-ac before=none result=done exit=0\n"
		 "user=root uid=0 device=scripted action=give-back method=pr key=0x2222 "
		 "type=ex-ac before=\"pr ex-ac 0x2222\" result=done exit=0\n", (long)child);
	assert_string_equal(tr.lines, want);
	assert_int_equal(tr.s.next, tr.s.nreplies);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_take_and_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_owner_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_recovered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_recovery_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_and_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acquire_logs_the_try, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_take_give_back_logged, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("hostlock", tests, NULL, NULL);
}
