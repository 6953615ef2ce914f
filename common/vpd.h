/* SPDX-License-Identifier: GPL-2.0-or-later */
/* INQUIRY data and VPD pages 80h/83h: who a logical unit is, parsed from the bytes that arrived (pure). */
#ifndef TRESV_VPD_H
#define TRESV_VPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fault.h"

/* Standard INQUIRY data holds at least 36 bytes (SPC-5 6.7.2). */
#define VPD_INQUIRY_MIN_LEN 36
/* VPD pages: byte 1 PAGE CODE, bytes 2-3 PAGE LENGTH, data from byte 4. */
#define VPD_HDR_LEN 4
#define VPD_UNIT_SERIAL 0x80	/* SPC-5 7.7.17 */
#define VPD_DEVICE_ID 0x83	/* SPC-5 7.7.6 */

/* PERIPHERAL DEVICE TYPE codes tresv acts on (SPC-5 6.7.2, table 48). */
#define VPD_PDT_DISK 0x00
#define VPD_PDT_TAPE 0x01
#define VPD_PDT_CHANGER 0x08
#define VPD_PDT_NONE 0x1f	/* unknown or no device type */

/* Standard INQUIRY data (SPC-5 6.7.2), the fields tresv shows. */
struct vpd_inquiry {
	uint8_t peripheral_qualifier;		/* byte 0 bits 7-5 */
	uint8_t peripheral_device_type;		/* byte 0 bits 4-0 */
	uint8_t version;			/* byte 2 */
	uint8_t additional_length;		/* byte 4: 5 + this bytes exist */
	/* Text fields: the raw bytes with trailing spaces and NULs cut off,
	 * not terminated, not escaped (see sink_escape). */
	uint8_t t10_vendor_identification[8];	/* bytes 8-15 */
	size_t t10_vendor_identification_len;
	uint8_t product_identification[16];	/* bytes 16-31 */
	size_t product_identification_len;
	uint8_t product_revision_level[4];	/* bytes 32-35 */
	size_t product_revision_level_len;
	size_t received;	/* bytes the parser was given */
	bool truncated;		/* fewer than 36 bytes arrived, cut short */
};

/*
 * Parse standard INQUIRY data of len received bytes (allocation length
 * minus residual): byte 0 PERIPHERAL QUALIFIER (bits 7-5) and PERIPHERAL
 * DEVICE TYPE (bits 4-0), byte 2 VERSION, byte 4 ADDITIONAL LENGTH,
 * bytes 8-15 T10 VENDOR IDENTIFICATION, 16-31 PRODUCT IDENTIFICATION,
 * 32-35 PRODUCT REVISION LEVEL (SPC-5 6.7.2).  Text fields keep their
 * bytes as sent, trailing spaces (20h) and NULs removed.  The fields are
 * read from what arrived even when ADDITIONAL LENGTH claims fewer than
 * 36 bytes (as the Linux SCSI scan does: those fields are mandatory).
 * Returns 0 when 36 bytes or more arrived; else *out still holds every
 * field, or the part of a text field, that arrived (nothing when len is
 * 0) and: -EMSGSIZE (out->truncated) when the data was cut short, or
 * -EBADMSG with *why (when not NULL) when all that ADDITIONAL LENGTH
 * announces arrived and that is less than the 36 bytes SPC requires.
 * Never reads at or past buf + len.
 */
int vpd_parse_inquiry(const uint8_t *buf, size_t len, struct vpd_inquiry *out,
		      struct fault *why);

/*
 * Short name of a PERIPHERAL DEVICE TYPE (SPC-5 table 48): 00h "disk",
 * 01h "tape", 02h "printer", 03h "processor", 04h "write-once",
 * 05h "cd/dvd", 06h "scanner", 07h "optical", 08h "changer", 09h "comms",
 * 0Ah/0Bh "graphics", 0Ch "storage array", 0Dh "enclosure", 0Eh "rbc",
 * 0Fh "ocrw", 10h "bridge", 11h "osd", 12h "adc", 13h "security manager",
 * 14h "zbc", 1Eh "well known lu", 1Fh "no device".  NULL for the reserved
 * 15h-1Dh and anything above 1Fh.
 */
const char *vpd_pdt_name(unsigned pdt);

