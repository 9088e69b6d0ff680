/* Sign-up (a tenant, its owner and a session in one transaction) and the
 * tenant profile its owner edits (issue 3). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "http.h"

#define PW "signup-password-1"

static http_resp *
signup(const char *email, const char *password, const char *business)
{
	if (business)
		return http_json("POST", "/api/v1/auth/signup", NULL,
		    "{\"email\": \"%s\", \"password\": \"%s\", \"business_name\": \"%s\"}", email,
		    password, business);
	return http_json("POST", "/api/v1/auth/signup", NULL,
	    "{\"email\": \"%s\", \"password\": \"%s\"}", email, password);
}

/* How many tenants (all pages of the admin's list) have this name. */
static int
tenants_named(const char *name)
{
	char cursor[64] = "", path[160];
	int n = 0, pages = 0;

	do {
		http_resp *r;
		json_object *items;

		snprintf(path, sizeof(path), "/api/v1/tenants?limit=200%s%s", cursor[0] ? "&cursor=" : "",
		    cursor);
		r = http("GET", path, admin_key(), NULL, NULL);
		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert(json_object_object_get_ex(r->json, "items", &items));
		for (size_t i = 0; i < json_object_array_length(items); i++) {
			json_object *t = json_object_array_get_idx(items, i), *v;

			if (json_object_object_get_ex(t, "name", &v) && v &&
			    strcmp(json_object_get_string(v), name) == 0)
				n++;
		}
		if (jstr(r, "next_cursor"))
			snprintf(cursor, sizeof(cursor), "%s", jstr(r, "next_cursor"));
		else
			cursor[0] = '\0';
		http_free(r);
	} while (cursor[0] && ++pages < 1000);
	return n;
}

Test(signup, creates_tenant_owner_and_session)
{
	char u[64], email[128], business[128], handle[128], *tid, *tok, *p;
	char sc[512];
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(email, sizeof(email), "Founder-%s@Example.com", u);
	snprintf(business, sizeof(business), "Joe's Pizza & Co %s", u);
	snprintf(handle, sizeof(handle), "joe-s-pizza-co-%s", u);

	r = signup(email, PW, business);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert(jstr(r, "token") && strncmp(jstr(r, "token"), "fds_", 4) == 0, "%s", r->body);
	cr_assert(jstr(r, "expires_at") != NULL);
	cr_assert_str_eq(jstr(r, "user.role"), "owner");
	{
		char lower[128];

		snprintf(lower, sizeof(lower), "founder-%s@example.com", u);
		cr_assert_str_eq(jstr(r, "user.email"), lower, "e-mail stored lower-case");
	}
	cr_assert_str_eq(jstr(r, "tenant.name"), business);
	cr_assert_str_eq(jstr(r, "tenant.business_name"), business);
	cr_assert_str_eq(jstr(r, "tenant.handle"), handle, "handle from the business name");
	cr_assert_str_eq(jstr(r, "tenant.timezone"), "UTC");
	cr_assert_str_eq(jstr(r, "tenant.tone"), "professional");
	cr_assert_str_eq(jstr(r, "tenant.status"), "active");
	cr_assert_str_eq(jstr(r, "user.tenant_id"), jstr(r, "tenant.id"));
	cr_assert(strstr(r->body, "password") == NULL && strstr(r->body, PW) == NULL);
	cr_assert(resp_header(r, "Set-Cookie", sc, sizeof(sc)) && strstr(sc, "HttpOnly"), "%s", sc);
	tid = strdup(jstr(r, "tenant.id"));
	tok = strdup(jstr(r, "token"));
	http_free(r);

	r = http("GET", "/api/v1/me", tok, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "credential.type"), "session");
	cr_assert_str_eq(jstr(r, "user.role"), "owner");
	cr_assert_str_eq(jstr(r, "tenant.id"), tid);
	cr_assert_str_eq(jstr(r, "tenant.handle"), handle);
	http_free(r);

	/* the session acts on its tenant, and the password logs in */
	p = pathf("/api/v1/tenants/%s/agents", tid);
	r = http_json("POST", p, tok, "{\"name\": \"First\", \"system_prompt\": \"Hi\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(login(email, PW));
	/* the admin sees the new tenant */
	free(p);
	p = pathf("/api/v1/tenants/%s", tid);
	r = http("GET", p, admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "plan"), "starter");
	http_free(r);
	free(tid); free(tok); free(p);
}

