/* lib/valid.c: field tables for JSON objects and the shared value checks. */
#include <string.h>

#include "unit.h"
#include "../../lib/valid.h"

static const struct vfield fields[] = {
	{"name", V_STRING, 1, 10, 0},
	{"note", V_STRING, 0, 0, 1},
	{"count", V_INT, 0, 0, 0},
	{"flag", V_BOOL, 0, 0, 0},
	{"meta", V_OBJECT, 0, 0, 0},
	{"tags", V_ARRAY, 0, 0, 0},
	{"any", V_ANY, 0, 0, 0},
	{NULL, 0, 0, 0, 0},
};

/* Validate a JSON text against fields; the parsed object is freed here. */
static fd_err
check(const char *json, err_detail *d)
{
	json_object *o = json_tokener_parse(json);
	fd_err e;

	cr_assert_not_null(o, "test JSON must parse: %s", json);
	memset(d, 0, sizeof(*d));
	e = valid_object(o, fields, d);
	json_object_put(o);
	return e;
}

UTEST(valid, object_ok)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"Ann\"}", &d), OK);
	cr_assert_eq(check("{\"name\":\"Ann\",\"note\":null,\"count\":3,\"flag\":true,"
	    "\"meta\":{},\"tags\":[1],\"any\":\"x\"}", &d), OK);
	cr_assert_eq(check("{\"name\":\"0123456789\"}", &d), OK, "exactly maxlen");
	cr_assert_eq(check("{\"name\":\"Ann\",\"any\":[{}]}", &d), OK);
}

UTEST(valid, unknown_field_is_named)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"Ann\",\"colour\":\"red\"}", &d), ERR_VALIDATION);
	cr_assert_eq(d.code, ERR_VALIDATION);
	cr_assert_str_eq(d.field, "colour");
	cr_assert_not_null(strstr(d.message, "colour"));
}

