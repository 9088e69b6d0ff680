/* Users of a tenant: e-mail (unique, case-insensitive), yescrypt password hash,
 * role. Every function filters by tenant_id: another tenant's user is 404. */
#ifndef FD_USER_H
#define FD_USER_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"

/* email is lower-cased here; 409 on "email" when taken. */
fd_err user_create(db_t *db, const char *tenant_id, const char *email, const char *password,
    const char *role, const char *name, json_object **out, err_detail *d);
fd_err user_get(db_t *db, const char *tenant_id, const char *id, json_object **out,
    char role_out[16], err_detail *d);
fd_err user_list(db_t *db, const char *tenant_id, int limit, const char *cursor,
    json_object **out, err_detail *d);
/* Each of name, role, password may be NULL. Refuses to demote the last owner (409). */
fd_err user_update(db_t *db, const char *tenant_id, const char *id, const char *name,
    const char *role, const char *password, json_object **out, err_detail *d);
/* Refuses to delete the last owner (409). */
fd_err user_delete(db_t *db, const char *tenant_id, const char *id, err_detail *d);
/* Check a password. On success fills user id, tenant id and returns OK;
 * otherwise 401 with the same message whether the e-mail exists or not. */
fd_err user_authenticate(db_t *db, const char *email, const char *password,
    char user_id[40], char tenant_id[40], err_detail *d);

#endif
