/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: the audit line, exactly, for each kind of action; and syslog(3) delivery to a socket of the test's own. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "keys.h"
#include "script.h"
#include "unit.h"

/* A map that names two keys, and a fixed identity. */
static void
fixture(struct audit *a, struct keynames *kn)
{
	static const char map[] = "0x1111 backup-a\n0x2222 backup-b\n";

	memset(kn, 0, sizeof(*kn));
	assert_int_equal(keymap_parse(&kn->map, map, LIT_LEN(map), NULL, NULL), 0);
	memset(a, 0, sizeof(*a));
	snprintf(a->user, sizeof(a->user), "alice");
	a->uid = 1000;
	a->login_uid = -1;
	a->names = kn;
}

static const char *
line_of(const struct audit *a, const char *device, const char *lu,
	const struct audit_event *e)
{
	static char buf[AUDIT_LINE_MAX];

	assert_true(audit_line(a, device, lu, e, buf, sizeof(buf)) > 0);
	return buf;
}

/* tpr-out preempt --sa-key holder --register: both keys with their names,
 * the holder read before. */
static void
test_line_preempt(void **state)
{
	struct keynames kn;
	struct audit a;
	const struct audit_event e = {
		.action = "register+preempt", .has_key = true, .key = 0x2222,
		.has_sa_key = true, .sa_key = 0x1111, .has_type = true, .type = PR_TYPE_EX_AC,
		.before = { .read = true, .who = HOLDER_OTHER_PR, .key = 0x1111,
			    .type = PR_TYPE_EX_AC },
		.result = AUDIT_DONE, .exit = 0,
	};

	(void)state;
	fixture(&a, &kn);
	assert_string_equal(line_of(&a, "/dev/sg1", "naa.6001405eab0001000000000000000000", &e),
			    "user=alice uid=1000 device=/dev/sg1 "
			    "lu=naa.6001405eab0001000000000000000000 action=register+preempt "
			    "key=0x2222 key_name=backup-b sa_key=0x1111 sa_key_name=backup-a "
			    "type=ex-ac before=\"pr ex-ac 0x1111 (backup-a)\" result=done exit=0");
	keynames_free(&kn);
}

/* tresv break: a reset level, the holder before and after. */
static void
test_line_break(void **state)
{
	struct keynames kn;
	struct audit a;
	const struct audit_event e = {
		.action = "break", .reset = "logical-unit",
		.before = { .read = true, .who = HOLDER_OTHER_SPC2 },
		.after = { .read = true, .who = HOLDER_NONE },
		.result = AUDIT_DONE, .exit = 0,
	};
	const struct audit_event refused = {
		.action = "break", .reset = "logical-unit",
		.before = { .read = true, .who = HOLDER_OTHER_PR, .key = 0x9,
			    .type = PR_TYPE_WR_EX_AR },
		.result = AUDIT_CONFLICT, .exit = TR_EXIT_CONFLICT,
	};

	(void)state;
	fixture(&a, &kn);
	a.login_uid = 4242;
	assert_string_equal(line_of(&a, "/dev/nst0", NULL, &e),
			    "user=alice uid=1000 login_uid=4242 device=/dev/nst0 action=break "
			    "reset=logical-unit before=\"spc2 another initiator\" after=none "
			    "result=done exit=0");
	assert_string_equal(line_of(&a, "/dev/nst0", "", &refused),
			    "user=alice uid=1000 login_uid=4242 device=/dev/nst0 action=break "
			    "reset=logical-unit before=\"pr wr-ex-ar all registrants\" "
			    "result=conflict exit=24");
	keynames_free(&kn);
}

/* tlock: the method, a conflict with its own exit status (-E 75), a
 * dead owner's leftovers recovered with SPC-2 (no key, no type). */
static void
test_line_tlock(void **state)
{
	struct keynames kn;
	struct audit a;
	const struct audit_event take = {
		.action = "take", .method = "pr", .has_key = true, .key = 0x3333,
		.has_type = true, .type = PR_TYPE_EX_AC,
		.before = { .read = true, .who = HOLDER_OTHER_PR, .key = 0x2222,
			    .type = PR_TYPE_WR_EX },
		.result = AUDIT_CONFLICT, .exit = 75,
	};
	const struct audit_event recover = {
		.action = "recover", .method = "spc2", .owner = 4711,
		.result = AUDIT_FAILED, .exit = TR_EXIT_TRANSPORT,
	};

	(void)state;
	fixture(&a, &kn);
	assert_string_equal(line_of(&a, "/dev/sg0", NULL, &take),
			    "user=alice uid=1000 device=/dev/sg0 action=take method=pr "
			    "key=0x3333 type=ex-ac before=\"pr wr-ex 0x2222 (backup-b)\" "
			    "result=conflict exit=75");
	assert_string_equal(line_of(&a, "/dev/sg0", NULL, &recover),
			    "user=alice uid=1000 device=/dev/sg0 action=recover method=spc2 "
			    "owner=4711 result=failed exit=35");
	keynames_free(&kn);
}

