/* Every handler: validate input, check access, call lib/, render. */
#ifndef FD_HANDLERS_H
#define FD_HANDLERS_H

#include <stdint.h>

#include <json-c/json.h>

#include "../fcgi/request.h"

/* Answer e (when not OK) or out with status. Takes ownership of out. */
void h_reply(req_t *r, fd_err e, int status, json_object *out);
/* Parse ?limit= and ?cursor=; on error answers 400 and returns nonzero. */
int h_page(req_t *r, int *limit, const char **cursor);
/* The booking and agent clock: FRONTDESK_NOW (RFC 3339 with offset) outside
 * production, else the system clock. */
int64_t h_now(void);

void h_conversations_create(req_t *r);
void h_conversations_list(req_t *r);
void h_conversation_get(req_t *r);
void h_conversation_patch(req_t *r);
void h_conversation_messages_post(req_t *r);
void h_conversation_messages_list(req_t *r);

void h_public_workspace(req_t *r);
void h_public_conversations_create(req_t *r);
void h_public_messages_post(req_t *r);
void h_public_messages_list(req_t *r);
void h_public_stream(req_t *r);

void h_root(req_t *r);
void h_healthz(req_t *r);
void h_openapi(req_t *r);

void h_tenants_create(req_t *r);
void h_tenants_list(req_t *r);
void h_tenant_get(req_t *r);
void h_tenant_patch(req_t *r);

void h_apikeys_create(req_t *r);
void h_apikeys_list(req_t *r);
void h_apikey_delete(req_t *r);

void h_users_create(req_t *r);
void h_users_list(req_t *r);
void h_user_get(req_t *r);
void h_user_patch(req_t *r);
void h_user_delete(req_t *r);

void h_auth_login(req_t *r);
void h_auth_logout(req_t *r);
void h_me(req_t *r);


struct crud_res;
/* Generic tenant-scoped list/get/delete over a CRUD resource; idparam is
 * the route's {param} holding the row id. */
void h_crud_list(req_t *r, const struct crud_res *res);
void h_crud_get(req_t *r, const struct crud_res *res, const char *idparam);
void h_crud_delete(req_t *r, const struct crud_res *res, const char *idparam);
void h_crud_create(req_t *r, const struct crud_res *res);
void h_crud_update(req_t *r, const struct crud_res *res, const char *idparam);
/* Owner/admin session or API key (or the platform admin); else answers 403. */
int h_require_manage(req_t *r);

void h_auth_signup(req_t *r);

void h_agents_create(req_t *r);
void h_agents_list(req_t *r);
void h_agent_get(req_t *r);
void h_agent_patch(req_t *r);
void h_agent_delete(req_t *r);

void h_phones_create(req_t *r);
void h_phones_list(req_t *r);
void h_phone_get(req_t *r);
void h_phone_patch(req_t *r);
void h_phone_delete(req_t *r);

void h_services_create(req_t *r);
void h_services_list(req_t *r);
void h_service_get(req_t *r);
void h_service_patch(req_t *r);
void h_service_delete(req_t *r);

void h_connectors_create(req_t *r);
void h_connectors_list(req_t *r);
void h_connector_get(req_t *r);
void h_connector_patch(req_t *r);
void h_connector_delete(req_t *r);
void h_connector_activate(req_t *r);
void h_connector_deactivate(req_t *r);

void h_customers_create(req_t *r);
void h_customers_list(req_t *r);
void h_customer_get(req_t *r);
void h_customer_patch(req_t *r);
void h_customer_delete(req_t *r);

void h_hours_get(req_t *r);
void h_hours_put(req_t *r);
void h_closures_create(req_t *r);
void h_closures_list(req_t *r);
void h_closure_get(req_t *r);
void h_closure_patch(req_t *r);
void h_closure_delete(req_t *r);
void h_availability(req_t *r);
void h_appointments_create(req_t *r);
void h_appointments_list(req_t *r);
void h_appointment_get(req_t *r);
void h_appointment_patch(req_t *r);
void h_appointment_cancel(req_t *r);
void h_ical_token(req_t *r);
void h_ical_feed(req_t *r);

#endif
