/* The service as a client first meets it: index, health, routing, errors,
 * request ids, body and content-type limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "http.h"

Test(basics, index_names_service_and_links)
{
	http_resp *r = http("GET", "/", NULL, NULL, NULL);

	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "name"), "frontdesk");
	cr_assert(jstr(r, "version") != NULL);
	cr_assert_str_eq(jstr(r, "links.health"), "/healthz");
	http_free(r);
}

Test(basics, healthz_reports_config_and_database)
{
	http_resp *r = http("GET", "/healthz", NULL, NULL, NULL);
	char ct[128];

	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "status"), "ok");
	cr_assert(jstr(r, "database.schema_version") != NULL);
	cr_assert(jstr(r, "database.backend") != NULL);
	cr_assert_str_eq(resp_header(r, "Content-Type", ct, sizeof(ct)), "application/json");
	http_free(r);
}

Test(basics, unknown_path_is_404_in_error_shape)
{
	http_resp *r = http("GET", "/api/v1/nope", NULL, NULL, NULL);

	cr_assert_eq(r->status, 404);
	cr_assert(is_error(r, "not_found", NULL), "%s", r->body);
	cr_assert(jnull(r, "error.field"));
	http_free(r);
}

Test(basics, wrong_method_is_405_with_allow)
{
	http_resp *r = http("PUT", "/api/v1/tenants", admin_key(), NULL, NULL);
	char allow[128];

	cr_assert_eq(r->status, 405);
	cr_assert(is_error(r, "method_not_allowed", NULL));
	cr_assert(resp_header(r, "Allow", allow, sizeof(allow)) != NULL);
	cr_assert(strstr(allow, "GET") && strstr(allow, "POST"), "Allow: %s", allow);
	http_free(r);

	r = http("DELETE", "/healthz", NULL, NULL, NULL);
	cr_assert_eq(r->status, 405);
	cr_assert_str_eq(resp_header(r, "Allow", allow, sizeof(allow)), "GET");
	http_free(r);
}

Test(basics, request_id_echoed_when_sane_and_made_otherwise)
{
	const char *h1[] = {"X-Request-Id: client-abc.123", NULL};
	const char *h2[] = {"X-Request-Id: has spaces and <tags>", NULL};
	char v[128];
	http_resp *r = http_hdr("GET", "/healthz", h1, NULL);

	cr_assert_str_eq(resp_header(r, "X-Request-Id", v, sizeof(v)), "client-abc.123");
	http_free(r);
	r = http_hdr("GET", "/api/v1/nope", h2, NULL);
	cr_assert(resp_header(r, "X-Request-Id", v, sizeof(v)) != NULL);
	cr_assert(strchr(v, ' ') == NULL && strlen(v) == 36, "made id: %s", v);
	cr_assert_str_eq(jstr(r, "error.request_id"), v);
	http_free(r);
}

Test(basics, request_is_logged_as_one_json_line)
{
	const char *h[] = {"X-Request-Id: log-probe-7781", NULL};
	char path[1024], line[4096];
	FILE *f;
	int found = 0;
	http_resp *r = http_hdr("GET", "/healthz", h, NULL);

	http_free(r);
	snprintf(path, sizeof(path), "%s/log/frontdesk.log", state_dir());
	f = fopen(path, "r");
	cr_assert(f != NULL, "no log at %s", path);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "\"request_id\":\"log-probe-7781\"")) {
			found = 1;
			cr_assert(strstr(line, "\"method\":\"GET\""));
			cr_assert(strstr(line, "\"route\":\"/healthz\""));
			cr_assert(strstr(line, "\"status\":200"));
			cr_assert(strstr(line, "\"duration_ms\":"));
			cr_assert(strstr(line, "\"time\":"));
			cr_assert(strstr(line, "\"level\":\"info\""));
			cr_assert(strstr(line, "\"tenant_id\":"));
		}
	fclose(f);
	cr_assert(found, "request line not logged");
}

Test(basics, oversize_body_is_413)
{
	size_t n = 2 * 1024 * 1024;
	char *big = malloc(n + 1);
	http_resp *r;

	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json", big);
	cr_assert_eq(r->status, 413, "%ld", r->status);
	cr_assert(is_error(r, "payload_too_large", NULL));
	free(big);
	http_free(r);
}

Test(basics, malformed_json_is_400)
{
	const char *bad[] = {"{\"name\":", "{name: 1}", "[1,2]", "\"str\"", "{\"a\":1} trailing",
	    "{\"a\":\"\xff\xfe\"}", "{\"name\":\"\xc0\xaf\"}", "{\"name\":\"\xed\xa0\x80\"}",
	    "{\"name\":\"\xf4\x90\x80\x80\"}", NULL};

	for (int i = 0; bad[i]; i++) {
		http_resp *r = http("POST", "/api/v1/tenants", admin_key(), "application/json", bad[i]);

		cr_assert_eq(r->status, 400, "body %d: %ld", i, r->status);
		cr_assert(is_error(r, "malformed_json", NULL), "%s", r->body);
		http_free(r);
	}
}

Test(basics, deep_json_is_rejected)
{
	char body[256];
	http_resp *r;
	int o = 0;

	o += snprintf(body + o, sizeof(body) - (size_t)o, "{\"name\":");
	for (int i = 0; i < 40; i++)
		body[o++] = '[';
	for (int i = 0; i < 40; i++)
		body[o++] = ']';
	snprintf(body + o, sizeof(body) - (size_t)o, "}");
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json", body);
	cr_assert_eq(r->status, 400);
	http_free(r);
}

Test(basics, wrong_content_type_is_415)
{
	http_resp *r = http("POST", "/api/v1/tenants", admin_key(), "text/plain", "{\"name\":\"x\"}");

	cr_assert_eq(r->status, 415);
	cr_assert(is_error(r, "unsupported_media_type", NULL));
	http_free(r);
	r = http("POST", "/api/v1/tenants", admin_key(), "application/x-www-form-urlencoded",
	    "name=x");
	cr_assert_eq(r->status, 415);
	http_free(r);
	/* parameters on the media type are fine */
	r = http("POST", "/api/v1/tenants", admin_key(), "application/json; charset=utf-8",
	    "{\"name\": \"Charset Param Co\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
}

