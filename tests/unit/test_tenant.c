/* lib/tenant.c against a migrated temporary database (SQLite; PostgreSQL too
 * when FD_TEST_PG_URL is set). */
#include <string.h>

#include "unit.h"
#include "../../lib/rows.h"
#include "../../lib/tenant.h"
#include "../../lib/uuid.h"
#include "../../lib/valid.h"

static unit_db U;

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

TestSuite(tenant, .init = setup, .fini = teardown);

static const char *
field(json_object *o, const char *k)
{
	return json_object_get_string(json_object_object_get(o, k));
}

/* tenant_update with the changes given as JSON text. */
static fd_err
update(const char *id, const char *changes, json_object **out, err_detail *d)
{
	json_object *c = json_tokener_parse(changes);
	fd_err e;

	cr_assert_not_null(c, "test JSON must parse: %s", changes);
	memset(d, 0, sizeof(*d));
	e = tenant_update(U.db, id, c, out, d);
	json_object_put(c);
	return e;
}

/* Create and return the new tenant's id (in id). */
static void
create(const char *name, const char *handle, char id[40])
{
	json_object *out = NULL;
	err_detail d;

	memset(&d, 0, sizeof(d));
	cr_assert_eq(tenant_create(U.db, name, handle, "UTC", "starter", "active", &out, &d), OK,
	    "%s", d.message);
	snprintf(id, 40, "%s", field(out, "id"));
	json_object_put(out);
}

static void
check_create_get(int pg)
{
	json_object *out = NULL, *got = NULL;
	tenant_row row;
	err_detail d;
	char id[40];

	unit_db_open(&U, pg, 1);
	cr_assert_eq(tenant_create(U.db, "Acme Dental", "acme", "Europe/Berlin", "growth", "active",
	    &out, &d), OK, "%s", d.message);
	cr_assert_not_null(out);
	snprintf(id, sizeof(id), "%s", field(out, "id"));
	cr_assert(uuid_valid(id), "%s", id);
	cr_assert_eq(id[14], '7');
	cr_assert_str_eq(field(out, "name"), "Acme Dental");
	cr_assert_str_eq(field(out, "handle"), "acme");
	cr_assert_str_eq(field(out, "timezone"), "Europe/Berlin");
	cr_assert_str_eq(field(out, "plan"), "growth");
	cr_assert_str_eq(field(out, "status"), "active");
	cr_assert_eq(strlen(field(out, "created_at")), 20);
	cr_assert_str_eq(field(out, "created_at"), field(out, "updated_at"));

	memset(&row, 0, sizeof(row));
	cr_assert_eq(tenant_get(U.db, id, &row, &got, &d), OK);
	cr_assert_str_eq(row.id, id);
	cr_assert_str_eq(row.handle, "acme");
	cr_assert_str_eq(row.status, "active");
	cr_assert_str_eq(row.timezone, "Europe/Berlin");
	cr_assert_str_eq(json_object_to_json_string(got), json_object_to_json_string(out));
	json_object_put(got);
	json_object_put(out);

	/* row and out are optional */
	cr_assert_eq(tenant_get(U.db, id, NULL, NULL, &d), OK);

	memset(&row, 0, sizeof(row));
	cr_assert_eq(tenant_get_by_handle(U.db, "acme", &row, &d), OK);
	cr_assert_str_eq(row.id, id);
}

static void
check_not_found(int pg)
{
	tenant_row row;
	err_detail d;
	json_object *out = NULL;
	char unknown[UUID_STR_LEN];

	unit_db_open(&U, pg, 1);
	cr_assert_eq(uuid_v7(unknown), 0);
	cr_assert_eq(tenant_get(U.db, unknown, &row, &out, &d), ERR_NOT_FOUND);
	cr_assert_null(out);
	cr_assert_eq(tenant_get(U.db, "not-a-uuid", NULL, NULL, &d), ERR_NOT_FOUND);
	cr_assert_eq(tenant_get(U.db, "", NULL, NULL, &d), ERR_NOT_FOUND);
	cr_assert_eq(tenant_get_by_handle(U.db, "nobody", &row, &d), ERR_NOT_FOUND);
	cr_assert_eq(tenant_get_by_handle(U.db, "Bad Handle", &row, &d), ERR_NOT_FOUND);
	cr_assert_eq(update(unknown, "{\"name\":\"x\"}", &out, &d), ERR_NOT_FOUND);
	cr_assert_null(out);
	cr_assert_eq(update("not-a-uuid", "{\"name\":\"x\"}", &out, &d), ERR_NOT_FOUND);
	cr_assert_null(out);
}

