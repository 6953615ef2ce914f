/* SPDX-License-Identifier: GPL-2.0-or-later */
/* This host's paths to a logical unit, from sysfs: SCSI devices by LU name, device-mapper maps by their slaves. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "paths.h"
#include "ports.h"
#include "sink.h"

/* The kernel's copy of a VPD page: at most this much is read. */
#define VPD_COPY_MAX 4096

bool
paths_running(const struct paths_path *p)
{
	return p->state[0] == '\0' || strcmp(p->state, "running") == 0;
}

/* The LU name and relative target port of p from the vpd_pg83 of its
 * SCSI device d. */
static void
fill_vpd(const char *root, const struct sysfs_dev *d, struct paths_path *p)
{
	uint8_t pg[VPD_COPY_MAX];
	ssize_t n = sysfs_device_attr(root, d, "vpd_pg83", pg, sizeof(pg));
	int port;

	p->lu_name[0] = '\0';
	p->rel_tgt_port = -1;
	if (n <= 0)
		return;
	if (vpd_parse_lu_name(pg, (size_t)n, p->lu_name, sizeof(p->lu_name)) < 0)
		p->lu_name[0] = '\0';
	port = vpd_rel_tgt_port(pg, (size_t)n);
	p->rel_tgt_port = port > 0 ? port : -1;
}

/* The state and initiator port of p, of its SCSI device d. */
static void
fill_state_port(const char *root, const struct sysfs_dev *d, struct paths_path *p)
{
	if (sysfs_device_state(root, d, p->state, sizeof(p->state)) < 0)
		p->state[0] = '\0';
	p->port_rc = ports_of_device(root, d, p->tid, sizeof(p->tid), &p->tid_len);
	if (p->port_rc != 0)
		p->tid_len = 0;
}

/* All of p but its node from its SCSI device d. */
static void
fill_path(const char *root, const struct sysfs_dev *d, struct paths_path *p)
{
	fill_state_port(root, d, p);
	fill_vpd(root, d, p);
}

/* The SCSI generic devices of type_mask, growing the table until they fit. */
static int
scan_nodes(const char *root, unsigned type_mask, struct sysfs_node **out, size_t *n)
{
	struct sysfs_node *v = NULL, *bigger;
	size_t cap = 64;
	int rc;

	for (;;) {
		bigger = realloc(v, cap * sizeof(*v));
		if (bigger == NULL) {
			free(v);
			return -ENOMEM;
		}
		v = bigger;
		rc = sysfs_scan(root, type_mask, v, cap, n);
		if (rc != -E2BIG)
			break;
		cap *= 2;
	}
	if (rc < 0) {
		free(v);
		v = NULL;
		*n = 0;
	}
	*out = v;
	return rc;
}

/* Path p of sg node s (its node, LU name and target port), and its SCSI
 * device into *d (dir "" when it cannot be resolved). */
static void
path_of_node(const char *root, const struct sysfs_node *s, struct paths_path *p,
	     struct sysfs_dev *d)
{
	char link[PATH_MAX];

	memset(p, 0, sizeof(*p));
	snprintf(p->node, sizeof(p->node), "%s", s->path);
	d->hctl = s->hctl;
	if (sysfs_path(link, sizeof(link), root, "sys/class/scsi_generic/sg%u/device",
		       s->sg) != 0 ||
	    sysfs_realpath(root, link, d->dir, sizeof(d->dir)) != 0)
		d->dir[0] = '\0';
	fill_vpd(root, d, p);
}

/*
 * The SCSI generic devices of type_mask (*nodes) and each as a path with
 * its LU name (*paths, path_of_node()), *n of each; with states, each
 * path's state and port too; with dirs, each device's directory (*dirs,
 * strdup(3)ed).  Returns 0, or -errno with nothing kept.
 */
static int
scan_paths(const char *root, unsigned type_mask, bool states, struct sysfs_node **nodes,
	   struct paths_path **paths, char ***dirs, size_t *n)
{
	struct sysfs_dev d;
	size_t i;
	int rc = scan_nodes(root, type_mask, nodes, n);