/*
 * Bytes a whole VPD page needs: 4 + PAGE LENGTH (bytes 2-3, SPC-5
 * 7.7.1), for re-issuing INQUIRY with a larger allocation length after
 * -EMSGSIZE.  Returns 0 when fewer than 4 bytes arrived.
 */
size_t vpd_len(const uint8_t *buf, size_t len);

/*
 * The PRODUCT SERIAL NUMBER of a Unit Serial Number VPD page (80h,
 * SPC-5 7.7.17) of len received bytes: byte 1 PAGE CODE 80h, bytes 2-3
 * PAGE LENGTH, the serial from byte 4.  The serial is right-aligned
 * ASCII: leading spaces and trailing spaces and NULs are removed.  It is
 * written escaped as sink_escape() does (so control bytes never reach a
 * terminal) into out, outlen bytes, snprintf-style; 4 * 252 + 1 always
 * suffice (PAGE LENGTH is at most 252 when the page came from one
 * INQUIRY of 255 bytes; a longer one needs 4 * PAGE LENGTH + 1).
 * Returns the escaped length (0 for an all-blank serial), -EBADMSG when
 * fewer than 4 bytes arrived or the page code is not 80h, -EMSGSIZE when
 * PAGE LENGTH runs past len (a cut serial is not the serial: re-issue
 * with vpd_len()), -EINVAL as sink_escape().
 */
int vpd_parse_unit_serial(const uint8_t *buf, size_t len, char *out,
			  size_t outlen);

/* DESIGNATOR TYPE of a designation descriptor (SPC-5 7.7.6.1). */
enum vpd_designator_type {
	VPD_DESIG_VENDOR = 0x0,
	VPD_DESIG_T10 = 0x1,		/* T10 vendor ID based */
	VPD_DESIG_EUI64 = 0x2,
	VPD_DESIG_NAA = 0x3,
	VPD_DESIG_REL_TGT_PORT = 0x4,
	VPD_DESIG_TGT_PORT_GROUP = 0x5,
	VPD_DESIG_LU_GROUP = 0x6,
	VPD_DESIG_MD5_LU = 0x7,
	VPD_DESIG_SCSI_NAME = 0x8,
	VPD_DESIG_PROTOCOL_PORT = 0x9,
	VPD_DESIG_UUID = 0xa,
};

/* ASSOCIATION of a designation descriptor (SPC-5 7.7.6.1, byte 1 bits 5-4). */
#define VPD_ASSOC_LU 0x0		/* the addressed logical unit */
#define VPD_ASSOC_TGT_PORT 0x1		/* the target port it came through */
#define VPD_ASSOC_TGT_DEVICE 0x2	/* the SCSI target device */

/* A buffer of this many chars holds any vpd_parse_lu_name() result and
 * its NUL: "t10." and 255 designator bytes each escaped as \xHH. */
#define VPD_NAME_MAX (4 + 255 * 4 + 1)

/*
 * The name of the logical unit in a Device Identification VPD page (83h,
 * SPC-5 7.7.6) of len received bytes: byte 1 PAGE CODE 83h, bytes 2-3
 * PAGE LENGTH, designation descriptors from byte 4, each a 4-byte header
 * (byte 0 PROTOCOL IDENTIFIER bits 7-4, CODE SET bits 3-0; byte 1 PIV
 * bit 7, ASSOCIATION bits 5-4, DESIGNATOR TYPE bits 3-0; byte 3
 * DESIGNATOR LENGTH) and the designator.  Only descriptors with
 * ASSOCIATION 00b (the addressed logical unit) count; among them the
 * first of the most preferred kind is taken:
 *   NAA (3h), 16-byte (NAA 6h) before 8-byte   naa.<lower hex>
 *   EUI-64 (2h), 16 before 12 before 8 bytes   eui.<lower hex>
 *   SCSI name string (8h), up to its first NUL as is, escaped
 *   T10 vendor ID based (1h), trailing spaces and NULs removed,
 *                                              t10.<escaped text>
 * where "escaped" is sink_escape().  Written to out, outlen bytes,
 * snprintf-style; VPD_NAME_MAX always suffices.
 * Returns the name's length, or -ENOENT when no such designator exists,
 * -EMSGSIZE when PAGE LENGTH runs past len (every descriptor must be seen
 * to pick one: re-issue with vpd_len()), -EBADMSG when fewer than
 * 4 bytes arrived, the page code is not 83h, a descriptor header or
 * designator runs past PAGE LENGTH, or a chosen kind has a wrong length
 * (NAA: 16 bytes for NAA 6h, 8 for 2h, 3h, 5h, other NAA values
 * malformed; EUI-64: 8, 12 or 16; SCSI name string: empty), -EINVAL for
 * a NULL out with outlen > 0 or a name longer than INT_MAX.  Never reads
 * at or past buf + len.
 */
