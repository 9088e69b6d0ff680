/* The web chat with the LLM brain, against the loopback LLM
 * (tests/fakes/llm_fake.py) chosen per test by a "[fake:NAME]" marker in the
 * agent's system prompt. These run only in the pool scripts/test.sh starts
 * with AGENT_BRAIN=llm (FD_LLM_POOL=1); scripts/apache-smoke.sh runs
 * stream_is_unbuffered through Apache too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <curl/curl.h>

#include "http.h"

static void
need_llm_pool(void)
{
	if (getenv("FD_LLM_POOL") == NULL)
		cr_skip_test("needs the LLM pool (scripts/test.sh)");
}

struct llmchat {
	char *tid, *key, *handle, *conv, *token;
};

/* A tenant whose default agent's prompt carries the fake's script marker,
 * open every day, with a Haircut service; and a web chat. */
static void
setup(struct llmchat *c, const char *script)
{
	char ip[32], *p;
	http_resp *r;

	c->tid = mk_tenant("llm");
	c->key = mk_apikey(c->tid, NULL);
	c->handle = tenant_handle(c->tid);
	p = pathf("/api/v1/tenants/%s/agents", c->tid);
	r = http_json("POST", p, c->key, "{\"name\": \"Ava\", \"system_prompt\": \"You are Ava, the "
	    "receptionist. [fake:%s]\", \"greeting\": \"Hi, this is Ava.\"}", script);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/hours", c->tid);
	r = http_json("PUT", p, c->key, "{\"weekly\": {\"mon\": [{\"start\": \"00:00\", \"end\": "
	    "\"24:00\"}], \"tue\": [{\"start\": \"00:00\", \"end\": \"24:00\"}], \"wed\": [{\"start\": "
	    "\"00:00\", \"end\": \"24:00\"}], \"thu\": [{\"start\": \"00:00\", \"end\": \"24:00\"}], "
	    "\"fri\": [{\"start\": \"00:00\", \"end\": \"24:00\"}], \"sat\": [{\"start\": \"00:00\", "
	    "\"end\": \"24:00\"}], \"sun\": [{\"start\": \"00:00\", \"end\": \"24:00\"}]}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/services", c->tid);
	r = http_json("POST", p, c->key, "{\"name\": \"Haircut\", \"duration_min\": 30, "
	    "\"price\": 3500, \"currency\": \"USD\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(p);
	uniq_ip(ip, sizeof(ip));
	c->conv = chat_start(c->handle, ip, &c->token);
}

static void
teardown(struct llmchat *c)
{
	free(c->tid); free(c->key); free(c->handle); free(c->conv); free(c->token);
}

/* A stream read as it arrives: when each event came, and the body. */
struct live {
	double t0, first_delta, end;
	int deltas, abort_after_first;
	char *body;
	size_t len;
	char first_delta_id[128];
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
live_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct live *l = arg;
	size_t n = size * nmemb;
	char *nb = realloc(l->body, l->len + n + 1);

	cr_assert_not_null(nb);
	l->body = nb;
	memcpy(l->body + l->len, data, n);
	l->len += n;
	l->body[l->len] = '\0';
	if (l->first_delta == 0 && strstr(l->body, "event: delta\n")) {
		const char *id = strstr(strstr(l->body, "event: delta\n"), "id: ");

		if (id && strchr(id, '\n')) {
			l->first_delta = now_s() - l->t0;
			snprintf(l->first_delta_id, sizeof(l->first_delta_id), "%.*s",
			    (int)(strchr(id, '\n') - id - 4), id + 4);
			if (l->abort_after_first)
				return 0; /* the client leaves */
		}
	}
	if (l->end == 0 && strstr(l->body, "event: message_end"))
		l->end = now_s() - l->t0;
	return n;
}

static long
live_stream(const char *conv, const char *token, const char *last_id, struct live *l)
{
	char url[512], auth[256], last[192];
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	long code = 0;

	snprintf(url, sizeof(url), "%s/api/v1/public/conversations/%s/stream", getenv("FD_BASE_URL"),
	    conv);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Accept: text/event-stream");
	if (last_id) {
		snprintf(last, sizeof(last), "Last-Event-ID: %s", last_id);
		h = curl_slist_append(h, last);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, live_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, l);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	l->t0 = now_s();
	curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	for (const char *p = l->body; p && (p = strstr(p, "event: delta\n")); p++)
		l->deltas++;
	return code;
}

/* The stored assistant replies of a conversation (tenant view). */
static json_object *
replies(struct llmchat *c)
{
	char *p = pathf("/api/v1/tenants/%s/conversations/%s", c->tid, c->conv);
	http_resp *r = http("GET", p, c->key, NULL, NULL);
	json_object *out = json_object_new_array(), *msgs;

	cr_assert_eq(r->status, 200, "%s", r->body);
	msgs = json_object_object_get(r->json, "messages");
	for (size_t i = 0; i < json_object_array_length(msgs); i++) {
		json_object *m = json_object_array_get_idx(msgs, i);

		if (strcmp(json_object_get_string(json_object_object_get(m, "role")), "assistant") == 0)
			json_object_array_add(out, json_object_get(json_object_object_get(m, "content")));
	}
	http_free(r);
	free(p);
	return out;
}

Test(chat_llm, stream_is_unbuffered)
{
	struct llmchat c;
	struct live l = {0};
	long code;

	need_llm_pool();
	setup(&c, "slow_reply:3");
	http_free(chat_say(c.conv, c.token, "When are you open?", NULL));
	code = live_stream(c.conv, c.token, NULL, &l);
	cr_assert_eq(code, 200, "%s", l.body);
	cr_assert_gt(l.first_delta, 0, "no delta: %s", l.body);
	cr_assert_gt(l.end, 0, "no message_end: %s", l.body);
	/* the fake spreads its reply over 3 s: an unbuffered stream shows the
	 * first piece long before the last */
	cr_assert_lt(l.first_delta + 1.5, l.end, "first delta at %.2f s, end at %.2f s: buffered?",
	    l.first_delta, l.end);
	cr_assert_geq(l.deltas, 5, "%d deltas", l.deltas);
	cr_assert_not_null(strstr(l.body, "We are open Monday to Friday"), "%s", l.body);
	free(l.body);
	teardown(&c);
}

Test(chat_llm, reply_completes_when_the_client_leaves_and_resumes_on_reconnect)
{
	struct llmchat c;
	struct live l = {0}, again = {0};
	json_object *rep;
	int i;

	need_llm_pool();
	setup(&c, "slow_reply:2");
	http_free(chat_say(c.conv, c.token, "When are you open?", NULL));
	l.abort_after_first = 1;
	live_stream(c.conv, c.token, NULL, &l);
	cr_assert_gt(l.first_delta, 0, "%s", l.body);
	cr_assert_null(strstr(l.body, "message_end"));
	/* reconnect at once, as EventSource does: the reply is still being
	 * written by the first request; this one waits and gets its end */
	cr_assert_gt(live_stream(c.conv, c.token, l.first_delta_id, &again), 0);
	cr_assert_not_null(strstr(again.body, "event: message_end"), "%s", again.body);
	/* the fake streams one piece every ~250 ms for 2 s: eight pieces */
	const char *whole = "We are open Monday to Friday, nine to";
	cr_assert_not_null(strstr(again.body, whole), "%s", again.body);
	/* stored once, complete */
	for (i = 0; i < 50; i++) {
		rep = replies(&c);
		if (json_object_array_length(rep) > 0)
			break;
		json_object_put(rep);
		usleep(100000);
	}
	cr_assert_eq(json_object_array_length(rep), 1);
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(rep, 0)), whole);
	json_object_put(rep);
	free(l.body);
	free(again.body);
	teardown(&c);
}

