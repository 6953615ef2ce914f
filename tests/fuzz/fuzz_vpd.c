/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: every vpd_* parser on one response, as INQUIRY data, VPD 80h and VPD 83h; names stay printable and file-safe. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "vpd.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): INQUIRY data or a VPD page (tresv reads at most 1024 bytes), with room for a PAGE LENGTH that lies. */
#define FUZZ_MAX_LEN 4096

/* A text field as the parser keeps it: a prefix of what arrived, no
 * trailing space or NUL. */
static void
check_field(const uint8_t *buf, size_t n, size_t off, size_t size,
	    const uint8_t *field, size_t len)
{
	size_t avail = n > off ? n - off : 0;

	FUZZ_CHECK(len <= size && len <= avail);
	if (len > 0) {
		FUZZ_CHECK(memcmp(field, buf + off, len) == 0);
		FUZZ_CHECK(field[len - 1] != ' ' && field[len - 1] != '\0');
	}
}

static void
fuzz_inquiry(const uint8_t *buf, size_t n)
{
	struct vpd_inquiry q;
	struct fault why;
	char text[4 * 16 + 1];
	int rc = vpd_parse_inquiry(buf, n, &q, &why);
	const char *name;
	/* all ADDITIONAL LENGTH announces arrived, and it is under 36 */
	bool lie = n < VPD_INQUIRY_MIN_LEN && n > 4 && 5 + (size_t)buf[4] <= n;

	FUZZ_CHECK(rc == (n >= VPD_INQUIRY_MIN_LEN ? 0 : lie ? -EBADMSG : -EMSGSIZE));
	FUZZ_CHECK(q.truncated == (rc == -EMSGSIZE));
	if (lie)
		FUZZ_CHECK(why.kind == FAULT_SHORT && why.offset == 4);
	FUZZ_CHECK(vpd_page_fault(buf, n, -1, NULL) == rc);
	FUZZ_CHECK(q.received == n);
	if (n > 0) {
		FUZZ_CHECK(q.peripheral_qualifier == buf[0] >> 5);
		FUZZ_CHECK(q.peripheral_device_type == (buf[0] & 0x1f));
	}
	check_field(buf, n, 8, 8, q.t10_vendor_identification,
		    q.t10_vendor_identification_len);
	check_field(buf, n, 16, 16, q.product_identification,
		    q.product_identification_len);
	check_field(buf, n, 32, 4, q.product_revision_level,
		    q.product_revision_level_len);
	/* what a tool prints of it */
	rc = sink_escape(q.product_identification,
			 q.product_identification_len, text, sizeof(text));
	FUZZ_CHECK(rc >= 0 && (size_t)rc < sizeof(text));
	FUZZ_CHECK(fuzz_printable(text));
	name = vpd_pdt_name(q.peripheral_device_type);
	FUZZ_CHECK((name == NULL) == (q.peripheral_device_type >= 0x15 &&
				      q.peripheral_device_type <= 0x1d));
}

/* The checks every page parser shares: -EBADMSG for a short or foreign
 * page, -EMSGSIZE for one cut short; 1 when the page is whole. */
static int
page_whole(const uint8_t *buf, size_t n, uint8_t code, int rc)
{
	if (n < VPD_HDR_LEN || buf[1] != code) {
		FUZZ_CHECK(rc == -EBADMSG);
		return 0;
	}
	if (fuzz_be(buf + 2, 2) > n - VPD_HDR_LEN) {
		FUZZ_CHECK(rc == -EMSGSIZE);
		return 0;
	}
	return 1;
}

/* An snprintf-style result: the same count with no room, a terminated
 * prefix in a buffer too short. */
static void
check_snprintf(int (*parse)(const uint8_t *, size_t, char *, size_t),
	       const uint8_t *buf, size_t n, const char *whole, int len)
{
	size_t half = (size_t)len / 2 + 1;
	char *cut;

	FUZZ_CHECK(parse(buf, n, NULL, 0) == len);
	cut = malloc(half);
	if (cut == NULL)
		abort();
	FUZZ_CHECK(parse(buf, n, cut, half) == len);
	FUZZ_CHECK(strlen(cut) == half - 1 && memcmp(cut, whole, half - 1) == 0);
	free(cut);
}

static void
fuzz_serial(const uint8_t *buf, size_t n)
{
	size_t cap = 4 * n + 1;
	char *out = malloc(cap);
	int rc;

	if (out == NULL)
		abort();
	rc = vpd_parse_unit_serial(buf, n, out, cap);
	/* the same verdict explained: -EBADMSG said where, a cut is not a fault */
	FUZZ_CHECK(vpd_page_fault(buf, n, VPD_UNIT_SERIAL, NULL) == (rc >= 0 ? 0 : rc));
	if (page_whole(buf, n, VPD_UNIT_SERIAL, rc)) {
		FUZZ_CHECK(rc >= 0 && (size_t)rc < cap);
		FUZZ_CHECK(strlen(out) == (size_t)rc);
		FUZZ_CHECK(fuzz_printable(out));
		FUZZ_CHECK(rc == 0 || (out[0] != ' ' && out[rc - 1] != ' '));
		check_snprintf(vpd_parse_unit_serial, buf, n, out, rc);
	}
	free(out);
}

