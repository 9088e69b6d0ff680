/* Conversations on every channel and their messages. A message's
 * idempotency_key is unique per conversation: posting it again answers the
 * original message. Public web-chat conversations carry a bearer token
 * (fdc_..., stored as SHA-256) that is good for that conversation only. */
#ifndef FD_CONVERSATION_H
#define FD_CONVERSATION_H

#include <stdint.h>

#include <json-c/json.h>

#include "crud.h"

#define CONV_TOKEN_LEN 64

extern const struct crud_res conversation_res;
extern const char *const conv_status_names[];  /* open, needs_attention, closed */
extern const char *const msg_role_names[];     /* user, assistant, tool, system */

/* Create. body: {channel, customer_id?, agent_id?, tags?, contact?} (validated
 * here). token: when non-NULL a public token is made and written there
 * (CONV_TOKEN_LEN bytes). The tenant's default agent is used when agent_id is
 * absent. client_ip may be NULL. */
fd_err conv_create(db_t *db, const char *tenant_id, json_object *body, const char *client_ip,
    char *token, json_object **out, err_detail *d);
/* One conversation; with_messages adds "messages" (oldest first, at most
 * LIM_CONV_MESSAGES of every role). */
fd_err conv_get(db_t *db, const char *tenant_id, const char *id, int with_messages,
    json_object **out, err_detail *d);
/* Filters may be NULL: channel, status, tag, from/to (RFC 3339 on
 * created_at), customer_id. */
fd_err conv_list(db_t *db, const char *tenant_id, const char *channel, const char *status,
    const char *tag, const char *from, const char *to, const char *customer_id, int limit,
    const char *cursor, json_object **out, err_detail *d);
/* PATCH {tags?, status?, time_saved_s?}. */
fd_err conv_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d);

/* The conversation a public token opens: its id and tenant (40 bytes each).
 * ERR_UNAUTHORIZED for an unknown token. */
fd_err conv_by_token(db_t *db, const char *token, char *conv_id, char *tenant_id,
    err_detail *d);

/* Post a message. body: {content, idempotency_key?, role?} — role only when
 * allow_role (the tenant side; the public side is always "user").
 * *created = 1 for a new message, 0 when the key was already used (out is
 * then the original message). max_chars bounds content in characters. */
fd_err msg_post(db_t *db, const char *tenant_id, const char *conv_id, json_object *body,
    int allow_role, int max_chars, json_object **out, int *created, err_detail *d);
/* The message posted with this idempotency key: OK, or ERR_NOT_FOUND. */
fd_err msg_by_key(db_t *db, const char *tenant_id, const char *conv_id, const char *key,
    json_object **out, err_detail *d);
/* Insert a message as the system writes it (assistant/tool/system replies).
 * reply_to may be NULL. id: a fresh UUIDv7 the caller made, or NULL. */
fd_err msg_insert(db_t *db, const char *tenant_id, const char *conv_id, const char *id,
    const char *role, const char *content, const char *reply_to, err_detail *d);
/* Messages after since (a message id, or an RFC 3339 time; NULL = from the
 * start), oldest first, at most limit: {"items", "next_cursor"}. public_only
 * leaves out tool and system messages. */
fd_err msg_list(db_t *db, const char *tenant_id, const char *conv_id, const char *since,
    int limit, int public_only, json_object **out, err_detail *d);

#endif
