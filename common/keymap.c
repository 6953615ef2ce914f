/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key map parser: lines into entries, two sorted indexes, contradictions found and told by line. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "keys.h"
#include "sink.h"

#define NONE ((size_t)-1)

/* A token of the line in words for a message: escaped, cut to 40 bytes. */
static const char *
shown(const char *tok, char *buf, size_t len)
{
	size_t n = strlen(tok);

	sink_escape((const uint8_t *)tok, n > 40 ? 40 : n, buf, len);
	if (n > 40 && strlen(buf) + 4 < len)
		strcat(buf, "...");
	return buf;
}

/* Tell diag "BEFORE<token>AFTER", the token escaped and cut (shown()). */
static void
tell(keymap_diag_fn diag, void *arg, unsigned line, const char *before, const char *tok,
     const char *after)
{
	char t[4 * 40 + 4], reason[512];

	if (diag == NULL)
		return;
	snprintf(reason, sizeof(reason), "%s%s%s", before, shown(tok, t, sizeof(t)), after);
	diag(arg, line, reason);
}

static bool
name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return !first && c != '\0' && strchr("._-+@:/", c) != NULL;
}

int
keymap_name_ok(const char *s, const char **why)
{
	uint64_t k;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!name_char(s[i], i == 0)) {
			*why = i == 0 ? "a name begins with a letter or a digit" :
				"a name holds letters, digits and . _ - + @ : / only";
			return -EINVAL;
		}
	}
	if (i == 0 || i > KEYMAP_NAME_MAX) {
		*why = "a name is 1 to 64 chars";
		return -EINVAL;
	}
	if (keys_parse(s, &k) != -EINVAL) {
		*why = "a name must not read as a key";
		return -EINVAL;
	}
	if (strcmp(s, "auto") == 0 || strcmp(s, "holder") == 0) {
		*why = "auto and holder are words of the key options, not names";
		return -EINVAL;
	}
	return 0;
}

char *
keymap_name_from(const char *s, char *out, size_t len)
{
	const char *why;
	size_t i, n = 0;

	if (len < KEYMAP_NAME_MAX + 1) {
		if (len > 0)
			out[0] = '\0';
		return out;
	}
	for (i = 0; s[i] != '\0' && n < KEYMAP_NAME_MAX; i++)
		out[n++] = name_char(s[i], false) ? s[i] : '-';
	out[n] = '\0';
	if (keymap_name_ok(out, &why) != 0) {
		size_t keep = n > KEYMAP_NAME_MAX - 5 ? KEYMAP_NAME_MAX - 5 : n;

		memmove(out + 5, out, keep);
		memcpy(out, "host-", 5);
		out[5 + keep] = '\0';
		if (keep == 0)
			out[4] = '\0';
	}
	return out;
}

/* The next blank-separated token of *p, NUL-terminated in place; "" at
 * the end of the line. */
static char *
token(char **p)
{
	char *s = *p, *t;

	while (*s == ' ' || *s == '\t')
		s++;
	t = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return t;
}

/* One line (NUL-terminated, in the map's copy): an entry, or told why not. */
static void
parse_line(struct keymap *m, char *p, unsigned line, keymap_diag_fn diag, void *arg)
{
	struct keymap_entry *e = &m->e[m->n];
	const char *why;
	char *key, *name, msg[128];
	int rc;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return;
	key = token(&p);
	name = token(&p);
	if (strcmp(key, "auto") == 0) {
		tell(diag, arg, line, "'", key, "' is each host's own key, not one key: "
		     "write the key (tpr-in --print-auto-key prints this host's line)");
		return;
	}
	rc = keys_parse(key, &e->key);
	if (rc == -ERANGE) {
		tell(diag, arg, line, "key '", key, "' is larger than 64 bits");
		return;
	}
	if (rc != 0) {
		tell(diag, arg, line, "'", key, "' is not a key (0x and up to 16 hex digits, "
		     "or decimal digits)");
		return;
	}
	if (*name == '\0') {
		tell(diag, arg, line, "key ", key, " has no name");
		return;
	}
	if (keymap_name_ok(name, &why) != 0) {
		snprintf(msg, sizeof(msg), "': %s", why);
		tell(diag, arg, line, "bad name '", name, msg);
		return;
	}
	e->name = name;
	e->line = line;
	e->clash = 0;
	m->n++;
}

static int
by_key_cmp(const void *a, const void *b, void *arg)
{
	const struct keymap_entry *e = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (e[i].key != e[j].key)
		return e[i].key < e[j].key ? -1 : 1;
	return i < j ? -1 : i > j;
}

static int
by_name_cmp(const void *a, const void *b, void *arg)
{
	const struct keymap_entry *e = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(e[i].name, e[j].name);

	if (c != 0)
		return c;
	return i < j ? -1 : i > j;
}

/*
 * Over the groups of idx (sorted so that equal keys, or equal names, are
 * together in line order): in a group where two entries differ in the
 * other field, each entry contradicts the group's first (when it differs
 * from it) or the first that differs (when it does not): into with[].
 */
