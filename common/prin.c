/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PERSISTENT RESERVE IN response parsers (SPC-5 6.16). */
#include <errno.h>
#include <string.h>

#include "be.h"

#include "prin.h"

size_t
prin_needed_len(const uint8_t *buf, size_t received)
{
	if (received < PRIN_HDR_LEN)
		return 0;
	return PRIN_HDR_LEN + (size_t)be32_get(buf + 4);
}

int
prin_parse_keys(const uint8_t *buf, size_t received, struct prin_keys *out)
{
	size_t avail;

	memset(out, 0, sizeof(*out));
	if (received < PRIN_HDR_LEN)
		return -EBADMSG;
	out->prgeneration = be32_get(buf);
	out->additional_length = be32_get(buf + 4);
	if (out->additional_length % 8 != 0)
		return -EBADMSG;
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
prin_parse_resv(const uint8_t *buf, size_t received, struct prin_resv *out)
{
	memset(out, 0, sizeof(*out));
	if (received < PRIN_HDR_LEN)
		return -EBADMSG;
	out->prgeneration = be32_get(buf);
	out->additional_length = be32_get(buf + 4);
	if (out->additional_length == 0)
		return 0;
	if (out->additional_length < PRIN_RESV_DESC_LEN ||
	    received < PRIN_HDR_LEN + PRIN_RESV_DESC_LEN)
		return -EBADMSG;
	out->held = true;
	out->key = be64_get(buf + 8);
	out->scope = buf[21] >> 4;
	out->type = buf[21] & 0x0f;
	return 0;
}
