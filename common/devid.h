/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LU identity (INQUIRY, VPD 80h/83h); this host's SCSI devices and initiator ports from sysfs. */
#ifndef TRESV_DEVID_H
#define TRESV_DEVID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tid.h"

/* ---- pure parsers: no I/O, bounded by the bytes that arrived ------------ */

/* Standard INQUIRY data holds at least 36 bytes (SPC-5 6.7.2). */
#define DEVID_INQUIRY_MIN_LEN 36
/* VPD pages: byte 1 PAGE CODE, bytes 2-3 PAGE LENGTH, data from byte 4. */
#define DEVID_VPD_HDR_LEN 4
#define DEVID_VPD_UNIT_SERIAL 0x80	/* SPC-5 7.7.17 */
#define DEVID_VPD_DEVICE_ID 0x83	/* SPC-5 7.7.6 */

/* PERIPHERAL DEVICE TYPE codes tresv acts on (SPC-5 6.7.2, table 48). */
#define DEVID_PDT_DISK 0x00
#define DEVID_PDT_TAPE 0x01
#define DEVID_PDT_CHANGER 0x08
#define DEVID_PDT_NONE 0x1f	/* unknown or no device type */

/* Standard INQUIRY data (SPC-5 6.7.2), the fields tresv shows. */
struct devid_inquiry {
	uint8_t peripheral_qualifier;		/* byte 0 bits 7-5 */
	uint8_t peripheral_device_type;		/* byte 0 bits 4-0 */
	uint8_t version;			/* byte 2 */
	uint8_t additional_length;		/* byte 4: 5 + this bytes exist */
	/* Text fields: the raw bytes with trailing spaces and NULs cut off,
	 * not terminated, not escaped (see devid_escape). */
	uint8_t t10_vendor_identification[8];	/* bytes 8-15 */
	size_t t10_vendor_identification_len;
	uint8_t product_identification[16];	/* bytes 16-31 */
	size_t product_identification_len;
	uint8_t product_revision_level[4];	/* bytes 32-35 */
	size_t product_revision_level_len;
	size_t received;	/* bytes the parser was given */
	bool truncated;		/* fewer than 36 bytes arrived */
};

/*
 * Parse standard INQUIRY data of len received bytes (allocation length
 * minus residual): byte 0 PERIPHERAL QUALIFIER (bits 7-5) and PERIPHERAL
 * DEVICE TYPE (bits 4-0), byte 2 VERSION, byte 4 ADDITIONAL LENGTH,
 * bytes 8-15 T10 VENDOR IDENTIFICATION, 16-31 PRODUCT IDENTIFICATION,
 * 32-35 PRODUCT REVISION LEVEL.  Text fields keep their bytes as sent,
 * trailing spaces (20h) and NULs removed.  The fields are read from what
 * arrived even when ADDITIONAL LENGTH claims fewer than 36 bytes (as the
 * Linux SCSI scan does: those fields are mandatory).
 * Returns 0, or -EBADMSG when fewer than 36 bytes arrived: then
 * out->truncated is set and *out still holds every field, or the part of
 * a text field, that arrived (nothing when len is 0).  Never reads at or
 * past buf + len.
 */
int devid_parse_inquiry(const uint8_t *buf, size_t len,
			struct devid_inquiry *out);

/*
 * Short name of a PERIPHERAL DEVICE TYPE (SPC-5 table 48): 00h "disk",
 * 01h "tape", 02h "printer", 03h "processor", 04h "write-once",
 * 05h "cd/dvd", 06h "scanner", 07h "optical", 08h "changer", 09h "comms",
 * 0Ah/0Bh "graphics", 0Ch "storage array", 0Dh "enclosure", 0Eh "rbc",
 * 0Fh "ocrw", 10h "bridge", 11h "osd", 12h "adc", 13h "security manager",
 * 14h "zbc", 1Eh "well known lu", 1Fh "no device".  NULL for the reserved
 * 15h-1Dh and anything above 1Fh.
 */
const char *devid_pdt_name(unsigned pdt);

/*
 * Escape n bytes of device-supplied text for a terminal, in the style of
 * tid_format(): printable ASCII (20h-7Eh) as is, a backslash as \\, every
 * other byte as \xHH (lower-case hex).  Unlike tid_format() a comma stays
 * a comma: it separates nothing here.  out has outlen bytes, always
 * NUL-terminated when outlen > 0; out may be NULL when outlen is 0; p may
 * be NULL when n is 0.  4 * n + 1 bytes always suffice.
 * Returns the length of the whole escaped text without its NUL, as
 * snprintf does, or -EINVAL (p or out NULL where bytes are needed, or a
 * result longer than INT_MAX).
 */
