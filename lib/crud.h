/* Table-driven storage for simple tenant-scoped resources. A resource is a
 * table with id, tenant_id, the listed columns, created_at and updated_at.
 * Column names come from these static tables, never from input; values are
 * always bound parameters. Every query filters by tenant_id. */
#ifndef FD_CRUD_H
#define FD_CRUD_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"
#include "valid.h"

/* Column flags */
#define CRUD_W    0x1   /* client may set it */
#define CRUD_REQ  0x2   /* required on create */
#define CRUD_NULL 0x4   /* JSON null accepted (stores NULL) */

/* Extra check for a present, non-null value of the field. */
typedef fd_err (*crud_check)(const char *field, json_object *val, err_detail *d);

struct crud_col {
	const char *name;
	char type;          /* 's' text, 'i' integer, 'b' boolean, 'j' JSON (object/array) */
	unsigned flags;
	size_t maxlen;      /* text: bytes; 0 = unlimited */
	crud_check check;
};

struct crud_res {
	const char *table;
	const char *noun;          /* "agent": used in messages */
	const struct crud_col *cols; /* terminated by a NULL name */
	const char *conflict_field; /* field named when a unique constraint fails */
};

/* Validate a create (creating = 1) or update body against the columns. */
fd_err crud_validate(const struct crud_res *res, json_object *body, int creating, err_detail *d);
fd_err crud_get(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    json_object **out, err_detail *d);
/* where: extra SQL ("AND ...") with ? placeholders bound from args (text), or NULL. */
fd_err crud_list(db_t *db, const struct crud_res *res, const char *tenant_id, const char *where,
    const char *const *args, int nargs, int limit, const char *cursor, json_object **out,
    err_detail *d);
/* Insert the body's writable fields (absent ones take the SQL default);
 * extra holds server-set values ({"is_default": true}) merged over body. */
fd_err crud_insert(db_t *db, const struct crud_res *res, const char *tenant_id,
    json_object *body, json_object *extra, json_object **out, err_detail *d);
fd_err crud_update(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    json_object *body, json_object **out, err_detail *d);
fd_err crud_delete(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    err_detail *d);
/* 1 when the row exists for this tenant, 0 when not, -1 on error. */
int crud_exists(db_t *db, const char *table, const char *tenant_id, const char *id);
/* Inside a transaction: serialise this tenant's one-of changes (one default
 * agent, one active connector). PostgreSQL locks the tenant's row; SQLite's
 * BEGIN IMMEDIATE already holds the write lock. DB_DONE or an error code. */
int crud_lock_tenant(db_t *db, const char *tenant_id);
/* Log a database error and answer a generic 500. */
fd_err crud_db_failed(db_t *db, const char *what, err_detail *d);

#endif
