/* lib/rows.c: page parameters, rows as JSON, keyset pages. */
#include <string.h>

#include "unit.h"
#include "../../lib/limits.h"
#include "../../lib/rows.h"
#include "../../lib/uuid.h"

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

TestSuite(rows, .init = setup, .fini = teardown);

UTEST(rows, page_params_defaults)
{
	err_detail d;
	const char *cursor = NULL;
	int limit = 0;

	memset(&d, 0, sizeof(d));
	cr_assert_eq(rows_page_params(NULL, NULL, &limit, &cursor, &d), OK);
	cr_assert_eq(limit, LIM_LIST_DEFAULT);
	cr_assert_str_eq(cursor, ROWS_CURSOR_START);
	cr_assert_eq(rows_page_params(NULL, "", &limit, &cursor, &d), OK, "empty cursor = start");
	cr_assert_str_eq(cursor, ROWS_CURSOR_START);
}

UTEST(rows, page_params_limit_bounds)
{
	static const char *good[] = {"1", "50", "199", "200", NULL};
	static const char *bad[] = {"0", "201", "-1", "abc", "", "10x", "1e2", "5.0",
	    "99999999999999999999", NULL};
	err_detail d;
	const char *cursor;
	int limit;

	for (int i = 0; good[i]; i++) {
		cr_assert_eq(rows_page_params(good[i], NULL, &limit, &cursor, &d), OK, "%s", good[i]);
		cr_assert_eq(limit, atoi(good[i]));
	}
	for (int i = 0; bad[i]; i++) {
		memset(&d, 0, sizeof(d));
		cr_assert_eq(rows_page_params(bad[i], NULL, &limit, &cursor, &d), ERR_VALIDATION,
		    "limit '%s' accepted", bad[i]);
		cr_assert_str_eq(d.field, "limit");
	}
}

UTEST(rows, page_params_cursor)
{
	err_detail d;
	const char *cursor;
	int limit;
	const char *good = "0190a1b2-c3d4-7e5f-8a6b-0123456789ab";

	cr_assert_eq(rows_page_params("10", good, &limit, &cursor, &d), OK);
	cr_assert_eq(cursor, good);
	cr_assert_eq(limit, 10);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(rows_page_params(NULL, "not-a-uuid", &limit, &cursor, &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "cursor");
	memset(&d, 0, sizeof(d));
	cr_assert_eq(rows_page_params(NULL, "0190A1B2-C3D4-7E5F-8A6B-0123456789AB", &limit, &cursor,
	    &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "cursor");
	cr_assert_eq(rows_page_params(NULL, "' OR 1=1 --", &limit, &cursor, &d), ERR_VALIDATION);
}

/* items(id, name, n, flag, doc, secret): ids ascend with the row number */
static void
make_table(int rows, char ids[][UUID_STR_LEN])
{
	unit_db_open(&U, 0, 0);
	cr_assert_eq(db_exec(U.db, "CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT, n INTEGER, "
	    "flag INTEGER, doc TEXT, secret TEXT)"), DB_DONE);
	for (int i = 0; i < rows; i++) {
		char name[16];

		snprintf(ids[i], UUID_STR_LEN, "0190a1b2-c3d4-7e5f-8a6b-%012x", i + 1);
		cr_assert(uuid_valid(ids[i]));
		snprintf(name, sizeof(name), "item%d", i);
		cr_assert_eq(db_runf(U.db, "INSERT INTO items VALUES (?, ?, ?, ?, ?, 'hidden')", "ssibs",
		    ids[i], i == 1 ? NULL : name, (int64_t)i * 10, i % 2, "{\"k\":[1,2]}"), DB_DONE,
		    "%s", db_errmsg(U.db));
	}
}

static const char *const names[] = {"id", "name", "n", "flag", "doc", "secret", NULL};
static const char types[] = "ssibj-";

UTEST(rows, object_types)
{
	char ids[2][UUID_STR_LEN];
	db_stmt *st;
	json_object *o, *v;

	make_table(2, ids);
	st = db_prepare(U.db, "SELECT id, name, n, flag, doc, secret FROM items ORDER BY id");
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW);
	o = rows_object(st, names, types);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "id")), ids[0]);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "name")), "item0");
	v = json_object_object_get(o, "n");
	cr_assert(json_object_is_type(v, json_type_int));
	cr_assert_eq(json_object_get_int64(v), 0);
	v = json_object_object_get(o, "flag");
	cr_assert(json_object_is_type(v, json_type_boolean));
	cr_assert_eq(json_object_get_boolean(v), 0);
	v = json_object_object_get(o, "doc");
	cr_assert(json_object_is_type(v, json_type_object), "'j' columns are parsed JSON");
	cr_assert_eq(json_object_array_length(json_object_object_get(v, "k")), 2);
	cr_assert_not(json_object_object_get_ex(o, "secret", NULL), "'-' columns are skipped");
	json_object_put(o);

	cr_assert_eq(db_step(st), DB_ROW);
	o = rows_object(st, names, types);
	cr_assert(json_object_object_get_ex(o, "name", &v), "NULL columns are present");
	cr_assert_null(v, "as JSON null");
	cr_assert_eq(json_object_get_int64(json_object_object_get(o, "n")), 10);
	cr_assert(json_object_get_boolean(json_object_object_get(o, "flag")));
	cr_assert_str_eq(json_object_to_json_string_ext(json_object_object_get(o, "doc"),
	    JSON_C_TO_STRING_PLAIN), "{\"k\":[1,2]}");
	json_object_put(o);
	db_finalize(st);
}

