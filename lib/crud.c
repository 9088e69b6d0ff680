#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "crud.h"
#include "log.h"
#include "rows.h"
#include "uuid.h"

#define CRUD_MAX_COLS 32

fd_err
crud_db_failed(db_t *db, const char *what, err_detail *d)
{
	log_msg(LOG_ERROR, NULL, "%s: database error: %s", what, db_errmsg(db));
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
}

static enum vtype
vtype_of(char t)
{
	switch (t) {
	case 'i': return V_INT;
	case 'b': return V_BOOL;
	case 'j': return V_ANY;
	default: return V_STRING;
	}
}

fd_err
crud_validate(const struct crud_res *res, json_object *body, int creating, err_detail *d)
{
	struct vfield f[CRUD_MAX_COLS + 1];
	int n = 0;
	fd_err e;

	for (const struct crud_col *c = res->cols; c->name && n < CRUD_MAX_COLS; c++) {
		if (!(c->flags & CRUD_W))
			continue;
		f[n].name = c->name;
		f[n].type = vtype_of(c->type);
		f[n].required = creating && (c->flags & CRUD_REQ);
		f[n].maxlen = c->maxlen;
		f[n].nullable = (c->flags & CRUD_NULL) != 0;
		n++;
	}
	f[n].name = NULL;
	if ((e = valid_object(body, f, d)) != OK)
		return e;
	for (const struct crud_col *c = res->cols; c->name; c++) {
		json_object *v = NULL;

		if (!(c->flags & CRUD_W) || body == NULL ||
		    !json_object_object_get_ex(body, c->name, &v) || v == NULL)
			continue;
		if (c->type == 'j' && !json_object_is_type(v, json_type_object) &&
		    !json_object_is_type(v, json_type_array))
			return err_set(d, ERR_VALIDATION, c->name, "%s must be an object or array", c->name);
		/* a required text stays non-empty after a PATCH too */
		if (c->type == 's' && (c->flags & CRUD_REQ) &&
		    strspn(json_object_get_string(v), " \t\r\n") == strlen(json_object_get_string(v)))
			return err_set(d, ERR_VALIDATION, c->name, "%s must not be empty", c->name);
		if (c->check && (e = c->check(c->name, v, d)) != OK)
			return e;
	}
	return OK;
}

/* "id, tenant_id, c1, ..., created_at, updated_at" and the matching names/types. */
static void
select_list(const struct crud_res *res, buf_t *sql, const char **names, char *types)
{
	int n = 0;

	buf_puts(sql, "id, tenant_id");
	names[n] = "id";
	types[n++] = 's';
	names[n] = "tenant_id";
	types[n++] = 's';
	for (const struct crud_col *c = res->cols; c->name && n < CRUD_MAX_COLS; c++) {
		buf_printf(sql, ", %s", c->name);
		names[n] = c->name;
		types[n++] = c->type;
	}
	buf_puts(sql, ", created_at, updated_at");
	names[n] = "created_at";
	types[n++] = 's';
	names[n] = "updated_at";
	types[n++] = 's';
	names[n] = NULL;
	types[n] = '\0';
}

fd_err
crud_get(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    json_object **out, err_detail *d)
{
	const char *names[CRUD_MAX_COLS + 5];
	char types[CRUD_MAX_COLS + 5];
	buf_t sql;
	db_stmt *st;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	select_list(res, &sql, names, types);
	buf_printf(&sql, " FROM %s WHERE tenant_id = ? AND id = ?", res->table);
	st = buf_ok(&sql) ? db_queryf(db, sql.data, "ss", tenant_id, id) : NULL;
	buf_free(&sql);
	if (st == NULL)
		return crud_db_failed(db, res->noun, d);
	if ((rc = db_step(st)) == DB_ROW && out)
		*out = rows_object(st, names, types);
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
	return rc == DB_ROW ? OK : crud_db_failed(db, res->noun, d);
}

fd_err
crud_list(db_t *db, const struct crud_res *res, const char *tenant_id, const char *where,
    const char *const *args, int nargs, int limit, const char *cursor, json_object **out,
    err_detail *d)
{
	const char *names[CRUD_MAX_COLS + 5];
	char types[CRUD_MAX_COLS + 5];
	buf_t sql;
	db_stmt *st;
	int k = 1;

	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	select_list(res, &sql, names, types);
	buf_printf(&sql, " FROM %s WHERE tenant_id = ? AND id > ? %s ORDER BY id LIMIT ?",
	    res->table, where ? where : "");
	st = buf_ok(&sql) ? db_prepare(db, sql.data) : NULL;
	buf_free(&sql);
	if (st == NULL)
		return crud_db_failed(db, res->noun, d);
	db_bind_text(st, k++, tenant_id);
	db_bind_text(st, k++, cursor);
	for (int i = 0; i < nargs; i++)
		db_bind_text(st, k++, args[i]);
	db_bind_int(st, k, (int64_t)limit + 1);
	*out = rows_page(st, names, types, limit);
	db_finalize(st);
	return *out ? OK : crud_db_failed(db, res->noun, d);
}

