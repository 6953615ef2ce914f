/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI devices and initiator ports from sysfs/configfs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be.h"
#include "hex.h"
#include "num.h"
#include "sink.h"
#include "tid.h"

#include "sysfs.h"

#include "devid.h"

/* "0x" and 1 to 16 hex digits, nothing else, as sysfs writes addresses. */
static int
parse_hex64(const char *s, uint64_t *v)
{
	size_t i;
	int d;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -EBADMSG;
	*v = 0;
	for (i = 2; s[i] != '\0'; i++) {
		d = hex_digit(s[i]);
		if (d < 0 || i >= 18)
			return -EBADMSG;
		*v = *v << 4 | (uint64_t)d;
	}
	return i > 2 ? 0 : -EBADMSG;
}

/* ---- initiator ports ---------------------------------------------------- */

/* tid_parse() of s: 0, -EBADMSG for a name it refuses, -ENOSPC. */
static int
build_tid(const char *s, uint8_t *tid, size_t cap, size_t *tid_len)
{
	int rc = tid_parse(s, tid, cap, tid_len);

	return rc == -EINVAL ? -EBADMSG : rc;
}

/* sas,0x / fc,0x and 16 digits of v. */
static int
build_tid64(const char *proto, uint64_t v, uint8_t *tid, size_t cap,
	    size_t *tid_len)
{
	char s[32];

	snprintf(s, sizeof(s), "%s,0x%016llx", proto, (unsigned long long)v);
	return build_tid(s, tid, cap, tid_len);
}

/* An iSCSI TransportID of initiator name (folded to lower case, RFC 3722)
 * and, when isid is 12 hex digits, the ISID: format 01b, else 00b. */
static int
build_iscsi_tid(char *name, const char *isid, uint8_t *tid, size_t cap,
		size_t *tid_len)
{
	char s[TID_ISCSI_NAME_MAX + sizeof(TID_ISCSI_SEPARATOR) + TID_ISID_MAX];
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	/* only names: never let tid_parse() read sysfs text as hex, */
	if (strncmp(name, "iqn.", 4) != 0 && strncmp(name, "eui.", 4) != 0 &&
	    strncmp(name, "naa.", 4) != 0)
		return -EBADMSG;
	if (i > TID_ISCSI_NAME_MAX)
		return -EBADMSG;
	if (isid != NULL && strlen(isid) == TID_ISID_MAX &&
	    strspn(isid, "0123456789abcdefABCDEF") == TID_ISID_MAX)
		snprintf(s, sizeof(s), "%s" TID_ISCSI_SEPARATOR "%s", name,
			 isid);
	else
		snprintf(s, sizeof(s), "%s", name);
	return build_tid(s, tid, cap, tid_len);
}

/* A tcm_loop nexus of the WWN's protocol into a TransportID, as
 * target_core_fabric_lib reads it: SAS the first 16 hex digits after
 * "naa."; FC 16 hex digits, colons between them allowed; iSCSI the name. */
static int
loop_nexus_tid(const char *wwn, char *nexus, uint8_t *tid, size_t cap,
	       size_t *tid_len)
{
	uint64_t v = 0;
	const char *p;
	size_t digits = 0;
	int d;

	if (strstr(wwn, "naa.") != NULL) {
		if (strncmp(nexus, "naa.", 4) != 0)
			return -EBADMSG;
		for (p = nexus + 4; digits < 16; p++, digits++) {
			d = hex_digit(*p);
			if (d < 0)
				return -EBADMSG;
			v = v << 4 | (uint64_t)d;
		}
		return build_tid64("sas", v, tid, cap, tid_len);
	}
	if (strstr(wwn, "fc.") != NULL) {
		p = strncmp(nexus, "fc.", 3) == 0 ? nexus + 3 : nexus;
		for (; *p != '\0'; p++) {
			if (*p == ':' && digits > 0 && digits % 2 == 0 &&
			    p[1] != '\0')
				continue;
			d = hex_digit(*p);
			if (d < 0 || digits == 16)
				return -EBADMSG;
			v = v << 4 | (uint64_t)d;
			digits++;
		}
		if (digits != 16)
			return -EBADMSG;
		return build_tid64("fc", v, tid, cap, tid_len);
	}
	if (strstr(wwn, "iqn.") != NULL)
		return build_iscsi_tid(nexus, NULL, tid, cap, tid_len);
	return -EBADMSG;
}

