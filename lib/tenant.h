/* Tenants: the businesses sharing this installation. Functions returning
 * json_object hand ownership to the caller (json_object_put). */
#ifndef FD_TENANT_H
#define FD_TENANT_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"

typedef struct {
	char id[40];
	char handle[64];
	char status[16];
	char timezone[72];
} tenant_row;

/* Create a tenant. handle NULL = derived from name and made unique;
 * a given handle that is taken is 409 on "handle". */
fd_err tenant_create(db_t *db, const char *name, const char *handle, const char *timezone,
    const char *plan, const char *status, json_object **out, err_detail *d);
/* Fetch one tenant by id (any status). row and out may be NULL. 404 when missing. */
fd_err tenant_get(db_t *db, const char *id, tenant_row *row, json_object **out, err_detail *d);
fd_err tenant_get_by_handle(db_t *db, const char *handle, tenant_row *row, err_detail *d);
/* List, optionally filtered by status (NULL = all). */
fd_err tenant_list(db_t *db, const char *status, int limit, const char *cursor,
    json_object **out, err_detail *d);
/* Apply validated changes: an object whose keys are tenant columns (name,
 * handle, timezone, status, plan, tone, business_hours, knowledge_base,
 * forwarding_phone, business_name, tagline, bio, phone, website,
 * social_links); a JSON null stores NULL. 409 on "handle" when taken. */
fd_err tenant_update(db_t *db, const char *id, json_object *changes, json_object **out,
    err_detail *d);

extern const char *const tenant_tone_names[];

#endif
