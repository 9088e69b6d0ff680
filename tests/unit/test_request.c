/* fcgi/request.c: the request boundary: query strings and form bodies, JSON
 * bodies, FastCGI params, cookies, bearer tokens. FastCGI itself is faked:
 * params are a plain envp array, the body an in-memory stream. */
#include <string.h>

#include "unit.h"
#include "../../fcgi/request.h"
#include "../../lib/uuid.h"

static void
free_kv(kv_t *kv, int n)
{
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
}

static void
setup(void)
{
	unit_config();
}

TestSuite(request, .init = setup);

/* ---- req_parse_urlencoded ---- */

UTEST(request, urlencoded_basic)
{
	kv_t kv[8];
	int n = -1;
	const char *s = "a=1&b=x%20y&c=+plus+";

	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, 8, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(kv[0].key, "a");
	cr_assert_str_eq(kv[0].val, "1");
	cr_assert_str_eq(kv[1].key, "b");
	cr_assert_str_eq(kv[1].val, "x y");
	cr_assert_str_eq(kv[2].key, "c");
	cr_assert_str_eq(kv[2].val, " plus ", "'+' is a space");
	free_kv(kv, n);
}

UTEST(request, urlencoded_edge_shapes)
{
	kv_t kv[8];
	int n = -1;
	const char *s;

	cr_assert_eq(req_parse_urlencoded("", 0, kv, 8, &n), 0);
	cr_assert_eq(n, 0);

	cr_assert_eq(req_parse_urlencoded("a", 1, kv, 8, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(kv[0].key, "a");
	cr_assert_str_eq(kv[0].val, "", "a key without '=' has an empty value");
	free_kv(kv, n);

	s = "&&a=1&&=v&k=1=2&%41%2b=%2B&";
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, 8, &n), 0);
	cr_assert_eq(n, 4, "empty pairs are skipped");
	cr_assert_str_eq(kv[0].key, "a");
	cr_assert_str_eq(kv[1].key, "");
	cr_assert_str_eq(kv[1].val, "v");
	cr_assert_str_eq(kv[2].key, "k");
	cr_assert_str_eq(kv[2].val, "1=2", "only the first '=' splits");
	cr_assert_str_eq(kv[3].key, "A+", "%%2b is a literal plus, not a space");
	cr_assert_str_eq(kv[3].val, "+");
	free_kv(kv, n);

	/* malformed escapes pass through literally */
	s = "q=%zz%2";
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, 8, &n), 0);
	cr_assert_str_eq(kv[0].val, "%zz%2");
	free_kv(kv, n);
}

UTEST(request, urlencoded_respects_length)
{
	kv_t kv[8];
	int n = -1;

	/* the input need not be NUL-terminated: only len bytes count */
	cr_assert_eq(req_parse_urlencoded("a=1&b=2", 3, kv, 8, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(kv[0].val, "1");
	free_kv(kv, n);
}

UTEST(request, urlencoded_too_many_pairs)
{
	kv_t kv[LIM_QUERY_PARAMS];
	char s[LIM_QUERY_PARAMS * 8 + 16] = "";
	int n = -1;

	for (int i = 0; i < LIM_QUERY_PARAMS; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "k%d=v&", i);
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, LIM_QUERY_PARAMS, &n), 0, "exactly max");
	cr_assert_eq(n, LIM_QUERY_PARAMS);
	free_kv(kv, n);

	strcat(s, "one=more");
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, LIM_QUERY_PARAMS, &n), -1);
	cr_assert_eq(n, LIM_QUERY_PARAMS, "what was parsed is reported, for freeing");
	free_kv(kv, n);
}

UTEST(request, urlencoded_encoded_nul)
{
	kv_t kv[8];
	int n = -1;
	const char *s;

	s = "a=1&b=x%00y";
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, 8, &n), -1);
	cr_assert_eq(n, 1, "the pair before is kept for freeing");
	free_kv(kv, n);
	s = "%00=1";
	cr_assert_eq(req_parse_urlencoded(s, strlen(s), kv, 8, &n), -1);
	cr_assert_eq(n, 0);
}

/* ---- req_parse_json ---- */

static fd_err
json(const char *s, size_t n, err_detail *d)
{
	json_object *o = (json_object *)1;
	fd_err e;

	memset(d, 0, sizeof(*d));
	e = req_parse_json(s, n, &o, d);
	if (e == OK) {
		cr_assert_not_null(o);
		cr_assert(json_object_is_type(o, json_type_object));
		json_object_put(o);
	} else
		cr_assert_null(o, "no object on error");
	return e;
}

#define JSON(lit, d) json(lit, sizeof(lit) - 1, d)

