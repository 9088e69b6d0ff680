#include "../lib/service.h"
#include "handlers.h"

void
h_services_create(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_create(r, &service_res);
}

void
h_services_list(req_t *r)
{
	h_crud_list(r, &service_res);
}

void
h_service_get(req_t *r)
{
	h_crud_get(r, &service_res, "service_id");
}

void
h_service_patch(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_update(r, &service_res, "service_id");
}

void
h_service_delete(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_delete(r, &service_res, "service_id");
}
