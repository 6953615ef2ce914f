/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key map's text ("KEY NAME [free text]" lines) parsed into a name per key and a key per name (pure). */
#ifndef TRESV_KEYMAP_H
#define TRESV_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

/* Longest NAME, chars. */
#define KEYMAP_NAME_MAX 64

/* One line that named a key. */
struct keymap_entry {
	uint64_t key;
	const char *name;	/* into the map's own copy of the text */
	unsigned line;		/* 1-based */
	unsigned clash;		/* 0, or the line of an entry this one contradicts:
				 * then neither direction of it is used */
};

/* A parsed map; all zero is an empty one. */
struct keymap {
	char *text;			/* owned copy, split in place */
	struct keymap_entry *e;		/* the good lines, in line order */
	size_t n;
	size_t *by_key;			/* indexes of e sorted by key, then line */
	size_t *by_name;		/* ... by name (strcmp), then line */
};

/* Told about each line left out or contradicted: its 1-based number and
 * why, in words ("name 'x' is a key ..."). */
typedef void (*keymap_diag_fn)(void *arg, unsigned line, const char *reason);

/*
 * Parse len bytes of map text into *m (which is zeroed first).  Lines end
 * with "\n" (a "\r" before it is ignored); blanks are spaces and tabs.  A
 * line whose first non-blank char is '#', or that is blank, says nothing.
 * Every other line is KEY, blanks, NAME, and optionally blanks and free
 * text (ignored): KEY in keys_parse() syntax (0x and 1 to 16 hex digits,
 * or decimal digits); NAME 1 to KEYMAP_NAME_MAX chars, a letter or digit
 * first, then letters, digits and . _ - + @ : /, never a word that
 * keys_parse() reads as a key (nor one too large for 64 bits), nor "auto"
 * or "holder" (the key options' own words).  A line that breaks these is
 * told to diag (may be NULL) and left out; the rest are kept.  Then every
 * contradiction: a name given to two keys, a key given two names; each
 * entry involved gets clash set, and each entry that contradicts an
 * earlier line is told to diag with both lines, in line order.  The same
 * KEY NAME pair twice is no contradiction.
 * Returns 0, or -ENOMEM (*m empty).  Free with keymap_free().
 */
int keymap_parse(struct keymap *m, const char *text, size_t len, keymap_diag_fn diag,
		 void *arg);

void keymap_free(struct keymap *m);

/*
 * The entry that names key: 0 with *found (its name valid while m
 * lives); -ENOENT when no line names it; -EEXIST when the lines that name
 * it contradict (a second name, or a name that another key also has),
 * *found being one of them (its line and the line it contradicts, clash).
 * The first of equal lines is the one found.  O(log n).
 */
int keymap_name(const struct keymap *m, uint64_t key, const struct keymap_entry **found);

/*
 * The key named name: 0 with *found; -ENOENT when no line has that name;
 * -EEXIST when its lines contradict (as keymap_name()), *found the entry
 * that does.  O(log n).
 */
int keymap_key(const struct keymap *m, const char *name, const struct keymap_entry **found);

/* Whether s may be a NAME of the map (the rules of keymap_parse()).
 * Returns 0, or -EINVAL with a reason in words in *why (static text). */
int keymap_name_ok(const char *s, const char **why);

/*
 * A NAME made from any text s (a host name), into out (len bytes, at
 * least KEYMAP_NAME_MAX + 1): each char a name cannot hold becomes '-',
 * the text is cut to KEYMAP_NAME_MAX chars, and "host-" goes first when it
 * would not begin with a letter or digit, would read as a key or be a word
 * of the key options (an empty s gives "host").  keymap_name_ok() accepts
 * the result.  Returns out.
 */
char *keymap_name_from(const char *s, char *out, size_t len);

#endif /* TRESV_KEYMAP_H */