	*paths = NULL;
	if (rc == 0 && *n > 0 && (*paths = calloc(*n, sizeof(**paths))) == NULL)
		rc = -ENOMEM;
	if (rc == 0 && dirs != NULL && (*dirs = calloc(*n ? *n : 1, sizeof(**dirs))) == NULL)
		rc = -ENOMEM;
	for (i = 0; rc == 0 && i < *n; i++) {
		path_of_node(root, &(*nodes)[i], &(*paths)[i], &d);
		if (states)
			fill_state_port(root, &d, &(*paths)[i]);
		if (dirs != NULL && ((*dirs)[i] = strdup(d.dir)) == NULL)
			rc = -ENOMEM;
	}
	if (rc < 0) {
		for (i = 0; dirs != NULL && *dirs != NULL && i < *n; i++)
			free((*dirs)[i]);
		if (dirs != NULL) {
			free(*dirs);
			*dirs = NULL;
		}
		free(*nodes);
		free(*paths);
		*nodes = NULL;
		*paths = NULL;
		*n = 0;
	}
	return rc;
}

int
paths_scan(const char *root, unsigned type_mask, struct paths_path **out, size_t *n)
{
	struct sysfs_node *nodes;
	int rc = scan_paths(root, type_mask, true, &nodes, out, NULL, n);

	free(nodes);
	return rc;
}

size_t
paths_group(const struct paths_path *v, size_t n, size_t *first)
{
	size_t i, j, units = 0;

	for (i = 0; i < n; i++) {
		first[i] = i;
		for (j = 0; j < i && v[i].lu_name[0] != '\0'; j++)
			if (first[j] == j && strcmp(v[j].lu_name, v[i].lu_name) == 0) {
				first[i] = j;
				break;
			}
		units += first[i] == i;
	}
	return units;
}

/* ROOT/sys/dev/block/MAJ:MIN resolved into rel (cap bytes): 1 when it is
 * a device-mapper map (it has dm/), 0 when not, or -errno. */
static int
map_dir(const char *root, dev_t rdev, char *rel, size_t cap)
{
	char path[PATH_MAX];
	struct stat st;
	int rc;

	rc = sysfs_path(path, sizeof(path), root, "sys/dev/block/%u:%u/dm", major(rdev),
			minor(rdev));
	if (rc < 0)
		return rc;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	rc = sysfs_path(path, sizeof(path), root, "sys/dev/block/%u:%u", major(rdev),
			minor(rdev));
	if (rc == 0)
		rc = sysfs_realpath(root, path, rel, cap);
	return rc < 0 ? rc : 1;
}

static const char *
last_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
paths_map_of(const char *root, dev_t rdev, char *dm, size_t cap)
{
	char rel[PATH_MAX];
	int rc = map_dir(root, rdev, rel, sizeof(rel));

	if (rc == 1)
		snprintf(dm, cap, "%s", last_part(rel));
	return rc;
}

int
paths_map_name(const char *root, const char *name, char *dm, size_t cap)
{
	struct stat st;

	if (stat(name, &st) != 0 || !S_ISBLK(st.st_mode))
		return 0;
	return paths_map_of(root, st.st_rdev, dm, cap);
}

/* Append p to lu (grown one at a time: paths are few). */
static int
add_path(struct paths_lu *lu, const struct paths_path *p)
{
	struct paths_path *v = realloc(lu->v, (lu->n + 1) * sizeof(*v));

	if (v == NULL)
		return -ENOMEM;
	lu->v = v;
	lu->v[lu->n++] = *p;
	return 0;
}

/* One slave of a map as a path: its SCSI device and sg node. */
static int
slave_path(const char *root, const char *dir, const char *slave,
	   struct paths_path *p, char *why, size_t whylen)
{
	char link[PATH_MAX], sg[32];
	struct sysfs_dev d;

	memset(p, 0, sizeof(*p));
	if (sysfs_path(link, sizeof(link), root, "%s/slaves/%s/device", dir, slave) != 0 ||
	    sysfs_realpath(root, link, d.dir, sizeof(d.dir)) != 0 ||
	    sysfs_parse_hctl(last_part(d.dir), &d.hctl) != 0) {
		snprintf(why, whylen, "its path %s is not a SCSI device", slave);
		return -ENOTBLK;
	}
	if (sysfs_sg_node(root, &d, sg, sizeof(sg)) == 0)
		snprintf(p->node, sizeof(p->node), "/dev/%s", sg);
	else
		snprintf(p->node, sizeof(p->node), "/dev/%s", slave);
	fill_path(root, &d, p);
	return 0;
}

