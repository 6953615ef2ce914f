/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI TransportIDs (SPC-5 7.6.4): decode, format, parse; no I/O, no allocation. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "be.h"
#include "hex.h"
#include "num.h"
#include "sink.h"

#include "tid.h"

/* One table per code space, indexed by the code (SPC-5 7.6.1). */
static const char *const protocol_names[16] = {
	[TID_PROTO_FCP] = "Fibre Channel",
	[TID_PROTO_SPI] = "parallel SCSI",
	[TID_PROTO_SSA] = "SSA",
	[TID_PROTO_SBP] = "IEEE 1394",
	[TID_PROTO_SRP] = "SCSI RDMA",
	[TID_PROTO_ISCSI] = "iSCSI",
	[TID_PROTO_SAS] = "SAS",
	[TID_PROTO_ADT] = "ADT",
	[TID_PROTO_ATA] = "ATA",
	[TID_PROTO_UAS] = "UAS",
	[TID_PROTO_SOP] = "SOP",
	[TID_PROTO_PCIE] = "PCIe",
	[TID_PROTO_NONE] = "no specific protocol",
};

const char *
tid_protocol_name(unsigned proto)
{
	return proto < 16 ? protocol_names[proto] : NULL;
}

static bool
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* ---- decode ------------------------------------------------------------ */

/* The text of an iSCSI TransportID from byte 4: its null must lie within
 * ADDITIONAL LENGTH; format 01b splits it at the SEPARATOR. */
static int
decode_iscsi(const uint8_t *buf, size_t len, struct tid *out)
{
	const size_t seplen = sizeof(TID_ISCSI_SEPARATOR) - 1;
	const char *text = (const char *)buf + 4;
	const char *nul, *sep;
	size_t al, textlen, isidlen, i;

	al = be16_get(buf + 2);
	if (al < TID_LEN - 4 || al % 4 != 0 || al > len - 4)
		return -EBADMSG;
	nul = memchr(text, '\0', al);
	if (nul == NULL)
		return -EBADMSG;
	textlen = (size_t)(nul - text);
	out->additional_length = (uint16_t)al;
	out->length = 4 + al;
	if (out->format_code == TID_FORMAT_ISCSI_DEVICE) {
		if (textlen == 0 || textlen > TID_ISCSI_NAME_MAX)
			return -EBADMSG;
		memcpy(out->iscsi_name, text, textlen);
		out->iscsi_name_len = textlen;
		return 0;
	}
	sep = memmem(text, textlen, TID_ISCSI_SEPARATOR, seplen);
	if (sep == NULL || sep == text ||
	    (size_t)(sep - text) > TID_ISCSI_NAME_MAX)
		return -EBADMSG;
	isidlen = textlen - (size_t)(sep - text) - seplen;
	if (isidlen == 0 || isidlen > TID_ISID_MAX)
		return -EBADMSG;
	for (i = 0; i < isidlen; i++)
		if (hex_digit(sep[seplen + i]) < 0)
			return -EBADMSG;
	out->iscsi_name_len = (size_t)(sep - text);
	memcpy(out->iscsi_name, text, out->iscsi_name_len);
	memcpy(out->iscsi_initiator_session_id, sep + seplen, isidlen);
	out->isid_len = isidlen;
	return 0;
}

