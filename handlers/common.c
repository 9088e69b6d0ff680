#include "../fcgi/response.h"
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
