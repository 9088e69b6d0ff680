/* lib/user.c against a migrated temporary database (SQLite; PostgreSQL too
 * when FD_TEST_PG_URL is set). */
#include <string.h>

#include "unit.h"
#include "../../lib/auth.h"
#include "../../lib/crypto.h"
#include "../../lib/rows.h"
#include "../../lib/tenant.h"
#include "../../lib/user.h"
#include "../../lib/uuid.h"

static unit_db U;
static char T1[40], T2[40];   /* two tenants */

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

TestSuite(user, .init = setup, .fini = teardown);

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

static void
add(const char *tenant, const char *email, const char *role, char id[40])
{
	json_object *out = NULL;
	err_detail d;

	memset(&d, 0, sizeof(d));
	cr_assert_eq(user_create(U.db, tenant, email, "password-123", role, NULL, &out, &d), OK,
	    "%s: %s", email, d.message);
	snprintf(id, 40, "%s", field(out, "id"));
	json_object_put(out);
}

static void
check_create(int pg)
{
	json_object *out = NULL, *got = NULL;
	err_detail d;
	char role[16];
	db_stmt *st;

	open_with_tenants(pg);
	cr_assert_eq(user_create(U.db, T1, "Ann.Smith@Example.COM", "s3cret-pass", "owner", "Ann",
	    &out, &d), OK, "%s", d.message);
	cr_assert(uuid_valid(field(out, "id")));
	cr_assert_str_eq(field(out, "tenant_id"), T1);
	cr_assert_str_eq(field(out, "email"), "ann.smith@example.com", "lower-cased");
	cr_assert_str_eq(field(out, "name"), "Ann");
	cr_assert_str_eq(field(out, "role"), "owner");
	cr_assert_not(json_object_object_get_ex(out, "password_hash", NULL), "never rendered");
	cr_assert_not(json_object_object_get_ex(out, "password", NULL));

	cr_assert_eq(user_get(U.db, T1, field(out, "id"), &got, role, &d), OK);
	cr_assert_str_eq(role, "owner");
	cr_assert_str_eq(field(got, "email"), "ann.smith@example.com");

	/* the stored hash is yescrypt of the password, not the password */
	st = db_queryf(U.db, "SELECT password_hash FROM users WHERE id = ?", "s", field(out, "id"));
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	cr_assert_eq(strncmp(db_col_text(st, 0), "$y$", 3), 0);
	cr_assert(crypto_password_verify("s3cret-pass", db_col_text(st, 0)));
	db_finalize(st);
	json_object_put(got);
	json_object_put(out);

	/* no name given: empty string */
	cr_assert_eq(user_create(U.db, T1, "b@example.com", "s3cret-pass", "member", NULL, &out, &d),
	    OK);
	cr_assert_str_eq(field(out, "name"), "");
	json_object_put(out);
}

static void
check_duplicate_email(int pg)
{
	json_object *out = NULL;
	err_detail d;
	char id[40];

	open_with_tenants(pg);
	add(T1, "ann@example.com", "owner", id);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(user_create(U.db, T1, "ANN@Example.com", "password-123", "member", NULL, &out,
	    &d), ERR_CONFLICT, "case-insensitive");
	cr_assert_str_eq(d.field, "email");
	cr_assert_null(out);
	/* e-mail is unique across tenants too: it is the login */
	memset(&d, 0, sizeof(d));
	cr_assert_eq(user_create(U.db, T2, "ann@example.com", "password-123", "owner", NULL, &out,
	    &d), ERR_CONFLICT);
	cr_assert_str_eq(d.field, "email");
}

