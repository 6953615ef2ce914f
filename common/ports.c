/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This host's initiator ports (tcm_loop, SAS, FC, iSCSI) from sysfs/configfs: one walk, filtered for a list or a device. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hex.h"
#include "num.h"
#include "sysfs.h"
#include "tid.h"

#include "ports.h"

/* ---- TransportIDs from sysfs text ---------------------------------------- */

/* tid_parse() of s into p: p->rc 0, or -EBADMSG for a name it refuses. */
static void
build_tid(struct ports_port *p, const char *s)
{
	int rc = tid_parse(s, p->tid, sizeof(p->tid), &p->tid_len);

	p->rc = rc == -EINVAL ? -EBADMSG : rc;
}

/* sas,0x / fc,0x and the 16 digits of v; a zero address names no port. */
static void
build_tid64(struct ports_port *p, const char *proto, uint64_t v)
{
	char s[32];

	if (v == 0) {
		p->rc = -EBADMSG;
		return;
	}
	snprintf(s, sizeof(s), "%s,0x%016llx", proto, (unsigned long long)v);
	build_tid(p, s);
}

/* An iSCSI TransportID of initiator name (folded to lower case, RFC 3722)
 * and, when isid is 12 hex digits, the ISID: format 01b, else 00b. */
static void
build_iscsi_tid(struct ports_port *p, char *name, const char *isid)
{
	char s[TID_ISCSI_NAME_MAX + sizeof(TID_ISCSI_SEPARATOR) + TID_ISID_MAX];
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	/* only names: never let tid_parse() read sysfs text as hex */
	if ((strncmp(name, "iqn.", 4) != 0 && strncmp(name, "eui.", 4) != 0 &&
	     strncmp(name, "naa.", 4) != 0) || i > TID_ISCSI_NAME_MAX) {
		p->rc = -EBADMSG;
		return;
	}
	if (isid != NULL && strlen(isid) == TID_ISID_MAX &&
	    strspn(isid, "0123456789abcdefABCDEF") == TID_ISID_MAX)
		snprintf(s, sizeof(s), "%s" TID_ISCSI_SEPARATOR "%s", name,
			 isid);
	else
		snprintf(s, sizeof(s), "%s", name);
	build_tid(p, s);
}

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

/* A sysfs address attribute ("0x" hex): 0 with *v, -ENOENT when absent,
 * -EBADMSG when it is no address, or -errno. */
static int
read_addr(const char *path, uint64_t *v)
{
	char text[64];
	int rc;

	rc = sysfs_read_text(path, text, sizeof(text));
	if (rc == -EOVERFLOW || rc == -EBADMSG)
		return -EBADMSG;
	return rc < 0 ? rc : parse_hex64(text, v);
}

/* ---- the walk -------------------------------------------------------------- */

/* ROOT/REL listed (entries starting with prefix): 1, 0 when there is no
 * such directory (or it cannot be read), or -ENOMEM. */
static int
list_under(const char *root, const char *rel, const char *prefix,
	   struct sysfs_list *l)
{
	char path[PATH_MAX];
	int rc;

	l->v = NULL;
	l->n = 0;
	rc = sysfs_path(path, sizeof(path), root, "%s", rel);
	if (rc == 0)
		rc = sysfs_list(path, prefix, l);
	if (rc == -ENOMEM)
		return rc;
	return rc == 0;
}

/*
 * Each source below gives its ports to fn and returns 0 when it gave
 * them all, STOPPED when fn asked to stop (fn's value is kept by
 * ports_each()), or -ENOMEM.
 */
#define STOPPED 1

/* Give p to fn (true: stop), then make p ready for the next port. */
static bool
emit(struct ports_port *p, ports_fn fn, void *arg)
{
	int rc = fn(p, arg);

	memset(p, 0, sizeof(*p));
	return rc != 0;
}

/* A tcm_loop nexus of the WWN's protocol into a TransportID, as
 * target_core_fabric_lib reads it: SAS the first 16 hex digits after
 * "naa."; FC 16 hex digits, colons between them allowed; iSCSI the name. */
