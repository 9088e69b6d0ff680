/* The public web chat and the tenant's conversations through the web
 * server: tokens, idempotent messages, polling, the event stream and what it
 * stores, rate limits shared by every worker, isolation. These tests hold for
 * either brain; test_chat_rules.c talks to the rules brain itself. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "http.h"

struct chat {
	char *tid, *key, *handle, *conv, *token;
};

static void
chat_setup(struct chat *c)
{
	char ip[32], *p;
	http_resp *r;

	c->tid = mk_tenant("chat");
	c->key = mk_apikey(c->tid, NULL);
	c->handle = tenant_handle(c->tid);
	p = pathf("/api/v1/tenants/%s/services", c->tid);
	r = http_json("POST", p, c->key, "{\"name\": \"Haircut\", \"duration_min\": 30, "
	    "\"price\": 3500, \"currency\": \"USD\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s", c->tid);
	r = http_json("PATCH", p, c->key, "{\"knowledge_base\": \"Secret staff wifi password: "
	    "hunter2\", \"forwarding_phone\": \"+13125550199\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	uniq_ip(ip, sizeof(ip));
	c->conv = chat_start(c->handle, ip, &c->token);
}

static void
chat_free(struct chat *c)
{
	free(c->tid); free(c->key); free(c->handle); free(c->conv); free(c->token);
}

static http_resp *
stream(const char *conv, const char *token, const char *last_event_id)
{
	char auth[256], last[160], *p = pathf("/api/v1/public/conversations/%s/stream", conv);
	const char *h[4] = {auth, "Accept: text/event-stream", NULL, NULL};
	http_resp *r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	if (last_event_id) {
		snprintf(last, sizeof(last), "Last-Event-ID: %s", last_event_id);
		h[2] = last;
	}
	r = http_hdr("GET", p, h, NULL);
	free(p);
	return r;
}

Test(chat, workspace_shows_only_public_things)
{
	struct chat c;
	http_resp *r;
	char *p;

	chat_setup(&c);
	p = pathf("/api/v1/public/workspaces/%s", c.handle);
	r = http("GET", p, NULL, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "handle"), c.handle);
	cr_assert_str_eq(jstr(r, "services.0.name"), "Haircut");
	cr_assert_eq(jint(r, "services.0.price"), 3500);
	cr_assert_str_eq(jstr(r, "services.0.currency"), "USD");
	cr_assert_not_null(json_object_object_get(json_object_object_get(r->json, "hours"), "weekly"));
	cr_assert(json_object_object_get_ex(r->json, "greeting", NULL));
	cr_assert_null(strstr(r->body, "hunter2"), "knowledge base leaked: %s", r->body);
	cr_assert_null(strstr(r->body, "+13125550199"), "forwarding phone leaked: %s", r->body);
	cr_assert_null(strstr(r->body, c.tid), "tenant id leaked: %s", r->body);
	http_free(r);
	free(p);

	r = http("GET", "/api/v1/public/workspaces/no-such-business-here", NULL, NULL, NULL);
	cr_assert(is_error(r, "not_found", NULL), "%s", r->body);
	http_free(r);
	r = http("GET", "/api/v1/public/workspaces/Bad%20Handle", NULL, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);

	/* a suspended business is not there */
	p = pathf("/api/v1/tenants/%s", c.tid);
	r = http_json("PATCH", p, admin_key(), "{\"status\": \"suspended\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/public/workspaces/%s", c.handle);
	r = http("GET", p, NULL, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	r = http_json("POST", "/api/v1/public/conversations", NULL, "{\"workspace_handle\": \"%s\"}",
	    c.handle);
	cr_assert(is_error(r, "not_found", "workspace_handle"), "%s", r->body);
	http_free(r);
	/* and its conversations' tokens stop working */
	r = chat_say(c.conv, c.token, "hello?", NULL);
	cr_assert_eq(r->status, 401, "%s", r->body);
	http_free(r);
	chat_free(&c);
}

