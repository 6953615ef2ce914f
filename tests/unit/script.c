/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scripted transport: replies queued by a test, every command recorded for its assertions. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "script.h"
#include "tid.h"

static int
script_exec(struct xport *x, const uint8_t *cdb, size_t cdb_len, enum xport_dir dir,
	    uint8_t *buf, size_t len, unsigned timeout_s, struct scsi_result *res)
{
	struct script *s = (struct script *)x;
	struct script_sent *w;
	const struct script_reply *r;

	(void)timeout_s;
	memset(res, 0, sizeof(*res));
	assert_true(s->nsent < SCRIPT_MAX);
	w = &s->sent[s->nsent++];
	memset(w, 0, sizeof(*w));
	memcpy(w->cdb, cdb, cdb_len);
	w->cdb_len = cdb_len;
	if (dir == XPORT_DIR_OUT) {
		assert_true(len <= sizeof(w->param));
		memcpy(w->param, buf, len);
		w->param_len = len;
	} else if (dir == XPORT_DIR_IN) {
		w->alloc = len;
	}
	if (s->next >= s->nreplies)
		fail_msg("command %zu (opcode %02xh) sent, but only %zu answers queued",
			 s->nsent - 1, cdb[0], s->nreplies);
	r = &s->replies[s->next++];
	if (r->os_err != 0) {
		res->os_err = r->os_err;
		return -r->os_err;
	}
	res->status = r->status;
	res->host_status = r->host_status;
	memcpy(res->sense, r->sense, r->sense_len);
	res->sense_len = r->sense_len;
	if (dir == XPORT_DIR_IN) {
		size_t n = r->data_len < len ? r->data_len : len;

		memcpy(buf, r->data, n);
		res->received = n;
	}
	return 0;
}

/* exec_all() calls so far, over every scripted device. */
static unsigned script_calls;

/* Answers each in order from its device's queue, as exec() would, each
 * marked with its device's batch number and this call's. */
static void
script_exec_all(struct xport_batch *b, size_t nb, unsigned timeout_s)
{
	size_t i, j;

	script_calls++;
	for (i = 0; i < nb; i++) {
		struct script *s = (struct script *)b[i].x;

		assert_true(b[i].n >= 1 && b[i].n <= XPORT_BATCH_MAX);
		s->nbatches++;
		for (j = 0; j < b[i].n; j++) {
			struct xport_cmd *c = &b[i].cmds[j];

			c->rc = script_exec(b[i].x, c->cdb, c->cdb_len, c->dir, c->buf, c->len,
					    timeout_s, &c->res);
			s->sent[s->nsent - 1].batch = s->nbatches;
			s->sent[s->nsent - 1].call = script_calls;
		}
	}
}

static int
script_reset(struct xport *x, enum xport_reset level)
{
	(void)level;
	((struct script *)x)->resets++;
	return 0;
}

static void
script_free(struct xport *x)
{
	(void)x;
}

static const struct xport_ops script_ops = {
	.exec = script_exec,
	.exec_all = script_exec_all,
	.reset = script_reset,
	.idle = NULL,
	.free = script_free,
};

/* A transport that sends one command at a time (as libiscsi's does). */
static const struct xport_ops script_serial_ops = {
	.exec = script_exec,
	.reset = script_reset,
	.free = script_free,
};

void
script_serial(struct script *s)
{
	s->x.ops = &script_serial_ops;
}

void
script_init(struct script *s, struct dev *d)
{
	memset(s, 0, sizeof(*s));
	s->x.ops = &script_ops;
	s->x.via = "scripted";
	memset(d, 0, sizeof(*d));
	d->x = &s->x;
	d->name = "scripted";
	d->sysroot = "/nonexistent";
	d->timeout_s = 60;
	d->nexus_known = -1;
	d->rel_tgt_port = -1;
}

void
script_nexus(struct dev *d, const char *port, int rel_tgt_port)
{
	assert_int_equal(tid_parse(port, d->port_tid, sizeof(d->port_tid),
				   &d->port_tid_len), 0);
	d->nexus_known = 1;
	d->rel_tgt_port = rel_tgt_port;
}

static struct script_reply *
push(struct script *s)
{
	struct script_reply *r;

	assert_true(s->nreplies < SCRIPT_MAX);
	r = &s->replies[s->nreplies++];
	memset(r, 0, sizeof(*r));
	return r;
}

