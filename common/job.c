/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Job control for tlock's wrap mode: fork into a new process group, terminal, signal forwarding, stop/continue. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job.h"

/* The one mutable global: a signal handler has nowhere else to write. */
static volatile sig_atomic_t pending_sig;

static void
on_signal(int sig)
{
	pending_sig = sig;
}

void
job_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int
job_pending(void)
{
	return pending_sig;
}

/* Hand the terminal's foreground to process group pg (when we have it),
 * as a shell does for a job; SIGTTOU would stop a background caller. */
static void
give_terminal(pid_t pg)
{
	void (*old)(int) = signal(SIGTTOU, SIG_IGN);

	tcsetpgrp(STDIN_FILENO, pg);
	signal(SIGTTOU, old);
}

static void
exec_job(const char *shell, char *const argv[], bool fg)
{
	setpgid(0, 0);
	if (fg)
		give_terminal(getpid());
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (shell != NULL)
		execl("/bin/sh", "sh", "-c", shell, (char *)NULL);
	else
		execvp(argv[0], argv);
	warn("%s", shell != NULL ? "/bin/sh" : argv[0]);
	_exit(errno == ENOENT ? 127 : 126);
}

int
job_run(const char *shell, char *const argv[], void (*started)(pid_t pgid, void *arg),
	void *arg)
{
	bool fg = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	int status, rc, gate[2];
	pid_t child, w;
	char go = 0;

	/* The job runs only once started() has named it: were this process
	 * killed in between, a lock record would show no job, and the next
	 * tlock would take the unit over a job still running.  The child
	 * waits on a pipe; this process's death closes it unwritten. */
	if (pipe2(gate, O_CLOEXEC) != 0)
		return -errno;
	if ((child = fork()) < 0) {
		rc = -errno;
		close(gate[0]);
		close(gate[1]);
		return rc;
	}
	if (child == 0) {
		close(gate[1]);
		while ((rc = (int)read(gate[0], &go, 1)) < 0 && errno == EINTR)
			;
		if (rc != 1)
			_exit(125);	/* the parent is gone: no job */
		exec_job(shell, argv, fg);
	}
	close(gate[0]);
	setpgid(child, child);	/* also here: no race with the first signal */
	if (started != NULL)
		started(child, arg);
	while (write(gate[1], &go, 1) < 0 && errno == EINTR)
		;
	close(gate[1]);
	for (;;) {
		w = waitpid(child, &status, WUNTRACED);
		if (w == child && WIFSTOPPED(status)) {
			/* Ctrl-Z: stop with the job, as a shell would see it */
			if (fg)
				give_terminal(getpgrp());
			raise(SIGSTOP);
			if (fg)
				give_terminal(child);
			kill(-child, SIGCONT);
			continue;
		}
		if (w == child)
			break;
		if (w < 0 && errno != EINTR) {
			rc = -errno;
			if (fg)
				give_terminal(getpgrp());
			return rc;
		}
		if (pending_sig) {
			kill(-child, pending_sig);
			pending_sig = 0;
		}
	}
	if (fg)
		give_terminal(getpgrp());
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
