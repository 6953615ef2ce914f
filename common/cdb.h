/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CDB builders: every command descriptor block tresv sends is built here, and only here. */
#ifndef TRESV_CDB_H
#define TRESV_CDB_H

#include <stddef.h>
#include <stdint.h>

/* Operation codes (SPC-5 table "Commands for all device types"). */
enum {
	CDB_OP_TEST_UNIT_READY = 0x00,
	CDB_OP_INQUIRY = 0x12,
	CDB_OP_RESERVE6 = 0x16,
	CDB_OP_PREVENT_ALLOW = 0x1e,
	CDB_OP_RELEASE6 = 0x17,
	CDB_OP_RESERVE10 = 0x56,
	CDB_OP_RELEASE10 = 0x57,
	CDB_OP_PERSISTENT_RESERVE_IN = 0x5e,
	CDB_OP_PERSISTENT_RESERVE_OUT = 0x5f,
};

/* PERSISTENT RESERVE IN service actions (SPC-5 6.16.1, table 221). */
enum prin_sa {
	PRIN_READ_KEYS = 0x00,
	PRIN_READ_RESERVATION = 0x01,
	PRIN_REPORT_CAPABILITIES = 0x02,
	PRIN_READ_FULL_STATUS = 0x03,
};

/* PERSISTENT RESERVE OUT service actions (SPC-5 6.17.1, table 236). */
enum prout_sa {
	PROUT_REGISTER = 0x00,
	PROUT_RESERVE = 0x01,
	PROUT_RELEASE = 0x02,
	PROUT_CLEAR = 0x03,
	PROUT_PREEMPT = 0x04,
	PROUT_PREEMPT_AND_ABORT = 0x05,
	PROUT_REGISTER_AND_IGNORE = 0x06,
	PROUT_REGISTER_AND_MOVE = 0x07,
	PROUT_REPLACE_LOST = 0x08,
};

#define CDB6_LEN	6
#define CDB10_LEN	10
#define CDB_MAX_LEN	16

/*
 * Each builder zeroes and fills a caller's array of the stated length and
 * returns that length in bytes (what SG_IO wants as cmd_len).  Multi-byte
 * fields are big-endian.  Control byte (last) is always 0.
 */

/* TEST UNIT READY, 6 bytes (SPC-5 6.47): 00h, bytes 1-5 zero. */
size_t cdb_test_unit_ready(uint8_t cdb[CDB6_LEN]);

/*
 * INQUIRY, 6 bytes (SPC-5 6.7): 12h; byte 1 bit 0 EVPD; byte 2 PAGE CODE
 * (must be 0 unless evpd); bytes 3-4 ALLOCATION LENGTH in bytes.
 */
size_t cdb_inquiry(uint8_t cdb[CDB6_LEN], int evpd, uint8_t page,
		   uint16_t alloc_len);

/*
 * RESERVE(6) 16h / RELEASE(6) 17h, 6 bytes (SPC-2 7.21/7.17): whole logical
 * unit, no third party: bytes 1-5 zero.
 */
size_t cdb_reserve6(uint8_t cdb[CDB6_LEN]);
size_t cdb_release6(uint8_t cdb[CDB6_LEN]);

/*
 * RESERVE(10) 56h / RELEASE(10) 57h, 10 bytes (SPC-2 7.22/7.18): whole
 * logical unit, 3RDPTY=0, LONGID=0, PARAMETER LIST LENGTH (bytes 7-8) 0.
 */
size_t cdb_reserve10(uint8_t cdb[CDB10_LEN]);
size_t cdb_release10(uint8_t cdb[CDB10_LEN]);

/*
 * PREVENT ALLOW MEDIUM REMOVAL, 6 bytes (SPC-5 6.13, SSC/SMC): 1Eh;
 * byte 4 bits 1-0 PREVENT: 01b prevents removal, 00b allows it.
 */
size_t cdb_prevent_allow(uint8_t cdb[CDB6_LEN], int prevent);

/*
 * PERSISTENT RESERVE IN, 10 bytes (SPC-5 6.16.1): 5Eh; byte 1 bits 4-0
 * SERVICE ACTION; bytes 7-8 ALLOCATION LENGTH in bytes (at most 65535:
 * the field is 16 bits).
 */
size_t cdb_prin(uint8_t cdb[CDB10_LEN], enum prin_sa sa, uint16_t alloc_len);

/*
 * PERSISTENT RESERVE OUT, 10 bytes (SPC-5 6.17.1): 5Fh; byte 1 bits 4-0
 * SERVICE ACTION; byte 2 SCOPE (bits 7-4) and TYPE (bits 3-0), each
 * masked to its 4 bits; bytes 5-8 PARAMETER LIST LENGTH in bytes.
 */
size_t cdb_prout(uint8_t cdb[CDB10_LEN], enum prout_sa sa, uint8_t scope,
		 uint8_t type, uint32_t param_len);

#endif /* TRESV_CDB_H */