Test(chat, start_validates_its_body)
{
	http_resp *r;

	r = http_json("POST", "/api/v1/public/conversations", NULL, "{}");
	cr_assert(is_error(r, "validation_failed", "workspace_handle"), "%s", r->body);
	http_free(r);
	r = http_json("POST", "/api/v1/public/conversations", NULL, "{\"workspace_handle\": 5}");
	cr_assert(is_error(r, "validation_failed", "workspace_handle"), "%s", r->body);
	http_free(r);
	r = http_json("POST", "/api/v1/public/conversations", NULL,
	    "{\"workspace_handle\": \"x\", \"tenant_id\": \"y\"}");
	cr_assert(is_error(r, "validation_failed", "tenant_id"), "%s", r->body);
	http_free(r);
	r = http_json("POST", "/api/v1/public/conversations", NULL, "{\"workspace_handle\": "
	    "\"nobody-has-this-handle\"}");
	cr_assert(is_error(r, "not_found", "workspace_handle"), "%s", r->body);
	http_free(r);
	r = http("POST", "/api/v1/public/conversations", NULL, "text/plain", "workspace_handle=x");
	cr_assert_eq(r->status, 415, "%s", r->body);
	http_free(r);
}

Test(chat, token_opens_only_its_conversation)
{
	struct chat a, b;
	http_resp *r;
	char *p;

	chat_setup(&a);
	chat_setup(&b);
	r = chat_say(a.conv, NULL, "hi", NULL);
	cr_assert(is_error(r, "unauthorized", NULL), "%s", r->body);
	http_free(r);
	r = chat_say(a.conv, "fdc_not-a-real-token", "hi", NULL);
	cr_assert_eq(r->status, 401);
	http_free(r);
	r = chat_say(a.conv, a.key, "hi", NULL); /* a tenant API key is not a chat token */
	cr_assert_eq(r->status, 401);
	http_free(r);
	/* b's token on a's conversation: as if it did not exist */
	r = chat_say(a.conv, b.token, "hi", NULL);
	cr_assert(is_error(r, "not_found", NULL), "%s", r->body);
	http_free(r);
	p = pathf("/api/v1/public/conversations/%s/messages", a.conv);
	r = http("GET", p, b.token, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	r = stream(a.conv, b.token, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	/* and a's conversation is not in b's tenant */
	p = pathf("/api/v1/tenants/%s/conversations/%s", b.tid, a.conv);
	r = http("GET", p, b.key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/conversations/%s", a.tid, a.conv);
	r = http("GET", p, b.key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	chat_free(&a);
	chat_free(&b);
}

Test(chat, messages_are_idempotent_and_validated)
{
	struct chat c;
	http_resp *r;
	char *id, *p, big[2100];

	chat_setup(&c);
	r = chat_say(c.conv, c.token, "Do you do beards?", "k-1");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "role"), "user");
	cr_assert_str_eq(jstr(r, "idempotency_key"), "k-1");
	id = strdup(jstr(r, "id"));
	http_free(r);
	/* the retry answers the original, even with other content */
	r = chat_say(c.conv, c.token, "Do you do beards?", "k-1");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "id"), id);
	http_free(r);
	r = chat_say(c.conv, c.token, "something else", "k-1");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "content"), "Do you do beards?");
	http_free(r);
	p = pathf("/api/v1/public/conversations/%s/messages", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);

	r = chat_say(c.conv, c.token, "   ", NULL);
	cr_assert(is_error(r, "validation_failed", "content"), "%s", r->body);
	http_free(r);
	memset(big, 'a', 2001);
	big[2001] = '\0';
	r = chat_say(c.conv, c.token, big, NULL);
	cr_assert(is_error(r, "validation_failed", "content"), "%s", r->body);
	http_free(r);
	r = http_json("POST", p, c.token, "{\"content\": \"hi\", \"role\": \"assistant\"}");
	cr_assert(is_error(r, "validation_failed", "role"), "the public may not speak for the "
	    "assistant: %s", r->body);
	http_free(r);
	r = http_json("POST", p, c.token, "{\"content\": \"hi\", \"idempotency_key\": 7}");
	cr_assert(is_error(r, "validation_failed", "idempotency_key"), "%s", r->body);
	http_free(r);
	r = http_json("POST", p, c.token, "{\"content\": [\"hi\"]}");
	cr_assert(is_error(r, "validation_failed", "content"), "%s", r->body);
	http_free(r);
	r = http("POST", p, c.token, "application/json", "{\"content\": \"hi\"");
	cr_assert(is_error(r, "malformed_json", NULL), "%s", r->body);
	http_free(r);
	/* nothing of that was stored */
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);
	free(p);
	free(id);
	chat_free(&c);
}

