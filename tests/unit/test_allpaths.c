/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests: --all-paths against two scripted paths of one unit: exact commands per path, what is skipped, and what a failure on path 2 puts back on path 1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "allpaths.h"
#include "cdb.h"
#include "keys.h"
#include "script.h"
#include "unit.h"

#define PRIN CDB_OP_PERSISTENT_RESERVE_IN
#define PROUT CDB_OP_PERSISTENT_RESERVE_OUT

/* The lab's two initiator ports: path 1 through target port 1, path 2
 * through target port 2 (script_full_status() takes the port from the
 * SAS address's last digit). */
static const uint64_t sas[] = { 0x5001405aaaa00001, 0x5001405bbbb00002 };
static const uint64_t key = 0xbeef, old = 0x1111;

struct two {
	struct script sc[2];
	struct allpaths_path p[2];
	struct allpaths s;
};

/* Two running paths of one unit, each its own scripted I_T nexus. */
static void
two_paths(struct two *t)
{
	memset(t, 0, sizeof(*t));
	script_init(&t->sc[0], &t->p[0].d);
	script_nexus(&t->p[0].d, "sas,0x5001405aaaa00001", 1);
	script_init(&t->sc[1], &t->p[1].d);
	script_nexus(&t->p[1].d, "sas,0x5001405bbbb00002", 2);
	strcpy(t->p[0].node, "/dev/sg0");
	strcpy(t->p[1].node, "/dev/sg1");
	strcpy(t->p[0].state, "running");
	strcpy(t->p[1].state, "running");
	t->p[0].running = t->p[1].running = true;
	t->s.p = t->p;
	t->s.n = 2;
}

/* Command i of path sc is exactly this PR OUT CDB: service action sa,
 * type, parameter list length 24, and the two keys of its list. */
static void
prout_is(const struct script *sc, size_t i, uint8_t sa, uint8_t type, uint64_t k,
	 uint64_t sa_key)
{
	const uint8_t want[10] = { PROUT, sa, type, 0, 0, 0, 0, 0, 24, 0 };

	assert_true(i < sc->nsent);
	assert_int_equal(sc->sent[i].cdb_len, 10);
	assert_memory_equal(sc->sent[i].cdb, want, 10);
	assert_true(script_key(sc, i) == k);
	assert_true(script_sa_key(sc, i) == sa_key);
}

/* Command i of path sc is READ FULL STATUS. */
static void
rfs_is(const struct script *sc, size_t i)
{
	script_assert_cmd(sc, i, PRIN, PRIN_READ_FULL_STATUS);
}

static const struct allpaths_req reg = { ALLPATHS_REGISTER, 0, 0xbeef, false, false };

/* register: done on path 1, a conflict on path 2: path 1 is put back
 * (REGISTER from the new key to 0), path 2 is named with why. */
static void
test_register_failure_puts_path1_back(void **state)
{
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	script_full_status(&t.sc[0], 1, 0, NULL, NULL, -1, 0);	/* nobody */
	script_good(&t.sc[0]);					/* REGISTER */
	script_good(&t.sc[0]);					/* REGISTER back */
	/* path 2 meanwhile registered with another key by someone: conflict */
	script_full_status(&t.sc[1], 2, 1, &old, &sas[1], -1, 0);
	script_status(&t.sc[1], SAM_RESERVATION_CONFLICT);	/* REGISTER */
	script_full_status(&t.sc[1], 2, 1, &old, &sas[1], -1, 0);	/* why */
	assert_int_equal(allpaths_apply(&t.s, &reg), TR_EXIT_CONFLICT);
	assert_int_equal(t.s.failed, 1);

	assert_int_equal(t.sc[0].nsent, 3);
	rfs_is(&t.sc[0], 0);
	prout_is(&t.sc[0], 1, PROUT_REGISTER, 0, 0, key);
	prout_is(&t.sc[0], 2, PROUT_REGISTER, 0, key, 0);
	assert_int_equal(t.p[0].outcome, ALLPATHS_PUT_BACK);
	assert_string_equal(allpaths_line(&t.p[0], &reg, line, sizeof(line)),
			    "put back (not registered)");

	assert_int_equal(t.sc[1].nsent, 3);
	rfs_is(&t.sc[1], 0);
	prout_is(&t.sc[1], 1, PROUT_REGISTER, 0, 0, key);
	rfs_is(&t.sc[1], 2);
	assert_int_equal(t.p[1].outcome, ALLPATHS_FAILED);
	assert_string_equal(allpaths_line(&t.p[1], &reg, line, sizeof(line)),
			    "failed: REGISTER: reservation conflict: this I_T nexus is "
			    "registered with key 0x1111, not 0x0");
	assert_int_equal(t.sc[0].next, t.sc[0].nreplies);
	assert_int_equal(t.sc[1].next, t.sc[1].nreplies);
}