void
script_good(struct script *s)
{
	push(s);
}

void
script_data(struct script *s, const uint8_t *data, size_t len)
{
	struct script_reply *r = push(s);

	assert_true(len <= sizeof(r->data));
	memcpy(r->data, data, len);
	r->data_len = len;
}

void
script_status(struct script *s, uint8_t status)
{
	push(s)->status = status;
}

void
script_timeout(struct script *s)
{
	push(s)->host_status = HOST_DID_TIME_OUT;
}

void
script_sense(struct script *s, uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct script_reply *r = push(s);

	r->status = SAM_CHECK_CONDITION;
	r->sense[0] = 0x70;
	r->sense[2] = key;
	r->sense[7] = 10;
	r->sense[12] = asc;
	r->sense[13] = ascq;
	r->sense_len = 18;
}

static void
put_be(uint8_t *p, uint64_t v, size_t n)
{
	while (n-- > 0) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

void
script_full_status(struct script *s, uint32_t prgeneration, size_t n,
		   const uint64_t *keys, const uint64_t *sas, int holder, uint8_t type)
{
	uint8_t b[512];
	size_t i, off = 8;

	memset(b, 0, sizeof(b));
	put_be(b, prgeneration, 4);
	for (i = 0; i < n; i++, off += 48) {
		assert_true(off + 48 <= sizeof(b));
		put_be(b + off, keys[i], 8);
		if ((int)i == holder) {
			b[off + 12] = 0x01;		/* R_HOLDER */
			b[off + 13] = type & 0x0f;	/* SCOPE 0, TYPE */
		}
		put_be(b + off + 18, sas[i] & 0xf, 2);	/* RELATIVE TARGET PORT */
		put_be(b + off + 20, 24, 4);		/* ADDITIONAL DESCRIPTOR LENGTH */
		b[off + 24] = 0x06;			/* SAS TransportID */
		put_be(b + off + 28, sas[i], 8);
	}
	put_be(b + 4, off - 8, 4);			/* ADDITIONAL LENGTH */
	script_data(s, b, off);
}

void
script_read_keys(struct script *s, uint32_t prgeneration, size_t n,
		 const uint64_t *keys)
{
	uint8_t b[512];
	size_t i;

	memset(b, 0, sizeof(b));
	assert_true(8 + 8 * n <= sizeof(b));
	put_be(b, prgeneration, 4);
	put_be(b + 4, 8 * n, 4);
	for (i = 0; i < n; i++)
		put_be(b + 8 + 8 * i, keys[i], 8);
	script_data(s, b, 8 + 8 * n);
}

void
script_read_resv(struct script *s, uint32_t prgeneration, bool held, uint64_t key,
		 uint8_t type)
{
	uint8_t b[24];

	memset(b, 0, sizeof(b));
	put_be(b, prgeneration, 4);
	if (held) {
		put_be(b + 4, 16, 4);
		put_be(b + 8, key, 8);
		b[21] = type & 0x0f;
	}
	script_data(s, b, held ? 24 : 8);
}

void
script_assert_cmd(const struct script *s, size_t i, uint8_t opcode, int sa)
{
	if (i >= s->nsent)
		fail_msg("command %zu was not sent (only %zu were)", i, s->nsent);
	assert_int_equal(s->sent[i].cdb[0], opcode);
	if (sa >= 0)
		assert_int_equal(s->sent[i].cdb[1] & 0x1f, sa);
}

static uint64_t
get_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

uint64_t
script_key(const struct script *s, size_t i)
{
	assert_true(i < s->nsent && s->sent[i].param_len >= 24);
	return get_be(s->sent[i].param, 8);
}

uint64_t
script_sa_key(const struct script *s, size_t i)
{
	assert_true(i < s->nsent && s->sent[i].param_len >= 24);
	return get_be(s->sent[i].param + 8, 8);
}

void
script_assert_together(const struct script *s, size_t i, size_t j)
{
	assert_true(i < s->nsent && j < s->nsent);
	assert_int_not_equal(s->sent[i].batch, 0);
	assert_int_equal(s->sent[i].batch, s->sent[j].batch);
}

void
script_assert_together_units(const struct script *s, size_t i, const struct script *t, size_t j)
{
	assert_true(i < s->nsent && j < t->nsent);
	assert_int_not_equal(s->sent[i].call, 0);
	assert_int_equal(s->sent[i].call, t->sent[j].call);
}