/* Every path of a map must lead to one logical unit that has a name. */
static int
one_unit(const struct paths_lu *lu, char *why, size_t whylen)
{
	size_t i;

	for (i = 0; i < lu->n; i++) {
		if (lu->v[i].lu_name[0] == '\0') {
			snprintf(why, whylen, "the logical unit of its path %s is unknown "
				 "(sysfs has no VPD 83h name): cannot tell its paths lead to "
				 "one", lu->v[i].node);
			return -EXDEV;
		}
		if (strcmp(lu->v[i].lu_name, lu->v[0].lu_name) != 0) {
			snprintf(why, whylen, "its paths lead to different logical units: "
				 "%s to %s, %s to %s", lu->v[0].node, lu->v[0].lu_name,
				 lu->v[i].node, lu->v[i].lu_name);
			return -EXDEV;
		}
	}
	return 0;
}

/* A map's slaves as paths. */
static int
map_paths(const char *root, const char *dir, struct paths_lu *out, char *why,
	  size_t whylen)
{
	char path[PATH_MAX], name[130];
	struct paths_path p;
	struct sysfs_list l;
	size_t i;
	int rc;

	snprintf(out->map, sizeof(out->map), "%.*s", (int)sizeof(out->map) - 1,
		 last_part(dir));
	rc = sysfs_path(path, sizeof(path), root, "%s/dm/name", dir);
	if (rc == 0 && (rc = sysfs_read_text(path, name, sizeof(name))) > 0)
		sink_escape((const uint8_t *)name, (size_t)rc, out->map_name,
			    sizeof(out->map_name));
	rc = sysfs_path(path, sizeof(path), root, "%s/slaves", dir);
	if (rc == 0)
		rc = sysfs_list(path, "", &l);
	if (rc < 0) {
		snprintf(why, whylen, "cannot list its paths: %s", strerror(-rc));
		return rc;
	}
	for (i = 0; i < l.n && rc == 0; i++) {
		rc = slave_path(root, dir, l.v[i]->d_name, &p, why, whylen);
		if (rc == 0)
			rc = add_path(out, &p);
	}
	sysfs_list_free(&l);
	if (rc == 0 && out->n == 0) {
		snprintf(why, whylen, "a device-mapper map without paths (slaves/ is empty)");
		rc = -ENOENT;
	}
	if (rc == 0)
		rc = one_unit(out, why, whylen);
	out->given = out->n;
	return rc;
}

/* The sg scan paths_snapshot_take() keeps: every node, each as a path
 * with its LU name (path_of_node()). */
static struct {
	char *root;			/* NULL: none kept */
	struct sysfs_node *nodes;
	struct paths_path *paths;
	char **dirs;			/* each node's SCSI device directory */
	size_t n;
} snap;

int
paths_snapshot_take(const char *root)
{
	int rc;

	paths_snapshot_drop();
	rc = scan_paths(root, ~0u, false, &snap.nodes, &snap.paths, &snap.dirs, &snap.n);
	if (rc == 0 && (snap.root = strdup(root)) == NULL)
		rc = -ENOMEM;
	if (rc != 0)
		paths_snapshot_drop();
	return rc;
}

void
paths_snapshot_drop(void)
{
	size_t i;

	for (i = 0; snap.dirs != NULL && i < snap.n; i++)
		free(snap.dirs[i]);
	free(snap.dirs);
	free(snap.root);
	free(snap.nodes);
	free(snap.paths);
	memset(&snap, 0, sizeof(snap));
}

/* Path i of the scan into p and its SCSI device into *d: the snapshot's,
 * or read now. */
static void
scanned_path(const char *root, const struct sysfs_node *nodes, size_t i, bool kept,
	     struct paths_path *p, struct sysfs_dev *d)
{
	if (kept) {
		*p = snap.paths[i];
		d->hctl = nodes[i].hctl;
		snprintf(d->dir, sizeof(d->dir), "%s", snap.dirs[i]);
	} else {
		path_of_node(root, &nodes[i], p, d);
	}
}

/* A SCSI device d (named name) and every sg device of its logical unit. */
static int
unit_paths(const char *root, const struct sysfs_dev *d, const char *name,
	   struct paths_lu *out)
{
	char lu[VPD_NAME_MAX];
	struct sysfs_node *nodes = NULL;
	struct paths_path *p;
	struct sysfs_dev *sd;
	bool kept = snap.root != NULL && strcmp(snap.root, root) == 0;
	size_t n = 0, i, me;
	int rc = 0;

