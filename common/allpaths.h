/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --all-paths: one registration action on every path of this host to a logical unit, all or nothing among the paths that run. */
#ifndef TRESV_ALLPATHS_H
#define TRESV_ALLPATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "exitstat.h"
#include "hold.h"
#include "paths.h"

/* The actions --all-paths applies to each path, each path being its own
 * I_T nexus (SPC-5 5.14.7: a registration belongs to one I_T nexus). */
enum allpaths_op {
	ALLPATHS_REGISTER,		/* REGISTER from key to sa_key */
	ALLPATHS_REGISTER_IGNORE,	/* REGISTER AND IGNORE EXISTING KEY, sa_key */
	ALLPATHS_UNREGISTER,		/* REGISTER from key to 0 */
};

struct allpaths_req {
	enum allpaths_op op;
	uint64_t key;		/* RESERVATION KEY (REGISTER, UNREGISTER) */
	uint64_t sa_key;	/* the new key (REGISTER, REGISTER_IGNORE) */
	bool aptpl;		/* APTPL bit of each command */
	bool all_tg_pt;		/* ALL_TG_PT bit of each command */
};

/* What became of one path. */
enum allpaths_outcome {
	ALLPATHS_NOT_REACHED,	/* not tried: an earlier path failed */
	ALLPATHS_SKIPPED,	/* sysfs shows it not running: nothing sent */
	ALLPATHS_DONE,		/* its command succeeded */
	ALLPATHS_ALREADY,	/* it had what the action asks: nothing sent */
	ALLPATHS_FAILED,	/* its command failed (why) */
	ALLPATHS_PUT_BACK,	/* done, then put back as it was */
	ALLPATHS_NOT_PUT_BACK,	/* done, and putting it back failed (why) */
};

/* One path: its node and sysfs state, its device, what it had, what became of it. */
struct allpaths_path {
	char node[PATHS_NODE_MAX];	/* "/dev/sgN" */
	char state[PATHS_STATE_MAX];	/* sysfs state, "" unknown */
	bool running;			/* paths_running() */
	struct dev d;			/* opened when running (d.x set) */
	struct hold_mine before;	/* its registration before the action */
	bool before_resv;		/* ... and it held a reservation ... */
	uint8_t before_type;		/* ... of this type, not of all registrants */
	enum allpaths_outcome outcome;
	enum tr_exit ex;		/* FAILED, NOT_PUT_BACK: the status */
	char why[512];			/* FAILED, NOT_PUT_BACK: the reason */
};

/* Every path of one logical unit, in the order of its struct paths_lu. */
struct allpaths {
	struct allpaths_path *p;
	size_t n;
	size_t failed;		/* the path that failed; n when none did */
	size_t main;		/* the path the tool's own device goes through */
};

/*
 * --all-paths' start for a tool: the paths of what like->name leads to
 * (paths_of()), each running one opened as like is (sysroot, verbose,
 * timeout; read-write), into *s and *lu (free with allpaths_close(),
 * paths_free()).  At -v, a node that is its unit's only path is said
 * ("one path: no other device node of this host leads to LU NAME").
 * Returns TR_EXIT_OK; TR_EXIT_FILE when the paths cannot be found, a
 * running one cannot be opened, or a map's paths lead to different
 * logical units; TR_EXIT_NOT_READY when no path runs; TR_EXIT_OTHER out
 * of memory; each said on stderr as "TOOL: NAME: reason".  Nothing is
 * sent.
 */
enum tr_exit allpaths_start(struct allpaths *s, struct paths_lu *lu,
			    const struct dev *like);

/*
 * Open the device a tool names, d (name, sysroot, verbose and timeout
 * set), for its commands through one path.  A device-mapper map
 * (paths_map_name()) sets *all when all_ok (a map has no other meaning),
 * else its paths are found (paths_of()) to choose one.  With *all (and
 * all_ok), allpaths_start() finds and opens every path into *s and *lu.
 * d->node becomes the path chosen: the one d->name is when it runs, else
 * the first that does (s->main); then dev_open(d, read_write).  Without
 * *all and for a node that is no map, nothing but dev_open().  *s and *lu
 * are zeroed first; free them with allpaths_close() and paths_free().
 * An iscsi:// URL is one I_T nexus: with *all and all_ok it is refused
 * (TR_EXIT_SYNTAX) before the login.  Returns TR_EXIT_OK or the exit
 * status, said on stderr.
 */
enum tr_exit allpaths_open(struct dev *d, bool read_write, bool all_ok, bool *all,
			   struct allpaths *s, struct paths_lu *lu);

/*
 * The nodes of s that run, s->main first, separated by blanks, into buf
 * (len bytes; nodes that do not fit are left out).  Returns buf.
 */
char *allpaths_nodes(const struct allpaths *s, char *buf, size_t len);

/*
 * Do r on every path of s, in order, each its own I_T nexus: read its
 * registration (hold_read(): by its TransportID in READ FULL STATUS);
 * when it has what r asks (registered with r->sa_key; UNREGISTER: not
 * registered) send nothing; else send the command.  A path that does not
 * run is skipped.  When a command fails, the paths already done are put
 * back as they were, last first (allpaths_undo()), and the rest are not
 * tried; s->failed names it.  Returns TR_EXIT_OK when every path is
 * done or already was; TR_EXIT_NOT_READY when so for every running path
 * but some did not run; else the failure's exit status.
 */
enum tr_exit allpaths_apply(struct allpaths *s, const struct allpaths_req *r);

/*
 * Put every path that r was done on back as it was, last first: after
 * REGISTER or REGISTER AND IGNORE, hold_undo_register() (REGISTER from
 * the new key to 0, or to the key it had); after UNREGISTER (or a
 * register to key 0), REGISTER AND IGNORE EXISTING KEY with the key it
 * had, and RESERVE again when it held a reservation that unregistering
 * released (not one of all registrants).  Each becomes PUT_BACK, or
 * NOT_PUT_BACK with why.  For a caller whose next step failed, too.
 */
void allpaths_undo(struct allpaths *s, const struct allpaths_req *r);

/* What became of path p under r, in words, into buf (len bytes):
 * "registered with 0x.. (was 0x..)", "not registered: nothing sent",
 * "offline: skipped", "failed: REASON", "put back (not registered)", ...
 * Returns buf. */
char *allpaths_line(const struct allpaths_path *p, const struct allpaths_req *r,
		    char *buf, size_t len);

/* Close every path's descriptors until its next command (a job runs). */
void allpaths_idle(const struct allpaths *s);

/* Close and free what allpaths_start() made; a zeroed s is fine. */
void allpaths_close(struct allpaths *s);

#endif /* TRESV_ALLPATHS_H */
