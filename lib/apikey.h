/* Tenant API keys: "fdk_" + 256 random bits, shown once at creation, stored
 * as SHA-256 hex. Revocation sets revoked_at; rows stay for the audit trail. */
#ifndef FD_APIKEY_H
#define FD_APIKEY_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"

#define APIKEY_PREFIX "fdk_"

/* out includes "key": the secret, the only time it is ever returned. */
fd_err apikey_create(db_t *db, const char *tenant_id, const char *label, json_object **out,
    err_detail *d);
fd_err apikey_list(db_t *db, const char *tenant_id, int limit, const char *cursor,
    json_object **out, err_detail *d);
/* Idempotent for a key of this tenant; 404 for any other id. */
fd_err apikey_revoke(db_t *db, const char *tenant_id, const char *id, err_detail *d);

#endif