int
tid_decode(const uint8_t *buf, size_t len, struct tid *out, size_t *consumed)
{
	int rc = 0;

	if (consumed != NULL)
		*consumed = 0;
	memset(out, 0, sizeof(*out));
	if (buf == NULL || len < TID_LEN)
		return -EBADMSG;
	out->format_code = buf[0] >> 6;
	out->protocol_identifier = buf[0] & 0x0f;
	out->length = TID_LEN;
	if (out->protocol_identifier == TID_PROTO_ISCSI &&
	    out->format_code <= TID_FORMAT_ISCSI_PORT) {
		rc = decode_iscsi(buf, len, out);
		if (rc < 0) {
			memset(out, 0, sizeof(*out));
			return rc;
		}
	} else if (out->format_code != 0) {
		out->raw = true;
	} else {
		switch (out->protocol_identifier) {
		case TID_PROTO_FCP:
			out->n_port_name = be64_get(buf + 8);
			break;
		case TID_PROTO_SPI:
			out->scsi_address = be16_get(buf + 2);
			out->relative_target_port_identifier = be16_get(buf + 6);
			break;
		case TID_PROTO_SBP:
			out->eui64_name = be64_get(buf + 8);
			break;
		case TID_PROTO_SRP:
			memcpy(out->initiator_port_identifier, buf + 8, 16);
			break;
		case TID_PROTO_SAS:
			out->sas_address = be64_get(buf + 4);
			break;
		case TID_PROTO_SOP:
			out->routing_id = be16_get(buf + 2);
			break;
		default:
			out->raw = true;
			break;
		}
	}
	if (out->raw)
		memcpy(out->bytes, buf, TID_LEN);
	if (consumed != NULL)
		*consumed = out->length;
	return 0;
}

/* ---- format ------------------------------------------------------------ */

static bool
tid_valid(const struct tid *t)
{
	if (t->format_code > 3 || t->protocol_identifier > 0x0f)
		return false;
	if (t->raw)
		return true;
	if (t->protocol_identifier == TID_PROTO_ISCSI)
		return t->format_code <= TID_FORMAT_ISCSI_PORT &&
		       t->iscsi_name_len >= 1 &&
		       t->iscsi_name_len <= TID_ISCSI_NAME_MAX &&
		       t->isid_len <= TID_ISID_MAX &&
		       (t->isid_len != 0) ==
			       (t->format_code == TID_FORMAT_ISCSI_PORT);
	if (t->format_code != 0)
		return false;
	switch (t->protocol_identifier) {
	case TID_PROTO_FCP:
	case TID_PROTO_SPI:
	case TID_PROTO_SBP:
	case TID_PROTO_SRP:
	case TID_PROTO_SAS:
	case TID_PROTO_SOP:
		return true;
	default:
		return false;
	}
}

int
tid_format(const struct tid *t, char *buf, size_t len)
{
	struct sink s;

	if (t == NULL || (buf == NULL && len > 0) || !tid_valid(t))
		return -EINVAL;
	sink_init(&s, buf, len);
	if (t->raw) {
		sink_put_str(&s, "proto-0x");
		sink_put_hex_digit(&s, t->protocol_identifier);
		sink_put_str(&s, ",hex,");
		sink_put_hex_bytes(&s, t->bytes, TID_LEN);
	} else {
		switch (t->protocol_identifier) {
		case TID_PROTO_FCP:
			sink_put_str(&s, "fc,0x");
			sink_put_hex64(&s, t->n_port_name);
			break;
		case TID_PROTO_SPI:
			sink_put_str(&s, "spi,");
			sink_put_dec(&s, t->scsi_address);
			sink_put_char(&s, ',');
			sink_put_dec(&s, t->relative_target_port_identifier);
			break;
		case TID_PROTO_SBP:
			sink_put_str(&s, "sbp,0x");
			sink_put_hex64(&s, t->eui64_name);
			break;
		case TID_PROTO_SRP:
			sink_put_str(&s, "srp,0x");
			sink_put_hex_bytes(&s, t->initiator_port_identifier, 16);
			break;
		case TID_PROTO_ISCSI:
			sink_put_escaped(&s, (const uint8_t *)t->iscsi_name,
					 t->iscsi_name_len, ",");
			if (t->format_code == TID_FORMAT_ISCSI_PORT) {
				sink_put_str(&s, TID_ISCSI_SEPARATOR);
				sink_put_escaped(&s, (const uint8_t *)
						 t->iscsi_initiator_session_id,
						 t->isid_len, ",");
			}
			break;
		case TID_PROTO_SAS:
			sink_put_str(&s, "sas,0x");
			sink_put_hex64(&s, t->sas_address);
			break;
		case TID_PROTO_SOP:
			sink_put_str(&s, "sop,");
			sink_put_hex_digit(&s, t->routing_id >> 12);
			sink_put_hex_digit(&s, (t->routing_id >> 8) & 0x0f);
			sink_put_char(&s, ':');
			sink_put_hex_digit(&s, (t->routing_id >> 7) & 0x01);
			sink_put_hex_digit(&s, (t->routing_id >> 3) & 0x0f);
			sink_put_char(&s, '.');
			sink_put_hex_digit(&s, t->routing_id & 0x07);
			break;
		}
	}
	return sink_end(&s);
}

