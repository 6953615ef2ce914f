/* SPDX-License-Identifier: GPL-2.0-or-later */
/* INQUIRY data and VPD pages 80h/83h (SPC-5 6.7.2, 7.7.6, 7.7.17): LU identity from the bytes that arrived. */
#include <errno.h>
#include <string.h>

#include "be.h"
#include "sink.h"

#include "vpd.h"

/* ---- INQUIRY ------------------------------------------------------------ */

/* Length of p[0..n) without trailing spaces and NULs. */
static size_t
trim_end(const uint8_t *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\0'))
		n--;
	return n;
}

/* The part of the field buf[off, off + size) that arrived, trimmed, into
 * dst (size bytes); returns its length. */
static size_t
copy_field(const uint8_t *buf, size_t len, size_t off, size_t size,
	   uint8_t *dst)
{
	size_t n;

	if (len <= off)
		return 0;
	n = len - off < size ? len - off : size;
	n = trim_end(buf + off, n);
	memcpy(dst, buf + off, n);
	return n;
}

int
vpd_parse_inquiry(const uint8_t *buf, size_t len, struct vpd_inquiry *out,
		  struct fault *why)
{
	memset(out, 0, sizeof(*out));
	if (buf == NULL)
		len = 0;
	out->received = len;
	if (len > 0) {
		out->peripheral_qualifier = buf[0] >> 5;
		out->peripheral_device_type = buf[0] & 0x1f;
	}
	if (len > 2)
		out->version = buf[2];
	if (len > 4)
		out->additional_length = buf[4];
	out->t10_vendor_identification_len =
		copy_field(buf, len, 8, 8, out->t10_vendor_identification);
	out->product_identification_len =
		copy_field(buf, len, 16, 16, out->product_identification);
	out->product_revision_level_len =
		copy_field(buf, len, 32, 4, out->product_revision_level);
	if (len >= VPD_INQUIRY_MIN_LEN)
		return 0;
	/* all it announced arrived, and that is less than SPC requires */
	if (len > 4 && 5 + (size_t)out->additional_length <= len)
		return fault_set(why, FAULT_SHORT, "ADDITIONAL LENGTH", 4,
				 out->additional_length, VPD_INQUIRY_MIN_LEN - 5,
				 "standard INQUIRY data");
	out->truncated = true;
	return -EMSGSIZE;
}

/* SPC-5 table 48, indexed by PERIPHERAL DEVICE TYPE. */
static const char *const pdt_names[32] = {
	[0x00] = "disk",
	[0x01] = "tape",
	[0x02] = "printer",
	[0x03] = "processor",
	[0x04] = "write-once",
	[0x05] = "cd/dvd",
	[0x06] = "scanner",
	[0x07] = "optical",
	[0x08] = "changer",
	[0x09] = "comms",
	[0x0a] = "graphics",
	[0x0b] = "graphics",
	[0x0c] = "storage array",
	[0x0d] = "enclosure",
	[0x0e] = "rbc",
	[0x0f] = "ocrw",
	[0x10] = "bridge",
	[0x11] = "osd",
	[0x12] = "adc",
	[0x13] = "security manager",
	[0x14] = "zbc",
	[0x1e] = "well known lu",
	[0x1f] = "no device",
};

const char *
vpd_pdt_name(unsigned pdt)
{
	return pdt < sizeof(pdt_names) / sizeof(pdt_names[0]) ?
	       pdt_names[pdt] : NULL;
}

/* ---- VPD pages ---------------------------------------------------------- */

size_t
vpd_len(const uint8_t *buf, size_t len)
{
	if (buf == NULL || len < VPD_HDR_LEN)
		return 0;
	return VPD_HDR_LEN + (size_t)be16_get(buf + 2);
}

/* Header of VPD page `page`: *page_len is PAGE LENGTH, all of it arrived. */
static int
vpd_check(const uint8_t *buf, size_t len, uint8_t page, size_t *page_len,
	  struct fault *why)
{
	if (buf == NULL || len < VPD_HDR_LEN)
		return fault_set(why, FAULT_HEADER, "VPD page header", 0,
				 buf != NULL ? len : 0, VPD_HDR_LEN, NULL);
	if (buf[1] != page)
		return fault_set(why, FAULT_NOT, "PAGE CODE", 1, buf[1], page, NULL);
	*page_len = be16_get(buf + 2);
	if (*page_len > len - VPD_HDR_LEN)
		return -EMSGSIZE;
	return 0;
}

/* The serial's bytes, right-aligned ASCII with its padding removed. */
static int
serial_raw(const uint8_t *buf, size_t len, const uint8_t **p, size_t *n,
	   struct fault *why)
{
	size_t pl;
	int rc;

	rc = vpd_check(buf, len, VPD_UNIT_SERIAL, &pl, why);
	if (rc < 0)
		return rc;
	*p = buf + VPD_HDR_LEN;
	*n = trim_end(*p, pl);
	while (*n > 0 && **p == ' ') {
		(*p)++;
		(*n)--;
	}
	return 0;
}

