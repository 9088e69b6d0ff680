/* lib/db.c against a temporary SQLite file and, when FD_TEST_PG_URL is set,
 * a private schema in that PostgreSQL database. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "../../lib/db.h"
#include "../../lib/uuid.h"

static unit_db U;
static char tmp1[64], tmp2[64];

static void
setup(void)
{
	unit_config();
	tmp1[0] = tmp2[0] = '\0';
}

static void
teardown(void)
{
	unit_db_close(&U);
	if (tmp1[0])
		unit_sqlite_unlink(tmp1);
	if (tmp2[0])
		unit_sqlite_unlink(tmp2);
}

TestSuite(db, .init = setup, .fini = teardown);

static int
count_rows(db_t *db, const char *sql)
{
	db_stmt *st = db_prepare(db, sql);
	int n = -1;

	cr_assert_not_null(st, "%s: %s", sql, db_errmsg(db));
	if (db_step(st) == DB_ROW)
		n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static int
insert_tenant(db_t *db, const char *handle)
{
	char id[40], now[24];

	cr_assert_eq(uuid_v7(id), 0);
	db_now(now, 0);
	return db_runf(db, "INSERT INTO tenants (id, name, handle, timezone, status, plan, "
	    "created_at, updated_at) VALUES (?, ?, ?, 'UTC', 'active', 'starter', ?, ?)", "sssss",
	    id, handle, handle, now, now);
}

/* ---- checks shared by both backends ---- */

static void
check_migrate(int pg)
{
	char why[256] = "";

	unit_db_open(&U, pg, 0);
	cr_assert_eq(db_kind(U.db), pg ? DB_PG : DB_SQLITE);
	/* db_is_frontdesk on PostgreSQL looks at every schema, so only the
	 * fresh SQLite file can be asked before migrating */
	if (!pg)
		cr_assert_not(db_is_frontdesk(U.db));
	cr_assert_geq(db_migrate(U.db, 0, why, sizeof(why)), 1, "%s", why);
	cr_assert(db_is_frontdesk(U.db));
	cr_assert_eq(db_migrate(U.db, 0, why, sizeof(why)), 0, "second run applies nothing: %s", why);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM schema_migrations WHERE "
	    "version = '001_init'"), 1);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants"), 0);
	cr_assert_eq(db_ping(U.db), 0);
}

static void
check_bind(int pg)
{
	db_stmt *st;
	int64_t big = INT64_C(-9007199254740993);

	unit_db_open(&U, pg, 0);
	cr_assert_eq(db_exec(U.db, pg
	    ? "CREATE TABLE t (k bigint, s text, b boolean, n text); CREATE TABLE t2 (x int)"
	    : "CREATE TABLE t (k INTEGER, s TEXT, b BOOLEAN, n TEXT); CREATE TABLE t2 (x INT)"),
	    DB_DONE, "%s", db_errmsg(U.db));
	cr_assert_eq(db_runf(U.db, "INSERT INTO t (k, s, b, n) VALUES (?, ?, ?, ?)", "isbn", big,
	    "it's \"quoted\" ? and \xc3\xa9", 1), DB_DONE, "%s", db_errmsg(U.db));
	cr_assert_eq(db_runf(U.db, "INSERT INTO t (k, s, b, n) VALUES (?, ?, ?, ?)", "isbs",
	    (int64_t)2, (const char *)NULL, 0, "x"), DB_DONE, "%s", db_errmsg(U.db));

	st = db_queryf(U.db, "SELECT k, s, b, n FROM t WHERE k = ?", "i", big);
	cr_assert_not_null(st, "%s", db_errmsg(U.db));
	cr_assert_eq(db_step(st), DB_ROW, "%s", db_errmsg(U.db));
	cr_assert_eq(db_col_int(st, 0), big);
	cr_assert_str_eq(db_col_text(st, 1), "it's \"quoted\" ? and \xc3\xa9");
	cr_assert_eq(db_col_int(st, 2), 1);
	cr_assert(db_col_null(st, 3));
	cr_assert_null(db_col_text(st, 3));
	cr_assert_not(db_col_null(st, 1));
	cr_assert_eq(db_step(st), DB_DONE);
	db_finalize(st);

	st = db_queryf(U.db, "SELECT k, s, b, n FROM t WHERE k = ?", "i", (int64_t)2);
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert(db_col_null(st, 1), "a NULL text binds SQL NULL");
	cr_assert_eq(db_col_int(st, 2), 0);
	cr_assert_str_eq(db_col_text(st, 3), "x");
	db_finalize(st);

	/* '?' inside quotes is not a placeholder */
	st = db_queryf(U.db, "SELECT '?', ?", "s", "val");
	cr_assert_not_null(st, "%s", db_errmsg(U.db));
	cr_assert_eq(db_step(st), DB_ROW, "%s", db_errmsg(U.db));
	cr_assert_str_eq(db_col_text(st, 0), "?");
	cr_assert_str_eq(db_col_text(st, 1), "val");
	db_finalize(st);

	/* changes */
	st = db_queryf(U.db, "UPDATE t SET n = ? WHERE k >= ?", "si", "y", (int64_t)-1);
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_DONE);
	cr_assert_eq(db_changes(st), 1);
	db_finalize(st);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM t WHERE n = 'y'"), 1);

	/* several statements in one db_exec */
	cr_assert_eq(db_exec(U.db, "INSERT INTO t2 VALUES (1); INSERT INTO t2 VALUES (2);"), DB_DONE);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM t2"), 2);
}