int devid_escape(const uint8_t *p, size_t n, char *out, size_t outlen);

/*
 * Bytes a whole VPD page needs: 4 + PAGE LENGTH (bytes 2-3), for
 * re-issuing INQUIRY with a larger allocation length after -EMSGSIZE.
 * Returns 0 when fewer than 4 bytes arrived.
 */
size_t devid_vpd_len(const uint8_t *buf, size_t len);

/*
 * The PRODUCT SERIAL NUMBER of a Unit Serial Number VPD page (80h,
 * SPC-5 7.7.17) of len received bytes: byte 1 PAGE CODE 80h, bytes 2-3
 * PAGE LENGTH, the serial from byte 4.  The serial is right-aligned
 * ASCII: leading spaces and trailing spaces and NULs are removed.  It is
 * written escaped as devid_escape() does (so control bytes never reach a
 * terminal) into out, outlen bytes, snprintf-style; 4 * 252 + 1 always
 * suffice (PAGE LENGTH is at most 252 when the page came from one
 * INQUIRY of 255 bytes; a longer one needs 4 * PAGE LENGTH + 1).
 * Returns the escaped length (0 for an all-blank serial), -EBADMSG when
 * fewer than 4 bytes arrived or the page code is not 80h, -EMSGSIZE when
 * PAGE LENGTH runs past len (a cut serial is not the serial: re-issue
 * with devid_vpd_len()), -EINVAL as devid_escape().
 */
int devid_parse_unit_serial(const uint8_t *buf, size_t len, char *out,
			    size_t outlen);

/* DESIGNATOR TYPE of a designation descriptor (SPC-5 7.7.6.1). */
enum devid_designator_type {
	DEVID_DESIG_VENDOR = 0x0,
	DEVID_DESIG_T10 = 0x1,		/* T10 vendor ID based */
	DEVID_DESIG_EUI64 = 0x2,
	DEVID_DESIG_NAA = 0x3,
	DEVID_DESIG_REL_TGT_PORT = 0x4,
	DEVID_DESIG_TGT_PORT_GROUP = 0x5,
	DEVID_DESIG_LU_GROUP = 0x6,
	DEVID_DESIG_MD5_LU = 0x7,
	DEVID_DESIG_SCSI_NAME = 0x8,
	DEVID_DESIG_PROTOCOL_PORT = 0x9,
	DEVID_DESIG_UUID = 0xa,
};

/* A buffer of this many chars holds any devid_parse_lu_name() result and
 * its NUL: "t10." and 255 designator bytes each escaped as \xHH. */
#define DEVID_NAME_MAX (4 + 255 * 4 + 1)

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
 * where "escaped" is devid_escape().  Written to out, outlen bytes,
 * snprintf-style; DEVID_NAME_MAX always suffices.
 * Returns the name's length, or -ENOENT when no such designator exists,
 * -EMSGSIZE when PAGE LENGTH runs past len (every descriptor must be seen
 * to pick one: re-issue with devid_vpd_len()), -EBADMSG when fewer than
 * 4 bytes arrived, the page code is not 83h, a descriptor header or
 * designator runs past PAGE LENGTH, or a chosen kind has a wrong length
 * (NAA: 16 bytes for NAA 6h, 8 for 2h, 3h, 5h, other NAA values
 * malformed; EUI-64: 8, 12 or 16; SCSI name string: empty), -EINVAL as
 * devid_escape().  Never reads at or past buf + len.
 */
int devid_parse_lu_name(const uint8_t *buf, size_t len, char *out,
			size_t outlen);

/* A buffer of this many chars holds any devid_lu_id() result and its NUL:
 * 200 characters, room for a suffix within NAME_MAX (255). */
#define DEVID_LU_ID_MAX 201

