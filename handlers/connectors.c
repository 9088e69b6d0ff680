#include "../lib/connector.h"
#include "handlers.h"

void
h_connectors_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = connector_create(r->db, req_path(r, "tenant_id"), r->json, &out, &r->err);
	h_reply(r, e, 201, out);
}

void
h_connectors_list(req_t *r)
{
	h_crud_list(r, &connector_res);
}

void
h_connector_get(req_t *r)
{
	h_crud_get(r, &connector_res, "connector_id");
}

void
h_connector_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = connector_update(r->db, req_path(r, "tenant_id"), req_path(r, "connector_id"), r->json,
	    &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_connector_delete(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_delete(r, &connector_res, "connector_id");
}

static void
set_active(req_t *r, int active)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = connector_set_active(r->db, req_path(r, "tenant_id"), req_path(r, "connector_id"),
	    active, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_connector_activate(req_t *r)
{
	set_active(r, 1);
}

void
h_connector_deactivate(req_t *r)
{
	set_active(r, 0);
}