/* One tcm_loop TPG: its address H:C:T into hct and its nexus's
 * TransportID.  -ENOENT when it has no address or no nexus. */
static int
loop_tpg(const char *root, const char *wwn, const char *tpgt, unsigned hct[3],
	 uint8_t *tid, size_t cap, size_t *tid_len)
{
	char path[PATH_MAX], text[256];
	const char *p;
	uint64_t v[3];
	int rc, i;

	rc = sysfs_path(path, sizeof(path), root,
		   "sys/kernel/config/target/loopback/%s/%s/address", wwn,
		   tpgt);
	if (rc == 0)
		rc = sysfs_read_text(path, text, sizeof(text));
	if (rc < 0)
		return -ENOENT;
	p = text;
	for (i = 0; i < 3; i++) {
		p = num_scan_u64(p, UINT_MAX, &v[i]);
		if (p == NULL || *p != (i < 2 ? ':' : '\0'))
			return -ENOENT;
		p++;
		hct[i] = (unsigned)v[i];
	}
	rc = sysfs_path(path, sizeof(path), root,
		   "sys/kernel/config/target/loopback/%s/%s/nexus", wwn, tpgt);
	if (rc == 0)
		rc = sysfs_read_text(path, text, sizeof(text));
	if (rc <= 0)
		return -ENOENT;
	return loop_nexus_tid(wwn, text, tid, cap, tid_len);
}

/* Every (WWN, tpgt_N) under configfs loopback, in order; f returns
 * nonzero to stop, and that value is returned.  0 when none stopped. */
typedef int (*tpg_fn)(const char *root, const char *wwn, const char *tpgt,
		      void *arg);

static int
each_loop_tpg(const char *root, tpg_fn f, void *arg)
{
	char path[PATH_MAX];
	struct sysfs_list wwns, tpgs;
	size_t i, j;
	int rc = 0;

	if (sysfs_path(path, sizeof(path), root,
		  "sys/kernel/config/target/loopback") < 0 ||
	    sysfs_list(path, "", &wwns) < 0)
		return 0;
	for (i = 0; i < wwns.n && rc == 0; i++) {
		if (sysfs_path(path, sizeof(path), root,
			  "sys/kernel/config/target/loopback/%s",
			  wwns.v[i]->d_name) < 0 ||
		    sysfs_list(path, "tpgt_", &tpgs) < 0)
			continue;
		for (j = 0; j < tpgs.n && rc == 0; j++)
			rc = f(root, wwns.v[i]->d_name, tpgs.v[j]->d_name, arg);
		sysfs_list_free(&tpgs);
	}
	sysfs_list_free(&wwns);
	return rc;
}

/* A lookup for one device: where the answer goes. */
struct port_query {
	const struct sysfs_hctl *h;
	uint8_t *tid;
	size_t cap;
	size_t *tid_len;
	int rc;
};

static int
loop_match(const char *root, const char *wwn, const char *tpgt, void *arg)
{
	struct port_query *q = arg;
	unsigned hct[3];
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t len;
	int rc;

	rc = loop_tpg(root, wwn, tpgt, hct, tid, sizeof(tid), &len);
	if (rc == -ENOENT || hct[0] != q->h->host || hct[1] != q->h->channel ||
	    hct[2] != q->h->target)
		return 0;
	if (rc == 0 && len > q->cap)
		rc = -ENOSPC;
	if (rc == 0) {
		memcpy(q->tid, tid, len);
		*q->tid_len = len;
	}
	q->rc = rc;
	return 1;
}

