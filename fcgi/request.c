#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "../lib/config.h"
#include "../lib/uuid.h"
#include "request.h"

const char *
req_param(const req_t *r, const char *name)
{
	if (r->envp == NULL)
		return NULL;
	return FCGX_GetParam(name, r->envp);
}

const char *
req_header(const req_t *r, const char *name)
{
	char key[128] = "HTTP_";
	size_t o = 5;

	for (const char *p = name; *p && o + 1 < sizeof(key); p++)
		key[o++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	key[o] = '\0';
	if (strcmp(name, "Content-Type") == 0)
		return req_param(r, "CONTENT_TYPE");
	if (strcmp(name, "Content-Length") == 0)
		return req_param(r, "CONTENT_LENGTH");
	return req_param(r, key);
}

static const char *
kv_get(const kv_t *kv, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(kv[i].key, name) == 0)
			return kv[i].val;
	return NULL;
}

const char *
req_query(const req_t *r, const char *name)
{
	return kv_get(r->qs, r->nqs, name);
}

const char *
req_form(const req_t *r, const char *name)
{
	return kv_get(r->form, r->nform, name);
}

const char *
req_path(const req_t *r, const char *name)
{
	size_t nl = strlen(name);

	/* pnames point into the route pattern at "{name}..." */
	for (int i = 0; i < r->npath; i++)
		if (strncmp(r->pnames[i] + 1, name, nl) == 0 && r->pnames[i][nl + 1] == '}')
			return r->pvals[i];
	return NULL;
}

/* Percent-decode with libcurl; '+' becomes a space first when plus is set. */
static char *
decode(const char *s, size_t n, int plus)
{
	char *tmp = malloc(n + 1), *out = NULL, *dec;
	int len = 0;

	if (tmp == NULL)
		return NULL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (plus)
		for (char *p = tmp; *p; p++)
			if (*p == '+')
				*p = ' ';
	dec = curl_easy_unescape(NULL, tmp, (int)n, &len);
	free(tmp);
	if (dec == NULL)
		return NULL;
	/* values are C strings: an encoded NUL would silently truncate, refuse it */
	if (memchr(dec, '\0', (size_t)len) == NULL)
		out = strdup(dec);
	curl_free(dec);
	return out;
}

int
req_parse_urlencoded(const char *s, size_t len, kv_t *out, int max, int *n)
{
	const char *p = s, *end = s + len;

	*n = 0;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p)), *eq;
		const char *stop = amp ? amp : end;

		if (stop > p) {
			if (*n >= max)
				return -1;
			eq = memchr(p, '=', (size_t)(stop - p));
			out[*n].key = decode(p, (size_t)((eq ? eq : stop) - p), 1);
			out[*n].val = eq ? decode(eq + 1, (size_t)(stop - eq - 1), 1) : strdup("");
			if (out[*n].key == NULL || out[*n].val == NULL) {
				free(out[*n].key);
				free(out[*n].val);
				return -1;
			}
			(*n)++;
		}
		p = stop + 1;
	}
	return 0;
}

static int
sane_request_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > LIM_REQUEST_ID)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.:", s[i]))
			return 0;
	return 1;
}

int
req_init(req_t *r, FCGX_Request *fcgx, char **envp)
{
	const char *uri, *q, *rid;
	char *dec;
	size_t plen;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->fcgx = fcgx;
	r->envp = envp;
	buf_init(&r->headers, 16384);
	rid = req_header(r, "X-Request-Id");
	if (sane_request_id(rid))
		snprintf(r->request_id, sizeof(r->request_id), "%s", rid);
	else
		uuid_v7(r->request_id);
	r->method = req_param(r, "REQUEST_METHOD");
	if (r->method == NULL)
		r->method = "GET";
	/* REQUEST_URI is what the client sent; SCRIPT_NAME/PATH_INFO differ by server. */
	uri = req_param(r, "REQUEST_URI");
	if (uri == NULL)
		uri = "/";
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	r->query = q ? q + 1 : "";
	if (plen >= sizeof(r->path))
		return -1;
	if ((dec = decode(uri, plen, 0)) == NULL)
		return -1;
	snprintf(r->path, sizeof(r->path), "%s", dec);
	free(dec);
	if (req_parse_urlencoded(r->query, strlen(r->query), r->qs, LIM_QUERY_PARAMS, &r->nqs) < 0)
		return -2;
	return 0;
}

void
req_free(req_t *r)
{
	for (int i = 0; i < r->nqs; i++) {
		free(r->qs[i].key);
		free(r->qs[i].val);
	}
	for (int i = 0; i < r->nform; i++) {
		free(r->form[i].key);
		free(r->form[i].val);
	}
	for (int i = 0; i < r->npath; i++)
		free(r->pvals[i]);
	if (r->body) {
		explicit_bzero(r->body, r->body_len); /* bodies carry passwords */
		free(r->body);
	}
	if (r->json)
		json_object_put(r->json);
	buf_free(&r->headers);
}

