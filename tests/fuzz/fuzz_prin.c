/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the PERSISTENT RESERVE IN parsers and the READ FULL STATUS walker on one response. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prin.h"
#include "tid.h"

#include "fuzz.h"

/* The longest input worth trying (tests/fuzz/run): a whole PR IN (16-bit allocation length). */
#define FUZZ_MAX_LEN 65535

static void
fuzz_keys(const uint8_t *buf, size_t n)
{
	struct prin_keys k;
	struct fault why;
	size_t i, avail;
	int rc = prin_parse_keys(buf, n, &k, &why);

	if (n < PRIN_HDR_LEN) {
		FUZZ_CHECK(rc == -EBADMSG && why.kind == FAULT_HEADER);
		return;
	}
	if (fuzz_be(buf + 4, 4) % 8 != 0) {
		FUZZ_CHECK(rc == -EBADMSG && why.kind == FAULT_MULTIPLE);
		FUZZ_CHECK(why.offset == 4 && why.value == fuzz_be(buf + 4, 4));
		return;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(k.prgeneration == fuzz_be(buf, 4));
	FUZZ_CHECK(k.additional_length == fuzz_be(buf + 4, 4));
	avail = n - PRIN_HDR_LEN;
	FUZZ_CHECK(k.truncated == (k.additional_length > avail));
	if (avail > k.additional_length)
		avail = k.additional_length;
	FUZZ_CHECK(k.nkeys == avail / 8);
	FUZZ_CHECK(k.key_list == buf + PRIN_HDR_LEN);
	for (i = 0; i < k.nkeys; i++)
		FUZZ_CHECK(prin_key_at(&k, i) ==
			   fuzz_be(buf + PRIN_HDR_LEN + 8 * i, 8));
}

static void
fuzz_resv(const uint8_t *buf, size_t n)
{
	struct prin_resv v;
	struct fault why;
	int rc = prin_parse_resv(buf, n, &v, &why);
	uint32_t al;

	if (n < PRIN_HDR_LEN) {
		FUZZ_CHECK(rc == -EBADMSG && why.kind == FAULT_HEADER);
		return;
	}
	al = (uint32_t)fuzz_be(buf + 4, 4);
	if (al != 0 && al < PRIN_RESV_DESC_LEN) {
		FUZZ_CHECK(rc == -EBADMSG && why.kind == FAULT_SHORT);
		return;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(v.additional_length == al);
	FUZZ_CHECK(v.held == (al != 0));
	/* a descriptor cut short: held, nothing of it read */
	FUZZ_CHECK(v.truncated == (al != 0 && n < PRIN_HDR_LEN + PRIN_RESV_DESC_LEN));
	if (v.truncated)
		FUZZ_CHECK(v.key == 0 && v.scope == 0 && v.type == 0);
	else if (v.held) {
		FUZZ_CHECK(v.key == fuzz_be(buf + 8, 8));
		FUZZ_CHECK(v.scope == buf[21] >> 4);
		FUZZ_CHECK(v.type == (buf[21] & 0x0f));
	}
}

static void
fuzz_caps(const uint8_t *buf, size_t n)
{
	/* type code -> byte (4 or 5) and bit of the type mask, as prin.h
	 * spells it; byte 0 for the codes that have no mask bit */
	static const struct {
		uint8_t byte, bit;
	} mask[16] = {
		[1] = { 4, 1 }, [3] = { 4, 3 }, [5] = { 4, 5 },
		[6] = { 4, 6 }, [7] = { 4, 7 }, [8] = { 5, 0 },
	};
	struct prin_caps c;
	struct fault why;
	unsigned t;
	size_t i;
	int rc = prin_parse_caps(buf, n, &c, &why), want;
	uint8_t whole[8] = { 0 };

	if (n < 2 || fuzz_be(buf, 2) < 8) {
		FUZZ_CHECK(rc == -EBADMSG);
		FUZZ_CHECK(why.kind == (n < 2 ? FAULT_HEADER : FAULT_SHORT));
		return;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(c.received == (n < 8 ? n : 8));
	/* cut short: what did not arrive reads as zero bytes */
	memcpy(whole, buf, c.received);
	if (c.received < 6)	/* the type mask is read whole or not at all */
		whole[4] = whole[5] = 0;
	buf = whole;
	FUZZ_CHECK(c.length == fuzz_be(buf, 2));
	FUZZ_CHECK(c.type_mask == fuzz_be(buf + 4, 2));
	/* each field from the bit the struct's comment names */
	FUZZ_CHECK(c.rlr_c == ((buf[2] & 0x80) != 0));
	FUZZ_CHECK(c.crh == ((buf[2] & 0x10) != 0));
	FUZZ_CHECK(c.sip_c == ((buf[2] & 0x08) != 0));
	FUZZ_CHECK(c.atp_c == ((buf[2] & 0x04) != 0));
	FUZZ_CHECK(c.ptpl_c == ((buf[2] & 0x01) != 0));
	FUZZ_CHECK(c.tmv == ((buf[3] & 0x80) != 0));
	FUZZ_CHECK(c.allow_commands == ((buf[3] >> 4) & 0x07));
	FUZZ_CHECK(c.ptpl_a == ((buf[3] & 0x01) != 0));
	/* and the label table tells the bit it was read from */
	for (i = 0; i < prin_caps_nbits; i++)
		FUZZ_CHECK(prin_caps_flag(&c, i) ==
			   ((buf[prin_caps_bits[i].byte] &
			     prin_caps_bits[i].mask) != 0));
	for (t = 0; t <= 16; t++) {
		if (t >= 16 || mask[t].byte == 0)
			want = -1;
		else
			want = (buf[mask[t].byte] >> mask[t].bit) & 1;
		FUZZ_CHECK(prin_caps_type(&c, t) == want);
	}
}

/* One descriptor's TransportID: decoded within its own bytes, formatted
 * into a line that fits TID_FORMAT_MAX. */
static void
fuzz_desc_tid(const struct prin_full_desc *d)
{
	char line[TID_FORMAT_MAX];
	struct tid t;
	size_t used;
	int len;

	if (tid_decode(d->transport_id, d->transport_id_len, &t, &used) != 0) {
		FUZZ_CHECK(used == 0);
		return;
	}
	FUZZ_CHECK(used >= TID_LEN && used <= d->transport_id_len);
	FUZZ_CHECK(used == t.length);
	len = tid_format(&t, line, sizeof(line));
	FUZZ_CHECK(len >= 0 && (size_t)len < sizeof(line));
	FUZZ_CHECK(strlen(line) == (size_t)len);
	FUZZ_CHECK(fuzz_printable(line));
}

static void
fuzz_full(const uint8_t *buf, size_t n)
{
	const uint8_t *end = buf + n, *at;
	struct prin_full f;
	struct prin_full_desc d;
	size_t count = 0;
	int rc = prin_full_begin(buf, n, &f);

	if (n < PRIN_HDR_LEN) {
		FUZZ_CHECK(rc == -EBADMSG);
		return;
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(f.additional_length == fuzz_be(buf + 4, 4));
	FUZZ_CHECK(f.truncated == (f.additional_length > n - PRIN_HDR_LEN));
	at = buf + PRIN_HDR_LEN;
	while ((rc = prin_full_next(&f, &d)) == 1) {
		/* descriptors follow one another, each at least 24 bytes,
		 * the TransportID inside what arrived */
		FUZZ_CHECK(++count <= (n - PRIN_HDR_LEN) /
					     PRIN_FULL_DESC_HDR_LEN);
		FUZZ_CHECK(d.transport_id == at + PRIN_FULL_DESC_HDR_LEN);
		FUZZ_CHECK(d.transport_id_len <=
			   (size_t)(end - d.transport_id));
		FUZZ_CHECK(d.key == fuzz_be(at, 8));
		FUZZ_CHECK(d.transport_id_len == fuzz_be(at + 20, 4));
		fuzz_desc_tid(&d);
		at = d.transport_id + d.transport_id_len;
	}
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	if (rc == -EBADMSG) {
		/* a lie about lengths, said where: inside what arrived, at a
		 * descriptor or its ADDITIONAL DESCRIPTOR LENGTH */
		FUZZ_CHECK(f.why.kind == FAULT_PAST);
		FUZZ_CHECK(f.why.offset == (size_t)(at - buf) ||
			   f.why.offset == (size_t)(at - buf) + 20);
		FUZZ_CHECK(f.why.value > f.why.limit);
	} else {
		FUZZ_CHECK(prin_full_next(&f, &d) == 0);
	}
}

/* The length each service action's response announces. */
static void
fuzz_needed(const uint8_t *buf, size_t n)
{
	static const enum prin_sa hdr8[] = {
		PRIN_READ_KEYS, PRIN_READ_RESERVATION, PRIN_READ_FULL_STATUS,
	};
	size_t i;

	for (i = 0; i < sizeof(hdr8) / sizeof(hdr8[0]); i++)
		FUZZ_CHECK(prin_needed_len(hdr8[i], buf, n) ==
			   (n < PRIN_HDR_LEN ? 0 :
			    PRIN_HDR_LEN + fuzz_be(buf + 4, 4)));
	FUZZ_CHECK(prin_needed_len(PRIN_REPORT_CAPABILITIES, buf, n) ==
		   (n < 2 ? 0 : fuzz_be(buf, 2)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = fuzz_dup(data, size);

	fuzz_needed(buf, size);
	fuzz_keys(buf, size);
	fuzz_resv(buf, size);
	fuzz_caps(buf, size);
	fuzz_full(buf, size);
	free(buf);
	return 0;
}
