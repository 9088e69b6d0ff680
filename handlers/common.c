#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "../fcgi/response.h"
#include "../lib/config.h"
#include "../lib/crud.h"
#include "../lib/tz.h"
#include "../lib/rows.h"
#include "handlers.h"

void
h_reply(req_t *r, fd_err e, int status, json_object *out)
{
	if (e != OK) {
		if (out)
			json_object_put(out);
		resp_error(r, e);
		return;
	}
	if (status == 204) {
		if (out)
			json_object_put(out);
		resp_empty(r, 204);
		return;
	}
	resp_json(r, status, out);
}

int
h_page(req_t *r, int *limit, const char **cursor)
{
	fd_err e = rows_page_params(req_query(r, "limit"), req_query(r, "cursor"), limit, cursor,
	    &r->err);

	if (e != OK) {
		resp_error(r, e);
		return -1;
	}
	return 0;
}

int
h_require_manage(req_t *r)
{
	if (auth_can_manage(&r->auth))
		return 0;
	resp_fail(r, ERR_FORBIDDEN, NULL, "only the tenant's owner or admin may change this");
	return -1;
}

void
h_crud_list(req_t *r, const struct crud_res *res)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	e = crud_list(r->db, res, req_path(r, "tenant_id"), NULL, NULL, 0, limit, cursor, &out,
	    &r->err);
	h_reply(r, e, 200, out);
}

void
h_crud_get(req_t *r, const struct crud_res *res, const char *idparam)
{
	json_object *out = NULL;
	fd_err e = crud_get(r->db, res, req_path(r, "tenant_id"), req_path(r, idparam), &out,
	    &r->err);

	h_reply(r, e, 200, out);
}

void
h_crud_delete(req_t *r, const struct crud_res *res, const char *idparam)
{
	fd_err e = crud_delete(r->db, res, req_path(r, "tenant_id"), req_path(r, idparam), &r->err);

	h_reply(r, e, 204, NULL);
}

void
h_crud_create(req_t *r, const struct crud_res *res)
{
	json_object *out = NULL;
	fd_err e;

	if ((e = crud_validate(res, r->json, 1, &r->err)) == OK)
		e = crud_insert(r->db, res, req_path(r, "tenant_id"), r->json, NULL, &out, &r->err);
	h_reply(r, e, 201, out);
}

void
h_crud_update(req_t *r, const struct crud_res *res, const char *idparam)
{
	json_object *out = NULL;
	fd_err e;

	if ((e = crud_validate(res, r->json, 0, &r->err)) == OK)
		e = crud_update(r->db, res, req_path(r, "tenant_id"), req_path(r, idparam), r->json,
		    &out, &r->err);
	h_reply(r, e, 200, out);
}

int64_t
h_now(void)
{
	const char *pin = g_config.production ? NULL : getenv("FRONTDESK_NOW");
	int64_t t;
	int naive;

	if (pin && *pin && tz_parse_time(pin, tz_get("UTC"), &t, &naive) == TZ_OK && !naive)
		return t;
	return (int64_t)time(NULL);
}
