/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running a job as a shell does: a process group of its own, the terminal handed over, signals passed on. */
#ifndef TRESV_JOB_H
#define TRESV_JOB_H

#include <sys/types.h>

/*
 * From now on SIGINT, SIGTERM and SIGHUP do not end this process: each is
 * kept (job_pending()) until job_run() passes it on to the job's process
 * group, or the caller acts on it.
 */
void job_catch_signals(void);

/* The last signal caught and not yet passed on, 0 when none. */
int job_pending(void);

/*
 * Run `sh -c shell` (shell not NULL) or argv[0] with argv (execvp) in a
 * process group of its own, so a signal passed on reaches all of it (a
 * shell and what it started); with this process's terminal it becomes the
 * foreground group, as a shell makes a job, and the terminal comes back
 * afterwards.  A Ctrl-Z stops this process with the job and continues
 * both.  started(pgid, arg) runs in this process once the job's process
 * exists (to name it in a lock record), before the job itself runs: a
 * child whose parent ends first exits 125 without running it.  The job inherits no descriptor opened with
 * O_CLOEXEC.  Returns the job's exit status, 128+N when signal N ended
 * it, 127/126 when it could not be executed (not found / not runnable),
 * or -errno when it could not be started (fork) or waited for.
 */
int job_run(const char *shell, char *const argv[], void (*started)(pid_t pgid, void *arg),
	    void *arg);

#endif /* TRESV_JOB_H */