Test(signup, duplicate_email_is_409_and_leaves_no_tenant)
{
	char u[64], email[128], upper[128], one[128], two[128], h2[128];
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(email, sizeof(email), "dup-%s@example.com", u);
	snprintf(upper, sizeof(upper), "DUP-%s@EXAMPLE.COM", u);
	snprintf(one, sizeof(one), "Dup One %s", u);
	snprintf(two, sizeof(two), "Dup Two %s", u);
	snprintf(h2, sizeof(h2), "dup-two-%s", u);

	r = signup(email, PW, one);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	r = signup(upper, "another-password", two);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "email"), "%s", r->body);
	cr_assert(jstr(r, "token") == NULL);
	http_free(r);

	/* the transaction took the tenant back with it */
	cr_assert_eq(tenants_named(one), 1);
	cr_assert_eq(tenants_named(two), 0, "a failed sign-up left its tenant behind");
	/* and its handle is free */
	r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Handle check\", \"handle\": \"%s\"}", h2);
	cr_assert_eq(r->status, 201, "handle of the failed sign-up still taken: %s", r->body);
	http_free(r);
	/* the first account is intact: its password, not the second one, logs in */
	free(login(email, PW));
	r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"%s\", \"password\": \"another-password\"}", email);
	cr_assert_eq(r->status, 401);
	http_free(r);
	/* an existing user of an admin-made tenant can't sign up again either */
	{
		char *tid = mk_tenant("signup-existing"), *existing = NULL, *uid;
		char name3[128];

		uid = mk_user(tid, NULL, "member", &existing);
		snprintf(name3, sizeof(name3), "Dup Three %s", u);
		r = signup(existing, PW, name3);
		cr_assert_eq(r->status, 409, "%s", r->body);
		cr_assert(is_error(r, "conflict", "email"));
		http_free(r);
		cr_assert_eq(tenants_named(name3), 0);
		free(tid); free(existing); free(uid);
	}
}

Test(signup, validation_names_the_field)
{
	char u[64], email[128], business[128];
	struct {
		const char *body, *field;
	} cases[] = {
		{"{\"email\": \"%s\", \"business_name\": \"%s\"}", "password"},
		{"{\"email\": \"%s\", \"password\": \"short\", \"business_name\": \"%s\"}", "password"},
		{"{\"email\": \"%s\", \"password\": \"\", \"business_name\": \"%s\"}", "password"},
		{"{\"email\": \"%s\", \"password\": 12345678, \"business_name\": \"%s\"}", "password"},
		{"{\"email\": \"not-an-email%.0s\", \"password\": \"" PW "\", \"business_name\": \"%s\"}",
		    "email"},
		{"{\"email\": \"a b%s\", \"password\": \"" PW "\", \"business_name\": \"%s\"}", "email"},
		{"{\"email\": \"@%s\", \"password\": \"" PW "\", \"business_name\": \"%s\"}", "email"},
		{"{\"password\": \"" PW "%.0s\", \"business_name\": \"%s\"}", "email"},
		{"{\"email\": \"%s\", \"password\": \"" PW "\", \"business_name\": 7%.0s}", "business_name"},
		{"{\"email\": \"%s\", \"password\": \"" PW "\", \"business_name\": \"%s\", \"plan\": "
		    "\"custom\"}", "plan"},
	};
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(email, sizeof(email), "val-%s@example.com", u);
	snprintf(business, sizeof(business), "Invalid Signup %s", u);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *body = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		cr_assert(asprintf(&body, cases[i].body, email, business) > 0);
#pragma GCC diagnostic pop
		r = http("POST", "/api/v1/auth/signup", NULL, "application/json", body);
		cr_assert_eq(r->status, 400, "case %zu %s -> %ld %s", i, body, r->status, r->body);
		cr_assert(is_error(r, "validation_failed", cases[i].field), "case %zu %s -> %s", i, body,
		    r->body);
		http_free(r);
		free(body);
	}
	/* nothing was created: the e-mail is still free */
	cr_assert_eq(tenants_named(business), 0);
	r = signup(email, PW, business);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
}

