#include <stdio.h>
#include <string.h>

#include "../fcgi/response.h"
#include "../lib/config.h"
#include "../lib/tenant.h"
#include "../lib/user.h"
#include "../lib/valid.h"
#include "handlers.h"

static const struct vfield login_fields[] = {
	{"email", V_STRING, 1, LIM_FIELD_EMAIL, 0},
	{"password", V_STRING, 1, LIM_PASSWORD_MAX, 0},
	{NULL, 0, 0, 0, 0},
};

/* The login/signup answer: token, expiry, user, tenant; and the session cookie. */
static json_object *
session_reply(req_t *r, const char *token, const char *expires, json_object *user,
    json_object *tenant)
{
	json_object *out = json_object_new_object();
	char cookie[256];

	json_object_object_add(out, "token", json_object_new_string(token));
	json_object_object_add(out, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(out, "expires_at", json_object_new_string(expires));
	json_object_object_add(out, "user", user);
	json_object_object_add(out, "tenant", tenant);
	snprintf(cookie, sizeof(cookie), "fd_session=%s; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=%d%s", token, g_config.session_ttl_s, g_config.production ? "; Secure" : "");
	req_add_header(r, "Set-Cookie", cookie);
	explicit_bzero(cookie, sizeof(cookie));
	return out;
}

static const struct vfield signup_fields[] = {
	{"email", V_STRING, 1, LIM_FIELD_EMAIL, 0},
	{"password", V_STRING, 1, LIM_PASSWORD_MAX, 0},
	{"business_name", V_STRING, 0, LIM_FIELD_SHORT, 0},
	{NULL, 0, 0, 0, 0},
};

/* A new business: tenant, owner and session in one transaction. */
void
h_auth_signup(req_t *r)
{
	json_object *out = NULL, *user = NULL, *tenant = NULL, *profile = NULL;
	const char *email, *pw, *bname;
	char token[96], expires[24], name[LIM_FIELD_SHORT + 1], tid[40];
	fd_err e;
	int in_tx = 0;

	if (!g_config.allow_signup) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL, "sign-up is closed on this installation");
		goto out;
	}
	if ((e = valid_object(r->json, signup_fields, &r->err)) != OK)
		goto out;
	email = valid_str(r->json, "email");
	pw = valid_str(r->json, "password");
	bname = valid_str(r->json, "business_name");
	if (!valid_email(email)) {
		e = err_set(&r->err, ERR_VALIDATION, "email", "email is not a valid address");
		goto out;
	}
	if (strlen(pw) < LIM_PASSWORD_MIN) {
		e = err_set(&r->err, ERR_VALIDATION, "password", "password must be at least %d characters",
		    LIM_PASSWORD_MIN);
		goto out;
	}
	if (bname && strspn(bname, " \t\r\n") < strlen(bname))
		snprintf(name, sizeof(name), "%s", bname);
	else /* no business name: the e-mail's local part names the tenant */
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(email, "@"), email);
	if (db_begin(r->db) != DB_DONE) {
		e = err_set(&r->err, ERR_INTERNAL, NULL, "internal error");
		goto out;
	}
	in_tx = 1;
	if ((e = tenant_create(r->db, name, NULL, "UTC", "starter", "active", &tenant, &r->err)) != OK)
		goto out;
	snprintf(tid, sizeof(tid), "%s", json_object_get_string(json_object_object_get(tenant, "id")));
	json_object_put(tenant);
	tenant = NULL;
	profile = json_object_new_object();
	json_object_object_add(profile, "business_name", json_object_new_string(name));
	if ((e = tenant_update(r->db, tid, profile, &tenant, &r->err)) != OK ||
	    (e = user_create(r->db, tid, email, pw, "owner", "", &user, &r->err)) != OK ||
	    (e = auth_session_create(r->db, tid, json_object_get_string(json_object_object_get(user,
	    "id")), token, expires, &r->err)) != OK)
		goto out;
	if (db_commit(r->db) != DB_DONE) {
		e = err_set(&r->err, ERR_INTERNAL, NULL, "internal error");
		goto out;
	}
	in_tx = 0;
	snprintf(r->log_tenant, sizeof(r->log_tenant), "%s", tid);
	out = session_reply(r, token, expires, user, tenant);
	user = tenant = NULL;
	explicit_bzero(token, sizeof(token));
out:
	if (in_tx)
		db_rollback(r->db);
	if (user)
		json_object_put(user);
	if (tenant)
		json_object_put(tenant);
	if (profile)
		json_object_put(profile);
	h_reply(r, e, 201, out);
}

void
h_auth_login(req_t *r)
{
	json_object *out = NULL, *user = NULL, *tenant = NULL;
	char uid[40], tid[40], token[96], expires[24];
	tenant_row t;
	fd_err e;

	if ((e = valid_object(r->json, login_fields, &r->err)) != OK)
		goto out;
	if ((e = user_authenticate(r->db, valid_str(r->json, "email"),
	    valid_str(r->json, "password"), uid, tid, &r->err)) != OK)
		goto out;
	if ((e = tenant_get(r->db, tid, &t, &tenant, &r->err)) != OK)
		goto out;
	if (strcmp(t.status, "deleted") == 0) {
		e = err_set(&r->err, ERR_UNAUTHORIZED, NULL, "invalid email or password");
		goto out;
	}
	if (strcmp(t.status, "suspended") == 0) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL, "this account is suspended");
		goto out;
	}
	if ((e = user_get(r->db, tid, uid, &user, NULL, &r->err)) != OK ||
	    (e = auth_session_create(r->db, tid, uid, token, expires, &r->err)) != OK)
		goto out;
	snprintf(r->log_tenant, sizeof(r->log_tenant), "%s", tid);
	out = session_reply(r, token, expires, user, tenant);
	user = tenant = NULL;
	explicit_bzero(token, sizeof(token));
out:
	if (user)
		json_object_put(user);
	if (tenant)
		json_object_put(tenant);
	h_reply(r, e, 200, out);
}

void
h_auth_logout(req_t *r)
{
	fd_err e = auth_session_revoke(r->db, r->auth.cred_id, &r->err);

	if (e == OK)
		req_add_header(r, "Set-Cookie", "fd_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	h_reply(r, e, 204, NULL);
}

void
h_me(req_t *r)
{
	json_object *out = json_object_new_object(), *cred = json_object_new_object();
	json_object *tenant = NULL, *user = NULL;
	static const char *kinds[] = {"none", "admin", "api_key", "session"};
	fd_err e = OK;

	json_object_object_add(cred, "type", json_object_new_string(kinds[r->auth.kind]));
	if (r->auth.cred_id[0])
		json_object_object_add(cred, "id", json_object_new_string(r->auth.cred_id));
	json_object_object_add(out, "credential", cred);
	if (r->auth.kind != CRED_ADMIN) {
		if ((e = tenant_get(r->db, r->auth.tenant_id, NULL, &tenant, &r->err)) != OK)
			goto out;
		json_object_object_add(out, "tenant", tenant);
	}
	if (r->auth.kind == CRED_SESSION) {
		if ((e = user_get(r->db, r->auth.tenant_id, r->auth.user_id, &user, NULL, &r->err)) != OK)
			goto out;
		json_object_object_add(out, "user", user);
	}
out:
	h_reply(r, e, 200, out);
}