int
vpd_parse_unit_serial(const uint8_t *buf, size_t len, char *out,
			size_t outlen)
{
	const uint8_t *p;
	size_t n;
	int rc;

	rc = serial_raw(buf, len, &p, &n, NULL);
	if (rc < 0)
		return rc;
	return sink_escape(p, n, out, outlen);
}

/* One designation descriptor of a VPD 83h page. */
struct desig {
	unsigned association;	/* byte 1 bits 5-4 */
	unsigned type;		/* DESIGNATOR TYPE, byte 1 bits 3-0 */
	const uint8_t *p;	/* the designator, inside the caller's page */
	size_t len;		/* its bytes (a chosen text kind: trimmed) */
	size_t at;		/* the descriptor's byte offset in the page */
};

/* A walk over the designation descriptors of a whole VPD 83h page. */
struct walk {
	const uint8_t *d;	/* the first descriptor */
	size_t pl;		/* PAGE LENGTH: all of it arrived */
	size_t off;		/* the next descriptor's offset from d */
};

/* Check the page's header: 0, -EBADMSG or -EMSGSIZE as vpd_check(). */
static int
walk_start(const uint8_t *buf, size_t len, struct walk *w, struct fault *why)
{
	w->d = buf != NULL ? buf + VPD_HDR_LEN : NULL;
	w->off = 0;
	return vpd_check(buf, len, VPD_DEVICE_ID, &w->pl, why);
}

/* The next descriptor into *out: 1, 0 past the last, or -EBADMSG (*why)
 * when its header or designator runs past PAGE LENGTH. */
static int
walk_next(struct walk *w, struct desig *out, struct fault *why)
{
	size_t dl;

	if (w->off >= w->pl)
		return 0;
	if (w->pl - w->off < 4)
		return fault_set(why, FAULT_PAST, "designation descriptor",
				 VPD_HDR_LEN + w->off, 4, w->pl - w->off, "PAGE LENGTH");
	dl = w->d[w->off + 3];
	if (dl > w->pl - w->off - 4)
		return fault_set(why, FAULT_PAST, "DESIGNATOR LENGTH",
				 VPD_HDR_LEN + w->off + 3, dl, w->pl - w->off - 4,
				 "PAGE LENGTH");
	out->at = VPD_HDR_LEN + w->off;
	out->association = (w->d[w->off + 1] >> 4) & 0x03;
	out->type = w->d[w->off + 1] & 0x0f;
	out->p = w->d + w->off + 4;
	out->len = dl;
	w->off += 4 + dl;
	return 1;
}

/* How much a logical unit designator is preferred (higher wins, 0: not
 * a name), or -EBADMSG (*why) for one of a wanted kind that is malformed.
 * Trims d->len of the text kinds. */
static int
desig_rank(struct desig *d, struct fault *why)
{
	unsigned naa;

	switch (d->type) {
	case VPD_DESIG_NAA:
		if (d->len == 0)
			return fault_set(why, FAULT_TEXT, "DESIGNATOR LENGTH", d->at + 3, 0,
					 0, "is 0 for an NAA designator");
		naa = d->p[0] >> 4;
		if (naa == 6 && d->len == 16)
			return 8;
		if ((naa == 2 || naa == 3 || naa == 5) && d->len == 8)
			return 7;
		if (naa != 2 && naa != 3 && naa != 5 && naa != 6)
			return fault_set(why, FAULT_CODE, "NAA", d->at + 4, naa, 0,
					 "an NAA designator");
		return fault_set(why, FAULT_TEXT, "DESIGNATOR LENGTH", d->at + 3, d->len,
				 0, "does not fit its NAA (16 bytes for 6h, 8 for 2h, 3h, "
				 "5h)");
	case VPD_DESIG_EUI64:
		if (d->len == 16)
			return 6;
		if (d->len == 12)
			return 5;
		if (d->len == 8)
			return 4;
		return fault_set(why, FAULT_TEXT, "DESIGNATOR LENGTH", d->at + 3, d->len, 0,
				 "is not 8, 12 or 16 for an EUI-64 designator");
	case VPD_DESIG_SCSI_NAME: {
		const uint8_t *nul = memchr(d->p, '\0', d->len);

		if (nul != NULL)
			d->len = (size_t)(nul - d->p);
		return d->len != 0 ? 3 : fault_set(why, FAULT_TEXT, "DESIGNATOR",
						    d->at + 4, 0, 0, "is an empty SCSI "
						    "name string");
	}
	case VPD_DESIG_T10:
		d->len = trim_end(d->p, d->len);
		return d->len != 0 ? 2 : fault_set(why, FAULT_TEXT, "DESIGNATOR",
						    d->at + 4, 0, 0, "is a blank T10 "
						    "vendor ID based name");
	default:
		return 0;
	}
}

/* Walk the designation descriptors of a VPD 83h page; *best gets the
 * first of the most preferred logical unit designators. */
