/* lib/auth.c against a migrated temporary database (SQLite; PostgreSQL too
 * when FD_TEST_PG_URL is set): admin key, API keys, sessions. */
#include <string.h>

#include "unit.h"
#include "../../lib/apikey.h"
#include "../../lib/auth.h"
#include "../../lib/crypto.h"
#include "../../lib/tenant.h"
#include "../../lib/user.h"
#include "../../lib/uuid.h"

#define ADMIN_KEY "admin-key-0123456789abcdef"

static unit_db U;
static char T1[40], OWNER[40], MEMBER[40];

static void
setup(void)
{
	unit_config();
	snprintf(g_config.admin_key, sizeof(g_config.admin_key), "%s", ADMIN_KEY);
}

static void
teardown(void)
{
	unit_db_close(&U);
}

TestSuite(auth, .init = setup, .fini = teardown);

static const char *
field(json_object *o, const char *k)
{
	return json_object_get_string(json_object_object_get(o, k));
}

static void
open_with_users(int pg)
{
	json_object *out = NULL;
	err_detail d;

	unit_db_open(&U, pg, 1);
	cr_assert_eq(tenant_create(U.db, "One", "one", "UTC", "starter", "active", &out, &d), OK);
	snprintf(T1, sizeof(T1), "%s", field(out, "id"));
	json_object_put(out);
	cr_assert_eq(user_create(U.db, T1, "owner@example.com", "password-123", "owner", NULL, &out,
	    &d), OK);
	snprintf(OWNER, sizeof(OWNER), "%s", field(out, "id"));
	json_object_put(out);
	cr_assert_eq(user_create(U.db, T1, "member@example.com", "password-123", "member", NULL,
	    &out, &d), OK);
	snprintf(MEMBER, sizeof(MEMBER), "%s", field(out, "id"));
	json_object_put(out);
}