Test(signup, same_business_name_gets_unique_handles)
{
	char u[64], e1[128], e2[128], e3[128], business[128], slug[128], h1[128], h2[128];
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(e1, sizeof(e1), "first-%s@example.com", u);
	snprintf(e2, sizeof(e2), "second-%s@example.com", u);
	snprintf(e3, sizeof(e3), "third-%s@example.com", u);
	snprintf(business, sizeof(business), "Bright Smile Dental %s", u);
	snprintf(slug, sizeof(slug), "bright-smile-dental-%s", u);

	r = signup(e1, PW, business);
	cr_assert_eq(r->status, 201, "%s", r->body);
	snprintf(h1, sizeof(h1), "%s", jstr(r, "tenant.handle"));
	http_free(r);
	r = signup(e2, PW, business);
	cr_assert_eq(r->status, 201, "%s", r->body);
	snprintf(h2, sizeof(h2), "%s", jstr(r, "tenant.handle"));
	cr_assert_str_eq(jstr(r, "tenant.name"), business);
	http_free(r);
	cr_assert_str_eq(h1, slug);
	cr_assert_str_neq(h1, h2);
	cr_assert(strncmp(h2, slug, strlen(slug)) == 0 && h2[strlen(slug)] == '-',
	    "second handle %s should extend %s", h2, slug);
	cr_assert_eq(tenants_named(business), 2);

	/* no business name: the e-mail names the tenant */
	r = signup(e3, PW, NULL);
	cr_assert_eq(r->status, 201, "%s", r->body);
	{
		char want[128];

		snprintf(want, sizeof(want), "third-%s", u);
		cr_assert_str_eq(jstr(r, "tenant.name"), want);
		cr_assert_str_eq(jstr(r, "tenant.handle"), want);
	}
	http_free(r);
}

/* ---- the tenant profile ---- */

/* A signed-up tenant: its id and the owner's session. */
static void
signed_up(char **tid, char **tok)
{
	char u[64], email[128], business[128];
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(email, sizeof(email), "owner-%s@example.com", u);
	snprintf(business, sizeof(business), "Profile Co %s", u);
	r = signup(email, PW, business);
	cr_assert_eq(r->status, 201, "%s", r->body);
	*tid = strdup(jstr(r, "tenant.id"));
	*tok = strdup(jstr(r, "token"));
	http_free(r);
}

