/* A visitor books, asks and cancels by chatting through the web server with
 * no LLM configured: the rules brain, the public API and the event stream
 * end to end, with the bookings checked through the tenant's API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "http.h"

struct shop {
	char *tid, *key, *handle;
};

static void
open_all_week(const char *tid, const char *key)
{
	char *p = pathf("/api/v1/tenants/%s/hours", tid);
	http_resp *r = http_json("PUT", p, key, "{\"timezone\": \"America/Chicago\", \"weekly\": {"
	    "\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"tue\": [{\"start\": \"09:00\", "
	    "\"end\": \"17:00\"}], \"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"thu\": "
	    "[{\"start\": \"09:00\", \"end\": \"17:00\"}], \"fri\": [{\"start\": \"09:00\", \"end\": "
	    "\"17:00\"}], \"sat\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"sun\": [{\"start\": "
	    "\"09:00\", \"end\": \"17:00\"}]}}");

	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
}

static void
shop_setup(struct shop *s, const char *service, int price)
{
	char *p;
	http_resp *r;

	s->tid = mk_tenant("rules");
	s->key = mk_apikey(s->tid, NULL);
	s->handle = tenant_handle(s->tid);
	open_all_week(s->tid, s->key);
	p = pathf("/api/v1/tenants/%s/services", s->tid);
	r = http_json("POST", p, s->key, "{\"name\": \"%s\", \"duration_min\": 30, \"price\": %d, "
	    "\"currency\": \"USD\"}", service, price);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/agents", s->tid);
	r = http_json("POST", p, s->key, "{\"name\": \"Ava\", \"system_prompt\": \"You are Ava.\", "
	    "\"greeting\": \"Welcome to the shop, I am Ava!\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(p);
}

static void
shop_free(struct shop *s)
{
	free(s->tid); free(s->key); free(s->handle);
}

/* One turn: post text, read the stream, return message_end's content. */
static char *
turn(const char *conv, const char *token, const char *text)
{
	http_resp *r = chat_say(conv, token, text, NULL);
	json_object *ev, *last;
	char *p, *out;
	size_t n;

	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	p = pathf("/api/v1/public/conversations/%s/stream", conv);
	r = http("GET", p, token, NULL, NULL);
	free(p);
	cr_assert_eq(r->status, 200, "%s", r->body);
	ev = sse_events(r->body);
	n = json_object_array_length(ev);
	cr_assert_gt(n, 0, "%s", r->body);
	last = json_object_array_get_idx(ev, n - 1);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(last, "event")), "message_end",
	    "%s", r->body);
	out = strdup(json_object_get_string(json_object_object_get(json_object_object_get(last,
	    "data"), "content")));
	json_object_put(ev);
	http_free(r);
	return out;
}

#define SAYS(reply, want) cr_assert_not_null(strstr((reply), (want)), "expected \"%s\" in: %s", \
	(want), (reply))

/* "tomorrow" in America/Chicago, as "YYYY-MM-DD" */
static void
tomorrow_chicago(char out[16])
{
	time_t t = time(NULL) + 86400;
	struct tm tm;
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "America/Chicago", 1);
	tzset();
	localtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
}

