/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: tlock's lock record text, as lockrec_read() hands it to lockrec_parse(); what parses writes back the same. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lockrec.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a whole record file. */
#define FUZZ_MAX_LEN 4096

/* What lockrec.h promises of a record that parsed. */
static void
check_record(const struct lockrec *r)
{
	FUZZ_CHECK(r->pid > 0 && r->pid <= LOCKREC_PID_MAX);
	FUZZ_CHECK(r->job >= 0 && r->job <= LOCKREC_PID_MAX);
	FUZZ_CHECK(r->method == HOLD_PR || r->method == HOLD_SPC2);
	FUZZ_CHECK(r->type <= 15);
	FUZZ_CHECK(r->since >= 0);
	/* text fields reach a terminal in tlock status: printable only */
	FUZZ_CHECK(memchr(r->device, '\0', sizeof(r->device)) != NULL);
	FUZZ_CHECK(memchr(r->command, '\0', sizeof(r->command)) != NULL);
	FUZZ_CHECK(fuzz_printable(r->device));
	FUZZ_CHECK(fuzz_printable(r->command));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *again;
	struct lockrec r, back;
	int n;

	if (lockrec_parse(text, &r) != 0) {
		free(text);
		return 0;
	}
	check_record(&r);
	/* written back and read again: the same record */
	again = malloc(LOCKREC_TEXT_MAX);
	if (again == NULL)
		abort();
	n = lockrec_format(&r, again, LOCKREC_TEXT_MAX);
	FUZZ_CHECK(n > 0 && n < LOCKREC_TEXT_MAX);
	FUZZ_CHECK(lockrec_parse(again, &back) == 0);
	FUZZ_CHECK(back.pid == r.pid && back.job == r.job && back.start == r.start);
	FUZZ_CHECK(back.since == r.since && back.method == r.method);
	FUZZ_CHECK(back.key == r.key && back.type == r.type && back.prevent == r.prevent);
	FUZZ_CHECK(strcmp(back.device, r.device) == 0);
	FUZZ_CHECK(strcmp(back.command, r.command) == 0);
	free(again);
	free(text);
	return 0;
}
