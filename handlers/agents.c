#include "../fcgi/response.h"
#include "../lib/agent.h"
#include "handlers.h"

void
h_agents_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = agent_create(r->db, req_path(r, "tenant_id"), r->json, &out, &r->err);
	h_reply(r, e, 201, out);
}

void
h_agents_list(req_t *r)
{
	h_crud_list(r, &agent_res);
}

void
h_agent_get(req_t *r)
{
	h_crud_get(r, &agent_res, "agent_id");
}

void
h_agent_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = agent_update(r->db, req_path(r, "tenant_id"), req_path(r, "agent_id"), r->json, &out,
	    &r->err);
	h_reply(r, e, 200, out);
}

void
h_agent_delete(req_t *r)
{
	fd_err e;

	if (h_require_manage(r))
		return;
	e = agent_delete(r->db, req_path(r, "tenant_id"), req_path(r, "agent_id"), &r->err);
	h_reply(r, e, 204, NULL);
}
