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

void
h_auth_login(req_t *r)
{
	json_object *out = NULL, *user = NULL, *tenant = NULL;
	char uid[40], tid[40], token[96], expires[24], cookie[256];
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
	out = json_object_new_object();
	json_object_object_add(out, "token", json_object_new_string(token));
	json_object_object_add(out, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(out, "expires_at", json_object_new_string(expires));
	json_object_object_add(out, "user", user);
	json_object_object_add(out, "tenant", tenant);
	user = tenant = NULL;
	snprintf(cookie, sizeof(cookie), "fd_session=%s; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=%d%s", token, g_config.session_ttl_s, g_config.production ? "; Secure" : "");
	req_add_header(r, "Set-Cookie", cookie);
	explicit_bzero(token, sizeof(token));
	explicit_bzero(cookie, sizeof(cookie));
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