Test(profile, owner_patches_every_profile_field)
{
	char *tid, *tok, *p, u[64], handle[96], *kb, *body;
	size_t kblen = 200 * 1024;
	http_resp *r;

	signed_up(&tid, &tok);
	p = pathf("/api/v1/tenants/%s", tid);
	uniq(u, sizeof(u));
	snprintf(handle, sizeof(handle), "renamed-%s", u);

	r = http_json("PATCH", p, tok, "{\"name\": \"Renamed\", \"handle\": \"%s\", \"tone\": "
	    "\"friendly\", \"timezone\": \"America/Chicago\", \"business_hours\": {\"weekly\": "
	    "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": "
	    "\"17:30\"}], \"sat\": [{\"start\": \"10:00\", \"end\": \"24:00\"}], \"sun\": []}}, "
	    "\"forwarding_phone\": \"+1 (415) 555-0100\", \"business_name\": \"Renamed LLC\", "
	    "\"tagline\": \"We fix it\", \"bio\": \"Since 1999.\", \"phone\": \"+44 20 7946 0958\", "
	    "\"website\": \"https://renamed.example/\", \"social_links\": {\"instagram\": "
	    "\"https://instagram.com/renamed\", \"x\": \"http://x.com/renamed\"}}", handle);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Renamed");
	cr_assert_str_eq(jstr(r, "handle"), handle);
	cr_assert_str_eq(jstr(r, "tone"), "friendly");
	cr_assert_str_eq(jstr(r, "timezone"), "America/Chicago");
	cr_assert_str_eq(jstr(r, "business_hours.weekly.mon.1.end"), "17:30");
	cr_assert_str_eq(jstr(r, "business_hours.weekly.sat.0.end"), "24:00");
	cr_assert_str_eq(jstr(r, "forwarding_phone"), "+14155550100");
	cr_assert_str_eq(jstr(r, "business_name"), "Renamed LLC");
	cr_assert_str_eq(jstr(r, "tagline"), "We fix it");
	cr_assert_str_eq(jstr(r, "bio"), "Since 1999.");
	cr_assert_str_eq(jstr(r, "phone"), "+442079460958");
	cr_assert_str_eq(jstr(r, "website"), "https://renamed.example/");
	cr_assert_str_eq(jstr(r, "social_links.instagram"), "https://instagram.com/renamed");
	cr_assert_str_eq(jstr(r, "social_links.x"), "http://x.com/renamed");
	http_free(r);

	/* every tone */
	const char *tones[] = {"professional", "friendly", "casual", "formal", "empathetic"};
	for (int i = 0; i < 5; i++) {
		r = http_json("PATCH", p, tok, "{\"tone\": \"%s\"}", tones[i]);
		cr_assert_eq(r->status, 200, "%s: %s", tones[i], r->body);
		cr_assert_str_eq(jstr(r, "tone"), tones[i]);
		http_free(r);
	}

	/* knowledge_base is unlimited text (up to the 1 MiB body) */
	kb = malloc(kblen + 1);
	for (size_t i = 0; i < kblen; i++)
		kb[i] = "Opening hours, prices and policies. "[i % 36];
	kb[kblen] = '\0';
	cr_assert(asprintf(&body, "{\"knowledge_base\": \"%s\"}", kb) > 0);
	r = http("PATCH", p, tok, "application/json", body);
	cr_assert_eq(r->status, 200, "%ld %.200s", r->status, r->body);
	cr_assert(jstr(r, "knowledge_base") && strcmp(jstr(r, "knowledge_base"), kb) == 0,
	    "knowledge_base came back changed");
	http_free(r);
	free(body);

	/* all of it is stored */
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(strlen(jstr(r, "knowledge_base")), kblen);
	cr_assert_str_eq(jstr(r, "name"), "Renamed");
	cr_assert_str_eq(jstr(r, "tone"), "empathetic");
	cr_assert_str_eq(jstr(r, "business_hours.weekly.mon.0.start"), "09:00");
	cr_assert_str_eq(jstr(r, "forwarding_phone"), "+14155550100");
	cr_assert_str_eq(jstr(r, "social_links.instagram"), "https://instagram.com/renamed");
	http_free(r);
	r = http("GET", "/api/v1/me", tok, NULL, NULL);
	cr_assert_str_eq(jstr(r, "tenant.handle"), handle);
	http_free(r);

	/* nullable fields clear */
	r = http_json("PATCH", p, tok, "{\"business_hours\": null, \"forwarding_phone\": null, "
	    "\"social_links\": null, \"website\": null}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert(jnull(r, "business_hours") && jnull(r, "forwarding_phone"), "%s", r->body);
	cr_assert(jnull(r, "social_links") && jnull(r, "website"), "%s", r->body);
	cr_assert_str_eq(jstr(r, "tagline"), "We fix it");
	http_free(r);

	/* over the body limit */
	free(kb);
	kblen = 1100 * 1024;
	kb = malloc(kblen + 1);
	memset(kb, 'k', kblen);
	kb[kblen] = '\0';
	cr_assert(asprintf(&body, "{\"knowledge_base\": \"%s\"}", kb) > 0);
	r = http("PATCH", p, tok, "application/json", body);
	cr_assert_eq(r->status, 413, "%ld", r->status);
	http_free(r);
	free(body);
	free(kb);
	free(tid); free(tok); free(p);
}

Test(profile, invalid_values_name_the_field_and_change_nothing)
{
	char *tid, *tok, *p, *other = mk_tenant("taken"), *op;
	char taken[128];
	http_resp *r, *before;
	struct {
		const char *body, *field;
	} cases[] = {
		{"{\"tone\": \"grumpy\"}", "tone"},
		{"{\"tone\": \"Friendly\"}", "tone"},
		{"{\"timezone\": \"Mars/Olympus_Mons\"}", "timezone"},
		{"{\"handle\": \"Bad Handle\"}", "handle"},
		{"{\"name\": \"   \"}", "name"},
		{"{\"forwarding_phone\": \"555-0100\"}", "forwarding_phone"},
		{"{\"forwarding_phone\": \"+1 415 555 01OO\"}", "forwarding_phone"},
		{"{\"phone\": \"12\"}", "phone"},
		{"{\"website\": \"ftp://files.example\"}", "website"},
		{"{\"website\": \"renamed.example\"}", "website"},
		{"{\"social_links\": {\"instagram\": \"not a url\"}}", "social_links.instagram"},
		{"{\"social_links\": {\"x\": 5}}", "social_links.x"},
		{"{\"social_links\": \"https://x.com/a\"}", "social_links"},
		{"{\"knowledge_base\": null}", "knowledge_base"},
		{"{\"knowledge_base\": 5}", "knowledge_base"},
		{"{\"business_hours\": \"9-5\"}", "business_hours"},
		{"{\"owner\": \"me\"}", "owner"},
	};
	const char *hours[] = {
		/* unknown day */
		"{\"weekly\": {\"funday\": [{\"start\": \"09:00\", \"end\": \"12:00\"}]}}",
		/* bad times */
		"{\"weekly\": {\"mon\": [{\"start\": \"9am\", \"end\": \"12:00\"}]}}",
		"{\"weekly\": {\"mon\": [{\"start\": \"09:00\", \"end\": \"25:00\"}]}}",
		"{\"weekly\": {\"mon\": [{\"start\": \"09:60\", \"end\": \"10:00\"}]}}",
		/* end before start */
		"{\"weekly\": {\"tue\": [{\"start\": \"12:00\", \"end\": \"09:00\"}]}}",
		/* overlapping */
		"{\"weekly\": {\"wed\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, "
		    "{\"start\": \"11:00\", \"end\": \"13:00\"}]}}",
		/* not a list, an interval missing its end, an extra key */
		"{\"weekly\": {\"thu\": {\"start\": \"09:00\", \"end\": \"12:00\"}}}",
		"{\"weekly\": {\"fri\": [{\"start\": \"09:00\"}]}}",
		"{\"weekly\": {\"fri\": [{\"start\": \"09:00\", \"end\": \"10:00\", \"x\": 1}]}}",
		"{\"weekly\": []}",
		"{\"daily\": {}}",
	};

	signed_up(&tid, &tok);
	p = pathf("/api/v1/tenants/%s", tid);
	op = pathf("/api/v1/tenants/%s", other);
	r = http("GET", op, admin_key(), NULL, NULL);
	snprintf(taken, sizeof(taken), "%s", jstr(r, "handle"));
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"tone\": \"casual\", \"business_hours\": {\"weekly\": "
	    "{\"mon\": [{\"start\": \"08:00\", \"end\": \"16:00\"}]}}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	before = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(before->status, 200);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = http("PATCH", p, tok, "application/json", cases[i].body);
		cr_assert_eq(r->status, 400, "%s -> %ld %s", cases[i].body, r->status, r->body);
		cr_assert(is_error(r, "validation_failed", cases[i].field), "%s -> %s", cases[i].body,
		    r->body);
		http_free(r);
	}
	for (size_t i = 0; i < sizeof(hours) / sizeof(hours[0]); i++) {
		const char *f;

		r = http_json("PATCH", p, tok, "{\"business_hours\": %s}", hours[i]);
		cr_assert_eq(r->status, 400, "%s -> %ld %s", hours[i], r->status, r->body);
		cr_assert(is_error(r, "validation_failed", NULL), "%s", r->body);
		f = jstr(r, "error.field");
		cr_assert(f && strncmp(f, "business_hours", 14) == 0, "%s -> field %s", hours[i],
		    f ? f : "(none)");
		http_free(r);
	}
	/* the day at fault is named */
	r = http_json("PATCH", p, tok, "{\"business_hours\": %s}", hours[5]);
	cr_assert_str_eq(jstr(r, "error.field"), "business_hours.weekly.wed");
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"business_hours\": %s}", hours[0]);
	cr_assert_str_eq(jstr(r, "error.field"), "business_hours.weekly.funday");
	http_free(r);

	/* a handle someone else has: 409 naming handle */
	r = http_json("PATCH", p, tok, "{\"handle\": \"%s\"}", taken);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "handle"), "%s", r->body);
	http_free(r);
	/* nor does a valid field ride along with an invalid one */
	r = http_json("PATCH", p, tok, "{\"name\": \"Half\", \"tone\": \"grumpy\"}");
	cr_assert_eq(r->status, 400);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"name\": \"Half\", \"handle\": \"%s\"}", taken);
	cr_assert_eq(r->status, 409);
	http_free(r);

	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(r->body, before->body, "a rejected PATCH changed the tenant");
	http_free(r);
	http_free(before);
	/* the other tenant keeps its handle */
	r = http("GET", op, admin_key(), NULL, NULL);
	cr_assert_str_eq(jstr(r, "handle"), taken);
	http_free(r);
	free(tid); free(tok); free(p); free(other); free(op);
}