struct race {
	const char *conv, *token;
	long status;
	char id[64];
};

static void *
race_post(void *arg)
{
	struct race *x = arg;
	http_resp *r = chat_say(x->conv, x->token, "same message", "retry-me");

	x->status = r->status;
	snprintf(x->id, sizeof(x->id), "%s", jstr(r, "id") ? jstr(r, "id") : "");
	http_free(r);
	return NULL;
}

Test(chat, concurrent_retries_store_one_message)
{
	struct chat c;
	struct race x[8];
	pthread_t t[8];
	int created = 0;
	http_resp *r;
	char *p;

	chat_setup(&c);
	for (int i = 0; i < 8; i++) {
		x[i].conv = c.conv;
		x[i].token = c.token;
		pthread_create(&t[i], NULL, race_post, &x[i]);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 8; i++) {
		cr_assert(x[i].status == 200 || x[i].status == 201, "status %ld", x[i].status);
		created += x[i].status == 201;
		cr_assert_str_eq(x[i].id, x[0].id);
	}
	cr_assert_eq(created, 1);
	p = pathf("/api/v1/tenants/%s/conversations/%s", c.tid, c.conv);
	r = http("GET", p, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "messages")), 1);
	http_free(r);
	free(p);
	chat_free(&c);
}

Test(chat, stream_sends_events_in_order_and_stores_the_reply)
{
	struct chat c;
	http_resp *r;
	json_object *ev;
	char *p, *user, text[4096] = "", end_id[128];
	size_t n;

	chat_setup(&c);
	/* nothing asked yet: nothing pending */
	r = stream(c.conv, c.token, NULL);
	cr_assert_eq(r->status, 204, "%ld %s", r->status, r->body);
	http_free(r);

	r = chat_say(c.conv, c.token, "What are your hours?", "h-1");
	cr_assert_eq(r->status, 201);
	user = strdup(jstr(r, "id"));
	http_free(r);
	r = stream(c.conv, c.token, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_not_null(strstr(r->headers, "text/event-stream"), "%s", r->headers);
	ev = sse_events(r->body);
	n = json_object_array_length(ev);
	cr_assert_geq(n, 3, "%s", r->body);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_array_get_idx(ev, 0), "event")), "message_start");
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_array_get_idx(ev, n - 1), "event")), "message_end");
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(ev, i);
		const char *name = json_object_get_string(json_object_object_get(e, "event"));
		const char *id = json_object_get_string(json_object_object_get(e, "id"));

		cr_assert_not_null(id, "event %zu has no id", i);
		cr_assert_eq(strncmp(id, user, strlen(user)), 0, "id %s", id);
		cr_assert(strcmp(name, "error") != 0, "%s", r->body);
		if (strcmp(name, "delta") == 0)
			strncat(text, json_object_get_string(json_object_object_get(
			    json_object_object_get(e, "data"), "text")), sizeof(text) - strlen(text) - 1);
	}
	json_object *end = json_object_object_get(json_object_array_get_idx(ev, n - 1), "data");
	const char *content = json_object_get_string(json_object_object_get(end, "content"));
	const char *mid = json_object_get_string(json_object_object_get(end, "message_id"));
	cr_assert_gt(strlen(text), 0);
	cr_assert_str_eq(content, text, "message_end content is the deltas joined");
	snprintf(end_id, sizeof(end_id), "%s", json_object_get_string(json_object_object_get(
	    json_object_array_get_idx(ev, n - 1), "id")));
	cr_assert_str_eq(json_object_get_string(json_object_object_get(json_object_array_get_idx(ev,
	    0), "data") ? json_object_object_get(json_object_object_get(json_object_array_get_idx(ev,
	    0), "data"), "message_id") : NULL), mid);

	/* stored: polling sees the reply */
	p = pathf("/api/v1/public/conversations/%s/messages?since=%s", c.conv, user);
	http_resp *m = http("GET", p, c.token, NULL, NULL);
	cr_assert_eq(m->status, 200, "%s", m->body);
	cr_assert_eq(json_object_array_length(json_object_object_get(m->json, "items")), 1, "%s",
	    m->body);
	cr_assert_str_eq(jstr(m, "items.0.role"), "assistant");
	cr_assert_str_eq(jstr(m, "items.0.content"), text);
	cr_assert_str_eq(jstr(m, "items.0.id"), mid);
	http_free(m);
	free(p);

	/* reconnecting: the end again for a client that missed it; 204 once seen */
	http_resp *again = stream(c.conv, c.token, NULL);
	cr_assert_eq(again->status, 200);
	json_object *ev2 = sse_events(again->body);
	cr_assert_eq(json_object_array_length(ev2), 1, "%s", again->body);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(json_object_array_get_idx(ev2,
	    0), "event")), "message_end");
	cr_assert_str_eq(json_object_get_string(json_object_object_get(json_object_array_get_idx(ev2,
	    0), "id")), end_id);
	json_object_put(ev2);
	http_free(again);
	again = stream(c.conv, c.token, end_id);
	cr_assert_eq(again->status, 204, "%ld %s", again->status, again->body);
	http_free(again);
	/* a mid-stream id also gets the end */
	char mid_id[128];
	snprintf(mid_id, sizeof(mid_id), "%s:1", user);
	again = stream(c.conv, c.token, mid_id);
	cr_assert_eq(again->status, 200);
	cr_assert_not_null(strstr(again->body, "event: message_end"));
	http_free(again);

	/* exactly one reply stored, whatever the reconnects */
	p = pathf("/api/v1/tenants/%s/conversations/%s", c.tid, c.conv);
	m = http("GET", p, c.key, NULL, NULL);
	cr_assert_eq(m->status, 200);
	json_object *msgs = json_object_object_get(m->json, "messages");
	int assistants = 0;
	for (size_t i = 0; i < json_object_array_length(msgs); i++)
		assistants += strcmp(json_object_get_string(json_object_object_get(
		    json_object_array_get_idx(msgs, i), "role")), "assistant") == 0;
	cr_assert_eq(assistants, 1, "%s", m->body);
	http_free(m);
	free(p);
	json_object_put(ev);
	http_free(r);
	free(user);
	chat_free(&c);
}

