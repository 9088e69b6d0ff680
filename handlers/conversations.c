/* Conversations, tenant side: every channel's record, its messages, tags,
 * status and time saved. */
#include "../lib/config.h"
#include "../lib/conversation.h"
#include "handlers.h"

void
h_conversations_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_create(r->db, req_path(r, "tenant_id"), r->json, NULL, NULL, &out, &r->err);

	h_reply(r, e, 201, out);
}

void
h_conversations_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	e = conv_list(r->db, req_path(r, "tenant_id"), req_query(r, "channel"),
	    req_query(r, "status"), req_query(r, "tag"), req_query(r, "from"), req_query(r, "to"),
	    req_query(r, "customer_id"), limit, cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_conversation_get(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_get(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"), 1, &out,
	    &r->err);

	h_reply(r, e, 200, out);
}

void
h_conversation_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_update(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"),
	    r->json, &out, &r->err);

	h_reply(r, e, 200, out);
}

/* Staff (or an import) add a message; the same idempotency rule as the
 * public side: a used key answers the original with 200. */
void
h_conversation_messages_post(req_t *r)
{
	json_object *out = NULL;
	int created = 0;
	fd_err e = msg_post(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"), r->json,
	    1, g_config.chat_msg_max_chars * 10, &out, &created, &r->err);

	h_reply(r, e, created ? 201 : 200, out);
}

void
h_conversation_messages_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor, *since;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	since = req_query(r, "since");
	e = msg_list(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"),
	    since && *since ? since : cursor, limit, 0, &out, &r->err);
	h_reply(r, e, 200, out);
}