UTEST(request, json_object_ok)
{
	err_detail d;
	json_object *o = NULL;
	const char *s = "{\"a\":1,\"b\":[true,null],\"c\":{\"d\":\"\xc3\xa9\"}}";

	cr_assert_eq(req_parse_json(s, strlen(s), &o, &d), OK);
	cr_assert_eq(json_object_get_int(json_object_object_get(o, "a")), 1);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_object_get(o, "c"), "d")), "\xc3\xa9");
	json_object_put(o);

	cr_assert_eq(JSON("{}", &d), OK);
	cr_assert_eq(JSON("  {\"a\":1}  \r\n\t", &d), OK, "whitespace around is fine");
	/* only n bytes are parsed */
	cr_assert_eq(json("{\"a\":1}garbage", 7, &d), OK);
}

UTEST(request, json_not_an_object)
{
	static const char *const bad[] = {"[]", "[1,2]", "\"s\"", "null", "true", "1", "1 "};
	err_detail d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(json(bad[i], strlen(bad[i]), &d), ERR_BAD_JSON, "%s", bad[i]);
		cr_assert_eq(d.code, ERR_BAD_JSON);
	}
	cr_assert_eq(JSON("[{}]", &d), ERR_BAD_JSON);
	cr_assert_not_null(strstr(d.message, "object"), "%s", d.message);
}

UTEST(request, json_malformed)
{
	/* json-c 0.16 in strict mode still takes single quotes, NaN, Infinity and
	 * raw control characters in strings, so those are not listed here */
	static const char *const bad[] = {"", " ", "{", "{\"a\":", "{\"a\" 1}", "{a:1}",
	    "{\"a\":1,}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}",
	    "{\"a\":\"\\x41\"}", "{} x", "{}{}", "{} {}", "{\"a\":1}]", "/* c */ {}",
	    "{\"a\":1 // c\n}"};
	err_detail d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(json(bad[i], strlen(bad[i]), &d), ERR_BAD_JSON, "'%s' accepted", bad[i]);
		cr_assert_gt(strlen(d.message), 0);
	}
	/* an embedded NUL after the object is trailing garbage */
	cr_assert_eq(JSON("{}\0", &d), ERR_BAD_JSON);
	cr_assert_eq(JSON("{\"a\":1\0}", &d), ERR_BAD_JSON);
}

UTEST(request, json_depth_limit)
{
	char s[256];
	err_detail d;
	size_t o;

	/* json-c counts the scalar inside the innermost object as a level too:
	 * 15 nested objects around a value use the LIM_JSON_DEPTH (16) levels */
	for (int depth = LIM_JSON_DEPTH - 3; depth <= LIM_JSON_DEPTH + 4; depth++) {
		o = 0;
		for (int i = 0; i < depth; i++)
			o += (size_t)snprintf(s + o, sizeof(s) - o, "{\"a\":");
		o += (size_t)snprintf(s + o, sizeof(s) - o, "1");
		for (int i = 0; i < depth; i++)
			s[o++] = '}';
		s[o] = '\0';
		if (depth < LIM_JSON_DEPTH)
			cr_assert_eq(json(s, o, &d), OK, "depth %d", depth);
		else
			cr_assert_eq(json(s, o, &d), ERR_BAD_JSON, "depth %d", depth);
	}
	/* empty containers at the limit are fine; one more level is not */
	cr_assert_eq(JSON("{\"a\":[[[[[[[[[[[[[[]]]]]]]]]]]]]]}", &d), OK);
	cr_assert_eq(JSON("{\"a\":[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]}", &d), ERR_BAD_JSON);
	cr_assert_not_null(strstr(d.message, "deep"), "%s", d.message);
}

UTEST(request, json_invalid_utf8)
{
	err_detail d;

	cr_assert_eq(JSON("{\"a\":\"\xff\"}", &d), ERR_BAD_JSON);
	cr_assert_eq(JSON("{\"a\":\"\xc3\"}", &d), ERR_BAD_JSON, "truncated sequence");
	cr_assert_eq(JSON("{\"\xfe\":1}", &d), ERR_BAD_JSON, "in a key");
	cr_assert_eq(JSON("{\"a\":\"\xe2\x82\xac\"}", &d), OK, "valid 3-byte sequence");
	cr_assert_eq(JSON("{\"a\":\"\\u00e9\"}", &d), OK);
}

/* ---- req_init and the accessors ---- */

