/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PR OUT parameter lists (SPC-5 6.17.3, 6.17.4). */
#include <errno.h>
#include <string.h>

#include "be.h"
#include "prout.h"

static ssize_t
build_move(const struct prout_params *p, uint8_t *buf, size_t cap)
{
	size_t len = PROUT_MOVE_HDR_LEN + p->tids_len;

	if (p->tids_len == 0 || p->all_tg_pt || p->spec_i_pt)
		return -EINVAL;
	if (cap < len)
		return -ENOSPC;
	memset(buf, 0, PROUT_MOVE_HDR_LEN);
	be64_put(buf, p->key);
	be64_put(buf + 8, p->sa_key);
	buf[17] = (uint8_t)((p->unreg ? 0x02 : 0) | (p->aptpl ? 0x01 : 0));
	be16_put(buf + 18, p->rel_tgt_port);
	be32_put(buf + 20, (uint32_t)p->tids_len);
	memcpy(buf + PROUT_MOVE_HDR_LEN, p->tids, p->tids_len);
	return (ssize_t)len;
}

ssize_t
prout_build(enum prout_sa sa, const struct prout_params *p, uint8_t *buf,
	    size_t cap)
{
	size_t len = PROUT_BASIC_LEN;

	if (p->tids_len > PROUT_MAX_TIDS || (p->tids_len > 0 && p->tids == NULL))
		return -EINVAL;
	if (sa == PROUT_REGISTER_AND_MOVE)
		return build_move(p, buf, cap);
	if (p->unreg || p->rel_tgt_port != 0)
		return -EINVAL;
	if (p->spec_i_pt != (p->tids_len > 0) || (p->spec_i_pt && sa != PROUT_REGISTER))
		return -EINVAL;
	if (p->spec_i_pt)
		len += 4 + p->tids_len;
	if (cap < len)
		return -ENOSPC;
	memset(buf, 0, PROUT_BASIC_LEN);
	be64_put(buf, p->key);
	be64_put(buf + 8, p->sa_key);
	buf[20] = (uint8_t)((p->spec_i_pt ? 0x08 : 0) | (p->all_tg_pt ? 0x04 : 0) |
			    (p->aptpl ? 0x01 : 0));
	if (p->spec_i_pt) {
		be32_put(buf + PROUT_BASIC_LEN, (uint32_t)p->tids_len);
		memcpy(buf + PROUT_BASIC_LEN + 4, p->tids, p->tids_len);
	}
	return (ssize_t)len;
}
