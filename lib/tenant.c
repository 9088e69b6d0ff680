#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "rows.h"
#include "tenant.h"
#include "uuid.h"
#include "valid.h"

#define TENANT_COLS "id, name, handle, timezone, status, plan, tone, business_hours, " \
	"knowledge_base, forwarding_phone, business_name, tagline, bio, phone, website, " \
	"social_links, created_at, updated_at"
static const char *const tenant_names[] = {"id", "name", "handle", "timezone", "status", "plan",
    "tone", "business_hours", "knowledge_base", "forwarding_phone", "business_name", "tagline",
    "bio", "phone", "website", "social_links", "created_at", "updated_at", NULL};
static const char tenant_types[] = "sssssssjsssssssjss";

/* Columns a PATCH may set, with their storage type ('j' = JSON). */
static const struct {
	const char *name;
	char type;
} patchable[] = {
	{"name", 's'}, {"handle", 's'}, {"timezone", 's'}, {"status", 's'}, {"plan", 's'},
	{"tone", 's'}, {"business_hours", 'j'}, {"knowledge_base", 's'}, {"forwarding_phone", 's'},
	{"business_name", 's'}, {"tagline", 's'}, {"bio", 's'}, {"phone", 's'}, {"website", 's'},
	{"social_links", 'j'}, {NULL, 0},
};

const char *const tenant_tone_names[] = {"professional", "friendly", "casual", "formal",
    "empathetic", NULL};

static fd_err
db_failed(db_t *db, err_detail *d)
{
	log_msg(LOG_ERROR, NULL, "tenant: database error: %s", db_errmsg(db));
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
}

fd_err
tenant_get(db_t *db, const char *id, tenant_row *row, json_object **out, err_detail *d)
{
	db_stmt *st;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	st = db_queryf(db, "SELECT " TENANT_COLS " FROM tenants WHERE id = ?", "s", id);
	if (st == NULL)
		return db_failed(db, d);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (row) {
			snprintf(row->id, sizeof(row->id), "%s", db_col_text(st, 0));
			snprintf(row->handle, sizeof(row->handle), "%s", db_col_text(st, 2));
			snprintf(row->timezone, sizeof(row->timezone), "%s", db_col_text(st, 3));
			snprintf(row->status, sizeof(row->status), "%s", db_col_text(st, 4));
		}
		if (out)
			*out = rows_object(st, tenant_names, tenant_types);
	}
	db_finalize(st);
	if (rc == DB_ROW)
		return OK;
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	return db_failed(db, d);
}

fd_err
tenant_get_by_handle(db_t *db, const char *handle, tenant_row *row, err_detail *d)
{
	db_stmt *st;
	int rc;
	char id[40] = "";

	if (!valid_handle(handle))
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	if ((st = db_queryf(db, "SELECT id FROM tenants WHERE handle = ?", "s", handle)) == NULL)
		return db_failed(db, d);
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(id, sizeof(id), "%s", db_col_text(st, 0));
	db_finalize(st);
	if (rc < 0)
		return db_failed(db, d);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	return tenant_get(db, id, row, NULL, d);
}

/* Insert; 1 = done, 0 = the handle is taken, <0 = error. ON CONFLICT keeps a
 * PostgreSQL transaction usable after a taken handle (signup retries). */
static int
insert(db_t *db, const char *id, const char *name, const char *handle, const char *tz,
    const char *status, const char *plan, const char *now)
{
	db_stmt *st = db_queryf(db, "INSERT INTO tenants (id, name, handle, timezone, status, plan, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (handle) DO NOTHING",
	    "ssssssss", id, name, handle, tz, status, plan, now, now);
	int rc;

	if (st == NULL)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_DONE)
		rc = db_changes(st) > 0 ? 1 : 0;
	db_finalize(st);
	return rc;
}

fd_err
tenant_create(db_t *db, const char *name, const char *handle, const char *timezone,
    const char *plan, const char *status, json_object **out, err_detail *d)
{
	char id[UUID_STR_LEN], now[24], h[80], base[64];
	int rc = DB_ERR;

	if (uuid_v7(id) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	db_now(now, 0);
	if (handle) {
		rc = insert(db, id, name, handle, timezone, status, plan, now);
		if (rc == 0)
			return err_set(d, ERR_CONFLICT, "handle", "handle '%s' is already taken", handle);
	} else {
		valid_slugify(name, base, sizeof(base));
		if (base[0] == '\0')
			snprintf(base, sizeof(base), "tenant");
		for (int attempt = 0; attempt < 8; attempt++) {
			if (attempt == 0)
				snprintf(h, sizeof(h), "%s", base);
			else {
				unsigned char r[3];

				crypto_random(r, sizeof(r));
				snprintf(h, sizeof(h), "%s-%02x%02x%02x", base, r[0], r[1], r[2]);
			}
			if ((rc = insert(db, id, name, h, timezone, status, plan, now)) != 0)
				break;
		}
	}
	if (rc < 0)
		return db_failed(db, d);
	if (rc == 0)
		return err_set(d, ERR_CONFLICT, "handle", "no free handle for this name");
	return tenant_get(db, id, NULL, out, d);
}

fd_err
tenant_list(db_t *db, const char *status, int limit, const char *cursor, json_object **out,
    err_detail *d)
{
	db_stmt *st;

	if (status)
		st = db_queryf(db, "SELECT " TENANT_COLS " FROM tenants WHERE status = ? AND id > ? "
		    "ORDER BY id LIMIT ?", "ssi", status, cursor, (int64_t)limit + 1);
	else
		st = db_queryf(db, "SELECT " TENANT_COLS " FROM tenants WHERE id > ? "
		    "ORDER BY id LIMIT ?", "si", cursor, (int64_t)limit + 1);
	if (st == NULL)
		return db_failed(db, d);
	*out = rows_page(st, tenant_names, tenant_types, limit);
	db_finalize(st);
	return *out ? OK : db_failed(db, d);
}

fd_err
tenant_update(db_t *db, const char *id, json_object *changes, json_object **out, err_detail *d)
{
	char now[24];
	buf_t sql;
	db_stmt *st;
	int rc, k = 1, changed;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	db_now(now, 0);
	buf_init(&sql, 0);
	buf_puts(&sql, "UPDATE tenants SET updated_at = ?");
	for (int i = 0; patchable[i].name; i++)
		if (json_object_object_get_ex(changes, patchable[i].name, NULL))
			buf_printf(&sql, ", %s = ?", patchable[i].name);
	buf_puts(&sql, " WHERE id = ?");
	st = buf_ok(&sql) ? db_prepare(db, sql.data) : NULL;
	buf_free(&sql);
	if (st == NULL)
		return db_failed(db, d);
	db_bind_text(st, k++, now);
	for (int i = 0; patchable[i].name; i++) {
		json_object *v;

		if (!json_object_object_get_ex(changes, patchable[i].name, &v))
			continue;
		if (v == NULL)
			db_bind_null(st, k++);
		else if (patchable[i].type == 'j')
			db_bind_text(st, k++, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		else
			db_bind_text(st, k++, json_object_get_string(v));
	}
	db_bind_text(st, k, id);
	rc = db_step(st);
	changed = db_changes(st);
	db_finalize(st);
	if (rc == DB_CONSTRAINT)
		return err_set(d, ERR_CONFLICT, "handle", "this handle is already taken");
	if (rc != DB_DONE)
		return db_failed(db, d);
	if (changed == 0)
		return err_set(d, ERR_NOT_FOUND, NULL, "tenant not found");
	return tenant_get(db, id, NULL, out, d);
}