Test(basics, no_or_bad_credential_is_401)
{
	http_resp *r = http("GET", "/api/v1/tenants", NULL, NULL, NULL);
	char v[64];

	cr_assert_eq(r->status, 401);
	cr_assert(is_error(r, "unauthorized", NULL));
	cr_assert(resp_header(r, "WWW-Authenticate", v, sizeof(v)) != NULL);
	http_free(r);
	const char *bad[] = {"nonsense", "fdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "fds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "' OR 1=1 --", NULL};
	for (int i = 0; bad[i]; i++) {
		r = http("GET", "/api/v1/me", bad[i], NULL, NULL);
		cr_assert_eq(r->status, 401, "%s -> %ld", bad[i], r->status);
		http_free(r);
	}
	const char *basic[] = {"Authorization: Basic YWRtaW46YWRtaW4=", NULL};
	r = http_hdr("GET", "/api/v1/me", basic, NULL);
	cr_assert_eq(r->status, 401);
	http_free(r);
}

Test(basics, query_limits_validated)
{
	http_resp *r = http("GET", "/api/v1/tenants?limit=0", admin_key(), NULL, NULL);

	cr_assert_eq(r->status, 400);
	cr_assert(is_error(r, "validation_failed", "limit"));
	http_free(r);
	r = http("GET", "/api/v1/tenants?limit=201", admin_key(), NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "limit"));
	http_free(r);
	r = http("GET", "/api/v1/tenants?limit=abc", admin_key(), NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "limit"));
	http_free(r);
	r = http("GET", "/api/v1/tenants?cursor=not-a-cursor", admin_key(), NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "cursor"));
	http_free(r);
}
