#include <stdio.h>
#include <string.h>

#include "../fcgi/response.h"
#include "../lib/tenant.h"
#include "../lib/valid.h"
#include "handlers.h"

static const struct vfield create_fields[] = {
	{"name", V_STRING, 1, LIM_FIELD_SHORT, 0},
	{"handle", V_STRING, 0, 63, 0},
	{"timezone", V_STRING, 0, 64, 0},
	{"plan", V_STRING, 0, 16, 0},
	{"status", V_STRING, 0, 16, 0},
	{NULL, 0, 0, 0, 0},
};

/* Checks shared by create and update; NULL values are absent and pass. */
static fd_err
check_values(const char *handle, const char *tz, const char *status, const char *plan,
    err_detail *d)
{
	if (handle && !valid_handle(handle))
		return err_set(d, ERR_VALIDATION, "handle",
		    "handle must be lower-case letters and digits in words joined by single hyphens");
	if (tz && !valid_timezone(tz))
		return err_set(d, ERR_VALIDATION, "timezone",
		    "timezone must be an IANA zone name (e.g. America/Chicago) or an offset like -06:00");
	if (status && valid_enum(tenant_status_names, status) < 0)
		return err_set(d, ERR_VALIDATION, "status",
		    "status must be one of active, suspended, deleted");
	if (plan && valid_enum(tenant_plan_names, plan) < 0)
		return err_set(d, ERR_VALIDATION, "plan", "plan must be one of starter, growth, custom");
	return OK;
}

void
h_tenants_create(req_t *r)
{
	json_object *out = NULL;
	const char *name, *handle, *tz, *plan, *status;
	fd_err e;

	if ((e = valid_object(r->json, create_fields, &r->err)) != OK)
		goto out;
	name = valid_str(r->json, "name");
	handle = valid_str(r->json, "handle");
	tz = valid_str(r->json, "timezone");
	plan = valid_str(r->json, "plan");
	status = valid_str(r->json, "status");
	if ((e = check_values(handle, tz, status, plan, &r->err)) != OK)
		goto out;
	e = tenant_create(r->db, name, handle, tz ? tz : "UTC", plan ? plan : "starter",
	    status ? status : "active", &out, &r->err);
	if (e == OK)
		snprintf(r->log_tenant, sizeof(r->log_tenant), "%s",
		    json_object_get_string(json_object_object_get(out, "id")));
out:
	h_reply(r, e, 201, out);
}