static void
check_errors(int pg)
{
	db_stmt *st;

	unit_db_open(&U, pg, 1);
	/* an unknown type letter is a binding error reported by db_step */
	cr_assert_eq(db_runf(U.db, "SELECT ?", "x", "v"), DB_ERR);
	cr_assert_str_eq(db_errmsg(U.db), "parameter binding failed");
	/* bad SQL: SQLite fails at prepare, PostgreSQL at the first step */
	st = db_prepare(U.db, "SELEKT nonsense");
	if (st)
		cr_assert_eq(db_step(st), DB_ERR);
	db_finalize(st);
	cr_assert_gt(strlen(db_errmsg(U.db)), 0);
	cr_assert_eq(db_runf(U.db, "SELECT * FROM no_such_table", ""), DB_ERR);
	cr_assert_eq(db_exec(U.db, "SELECT * FROM no_such_table"), DB_ERR);
	cr_assert_eq(db_ping(U.db), 0, "the connection survives errors");
}

static void
check_constraint(int pg)
{
	char tid[40], now[24];

	unit_db_open(&U, pg, 1);
	cr_assert_eq(insert_tenant(U.db, "acme"), DB_DONE, "%s", db_errmsg(U.db));
	cr_assert_eq(insert_tenant(U.db, "acme"), DB_CONSTRAINT, "duplicate handle");
	cr_assert_eq(insert_tenant(U.db, "acme-2"), DB_DONE);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants"), 2);
	/* a foreign key is a constraint too */
	cr_assert_eq(uuid_v7(tid), 0);
	db_now(now, 0);
	cr_assert_eq(db_runf(U.db, "INSERT INTO api_keys (id, tenant_id, prefix, key_hash, "
	    "created_at) VALUES (?, ?, 'p', 'h', ?)", "sss", tid, tid, now), DB_CONSTRAINT);
	/* a CHECK constraint */
	cr_assert_eq(db_runf(U.db, "UPDATE tenants SET status = 'bogus'", ""), DB_CONSTRAINT);
}

static void
check_transactions(int pg)
{
	char msg[512];

	unit_db_open(&U, pg, 1);
	cr_assert_eq(db_begin(U.db), DB_DONE, "%s", db_errmsg(U.db));
	cr_assert_eq(insert_tenant(U.db, "gone"), DB_DONE);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants"), 1, "visible inside");
	db_rollback(U.db);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants"), 0, "rolled back");

	cr_assert_eq(db_begin(U.db), DB_DONE);
	cr_assert_eq(insert_tenant(U.db, "kept"), DB_DONE);
	cr_assert_eq(db_commit(U.db), DB_DONE);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = 'kept'"), 1);

	/* a rollback keeps the error message of the failure that caused it */
	cr_assert_eq(db_begin(U.db), DB_DONE);
	cr_assert_eq(insert_tenant(U.db, "kept"), DB_CONSTRAINT);
	snprintf(msg, sizeof(msg), "%s", db_errmsg(U.db));
	db_rollback(U.db);
	cr_assert_str_eq(db_errmsg(U.db), msg);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants"), 1);
}

static void
check_times(int pg)
{
	char now[24];
	db_stmt *st;

	unit_db_open(&U, pg, 1);
	db_now(now, 0);
	cr_assert_eq(insert_tenant(U.db, "timed"), DB_DONE);
	st = db_prepare(U.db, "SELECT created_at FROM tenants");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	/* both backends read times back as RFC 3339 UTC with a Z */
	cr_assert_eq(strlen(db_col_text(st, 0)), 20, "%s", db_col_text(st, 0));
	cr_assert_eq(db_col_text(st, 0)[10], 'T');
	cr_assert_eq(db_col_text(st, 0)[19], 'Z');
	cr_assert_geq(strcmp(db_col_text(st, 0), now), 0);
	db_finalize(st);
}

