/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iSCSI device URLs and open-iscsi's initiator name file: strict parsing, no I/O (pure). */
#ifndef TRESV_ISCSI_URL_H
#define TRESV_ISCSI_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libiscsi keeps every URL part in a MAX_STRING_SIZE (255) buffer. */
#define ISCSI_URL_PART_MAX 255
/* iSCSI names are at most 223 bytes (RFC 3720 3.2.6.1). */
#define ISCSI_URL_NAME_MAX 223
/* The default iSCSI port (RFC 3720 13.1). */
#define ISCSI_URL_DEFAULT_PORT 3260
/* Largest LUN: the 14 bits of SAM-6 single-level flat addressing, which
 * is how libiscsi puts a LUN into a PDU. */
#define ISCSI_URL_LUN_MAX 16383
/* The ISID tresv logs in with (RFC 3720 10.12.5, type 10b "random"):
 * byte 0 80h, bytes 1-3 "trv", bytes 4-5 (the qualifier) the LUN. */
#define ISCSI_URL_ISID_BASE 0x807472760000ULL

/* The parts of iscsi://[user[%password]@]host[:port]/target/lun. */
struct tr_iscsi_url {
	char host[ISCSI_URL_PART_MAX + 1];	/* a name, IPv4, or IPv6 without [] */
	bool ipv6;				/* host was written in [] */
	unsigned port;				/* 1-65535, default 3260 */
	char portal[ISCSI_URL_PART_MAX + 1];	/* host:port as libiscsi takes it */
	char target[ISCSI_URL_NAME_MAX + 1];	/* %XX decoded */
	unsigned lun;				/* 0-ISCSI_URL_LUN_MAX */
	bool have_user;
	char user[ISCSI_URL_PART_MAX + 1];	/* CHAP name, as written */
	bool have_password;
	char password[ISCSI_URL_PART_MAX + 1];	/* CHAP secret, as written */
};

/*
 * Whether s names a URL rather than a file: it begins with a scheme
 * (a letter, then letters, digits, '+', '-' or '.') and "://".
 */
bool iscsi_url_is_url(const char *s);

/*
 * Parse s, libiscsi's URL syntax for one logical unit:
 *   iscsi://[USER[%PASSWORD]@]HOST[:PORT]/TARGET/LUN
 * USER and PASSWORD end at the first '@' and are split at the first '%'
 * (or ':', as libiscsi also reads it); HOST is a name or IPv4 address,
 * or an IPv6 address in brackets; PORT 1-65535 in decimal; TARGET the
 * target's iSCSI name, where %XX (two hex digits) stands for one byte
 * (libiscsi's encoding of ':'), 1-223 bytes of printable ASCII without
 * blanks or '/' once decoded; LUN 0-16383 in decimal.  The scheme is
 * iscsi only (libiscsi's iser is an RDMA transport tresv does not
 * build).  Nothing is read from the environment.
 * Returns 0 and fills *u, or -EINVAL with *why (a static phrase such as
 * "no LUN after the target name") and *u undefined.
 */
int iscsi_url_parse(const char *s, struct tr_iscsi_url *u, const char **why);

/*
 * Write u back as a URL without its password (for messages and the
 * device's name in -v traces), into buf of len bytes, always
 * terminated.  ':' and '%' in the target are written %3A and %25.
 * Returns the length snprintf would give.
 */
int iscsi_url_format(const struct tr_iscsi_url *u, char *buf, size_t len);

/*
 * The InitiatorName of open-iscsi's /etc/iscsi/initiatorname.iscsi, whose
 * text (len bytes) holds lines "InitiatorName=NAME"; '#' lines are
 * comments, blanks around NAME are dropped, the last such line counts.
 * Into name (cap bytes).  Returns 0, -ENOENT when no line names one,
 * -ENAMETOOLONG when it does not fit or exceeds 223 bytes.
 */
int iscsi_initiatorname_parse(const char *text, size_t len, char *name, size_t cap);

/*
 * Whether name is an iSCSI name an initiator can log in with: iqn., eui.
 * or naa. in the normalized form tid_parse() builds a TransportID from
 * (lower case; RFC 3720 3.2.6), at most 223 bytes; a name, not a port
 * (no ",i,0x" ISID: the tool adds its own).
 */
bool iscsi_url_name_ok(const char *name);

/*
 * The 6-byte ISID tresv's session to LUN lun uses (ISCSI_URL_ISID_BASE
 * plus the LUN), as the 12 lower-case hex digits of an iSCSI TransportID
 * (SPC-5 7.6.4.6, format 01b) into hex (13 bytes).
 */
void iscsi_url_isid_hex(unsigned lun, char hex[13]);

#endif /* TRESV_ISCSI_URL_H */
