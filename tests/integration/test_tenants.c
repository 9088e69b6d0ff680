/* Tenants through the admin API: create, list, get, patch, and the bad inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "http.h"

Test(tenants, create_get_list_patch)
{
	char u[64], handle[128], path[256];
	http_resp *r;
	char *id;

	uniq(u, sizeof(u));
	snprintf(handle, sizeof(handle), "salon-%s", u);
	r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Salon\", \"handle\": \"%s\", \"timezone\": \"America/Chicago\", "
	    "\"plan\": \"growth\"}", handle);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "handle"), handle);
	cr_assert_str_eq(jstr(r, "timezone"), "America/Chicago");
	cr_assert_str_eq(jstr(r, "status"), "active");
	cr_assert_str_eq(jstr(r, "plan"), "growth");
	cr_assert_eq(strlen(jstr(r, "id")), 36);
	cr_assert_eq(jstr(r, "id")[14], '7', "UUIDv7 expected: %s", jstr(r, "id"));
	cr_assert(strstr(jstr(r, "created_at"), "T") && jstr(r, "created_at")[19] == 'Z');
	id = strdup(jstr(r, "id"));
	http_free(r);

	snprintf(path, sizeof(path), "/api/v1/tenants/%s", id);
	r = http("GET", path, admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "name"), "Salon");
	http_free(r);

	r = http_json("PATCH", path, admin_key(), "{\"status\": \"suspended\", \"plan\": \"custom\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "status"), "suspended");
	cr_assert_str_eq(jstr(r, "plan"), "custom");
	cr_assert_str_eq(jstr(r, "handle"), handle);
	http_free(r);

	r = http("GET", "/api/v1/tenants?status=suspended&limit=200", admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert(strstr(r->body, id) != NULL);
	cr_assert(strstr(r->body, "\"status\":\"active\"") == NULL);
	http_free(r);
	free(id);
}

Test(tenants, default_values_and_generated_handle)
{
	http_resp *r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Joe's Plumbing & Heating!\"}");
	http_resp *r2;

	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "timezone"), "UTC");
	cr_assert_str_eq(jstr(r, "plan"), "starter");
	cr_assert(strncmp(jstr(r, "handle"), "joe-s-plumbing-heating", 22) == 0, "%s",
	    jstr(r, "handle"));
	/* the same name again still gets a unique handle */
	r2 = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Joe's Plumbing & Heating!\"}");
	cr_assert_eq(r2->status, 201);
	cr_assert_str_neq(jstr(r, "handle"), jstr(r2, "handle"));
	http_free(r);
	http_free(r2);
}

Test(tenants, validation_names_the_field)
{
	static const struct {
		const char *body, *field;
	} cases[] = {
		{"{}", "name"},
		{"{\"name\": \"   \"}", "name"},
		{"{\"name\": 42}", "name"},
		{"{\"name\": null}", "name"},
		{"{\"name\": \"x\", \"handle\": \"Bad Handle\"}", "handle"},
		{"{\"name\": \"x\", \"handle\": \"-lead\"}", "handle"},
		{"{\"name\": \"x\", \"handle\": \"double--dash\"}", "handle"},
		{"{\"name\": \"x\", \"handle\": 7}", "handle"},
		{"{\"name\": \"x\", \"timezone\": \"Mars/Olympus\"}", "timezone"},
		{"{\"name\": \"x\", \"timezone\": \"../../etc/passwd\"}", "timezone"},
		{"{\"name\": \"x\", \"timezone\": \"+25:00\"}", "timezone"},
		{"{\"name\": \"x\", \"plan\": \"platinum\"}", "plan"},
		{"{\"name\": \"x\", \"status\": \"gone\"}", "status"},
		{"{\"name\": \"x\", \"unknown_thing\": true}", "unknown_thing"},
		{"{\"name\": \"x\", \"plan\": [\"starter\"]}", "plan"},
		{NULL, NULL},
	};

	for (int i = 0; cases[i].body; i++) {
		http_resp *r = http("POST", "/api/v1/tenants", admin_key(), "application/json",
		    cases[i].body);

		cr_assert_eq(r->status, 400, "%s -> %ld %s", cases[i].body, r->status, r->body);
		cr_assert(is_error(r, "validation_failed", cases[i].field), "%s -> %s", cases[i].body,
		    r->body);
		http_free(r);
	}
}

Test(tenants, fixed_offset_timezone_accepted)
{
	http_resp *r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Offset Co\", \"timezone\": \"-06:00\"}");

	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "timezone"), "-06:00");
	http_free(r);
}

