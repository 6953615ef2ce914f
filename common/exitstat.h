/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The exit-status table of every tresv tool: sg3_utils' values, so scripts already know them. */
#ifndef TRESV_EXITSTAT_H
#define TRESV_EXITSTAT_H

/*
 * Source: ../shared/DESIGN.md "Exit status"; the numbers are sg3_utils'
 * SG_LIB_* categories (sg_lib.h) so a script written for sg_persist reads
 * ours unchanged.  Keep this the only place these numbers are spelled.
 */
enum tr_exit {
	TR_EXIT_OK = 0,
	TR_EXIT_SYNTAX = 1,		/* bad command line */
	TR_EXIT_NOT_READY = 2,		/* sense key NOT READY */
	TR_EXIT_MEDIUM_HARD = 3,	/* MEDIUM ERROR or HARDWARE ERROR */
	TR_EXIT_ILLEGAL_REQ = 5,	/* ILLEGAL REQUEST, other than below */
	TR_EXIT_UNIT_ATTENTION = 6,	/* UNIT ATTENTION (after the retry) */
	TR_EXIT_INVALID_OP = 9,		/* invalid command operation code */
	TR_EXIT_ABORTED = 11,		/* ABORTED COMMAND */
	TR_EXIT_FILE = 15,		/* cannot open or use the device */
	TR_EXIT_CONFLICT = 24,		/* RESERVATION CONFLICT */
	TR_EXIT_BUSY = 26,		/* BUSY, TASK SET FULL */
	TR_EXIT_CONTRADICT = 31,	/* contradictory options */
	TR_EXIT_TIMEOUT = 33,		/* command timed out */
	TR_EXIT_NOOP = 36,		/* --strict: GOOD, but nothing changed
					 * (sg3_utils' SG_LIB_OK_FALSE) */
	TR_EXIT_TRANSPORT = 35,		/* host or driver reported a failure */
	TR_EXIT_MALFORMED = 97,		/* response does not parse */
	TR_EXIT_OTHER = 99,		/* anything else */
};

#endif /* TRESV_EXITSTAT_H */
