/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI TransportIDs: decode device data, format one line for people, parse user input (pure). */
#ifndef TRESV_TID_H
#define TRESV_TID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PROTOCOL IDENTIFIER values (SPC-5 7.6.1): byte 0 bits 3-0 of a TransportID. */
enum tid_proto {
	TID_PROTO_FCP = 0x0,	/* Fibre Channel */
	TID_PROTO_SPI = 0x1,	/* parallel SCSI (obsolete in SPC-5) */
	TID_PROTO_SSA = 0x2,	/* obsolete */
	TID_PROTO_SBP = 0x3,	/* IEEE 1394 */
	TID_PROTO_SRP = 0x4,	/* SCSI RDMA */
	TID_PROTO_ISCSI = 0x5,
	TID_PROTO_SAS = 0x6,	/* SAS Serial SCSI Protocol */
	TID_PROTO_ADT = 0x7,
	TID_PROTO_ATA = 0x8,
	TID_PROTO_UAS = 0x9,	/* USB Attached SCSI */
	TID_PROTO_SOP = 0xa,	/* SCSI over PCI Express */
	TID_PROTO_PCIE = 0xb,
	TID_PROTO_NONE = 0xf,	/* no specific protocol */
};

/* iSCSI FORMAT CODE values (SPC-5 7.6.4, iSCSI TransportID): byte 0 bits 7-6. */
#define TID_FORMAT_ISCSI_DEVICE 0x0	/* 00b: ISCSI NAME of the initiator device */
#define TID_FORMAT_ISCSI_PORT 0x1	/* 01b: ISCSI NAME ",i,0x" ISID: one initiator port */

/* Every TransportID but iSCSI's is 24 bytes; 24 is also iSCSI's least
 * (ADDITIONAL LENGTH at least 20, SPC-5 7.6.4). */
#define TID_LEN 24
/* iSCSI names are at most 223 bytes (RFC 3720 3.2.6.1). */
#define TID_ISCSI_NAME_MAX 223
/* The ISID is 6 bytes: at most 12 hex digits of ISCSI INITIATOR SESSION ID. */
#define TID_ISID_MAX 12
/* The SEPARATOR of the iSCSI port form (SPC-5 7.6.4): five ASCII characters. */
#define TID_ISCSI_SEPARATOR ",i,0x"
/* Longest iSCSI TransportID tid_parse() builds from a name:
 * 4 + 223 + 5 + 12 + 1 (null) = 245, padded to 248. */
#define TID_ISCSI_MAX_LEN 248
/* A buffer of this many chars holds any tid_format() line and its NUL:
 * 223 name bytes each escaped as \xHH, ",i,0x", 12 ISID digits. */
#define TID_FORMAT_MAX (TID_ISCSI_NAME_MAX * 4 + 5 + TID_ISID_MAX + 1)

/*
 * One decoded TransportID.  Only the fields of its protocol are set, the
 * rest are zero.  iSCSI names are copied into the struct (not pointers
 * into the device data), so a struct tid outlives the response buffer.
 */
struct tid {
	uint8_t format_code;		/* byte 0 bits 7-6 */
	uint8_t protocol_identifier;	/* byte 0 bits 3-0: enum tid_proto */
	bool raw;			/* protocol or format not decoded: see bytes */
	size_t length;			/* bytes the TransportID occupies */
	/* Fibre Channel, format 00b */
	uint64_t n_port_name;		/* bytes 8-15 */
	/* parallel SCSI, format 00b */
	uint16_t scsi_address;		/* bytes 2-3 */
	uint16_t relative_target_port_identifier;	/* bytes 6-7 */
	/* IEEE 1394, format 00b */
	uint64_t eui64_name;		/* EUI-64 NAME, bytes 8-15 */
	/* SCSI RDMA, format 00b */
	uint8_t initiator_port_identifier[16];	/* bytes 8-23 */
	/* iSCSI, format 00b or 01b */
	uint16_t additional_length;	/* bytes 2-3: length is 4 + this */
	char iscsi_name[TID_ISCSI_NAME_MAX + 1];	/* NUL-terminated copy */
	size_t iscsi_name_len;		/* 1 to 223 */
	/* format 01b only: the hex digits as the device sent them */
	char iscsi_initiator_session_id[TID_ISID_MAX + 1];
	size_t isid_len;		/* 1 to 12; 0 in format 00b */
	/* SAS, format 00b */
	uint64_t sas_address;		/* bytes 4-11 */
	/* SOP, format 00b: the PCIe routing ID (see tid_format) */
	uint16_t routing_id;		/* bytes 2-3 */
	/* raw: every other protocol and format code, as received */
	uint8_t bytes[TID_LEN];
};

