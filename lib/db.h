/* Storage: one API over SQLite and PostgreSQL. Queries are written once with
 * `?` placeholders (rewritten to $n for PostgreSQL). Times are stored as
 * RFC 3339 UTC text in SQLite and timestamptz in PostgreSQL; both read back as
 * "YYYY-MM-DDTHH:MM:SSZ". Booleans read back with db_col_int as 0/1.
 * A db_t is one connection: use it from one thread at a time. */
#ifndef FD_DB_H
#define FD_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db db_t;
typedef struct db_stmt db_stmt;

enum db_kind { DB_SQLITE = 1, DB_PG = 2 };

enum {
	DB_ROW = 1,
	DB_DONE = 0,
	DB_ERR = -1,
	DB_CONSTRAINT = -2,  /* unique / exclusion / foreign key violation */
	DB_RETRY = -3,       /* busy, serialization failure or deadlock: retry the transaction */
};

db_t *db_open(const char *url, char *why, size_t whylen);

/* A bounded pool of connections to url (at most max open), and lazy
 * handles over it: a lazy handle works like any db_t, but holds a pooled
 * connection only while a statement or transaction is open on it, waiting
 * (up to 30 s) when all max are busy. Long requests that mostly wait (event
 * streams) use them, so they neither hold nor multiply connections.
 * db_close on a lazy handle gives back what it holds. */
typedef struct db_pool db_pool;
db_pool *db_pool_new(const char *url, int max);
db_t *db_lazy(db_pool *p);
/* Close the idle connections and free the pool (no handle may be in use). */
void db_pool_free(db_pool *p);
void db_close(db_t *db);
int db_kind(const db_t *db);
const char *db_errmsg(const db_t *db);
/* Cheap liveness check (SELECT 1); reconnects PostgreSQL once if broken. */
int db_ping(db_t *db);

/* Execute SQL without parameters; may hold several statements. 0 or DB_*. */
int db_exec(db_t *db, const char *sql);

/* Write transactions: SQLite takes the write lock up front (BEGIN IMMEDIATE)
 * so concurrent writers wait in busy_timeout instead of failing. */
int db_begin(db_t *db);
int db_commit(db_t *db);
void db_rollback(db_t *db);

/* Prepare; NULL on error (db_errmsg). Bind indexes are 1-based. A NULL text
 * binds SQL NULL. Binding is sticky-error: db_step reports it. */
db_stmt *db_prepare(db_t *db, const char *sql);
void db_bind_text(db_stmt *st, int idx, const char *s);
void db_bind_int(db_stmt *st, int idx, int64_t v);
void db_bind_null(db_stmt *st, int idx);
/* DB_ROW, DB_DONE, or a negative DB_* code. */
int db_step(db_stmt *st);
/* Column values are valid until the next db_step or db_finalize. 0-based. */
const char *db_col_text(db_stmt *st, int col);  /* NULL for SQL NULL */
int64_t db_col_int(db_stmt *st, int col);
int db_col_null(db_stmt *st, int col);
int db_changes(db_stmt *st);                      /* rows changed by the last step */
void db_finalize(db_stmt *st);

/* Prepare, bind by a type string ('s' text, 'i' int64, 'b' bool as int,
 * 'n' null: no argument consumed) and return the statement. NULL on error. */
db_stmt *db_queryf(db_t *db, const char *sql, const char *types, ...);
/* Run a statement to completion; returns DB_DONE (0) or a negative code. */
int db_runf(db_t *db, const char *sql, const char *types, ...);

/* Apply the embedded migrations for this backend that are not yet recorded
 * in schema_migrations. Returns the number applied, or -1 with why. */
int db_migrate(db_t *db, int verbose, char *why, size_t whylen);
/* Nonzero when the database has frontdesk's schema_migrations table. */
int db_is_frontdesk(db_t *db);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (out must hold 21 bytes). */
void db_now(char *out, int64_t offset_s);


/* SQLite only: copy the live database to path with the online backup API
 * (readers and writers keep going). 0, or -1 with why. */
int db_backup(db_t *db, const char *path, char *why, size_t whylen);
/* SQLite only: replace the live database's content with the frontdesk
 * database at path; refuses a file that is not one. 0, or -1 with why. */
int db_restore(db_t *db, const char *path, char *why, size_t whylen);
#endif
