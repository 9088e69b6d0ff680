/* The one route table. Order matters only between a literal and a {param}
 * segment at the same place: the first match wins. */
#include <stddef.h>

#include "../handlers/handlers.h"
#include "router.h"

const struct route routes[] = {
	{"GET", "/", AUTH_NONE, BODY_NONE, h_root, "Service name, version and links"},
	{"GET", "/healthz", AUTH_NONE, BODY_NONE, h_healthz, "Configuration and database health"},

	{"POST", "/api/v1/auth/login", AUTH_NONE, BODY_JSON, h_auth_login, "Log in: a session token"},
	{"POST", "/api/v1/auth/logout", AUTH_SESSION, BODY_JSON, h_auth_logout, "End this session"},
	{"GET", "/api/v1/me", AUTH_ANY, BODY_NONE, h_me, "Who the credential is"},

	{"POST", "/api/v1/tenants", AUTH_ADMIN, BODY_JSON, h_tenants_create, "Create a tenant"},
	{"GET", "/api/v1/tenants", AUTH_ADMIN, BODY_NONE, h_tenants_list, "List tenants"},
	{"GET", "/api/v1/tenants/{tenant_id}", AUTH_TENANT, BODY_NONE, h_tenant_get, "Get a tenant"},
	{"PATCH", "/api/v1/tenants/{tenant_id}", AUTH_TENANT, BODY_JSON, h_tenant_patch,
	    "Update a tenant"},

	{"POST", "/api/v1/tenants/{tenant_id}/api-keys", AUTH_TENANT, BODY_JSON, h_apikeys_create,
	    "Create an API key (secret shown once)"},
	{"GET", "/api/v1/tenants/{tenant_id}/api-keys", AUTH_TENANT, BODY_NONE, h_apikeys_list,
	    "List API keys"},
	{"DELETE", "/api/v1/tenants/{tenant_id}/api-keys/{key_id}", AUTH_TENANT, BODY_NONE,
	    h_apikey_delete, "Revoke an API key"},

	{"POST", "/api/v1/tenants/{tenant_id}/users", AUTH_TENANT, BODY_JSON, h_users_create,
	    "Add a user"},
	{"GET", "/api/v1/tenants/{tenant_id}/users", AUTH_TENANT, BODY_NONE, h_users_list,
	    "List users"},
	{"GET", "/api/v1/tenants/{tenant_id}/users/{user_id}", AUTH_TENANT, BODY_NONE, h_user_get,
	    "Get a user"},
	{"PATCH", "/api/v1/tenants/{tenant_id}/users/{user_id}", AUTH_TENANT, BODY_JSON,
	    h_user_patch, "Update a user"},
	{"DELETE", "/api/v1/tenants/{tenant_id}/users/{user_id}", AUTH_TENANT, BODY_NONE,
	    h_user_delete, "Remove a user"},

	{NULL, NULL, AUTH_NONE, BODY_NONE, NULL, NULL},
};