/*
 * Decode the TransportID at buf, of which len bytes are available
 * (SPC-5 7.6.4); reads no byte at or past buf + len.  Byte 0 holds the
 * FORMAT CODE (bits 7-6) and PROTOCOL IDENTIFIER (bits 3-0).  Decoded,
 * all with format code 00b and 24 bytes long:
 *   0h Fibre Channel  N_PORT_NAME bytes 8-15
 *   1h parallel SCSI  SCSI ADDRESS bytes 2-3, RELATIVE TARGET PORT
 *                     IDENTIFIER bytes 6-7
 *   3h IEEE 1394      EUI-64 NAME bytes 8-15
 *   4h SCSI RDMA      INITIATOR PORT IDENTIFIER bytes 8-23
 *   6h SAS            SAS ADDRESS bytes 4-11
 *   Ah SOP            ROUTING ID bytes 2-3
 * and iSCSI (5h), 4 + ADDITIONAL LENGTH (bytes 2-3) bytes long, the
 * null-terminated, null-padded name from byte 4: format 00b the ISCSI
 * NAME, format 01b the ISCSI NAME, SEPARATOR ",i,0x" and ISCSI
 * INITIATOR SESSION ID (hex digits).  Every other protocol identifier
 * and format code is kept raw: its first 24 bytes in out->bytes.
 * Reserved fields are not checked.  Sets *consumed (when not NULL) to the
 * bytes the TransportID occupies, 0 on error.
 * Returns 0, or -EBADMSG: len < 24; iSCSI ADDITIONAL LENGTH below 20,
 * not a multiple of 4 or past len; no null within it; a name empty or
 * over 223 bytes; format 01b without the separator or with an ISID that
 * is not 1 to 12 hex digits.
 */
int tid_decode(const uint8_t *buf, size_t len, struct tid *out,
	       size_t *consumed);

/*
 * Write t as one line (no newline) into buf of len bytes, always
 * NUL-terminated when len > 0; buf may be NULL when len is 0.  The forms
 * tid_parse() reads, back to the same bytes when the device's were
 * well-formed (reserved bytes zero, an RFC 3720 name, a 12-digit ISID):
 *   fc,0x<16 hex>  spi,<SCSI ADDRESS>,<RELATIVE TARGET PORT IDENTIFIER>
 *   sbp,0x<16 hex>  srp,0x<32 hex>  sas,0x<16 hex>
 *   <iSCSI name>  <iSCSI name>,i,0x<ISID>
 *   sop,<bus>:<device>.<function>
 *   proto-0x<N>,hex,<48 hex>   (raw: N is the protocol identifier)
 * Numbers in hex are lower-case, SPI's in decimal.  SOP: the ROUTING ID
 * is read as a PCIe routing ID, bus bits 15-8, device 7-3, function 2-0,
 * printed as lspci does (%02x:%02x.%x); under ARI the low 8 bits are one
 * function number, here split as device.function (the same bits).
 * iSCSI name bytes outside printable ASCII are written \xHH, a backslash
 * as \\ and a comma (never in an iSCSI name; it separates fields) as
 * \x2c, so no control byte reaches a terminal; TID_FORMAT_MAX always
 * suffices.  Returns the length of the whole line without its NUL, as
 * snprintf does, or -EINVAL when t is NULL or holds no valid TransportID.
 */
int tid_format(const struct tid *t, char *buf, size_t len);

/*
 * The protocol's name ("Fibre Channel", "parallel SCSI", "SSA",
 * "IEEE 1394", "SCSI RDMA", "iSCSI", "SAS", "ADT", "ATA", "UAS", "SOP",
 * "PCIe", "no specific protocol") for a PROTOCOL IDENTIFIER (SPC-5
 * 7.6.1); NULL for the reserved Ch-Eh and for anything above Fh.
 */
