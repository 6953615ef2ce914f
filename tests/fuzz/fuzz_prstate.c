/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a saved PR IN response through prs_decode and every text and JSON view, as --inhex does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a selector byte and a whole PR IN response. */
#define FUZZ_MAX_LEN 65536
#include "output.h"
#include "prstate.h"

/* Every byte a text view prints is printable ASCII or a newline: device
 * data is escaped before it reaches a terminal. */
static void
check_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		FUZZ_CHECK(s[i] == '\n' || (s[i] >= 0x20 && s[i] < 0x7f));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum out_view views[] = {
		VIEW_STATUS, VIEW_KEYS, VIEW_RESERVATION, VIEW_CAPS, VIEW_FULL,
	};
	struct lu_report r;
	uint8_t *buf;
	size_t i, n;
	char *text, *dump;
	FILE *f;
	json_t *j, *back;

	if (size < 1)
		return 0;
	buf = fuzz_dup(data + 1, size - 1);	/* byte 0 picks the service action */
	memset(&r, 0, sizeof(r));
	r.device = "fuzz";
	r.have_key = true;
	r.key = 0x1111;
	r.exit = prs_decode((enum prin_sa)(data[0] & 3), buf, size - 1, &r.st,
			    r.error, sizeof(r.error));
	FUZZ_CHECK(r.exit == TR_EXIT_OK || r.exit == TR_EXIT_MALFORMED);
	/* exit 97 exactly when the response contradicts itself, said where;
	 * a cut is where what arrived stops */
	FUZZ_CHECK((r.exit == TR_EXIT_MALFORMED) == r.st.malformed);
	FUZZ_CHECK(!r.st.malformed || r.st.fault.kind != FAULT_NONE);
	FUZZ_CHECK(!r.st.truncated || r.st.cut_at == size - 1);
	FUZZ_CHECK(r.st.nkeys == 0 || r.st.keys != NULL);
	FUZZ_CHECK(r.st.nregs == 0 || r.st.regs != NULL);
	out_mark_ours(&r);
	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		text = NULL;
		n = 0;
		f = open_memstream(&text, &n);
		FUZZ_CHECK(f != NULL);
		out_text(f, views[i], &r, i % 2 == 0);
		fclose(f);
		check_text(text, n);
		/* a list cut short is never shown as a whole (or empty) one */
		if (views[i] == VIEW_FULL && r.exit == TR_EXIT_OK && r.st.truncated &&
		    r.st.cut_sa == PRIN_READ_FULL_STATUS)
			FUZZ_CHECK(strstr(text, "registrants: at least ") != NULL);
		free(text);
		j = out_json(views[i], &r);
		FUZZ_CHECK(j != NULL);
		dump = json_dumps(j, JSON_COMPACT);
		FUZZ_CHECK(dump != NULL);
		back = json_loads(dump, 0, NULL);	/* what we emit parses */
		FUZZ_CHECK(back != NULL);
		json_decref(back);
		free(dump);
		json_decref(j);
	}
	prs_free(&r.st);
	free(buf);
	return 0;
}
