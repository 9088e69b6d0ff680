/* Every handler: validate input, check access, call lib/, render. */
#ifndef FD_HANDLERS_H
#define FD_HANDLERS_H

#include <json-c/json.h>

#include "../fcgi/request.h"

/* Answer e (when not OK) or out with status. Takes ownership of out. */
void h_reply(req_t *r, fd_err e, int status, json_object *out);
/* Parse ?limit= and ?cursor=; on error answers 400 and returns nonzero. */
int h_page(req_t *r, int *limit, const char **cursor);

void h_root(req_t *r);
void h_healthz(req_t *r);

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

#endif