UTEST(valid, wrong_type)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":5}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
	cr_assert_not_null(strstr(d.message, "string"), "%s", d.message);

	cr_assert_eq(check("{\"name\":\"a\",\"count\":\"3\"}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "count");
	cr_assert_eq(check("{\"name\":\"a\",\"count\":1.5}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "count");
	cr_assert_eq(check("{\"name\":\"a\",\"flag\":1}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "flag");
	cr_assert_eq(check("{\"name\":\"a\",\"meta\":[]}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "meta");
	cr_assert_eq(check("{\"name\":\"a\",\"tags\":{}}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "tags");
}

UTEST(valid, missing_required)
{
	err_detail d;

	cr_assert_eq(check("{}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
	cr_assert_not_null(strstr(d.message, "required"));

	memset(&d, 0, sizeof(d));
	cr_assert_eq(valid_object(NULL, fields, &d), ERR_VALIDATION, "NULL body is an empty object");
	cr_assert_str_eq(d.field, "name");
}

UTEST(valid, required_not_null)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":null}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
}

UTEST(valid, required_string_empty_after_trim)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"\"}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
	cr_assert_eq(check("{\"name\":\"  \\t\\n \"}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
	cr_assert_not_null(strstr(d.message, "empty"));
	cr_assert_eq(check("{\"name\":\" a \"}", &d), OK);
}

UTEST(valid, maxlen)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"01234567890\"}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
	cr_assert_not_null(strstr(d.message, "10"), "%s", d.message);
	/* maxlen counts bytes: 6 two-byte characters are 12 bytes */
	cr_assert_eq(check("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}", &d),
	    ERR_VALIDATION);
	/* no limit when maxlen is 0 */
	cr_assert_eq(check("{\"name\":\"a\",\"note\":\"0123456789012345678901234567890\"}", &d), OK);
}

UTEST(valid, nullable)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"a\",\"note\":null}", &d), OK);
	cr_assert_eq(check("{\"name\":\"a\",\"count\":null}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "count");
	cr_assert_not_null(strstr(d.message, "null"));
}

UTEST(valid, embedded_nul_rejected)
{
	err_detail d;

	cr_assert_eq(check("{\"name\":\"a\\u0000b\"}", &d), ERR_VALIDATION);
	cr_assert_str_eq(d.field, "name");
}

UTEST(valid, str_and_has)
{
	json_object *o = json_tokener_parse("{\"a\":\"x\",\"b\":null,\"c\":3}");

	cr_assert_str_eq(valid_str(o, "a"), "x");
	cr_assert_null(valid_str(o, "b"));
	cr_assert_null(valid_str(o, "c"), "not a string");
	cr_assert_null(valid_str(o, "zz"));
	cr_assert_null(valid_str(NULL, "a"));
	cr_assert(valid_has(o, "b"), "present even when null");
	cr_assert_not(valid_has(o, "zz"));
	cr_assert_not(valid_has(NULL, "a"));
	json_object_put(o);
}

UTEST(valid, handle)
{
	static const char *good[] = {"demo", "a-b-1", "a", "0", "abc123", "x-y-z-9", NULL};
	static const char *bad[] = {"", "-a", "a-", "a--b", "A", "a_b", "a b", "a.b", "ä", "Demo",
	    "a/b", NULL};
	char s63[64], s64[65];

	for (int i = 0; good[i]; i++)
		cr_assert(valid_handle(good[i]), "'%s' should be a valid handle", good[i]);
	for (int i = 0; bad[i]; i++)
		cr_assert_not(valid_handle(bad[i]), "'%s' should be rejected", bad[i]);
	cr_assert_not(valid_handle(NULL));
	memset(s63, 'a', 63);
	s63[63] = '\0';
	memset(s64, 'a', 64);
	s64[64] = '\0';
	cr_assert(valid_handle(s63), "63 chars is the limit");
	cr_assert_not(valid_handle(s64), "64 chars is too long");
}

UTEST(valid, timezone)
{
	static const char *good[] = {"UTC", "America/Chicago", "Europe/Berlin", "Australia/Sydney",
	    "+05:30", "-06:00", "+14:00", "-14:00", "+00:00", NULL};
	static const char *bad[] = {"-14:30", "+5:00", "+14:01", "+05:60", "05:30", "+05-30",
	    "+0a:00", "Mars/Base", "../etc/passwd", "/etc/localtime", "", "Europe/../../etc/passwd",
	    "Europe/Berlin ", "America", "zone.tab", ".", "Europe/Berlin\n", NULL};

	for (int i = 0; good[i]; i++)
		cr_assert(valid_timezone(good[i]), "'%s' should be a valid time zone", good[i]);
	for (int i = 0; bad[i]; i++)
		cr_assert_not(valid_timezone(bad[i]), "'%s' should be rejected", bad[i]);
	cr_assert_not(valid_timezone(NULL));
}

UTEST(valid, timezone_too_long)
{
	char s[80];

	memset(s, 'A', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	cr_assert_not(valid_timezone(s));
}

UTEST(valid, email)
{
	static const char *good[] = {"a@b.co", "ann.smith+tag@example.com", "X@Y.ORG",
	    "a@sub.domain.example", NULL};
	static const char *bad[] = {"", "a", "@b.co", "a@", "a@b", "a@.com", "a@b.", "a b@c.de",
	    "a@@b.de", "a@b@c.de", "<a@b.de>", "a,b@c.de", "a;b@c.de", "\"a\"@b.de", "a@b.de\n",
	    "a\t@b.de", NULL};
	char longmail[300];

	for (int i = 0; good[i]; i++)
		cr_assert(valid_email(good[i]), "'%s' should be valid", good[i]);
	for (int i = 0; bad[i]; i++)
		cr_assert_not(valid_email(bad[i]), "'%s' should be rejected", bad[i]);
	cr_assert_not(valid_email(NULL));
	memset(longmail, 'a', sizeof(longmail));
	memcpy(longmail + 250, "@b.com", 7);  /* 256 chars > 254 */
	cr_assert_not(valid_email(longmail));
}

UTEST(valid, slugify)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Acme Dental", "acme-dental"},
		{"  Hello,   World!  ", "hello-world"},
		{"Dr. Ann's Clinic #2", "dr-ann-s-clinic-2"},
		{"ALLCAPS", "allcaps"},
		{"---", ""},
		{"", ""},
		{"caf\xc3\xa9 bar", "caf-bar"},
		{"a_b", "a-b"},
	};
	char out[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		valid_slugify(cases[i].in, out, sizeof(out));
		cr_assert_str_eq(out, cases[i].out, "slugify('%s')", cases[i].in);
		if (out[0])
			cr_assert(valid_handle(out), "a slug is a valid handle: '%s'", out);
	}
}

UTEST(valid, slugify_bounds)
{
	char out[64], tiny[4];
	char in[200];

	/* capped at 40 characters and never ends in '-' */
	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	valid_slugify(in, out, sizeof(out));
	cr_assert_eq(strlen(out), 40);
	cr_assert(valid_handle(out));

	valid_slugify("abcdefgh", tiny, sizeof(tiny));
	cr_assert_str_eq(tiny, "abc");
	valid_slugify("a b c d", tiny, sizeof(tiny));
	cr_assert_eq(strlen(tiny), 3);
	cr_assert_neq(tiny[2], '-', "no trailing dash: '%s'", tiny);

	out[0] = 'q';
	valid_slugify("abc", out, 0);
	cr_assert_eq(out[0], 'q', "outlen 0 writes nothing");
}

UTEST(valid, lower)
{
	char s[] = "MiXeD@Example.COM";

	valid_lower(s);
	cr_assert_str_eq(s, "mixed@example.com");
}

UTEST(valid, enum_tables)
{
	cr_assert_eq(valid_enum(tenant_status_names, "active"), 0);
	cr_assert_eq(valid_enum(tenant_status_names, "suspended"), 1);
	cr_assert_eq(valid_enum(tenant_status_names, "deleted"), 2);
	cr_assert_eq(valid_enum(tenant_status_names, "Active"), -1);
	cr_assert_eq(valid_enum(tenant_status_names, ""), -1);
	cr_assert_eq(valid_enum(tenant_status_names, NULL), -1);
	cr_assert_eq(valid_enum(tenant_plan_names, "starter"), 0);
	cr_assert_eq(valid_enum(tenant_plan_names, "custom"), 2);
	cr_assert_eq(valid_enum(tenant_plan_names, "enterprise"), -1);
	cr_assert_eq(valid_enum(user_role_names, "owner"), 0);
	cr_assert_eq(valid_enum(user_role_names, "member"), 2);
	cr_assert_eq(valid_enum(user_role_names, "root"), -1);
}