static void
loop_nexus_tid(struct ports_port *p, const char *wwn, char *nexus)
{
	uint64_t v = 0;
	const char *c;
	size_t digits = 0;
	int d;

	p->rc = -EBADMSG;
	if (strstr(wwn, "naa.") != NULL) {
		if (strncmp(nexus, "naa.", 4) != 0)
			return;
		for (c = nexus + 4; digits < 16; c++, digits++) {
			d = hex_digit(*c);
			if (d < 0)
				return;
			v = v << 4 | (uint64_t)d;
		}
		build_tid64(p, "sas", v);
	} else if (strstr(wwn, "fc.") != NULL) {
		c = strncmp(nexus, "fc.", 3) == 0 ? nexus + 3 : nexus;
		for (; *c != '\0'; c++) {
			if (*c == ':' && digits > 0 && digits % 2 == 0 &&
			    c[1] != '\0')
				continue;
			d = hex_digit(*c);
			if (d < 0 || digits == 16)
				return;
			v = v << 4 | (uint64_t)d;
			digits++;
		}
		if (digits == 16)
			build_tid64(p, "fc", v);
	} else if (strstr(wwn, "iqn.") != NULL) {
		build_iscsi_tid(p, nexus, NULL);
	}
}

/* Whether name can be a tcm_loop WWN: tcm_loop makes one only of a name
 * with "naa.", "fc." or "iqn." in it (tcm_loop_make_scsi_hba()); the
 * fabric's other entries (discovery_auth, version) are not listed. */
static bool
loop_wwn(const char *name)
{
	return strstr(name, "naa.") != NULL || strstr(name, "fc.") != NULL ||
	       strstr(name, "iqn.") != NULL;
}

/* One tcm_loop TPG into p: 0, or -ENOENT when it has no address or no
 * nexus (not a port). */
static int
loop_tpg(const char *root, const char *wwn, const char *tpgt,
	 struct ports_port *p)
{
	char path[PATH_MAX], text[256];
	const char *c = text;
	uint64_t v[3];
	int rc, i;

	rc = sysfs_path(path, sizeof(path), root,
			"sys/kernel/config/target/loopback/%s/%s/address", wwn,
			tpgt);
	if (rc == 0)
		rc = sysfs_read_text(path, text, sizeof(text));
	if (rc < 0)
		return -ENOENT;
	for (i = 0; i < 3; i++) {
		c = num_scan_u64(c, UINT_MAX, &v[i]);
		if (c == NULL || *c != (i < 2 ? ':' : '\0'))
			return -ENOENT;
		c += i < 2;	/* past the ':' */
	}
	rc = sysfs_path(path, sizeof(path), root,
			"sys/kernel/config/target/loopback/%s/%s/nexus", wwn,
			tpgt);
	if (rc == 0)
		rc = sysfs_read_text(path, text, sizeof(text));
	if (rc <= 0)
		return -ENOENT;
	p->source = PORTS_LOOP;
	p->host = (unsigned)v[0];
	p->channel = (unsigned)v[1];
	p->target = (unsigned)v[2];
	loop_nexus_tid(p, wwn, text);
	return 0;
}

/* (a) every tcm_loop TPG with an address and a nexus. */
static int
each_loop(const char *root, ports_fn fn, void *arg)
{
	const char *base = "sys/kernel/config/target/loopback";
	char rel[PATH_MAX];
	struct sysfs_list wwns, tpgs;
	struct ports_port p;
	bool stop = false;
	size_t i, j;
	int listed, tpgs_listed;

	memset(&p, 0, sizeof(p));
	listed = list_under(root, base, "", &wwns);
	for (i = 0; listed > 0 && !stop && i < wwns.n; i++) {
		if (!loop_wwn(wwns.v[i]->d_name))
			continue;	/* discovery_auth, version */
		snprintf(rel, sizeof(rel), "%s/%s", base, wwns.v[i]->d_name);
		tpgs_listed = list_under(root, rel, "tpgt_", &tpgs);
		if (tpgs_listed < 0)
			listed = tpgs_listed;
		for (j = 0; tpgs_listed > 0 && !stop && j < tpgs.n; j++)
			if (loop_tpg(root, wwns.v[i]->d_name,
				     tpgs.v[j]->d_name, &p) == 0)
				stop = emit(&p, fn, arg);
		sysfs_list_free(&tpgs);
	}
	sysfs_list_free(&wwns);
	return listed < 0 ? listed : stop ? STOPPED : 0;
}