/* A sysfs address attribute ("0x" hex) at path: -ENOENT when absent. */
static int
read_addr(const char *path, uint64_t *v)
{
	char text[64];
	int rc;

	rc = sysfs_read_text(path, text, sizeof(text));
	if (rc == -ENOENT)
		return rc;
	if (rc < 0)
		return rc == -EOVERFLOW ? -EBADMSG : rc;
	return parse_hex64(text, v);
}

/* "phy-H:N" (a host's phy, not an expander's phy-H:T:N): 0 with H. */
static int
host_phy(const char *name, unsigned *host)
{
	uint64_t h, n;
	const char *p;

	if (strncmp(name, "phy-", 4) != 0)
		return -EINVAL;
	p = num_scan_u64(name + 4, UINT_MAX, &h);
	if (p == NULL || *p != ':')
		return -EINVAL;
	p = num_scan_u64(p + 1, UINT_MAX, &n);
	if (p == NULL || *p != '\0')
		return -EINVAL;
	*host = (unsigned)h;
	return 0;
}

/* SAS: host_sas_address, else the lowest phy-H:N with an address. */
static int
sas_port(const char *root, unsigned host, uint8_t *tid, size_t cap,
	 size_t *tid_len)
{
	char path[PATH_MAX], prefix[32];
	struct sysfs_list l;
	struct stat st;
	uint64_t v;
	unsigned h;
	size_t i;
	int rc;

	rc = sysfs_path(path, sizeof(path), root,
		   "sys/class/scsi_host/host%u/host_sas_address", host);
	if (rc == 0)
		rc = read_addr(path, &v);
	if (rc == 0)
		return build_tid64("sas", v, tid, cap, tid_len);
	if (rc != -ENOENT)
		return rc;
	rc = sysfs_path(path, sizeof(path), root, "sys/class/sas_host/host%u", host);
	if (rc < 0 || stat(path, &st) < 0)
		return -ENOENT;
	snprintf(prefix, sizeof(prefix), "phy-%u:", host);
	if (sysfs_path(path, sizeof(path), root, "sys/class/sas_phy") < 0 ||
	    sysfs_list(path, prefix, &l) < 0)
		return -ENOENT;
	rc = -ENOENT;
	for (i = 0; i < l.n && rc == -ENOENT; i++) {
		if (host_phy(l.v[i]->d_name, &h) < 0 ||
		    sysfs_path(path, sizeof(path), root,
			  "sys/class/sas_phy/%s/sas_address", l.v[i]->d_name) < 0 ||
		    read_addr(path, &v) < 0 || v == 0)
			continue;
		rc = build_tid64("sas", v, tid, cap, tid_len);
	}
	sysfs_list_free(&l);
	return rc;
}

static int
fc_port(const char *root, unsigned host, uint8_t *tid, size_t cap,
	size_t *tid_len)
{
	char path[PATH_MAX];
	uint64_t v;
	int rc;

	rc = sysfs_path(path, sizeof(path), root,
		   "sys/class/fc_host/host%u/port_name", host);
	if (rc == 0)
		rc = read_addr(path, &v);
	if (rc < 0)
		return rc;
	return build_tid64("fc", v, tid, cap, tid_len);
}

/* Whether the path rel has the component comp. */
static bool
has_component(const char *rel, const char *comp)
{
	size_t cl = strlen(comp);
	const char *p = rel;

	while ((p = strstr(p, comp)) != NULL) {
		if ((p == rel || p[-1] == '/') &&
		    (p[cl] == '/' || p[cl] == '\0'))
			return true;
		p += cl;
	}
	return false;
}

