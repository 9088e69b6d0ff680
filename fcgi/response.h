/* Writing responses: JSON, the one error shape, empty. Each writes status,
 * headers (X-Request-Id always) and body in one go and sets r->status. */
#ifndef FD_RESPONSE_H
#define FD_RESPONSE_H

#include <json-c/json.h>

#include "request.h"

/* Takes ownership of body (may be NULL for an empty JSON object). */
void resp_json(req_t *r, int status, json_object *body);
/* {"error": {"code","message","field","request_id"}} from e and r->err. */
void resp_error(req_t *r, fd_err e);
/* Shorthand: set r->err and answer it. */
void resp_fail(req_t *r, fd_err e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void resp_empty(req_t *r, int status);
/* Raw body with a content type (used by tests/bench and later TwiML). */
void resp_raw(req_t *r, int status, const char *ctype, const char *body, size_t len);

/* Build the response bytes without writing (unit tests, fuzzing). */
void resp_render(req_t *r, int status, const char *ctype, const char *body, size_t len,
    buf_t *out);

#endif
