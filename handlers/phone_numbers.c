#include "../fcgi/response.h"
#include "../lib/phone.h"
#include "handlers.h"

void
h_phones_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = phone_create(r->db, req_path(r, "tenant_id"), r->json, &out, &r->err);
	h_reply(r, e, 201, out);
}

void
h_phones_list(req_t *r)
{
	h_crud_list(r, &phone_res);
}

void
h_phone_get(req_t *r)
{
	h_crud_get(r, &phone_res, "number_id");
}

void
h_phone_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	e = phone_update(r->db, req_path(r, "tenant_id"), req_path(r, "number_id"), r->json, &out,
	    &r->err);
	h_reply(r, e, 200, out);
}

void
h_phone_delete(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_delete(r, &phone_res, "number_id");
}
