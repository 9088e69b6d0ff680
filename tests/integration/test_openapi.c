/* The OpenAPI document and the docs page, through the web server. */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "http.h"
#include "../../lib/templates.h"

Test(openapi, document_is_served_publicly_as_openapi_3_1)
{
	http_resp *r = http("GET", "/api/v1/openapi.json", NULL, NULL, NULL);
	json_object *paths = NULL;
	const char *v;
	char ct[128];

	cr_assert_eq(r->status, 200, "%s", r->body ? r->body : "");
	cr_assert_str_eq(resp_header(r, "Content-Type", ct, sizeof(ct)), "application/json");
	cr_assert_not_null(r->json, "the body is not JSON");
	v = jstr(r, "openapi");
	cr_assert(v && strncmp(v, "3.1.", 4) == 0, "openapi: %s", v ? v : "(none)");
	cr_assert(json_object_object_get_ex(r->json, "paths", &paths));
	cr_assert(json_object_object_get_ex(paths, "/api/v1/openapi.json", NULL));
	/* exactly the document embedded from templates/openapi.json */
	cr_assert_eq(r->len, strlen(template_openapi_json));
	cr_assert(memcmp(r->body, template_openapi_json, r->len) == 0);
	http_free(r);
}

Test(openapi, docs_page_is_static_and_loads_swagger_ui)
{
	http_resp *r = http("GET", "/docs/", NULL, NULL, NULL);
	char v[256];

	cr_assert_eq(r->status, 200);
	cr_assert(strncmp(resp_header(r, "Content-Type", v, sizeof(v)), "text/html", 9) == 0, "%s", v);
	cr_assert(strstr(r->body, "vendor/swagger-ui-bundle.js") != NULL);
	cr_assert(strstr(r->body, "/api/v1/openapi.json") != NULL);
	http_free(r);

	/* without the slash: the web server redirects to the directory */
	r = http("GET", "/docs", NULL, NULL, NULL);
	cr_assert(r->status == 301 || r->status == 302 || r->status == 200, "status %ld", r->status);
	if (r->status != 200) {
		cr_assert_not_null(resp_header(r, "Location", v, sizeof(v)));
		cr_assert(strlen(v) >= 6 && strcmp(v + strlen(v) - 6, "/docs/") == 0, "Location: %s", v);
	}
	http_free(r);

	/* Swagger UI itself, installed by scripts/deps.sh */
	r = http("GET", "/docs/vendor/swagger-ui-bundle.js", NULL, NULL, NULL);
	cr_assert_eq(r->status, 200, "public/docs/vendor/ missing: run scripts/deps.sh");
	cr_assert_gt(r->len, 100000);
	http_free(r);
	r = http("GET", "/docs/vendor/swagger-ui.css", NULL, NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);
}
