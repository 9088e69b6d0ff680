/* Shared by the unit tests: a leak check that fails the test, and a fresh,
 * migrated database per test (Criterion runs every test in its own process,
 * in parallel, so each gets its own temporary file or PostgreSQL schema). */
#ifndef FD_UNIT_H
#define FD_UNIT_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <fcgiapp.h>
#include <libpq-fe.h>

#include "../../lib/config.h"
#include "../../lib/crypto.h"
#include "../../lib/db.h"
#include "../../lib/migrations.h"

/* Criterion ignores what LeakSanitizer says at exit and failures in .fini,
 * so UTEST runs the body, then asks LeakSanitizer about memory that is no
 * longer reachable and fails the test on any. Fixtures stay reachable
 * through their static pointers and are not reported. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define UNIT_NO_LEAKS() \
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked (see the report above)")
#else
#define UNIT_NO_LEAKS() ((void)0)
#endif

#define UTEST(suite, name) \
	static void suite##_##name##_body(void); \
	Test(suite, name) { suite##_##name##_body(); UNIT_NO_LEAKS(); } \
	static void suite##_##name##_body(void)

/* A temporary database: SQLite file under /tmp, or a private schema in the
 * PostgreSQL database named by FD_TEST_PG_URL. */
typedef struct {
	db_t *db;
	int pg;
	char path[64];      /* SQLite file */
	char schema[32];    /* PostgreSQL schema */
	char url[1200];
} unit_db;

static inline void
unit_config(void)
{
	memset(&g_config, 0, sizeof(g_config));
	snprintf(g_config.app_env, sizeof(g_config.app_env), "test");
	g_config.busy_timeout_ms = 5000;
	g_config.session_ttl_s = 3600;
}

static inline int
unit_pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("FD_TEST_PG_URL"));
	PGresult *r;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return -1;
	}
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* Extensions are per database, not per schema: install the ones the
 * migrations ask for into public once (serialised: tests run in parallel),
 * so that CREATE EXTENSION IF NOT EXISTS in a test's schema is a no-op and
 * dropping that schema never drops an extension others use. */
static inline void
unit_pg_extensions(void)
{
	for (const struct migration *m = migrations_postgres; m->version; m++) {
		static const char key[] = "CREATE EXTENSION IF NOT EXISTS ";
		const char *p = m->sql;

		while ((p = strcasestr(p, key)) != NULL) {
			char name[64], sql[256];
			size_t n = 0;

			p += sizeof(key) - 1;
			while (n + 1 < sizeof(name) && (isalnum((unsigned char)p[n]) || p[n] == '_'))
				name[n] = p[n], n++;
			name[n] = '\0';
			if (n == 0)
				continue;
			snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(727274); "
			    "CREATE EXTENSION IF NOT EXISTS %s SCHEMA public", name);
			cr_assert_eq(unit_pg_admin(sql), 0, "cannot create extension %s", name);
		}
	}
}

/* Open an empty database; migrate when asked. pg without FD_TEST_PG_URL skips the test. */
static inline void
unit_db_open(unit_db *u, int pg, int migrate)
{
	char why[512] = "";

	memset(u, 0, sizeof(*u));
	u->pg = pg;
	if (pg) {
		const char *base = getenv("FD_TEST_PG_URL");
		unsigned char rnd[6];
		char sql[128];

		if (base == NULL || *base == '\0')
			cr_skip_test("FD_TEST_PG_URL not set");
		cr_assert_eq(crypto_random(rnd, sizeof(rnd)), 0);
		snprintf(u->schema, sizeof(u->schema), "fdt_%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1],
		    rnd[2], rnd[3], rnd[4], rnd[5]);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", u->schema);
		cr_assert_eq(unit_pg_admin(sql), 0, "cannot create schema on FD_TEST_PG_URL");
		unit_pg_extensions();
		/* every connection, reconnects included, works in the private schema
		 * (public after it, for the extensions) */
		snprintf(u->url, sizeof(u->url), "%s%soptions=-csearch_path%%3D%s%%2Cpublic", base,
		    strchr(base, '?') ? "&" : "?", u->schema);
	} else {
		int fd;

		snprintf(u->path, sizeof(u->path), "/tmp/fd-unit-XXXXXX");
		fd = mkstemp(u->path);
		cr_assert_geq(fd, 0, "mkstemp");
		close(fd);
		snprintf(u->url, sizeof(u->url), "sqlite://%s", u->path);
	}
	u->db = db_open(u->url, why, sizeof(why));
	cr_assert_not_null(u->db, "db_open %s: %s", u->url, why);
	if (migrate)
		cr_assert_geq(db_migrate(u->db, 0, why, sizeof(why)), 0, "db_migrate: %s", why);
}

static inline void
unit_sqlite_unlink(const char *path)
{
	char p[96];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
}

static inline void
unit_db_close(unit_db *u)
{
	db_close(u->db);
	u->db = NULL;
	if (u->pg && u->schema[0]) {
		char sql[128];

		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", u->schema);
		unit_pg_admin(sql);
	} else if (u->path[0])
		unit_sqlite_unlink(u->path);
	u->schema[0] = u->path[0] = '\0';
}

/* A temporary file name (created empty by mkstemp); caller unlinks. */
static inline void
unit_tmpfile(char *path, size_t len, const char *tag)
{
	int fd;

	snprintf(path, len, "/tmp/fd-unit-%s-XXXXXX", tag);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp");
	close(fd);
}

/* In-memory FastCGI streams: libfcgi's FCGX_GetStr/FCGX_PutStr copy straight
 * from/to [rdNext, stop) / [wrNext, stop); when that runs out they call the
 * fill/empty procedure, which here just closes the stream (end of body,
 * response too large). A request's body and response need no server. */
static inline void
unit_fcgx_fill(FCGX_Stream *s)
{
	s->isClosed = 1;
}

static inline void
unit_fcgx_empty(FCGX_Stream *s, int doClose)
{
	(void)doClose;
	s->isClosed = 1;
}

static inline void
unit_fcgx_reader(FCGX_Stream *s, const char *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->rdNext = s->stopUnget = (unsigned char *)(uintptr_t)data;
	s->stop = s->wrNext = (unsigned char *)(uintptr_t)data + len;
	s->isReader = 1;
	s->fillBuffProc = unit_fcgx_fill;
}

static inline void
unit_fcgx_writer(FCGX_Stream *s, char *buf, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->wrNext = s->rdNext = (unsigned char *)buf;
	s->stop = (unsigned char *)buf + cap;
	s->emptyBuffProc = unit_fcgx_empty;
}

/* Bytes written so far to a unit_fcgx_writer stream over buf. */
static inline size_t
unit_fcgx_written(const FCGX_Stream *s, const char *buf)
{
	return (size_t)((const char *)s->wrNext - buf);
}

#endif
