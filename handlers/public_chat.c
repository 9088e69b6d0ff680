/* The public web chat: no account, a per-conversation bearer token, rate
 * limits shared by every worker and host, and the reply streamed as
 * server-sent events.
 *
 * The stream answers the conversation's newest user message:
 *   - unanswered: the agent runs on a thread of its own (fcgi_detach) and
 *     its events go out as they happen, each with an id "<message>:<n>",
 *     message_end with "<message>:end". The reply is stored before
 *     message_end; a client that leaves mid-reply does not stop the turn, so
 *     the reply is complete and stored anyway.
 *   - being answered by another request (the client reconnected mid-reply):
 *     keep-alives until that reply is stored, then its message_end.
 *   - answered: its message_end again (a client that missed the end of the
 *     stream), unless Last-Event-ID already names that message_end.
 *   - nothing pending (no user message, or Last-Event-ID = the end of the
 *     newest reply): 204 No Content, which tells EventSource to stop
 *     reconnecting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../fcgi/detach.h"
#include "../fcgi/response.h"
#include "../fcgi/sse.h"
#include "../lib/agent.h"
#include "../lib/agent_run.h"
#include "../lib/config.h"
#include "../lib/conversation.h"
#include "../lib/crud.h"
#include "../lib/ratelimit.h"
#include "../lib/rows.h"
#include "../lib/schedule.h"
#include "../lib/tenant.h"
#include "../lib/uuid.h"
#include "handlers.h"

#define WAIT_POLL_US 250000

static void
too_many(req_t *r, int retry_after, const char *what)
{
	char ra[16];

	snprintf(ra, sizeof(ra), "%d", retry_after);
	req_add_header(r, "Retry-After", ra);
	resp_fail(r, ERR_RATE_LIMITED, NULL, "too many %s; retry in %d s", what, retry_after);
}

/* 1 when s is one of the comma-separated entries of list. */
static int
in_list(const char *list, const char *s)
{
	size_t n = strlen(s);

	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		while (l && *p == ' ')
			p++, l--;
		while (l && p[l - 1] == ' ')
			l--;
		if (l == n && memcmp(p, s, n) == 0)
			return 1;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* The client's address for per-IP limits: the peer, or, when the peer is a
 * trusted proxy (TRUSTED_PROXIES), the last X-Forwarded-For entry. */
static const char *
client_ip(req_t *r, char out[48])
{
	const char *ip = req_param(r, "REMOTE_ADDR"), *xff, *last;
	size_t n;

	snprintf(out, 48, "%s", ip && *ip ? ip : "unknown");
	if (!ip || !g_config.trusted_proxies[0] || !in_list(g_config.trusted_proxies, ip) ||
	    (xff = req_header(r, "X-Forwarded-For")) == NULL)
		return out;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	n = strcspn(last, " ");
	if (n == 0 || n >= 46 || strspn(last, "0123456789abcdefABCDEF:.") < n)
		return out; /* not an address: keep the peer's */
	memcpy(out, last, n);
	out[n] = '\0';
	return out;
}

/* The conversation in the path, opened by the bearer token: 401 without a
 * valid token, 404 when the token is another conversation's. */
static int
open_conversation(req_t *r, char conv[40], char tenant[40])
{
	const char *id = req_path(r, "conversation_id");
	fd_err e = conv_by_token(r->db, req_bearer(r), conv, tenant, &r->err);

	if (e == OK && (!uuid_valid(id) || strcmp(id, conv) != 0))
		e = err_set(&r->err, ERR_NOT_FOUND, NULL, "conversation not found");
	if (e != OK) {
		if (e == ERR_UNAUTHORIZED)
			req_add_header(r, "WWW-Authenticate", "Bearer");
		resp_error(r, e);
		return -1;
	}
	snprintf(r->log_tenant, sizeof(r->log_tenant), "%s", tenant);
	return 0;
}

/* GET /api/v1/public/workspaces/{handle}: what a chat widget may show. */
void
h_public_workspace(req_t *r)
{
	static const char *const shown[] = {"name", "tone", "website", NULL};
	const char *handle = req_path(r, "handle");
	json_object *out, *services, *tj = NULL, *aj = NULL;
	tenant_row t;
	sched_week w;
	const tz_t *tz;
	char agent[40] = "";
	db_stmt *st;
	fd_err e;
	int rc;

	if (!valid_handle(handle) || (e = tenant_get_by_handle(r->db, handle, &t, &r->err)) ==
	    ERR_NOT_FOUND || (e == OK && strcmp(t.status, "active") != 0)) {
		resp_fail(r, ERR_NOT_FOUND, NULL, "workspace not found");
		return;
	}
	if (e != OK || (e = sched_tenant(r->db, t.id, &tz, &w, &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	if ((e = tenant_get(r->db, t.id, NULL, &tj, &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	out = json_object_new_object();
	json_object_object_add(out, "handle", json_object_new_string(t.handle));
	/* only these fields of the tenant: nothing private */
	for (int i = 0; shown[i]; i++)
		json_object_object_add(out, shown[i], json_object_get(json_object_object_get(tj,
		    shown[i])));
	json_object_put(tj);
	json_object_object_add(out, "timezone", json_object_new_string(t.timezone));
	json_object_object_add(out, "greeting", NULL);
	if (agent_default(r->db, t.id, agent, &r->err) == OK &&
	    crud_get(r->db, &agent_res, t.id, agent, &aj, &r->err) == OK) {
		const char *g = json_object_get_string(json_object_object_get(aj, "greeting"));

		json_object_object_add(out, "agent_name", json_object_get(json_object_object_get(aj,
		    "name")));
		if (g && *g)
			json_object_object_add(out, "greeting", json_object_new_string(g));
		json_object_put(aj);
	}
	services = json_object_new_array();
	st = db_queryf(r->db, "SELECT id, name, description, duration_min, price, currency FROM "
	    "services WHERE tenant_id = ? AND active = ? ORDER BY name, id", "sb", t.id, 1);
	static const char *const names[] = {"id", "name", "description", "duration_min", "price",
	    "currency", NULL};
	while (st && (rc = db_step(st)) == DB_ROW)
		json_object_array_add(services, rows_object(st, names, "sssiis"));
	db_finalize(st);
	json_object_object_add(out, "services", services);
	json_object_object_add(out, "hours", sched_week_to_json(&w));
	resp_json(r, 200, out);
}

/* POST /api/v1/public/conversations {workspace_handle} */
void
h_public_conversations_create(req_t *r)
{
	static const struct vfield fields[] = {
		{"workspace_handle", V_STRING, 1, 64, 0},
		{NULL, 0, 0, 0, 0},
	};
	const char *handle;
	char bucket[96], token[CONV_TOKEN_LEN], ip[48];
	json_object *conv = NULL, *body, *out;
	tenant_row t;
	int retry;
	fd_err e;

	if ((e = valid_object(r->json, fields, &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	handle = valid_str(r->json, "workspace_handle");
	if (!valid_handle(handle) || tenant_get_by_handle(r->db, handle, &t, &r->err) != OK ||
	    strcmp(t.status, "active") != 0) {
		resp_fail(r, ERR_NOT_FOUND, "workspace_handle", "workspace not found");
		return;
	}
	snprintf(bucket, sizeof(bucket), "conv:%s", client_ip(r, ip));
	switch (rl_hit(r->db, bucket, g_config.chat_convs_per_hour, 3600, (int64_t)time(NULL), &retry)) {
	case 1:
		too_many(r, retry, "new conversations from this address");
		return;
	case -1:
		resp_fail(r, ERR_INTERNAL, NULL, "internal error");
		return;
	}
	body = json_object_new_object();
	json_object_object_add(body, "channel", json_object_new_string("web"));
	e = conv_create(r->db, t.id, body, ip, token, &conv, &r->err);
	json_object_put(body);
	if (e != OK) {
		resp_error(r, e);
		return;
	}
	out = json_object_new_object();
	json_object_object_add(out, "conversation_id",
	    json_object_get(json_object_object_get(conv, "id")));
	json_object_object_add(out, "token", json_object_new_string(token));
	json_object_object_add(out, "created_at",
	    json_object_get(json_object_object_get(conv, "created_at")));
	json_object_put(conv);
	explicit_bzero(token, sizeof(token));
	resp_json(r, 201, out);
}

/* POST .../conversations/{id}/messages {content, idempotency_key} */
void
h_public_messages_post(req_t *r)
{
	char conv[40], tenant[40], bucket[64];
	const char *key = valid_str(r->json, "idempotency_key");
	json_object *out = NULL;
	int created = 0, retry;
	fd_err e;

	if (open_conversation(r, conv, tenant) < 0)
		return;
	/* a retry of a stored message is answered, not counted */
	if (key && json_object_is_type(json_object_object_get(r->json, "idempotency_key"),
	    json_type_string) && msg_by_key(r->db, tenant, conv, key, &out, &r->err) == OK) {
		resp_json(r, 200, out);
		return;
	}
	snprintf(bucket, sizeof(bucket), "msg:%s", conv);
	switch (rl_hit(r->db, bucket, g_config.chat_msgs_per_min, 60, (int64_t)time(NULL), &retry)) {
	case 1:
		too_many(r, retry, "messages in this conversation");
		return;
	case -1:
		resp_fail(r, ERR_INTERNAL, NULL, "internal error");
		return;
	}
	e = msg_post(r->db, tenant, conv, r->json, 0, g_config.chat_msg_max_chars, &out, &created,
	    &r->err);
	h_reply(r, e, created ? 201 : 200, out);
}

/* GET .../conversations/{id}/messages?since=&limit= */
void
h_public_messages_list(req_t *r)
{
	char conv[40], tenant[40];
	json_object *out = NULL;
	const char *cursor, *since;
	int limit;
	fd_err e;

	if (open_conversation(r, conv, tenant) < 0 || h_page(r, &limit, &cursor))
		return;
	since = req_query(r, "since");
	e = msg_list(r->db, tenant, conv, since && *since ? since : cursor, limit, 1, &out, &r->err);
	h_reply(r, e, 200, out);
}

/* ---- the stream ---- */

typedef struct {
	sse_t sse;
	char user_id[40];
	int seq;
} stream_ctx;

static int
stream_emit(void *ctx, const char *event, json_object *data)
{
	stream_ctx *s = ctx;
	char id[64];

	if (strcmp(event, "message_end") == 0)
		snprintf(id, sizeof(id), "%s:end", s->user_id);
	else
		snprintf(id, sizeof(id), "%s:%d", s->user_id, ++s->seq);
	return sse_event(&s->sse, event, id, data);
}

static void
send_end(stream_ctx *s, const char *reply_id, const char *content)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "message_id", json_object_new_string(reply_id));
	json_object_object_add(o, "content", json_object_new_string(content ? content : ""));
	stream_emit(s, "message_end", o);
	json_object_put(o);
}

static void
send_error(stream_ctx *s, const char *code, const char *message)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "code", json_object_new_string(code));
	json_object_object_add(o, "message", json_object_new_string(message));
	stream_emit(s, "error", o);
	json_object_put(o);
}

/* Another request is answering: wait for its stored reply. */
static void
wait_for_reply(req_t *r, stream_ctx *s, const char *tenant, const char *conv)
{
	char user[40], reply[40], *content = NULL;
	time_t deadline = time(NULL) + agent_claim_s();

	while (time(NULL) < deadline && !s->sse.gone) {
		if (agent_pending(r->db, tenant, conv, user, reply, &content, NULL, &r->err) != OK)
			break;
		if (strcmp(user, s->user_id) != 0) /* a newer message: that one is the client's now */
			break;
		if (reply[0]) {
			send_end(s, reply, content);
			free(content);
			return;
		}
		sse_keepalive(&s->sse, g_config.sse_keepalive_s);
		usleep(WAIT_POLL_US);
	}
	free(content);
	send_error(s, "reply_unavailable", "The reply is not ready; please ask again.");
}

/* What the accept thread hands to the stream's own thread. */
struct stream_job {
	char tenant[40], conv[40], user_id[40];
	char message_id[40];   /* the reply to write ("" = only wait for another's) */
};

/* Runs on the request's own thread (fcgi_detach). The first event goes out
 * before any database work; the claim follows. Losing it can only happen to
 * two streams opened for one new message at the same instant: the loser
 * then waits for the winner's reply (whose message_end carries its id). */
static void
stream_run(req_t *r, void *arg)
{
	struct stream_job *job = arg;
	stream_ctx s = {0};
	ev_sink sink = {stream_emit, &s};
	agent_result res;
	fd_err e;

	snprintf(s.user_id, sizeof(s.user_id), "%s", job->user_id);
	sse_begin(&s.sse, r);
	if (job->message_id[0]) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "message_id", json_object_new_string(job->message_id));
		stream_emit(&s, "message_start", o);
		json_object_put(o);
	}
	if (fcgi_db(r) == NULL) {
		send_error(&s, "unavailable", "Sorry, something went wrong. Please try again.");
		free(job);
		return;
	}
	if (job->message_id[0] && agent_claim(r->db, job->tenant, job->conv, job->user_id,
	    &r->err) != OK)
		job->message_id[0] = '\0';
	if (job->message_id[0] == '\0')
		wait_for_reply(r, &s, job->tenant, job->conv);
	else {
		e = agent_turn(r->db, job->tenant, job->conv, job->user_id, job->message_id, h_now(),
		    &sink, &res, &r->err);
		if (e == OK)
			agent_result_free(&res);
		/* other errors: agent_turn has sent the error event */
	}
	free(job);
}

/* GET .../conversations/{id}/stream */
void
h_public_stream(req_t *r)
{
	char conv[40], tenant[40], user[40], reply[40], end_id[64], *content = NULL;
	const char *last = req_header(r, "Last-Event-ID");
	struct stream_job *job;
	stream_ctx s = {0};
	int busy = 0;

	if (open_conversation(r, conv, tenant) < 0)
		return;
	if (agent_pending(r->db, tenant, conv, user, reply, &content, &busy, &r->err) != OK) {
		resp_error(r, ERR_INTERNAL);
		return;
	}
	snprintf(end_id, sizeof(end_id), "%s:end", user);
	if (user[0] == '\0' || (reply[0] && last && strcmp(last, end_id) == 0)) {
		free(content);
		resp_empty(r, 204); /* nothing pending: EventSource stops reconnecting */
		return;
	}
	if (reply[0]) { /* the end of a reply the client did not see */
		snprintf(s.user_id, sizeof(s.user_id), "%s", user);
		sse_begin(&s.sse, r);
		send_end(&s, reply, content);
		free(content);
		return;
	}
	free(content);
	if ((job = calloc(1, sizeof(*job))) == NULL) {
		resp_fail(r, ERR_INTERNAL, NULL, "internal error");
		return;
	}
	snprintf(job->tenant, sizeof(job->tenant), "%s", tenant);
	snprintf(job->conv, sizeof(job->conv), "%s", conv);
	snprintf(job->user_id, sizeof(job->user_id), "%s", user);
	/* busy: a request is still writing this reply (the client reconnected):
	 * this one waits for it; else it will write the reply, under this id */
	if (!busy && uuid_v7(job->message_id) < 0) {
		free(job);
		resp_fail(r, ERR_INTERNAL, NULL, "internal error");
		return;
	}
	if (fcgi_detach(r, stream_run, job) == 0)
		return;
	if (r->fcgx == NULL) { /* no FastCGI request (unit tests): answer inline */
		stream_run(r, job);
		return;
	}
	free(job);
	req_add_header(r, "Retry-After", "2");
	resp_fail(r, ERR_UNAVAILABLE, NULL, "too many open streams; retry shortly");
}