const char *tid_protocol_name(unsigned proto);

/*
 * Build the TransportID that s names (SPC-5 7.6.4) into buf, len bytes
 * available; *out_len is its length (24, or 4 + ADDITIONAL LENGTH for
 * iSCSI).  s is exactly one of:
 *   sas,0x<16 hex>  fc,0x<16 hex>  sbp,0x<16 hex>  srp,0x<32 hex>
 *       SAS ADDRESS, N_PORT_NAME, EUI-64 NAME, INITIATOR PORT IDENTIFIER;
 *       "0x" is required, digits of either case.
 *   spi,<address>,<port>
 *       decimal, no leading zeros: SCSI ADDRESS 0-65535, RELATIVE TARGET
 *       PORT IDENTIFIER 1-65535 (0 is reserved).
 *   sop,<bus>:<device>.<function>
 *       hex in lspci's widths: 2 digits 00-ff, 2 digits 00-1f, 1 digit
 *       0-7 (either case); built into the ROUTING ID as in tid_format().
 *   iqn.<yyyy>-<mm>.<reversed domain>[:<string>]
 *   eui.<16 hex>   naa.<16 or 32 hex>
 *       an iSCSI name (RFC 3720 3.2.6) in its normalized form: only
 *       a-z, 0-9, '-', '.', ':' (RFC 3722 folds case, so upper-case would
 *       never match what an initiator logs in with); iqn. month 01-12,
 *       domain labels non-empty, the string after ':' non-empty; 223
 *       bytes at most.  Format 00b.  With ",i,0x<12 hex>" appended
 *       (ISID digits of either case, kept as typed), format 01b.  Built
 *       null-terminated and zero-padded to a multiple of 4, 24 or more.
 *   hex,<hex>
 *       a whole TransportID, even number of hex digits, which tid_decode()
 *       must accept using every byte.
 *   proto-0x<N>,hex,<hex>
 *       what tid_format() prints for a raw TransportID: as hex, and N (one
 *       lower-case hex digit) must be its protocol identifier.
 * Returns 0, -EINVAL for anything else (no prefix of s is accepted),
 * -ENOSPC when the TransportID does not fit in len (for the hex forms,
 * checked before the bytes are decoded).  On error *out_len is untouched
 * and buf holds no partial TransportID: it is unchanged, but for the hex
 * forms, which decode in place and zero what they wrote.
 */
int tid_parse(const char *s, uint8_t *buf, size_t len, size_t *out_len);

/*
 * Repair an iSCSI TransportID a device sent as bare text, without the
 * 4-byte header (FORMAT CODE, PROTOCOL IDENTIFIER, ADDITIONAL LENGTH) and
 * the null padding SPC-5 7.6.4.6 requires, as istgt 0.4 does in READ FULL
 * STATUS: len bytes at buf that are an iSCSI name, or name ",i,0x" ISID,
 * in the form tid_parse() takes (trailing NULs allowed).  The well-formed
 * TransportID goes to out (cap bytes), *out_len its length.  Returns 0,
 * or -EINVAL when buf is anything else, -ENOSPC when cap is too small.
 */
int tid_repair_bare_iscsi(const uint8_t *buf, size_t len, uint8_t *out, size_t cap,
			  size_t *out_len);

/*
 * Whether two TransportIDs (SPC-5 7.6.4, a of alen bytes, b of blen
 * bytes) name the same initiator port, for "is this registrant one of
 * this host's ports": the same protocol, and for SAS the SAS ADDRESS, for
 * Fibre Channel the N_PORT_NAME, for iSCSI the ISCSI NAME (ASCII case
 * ignored, RFC 3722) and, when both carry one (format 01b), the ISID
 * (case ignored); every other protocol its first 24 bytes.
 * Returns 1 or 0, or -EBADMSG when tid_decode() rejects either.
 */
int tid_same_port(const uint8_t *a, size_t alen, const uint8_t *b,
		  size_t blen);

#endif /* TRESV_TID_H */
