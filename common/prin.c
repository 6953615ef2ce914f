/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PERSISTENT RESERVE IN response parsers (SPC-5 6.16). */
#include <errno.h>
#include <string.h>

#include "be.h"

#include "prin.h"

size_t
prin_needed_len(enum prin_sa sa, const uint8_t *buf, size_t received)
{
	if (sa == PRIN_REPORT_CAPABILITIES)
		return received < 2 ? 0 : be16_get(buf);
	if (received < PRIN_HDR_LEN)
		return 0;
	return PRIN_HDR_LEN + (size_t)be32_get(buf + 4);
}

/* Fewer bytes than the 8-byte header arrived: nothing can be told. */
static int
short_header(size_t received, struct fault *why)
{
	return fault_set(why, FAULT_HEADER, "header", 0, received, PRIN_HDR_LEN, NULL);
}

int
prin_parse_keys(const uint8_t *buf, size_t received, struct prin_keys *out,
		struct fault *why)
{
	size_t avail;

	memset(out, 0, sizeof(*out));
	if (received < PRIN_HDR_LEN)
		return short_header(received, why);
	out->prgeneration = be32_get(buf);
	out->additional_length = be32_get(buf + 4);
	if (out->additional_length % 8 != 0)
		return fault_set(why, FAULT_MULTIPLE, "ADDITIONAL LENGTH", 4,
				 out->additional_length, 8, "a reservation key");
	avail = received - PRIN_HDR_LEN;
	if (avail > out->additional_length)
		avail = out->additional_length;
	out->truncated = avail < out->additional_length;
	out->nkeys = avail / 8;
	out->key_list = buf + PRIN_HDR_LEN;
	return 0;
}

uint64_t
prin_key_at(const struct prin_keys *k, size_t i)
{
	return be64_get(k->key_list + 8 * i);
}

int
prin_parse_resv(const uint8_t *buf, size_t received, struct prin_resv *out,
		struct fault *why)
{
	memset(out, 0, sizeof(*out));
	if (received < PRIN_HDR_LEN)
		return short_header(received, why);
	out->prgeneration = be32_get(buf);
	out->additional_length = be32_get(buf + 4);
	if (out->additional_length == 0)
		return 0;
	if (out->additional_length < PRIN_RESV_DESC_LEN)
		return fault_set(why, FAULT_SHORT, "ADDITIONAL LENGTH", 4,
				 out->additional_length, PRIN_RESV_DESC_LEN,
				 "a reservation descriptor");
	out->held = true;
	if (received < PRIN_HDR_LEN + PRIN_RESV_DESC_LEN) {
		out->truncated = true;
		return 0;
	}
	out->key = be64_get(buf + 8);
	out->scope = buf[21] >> 4;
	out->type = buf[21] & 0x0f;
	return 0;
}

#define CAPS_BIT(label, meaning, byte, mask, field) \
	{ label, meaning, byte, mask, offsetof(struct prin_caps, field) }

const struct prin_caps_bit prin_caps_bits[] = {
	CAPS_BIT("RLR_C", "replace lost reservation capable", 2, 0x80, rlr_c),
	CAPS_BIT("CRH", "compatible reservation handling", 2, 0x10, crh),
	CAPS_BIT("SIP_C", "specify initiator ports capable", 2, 0x08, sip_c),
	CAPS_BIT("ATP_C", "all target ports capable", 2, 0x04, atp_c),
	CAPS_BIT("PTPL_C", "persist through power loss capable", 2, 0x01, ptpl_c),
	CAPS_BIT("TMV", "type mask valid", 3, 0x80, tmv),
	CAPS_BIT("PTPL_A", "persist through power loss activated", 3, 0x01, ptpl_a),
};
const size_t prin_caps_nbits = sizeof(prin_caps_bits) / sizeof(prin_caps_bits[0]);

bool
prin_caps_flag(const struct prin_caps *caps, size_t row)
{
	const bool *b = (const bool *)((const char *)caps +
				       prin_caps_bits[row].member);

	return *b;
}