Test(chat_llm, books_through_tool_calls)
{
	struct llmchat c;
	http_resp *r;
	json_object *ev;
	char *p;
	int calls = 0, results = 0;

	need_llm_pool();
	setup(&c, "book");
	http_free(chat_say(c.conv, c.token, "Hi, I'd like to book a haircut tomorrow at 3pm. My name is "
	    "Pat Doe and my number is +1 312 555 0147.", NULL));
	p = pathf("/api/v1/public/conversations/%s/stream", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	free(p);
	cr_assert_eq(r->status, 200, "%s", r->body);
	ev = sse_events(r->body);
	for (size_t i = 0; i < json_object_array_length(ev); i++) {
		json_object *e = json_object_array_get_idx(ev, i);
		const char *name = json_object_get_string(json_object_object_get(e, "event"));
		json_object *d = json_object_object_get(e, "data");

		cr_assert(strcmp(name, "error") != 0, "%s", r->body);
		if (strcmp(name, "tool_call") == 0) {
			calls++;
			cr_assert(json_object_is_type(json_object_object_get(d, "arguments"),
			    json_type_object), "%s", r->body);
		}
		if (strcmp(name, "tool_result") == 0)
			results++;
	}
	cr_assert_eq(calls, 2, "%s", r->body);
	cr_assert_eq(results, 2, "%s", r->body);
	cr_assert_not_null(strstr(r->body, "\"name\":\"check_availability\""), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "\"name\":\"book_appointment\""), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "You're booked"), "%s", r->body);
	json_object_put(ev);
	http_free(r);

	/* a real appointment, for the customer the chat named */
	p = pathf("/api/v1/tenants/%s/appointments", c.tid);
	r = http("GET", p, c.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1, "%s",
	    r->body);
	cr_assert_str_eq(jstr(r, "items.0.customer_phone"), "+13125550147");
	cr_assert_str_eq(jstr(r, "items.0.service_name"), "Haircut");
	cr_assert_str_eq(jstr(r, "items.0.status"), "booked");
	cr_assert_str_eq(jstr(r, "items.0.source"), "chat");
	http_free(r);
	free(p);
	/* and the conversation knows its customer now */
	p = pathf("/api/v1/tenants/%s/conversations/%s", c.tid, c.conv);
	r = http("GET", p, c.key, NULL, NULL);
	cr_assert_not_null(jstr(r, "customer_id"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "\"role\":\"tool\""), "tool messages stored: %s", r->body);
	http_free(r);
	free(p);
	teardown(&c);
}

