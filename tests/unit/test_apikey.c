/* lib/apikey.c against a migrated temporary database (SQLite; PostgreSQL too
 * when FD_TEST_PG_URL is set). */
#include <string.h>

#include "unit.h"
#include "../../lib/apikey.h"
#include "../../lib/auth.h"
#include "../../lib/crypto.h"
#include "../../lib/rows.h"
#include "../../lib/tenant.h"
#include "../../lib/uuid.h"

static unit_db U;
static char T1[40], T2[40];

static void
setup(void)
{
	unit_config();
}

static void
teardown(void)
{
	unit_db_close(&U);
}

TestSuite(apikey, .init = setup, .fini = teardown);

static const char *
field(json_object *o, const char *k)
{
	return json_object_get_string(json_object_object_get(o, k));
}

static void
open_with_tenants(int pg)
{
	json_object *out = NULL;
	err_detail d;

	unit_db_open(&U, pg, 1);
	cr_assert_eq(tenant_create(U.db, "One", "one", "UTC", "starter", "active", &out, &d), OK);
	snprintf(T1, sizeof(T1), "%s", field(out, "id"));
	json_object_put(out);
	cr_assert_eq(tenant_create(U.db, "Two", "two", "UTC", "starter", "active", &out, &d), OK);
	snprintf(T2, sizeof(T2), "%s", field(out, "id"));
	json_object_put(out);
}

static int
is_b64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void
check_create(int pg)
{
	json_object *out = NULL;
	err_detail d;
	const char *key;
	char hash[65];
	db_stmt *st;

	open_with_tenants(pg);
	cr_assert_eq(apikey_create(U.db, T1, "ci deploys", &out, &d), OK, "%s", d.message);
	key = field(out, "key");
	cr_assert_not_null(key);
	cr_assert_eq(strncmp(key, APIKEY_PREFIX, 4), 0, "%s", key);
	cr_assert_eq(strlen(key), 4 + 43);
	cr_assert(is_b64url(key + 4));
	cr_assert(uuid_valid(field(out, "id")));
	cr_assert_str_eq(field(out, "tenant_id"), T1);
	cr_assert_str_eq(field(out, "label"), "ci deploys");
	cr_assert_eq(strlen(field(out, "prefix")), 12);
	cr_assert_eq(strncmp(field(out, "prefix"), key, 12), 0, "the prefix identifies the key");
	cr_assert_null(json_object_object_get(out, "revoked_at"));
	cr_assert_null(json_object_object_get(out, "last_used_at"));
	cr_assert_not(json_object_object_get_ex(out, "key_hash", NULL));

	/* stored: the SHA-256 of the key, never the key */
	st = db_queryf(U.db, "SELECT key_hash FROM api_keys WHERE id = ?", "s", field(out, "id"));
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	crypto_sha256_hex(key, strlen(key), hash);
	cr_assert_str_eq(db_col_text(st, 0), hash);
	cr_assert_str_neq(db_col_text(st, 0), key);
	db_finalize(st);
	json_object_put(out);

	/* no label: empty */
	cr_assert_eq(apikey_create(U.db, T1, NULL, &out, &d), OK);
	cr_assert_str_eq(field(out, "label"), "");
	json_object_put(out);
}

static void
check_unique(int pg)
{
	json_object *a = NULL, *b = NULL;
	err_detail d;

	open_with_tenants(pg);
	cr_assert_eq(apikey_create(U.db, T1, "a", &a, &d), OK);
	cr_assert_eq(apikey_create(U.db, T1, "b", &b, &d), OK);
	cr_assert_str_neq(field(a, "key"), field(b, "key"));
	cr_assert_str_neq(field(a, "id"), field(b, "id"));
	json_object_put(a);
	json_object_put(b);
}

static void
check_list(int pg)
{
	json_object *k = NULL, *out = NULL, *items;
	err_detail d;

	open_with_tenants(pg);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(apikey_create(U.db, T1, "mine", &k, &d), OK);
		json_object_put(k);
	}
	cr_assert_eq(apikey_create(U.db, T2, "theirs", &k, &d), OK);
	json_object_put(k);

	cr_assert_eq(apikey_list(U.db, T1, 50, ROWS_CURSOR_START, &out, &d), OK);
	items = json_object_object_get(out, "items");
	cr_assert_eq(json_object_array_length(items), 3);
	for (size_t i = 0; i < 3; i++) {
		json_object *it = json_object_array_get_idx(items, i);

		cr_assert_str_eq(field(it, "label"), "mine");
		cr_assert_not(json_object_object_get_ex(it, "key", NULL), "the secret is shown once");
		cr_assert_not(json_object_object_get_ex(it, "key_hash", NULL));
	}
	json_object_put(out);

	cr_assert_eq(apikey_list(U.db, T1, 1, ROWS_CURSOR_START, &out, &d), OK);
	cr_assert_eq(json_object_array_length(json_object_object_get(out, "items")), 1);
	cr_assert_not_null(json_object_object_get(out, "next_cursor"));
	json_object_put(out);
}

static void
check_revoke(int pg)
{
	json_object *k = NULL, *out = NULL;
	err_detail d;
	auth_ctx a;
	char id[40], key[96], unknown[UUID_STR_LEN];

	open_with_tenants(pg);
	cr_assert_eq(apikey_create(U.db, T1, "x", &k, &d), OK);
	snprintf(id, sizeof(id), "%s", field(k, "id"));
	snprintf(key, sizeof(key), "%s", field(k, "key"));
	json_object_put(k);

	cr_assert_eq(auth_resolve(U.db, key, &a, &d), OK, "%s", d.message);
	cr_assert_eq(a.kind, CRED_APIKEY);
	cr_assert_str_eq(a.cred_id, id);
	cr_assert_str_eq(a.tenant_id, T1);

	/* another tenant cannot revoke it, nor can a malformed or unknown id */
	cr_assert_eq(apikey_revoke(U.db, T2, id, &d), ERR_NOT_FOUND);
	cr_assert_eq(apikey_revoke(U.db, T1, "nope", &d), ERR_NOT_FOUND);
	cr_assert_eq(uuid_v7(unknown), 0);
	cr_assert_eq(apikey_revoke(U.db, T1, unknown, &d), ERR_NOT_FOUND);
	cr_assert_eq(auth_resolve(U.db, key, &a, &d), OK, "still valid");

	cr_assert_eq(apikey_revoke(U.db, T1, id, &d), OK, "%s", d.message);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(auth_resolve(U.db, key, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(a.kind, CRED_NONE, "nothing about the key leaks into the context");
	cr_assert_str_eq(a.tenant_id, "");
	cr_assert_eq(apikey_revoke(U.db, T1, id, &d), OK, "idempotent");

	/* the row stays, with revoked_at */
	cr_assert_eq(apikey_list(U.db, T1, 50, ROWS_CURSOR_START, &out, &d), OK);
	cr_assert_eq(json_object_array_length(json_object_object_get(out, "items")), 1);
	cr_assert_not_null(json_object_object_get(json_object_array_get_idx(
	    json_object_object_get(out, "items"), 0), "revoked_at"));
	json_object_put(out);
}

UTEST(apikey, sqlite_create) { check_create(0); }
UTEST(apikey, sqlite_unique) { check_unique(0); }
UTEST(apikey, sqlite_list) { check_list(0); }
UTEST(apikey, sqlite_revoke) { check_revoke(0); }

UTEST(apikey, pg_create) { check_create(1); }
UTEST(apikey, pg_unique) { check_unique(1); }
UTEST(apikey, pg_list) { check_list(1); }
UTEST(apikey, pg_revoke) { check_revoke(1); }