UTEST(request, init_from_params)
{
	char *env[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/a%20b?x=1&y=two%20words",
	    "HTTP_X_REQUEST_ID=abc", "CONTENT_TYPE=application/json", "HTTP_X_CUSTOM_THING=yes",
	    NULL};
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_str_eq(r.method, "GET");
	cr_assert_str_eq(r.path, "/a b", "path is decoded");
	cr_assert_str_eq(r.query, "x=1&y=two%20words", "query is kept raw");
	cr_assert_eq(r.nqs, 2);
	cr_assert_str_eq(req_query(&r, "x"), "1");
	cr_assert_str_eq(req_query(&r, "y"), "two words");
	cr_assert_null(req_query(&r, "z"));
	cr_assert_str_eq(r.request_id, "abc");
	cr_assert_str_eq(req_header(&r, "X-Request-Id"), "abc");
	cr_assert_str_eq(req_header(&r, "x-custom-thing"), "yes");
	cr_assert_str_eq(req_header(&r, "Content-Type"), "application/json");
	cr_assert_null(req_header(&r, "Content-Length"));
	cr_assert_str_eq(req_param(&r, "REQUEST_METHOD"), "GET");
	cr_assert_null(req_param(&r, "NOPE"));
	cr_assert_null(r.fcgx);
	cr_assert_eq(r.status, 0);
	req_free(&r);
}

UTEST(request, init_defaults)
{
	char *env[] = {NULL};
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_str_eq(r.method, "GET");
	cr_assert_str_eq(r.path, "/");
	cr_assert_str_eq(r.query, "");
	cr_assert_eq(r.nqs, 0);
	cr_assert(uuid_valid(r.request_id), "a request id is generated: %s", r.request_id);
	req_free(&r);

	cr_assert_eq(req_init(&r, NULL, NULL), 0, "no params at all");
	cr_assert_str_eq(r.path, "/");
	req_free(&r);
}

UTEST(request, request_id_sanity)
{
	static char *const insane[] = {"HTTP_X_REQUEST_ID=has space", "HTTP_X_REQUEST_ID=",
	    "HTTP_X_REQUEST_ID=a<script>", "HTTP_X_REQUEST_ID=line\r\nInjected: 1",
	    "HTTP_X_REQUEST_ID=x\"y", "HTTP_X_REQUEST_ID=\xc3\xa9"};
	char longid[100], *env[3] = {"REQUEST_URI=/", NULL, NULL};
	req_t r;

	for (size_t i = 0; i < sizeof(insane) / sizeof(insane[0]); i++) {
		env[1] = insane[i];
		cr_assert_eq(req_init(&r, NULL, env), 0);
		cr_assert(uuid_valid(r.request_id), "%s -> %s", insane[i], r.request_id);
		req_free(&r);
	}

	/* 64 characters is the limit; 65 is replaced */
	snprintf(longid, sizeof(longid), "HTTP_X_REQUEST_ID=");
	memset(longid + 18, 'a', 64);
	longid[18 + 64] = '\0';
	env[1] = longid;
	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_eq(strlen(r.request_id), 64);
	cr_assert_eq(r.request_id[0], 'a');
	req_free(&r);
	longid[18 + 64] = 'a';
	longid[18 + 65] = '\0';
	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert(uuid_valid(r.request_id), "%s", r.request_id);
	req_free(&r);

	env[1] = "HTTP_X_REQUEST_ID=Abc-1_2.3:4";
	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_str_eq(r.request_id, "Abc-1_2.3:4");
	req_free(&r);
}

UTEST(request, init_rejects_bad_paths)
{
	char *env[] = {"REQUEST_URI=/a%00b", NULL};
	char *longuri = malloc(LIM_PATH_LEN + 32);
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), -1, "encoded NUL in the path");
	req_free(&r);

	snprintf(longuri, 16, "REQUEST_URI=/");
	memset(longuri + 13, 'p', LIM_PATH_LEN);
	longuri[13 + LIM_PATH_LEN] = '\0';
	env[0] = longuri;
	cr_assert_eq(req_init(&r, NULL, env), -1, "path too long");
	req_free(&r);
	free(longuri);
}

UTEST(request, init_bad_query)
{
	char *env[] = {"REQUEST_URI=/x?a=%00", NULL};
	char *many = malloc(LIM_QUERY_PARAMS * 8 + 32);
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), -2);
	req_free(&r);

	snprintf(many, 32, "REQUEST_URI=/x?");
	for (int i = 0; i <= LIM_QUERY_PARAMS; i++)
		sprintf(many + strlen(many), "k%d=v&", i);
	env[0] = many;
	cr_assert_eq(req_init(&r, NULL, env), -2, "too many query parameters");
	cr_assert_eq(r.nqs, LIM_QUERY_PARAMS);
	cr_assert_str_eq(r.path, "/x");
	req_free(&r);   /* frees what was parsed */
	free(many);
}

