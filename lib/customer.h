/* Customers (the CRM): phone E.164 unique per tenant, e-mail, notes. */
#ifndef FD_CUSTOMER_H
#define FD_CUSTOMER_H

#include "crud.h"

extern const struct crud_res customer_res;

fd_err customer_create(db_t *db, const char *tenant_id, json_object *body, json_object **out,
    err_detail *d);
fd_err customer_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d);
/* q (may be NULL) matches name, phone or e-mail, case-insensitively. */
fd_err customer_list(db_t *db, const char *tenant_id, const char *q, int limit,
    const char *cursor, json_object **out, err_detail *d);

#endif