/* A path already registered with the key gets nothing; the other is
 * registered; the words say which was which. */
static void
test_register_skips_what_is_there(void **state)
{
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	script_full_status(&t.sc[0], 3, 1, &key, &sas[0], -1, 0);
	script_full_status(&t.sc[1], 3, 1, &key, &sas[0], -1, 0);
	script_good(&t.sc[1]);
	assert_int_equal(allpaths_apply(&t.s, &reg), TR_EXIT_OK);
	assert_int_equal(t.s.failed, 2);
	assert_int_equal(t.sc[0].nsent, 1);		/* READ FULL STATUS only */
	assert_int_equal(t.p[0].outcome, ALLPATHS_ALREADY);
	assert_string_equal(allpaths_line(&t.p[0], &reg, line, sizeof(line)),
			    "already registered with 0xbeef: nothing sent");
	assert_int_equal(t.sc[1].nsent, 2);
	prout_is(&t.sc[1], 1, PROUT_REGISTER, 0, 0, key);
	assert_string_equal(allpaths_line(&t.p[1], &reg, line, sizeof(line)),
			    "registered with 0xbeef (was not registered)");
}

/* A path sysfs shows offline is sent nothing at all, and says so; the
 * others are done; NOT READY tells the caller one was skipped. */
static void
test_offline_path_skipped(void **state)
{
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	t.p[1].running = false;
	strcpy(t.p[1].state, "offline");
	script_full_status(&t.sc[0], 1, 0, NULL, NULL, -1, 0);
	script_good(&t.sc[0]);
	assert_int_equal(allpaths_apply(&t.s, &reg), TR_EXIT_NOT_READY);
	assert_int_equal(t.sc[1].nsent, 0);
	assert_int_equal(t.p[0].outcome, ALLPATHS_DONE);
	assert_int_equal(t.p[1].outcome, ALLPATHS_SKIPPED);
	assert_string_equal(allpaths_line(&t.p[1], &reg, line, sizeof(line)),
			    "offline: skipped");
}

/* unregister: path 1, which held a Write Exclusive reservation, is
 * unregistered (which released it); path 2 fails: path 1 is registered
 * again with its key and reserves again with its type. */
