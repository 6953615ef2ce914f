/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audit line built from an event (pure), and sent with syslog(3), a failure said once. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <paths.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "audit.h"
#include "iscsi_url.h"
#include "keys.h"
#include "lu.h"
#include "num.h"
#include "sink.h"

/* The login UID the kernel keeps for a process outside any login. */
#define AUDIT_UID_UNSET 4294967295UL

void
audit_init(struct audit *a, const struct keynames *names)
{
	struct passwd pw, *found = NULL;
	char buf[1024], text[24] = "";
	uint64_t login = AUDIT_UID_UNSET;
	FILE *f;

	memset(a, 0, sizeof(*a));
	a->uid = getuid();
	a->names = names;
	if (getpwuid_r((uid_t)a->uid, &pw, buf, sizeof(buf), &found) == 0 && found != NULL)
		snprintf(a->user, sizeof(a->user), "%s", found->pw_name);
	else
		snprintf(a->user, sizeof(a->user), "?");
	if ((f = fopen("/proc/self/loginuid", "re")) != NULL) {
		if (fgets(text, sizeof(text), f) != NULL)
			text[strcspn(text, "\n")] = '\0';
		fclose(f);
	}
	a->login_uid = -1;
	if (num_parse_u64(text, UINT32_MAX, &login) == 0 && login != AUDIT_UID_UNSET &&
	    login != a->uid)
		a->login_uid = (long)login;
}

/* A value as the line has it: bare, or quoted with escapes. */
static void
put_value(struct sink *s, const char *v)
{
	const unsigned char *p;
	bool quote = *v == '\0';

	for (p = (const unsigned char *)v; *p != '\0' && !quote; p++)
		quote = *p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '=';
	if (!quote) {
		sink_put_str(s, v);
		return;
	}
	sink_put_char(s, '"');
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			sink_put_char(s, '\\');
			sink_put_char(s, (char)*p);
		} else if (*p < 0x20 || *p >= 0x7f) {
			sink_put_str(s, "\\x");
			sink_put_hex_byte(s, *p);
		} else {
			sink_put_char(s, (char)*p);
		}
	}
	sink_put_char(s, '"');
}

static void
field(struct sink *s, const char *name, const char *value)
{
	if (s->n > 0)
		sink_put_char(s, ' ');
	sink_put_str(s, name);
	sink_put_char(s, '=');
	put_value(s, value);
}

static void
field_num(struct sink *s, const char *name, long long v)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", v);
	field(s, name, text);
}

/* A key, and its name when it has one. */
static void
field_key(struct sink *s, const char *name, uint64_t key, const struct keynames *kn)
{
	char text[24], kname[KEYNAMES_NAME_MAX], label[32];

	snprintf(text, sizeof(text), "0x%" PRIx64, key);
	field(s, name, text);
	if (keynames_name(kn, key, kname, sizeof(kname)) != NULL) {
		snprintf(label, sizeof(label), "%s_name", name);
		field(s, label, kname);
	}
}

/* A type's abbreviation, or "type-N" for a code that is none. */
static const char *
type_str(uint8_t type, char *buf, size_t len)
{
	const char *t = keys_type_abbrev(type);

	if (t != NULL)
		return t;
	snprintf(buf, len, "type-%u", (unsigned)type);
	return buf;
}

/* The holder as the line says it. */
static const char *
seen_str(const struct holder_seen *h, const struct keynames *kn, char *buf, size_t len)
{
	char key[KEYNAMES_STR_MAX], tb[16];
	const char *type = type_str(h->type, tb, sizeof(tb));

	switch (h->who) {
	case HOLDER_NONE:
		return "none";
	case HOLDER_US_PR:
	case HOLDER_OTHER_PR:
		if (keys_type_all_registrants(h->type))
			snprintf(buf, len, "pr %s all registrants", type);
		else
			snprintf(buf, len, "pr %s %s", type,
				 keynames_str(kn, h->key, key, sizeof(key)));
		return buf;
	case HOLDER_US_SPC2:
		return "spc2 this initiator";
	case HOLDER_OTHER_SPC2:
		return "spc2 another initiator";
	case HOLDER_SPC2:
		return "spc2 unknown initiator";
	case HOLDER_OTHER:
		return "another initiator (kind unknown)";
	case HOLDER_UNKNOWN:
		break;
	}
	return "unknown";
}

