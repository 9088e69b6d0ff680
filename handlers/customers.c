#include "../lib/customer.h"
#include "handlers.h"

/* Any user of the tenant works the CRM (front-desk staff are members). */
void
h_customers_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e = customer_create(r->db, req_path(r, "tenant_id"), r->json, &out, &r->err);

	h_reply(r, e, 201, out);
}

void
h_customers_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	e = customer_list(r->db, req_path(r, "tenant_id"), req_query(r, "q"), limit, cursor, &out,
	    &r->err);
	h_reply(r, e, 200, out);
}

void
h_customer_get(req_t *r)
{
	h_crud_get(r, &customer_res, "customer_id");
}

void
h_customer_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e = customer_update(r->db, req_path(r, "tenant_id"), req_path(r, "customer_id"),
	    r->json, &out, &r->err);

	h_reply(r, e, 200, out);
}

void
h_customer_delete(req_t *r)
{
	h_crud_delete(r, &customer_res, "customer_id");
}