Test(chat_rules, a_visitor_books_by_chatting)
{
	struct shop s;
	char ip[32], *conv, *token, *reply, day[16], *p;
	http_resp *r;

	shop_setup(&s, "Haircut", 3000);
	uniq_ip(ip, sizeof(ip));
	conv = chat_start(s.handle, ip, &token);

	reply = turn(conv, token, "Hi!");
	SAYS(reply, "Welcome to the shop, I am Ava!");
	free(reply);
	reply = turn(conv, token, "I'd like to book a haircut tomorrow at 3pm");
	SAYS(reply, "3:00 PM");
	SAYS(reply, "name");
	free(reply);
	reply = turn(conv, token, "Pat Lee");
	SAYS(reply, "phone");
	free(reply);
	reply = turn(conv, token, "(312) 555-0100");
	SAYS(reply, "Shall I book Haircut on");
	SAYS(reply, "3:00 PM for Pat Lee?");
	free(reply);
	/* nothing is booked before the visitor says yes */
	p = pathf("/api/v1/tenants/%s/appointments", s.tid);
	r = http("GET", p, s.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 0);
	http_free(r);
	reply = turn(conv, token, "yes");
	SAYS(reply, "is booked for");
	free(reply);

	/* a real appointment at tomorrow 15:00 in the business's zone */
	tomorrow_chicago(day);
	r = http("GET", p, s.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1, "%s",
	    r->body);
	cr_assert_str_eq(jstr(r, "items.0.status"), "booked");
	cr_assert_str_eq(jstr(r, "items.0.source"), "chat");
	cr_assert_str_eq(jstr(r, "items.0.service_name"), "Haircut");
	cr_assert_str_eq(jstr(r, "items.0.customer_name"), "Pat Lee");
	cr_assert_str_eq(jstr(r, "items.0.customer_phone"), "+13125550100");
	char want[40];
	snprintf(want, sizeof(want), "%sT15:00:00-0", day); /* -05:00 or -06:00 */
	cr_assert_eq(strncmp(jstr(r, "items.0.starts_at_local"), want, strlen(want)), 0,
	    "starts_at_local %s, want %s..", jstr(r, "items.0.starts_at_local"), want);
	http_free(r);
	free(p);

	/* the conversation records it: customer, tool messages */
	p = pathf("/api/v1/tenants/%s/conversations/%s", s.tid, conv);
	r = http("GET", p, s.key, NULL, NULL);
	cr_assert_not_null(jstr(r, "customer_id"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "book_appointment"), "%s", r->body);
	http_free(r);
	free(p);

	/* a second visitor asking for the same time is offered others */
	char *conv2, *token2;
	uniq_ip(ip, sizeof(ip));
	conv2 = chat_start(s.handle, ip, &token2);
	reply = turn(conv2, token2, "Can I get a haircut tomorrow at 3pm?");
	SAYS(reply, "isn't available");
	SAYS(reply, "3:30 PM");
	free(reply);
	free(conv2);
	free(token2);

	/* and the first cancels by chatting */
	char *conv3, *token3;
	uniq_ip(ip, sizeof(ip));
	conv3 = chat_start(s.handle, ip, &token3);
	reply = turn(conv3, token3, "I need to cancel my appointment");
	SAYS(reply, "phone");
	free(reply);
	reply = turn(conv3, token3, "312-555-0100");
	SAYS(reply, "cancel it? (yes/no)");
	free(reply);
	reply = turn(conv3, token3, "yes");
	SAYS(reply, "cancelled");
	free(reply);
	p = pathf("/api/v1/tenants/%s/appointments?status=cancelled", s.tid);
	r = http("GET", p, s.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1, "%s",
	    r->body);
	http_free(r);
	free(p);
	free(conv3);
	free(token3);
	free(conv);
	free(token);
	shop_free(&s);
}

Test(chat_rules, answers_from_its_own_business_only)
{
	struct shop a, b;
	char ip[32], *conv, *token, *reply, *p;
	http_resp *r;

	shop_setup(&a, "Haircut", 3000);
	shop_setup(&b, "Hot Stone Massage", 9000);
	p = pathf("/api/v1/tenants/%s", a.tid);
	r = http_json("PATCH", p, a.key, "{\"knowledge_base\": \"Parking: free parking behind the "
	    "salon on Elm Street.\\n\\nWe accept cash and all major cards.\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	uniq_ip(ip, sizeof(ip));
	conv = chat_start(a.handle, ip, &token);
	reply = turn(conv, token, "What services do you offer and how much?");
	SAYS(reply, "Haircut");
	SAYS(reply, "$30.00");
	cr_assert_null(strstr(reply, "Massage"), "another tenant's service offered: %s", reply);
	free(reply);
	reply = turn(conv, token, "What are your hours?");
	SAYS(reply, "9:00 AM");
	free(reply);
	reply = turn(conv, token, "Where can I park?");
	SAYS(reply, "Elm Street");
	free(reply);
	reply = turn(conv, token, "Can I book a massage tomorrow at 10am?");
	cr_assert_null(strstr(reply, "Hot Stone"), "%s", reply);
	free(reply);
	free(conv);
	free(token);
	shop_free(&a);
	shop_free(&b);
}