Test(chat, polling_since_an_id_or_a_time)
{
	struct chat c;
	http_resp *r;
	char *p, *first;

	chat_setup(&c);
	r = chat_say(c.conv, c.token, "one", NULL);
	first = strdup(jstr(r, "id"));
	http_free(r);
	http_free(chat_say(c.conv, c.token, "two", NULL));
	http_free(chat_say(c.conv, c.token, "three", NULL));
	p = pathf("/api/v1/public/conversations/%s/messages?since=%s&limit=1", c.conv, first);
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.content"), "two");
	cr_assert_not_null(jstr(r, "next_cursor"));
	http_free(r);
	free(p);
	p = pathf("/api/v1/public/conversations/%s/messages?since=2000-01-01T00:00:00Z", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 3);
	http_free(r);
	free(p);
	p = pathf("/api/v1/public/conversations/%s/messages?since=yesterday", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "since"), "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/public/conversations/%s/messages?limit=0", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "limit"), "%s", r->body);
	http_free(r);
	free(p);
	free(first);
	chat_free(&c);
}

Test(chat, message_rate_limit_per_conversation)
{
	struct chat c, other;
	http_resp *r;
	char key[32], ra[16];
	int limited = 0, i;

	chat_setup(&c);
	chat_setup(&other);
	/* CHAT_MESSAGES_PER_MINUTE defaults to 20; the counter is in the
	 * database, so every worker process counts together */
	for (i = 0; i < 45 && !limited; i++) {
		snprintf(key, sizeof(key), "m-%d", i);
		r = chat_say(c.conv, c.token, "hello", key);
		if (r->status == 429) {
			limited = 1;
			cr_assert(is_error(r, "rate_limited", NULL), "%s", r->body);
			cr_assert_not_null(resp_header(r, "Retry-After", ra, sizeof(ra)));
			cr_assert(atoi(ra) >= 1 && atoi(ra) <= 60, "Retry-After %s", ra);
		} else
			cr_assert_eq(r->status, 201, "%s", r->body);
		http_free(r);
	}
	cr_assert(limited, "no 429 after %d messages", i);
	/* a new minute can start mid-loop, so the 429 comes at the 21st to
	 * the 41st post */
	cr_assert_geq(i, 21);
	/* a retry of a stored message is still answered */
	r = chat_say(c.conv, c.token, "hello", "m-0");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	/* another conversation is not affected */
	r = chat_say(other.conv, other.token, "hello", NULL);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	chat_free(&c);
	chat_free(&other);
}

