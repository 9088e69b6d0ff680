/* The router: one table of (method, pattern, auth, body, handler). Patterns
 * are literal segments and {name} segments that match one non-empty segment. */
#ifndef FD_ROUTER_H
#define FD_ROUTER_H

#include "request.h"

typedef enum {
	AUTH_NONE = 0,   /* public */
	AUTH_ANY,        /* any valid credential */
	AUTH_ADMIN,      /* platform admin key only */
	AUTH_TENANT,     /* may act on {tenant_id}: admin, or that tenant's key/session */
	AUTH_SESSION,    /* a user session */
} route_auth;

typedef enum { BODY_NONE = 0, BODY_JSON, BODY_FORM } route_body;

typedef void (*handler_fn)(req_t *r);

struct route {
	const char *method;
	const char *pattern;
	route_auth auth;
	route_body body;
	handler_fn handler;
	const char *summary;   /* one line, for the OpenAPI document */
};

extern const struct route routes[];   /* routes.c; ends with a NULL method */

/* Match r->path and r->method. Returns the route, or NULL: then *status is
 * 404, or 405 with allow filled ("GET, POST"). Fills r's path params. */
const struct route *router_match(req_t *r, int *status, char *allow, size_t allowlen);
/* Match one pattern against a path; fills names/values (values malloc'd). */
int router_match_pattern(const char *pattern, const char *path, const char **names,
    char **vals, int *n);

#endif