/* An iSCSI session's TransportID: initiatorname and isid. */
static int
session_tid(const char *root, const char *session, uint8_t *tid, size_t cap,
	    size_t *tid_len)
{
	char path[PATH_MAX], name[TID_ISCSI_NAME_MAX + 2], isid[32];
	int rc;

	rc = sysfs_path(path, sizeof(path), root,
		   "sys/class/iscsi_session/%s/initiatorname", session);
	if (rc == 0)
		rc = sysfs_read_text(path, name, sizeof(name));
	if (rc <= 0)
		return -EBADMSG;
	rc = sysfs_path(path, sizeof(path), root,
		   "sys/class/iscsi_session/%s/isid", session);
	if (rc == 0)
		rc = sysfs_read_text(path, isid, sizeof(isid));
	return build_iscsi_tid(name, rc > 0 ? isid : NULL, tid, cap, tid_len);
}

/* The host number of the session: its directory lies under hostH. */
static int
session_host(const char *root, const char *session, unsigned *host)
{
	char path[PATH_MAX], rel[PATH_MAX];
	const char *p, *end;
	uint64_t v;

	if (sysfs_path(path, sizeof(path), root, "sys/class/iscsi_session/%s",
		  session) < 0)
		return -ENOENT;
	if (sysfs_realpath(root, path, rel, sizeof(rel)) < 0)
		return -ENOENT;
	for (p = rel; (p = strstr(p, "/host")) != NULL; p += 5) {
		end = num_scan_u64(p + 5, UINT_MAX, &v);
		if (end != NULL && (*end == '/' || *end == '\0')) {
			*host = (unsigned)v;
			return 0;
		}
	}
	return -ENOENT;
}

/* iSCSI: the session in the device's path, else the first under hostH. */
static int
iscsi_port(const char *root, unsigned host, const char *rel, uint8_t *tid,
	   size_t cap, size_t *tid_len)
{
	char path[PATH_MAX];
	struct sysfs_list l;
	unsigned h;
	size_t i;
	int rc = -ENOENT;

	if (sysfs_path(path, sizeof(path), root, "sys/class/iscsi_session") < 0 ||
	    sysfs_list(path, "session", &l) < 0)
		return -ENOENT;
	for (i = 0; i < l.n && rc == -ENOENT; i++)
		if (rel[0] != '\0' && has_component(rel, l.v[i]->d_name))
			rc = session_tid(root, l.v[i]->d_name, tid, cap, tid_len);
	for (i = 0; i < l.n && rc == -ENOENT; i++)
		if (session_host(root, l.v[i]->d_name, &h) == 0 && h == host)
			rc = session_tid(root, l.v[i]->d_name, tid, cap, tid_len);
	sysfs_list_free(&l);
	return rc;
}

int
devid_initiator_port(const char *root, const struct sysfs_dev *d,
		     uint8_t *tid, size_t cap, size_t *tid_len)
{
	const char *rel = d->dir;
	struct port_query q = { &d->hctl, tid, cap, tid_len, -ENOENT };
	int rc;

	if ((tid == NULL && cap > 0) || tid_len == NULL)
		return -EINVAL;
	each_loop_tpg(root, loop_match, &q);
	if (q.rc != -ENOENT)
		return q.rc;
	rc = sas_port(root, d->hctl.host, tid, cap, tid_len);
	if (rc != -ENOENT)
		return rc;
	rc = fc_port(root, d->hctl.host, tid, cap, tid_len);
	if (rc != -ENOENT)
		return rc;
	return iscsi_port(root, d->hctl.host, rel, tid, cap, tid_len);
}

/* ---- every local port --------------------------------------------------- */

struct port_list {
	struct devid_port *out;
	size_t cap;
	size_t n;
	bool more;
};

static void
port_add(struct port_list *pl, unsigned host, const uint8_t *tid, size_t len)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (pl->out[i].tid_len == len &&
		    memcmp(pl->out[i].tid, tid, len) == 0)
			return;
	if (pl->n == pl->cap) {
		pl->more = true;
		return;
	}
	memset(&pl->out[pl->n], 0, sizeof(pl->out[pl->n]));
	pl->out[pl->n].host = host;
	memcpy(pl->out[pl->n].tid, tid, len);
	pl->out[pl->n].tid_len = len;
	pl->n++;
}

