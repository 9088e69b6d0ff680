/* fcgi/response.c: the bytes of a response, and the one error shape. The
 * FastCGI output is an in-memory stream, so what would reach lighttpd is
 * checked byte for byte. */
#include <string.h>

#include "unit.h"
#include "../../fcgi/request.h"
#include "../../fcgi/response.h"

/* A request with a fixed id, writing into out (or nowhere with fcgx NULL). */
typedef struct {
	req_t r;
	FCGX_Request fr;
	FCGX_Stream os;
	char out[8192];
} fake;

static char *no_params[] = {NULL};

static void
fake_init(fake *f, int with_output)
{
	memset(&f->fr, 0, sizeof(f->fr));
	unit_fcgx_writer(&f->os, f->out, sizeof(f->out));
	f->fr.out = &f->os;
	cr_assert_eq(req_init(&f->r, with_output ? &f->fr : NULL, no_params), 0);
	snprintf(f->r.request_id, sizeof(f->r.request_id), "rid-42");
}

/* The written response: NUL-terminated copy in f->out, its length. */
static size_t
written(fake *f)
{
	size_t n = unit_fcgx_written(&f->os, f->out);

	cr_assert_lt(n, sizeof(f->out));
	f->out[n] = '\0';
	return n;
}

/* Parse the body of a written response (after the blank line). */
static json_object *
body_json(fake *f)
{
	const char *b;
	json_object *o;

	written(f);
	b = strstr(f->out, "\r\n\r\n");
	cr_assert_not_null(b, "no end of headers: %s", f->out);
	o = json_tokener_parse(b + 4);
	cr_assert_not_null(o, "body is not JSON: %s", b + 4);
	return o;
}

static const char *
str_at(json_object *o, const char *a, const char *b)
{
	json_object *v = json_object_object_get(o, a);

	if (b)
		v = json_object_object_get(v, b);
	return json_object_get_string(v);
}

UTEST(response, render_exact_bytes)
{
	fake f;
	buf_t out;

	fake_init(&f, 0);
	buf_init(&out, 0);
	resp_render(&f.r, 200, "application/json", "{}", 2, &out);
	cr_assert(buf_ok(&out));
	cr_assert_str_eq(out.data,
	    "Status: 200 OK\r\n"
	    "Content-Type: application/json\r\n"
	    "X-Request-Id: rid-42\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Content-Length: 2\r\n"
	    "\r\n"
	    "{}");
	buf_free(&out);
	req_free(&f.r);
}

UTEST(response, render_204_has_no_body)
{
	fake f;
	buf_t out;

	fake_init(&f, 0);
	buf_init(&out, 0);
	resp_render(&f.r, 204, NULL, "ignored", 7, &out);
	cr_assert_str_eq(out.data,
	    "Status: 204 No Content\r\n"
	    "X-Request-Id: rid-42\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "\r\n");
	cr_assert_null(strstr(out.data, "Content-Length"));
	cr_assert_null(strstr(out.data, "\r\nContent-Type:"));
	buf_free(&out);
	req_free(&f.r);
}

UTEST(response, render_binary_body_and_extra_headers)
{
	fake f;
	buf_t out;
	const char *b;

	fake_init(&f, 0);
	req_add_header(&f.r, "Allow", "GET, POST");
	req_add_header(&f.r, "Retry-After", "5");
	buf_init(&out, 0);
	resp_render(&f.r, 405, "text/plain", "a\0b", 3, &out);
	cr_assert_eq(strncmp(out.data, "Status: 405 Method Not Allowed\r\n", 32), 0);
	cr_assert_not_null(strstr(out.data, "\r\nAllow: GET, POST\r\nRetry-After: 5\r\n"));
	cr_assert_not_null(strstr(out.data, "Content-Type: text/plain\r\n"));
	cr_assert_not_null(strstr(out.data, "Content-Length: 3\r\n\r\n"));
	b = strstr(out.data, "\r\n\r\n") + 4;
	cr_assert_eq((size_t)(b - out.data) + 3, out.len, "the body is all 3 bytes");
	cr_assert_eq(memcmp(b, "a\0b", 3), 0);
	buf_free(&out);
	req_free(&f.r);
}

UTEST(response, reason_phrases)
{
	static const struct {
		int status;
		const char *line;
	} cases[] = {
		{201, "Status: 201 Created\r\n"}, {400, "Status: 400 Bad Request\r\n"},
		{401, "Status: 401 Unauthorized\r\n"}, {403, "Status: 403 Forbidden\r\n"},
		{404, "Status: 404 Not Found\r\n"}, {409, "Status: 409 Conflict\r\n"},
		{413, "Status: 413 Payload Too Large\r\n"},
		{415, "Status: 415 Unsupported Media Type\r\n"},
		{422, "Status: 422 Unprocessable Entity\r\n"},
		{429, "Status: 429 Too Many Requests\r\n"},
		{500, "Status: 500 Internal Server Error\r\n"},
		{503, "Status: 503 Service Unavailable\r\n"},
	};
	fake f;
	buf_t out;

	fake_init(&f, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&out, 0);
		resp_render(&f.r, cases[i].status, NULL, "", 0, &out);
		cr_assert_eq(strncmp(out.data, cases[i].line, strlen(cases[i].line)), 0, "%s",
		    out.data);
		buf_free(&out);
	}
	req_free(&f.r);
}