static void
test_unregister_failure_reregisters_and_reserves(void **state)
{
	static const struct allpaths_req unreg = { ALLPATHS_UNREGISTER, 0xbeef, 0, false,
						   false };
	static const uint64_t keys[] = { 0xbeef, 0xbeef };
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	script_full_status(&t.sc[0], 5, 2, keys, sas, 0, PR_TYPE_WR_EX);
	script_good(&t.sc[0]);					/* unregister */
	script_good(&t.sc[0]);					/* REGISTER AND IGNORE */
	script_good(&t.sc[0]);					/* RESERVE */
	script_full_status(&t.sc[1], 6, 1, &keys[1], &sas[1], -1, 0);
	script_sense(&t.sc[1], SK_NOT_READY, 0x08, 0x00);	/* unregister */
	assert_int_equal(allpaths_apply(&t.s, &unreg), TR_EXIT_NOT_READY);
	assert_int_equal(t.s.failed, 1);
	prout_is(&t.sc[0], 1, PROUT_REGISTER, 0, key, 0);
	prout_is(&t.sc[0], 2, PROUT_REGISTER_AND_IGNORE, 0, 0, key);
	prout_is(&t.sc[0], 3, PROUT_RESERVE, PR_TYPE_WR_EX, key, 0);
	assert_int_equal(t.sc[0].nsent, 4);
	assert_int_equal(t.p[0].outcome, ALLPATHS_PUT_BACK);
	assert_string_equal(allpaths_line(&t.p[0], &unreg, line, sizeof(line)),
			    "put back (registered with 0xbeef)");
	prout_is(&t.sc[1], 1, PROUT_REGISTER, 0, key, 0);
	assert_int_equal(t.p[1].outcome, ALLPATHS_FAILED);
	assert_true(strncmp(allpaths_line(&t.p[1], &unreg, line, sizeof(line)),
			    "failed: REGISTER: Not Ready", 27) == 0);
}

/* register-ignore: path 2's state cannot be read: nothing is sent there,
 * and path 1 gets its earlier key back (REGISTER from the new key to it). */
static void
test_ignore_read_failure_restores_old_key(void **state)
{
	static const struct allpaths_req ign = { ALLPATHS_REGISTER_IGNORE, 0, 0xbeef,
						 false, false };
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	script_full_status(&t.sc[0], 1, 1, &old, &sas[0], -1, 0);
	script_good(&t.sc[0]);					/* REGISTER AND IGNORE */
	script_good(&t.sc[0]);					/* REGISTER back */
	script_sense(&t.sc[1], SK_NOT_READY, 0x04, 0x00);	/* READ FULL STATUS */
	assert_int_equal(allpaths_apply(&t.s, &ign), TR_EXIT_NOT_READY);
	prout_is(&t.sc[0], 1, PROUT_REGISTER_AND_IGNORE, 0, 0, key);
	prout_is(&t.sc[0], 2, PROUT_REGISTER, 0, key, old);
	assert_string_equal(allpaths_line(&t.p[0], &ign, line, sizeof(line)),
			    "put back (registered with 0x1111)");
	assert_int_equal(t.sc[1].nsent, 1);
	rfs_is(&t.sc[1], 0);
	assert_int_equal(t.p[1].outcome, ALLPATHS_FAILED);
}

/* Putting back can fail too: said, with the path's new state. */
static void
test_put_back_failure_said(void **state)
{
	struct two t;
	char line[600];

	(void)state;
	two_paths(&t);
	script_full_status(&t.sc[0], 1, 0, NULL, NULL, -1, 0);
	script_good(&t.sc[0]);					/* REGISTER */
	script_status(&t.sc[0], SAM_BUSY);			/* REGISTER back */
	script_full_status(&t.sc[1], 1, 0, NULL, NULL, -1, 0);
	script_sense(&t.sc[1], SK_ILLEGAL_REQUEST, 0x26, 0x00);	/* REGISTER */
	assert_int_equal(allpaths_apply(&t.s, &reg), TR_EXIT_ILLEGAL_REQ);
	assert_int_equal(t.p[0].outcome, ALLPATHS_NOT_PUT_BACK);
	allpaths_line(&t.p[0], &reg, line, sizeof(line));
	assert_true(strncmp(line, "registered with 0xbeef, not put back: putting this "
			    "I_T nexus's registration back failed (REGISTER: ", 99) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_failure_puts_path1_back),
		cmocka_unit_test(test_register_skips_what_is_there),
		cmocka_unit_test(test_offline_path_skipped),
		cmocka_unit_test(test_unregister_failure_reregisters_and_reserves),
		cmocka_unit_test(test_ignore_read_failure_restores_old_key),
		cmocka_unit_test(test_put_back_failure_said),
	};

	return cmocka_run_group_tests_name("allpaths", tests, NULL, NULL);
}
