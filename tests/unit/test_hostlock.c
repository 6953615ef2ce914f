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

struct recovered {
	int calls;
	struct lockrec last;
};

static void
recover(const struct lockrec *dead, void *arg)
{
	struct recovered *r = arg;

	r->calls++;
	r->last = *dead;
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
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	dead.pid = child;	/* its start time no longer matches anything */
	assert_int_equal(lockrec_write(&f->ld, &dead), 0);
	assert_int_equal(hostlock_try(&f->ld, &mine, recover, &rec, held_by,
				      sizeof(held_by)), HOSTLOCK_TAKEN);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.last.pid, child);
	assert_true(rec.last.key == 0xaaaa);
	assert_int_equal(lockrec_read(&f->ld, &r), 0);
	assert_int_equal(r.pid, getpid());
}

/* What tlock status prints of r, into text (len bytes). */
static const char *
printed(const struct lockrec *r, char *text, size_t len)
{
	FILE *m = fmemopen(text, len, "w");

	assert_non_null(m);
	lockrec_print(m, r);
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
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	dead.pid = child;
	snprintf(dead.paths, sizeof(dead.paths), "/dev/sg1 /dev/sg0");
	assert_int_equal(lockrec_write(&f->ld, &dead), 0);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_take_and_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_owner_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_recovered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_and_link, setup, teardown),
	};

	return cmocka_run_group_tests_name("hostlock", tests, NULL, NULL);
}