UTEST(response, json_without_output_sets_status)
{
	fake f;

	fake_init(&f, 0);
	resp_json(&f.r, 201, json_object_new_object());
	cr_assert_eq(f.r.status, 201);
	cr_assert_eq(unit_fcgx_written(&f.os, f.out), 0, "nothing written without fcgx");
	req_free(&f.r);
}

UTEST(response, json_written)
{
	fake f;
	json_object *o = json_object_new_object(), *got;
	size_t n;
	const char *b;

	json_object_object_add(o, "url", json_object_new_string("https://x.example/a/b"));
	json_object_object_add(o, "n", json_object_new_int(7));
	fake_init(&f, 1);
	resp_json(&f.r, 200, o);   /* takes ownership */
	cr_assert_eq(f.r.status, 200);
	n = written(&f);
	cr_assert_eq(strncmp(f.out, "Status: 200 OK\r\nContent-Type: application/json\r\n", 48), 0);
	b = strstr(f.out, "\r\n\r\n") + 4;
	cr_assert_str_eq(b, "{\"url\":\"https://x.example/a/b\",\"n\":7}", "plain, slashes as is");
	{
		char cl[64];

		snprintf(cl, sizeof(cl), "Content-Length: %zu\r\n", strlen(b));
		cr_assert_not_null(strstr(f.out, cl), "Content-Length matches the body");
	}
	cr_assert_eq((size_t)(b - f.out) + strlen(b), n);
	got = body_json(&f);
	cr_assert_eq(json_object_get_int(json_object_object_get(got, "n")), 7);
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, json_null_body_is_empty_object)
{
	fake f;
	json_object *got;

	fake_init(&f, 1);
	resp_json(&f.r, 200, NULL);
	got = body_json(&f);
	cr_assert(json_object_is_type(got, json_type_object));
	cr_assert_eq(json_object_object_length(got), 0);
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, error_shape)
{
	fake f;
	json_object *got, *err, *v;

	fake_init(&f, 1);
	err_set(&f.r.err, ERR_VALIDATION, "email", "email is not valid");
	resp_error(&f.r, ERR_VALIDATION);
	cr_assert_eq(f.r.status, 400);
	written(&f);
	cr_assert_eq(strncmp(f.out, "Status: 400 Bad Request\r\n", 25), 0);
	cr_assert_not_null(strstr(f.out, "X-Request-Id: rid-42\r\n"));
	got = body_json(&f);
	cr_assert_eq(json_object_object_length(got), 1, "only \"error\" at the top");
	err = json_object_object_get(got, "error");
	cr_assert(json_object_is_type(err, json_type_object));
	cr_assert_eq(json_object_object_length(err), 4);
	cr_assert_str_eq(str_at(got, "error", "code"), "validation_failed");
	cr_assert_str_eq(str_at(got, "error", "message"), "email is not valid");
	cr_assert_str_eq(str_at(got, "error", "field"), "email");
	cr_assert_str_eq(str_at(got, "error", "request_id"), "rid-42");
	cr_assert(json_object_object_get_ex(err, "field", &v));
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, error_without_field_or_message)
{
	fake f;
	json_object *got, *v;

	fake_init(&f, 1);
	resp_error(&f.r, ERR_NOT_FOUND);
	cr_assert_eq(f.r.status, 404);
	got = body_json(&f);
	cr_assert_str_eq(str_at(got, "error", "code"), "not_found");
	cr_assert_str_eq(str_at(got, "error", "message"), "not_found", "the code stands in");
	cr_assert(json_object_object_get_ex(json_object_object_get(got, "error"), "field", &v),
	    "field is always present");
	cr_assert_null(v, "as null");
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, internal_error_hides_detail)
{
	fake f;
	json_object *got;

	fake_init(&f, 1);
	err_set(&f.r.err, ERR_INTERNAL, NULL, "sqlite: disk I/O error at /var/lib/secret.db");
	resp_error(&f.r, ERR_INTERNAL);
	cr_assert_eq(f.r.status, 500);
	got = body_json(&f);
	cr_assert_str_eq(str_at(got, "error", "code"), "internal_error");
	cr_assert_str_eq(str_at(got, "error", "message"), "internal error");
	cr_assert_null(strstr(f.out, "secret"), "%s", f.out);
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, every_error_status)
{
	for (int e = ERR_VALIDATION; e < ERR__MAX; e++) {
		fake f;
		json_object *got;

		fake_init(&f, 1);
		resp_error(&f.r, (fd_err)e);
		cr_assert_eq(f.r.status, err_http_status((fd_err)e));
		got = body_json(&f);
		cr_assert_str_eq(str_at(got, "error", "code"), err_code((fd_err)e));
		json_object_put(got);
		req_free(&f.r);
	}
}

