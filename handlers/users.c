#include <string.h>

#include "../fcgi/response.h"
#include "../lib/user.h"
#include "../lib/valid.h"
#include "handlers.h"

static const struct vfield create_fields[] = {
	{"email", V_STRING, 1, LIM_FIELD_EMAIL, 0},
	{"password", V_STRING, 1, LIM_PASSWORD_MAX, 0},
	{"role", V_STRING, 0, 16, 0},
	{"name", V_STRING, 0, LIM_FIELD_SHORT, 0},
	{NULL, 0, 0, 0, 0},
};
static const struct vfield patch_fields[] = {
	{"password", V_STRING, 0, LIM_PASSWORD_MAX, 0},
	{"role", V_STRING, 0, 16, 0},
	{"name", V_STRING, 0, LIM_FIELD_SHORT, 0},
	{NULL, 0, 0, 0, 0},
};

static fd_err
check_password(const char *pw, err_detail *d)
{
	if (pw && strlen(pw) < LIM_PASSWORD_MIN)
		return err_set(d, ERR_VALIDATION, "password", "password must be at least %d characters",
		    LIM_PASSWORD_MIN);
	return OK;
}

static fd_err
check_role(const req_t *r, const char *role, err_detail *d)
{
	if (role == NULL)
		return OK;
	if (valid_enum(user_role_names, role) < 0)
		return err_set(d, ERR_VALIDATION, "role", "role must be one of owner, admin, member");
	return OK;
	(void)r;
}

/* Only an owner (or a tenant-wide credential) may grant or take away ownership. */
static int
may_touch_owner(const req_t *r)
{
	return r->auth.kind != CRED_SESSION || strcmp(r->auth.role, "owner") == 0;
}

void
h_users_create(req_t *r)
{
	json_object *out = NULL;
	const char *email, *role;
	fd_err e;

	if (!auth_can_manage(&r->auth)) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL, "only an owner or admin may add users");
		goto out;
	}
	if ((e = valid_object(r->json, create_fields, &r->err)) != OK)
		goto out;
	email = valid_str(r->json, "email");
	role = valid_str(r->json, "role");
	if (!valid_email(email)) {
		e = err_set(&r->err, ERR_VALIDATION, "email", "email is not a valid address");
		goto out;
	}
	if ((e = check_password(valid_str(r->json, "password"), &r->err)) != OK ||
	    (e = check_role(r, role, &r->err)) != OK)
		goto out;
	if (role && strcmp(role, "owner") == 0 && !may_touch_owner(r)) {
		e = err_set(&r->err, ERR_FORBIDDEN, "role", "only an owner may add an owner");
		goto out;
	}
	e = user_create(r->db, req_path(r, "tenant_id"), email, valid_str(r->json, "password"),
	    role ? role : "member", valid_str(r->json, "name"), &out, &r->err);
out:
	h_reply(r, e, 201, out);
}

void
h_users_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;

	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	e = user_list(r->db, req_path(r, "tenant_id"), limit, cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_user_get(req_t *r)
{
	json_object *out = NULL;
	fd_err e = user_get(r->db, req_path(r, "tenant_id"), req_path(r, "user_id"), &out, NULL,
	    &r->err);

	h_reply(r, e, 200, out);
}

void
h_user_patch(req_t *r)
{
	json_object *out = NULL;
	const char *tid = req_path(r, "tenant_id"), *uid = req_path(r, "user_id");
	const char *role, *pw;
	char cur_role[16];
	int self = r->auth.kind == CRED_SESSION && strcmp(r->auth.user_id, uid) == 0;
	fd_err e;

	if ((e = valid_object(r->json, patch_fields, &r->err)) != OK)
		goto out;
	role = valid_str(r->json, "role");
	pw = valid_str(r->json, "password");
	if ((e = check_password(pw, &r->err)) != OK || (e = check_role(r, role, &r->err)) != OK)
		goto out;
	if ((e = user_get(r->db, tid, uid, NULL, cur_role, &r->err)) != OK)
		goto out;
	if (!auth_can_manage(&r->auth) && !(self && role == NULL)) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL,
		    "members may change only their own name and password");
		goto out;
	}
	if (role && (strcmp(role, "owner") == 0 || strcmp(cur_role, "owner") == 0) &&
	    strcmp(role, cur_role) != 0 && !may_touch_owner(r)) {
		e = err_set(&r->err, ERR_FORBIDDEN, "role", "only an owner may change ownership");
		goto out;
	}
	e = user_update(r->db, tid, uid, valid_str(r->json, "name"), role, pw, &out, &r->err);
out:
	h_reply(r, e, 200, out);
}

void
h_user_delete(req_t *r)
{
	const char *tid = req_path(r, "tenant_id"), *uid = req_path(r, "user_id");
	char cur_role[16];
	fd_err e;

	if (!auth_can_manage(&r->auth)) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL, "only an owner or admin may remove users");
		goto out;
	}
	if ((e = user_get(r->db, tid, uid, NULL, cur_role, &r->err)) != OK)
		goto out;
	if (strcmp(cur_role, "owner") == 0 && !may_touch_owner(r)) {
		e = err_set(&r->err, ERR_FORBIDDEN, NULL, "only an owner may remove an owner");
		goto out;
	}
	e = user_delete(r->db, tid, uid, &r->err);
out:
	h_reply(r, e, 204, NULL);
}