Test(chat, conversation_rate_limit_per_client_address)
{
	char ip[32], other[32], xff[64], body[256];
	const char *h[] = {"Content-Type: application/json", xff, NULL};
	char *tid = mk_tenant("chatrl"), *handle = tenant_handle(tid);
	int limited = 0, i;
	http_resp *r;

	uniq_ip(ip, sizeof(ip));
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", ip);
	snprintf(body, sizeof(body), "{\"workspace_handle\": \"%s\"}", handle);
	/* CHAT_CONVERSATIONS_PER_HOUR defaults to 30 */
	for (i = 0; i < 65 && !limited; i++) {
		r = http_hdr("POST", "/api/v1/public/conversations", h, body);
		if (r->status == 429) {
			char ra[16];

			limited = 1;
			cr_assert(is_error(r, "rate_limited", NULL), "%s", r->body);
			cr_assert_not_null(resp_header(r, "Retry-After", ra, sizeof(ra)));
			cr_assert(atoi(ra) >= 1 && atoi(ra) <= 3600, "Retry-After %s", ra);
		} else
			cr_assert_eq(r->status, 201, "%s", r->body);
		http_free(r);
	}
	cr_assert(limited && i >= 31, "429 after %d conversations", i);
	/* another address may still start one */
	uniq_ip(other, sizeof(other));
	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", other);
	r = http_hdr("POST", "/api/v1/public/conversations", h, body);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(tid);
	free(handle);
}

