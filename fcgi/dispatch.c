#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../handlers/handlers.h"
#include "../lib/log.h"
#include "../lib/tenant.h"
#include "../lib/uuid.h"
#include "dispatch.h"
#include "response.h"
#include "router.h"

/* May the checked credential act on the tenant in the path? Another tenant's
 * id answers exactly as a missing one does. */
static fd_err
check_tenant(req_t *r)
{
	const char *tid = req_path(r, "tenant_id");
	tenant_row t;

	if (tid == NULL || !uuid_valid(tid))
		return err_set(&r->err, ERR_NOT_FOUND, NULL, "tenant not found");
	snprintf(r->log_tenant, sizeof(r->log_tenant), "%s", tid);
	if (r->auth.kind == CRED_ADMIN)
		return tenant_get(r->db, tid, &t, NULL, &r->err);
	if (strcmp(tid, r->auth.tenant_id) != 0 || strcmp(r->auth.tenant_status, "deleted") == 0)
		return err_set(&r->err, ERR_NOT_FOUND, NULL, "tenant not found");
	if (strcmp(r->auth.tenant_status, "suspended") == 0)
		return err_set(&r->err, ERR_FORBIDDEN, NULL, "this tenant is suspended");
	return OK;
}

static fd_err
check_auth(req_t *r)
{
	const char *tok = req_bearer(r);
	char cookie[LIM_HEADER_VALUE];
	fd_err e;

	if (tok == NULL)
		tok = req_cookie(r, "fd_session", cookie, sizeof(cookie));
	if ((e = auth_resolve(r->db, tok, &r->auth, &r->err)) != OK) {
		if (e == ERR_UNAUTHORIZED)
			req_add_header(r, "WWW-Authenticate", "Bearer");
		return e;
	}
	if (r->auth.kind != CRED_ADMIN)
		snprintf(r->log_tenant, sizeof(r->log_tenant), "%s", r->auth.tenant_id);
	switch (r->route->auth) {
	case AUTH_ADMIN:
		if (r->auth.kind != CRED_ADMIN)
			return err_set(&r->err, ERR_FORBIDDEN, NULL, "platform admin only");
		return OK;
	case AUTH_TENANT:
		return check_tenant(r);
	case AUTH_SESSION:
		if (r->auth.kind != CRED_SESSION)
			return err_set(&r->err, ERR_FORBIDDEN, NULL, "a user session is required");
		/* FALLTHROUGH */
	default:
		if (r->auth.kind != CRED_ADMIN && strcmp(r->auth.tenant_status, "deleted") == 0)
			return err_set(&r->err, ERR_NOT_FOUND, NULL, "tenant not found");
		if (r->auth.kind != CRED_ADMIN && strcmp(r->auth.tenant_status, "suspended") == 0)
			return err_set(&r->err, ERR_FORBIDDEN, NULL, "this tenant is suspended");
		return OK;
	}
}

void
dispatch(req_t *r)
{
	char allow[128];
	int status = 404;
	fd_err e;
	struct timespec end;

	r->route = router_match(r, &status, allow, sizeof(allow));
	if (r->route == NULL) {
		if (status == 405) {
			req_add_header(r, "Allow", allow);
			resp_fail(r, ERR_METHOD, NULL, "method %s not allowed here; allowed: %s",
			    r->method, allow);
		} else
			resp_fail(r, ERR_NOT_FOUND, NULL, "no such resource");
		goto log;
	}
	if (r->route->body != BODY_NONE &&
	    (e = req_read_body(r, r->route->body == BODY_FORM)) != OK) {
		resp_error(r, e);
		goto log;
	}
	/* only the health and index pages answer without a database */
	if (r->db == NULL && r->route->handler != h_healthz && r->route->handler != h_root &&
	    r->route->handler != h_openapi) {
		req_add_header(r, "Retry-After", "5");
		resp_fail(r, ERR_UNAVAILABLE, NULL, "database unavailable");
		goto log;
	}
	if (r->route->auth != AUTH_NONE && (e = check_auth(r)) != OK) {
		resp_error(r, e);
		goto log;
	}
	r->route->handler(r);
	if (r->detached) /* its own thread answers and logs it */
		return;
	if (r->status == 0)
		resp_fail(r, ERR_INTERNAL, NULL, "internal error");
log:
	clock_gettime(CLOCK_MONOTONIC, &end);
	log_request(r->request_id, r->method, r->route ? r->route->pattern : NULL, r->status,
	    (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - r->start.tv_nsec) / 1e6, r->log_tenant[0] ? r->log_tenant : NULL);
}