static int
lu_designator(const uint8_t *buf, size_t len, struct desig *best, struct fault *why)
{
	struct walk w;
	struct desig cur;
	int rc, rank, best_rank = 0;

	rc = walk_start(buf, len, &w, why);
	if (rc < 0)
		return rc;
	while ((rc = walk_next(&w, &cur, why)) > 0) {
		if (cur.association != VPD_ASSOC_LU)
			continue;
		rank = desig_rank(&cur, why);
		if (rank < 0)
			return rank;
		if (rank > best_rank) {
			*best = cur;
			best_rank = rank;
		}
	}
	if (rc < 0)
		return rc;
	return best_rank > 0 ? 0 : -ENOENT;
}

/* The LU name of designator d into s: naa./eui. and hex, a SCSI name
 * string as is, t10. and the vendor ID text; the text parts escaped for a
 * terminal, or for a file name when for_file (vpd_lu_id()). */
static void
put_lu_name(struct sink *s, const struct desig *d, bool for_file)
{
	switch (d->type) {
	case VPD_DESIG_NAA:
		sink_put_str(s, "naa.");
		sink_put_hex_bytes(s, d->p, d->len);
		break;
	case VPD_DESIG_EUI64:
		sink_put_str(s, "eui.");
		sink_put_hex_bytes(s, d->p, d->len);
		break;
	case VPD_DESIG_SCSI_NAME:
		if (for_file)
			sink_put_file_escaped(s, d->p, d->len, true);
		else
			sink_put_escaped(s, d->p, d->len, NULL);
		break;
	default:	/* VPD_DESIG_T10 */
		sink_put_str(s, "t10.");
		if (for_file)
			sink_put_file_escaped(s, d->p, d->len, false);
		else
			sink_put_escaped(s, d->p, d->len, NULL);
		break;
	}
}

int
vpd_parse_lu_name(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	struct sink s;
	struct desig d;
	int rc;

	if (out == NULL && outlen > 0)
		return -EINVAL;
	rc = lu_designator(buf, len, &d, NULL);
	if (rc < 0)
		return rc;
	sink_init(&s, out, outlen);
	put_lu_name(&s, &d, false);
	return sink_end(&s);
}

int
vpd_rel_tgt_port(const uint8_t *buf, size_t len)
{
	struct walk w;
	struct desig d;
	int rc, port = -ENOENT;

	rc = walk_start(buf, len, &w, NULL);
	if (rc < 0)
		return rc;
	while ((rc = walk_next(&w, &d, NULL)) > 0) {
		if (port != -ENOENT || d.association != VPD_ASSOC_TGT_PORT ||
		    d.type != VPD_DESIG_REL_TGT_PORT)
			continue;
		port = d.len == 4 ? be16_get(d.p + 2) : 0;
		if (port == 0)
			port = -EBADMSG;
	}
	return rc < 0 ? rc : port;
}

#define LU_ID_LEN (VPD_LU_ID_MAX - 1)	/* 200 */
#define LU_ID_KEEP (LU_ID_LEN - 17)		/* 183 + "-" + 16 hex */

int
vpd_lu_id(const uint8_t *vpd83, size_t len83, const uint8_t *vpd80,
	    size_t len80, char *out, size_t outlen)
{
	/* The sink stores the first 200 chars and hashes all of them. */
	char name[LU_ID_LEN + 1];
	struct sink s, tail;
	uint8_t h[8];
	struct desig d;
	size_t n;
	int rc = -ENOENT;

	sink_init(&s, name, sizeof(name));
	if (vpd83 != NULL && len83 > 0)
		rc = lu_designator(vpd83, len83, &d, NULL);
	if (rc == 0) {
		put_lu_name(&s, &d, true);
	} else if (rc == -ENOENT && vpd80 != NULL && len80 > 0) {
		rc = serial_raw(vpd80, len80, &d.p, &d.len, NULL);
		if (rc < 0)
			return rc;
		if (d.len == 0)
			return -ENOENT;
		sink_put_str(&s, "serial.");
		sink_put_file_escaped(&s, d.p, d.len, false);
	}
	if (rc < 0)
		return rc;
	sink_end(&s);
	n = s.n;
	if (n > LU_ID_LEN) {
		/* the first 183 chars stay, "-" and the hash of all follow */
		be64_put(h, s.fnv);
		sink_init(&tail, name + LU_ID_KEEP, sizeof(name) - LU_ID_KEEP);
		sink_put_char(&tail, '-');
		sink_put_hex_bytes(&tail, h, sizeof(h));
		sink_end(&tail);
		n = LU_ID_KEEP + tail.n;
	}
	if (out == NULL || outlen <= n)
		return -ENOSPC;
	memcpy(out, name, n + 1);
	return (int)n;
}

int
vpd_page_fault(const uint8_t *buf, size_t len, int page, struct fault *why)
{
	struct vpd_inquiry q;
	struct desig d;
	const uint8_t *p;
	size_t n;
	int rc;

	if (page < 0)
		return vpd_parse_inquiry(buf, len, &q, why);
	if (page == VPD_DEVICE_ID) {
		rc = lu_designator(buf, len, &d, why);
		return rc == -ENOENT ? 0 : rc;
	}
	if (page == VPD_UNIT_SERIAL)
		return serial_raw(buf, len, &p, &n, why);
	return -EINVAL;
}
