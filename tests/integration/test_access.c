/* Credentials and tenancy: API keys, users, sessions, and isolation between
 * tenants (another tenant's id answers exactly like a missing one). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "http.h"

Test(access, api_key_shown_once_hashed_and_revocable)
{
	char *tid = mk_tenant("keys");
	char *p = pathf("/api/v1/tenants/%s/api-keys%s", tid, "");
	http_resp *r = http_json("POST", p, admin_key(), "{\"label\": \"pos\"}");
	char *key, *kid, *del, *me;

	cr_assert_eq(r->status, 201, "%s", r->body);
	key = strdup(jstr(r, "key"));
	kid = strdup(jstr(r, "id"));
	cr_assert(strncmp(key, "fdk_", 4) == 0 && strlen(key) == 47, "%s", key);
	cr_assert_str_eq(jstr(r, "label"), "pos");
	http_free(r);

	/* works, and is never shown again */
	me = pathf("/api/v1/tenants/%s%s", tid, "");
	r = http("GET", me, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	r = http("GET", p, key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert(strstr(r->body, key) == NULL, "list leaks the secret");
	cr_assert(strstr(r->body, "\"key\"") == NULL);
	cr_assert(strstr(r->body, kid) != NULL);
	cr_assert(jstr(r, "items.0.last_used_at") != NULL, "last_used_at kept: %s", r->body);
	http_free(r);

	del = pathf("/api/v1/tenants/%s/api-keys/%s", tid, kid);
	r = http("DELETE", del, admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", me, key, NULL, NULL);
	cr_assert_eq(r->status, 401, "revoked key still works");
	http_free(r);
	r = http("GET", p, admin_key(), NULL, NULL);
	cr_assert(jstr(r, "items.0.revoked_at") != NULL);
	http_free(r);
	free(tid); free(p); free(key); free(kid); free(del); free(me);
}

Test(access, users_login_me_logout)
{
	char *tid = mk_tenant("users"), *email = NULL, *upper, *tok, *p;
	char *uid = mk_user(tid, NULL, "owner", &email);
	http_resp *r;

	/* e-mail is unique case-insensitively */
	upper = strdup(email);
	for (char *c = upper; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 32);
	p = pathf("/api/v1/tenants/%s/users%s", tid, "");
	r = http_json("POST", p, admin_key(), "{\"email\": \"%s\", \"password\": \"whatever-1\"}",
	    upper);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "email"));
	http_free(r);

	/* login with any case; wrong password and unknown e-mail look the same */
	tok = login(upper, NULL);
	cr_assert(strncmp(tok, "fds_", 4) == 0);
	r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"%s\", \"password\": \"wrong-password\"}", email);
	cr_assert_eq(r->status, 401);
	http_free(r);
	r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"nobody-%s\", \"password\": \"wrong-password\"}", email);
	cr_assert_eq(r->status, 401);
	http_free(r);
	r = http_json("POST", "/api/v1/auth/login", NULL, "{\"email\": \"%s\"}", email);
	cr_assert(is_error(r, "validation_failed", "password"));
	http_free(r);

	r = http("GET", "/api/v1/me", tok, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "user.id"), uid);
	cr_assert_str_eq(jstr(r, "user.email"), email);
	cr_assert_str_eq(jstr(r, "tenant.id"), tid);
	cr_assert_str_eq(jstr(r, "credential.type"), "session");
	cr_assert(strstr(r->body, "password") == NULL);
	http_free(r);

	r = http("POST", "/api/v1/auth/logout", tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", "/api/v1/me", tok, NULL, NULL);
	cr_assert_eq(r->status, 401, "session survives logout");
	http_free(r);
	free(tid); free(email); free(upper); free(tok); free(p); free(uid);
}

