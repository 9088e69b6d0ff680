/* fcgi/router.c: pattern matching, and matching over the real route table. */
#include <string.h>

#include "unit.h"
#include "../../fcgi/router.h"

static int
match(const char *pattern, const char *path, const char **names, char **vals, int *n)
{
	for (int i = 0; i < LIM_PATH_PARAMS; i++) {
		names[i] = NULL;
		vals[i] = NULL;
	}
	return router_match_pattern(pattern, path, names, vals, n);
}

static void
free_vals(char **vals, int n)
{
	for (int i = 0; i < n; i++)
		free(vals[i]);
}

UTEST(router, literal_patterns)
{
	const char *names[LIM_PATH_PARAMS];
	char *vals[LIM_PATH_PARAMS];
	int n = -1;

	cr_assert(match("/", "/", names, vals, &n));
	cr_assert_eq(n, 0);
	cr_assert(match("/healthz", "/healthz", names, vals, &n));
	cr_assert(match("/healthz", "/healthz/", names, vals, &n), "one trailing slash is allowed");
	cr_assert_not(match("/healthz", "/healthz//", names, vals, &n));
	cr_assert_not(match("/healthz", "/healthzx", names, vals, &n));
	cr_assert_not(match("/healthz", "/health", names, vals, &n));
	cr_assert_not(match("/healthz", "/HEALTHZ", names, vals, &n), "case-sensitive");
	cr_assert_not(match("/healthz", "healthz", names, vals, &n), "paths start with '/'");
	cr_assert_not(match("/healthz", "", names, vals, &n));
	cr_assert_not(match("/", "", names, vals, &n));
	cr_assert_not(match("/", "/x", names, vals, &n));
	cr_assert_not(match("/a/b", "/a", names, vals, &n), "fewer segments");
	cr_assert_not(match("/a", "/a/b", names, vals, &n), "more segments");
	cr_assert_not(match("/a/b", "/a//b", names, vals, &n));
	cr_assert_eq(n, 0);
}

UTEST(router, params)
{
	const char *names[LIM_PATH_PARAMS];
	char *vals[LIM_PATH_PARAMS];
	int n = -1;
	static const char pat[] = "/api/v1/tenants/{tenant_id}/users/{user_id}";

	cr_assert(match(pat, "/api/v1/tenants/T-1/users/U 2", names, vals, &n));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(vals[0], "T-1");
	cr_assert_str_eq(vals[1], "U 2");
	cr_assert_eq(names[0], strstr(pat, "{tenant_id}"), "names point into the pattern");
	cr_assert_eq(names[1], strstr(pat, "{user_id}"));
	free_vals(vals, n);

	cr_assert(match(pat, "/api/v1/tenants/a/users/b/", names, vals, &n), "trailing slash");
	cr_assert_eq(n, 2);
	cr_assert_str_eq(vals[1], "b");
	free_vals(vals, n);
}

UTEST(router, param_mismatches_free_everything)
{
	const char *names[LIM_PATH_PARAMS];
	char *vals[LIM_PATH_PARAMS];
	int n = -1;
	static const char pat[] = "/t/{a}/u/{b}";

	/* each fails after the first parameter was captured: nothing may leak */
	cr_assert_not(match(pat, "/t/1/u", names, vals, &n));
	cr_assert_eq(n, 0);
	cr_assert_null(vals[0], "freed and cleared");
	cr_assert_not(match(pat, "/t/1/x/2", names, vals, &n));
	cr_assert_not(match(pat, "/t/1/u/2/extra", names, vals, &n));
	cr_assert_not(match(pat, "/t/1/u/", names, vals, &n), "an empty segment is no value");
	cr_assert_not(match(pat, "/t//u/2", names, vals, &n));
	cr_assert_not(match(pat, "/t/1/u//", names, vals, &n));
	cr_assert_eq(n, 0);
	cr_assert_null(vals[0]);
}

