#include "../fcgi/response.h"
#include "../lib/apikey.h"
#include "../lib/valid.h"
#include "handlers.h"

static const struct vfield create_fields[] = {
	{"label", V_STRING, 0, LIM_FIELD_SHORT, 1},
	{NULL, 0, 0, 0, 0},
};

static int
require_manage(req_t *r)
{
	if (auth_can_manage(&r->auth))
		return 0;
	resp_fail(r, ERR_FORBIDDEN, NULL, "only the tenant's owner or admin may manage API keys");
	return -1;
}

void
h_apikeys_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (require_manage(r))
		return;
	if ((e = valid_object(r->json, create_fields, &r->err)) == OK)
		e = apikey_create(r->db, req_path(r, "tenant_id"), valid_str(r->json, "label"), &out,
		    &r->err);
	h_reply(r, e, 201, out);
}

void
h_apikeys_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;
	fd_err e;

	if (require_manage(r) || h_page(r, &limit, &cursor))
		return;
	e = apikey_list(r->db, req_path(r, "tenant_id"), limit, cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_apikey_delete(req_t *r)
{
	fd_err e;

	if (require_manage(r))
		return;
	e = apikey_revoke(r->db, req_path(r, "tenant_id"), req_path(r, "key_id"), &r->err);
	h_reply(r, e, 204, NULL);
}
