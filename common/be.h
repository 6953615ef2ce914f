/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Big-endian field access for CDBs and parameter data (SCSI fields are big-endian, SPC-5 3.5). */
#ifndef TRESV_BE_H
#define TRESV_BE_H

#include <stdint.h>

/*
 * Our own, because libsgutils2 1.46's generic sg_get_unaligned_be32()
 * shifts a byte promoted to int by 24, undefined for bytes >= 80h
 * (UBSan reports it on PR generations like 0xab000000).  Every shift here
 * is done in the unsigned destination width.
 */
static inline uint16_t
be16_get(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t
be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t
be64_get(const uint8_t *p)
{
	return (uint64_t)be32_get(p) << 32 | be32_get(p + 4);
}

static inline void
be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
be32_put(uint8_t *p, uint32_t v)
{
	be16_put(p, (uint16_t)(v >> 16));
	be16_put(p + 2, (uint16_t)v);
}

static inline void
be64_put(uint8_t *p, uint64_t v)
{
	be32_put(p, (uint32_t)(v >> 32));
	be32_put(p + 4, (uint32_t)v);
}

#endif /* TRESV_BE_H */
