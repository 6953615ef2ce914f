/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * make bench, section (g): what one C library service costs a process in the lab guest, on
 * top of a start that only prints (bench/floor.c).  argv[1] names the service, called once,
 * as tresv's tools call it:
 *   none      nothing more: this program's own floor
 *   nss       getpwuid_r(3) of the caller: the audit trail's user name (common/audit.c)
 *   syslog    openlog(3), syslog(3), closelog(3) of one line: the audit trail's line
 *   strerror  strerror(3) of ENOENT: a reason in words
 *   stdio     fopen(3), fgets(3), fclose(3) of /proc/self/loginuid: a small file through stdio
 * Built twice more with one more library linked and not called (libsgutils2, libpopt):
 * what loading it costs.  Exit status 0, or 1 for an unknown service.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "none";
	char buf[1024];

	if (strcmp(part, "nss") == 0) {
		struct passwd pw, *found = NULL;

		if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found) == 0 && found != NULL)
			puts(found->pw_name);
	} else if (strcmp(part, "syslog") == 0) {
		openlog("tresv-bench", LOG_PID, LOG_USER);
		syslog(LOG_DEBUG, "%s", "make bench: one line, as the audit trail sends it");
		closelog();
	} else if (strcmp(part, "strerror") == 0) {
		puts(strerror(ENOENT));
	} else if (strcmp(part, "stdio") == 0) {
		FILE *f = fopen("/proc/self/loginuid", "re");

		if (f != NULL) {
			if (fgets(buf, sizeof(buf), f) != NULL)
				fputs(buf, stdout);
			fclose(f);
		}
	} else if (strcmp(part, "none") != 0) {
		fprintf(stderr, "parts: unknown part %s\n", part);
		return 1;
	}
	puts("parts");
	return 0;
}
