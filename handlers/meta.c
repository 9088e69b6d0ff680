#include <stdio.h>
#include <string.h>

#include "../fcgi/response.h"
#include "../lib/config.h"
#include "../lib/templates.h"
#include "../lib/version.h"
#include "handlers.h"

void
h_root(req_t *r)
{
	json_object *o = json_object_new_object(), *links = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(FD_NAME));
	json_object_object_add(o, "version", json_object_new_string(FD_VERSION));
	json_object_object_add(o, "description",
	    json_object_new_string("AI receptionist for small businesses"));
	json_object_object_add(links, "health", json_object_new_string("/healthz"));
	json_object_object_add(links, "api", json_object_new_string("/api/v1"));
	json_object_object_add(links, "tenants", json_object_new_string("/api/v1/tenants"));
	json_object_object_add(links, "login", json_object_new_string("/api/v1/auth/login"));
	json_object_object_add(links, "me", json_object_new_string("/api/v1/me"));
	json_object_object_add(o, "links", links);
	resp_json(r, 200, o);
}

/* Latest applied migration, or NULL when the schema is missing. */
static int
schema_version(db_t *db, char *out, size_t outlen)
{
	db_stmt *st = db_prepare(db, "SELECT version FROM schema_migrations ORDER BY version DESC "
	    "LIMIT 1");
	int rc = -1;

	if (st && db_step(st) == DB_ROW) {
		snprintf(out, outlen, "%s", db_col_text(st, 0));
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

void
h_healthz(req_t *r)
{
	json_object *o = json_object_new_object(), *cfg = json_object_new_object(),
	    *dbo = json_object_new_object();
	char ver[64] = "";
	int db_ok = 0, schema_ok = 0;

	json_object_object_add(cfg, "ok", json_object_new_boolean(1));
	json_object_object_add(cfg, "env", json_object_new_string(g_config.app_env));
	json_object_object_add(cfg, "warnings", g_config.warnings[0]
	    ? json_object_new_string(g_config.warnings) : NULL);
	json_object_object_add(dbo, "backend", json_object_new_string(
	    strncmp(g_config.database_url, "sqlite", 6) == 0 ? "sqlite" : "postgresql"));
	if (r->db && db_ping(r->db) == 0) {
		db_ok = 1;
		schema_ok = schema_version(r->db, ver, sizeof(ver)) == 0;
	}
	json_object_object_add(dbo, "ok", json_object_new_boolean(db_ok && schema_ok));
	json_object_object_add(dbo, "connected", json_object_new_boolean(db_ok));
	json_object_object_add(dbo, "schema_version", schema_ok ? json_object_new_string(ver) : NULL);
	json_object_object_add(o, "status", json_object_new_string(db_ok && schema_ok ? "ok"
	    : "unavailable"));
	json_object_object_add(o, "version", json_object_new_string(FD_VERSION));
	json_object_object_add(o, "config", cfg);
	json_object_object_add(o, "database", dbo);
	resp_json(r, db_ok && schema_ok ? 200 : 503, o);
}

/* The OpenAPI document, embedded at build time from templates/openapi.json;
 * tests/unit/test_openapi.c keeps it and the route table in step. */
void
h_openapi(req_t *r)
{
	resp_raw(r, 200, "application/json", template_openapi_json, strlen(template_openapi_json));
}