/* ---- SQLite ---- */

UTEST(db, sqlite_migrate) { check_migrate(0); }
UTEST(db, sqlite_bind) { check_bind(0); }
UTEST(db, sqlite_errors) { check_errors(0); }
UTEST(db, sqlite_constraint) { check_constraint(0); }
UTEST(db, sqlite_transactions) { check_transactions(0); }
UTEST(db, sqlite_times) { check_times(0); }

/* ---- PostgreSQL (skipped without FD_TEST_PG_URL) ---- */

UTEST(db, pg_migrate) { check_migrate(1); }
UTEST(db, pg_bind) { check_bind(1); }
UTEST(db, pg_errors) { check_errors(1); }
UTEST(db, pg_constraint) { check_constraint(1); }
UTEST(db, pg_transactions) { check_transactions(1); }
UTEST(db, pg_times) { check_times(1); }

UTEST(db, pg_has_no_backup)
{
	char why[256] = "";

	unit_db_open(&U, 1, 1);
	cr_assert_eq(db_backup(U.db, "/tmp/never-written.db", why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "pg_dump"), "%s", why);
	cr_assert_eq(db_restore(U.db, "/tmp/never-read.db", why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "pg_restore"), "%s", why);
}

/* ---- backend-independent ---- */

UTEST(db, now_format)
{
	char now[24], later[24], earlier[24];
	struct tm tm;
	time_t t0 = time(NULL), parsed;

	db_now(now, 0);
	cr_assert_eq(strlen(now), 20, "%s", now);
	for (int i = 0; i < 20; i++) {
		if (i == 4 || i == 7)
			cr_assert_eq(now[i], '-');
		else if (i == 10)
			cr_assert_eq(now[i], 'T');
		else if (i == 13 || i == 16)
			cr_assert_eq(now[i], ':');
		else if (i == 19)
			cr_assert_eq(now[i], 'Z');
		else
			cr_assert(isdigit((unsigned char)now[i]), "%s", now);
	}
	memset(&tm, 0, sizeof(tm));
	cr_assert_not_null(strptime(now, "%Y-%m-%dT%H:%M:%SZ", &tm));
	parsed = timegm(&tm);
	cr_assert_leq(labs((long)(parsed - t0)), 2, "db_now is the current UTC time");

	db_now(later, 3600);
	db_now(earlier, -3600);
	cr_assert_gt(strcmp(later, now), 0);
	cr_assert_lt(strcmp(earlier, now), 0);
	memset(&tm, 0, sizeof(tm));
	strptime(later, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cr_assert_leq(labs((long)(timegm(&tm) - parsed - 3600)), 2);
}

UTEST(db, open_failure)
{
	char why[256] = "";
	db_t *db = db_open("sqlite:///nonexistent-dir/fd-unit/x.db", why, sizeof(why));

	cr_assert_null(db);
	cr_assert_not_null(strstr(why, "sqlite"), "%s", why);
	db_close(NULL); /* harmless */
}

UTEST(db, sqlite_backup_restore)
{
	char why[256] = "";
	db_t *copy;

	unit_db_open(&U, 0, 1);
	cr_assert_eq(insert_tenant(U.db, "before-backup"), DB_DONE);
	unit_tmpfile(tmp1, sizeof(tmp1), "backup");
	cr_assert_eq(db_backup(U.db, tmp1, why, sizeof(why)), 0, "%s", why);

	/* the copy is a frontdesk database with the row */
	{
		char url[96];

		snprintf(url, sizeof(url), "sqlite://%s", tmp1);
		copy = db_open(url, why, sizeof(why));
		cr_assert_not_null(copy, "%s", why);
		cr_assert(db_is_frontdesk(copy));
		cr_assert_eq(count_rows(copy, "SELECT COUNT(*) FROM tenants WHERE handle = "
		    "'before-backup'"), 1);
		db_close(copy);
	}

	/* change the live database, then restore: the change is gone */
	cr_assert_eq(insert_tenant(U.db, "after-backup"), DB_DONE);
	cr_assert_eq(db_runf(U.db, "DELETE FROM tenants WHERE handle = 'before-backup'", ""), DB_DONE);
	cr_assert_eq(db_restore(U.db, tmp1, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = "
	    "'before-backup'"), 1);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = "
	    "'after-backup'"), 0);
	cr_assert(db_is_frontdesk(U.db));
	cr_assert_eq(insert_tenant(U.db, "after-restore"), DB_DONE, "writable after restore: %s",
	    db_errmsg(U.db));
}

