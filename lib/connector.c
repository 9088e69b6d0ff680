#include <stdio.h>
#include <string.h>

#include "connector.h"
#include "uuid.h"

static const char *const connector_types[] = {"calendly", "google_calendar", "square",
    "agendapro", NULL};

/* Per type: required and optional config keys (all strings); a checker for
 * the values that have a format. */
static const struct {
	const char *type;
	const char *required[3];
	const char *optional[4];
} config_rules[] = {
	{"calendly", {"link", NULL}, {"event_type", NULL}},
	{"google_calendar", {"calendar_id", NULL}, {"timezone", NULL}},
	{"square", {"location_id", NULL}, {"booking_url", "team_member_id", NULL}},
	{"agendapro", {"url", NULL}, {"branch_id", NULL}},
	{NULL, {NULL}, {NULL}},
};

static fd_err
check_type(const char *f, json_object *v, err_detail *d)
{
	if (valid_enum(connector_types, json_object_get_string(v)) < 0)
		return err_set(d, ERR_VALIDATION, f,
		    "type must be one of calendly, google_calendar, square, agendapro");
	return OK;
}

static const struct crud_col connector_cols[] = {
	{"type", 's', CRUD_W | CRUD_REQ, 32, check_type},
	{"config", 'j', CRUD_W | CRUD_REQ, 0, NULL},
	{"is_active", 'b', 0, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res connector_res = {"connectors", "connector", connector_cols, NULL};

static int
listed(const char *const *list, const char *k)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], k) == 0)
			return 1;
	return 0;
}

/* A Calendly link is https://calendly.com/<user>[/...] */
static int
calendly_link(const char *s)
{
	const char *p = "https://calendly.com/";
	size_t n = strlen(p);

	return valid_http_url(s) && strncmp(s, p, n) == 0 && s[n] && s[n] != '/';
}

static fd_err
check_config(const char *type, json_object *cfg, err_detail *d)
{
	char f[96];
	int r;

	if (!json_object_is_type(cfg, json_type_object))
		return err_set(d, ERR_VALIDATION, "config", "config must be an object");
	for (r = 0; config_rules[r].type; r++)
		if (strcmp(config_rules[r].type, type) == 0)
			break;
	if (config_rules[r].type == NULL)
		return err_set(d, ERR_VALIDATION, "type", "unknown connector type");
	json_object_object_foreach(cfg, k, v) {
		snprintf(f, sizeof(f), "config.%.60s", k);
		if (!listed(config_rules[r].required, k) && !listed(config_rules[r].optional, k))
			return err_set(d, ERR_VALIDATION, f, "unknown %s setting '%.40s'", type, k);
		if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0 ||
		    json_object_get_string_len(v) > 2048)
			return err_set(d, ERR_VALIDATION, f, "%.40s must be a non-empty string", k);
	}
	for (int i = 0; config_rules[r].required[i]; i++) {
		const char *need = config_rules[r].required[i];

		snprintf(f, sizeof(f), "config.%s", need);
		if (!json_object_object_get_ex(cfg, need, NULL))
			return err_set(d, ERR_VALIDATION, f, "%s config needs %s", type, need);
	}
	const char *link = valid_str(cfg, "link"), *url = valid_str(cfg, "url"),
	    *burl = valid_str(cfg, "booking_url");
	if (strcmp(type, "calendly") == 0 && !calendly_link(link))
		return err_set(d, ERR_VALIDATION, "config.link",
		    "link must look like https://calendly.com/<user>");
	if (url && !valid_http_url(url))
		return err_set(d, ERR_VALIDATION, "config.url", "url must be an http(s) URL");
	if (burl && !valid_http_url(burl))
		return err_set(d, ERR_VALIDATION, "config.booking_url", "booking_url must be an http(s) URL");
	return OK;
}

fd_err
connector_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d)
{
	fd_err e;

	if ((e = crud_validate(&connector_res, body, 1, d)) != OK ||
	    (e = check_config(valid_str(body, "type"), json_object_object_get(body, "config"), d))
	    != OK)
		return e;
	return crud_insert(db, &connector_res, tenant_id, body, NULL, out, d);
}

fd_err
connector_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d)
{
	json_object *cur = NULL, *cfg;
	const char *type;
	fd_err e;

	if ((e = crud_validate(&connector_res, body, 0, d)) != OK ||
	    (e = crud_get(db, &connector_res, tenant_id, id, &cur, d)) != OK)
		goto out;
	/* the config must fit the type the connector will have after the change */
	type = valid_str(body, "type") ? valid_str(body, "type") : valid_str(cur, "type");
	cfg = json_object_object_get(body, "config");
	if (cfg == NULL)
		cfg = json_object_object_get(cur, "config");
	if ((e = check_config(type, cfg, d)) != OK)
		goto out;
	e = crud_update(db, &connector_res, tenant_id, id, body, out, d);
out:
	if (cur)
		json_object_put(cur);
	return e;
}

fd_err
connector_set_active(db_t *db, const char *tenant_id, const char *id, int active,
    json_object **out, err_detail *d)
{
	fd_err e;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "connector not found");
	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "connector", d);
	if (active && crud_lock_tenant(db, tenant_id) != DB_DONE) {
		e = crud_db_failed(db, "connector", d);
		goto fail;
	}
	if ((rc = crud_exists(db, "connectors", tenant_id, id)) != 1) {
		e = rc == 0 ? err_set(d, ERR_NOT_FOUND, NULL, "connector not found")
		    : crud_db_failed(db, "connector", d);
		goto fail;
	}
	if (active && db_runf(db, "UPDATE connectors SET is_active = ? WHERE tenant_id = ? AND "
	    "is_active = ? AND id <> ?", "bsbs", 0, tenant_id, 1, id) != DB_DONE) {
		e = crud_db_failed(db, "connector", d);
		goto fail;
	}
	rc = db_runf(db, "UPDATE connectors SET is_active = ? WHERE tenant_id = ? AND id = ?", "bss",
	    active, tenant_id, id);
	if (rc == DB_CONSTRAINT) {
		e = err_set(d, ERR_CONFLICT, NULL, "another connector is active");
		goto fail;
	}
	if (rc != DB_DONE || db_commit(db) != DB_DONE) {
		e = crud_db_failed(db, "connector", d);
		goto fail;
	}
	return crud_get(db, &connector_res, tenant_id, id, out, d);
fail:
	db_rollback(db);
	return e;
}
