/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the key map and prkeys text as a file holds it; what parses is found again both ways, what does not is told by line. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "keys.h"
#include "keyscheme.h"

#include "fuzz.h"

/* a key map of some hundred lines */
#define FUZZ_MAX_LEN 65536

/* Each diagnostic: a line of the text, and printable words. */
struct told {
	unsigned lines;
	unsigned n;
};

static void
diag(void *arg, unsigned line, const char *reason)
{
	struct told *t = arg;

	FUZZ_CHECK(line >= 1 && line <= t->lines);
	FUZZ_CHECK(reason[0] != '\0' && fuzz_printable(reason));
	t->n++;
}

static void
fuzz_map(const uint8_t *data, size_t size)
{
	char *text = (char *)fuzz_dup(data, size);
	struct told t = { 1, 0 };
	const struct keymap_entry *e, *found;
	char buf[KEYSCHEME_NAME_MAX];
	struct keymap m;
	const char *why;
	uint64_t parsed;
	size_t i;

	for (i = 0; i < size; i++)
		t.lines += data[i] == '\n';
	FUZZ_CHECK(keymap_parse(&m, text, size, diag, &t) == 0);
	FUZZ_CHECK(m.n <= t.lines);
	for (i = 0; i < m.n; i++) {
		e = &m.e[i];
		FUZZ_CHECK(i == 0 || e->line > m.e[i - 1].line);
		FUZZ_CHECK(keymap_name_ok(e->name, &why) == 0);
		FUZZ_CHECK(keys_parse(e->name, &parsed) == -EINVAL);
		if (e->clash == 0) {
			/* both ways, to an entry of the same pair */
			FUZZ_CHECK(keymap_name(&m, e->key, &found) == 0);
			FUZZ_CHECK(strcmp(found->name, e->name) == 0);
			FUZZ_CHECK(keymap_key(&m, e->name, &found) == 0);
			FUZZ_CHECK(found->key == e->key);
		} else {
			FUZZ_CHECK(keymap_name(&m, e->key, &found) == -EEXIST);
			FUZZ_CHECK(keymap_key(&m, e->name, &found) == -EEXIST);
			FUZZ_CHECK(e->clash != e->line && e->clash <= t.lines);
		}
		/* a scheme's words fit their buffer and print */
		if (keyscheme_name(e->key, buf, sizeof(buf)) != NULL)
			FUZZ_CHECK(strlen(buf) < sizeof(buf) && fuzz_printable(buf));
	}
	keymap_free(&m);
	free(text);
}

static void
fuzz_prkeys(const uint8_t *data, size_t size)
{
	const char *text = (const char *)fuzz_dup(data, size);
	size_t n = keyscheme_prkeys(text, size, NULL, 0), again;
	uint64_t *keys = malloc((n ? n : 1) * sizeof(*keys));

	FUZZ_CHECK(keys != NULL);
	again = keyscheme_prkeys(text, size, keys, n);
	FUZZ_CHECK(again == n);
	free(keys);
	free((void *)text);
}

static void
fuzz_name_from(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), out[KEYMAP_NAME_MAX + 1];
	const char *why;

	keymap_name_from(s, out, sizeof(out));
	FUZZ_CHECK(keymap_name_ok(out, &why) == 0);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_map(data, size);
	fuzz_prkeys(data, size);
	fuzz_name_from(data, size);
	return 0;
}