static void
check_duplicate_handle(int pg)
{
	json_object *out = NULL;
	err_detail d;
	char id[40];

	unit_db_open(&U, pg, 1);
	create("First", "taken", id);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(tenant_create(U.db, "Second", "taken", "UTC", "starter", "active", &out, &d),
	    ERR_CONFLICT);
	cr_assert_null(out);
	cr_assert_eq(d.code, ERR_CONFLICT);
	cr_assert_str_eq(d.field, "handle");
	cr_assert_not_null(strstr(d.message, "taken"), "%s", d.message);
}

static void
check_auto_handle(int pg)
{
	json_object *a = NULL, *b = NULL, *c = NULL;
	err_detail d;
	const char *hb;

	unit_db_open(&U, pg, 1);
	cr_assert_eq(tenant_create(U.db, "Acme Dental, Inc.", NULL, "UTC", "starter", "active", &a,
	    &d), OK, "%s", d.message);
	cr_assert_str_eq(field(a, "handle"), "acme-dental-inc");

	/* the same name again gets a unique, still valid handle */
	cr_assert_eq(tenant_create(U.db, "Acme Dental, Inc.", NULL, "UTC", "starter", "active", &b,
	    &d), OK, "%s", d.message);
	hb = field(b, "handle");
	cr_assert_str_neq(hb, "acme-dental-inc");
	cr_assert_eq(strncmp(hb, "acme-dental-inc-", 16), 0, "%s", hb);
	cr_assert_eq(strlen(hb), 16 + 6, "%s", hb);
	cr_assert(valid_handle(hb), "%s", hb);

	/* nothing usable in the name */
	cr_assert_eq(tenant_create(U.db, "!!!", NULL, "UTC", "starter", "active", &c, &d), OK);
	cr_assert_str_eq(field(c, "handle"), "tenant");
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
}

static void
check_list(int pg)
{
	char ids[5][40];
	json_object *out = NULL, *items, *next;
	err_detail d;

	unit_db_open(&U, pg, 1);
	for (int i = 0; i < 5; i++) {
		char h[16];

		snprintf(h, sizeof(h), "t%d", i);
		create(h, h, ids[i]);
	}
	cr_assert_eq(update(ids[1], "{\"status\":\"suspended\"}", NULL, &d), OK, "%s", d.message);

	cr_assert_eq(tenant_list(U.db, NULL, 2, ROWS_CURSOR_START, &out, &d), OK);
	items = json_object_object_get(out, "items");
	cr_assert_eq(json_object_array_length(items), 2);
	next = json_object_object_get(out, "next_cursor");
	cr_assert_not_null(next);
	cr_assert_str_eq(json_object_get_string(next),
	    field(json_object_array_get_idx(items, 1), "id"));
	/* the ids sort in creation order */
	cr_assert_lt(strcmp(field(json_object_array_get_idx(items, 0), "id"),
	    field(json_object_array_get_idx(items, 1), "id")), 0);
	json_object_put(out);

	cr_assert_eq(tenant_list(U.db, NULL, 200, ROWS_CURSOR_START, &out, &d), OK);
	cr_assert_eq(json_object_array_length(json_object_object_get(out, "items")), 5);
	cr_assert_null(json_object_object_get(out, "next_cursor"));
	json_object_put(out);

	cr_assert_eq(tenant_list(U.db, "suspended", 50, ROWS_CURSOR_START, &out, &d), OK);
	items = json_object_object_get(out, "items");
	cr_assert_eq(json_object_array_length(items), 1);
	cr_assert_str_eq(field(json_object_array_get_idx(items, 0), "handle"), "t1");
	json_object_put(out);

	cr_assert_eq(tenant_list(U.db, "deleted", 50, ROWS_CURSOR_START, &out, &d), OK);
	cr_assert_eq(json_object_array_length(json_object_object_get(out, "items")), 0);
	json_object_put(out);
}