Test(profile, status_and_plan_are_the_platform_admins)
{
	char *tid, *tok, *p, *key, *memail = NULL, *aemail = NULL, *mtok, *atok, *uid;
	http_resp *r;

	signed_up(&tid, &tok);
	p = pathf("/api/v1/tenants/%s", tid);
	key = mk_apikey(tid, tok);

	const char *forbidden[] = {"{\"status\": \"suspended\"}", "{\"plan\": \"custom\"}",
	    "{\"name\": \"Sneaky\", \"plan\": \"growth\"}", "{\"status\": \"active\"}"};
	for (int i = 0; i < 4; i++) {
		r = http("PATCH", p, tok, "application/json", forbidden[i]);
		cr_assert_eq(r->status, 403, "%s -> %ld %s", forbidden[i], r->status, r->body);
		cr_assert(is_error(r, "forbidden", NULL));
		http_free(r);
		r = http("PATCH", p, key, "application/json", forbidden[i]);
		cr_assert_eq(r->status, 403, "key: %s -> %ld %s", forbidden[i], r->status, r->body);
		http_free(r);
	}
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_str_eq(jstr(r, "plan"), "starter");
	cr_assert_str_eq(jstr(r, "status"), "active");
	cr_assert_str_neq(jstr(r, "name"), "Sneaky");
	http_free(r);

	/* a member may not edit the profile; a tenant admin and an API key may */
	uid = mk_user(tid, tok, "member", &memail);
	free(uid);
	uid = mk_user(tid, tok, "admin", &aemail);
	free(uid);
	mtok = login(memail, NULL);
	atok = login(aemail, NULL);
	r = http_json("PATCH", p, mtok, "{\"name\": \"Member was here\"}");
	cr_assert_eq(r->status, 403, "%s", r->body);
	cr_assert(is_error(r, "forbidden", NULL));
	http_free(r);
	r = http_json("PATCH", p, mtok, "{\"tone\": \"casual\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http("GET", p, mtok, NULL, NULL);
	cr_assert_eq(r->status, 200, "a member still reads the profile");
	cr_assert_str_neq(jstr(r, "name"), "Member was here");
	cr_assert_str_eq(jstr(r, "tone"), "professional");
	http_free(r);
	r = http_json("PATCH", p, atok, "{\"tone\": \"formal\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "tone"), "formal");
	http_free(r);
	r = http_json("PATCH", p, key, "{\"tagline\": \"via key\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "tagline"), "via key");
	http_free(r);

	/* the platform admin changes plan and status, and only those */
	r = http_json("PATCH", p, admin_key(), "{\"plan\": \"growth\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "plan"), "growth");
	http_free(r);
	r = http_json("PATCH", p, admin_key(), "{\"tone\": \"casual\"}");
	cr_assert_eq(r->status, 400, "%s", r->body);
	cr_assert(is_error(r, "validation_failed", "tone"));
	http_free(r);
	free(tid); free(tok); free(p); free(key); free(memail); free(aemail); free(mtok); free(atok);
}
