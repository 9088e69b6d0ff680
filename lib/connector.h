/* Scheduling connectors: calendly, google_calendar, square, agendapro. Config
 * is validated per type. At most one active per tenant (a unique partial
 * index); activation swaps in one transaction. */
#ifndef FD_CONNECTOR_H
#define FD_CONNECTOR_H

#include "crud.h"

extern const struct crud_res connector_res;

fd_err connector_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d);
fd_err connector_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d);
fd_err connector_set_active(db_t *db, const char *tenant_id, const char *id, int active,
    json_object **out, err_detail *d);

#endif
