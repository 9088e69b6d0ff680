#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <criterion/criterion.h>

#include "http.h"

#define TEST_PASSWORD "correct-horse-battery"

const char *
admin_key(void)
{
	const char *k = getenv("FD_ADMIN_KEY");

	cr_assert(k != NULL, "FD_ADMIN_KEY not set: run through scripts/test.sh");
	return k;
}

const char *
state_dir(void)
{
	const char *s = getenv("FD_STATE");

	return s ? s : "";
}

static size_t
collect(char *p, size_t sz, size_t n, void *ud)
{
	http_resp *r = ud;
	size_t add = sz * n;
	char *nb = realloc(r->body, r->len + add + 1);

	if (nb == NULL)
		return 0;
	r->body = nb;
	memcpy(r->body + r->len, p, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static size_t
collect_hdr(char *p, size_t sz, size_t n, void *ud)
{
	char **h = ud;
	size_t old = *h ? strlen(*h) : 0, add = sz * n;
	char *nb = realloc(*h, old + add + 1);

	if (nb == NULL)
		return 0;
	memcpy(nb + old, p, add);
	nb[old + add] = '\0';
	*h = nb;
	return add;
}

http_resp *
http_hdr(const char *method, const char *path, const char *const *headers, const char *body)
{
	const char *base = getenv("FD_BASE_URL");
	http_resp *r = calloc(1, sizeof(*r));
	struct curl_slist *hl = NULL;
	char url[4096];
	CURL *c = curl_easy_init();

	cr_assert(base != NULL, "FD_BASE_URL not set: run through scripts/test.sh");
	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_hdr);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	for (int i = 0; headers && headers[i]; i++)
		hl = curl_slist_append(hl, headers[i]);
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else if (strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
	    strcmp(method, "PUT") == 0) {
		/* what real clients send for an empty body */
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	if (r->body && r->len && (r->body[0] == '{' || r->body[0] == '['))
		r->json = json_tokener_parse(r->body);
	return r;
}

http_resp *
http(const char *method, const char *path, const char *token, const char *ctype, const char *body)
{
	char auth[1024], ct[256];
	const char *h[3] = {NULL, NULL, NULL};
	int n = 0;

	if (token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h[n++] = auth;
	}
	if (ctype) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
		h[n++] = ct;
	}
	return http_hdr(method, path, h, body);
}

http_resp *
http_json(const char *method, const char *path, const char *token, const char *fmt, ...)
{
	char *body = NULL;
	http_resp *r;

	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		cr_assert(vasprintf(&body, fmt, ap) >= 0);
		va_end(ap);
	}
	r = http(method, path, token, body ? "application/json" : NULL, body);
	free(body);
	return r;
}

void
http_free(http_resp *r)
{
	if (r == NULL)
		return;
	if (r->json)
		json_object_put(r->json);
	free(r->body);
	free(r->headers);
	free(r);
}

const char *
resp_header(const http_resp *r, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);

	for (const char *p = r->headers; p && *p;) {
		const char *e = strstr(p, "\r\n");
		size_t ll = e ? (size_t)(e - p) : strlen(p);

		if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ')
				v++;
			snprintf(out, outlen, "%.*s", (int)(ll - (size_t)(v - p)), v);
			return out;
		}
		if (e == NULL)
			break;
		p = e + 2;
	}
	return NULL;
}

static json_object *
jget(const http_resp *r, const char *path)
{
	json_object *o = r->json;
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save)) {
		json_object *next = NULL;

		if (json_object_is_type(o, json_type_array))
			next = json_object_array_get_idx(o, (size_t)atoi(tok));
		else if (!json_object_object_get_ex(o, tok, &next))
			return NULL;
		o = next;
	}
	return o;
}

const char *
jstr(const http_resp *r, const char *path)
{
	json_object *o = jget(r, path);

	return o && json_object_is_type(o, json_type_string) ? json_object_get_string(o) : NULL;
}

long long
jint(const http_resp *r, const char *path)
{
	json_object *o = jget(r, path);

	return o ? json_object_get_int64(o) : -1;
}

int
jnull(const http_resp *r, const char *path)
{
	json_object *o = r->json;
	char buf[256], *save = NULL, *tok, *last = NULL;

	/* present and null: the parent has the key and the value is NULL */
	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		json_object *next = NULL;

		last = tok;
		if (o == NULL || !json_object_object_get_ex(o, tok, &next))
			return 0;
		o = next;
	}
	return last && o == NULL;
}

int
is_error(const http_resp *r, const char *code, const char *field)
{
	const char *c = jstr(r, "error.code"), *rid = jstr(r, "error.request_id");

	if (c == NULL || strcmp(c, code) != 0 || rid == NULL || jstr(r, "error.message") == NULL)
		return 0;
	if (field) {
		const char *f = jstr(r, "error.field");

		return f && strcmp(f, field) == 0;
	}
	return 1;
}

void
uniq(char *out, size_t len)
{
	static unsigned counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, len, "t%lx%x%x", (unsigned long)ts.tv_nsec ^ (unsigned long)ts.tv_sec,
	    (unsigned)getpid(), counter++);
}