void
h_tenants_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor, *status = req_query(r, "status");
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	if (status && valid_enum(tenant_status_names, status) < 0) {
		resp_fail(r, ERR_VALIDATION, "status", "status must be one of active, suspended, deleted");
		return;
	}
	e = tenant_list(r->db, status, limit, cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_tenant_get(req_t *r)
{
	json_object *out = NULL;
	fd_err e = tenant_get(r->db, req_path(r, "tenant_id"), NULL, &out, &r->err);

	h_reply(r, e, 200, out);
}

/* The platform admin may change status and plan only; the tenant's owner or
 * admin (or an API key) may change the profile but never status or plan. */
static const struct vfield admin_patch_fields[] = {
	{"status", V_STRING, 0, 16, 0},
	{"plan", V_STRING, 0, 16, 0},
	{NULL, 0, 0, 0, 0},
};
static const struct vfield tenant_patch_fields[] = {
	{"name", V_STRING, 0, LIM_FIELD_SHORT, 0},
	{"handle", V_STRING, 0, 63, 0},
	{"timezone", V_STRING, 0, 64, 0},
	{"tone", V_STRING, 0, 32, 0},
	{"business_hours", V_OBJECT, 0, 0, 1},
	{"knowledge_base", V_STRING, 0, 0, 0},
	{"forwarding_phone", V_STRING, 0, 32, 1},
	{"business_name", V_STRING, 0, LIM_FIELD_SHORT, 1},
	{"tagline", V_STRING, 0, LIM_FIELD_SHORT, 1},
	{"bio", V_STRING, 0, 5000, 1},
	{"phone", V_STRING, 0, 32, 1},
	{"website", V_STRING, 0, 2048, 1},
	{"social_links", V_OBJECT, 0, 0, 1},
	{"status", V_STRING, 0, 16, 0},
	{"plan", V_STRING, 0, 16, 0},
	{NULL, 0, 0, 0, 0},
};

static fd_err
check_phone(json_object *changes, const char *field, err_detail *d)
{
	json_object *v;
	char e164[17];

	if (!json_object_object_get_ex(changes, field, &v) || v == NULL)
		return OK;
	if (!valid_e164(json_object_get_string(v), e164))
		return err_set(d, ERR_VALIDATION, field,
		    "%s must be an E.164 phone number like +14155550100", field);
	json_object_object_add(changes, field, json_object_new_string(e164));
	return OK;
}

/* Profile values beyond their JSON type: enums, formats, nested objects. */
static fd_err
check_profile(json_object *c, err_detail *d)
{
	const char *name = valid_str(c, "name"), *tone = valid_str(c, "tone"),
	    *web = valid_str(c, "website");
	json_object *v;
	fd_err e;

	if (name && strspn(name, " \t\r\n") == strlen(name))
		return err_set(d, ERR_VALIDATION, "name", "name must not be empty");
	if (tone && valid_enum(tenant_tone_names, tone) < 0)
		return err_set(d, ERR_VALIDATION, "tone",
		    "tone must be one of professional, friendly, casual, formal, empathetic");
	if (web && !valid_http_url(web))
		return err_set(d, ERR_VALIDATION, "website", "website must be an http(s) URL");
	if ((e = check_phone(c, "forwarding_phone", d)) != OK || (e = check_phone(c, "phone", d)) != OK)
		return e;
	if (json_object_object_get_ex(c, "business_hours", &v) && v &&
	    (e = valid_weekly_hours("business_hours", v, d)) != OK)
		return e;
	if (json_object_object_get_ex(c, "social_links", &v) && v) {
		json_object_object_foreach(v, k, link) {
			char f[80];

			snprintf(f, sizeof(f), "social_links.%.40s", k);
			if (strlen(k) == 0 || strlen(k) > 40 || !json_object_is_type(link, json_type_string) ||
			    !valid_http_url(json_object_get_string(link)))
				return err_set(d, ERR_VALIDATION, f,
				    "social_links maps a network name to an http(s) URL");
		}
	}
	return OK;
}

void
h_tenant_patch(req_t *r)
{
	json_object *out = NULL, *changes = NULL;
	const char *id = req_path(r, "tenant_id");
	fd_err e;

	if (r->auth.kind == CRED_ADMIN) {
		if ((e = valid_object(r->json, admin_patch_fields, &r->err)) != OK)
			goto out;
	} else {
		if (!auth_can_manage(&r->auth)) {
			e = err_set(&r->err, ERR_FORBIDDEN, NULL,
			    "only the tenant's owner or admin may change it");
			goto out;
		}
		if ((e = valid_object(r->json, tenant_patch_fields, &r->err)) != OK)
			goto out;
		if (valid_has(r->json, "status") || valid_has(r->json, "plan")) {
			e = err_set(&r->err, ERR_FORBIDDEN, valid_has(r->json, "status") ? "status"
			    : "plan", "status and plan are changed by the platform admin only");
			goto out;
		}
	}
	/* a private copy: normalisation rewrites values */
	if (json_object_deep_copy(r->json, &changes, NULL) != 0 || changes == NULL)
		changes = json_object_new_object();
	if ((e = check_values(valid_str(changes, "handle"), valid_str(changes, "timezone"),
	    valid_str(changes, "status"), valid_str(changes, "plan"), &r->err)) != OK ||
	    (e = check_profile(changes, &r->err)) != OK)
		goto out;
	e = tenant_update(r->db, id, changes, &out, &r->err);
out:
	if (changes)
		json_object_put(changes);
	h_reply(r, e, 200, out);
}