UTEST(db, sqlite_restore_refuses_foreign_sqlite)
{
	char why[256] = "", url[96];
	db_t *other;

	unit_db_open(&U, 0, 1);
	cr_assert_eq(insert_tenant(U.db, "precious"), DB_DONE);
	unit_tmpfile(tmp1, sizeof(tmp1), "foreign");
	snprintf(url, sizeof(url), "sqlite://%s", tmp1);
	other = db_open(url, why, sizeof(why));
	cr_assert_not_null(other, "%s", why);
	/* schema_migrations alone is not enough: tenants must be there too */
	cr_assert_eq(db_exec(other, "CREATE TABLE notes (a TEXT); INSERT INTO notes VALUES ('x');"
	    "CREATE TABLE schema_migrations (version TEXT)"), DB_DONE);
	db_close(other);

	cr_assert_eq(db_restore(U.db, tmp1, why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "not a frontdesk database"), "%s", why);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = 'precious'"), 1,
	    "the live database is untouched");
}

UTEST(db, sqlite_restore_refuses_text_file)
{
	char why[256] = "";
	FILE *f;

	unit_db_open(&U, 0, 1);
	cr_assert_eq(insert_tenant(U.db, "precious"), DB_DONE);
	unit_tmpfile(tmp1, sizeof(tmp1), "text");
	f = fopen(tmp1, "w");
	cr_assert_not_null(f);
	fputs("this is not a database, just some text\n", f);
	fclose(f);
	cr_assert_eq(db_restore(U.db, tmp1, why, sizeof(why)), -1);
	cr_assert_gt(strlen(why), 0);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = 'precious'"), 1);

	cr_assert_eq(db_restore(U.db, "/nonexistent/fd-unit.db", why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "cannot read"), "%s", why);
}

/* ---- lazy handles over a bounded pool ---- */

struct lazy_job {
	db_pool *pool;
	int id, ok;
};

/* Each thread: a transaction with a pause inside (holding a connection),
 * then statements outside any (holding none between them). */
static void *
lazy_worker(void *arg)
{
	struct lazy_job *j = arg;
	db_t *db = db_lazy(j->pool);
	char handle[32];
	int ok = db != NULL;

	for (int k = 0; ok && k < 5; k++) {
		snprintf(handle, sizeof(handle), "lazy-%d-%d", j->id, k);
		ok = db_begin(db) == DB_DONE && insert_tenant(db, handle) == DB_DONE;
		usleep(2000);
		ok = ok && db_commit(db) == DB_DONE;
		ok = ok && count_rows(db, "SELECT COUNT(*) FROM tenants") > 0;
	}
	db_close(db);
	j->ok = ok;
	return NULL;
}

static void
check_lazy_pool(int pg)
{
	struct lazy_job jobs[12];
	pthread_t t[12];
	db_pool *pool;
	db_t *db;
	db_stmt *st;

	unit_db_open(&U, pg, 1);
	pool = db_pool_new(U.url, 3);
	cr_assert_not_null(pool);
	/* a statement open holds the connection; finalizing gives it back */
	db = db_lazy(pool);
	cr_assert_not_null(db);
	cr_assert_eq(db_kind(db), pg ? DB_PG : DB_SQLITE);
	st = db_prepare(db, "SELECT 1");
	cr_assert_not_null(st, "%s", db_errmsg(db));
	cr_assert_eq(db_step(st), DB_ROW);
	db_finalize(st);
	/* an error message survives giving the connection back */
	cr_assert_eq(db_runf(db, "SELECT * FROM no_such_table", ""), DB_ERR);
	cr_assert_not_null(strstr(db_errmsg(db), "no_such_table"), "%s", db_errmsg(db));
	/* a transaction rolled back on close */
	cr_assert_eq(db_begin(db), DB_DONE);
	cr_assert_eq(insert_tenant(db, "never"), DB_DONE);
	db_close(db);
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle = 'never'"), 0);

	/* twelve threads share three connections */
	for (int i = 0; i < 12; i++) {
		jobs[i].pool = pool;
		jobs[i].id = i;
		jobs[i].ok = 0;
		cr_assert_eq(pthread_create(&t[i], NULL, lazy_worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 12; i++) {
		pthread_join(t[i], NULL);
		cr_assert(jobs[i].ok, "thread %d failed", i);
	}
	cr_assert_eq(count_rows(U.db, "SELECT COUNT(*) FROM tenants WHERE handle LIKE 'lazy-%'"),
	    60);
	db_pool_free(pool);
}

UTEST(db, sqlite_lazy_pool) { check_lazy_pool(0); }
UTEST(db, pg_lazy_pool) { check_lazy_pool(1); }