static void
find_clashes(const struct keymap *m, const size_t *idx, bool by_key, size_t *with)
{
	const struct keymap_entry *e = m->e;
	size_t i = 0, j, k, d;

	while (i < m->n) {
		for (j = i + 1; j < m->n; j++)
			if (by_key ? e[idx[j]].key != e[idx[i]].key :
			    strcmp(e[idx[j]].name, e[idx[i]].name) != 0)
				break;
		/* [i, j) is one group: the first that differs from its first */
		for (d = i + 1; d < j; d++)
			if (by_key ? strcmp(e[idx[d]].name, e[idx[i]].name) != 0 :
			    e[idx[d]].key != e[idx[i]].key)
				break;
		for (k = i; d < j && k < j; k++) {
			bool same = by_key ? strcmp(e[idx[k]].name, e[idx[i]].name) == 0 :
				e[idx[k]].key == e[idx[i]].key;

			with[idx[k]] = same ? idx[d] : idx[i];
		}
		i = j;
	}
}

/* Mark every contradicting entry, and tell those that contradict an
 * earlier line, in line order. */
static int
clashes(struct keymap *m, keymap_diag_fn diag, void *arg)
{
	size_t *kc = malloc((m->n + 1) * sizeof(*kc)), *nc = malloc((m->n + 1) * sizeof(*nc));
	struct keymap_entry *e = m->e;
	char k1[24], k2[24], msg[4 * 64 + 160];
	size_t i;

	if (kc == NULL || nc == NULL) {
		free(kc);
		free(nc);
		return -ENOMEM;
	}
	for (i = 0; i < m->n; i++)
		kc[i] = nc[i] = NONE;
	find_clashes(m, m->by_key, true, kc);
	find_clashes(m, m->by_name, false, nc);
	for (i = 0; i < m->n; i++) {
		if (kc[i] != NONE)
			e[i].clash = e[kc[i]].line;
		else if (nc[i] != NONE)
			e[i].clash = e[nc[i]].line;
		if (diag != NULL && kc[i] != NONE && kc[i] < i) {
			snprintf(k1, sizeof(k1), "0x%" PRIx64, e[i].key);
			snprintf(msg, sizeof(msg), "key %s is named '%s' on line %u and '%s' "
				 "here: neither name is used", k1, e[kc[i]].name,
				 e[kc[i]].line, e[i].name);
			diag(arg, e[i].line, msg);
		}
		if (diag != NULL && nc[i] != NONE && nc[i] < i) {
			snprintf(k1, sizeof(k1), "0x%" PRIx64, e[nc[i]].key);
			snprintf(k2, sizeof(k2), "0x%" PRIx64, e[i].key);
			snprintf(msg, sizeof(msg), "name '%s' stands for %s on line %u and for "
				 "%s here: it cannot be used", e[i].name, k1, e[nc[i]].line, k2);
			diag(arg, e[i].line, msg);
		}
	}
	free(kc);
	free(nc);
	return 0;
}

int
keymap_parse(struct keymap *m, const char *text, size_t len, keymap_diag_fn diag,
	     void *arg)
{
	size_t lines = 1, i;
	char *p, *end, *nl;
	unsigned line = 0;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	m->text = malloc(len + 1);
	m->e = malloc(lines * sizeof(*m->e));
	m->by_key = malloc(lines * sizeof(*m->by_key));
	m->by_name = malloc(lines * sizeof(*m->by_name));
	if (m->text == NULL || m->e == NULL || m->by_key == NULL || m->by_name == NULL)
		goto nomem;
	if (len > 0)
		memcpy(m->text, text, len);
	m->text[len] = '\0';
	/* nl == end at the last line: p goes one past end, which ends the loop */
	for (p = m->text, end = m->text + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line++;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			if (diag != NULL)
				diag(arg, line, "a NUL byte in the line");
			continue;
		}
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		parse_line(m, p, line, diag, arg);
	}
	for (i = 0; i < m->n; i++)
		m->by_key[i] = m->by_name[i] = i;
	qsort_r(m->by_key, m->n, sizeof(*m->by_key), by_key_cmp, m->e);
	qsort_r(m->by_name, m->n, sizeof(*m->by_name), by_name_cmp, m->e);
	if (clashes(m, diag, arg) == 0)
		return 0;
nomem:
	keymap_free(m);
	return -ENOMEM;
}

void
keymap_free(struct keymap *m)
{
	free(m->text);
	free(m->e);
	free(m->by_key);
	free(m->by_name);
	memset(m, 0, sizeof(*m));
}

/* The first index of idx whose entry is not below the probe (lower bound). */
static size_t
lower(const struct keymap *m, const size_t *idx, uint64_t key, const char *name)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (name != NULL ? strcmp(m->e[idx[mid]].name, name) < 0 :
		    m->e[idx[mid]].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Entries with equal (key, name) are marked alike, and a group without a
 * contradiction holds one pair: its first entry speaks for it. */
static int
found(const struct keymap_entry *e, const struct keymap_entry **out)
{
	*out = e;
	return e->clash ? -EEXIST : 0;
}

int
keymap_name(const struct keymap *m, uint64_t key, const struct keymap_entry **out)
{
	size_t i = lower(m, m->by_key, key, NULL);

	if (i >= m->n || m->e[m->by_key[i]].key != key)
		return -ENOENT;
	return found(&m->e[m->by_key[i]], out);
}

int
keymap_key(const struct keymap *m, const char *name, const struct keymap_entry **out)
{
	size_t i = lower(m, m->by_name, 0, name);

	if (i >= m->n || strcmp(m->e[m->by_name[i]].name, name) != 0)
		return -ENOENT;
	return found(&m->e[m->by_name[i]], out);
}
