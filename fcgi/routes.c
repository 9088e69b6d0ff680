/* The one route table. Order matters only between a literal and a {param}
 * segment at the same place: the first match wins. */
#include <stddef.h>

#include "../handlers/handlers.h"
#include "router.h"

const struct route routes[] = {
	{"GET", "/", AUTH_NONE, BODY_NONE, h_root, "Service name, version and links"},
	{"GET", "/healthz", AUTH_NONE, BODY_NONE, h_healthz, "Configuration and database health"},
	{"GET", "/api/v1/openapi.json", AUTH_NONE, BODY_NONE, h_openapi, "This OpenAPI document"},

	{"POST", "/api/v1/auth/signup", AUTH_NONE, BODY_JSON, h_auth_signup,
	    "Sign up: a new tenant, its owner and a session"},
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

#define T "/api/v1/tenants/{tenant_id}"
	{"POST", T "/agents", AUTH_TENANT, BODY_JSON, h_agents_create, "Create an agent"},
	{"GET", T "/agents", AUTH_TENANT, BODY_NONE, h_agents_list, "List agents"},
	{"GET", T "/agents/{agent_id}", AUTH_TENANT, BODY_NONE, h_agent_get, "Get an agent"},
	{"PATCH", T "/agents/{agent_id}", AUTH_TENANT, BODY_JSON, h_agent_patch, "Update an agent"},
	{"DELETE", T "/agents/{agent_id}", AUTH_TENANT, BODY_NONE, h_agent_delete, "Delete an agent"},

	{"POST", T "/phone-numbers", AUTH_TENANT, BODY_JSON, h_phones_create, "Add a phone number"},
	{"GET", T "/phone-numbers", AUTH_TENANT, BODY_NONE, h_phones_list, "List phone numbers"},
	{"GET", T "/phone-numbers/{number_id}", AUTH_TENANT, BODY_NONE, h_phone_get,
	    "Get a phone number"},
	{"PATCH", T "/phone-numbers/{number_id}", AUTH_TENANT, BODY_JSON, h_phone_patch,
	    "Update a phone number (activate, deactivate, reassign agent)"},
	{"DELETE", T "/phone-numbers/{number_id}", AUTH_TENANT, BODY_NONE, h_phone_delete,
	    "Delete a phone number"},

	{"POST", T "/services", AUTH_TENANT, BODY_JSON, h_services_create, "Create a service"},
	{"GET", T "/services", AUTH_TENANT, BODY_NONE, h_services_list, "List services"},
	{"GET", T "/services/{service_id}", AUTH_TENANT, BODY_NONE, h_service_get, "Get a service"},
	{"PATCH", T "/services/{service_id}", AUTH_TENANT, BODY_JSON, h_service_patch,
	    "Update a service"},
	{"DELETE", T "/services/{service_id}", AUTH_TENANT, BODY_NONE, h_service_delete,
	    "Delete a service"},

	{"POST", T "/connectors", AUTH_TENANT, BODY_JSON, h_connectors_create,
	    "Create a scheduling connector"},
	{"GET", T "/connectors", AUTH_TENANT, BODY_NONE, h_connectors_list, "List connectors"},
	{"GET", T "/connectors/{connector_id}", AUTH_TENANT, BODY_NONE, h_connector_get,
	    "Get a connector"},
	{"PATCH", T "/connectors/{connector_id}", AUTH_TENANT, BODY_JSON, h_connector_patch,
	    "Update a connector"},
	{"DELETE", T "/connectors/{connector_id}", AUTH_TENANT, BODY_NONE, h_connector_delete,
	    "Delete a connector"},
	{"POST", T "/connectors/{connector_id}/activate", AUTH_TENANT, BODY_JSON,
	    h_connector_activate, "Make this the tenant's one active connector"},
	{"POST", T "/connectors/{connector_id}/deactivate", AUTH_TENANT, BODY_JSON,
	    h_connector_deactivate, "Deactivate a connector"},

	{"POST", T "/customers", AUTH_TENANT, BODY_JSON, h_customers_create, "Create a customer"},
	{"GET", T "/customers", AUTH_TENANT, BODY_NONE, h_customers_list,
	    "List or search (?q=) customers"},
	{"GET", T "/customers/{customer_id}", AUTH_TENANT, BODY_NONE, h_customer_get,
	    "Get a customer"},
	{"PATCH", T "/customers/{customer_id}", AUTH_TENANT, BODY_JSON, h_customer_patch,
	    "Update a customer"},
	{"DELETE", T "/customers/{customer_id}", AUTH_TENANT, BODY_NONE, h_customer_delete,
	    "Delete a customer"},
#undef T

	{NULL, NULL, AUTH_NONE, BODY_NONE, NULL, NULL},
};