static const char *const result_words[] = {
	[AUDIT_DONE] = "done",
	[AUDIT_CONFLICT] = "conflict",
	[AUDIT_FAILED] = "failed",
};

int
audit_line(const struct audit *a, const char *device, const char *lu,
	   const struct audit_event *e, char *buf, size_t len)
{
	char text[2 * KEYNAMES_STR_MAX];
	struct sink s;

	sink_init(&s, buf, len);
	field(&s, "user", a->user);
	field_num(&s, "uid", (long long)a->uid);
	if (a->login_uid >= 0)
		field_num(&s, "login_uid", a->login_uid);
	field(&s, "device", device != NULL ? device : "");
	if (lu != NULL && *lu != '\0')
		field(&s, "lu", lu);
	field(&s, "action", e->action != NULL ? e->action : "");
	if (e->method != NULL)
		field(&s, "method", e->method);
	if (e->owner > 0)
		field_num(&s, "owner", e->owner);
	if (e->has_key)
		field_key(&s, "key", e->key, a->names);
	if (e->has_sa_key)
		field_key(&s, "sa_key", e->sa_key, a->names);
	if (e->has_type)
		field(&s, "type", type_str(e->type, text, sizeof(text)));
	if (e->reset != NULL)
		field(&s, "reset", e->reset);
	if (e->before.read)
		field(&s, "before", seen_str(&e->before, a->names, text, sizeof(text)));
	if (e->after.read)
		field(&s, "after", seen_str(&e->after, a->names, text, sizeof(text)));
	field(&s, "result", (unsigned)e->result < 3 ? result_words[e->result] : "failed");
	field_num(&s, "exit", e->exit);
	return sink_end(&s);
}

/* Whether anything listens on syslog's socket: 0, or -errno with why. */
static int
syslog_listens(char *why, size_t whylen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int type = SOCK_DGRAM, fd, rc;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", _PATH_LOG);
	for (;;) {
		fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
		rc = fd < 0 ? -errno : connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 ?
			0 : -errno;
		if (fd >= 0)
			close(fd);
		/* a stream socket there (syslog-ng can): syslog(3) tries it too */
		if (rc == -EPROTOTYPE && type == SOCK_DGRAM) {
			type = SOCK_STREAM;
			continue;
		}
		if (rc != 0)
			snprintf(why, whylen, "%s: %s", _PATH_LOG, strerror(-rc));
		return rc;
	}
}

void
audit_send(struct audit *a, int priority, const char *line)
{
	char why[160];

	if (a->sink != NULL) {
		a->sink(a->sink_arg, priority, line);
		return;
	}
	if (syslog_listens(why, sizeof(why)) != 0) {
		if (!a->warned)
			warnx("cannot log to syslog (%s); the audit trail of this run is lost",
			      why);
		a->warned = true;
		return;
	}
	openlog(program_invocation_short_name, LOG_PID, AUDIT_FACILITY);
	syslog(priority, "%s", line);
	closelog();
}

void
audit_log(struct dev *d, const struct audit_event *e)
{
	uint8_t page[LU_VPD_MAX];
	char lu[VPD_NAME_MAX] = "", line[AUDIT_LINE_MAX];
	size_t len = 0;
	ssize_t n;

	if (d->audit == NULL)
		return;
	/* the kernel's copy; an iscsi:// unit has none: one INQUIRY, unless
	 * the action failed (the session may be gone) */
	n = lu_kernel_inquiry(d, VPD_DEVICE_ID, page, sizeof(page));
	if (n > 0)
		len = (size_t)n;
	else if (iscsi_url_is_url(d->name) && e->result != AUDIT_FAILED &&
		 lu_inquiry(d, VPD_DEVICE_ID, page, sizeof(page), &len) != TR_EXIT_OK)
		len = 0;
	if (len == 0 || vpd_parse_lu_name(page, len, lu, sizeof(lu)) < 0)
		lu[0] = '\0';
	audit_line(d->audit, d->name, lu, e, line, sizeof(line));
	audit_send(d->audit, e->result == AUDIT_DONE ? LOG_NOTICE : LOG_WARNING, line);
}

enum audit_result
audit_result_of(int exit, int busy_code)
{
	if (exit == 0)
		return AUDIT_DONE;
	return exit == TR_EXIT_CONFLICT || exit == busy_code ? AUDIT_CONFLICT : AUDIT_FAILED;
}