static int
loop_add(const char *root, const char *wwn, const char *tpgt, void *arg)
{
	uint8_t tid[TID_ISCSI_MAX_LEN];
	unsigned hct[3];
	size_t len;

	if (loop_tpg(root, wwn, tpgt, hct, tid, sizeof(tid), &len) == 0)
		port_add(arg, hct[0], tid, len);
	return 0;
}

/* Every hostH under ROOT/sys/class/CLS with an address in file attr. */
static int
hosts_add(const char *root, const char *cls, const char *attr,
	  const char *proto, struct port_list *pl)
{
	char path[PATH_MAX];
	uint8_t tid[TID_ISCSI_MAX_LEN];
	struct sysfs_list l;
	const char *end;
	uint64_t h, v;
	size_t i, len;
	int rc;

	if (sysfs_path(path, sizeof(path), root, "sys/class/%s", cls) < 0)
		return 0;
	rc = sysfs_list(path, "host", &l);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (i = 0; i < l.n; i++) {
		end = num_scan_u64(l.v[i]->d_name + 4, UINT_MAX, &h);
		if (end == NULL || *end != '\0' ||
		    sysfs_path(path, sizeof(path), root, "sys/class/%s/%s/%s", cls,
			  l.v[i]->d_name, attr) < 0 ||
		    read_addr(path, &v) < 0 || v == 0 ||
		    build_tid64(proto, v, tid, sizeof(tid), &len) < 0)
			continue;
		port_add(pl, (unsigned)h, tid, len);
	}
	sysfs_list_free(&l);
	return 0;
}

static int
phys_add(const char *root, struct port_list *pl)
{
	char path[PATH_MAX];
	uint8_t tid[TID_ISCSI_MAX_LEN];
	struct sysfs_list l;
	unsigned h;
	uint64_t v;
	size_t i, len;
	int rc;

	if (sysfs_path(path, sizeof(path), root, "sys/class/sas_phy") < 0)
		return 0;
	rc = sysfs_list(path, "phy-", &l);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (i = 0; i < l.n; i++) {
		if (host_phy(l.v[i]->d_name, &h) < 0 ||
		    sysfs_path(path, sizeof(path), root,
			  "sys/class/sas_phy/%s/sas_address", l.v[i]->d_name) < 0 ||
		    read_addr(path, &v) < 0 || v == 0 ||
		    build_tid64("sas", v, tid, sizeof(tid), &len) < 0)
			continue;
		port_add(pl, h, tid, len);
	}
	sysfs_list_free(&l);
	return 0;
}

static int
sessions_add(const char *root, struct port_list *pl)
{
	char path[PATH_MAX];
	uint8_t tid[TID_ISCSI_MAX_LEN];
	struct sysfs_list l;
	unsigned h;
	size_t i, len;
	int rc;

	if (sysfs_path(path, sizeof(path), root, "sys/class/iscsi_session") < 0)
		return 0;
	rc = sysfs_list(path, "session", &l);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (i = 0; i < l.n; i++)
		if (session_host(root, l.v[i]->d_name, &h) == 0 &&
		    session_tid(root, l.v[i]->d_name, tid, sizeof(tid), &len) == 0)
			port_add(pl, h, tid, len);
	sysfs_list_free(&l);
	return 0;
}

int
devid_local_ports(const char *root, struct devid_port *out, size_t cap,
		  size_t *n)
{
	struct port_list pl = { out, cap, 0, false };
	int rc;

	*n = 0;
	if (out == NULL && cap > 0)
		return -EINVAL;
	each_loop_tpg(root, loop_add, &pl);
	rc = hosts_add(root, "scsi_host", "host_sas_address", "sas", &pl);
	if (rc == 0)
		rc = phys_add(root, &pl);
	if (rc == 0)
		rc = hosts_add(root, "fc_host", "port_name", "fc", &pl);
	if (rc == 0)
		rc = sessions_add(root, &pl);
	*n = pl.n;
	if (rc < 0)
		return rc;
	return pl.more ? -E2BIG : 0;
}
