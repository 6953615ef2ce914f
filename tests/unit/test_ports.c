/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: initiator ports from the fake sysfs tree in tests/unit/sysfs. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit.h"
#include "ports.h"
#include "tid.h"

/* The TransportID tid_parse() builds from s, into buf; its length. */
static size_t
tid_of(const char *s, uint8_t *buf)
{
	size_t n = 0;

	assert_int_equal(tid_parse(s, buf, TID_ISCSI_MAX_LEN, &n), 0);
	return n;
}

/* ---- the fake tree --------------------------------------------------------- */

/* The fixture root (unit_sysfs_root()), checked before any test. */
static int
group_setup(void **state)
{
	return unit_sysfs_root(state, "sys/class/scsi_generic/sg10/device", "test_ports");
}

/*
 * The initiator port of the device dev names, as a tool finds it: a node
 * by the dev_t the kernel gives it (/dev/sgN is character 21:N, /dev/nst0
 * 9:128), anything else by sysfs_device_of_path() (H:C:T:L names).
 * Returns an error of either lookup, or ports_of_device()'s result.
 */
static int
initiator_port(const char *root, const char *dev, uint8_t *tid, size_t cap,
	       size_t *n)
{
	struct sysfs_dev d;
	unsigned sg;
	int rc;

	if (sscanf(dev, "/dev/sg%u", &sg) == 1)
		rc = sysfs_device_of(root, false, makedev(21, sg), &d);
	else if (strcmp(dev, "/dev/nst0") == 0)
		rc = sysfs_device_of(root, false, makedev(9, 128), &d);
	else
		rc = sysfs_device_of_path(root, dev, &d);
	return rc < 0 ? rc : ports_of_device(root, &d, tid, cap, n);
}

/* ---- the one walk ---------------------------------------------------------- */

/* What a walk saw: up to 32 ports, and how many calls there were. */
struct seen {
	struct ports_port p[32];
	size_t n;
	size_t stop_at;		/* return 7 on this call (1-based); 0 never */
};

static int
record(const struct ports_port *p, void *arg)
{
	struct seen *s = arg;

	if (s->n < NELEM(s->p))
		s->p[s->n] = *p;
	s->n++;
	return s->n == s->stop_at ? 7 : 0;
}

static void
test_each(void **state)
{
	static const struct {
		enum ports_source source;
		unsigned host, channel, target;
		const char *session;
		int rc;
		const char *tid;
	} want[] = {
		/* tcm_loop TPGs by WWN, fc. first; 3:0:2 has no nexus */
		{ PORTS_LOOP, 9, 0, 1, "", 0, "fc,0x21000024ff000002" },
		{ PORTS_LOOP, 2, 0, 1, "", 0, "sas,0x50014051a2b3c4d2" },
		{ PORTS_LOOP, 3, 0, 1, "", 0, "sas,0x50014051a2b3c4e2" },
		/* host_sas_address: host5's "0xZZ" is given, unusable */
		{ PORTS_SAS_HOST, 0, 0, 0, "", 0, "sas,0x500605b0000272b0" },
		{ PORTS_SAS_HOST, 5, 0, 0, "", -EBADMSG, NULL },
		/* phys of SAS hosts with an address, by number */
		{ PORTS_SAS_PHY, 0, 0, 0, "", 0, "sas,0x500605b0000272b0" },
		{ PORTS_SAS_PHY, 1, 0, 0, "", 0, "sas,0x5001e67000000002" },
		{ PORTS_SAS_PHY, 1, 0, 0, "", 0, "sas,0x5001e6700000000a" },
		{ PORTS_FC, 8, 0, 0, "", 0, "fc,0x21000024ff314c48" },
		{ PORTS_FC, 10, 0, 0, "", -EBADMSG, NULL },
		/* sessions by number, each with its host */
		{ PORTS_ISCSI, 6, 0, 0, "session1", 0,
		  "iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000001" },
		{ PORTS_ISCSI, 7, 0, 0, "session2", 0,
		  "iqn.1993-08.org.debian:01:a1b2c3d4e5f6" },
		{ PORTS_ISCSI, 11, 0, 0, "session4", 0,
		  "iqn.2005-03.org.open-iscsi:x" },
		{ PORTS_ISCSI, 6, 0, 0, "session13", 0,
		  "iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000013" },
	};
	const char *root = *state;
	struct seen s;
	uint8_t w[TID_ISCSI_MAX_LEN];
	size_t i, wn;

	memset(&s, 0, sizeof(s));
	assert_int_equal(ports_each(root, record, &s), 0);
	assert_int_equal(s.n, NELEM(want));
	for (i = 0; i < s.n; i++) {
		assert_int_equal(s.p[i].source, want[i].source);
		assert_int_equal(s.p[i].host, want[i].host);
		assert_int_equal(s.p[i].channel, want[i].channel);
		assert_int_equal(s.p[i].target, want[i].target);
		assert_string_equal(s.p[i].session, want[i].session);
		assert_int_equal(s.p[i].rc, want[i].rc);
		if (want[i].tid == NULL)
			continue;
		wn = tid_of(want[i].tid, w);
		assert_int_equal(s.p[i].tid_len, wn);
		assert_memory_equal(s.p[i].tid, w, wn);
	}
}