Test(access, user_crud_and_roles)
{
	char *tid = mk_tenant("roles"), *oemail = NULL, *memail = NULL;
	char *owner = mk_user(tid, NULL, "owner", &oemail);
	char *otok = login(oemail, NULL);
	char *member = mk_user(tid, otok, "member", &memail);
	char *mtok = login(memail, NULL);
	char *p = pathf("/api/v1/tenants/%s/users/%s", tid, member);
	char *po = pathf("/api/v1/tenants/%s/users/%s", tid, owner);
	char *list = pathf("/api/v1/tenants/%s/users%s", tid, "");
	http_resp *r;

	/* a member may read, and change their own name, but not manage */
	r = http("GET", list, mtok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert(strstr(r->body, owner) && strstr(r->body, member));
	cr_assert(strstr(r->body, "password") == NULL);
	http_free(r);
	r = http_json("PATCH", p, mtok, "{\"name\": \"Mia\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Mia");
	http_free(r);
	r = http_json("PATCH", p, mtok, "{\"role\": \"admin\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http_json("POST", list, mtok, "{\"email\": \"x@y.example\", \"password\": \"password1\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http("DELETE", po, mtok, NULL, NULL);
	cr_assert_eq(r->status, 403);
	http_free(r);

	/* validation */
	r = http_json("PATCH", p, otok, "{\"role\": \"boss\"}");
	cr_assert(is_error(r, "validation_failed", "role"));
	http_free(r);
	r = http_json("PATCH", p, otok, "{\"password\": \"short\"}");
	cr_assert(is_error(r, "validation_failed", "password"));
	http_free(r);
	r = http_json("POST", list, otok, "{\"email\": \"not-an-email\", \"password\": \"password1\"}");
	cr_assert(is_error(r, "validation_failed", "email"));
	http_free(r);

	/* the last owner can be neither demoted nor removed */
	r = http_json("PATCH", po, otok, "{\"role\": \"member\"}");
	cr_assert_eq(r->status, 409, "%s", r->body);
	http_free(r);
	r = http("DELETE", po, otok, NULL, NULL);
	cr_assert_eq(r->status, 409);
	http_free(r);

	/* an owner may promote; the member's password change ends old sessions */
	r = http_json("PATCH", p, otok, "{\"role\": \"admin\", \"password\": \"new-password-9\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "role"), "admin");
	http_free(r);
	r = http("GET", "/api/v1/me", mtok, NULL, NULL);
	cr_assert_eq(r->status, 401);
	http_free(r);

	r = http("DELETE", p, otok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", p, otok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(tid); free(oemail); free(memail); free(owner); free(otok); free(member); free(mtok);
	free(p); free(po); free(list);
}

Test(access, tenant_owner_patches_profile_not_status_or_plan)
{
	char *tid = mk_tenant("profile"), *email = NULL;
	char *uid = mk_user(tid, NULL, "owner", &email);
	char *tok = login(email, NULL);
	char *p = pathf("/api/v1/tenants/%s%s", tid, "");
	http_resp *r;

	r = http_json("PATCH", p, tok, "{\"name\": \"New Name\", \"timezone\": \"Europe/Berlin\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "New Name");
	cr_assert_str_eq(jstr(r, "timezone"), "Europe/Berlin");
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"status\": \"active\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"plan\": \"custom\"}");
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_str_eq(jstr(r, "plan"), "starter");
	http_free(r);
	free(tid); free(email); free(uid); free(tok); free(p);
}

/* Tenant A's key and session against tenant B's ids: always 404, never a change. */
Test(access, isolation_matrix)
{
	char *a = mk_tenant("iso-a"), *b = mk_tenant("iso-b"), *aemail = NULL, *bemail = NULL;
	char *akey = mk_apikey(a, NULL), *bkey = mk_apikey(b, NULL);
	char *auid = mk_user(a, NULL, "owner", &aemail), *buid = mk_user(b, NULL, "owner", &bemail);
	char *asess = login(aemail, NULL);
	const char *creds[] = {akey, asess};
	char bkid[64];
	http_resp *r;

	r = http("GET", pathf("/api/v1/tenants/%s/api-keys%s", b, ""), bkey, NULL, NULL);
	snprintf(bkid, sizeof(bkid), "%s", jstr(r, "items.0.id"));
	http_free(r);

	for (int c = 0; c < 2; c++) {
		const char *t = creds[c];
		struct {
			const char *method, *path, *body;
		} reqs[] = {
			{"GET", pathf("/api/v1/tenants/%s%s", b, ""), NULL},
			{"PATCH", pathf("/api/v1/tenants/%s%s", b, ""), "{\"name\": \"pwned\"}"},
			{"GET", pathf("/api/v1/tenants/%s/users%s", b, ""), NULL},
			{"POST", pathf("/api/v1/tenants/%s/users%s", b, ""),
			    "{\"email\": \"intruder@x.example\", \"password\": \"password1\"}"},
			{"GET", pathf("/api/v1/tenants/%s/users/%s", b, buid), NULL},
			{"PATCH", pathf("/api/v1/tenants/%s/users/%s", b, buid), "{\"name\": \"pwned\"}"},
			{"DELETE", pathf("/api/v1/tenants/%s/users/%s", b, buid), NULL},
			{"GET", pathf("/api/v1/tenants/%s/api-keys%s", b, ""), NULL},
			{"POST", pathf("/api/v1/tenants/%s/api-keys%s", b, ""), "{}"},
			{"DELETE", pathf("/api/v1/tenants/%s/api-keys/%s", b, bkid), NULL},
			/* B's ids under A's own tenant path */
			{"GET", pathf("/api/v1/tenants/%s/users/%s", a, buid), NULL},
			{"PATCH", pathf("/api/v1/tenants/%s/users/%s", a, buid), "{\"name\": \"pwned\"}"},
			{"DELETE", pathf("/api/v1/tenants/%s/users/%s", a, buid), NULL},
			{"DELETE", pathf("/api/v1/tenants/%s/api-keys/%s", a, bkid), NULL},
		};
		for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
			r = http(reqs[i].method, reqs[i].path, t,
			    reqs[i].body ? "application/json" : NULL, reqs[i].body);
			cr_assert_eq(r->status, 404, "cred %d: %s %s -> %ld %s", c, reqs[i].method,
			    reqs[i].path, r->status, r->body);
			cr_assert(is_error(r, "not_found", NULL));
			http_free(r);
			free((char *)reqs[i].path);
		}
	}
	/* B is untouched */
	r = http("GET", pathf("/api/v1/tenants/%s%s", b, ""), bkey, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_neq(jstr(r, "name"), "pwned");
	http_free(r);
	r = http("GET", pathf("/api/v1/tenants/%s/users/%s", b, buid), bkey, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_neq(jstr(r, "name"), "pwned");
	http_free(r);
	r = http("GET", pathf("/api/v1/tenants/%s/users%s", b, ""), bkey, NULL, NULL);
	cr_assert(strstr(r->body, "intruder") == NULL);
	http_free(r);
	r = http("GET", "/api/v1/me", bkey, NULL, NULL);
	cr_assert_eq(r->status, 200, "B's key must survive A's delete attempts");
	http_free(r);
	/* A's lists never show B's rows */
	r = http("GET", pathf("/api/v1/tenants/%s/users%s", a, ""), akey, NULL, NULL);
	cr_assert(strstr(r->body, buid) == NULL && strstr(r->body, b) == NULL);
	http_free(r);
	free(a); free(b); free(aemail); free(bemail); free(akey); free(bkey); free(auid);
	free(buid); free(asess);
}

Test(access, suspended_is_403_and_deleted_is_404)
{
	char *tid = mk_tenant("status"), *email = NULL;
	char *uid = mk_user(tid, NULL, "owner", &email);
	char *key = mk_apikey(tid, NULL), *tok = login(email, NULL);
	char *p = pathf("/api/v1/tenants/%s%s", tid, "");
	http_resp *r;

	r = http_json("PATCH", p, admin_key(), "{\"status\": \"suspended\"}");
	cr_assert_eq(r->status, 200);
	http_free(r);
	r = http("GET", p, key, NULL, NULL);
	cr_assert_eq(r->status, 403, "%s", r->body);
	cr_assert(is_error(r, "forbidden", NULL));
	http_free(r);
	r = http("GET", "/api/v1/me", tok, NULL, NULL);
	cr_assert_eq(r->status, 403);
	http_free(r);
	r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"%s\", \"password\": \"correct-horse-battery\"}", email);
	cr_assert_eq(r->status, 403);
	http_free(r);

	r = http_json("PATCH", p, admin_key(), "{\"status\": \"deleted\"}");
	cr_assert_eq(r->status, 200);
	http_free(r);
	r = http("GET", p, key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	r = http("GET", p, admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200, "the admin still sees a deleted tenant");
	cr_assert_str_eq(jstr(r, "status"), "deleted");
	http_free(r);
	free(tid); free(email); free(uid); free(key); free(tok); free(p);
}

Test(access, session_cookie_is_http_only)
{
	char *tid = mk_tenant("cookie"), *email = NULL;
	char *uid = mk_user(tid, NULL, "admin", &email);
	http_resp *r = http_json("POST", "/api/v1/auth/login", NULL,
	    "{\"email\": \"%s\", \"password\": \"correct-horse-battery\"}", email);
	char sc[512], hdr[600];

	cr_assert_eq(r->status, 200);
	cr_assert(resp_header(r, "Set-Cookie", sc, sizeof(sc)) != NULL);
	cr_assert(strstr(sc, "HttpOnly") && strstr(sc, "SameSite=Strict"), "%s", sc);
	snprintf(hdr, sizeof(hdr), "Cookie: %.*s", (int)strcspn(sc, ";"), sc);
	http_free(r);
	const char *h[] = {hdr, NULL};
	r = http_hdr("GET", "/api/v1/me", h, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "user.id"), uid);
	http_free(r);
	free(tid); free(email); free(uid);
}

Test(access, admin_me_and_logout_needs_session)
{
	char *tid = mk_tenant("meadmin"), *key = mk_apikey(tid, NULL);
	http_resp *r = http("GET", "/api/v1/me", admin_key(), NULL, NULL);

	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "credential.type"), "admin");
	http_free(r);
	r = http("GET", "/api/v1/me", key, NULL, NULL);
	cr_assert_str_eq(jstr(r, "credential.type"), "api_key");
	cr_assert_str_eq(jstr(r, "tenant.id"), tid);
	http_free(r);
	r = http("POST", "/api/v1/auth/logout", key, NULL, NULL);
	cr_assert_eq(r->status, 403);
	http_free(r);
	free(tid); free(key);
}
