/* Phone numbers (DIDs): E.164, unique across all tenants. */
#ifndef FD_PHONE_H
#define FD_PHONE_H

#include "crud.h"

extern const struct crud_res phone_res;

/* Validate, normalise did_number, check agent_id belongs to the tenant (404
 * otherwise, as for any other tenant's id), then write. */
fd_err phone_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d);
fd_err phone_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d);

/* Inbound call routing: the tenant and agent answering number (any common
 * formatting). Only active numbers of active tenants answer; the number's
 * agent, else the tenant's default agent (agent_id "" when it has none).
 * ERR_NOT_FOUND when nobody answers this number. */
fd_err phone_lookup(db_t *db, const char *number, char tenant_id[40], char agent_id[40],
    err_detail *d);

#endif