static json_object *
page(const char *cursor, int limit)
{
	db_stmt *st = db_queryf(U.db, "SELECT id, name, n, flag, doc, secret FROM items WHERE id > ? "
	    "ORDER BY id LIMIT ?", "si", cursor, (int64_t)limit + 1);
	json_object *out;

	cr_assert_not_null(st, "%s", db_errmsg(U.db));
	out = rows_page(st, names, types, limit);
	db_finalize(st);
	cr_assert_not_null(out);
	return out;
}

UTEST(rows, page_walks_all_rows)
{
	char ids[7][UUID_STR_LEN], cursor[UUID_STR_LEN];
	json_object *p, *items, *next;
	int seen = 0, pages = 0;

	make_table(7, ids);
	snprintf(cursor, sizeof(cursor), "%s", ROWS_CURSOR_START);
	for (;;) {
		p = page(cursor, 3);
		items = json_object_object_get(p, "items");
		cr_assert(json_object_is_type(items, json_type_array));
		for (size_t i = 0; i < json_object_array_length(items); i++) {
			json_object *it = json_object_array_get_idx(items, i);

			cr_assert_str_eq(json_object_get_string(json_object_object_get(it, "id")),
			    ids[seen], "row %d in order", seen);
			seen++;
		}
		pages++;
		cr_assert(json_object_object_get_ex(p, "next_cursor", &next));
		if (next == NULL) {
			json_object_put(p);
			break;
		}
		cr_assert_eq(json_object_array_length(items), 3, "full pages before the last");
		snprintf(cursor, sizeof(cursor), "%s", json_object_get_string(next));
		cr_assert_str_eq(cursor, ids[seen - 1], "the cursor is the last id of the page");
		json_object_put(p);
	}
	cr_assert_eq(seen, 7);
	cr_assert_eq(pages, 3);
}

UTEST(rows, page_exact_fit_has_no_next)
{
	char ids[3][UUID_STR_LEN];
	json_object *p, *next;

	make_table(3, ids);
	p = page(ROWS_CURSOR_START, 3);
	cr_assert_eq(json_object_array_length(json_object_object_get(p, "items")), 3);
	cr_assert(json_object_object_get_ex(p, "next_cursor", &next));
	cr_assert_null(next);
	json_object_put(p);

	p = page(ids[2], 3);
	cr_assert_eq(json_object_array_length(json_object_object_get(p, "items")), 0);
	cr_assert_null(json_object_object_get(p, "next_cursor"));
	json_object_put(p);
}

UTEST(rows, page_database_error)
{
	char ids[1][UUID_STR_LEN];
	db_stmt *st;

	make_table(1, ids);
	/* a runtime error in step (not at prepare) makes rows_page return NULL */
	st = db_prepare(U.db, "SELECT id, name, n, flag, doc, secret FROM items "
	    "WHERE abs(-9223372036854775807 - 1 + n) > 0");
	cr_assert_not_null(st, "%s", db_errmsg(U.db));
	cr_assert_null(rows_page(st, names, types, 10));
	db_finalize(st);
}
