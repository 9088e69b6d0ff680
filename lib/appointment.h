/* Appointments: booked in the tenant's hours, never overlapping (the
 * database refuses overlaps: a trigger in SQLite, an exclusion constraint in
 * PostgreSQL), rescheduled with the same checks, cancelled idempotently. */
#ifndef FD_APPOINTMENT_H
#define FD_APPOINTMENT_H

#include <stdint.h>

#include <json-c/json.h>

#include "db.h"
#include "err.h"

/* body: {service_id, customer_id | customer {name, phone, email}, starts_at,
 * notes, source}. now is injected (tests, the agent's clock). */
fd_err appt_create(db_t *db, const char *tenant_id, json_object *body, int64_t now,
    json_object **out, err_detail *d);
fd_err appt_get(db_t *db, const char *tenant_id, const char *id, json_object **out,
    err_detail *d);
/* Filters may be NULL: from/to (RFC 3339 or naive local), status, customer_id. */
fd_err appt_list(db_t *db, const char *tenant_id, const char *from, const char *to,
    const char *status, const char *customer_id, int limit, const char *cursor,
    json_object **out, err_detail *d);
/* body: {starts_at?, notes?}; a new start passes every booking check again. */
fd_err appt_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    int64_t now, json_object **out, err_detail *d);
/* Idempotent: cancelling a cancelled appointment answers it unchanged. */
fd_err appt_cancel(db_t *db, const char *tenant_id, const char *id, json_object **out,
    err_detail *d);

#endif
