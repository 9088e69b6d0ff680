#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "phone.h"
#include "uuid.h"

static const char *const providers[] = {"generic", "twilio", NULL};

static fd_err
check_did(const char *f, json_object *v, err_detail *d)
{
	char e164[17];

	if (!valid_e164(json_object_get_string(v), e164))
		return err_set(d, ERR_VALIDATION, f, "did_number must be an E.164 number like +14155550100");
	return OK;
}

static fd_err
check_provider(const char *f, json_object *v, err_detail *d)
{
	if (valid_enum(providers, json_object_get_string(v)) < 0)
		return err_set(d, ERR_VALIDATION, f, "provider must be generic or twilio");
	return OK;
}

static const struct crud_col phone_cols[] = {
	{"did_number", 's', CRUD_W | CRUD_REQ, 32, check_did},
	{"provider", 's', CRUD_W, 16, check_provider},
	{"provider_sid", 's', CRUD_W | CRUD_NULL, 64, NULL},
	{"agent_id", 's', CRUD_W | CRUD_NULL, 40, NULL},
	{"is_active", 'b', CRUD_W, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res phone_res = {"phone_numbers", "phone number", phone_cols, "did_number"};

/* Normalise did_number in a private copy and check agent_id ownership. */
static fd_err
prepare(db_t *db, const char *tenant_id, json_object *body, int creating, json_object **copy,
    err_detail *d)
{
	const char *did, *agent;
	char e164[17];
	fd_err e;
	int ok;

	*copy = NULL;
	if ((e = crud_validate(&phone_res, body, creating, d)) != OK)
		return e;
	if (json_object_deep_copy(body, copy, NULL) != 0 || *copy == NULL)
		*copy = json_object_new_object();
	if ((did = valid_str(*copy, "did_number")) && valid_e164(did, e164))
		json_object_object_add(*copy, "did_number", json_object_new_string(e164));
	if ((agent = valid_str(*copy, "agent_id")) != NULL) {
		/* another tenant's agent is "not found", exactly like a missing one */
		if ((ok = crud_exists(db, "agents", tenant_id, agent)) < 0)
			return crud_db_failed(db, "phone number", d);
		if (!ok)
			return err_set(d, ERR_NOT_FOUND, "agent_id", "agent not found");
	}
	return OK;
}

fd_err
phone_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d)
{
	json_object *copy = NULL;
	fd_err e = prepare(db, tenant_id, body, 1, &copy, d);

	if (e == OK)
		e = crud_insert(db, &phone_res, tenant_id, copy, NULL, out, d);
	if (copy)
		json_object_put(copy);
	return e;
}

fd_err
phone_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d)
{
	json_object *copy = NULL;
	fd_err e;

	if (!uuid_valid(id) || crud_exists(db, "phone_numbers", tenant_id, id) == 0)
		return err_set(d, ERR_NOT_FOUND, NULL, "phone number not found");
	if ((e = prepare(db, tenant_id, body, 0, &copy, d)) == OK)
		e = crud_update(db, &phone_res, tenant_id, id, copy, out, d);
	if (copy)
		json_object_put(copy);
	return e;
}

fd_err
phone_lookup(db_t *db, const char *number, char tenant_id[40], char agent_id[40],
    err_detail *d)
{
	char e164[17];
	db_stmt *st;
	int rc;

	tenant_id[0] = agent_id[0] = '\0';
	if (!valid_e164(number, e164))
		return err_set(d, ERR_NOT_FOUND, NULL, "number not in service");
	st = db_queryf(db, "SELECT p.tenant_id, COALESCE(p.agent_id, "
	    "(SELECT a.id FROM agents a WHERE a.tenant_id = p.tenant_id AND a.is_default = ?)) "
	    "FROM phone_numbers p JOIN tenants t ON t.id = p.tenant_id "
	    "WHERE p.did_number = ? AND p.is_active = ? AND t.status = 'active'", "bsb", 1, e164, 1);
	if (st == NULL)
		return crud_db_failed(db, "phone lookup", d);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(tenant_id, 40, "%s", db_col_text(st, 0));
		if (!db_col_null(st, 1))
			snprintf(agent_id, 40, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "number not in service");
	return rc == DB_ROW ? OK : crud_db_failed(db, "phone lookup", d);
}