/* "hostH": 0 with H, else -EINVAL. */
static int
host_name(const char *name, unsigned *host)
{
	uint64_t h;

	if (strncmp(name, "host", 4) != 0 ||
	    num_parse_u64(name + 4, UINT_MAX, &h) != 0)
		return -EINVAL;
	*host = (unsigned)h;
	return 0;
}

/* (b) and (d): every hostH of ROOT/sys/class/CLS with file attr. */
static int
each_host(const char *root, const char *cls, const char *attr,
	  enum ports_source source, ports_fn fn, void *arg)
{
	char rel[64], path[PATH_MAX];
	struct sysfs_list l;
	struct ports_port p;
	bool stop = false;
	uint64_t v;
	size_t i;
	int listed;

	memset(&p, 0, sizeof(p));
	snprintf(rel, sizeof(rel), "sys/class/%s", cls);
	listed = list_under(root, rel, "host", &l);
	for (i = 0; listed > 0 && !stop && i < l.n; i++) {
		if (host_name(l.v[i]->d_name, &p.host) < 0 ||
		    sysfs_path(path, sizeof(path), root, "%s/%s/%s", rel,
			       l.v[i]->d_name, attr) < 0)
			continue;
		p.rc = read_addr(path, &v);
		if (p.rc == -ENOENT)
			continue;
		p.source = source;
		if (p.rc == 0)
			build_tid64(&p, source == PORTS_FC ? "fc" : "sas", v);
		stop = emit(&p, fn, arg);
	}
	sysfs_list_free(&l);
	return listed < 0 ? listed : stop ? STOPPED : 0;
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
	if (p == NULL || *p != ':' ||
	    num_parse_u64(p + 1, UINT_MAX, &n) != 0)
		return -EINVAL;
	*host = (unsigned)h;
	return 0;
}

/* (c) every phy of a SAS host with a non-zero sas_address. */
static int
each_phy(const char *root, ports_fn fn, void *arg)
{
	char path[PATH_MAX];
	struct sysfs_list l;
	struct ports_port p;
	struct stat st;
	bool stop = false;
	uint64_t v;
	size_t i;
	int listed;

	memset(&p, 0, sizeof(p));
	listed = list_under(root, "sys/class/sas_phy", "phy-", &l);
	for (i = 0; listed > 0 && !stop && i < l.n; i++) {
		if (host_phy(l.v[i]->d_name, &p.host) < 0 ||
		    sysfs_path(path, sizeof(path), root,
			       "sys/class/sas_host/host%u", p.host) < 0 ||
		    stat(path, &st) != 0 ||
		    sysfs_path(path, sizeof(path), root,
			       "sys/class/sas_phy/%s/sas_address",
			       l.v[i]->d_name) < 0 ||
		    read_addr(path, &v) < 0 || v == 0)
			continue;
		p.source = PORTS_SAS_PHY;
		build_tid64(&p, "sas", v);
		stop = emit(&p, fn, arg);
	}
	sysfs_list_free(&l);
	return listed < 0 ? listed : stop ? STOPPED : 0;
}

