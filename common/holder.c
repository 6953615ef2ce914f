/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "who holds it" verdict from TEST UNIT READY and PERSISTENT RESERVE IN answers, and its text table. */
#include <stdio.h>

#include "holder.h"
#include "keys.h"

enum holder
holder_verdict(const struct holder_answers *a)
{
	bool tur_conflict = a->tur_sent && a->tur == TR_EXIT_CONFLICT;
	bool prin_ok = a->prin_sent && a->prin == TR_EXIT_OK;
	bool prin_conflict = a->prin_sent && a->prin == TR_EXIT_CONFLICT;
	bool no_pr = a->prin_sent && a->prin == TR_EXIT_INVALID_OP;

	if (a->tur_sent && a->tur != TR_EXIT_OK && !tur_conflict && !a->tur_processed)
		return HOLDER_UNKNOWN;		/* timeout, BUSY, transport */
	if (tur_conflict) {
		if (prin_conflict || no_pr)
			return HOLDER_OTHER_SPC2;
		return prin_ok && a->pr_held ? HOLDER_OTHER_PR : HOLDER_OTHER;
	}
	if (prin_conflict)	/* TUR passed: the SPC-2 holder is this one */
		return a->tur_sent ? HOLDER_US_SPC2 : HOLDER_SPC2;
	if (a->prin_sent && !prin_ok && !no_pr)
		return HOLDER_UNKNOWN;	/* TUR passes under PR: PR IN must tell */
	if (prin_ok && a->pr_held)
		return a->pr_ours ? HOLDER_US_PR : HOLDER_OTHER_PR;
	return HOLDER_NONE;
}

bool
holder_is_other(enum holder h)
{
	return h == HOLDER_OTHER_SPC2 || h == HOLDER_OTHER_PR || h == HOLDER_OTHER;
}

bool
holder_is_spc2(enum holder h)
{
	return h == HOLDER_US_SPC2 || h == HOLDER_OTHER_SPC2 || h == HOLDER_SPC2;
}

/* Each verdict's words: head, then the details (the persistent ones: type
 * and key; HOLDER_UNKNOWN: the failed command), then tail. */
static const struct {
	const char *head, *tail;
} text[] = {
	[HOLDER_NONE] = { "free: no other initiator holds it", "" },
	[HOLDER_US_SPC2] = { "held by this initiator: SPC-2 reservation (RESERVE)", "" },
	[HOLDER_US_PR] = { "held by this initiator: persistent reservation", "" },
	[HOLDER_OTHER_SPC2] = { "held by another initiator: SPC-2 reservation "
		"(RESERVE)", "" },
	[HOLDER_OTHER_PR] = { "held by another initiator: persistent reservation",
		" (see tpr-in status)" },
	[HOLDER_OTHER] = { "held by another initiator: TEST UNIT READY conflicts, "
		"and nothing says by which kind of reservation", "" },
	[HOLDER_SPC2] = { "held with an SPC-2 reservation (RESERVE); nothing told "
		"by which initiator", "" },
	[HOLDER_UNKNOWN] = { "unknown: ", ", so nothing says who holds it" },
};

char *
holder_str(enum holder h, uint8_t pr_type, const char *pr_key, bool not_ready,
	   const char *failed, enum tr_exit failed_exit, char *buf, size_t len)
{
	const char *t = keys_type_title(pr_type);
	char detail[192] = "";

	if (h == HOLDER_US_PR || h == HOLDER_OTHER_PR)
		snprintf(detail, sizeof(detail), ", %s, key %s",
			 t ? t : "unknown type", pr_key ? pr_key : "?");
	else if (h == HOLDER_UNKNOWN)
		snprintf(detail, sizeof(detail), "%s failed (exit %d)",
			 failed ? failed : "a command", (int)failed_exit);
	else if (h == HOLDER_NONE && not_ready)
		snprintf(detail, sizeof(detail), " (the unit is not ready: no medium?)");
	snprintf(buf, len, "%s%s%s", text[h].head, detail, text[h].tail);
	return buf;
}

const char *
holder_spc2_who(enum holder h)
{
	return h == HOLDER_US_SPC2 ? "this initiator" :
	       h == HOLDER_OTHER_SPC2 ? "another initiator" :
	       h == HOLDER_SPC2 ? "unknown initiator" : NULL;
}
