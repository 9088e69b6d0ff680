/* templates/openapi.json against fcgi/routes.c, both ways: every route is
 * documented, every documented operation is a route, and each operation
 * says what a client needs (responses, security, path parameters). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <criterion/criterion.h>
#include <json-c/json.h>

#include "../../fcgi/router.h"
#include "../../lib/buf.h"
#include "../../lib/templates.h"

static const char *const http_methods[] = {"get", "put", "post", "delete", "options", "head",
    "patch", "trace", NULL};

static json_object *
load_doc(void)
{
	json_object *doc = json_tokener_parse(template_openapi_json);

	cr_assert_not_null(doc, "templates/openapi.json is not valid JSON");
	cr_assert(json_object_is_type(doc, json_type_object));
	return doc;
}

static void
lower(const char *in, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

/* paths[pattern][method], or NULL */
static json_object *
operation(json_object *doc, const char *pattern, const char *method)
{
	json_object *paths, *item, *op;
	char m[16];

	lower(method, m, sizeof(m));
	if (!json_object_object_get_ex(doc, "paths", &paths) ||
	    !json_object_object_get_ex(paths, pattern, &item) ||
	    !json_object_object_get_ex(item, m, &op))
		return NULL;
	return op;
}

/* Resolve a local "#/a/b" reference (JSON Pointer, ~0 and ~1 unescaped). */
static json_object *
resolve(json_object *doc, const char *ref)
{
	json_object *cur = doc;
	char tok[256];

	if (strncmp(ref, "#/", 2) != 0)
		return NULL;
	for (const char *p = ref + 2; cur && *p;) {
		size_t n = 0;

		while (*p && *p != '/' && n + 1 < sizeof(tok)) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
				tok[n++] = p[1] == '0' ? '~' : '/';
				p += 2;
			} else
				tok[n++] = *p++;
		}
		tok[n] = '\0';
		if (*p == '/')
			p++;
		if (!json_object_object_get_ex(cur, tok, &cur))
			return NULL;
	}
	return cur;
}

static json_object *
deref(json_object *doc, json_object *o)
{
	json_object *ref;

	if (o && json_object_object_get_ex(o, "$ref", &ref))
		return resolve(doc, json_object_get_string(ref));
	return o;
}

static const struct route *
find_route(const char *method, const char *pattern)
{
	for (const struct route *rt = routes; rt->method; rt++)
		if (strcasecmp(rt->method, method) == 0 && strcmp(rt->pattern, pattern) == 0)
			return rt;
	return NULL;
}

Test(openapi, is_openapi_3_1)
{
	json_object *doc = load_doc(), *v;

	cr_assert(json_object_object_get_ex(doc, "openapi", &v));
	cr_assert(strncmp(json_object_get_string(v), "3.1.", 4) == 0, "openapi: %s",
	    json_object_get_string(v));
	cr_assert(json_object_object_get_ex(doc, "info", &v));
	cr_assert_not_null(resolve(doc, "#/components/securitySchemes/bearerAuth"));
	cr_assert_not_null(resolve(doc, "#/components/schemas/Error"));
	json_object_put(doc);
}

Test(openapi, every_route_is_documented)
{
	json_object *doc = load_doc();
	buf_t missing;
	int n = 0;

	buf_init(&missing, 0);
	for (const struct route *rt = routes; rt->method; rt++)
		if (operation(doc, rt->pattern, rt->method) == NULL) {
			buf_printf(&missing, "\n  %s %s", rt->method, rt->pattern);
			n++;
		}
	cr_expect_eq(n, 0, "routes in fcgi/routes.c missing from templates/openapi.json:%s",
	    missing.data ? missing.data : "");
	buf_free(&missing);
	json_object_put(doc);
}

Test(openapi, every_documented_operation_is_a_route)
{
	json_object *doc = load_doc(), *paths;
	buf_t extra;
	int n = 0;

	buf_init(&extra, 0);
	cr_assert(json_object_object_get_ex(doc, "paths", &paths));
	json_object_object_foreach(paths, path, item) {
		int ops = 0;

		json_object_object_foreach(item, key, val) {
			char up[16];
			int known = 0;

			(void)val;
			for (int i = 0; http_methods[i]; i++)
				known |= strcmp(http_methods[i], key) == 0;
			if (!known)
				continue;   /* parameters, summary, description, servers */
			ops++;
			for (size_t i = 0; i < sizeof(up); i++)
				if ((up[i] = (char)toupper((unsigned char)key[i])) == '\0')
					break;
			if (find_route(up, path) == NULL) {
				buf_printf(&extra, "\n  %s %s", up, path);
				n++;
			}
		}
		cr_expect_gt(ops, 0, "path %s has no operation", path);
	}
	cr_expect_eq(n, 0, "operations in templates/openapi.json missing from fcgi/routes.c:%s",
	    extra.data ? extra.data : "");
	buf_free(&extra);
	json_object_put(doc);
}

/* Does the operation's security list an alternative that uses bearerAuth? */
static int
has_bearer(json_object *sec)
{
	if (sec == NULL || !json_object_is_type(sec, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(sec); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(sec, i), "bearerAuth", NULL))
			return 1;
	return 0;
}