/* Every other holder; values quoted and escaped; a type with no name. */
static void
test_line_words(void **state)
{
	static const struct {
		enum holder who;
		const char *want;
	} seen[] = {
		{ HOLDER_US_SPC2, "\"spc2 this initiator\"" },
		{ HOLDER_SPC2, "\"spc2 unknown initiator\"" },
		{ HOLDER_OTHER, "\"another initiator (kind unknown)\"" },
		{ HOLDER_UNKNOWN, "unknown" },
		{ HOLDER_US_PR, "\"pr ex-ac 0x1111 (backup-a)\"" },
	};
	struct keynames kn;
	struct audit a;
	struct audit_event e = { .action = "reserve", .result = AUDIT_DONE };
	char want[512], buf[32];
	size_t i;

	(void)state;
	fixture(&a, &kn);
	for (i = 0; i < NELEM(seen); i++) {
		e.after = (struct holder_seen){ .read = true, .who = seen[i].who, .key = 0x1111,
						.type = PR_TYPE_EX_AC };
		snprintf(want, sizeof(want), "user=alice uid=1000 device=/dev/sg0 "
			 "action=reserve after=%s result=done exit=0", seen[i].want);
		assert_string_equal(line_of(&a, "/dev/sg0", NULL, &e), want);
	}
	e.after.read = false;
	e.has_type = true;
	e.type = 2;
	e.has_key = true;
	e.key = 0x4e6574576f726b72ULL;
	snprintf(a.user, sizeof(a.user), "o'neil");
	assert_string_equal(line_of(&a, "/dev/my tape \"1\"\\\x1b=x", "", &e),
			    "user=o'neil uid=1000 device=\"/dev/my tape \\\"1\\\"\\\\\\x1b=x\" "
			    "action=reserve key=0x4e6574576f726b72 "
			    "key_name=\"ASCII \\\"NetWorkr\\\"\" type=type-2 result=done exit=0");
	/* cut to fit, the whole length returned as snprintf does */
	assert_int_equal(audit_line(&a, "/dev/sg0", NULL, &e, buf, sizeof(buf)),
			 (int)strlen(line_of(&a, "/dev/sg0", NULL, &e)));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	keynames_free(&kn);
}

static void
test_result_of(void **state)
{
	(void)state;
	assert_int_equal(audit_result_of(0, 24), AUDIT_DONE);
	assert_int_equal(audit_result_of(24, 24), AUDIT_CONFLICT);
	assert_int_equal(audit_result_of(75, 75), AUDIT_CONFLICT);
	assert_int_equal(audit_result_of(24, 75), AUDIT_CONFLICT);
	assert_int_equal(audit_result_of(15, 24), AUDIT_FAILED);
	assert_int_equal(audit_result_of(130, 24), AUDIT_FAILED);
}

static void
test_init(void **state)
{
	struct audit a;

	(void)state;
	audit_init(&a, NULL);
	assert_true(a.uid == getuid());
	assert_true(a.user[0] != '\0');
	if (getuid() == 0)
		assert_string_equal(a.user, "root");
	assert_true(a.login_uid == -1 || a.login_uid != (long)a.uid);
	assert_null(a.sink);
}

/* What a sink receives. */
struct capture {
	int priority;
	char line[AUDIT_LINE_MAX];
	unsigned n;
};

static void
capture(void *arg, int priority, const char *line)
{
	struct capture *c = arg;

	c->priority = priority;
	snprintf(c->line, sizeof(c->line), "%s", line);
	c->n++;
}

/* audit_log: nothing without d->audit; the LU name only from the
 * kernel's copy (none here), and not one command sent for it. */
static void
test_log_sends_no_command(void **state)
{
	struct capture c = { 0 };
	struct script s;
	struct dev d;
	struct keynames kn;
	struct audit a;
	const struct audit_event e = { .action = "release", .result = AUDIT_FAILED,
				       .exit = 5 };

	(void)state;
	fixture(&a, &kn);
	script_init(&s, &d);
	audit_log(&d, &e);
	assert_int_equal(c.n, 0);
	a.sink = capture;
	a.sink_arg = &c;
	d.audit = &a;
	audit_log(&d, &e);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.priority, LOG_WARNING);
	assert_string_equal(c.line, "user=alice uid=1000 device=scripted action=release "
			    "result=failed exit=5");
	assert_int_equal(s.nsent, 0);
	keynames_free(&kn);
	dev_close(&d);
}

/* An iscsi:// unit has no kernel copy: one INQUIRY (VPD 83h) names the LU
 * after an action the device answered; after a failure, none is sent. */
