/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: INQUIRY and VPD page parsers, the relative target port, lock-name identity. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "sink.h"
#include "vpd.h"

/* ---- INQUIRY ------------------------------------------------------------ */

/* LIO rd_mcp logical unit, as the lab's tcm_loop initiators see it. */
static const uint8_t inq_lio[36] = {
	0x00,			/* PERIPHERAL QUALIFIER 000b, DEVICE TYPE 00h disk */
	0x00,			/* RMB 0 */
	0x06,			/* VERSION: SPC-4 */
	0x12,			/* HISUP, RESPONSE DATA FORMAT 2 */
	0x1f,			/* ADDITIONAL LENGTH 31: 36 bytes */
	0x08, 0x00, 0x02,	/* 3PC, CMDQUE */
	'L', 'I', 'O', '-', 'O', 'R', 'G', ' ',			/* bytes 8-15 */
	'R', 'A', 'M', 'D', 'I', 'S', 'K', '-',			/* bytes 16-31 */
	'M', 'C', 'P', ' ', ' ', ' ', ' ', ' ',
	'4', '.', '0', ' ',					/* bytes 32-35 */
};

static void
test_inquiry_lio(void **state)
{
	uint8_t *b = arrived(inq_lio, sizeof(inq_lio));
	struct vpd_inquiry q;

	(void)state;
	assert_int_equal(vpd_parse_inquiry(b, sizeof(inq_lio), &q, NULL), 0);
	assert_false(q.truncated);
	assert_int_equal(q.received, 36);
	assert_int_equal(q.peripheral_qualifier, 0);
	assert_int_equal(q.peripheral_device_type, VPD_PDT_DISK);
	assert_int_equal(q.version, 6);
	assert_int_equal(q.additional_length, 31);
	assert_int_equal(q.t10_vendor_identification_len, 7);
	assert_memory_equal(q.t10_vendor_identification, "LIO-ORG", 7);
	assert_int_equal(q.product_identification_len, 11);
	assert_memory_equal(q.product_identification, "RAMDISK-MCP", 11);
	assert_int_equal(q.product_revision_level_len, 3);
	assert_memory_equal(q.product_revision_level, "4.0", 3);
	free(b);
}

static void
test_inquiry_scsi_debug_tape(void **state)
{
	/* scsi_debug ptype=1 answers 96 bytes: version descriptors after 36 */
	uint8_t r[96];
	struct vpd_inquiry q;
	uint8_t *b;

	(void)state;
	memset(r, 0, sizeof(r));
	r[0] = 0x01;		/* DEVICE TYPE 01h sequential access */
	r[1] = 0x80;		/* RMB */
	r[2] = 0x07;		/* VERSION: SPC-5 */
	r[3] = 0x02;
	r[4] = 0x5b;		/* ADDITIONAL LENGTH 91: 96 bytes */
	memcpy(r + 8, "Linux   ", 8);
	memcpy(r + 16, "scsi_debug      ", 16);
	memcpy(r + 32, "0191", 4);
	r[58] = 0x00;		/* VERSION DESCRIPTOR 1: SAM-5 */
	r[59] = 0xa0;
	b = arrived(r, sizeof(r));
	assert_int_equal(vpd_parse_inquiry(b, sizeof(r), &q, NULL), 0);
	assert_int_equal(q.peripheral_device_type, VPD_PDT_TAPE);
	assert_string_equal(vpd_pdt_name(q.peripheral_device_type), "tape");
	assert_int_equal(q.version, 7);
	assert_int_equal(q.additional_length, 0x5b);
	assert_int_equal(q.t10_vendor_identification_len, 5);
	assert_memory_equal(q.t10_vendor_identification, "Linux", 5);
	assert_int_equal(q.product_identification_len, 10);
	assert_memory_equal(q.product_identification, "scsi_debug", 10);
	assert_int_equal(q.product_revision_level_len, 4);
	assert_memory_equal(q.product_revision_level, "0191", 4);
	free(b);
}

static void
test_inquiry_short(void **state)
{
	struct vpd_inquiry q;
	uint8_t *b;

	(void)state;
	/* 20 bytes: vendor whole, product cut after "RAMD", no revision:
	 * cut short (ADDITIONAL LENGTH announces 36) */
	b = arrived(inq_lio, 20);
	assert_int_equal(vpd_parse_inquiry(b, 20, &q, NULL), -EMSGSIZE);
	assert_true(q.truncated);
	assert_int_equal(q.received, 20);
	assert_int_equal(q.peripheral_device_type, 0);
	assert_int_equal(q.version, 6);
	assert_int_equal(q.t10_vendor_identification_len, 7);
	assert_int_equal(q.product_identification_len, 4);
	assert_memory_equal(q.product_identification, "RAMD", 4);
	assert_int_equal(q.product_revision_level_len, 0);
	free(b);

	/* 35 bytes: one revision byte short */
	b = arrived(inq_lio, 35);
	assert_int_equal(vpd_parse_inquiry(b, 35, &q, NULL), -EMSGSIZE);
	assert_true(q.truncated);
	assert_int_equal(q.product_revision_level_len, 3);
	free(b);

	/* 2 bytes: the type and nothing else */
	b = arrived("\x08\x00", 2);
	assert_int_equal(vpd_parse_inquiry(b, 2, &q, NULL), -EMSGSIZE);
	assert_int_equal(q.peripheral_device_type, VPD_PDT_CHANGER);
	assert_int_equal(q.version, 0);
	assert_int_equal(q.t10_vendor_identification_len, 0);
	free(b);

	/* nothing */
	b = arrived("", 0);
	assert_int_equal(vpd_parse_inquiry(b, 0, &q, NULL), -EMSGSIZE);
	assert_int_equal(q.received, 0);
	assert_true(q.truncated);
	free(b);
	assert_int_equal(vpd_parse_inquiry(NULL, 36, &q, NULL), -EMSGSIZE);
}

