/* Credentials: the platform admin key, tenant API keys and user sessions.
 * auth_resolve turns a bearer token into who is asking; it never says which
 * part of a bad token was wrong. */
#ifndef FD_AUTH_H
#define FD_AUTH_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"

#define SESSION_PREFIX "fds_"

typedef enum { CRED_NONE = 0, CRED_ADMIN, CRED_APIKEY, CRED_SESSION } cred_kind;

typedef struct {
	cred_kind kind;
	char cred_id[40];        /* api key id or session id */
	char tenant_id[40];      /* empty for the admin */
	char tenant_status[16];
	char user_id[40];        /* sessions only */
	char role[16];           /* sessions only: owner/admin/member */
} auth_ctx;

/* 401 for a missing, unknown, revoked or expired token. Fills a. */
fd_err auth_resolve(db_t *db, const char *token, auth_ctx *a, err_detail *d);
/* Start a session after a checked password: token (shown once) and expiry. */
fd_err auth_session_create(db_t *db, const char *tenant_id, const char *user_id,
    char token[96], char expires_at[24], err_detail *d);
fd_err auth_session_revoke(db_t *db, const char *session_id, err_detail *d);
/* May this credential manage the tenant's users and keys (owner/admin or API key)? */
int auth_can_manage(const auth_ctx *a);

#endif