static void
test_log_iscsi_asks_once(void **state)
{
	static const uint8_t p83[] = { 0x00, 0x83, 0x00, 0x0c,
		0x01, 0x03, 0x00, 0x08, 0x50, 0x01, 0x40, 0x5e, 0xab, 0x00, 0x01, 0x00 };
	struct capture c = { 0 };
	struct script s;
	struct dev d;
	struct keynames kn;
	struct audit a;
	struct audit_event e = { .action = "register", .has_sa_key = true, .sa_key = 0x2222,
				 .result = AUDIT_DONE };

	(void)state;
	fixture(&a, &kn);
	a.sink = capture;
	a.sink_arg = &c;
	script_init(&s, &d);
	d.name = "iscsi://127.0.0.1/iqn.2026-12.test%3Alab/0";
	d.audit = &a;
	script_data(&s, p83, sizeof(p83));
	audit_log(&d, &e);
	assert_int_equal(s.nsent, 1);
	script_assert_cmd(&s, 0, 0x12, -1);
	assert_int_equal(s.sent[0].cdb[1], 0x01);	/* EVPD */
	assert_int_equal(s.sent[0].cdb[2], 0x83);
	assert_string_equal(c.line, "user=alice uid=1000 device=iscsi://127.0.0.1/"
			    "iqn.2026-12.test%3Alab/0 lu=naa.5001405eab000100 action=register "
			    "sa_key=0x2222 sa_key_name=backup-b result=done exit=0");
	e.result = AUDIT_FAILED;
	e.exit = 35;
	audit_log(&d, &e);
	assert_int_equal(s.nsent, 1);
	assert_string_equal(c.line, "user=alice uid=1000 device=iscsi://127.0.0.1/"
			    "iqn.2026-12.test%3Alab/0 action=register sa_key=0x2222 "
			    "sa_key_name=backup-b result=failed exit=35");
	keynames_free(&kn);
	dev_close(&d);
}

/*
 * In a child with a mount namespace of its own and a tmpfs over /dev:
 * a datagram socket of the test's own at /dev/log receives what
 * audit_send() gives syslog(3); with nothing there, one warning on
 * stderr, however many lines.  Writes "ok" or what went wrong to fd out.
 */
static void
child(int out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 5, 0 };
	struct audit a;
	char got[AUDIT_LINE_MAX + 128], want[128], err[512] = "";
	int fd, errp[2];
	ssize_t n;

	if (unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", "/dev", "tmpfs", 0, "mode=0755") != 0) {
		dprintf(out, "skip: no mount namespace here (%s)", strerror(errno));
		_exit(0);
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/dev/log");
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0) {
		dprintf(out, "receiver: %s", strerror(errno));
		_exit(1);
	}
	audit_init(&a, NULL);
	audit_send(&a, LOG_NOTICE, "user=x uid=0 device=/dev/sg9 action=reserve result=done exit=0");
	n = recv(fd, got, sizeof(got) - 1, 0);
	if (n <= 0) {
		dprintf(out, "nothing received: %s", strerror(errno));
		_exit(1);
	}
	got[n] = '\0';
	/* <PRI> is facility authpriv (10) * 8 + notice (5); then the time */
	snprintf(want, sizeof(want), " test_audit[%ld]: ", (long)getpid());
	if (strncmp(got, "<85>", 4) != 0 || strstr(got, want) == NULL ||
	    strcmp(strstr(got, want) + strlen(want),
		   "user=x uid=0 device=/dev/sg9 action=reserve result=done exit=0") != 0) {
		dprintf(out, "received '%s'", got);
		_exit(1);
	}
	/* nothing listening: said once, not twice */
	close(fd);
	unlink("/dev/log");
	if (pipe(errp) != 0 || dup2(errp[1], 2) < 0) {
		dprintf(out, "pipe: %s", strerror(errno));
		_exit(1);
	}
	audit_send(&a, LOG_WARNING, "one");
	audit_send(&a, LOG_WARNING, "two");
	close(errp[1]);
	close(2);
	n = read(errp[0], err, sizeof(err) - 1);
	err[n > 0 ? n : 0] = '\0';
	if (strcmp(err, "test_audit: cannot log to syslog (/dev/log: No such file or "
		   "directory); the audit trail of this run is lost\n") != 0) {
		dprintf(out, "stderr was '%s'", err);
		_exit(1);
	}
	dprintf(out, "ok");
	_exit(0);
}

static void
test_syslog_delivery(void **state)
{
	char result[1024] = "";
	int p[2], status;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		child(p[1]);
	}
	close(p[1]);
	n = read(p[0], result, sizeof(result) - 1);
	result[n > 0 ? n : 0] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (strncmp(result, "skip:", 5) == 0) {
		print_message("# %s\n", result);
		return;
	}
	assert_string_equal(result, "ok");
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_preempt),
		cmocka_unit_test(test_line_break),
		cmocka_unit_test(test_line_tlock),
		cmocka_unit_test(test_line_words),
		cmocka_unit_test(test_result_of),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_log_sends_no_command),
		cmocka_unit_test(test_log_iscsi_asks_once),
		cmocka_unit_test(test_syslog_delivery),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
