#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "log.h"
#include "limits.h"
#include "uuid.h"

const char *const channel_names[] = {"web", "sms", "phone", "whatsapp", "instagram",
    "messenger", "chatgpt", NULL};
static const char *const agent_roles[] = {"receptionist", "sales", "support", "dispatcher",
    "custom", NULL};

static fd_err
check_role(const char *f, json_object *v, err_detail *d)
{
	if (valid_enum(agent_roles, json_object_get_string(v)) < 0)
		return err_set(d, ERR_VALIDATION, f,
		    "role must be one of receptionist, sales, support, dispatcher, custom");
	return OK;
}

static fd_err
check_language(const char *f, json_object *v, err_detail *d)
{
	if (!valid_bcp47(json_object_get_string(v)))
		return err_set(d, ERR_VALIDATION, f, "language must be a BCP-47 tag like en-US");
	return OK;
}

/* {"web": {"enabled": true, ...}, "phone": {"enabled": true, "phone_number": "+1..."}} */
static fd_err
check_channels(const char *f, json_object *v, err_detail *d)
{
	char field[96];

	if (!json_object_is_type(v, json_type_object))
		return err_set(d, ERR_VALIDATION, f, "channels must be an object keyed by channel");
	json_object_object_foreach(v, ch, cfg) {
		snprintf(field, sizeof(field), "channels.%.40s", ch);
		if (valid_enum(channel_names, ch) < 0)
			return err_set(d, ERR_VALIDATION, field, "unknown channel '%.40s'", ch);
		if (!json_object_is_type(cfg, json_type_object))
			return err_set(d, ERR_VALIDATION, field, "a channel's settings must be an object");
		json_object_object_foreach(cfg, k, val) {
			snprintf(field, sizeof(field), "channels.%.20s.%.40s", ch, k);
			if (strcmp(k, "enabled") == 0) {
				if (!json_object_is_type(val, json_type_boolean))
					return err_set(d, ERR_VALIDATION, field, "enabled must be a boolean");
			} else if (strcmp(k, "phone_number") == 0) {
				char e164[17];

				if (!json_object_is_type(val, json_type_string) ||
				    !valid_e164(json_object_get_string(val), e164))
					return err_set(d, ERR_VALIDATION, field, "phone_number must be E.164");
			} else if (!json_object_is_type(val, json_type_string) &&
			    !json_object_is_type(val, json_type_boolean) &&
			    !json_object_is_type(val, json_type_int))
				return err_set(d, ERR_VALIDATION, field,
				    "channel settings are strings, numbers or booleans");
		}
	}
	return OK;
}

