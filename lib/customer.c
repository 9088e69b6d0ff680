#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "limits.h"

static fd_err
check_phone(const char *f, json_object *v, err_detail *d)
{
	char e164[17];

	if (!valid_e164(json_object_get_string(v), e164))
		return err_set(d, ERR_VALIDATION, f, "phone must be an E.164 number like +14155550100");
	return OK;
}

static fd_err
check_email(const char *f, json_object *v, err_detail *d)
{
	if (!valid_email(json_object_get_string(v)))
		return err_set(d, ERR_VALIDATION, f, "email is not a valid address");
	return OK;
}

static const struct crud_col customer_cols[] = {
	{"name", 's', CRUD_W, LIM_FIELD_SHORT, NULL},
	{"phone", 's', CRUD_W | CRUD_NULL, 32, check_phone},
	{"email", 's', CRUD_W | CRUD_NULL, LIM_FIELD_EMAIL, check_email},
	{"notes", 's', CRUD_W, 20000, NULL},
	{"last_contact_at", 's', 0, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res customer_res = {"customers", "customer", customer_cols, "phone"};

/* Normalise phone (E.164) and e-mail (lower case) in a private copy. */
static json_object *
normalised(json_object *body)
{
	json_object *copy = NULL;
	const char *p, *e;
	char e164[17];

	if (json_object_deep_copy(body, &copy, NULL) != 0 || copy == NULL)
		return json_object_new_object();
	if ((p = valid_str(copy, "phone")) && valid_e164(p, e164))
		json_object_object_add(copy, "phone", json_object_new_string(e164));
	if ((e = valid_str(copy, "email")) != NULL) {
		char *l = strdup(e);

		if (l) {
			valid_lower(l);
			json_object_object_add(copy, "email", json_object_new_string(l));
			free(l);
		}
	}
	return copy;
}

fd_err
customer_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d)
{
	json_object *copy;
	fd_err e;

	if ((e = crud_validate(&customer_res, body, 1, d)) != OK)
		return e;
	if (!valid_str(body, "name") && !valid_str(body, "phone") && !valid_str(body, "email"))
		return err_set(d, ERR_VALIDATION, "name", "a customer needs a name, phone or email");
	copy = normalised(body);
	e = crud_insert(db, &customer_res, tenant_id, copy, NULL, out, d);
	json_object_put(copy);
	return e;
}

fd_err
customer_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d)
{
	json_object *copy;
	fd_err e;

	if ((e = crud_validate(&customer_res, body, 0, d)) != OK)
		return e;
	copy = normalised(body);
	e = crud_update(db, &customer_res, tenant_id, id, copy, out, d);
	json_object_put(copy);
	return e;
}

fd_err
customer_list(db_t *db, const char *tenant_id, const char *q, int limit, const char *cursor,
    json_object **out, err_detail *d)
{
	char *pat;
	size_t o = 0;
	fd_err e;

	if (q == NULL || *q == '\0')
		return crud_list(db, &customer_res, tenant_id, NULL, NULL, 0, limit, cursor, out, d);
	if (strlen(q) > LIM_FIELD_SHORT)
		return err_set(d, ERR_VALIDATION, "q", "q is longer than %d bytes", LIM_FIELD_SHORT);
	/* %q% with LIKE's wildcards escaped, lower-cased */
	if ((pat = malloc(strlen(q) * 2 + 3)) == NULL)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	pat[o++] = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			pat[o++] = '\\';
		pat[o++] = *p;
	}
	pat[o++] = '%';
	pat[o] = '\0';
	valid_lower(pat);
	const char *args[] = {pat, pat, pat};
	e = crud_list(db, &customer_res, tenant_id,
	    "AND (lower(name) LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR "
	    "lower(COALESCE(email, '')) LIKE ? ESCAPE '\\')", args, 3, limit, cursor, out, d);
	free(pat);
	return e;
}
