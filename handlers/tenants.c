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
	{"status", V_STRING, 0, 16, 0},
	{"plan", V_STRING, 0, 16, 0},
	{NULL, 0, 0, 0, 0},
};

void
h_tenant_patch(req_t *r)
{
	json_object *out = NULL;
	const char *id = req_path(r, "tenant_id");
	const char *name = NULL, *handle = NULL, *tz = NULL, *status = NULL, *plan = NULL;
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
		name = valid_str(r->json, "name");
		handle = valid_str(r->json, "handle");
		tz = valid_str(r->json, "timezone");
		if (name && strspn(name, " \t\r\n") == strlen(name)) {
			e = err_set(&r->err, ERR_VALIDATION, "name", "name must not be empty");
			goto out;
		}
	}
	status = valid_str(r->json, "status");
	plan = valid_str(r->json, "plan");
	if ((e = check_values(handle, tz, status, plan, &r->err)) != OK)
		goto out;
	e = tenant_update(r->db, id, name, handle, tz, status, plan, &out, &r->err);
out:
	h_reply(r, e, 200, out);
}