UTEST(router, param_limit)
{
	const char *names[LIM_PATH_PARAMS];
	char *vals[LIM_PATH_PARAMS];
	char pat[256] = "", path[256] = "";
	int n = -1;

	for (int i = 0; i < LIM_PATH_PARAMS; i++) {
		snprintf(pat + strlen(pat), sizeof(pat) - strlen(pat), "/{p%d}", i);
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "/v%d", i);
	}
	cr_assert(match(pat, path, names, vals, &n));
	cr_assert_eq(n, LIM_PATH_PARAMS);
	cr_assert_str_eq(vals[LIM_PATH_PARAMS - 1], "v7");
	free_vals(vals, n);

	strcat(pat, "/{one_more}");
	strcat(path, "/x");
	cr_assert_not(match(pat, path, names, vals, &n), "never more than LIM_PATH_PARAMS");
	cr_assert_eq(n, 0);
}

UTEST(router, braces_need_two_chars)
{
	const char *names[LIM_PATH_PARAMS];
	char *vals[LIM_PATH_PARAMS];
	int n = -1;

	/* "{" and "}" alone are literal segments */
	cr_assert(match("/a/{", "/a/{", names, vals, &n));
	cr_assert_eq(n, 0);
	cr_assert_not(match("/a/{", "/a/x", names, vals, &n));
	cr_assert(match("/a/{}", "/a/x", names, vals, &n), "an unnamed parameter still matches");
	cr_assert_eq(n, 1);
	free_vals(vals, n);
}

/* ---- router_match over the real table ---- */

/* Params live in static storage: the request points into them. */
static char m_param[32], u_param[512];
static char *params_env[] = {m_param, u_param, NULL};

static const struct route *
route_for(req_t *r, const char *method, const char *uri, int *status, char *allow,
    size_t allowlen)
{
	snprintf(m_param, sizeof(m_param), "REQUEST_METHOD=%s", method);
	snprintf(u_param, sizeof(u_param), "REQUEST_URI=%s", uri);
	cr_assert_eq(req_init(r, NULL, params_env), 0);
	cr_assert_str_eq(r->method, method);
	*status = 0;
	return router_match(r, status, allow, allowlen);
}

UTEST(router, match_unknown_path_is_404)
{
	char allow[128];
	int status;
	req_t r;

	cr_assert_null(route_for(&r, "GET", "/nope", &status, allow, sizeof(allow)));
	cr_assert_eq(status, 404);
	cr_assert_str_eq(allow, "");
	req_free(&r);
	cr_assert_null(route_for(&r, "GET", "/api/v1/tenants/x/nothing-here", &status, allow,
	    sizeof(allow)));
	cr_assert_eq(status, 404);
	req_free(&r);
}

UTEST(router, match_wrong_method_is_405_with_allow)
{
	char allow[128];
	int status;
	req_t r;

	cr_assert_null(route_for(&r, "DELETE", "/api/v1/tenants", &status, allow, sizeof(allow)));
	cr_assert_eq(status, 405);
	cr_assert_not_null(strstr(allow, "GET"), "%s", allow);
	cr_assert_not_null(strstr(allow, "POST"), "%s", allow);
	cr_assert_null(strstr(allow, "DELETE"), "%s", allow);
	req_free(&r);

	cr_assert_null(route_for(&r, "PUT", "/api/v1/tenants/0190a1b2-c3d4-7e5f-8a6b-0123456789ab",
	    &status, allow, sizeof(allow)));
	cr_assert_eq(status, 405);
	cr_assert_not_null(strstr(allow, "GET"), "%s", allow);
	cr_assert_not_null(strstr(allow, "PATCH"), "%s", allow);
	cr_assert_eq(r.npath, 0, "no params kept on a miss");
	req_free(&r);

	cr_assert_null(route_for(&r, "POST", "/healthz", &status, allow, sizeof(allow)));
	cr_assert_eq(status, 405);
	cr_assert_str_eq(allow, "GET");
	req_free(&r);
}