/* All that ADDITIONAL LENGTH announces arrived, and it is less than the
 * 36 bytes SPC requires: the data contradicts itself, said where. */
static void
test_inquiry_malformed(void **state)
{
	uint8_t r[20];
	struct vpd_inquiry q;
	struct fault why;
	char text[160];
	uint8_t *b;

	(void)state;
	memcpy(r, inq_lio, sizeof(r));
	r[4] = 15;			/* 5 + 15 = 20 bytes, all sent */
	b = arrived(r, sizeof(r));
	assert_int_equal(vpd_parse_inquiry(b, sizeof(r), &q, &why), -EBADMSG);
	assert_false(q.truncated);
	assert_string_equal(fault_str(&why, text, sizeof(text)),
			    "ADDITIONAL LENGTH (byte 4) says 15 bytes, less than the 31 "
			    "bytes of standard INQUIRY data");
	assert_int_equal(vpd_page_fault(b, sizeof(r), -1, &why), -EBADMSG);
	assert_int_equal(why.offset, 4);
	assert_memory_equal(q.t10_vendor_identification, "LIO-ORG", 7);
	free(b);
}

static void
test_inquiry_hostile(void **state)
{
	/* PQ 011b / type 1Fh (no LU), ADDITIONAL LENGTH 0 but 36 bytes sent
	 * (used anyway, as Linux does), vendor with an ANSI clear-screen, a
	 * backslash and DEL, product without padding, revision NUL-padded
	 * with a leading space that stays. */
	static const uint8_t r[36] = {
		0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		'A', 0x1b, '[', '2', 'J', '\\', 0x7f, ' ',
		'U', 'L', 'T', '3', '5', '8', '0', '-',
		'H', 'H', '9', ' ', ' ', 'E', 'N', 'D',
		' ', 'v', '1', 0x00,
	};
	uint8_t *b = arrived(r, sizeof(r));
	struct vpd_inquiry q;
	char out[64];

	(void)state;
	assert_int_equal(vpd_parse_inquiry(b, sizeof(r), &q, NULL), 0);
	assert_int_equal(q.peripheral_qualifier, 3);
	assert_int_equal(q.peripheral_device_type, VPD_PDT_NONE);
	assert_string_equal(vpd_pdt_name(q.peripheral_device_type),
			    "no device");
	assert_int_equal(q.additional_length, 0);
	assert_int_equal(q.t10_vendor_identification_len, 7);
	assert_int_equal(sink_escape(q.t10_vendor_identification,
				     q.t10_vendor_identification_len, out,
				     sizeof(out)),
			 LIT_LEN("A\\x1b[2J\\\\\\x7f"));
	assert_string_equal(out, "A\\x1b[2J\\\\\\x7f");
	assert_int_equal(q.product_identification_len, 16);
	assert_memory_equal(q.product_identification, "ULT3580-HH9  END", 16);
	assert_int_equal(q.product_revision_level_len, 3);
	assert_memory_equal(q.product_revision_level, " v1", 3);
	free(b);
}

static void
test_pdt_names(void **state)
{
	static const struct {
		unsigned pdt;
		const char *name;
	} names[] = {
		{ 0x00, "disk" }, { 0x01, "tape" }, { 0x02, "printer" },
		{ 0x03, "processor" }, { 0x04, "write-once" },
		{ 0x05, "cd/dvd" }, { 0x06, "scanner" }, { 0x07, "optical" },
		{ 0x08, "changer" }, { 0x09, "comms" }, { 0x0a, "graphics" },
		{ 0x0b, "graphics" }, { 0x0c, "storage array" },
		{ 0x0d, "enclosure" }, { 0x0e, "rbc" }, { 0x0f, "ocrw" },
		{ 0x10, "bridge" }, { 0x11, "osd" }, { 0x12, "adc" },
		{ 0x13, "security manager" }, { 0x14, "zbc" },
		{ 0x1e, "well known lu" }, { 0x1f, "no device" },
	};
	unsigned pdt;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(names); i++)
		assert_string_equal(vpd_pdt_name(names[i].pdt),
				    names[i].name);
	for (pdt = 0x15; pdt <= 0x1d; pdt++)
		assert_null(vpd_pdt_name(pdt));
	assert_null(vpd_pdt_name(0x20));
	assert_null(vpd_pdt_name(0xff));
	assert_null(vpd_pdt_name(UINT_MAX));
}

/* ---- VPD 80h ------------------------------------------------------------ */

