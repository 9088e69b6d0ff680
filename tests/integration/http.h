/* Integration-test client: real HTTP through the web server with libcurl.
 * FD_BASE_URL (http://127.0.0.1:PORT), FD_ADMIN_KEY and FD_STATE (the pool's
 * state dir) come from scripts/test.sh. */
#ifndef FD_TEST_HTTP_H
#define FD_TEST_HTTP_H

#include <json-c/json.h>

typedef struct {
	long status;
	char *body;
	size_t len;
	char *headers;      /* raw header block */
	json_object *json;  /* parsed body when JSON, else NULL */
} http_resp;

/* method, path ("/api/v1/..."), bearer token or NULL, content type or NULL,
 * body or NULL. Never NULL; status 0 on a transport error. */
http_resp *http(const char *method, const char *path, const char *token, const char *ctype,
    const char *body);
/* Shorthand for JSON bodies built with printf formatting (NULL fmt = no body). */
http_resp *http_json(const char *method, const char *path, const char *token, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
http_resp *http_hdr(const char *method, const char *path, const char *const *headers,
    const char *body);
void http_free(http_resp *r);

/* A response header's value (copied into out), or NULL. Case-insensitive. */
const char *resp_header(const http_resp *r, const char *name, char *out, size_t outlen);
/* json string at a dotted path ("error.field"), or NULL. */
const char *jstr(const http_resp *r, const char *path);
long long jint(const http_resp *r, const char *path);
int jnull(const http_resp *r, const char *path);
/* 1 when the body has the one error shape with this code (and field when non-NULL). */
int is_error(const http_resp *r, const char *code, const char *field);

const char *admin_key(void);
const char *state_dir(void);

/* Fixtures through the API. Returned strings are malloc'd. */
char *mk_tenant(const char *name_prefix);                    /* tenant id */
char *mk_apikey(const char *tenant_id, const char *token);   /* secret */
char *mk_user(const char *tenant_id, const char *token, const char *role, char **email_out);
char *login(const char *email, const char *password);        /* session token */
/* printf into a new string (a path with ids); the caller frees. */
char *pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A unique lower-case tag for names, handles and e-mails. */
void uniq(char *out, size_t len);

/* ---- the public chat ---- */

/* The handle of a tenant (malloc'd). */
char *tenant_handle(const char *tenant_id);
/* Start a web chat with workspace handle as client ip (X-Forwarded-For; the
 * test pool trusts 127.0.0.1). Returns the conversation id; *token the
 * conversation's bearer token. Both malloc'd. */
char *chat_start(const char *handle, const char *ip, char **token);
/* A unique client address for chat_start (10.x.y.z). */
void uniq_ip(char *out, size_t len);
/* Post a visitor message; the response. key may be NULL. */
http_resp *chat_say(const char *conv, const char *token, const char *text, const char *key);
/* Parse a text/event-stream body into [{"event", "id", "data"}] (data parsed
 * as JSON when it is JSON, else a string); comments are skipped. */
json_object *sse_events(const char *body);

#endif