UTEST(response, fail_sets_detail)
{
	fake f;
	json_object *got;

	fake_init(&f, 1);
	resp_fail(&f.r, ERR_CONFLICT, "handle", "handle '%s' is taken", "acme");
	cr_assert_eq(f.r.status, 409);
	cr_assert_eq(f.r.err.code, ERR_CONFLICT);
	cr_assert_str_eq(f.r.err.field, "handle");
	got = body_json(&f);
	cr_assert_str_eq(str_at(got, "error", "message"), "handle 'acme' is taken");
	cr_assert_str_eq(str_at(got, "error", "field"), "handle");
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, error_message_is_json_escaped)
{
	fake f;
	json_object *got;

	fake_init(&f, 1);
	resp_fail(&f.r, ERR_VALIDATION, "na\"me", "bad \"quote\" \\ and\nnewline </script>");
	got = body_json(&f);
	cr_assert_str_eq(str_at(got, "error", "message"), "bad \"quote\" \\ and\nnewline </script>");
	cr_assert_str_eq(str_at(got, "error", "field"), "na\"me");
	json_object_put(got);
	req_free(&f.r);
}

UTEST(response, empty_and_raw)
{
	fake f;
	size_t n;

	fake_init(&f, 1);
	resp_empty(&f.r, 204);
	cr_assert_eq(f.r.status, 204);
	n = written(&f);
	cr_assert_eq(n, strlen(f.out));
	cr_assert_eq(strcmp(f.out + n - 4, "\r\n\r\n"), 0, "ends with the headers");
	cr_assert_null(strstr(f.out, "Content-Length"));
	req_free(&f.r);

	fake_init(&f, 1);
	resp_raw(&f.r, 200, "text/xml", "<Response/>", 11);
	cr_assert_eq(f.r.status, 200);
	written(&f);
	cr_assert_not_null(strstr(f.out, "Content-Type: text/xml\r\n"));
	cr_assert_not_null(strstr(f.out, "Content-Length: 11\r\n\r\n<Response/>"));
	req_free(&f.r);
}
