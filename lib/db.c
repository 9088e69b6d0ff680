#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "config.h"
#include "db.h"
#include "migrations.h"

#define DB_MAX_PARAMS 32
#define PG_TIMESTAMPTZOID 1184
#define PG_BOOLOID 16

/* SQLite statements are parsed once per connection and reused: db_finalize
 * resets a cached statement instead of destroying it. An entry in use (a
 * nested query with the same text) is bypassed, never shared. */
#define STMT_CACHE 64

struct stmt_cache {
	char *sql;
	sqlite3_stmt *st;
	int in_use;
	unsigned long last;
};

struct db {
	int kind;
	sqlite3 *lite;
	struct stmt_cache cache[STMT_CACHE];
	unsigned long tick;
	PGconn *pg;
	char url[1024];
	char err[512];
	struct timespec busy_since;  /* when the current wait for the SQLite lock began */
	/* A lazy handle (db_lazy) has no connection of its own: it borrows one
	 * from its pool for each statement or transaction and gives it back
	 * as soon as none is open. */
	struct db_pool *pool;
	db_t *real;    /* the borrowed connection, NULL when none */
	int nopen;     /* statements not yet finalized on it */
	int in_txn;
};

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char url[1024];
	int max, total, nidle;
	db_t **idle;
};

struct db_stmt {
	db_t *db;
	db_t *lazy;   /* the lazy handle it was prepared through, or NULL */
	int bind_err;
	/* SQLite */
	sqlite3_stmt *ls;
	struct stmt_cache *cached;  /* the cache slot ls came from, or NULL */
	int changes;
	/* PostgreSQL */
	char *pgsql;
	int nparams;
	char *params[DB_MAX_PARAMS];
	PGresult *res;
	int row;      /* current row, -1 before the first step */
	int ntuples;
};

static void
set_err(db_t *db, const char *msg)
{
	snprintf(db->err, sizeof(db->err), "%s", msg ? msg : "unknown error");
	/* strip trailing newline from libpq messages */
	size_t l = strlen(db->err);
	while (l && (db->err[l - 1] == '\n' || db->err[l - 1] == ' '))
		db->err[--l] = '\0';
}

const char *
db_errmsg(const db_t *db)
{
	return db->pool && db->real ? db->real->err : db->err;
}

int
db_kind(const db_t *db)
{
	return db->kind;
}