/* The model keeps failing: the rules brain answers the turn. */
Test(chat_llm, falls_back_to_the_rules_brain)
{
	struct llmchat c;
	http_resp *r;
	json_object *rep;
	char *p;

	need_llm_pool();
	setup(&c, "always_500");
	http_free(chat_say(c.conv, c.token, "How much is a haircut?", NULL));
	p = pathf("/api/v1/public/conversations/%s/stream", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	free(p);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_null(strstr(r->body, "event: error"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "event: message_end"), "%s", r->body);
	http_free(r);
	rep = replies(&c);
	cr_assert_eq(json_object_array_length(rep), 1);
	cr_assert_gt(strlen(json_object_get_string(json_object_array_get_idx(rep, 0))), 0);
	json_object_put(rep);
	teardown(&c);
}

Test(chat_llm, a_rate_limited_model_is_retried)
{
	struct llmchat c;
	http_resp *r;
	char *p;

	need_llm_pool();
	setup(&c, "rate_limited_once");
	http_free(chat_say(c.conv, c.token, "Hello!", NULL));
	p = pathf("/api/v1/public/conversations/%s/stream", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	free(p);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_not_null(strstr(r->body, "event: message_end"), "%s", r->body);
	cr_assert_null(strstr(r->body, "event: error"), "%s", r->body);
	/* the model's own words: the retry worked, no fallback */
	cr_assert_not_null(strstr(r->body, "\"content\":\"Thanks for waiting!\""), "%s", r->body);
	http_free(r);
	teardown(&c);
}

/* The model books, then fails: the reply says what was done instead of the
 * rules brain starting over. */
Test(chat_llm, a_booking_made_before_the_model_fails_is_reported)
{
	struct llmchat c;
	http_resp *r;
	char *p;

	need_llm_pool();
	setup(&c, "book_then_fail");
	http_free(chat_say(c.conv, c.token, "I'd like to book a haircut tomorrow at 3pm. My name is "
	    "Lee Park and my number is +1 312 555 0148.", NULL));
	p = pathf("/api/v1/public/conversations/%s/stream", c.conv);
	r = http("GET", p, c.token, NULL, NULL);
	free(p);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_null(strstr(r->body, "event: error"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "\"name\":\"book_appointment\""), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "Your Haircut is booked for "), "%s", r->body);
	http_free(r);
	p = pathf("/api/v1/tenants/%s/appointments", c.tid);
	r = http("GET", p, c.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1, "%s",
	    r->body);
	cr_assert_str_eq(jstr(r, "items.0.customer_phone"), "+13125550148");
	http_free(r);
	free(p);
	teardown(&c);
}