/* The RELATIVE TARGET PORT IDENTIFIER counted here, apart from vpd.c:
 * the first descriptor with ASSOCIATION 01b and type 4h of a whole page;
 * -EBADMSG for one that runs past PAGE LENGTH. */
static int
rel_port_here(const uint8_t *buf, size_t n)
{
	size_t pl = fuzz_be(buf + 2, 2), off = VPD_HDR_LEN, dl;
	int found = -ENOENT;

	(void)n;
	while (off < VPD_HDR_LEN + pl) {
		if (VPD_HDR_LEN + pl - off < 4)
			return -EBADMSG;
		dl = buf[off + 3];
		if (off + 4 + dl > VPD_HDR_LEN + pl)
			return -EBADMSG;
		if (found == -ENOENT && ((buf[off + 1] >> 4) & 3) == 1 &&
		    (buf[off + 1] & 0x0f) == 4) {
			found = dl == 4 ? (int)fuzz_be(buf + off + 6, 2) : 0;
			if (found == 0)
				found = -EBADMSG;
		}
		off += 4 + dl;
	}
	return found;
}

/* Only [A-Za-z0-9._-], not starting with '.' or '-'. */
static bool
file_safe(const char *s)
{
	if (s[0] == '\0' || s[0] == '.' || s[0] == '-')
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789._-") == strlen(s);
}

static void
check_lu_id(const uint8_t *p83, size_t n83, const uint8_t *p80, size_t n80)
{
	char id[VPD_LU_ID_MAX], again[VPD_LU_ID_MAX];
	int rc = vpd_lu_id(p83, n83, p80, n80, id, sizeof(id));

	FUZZ_CHECK(rc > 0 || rc == -ENOENT || rc == -EBADMSG ||
		   rc == -EMSGSIZE);
	if (rc <= 0)
		return;
	FUZZ_CHECK(rc <= 200 && strlen(id) == (size_t)rc);
	FUZZ_CHECK(file_safe(id));
	/* the same pages, the same name; never a partial one */
	FUZZ_CHECK(vpd_lu_id(p83, n83, p80, n80, again, sizeof(again)) == rc);
	FUZZ_CHECK(strcmp(id, again) == 0);
	memset(again, 'Z', sizeof(again));
	FUZZ_CHECK(vpd_lu_id(p83, n83, p80, n80, again, (size_t)rc) ==
		   -ENOSPC);
	FUZZ_CHECK(again[0] == 'Z');
}

static void
fuzz_device_id(const uint8_t *buf, size_t n)
{
	char name[VPD_NAME_MAX];
	int rc, port;

	rc = vpd_parse_lu_name(buf, n, name, sizeof(name));
	port = vpd_rel_tgt_port(buf, n);
	FUZZ_CHECK(vpd_page_fault(buf, n, VPD_DEVICE_ID, NULL) ==
		   (rc >= 0 || rc == -ENOENT ? 0 : rc));
	if (page_whole(buf, n, VPD_DEVICE_ID, rc)) {
		FUZZ_CHECK(page_whole(buf, n, VPD_DEVICE_ID, port));
		FUZZ_CHECK(port == rel_port_here(buf, n));
		FUZZ_CHECK(rc >= 0 || rc == -ENOENT || rc == -EBADMSG);
		if (rc >= 0) {
			FUZZ_CHECK((size_t)rc < sizeof(name));
			FUZZ_CHECK(strlen(name) == (size_t)rc);
			FUZZ_CHECK(fuzz_printable(name));
			check_snprintf(vpd_parse_lu_name, buf, n, name, rc);
		}
	} else {
		page_whole(buf, n, VPD_DEVICE_ID, port);
	}
	FUZZ_CHECK(port > 0 ? port <= 0xffff : port != 0);
	/* the lock name follows the LU name: one when there is a name, the
	 * same error when the page is unusable */
	check_lu_id(buf, n, NULL, 0);
	if (n > 0 && rc >= 0)
		FUZZ_CHECK(vpd_lu_id(buf, n, NULL, 0, name, sizeof(name)) > 0);
	if (n > 0 && (rc == -EBADMSG || rc == -EMSGSIZE))
		FUZZ_CHECK(vpd_lu_id(buf, n, NULL, 0, name, sizeof(name)) ==
			   rc);
	/* the same bytes as a serial page, and as both */
	check_lu_id(NULL, 0, buf, n);
	check_lu_id(buf, n, buf, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = fuzz_dup(data, size);
	size_t len = vpd_len(buf, size);

	FUZZ_CHECK(len == (size < VPD_HDR_LEN ? 0 :
			   VPD_HDR_LEN + fuzz_be(buf + 2, 2)));
	fuzz_inquiry(buf, size);
	fuzz_serial(buf, size);
	fuzz_device_id(buf, size);
	free(buf);
	return 0;
}