Test(conversations, tenant_side_list_filter_patch)
{
	struct chat c;
	http_resp *r;
	char *p, *q, *staff;

	chat_setup(&c);
	http_free(chat_say(c.conv, c.token, "hello", NULL));
	/* a phone conversation recorded through the API */
	p = pathf("/api/v1/tenants/%s/conversations", c.tid);
	r = http_json("POST", p, c.key, "{\"channel\": \"phone\", \"contact\": \"+13125550123\", "
	    "\"tags\": [\"vip\"]}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	staff = strdup(jstr(r, "id"));
	cr_assert_str_eq(jstr(r, "status"), "open");
	http_free(r);
	r = http_json("POST", p, c.key, "{\"channel\": \"fax\"}");
	cr_assert(is_error(r, "validation_failed", "channel"), "%s", r->body);
	http_free(r);

	q = pathf("%s?channel=web", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	cr_assert_str_eq(jstr(r, "items.0.id"), c.conv);
	cr_assert_str_eq(jstr(r, "items.0.channel"), "web");
	http_free(r);
	free(q);
	q = pathf("%s?tag=vip", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	cr_assert_str_eq(jstr(r, "items.0.id"), staff);
	http_free(r);
	free(q);
	q = pathf("%s?channel=telegraph", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "channel"), "%s", r->body);
	http_free(r);
	free(q);
	q = pathf("%s?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 0);
	http_free(r);
	free(q);
	/* ?date= is a day in the tenant's zone (UTC here) */
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	q = pathf("%s?date=%s", p, today);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	/* (a test run crossing midnight UTC could see one) */
	cr_assert_geq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);
	free(q);
	q = pathf("%s?date=2001-02-03", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 0);
	http_free(r);
	free(q);
	q = pathf("%s?date=2001-02-30", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "date"), "%s", r->body);
	http_free(r);
	free(q);
	q = pathf("%s?date=2001-02-03&from=2001-01-01T00:00:00Z", p);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "date"), "%s", r->body);
	http_free(r);
	free(q);
	free(p);

	p = pathf("/api/v1/tenants/%s/conversations/%s", c.tid, c.conv);
	r = http_json("PATCH", p, c.key, "{\"tags\": [\"booking\", \"new-client\", \"booking\"], "
	    "\"status\": \"closed\", \"time_saved_s\": 240}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "status"), "closed");
	cr_assert_eq(jint(r, "time_saved_s"), 240);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "tags")), 2);
	http_free(r);
	r = http_json("PATCH", p, c.key, "{\"status\": \"archived\"}");
	cr_assert(is_error(r, "validation_failed", "status"), "%s", r->body);
	http_free(r);
	r = http_json("PATCH", p, c.key, "{\"time_saved_s\": -5}");
	cr_assert(is_error(r, "validation_failed", "time_saved_s"), "%s", r->body);
	http_free(r);
	r = http_json("PATCH", p, c.key, "{\"tags\": [\"Not OK\"]}");
	cr_assert(is_error(r, "validation_failed", "tags"), "%s", r->body);
	http_free(r);
	r = http_json("PATCH", p, c.key, "{\"channel\": \"sms\"}");
	cr_assert(is_error(r, "validation_failed", "channel"), "%s", r->body);
	http_free(r);
	r = http("GET", p, c.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "status"), "closed");
	cr_assert_str_eq(jstr(r, "messages.0.content"), "hello");
	cr_assert_null(strstr(r->body, "token"), "no token material: %s", r->body);
	http_free(r);
	q = pathf("/api/v1/tenants/%s/conversations?status=closed&tag=new-client", c.tid);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);
	free(q);

	/* staff messages: same idempotency */
	q = pathf("/api/v1/tenants/%s/conversations/%s/messages", c.tid, staff);
	r = http_json("POST", q, c.key, "{\"role\": \"assistant\", \"content\": \"We called back.\", "
	    "\"idempotency_key\": \"cb-1\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	r = http_json("POST", q, c.key, "{\"role\": \"assistant\", \"content\": \"We called back.\", "
	    "\"idempotency_key\": \"cb-1\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	r = http_json("POST", q, c.key, "{\"role\": \"robot\", \"content\": \"x\"}");
	cr_assert(is_error(r, "validation_failed", "role"), "%s", r->body);
	http_free(r);
	r = http("GET", q, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);
	free(q);
	free(p);
	free(staff);
	chat_free(&c);
}