const char *
req_cookie(const req_t *r, const char *name, char *out, size_t outlen)
{
	const char *c = req_param(r, "HTTP_COOKIE");
	size_t nl = strlen(name);

	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		if (strncmp(c, name, nl) == 0 && c[nl] == '=') {
			const char *v = c + nl + 1, *e = strchr(v, ';');
			size_t vl = e ? (size_t)(e - v) : strlen(v);

			if (vl >= outlen)
				return NULL;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		c = strchr(c, ';');
	}
	return NULL;
}

const char *
req_bearer(const req_t *r)
{
	const char *h = req_param(r, "HTTP_AUTHORIZATION");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF. json-c's own check lets some of these through, and PostgreSQL
 * would then refuse the text with an error instead of a 400. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

fd_err
req_parse_json(const char *s, size_t n, json_object **out, err_detail *d)
{
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error jerr;

	*out = NULL;
	if (n > (size_t)0x7fffffff)
		return err_set(d, ERR_TOO_LARGE, NULL, "body too large");
	if (!utf8_valid((const unsigned char *)s, n) || memchr(s, '\0', n))
		return err_set(d, ERR_BAD_JSON, NULL, "malformed JSON: the body is not valid UTF-8");
	if ((tok = json_tokener_new_ex(LIM_JSON_DEPTH)) == NULL)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)n);
	jerr = json_tokener_get_error(tok);
	if (o && jerr == json_tokener_success && (size_t)json_tokener_get_parse_end(tok) < n) {
		/* trailing bytes after the value: only whitespace is allowed */
		for (size_t i = json_tokener_get_parse_end(tok); i < n; i++)
			if (!isspace((unsigned char)s[i])) {
				jerr = json_tokener_error_parse_unexpected;
				break;
			}
	}
	if (o == NULL && jerr == json_tokener_continue)
		jerr = json_tokener_error_parse_eof;
	json_tokener_free(tok);
	if (jerr != json_tokener_success) {
		if (o)
			json_object_put(o);
		return err_set(d, ERR_BAD_JSON, NULL, "malformed JSON: %s",
		    json_tokener_error_desc(jerr));
	}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return err_set(d, ERR_BAD_JSON, NULL, "the body must be a JSON object");
	}
	*out = o;
	return OK;
}

static int
ctype_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

fd_err
req_read_body(req_t *r, int want_form)
{
	const char *cl = req_param(r, "CONTENT_LENGTH"), *ct = req_param(r, "CONTENT_TYPE");
	size_t max = g_config.body_max ? g_config.body_max : LIM_BODY_MAX, len = 0;
	char *end;

	if (cl && *cl) {
		unsigned long long v;

		errno = 0;
		v = strtoull(cl, &end, 10);
		if (errno || *end)
			return err_set(&r->err, ERR_VALIDATION, NULL, "invalid Content-Length");
		if (v > max)
			return err_set(&r->err, ERR_TOO_LARGE, NULL, "body larger than %zu bytes", max);
		len = (size_t)v;
	}
	if (len == 0)
		return OK;
	if (want_form ? !ctype_is(ct, "application/x-www-form-urlencoded")
	    : !ctype_is(ct, "application/json"))
		return err_set(&r->err, ERR_MEDIA_TYPE, NULL, "Content-Type must be %s",
		    want_form ? "application/x-www-form-urlencoded" : "application/json");
	if ((r->body = malloc(len + 1)) == NULL)
		return err_set(&r->err, ERR_INTERNAL, NULL, "internal error");
	if (r->fcgx) {
		int got = FCGX_GetStr(r->body, (int)len, r->fcgx->in);

		if (got < 0 || (size_t)got != len) {
			r->body_len = got > 0 ? (size_t)got : 0;
			return err_set(&r->err, ERR_VALIDATION, NULL, "body shorter than Content-Length");
		}
	}
	r->body_len = len;
	r->body[len] = '\0';
	if (want_form) {
		if (req_parse_urlencoded(r->body, len, r->form, LIM_QUERY_PARAMS, &r->nform) < 0)
			return err_set(&r->err, ERR_VALIDATION, NULL, "malformed or oversized form body");
		return OK;
	}
	return req_parse_json(r->body, len, &r->json, &r->err);
}

void
req_add_header(req_t *r, const char *name, const char *value)
{
	/* header values never carry CR/LF: they come from code, not input, but be sure */
	if (strpbrk(name, "\r\n") || strpbrk(value, "\r\n"))
		return;
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
}
