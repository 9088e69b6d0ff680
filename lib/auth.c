#include <stdio.h>
#include <string.h>
#include <time.h>

#include "apikey.h"
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "limits.h"
#include "log.h"
#include "uuid.h"

static fd_err
db_failed(db_t *db, err_detail *d)
{
	log_msg(LOG_ERROR, NULL, "auth: database error: %s", db_errmsg(db));
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
}

/* Write last_used_at only when it is older than the grain: a read-mostly
 * request must not turn into a database write every time. */
static void
touch(db_t *db, const char *table, const char *id, const char *last_used)
{
	char cutoff[24], now[24], sql[128];

	db_now(cutoff, -LIM_LAST_USED_GRAIN_S);
	if (last_used && strcmp(last_used, cutoff) > 0)
		return;
	db_now(now, 0);
	snprintf(sql, sizeof(sql), "UPDATE %s SET last_used_at = ? WHERE id = ?", table);
	if (db_runf(db, sql, "ss", now, id) != DB_DONE)
		log_msg(LOG_WARN, NULL, "auth: last_used_at not updated: %s", db_errmsg(db));
}

fd_err
auth_resolve(db_t *db, const char *token, auth_ctx *a, err_detail *d)
{
	char hash[65], now[24];
	db_stmt *st = NULL;
	int rc;

	memset(a, 0, sizeof(*a));
	if (token == NULL || *token == '\0')
		return err_set(d, ERR_UNAUTHORIZED, NULL, "missing credential");
	if (g_config.admin_key[0] && crypto_str_eq(token, g_config.admin_key)) {
		a->kind = CRED_ADMIN;
		return OK;
	}
	crypto_sha256_hex(token, strlen(token), hash);
	db_now(now, 0);
	if (strncmp(token, APIKEY_PREFIX, strlen(APIKEY_PREFIX)) == 0) {
		st = db_queryf(db, "SELECT k.id, k.tenant_id, t.status, k.last_used_at "
		    "FROM api_keys k JOIN tenants t ON t.id = k.tenant_id "
		    "WHERE k.key_hash = ? AND k.revoked_at IS NULL", "s", hash);
		a->kind = CRED_APIKEY;
	} else if (strncmp(token, SESSION_PREFIX, strlen(SESSION_PREFIX)) == 0) {
		st = db_queryf(db, "SELECT s.id, s.tenant_id, t.status, s.last_used_at, u.id, u.role "
		    "FROM sessions s JOIN tenants t ON t.id = s.tenant_id "
		    "JOIN users u ON u.id = s.user_id "
		    "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?", "ss",
		    hash, now);
		a->kind = CRED_SESSION;
	} else {
		a->kind = CRED_NONE;
		return err_set(d, ERR_UNAUTHORIZED, NULL, "invalid credential");
	}
	if (st == NULL)
		return db_failed(db, d);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(a->cred_id, sizeof(a->cred_id), "%s", db_col_text(st, 0));
		snprintf(a->tenant_id, sizeof(a->tenant_id), "%s", db_col_text(st, 1));
		snprintf(a->tenant_status, sizeof(a->tenant_status), "%s", db_col_text(st, 2));
		if (a->kind == CRED_SESSION) {
			snprintf(a->user_id, sizeof(a->user_id), "%s", db_col_text(st, 4));
			snprintf(a->role, sizeof(a->role), "%s", db_col_text(st, 5));
		}
		char last[24] = "";
		if (!db_col_null(st, 3))
			snprintf(last, sizeof(last), "%s", db_col_text(st, 3));
		db_finalize(st);
		touch(db, a->kind == CRED_APIKEY ? "api_keys" : "sessions", a->cred_id,
		    last[0] ? last : NULL);
		return OK;
	}
	db_finalize(st);
	if (rc < 0)
		return db_failed(db, d);
	memset(a, 0, sizeof(*a));
	return err_set(d, ERR_UNAUTHORIZED, NULL, "invalid credential");
}

fd_err
auth_session_create(db_t *db, const char *tenant_id, const char *user_id, char token[96],
    char expires_at[24], err_detail *d)
{
	char id[UUID_STR_LEN], now[24], hash[65];

	if (uuid_v7(id) < 0 || crypto_token(SESSION_PREFIX, token, 96) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	crypto_sha256_hex(token, strlen(token), hash);
	db_now(now, 0);
	db_now(expires_at, g_config.session_ttl_s ? g_config.session_ttl_s : LIM_SESSION_TTL_S);
	if (db_runf(db, "INSERT INTO sessions (id, tenant_id, user_id, token_hash, created_at, "
	    "expires_at) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", id, tenant_id, user_id, hash, now,
	    expires_at) != DB_DONE)
		return db_failed(db, d);
	return OK;
}

fd_err
auth_session_revoke(db_t *db, const char *session_id, err_detail *d)
{
	char now[24];

	db_now(now, 0);
	if (db_runf(db, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
	    "ss", now, session_id) != DB_DONE)
		return db_failed(db, d);
	return OK;
}

int
auth_can_manage(const auth_ctx *a)
{
	if (a->kind == CRED_ADMIN || a->kind == CRED_APIKEY)
		return 1;
	return a->kind == CRED_SESSION &&
	    (strcmp(a->role, "owner") == 0 || strcmp(a->role, "admin") == 0);
}