Test(tenants, duplicate_handle_is_409)
{
	char u[64], body[256];
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(body, sizeof(body), "{\"name\": \"A\", \"handle\": \"dup-%s\"}", u);
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json", body);
	cr_assert_eq(r->status, 201);
	http_free(r);
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json", body);
	cr_assert_eq(r->status, 409);
	cr_assert(is_error(r, "conflict", "handle"), "%s", r->body);
	http_free(r);
}

Test(tenants, sql_looking_strings_stored_verbatim)
{
	const char *evil = "Robert'); DROP TABLE tenants;-- \\\" OR '1'='1";
	char body[512], path[256];
	http_resp *r;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(evil));
	snprintf(body, sizeof(body), "%s", json_object_to_json_string(o));
	json_object_put(o);
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json", body);
	cr_assert_eq(r->status, 201, "%s", r->body);
	snprintf(path, sizeof(path), "/api/v1/tenants/%s", jstr(r, "id"));
	http_free(r);
	r = http("GET", path, admin_key(), NULL, NULL);
	cr_assert_str_eq(jstr(r, "name"), evil);
	http_free(r);
	r = http("GET", "/api/v1/tenants?limit=1", admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200, "the tenants table must still be there");
	http_free(r);
}

Test(tenants, admin_patch_only_status_and_plan)
{
	char *id = mk_tenant("patch");
	char path[256];
	http_resp *r;

	snprintf(path, sizeof(path), "/api/v1/tenants/%s", id);
	r = http_json("PATCH", path, admin_key(), "{\"name\": \"Renamed\"}");
	cr_assert_eq(r->status, 400);
	cr_assert(is_error(r, "validation_failed", "name"));
	http_free(r);
	r = http_json("PATCH", path, admin_key(), "{\"status\": \"closed\"}");
	cr_assert_eq(r->status, 400);
	cr_assert(is_error(r, "validation_failed", "status"));
	http_free(r);
	r = http_json("PATCH", path, admin_key(), "{\"plan\": 3}");
	cr_assert(is_error(r, "validation_failed", "plan"));
	http_free(r);
	/* nothing was changed by the refused requests */
	r = http("GET", path, admin_key(), NULL, NULL);
	cr_assert_str_eq(jstr(r, "status"), "active");
	cr_assert_str_eq(jstr(r, "plan"), "starter");
	http_free(r);
	free(id);
}

Test(tenants, unknown_and_malformed_ids_are_404)
{
	const char *ids[] = {"01a2016e-0000-7000-8000-000000000000", "not-a-uuid", "1%27%20OR%201=1",
	    NULL};

	for (int i = 0; ids[i]; i++) {
		char path[256];
		http_resp *r;

		snprintf(path, sizeof(path), "/api/v1/tenants/%s", ids[i]);
		r = http("GET", path, admin_key(), NULL, NULL);
		cr_assert_eq(r->status, 404, "%s -> %ld", ids[i], r->status);
		cr_assert(is_error(r, "not_found", NULL));
		http_free(r);
		r = http_json("PATCH", path, admin_key(), "{\"plan\": \"growth\"}");
		cr_assert_eq(r->status, 404);
		http_free(r);
	}
}

Test(tenants, list_pages_with_cursor)
{
	char *seen[8];
	http_resp *r;
	char path[256];
	const char *cursor;
	int pages = 0;

	for (int i = 0; i < 3; i++)
		free(mk_tenant("page"));
	r = http("GET", "/api/v1/tenants?limit=2", admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 2);
	cursor = jstr(r, "next_cursor");
	cr_assert(cursor != NULL);
	seen[0] = strdup(jstr(r, "items.1.id"));
	snprintf(path, sizeof(path), "/api/v1/tenants?limit=2&cursor=%s", cursor);
	http_free(r);
	r = http("GET", path, admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	/* the next page starts after the cursor: ids strictly increase */
	cr_assert(strcmp(jstr(r, "items.0.id"), seen[0]) > 0);
	pages++;
	http_free(r);
	free(seen[0]);
	cr_assert_eq(pages, 1);
}

Test(tenants, tenant_credential_cannot_use_admin_routes)
{
	char *id = mk_tenant("notadmin");
	char *key = mk_apikey(id, NULL);
	http_resp *r = http("GET", "/api/v1/tenants", key, NULL, NULL);

	cr_assert_eq(r->status, 403);
	cr_assert(is_error(r, "forbidden", NULL));
	http_free(r);
	r = http_json("POST", "/api/v1/tenants", key, "{\"name\": \"sneaky\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	free(id);
	free(key);
}
