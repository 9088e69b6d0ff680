#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "response.h"

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
resp_render(req_t *r, int status, const char *ctype, const char *body, size_t len, buf_t *out)
{
	buf_printf(out, "Status: %d %s\r\n", status, reason(status));
	if (ctype)
		buf_printf(out, "Content-Type: %s\r\n", ctype);
	buf_printf(out, "X-Request-Id: %s\r\n", r->request_id);
	buf_puts(out, "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
	if (r->headers.len)
		buf_append(out, r->headers.data, r->headers.len);
	if (status != 204)
		buf_printf(out, "Content-Length: %zu\r\n", len);
	buf_puts(out, "\r\n");
	if (status != 204 && len)
		buf_append(out, body, len);
}

void
resp_raw(req_t *r, int status, const char *ctype, const char *body, size_t len)
{
	buf_t out;

	buf_init(&out, 0);
	resp_render(r, status, ctype, body, len, &out);
	if (r->fcgx && buf_ok(&out))
		FCGX_PutStr(out.data, (int)out.len, r->fcgx->out);
	buf_free(&out);
	r->status = status;
}

void
resp_json(req_t *r, int status, json_object *body)
{
	const char *s;
	size_t n;

	if (body == NULL)
		body = json_object_new_object();
	s = json_object_to_json_string_length(body,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	resp_raw(r, status, "application/json", s, n);
	json_object_put(body);
}

void
resp_error(req_t *r, fd_err e)
{
	json_object *o = json_object_new_object(), *err = json_object_new_object();
	int status = err_http_status(e);

	json_object_object_add(err, "code", json_object_new_string(err_code(e)));
	json_object_object_add(err, "message", json_object_new_string(
	    r->err.message[0] && e != ERR_INTERNAL ? r->err.message
	    : e == ERR_INTERNAL ? "internal error" : err_code(e)));
	json_object_object_add(err, "field", r->err.field[0]
	    ? json_object_new_string(r->err.field) : NULL);
	json_object_object_add(err, "request_id", json_object_new_string(r->request_id));
	json_object_object_add(o, "error", err);
	resp_json(r, status, o);
}

void
resp_fail(req_t *r, fd_err e, const char *field, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(&r->err, e, field, "%s", msg);
	resp_error(r, e);
}

void
resp_empty(req_t *r, int status)
{
	resp_raw(r, status, NULL, "", 0);
}