static void
check_update(int pg)
{
	char id[40], other[40];
	json_object *out = NULL, *v;
	err_detail d;

	unit_db_open(&U, pg, 1);
	create("Old Name", "old", id);
	create("Other", "other", other);

	/* only the given fields change */
	cr_assert_eq(update(id, "{\"name\":\"New Name\"}", &out, &d), OK, "%s", d.message);
	cr_assert_str_eq(field(out, "name"), "New Name");
	cr_assert_str_eq(field(out, "handle"), "old");
	cr_assert_str_eq(field(out, "timezone"), "UTC");
	cr_assert_str_eq(field(out, "status"), "active");
	cr_assert_str_eq(field(out, "plan"), "starter");
	cr_assert_geq(strcmp(field(out, "updated_at"), field(out, "created_at")), 0);
	json_object_put(out);

	cr_assert_eq(update(id, "{\"handle\":\"new-handle\",\"timezone\":\"+05:30\","
	    "\"status\":\"suspended\",\"plan\":\"custom\"}", &out, &d), OK, "%s", d.message);
	cr_assert_str_eq(field(out, "name"), "New Name");
	cr_assert_str_eq(field(out, "handle"), "new-handle");
	cr_assert_str_eq(field(out, "timezone"), "+05:30");
	cr_assert_str_eq(field(out, "status"), "suspended");
	cr_assert_str_eq(field(out, "plan"), "custom");
	json_object_put(out);
	out = NULL;

	/* someone else's handle */
	cr_assert_eq(update(id, "{\"handle\":\"other\"}", &out, &d), ERR_CONFLICT);
	cr_assert_str_eq(d.field, "handle");
	cr_assert_null(out);
	cr_assert_eq(tenant_get_by_handle(U.db, "new-handle", NULL, &d), OK, "unchanged");

	/* no changes at all still finds the tenant */
	cr_assert_eq(update(id, "{}", &out, &d), OK, "%s", d.message);
	cr_assert_str_eq(field(out, "handle"), "new-handle");
	json_object_put(out);
	out = NULL;

	/* keys that are not columns are ignored, never spliced into SQL */
	cr_assert_eq(update(id, "{\"id\":\"x\",\"name = 'pwned', handle\":\"x\"}", &out, &d),
	    OK, "%s", d.message);
	cr_assert_str_eq(field(out, "id"), id);
	cr_assert_str_eq(field(out, "name"), "New Name");
	json_object_put(out);
	out = NULL;

	/* JSON columns are stored as JSON and read back as objects */
	cr_assert_eq(update(id, "{\"social_links\":{\"x\":\"https://x.example\"}}", &out, &d),
	    OK, "%s", d.message);
	v = json_object_object_get(out, "social_links");
	cr_assert(json_object_is_type(v, json_type_object));
	cr_assert_str_eq(field(v, "x"), "https://x.example");
	json_object_put(out);
	out = NULL;

	/* a JSON null stores NULL */
	cr_assert_eq(update(id, "{\"social_links\":null}", &out, &d), OK, "%s", d.message);
	cr_assert(json_object_object_get_ex(out, "social_links", &v));
	cr_assert_null(v);
	json_object_put(out);
}

UTEST(tenant, sqlite_create_get) { check_create_get(0); }
UTEST(tenant, sqlite_not_found) { check_not_found(0); }
UTEST(tenant, sqlite_duplicate_handle) { check_duplicate_handle(0); }
UTEST(tenant, sqlite_auto_handle) { check_auto_handle(0); }
UTEST(tenant, sqlite_list) { check_list(0); }
UTEST(tenant, sqlite_update) { check_update(0); }

UTEST(tenant, pg_create_get) { check_create_get(1); }
UTEST(tenant, pg_not_found) { check_not_found(1); }
UTEST(tenant, pg_duplicate_handle) { check_duplicate_handle(1); }
UTEST(tenant, pg_auto_handle) { check_auto_handle(1); }
UTEST(tenant, pg_list) { check_list(1); }
UTEST(tenant, pg_update) { check_update(1); }
