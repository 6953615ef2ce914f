/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names for reservation keys wherever the tools show or take one: the key map, this host's keys, known schemes. */
#ifndef TRESV_KEYNAMES_H
#define TRESV_KEYNAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "keyscheme.h"

/* The key map read when neither --keys nor TRESV_KEYS names one. */
#define KEYNAMES_MAP "/etc/tresv/keys"
/* multipathd's keys of this host (keyscheme_prkeys()). */
#define KEYNAMES_PRKEYS "/etc/multipath/prkeys"
/* Largest key map read, bytes (a 100,000-line map is about 5 MiB). */
#define KEYNAMES_MAX_FILE (64 * 1024 * 1024)
/* Room for any name keynames_name() writes, its NUL included. */
#define KEYNAMES_NAME_MAX 72
/* Room for keynames_str()'s "0x<16 hex digits> (NAME)". */
#define KEYNAMES_STR_MAX (2 + 16 + 3 + KEYNAMES_NAME_MAX)

/* What names keys for one run of a tool; all zero names none. */
struct keynames {
	struct keymap map;		/* the key map's entries (maybe none) */
	char *map_file;			/* the map in use (owned), NULL: none */
	uint64_t *mpath;		/* multipathd's keys of this host, sorted */
	size_t nmpath;
};

/*
 * Open path for reading when it can be trusted to decide which key a
 * preempt removes: the directory that holds it (opened as named,
 * symbolic links followed) and the file itself (opened in it with
 * O_NOFOLLOW) each owned by root or by the effective user and writable by
 * neither group nor others (a sticky bit makes no exception), judged by
 * fstat of the open descriptors, so nothing can be swapped in between.
 * The file must be a regular file.  Returns the descriptor (O_CLOEXEC),
 * or -errno with why in words (whylen bytes): -ENOENT and the like from
 * open, -ELOOP for a symbolic link, -EPERM for an owner or mode that is
 * not trusted, -EINVAL for what is not a regular file.
 */
int keynames_open_trusted(const char *path, char *why, size_t whylen);

/*
 * keynames_open_trusted(path), then the whole file into *text (malloc'd,
 * NUL-terminated, len bytes before the NUL).  Returns 0, or -errno with
 * why: as keynames_open_trusted(), -EFBIG above max bytes, -ENOMEM, a
 * read error.
 */
int keynames_read_trusted(const char *path, size_t max, char **text, size_t *len,
			  char *why, size_t whylen);

/*
 * Load everything that names keys into *kn (zeroed first): the key map
 * (path: --keys's value; NULL: $TRESV_KEYS when set, else KEYNAMES_MAP;
 * "" from either: no map), read with keynames_read_trusted() and parsed
 * with keymap_parse(), and multipathd's keys from
 * KEYNAMES_PRKEYS (the same trust).  Says on stderr every line of the map
 * left out or contradicted ("FILE:LINE: reason"), and once that a map
 * cannot be used ("FILE: not used: REASON; keys are shown without its
 * names"), a missing KEYNAMES_MAP excepted (no map is configured), and an
 * untrusted prkeys file.  Never fails: what cannot be used is left out.
 */
void keynames_load(struct keynames *kn, const char *path);

void keynames_free(struct keynames *kn);

/*
 * The name of key into buf (len bytes; KEYNAMES_NAME_MAX suffice), the
 * first that applies: the key map's (a contradicted entry names nothing);
 * "this host's auto key" (keys_auto(), found at the first key that gets
 * this far); "this host's multipathd key"; a known scheme's
 * (keyscheme_name()).  kn may be NULL (no names).  Returns buf, or NULL
 * when key has no name.
 */
const char *keynames_name(const struct keynames *kn, uint64_t key, char *buf, size_t len);

/* "0x1111 (backup-a)", or "0x1111" without a name, into buf (len bytes;
 * KEYNAMES_STR_MAX suffice).  kn may be NULL.  Returns buf. */
char *keynames_str(const struct keynames *kn, uint64_t key, char *buf, size_t len);

/*
 * A key option's value: "auto" (keys_auto()), a key (keys_parse()), or a
 * name of the key map, into *key.  Returns 0; -EINVAL when s is none of
 * them; -ERANGE for a key above 64 bits; keys_auto()'s -errno for auto;
 * -EEXIST for a name whose map lines contradict, *clash (may be NULL) the
 * entry that does (its line, and the line it contradicts).
 */
int keynames_parse(const struct keynames *kn, const char *s, uint64_t *key,
		   const struct keymap_entry **clash);

#endif /* TRESV_KEYNAMES_H */