/*
 * The identity tlock names a logical unit's lock file by: the LU name of
 * devid_parse_lu_name() taken from the raw designator, else "serial." and
 * the unit serial of devid_parse_unit_serial() (raw, trimmed, non-empty).
 * vpd83 (len83 bytes) and vpd80 (len80 bytes) are the pages as received;
 * either may be NULL with length 0 when the device lacks it.
 * The result is safe as one file name component: only [A-Za-z0-9._-];
 * every other byte, '_' itself and a leading '.' or '-' are written
 * _HH (lower-case hex), so distinct designators give distinct names and
 * the name is never ".", ".." or a hidden file.  A name longer than 200
 * characters keeps its first 183 and appends "-" and the 16 lower-case
 * hex digits of the 64-bit FNV-1a hash of the whole name.
 * Writes out (outlen bytes, NUL-terminated) only on success.
 * Returns the length (1 to 200), or -ENOENT when neither page names the
 * logical unit, -ENOSPC when out is too small (DEVID_LU_ID_MAX always
 * suffices), and devid_parse_lu_name()'s -EBADMSG or -EMSGSIZE for a
 * VPD 83h page that is present but unusable: never a serial instead, so
 * that a device answering differently on two paths gets no second lock.
 * The serial page's -EBADMSG and -EMSGSIZE likewise.
 */
int devid_lu_id(const uint8_t *vpd83, size_t len83, const uint8_t *vpd80,
		size_t len80, char *out, size_t outlen);

/*
 * Whether two TransportIDs (SPC-5 7.6.4, a of alen bytes, b of blen
 * bytes) name the same initiator port, for "is this registrant one of
 * this host's ports": the same protocol, and for SAS the SAS ADDRESS, for
 * Fibre Channel the N_PORT_NAME, for iSCSI the ISCSI NAME (ASCII case
 * ignored, RFC 3722) and, when both carry one (format 01b), the ISID
 * (case ignored); every other protocol its first 24 bytes.
 * Returns 1 or 0, or -EBADMSG when tid_decode() rejects either.
 */
int devid_tid_same_port(const uint8_t *a, size_t alen, const uint8_t *b,
			size_t blen);

/* ---- sysfs and configfs: every path is under a root ("/" on a host) ---- */

/* A SCSI device's address in Linux: host, channel, target id, LUN. */
struct devid_hctl {
	unsigned host;
	unsigned channel;
	unsigned target;
	uint64_t lun;
};

/* "/dev/sg" and a 32-bit number with its NUL. */
#define DEVID_PATH_MAX 24

/* One SCSI generic device found by devid_scan(). */
struct devid_node {
	char path[DEVID_PATH_MAX];	/* "/dev/sgN" */
	unsigned sg;			/* N */
	struct devid_hctl hctl;
	unsigned pdt;			/* PERIPHERAL DEVICE TYPE, 0-1Fh */
};

/* devid_scan() type_mask bits: bit N selects PERIPHERAL DEVICE TYPE N. */
#define DEVID_MASK(pdt) (1u << (pdt))
#define DEVID_MASK_DISK DEVID_MASK(DEVID_PDT_DISK)
#define DEVID_MASK_TAPE DEVID_MASK(DEVID_PDT_TAPE)
#define DEVID_MASK_CHANGER DEVID_MASK(DEVID_PDT_CHANGER)

/*
 * Parse "H:C:T:L" (four decimal numbers, nothing else; H, C, T at most
 * UINT_MAX, L at most UINT64_MAX) into *out.
 * Returns 0 or -EINVAL.
 */
int devid_parse_hctl(const char *s, struct devid_hctl *out);

/*
 * The H:C:T:L of a SCSI device named by path (only its last component
 * counts; pass a by-id link through realpath(3) first): sgN, [n]stN[lma],
 * schN, sdX, or H:C:T:L itself (also as /dev/bsg/H:C:T:L).  The class
 * device's link ROOT/sys/class/{scsi_generic,scsi_tape,scsi_changer,
 * block}/NAME/device points at the SCSI device directory
 * .../hostH/targetH:C:T/H:C:T:L, whose name is read.  An H:C:T:L given
 * directly is returned as parsed, without looking at sysfs.
 * Returns 0, -EINVAL for a name of none of those forms, -ENOENT when
 * sysfs has no such device, -EBADMSG when the link's target is not
 * named H:C:T:L, -ENAMETOOLONG, or another -errno of readlink(2).
 */
int devid_resolve_hctl(const char *root, const char *path,
		       struct devid_hctl *out);

