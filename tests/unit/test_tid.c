/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: TransportID decoding, formatting and user-input parsing on exact bytes. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "tid.h"

/* Decode n bytes, expect `used` of them consumed and `line` formatted. */
static void
decode_ok(const void *bytes, size_t n, size_t used, struct tid *t,
	  const char *line)
{
	uint8_t *b = arrived(bytes, n);
	char out[TID_FORMAT_MAX];
	size_t consumed = 12345;

	assert_int_equal(tid_decode(b, n, t, &consumed), 0);
	assert_int_equal(consumed, used);
	assert_int_equal(t->length, used);
	assert_int_equal(tid_format(t, out, sizeof(out)), strlen(line));
	assert_string_equal(out, line);
	free(b);
}

/* Decode n bytes, expect -EBADMSG and nothing consumed. */
static void
decode_bad(const void *bytes, size_t n)
{
	uint8_t *b = arrived(bytes, n);
	size_t consumed = 12345;
	struct tid t;

	assert_int_equal(tid_decode(b, n, &t, &consumed), -EBADMSG);
	assert_int_equal(consumed, 0);
	free(b);
}

/* ---- decode: one fixture per protocol ----------------------------------- */

/* As the LIO lab's tcm_loop initiators report themselves. */
static const uint8_t sas_tid[] = {
	0x06,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 6h SAS */
	0x00, 0x00, 0x00,	/* reserved */
	0x50, 0x01, 0x40, 0x5e, 0x1f, 0x7d, 0x8a, 0x01,	/* SAS ADDRESS */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
	0x00, 0x00, 0x00, 0x00,
};

static void
test_decode_sas(void **state)
{
	uint8_t two[2 * sizeof(sas_tid)];
	struct tid t;

	(void)state;
	decode_ok(sas_tid, sizeof(sas_tid), 24, &t, "sas,0x5001405e1f7d8a01");
	assert_int_equal(t.protocol_identifier, TID_PROTO_SAS);
	assert_int_equal(t.format_code, 0);
	assert_false(t.raw);
	assert_true(t.sas_address == 0x5001405e1f7d8a01ULL);
	/* more bytes available (an odd 25, a second TransportID): 24 used */
	memcpy(two, sas_tid, sizeof(sas_tid));
	memcpy(two + 24, sas_tid, sizeof(sas_tid));
	two[24 + 11] = 0x02;
	decode_ok(two, 25, 24, &t, "sas,0x5001405e1f7d8a01");
	decode_ok(two, sizeof(two), 24, &t, "sas,0x5001405e1f7d8a01");
	decode_ok(two + 24, 24, 24, &t, "sas,0x5001405e1f7d8a02");
}

static void
test_decode_fc(void **state)
{
	static const uint8_t r[] = {
		0x00,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 0h */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
		0x21, 0x00, 0x00, 0x24, 0xff, 0x3e, 0x4a, 0x5b,	/* N_PORT_NAME */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
	};
	struct tid t;

	(void)state;
	decode_ok(r, sizeof(r), 24, &t, "fc,0x21000024ff3e4a5b");
	assert_int_equal(t.protocol_identifier, TID_PROTO_FCP);
	assert_false(t.raw);
	assert_true(t.n_port_name == 0x21000024ff3e4a5bULL);
}

static void
test_decode_spi(void **state)
{
	static const uint8_t r[] = {
		0x01,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 1h */
		0x00,			/* reserved */
		0x00, 0x07,		/* SCSI ADDRESS 7 */
		0x00, 0x00,		/* obsolete */
		0x00, 0x02,		/* RELATIVE TARGET PORT IDENTIFIER 2 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t big[] = {
		0x01, 0x00, 0xff, 0xfe, 0xaa, 0xbb, 0xff, 0xff,	/* 65534, 65535 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct tid t;

	(void)state;
	decode_ok(r, sizeof(r), 24, &t, "spi,7,2");
	assert_int_equal(t.protocol_identifier, TID_PROTO_SPI);
	assert_int_equal(t.scsi_address, 7);
	assert_int_equal(t.relative_target_port_identifier, 2);
	decode_ok(big, sizeof(big), 24, &t, "spi,65534,65535");
}

static void
test_decode_sbp(void **state)
{
	static const uint8_t r[] = {
		0x03,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 3h */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
		0x00, 0x30, 0xe0, 0x01, 0x23, 0x45, 0x67, 0x89,	/* EUI-64 NAME */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
	};
	struct tid t;

	(void)state;
	decode_ok(r, sizeof(r), 24, &t, "sbp,0x0030e00123456789");
	assert_int_equal(t.protocol_identifier, TID_PROTO_SBP);
	assert_true(t.eui64_name == 0x0030e00123456789ULL);
}

static void
test_decode_srp(void **state)
{
	static const uint8_t r[] = {
		0x04,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 4h */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved */
		0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* INITIATOR PORT */
		0x00, 0x02, 0xc9, 0x03, 0x00, 0x0a, 0x1b, 0x2c,	/* IDENTIFIER */
	};
	struct tid t;

	(void)state;
	decode_ok(r, sizeof(r), 24, &t,
		  "srp,0xfe800000000000000002c903000a1b2c");
	assert_int_equal(t.protocol_identifier, TID_PROTO_SRP);
	assert_memory_equal(t.initiator_port_identifier, r + 8, 16);
}