static void
check_tenant_isolation(int pg)
{
	json_object *out = NULL;
	err_detail d;
	char id[40], role[16];

	open_with_tenants(pg);
	add(T1, "ann@example.com", "owner", id);
	cr_assert_eq(user_get(U.db, T2, id, &out, role, &d), ERR_NOT_FOUND);
	cr_assert_null(out);
	cr_assert_eq(user_update(U.db, T2, id, "Mallory", NULL, NULL, &out, &d), ERR_NOT_FOUND);
	cr_assert_null(out);
	cr_assert_eq(user_delete(U.db, T2, id, &d), ERR_NOT_FOUND);
	cr_assert_eq(user_get(U.db, T1, id, &out, role, &d), OK, "still there, unchanged");
	cr_assert_str_eq(field(out, "name"), "");
	json_object_put(out);
	cr_assert_eq(user_list(U.db, T2, 50, ROWS_CURSOR_START, &out, &d), OK);
	cr_assert_eq(json_object_array_length(json_object_object_get(out, "items")), 0);
	json_object_put(out);
	cr_assert_eq(user_get(U.db, T1, "not-a-uuid", NULL, NULL, &d), ERR_NOT_FOUND);
}

static void
check_list(int pg)
{
	json_object *out = NULL, *items;
	err_detail d;
	char ids[3][40];

	open_with_tenants(pg);
	add(T1, "a@example.com", "owner", ids[0]);
	add(T1, "b@example.com", "admin", ids[1]);
	add(T1, "c@example.com", "member", ids[2]);
	cr_assert_eq(user_list(U.db, T1, 2, ROWS_CURSOR_START, &out, &d), OK);
	items = json_object_object_get(out, "items");
	cr_assert_eq(json_object_array_length(items), 2);
	cr_assert_str_eq(field(json_object_array_get_idx(items, 0), "email"), "a@example.com");
	cr_assert_str_eq(json_object_get_string(json_object_object_get(out, "next_cursor")), ids[1]);
	json_object_put(out);
	cr_assert_eq(user_list(U.db, T1, 2, ids[1], &out, &d), OK);
	items = json_object_object_get(out, "items");
	cr_assert_eq(json_object_array_length(items), 1);
	cr_assert_str_eq(field(json_object_array_get_idx(items, 0), "id"), ids[2]);
	cr_assert_null(json_object_object_get(out, "next_cursor"));
	json_object_put(out);
}

static void
check_last_owner(int pg)
{
	json_object *out = NULL;
	err_detail d;
	char owner[40], member[40], owner2[40], role[16];

	open_with_tenants(pg);
	add(T1, "owner@example.com", "owner", owner);
	add(T1, "member@example.com", "member", member);

	memset(&d, 0, sizeof(d));
	cr_assert_eq(user_update(U.db, T1, owner, NULL, "admin", NULL, &out, &d), ERR_CONFLICT);
	cr_assert_str_eq(d.field, "role");
	cr_assert_null(out);
	cr_assert_eq(user_delete(U.db, T1, owner, &d), ERR_CONFLICT);
	cr_assert_eq(user_get(U.db, T1, owner, NULL, role, &d), OK);
	cr_assert_str_eq(role, "owner", "unchanged after the refusals");

	/* keeping the owner role, or changing other fields, is fine */
	cr_assert_eq(user_update(U.db, T1, owner, "The Owner", "owner", NULL, &out, &d), OK,
	    "%s", d.message);
	cr_assert_str_eq(field(out, "name"), "The Owner");
	json_object_put(out);

	/* another tenant's owner does not count */
	add(T2, "owner2@example.com", "owner", owner2);
	cr_assert_eq(user_update(U.db, T1, owner, NULL, "member", NULL, NULL, &d), ERR_CONFLICT);

	/* with a second owner the first may step down, and then be deleted */
	cr_assert_eq(user_update(U.db, T1, member, NULL, "owner", NULL, NULL, &d), OK, "%s",
	    d.message);
	cr_assert_eq(user_update(U.db, T1, owner, NULL, "admin", NULL, &out, &d), OK, "%s",
	    d.message);
	cr_assert_str_eq(field(out, "role"), "admin");
	json_object_put(out);
	cr_assert_eq(user_delete(U.db, T1, member, &d), ERR_CONFLICT, "now the last owner");
	cr_assert_eq(user_delete(U.db, T1, owner, &d), OK);
	cr_assert_eq(user_get(U.db, T1, owner, NULL, NULL, &d), ERR_NOT_FOUND);
}