/* Is {name} declared as a path parameter of the operation (or its path item)? */
static int
has_path_param(json_object *doc, json_object *item, json_object *op, const char *name)
{
	json_object *lists[2] = {NULL, NULL};

	json_object_object_get_ex(op, "parameters", &lists[0]);
	json_object_object_get_ex(item, "parameters", &lists[1]);
	for (int l = 0; l < 2; l++) {
		if (lists[l] == NULL)
			continue;
		for (size_t i = 0; i < json_object_array_length(lists[l]); i++) {
			json_object *p = deref(doc, json_object_array_get_idx(lists[l], i)), *in, *nm, *req;

			if (p && json_object_object_get_ex(p, "in", &in) &&
			    json_object_object_get_ex(p, "name", &nm) &&
			    json_object_object_get_ex(p, "required", &req) &&
			    strcmp(json_object_get_string(in), "path") == 0 &&
			    strcmp(json_object_get_string(nm), name) == 0 && json_object_get_boolean(req))
				return 1;
		}
	}
	return 0;
}

Test(openapi, operations_say_what_a_client_needs)
{
	json_object *doc = load_doc(), *paths, *ids = json_object_new_object();

	cr_assert(json_object_object_get_ex(doc, "paths", &paths));
	for (const struct route *rt = routes; rt->method; rt++) {
		json_object *op = operation(doc, rt->pattern, rt->method), *item, *v, *resp, *sec = NULL;
		const char *id;

		if (op == NULL)
			continue;   /* every_route_is_documented says so */
		json_object_object_get_ex(paths, rt->pattern, &item);
		cr_expect(json_object_object_get_ex(op, "operationId", &v), "%s %s: no operationId",
		    rt->method, rt->pattern);
		if (v) {
			id = json_object_get_string(v);
			cr_expect(!json_object_object_get_ex(ids, id, NULL), "operationId %s used twice", id);
			json_object_object_add(ids, id, NULL);
		}
		cr_expect(json_object_object_get_ex(op, "summary", &v) &&
		    strcmp(json_object_get_string(v), rt->summary) == 0,
		    "%s %s: summary is not the route table's \"%s\"", rt->method, rt->pattern,
		    rt->summary);
		cr_expect(json_object_object_get_ex(op, "tags", &v) && json_object_array_length(v) > 0,
		    "%s %s: no tags", rt->method, rt->pattern);
		cr_expect(json_object_object_get_ex(op, "responses", &resp) &&
		    json_object_object_length(resp) > 0, "%s %s: no responses", rt->method, rt->pattern);
		if (resp == NULL)
			continue;
		json_object_object_get_ex(op, "security", &sec);
		if (rt->auth == AUTH_NONE)
			cr_expect(sec && json_object_is_type(sec, json_type_array) &&
			    json_object_array_length(sec) == 0, "%s %s is public: security must be []",
			    rt->method, rt->pattern);
		else {
			cr_expect(has_bearer(sec), "%s %s: no bearerAuth security", rt->method, rt->pattern);
			cr_expect(json_object_object_get_ex(resp, "401", NULL), "%s %s: no 401 response",
			    rt->method, rt->pattern);
		}
		if (strstr(rt->pattern, "{tenant_id}"))
			cr_expect(json_object_object_get_ex(resp, "404", NULL), "%s %s: no 404 response",
			    rt->method, rt->pattern);
		if (strcmp(rt->method, "DELETE") == 0)
			cr_expect(json_object_object_get_ex(resp, "204", NULL), "%s %s: no 204 response",
			    rt->method, rt->pattern);
		/* a route that reads a body documents it, and one that does not, does not */
		cr_expect_eq(json_object_object_get_ex(op, "requestBody", NULL), rt->body != BODY_NONE,
		    "%s %s: requestBody does not match the route's body kind", rt->method, rt->pattern);
		/* every {param} of the pattern is a required path parameter */
		for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
			char name[64];
			size_t n = strcspn(p + 1, "}");

			cr_assert_lt(n, sizeof(name));
			memcpy(name, p + 1, n);
			name[n] = '\0';
			cr_expect(has_path_param(doc, item, op, name), "%s %s: path parameter %s missing",
			    rt->method, rt->pattern, name);
		}
	}
	json_object_put(ids);
	json_object_put(doc);
}

/* Walk the document: every local $ref must point at something. */
static void
check_refs(json_object *doc, json_object *o, int *bad, buf_t *which)
{
	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			check_refs(doc, json_object_array_get_idx(o, i), bad, which);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, k, v) {
		if (strcmp(k, "$ref") == 0 && json_object_is_type(v, json_type_string)) {
			if (resolve(doc, json_object_get_string(v)) == NULL) {
				buf_printf(which, "\n  %s", json_object_get_string(v));
				(*bad)++;
			}
		} else if (v)
			check_refs(doc, v, bad, which);
	}
}

Test(openapi, references_resolve)
{
	json_object *doc = load_doc();
	buf_t which;
	int bad = 0;

	buf_init(&which, 0);
	check_refs(doc, doc, &bad, &which);
	cr_expect_eq(bad, 0, "dangling $ref:%s", which.data ? which.data : "");
	buf_free(&which);
	json_object_put(doc);
}