static const struct crud_col agent_cols[] = {
	{"name", 's', CRUD_W | CRUD_REQ, LIM_FIELD_SHORT, NULL},
	{"role", 's', CRUD_W, 32, check_role},
	{"system_prompt", 's', CRUD_W | CRUD_REQ, 20000, NULL},
	{"greeting", 's', CRUD_W, 2000, NULL},
	{"language", 's', CRUD_W, 35, check_language},
	{"voice", 's', CRUD_W, 100, NULL},
	{"channels", 'j', CRUD_W, 0, check_channels},
	{"is_default", 'b', CRUD_W, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res agent_res = {"agents", "agent", agent_cols, NULL};

static int
count_agents(db_t *db, const char *tenant_id)
{
	db_stmt *st = db_queryf(db, "SELECT COUNT(*) FROM agents WHERE tenant_id = ?", "s", tenant_id);
	int n = -1;

	if (st && db_step(st) == DB_ROW)
		n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static int
unset_default(db_t *db, const char *tenant_id)
{
	return db_runf(db, "UPDATE agents SET is_default = ? WHERE tenant_id = ? AND is_default = ?",
	    "bsb", 0, tenant_id, 1);
}

static int
is_true(json_object *body, const char *k)
{
	json_object *v;

	return body && json_object_object_get_ex(body, k, &v) && v &&
	    json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

fd_err
agent_create(db_t *db, const char *tenant_id, json_object *body, json_object **out, err_detail *d)
{
	json_object *extra = NULL;
	fd_err e;
	int n;

	if ((e = crud_validate(&agent_res, body, 1, d)) != OK)
		return e;
	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "agent", d);
	if (crud_lock_tenant(db, tenant_id) != DB_DONE || (n = count_agents(db, tenant_id)) < 0) {
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	extra = json_object_new_object();
	if (n == 0 || is_true(body, "is_default")) {
		if (n > 0 && unset_default(db, tenant_id) != DB_DONE) {
			e = crud_db_failed(db, "agent", d);
			goto fail;
		}
		json_object_object_add(extra, "is_default", json_object_new_boolean(1));
	} else
		json_object_object_add(extra, "is_default", json_object_new_boolean(0));
	if ((e = crud_insert(db, &agent_res, tenant_id, body, extra, out, d)) != OK)
		goto fail;
	if (db_commit(db) != DB_DONE) {
		json_object_put(*out);
		*out = NULL;
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	json_object_put(extra);
	return OK;
fail:
	json_object_put(extra);
	db_rollback(db);
	return e;
}

fd_err
agent_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d)
{
	json_object *cur = NULL, *v;
	fd_err e;

	if ((e = crud_validate(&agent_res, body, 0, d)) != OK)
		return e;
	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "agent", d);
	if (crud_lock_tenant(db, tenant_id) != DB_DONE) {
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	if ((e = crud_get(db, &agent_res, tenant_id, id, &cur, d)) != OK)
		goto fail;
	if (body && json_object_object_get_ex(body, "is_default", &v) && v) {
		int want = json_object_get_boolean(v);
		int was = json_object_get_boolean(json_object_object_get(cur, "is_default"));

		if (!want && was) {
			e = err_set(d, ERR_CONFLICT, "is_default",
			    "a tenant with agents always has a default: make another agent the default");
			goto fail;
		}
		if (want && !was && unset_default(db, tenant_id) != DB_DONE) {
			e = crud_db_failed(db, "agent", d);
			goto fail;
		}
	}
	if ((e = crud_update(db, &agent_res, tenant_id, id, body, out, d)) != OK)
		goto fail;
	if (db_commit(db) != DB_DONE) {
		json_object_put(*out);
		*out = NULL;
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	json_object_put(cur);
	return OK;
fail:
	json_object_put(cur);
	db_rollback(db);
	return e;
}

fd_err
agent_delete(db_t *db, const char *tenant_id, const char *id, err_detail *d)
{
	json_object *cur = NULL;
	fd_err e;

	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "agent", d);
	if (crud_lock_tenant(db, tenant_id) != DB_DONE) {
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	if ((e = crud_get(db, &agent_res, tenant_id, id, &cur, d)) != OK ||
	    (e = crud_delete(db, &agent_res, tenant_id, id, d)) != OK)
		goto fail;
	if (json_object_get_boolean(json_object_object_get(cur, "is_default")) &&
	    db_runf(db, "UPDATE agents SET is_default = ? WHERE id = (SELECT id FROM agents "
	    "WHERE tenant_id = ? ORDER BY id LIMIT 1)", "bs", 1, tenant_id) != DB_DONE) {
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	if (db_commit(db) != DB_DONE) {
		e = crud_db_failed(db, "agent", d);
		goto fail;
	}
	json_object_put(cur);
	return OK;
fail:
	json_object_put(cur);
	db_rollback(db);
	return e;
}

fd_err
agent_default(db_t *db, const char *tenant_id, char out[40], err_detail *d)
{
	db_stmt *st = db_queryf(db, "SELECT id FROM agents WHERE tenant_id = ? AND is_default = ?",
	    "sb", tenant_id, 1);
	int rc;

	if (st == NULL)
		return crud_db_failed(db, "agent", d);
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(out, 40, "%s", db_col_text(st, 0));
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "no default agent");
	return rc == DB_ROW ? OK : crud_db_failed(db, "agent", d);
}
