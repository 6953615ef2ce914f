/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: tlock's host lock in a temporary directory: take, held, stale recovery through the callback, garbage, links. */
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

#include "hostlock.h"
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_take_and_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_owner_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_recovered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_recovery_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_and_link, setup, teardown),
	};

	return cmocka_run_group_tests_name("hostlock", tests, NULL, NULL);
}