	if (kept) {
		nodes = snap.nodes;
		n = snap.n;
	} else {
		rc = scan_nodes(root, ~0u, &nodes, &n);
	}
	/* p[0] and sd[0] each path in turn, p[1] and sd[1] d's own */
	p = malloc(2 * sizeof(*p));
	sd = malloc(2 * sizeof(*sd));
	if (p == NULL || sd == NULL || rc == -ENOMEM) {
		if (!kept)
			free(nodes);
		free(p);
		free(sd);
		return -ENOMEM;
	}
	for (me = 0; me < n; me++)
		if (memcmp(&nodes[me].hctl, &d->hctl, sizeof(d->hctl)) == 0)
			break;
	if (me == n) {		/* no sg node: the node itself, alone */
		memset(p, 0, sizeof(*p));
		rc = strlen(name) < sizeof(p->node) ? 0 : -ENAMETOOLONG;
		memcpy(p->node, name, rc == 0 ? strlen(name) + 1 : 0);
		fill_path(root, d, p);
		if (rc == 0)
			rc = add_path(out, p);
	} else {
		scanned_path(root, nodes, me, kept, &p[1], &sd[1]);
		memcpy(lu, p[1].lu_name, sizeof(lu));
		/* without an LU name it is a unit of its own; a path of the
		 * same unit has its device type (no need to read the others) */
		for (i = 0, rc = 0; i < n && rc == 0; i++) {
			if (lu[0] != '\0' && nodes[i].pdt != nodes[me].pdt)
				continue;
			if (i == me) {	/* read already */
				p[0] = p[1];
				sd[0] = sd[1];
			} else {
				scanned_path(root, nodes, i, kept, p, sd);
			}
			if (i != me && (lu[0] == '\0' || strcmp(p->lu_name, lu) != 0))
				continue;
			if (i == me)
				out->given = out->n;
			fill_state_port(root, sd, p);
			rc = add_path(out, p);
		}
	}
	if (!kept)
		free(nodes);
	free(p);
	free(sd);
	return rc;
}

int
paths_of_rdev(const char *root, bool block, dev_t rdev, const char *name,
	      struct paths_lu *out, char *why, size_t whylen)
{
	char dir[PATH_MAX];
	struct sysfs_dev d;
	int rc;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	rc = block ? map_dir(root, rdev, dir, sizeof(dir)) : 0;
	if (rc == 1)
		rc = map_paths(root, dir, out, why, whylen);
	else if ((rc = sysfs_device_of(root, block, rdev, &d)) == 0)
		rc = unit_paths(root, &d, name, out);
	else
		snprintf(why, whylen, "sysfs does not know it as a SCSI device: %s",
			 strerror(-rc));
	if (rc < 0)
		paths_free(out);
	return rc;
}

int
paths_of(const char *root, const char *name, struct paths_lu *out, char *why,
	 size_t whylen)
{
	struct sysfs_dev d;
	struct stat st;
	int rc;

	if (stat(name, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))
		return paths_of_rdev(root, S_ISBLK(st.st_mode), st.st_rdev, name, out, why,
				     whylen);
	memset(out, 0, sizeof(*out));
	rc = sysfs_device_of_path(root, name, &d);	/* an H:C:T:L name */
	if (rc == 0 && d.dir[0] != '\0')
		rc = unit_paths(root, &d, name, out);
	else if (rc == 0)
		rc = -ENOENT;
	if (rc < 0) {
		snprintf(why, whylen, "sysfs does not know it as a SCSI device: %s",
			 strerror(-rc));
		paths_free(out);
	}
	return rc;
}

size_t
paths_first_running(const struct paths_lu *lu)
{
	size_t i;

	for (i = 0; i < lu->n && !paths_running(&lu->v[i]); i++)
		;
	return i;
}

char *
paths_tid_str(const struct paths_path *p, char *buf, size_t len)
{
	struct tid t;

	if (p->port_rc != 0 || tid_decode(p->tid, p->tid_len, &t, NULL) != 0 ||
	    tid_format(&t, buf, len) < 0)
		snprintf(buf, len, "unknown");
	return buf;
}

void
paths_free(struct paths_lu *lu)
{
	free(lu->v);
	lu->v = NULL;
	lu->n = lu->given = 0;
}