/* ---- parse ------------------------------------------------------------- */

/* Exactly n hex digits (either case) and the end of s, into n / 2 bytes. */
static int
parse_hex_exact(const char *s, size_t n, uint8_t *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i += 2) {
		hi = hex_digit(s[i]);
		lo = hi < 0 ? -1 : hex_digit(s[i + 1]);
		if (lo < 0)
			return -EINVAL;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return s[n] == '\0' ? 0 : -EINVAL;
}

/* A decimal 0-65535 without leading zeros, ended by the char end. */
static int
parse_dec16(const char **sp, char end, uint16_t *v)
{
	const char *s = *sp, *e;
	uint64_t n;

	e = num_scan_u64(s, 0xffff, &n);
	if (e == NULL || *e != end || (s[0] == '0' && e - s > 1))
		return -EINVAL;
	*v = (uint16_t)n;
	*sp = e + (end != '\0');
	return 0;
}

/* sop,BB:DD.F: bus 00-ff, device 00-1f, function 0-7 (lspci's form). */
static int
parse_sop(const char *s, uint16_t *routing_id)
{
	int b1, b0, d1, d0;

	b1 = hex_digit(s[0]);
	b0 = b1 < 0 ? -1 : hex_digit(s[1]);
	if (b0 < 0 || s[2] != ':')
		return -EINVAL;
	d1 = hex_digit(s[3]);
	d0 = d1 < 0 ? -1 : hex_digit(s[4]);
	if (d0 < 0 || d1 > 1 || s[5] != '.')
		return -EINVAL;
	if (s[6] < '0' || s[6] > '7' || s[7] != '\0')
		return -EINVAL;
	*routing_id = (uint16_t)((b1 << 12) | (b0 << 8) | (d1 << 7) |
				 (d0 << 3) | (s[6] - '0'));
	return 0;
}

/* The characters of a normalized ASCII iSCSI name (RFC 3720 3.2.6.2). */
static bool
iscsi_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == ':';
}

/* iqn.yyyy-mm.reversed.domain[:string] (RFC 3720 3.2.6.3.1), from
 * after "iqn."; p[0..n) are already known to be iscsi_char()s. */