void
db_now(char *out, int64_t offset_s)
{
	time_t t = time(NULL) + (time_t)offset_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
pg_connect(db_t *db)
{
	PGresult *r;

	if (db->pg)
		PQfinish(db->pg);
	db->pg = PQconnectdb(db->url);
	if (PQstatus(db->pg) != CONNECTION_OK) {
		set_err(db, PQerrorMessage(db->pg));
		return -1;
	}
	r = PQexec(db->pg, "SET TimeZone='UTC'; SET DateStyle='ISO, YMD'; "
	    "SET client_min_messages=warning");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err(db, PQerrorMessage(db->pg));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* SQLite's default busy handler backs off to 100 ms sleeps, so under a burst
 * of short writers (two hundred chat turns at once) a lock held for a
 * millisecond costs a waiter up to a hundred. Poll every 0.25-1 ms instead,
 * until DB_BUSY_TIMEOUT_MS. */
static int
busy_wait(void *arg, int n)
{
	db_t *db = arg;
	struct timespec now;
	long ms, limit = g_config.busy_timeout_ms ? g_config.busy_timeout_ms : 10000;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0)
		db->busy_since = now;
	ms = (now.tv_sec - db->busy_since.tv_sec) * 1000 +
	    (now.tv_nsec - db->busy_since.tv_nsec) / 1000000;
	if (ms >= limit)
		return 0;
	usleep(n < 20 ? 250 : 1000);
	return 1;
}

/* 1 when the database file is already in WAL mode. */
static int
is_wal(sqlite3 *lite)
{
	sqlite3_stmt *st;
	int wal = 0;

	if (sqlite3_prepare_v2(lite, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		wal = sqlite3_column_text(st, 0) && strcmp((const char *)sqlite3_column_text(st, 0),
		    "wal") == 0;
	sqlite3_finalize(st);
	return wal;
}

db_t *
db_open(const char *url, char *why, size_t whylen)
{
	db_t *db = calloc(1, sizeof(*db));
	const char *path;

	if (db == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	snprintf(db->url, sizeof(db->url), "%s", url);
	if ((path = config_sqlite_path(url)) != NULL) {
		char sql[128];

		db->kind = DB_SQLITE;
		if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
			snprintf(why, whylen, "sqlite %s: %s", path,
			    db->lite ? sqlite3_errmsg(db->lite) : "cannot open");
			goto fail;
		}
		sqlite3_busy_handler(db->lite, busy_wait, db);
		/* WAL is a property of the file: set it once (a new database), not on
		 * every connection — switching takes a lock, and a burst of new
		 * connections (streams) would queue on it */
		snprintf(sql, sizeof(sql), "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
		    "PRAGMA cache_size=-1024;");
		if (!is_wal(db->lite) && sqlite3_exec(db->lite, "PRAGMA journal_mode=WAL", NULL, NULL,
		    NULL) != SQLITE_OK) {
			snprintf(why, whylen, "sqlite %s: %s", path, sqlite3_errmsg(db->lite));
			goto fail;
		}
		if (sqlite3_exec(db->lite, sql, NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(why, whylen, "sqlite %s: %s", path, sqlite3_errmsg(db->lite));
			goto fail;
		}
		return db;
	}
	db->kind = DB_PG;
	if (pg_connect(db) < 0) {
		snprintf(why, whylen, "postgresql: %s", db->err);
		goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

db_pool *
db_pool_new(const char *url, int max)
{
	db_pool *p = calloc(1, sizeof(*p));

	if (p == NULL || (p->idle = calloc((size_t)max, sizeof(*p->idle))) == NULL) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	snprintf(p->url, sizeof(p->url), "%s", url);
	p->max = max;
	return p;
}

void
db_pool_free(db_pool *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->nidle; i++)
		db_close(p->idle[i]);
	free(p->idle);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

db_t *
db_lazy(db_pool *p)
{
	db_t *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return NULL;
	db->pool = p;
	db->kind = config_sqlite_path(p->url) ? DB_SQLITE : DB_PG;
	snprintf(db->url, sizeof(db->url), "%s", p->url);
	return db;
}

#define DB_POOL_WAIT_S 30

/* The connection a lazy handle works on now: its own, an idle one, a new
 * one while under the pool's size, or the next given back. */
static db_t *
borrow(db_t *lz)
{
	db_pool *p = lz->pool;
	struct timespec until;
	char why[512];
	db_t *real;

	if (lz->real)
		return lz->real;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DB_POOL_WAIT_S;
	pthread_mutex_lock(&p->mu);
	while (p->nidle == 0 && p->total >= p->max)
		if (pthread_cond_timedwait(&p->cv, &p->mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->mu);
			set_err(lz, "no database connection came free");
			return NULL;
		}
	if (p->nidle > 0) {
		lz->real = p->idle[--p->nidle];
		pthread_mutex_unlock(&p->mu);
		return lz->real;
	}
	p->total++;
	pthread_mutex_unlock(&p->mu);
	if ((real = db_open(p->url, why, sizeof(why))) == NULL) {
		pthread_mutex_lock(&p->mu);
		p->total--;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
		set_err(lz, why);
		return NULL;
	}
	return lz->real = real;
}

/* Give the connection back when nothing is open on it (force: now). */
static void
give_back(db_t *lz, int force)
{
	db_pool *p = lz->pool;

	if (lz->real == NULL || (!force && (lz->nopen > 0 || lz->in_txn)))
		return;
	if (lz->in_txn)
		db_rollback(lz->real);
	memcpy(lz->err, lz->real->err, sizeof(lz->err));
	pthread_mutex_lock(&p->mu);
	p->idle[p->nidle++] = lz->real;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	lz->real = NULL;
	lz->in_txn = 0;
}

void
db_close(db_t *db)
{
	if (db == NULL)
		return;
	if (db->pool) {
		give_back(db, 1);
		free(db);
		return;
	}
	for (int i = 0; i < STMT_CACHE; i++) {
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	if (db->lite)
		sqlite3_close_v2(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db);
}

static int
lite_code(db_t *db, int rc)
{
	set_err(db, sqlite3_errmsg(db->lite));
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_RETRY;
	default:
		return DB_ERR;
	}
}

static int
pg_code(db_t *db, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	set_err(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
	if (state == NULL)
		return DB_ERR;
	if (strncmp(state, "23", 2) == 0)  /* integrity_constraint_violation class */
		return DB_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return DB_RETRY;
	return DB_ERR;
}

int
db_exec(db_t *db, const char *sql)
{
	if (db->pool) {
		db_t *real = borrow(db);
		int rc = real ? db_exec(real, sql) : DB_ERR;

		if (real)
			give_back(db, 0);
		return rc;
	}
	if (db->kind == DB_SQLITE) {
		int rc = sqlite3_exec(db->lite, sql, NULL, NULL, NULL);

		return rc == SQLITE_OK ? DB_DONE : lite_code(db, rc);
	} else {
		PGresult *r = PQexec(db->pg, sql);
		int st = PQresultStatus(r), rc = DB_DONE;

		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			rc = pg_code(db, r);
		PQclear(r);
		return rc;
	}
}

int
db_ping(db_t *db)
{
	if (db->pool) {
		db_t *real = borrow(db);
		int rc = real ? db_ping(real) : -1;

		if (real)
			give_back(db, 0);
		return rc;
	}
	if (db_exec(db, "SELECT 1") == DB_DONE)
		return 0;
	if (db->kind == DB_PG && PQstatus(db->pg) != CONNECTION_OK && pg_connect(db) == 0)
		return db_exec(db, "SELECT 1") == DB_DONE ? 0 : -1;
	return -1;
}

int
db_begin(db_t *db)
{
	if (db->pool) {
		db_t *real = borrow(db);
		int rc = real ? db_begin(real) : DB_ERR;

		if (rc == DB_DONE)
			db->in_txn = 1;
		else if (real)
			give_back(db, 0);
		return rc;
	}
	if (db->kind == DB_PG && PQstatus(db->pg) != CONNECTION_OK && pg_connect(db) < 0)
		return DB_ERR;
	return db_exec(db, db->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

int
db_commit(db_t *db)
{
	if (db->pool) {
		int rc = db->real ? db_commit(db->real) : DB_ERR;

		db->in_txn = 0;
		give_back(db, 0);
		return rc;
	}
	return db_exec(db, "COMMIT");
}

void
db_rollback(db_t *db)
{
	char keep[sizeof(db->err)];

	if (db->pool) {
		if (db->real)
			db_rollback(db->real);
		db->in_txn = 0;
		give_back(db, 0);
		return;
	}

	memcpy(keep, db->err, sizeof(keep));
	db_exec(db, "ROLLBACK");
	memcpy(db->err, keep, sizeof(keep));
}

/* Rewrite ? placeholders to $1..$n outside quoted strings and identifiers. */
static char *
pg_rewrite(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 4 + 1), *o = out;
	char quote = 0;
	int k = 0;

	if (out == NULL)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++k);
		} else
			*o++ = *p;
	}
	*o = '\0';
	*nparams = k;
	return out;
}

db_stmt *
db_prepare(db_t *db, const char *sql)
{
	db_stmt *st;

	if (db->pool) {
		db_t *real = borrow(db);

		if (real == NULL)
			return NULL;
		if ((st = db_prepare(real, sql)) == NULL) {
			give_back(db, 0);
			return NULL;
		}
		st->lazy = db;
		db->nopen++;
		return st;
	}
	st = calloc(1, sizeof(*st));

	if (st == NULL) {
		set_err(db, "out of memory");
		return NULL;
	}
	st->db = db;
	st->row = -1;
	if (db->kind == DB_SQLITE) {
		struct stmt_cache *slot = NULL, *victim = NULL;
		int rc;

		for (int i = 0; i < STMT_CACHE; i++) {
			struct stmt_cache *c = &db->cache[i];

			if (c->sql && !c->in_use && strcmp(c->sql, sql) == 0) {
				slot = c;
				break;
			}
			if (!c->in_use && (victim == NULL || c->last < victim->last))
				victim = c;
		}
		if (slot) {
			st->ls = slot->st;
		} else {
			rc = sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->ls,
			    NULL);
			if (rc != SQLITE_OK) {
				lite_code(db, rc);
				free(st);
				return NULL;
			}
			if (victim && (victim->sql == NULL || !victim->in_use)) {
				char *copy = strdup(sql);

				if (copy) {
					if (victim->st)
						sqlite3_finalize(victim->st);
					free(victim->sql);
					victim->sql = copy;
					victim->st = st->ls;
					slot = victim;
				}
			}
		}
		if (slot) {
			slot->in_use = 1;
			slot->last = ++db->tick;
			st->cached = slot;
		}
		return st;
	}
	if ((st->pgsql = pg_rewrite(sql, &st->nparams)) == NULL || st->nparams > DB_MAX_PARAMS) {
		set_err(db, "too many parameters");
		free(st->pgsql);
		free(st);
		return NULL;
	}
	return st;
}

static int
pg_index_ok(db_stmt *st, int idx)
{
	if (idx < 1 || idx > DB_MAX_PARAMS) {
		st->bind_err = 1;
		return 0;
	}
	free(st->params[idx - 1]);
	st->params[idx - 1] = NULL;
	if (idx > st->nparams)
		st->nparams = idx;
	return 1;
}

void
db_bind_text(db_stmt *st, int idx, const char *s)
{
	if (st->db->kind == DB_SQLITE) {
		int rc = s ? sqlite3_bind_text(st->ls, idx, s, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st->ls, idx);
		if (rc != SQLITE_OK)
			st->bind_err = 1;
		return;
	}
	if (pg_index_ok(st, idx) && s && (st->params[idx - 1] = strdup(s)) == NULL)
		st->bind_err = 1;
}

void
db_bind_int(db_stmt *st, int idx, int64_t v)
{
	if (st->db->kind == DB_SQLITE) {
		if (sqlite3_bind_int64(st->ls, idx, v) != SQLITE_OK)
			st->bind_err = 1;
		return;
	}
	if (pg_index_ok(st, idx)) {
		char tmp[32];

		snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
		if ((st->params[idx - 1] = strdup(tmp)) == NULL)
			st->bind_err = 1;
	}
}

void
db_bind_null(db_stmt *st, int idx)
{
	db_bind_text(st, idx, NULL);
}

int
db_step(db_stmt *st)
{
	db_t *db = st->db;

	if (st->bind_err) {
		set_err(db, "parameter binding failed");
		return DB_ERR;
	}
	if (db->kind == DB_SQLITE) {
		int rc = sqlite3_step(st->ls);

		if (rc == SQLITE_ROW)
			return DB_ROW;
		if (rc == SQLITE_DONE) {
			st->changes = sqlite3_changes(db->lite);
			return DB_DONE;
		}
		return lite_code(db, rc);
	}
	if (st->res == NULL) {
		int status;

		st->res = PQexecParams(db->pg, st->pgsql, st->nparams, NULL,
		    (const char *const *)st->params, NULL, NULL, 0);
		status = PQresultStatus(st->res);
		if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
			int rc = pg_code(db, st->res);

			PQclear(st->res);
			st->res = NULL;
			if (PQstatus(db->pg) != CONNECTION_OK)
				pg_connect(db); /* next request gets a working connection */
			return rc;
		}
		st->ntuples = PQntuples(st->res);
		st->changes = atoi(PQcmdTuples(st->res));
	}
	if (++st->row < st->ntuples)
		return DB_ROW;
	return DB_DONE;
}

int
db_changes(db_stmt *st)
{
	return st->changes;
}

int
db_col_null(db_stmt *st, int col)
{
	if (st->db->kind == DB_SQLITE)
		return sqlite3_column_type(st->ls, col) == SQLITE_NULL;
	return PQgetisnull(st->res, st->row, col);
}

const char *
db_col_text(db_stmt *st, int col)
{
	if (st->db->kind == DB_SQLITE)
		return (const char *)sqlite3_column_text(st->ls, col);
	if (st->res == NULL || st->row < 0 || st->row >= st->ntuples ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_TIMESTAMPTZOID && strlen(v) >= 19) {
		/* "2026-11-22 03:57:26[.ffffff]+00" -> "2026-11-22T03:57:26Z", in place */
		v[10] = 'T';
		v[19] = 'Z';
		v[20] = '\0';
	}
	return v;
}

int64_t
db_col_int(db_stmt *st, int col)
{
	const char *v;

	if (st->db->kind == DB_SQLITE)
		return sqlite3_column_int64(st->ls, col);
	if ((v = db_col_text(st, col)) == NULL)
		return 0;
	if (PQftype(st->res, col) == PG_BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

void
db_finalize(db_stmt *st)
{
	db_t *lazy;

	if (st == NULL)
		return;
	lazy = st->lazy;
	if (st->cached) {
		sqlite3_reset(st->ls);
		sqlite3_clear_bindings(st->ls);
		st->cached->in_use = 0;
	} else if (st->ls)
		sqlite3_finalize(st->ls);
	if (st->res)
		PQclear(st->res);
	for (int i = 0; i < DB_MAX_PARAMS; i++)
		free(st->params[i]);
	free(st->pgsql);
	free(st);
	if (lazy) {
		lazy->nopen--;
		give_back(lazy, 0);
	}
}

static db_stmt *
vbind(db_t *db, const char *sql, const char *types, va_list ap)
{
	db_stmt *st = db_prepare(db, sql);
	int idx = 1;

	if (st == NULL)
		return NULL;
	for (const char *t = types; t && *t; t++, idx++) {
		switch (*t) {
		case 's':
			db_bind_text(st, idx, va_arg(ap, const char *));
			break;
		case 'i':
			db_bind_int(st, idx, va_arg(ap, int64_t));
			break;
		case 'b':
			/* PostgreSQL boolean input accepts "1"/"0"; SQLite stores 1/0 */
			db_bind_int(st, idx, va_arg(ap, int) ? 1 : 0);
			break;
		case 'n':
			db_bind_null(st, idx);
			break;
		default:
			st->bind_err = 1;
		}
	}
	return st;
}

db_stmt *
db_queryf(db_t *db, const char *sql, const char *types, ...)
{
	va_list ap;
	db_stmt *st;

	va_start(ap, types);
	st = vbind(db, sql, types, ap);
	va_end(ap);
	return st;
}

int
db_runf(db_t *db, const char *sql, const char *types, ...)
{
	va_list ap;
	db_stmt *st;
	int rc;

	va_start(ap, types);
	st = vbind(db, sql, types, ap);
	va_end(ap);
	if (st == NULL)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_finalize(st);
	return rc;
}

int
db_is_frontdesk(db_t *db)
{
	db_stmt *st;
	int found = 0;

	st = db_prepare(db, db->kind == DB_SQLITE
	    ? "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
	    : "SELECT 1 FROM information_schema.tables WHERE table_name='schema_migrations' "
	    "AND table_schema = current_schema()");
	if (st && db_step(st) == DB_ROW)
		found = 1;
	db_finalize(st);
	return found;
}

int
db_migrate(db_t *db, int verbose, char *why, size_t whylen)
{
	const struct migration *m = db->kind == DB_SQLITE ? migrations_sqlite : migrations_postgres;
	int applied = 0;

	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)") != DB_DONE) {
		snprintf(why, whylen, "schema_migrations: %s", db->err);
		return -1;
	}
	for (; m->version; m++) {
		db_stmt *st;
		int have;
		char now[24];

		if (db_begin(db) != DB_DONE) {
			snprintf(why, whylen, "begin: %s", db->err);
			return -1;
		}
		/* Serialise concurrent migrators: SQLite already holds the write
		 * lock (BEGIN IMMEDIATE); PostgreSQL locks the table. */
		if (db->kind == DB_PG &&
		    db_exec(db, "LOCK TABLE schema_migrations IN EXCLUSIVE MODE") != DB_DONE) {
			snprintf(why, whylen, "lock: %s", db->err);
			db_rollback(db);
			return -1;
		}
		st = db_queryf(db, "SELECT 1 FROM schema_migrations WHERE version = ?", "s", m->version);
		have = st && db_step(st) == DB_ROW;
		db_finalize(st);
		if (have) {
			db_rollback(db);
			continue;
		}
		db_now(now, 0);
		if (db_exec(db, m->sql) != DB_DONE ||
		    db_runf(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
		    "ss", m->version, now) != DB_DONE) {
			snprintf(why, whylen, "migration %s: %s", m->version, db->err);
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) != DB_DONE) {
			snprintf(why, whylen, "commit %s: %s", m->version, db->err);
			db_rollback(db);
			return -1;
		}
		if (verbose)
			printf("applied %s\n", m->version);
		applied++;
	}
	return applied;
}

static int
lite_copy(sqlite3 *from, sqlite3 *to, char *why, size_t whylen)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL) {
		snprintf(why, whylen, "backup: %s", sqlite3_errmsg(to));
		return -1;
	}
	/* copy in steps so writers are never blocked for long */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(why, whylen, "backup: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

int
db_backup(db_t *db, const char *path, char *why, size_t whylen)
{
	sqlite3 *out = NULL;
	int rc;

	if (db->kind != DB_SQLITE) {
		snprintf(why, whylen, "backup is for SQLite; use pg_dump for PostgreSQL");
		return -1;
	}
	if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s: %s", path, out ? sqlite3_errmsg(out) : "cannot open");
		sqlite3_close(out);
		return -1;
	}
	rc = lite_copy(db->lite, out, why, whylen);
	sqlite3_close(out);
	return rc;
}

int
db_restore(db_t *db, const char *path, char *why, size_t whylen)
{
	sqlite3 *in = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0, rc;

	if (db->kind != DB_SQLITE) {
		snprintf(why, whylen, "restore is for SQLite; use pg_restore for PostgreSQL");
		return -1;
	}
	if (access(path, R_OK) != 0) {
		snprintf(why, whylen, "%s: cannot read", path);
		return -1;
	}
	if (sqlite3_open_v2(path, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s: not a database", path);
		sqlite3_close(in);
		return -1;
	}
	/* a frontdesk database has schema_migrations and a tenants table */
	if (sqlite3_prepare_v2(in, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND "
	    "name IN ('schema_migrations','tenants')", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0) == 2;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(why, whylen, "%s is not a frontdesk database", path);
		sqlite3_close(in);
		return -1;
	}
	rc = lite_copy(in, db->lite, why, whylen);
	sqlite3_close(in);
	return rc;
}