char *
mk_tenant(const char *prefix)
{
	char u[64], handle[128];
	http_resp *r;
	char *id;

	uniq(u, sizeof(u));
	snprintf(handle, sizeof(handle), "%s-%s", prefix, u);
	r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"%s business\", \"handle\": \"%s\"}", prefix, handle);
	cr_assert_eq(r->status, 201, "create tenant: %ld %s", r->status, r->body);
	id = strdup(jstr(r, "id"));
	http_free(r);
	return id;
}

char *
mk_apikey(const char *tenant_id, const char *token)
{
	char path[256];
	http_resp *r;
	char *key;

	snprintf(path, sizeof(path), "/api/v1/tenants/%s/api-keys", tenant_id);
	r = http_json("POST", path, token ? token : admin_key(), "{\"label\": \"test\"}");
	cr_assert_eq(r->status, 201, "create key: %ld %s", r->status, r->body);
	key = strdup(jstr(r, "key"));
	http_free(r);
	return key;
}

char *
mk_user(const char *tenant_id, const char *token, const char *role, char **email_out)
{
	char path[256], u[64], email[128];
	http_resp *r;
	char *id;

	uniq(u, sizeof(u));
	snprintf(email, sizeof(email), "%s@%s.example", role, u);
	snprintf(path, sizeof(path), "/api/v1/tenants/%s/users", tenant_id);
	r = http_json("POST", path, token ? token : admin_key(),
	    "{\"email\": \"%s\", \"password\": \"" TEST_PASSWORD "\", \"role\": \"%s\"}", email, role);
	cr_assert_eq(r->status, 201, "create user: %ld %s", r->status, r->body);
	id = strdup(jstr(r, "id"));
	if (email_out)
		*email_out = strdup(email);
	http_free(r);
	return id;
}

char *
login(const char *email, const char *password)
{
	http_resp *r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"%s\", \"password\": \"%s\"}", email, password ? password : TEST_PASSWORD);
	char *tok;

	cr_assert_eq(r->status, 200, "login: %ld %s", r->status, r->body);
	tok = strdup(jstr(r, "token"));
	http_free(r);
	return tok;
}

char *
pathf(const char *fmt, ...)
{
	char *p = NULL;
	va_list ap;

	va_start(ap, fmt);
	cr_assert(vasprintf(&p, fmt, ap) > 0);
	va_end(ap);
	return p;
}

/* ---- the public chat ---- */

char *
tenant_handle(const char *tenant_id)
{
	char *p = pathf("/api/v1/tenants/%s", tenant_id), *h;
	http_resp *r = http("GET", p, admin_key(), NULL, NULL);

	cr_assert_eq(r->status, 200, "%s", r->body);
	h = strdup(jstr(r, "handle"));
	http_free(r);
	free(p);
	return h;
}

void
uniq_ip(char *out, size_t len)
{
	unsigned char b[3];
	FILE *f = fopen("/dev/urandom", "rb");

	cr_assert(f && fread(b, 1, 3, f) == 3);
	fclose(f);
	snprintf(out, len, "10.%u.%u.%u", b[0], b[1], b[2]);
}

char *
chat_start(const char *handle, const char *ip, char **token)
{
	char xff[96], *body, *id;
	const char *h[] = {"Content-Type: application/json", xff, NULL};
	http_resp *r;

	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", ip);
	cr_assert(asprintf(&body, "{\"workspace_handle\": \"%s\"}", handle) > 0);
	r = http_hdr("POST", "/api/v1/public/conversations", h, body);
	free(body);
	cr_assert_eq(r->status, 201, "start chat: %ld %s", r->status, r->body);
	id = strdup(jstr(r, "conversation_id"));
	*token = strdup(jstr(r, "token"));
	http_free(r);
	return id;
}

http_resp *
chat_say(const char *conv, const char *token, const char *text, const char *key)
{
	char *p = pathf("/api/v1/public/conversations/%s/messages", conv);
	json_object *o = json_object_new_object();
	http_resp *r;

	json_object_object_add(o, "content", json_object_new_string(text));
	if (key)
		json_object_object_add(o, "idempotency_key", json_object_new_string(key));
	r = http("POST", p, token, "application/json", json_object_to_json_string(o));
	json_object_put(o);
	free(p);
	return r;
}

json_object *
sse_events(const char *body)
{
	json_object *out = json_object_new_array(), *ev = NULL;
	const char *p = body ? body : "";

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, n);

		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0) {
			if (ev)
				json_object_array_add(out, ev);
			ev = NULL;
		} else if (line[0] != ':') {
			char *colon = strchr(line, ':');
			const char *val = "";

			if (colon) {
				*colon = '\0';
				val = colon[1] == ' ' ? colon + 2 : colon + 1;
			}
			if (strcmp(line, "retry") != 0) {
				if (ev == NULL)
					ev = json_object_new_object();
				if (strcmp(line, "data") == 0) {
					json_object *d = json_tokener_parse(val);

					json_object_object_add(ev, "data", d ? d : json_object_new_string(val));
				} else
					json_object_object_add(ev, line, json_object_new_string(val));
			}
		}
		free(line);
		if (!e)
			break;
		p = e + 1;
	}
	if (ev)
		json_object_array_add(out, ev);
	return out;
}