/*
 * Every SCSI generic device ROOT/sys/class/scsi_generic/sgN whose
 * ROOT/sys/class/scsi_generic/sgN/device/type (the PERIPHERAL DEVICE
 * TYPE in decimal text, 0-31) has its bit set in type_mask, with
 * "/dev/sgN", N, its H:C:T:L (the name of the sgN/device link's target)
 * and the type; sorted by N as a number (sg2 before sg10).  Entries
 * that are not sg plus a decimal number, or whose type or device link
 * cannot be read or parsed, are skipped.  Stores at most cap entries in
 * out (out may be NULL when cap is 0) and their count in *n.
 * Returns 0, -E2BIG when more devices matched than cap (out holds the
 * first cap), -ENOMEM, or -errno from opening the class directory
 * (-ENOENT when the kernel has no sg driver loaded).
 */
int devid_scan(const char *root, unsigned type_mask, struct devid_node *out,
	       size_t cap, size_t *n);

/*
 * The TransportID (SPC-5 7.6.4) of the initiator port through which this
 * host reaches the SCSI device named by dev (any form devid_resolve_hctl
 * takes), so READ FULL STATUS output can mark "this host".  The first of
 * these that exists for the device's host H decides:
 *  (a) tcm_loop: ROOT/sys/kernel/config/target/loopback/WWN/tpgt_N/address
 *      reads "H:C:T" of the device; the sibling nexus file holds the
 *      initiator port (a TPG without a nexus is passed over): a WWN
 *      naming "naa." emulates SAS (nexus naa. and at least 16 hex
 *      digits, the first 16 the SAS ADDRESS), "fc." Fibre Channel (nexus
 *      16 hex digits, colons between pairs allowed: N_PORT_NAME), "iqn."
 *      iSCSI (nexus the ISCSI NAME, format 00b), as LIO's
 *      target_core_fabric_lib.c builds its registrants' TransportIDs;
 *  (b) SAS: ROOT/sys/class/scsi_host/hostH/host_sas_address ("0x" and
 *      up to 16 hex digits, as mpt3sas writes it), else when
 *      ROOT/sys/class/sas_host/hostH exists the lowest-numbered phy
 *      ROOT/sys/class/sas_phy/phy-H:N with a non-zero sas_address
 *      (-ENOENT when none has one);
 *  (c) Fibre Channel: ROOT/sys/class/fc_host/hostH/port_name ("0x" and
 *      up to 16 hex digits);
 *  (d) iSCSI: the session ROOT/sys/class/iscsi_session/sessionS whose
 *      directory the SCSI device lies under (else the lowest-numbered
 *      session under hostH): its initiatorname (an iqn., eui. or naa.
 *      name, folded to lower case as RFC 3722 does), with its isid when
 *      that reads as 12 hex digits the port form NAME,i,0xISID (format
 *      01b), else the device form (format 00b).
 * The TransportID is built by tid_parse() into tid (cap bytes;
 * TID_ISCSI_MAX_LEN always suffices), its length in *tid_len: 24 bytes
 * for SAS and FC, iSCSI's padded to a multiple of 4, 24 at least.
 * Returns 0, -ENOENT when none applies (a scsi_debug host), -EBADMSG
 * when the file that applies holds no usable port name, -ENOSPC when cap
 * is too small, -EINVAL for a NULL tid_len or a NULL tid with cap > 0,
 * or an error of devid_resolve_hctl().
 */
int devid_initiator_port(const char *root, const char *dev, uint8_t *tid,
			 size_t cap, size_t *tid_len);

/* One initiator port of this host. */
struct devid_port {
	unsigned host;			/* SCSI host number H */
	uint8_t tid[TID_ISCSI_MAX_LEN];	/* TransportID, SPC-5 7.6.4 */
	size_t tid_len;
};

/*
 * Every initiator port of this host, by the sources and rules of
 * devid_initiator_port(): each tcm_loop TPG with a nexus and an address,
 * each host_sas_address, each host phy's sas_address (phy-H:N; expander
 * phys phy-H:T:N are not ours), each fc_host port_name, each iSCSI
 * session's initiator name (and ISID); in that order, each source in
 * natural order of its names (WWN then tpgt_N, hostH, phy-H:N,
 * sessionS: 2 before 10).  A TransportID already listed is not
 * repeated (phys sharing one address); a file holding no usable port
 * name is skipped.  Stores at most cap in out (NULL when cap is 0), the
 * count in *n.
 * Returns 0 (*n may be 0), -E2BIG when there were more than cap, or
 * -ENOMEM.  Missing directories are not errors.
 */
int devid_local_ports(const char *root, struct devid_port *out, size_t cap,
		      size_t *n);

#endif /* TRESV_DEVID_H */
