#include <stdio.h>
#include <string.h>

#include "apikey.h"
#include "crypto.h"
#include "log.h"
#include "rows.h"
#include "uuid.h"

#define KEY_COLS "id, tenant_id, label, prefix, created_at, last_used_at, revoked_at"
static const char *const key_names[] = {"id", "tenant_id", "label", "prefix", "created_at",
    "last_used_at", "revoked_at", NULL};
static const char key_types[] = "sssssss";

static fd_err
db_failed(db_t *db, err_detail *d)
{
	log_msg(LOG_ERROR, NULL, "apikey: database error: %s", db_errmsg(db));
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
}

fd_err
apikey_create(db_t *db, const char *tenant_id, const char *label, json_object **out,
    err_detail *d)
{
	char id[UUID_STR_LEN], now[24], key[96], hash[65], prefix[16];
	db_stmt *st;
	int rc;

	if (uuid_v7(id) < 0 || crypto_token(APIKEY_PREFIX, key, sizeof(key)) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	crypto_sha256_hex(key, strlen(key), hash);
	/* the first characters identify a key in lists without revealing it */
	snprintf(prefix, sizeof(prefix), "%.12s", key);
	db_now(now, 0);
	rc = db_runf(db, "INSERT INTO api_keys (id, tenant_id, label, prefix, key_hash, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)", "ssssss", id, tenant_id, label ? label : "", prefix, hash,
	    now);
	if (rc != DB_DONE)
		return db_failed(db, d);
	st = db_queryf(db, "SELECT " KEY_COLS " FROM api_keys WHERE id = ?", "s", id);
	if (st == NULL || db_step(st) != DB_ROW) {
		db_finalize(st);
		return db_failed(db, d);
	}
	*out = rows_object(st, key_names, key_types);
	db_finalize(st);
	json_object_object_add(*out, "key", json_object_new_string(key));
	explicit_bzero(key, sizeof(key));
	return OK;
}

fd_err
apikey_list(db_t *db, const char *tenant_id, int limit, const char *cursor, json_object **out,
    err_detail *d)
{
	db_stmt *st = db_queryf(db, "SELECT " KEY_COLS " FROM api_keys WHERE tenant_id = ? AND "
	    "id > ? ORDER BY id LIMIT ?", "ssi", tenant_id, cursor, (int64_t)limit + 1);

	if (st == NULL)
		return db_failed(db, d);
	*out = rows_page(st, key_names, key_types, limit);
	db_finalize(st);
	return *out ? OK : db_failed(db, d);
}

fd_err
apikey_revoke(db_t *db, const char *tenant_id, const char *id, err_detail *d)
{
	char now[24];
	db_stmt *st;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "api key not found");
	st = db_queryf(db, "SELECT revoked_at FROM api_keys WHERE tenant_id = ? AND id = ?", "ss",
	    tenant_id, id);
	if (st == NULL)
		return db_failed(db, d);
	rc = db_step(st);
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "api key not found");
	if (rc < 0)
		return db_failed(db, d);
	db_now(now, 0);
	if (db_runf(db, "UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND "
	    "revoked_at IS NULL", "sss", now, tenant_id, id) != DB_DONE)
		return db_failed(db, d);
	return OK;
}
