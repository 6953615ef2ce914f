/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: iSCSI URLs and initiator name files typed or written by users; what parses must format and parse back alike. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iscsi_url.h"

#include "fuzz.h"

/* Parsed parts are NUL-terminated within their buffers and in range. */
static void
check_parts(const struct tr_iscsi_url *u)
{
	FUZZ_CHECK(memchr(u->host, 0, sizeof(u->host)) != NULL && u->host[0] != '\0');
	FUZZ_CHECK(memchr(u->target, 0, sizeof(u->target)) != NULL && u->target[0] != '\0');
	FUZZ_CHECK(memchr(u->user, 0, sizeof(u->user)) != NULL);
	FUZZ_CHECK(memchr(u->password, 0, sizeof(u->password)) != NULL);
	FUZZ_CHECK(u->port >= 1 && u->port <= 65535);
	FUZZ_CHECK(u->lun <= ISCSI_URL_LUN_MAX);
	FUZZ_CHECK(fuzz_printable(u->target) && strchr(u->target, '/') == NULL &&
		   strchr(u->target, ' ') == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), line[2048], name[ISCSI_URL_NAME_MAX + 1];
	struct tr_iscsi_url u, u2;
	const char *why = NULL;
	int rc = iscsi_url_parse(s, &u, &why), len;

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	FUZZ_CHECK((rc == 0) == (why == NULL));
	if (rc == 0) {
		FUZZ_CHECK(iscsi_url_is_url(s));
		check_parts(&u);
		/* the URL written back (no password) parses to the same LU */
		len = iscsi_url_format(&u, line, sizeof(line));
		FUZZ_CHECK(len > 0 && (size_t)len < sizeof(line));
		FUZZ_CHECK(iscsi_url_parse(line, &u2, &why) == 0);
		FUZZ_CHECK(strcmp(u.portal, u2.portal) == 0 && strcmp(u.target, u2.target) == 0 &&
			   u.lun == u2.lun && u.have_user == u2.have_user && !u2.have_password);
	}
	/* the same bytes as an initiatorname.iscsi file, in an exact-size copy */
	uint8_t *copy = fuzz_dup(data, size);

	rc = iscsi_initiatorname_parse((const char *)copy, size, name, sizeof(name));
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -ENAMETOOLONG || rc == -EINVAL);
	if (rc == 0)
		FUZZ_CHECK(name[0] != '\0' && strlen(name) <= ISCSI_URL_NAME_MAX &&
			   fuzz_printable(name) && strchr(name, ' ') == NULL);
	if (rc == 0)
		(void)iscsi_url_name_ok(name);
	free(copy);
	free(s);
	return 0;
}