static bool
iqn_ok(const char *p, size_t n)
{
	size_t i, label = 0;

	if (n < 9)
		return false;
	for (i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	if (p[4] != '-' || p[5] < '0' || p[5] > '1' || p[6] < '0' ||
	    p[6] > '9' || p[7] != '.')
		return false;
	if ((p[5] == '0' && p[6] == '0') || (p[5] == '1' && p[6] > '2'))
		return false;
	for (i = 8; i < n && p[i] != ':'; i++) {
		if (p[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else {
			label++;
		}
	}
	if (label == 0)
		return false;
	/* after ':' any name characters, but at least one */
	return i == n || i + 1 < n;
}

/* A normalized iSCSI name of n bytes: iqn., eui. + 16 or naa. + 16 or
 * 32 lower-case hex digits. */
static bool
iscsi_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 5 || n > TID_ISCSI_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!iscsi_char(s[i]))
			return false;
	if (strncmp(s, "iqn.", 4) == 0)
		return iqn_ok(s + 4, n - 4);
	if (strncmp(s, "eui.", 4) != 0 && strncmp(s, "naa.", 4) != 0)
		return false;
	if (!(n - 4 == 16 || (n - 4 == 32 && s[0] == 'n')))
		return false;
	for (i = 4; i < n; i++)
		if (!is_lower_hex(s[i]))
			return false;
	return true;
}

/* name[,i,0xISID] into tid, TID_ISCSI_MAX_LEN zeroed bytes. */
static int
build_iscsi(const char *s, uint8_t *tid, size_t *tid_len)
{
	const size_t seplen = sizeof(TID_ISCSI_SEPARATOR) - 1;
	const char *comma = strchr(s, ',');
	size_t namelen = comma != NULL ? (size_t)(comma - s) : strlen(s);
	size_t textlen = namelen, n, i;

	if (!iscsi_name_ok(s, namelen))
		return -EINVAL;
	tid[0] = TID_PROTO_ISCSI;
	if (comma != NULL) {
		if (strncmp(comma, TID_ISCSI_SEPARATOR, seplen) != 0)
			return -EINVAL;
		for (i = 0; i < TID_ISID_MAX; i++)
			if (hex_digit(comma[seplen + i]) < 0)
				return -EINVAL;
		if (comma[seplen + TID_ISID_MAX] != '\0')
			return -EINVAL;
		tid[0] |= TID_FORMAT_ISCSI_PORT << 6;
		textlen += seplen + TID_ISID_MAX;
	}
	memcpy(tid + 4, s, textlen);
	/* the null, then zeros to a multiple of 4, 24 bytes at least */
	n = (4 + textlen + 1 + 3) & ~(size_t)3;
	if (n < TID_LEN)
		n = TID_LEN;
	be16_put(tid + 2, (uint16_t)(n - 4));
	*tid_len = n;
	return 0;
}

/* hex,<digits> (after "hex,"): a whole TransportID written into buf, then
 * checked by tid_decode(), which must use every byte.  want_proto is the
 * protocol the proto-0xN form names, or -1. */
static int
parse_raw(const char *s, int want_proto, uint8_t *buf, size_t len,
	  size_t *out_len)
{
	size_t ndigits = strlen(s), n, used;
	struct tid t;
	int rc;

	for (n = 0; n < ndigits; n++)
		if (hex_digit(s[n]) < 0)
			return -EINVAL;
	if (ndigits == 0 || ndigits % 2 != 0)
		return -EINVAL;
	n = ndigits / 2;
	if (n > len)
		return -ENOSPC;
	rc = parse_hex_exact(s, ndigits, buf);
	if (rc == 0)
		rc = tid_decode(buf, n, &t, &used) == 0 && used == n ?
		     0 : -EINVAL;
	if (rc == 0 && want_proto >= 0 && t.protocol_identifier != want_proto)
		rc = -EINVAL;
	if (rc < 0) {
		memset(buf, 0, n);
		return rc;
	}
	*out_len = n;
	return 0;
}

/* The fixed forms: prefix, protocol, byte offset and size of the one field. */
static const struct {
	const char *prefix;
	uint8_t proto;
	uint8_t offset;
	uint8_t size;
} fixed_forms[] = {
	{ "sas,0x", TID_PROTO_SAS, 4, 8 },	/* SAS ADDRESS */
	{ "fc,0x", TID_PROTO_FCP, 8, 8 },	/* N_PORT_NAME */
	{ "sbp,0x", TID_PROTO_SBP, 8, 8 },	/* EUI-64 NAME */
	{ "srp,0x", TID_PROTO_SRP, 8, 16 },	/* INITIATOR PORT IDENTIFIER */
};

int
tid_parse(const char *s, uint8_t *buf, size_t len, size_t *out_len)
{
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = TID_LEN, i, plen;
	uint16_t a, r;
	int rc = -EINVAL;

	if (s == NULL || out_len == NULL || (buf == NULL && len > 0))
		return -EINVAL;
	memset(tid, 0, sizeof(tid));
	for (i = 0; i < sizeof(fixed_forms) / sizeof(fixed_forms[0]); i++) {
		plen = strlen(fixed_forms[i].prefix);
		if (strncmp(s, fixed_forms[i].prefix, plen) != 0)
			continue;
		tid[0] = fixed_forms[i].proto;
		rc = parse_hex_exact(s + plen, 2u * fixed_forms[i].size,
				     tid + fixed_forms[i].offset);
		break;
	}
	if (i < sizeof(fixed_forms) / sizeof(fixed_forms[0])) {
		/* rc set by the fixed form */
	} else if (strncmp(s, "spi,", 4) == 0) {
		s += 4;
		if (parse_dec16(&s, ',', &a) == 0 &&
		    parse_dec16(&s, '\0', &r) == 0 && r != 0) {
			tid[0] = TID_PROTO_SPI;
			be16_put(tid + 2, a);
			be16_put(tid + 6, r);
			rc = 0;
		}
	} else if (strncmp(s, "sop,", 4) == 0) {
		if (parse_sop(s + 4, &r) == 0) {
			tid[0] = TID_PROTO_SOP;
			be16_put(tid + 2, r);
			rc = 0;
		}
	} else if (strncmp(s, "hex,", 4) == 0) {
		return parse_raw(s + 4, -1, buf, len, out_len);
	} else if (strncmp(s, "proto-0x", 8) == 0) {
		if (is_lower_hex(s[8]) && strncmp(s + 9, ",hex,", 5) == 0)
			return parse_raw(s + 14, hex_digit(s[8]), buf, len,
					 out_len);
	} else {
		rc = build_iscsi(s, tid, &n);
	}
	if (rc < 0)
		return rc;
	if (n > len)
		return -ENOSPC;
	memcpy(buf, tid, n);
	*out_len = n;
	return 0;
}

/* ---- compare ----------------------------------------------------------- */

/* The value of up to 12 hex digits (tid_decode checked them). */
static uint64_t
isid_value(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v << 4 | (uint64_t)hex_digit(s[i]);
	return v;
}

int
tid_same_port(const uint8_t *a, size_t alen, const uint8_t *b,
		    size_t blen)
{
	struct tid ta, tb;

	if (tid_decode(a, alen, &ta, NULL) < 0 ||
	    tid_decode(b, blen, &tb, NULL) < 0)
		return -EBADMSG;
	if (ta.protocol_identifier != tb.protocol_identifier ||
	    ta.raw != tb.raw)
		return 0;
	if (ta.raw)
		return memcmp(ta.bytes, tb.bytes, TID_LEN) == 0;
	switch (ta.protocol_identifier) {
	case TID_PROTO_SAS:
		return ta.sas_address == tb.sas_address;
	case TID_PROTO_FCP:
		return ta.n_port_name == tb.n_port_name;
	case TID_PROTO_ISCSI:
		if (ta.iscsi_name_len != tb.iscsi_name_len ||
		    strncasecmp(ta.iscsi_name, tb.iscsi_name,
				ta.iscsi_name_len) != 0)
			return 0;
		if (ta.isid_len == 0 || tb.isid_len == 0)
			return 1;
		return isid_value(ta.iscsi_initiator_session_id, ta.isid_len) ==
		       isid_value(tb.iscsi_initiator_session_id, tb.isid_len);
	default:
		return memcmp(a, b, TID_LEN) == 0;
	}
}

int
tid_repair_bare_iscsi(const uint8_t *buf, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len)
{
	char text[TID_ISCSI_NAME_MAX + sizeof(TID_ISCSI_SEPARATOR) + TID_ISID_MAX + 1];

	while (len > 0 && buf[len - 1] == 0)
		len--;
	if (len < 4 || len >= sizeof(text) || memchr(buf, 0, len) != NULL ||
	    (memcmp(buf, "iqn.", 4) != 0 && memcmp(buf, "eui.", 4) != 0 &&
	     memcmp(buf, "naa.", 4) != 0))
		return -EINVAL;
	memcpy(text, buf, len);
	text[len] = '\0';
	return tid_parse(text, out, cap, out_len);
}