UTEST(router, match_extracts_params)
{
	const struct route *rt;
	char allow[128];
	int status;
	req_t r;

	rt = route_for(&r, "GET", "/api/v1/tenants/T1/users/U1", &status, allow, sizeof(allow));
	cr_assert_not_null(rt);
	cr_assert_str_eq(rt->method, "GET");
	cr_assert_str_eq(rt->pattern, "/api/v1/tenants/{tenant_id}/users/{user_id}");
	cr_assert_eq(r.route, NULL, "router_match does not set r->route itself");
	cr_assert_eq(r.npath, 2);
	cr_assert_str_eq(req_path(&r, "tenant_id"), "T1");
	cr_assert_str_eq(req_path(&r, "user_id"), "U1");
	cr_assert_null(req_path(&r, "key_id"));
	req_free(&r);

	rt = route_for(&r, "DELETE", "/api/v1/tenants/T1/api-keys/K9/", &status, allow,
	    sizeof(allow));
	cr_assert_not_null(rt);
	cr_assert_str_eq(req_path(&r, "key_id"), "K9");
	req_free(&r);

	rt = route_for(&r, "GET", "/", &status, allow, sizeof(allow));
	cr_assert_not_null(rt);
	cr_assert_str_eq(rt->pattern, "/");
	cr_assert_eq(rt->auth, AUTH_NONE);
	req_free(&r);

	rt = route_for(&r, "POST", "/api/v1/tenants", &status, allow, sizeof(allow));
	cr_assert_not_null(rt);
	cr_assert_eq(rt->auth, AUTH_ADMIN);
	cr_assert_eq(rt->body, BODY_JSON);
	req_free(&r);
}

UTEST(router, match_with_decoded_path)
{
	char *env[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/api/v1/tenants/a%20b", NULL};
	const struct route *rt;
	char allow[128];
	int status = 0;
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	rt = router_match(&r, &status, allow, sizeof(allow));
	cr_assert_not_null(rt);
	cr_assert_str_eq(req_path(&r, "tenant_id"), "a b");
	req_free(&r);
}

/* Every route in the table: well formed, unique, and reachable. */
UTEST(router, table_is_consistent)
{
	int count = 0;

	for (const struct route *rt = routes; rt->method; rt++, count++) {
		char path[512] = "", allow[256];
		const struct route *got;
		int status = 0, params = 0;
		req_t r;
		char *env[] = {NULL};

		cr_assert_not_null(rt->pattern);
		cr_assert_eq(rt->pattern[0], '/', "%s", rt->pattern);
		cr_assert_not_null(rt->handler, "%s %s", rt->method, rt->pattern);
		cr_assert_not_null(rt->summary, "%s %s", rt->method, rt->pattern);
		cr_assert(strcmp(rt->method, "GET") == 0 || strcmp(rt->method, "POST") == 0 ||
		    strcmp(rt->method, "PATCH") == 0 || strcmp(rt->method, "PUT") == 0 ||
		    strcmp(rt->method, "DELETE") == 0, "%s", rt->method);
		for (const struct route *o = routes; o < rt; o++)
			cr_assert(strcmp(o->method, rt->method) != 0 ||
			    strcmp(o->pattern, rt->pattern) != 0, "duplicate %s %s", rt->method,
			    rt->pattern);

		/* a concrete path for the pattern: each {param} becomes "p<i>" */
		for (const char *p = rt->pattern; *p;) {
			if (*p == '{') {
				const char *e = strchr(p, '}');

				cr_assert_not_null(e, "%s", rt->pattern);
				snprintf(path + strlen(path), sizeof(path) - strlen(path), "p%d", params++);
				p = e + 1;
			} else {
				size_t l = strlen(path);

				path[l] = *p++;
				path[l + 1] = '\0';
			}
		}
		cr_assert_leq(params, LIM_PATH_PARAMS, "%s", rt->pattern);

		cr_assert_eq(req_init(&r, NULL, env), 0);
		snprintf(r.path, sizeof(r.path), "%s", path);
		r.method = rt->method;
		got = router_match(&r, &status, allow, sizeof(allow));
		cr_assert_not_null(got, "%s %s unreachable (status %d)", rt->method, path, status);
		cr_assert_eq(got, rt, "%s %s is shadowed by %s", rt->method, rt->pattern, got->pattern);
		cr_assert_eq(r.npath, params);
		for (int i = 0; i < params; i++) {
			char want[16];

			snprintf(want, sizeof(want), "p%d", i);
			cr_assert_str_eq(r.pvals[i], want);
		}
		req_free(&r);
	}
	cr_assert_gt(count, 10);
}