UTEST(request, cookie)
{
	char *env[] = {"HTTP_COOKIE=a=1; xfd_session=no; fd_session=tok123;b=2;  empty=;last=z",
	    NULL};
	char out[64], tiny[4];
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_str_eq(req_cookie(&r, "fd_session", out, sizeof(out)), "tok123");
	cr_assert_str_eq(req_cookie(&r, "a", out, sizeof(out)), "1");
	cr_assert_str_eq(req_cookie(&r, "b", out, sizeof(out)), "2");
	cr_assert_str_eq(req_cookie(&r, "empty", out, sizeof(out)), "");
	cr_assert_str_eq(req_cookie(&r, "last", out, sizeof(out)), "z");
	cr_assert_str_eq(req_cookie(&r, "xfd_session", out, sizeof(out)), "no");
	cr_assert_null(req_cookie(&r, "fd", out, sizeof(out)), "a prefix is not a name");
	cr_assert_null(req_cookie(&r, "session", out, sizeof(out)));
	cr_assert_null(req_cookie(&r, "missing", out, sizeof(out)));
	cr_assert_null(req_cookie(&r, "fd_session", tiny, sizeof(tiny)), "does not fit");
	cr_assert_str_eq(req_cookie(&r, "fd_session", out, 7), "tok123", "exactly fits");
	req_free(&r);
}

UTEST(request, cookie_value_is_not_a_name)
{
	char *env[] = {"HTTP_COOKIE=a=fd_session=evil; fd_session=good", NULL};
	char *none[] = {NULL};
	char out[64];
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	cr_assert_str_eq(req_cookie(&r, "fd_session", out, sizeof(out)), "good");
	req_free(&r);
	cr_assert_eq(req_init(&r, NULL, none), 0);
	cr_assert_null(req_cookie(&r, "fd_session", out, sizeof(out)));
	req_free(&r);
}

UTEST(request, bearer)
{
	static const struct {
		char *header;
		const char *token;
	} cases[] = {
		{"HTTP_AUTHORIZATION=Bearer abc.def", "abc.def"},
		{"HTTP_AUTHORIZATION=bearer   tok", "tok"},
		{"HTTP_AUTHORIZATION=BEARER tok", "tok"},
		{"HTTP_AUTHORIZATION=Basic dXNlcjpwYXNz", NULL},
		{"HTTP_AUTHORIZATION=Bearer ", NULL},
		{"HTTP_AUTHORIZATION=Bearer    ", NULL},
		{"HTTP_AUTHORIZATION=Bearer", NULL},
		{"HTTP_AUTHORIZATION=Bearerx tok", NULL},
		{"HTTP_AUTHORIZATION=", NULL},
		{"HTTP_OTHER=Bearer tok", NULL},
	};
	char *env[2] = {NULL, NULL};
	req_t r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env[0] = cases[i].header;
		cr_assert_eq(req_init(&r, NULL, env), 0);
		if (cases[i].token)
			cr_assert_str_eq(req_bearer(&r), cases[i].token, "%s", cases[i].header);
		else
			cr_assert_null(req_bearer(&r), "%s", cases[i].header);
		req_free(&r);
	}
}

UTEST(request, path_params)
{
	char *env[] = {NULL};
	req_t r;
	static const char pattern[] = "/t/{tenant_id}/u/{user_id}";

	cr_assert_eq(req_init(&r, NULL, env), 0);
	r.pnames[0] = strstr(pattern, "{tenant_id}");
	r.pvals[0] = strdup("T");
	r.pnames[1] = strstr(pattern, "{user_id}");
	r.pvals[1] = strdup("U");
	r.npath = 2;
	cr_assert_str_eq(req_path(&r, "tenant_id"), "T");
	cr_assert_str_eq(req_path(&r, "user_id"), "U");
	cr_assert_null(req_path(&r, "tenant"), "a prefix of a name is not the name");
	cr_assert_null(req_path(&r, "user_id_x"));
	req_free(&r);  /* frees pvals */
}

UTEST(request, add_header)
{
	char *env[] = {NULL};
	req_t r;

	cr_assert_eq(req_init(&r, NULL, env), 0);
	req_add_header(&r, "Allow", "GET, POST");
	req_add_header(&r, "X-Bad", "a\r\nSet-Cookie: x=1");
	req_add_header(&r, "X-Bad\n", "v");
	cr_assert_str_eq(r.headers.data, "Allow: GET, POST\r\n", "CR/LF never reach the headers");
	req_free(&r);
}

/* ---- req_read_body ---- */