static void
test_each_stop(void **state)
{
	const char *root = *state;
	struct seen s;

	/* fn's nonzero value stops the walk and is returned */
	memset(&s, 0, sizeof(s));
	s.stop_at = 4;
	assert_int_equal(ports_each(root, record, &s), 7);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.p[3].source, PORTS_SAS_HOST);
	/* in the last source too */
	memset(&s, 0, sizeof(s));
	s.stop_at = 14;
	assert_int_equal(ports_each(root, record, &s), 7);
	assert_int_equal(s.n, 14);
	/* nothing at all under an empty root */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ports_each("/nonexistent", record, &s), 0);
	assert_int_equal(s.n, 0);
}

/* ---- one device's port ------------------------------------------------------ */

/* The initiator port of dev: expect rc and, when 0, the bytes of want. */
static void
port_is(const char *root, const char *dev, const uint8_t *want,
	size_t want_len)
{
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = 0;

	memset(tid, 0xee, sizeof(tid));
	assert_int_equal(initiator_port(root, dev, tid, sizeof(tid), &n),
			 0);
	assert_int_equal(n, want_len);
	assert_memory_equal(tid, want, want_len);
}

/* The same, with the TransportID given in tid_parse()'s form. */
static void
port_is_str(const char *root, const char *dev, const char *want)
{
	uint8_t w[TID_ISCSI_MAX_LEN];

	port_is(root, dev, w, tid_of(want, w));
}

static void
test_port_tcm_loop(void **state)
{
	/* SAS TransportID of the lab's first initiator (nexus
	 * naa.50014051a2b3c4d2 of the TPG at 2:0:1) */
	static const uint8_t sas1[TID_LEN] = {
		0x06, 0x00, 0x00, 0x00,
		0x50, 0x01, 0x40, 0x51, 0xa2, 0xb3, 0xc4, 0xd2,
	};
	/* the FC tcm_loop TPG at 9:0:1: nexus 21:00:00:24:ff:00:00:02 */
	static const uint8_t fc[TID_LEN] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x21, 0x00, 0x00, 0x24, 0xff, 0x00, 0x00, 0x02,
	};
	const char *root = *state;
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = 0;

	port_is(root, "/dev/sg2", sas1, sizeof(sas1));
	port_is(root, "2:0:1:0", sas1, sizeof(sas1));
	port_is(root, "2:0:1:7", sas1, sizeof(sas1));
	port_is_str(root, "/dev/sg10", "sas,0x50014051a2b3c4e2");
	port_is(root, "9:0:1:0", fc, sizeof(fc));
	/* host 2 but no TPG at target 0; TPG 3:0:2 without a nexus */
	assert_int_equal(initiator_port(root, "2:0:0:0", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(initiator_port(root, "3:0:2:0", tid,
					sizeof(tid), &n), -ENOENT);
	/* 24 bytes needed */
	assert_int_equal(initiator_port(root, "/dev/sg2", tid, 23, &n),
			 -ENOSPC);
}

static void
test_port_sas(void **state)
{
	static const uint8_t mpt[TID_LEN] = {
		0x06, 0x00, 0x00, 0x00,
		0x50, 0x06, 0x05, 0xb0, 0x00, 0x02, 0x72, 0xb0,
	};
	const char *root = *state;
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = 0;

	/* host_sas_address */
	port_is(root, "/dev/sg0", mpt, sizeof(mpt));
	port_is(root, "/dev/sg5", mpt, sizeof(mpt));
	/* libsas: phy-1:0 has no address yet, phy-1:2 comes before
	 * phy-1:10, the expander's phy-1:0:0 is not the host's */
	port_is_str(root, "1:0:0:0", "sas,0x5001e67000000002");
	/* host5's host_sas_address is not an address */
	assert_int_equal(initiator_port(root, "/dev/sg4", tid,
					sizeof(tid), &n), -EBADMSG);
}

static void
test_port_fc(void **state)
{
	static const uint8_t fc[TID_LEN] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x21, 0x00, 0x00, 0x24, 0xff, 0x31, 0x4c, 0x48,
	};
	const char *root = *state;
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = 0;

	port_is(root, "8:0:2:5", fc, sizeof(fc));
	/* host10's port_name has 17 hex digits */
	assert_int_equal(initiator_port(root, "10:0:0:0", tid,
					sizeof(tid), &n), -EBADMSG);
}