/* No database needed: these never reach it. */
UTEST(auth, admin_and_garbage_tokens)
{
	auth_ctx a;
	err_detail d;

	memset(&a, 'x', sizeof(a));
	cr_assert_eq(auth_resolve(NULL, ADMIN_KEY, &a, &d), OK);
	cr_assert_eq(a.kind, CRED_ADMIN);
	cr_assert_str_eq(a.tenant_id, "", "the admin belongs to no tenant");
	cr_assert(auth_can_manage(&a));

	cr_assert_eq(auth_resolve(NULL, NULL, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE);
	cr_assert_eq(auth_resolve(NULL, "", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(auth_resolve(NULL, "Basic abc", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE);
	cr_assert_not(auth_can_manage(&a));
}

UTEST(auth, admin_key_disabled_when_unset)
{
	auth_ctx a;
	err_detail d;

	g_config.admin_key[0] = '\0';
	memset(&d, 0, sizeof(d));
	cr_assert_eq(auth_resolve(NULL, ADMIN_KEY, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_neq(a.kind, CRED_ADMIN);
}

static void
check_admin_near_miss(int pg)
{
	auth_ctx a;
	err_detail d;

	open_with_users(pg);
	cr_assert_eq(auth_resolve(U.db, ADMIN_KEY "x", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(auth_resolve(U.db, "admin-key-0123456789abcdeF", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(auth_resolve(U.db, "fdk_nonexistent", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(auth_resolve(U.db, "fds_nonexistent", &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE);
}

static void
check_session_lifecycle(int pg)
{
	char token[96], exp[24], later[24], soon[24];
	auth_ctx a;
	err_detail d;

	open_with_users(pg);
	cr_assert_eq(auth_session_create(U.db, T1, MEMBER, token, exp, &d), OK, "%s", d.message);
	cr_assert_eq(strncmp(token, SESSION_PREFIX, 4), 0, "%s", token);
	cr_assert_eq(strlen(token), 4 + 43);
	/* expires after the configured TTL (an hour here) */
	db_now(soon, 3600 - 5);
	db_now(later, 3600 + 5);
	cr_assert(strcmp(exp, soon) >= 0 && strcmp(exp, later) <= 0, "%s", exp);

	cr_assert_eq(auth_resolve(U.db, token, &a, &d), OK, "%s", d.message);
	cr_assert_eq(a.kind, CRED_SESSION);
	cr_assert(uuid_valid(a.cred_id));
	cr_assert_str_eq(a.tenant_id, T1);
	cr_assert_str_eq(a.user_id, MEMBER);
	cr_assert_str_eq(a.role, "member");
	cr_assert_str_eq(a.tenant_status, "active");
	cr_assert_not(auth_can_manage(&a), "members cannot manage");

	/* the token is stored hashed */
	{
		db_stmt *st = db_queryf(U.db, "SELECT token_hash, last_used_at FROM sessions "
		    "WHERE id = ?", "s", a.cred_id);
		char hash[65];

		cr_assert_not_null(st);
		cr_assert_eq(db_step(st), DB_ROW);
		crypto_sha256_hex(token, strlen(token), hash);
		cr_assert_str_eq(db_col_text(st, 0), hash);
		cr_assert_not(db_col_null(st, 1), "resolve records last use");
		db_finalize(st);
	}

	cr_assert_eq(auth_session_revoke(U.db, a.cred_id, &d), OK);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE);
}

static void
check_owner_session_can_manage(int pg)
{
	char token[96], exp[24];
	auth_ctx a;
	err_detail d;

	open_with_users(pg);
	cr_assert_eq(auth_session_create(U.db, T1, OWNER, token, exp, &d), OK);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), OK);
	cr_assert_str_eq(a.role, "owner");
	cr_assert(auth_can_manage(&a));
}

static void
check_expired_session(int pg)
{
	char token[96], hash[65], id[UUID_STR_LEN], past[24], created[24];
	auth_ctx a;
	err_detail d;

	open_with_users(pg);
	cr_assert_eq(crypto_token(SESSION_PREFIX, token, sizeof(token)), 0);
	crypto_sha256_hex(token, strlen(token), hash);
	cr_assert_eq(uuid_v7(id), 0);
	db_now(created, -7200);
	db_now(past, -60);
	cr_assert_eq(db_runf(U.db, "INSERT INTO sessions (id, tenant_id, user_id, token_hash, "
	    "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", id, T1, OWNER, hash,
	    created, past), DB_DONE, "%s", db_errmsg(U.db));
	memset(&d, 0, sizeof(d));
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(d.code, ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE);

	/* the same row with a future expiry is accepted: the expiry was the reason */
	db_now(past, 60);
	cr_assert_eq(db_runf(U.db, "UPDATE sessions SET expires_at = ? WHERE id = ?", "ss", past, id),
	    DB_DONE);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), OK);
}

static void
check_suspended_tenant(int pg)
{
	char token[96], exp[24], key[96];
	json_object *k = NULL, *ch;
	auth_ctx a;
	err_detail d;

	open_with_users(pg);
	cr_assert_eq(auth_session_create(U.db, T1, OWNER, token, exp, &d), OK);
	cr_assert_eq(apikey_create(U.db, T1, "k", &k, &d), OK);
	snprintf(key, sizeof(key), "%s", field(k, "key"));
	json_object_put(k);
	ch = json_tokener_parse("{\"status\":\"suspended\"}");
	cr_assert_eq(tenant_update(U.db, T1, ch, NULL, &d), OK, "%s", d.message);
	json_object_put(ch);

	/* the credential still resolves; the status lets the caller refuse */
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), OK);
	cr_assert_str_eq(a.tenant_status, "suspended");
	cr_assert_eq(auth_resolve(U.db, key, &a, &d), OK);
	cr_assert_eq(a.kind, CRED_APIKEY);
	cr_assert_str_eq(a.tenant_status, "suspended");
	cr_assert(auth_can_manage(&a), "API keys manage their tenant");
}

static void
check_last_used_grain(int pg)
{
	char key[96], id[40], old[24];
	json_object *k = NULL;
	auth_ctx a;
	err_detail d;
	db_stmt *st;

	open_with_users(pg);
	cr_assert_eq(apikey_create(U.db, T1, "k", &k, &d), OK);
	snprintf(key, sizeof(key), "%s", field(k, "key"));
	snprintf(id, sizeof(id), "%s", field(k, "id"));
	json_object_put(k);

	/* a recent last_used_at is left alone; an old one is refreshed */
	db_now(old, -10);
	cr_assert_eq(db_runf(U.db, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", "ss", old, id),
	    DB_DONE);
	cr_assert_eq(auth_resolve(U.db, key, &a, &d), OK);
	st = db_queryf(U.db, "SELECT last_used_at FROM api_keys WHERE id = ?", "s", id);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_str_eq(db_col_text(st, 0), old);
	db_finalize(st);

	db_now(old, -3600);
	cr_assert_eq(db_runf(U.db, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", "ss", old, id),
	    DB_DONE);
	cr_assert_eq(auth_resolve(U.db, key, &a, &d), OK);
	st = db_queryf(U.db, "SELECT last_used_at FROM api_keys WHERE id = ?", "s", id);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_gt(strcmp(db_col_text(st, 0), old), 0);
	db_finalize(st);
}

UTEST(auth, can_manage_table)
{
	auth_ctx a;

	memset(&a, 0, sizeof(a));
	cr_assert_not(auth_can_manage(&a));
	a.kind = CRED_ADMIN;
	cr_assert(auth_can_manage(&a));
	a.kind = CRED_APIKEY;
	cr_assert(auth_can_manage(&a));
	a.kind = CRED_SESSION;
	snprintf(a.role, sizeof(a.role), "owner");
	cr_assert(auth_can_manage(&a));
	snprintf(a.role, sizeof(a.role), "admin");
	cr_assert(auth_can_manage(&a));
	snprintf(a.role, sizeof(a.role), "member");
	cr_assert_not(auth_can_manage(&a));
	a.role[0] = '\0';
	cr_assert_not(auth_can_manage(&a));
}

UTEST(auth, sqlite_admin_near_miss) { check_admin_near_miss(0); }
UTEST(auth, sqlite_session_lifecycle) { check_session_lifecycle(0); }
UTEST(auth, sqlite_owner_session_can_manage) { check_owner_session_can_manage(0); }
UTEST(auth, sqlite_expired_session) { check_expired_session(0); }
UTEST(auth, sqlite_suspended_tenant) { check_suspended_tenant(0); }
UTEST(auth, sqlite_last_used_grain) { check_last_used_grain(0); }

UTEST(auth, pg_admin_near_miss) { check_admin_near_miss(1); }
UTEST(auth, pg_session_lifecycle) { check_session_lifecycle(1); }
UTEST(auth, pg_owner_session_can_manage) { check_owner_session_can_manage(1); }
UTEST(auth, pg_expired_session) { check_expired_session(1); }
UTEST(auth, pg_suspended_tenant) { check_suspended_tenant(1); }
UTEST(auth, pg_last_used_grain) { check_last_used_grain(1); }