/* Bind one JSON value to a column of type t. */
static void
bind_value(db_stmt *st, int idx, char t, json_object *v)
{
	if (v == NULL || json_object_is_type(v, json_type_null))
		db_bind_null(st, idx);
	else if (t == 'i')
		db_bind_int(st, idx, json_object_get_int64(v));
	else if (t == 'b')
		db_bind_int(st, idx, json_object_get_boolean(v) ? 1 : 0);
	else if (t == 'j')
		db_bind_text(st, idx, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	else
		db_bind_text(st, idx, json_object_get_string(v));
}

static json_object *
value_of(const struct crud_col *c, json_object *body, json_object *extra, int *present)
{
	json_object *v = NULL;

	*present = 0;
	if (extra && json_object_object_get_ex(extra, c->name, &v)) {
		*present = 1;
		return v;
	}
	if ((c->flags & CRUD_W) && body && json_object_object_get_ex(body, c->name, &v)) {
		*present = 1;
		return v;
	}
	return NULL;
}

static fd_err
write_failed(db_t *db, const struct crud_res *res, int rc, err_detail *d)
{
	if (rc == DB_CONSTRAINT)
		return err_set(d, ERR_CONFLICT, res->conflict_field, "this %s already exists%s%s",
		    res->noun, res->conflict_field ? ": duplicate " : "",
		    res->conflict_field ? res->conflict_field : "");
	return crud_db_failed(db, res->noun, d);
}

fd_err
crud_insert(db_t *db, const struct crud_res *res, const char *tenant_id, json_object *body,
    json_object *extra, json_object **out, err_detail *d)
{
	char id[UUID_STR_LEN], now[24];
	buf_t sql, vals;
	db_stmt *st;
	int k = 1, present, rc;

	if (uuid_v7(id) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	db_now(now, 0);
	buf_init(&sql, 0);
	buf_init(&vals, 0);
	buf_printf(&sql, "INSERT INTO %s (id, tenant_id, created_at, updated_at", res->table);
	buf_puts(&vals, "?, ?, ?, ?");
	for (const struct crud_col *c = res->cols; c->name; c++) {
		value_of(c, body, extra, &present);
		if (!present)
			continue;
		buf_printf(&sql, ", %s", c->name);
		buf_puts(&vals, ", ?");
	}
	buf_printf(&sql, ") VALUES (%s)", vals.data);
	st = buf_ok(&sql) && buf_ok(&vals) ? db_prepare(db, sql.data) : NULL;
	buf_free(&sql);
	buf_free(&vals);
	if (st == NULL)
		return crud_db_failed(db, res->noun, d);
	db_bind_text(st, k++, id);
	db_bind_text(st, k++, tenant_id);
	db_bind_text(st, k++, now);
	db_bind_text(st, k++, now);
	for (const struct crud_col *c = res->cols; c->name; c++) {
		json_object *v = value_of(c, body, extra, &present);

		if (present)
			bind_value(st, k++, c->type, v);
	}
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return write_failed(db, res, rc, d);
	return crud_get(db, res, tenant_id, id, out, d);
}

fd_err
crud_update(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    json_object *body, json_object **out, err_detail *d)
{
	char now[24];
	buf_t sql;
	db_stmt *st;
	int k = 1, present, rc, changed;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
	db_now(now, 0);
	buf_init(&sql, 0);
	buf_printf(&sql, "UPDATE %s SET updated_at = ?", res->table);
	for (const struct crud_col *c = res->cols; c->name; c++) {
		value_of(c, body, NULL, &present);
		if (present)
			buf_printf(&sql, ", %s = ?", c->name);
	}
	buf_puts(&sql, " WHERE tenant_id = ? AND id = ?");
	st = buf_ok(&sql) ? db_prepare(db, sql.data) : NULL;
	buf_free(&sql);
	if (st == NULL)
		return crud_db_failed(db, res->noun, d);
	db_bind_text(st, k++, now);
	for (const struct crud_col *c = res->cols; c->name; c++) {
		json_object *v = value_of(c, body, NULL, &present);

		if (present)
			bind_value(st, k++, c->type, v);
	}
	db_bind_text(st, k++, tenant_id);
	db_bind_text(st, k, id);
	rc = db_step(st);
	changed = db_changes(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return write_failed(db, res, rc, d);
	if (changed == 0)
		return err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
	return out ? crud_get(db, res, tenant_id, id, out, d) : OK;
}

fd_err
crud_delete(db_t *db, const struct crud_res *res, const char *tenant_id, const char *id,
    err_detail *d)
{
	char sql[160];
	db_stmt *st;
	int rc, changed;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE tenant_id = ? AND id = ?", res->table);
	if ((st = db_queryf(db, sql, "ss", tenant_id, id)) == NULL)
		return crud_db_failed(db, res->noun, d);
	rc = db_step(st);
	changed = db_changes(st);
	db_finalize(st);
	if (rc == DB_CONSTRAINT)
		return err_set(d, ERR_CONFLICT, NULL, "this %s is still in use", res->noun);
	if (rc != DB_DONE)
		return crud_db_failed(db, res->noun, d);
	return changed ? OK : err_set(d, ERR_NOT_FOUND, NULL, "%s not found", res->noun);
}

int
crud_exists(db_t *db, const char *table, const char *tenant_id, const char *id)
{
	char sql[160];
	db_stmt *st;
	int rc;

	if (!uuid_valid(id))
		return 0;
	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE tenant_id = ? AND id = ?", table);
	if ((st = db_queryf(db, sql, "ss", tenant_id, id)) == NULL)
		return -1;
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int
crud_lock_tenant(db_t *db, const char *tenant_id)
{
	db_stmt *st;
	int rc;

	if (db_kind(db) != DB_PG)
		return DB_DONE;
	/* NO KEY: inserts that only reference the tenant are not held up */
	st = db_queryf(db, "SELECT id FROM tenants WHERE id = ? FOR NO KEY UPDATE", "s", tenant_id);
	rc = st ? db_step(st) : DB_ERR;
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_DONE : rc;
}