static void
test_port_iscsi(void **state)
{
	/* session13's port: format 01b, 55 bytes of text and a null: 56
	 * after the 4-byte header, a multiple of 4 */
	static const char sess13[] =
		"\x45\x00\x00\x38"
		"iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000013"
		"\x00";
	const char *root = *state;
	uint8_t want[60];

	memset(want, 0, sizeof(want));
	assert_int_equal(LIT_LEN(sess13), 4 + 55 + 1);
	memcpy(want, sess13, LIT_LEN(sess13));
	/* the LU lies under session13 of host6 (not session1, whose name
	 * is a prefix of that directory's) */
	port_is(root, "/dev/sg11", want, 60);
	port_is(root, "6:0:0:0", want, 60);
	/* no such device in sysfs: host6's first session */
	port_is_str(root, "6:0:9:0",
		    "iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000001");
	/* session2 has no isid: the device form, format 00b; its name in
	 * upper case is folded (RFC 3722) */
	port_is_str(root, "7:0:0:0", "iqn.1993-08.org.debian:01:a1b2c3d4e5f6");
	/* session4's isid has 11 digits: not an ISID, the device form */
	port_is_str(root, "11:0:0:0", "iqn.2005-03.org.open-iscsi:x");
}

static void
test_port_enoent(void **state)
{
	const char *root = *state;
	uint8_t tid[TID_ISCSI_MAX_LEN];
	size_t n = 77;

	/* scsi_debug: no transport to name */
	assert_int_equal(initiator_port(root, "/dev/sg3", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(initiator_port(root, "/dev/nst0", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(initiator_port(root, "42:0:0:0", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(n, 77);
	/* no such device; not a device name */
	assert_int_equal(initiator_port(root, "/dev/sg99", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(initiator_port(root, "/dev/null", tid,
					sizeof(tid), &n), -EINVAL);
	/* an empty root: nothing at all */
	assert_int_equal(initiator_port("/nonexistent", "2:0:1:0", tid,
					sizeof(tid), &n), -ENOENT);
	assert_int_equal(n, 77);
	/* nowhere to put the answer */
	assert_int_equal(initiator_port(root, "/dev/sg2", NULL, 24, &n),
			 -EINVAL);
	assert_int_equal(initiator_port(root, "/dev/sg2", tid, sizeof(tid),
					NULL), -EINVAL);
}

static void
test_local_ports(void **state)
{
	static const struct {
		unsigned host;
		const char *tid;
	} want[] = {
		/* tcm_loop TPGs, by WWN: fc. before naa. */
		{ 9, "fc,0x21000024ff000002" },
		{ 2, "sas,0x50014051a2b3c4d2" },
		{ 3, "sas,0x50014051a2b3c4e2" },
		/* host_sas_address; phy-0:0 repeats it */
		{ 0, "sas,0x500605b0000272b0" },
		/* host phys of host1, by number */
		{ 1, "sas,0x5001e67000000002" },
		{ 1, "sas,0x5001e6700000000a" },
		{ 8, "fc,0x21000024ff314c48" },
		{ 6, "iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000001" },
		{ 7, "iqn.1993-08.org.debian:01:a1b2c3d4e5f6" },
		{ 11, "iqn.2005-03.org.open-iscsi:x" },
		{ 6, "iqn.1993-08.org.debian:01:a1b2c3d4e5f6,i,0x00023d000013" },
	};
	const char *root = *state;
	struct ports_port ports[16];
	uint8_t w[TID_ISCSI_MAX_LEN];
	size_t i, n = 99, wn;

	assert_int_equal(ports_local(root, ports, NELEM(ports), &n), 0);
	assert_int_equal(n, NELEM(want));
	for (i = 0; i < n; i++) {
		wn = tid_of(want[i].tid, w);
		assert_int_equal(ports[i].host, want[i].host);
		assert_int_equal(ports[i].tid_len, wn);
		assert_memory_equal(ports[i].tid, w, wn);
	}
	/* the port initiator_port() names is among them */
	{
		uint8_t tid[TID_ISCSI_MAX_LEN];
		size_t tn;
		int found = 0;

		assert_int_equal(initiator_port(root, "/dev/sg10", tid,
						sizeof(tid), &tn), 0);
		for (i = 0; i < n; i++)
			found += tid_same_port(ports[i].tid,
					       ports[i].tid_len, tid,
					       tn) == 1;
		assert_int_equal(found, 1);
	}
	assert_int_equal(ports_local(root, ports, 3, &n), -E2BIG);
	assert_int_equal(n, 3);
	assert_int_equal(ports[2].host, 3);
	assert_int_equal(ports_local(root, ports, NELEM(want), &n), 0);
	assert_int_equal(ports_local("/nonexistent", ports,
				     NELEM(ports), &n), 0);
	assert_int_equal(n, 0);
}

/*
 * A snapshot gives what the walk gave, stops where fn stops, and reads
 * sysfs no more: the root (a link to the fixture) is pointed at an empty
 * tree after it was taken, and only ports_snapshot_drop() lets that show.
 * Another root is walked as ever.
 */
static void
test_snapshot(void **state)
{
	const char *fixture = *state;
	char dir[] = "/tmp/test_ports.XXXXXX", link[64], empty[64], real[4096];
	struct ports_port ports[16], again[16];
	struct seen *s = calloc(1, sizeof(*s));
	size_t n, m, i;

	assert_non_null(s);
	assert_non_null(mkdtemp(dir));
	assert_non_null(realpath(fixture, real));
	snprintf(link, sizeof(link), "%s/root", dir);
	snprintf(empty, sizeof(empty), "%s/empty", dir);
	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(ports_local(link, ports, NELEM(ports), &n), 0);
	assert_true(n > 3);

	assert_int_equal(ports_snapshot_take(link), 0);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(empty, link), 0);
	assert_int_equal(ports_local(link, again, NELEM(again), &m), 0);
	assert_int_equal(m, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(again[i].host, ports[i].host);
		assert_int_equal(again[i].tid_len, ports[i].tid_len);
		assert_memory_equal(again[i].tid, ports[i].tid, ports[i].tid_len);
	}
	s->stop_at = 3;
	assert_int_equal(ports_each(link, record, s), 7);
	assert_int_equal(s->n, 3);
	assert_int_equal(ports_local("/nonexistent", again, NELEM(again), &m), 0);
	assert_int_equal(m, 0);

	ports_snapshot_drop();
	assert_int_equal(ports_local(link, again, NELEM(again), &m), 0);
	assert_int_equal(m, 0);
	ports_snapshot_drop();	/* twice is harmless */
	unlink(link);
	rmdir(empty);
	rmdir(dir);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_each_stop),
		cmocka_unit_test(test_port_tcm_loop),
		cmocka_unit_test(test_port_sas),
		cmocka_unit_test(test_port_fc),
		cmocka_unit_test(test_port_iscsi),
		cmocka_unit_test(test_port_enoent),
		cmocka_unit_test(test_local_ports),
		cmocka_unit_test(test_snapshot),
	};

	return cmocka_run_group_tests_name("ports", tests, group_setup, NULL);
}
