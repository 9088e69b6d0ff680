/* Internals shared by lib/actions.c and lib/act_book.c (the actions of
 * actions.h). Results are new json objects the caller owns. */
#ifndef FD_ACT_INTERNAL_H
#define FD_ACT_INTERNAL_H

#include <stdint.h>

#include <json-c/json.h>

#include "brain.h"

/* {"error": msg, "code": err_code(code), "field"?: field} */
json_object *act_error(fd_err code, const char *field, const char *msg);
/* The customer's sentence for a failure on our side. */
json_object *act_internal_error(void);
/* A non-blank string argument, else NULL; an integer argument, else def. */
const char *act_arg_str(json_object *args, const char *key);
int act_arg_int(json_object *args, const char *key, int def);
/* The service of args ("service_id", or "service" by name; the only one
 * when neither is given and the tenant has one): NULL with id and name
 * filled, else an error result. Active services of c->tenant_id only. */
json_object *act_resolve_service(brain_ctx *c, json_object *args, char id[40], char *name,
    size_t namelen);
/* A slot {"start", "start_local", "label"} for instant t. */
json_object *act_slot(brain_ctx *c, int64_t t);
/* {"appointment": appt (ownership passes in), "label"} */
json_object *act_appt_result(brain_ctx *c, json_object *appt);
/* The local day [*from, *to) holding instant t. */
void act_local_day(const tz_t *tz, int64_t t, int64_t *from, int64_t *to);
/* A stored UTC time back to an instant (0 when malformed). */
int64_t act_utc(const char *s);

json_object *act_check_availability(brain_ctx *c, json_object *args);
json_object *act_book(brain_ctx *c, json_object *args);
json_object *act_cancel(brain_ctx *c, json_object *args);
json_object *act_reschedule(brain_ctx *c, json_object *args);

#endif