int
prin_parse_caps(const uint8_t *buf, size_t received, struct prin_caps *out,
		struct fault *why)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (received < 2)
		return fault_set(why, FAULT_HEADER, "REPORT CAPABILITIES data", 0,
				 received, 8, NULL);
	out->length = be16_get(buf);
	if (out->length < 8)
		return fault_set(why, FAULT_SHORT, "LENGTH", 0, out->length, 8,
				 "REPORT CAPABILITIES data");
	out->received = received < 8 ? (uint8_t)received : 8;
	for (i = 0; i < prin_caps_nbits; i++) {
		const struct prin_caps_bit *b = &prin_caps_bits[i];

		if (b->byte < out->received)
			*(bool *)((char *)out + b->member) = buf[b->byte] & b->mask;
	}
	if (out->received > 3)
		out->allow_commands = (buf[3] >> 4) & 0x07;
	if (out->received > 5)
		out->type_mask = be16_get(buf + 4);
	return 0;
}

/* Type mask bit of each type, in the 16-bit big-endian value of bytes
 * 4-5: byte 4 bit N is value bit 8+N, byte 5 bit N is value bit N. */
static const uint16_t type_mask_bit[16] = {
	[1] = 1u << (8 + 1),	/* WR_EX: byte 4 bit 1 */
	[3] = 1u << (8 + 3),	/* EX_AC: byte 4 bit 3 */
	[5] = 1u << (8 + 5),	/* WR_EX_RO: byte 4 bit 5 */
	[6] = 1u << (8 + 6),	/* EX_AC_RO: byte 4 bit 6 */
	[7] = 1u << (8 + 7),	/* WR_EX_AR: byte 4 bit 7 */
	[8] = 1u << 0,		/* EX_AC_AR: byte 5 bit 0 */
};

int
prin_caps_type(const struct prin_caps *caps, unsigned type)
{
	if (type >= 16 || type_mask_bit[type] == 0)
		return -1;
	return (caps->type_mask & type_mask_bit[type]) != 0;
}

int
prin_full_begin(const uint8_t *buf, size_t received, struct prin_full *f)
{
	size_t avail;

	memset(f, 0, sizeof(*f));
	if (received < PRIN_HDR_LEN)
		return short_header(received, &f->why);
	f->prgeneration = be32_get(buf);
	f->additional_length = be32_get(buf + 4);
	avail = received - PRIN_HDR_LEN;
	f->truncated = avail < f->additional_length;
	f->left = f->truncated ? avail : f->additional_length;
	f->left_al = f->additional_length;
	f->next = buf + PRIN_HDR_LEN;
	f->off = PRIN_HDR_LEN;
	return 0;
}

/* The next descriptor did not arrive whole: the end of what arrived. */
static int
full_cut(struct prin_full *f)
{
	f->left = 0;
	f->left_al = 0;
	return 0;
}

int
prin_full_next(struct prin_full *f, struct prin_full_desc *d)
{
	const uint8_t *p = f->next;
	uint32_t tid_len;
	size_t len;

	memset(d, 0, sizeof(*d));
	if (f->left_al == 0)
		return 0;
	if (f->left_al < PRIN_FULL_DESC_HDR_LEN)
		return fault_set(&f->why, FAULT_PAST, "descriptor", f->off,
				 PRIN_FULL_DESC_HDR_LEN, f->left_al, "ADDITIONAL LENGTH");
	if (f->left < PRIN_FULL_DESC_HDR_LEN)
		return full_cut(f);
	tid_len = be32_get(p + 20);
	if (tid_len > f->left_al - PRIN_FULL_DESC_HDR_LEN)
		return fault_set(&f->why, FAULT_PAST, "ADDITIONAL DESCRIPTOR LENGTH",
				 f->off + 20, tid_len,
				 f->left_al - PRIN_FULL_DESC_HDR_LEN, "ADDITIONAL LENGTH");
	if (tid_len > f->left - PRIN_FULL_DESC_HDR_LEN)
		return full_cut(f);
	d->key = be64_get(p);
	d->all_tg_pt = p[12] & 0x02;
	d->r_holder = p[12] & 0x01;
	d->scope = p[13] >> 4;
	d->type = p[13] & 0x0f;
	d->rel_tgt_port = be16_get(p + 18);
	d->transport_id = p + PRIN_FULL_DESC_HDR_LEN;
	d->transport_id_len = tid_len;
	len = PRIN_FULL_DESC_HDR_LEN + (size_t)tid_len;
	f->next = p + len;
	f->off += len;
	f->left -= len;
	f->left_al -= len;
	return 1;
}
