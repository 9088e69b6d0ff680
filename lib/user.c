#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "log.h"
#include "rows.h"
#include "user.h"
#include "uuid.h"
#include "valid.h"

#define USER_COLS "id, tenant_id, email, name, role, created_at, updated_at"
static const char *const user_names[] = {"id", "tenant_id", "email", "name", "role",
    "created_at", "updated_at", NULL};
static const char user_types[] = "sssssss";

static fd_err
db_failed(db_t *db, err_detail *d)
{
	log_msg(LOG_ERROR, NULL, "user: database error: %s", db_errmsg(db));
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
}

fd_err
user_get(db_t *db, const char *tenant_id, const char *id, json_object **out, char role_out[16],
    err_detail *d)
{
	db_stmt *st;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "user not found");
	st = db_queryf(db, "SELECT " USER_COLS " FROM users WHERE tenant_id = ? AND id = ?", "ss",
	    tenant_id, id);
	if (st == NULL)
		return db_failed(db, d);
	if ((rc = db_step(st)) == DB_ROW) {
		if (out)
			*out = rows_object(st, user_names, user_types);
		if (role_out)
			snprintf(role_out, 16, "%s", db_col_text(st, 4));
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "user not found");
	return rc == DB_ROW ? OK : db_failed(db, d);
}

fd_err
user_create(db_t *db, const char *tenant_id, const char *email, const char *password,
    const char *role, const char *name, json_object **out, err_detail *d)
{
	char id[UUID_STR_LEN], now[24], hash[128], *lower;
	int rc;

	if (crypto_password_hash(password, hash, sizeof(hash)) < 0 || uuid_v7(id) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	if ((lower = strdup(email)) == NULL)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	valid_lower(lower);
	db_now(now, 0);
	rc = db_runf(db, "INSERT INTO users (id, tenant_id, email, password_hash, role, name, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ssssssss", id, tenant_id,
	    lower, hash, role, name ? name : "", now, now);
	free(lower);
	if (rc == DB_CONSTRAINT)
		return err_set(d, ERR_CONFLICT, "email", "a user with this email already exists");
	if (rc != DB_DONE)
		return db_failed(db, d);
	return user_get(db, tenant_id, id, out, NULL, d);
}

fd_err
user_list(db_t *db, const char *tenant_id, int limit, const char *cursor, json_object **out,
    err_detail *d)
{
	db_stmt *st = db_queryf(db, "SELECT " USER_COLS " FROM users WHERE tenant_id = ? AND id > ? "
	    "ORDER BY id LIMIT ?", "ssi", tenant_id, cursor, (int64_t)limit + 1);

	if (st == NULL)
		return db_failed(db, d);
	*out = rows_page(st, user_names, user_types, limit);
	db_finalize(st);
	return *out ? OK : db_failed(db, d);
}

/* Owners other than id, inside the current transaction. -1 on error. */
static int
other_owners(db_t *db, const char *tenant_id, const char *id)
{
	db_stmt *st = db_queryf(db, "SELECT COUNT(*) FROM users WHERE tenant_id = ? AND "
	    "role = 'owner' AND id <> ?", "ss", tenant_id, id);
	int n = -1;

	if (st && db_step(st) == DB_ROW)
		n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

fd_err
user_update(db_t *db, const char *tenant_id, const char *id, const char *name,
    const char *role, const char *password, json_object **out, err_detail *d)
{
	char now[24], hash[128], cur_role[16];
	fd_err e;
	int rc;

	if (password && crypto_password_hash(password, hash, sizeof(hash)) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	if (db_begin(db) != DB_DONE)
		return db_failed(db, d);
	if ((e = user_get(db, tenant_id, id, NULL, cur_role, d)) != OK)
		goto fail;
	if (role && strcmp(cur_role, "owner") == 0 && strcmp(role, "owner") != 0) {
		int n = other_owners(db, tenant_id, id);

		if (n < 0) {
			e = db_failed(db, d);
			goto fail;
		}
		if (n == 0) {
			e = err_set(d, ERR_CONFLICT, "role", "the last owner cannot be demoted");
			goto fail;
		}
	}
	db_now(now, 0);
	rc = db_runf(db, "UPDATE users SET name = COALESCE(?, name), role = COALESCE(?, role), "
	    "password_hash = COALESCE(?, password_hash), updated_at = ? "
	    "WHERE tenant_id = ? AND id = ?", "ssssss", name, role, password ? hash : NULL, now,
	    tenant_id, id);
	if (rc == DB_DONE && password)
		/* a new password ends every other session of this user */
		rc = db_runf(db, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND "
		    "revoked_at IS NULL", "ss", now, id);
	if (rc != DB_DONE || db_commit(db) != DB_DONE) {
		e = db_failed(db, d);
		goto fail;
	}
	return user_get(db, tenant_id, id, out, NULL, d);
fail:
	db_rollback(db);
	return e;
}

fd_err
user_delete(db_t *db, const char *tenant_id, const char *id, err_detail *d)
{
	char role[16];
	fd_err e;

	if (db_begin(db) != DB_DONE)
		return db_failed(db, d);
	if ((e = user_get(db, tenant_id, id, NULL, role, d)) != OK)
		goto fail;
	if (strcmp(role, "owner") == 0) {
		int n = other_owners(db, tenant_id, id);

		if (n <= 0) {
			e = n < 0 ? db_failed(db, d)
			    : err_set(d, ERR_CONFLICT, NULL, "the last owner cannot be deleted");
			goto fail;
		}
	}
	if (db_runf(db, "DELETE FROM sessions WHERE user_id = ?", "s", id) != DB_DONE ||
	    db_runf(db, "DELETE FROM users WHERE tenant_id = ? AND id = ?", "ss", tenant_id, id)
	    != DB_DONE || db_commit(db) != DB_DONE) {
		e = db_failed(db, d);
		goto fail;
	}
	return OK;
fail:
	db_rollback(db);
	return e;
}

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	if (crypto_password_hash("frontdesk-dummy-password", dummy_hash, sizeof(dummy_hash)) < 0)
		dummy_hash[0] = '\0';
}

fd_err
user_authenticate(db_t *db, const char *email, const char *password, char user_id[40],
    char tenant_id[40], err_detail *d)
{
	char *lower = strdup(email ? email : "");
	db_stmt *st;
	int rc, ok;
	char hash[256] = "";

	if (lower == NULL)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	valid_lower(lower);
	st = db_queryf(db, "SELECT id, tenant_id, password_hash FROM users WHERE email = ?", "s",
	    lower);
	free(lower);
	if (st == NULL)
		return db_failed(db, d);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(user_id, 40, "%s", db_col_text(st, 0));
		snprintf(tenant_id, 40, "%s", db_col_text(st, 1));
		snprintf(hash, sizeof(hash), "%s", db_col_text(st, 2));
	}
	db_finalize(st);
	if (rc < 0)
		return db_failed(db, d);
	/* Verify against a real hash when the e-mail is unknown, so the response
	 * time does not tell whether an account exists. */
	pthread_once(&dummy_once, dummy_init);
	ok = crypto_password_verify(password, rc == DB_ROW ? hash : dummy_hash);
	if (rc != DB_ROW || !ok)
		return err_set(d, ERR_UNAUTHORIZED, NULL, "invalid email or password");
	return OK;
}