static fd_err
read_body(req_t *r, char **env, const char *body, size_t len, int want_form, FCGX_Request *fr,
    FCGX_Stream *in)
{
	memset(fr, 0, sizeof(*fr));
	unit_fcgx_reader(in, body, len);
	fr->in = in;
	fr->envp = env;
	cr_assert_eq(req_init(r, fr, env), 0);
	return req_read_body(r, want_form);
}

UTEST(request, body_json)
{
	static const char body[] = "{\"name\":\"Ann\"}";
	char *env[] = {"REQUEST_METHOD=POST", "CONTENT_TYPE=application/json; charset=utf-8",
	    "CONTENT_LENGTH=14", NULL};
	FCGX_Request fr;
	FCGX_Stream in;
	req_t r;

	cr_assert_eq(read_body(&r, env, body, strlen(body), 0, &fr, &in), OK, "%s", r.err.message);
	cr_assert_not_null(r.json);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(r.json, "name")), "Ann");
	cr_assert_eq(r.body_len, 14);
	req_free(&r);
}

UTEST(request, body_form)
{
	static const char body[] = "From=%2B15551234567&Body=hi+there";
	char *env[] = {"CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=33", NULL};
	FCGX_Request fr;
	FCGX_Stream in;
	req_t r;

	cr_assert_eq(read_body(&r, env, body, strlen(body), 1, &fr, &in), OK, "%s", r.err.message);
	cr_assert_null(r.json);
	cr_assert_str_eq(req_form(&r, "From"), "+15551234567");
	cr_assert_str_eq(req_form(&r, "Body"), "hi there");
	cr_assert_null(req_form(&r, "To"));
	req_free(&r);
}

UTEST(request, body_errors)
{
	static const struct {
		char *ctype, *clen;
		const char *body;
		int form;
		fd_err want;
	} cases[] = {
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=abc", "{}", 0, ERR_VALIDATION},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=-1", "{}", 0, ERR_TOO_LARGE},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=99999999999", "{}", 0, ERR_TOO_LARGE},
		{"CONTENT_TYPE=text/plain", "CONTENT_LENGTH=2", "{}", 0, ERR_MEDIA_TYPE},
		{"CONTENT_TYPE=application/jsonx", "CONTENT_LENGTH=2", "{}", 0, ERR_MEDIA_TYPE},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=2", "{}", 1, ERR_MEDIA_TYPE},
		{"X=1", "CONTENT_LENGTH=2", "{}", 0, ERR_MEDIA_TYPE},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=10", "{}", 0, ERR_VALIDATION},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=2", "[]", 0, ERR_BAD_JSON},
		{"CONTENT_TYPE=application/json", "CONTENT_LENGTH=2", "{", 0, ERR_VALIDATION},
		{"CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=3", "a=%00"
		    , 1, OK},
		{"CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=5", "a=%00", 1,
		    ERR_VALIDATION},
	};
	FCGX_Request fr;
	FCGX_Stream in;
	req_t r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *env[] = {cases[i].ctype, cases[i].clen, NULL};
		fd_err e = read_body(&r, env, cases[i].body, strlen(cases[i].body), cases[i].form, &fr,
		    &in);

		cr_assert_eq(e, cases[i].want, "case %zu (%s, %s, '%s'): got %d (%s)", i,
		    cases[i].ctype, cases[i].clen, cases[i].body, (int)e, r.err.message);
		if (e != OK)
			cr_assert_eq(r.err.code, e);
		req_free(&r);
	}
}

UTEST(request, body_limit_from_config)
{
	char *env[] = {"CONTENT_TYPE=application/json", "CONTENT_LENGTH=2048", NULL};
	FCGX_Request fr;
	FCGX_Stream in;
	req_t r;

	g_config.body_max = 1024;
	cr_assert_eq(read_body(&r, env, "{}", 2, 0, &fr, &in), ERR_TOO_LARGE);
	cr_assert_not_null(strstr(r.err.message, "1024"), "%s", r.err.message);
	req_free(&r);
}

UTEST(request, body_empty_is_ok)
{
	char *env1[] = {"CONTENT_TYPE=application/json", "CONTENT_LENGTH=0", NULL};
	char *env2[] = {NULL};
	FCGX_Request fr;
	FCGX_Stream in;
	req_t r;

	cr_assert_eq(read_body(&r, env1, "", 0, 0, &fr, &in), OK);
	cr_assert_null(r.json, "no body, no object");
	req_free(&r);
	cr_assert_eq(read_body(&r, env2, "", 0, 0, &fr, &in), OK, "no Content-Length: no body");
	req_free(&r);
}
