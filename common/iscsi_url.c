/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iSCSI URLs and initiatorname.iscsi parsed strictly, before anything reaches the network. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "iscsi_url.h"
#include "num.h"
#include "tid.h"

#define SCHEME "iscsi://"

bool
iscsi_url_is_url(const char *s)
{
	size_t i = 0;

	if (!isalpha((unsigned char)s[0]))
		return false;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return strncmp(s + i, "://", 3) == 0;
}

/* Copy n bytes of p into dst (cap bytes) with a NUL; false when too long. */
static bool
copy_part(char *dst, size_t cap, const char *p, size_t n)
{
	if (n >= cap)
		return false;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The target name of n bytes at p, %XX decoded, into u->target. */
static const char *
parse_target(const char *p, size_t n, struct tr_iscsi_url *u)
{
	size_t i, o = 0;
	int hi, lo;
	char c;

	if (n == 0)
		return "empty target name";
	for (i = 0; i < n; i++) {
		c = p[i];
		if (c == '%') {
			if (i + 2 >= n)
				return "'%' in the target name without two hex digits";
			hi = hexval(p[i + 1]);
			lo = hexval(p[i + 2]);
			if (hi < 0 || lo < 0)
				return "'%' in the target name without two hex digits";
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if ((unsigned char)c <= 0x20 || (unsigned char)c >= 0x7f || c == '/')
			return "the target name holds a blank, '/' or a byte that is not "
			       "printable ASCII";
		if (o >= ISCSI_URL_NAME_MAX)
			return "target name longer than 223 bytes";
		u->target[o++] = c;
	}
	u->target[o] = '\0';
	return NULL;
}

/* [user[%password]@] of n bytes at p (without the '@'); ':' separates
 * too, as in other URLs: the first of the two ends the user name, so the
 * name a URL is written back with (iscsi_url_format()) reads the same. */
static const char *
parse_userinfo(const char *p, size_t n, struct tr_iscsi_url *u)
{
	const char *sep = NULL;
	size_t un;

	for (un = 0; un < n && sep == NULL; un++)
		if (p[un] == '%' || p[un] == ':')
			sep = p + un;
	un = sep != NULL ? (size_t)(sep - p) : n;
	if (un == 0)
		return "empty user name before '@'";
	if (!copy_part(u->user, sizeof(u->user), p, un))
		return "user name longer than 255 bytes";
	u->have_user = true;
	if (sep != NULL) {
		if (!copy_part(u->password, sizeof(u->password), sep + 1, n - un - 1))
			return "password longer than 255 bytes";
		u->have_password = true;
	}
	return NULL;
}

/* host[:port] or [v6][:port], n bytes at p. */
static const char *
parse_hostport(const char *p, size_t n, struct tr_iscsi_url *u)
{
	const char *end = p + n, *colon, *h = p;
	size_t hn;
	uint64_t port = ISCSI_URL_DEFAULT_PORT;
	char digits[8];

	if (n == 0)
		return "no host";
	if (*p == '[') {
		const char *close = memchr(p, ']', n);

		if (close == NULL)
			return "'[' without ']' around the IPv6 address";
		h = p + 1;
		hn = (size_t)(close - h);
		colon = close + 1 < end ? close + 1 : NULL;
		if (colon != NULL && *colon != ':')
			return "junk after the IPv6 address's ']'";
		u->ipv6 = true;
	} else {
		colon = memchr(p, ':', n);
		hn = colon != NULL ? (size_t)(colon - p) : n;
	}
	if (hn == 0)
		return "no host";
	if (!copy_part(u->host, sizeof(u->host), h, hn))
		return "host name longer than 255 bytes";
	for (size_t i = 0; i < hn; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '.' && h[i] != '-' &&
		    h[i] != '_' && !(u->ipv6 && (h[i] == ':' || h[i] == '%')))
			return "the host holds a character a host name or address cannot";
	if (colon != NULL) {
		size_t dn = (size_t)(end - colon - 1);

		if (dn == 0 || dn >= sizeof(digits) || !copy_part(digits, sizeof(digits),
								   colon + 1, dn) ||
		    num_parse_u64(digits, 65535, &port) != 0 || port == 0)
			return "port is not a number from 1 to 65535";
	}
	u->port = (unsigned)port;
	if ((size_t)snprintf(u->portal, sizeof(u->portal), u->ipv6 ? "[%s]:%u" : "%s:%u",
			     u->host, u->port) >= sizeof(u->portal))
		return "host and port longer than 255 bytes";
	return NULL;
}

int
iscsi_url_parse(const char *s, struct tr_iscsi_url *u, const char **why)
{
	const char *auth, *at, *slash, *lun, *w;
	uint64_t v;

	memset(u, 0, sizeof(*u));
	*why = NULL;
	if (!iscsi_url_is_url(s))
		w = "not a URL: scheme:// expected";
	else if (strncmp(s, SCHEME, strlen(SCHEME)) != 0)
		w = "unknown scheme: iscsi:// is the only one";
	else
		w = NULL;
	if (w != NULL)
		goto bad;
	auth = s + strlen(SCHEME);
	slash = strchr(auth, '/');
	if (slash == NULL) {
		w = "no target name: iscsi://HOST[:PORT]/TARGET/LUN";
		goto bad;
	}
	at = memchr(auth, '@', (size_t)(slash - auth));
	if (at != NULL && (w = parse_userinfo(auth, (size_t)(at - auth), u)) != NULL)
		goto bad;
	if (at != NULL)
		auth = at + 1;
	if ((w = parse_hostport(auth, (size_t)(slash - auth), u)) != NULL)
		goto bad;
	lun = strchr(slash + 1, '/');
	if (lun == NULL) {
		w = slash[1] == '\0' ? "empty target name" : "no LUN after the target name";
		goto bad;
	}
	if ((w = parse_target(slash + 1, (size_t)(lun - slash - 1), u)) != NULL)
		goto bad;
	lun++;
	if (*lun == '\0') {
		w = "no LUN after the target name";
		goto bad;
	}
	if (num_parse_u64(lun, ISCSI_URL_LUN_MAX, &v) != 0) {
		w = "the LUN is not a number from 0 to 16383";
		goto bad;
	}
	u->lun = (unsigned)v;
	return 0;
bad:
	*why = w;
	return -EINVAL;
}

int
iscsi_url_format(const struct tr_iscsi_url *u, char *buf, size_t len)
{
	char target[3 * ISCSI_URL_NAME_MAX + 1];
	size_t i, o = 0;

	for (i = 0; u->target[i] != '\0' && o + 4 <= sizeof(target); i++) {
		if (u->target[i] == ':' || u->target[i] == '%')
			o += (size_t)snprintf(target + o, sizeof(target) - o, "%%%02X",
					      (unsigned char)u->target[i]);
		else
			target[o++] = u->target[i];
	}
	target[o] = '\0';
	return snprintf(buf, len, "iscsi://%s%s%s/%s/%u", u->have_user ? u->user : "",
			u->have_user ? "@" : "", u->portal, target, u->lun);
}

int
iscsi_initiatorname_parse(const char *text, size_t len, char *name, size_t cap)
{
	static const char key[] = "InitiatorName=";
	const char *p = text, *end = text + len, *nl, *v, *ve, *q;
	int rc = -ENOENT;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(nl - p) < sizeof(key) - 1 || memcmp(p, key, sizeof(key) - 1) != 0)
			continue;
		v = p + sizeof(key) - 1;
		ve = nl;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
			ve--;
		if (ve == v)
			continue;
		if ((size_t)(ve - v) > ISCSI_URL_NAME_MAX || (size_t)(ve - v) >= cap) {
			rc = -ENAMETOOLONG;
			continue;
		}
		for (q = v; q < ve && (unsigned char)*q > 0x20 && (unsigned char)*q < 0x7f; q++)
			;
		if (q < ve) {	/* a blank, control or non-ASCII byte inside */
			rc = -EINVAL;
			continue;
		}
		memcpy(name, v, (size_t)(ve - v));
		name[ve - v] = '\0';
		rc = 0;
	}
	return rc;
}

bool
iscsi_url_name_ok(const char *name)
{
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t len;

	return (strncmp(name, "iqn.", 4) == 0 || strncmp(name, "eui.", 4) == 0 ||
		strncmp(name, "naa.", 4) == 0) && strchr(name, ',') == NULL &&
	       tid_parse(name, tid, sizeof(tid), &len) == 0;
}

void
iscsi_url_isid_hex(unsigned lun, char hex[13])
{
	snprintf(hex, 13, "%012llx",
		 (unsigned long long)(ISCSI_URL_ISID_BASE | (lun & 0xffffu)));
}
