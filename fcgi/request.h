/* One request: what was asked (parsed once, at the boundary) and what the
 * answer is being built from. The context owns everything it points to;
 * req_free() releases it. Handlers never touch FastCGI directly. */
#ifndef FD_REQUEST_H
#define FD_REQUEST_H

#include <stddef.h>
#include <time.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "../lib/auth.h"
#include "../lib/buf.h"
#include "../lib/db.h"
#include "../lib/err.h"
#include "../lib/limits.h"

struct route;

typedef struct {
	char *key;
	char *val;
} kv_t;

typedef struct req {
	FCGX_Request *fcgx;      /* NULL in unit tests */
	char **envp;             /* FastCGI params (or a test's array) */
	const char *method;
	char path[LIM_PATH_LEN]; /* decoded path, without the query */
	const char *query;       /* raw query string */
	char request_id[LIM_REQUEST_ID + 1];
	struct timespec start;

	kv_t qs[LIM_QUERY_PARAMS];
	int nqs;
	kv_t form[LIM_QUERY_PARAMS];   /* application/x-www-form-urlencoded body */
	int nform;
	const char *pnames[LIM_PATH_PARAMS]; /* into the pattern: "{name}..." */
	char *pvals[LIM_PATH_PARAMS];
	int npath;

	char *body;
	size_t body_len;
	json_object *json;       /* parsed JSON body, NULL when none */

	const struct route *route;
	db_t *db;
	auth_ctx auth;
	char log_tenant[40];     /* tenant id for the log line */
	err_detail err;

	int status;              /* set once the response is written */
	int detached;            /* handed to its own thread (fcgi_detach) */
	buf_t headers;           /* extra response header lines */
} req_t;

/* Fill method, path, query, request id from the params. -1 when the path is unusable. */
int req_init(req_t *r, FCGX_Request *fcgx, char **envp);
void req_free(req_t *r);

const char *req_param(const req_t *r, const char *name);    /* FastCGI param */
const char *req_header(const req_t *r, const char *name);   /* "X-Request-Id" */
const char *req_query(const req_t *r, const char *name);
const char *req_form(const req_t *r, const char *name);
const char *req_path(const req_t *r, const char *name);     /* route {param} */
/* Cookie value by name, copied into out; NULL when absent. */
const char *req_cookie(const req_t *r, const char *name, char *out, size_t outlen);
/* The bearer token from Authorization, or NULL. */
const char *req_bearer(const req_t *r);

/* Parse "a=1&b=x%20y" into kv pairs (decoded; '+' is a space). -1 if too many. */
int req_parse_urlencoded(const char *s, size_t len, kv_t *out, int max, int *n);
/* Read and parse the body per content type: JSON (object at top level, depth
 * limit) or form. 413 / 415 / 400 through r->err. want_form selects form. */
fd_err req_read_body(req_t *r, int want_form);
/* Parse a JSON object body from memory (used by req_read_body and fuzzing). */
fd_err req_parse_json(const char *s, size_t n, json_object **out, err_detail *d);

/* Add a response header line ("Allow: GET, POST"). */
void req_add_header(req_t *r, const char *name, const char *value);

#endif
