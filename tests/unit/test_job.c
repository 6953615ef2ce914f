/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_run(): the job runs only after started() has named it, and never when its parent is gone first. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "job.h"
#include "unit.h"

/* The file the job creates, in a fresh directory. */
struct mark {
	char dir[32];
	char file[64];
	char cmd[96];
	int seen_before;	/* started() found the file already made: -1 unset */
};

static void
mark_init(struct mark *m)
{
	snprintf(m->dir, sizeof(m->dir), "/tmp/test_job.XXXXXX");
	assert_non_null(mkdtemp(m->dir));
	snprintf(m->file, sizeof(m->file), "%s/ran", m->dir);
	snprintf(m->cmd, sizeof(m->cmd), "touch %s", m->file);
	m->seen_before = -1;
}

static void
mark_free(struct mark *m)
{
	unlink(m->file);
	rmdir(m->dir);
}

/* started() while the job waits: give it time to run, were it not held. */
static void
look(pid_t pgid, void *arg)
{
	struct mark *m = arg;

	(void)pgid;
	usleep(300 * 1000);
	m->seen_before = access(m->file, F_OK) == 0;
}

static void
test_job_waits_for_started(void **state)
{
	struct mark m;

	(void)state;
	mark_init(&m);
	assert_int_equal(job_run(m.cmd, NULL, look, &m), 0);
	assert_int_equal(m.seen_before, 0);
	assert_int_equal(access(m.file, F_OK), 0);
	mark_free(&m);
}

/* A tlock killed between fork and naming the job: modelled by a parent
 * that ends inside started(). */
static void
die(pid_t pgid, void *arg)
{
	(void)pgid;
	(void)arg;
	_exit(0);
}

static void
test_no_job_when_parent_gone(void **state)
{
	struct mark m;
	pid_t parent;
	int status;

	(void)state;
	mark_init(&m);
	parent = fork();
	assert_true(parent >= 0);
	if (parent == 0) {
		job_run(m.cmd, NULL, die, NULL);
		_exit(1);	/* not reached */
	}
	assert_int_equal(waitpid(parent, &status, 0), parent);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	usleep(500 * 1000);	/* time enough for an orphaned job to run */
	assert_int_equal(access(m.file, F_OK), -1);
	mark_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_job_waits_for_started),
		cmocka_unit_test(test_no_job_when_parent_gone),
	};

	return cmocka_run_group_tests_name("job", tests, NULL, NULL);
}
