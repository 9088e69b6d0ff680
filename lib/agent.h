/* Agents (AI profiles). Exactly one default per tenant whenever the tenant
 * has any agent: the first becomes default, making another default unsets
 * the old one in the same transaction, deleting the default promotes the
 * oldest remaining. A unique partial index backs this in the database. */
#ifndef FD_AGENT_H
#define FD_AGENT_H

#include "crud.h"

extern const struct crud_res agent_res;
extern const char *const channel_names[];  /* web, sms, phone, whatsapp, instagram, messenger, chatgpt */

fd_err agent_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d);
fd_err agent_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d);
fd_err agent_delete(db_t *db, const char *tenant_id, const char *id, err_detail *d);
/* The tenant's default agent id into out (40 bytes); ERR_NOT_FOUND when none. */
fd_err agent_default(db_t *db, const char *tenant_id, char out[40], err_detail *d);

#endif