static void
test_decode_sop(void **state)
{
	static const uint8_t r[] = {
		0x0a,			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER Ah SOP */
		0x00,			/* reserved */
		0x82, 0x19,		/* ROUTING ID: bus 82h, device 3, function 1 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* reserved */
		0, 0, 0, 0,
	};
	static const uint8_t top[] = {
		0x0a, 0x00, 0xff, 0xff,	/* bus ffh, device 1fh, function 7 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct tid t;

	(void)state;
	decode_ok(r, sizeof(r), 24, &t, "sop,82:03.1");
	assert_int_equal(t.protocol_identifier, TID_PROTO_SOP);
	assert_int_equal(t.routing_id, 0x8219);
	decode_ok(top, sizeof(top), 24, &t, "sop,ff:1f.7");
}

static void
test_decode_iscsi_device(void **state)
{
	static const uint8_t r[] =
		"\x05"			/* FORMAT CODE 00b, PROTOCOL IDENTIFIER 5h */
		"\x00"			/* reserved */
		"\x00\x20"		/* ADDITIONAL LENGTH 32 */
		"iqn.1993-08.org.debian:01:abc"	/* ISCSI NAME, 29 bytes */
		"\x00"			/* null terminator */
		"\x00\x00";		/* pad to 36 */
	/* the same name padded further, padding not all zero: still the
	 * ADDITIONAL LENGTH, and nothing after the null is read as name */
	static const uint8_t padded[] =
		"\x05\x00\x00\x24"	/* ADDITIONAL LENGTH 36 */
		"iqn.1993-08.org.debian:01:abc"
		"\x00"
		"junk\x00\x00";
	/* short name: ADDITIONAL LENGTH at its least, 20 */
	static const uint8_t shortest[] =
		"\x05\x00\x00\x14"
		"iqn.2000-01.a"
		"\x00\x00\x00\x00\x00\x00\x00";
	struct tid t;

	(void)state;
	decode_ok(r, LIT_LEN(r), 36, &t, "iqn.1993-08.org.debian:01:abc");
	assert_int_equal(t.protocol_identifier, TID_PROTO_ISCSI);
	assert_int_equal(t.format_code, TID_FORMAT_ISCSI_DEVICE);
	assert_false(t.raw);
	assert_int_equal(t.additional_length, 32);
	assert_int_equal(t.iscsi_name_len, 29);
	assert_string_equal(t.iscsi_name, "iqn.1993-08.org.debian:01:abc");
	assert_int_equal(t.isid_len, 0);
	decode_ok(padded, LIT_LEN(padded), 40, &t,
		  "iqn.1993-08.org.debian:01:abc");
	assert_int_equal(t.additional_length, 36);
	decode_ok(shortest, LIT_LEN(shortest), 24, &t, "iqn.2000-01.a");
}

static void
test_decode_iscsi_port(void **state)
{
	static const uint8_t r[] =
		"\x45"			/* FORMAT CODE 01b, PROTOCOL IDENTIFIER 5h */
		"\x00"			/* reserved */
		"\x00\x30"		/* ADDITIONAL LENGTH 48 */
		"iqn.1993-08.org.debian:01:abc"	/* ISCSI NAME */
		",i,0x"			/* SEPARATOR */
		"23d000000001"		/* ISCSI INITIATOR SESSION ID */
		"\x00"			/* null */
		"\x00";			/* pad to 52 */
	/* an ISID in upper case, and a short one: kept as sent */
	static const uint8_t upper[] =
		"\x45\x00\x00\x20"
		"naa.5001405e1f7d8a01,i,0x23D0"
		"\x00\x00\x00";
	struct tid t;

	(void)state;
	decode_ok(r, LIT_LEN(r), 52, &t,
		  "iqn.1993-08.org.debian:01:abc,i,0x23d000000001");
	assert_int_equal(t.format_code, TID_FORMAT_ISCSI_PORT);
	assert_int_equal(t.additional_length, 48);
	assert_string_equal(t.iscsi_name, "iqn.1993-08.org.debian:01:abc");
	assert_int_equal(t.iscsi_name_len, 29);
	assert_string_equal(t.iscsi_initiator_session_id, "23d000000001");
	assert_int_equal(t.isid_len, 12);
	decode_ok(upper, LIT_LEN(upper), 36, &t,
		  "naa.5001405e1f7d8a01,i,0x23D0");
	assert_string_equal(t.iscsi_initiator_session_id, "23D0");
}

static void
test_decode_raw(void **state)
{
	/* SSA (2h): no TransportID this module decodes */
	static const uint8_t ssa[] = {
		0x02, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	/* UAS (9h), ADT (7h), unassigned Ch, no specific protocol (Fh) */
	static const uint8_t uas[] = {
		0x09, 0x7f, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t unassigned[] = {
		0xcc, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
		12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
	};
	/* ATA (8h) with format code 01b: a protocol kept raw, any code */
	static const uint8_t ata01[] = {
		0x48, 0x00, 0x00, 0x00, 0x50, 0x01, 0x40, 0x5e,
		0x1f, 0x7d, 0x8a, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct tid t;

	(void)state;
	decode_ok(ssa, sizeof(ssa), 24, &t,
		  "proto-0x2,hex,02000000deadbeef000000000000000000000000000000"
		  "01");
	assert_true(t.raw);
	assert_int_equal(t.protocol_identifier, TID_PROTO_SSA);
	assert_memory_equal(t.bytes, ssa, 24);
	decode_ok(uas, sizeof(uas), 24, &t,
		  "proto-0x9,hex,097f0003000000000000000000000000000000000000"
		  "0000");
	assert_true(t.raw);
	decode_ok(unassigned, sizeof(unassigned), 24, &t,
		  "proto-0xc,hex,cc0102030405060708090a0b0c0d0e0f101112131415"
		  "1617");
	assert_int_equal(t.format_code, 3);
	assert_int_equal(t.protocol_identifier, 0xc);
	decode_ok(ata01, sizeof(ata01), 24, &t,
		  "proto-0x8,hex,480000005001405e1f7d8a01000000000000000000000"
		  "000");
	assert_true(t.raw);
	assert_int_equal(t.format_code, 1);
}

/* Decode n bytes, expect -EBADMSG and the fault kind, field, offset. */
static void
decode_fault(const uint8_t *bytes, size_t n, enum fault_kind kind, const char *field,
	     size_t offset, const char *line)
{
	uint8_t *b = arrived(bytes, n);
	struct fault why;
	struct tid t;
	size_t used = 99;
	char text[256];

	assert_int_equal(tid_decode_fault(b, n, &t, &used, &why), -EBADMSG);
	assert_int_equal(used, 0);
	assert_int_equal(why.kind, kind);
	assert_string_equal(why.field, field);
	assert_int_equal(why.offset, offset);
	assert_string_equal(fault_str(&why, text, sizeof(text)), line);
	free(b);
}

/* A FORMAT CODE the protocol does not have, and the iSCSI lengths and
 * text that contradict themselves: a malformed TransportID, said where. */
static void
test_decode_faults(void **state)
{
	/* SAS with format code 01b: SAS has only 00b */
	static const uint8_t sas01[] = {
		0x46, 0x00, 0x00, 0x00, 0x50, 0x01, 0x40, 0x5e,
		0x1f, 0x7d, 0x8a, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* iSCSI with format code 10b (reserved) */
	static const uint8_t iscsi10[] = {
		0x85, 0x00, 0x00, 0x18, 'n', 'a', 'a', '.', '5', '0', '0', '1',
		'4', '0', '5', 'e', '1', 'f', '7', 'd', '8', 'a', '0', '1',
		0, 0, 0, 0,
	};
	/* iSCSI ADDITIONAL LENGTH 28 in 24 bytes */
	static const uint8_t iscsi_past[] = {
		0x05, 0x00, 0x00, 0x1c, 'i', 'q', 'n', '.', '2', '0', '0', '0',
		'-', '0', '1', '.', 'a', 0, 0, 0, 0, 0, 0, 0,
	};
	/* iSCSI ADDITIONAL LENGTH 22: not a multiple of 4 */
	static const uint8_t iscsi_odd[] = {
		0x05, 0x00, 0x00, 0x16, 'i', 'q', 'n', '.', '2', '0', '0', '0',
		'-', '0', '1', '.', 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* no null within ADDITIONAL LENGTH 20 */
	static const uint8_t iscsi_nonul[] = {
		0x05, 0x00, 0x00, 0x14, 'i', 'q', 'n', '.', '2', '0', '0', '0',
		'-', '0', '1', '.', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
	};
	/* format 01b with an ISID of one non-hex digit */
	static const uint8_t isid_bad[] = {
		0x45, 0x00, 0x00, 0x14, 'i', 'q', 'n', '.', '2', '0', '0', '0',
		'-', '0', '1', '.', 'a', ',', 'i', ',', '0', 'x', 'g', 0,
	};

	(void)state;
	decode_fault(sas01, sizeof(sas01), FAULT_CODE, "FORMAT CODE", 0,
		     "FORMAT CODE (byte 0) is 1h, a code the SAS TransportID does not have");
	decode_fault(iscsi10, sizeof(iscsi10), FAULT_CODE, "FORMAT CODE", 0,
		     "FORMAT CODE (byte 0) is 2h, a code the iSCSI TransportID does not "
		     "have");
	decode_fault(iscsi_past, sizeof(iscsi_past), FAULT_PAST,
		     "TransportID ADDITIONAL LENGTH", 2,
		     "TransportID ADDITIONAL LENGTH (byte 2) says 28 bytes, past the 20 "
		     "bytes there are");
	decode_fault(iscsi_odd, sizeof(iscsi_odd), FAULT_MULTIPLE,
		     "TransportID ADDITIONAL LENGTH", 2,
		     "TransportID ADDITIONAL LENGTH (byte 2) says 22 bytes, not a multiple "
		     "of the 4 bytes of the padding of an iSCSI TransportID");
	decode_fault(iscsi_nonul, sizeof(iscsi_nonul), FAULT_TEXT, "ISCSI NAME", 4,
		     "ISCSI NAME (byte 4) has no null byte within ADDITIONAL LENGTH");
	decode_fault(isid_bad, sizeof(isid_bad), FAULT_TEXT,
		     "ISCSI INITIATOR SESSION ID", 22,
		     "ISCSI INITIATOR SESSION ID (byte 22) is not 1 to 12 hex digits");
	decode_fault(sas01, 23, FAULT_SHORT, "TransportID", 0,
		     "TransportID (byte 0) says 23 bytes, less than the 24 bytes of a "
		     "TransportID");
}

/* A READ FULL STATUS walker advances by what each TransportID used. */
static void
test_decode_walk(void **state)
{
	static const uint8_t r[] =
		"\x45\x00\x00\x30"
		"iqn.1993-08.org.debian:01:abc,i,0x23d000000001"
		"\x00\x00"
		"\x06\x00\x00\x00"	/* then a SAS TransportID */
		"\x50\x01\x40\x5e\x1f\x7d\x8a\x01"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	uint8_t *b = arrived(r, LIT_LEN(r));
	size_t off = 0, used, n = 0;
	struct tid t[3];

	(void)state;
	while (off < LIT_LEN(r) && n < 3) {
		assert_int_equal(tid_decode(b + off, LIT_LEN(r) - off, &t[n],
					    &used), 0);
		off += used;
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(off, 76);
	assert_int_equal(t[0].protocol_identifier, TID_PROTO_ISCSI);
	assert_int_equal(t[1].protocol_identifier, TID_PROTO_SAS);
	assert_true(t[1].sas_address == 0x5001405e1f7d8a01ULL);
	/* consumed is optional */
	assert_int_equal(tid_decode(b, LIT_LEN(r), &t[2], NULL), 0);
	free(b);
}

/* ---- decode: truncated and hostile -------------------------------------- */

static void
test_decode_truncated(void **state)
{
	static const uint8_t iscsi35[] =	/* needs 36, 35 arrived */
		"\x05\x00\x00\x20"
		"iqn.1993-08.org.debian:01:abc"
		"\x00\x00";
	struct tid t;

	(void)state;
	decode_bad(sas_tid, 0);
	decode_bad(sas_tid, 1);
	decode_bad(sas_tid, 4);
	decode_bad(sas_tid, 23);
	decode_bad(iscsi35, LIT_LEN(iscsi35));
	assert_int_equal(tid_decode(NULL, 0, &t, NULL), -EBADMSG);
	assert_int_equal(tid_decode(NULL, 24, &t, NULL), -EBADMSG);
}

static void
test_decode_hostile_iscsi(void **state)
{
	/* ADDITIONAL LENGTH ffffh: odd and far past the 24 bytes */
	static const uint8_t al_ffff[] =
		"\x05\x00\xff\xff"
		"iqn.2000-01.a"
		"\x00\x00\x00\x00\x00\x00\x00";
	/* fffch: a multiple of 4, still past what arrived */
	static const uint8_t al_fffc[] =
		"\x05\x00\xff\xfc"
		"iqn.2000-01.a"
		"\x00\x00\x00\x00\x00\x00\x00";
	/* 21: not a multiple of 4 (25 bytes there) */
	static const uint8_t al_odd[] =
		"\x05\x00\x00\x15"
		"iqn.2000-01.a"
		"\x00\x00\x00\x00\x00\x00\x00\x00";
	/* 16: below the least, 20 */
	static const uint8_t al_16[] =
		"\x05\x00\x00\x10"
		"iqn.2000-01"
		"\x00\x00\x00\x00\x00"
		"\x00\x00\x00\x00";
	/* 0: nothing follows */
	static const uint8_t al_0[] =
		"\x05\x00\x00\x00"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	/* no null anywhere */
	static const uint8_t unterminated[] =
		"\x05\x00\x00\x14"
		"iqn.2000-01.abcdefgh";
	/* the null lies past ADDITIONAL LENGTH, in bytes that arrived */
	static const uint8_t null_after[] =
		"\x05\x00\x00\x14"
		"iqn.2000-01.abcdefgh"
		"xyz"
		"\x00";
	/* empty name */
	static const uint8_t empty[] =
		"\x05\x00\x00\x14"
		"\x00"
		"iqn.2000-01.abcdefg"
		;
	/* format 01b without the separator; with ",i,0X"; with ",i,0x"
	 * but no ISID, a non-hex one, 13 digits, no name before it */
	static const uint8_t nosep[] =
		"\x45\x00\x00\x24"
		"iqn.1993-08.org.debian:01:abc"
		"\x00\x00\x00\x00\x00\x00\x00";
	static const uint8_t bigx[] =
		"\x45\x00\x00\x30"
		"iqn.1993-08.org.debian:01:abc,i,0X23d000000001"
		"\x00\x00";
	static const uint8_t noisid[] =
		"\x45\x00\x00\x24"
		"iqn.1993-08.org.debian:01:abc,i,0x"
		"\x00\x00";
	static const uint8_t badisid[] =
		"\x45\x00\x00\x28"
		"iqn.1993-08.org.debian:01:abc,i,0x23g0"
		"\x00\x00";
	static const uint8_t longisid[] =
		"\x45\x00\x00\x30"
		"iqn.1993-08.org.debian:01:abc,i,0x23d0000000011"
		"\x00";
	static const uint8_t noname[] =
		"\x45\x00\x00\x14"
		",i,0x23d000000001"
		"\x00\x00\x00";
	/* a second separator inside the ISID */
	static const uint8_t twosep[] =
		"\x45\x00\x00\x30"
		"iqn.2000-01.a,i,0x1,i,0x23d000000001"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";

	(void)state;
	decode_bad(al_ffff, LIT_LEN(al_ffff));
	decode_bad(al_fffc, LIT_LEN(al_fffc));
	decode_bad(al_odd, LIT_LEN(al_odd));
	decode_bad(al_16, LIT_LEN(al_16));
	decode_bad(al_0, LIT_LEN(al_0));
	decode_bad(unterminated, LIT_LEN(unterminated));
	decode_bad(null_after, LIT_LEN(null_after));
	decode_bad(empty, LIT_LEN(empty));
	decode_bad(nosep, LIT_LEN(nosep));
	decode_bad(bigx, LIT_LEN(bigx));
	decode_bad(noisid, LIT_LEN(noisid));
	decode_bad(badisid, LIT_LEN(badisid));
	decode_bad(longisid, LIT_LEN(longisid));
	decode_bad(noname, LIT_LEN(noname));
	decode_bad(twosep, LIT_LEN(twosep));
}

/* Names of 223 bytes decode, of 224 do not (RFC 3720 3.2.6.1), in either
 * format; the struct holds no pointer into the response. */
static void
test_decode_name_limit(void **state)
{
	uint8_t r[4 + 224 + 17 + 3];
	char want[TID_FORMAT_MAX];
	struct tid t;
	size_t used;
	uint8_t *b;

	(void)state;
	/* format 00b, 223 bytes: 4 + 223 + null = 228 */
	memset(r, 0, sizeof(r));
	r[0] = 0x05;
	r[3] = 224;
	memset(r + 4, 'a', 223);
	b = arrived(r, 228);
	assert_int_equal(tid_decode(b, 228, &t, &used), 0);
	assert_int_equal(used, 228);
	assert_int_equal(t.iscsi_name_len, 223);
	free(b);			/* t must not point into it */
	memset(want, 'a', 223);
	want[223] = '\0';
	assert_string_equal(t.iscsi_name, want);
	/* 224 bytes: 4 + 224 + null, padded to 232 */
	r[3] = 228;
	r[4 + 223] = 'a';
	decode_bad(r, 232);
	/* format 01b: 224-byte name, separator, ISID: 4 + 241, padded 248 */
	r[0] = 0x45;
	r[3] = 244;
	memcpy(r + 4 + 224, ",i,0x23d000000001", 17);
	decode_bad(r, 248);
	/* the same with 223 name bytes decodes */
	memmove(r + 4 + 223, r + 4 + 224, 17);
	r[4 + 240] = '\0';
	b = arrived(r, 248);
	assert_int_equal(tid_decode(b, 248, &t, &used), 0);
	assert_int_equal(used, 248);
	assert_int_equal(t.iscsi_name_len, 223);
	assert_string_equal(t.iscsi_initiator_session_id, "23d000000001");
	free(b);
}

/* ---- format -------------------------------------------------------------- */

static void
test_format_escapes(void **state)
{
	/* a device name holding ESC [2J, BEL, a backslash, a comma, DEL,
	 * a high byte and a newline */
	static const uint8_t r[] =
		"\x05\x00\x00\x18"
		"iqn.x"
		"\x1b"
		"[2J"
		"\x07"
		"\\,"
		"\x7f\xff\n"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	static const uint8_t port[] =
		"\x45\x00\x00\x14"
		"a\\b\x01,i,0x1"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	char out[TID_FORMAT_MAX];
	struct tid t;
	size_t i;

	(void)state;
	decode_ok(r, LIT_LEN(r), 28, &t,
		  "iqn.x\\x1b[2J\\x07\\\\\\x2c\\x7f\\xff\\x0a");
	decode_ok(port, LIT_LEN(port), 24, &t, "a\\\\b\\x01,i,0x1");
	/* no control byte at all reaches the line */
	assert_true(tid_format(&t, out, sizeof(out)) > 0);
	for (i = 0; out[i] != '\0'; i++)
		assert_true(out[i] >= 0x20 && out[i] < 0x7f);
}

/* The longest possible line fits TID_FORMAT_MAX exactly. */
static void
test_format_longest(void **state)
{
	static char out[TID_FORMAT_MAX + 16];
	uint8_t r[248];
	struct tid t;

	(void)state;
	memset(r, 0, sizeof(r));
	r[0] = 0x45;
	r[3] = 244;
	memset(r + 4, 0x01, 223);
	memcpy(r + 4 + 223, ",i,0x23d000000001", 17);
	assert_int_equal(tid_decode(r, sizeof(r), &t, NULL), 0);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(tid_format(&t, out, TID_FORMAT_MAX),
			 TID_FORMAT_MAX - 1);
	assert_int_equal(strlen(out), TID_FORMAT_MAX - 1);
	assert_memory_equal(out, "\\x01\\x01", 8);
	assert_string_equal(out + 223 * 4, ",i,0x23d000000001");
	assert_int_equal(out[TID_FORMAT_MAX], 'Z');
}

/* snprintf-style: the whole length returned, what fits stored, NUL-ended. */
static void
test_format_short_buffer(void **state)
{
	char out[10];
	struct tid t;

	(void)state;
	assert_int_equal(tid_decode(sas_tid, sizeof(sas_tid), &t, NULL), 0);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(tid_format(&t, out, sizeof(out)), 22);
	assert_string_equal(out, "sas,0x500");
	assert_int_equal(tid_format(&t, out, 1), 22);
	assert_string_equal(out, "");
	assert_int_equal(tid_format(&t, NULL, 0), 22);
	memset(out, 'Z', sizeof(out));
	assert_int_equal(tid_format(&t, out, 0), 22);
	assert_int_equal(out[0], 'Z');
}

static void
test_format_invalid(void **state)
{
	char out[64];
	struct tid t;

	(void)state;
	assert_int_equal(tid_format(NULL, out, sizeof(out)), -EINVAL);
	assert_int_equal(tid_decode(sas_tid, sizeof(sas_tid), &t, NULL), 0);
	assert_int_equal(tid_format(&t, NULL, 5), -EINVAL);
	t.protocol_identifier = 0x10;
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	t.protocol_identifier = TID_PROTO_SAS;
	t.format_code = 1;		/* not raw: must be 00b */
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	t.format_code = 0;
	t.protocol_identifier = TID_PROTO_ADT;	/* undecoded but not raw */
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	t.protocol_identifier = TID_PROTO_ISCSI;	/* with no name */
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	strcpy(t.iscsi_name, "iqn.2000-01.a");
	t.iscsi_name_len = 13;
	assert_int_equal(tid_format(&t, out, sizeof(out)), 13);
	t.iscsi_name_len = TID_ISCSI_NAME_MAX + 1;
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	t.iscsi_name_len = 13;
	t.format_code = TID_FORMAT_ISCSI_PORT;	/* port form without ISID */
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
	strcpy(t.iscsi_initiator_session_id, "1");
	t.isid_len = 1;
	assert_int_equal(tid_format(&t, out, sizeof(out)), 19);
	assert_string_equal(out, "iqn.2000-01.a,i,0x1");
	t.isid_len = TID_ISID_MAX + 1;
	assert_int_equal(tid_format(&t, out, sizeof(out)), -EINVAL);
}

static void
test_protocol_names(void **state)
{
	static const char *const want[16] = {
		"Fibre Channel", "parallel SCSI", "SSA", "IEEE 1394",
		"SCSI RDMA", "iSCSI", "SAS", "ADT", "ATA", "UAS", "SOP",
		"PCIe", NULL, NULL, NULL, "no specific protocol",
	};
	unsigned p;

	(void)state;
	for (p = 0; p < 16; p++) {
		if (want[p] == NULL)
			assert_null(tid_protocol_name(p));
		else
			assert_string_equal(tid_protocol_name(p), want[p]);
	}
	assert_null(tid_protocol_name(16));
	assert_null(tid_protocol_name(0x45));
	assert_null(tid_protocol_name(~0u));
}

/* ---- parse -------------------------------------------------------------- */

static const struct {
	const char *s;
	const uint8_t *want;
	size_t len;
} good[] = {
	{ "sas,0x5001405e1f7d8a01", sas_tid, 24 },
	{ "sas,0x5001405E1F7D8A01", sas_tid, 24 },	/* binary: any case */
	{ "fc,0x21000024ff3e4a5b", (const uint8_t *)
	  "\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x21\x00\x00\x24\xff\x3e\x4a\x5b"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "sbp,0x0030e00123456789", (const uint8_t *)
	  "\x03\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x30\xe0\x01\x23\x45\x67\x89"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "srp,0xfe800000000000000002c903000a1b2c", (const uint8_t *)
	  "\x04\x00\x00\x00\x00\x00\x00\x00"
	  "\xfe\x80\x00\x00\x00\x00\x00\x00"
	  "\x00\x02\xc9\x03\x00\x0a\x1b\x2c", 24 },
	{ "spi,7,2", (const uint8_t *)
	  "\x01\x00\x00\x07\x00\x00\x00\x02"
	  "\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "spi,0,65535", (const uint8_t *)
	  "\x01\x00\x00\x00\x00\x00\xff\xff"
	  "\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "sop,82:03.1", (const uint8_t *)
	  "\x0a\x00\x82\x19\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "sop,FF:1F.7", (const uint8_t *)
	  "\x0a\x00\xff\xff\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	/* iSCSI device form: null, zero padding to a multiple of 4 */
	{ "iqn.1993-08.org.debian:01:abc", (const uint8_t *)
	  "\x05\x00\x00\x20"
	  "iqn.1993-08.org.debian:01:abc"
	  "\x00\x00\x00", 36 },
	/* a short name is padded to the least, 24 bytes */
	{ "iqn.2000-01.a", (const uint8_t *)
	  "\x05\x00\x00\x14"
	  "iqn.2000-01.a"
	  "\x00\x00\x00\x00\x00\x00\x00", 24 },
	/* 4 + 28 + null = 33: padded to 36 */
	{ "iqn.2003-01.org.linux-iscsi.x", (const uint8_t *)
	  "\x05\x00\x00\x20"
	  "iqn.2003-01.org.linux-iscsi.x"
	  "\x00\x00\x00", 36 },
	/* 4 + 31 + null = 36: no padding beyond the null */
	{ "iqn.2003-01.org.linux-iscsi.xyz", (const uint8_t *)
	  "\x05\x00\x00\x20"
	  "iqn.2003-01.org.linux-iscsi.xyz"
	  "\x00", 36 },
	/* iSCSI port form */
	{ "iqn.1993-08.org.debian:01:abc,i,0x23d000000001", (const uint8_t *)
	  "\x45\x00\x00\x30"
	  "iqn.1993-08.org.debian:01:abc,i,0x23d000000001"
	  "\x00\x00", 52 },
	{ "iqn.1993-08.org.debian:01:abc,i,0x23D000000001", (const uint8_t *)
	  "\x45\x00\x00\x30"
	  "iqn.1993-08.org.debian:01:abc,i,0x23D000000001"
	  "\x00\x00", 52 },
	{ "eui.0123456789abcdef", (const uint8_t *)
	  "\x05\x00\x00\x18"
	  "eui.0123456789abcdef"
	  "\x00\x00\x00\x00", 28 },
	{ "naa.5001405e1f7d8a01,i,0x400001370000", (const uint8_t *)
	  "\x45\x00\x00\x28"
	  "naa.5001405e1f7d8a01,i,0x400001370000"
	  "\x00\x00\x00", 44 },
	{ "naa.6001405e1f7d8a01a1b2c3d4e5f60718", (const uint8_t *)
	  "\x05\x00\x00\x28"	/* 4 + 36 + null = 41: padded to 44 */
	  "naa.6001405e1f7d8a01a1b2c3d4e5f60718"
	  "\x00\x00\x00\x00", 44 },
	/* raw forms */
	{ "hex,065000005001405e1f7d8a01000000000000000000000000",
	  (const uint8_t *)
	  "\x06\x50\x00\x00\x50\x01\x40\x5e\x1f\x7d\x8a\x01"
	  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 24 },
	{ "proto-0x2,hex,02000000DEADBEEF000000000000000000000000000000"
	  "01", (const uint8_t *)
	  "\x02\x00\x00\x00\xde\xad\xbe\xef\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01", 24 },
	{ "hex,05000014" "69716e2e323030302d30312e61" "00000000000000",
	  (const uint8_t *)
	  "\x05\x00\x00\x14"
	  "iqn.2000-01.a"
	  "\x00\x00\x00\x00\x00\x00\x00", 24 },
};

static void
test_parse_good(void **state)
{
	uint8_t buf[TID_ISCSI_MAX_LEN + 8];
	size_t i, n;

	(void)state;
	for (i = 0; i < NELEM(good); i++) {
		memset(buf, 0xaa, sizeof(buf));
		n = 0;
		assert_int_equal(tid_parse(good[i].s, buf, sizeof(buf), &n), 0);
		assert_int_equal(n, good[i].len);
		assert_memory_equal(buf, good[i].want, good[i].len);
		assert_int_equal(buf[n], 0xaa);	/* nothing past it */
		/* and exactly the size it needs is enough */
		assert_int_equal(tid_parse(good[i].s, buf, n, &n), 0);
	}
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "sas", "sas,", "sas,0x", "SAS,0x5001405e1f7d8a01",
		"sas,5001405e1f7d8a01",		/* 0x is required */
		"sas,0X5001405e1f7d8a01",
		"sas,0x5001405e1f7d8a0",	/* 15 digits */
		"sas,0x5001405e1f7d8a011",	/* 17 digits */
		"sas,0x5001405e1f7d8a01 ",	/* trailing blank */
		" sas,0x5001405e1f7d8a01",
		"sas,0x5001405e1f7d8a01\n",
		"sas,0x5001405e1f7g8a01",
		"sas,0x+001405e1f7d8a01",
		"sas,0x5001405e1f7d8a01,i,0x23d000000001",
		"fc,0x21:00:00:24:ff:3e:4a:5b",
		"fc,0x21000024ff3e4a5b00",
		"sbp,0x0030e0012345678",
		"srp,0xfe800000000000000002c903000a1b2",	/* 31 */
		"srp,0x5001405e1f7d8a01",
		"spi,7", "spi,7,", "spi,,2", "spi,7,0", "spi,07,2", "spi,7,02",
		"spi,65536,1", "spi,7,65536", "spi,-1,2", "spi,+7,2",
		"spi,7,2,", "spi,0x7,2", "spi,100000,2",
		"spi,18446744073709551623,2",	/* 2^64 + 7 must not wrap to 7 */
		"sop,82:03.8", "sop,82:20.0", "sop,2:03.1", "sop,82:3.1",
		"sop,82:03.1x", "sop,82-03.1", "sop,82:03", "sop,0x82:03.1",
		"IQN.1993-08.org.debian:01:abc",
		"iqn.1993-08.org.Debian:01:abc",	/* RFC 3722 folds case */
		"iqn.1993-08.org.debian:01:ABC",
		"iqn.1993-13.org.debian", "iqn.1993-00.org.debian",
		"iqn.93-08.org.debian", "iqn.1993-8.org.debian",
		"iqn.19x3-08.org.debian",
		"iqn.1993-08", "iqn.1993-08.", "iqn.1993-08.org..debian",
		"iqn.1993-08.org.debian.", "iqn.1993-08.:x",
		"iqn.1993-08.org.debian:", "iqn.1993-08.org_debian",
		"iqn.1993-08.org.debian:01 abc", "iqn.1993-08.org.debian:01/x",
		"iqn.1993-08.org.debian:01:abc,i,0x23d00000001",	/* 11 */
		"iqn.1993-08.org.debian:01:abc,i,0x23d0000000011",	/* 13 */
		"iqn.1993-08.org.debian:01:abc,i,23d000000001",
		"iqn.1993-08.org.debian:01:abc,I,0x23d000000001",
		"iqn.1993-08.org.debian:01:abc,i,0X23d000000001",
		"iqn.1993-08.org.debian:01:abc,i,0x23d00000000g",
		"iqn.1993-08.org.debian:01:abc,i,0x23d000000001,",
		"iqn.1993-08.org.debian:01:abc,",
		"iqn.1993-08.org.debian:01:abc\x01",
		"eui.0123456789ABCDEF", "eui.0123456789abcde",
		"eui.0123456789abcdef0", "eui.0123456789abcdef:x",
		"EUI.0123456789abcdef", "eui.0123456789abcdeg",
		"naa.5001405e1f7d8a0:", "naa.5001405e1f7d8a-1",
		"naa.5001405e1f7d8a01ab",		/* 18 digits */
		"naa.6001405e1f7d8a01a1b2c3d4e5f607189",	/* 33 */
		"eui.6001405e1f7d8a01a1b2c3d4e5f60718",	/* eui. has 16 only */
		"naa.5001405E1F7D8A01",
		"iscsi.foo", "iqn", "iqn.",
		"hex,", "hex,0", "hex,060000", "hex,0x06",
		"hex,06 000000",
		/* a SAS TransportID and one byte more: not wholly used */
		"hex,065000005001405e1f7d8a0100000000000000000000000000",
		/* an iSCSI TransportID without its null */
		"hex,05000014" "69716e2e323030302d30312e61" "61616161616161",
		"proto-0x3,hex,02000000deadbeef00000000000000000000000000000001",
		"proto-0xA,hex,0a000000deadbeef00000000000000000000000000000001",
		"proto-0x2,hex", "proto-0x2,hex,", "proto-0x,hex,02",
		("proto-0x22,hex,02000000deadbeef000000000000000000000000000000"
		 "01"),
		"hex,02000000deadbeef00000000000000000000000000000001,",
	};
	uint8_t buf[TID_ISCSI_MAX_LEN];
	size_t i, n;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		memset(buf, 0xaa, sizeof(buf));
		n = 777;
		if (tid_parse(bad[i], buf, sizeof(buf), &n) != -EINVAL)
			fail_msg("accepted or wrong error: \"%s\"", bad[i]);
		assert_int_equal(n, 777);
		/* nothing accepted in part: the fixed forms leave buf as it
		 * was, the hex forms zero what they decoded in place */
		assert_true(buf[0] == 0xaa || buf[0] == 0x00);
	}
	assert_int_equal(tid_parse(NULL, buf, sizeof(buf), &n), -EINVAL);
	assert_int_equal(tid_parse("spi,7,2", buf, sizeof(buf), NULL), -EINVAL);
	assert_int_equal(tid_parse("spi,7,2", NULL, 24, &n), -EINVAL);
	assert_true(NELEM(bad) >= 20);
}

/* Names up to 223 bytes, not one more, in either form. */
static void
test_parse_name_limit(void **state)
{
	char s[224 + 17 + 1];
	uint8_t buf[TID_ISCSI_MAX_LEN];
	size_t n;

	(void)state;
	memcpy(s, "iqn.2000-01.a:", 14);
	memset(s + 14, 'x', 223 - 14);
	s[223] = '\0';
	assert_int_equal(tid_parse(s, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 228);		/* 4 + 223 + null */
	assert_int_equal(buf[3], 224);
	assert_int_equal(buf[4 + 223], 0);
	strcpy(s + 223, ",i,0x23d000000001");
	assert_int_equal(tid_parse(s, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, TID_ISCSI_MAX_LEN);	/* 4 + 240 + null, padded */
	assert_int_equal(buf[0], 0x45);
	assert_int_equal(buf[3], 244);
	assert_memory_equal(buf + 4 + 223, ",i,0x23d000000001", 18);
	memset(s + 14, 'x', 224 - 14);
	s[224] = '\0';
	assert_int_equal(tid_parse(s, buf, sizeof(buf), &n), -EINVAL);
	strcpy(s + 224, ",i,0x23d000000001");
	assert_int_equal(tid_parse(s, buf, sizeof(buf), &n), -EINVAL);
}

static void
test_parse_enospc(void **state)
{
	uint8_t buf[64];
	size_t n = 777;

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(tid_parse("sas,0x5001405e1f7d8a01", buf, 23, &n),
			 -ENOSPC);
	assert_int_equal(tid_parse("sas,0x5001405e1f7d8a01", NULL, 0, &n),
			 -ENOSPC);
	assert_int_equal(tid_parse("spi,7,2", buf, 0, &n), -ENOSPC);
	assert_int_equal(tid_parse("sop,82:03.1", buf, 1, &n), -ENOSPC);
	assert_int_equal(tid_parse("iqn.1993-08.org.debian:01:abc", buf, 35,
				   &n), -ENOSPC);
	assert_int_equal(tid_parse("iqn.2000-01.a", buf, 23, &n), -ENOSPC);
	assert_int_equal(tid_parse("hex,065000005001405e1f7d8a01000000000000"
				   "000000000000", buf, 23, &n), -ENOSPC);
	assert_int_equal(n, 777);
	assert_int_equal(buf[0], 0xaa);		/* nothing written */
	/* junk is junk whatever the room */
	assert_int_equal(tid_parse("sas,0xzz", buf, 0, &n), -EINVAL);
	assert_int_equal(tid_parse("iqn.1993-08.org.Debian", buf, 0, &n),
			 -EINVAL);
	assert_int_equal(tid_parse("hex,0g", buf, 0, &n), -EINVAL);
	assert_int_equal(n, 777);
}

/* tid_format(tid_decode(tid_parse(s))) == s for every canonical form. */
static void
test_round_trip(void **state)
{
	static const char *const canon[] = {
		"sas,0x5001405e1f7d8a01", "sas,0x0000000000000000",
		"fc,0x21000024ff3e4a5b", "sbp,0x0030e00123456789",
		"srp,0xfe800000000000000002c903000a1b2c",
		"spi,7,2", "spi,0,1", "spi,65535,65535",
		"sop,82:03.1", "sop,00:00.0", "sop,ff:1f.7",
		"iqn.1993-08.org.debian:01:abc",
		"iqn.1993-08.org.debian:01:abc,i,0x23d000000001",
		"iqn.2000-01.a", "iqn.2003-01.org.linux-iscsi.xyz",
		"iqn.2005-12.com.example-1:tape.drive-3:a.b",
		"eui.0123456789abcdef", "naa.5001405e1f7d8a01",
		"naa.6001405e1f7d8a01a1b2c3d4e5f60718",
		"naa.5001405e1f7d8a01,i,0x400001370000",
		("proto-0x2,hex,02000000deadbeef000000000000000000000000000000"
		 "01"),
		("proto-0x8,hex,480000005001405e1f7d8a01000000000000000000000"
		 "000"),
		("proto-0xf,hex,0f000000000000000000000000000000000000000000"
		 "0000"),
	};
	uint8_t buf[TID_ISCSI_MAX_LEN];
	char out[TID_FORMAT_MAX];
	struct tid t;
	size_t i, n, used;
	uint8_t *b;

	(void)state;
	for (i = 0; i < NELEM(canon); i++) {
		assert_int_equal(tid_parse(canon[i], buf, sizeof(buf), &n), 0);
		b = arrived(buf, n);
		assert_int_equal(tid_decode(b, n, &t, &used), 0);
		assert_int_equal(used, n);
		assert_int_equal(tid_format(&t, out, sizeof(out)),
				 strlen(canon[i]));
		assert_string_equal(out, canon[i]);
		free(b);
	}
}

/* ---- TransportID comparison --------------------------------------------- */

static size_t
tid_of(const char *s, uint8_t *buf)
{
	size_t n = 0;

	assert_int_equal(tid_parse(s, buf, TID_ISCSI_MAX_LEN, &n), 0);
	return n;
}

static void
test_tid_same_port(void **state)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
		{ "sas,0x50014051a2b3c4d2", "sas,0x50014051A2B3C4D2", 1 },
		{ "sas,0x50014051a2b3c4d2", "sas,0x50014051a2b3c4e2", 0 },
		{ "sas,0x21000024ff314c48", "fc,0x21000024ff314c48", 0 },
		{ "fc,0x21000024ff314c48", "fc,0x21000024ff314c48", 1 },
		{ "iqn.1993-08.org.debian:01:ab", "iqn.1993-08.org.debian:01:ab",
		  1 },
		{ "iqn.1993-08.org.debian:01:ab",
		  "iqn.1993-08.org.debian:01:ab,i,0x00023d000001", 1 },
		{ "iqn.1993-08.org.debian:01:ab,i,0x00023d000001",
		  "iqn.1993-08.org.debian:01:ab,i,0x00023D000001", 1 },
		{ "iqn.1993-08.org.debian:01:ab,i,0x00023d000001",
		  "iqn.1993-08.org.debian:01:ab,i,0x00023d000003", 0 },
		{ "iqn.1993-08.org.debian:01:ab", "iqn.1993-08.org.debian:01:ac",
		  0 },
		{ "spi,7,1", "spi,7,1", 1 },
		{ "spi,7,1", "spi,7,2", 0 },
	};
	uint8_t a[TID_ISCSI_MAX_LEN], b[TID_ISCSI_MAX_LEN], *pa, *pb;
	size_t i, na, nb;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		na = tid_of(cases[i].a, a);
		nb = tid_of(cases[i].b, b);
		pa = arrived(a, na);
		pb = arrived(b, nb);
		assert_int_equal(tid_same_port(pa, na, pb, nb),
				 cases[i].same);
		assert_int_equal(tid_same_port(pb, nb, pa, na),
				 cases[i].same);
		free(pa);
		free(pb);
	}
	/* an iSCSI name differing only in case: the same (RFC 3722) */
	na = tid_of("iqn.1993-08.org.debian:01:ab", a);
	memcpy(b, a, na);
	b[4 + 26] = 'A';	/* "...:01:Ab" */
	assert_int_equal(tid_same_port(a, na, b, na), 1);
	/* undecodable */
	assert_int_equal(tid_same_port(a, 23, b, na), -EBADMSG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_sas),
		cmocka_unit_test(test_decode_fc),
		cmocka_unit_test(test_decode_spi),
		cmocka_unit_test(test_decode_sbp),
		cmocka_unit_test(test_decode_srp),
		cmocka_unit_test(test_decode_sop),
		cmocka_unit_test(test_decode_iscsi_device),
		cmocka_unit_test(test_decode_iscsi_port),
		cmocka_unit_test(test_decode_raw),
		cmocka_unit_test(test_decode_faults),
		cmocka_unit_test(test_decode_walk),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_hostile_iscsi),
		cmocka_unit_test(test_decode_name_limit),
		cmocka_unit_test(test_format_escapes),
		cmocka_unit_test(test_format_longest),
		cmocka_unit_test(test_format_short_buffer),
		cmocka_unit_test(test_format_invalid),
		cmocka_unit_test(test_protocol_names),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_name_limit),
		cmocka_unit_test(test_parse_enospc),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tid_same_port),
	};

	return cmocka_run_group_tests_name("tid", tests, NULL, NULL);
}