static void
check_authenticate(int pg)
{
	err_detail d1, d2;
	char id[40], uid[40] = "", tid[40] = "";

	open_with_tenants(pg);
	add(T1, "ann@example.com", "owner", id);
	cr_assert_eq(user_authenticate(U.db, "ANN@example.com", "password-123", uid, tid, &d1), OK);
	cr_assert_str_eq(uid, id);
	cr_assert_str_eq(tid, T1);

	memset(&d1, 0, sizeof(d1));
	memset(&d2, 0, sizeof(d2));
	cr_assert_eq(user_authenticate(U.db, "ann@example.com", "wrong-password", uid, tid, &d1),
	    ERR_UNAUTHORIZED);
	cr_assert_eq(user_authenticate(U.db, "nobody@example.com", "password-123", uid, tid, &d2),
	    ERR_UNAUTHORIZED);
	cr_assert_str_eq(d1.message, d2.message, "the same answer whether the account exists");
	cr_assert_eq(user_authenticate(U.db, NULL, "x", uid, tid, &d2), ERR_UNAUTHORIZED);
}

static void
check_password_change(int pg)
{
	json_object *out = NULL;
	err_detail d;
	char id[40], uid[40], tid[40], token[96], exp[24];
	auth_ctx a;

	open_with_tenants(pg);
	add(T1, "ann@example.com", "owner", id);
	cr_assert_eq(auth_session_create(U.db, T1, id, token, exp, &d), OK);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), OK);

	cr_assert_eq(user_update(U.db, T1, id, NULL, NULL, "brand-new-pass", &out, &d), OK, "%s",
	    d.message);
	json_object_put(out);
	cr_assert_eq(user_authenticate(U.db, "ann@example.com", "password-123", uid, tid, &d),
	    ERR_UNAUTHORIZED);
	cr_assert_eq(user_authenticate(U.db, "ann@example.com", "brand-new-pass", uid, tid, &d), OK);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), ERR_UNAUTHORIZED,
	    "a new password ends existing sessions");
}

static void
check_delete_removes_sessions(int pg)
{
	err_detail d;
	char owner[40], member[40], token[96], exp[24];
	auth_ctx a;

	open_with_tenants(pg);
	add(T1, "owner@example.com", "owner", owner);
	add(T1, "member@example.com", "member", member);
	cr_assert_eq(auth_session_create(U.db, T1, member, token, exp, &d), OK);
	cr_assert_eq(user_delete(U.db, T1, member, &d), OK, "%s", d.message);
	cr_assert_eq(auth_resolve(U.db, token, &a, &d), ERR_UNAUTHORIZED);
	cr_assert_eq(user_delete(U.db, T1, member, &d), ERR_NOT_FOUND, "already gone");
}

UTEST(user, sqlite_create) { check_create(0); }
UTEST(user, sqlite_duplicate_email) { check_duplicate_email(0); }
UTEST(user, sqlite_tenant_isolation) { check_tenant_isolation(0); }
UTEST(user, sqlite_list) { check_list(0); }
UTEST(user, sqlite_last_owner) { check_last_owner(0); }
UTEST(user, sqlite_authenticate) { check_authenticate(0); }
UTEST(user, sqlite_password_change) { check_password_change(0); }
UTEST(user, sqlite_delete_removes_sessions) { check_delete_removes_sessions(0); }

UTEST(user, pg_create) { check_create(1); }
UTEST(user, pg_duplicate_email) { check_duplicate_email(1); }
UTEST(user, pg_tenant_isolation) { check_tenant_isolation(1); }
UTEST(user, pg_list) { check_list(1); }
UTEST(user, pg_last_owner) { check_last_owner(1); }
UTEST(user, pg_authenticate) { check_authenticate(1); }
UTEST(user, pg_password_change) { check_password_change(1); }
UTEST(user, pg_delete_removes_sessions) { check_delete_removes_sessions(1); }
