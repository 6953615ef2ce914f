/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Probing reservations: TEST UNIT READY for SPC-2, PERSISTENT RESERVE IN for the rest. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cdb.h"
#include "keys.h"
#include "lu.h"
#include "prstate.h"
#include "spc2.h"

/* Is the holder in st this path? (READ FULL STATUS and its initiator port) */
static bool
pr_holder_is_us(struct pr_state *st, const char *root, const char *path)
{
	size_t i;

	if (!(st->have & PRS_FULL) || !lu_mark_this_path(root, path, st))
		return false;
	for (i = 0; i < st->nregs; i++)
		if (st->regs[i].r_holder && st->regs[i].this_port)
			return true;
	return false;
}

enum tr_exit
spc2_probe(struct sgio_dev *dev, const struct sgio_opts *opts, const char *root,
	   const char *path, struct spc2_probe *p)
{
	uint8_t cdb[CDB6_LEN];
	struct scsi_result res;
	struct sense_info si;
	struct pr_state st;
	char err[320];
	enum tr_exit tur, ex;

	memset(p, 0, sizeof(*p));
	cdb_test_unit_ready(cdb);
	tur = sgio_run(dev, opts, cdb, sizeof(cdb), SGIO_DIR_NONE, NULL, 0, &res);
	sense_result_exit(&res, &si);
	p->not_ready = tur == TR_EXIT_NOT_READY;
	if (tur != TR_EXIT_OK && tur != TR_EXIT_CONFLICT &&
	    res.status != SAM_CHECK_CONDITION) {
		p->holder = HOLDER_UNKNOWN;	/* timeout, BUSY, transport */
		p->exit = tur;
		p->failed = "TEST UNIT READY";
		return tur;
	}
	ex = prs_collect(dev, opts, PRS_CAPS | PRS_FULL, false, &st, err, sizeof(err));
	p->pr_supported = ex != TR_EXIT_INVALID_OP && !st.spc2_conflict;
	p->crh = (st.have & PRS_CAPS) && st.caps.crh;
	p->nkeys = st.nkeys;
	if (tur != TR_EXIT_CONFLICT && ex != TR_EXIT_OK && ex != TR_EXIT_INVALID_OP &&
	    !st.spc2_conflict) {
		/* TUR passes under a persistent reservation: without PR IN
		 * nothing says whether one is held */
		p->holder = HOLDER_UNKNOWN;
		p->exit = ex;
		p->failed = "PERSISTENT RESERVE IN";
		prs_free(&st);
		return ex;
	} else if (tur == TR_EXIT_CONFLICT) {
		if (st.spc2_conflict || ex == TR_EXIT_INVALID_OP)
			p->holder = HOLDER_OTHER_SPC2;
		else if (ex == TR_EXIT_OK && st.resv.held)
			p->holder = HOLDER_OTHER_PR;
		else
			p->holder = HOLDER_OTHER;
	} else if (st.spc2_conflict) {
		/* PR IN conflicts although TUR did not: ours (LIO refuses PR
		 * commands from the SPC-2 holder too) */
		p->holder = HOLDER_US_SPC2;
	} else if (ex == TR_EXIT_OK && st.resv.held) {
		p->holder = pr_holder_is_us(&st, root, path) ? HOLDER_US_PR : HOLDER_OTHER_PR;
	} else {
		p->holder = HOLDER_NONE;
	}
	p->pr_key = st.resv.key;
	p->pr_type = st.resv.type;
	prs_free(&st);
	return TR_EXIT_OK;
}

bool
spc2_held_by_other(const struct spc2_probe *p)
{
	return p->holder == HOLDER_OTHER_SPC2 || p->holder == HOLDER_OTHER_PR ||
	       p->holder == HOLDER_OTHER;
}

char *
spc2_probe_str(const struct spc2_probe *p, char *buf, size_t len)
{
	const char *t = keys_type_title(p->pr_type);

	switch (p->holder) {
	case HOLDER_NONE:
		snprintf(buf, len, "free: no other initiator holds it%s",
			 p->not_ready ? " (the unit is not ready: no medium?)" : "");
		break;
	case HOLDER_US_SPC2:
		snprintf(buf, len, "held by this initiator: SPC-2 reservation (RESERVE)");
		break;
	case HOLDER_US_PR:
		snprintf(buf, len, "held by this initiator: persistent reservation, %s, "
			 "key 0x%" PRIx64, t ? t : "unknown type", p->pr_key);
		break;
	case HOLDER_OTHER_SPC2:
		snprintf(buf, len, "held by another initiator: SPC-2 reservation (RESERVE)");
		break;
	case HOLDER_OTHER_PR:
		snprintf(buf, len, "held by another initiator: persistent reservation, "
			 "%s, key 0x%" PRIx64 " (see tpr-in status)", t ? t : "unknown type",
			 p->pr_key);
		break;
	case HOLDER_OTHER:
		snprintf(buf, len, "held by another initiator: TEST UNIT READY "
			 "conflicts, and nothing says by which kind of reservation");
		break;
	case HOLDER_UNKNOWN:
		snprintf(buf, len, "unknown: %s failed (exit %d), so nothing says "
			 "who holds it", p->failed, p->exit);
		break;
	}
	return buf;
}