/* The host number of an iSCSI session: its directory lies under hostH. */
static int
session_host(const char *root, const char *session, unsigned *host)
{
	char path[PATH_MAX], rel[PATH_MAX];
	const char *p, *end;
	uint64_t v;

	if (sysfs_path(path, sizeof(path), root, "sys/class/iscsi_session/%s",
		       session) < 0 ||
	    sysfs_realpath(root, path, rel, sizeof(rel)) < 0)
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

/* An iSCSI session's TransportID into p: initiatorname and isid. */
static void
session_tid(const char *root, const char *session, struct ports_port *p)
{
	char path[PATH_MAX], name[TID_ISCSI_NAME_MAX + 2], isid[32];
	int rc;

	rc = sysfs_path(path, sizeof(path), root,
			"sys/class/iscsi_session/%s/initiatorname", session);
	if (rc == 0)
		rc = sysfs_read_text(path, name, sizeof(name));
	if (rc <= 0) {
		p->rc = -EBADMSG;
		return;
	}
	rc = sysfs_path(path, sizeof(path), root,
			"sys/class/iscsi_session/%s/isid", session);
	if (rc == 0)
		rc = sysfs_read_text(path, isid, sizeof(isid));
	build_iscsi_tid(p, name, rc > 0 ? isid : NULL);
}

/* (e) every iSCSI session of a known host. */
static int
each_session(const char *root, ports_fn fn, void *arg)
{
	struct sysfs_list l;
	struct ports_port p;
	bool stop = false;
	size_t i;
	int listed;

	memset(&p, 0, sizeof(p));
	listed = list_under(root, "sys/class/iscsi_session", "session", &l);
	for (i = 0; listed > 0 && !stop && i < l.n; i++) {
		if (strlen(l.v[i]->d_name) >= sizeof(p.session) ||
		    session_host(root, l.v[i]->d_name, &p.host) < 0)
			continue;
		p.source = PORTS_ISCSI;
		memcpy(p.session, l.v[i]->d_name, strlen(l.v[i]->d_name) + 1);
		session_tid(root, l.v[i]->d_name, &p);
		stop = emit(&p, fn, arg);
	}
	sysfs_list_free(&l);
	return listed < 0 ? listed : stop ? STOPPED : 0;
}

/* What fn returned when it stopped the walk. */
struct stop {
	ports_fn fn;
	void *arg;
	int rc;
};

static int
stop_fn(const struct ports_port *p, void *arg)
{
	struct stop *s = arg;

	s->rc = s->fn(p, s->arg);
	return s->rc;
}

/* The one walk a snapshot keeps (ports_snapshot_take()). */
static struct {
	char *root;			/* NULL: none kept */
	struct ports_port *v;
	size_t n, cap;
} snap;

static int
keep_fn(const struct ports_port *p, void *arg)
{
	struct ports_port *bigger;

	(void)arg;
	if (snap.n == snap.cap) {
		bigger = realloc(snap.v, (snap.cap ? 2 * snap.cap : 8) * sizeof(*bigger));
		if (bigger == NULL)
			return -ENOMEM;
		snap.v = bigger;
		snap.cap = snap.cap ? 2 * snap.cap : 8;
	}
	snap.v[snap.n++] = *p;
	return 0;
}

static int walk(const char *root, ports_fn fn, void *arg);

int
ports_snapshot_take(const char *root)
{
	int rc;

	ports_snapshot_drop();
	rc = walk(root, keep_fn, NULL);
	if (rc == 0 && (snap.root = strdup(root)) == NULL)
		rc = -ENOMEM;
	if (rc != 0)
		ports_snapshot_drop();
	return rc;
}

void
ports_snapshot_drop(void)
{
	free(snap.root);
	free(snap.v);
	memset(&snap, 0, sizeof(snap));
}

int
ports_each(const char *root, ports_fn fn, void *arg)
{
	size_t i;
	int rc;

	if (snap.root == NULL || strcmp(snap.root, root) != 0)
		return walk(root, fn, arg);
	for (i = 0; i < snap.n; i++)
		if ((rc = fn(&snap.v[i], arg)) != 0)
			return rc;
	return 0;
}

/* ports_each() without a snapshot: the sources themselves. */
static int
walk(const char *root, ports_fn fn, void *arg)
{
	struct stop s = { fn, arg, 0 };
	int rc;

	rc = each_loop(root, stop_fn, &s);
	if (rc == 0)
		rc = each_host(root, "scsi_host", "host_sas_address",
			       PORTS_SAS_HOST, stop_fn, &s);
	if (rc == 0)
		rc = each_phy(root, stop_fn, &s);
	if (rc == 0)
		rc = each_host(root, "fc_host", "port_name", PORTS_FC, stop_fn,
			       &s);
	if (rc == 0)
		rc = each_session(root, stop_fn, &s);
	return rc == STOPPED ? s.rc : rc;
}

/* ---- filters ----------------------------------------------------------------- */

struct local_list {
	struct ports_port *out;
	size_t cap;
	size_t n;
	bool more;
};

static int
local_add(const struct ports_port *p, void *arg)
{
	struct local_list *ll = arg;
	size_t i;

	if (p->rc != 0)
		return 0;
	for (i = 0; i < ll->n; i++)
		if (ll->out[i].tid_len == p->tid_len &&
		    memcmp(ll->out[i].tid, p->tid, p->tid_len) == 0)
			return 0;
	if (ll->n == ll->cap)
		ll->more = true;
	else
		ll->out[ll->n++] = *p;
	return 0;
}

int
ports_local(const char *root, struct ports_port *out, size_t cap, size_t *n)
{
	struct local_list ll = { out, cap, 0, false };
	int rc;

	*n = 0;
	if (out == NULL && cap > 0)
		return -EINVAL;
	rc = ports_each(root, local_add, &ll);
	*n = ll.n;
	if (rc < 0)
		return rc;
	return ll.more ? -E2BIG : 0;
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

/* The port of one device: the best-ranked so far (lower wins, the first
 * of a rank stays). */
struct device_query {
	const struct sysfs_dev *d;
	int rank;
	struct ports_port best;
};

#define RANK_NONE 5

/* Ranks of the ports of the device's host: SAS (host_sas_address before
 * phys, as they come), then FC, then iSCSI (after the session the device
 * lies under, rank 3). */
static const int host_rank[] = {
	[PORTS_LOOP] = RANK_NONE,	/* only by H:C:T, rank 0 */
	[PORTS_SAS_HOST] = 1,
	[PORTS_SAS_PHY] = 1,
	[PORTS_FC] = 2,
	[PORTS_ISCSI] = 4,
};

static int
device_match(const struct ports_port *p, void *arg)
{
	struct device_query *q = arg;
	const struct sysfs_hctl *h = &q->d->hctl;
	int rank = RANK_NONE;

	if (p->source == PORTS_LOOP) {
		if (p->host == h->host && p->channel == h->channel &&
		    p->target == h->target)
			rank = 0;
	} else if (p->source == PORTS_ISCSI && q->d->dir[0] != '\0' &&
		   has_component(q->d->dir, p->session)) {
		rank = 3;
	} else if (p->host == h->host) {
		rank = host_rank[p->source];
	}
	if (rank < q->rank) {
		q->rank = rank;
		q->best = *p;
	}
	/* a tcm_loop TPG of the device decides at once */
	return q->rank == 0;
}

int
ports_of_device(const char *root, const struct sysfs_dev *d, uint8_t *tid,
		size_t cap, size_t *tid_len)
{
	struct device_query q;
	int rc;

	if ((tid == NULL && cap > 0) || tid_len == NULL)
		return -EINVAL;
	memset(&q, 0, sizeof(q));
	q.d = d;
	q.rank = RANK_NONE;
	rc = ports_each(root, device_match, &q);
	if (rc < 0)
		return rc;
	if (q.rank == RANK_NONE)
		return -ENOENT;
	if (q.best.rc != 0)
		return q.best.rc;
	if (q.best.tid_len > cap)
		return -ENOSPC;
	memcpy(tid, q.best.tid, q.best.tid_len);
	*tid_len = q.best.tid_len;
	return 0;
}