int vpd_parse_lu_name(const uint8_t *buf, size_t len, char *out,
		      size_t outlen);

/*
 * The RELATIVE TARGET PORT IDENTIFIER of the target port a Device
 * Identification VPD page (83h, SPC-5 7.7.6) of len received bytes came
 * through: the first designation descriptor with ASSOCIATION 01b (target
 * port) and DESIGNATOR TYPE 4h, whose 4-byte designator holds the number
 * in bytes 2-3, big-endian (bytes 0-1 reserved; SPC-5 7.7.6.5).  Every
 * descriptor's header is checked as vpd_parse_lu_name() does.
 * Returns the port number, 1 to 65535; -ENOENT when the page has no such
 * descriptor; -EMSGSIZE when PAGE LENGTH runs past len; -EBADMSG when
 * fewer than 4 bytes arrived, the page code is not 83h, a descriptor
 * header or designator runs past PAGE LENGTH, or the designator is not
 * 4 bytes or holds the reserved port number 0.  Never reads at or past
 * buf + len.
 */
int vpd_rel_tgt_port(const uint8_t *buf, size_t len);

/* A buffer of this many chars holds any vpd_lu_id() result and its NUL:
 * 200 characters, room for a suffix within NAME_MAX (255). */
#define VPD_LU_ID_MAX 201

/*
 * The identity tlock names a logical unit's lock file by: the LU name of
 * vpd_parse_lu_name() taken from the raw designator, else "serial." and
 * the unit serial of vpd_parse_unit_serial() (raw, trimmed, non-empty).
 * vpd83 (len83 bytes) and vpd80 (len80 bytes) are the pages as received;
 * either may be NULL with length 0 when the device lacks it.
 * The result is safe as one file name component: only [A-Za-z0-9._-];
 * every other byte, '_' itself and a leading '.' or '-' are written
 * _HH (lower-case hex, sink_put_file_escaped()), so distinct designators
 * give distinct names and the name is never ".", ".." or a hidden file.
 * A name longer than 200 characters keeps its first 183 and appends "-"
 * and the 16 lower-case hex digits of the 64-bit FNV-1a hash of the
 * whole name.  Writes out (outlen bytes, NUL-terminated) only on success.
 * Returns the length (1 to 200), or -ENOENT when neither page names the
 * logical unit, -ENOSPC when out is too small (VPD_LU_ID_MAX always
 * suffices), and vpd_parse_lu_name()'s -EBADMSG or -EMSGSIZE for a
 * VPD 83h page that is present but unusable: never a serial instead, so
 * that a device answering differently on two paths gets no second lock.
 * The serial page's -EBADMSG and -EMSGSIZE likewise.
 */
int vpd_lu_id(const uint8_t *vpd83, size_t len83, const uint8_t *vpd80,
	      size_t len80, char *out, size_t outlen);

/*
 * Why a page the parsers above reject contradicts itself: page < 0 is
 * standard INQUIRY data (vpd_parse_inquiry()), 80h and 83h the pages of
 * vpd_parse_unit_serial() and vpd_parse_lu_name() (its logical unit
 * designators; a page without one is fine here).  Returns 0 when nothing
 * is wrong, -EMSGSIZE when PAGE LENGTH runs past len (cut short, nothing
 * contradicts), -EBADMSG with *why naming the field (PAGE CODE, PAGE
 * LENGTH's descriptors, DESIGNATOR LENGTH, NAA ...) and its offset in the
 * page, -EINVAL for another page.
 */
int vpd_page_fault(const uint8_t *buf, size_t len, int page, struct fault *why);

#endif /* TRESV_VPD_H */