static void
test_unit_serial(void **state)
{
	/* LIO: the vpd_unit_serial written through configfs */
	static const char lio[] =
		"\x00\x80\x00\x24" "a1b2c3d4-e5f6-4a1b-9c2d-3e4f5a6b7c8d";
	/* right-aligned with blanks, a control byte inside */
	static const char padded[] = "\x01\x80\x00\x0c" "   XY\x07Z12   ";
	char out[64], small[4];
	struct fault why;
	uint8_t *b;

	(void)state;
	b = arrived(lio, LIT_LEN(lio));
	assert_int_equal(vpd_len(b, LIT_LEN(lio)), 40);
	assert_int_equal(vpd_parse_unit_serial(b, LIT_LEN(lio), out,
					       sizeof(out)), 36);
	assert_string_equal(out, "a1b2c3d4-e5f6-4a1b-9c2d-3e4f5a6b7c8d");
	assert_int_equal(vpd_parse_unit_serial(b, LIT_LEN(lio), small,
					       sizeof(small)), 36);
	assert_string_equal(small, "a1b");
	/* allocation cut the page: no partial serial */
	free(b);
	b = arrived(lio, 20);
	assert_int_equal(vpd_parse_unit_serial(b, 20, out, sizeof(out)),
			 -EMSGSIZE);
	assert_int_equal(vpd_len(b, 20), 40);
	free(b);

	b = arrived(padded, LIT_LEN(padded));
	assert_int_equal(vpd_parse_unit_serial(b, LIT_LEN(padded), out,
					       sizeof(out)),
			 LIT_LEN("XY\\x07Z12"));
	assert_string_equal(out, "XY\\x07Z12");
	free(b);

	/* all blank: empty, not an error */
	b = arrived("\x00\x80\x00\x03   ", 7);
	assert_int_equal(vpd_parse_unit_serial(b, 7, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	free(b);

	/* wrong page, too short for the header */
	b = arrived("\x00\x83\x00\x02" "AB", 6);
	assert_int_equal(vpd_parse_unit_serial(b, 6, out, sizeof(out)),
			 -EBADMSG);
	assert_int_equal(vpd_page_fault(b, 6, VPD_UNIT_SERIAL, &why), -EBADMSG);
	assert_string_equal(fault_str(&why, out, sizeof(out)),
			    "PAGE CODE (byte 1) is 83h, not the 80h asked for");
	free(b);
	b = arrived("\x00\x80\x00", 3);
	assert_int_equal(vpd_parse_unit_serial(b, 3, out, sizeof(out)),
			 -EBADMSG);
	assert_int_equal(vpd_len(b, 3), 0);
	free(b);
}

/* ---- VPD 83h ------------------------------------------------------------ */

/* LIO (target_core_spc) through a SAS tcm_loop port: NAA 6, T10 vendor
 * ID, then descriptors of other associations and types to skip. */
static const uint8_t vpd83_lio[] = {
	0x00, 0x83, 0x00, 0x90,		/* PAGE LENGTH 144 */
	/* NAA IEEE Registered Extended, logical unit */
	0x01, 0x03, 0x00, 0x10,		/* binary; assoc 00b, type 3h; 16 bytes */
	0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x6a, 0x7b, 0x8c, 0x9d, 0x0e, 0x1f, 0x2a,
	/* T10 vendor ID, logical unit */
	0x02, 0x01, 0x00, 0x20,		/* ASCII; assoc 00b, type 1h; 32 bytes */
	'L', 'I', 'O', '-', 'O', 'R', 'G', ' ',
	'a', '1', 'b', '2', 'c', '3', 'd', '4', '-', 'e', '5', 'f', '6',
	'-', '4', 'a', '1', 'b', '-', '9', 'c', '2', 'd', ' ',
	/* relative target port 1: PIV, assoc 01b, type 4h */
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	/* target port group 0: PIV, assoc 01b, type 5h */
	0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* logical unit group 0: assoc 00b, type 6h (not a name) */
	0x01, 0x06, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* SCSI name string of the target port: PIV, assoc 01b, type 8h */
	0x63, 0x98, 0x00, 0x20,
	'n', 'a', 'a', '.', '5', '0', '0', '1', '4', '0', '5', '1',
	'a', '2', 'b', '3', 'c', '4', 'd', '1', ',', 't', ',', '0',
	'x', '0', '0', '0', '1', 0x00, 0x00, 0x00,
	/* SCSI name string of the target device: PIV, assoc 10b, type 8h */
	0x63, 0xa8, 0x00, 0x18,
	'n', 'a', 'a', '.', '5', '0', '0', '1', '4', '0', '5', '1',
	'a', '2', 'b', '3', 'c', '4', 'd', '1', 0x00, 0x00, 0x00, 0x00,
};

/* scsi_debug tape: T10 vendor ID first, then its NAA 3 (LAB.md), then
 * target port and target device descriptors. */
static const uint8_t vpd83_scsi_debug[] = {
	0x01, 0x83, 0x00, 0x60,		/* PAGE LENGTH 96 */
	0x02, 0x01, 0x00, 0x1c,		/* T10 vendor ID, 28 bytes */
	'L', 'i', 'n', 'u', 'x', ' ', ' ', ' ',
	's', 'c', 's', 'i', '_', 'd', 'e', 'b', 'u', 'g', ' ', ' ',
	' ', ' ', ' ', ' ', '6', '0', '0', '0',
	0x01, 0x03, 0x00, 0x08,		/* NAA 3, logical unit */
	0x33, 0x33, 0x33, 0x30, 0x00, 0x00, 0x17, 0x70,
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,	/* rel tgt port */
	0x61, 0x93, 0x00, 0x08,		/* NAA 5 of the target port */
	0x52, 0x22, 0x22, 0x20, 0x00, 0x00, 0x00, 0x01,
	0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00,	/* port group */
	0x61, 0xa3, 0x00, 0x08,		/* NAA 3 of the target device */
	0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x17, 0x6f,
	0x63, 0xa8, 0x00, 0x08, 'n', 'a', 'a', '.', '3', '2', 0x00, 0x00,
};

/* Parse page bytes p (n of them, in an exact-size buffer) into out. */
static int
lu_name(const void *p, size_t n, char *out, size_t outlen)
{
	uint8_t *b = arrived(p, n);
	int rc = vpd_parse_lu_name(b, n, out, outlen);

	free(b);
	return rc;
}

static void
test_lu_name_lio(void **state)
{
	const char *want = "naa.6001405a1b2c3d4e5f6a7b8c9d0e1f2a";
	char out[VPD_NAME_MAX];

	(void)state;
	assert_int_equal(sizeof(vpd83_lio), 4 + 0x90);
	assert_int_equal(lu_name(vpd83_lio, sizeof(vpd83_lio), out,
				 sizeof(out)), strlen(want));
	assert_string_equal(out, want);
	assert_int_equal(lu_name(vpd83_lio, sizeof(vpd83_lio), NULL, 0),
			 strlen(want));
}

static void
test_lu_name_scsi_debug(void **state)
{
	char out[VPD_NAME_MAX];

	(void)state;
	assert_int_equal(sizeof(vpd83_scsi_debug), 4 + 0x60);
	/* the NAA wins over the T10 vendor ID that came first */
	assert_int_equal(lu_name(vpd83_scsi_debug, sizeof(vpd83_scsi_debug),
				 out, sizeof(out)),
			 LIT_LEN("naa.3333333000001770"));
	assert_string_equal(out, "naa.3333333000001770");
}

static void
test_lu_name_association(void **state)
{
	/* names of the target port and device, but the only logical unit
	 * designator is the T10 vendor ID */
	static const uint8_t r[] = {
		0x00, 0x83, 0x00, 0x34,
		0x61, 0x93, 0x00, 0x08,	/* NAA, target port */
		0x52, 0x22, 0x22, 0x20, 0x00, 0x00, 0x00, 0x01,
		0x61, 0xa3, 0x00, 0x08,	/* NAA, target device */
		0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x17, 0x6f,
		0x63, 0x98, 0x00, 0x08,	/* SCSI name, target port */
		'i', 'q', 'n', '.', 'x', 0x00, 0x00, 0x00,
		0x02, 0x01, 0x00, 0x0c,	/* T10 vendor ID, logical unit */
		'L', 'I', 'O', '-', 'O', 'R', 'G', ' ', 'a', '1', ' ', ' ',
	};
	char out[VPD_NAME_MAX];

	(void)state;
	assert_int_equal(lu_name(r, sizeof(r), out, sizeof(out)),
			 LIT_LEN("t10.LIO-ORG a1"));
	assert_string_equal(out, "t10.LIO-ORG a1");
}

static void
test_lu_name_preference(void **state)
{
	/* T10, SCSI name string, EUI-64 (8), EUI-64 (16), NAA 5, NAA 6:
	 * each page drops the winner of the one before */
	static const uint8_t t10[] = {
		0x02, 0x01, 0x00, 0x08, 'V', 'E', 'N', 'D', 'O', 'R', ' ', 'X' };
	static const uint8_t name[] = {
		0x03, 0x08, 0x00, 0x08, 'e', 'u', 'i', '.', '1', 0x00, 0x00, 0x00 };
	static const uint8_t eui8[] = {
		0x01, 0x02, 0x00, 0x08,
		0x00, 0x14, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05 };
	static const uint8_t eui16[] = {
		0x01, 0x02, 0x00, 0x10,
		0x00, 0x14, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05,
		0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d };
	static const uint8_t naa5[] = {
		0x01, 0x03, 0x00, 0x08,
		0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t naa6[] = {
		0x01, 0x03, 0x00, 0x10,
		0x60, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 };
	static const struct {
		const uint8_t *d;
		size_t n;
	} parts[] = {
		{ t10, sizeof(t10) }, { name, sizeof(name) },
		{ eui8, sizeof(eui8) }, { eui16, sizeof(eui16) },
		{ naa5, sizeof(naa5) }, { naa6, sizeof(naa6) },
	};
	static const char *const want[] = {
		"naa.60014050000000020000000000000003",	/* all six */
		"naa.5001405000000001",		/* without NAA 6 */
		"eui.0014050102030405060708090a0b0c0d",
		"eui.0014050102030405",
		"eui.1",			/* the SCSI name string */
		"t10.VENDOR X",
	};
	uint8_t page[256];
	char out[VPD_NAME_MAX];
	size_t i, j, k, n;
	int up;

	(void)state;
	for (up = 0; up < 2; up++) {
		for (i = 0; i < NELEM(want); i++) {
			/* parts 0 .. 5-i: the winner last (up), else first */
			n = 4;
			for (j = 0; j < NELEM(parts) - i; j++) {
				k = up ? j : NELEM(parts) - i - 1 - j;
				memcpy(page + n, parts[k].d, parts[k].n);
				n += parts[k].n;
			}
			page[0] = 0x00;
			page[1] = 0x83;
			page[2] = 0x00;
			page[3] = (uint8_t)(n - 4);
			assert_int_equal(lu_name(page, n, out, sizeof(out)),
					 strlen(want[i]));
			assert_string_equal(out, want[i]);
		}
	}
	/* of two of the same kind, the first */
	n = 4;
	memcpy(page + n, naa5, sizeof(naa5));
	n += sizeof(naa5);
	memcpy(page + n, naa5, sizeof(naa5));
	page[n + 11] = 0x09;
	n += sizeof(naa5);
	page[3] = (uint8_t)(n - 4);
	assert_int_equal(lu_name(page, n, out, sizeof(out)),
			 LIT_LEN("naa.5001405000000001"));
	assert_string_equal(out, "naa.5001405000000001");
}

static void
test_lu_name_scsi_name(void **state)
{
	/* a SCSI name string with a control byte; null-padded */
	static const uint8_t r[] = {
		0x00, 0x83, 0x00, 0x10,
		0x03, 0x08, 0x00, 0x0c,
		'i', 'q', 'n', '.', 'a', 0x1b, '\\', 'b', 0x00, 0x00, 0x00, 0x00,
	};
	char out[VPD_NAME_MAX];

	(void)state;
	assert_int_equal(lu_name(r, sizeof(r), out, sizeof(out)),
			 LIT_LEN("iqn.a\\x1b\\\\b"));
	assert_string_equal(out, "iqn.a\\x1b\\\\b");
}

/* vpd_page_fault() of VPD 83h bytes p (n, exact-size buffer): -EBADMSG
 * and the line fault_str() makes of it. */
static void
page_fault(const void *p, size_t n, const char *line)
{
	uint8_t *b = arrived(p, n);
	struct fault why;
	char text[200];

	assert_int_equal(vpd_page_fault(b, n, VPD_DEVICE_ID, &why), -EBADMSG);
	assert_string_equal(fault_str(&why, text, sizeof(text)), line);
	free(b);
}

static void
test_lu_name_hostile(void **state)
{
	/* DESIGNATOR LENGTH 16 runs past PAGE LENGTH 12 (all bytes sent) */
	static const uint8_t past_page[] = {
		0x00, 0x83, 0x00, 0x0c,
		0x01, 0x03, 0x00, 0x10,
		0x60, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	};
	/* a whole NAA, then 3 bytes: half a descriptor header */
	static const uint8_t half_header[] = {
		0x00, 0x83, 0x00, 0x0f,
		0x01, 0x03, 0x00, 0x08,
		0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
		0x02, 0x01, 0x00,
	};
	/* NAA 6 claimed in 8 bytes; NAA 5 in 4; NAA 1 (reserved) */
	static const uint8_t naa_short[] = {
		0x00, 0x83, 0x00, 0x0c, 0x01, 0x03, 0x00, 0x08,
		0x60, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	static const uint8_t naa5_4[] = {
		0x00, 0x83, 0x00, 0x08, 0x01, 0x03, 0x00, 0x04,
		0x50, 0x01, 0x40, 0x50,
	};
	static const uint8_t naa_zero[] = {
		0x00, 0x83, 0x00, 0x04, 0x01, 0x03, 0x00, 0x00,
	};
	static const uint8_t eui_10[] = {
		0x00, 0x83, 0x00, 0x0e, 0x01, 0x02, 0x00, 0x0a,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	};
	/* blank T10 vendor ID; SCSI name string of NULs */
	static const uint8_t t10_blank[] = {
		0x00, 0x83, 0x00, 0x08, 0x02, 0x01, 0x00, 0x04, ' ', ' ', 0, 0,
	};
	static const uint8_t name_empty[] = {
		0x00, 0x83, 0x00, 0x08, 0x03, 0x08, 0x00, 0x04, 0, 0, 0, 0,
	};
	/* no designator of the logical unit; no descriptor at all */
	static const uint8_t ports_only[] = {
		0x00, 0x83, 0x00, 0x08, 0x61, 0x94, 0x00, 0x04, 0, 0, 0, 1,
	};
	static const uint8_t empty[] = { 0x00, 0x83, 0x00, 0x00 };
	static const uint8_t wrong_page[] = { 0x00, 0x80, 0x00, 0x00 };
	char out[VPD_NAME_MAX];

	(void)state;
	assert_int_equal(lu_name(past_page, sizeof(past_page), out,
				 sizeof(out)), -EBADMSG);
	page_fault(past_page, sizeof(past_page), "DESIGNATOR LENGTH (byte 7) says 16 "
		   "bytes, past the 8 bytes PAGE LENGTH leaves");
	page_fault(half_header, sizeof(half_header), "designation descriptor (byte 16) "
		   "says 4 bytes, past the 3 bytes PAGE LENGTH leaves");
	page_fault(naa_short, sizeof(naa_short), "DESIGNATOR LENGTH (byte 7) does not "
		   "fit its NAA (16 bytes for 6h, 8 for 2h, 3h, 5h)");
	page_fault(naa_zero, sizeof(naa_zero), "DESIGNATOR LENGTH (byte 7) is 0 for an "
		   "NAA designator");
	page_fault(eui_10, sizeof(eui_10), "DESIGNATOR LENGTH (byte 7) is not 8, 12 or "
		   "16 for an EUI-64 designator");
	page_fault(t10_blank, sizeof(t10_blank), "DESIGNATOR (byte 8) is a blank T10 "
		   "vendor ID based name");
	page_fault(name_empty, sizeof(name_empty), "DESIGNATOR (byte 8) is an empty "
		   "SCSI name string");
	page_fault(wrong_page, sizeof(wrong_page), "PAGE CODE (byte 1) is 80h, not the "
		   "83h asked for");
	page_fault(vpd83_lio, 3, "3 bytes arrived, fewer than the 4-byte VPD page header");
	page_fault("\x00\x83\x00\x0c\x01\x03\x00\x08\x10\x01\x40\x50\0\0\0\1",
		   16, "NAA (byte 8) is 1h, a code an NAA designator does not have");
	/* a cut page contradicts nothing; a page with no LU designator is fine */
	assert_int_equal(vpd_page_fault(vpd83_lio, 40, VPD_DEVICE_ID, NULL), -EMSGSIZE);
	assert_int_equal(vpd_page_fault(ports_only, sizeof(ports_only), VPD_DEVICE_ID,
					NULL), 0);
	assert_int_equal(vpd_page_fault(vpd83_lio, sizeof(vpd83_lio), 0x00, NULL),
			 -EINVAL);
	assert_int_equal(lu_name(half_header, sizeof(half_header), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(naa_short, sizeof(naa_short), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(naa5_4, sizeof(naa5_4), out, sizeof(out)),
			 -EBADMSG);
	assert_int_equal(lu_name(naa_zero, sizeof(naa_zero), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(eui_10, sizeof(eui_10), out, sizeof(out)),
			 -EBADMSG);
	assert_int_equal(lu_name(t10_blank, sizeof(t10_blank), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(name_empty, sizeof(name_empty), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(ports_only, sizeof(ports_only), out,
				 sizeof(out)), -ENOENT);
	assert_int_equal(lu_name(empty, sizeof(empty), out, sizeof(out)),
			 -ENOENT);
	assert_int_equal(lu_name(wrong_page, sizeof(wrong_page), out,
				 sizeof(out)), -EBADMSG);
	assert_int_equal(lu_name(vpd83_lio, 3, out, sizeof(out)), -EBADMSG);
	/* the allocation cut LIO's page inside the T10 descriptor */
	assert_int_equal(lu_name(vpd83_lio, 40, out, sizeof(out)), -EMSGSIZE);
	{
		uint8_t *b = arrived(vpd83_lio, 40);

		assert_int_equal(vpd_len(b, 40), sizeof(vpd83_lio));
		free(b);
	}
	/* PAGE LENGTH 65535 with 8 bytes sent */
	assert_int_equal(lu_name("\x00\x83\xff\xff\x01\x03\x00\x08", 8, out,
				 sizeof(out)), -EMSGSIZE);
	assert_int_equal(vpd_parse_lu_name(NULL, 0, out, sizeof(out)),
			 -EBADMSG);
}

/* ---- VPD 83h: the relative target port --------------------------------- */

/* vpd_rel_tgt_port() of page bytes p (n of them, exact-size buffer). */
static int
rel_port(const void *p, size_t n)
{
	uint8_t *b = arrived(p, n);
	int rc = vpd_rel_tgt_port(b, n);

	free(b);
	return rc;
}

static void
test_rel_tgt_port_lab(void **state)
{
	(void)state;
	/* LIO and scsi_debug both answer through relative port 1 */
	assert_int_equal(rel_port(vpd83_lio, sizeof(vpd83_lio)), 1);
	assert_int_equal(rel_port(vpd83_scsi_debug, sizeof(vpd83_scsi_debug)),
			 1);
}

static void
test_rel_tgt_port_pick(void **state)
{
	/* a LU NAA, then a type 4h of the logical unit (not a port: not
	 * taken), then port 0102h, then another port descriptor */
	static const uint8_t two[] = {
		0x00, 0x83, 0x00, 0x24,
		0x01, 0x03, 0x00, 0x08,
		0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
		0x01, 0x04, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07,	/* assoc 00b */
		0x61, 0x94, 0x00, 0x04, 0xff, 0xff, 0x01, 0x02,	/* assoc 01b */
		0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09,
	};
	/* the largest port number */
	static const uint8_t top[] = {
		0x00, 0x83, 0x00, 0x08, 0x61, 0x94, 0x00, 0x04,
		0x00, 0x00, 0xff, 0xff,
	};
	/* a target device's type 4h (assoc 10b) is not the port either */
	static const uint8_t device[] = {
		0x00, 0x83, 0x00, 0x08, 0x61, 0xa4, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x02,
	};

	(void)state;
	/* bytes 0-1 are reserved: not part of the number */
	assert_int_equal(rel_port(two, sizeof(two)), 0x0102);
	assert_int_equal(rel_port(top, sizeof(top)), 65535);
	assert_int_equal(rel_port(device, sizeof(device)), -ENOENT);
}

static void
test_rel_tgt_port_errors(void **state)
{
	/* no port designator; an empty page */
	static const uint8_t lu_only[] = {
		0x00, 0x83, 0x00, 0x0c, 0x01, 0x03, 0x00, 0x08,
		0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	static const uint8_t empty[] = { 0x00, 0x83, 0x00, 0x00 };
	/* 2-byte designator; port 0 (reserved) */
	static const uint8_t short2[] = {
		0x00, 0x83, 0x00, 0x06, 0x61, 0x94, 0x00, 0x02, 0x00, 0x01,
	};
	static const uint8_t zero[] = {
		0x00, 0x83, 0x00, 0x08, 0x61, 0x94, 0x00, 0x04, 0, 0, 0, 0,
	};
	/* a good port, then a descriptor running past PAGE LENGTH */
	static const uint8_t past_page[] = {
		0x00, 0x83, 0x00, 0x0c, 0x61, 0x94, 0x00, 0x04, 0, 0, 0, 1,
		0x01, 0x03, 0x00, 0x08,
	};
	static const uint8_t wrong_page[] = {
		0x00, 0x80, 0x00, 0x08, 0x61, 0x94, 0x00, 0x04, 0, 0, 0, 1,
	};

	(void)state;
	assert_int_equal(rel_port(lu_only, sizeof(lu_only)), -ENOENT);
	assert_int_equal(rel_port(empty, sizeof(empty)), -ENOENT);
	assert_int_equal(rel_port(short2, sizeof(short2)), -EBADMSG);
	assert_int_equal(rel_port(zero, sizeof(zero)), -EBADMSG);
	assert_int_equal(rel_port(past_page, sizeof(past_page)), -EBADMSG);
	assert_int_equal(rel_port(wrong_page, sizeof(wrong_page)), -EBADMSG);
	/* the allocation cut LIO's page: every descriptor must be seen */
	assert_int_equal(rel_port(vpd83_lio, 40), -EMSGSIZE);
	assert_int_equal(rel_port(vpd83_lio, 3), -EBADMSG);
	assert_int_equal(vpd_rel_tgt_port(NULL, 0), -EBADMSG);
}

/* ---- lock-name identity -------------------------------------------------- */

/* Only [A-Za-z0-9._-], not starting with '.' or '-'. */
static void
assert_file_safe(const char *s)
{
	size_t i;

	assert_true(s[0] != '\0' && s[0] != '.' && s[0] != '-');
	for (i = 0; s[i] != '\0'; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz"
				       "0123456789._-", s[i]));
}

/* vpd_lu_id of two pages given as literals or NULL. */
static int
lu_id(const void *p83, size_t n83, const void *p80, size_t n80, char *out,
      size_t outlen)
{
	uint8_t *b83 = p83 != NULL ? arrived(p83, n83) : NULL;
	uint8_t *b80 = p80 != NULL ? arrived(p80, n80) : NULL;
	int rc = vpd_lu_id(b83, n83, b80, n80, out, outlen);

	free(b83);
	free(b80);
	return rc;
}

static void
test_lu_id_names(void **state)
{
	static const char serial[] = "\x00\x80\x00\x08" "AB/_ c.d";
	/* T10 vendor ID with a space, a slash, an underscore */
	static const uint8_t t10[] = {
		0x00, 0x83, 0x00, 0x10, 0x02, 0x01, 0x00, 0x0c,
		'L', 'I', 'O', '-', 'O', 'R', 'G', ' ', 'a', '/', '_', 'z',
	};
	/* a SCSI name string "..": never a path component */
	static const uint8_t dotdot[] = {
		0x00, 0x83, 0x00, 0x08, 0x03, 0x08, 0x00, 0x04, '.', '.', 0, 0,
	};
	static const uint8_t iqn[] = {
		0x00, 0x83, 0x00, 0x14, 0x03, 0x08, 0x00, 0x10,
		'i', 'q', 'n', '.', '2', '0', '0', '3', '-', '0', '1', '.',
		'x', ':', 'y', 0x00,
	};
	char out[VPD_LU_ID_MAX];

	(void)state;
	/* NAA: the same text as the LU name */
	assert_int_equal(lu_id(vpd83_lio, sizeof(vpd83_lio), serial,
			       LIT_LEN(serial), out, sizeof(out)),
			 LIT_LEN("naa.6001405a1b2c3d4e5f6a7b8c9d0e1f2a"));
	assert_string_equal(out, "naa.6001405a1b2c3d4e5f6a7b8c9d0e1f2a");
	assert_int_equal(lu_id(vpd83_scsi_debug, sizeof(vpd83_scsi_debug),
			       NULL, 0, out, sizeof(out)),
			 LIT_LEN("naa.3333333000001770"));
	assert_string_equal(out, "naa.3333333000001770");

	assert_int_equal(lu_id(t10, sizeof(t10), NULL, 0, out, sizeof(out)),
			 LIT_LEN("t10.LIO-ORG_20a_2f_5fz"));
	assert_string_equal(out, "t10.LIO-ORG_20a_2f_5fz");
	assert_file_safe(out);

	assert_int_equal(lu_id(dotdot, sizeof(dotdot), NULL, 0, out,
			       sizeof(out)), LIT_LEN("_2e."));
	assert_string_equal(out, "_2e.");
	assert_int_equal(lu_id(iqn, sizeof(iqn), NULL, 0, out, sizeof(out)),
			 LIT_LEN("iqn.2003-01.x_3ay"));
	assert_string_equal(out, "iqn.2003-01.x_3ay");

	/* no LU designator in 83h, or no 83h: the unit serial */
	assert_int_equal(lu_id("\x00\x83\x00\x00", 4, serial, LIT_LEN(serial),
			       out, sizeof(out)),
			 LIT_LEN("serial.AB_2f_5f_20c.d"));
	assert_string_equal(out, "serial.AB_2f_5f_20c.d");
	assert_file_safe(out);
	assert_int_equal(lu_id(NULL, 0, serial, LIT_LEN(serial), out,
			       sizeof(out)), LIT_LEN("serial.AB_2f_5f_20c.d"));
	assert_string_equal(out, "serial.AB_2f_5f_20c.d");
}

static void
test_lu_id_errors(void **state)
{
	static const char serial[] = "\x00\x80\x00\x04" "S123";
	static const uint8_t bad83[] = {
		0x00, 0x83, 0x00, 0x08, 0x01, 0x03, 0x00, 0x08, 0x60, 0x01,
		0x40, 0x50,
	};
	char out[VPD_LU_ID_MAX];

	(void)state;
	/* nothing names the LU */
	assert_int_equal(lu_id(NULL, 0, NULL, 0, out, sizeof(out)), -ENOENT);
	assert_int_equal(lu_id("\x00\x83\x00\x00", 4, NULL, 0, out,
			       sizeof(out)), -ENOENT);
	assert_int_equal(lu_id(NULL, 0, "\x00\x80\x00\x02  ", 6, out,
			       sizeof(out)), -ENOENT);
	/* a malformed or cut 83h is an error, never the serial instead */
	assert_int_equal(lu_id(bad83, sizeof(bad83), serial, LIT_LEN(serial),
			       out, sizeof(out)), -EBADMSG);
	assert_int_equal(lu_id(vpd83_lio, 40, serial, LIT_LEN(serial), out,
			       sizeof(out)), -EMSGSIZE);
	assert_int_equal(lu_id(NULL, 0, serial, 6, out, sizeof(out)),
			 -EMSGSIZE);
	assert_int_equal(lu_id(NULL, 0, "\x00\x83\x00\x00", 4, out,
			       sizeof(out)), -EBADMSG);
	/* never a partial name */
	memset(out, 'Z', sizeof(out));
	assert_int_equal(lu_id(NULL, 0, serial, LIT_LEN(serial), out, 11),
			 -ENOSPC);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(lu_id(NULL, 0, serial, LIT_LEN(serial), out, 12),
			 LIT_LEN("serial.S123"));
	assert_string_equal(out, "serial.S123");
}

static void
test_lu_id_long(void **state)
{
	/* two T10 vendor IDs of 255 bytes differing only in the last byte:
	 * the names are cut to 200 chars and still differ */
	uint8_t page[4 + 4 + 255];
	char a[VPD_LU_ID_MAX], b[VPD_LU_ID_MAX];
	size_t i;

	(void)state;
	page[0] = 0x00;
	page[1] = 0x83;
	page[2] = 0x01;
	page[3] = 0x03;		/* PAGE LENGTH 259 */
	page[4] = 0x02;
	page[5] = 0x01;
	page[6] = 0x00;
	page[7] = 0xff;
	memcpy(page + 8, "VENDOR  ", 8);
	for (i = 16; i < sizeof(page); i++)
		page[i] = (uint8_t)(i % 2 ? 'x' : '/');
	assert_int_equal(lu_id(page, sizeof(page), NULL, 0, a, sizeof(a)),
			 200);
	page[sizeof(page) - 1] = 'y';
	assert_int_equal(lu_id(page, sizeof(page), NULL, 0, b, sizeof(b)),
			 200);
	assert_file_safe(a);
	assert_file_safe(b);
	assert_memory_equal(a, "t10.VENDOR_20_20", 16);
	assert_memory_equal(a, b, 183);
	assert_int_equal(a[183], '-');
	assert_int_equal(strspn(a + 184, "0123456789abcdef"), 16);
	assert_string_not_equal(a, b);
	/* the same input, the same name */
	assert_int_equal(lu_id(page, sizeof(page), NULL, 0, a, sizeof(a)),
			 200);
	assert_string_equal(a, b);
	/* exactly 200 chars are kept whole: "serial." + 193 */
	{
		uint8_t s80[4 + 193];

		memset(s80, 'k', sizeof(s80));
		s80[0] = 0x00;
		s80[1] = 0x80;
		s80[2] = 0x00;
		s80[3] = 193;
		assert_int_equal(lu_id(NULL, 0, s80, sizeof(s80), a, sizeof(a)),
				 200);
		assert_memory_equal(a, "serial.kkk", 10);
		assert_int_equal(a[199], 'k');
		assert_int_equal(lu_id(NULL, 0, s80, sizeof(s80), a, 200),
				 -ENOSPC);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inquiry_lio),
		cmocka_unit_test(test_inquiry_scsi_debug_tape),
		cmocka_unit_test(test_inquiry_short),
		cmocka_unit_test(test_inquiry_malformed),
		cmocka_unit_test(test_inquiry_hostile),
		cmocka_unit_test(test_pdt_names),
		cmocka_unit_test(test_unit_serial),
		cmocka_unit_test(test_lu_name_lio),
		cmocka_unit_test(test_lu_name_scsi_debug),
		cmocka_unit_test(test_lu_name_association),
		cmocka_unit_test(test_lu_name_preference),
		cmocka_unit_test(test_lu_name_scsi_name),
		cmocka_unit_test(test_lu_name_hostile),
		cmocka_unit_test(test_rel_tgt_port_lab),
		cmocka_unit_test(test_rel_tgt_port_pick),
		cmocka_unit_test(test_rel_tgt_port_errors),
		cmocka_unit_test(test_lu_id_names),
		cmocka_unit_test(test_lu_id_errors),
		cmocka_unit_test(test_lu_id_long),
	};

	return cmocka_run_group_tests_name("vpd", tests, NULL, NULL);
}
