/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CDB builders: pure, each command built from a zeroed array in one place. */
#include <string.h>

#include "be.h"

#include "cdb.h"

static size_t
cdb_zero(uint8_t *cdb, size_t len, uint8_t opcode)
{
	memset(cdb, 0, len);
	cdb[0] = opcode;
	return len;
}

size_t
cdb_test_unit_ready(uint8_t cdb[CDB6_LEN])
{
	return cdb_zero(cdb, CDB6_LEN, CDB_OP_TEST_UNIT_READY);
}

size_t
cdb_inquiry(uint8_t cdb[CDB6_LEN], int evpd, uint8_t page, uint16_t alloc_len)
{
	cdb_zero(cdb, CDB6_LEN, CDB_OP_INQUIRY);
	if (evpd) {
		cdb[1] = 0x01;
		cdb[2] = page;
	}
	be16_put(cdb + 3, alloc_len);
	return CDB6_LEN;
}

size_t
cdb_reserve6(uint8_t cdb[CDB6_LEN])
{
	return cdb_zero(cdb, CDB6_LEN, CDB_OP_RESERVE6);
}

size_t
cdb_release6(uint8_t cdb[CDB6_LEN])
{
	return cdb_zero(cdb, CDB6_LEN, CDB_OP_RELEASE6);
}

size_t
cdb_prevent_allow(uint8_t cdb[CDB6_LEN], int prevent)
{
	cdb_zero(cdb, CDB6_LEN, CDB_OP_PREVENT_ALLOW);
	cdb[4] = prevent ? 0x01 : 0x00;
	return CDB6_LEN;
}

size_t
cdb_reserve10(uint8_t cdb[CDB10_LEN])
{
	return cdb_zero(cdb, CDB10_LEN, CDB_OP_RESERVE10);
}

size_t
cdb_release10(uint8_t cdb[CDB10_LEN])
{
	return cdb_zero(cdb, CDB10_LEN, CDB_OP_RELEASE10);
}

size_t
cdb_prin(uint8_t cdb[CDB10_LEN], enum prin_sa sa, uint16_t alloc_len)
{
	cdb_zero(cdb, CDB10_LEN, CDB_OP_PERSISTENT_RESERVE_IN);
	cdb[1] = (uint8_t)sa & 0x1f;
	be16_put(cdb + 7, alloc_len);
	return CDB10_LEN;
}

size_t
cdb_prout(uint8_t cdb[CDB10_LEN], enum prout_sa sa, uint8_t scope,
	  uint8_t type, uint32_t param_len)
{
	cdb_zero(cdb, CDB10_LEN, CDB_OP_PERSISTENT_RESERVE_OUT);
	cdb[1] = (uint8_t)sa & 0x1f;
	cdb[2] = (uint8_t)(((scope & 0x0f) << 4) | (type & 0x0f));
	be32_put(cdb + 5, param_len);
	return CDB10_LEN;
}
