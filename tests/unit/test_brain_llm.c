/* The LLM brain against tests/fakes/llm_fake.py (FD_TEST_LLM_URL,
 * FD_TEST_LLM_KEY; skipped when unset) and a migrated SQLite database: the
 * events it emits, tools run through act_run (a real booking), the system
 * prompt the model sees (read back from the fake's request log), falling
 * back with ERR_UNAVAILABLE. */
#include <curl/curl.h>

#include "unit.h"

#include "../../lib/brain.h"
#include "../../lib/buf.h"
#include "../../lib/log.h"
#include "../../lib/tenant.h"
#include "../../lib/uuid.h"

static unit_db U;
static char tenant_id[40], service_id[40];

static void
fini(void)
{
	if (U.db)
		unit_db_close(&U);
	curl_global_cleanup();
}

TestSuite(brain_llm, .fini = fini);

/* 2030-03-06T16:00:00Z: Wednesday, March 6, 2030, 10:00 AM in Chicago (CST) */
#define NOW 1899043200

static void
setup(void)
{
	const char *url = getenv("FD_TEST_LLM_URL"), *key = getenv("FD_TEST_LLM_KEY");
	json_object *t = NULL;
	err_detail d;
	char now[40];

	if (url == NULL || *url == '\0')
		cr_skip_test("FD_TEST_LLM_URL not set (start tests/fakes/llm_fake.py)");
	unit_config();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	log_open(NULL, LOG_ERROR);
	snprintf(g_config.llm_base_url, sizeof(g_config.llm_base_url), "%s", url);
	snprintf(g_config.llm_api_key, sizeof(g_config.llm_api_key), "%s", key ? key : "");
	snprintf(g_config.llm_model, sizeof(g_config.llm_model), "llama-3.3-70b-versatile");
	g_config.llm_temperature = 0.7;
	g_config.llm_connect_timeout_ms = 2000;
	g_config.llm_first_token_ms = 5000;
	g_config.llm_timeout_ms = 20000;
	g_config.llm_max_tool_rounds = 4;
	g_config.llm_retry_max_s = 0;
	g_config.min_notice_min = 60;
	g_config.horizon_days = 60;
	g_config.slot_step_min = 30;

	unit_db_open(&U, 0, 1);
	cr_assert_eq(tenant_create(U.db, "Salon Uno", NULL, "America/Chicago", "starter", "active", &t,
	    &d), OK, "%s", d.message);
	snprintf(tenant_id, sizeof(tenant_id), "%s",
	    json_object_get_string(json_object_object_get(t, "id")));
	json_object_put(t);
	uuid_v7(service_id);
	db_now(now, 0);
	cr_assert_eq(db_runf(U.db, "INSERT INTO services (id, tenant_id, name, duration_min, price, "
	    "created_at, updated_at) VALUES (?, ?, 'Haircut', 30, 3000, ?, ?)", "ssss", service_id,
	    tenant_id, now, now), DB_DONE, "%s", db_errmsg(U.db));
}

/* The events, as "name data-json" lines. */
typedef struct {
	buf_t log;
	int n;
	int ndelta, ncall, nresult;
	json_object *results;   /* the tool_result data, in order */
} recorder;

static int
record(void *ctx, const char *event, json_object *data)
{
	recorder *r = ctx;

	buf_printf(&r->log, "%s %s\n", event, json_object_to_json_string_ext(data,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	r->n++;
	if (strcmp(event, "delta") == 0)
		r->ndelta++;
	else if (strcmp(event, "tool_call") == 0)
		r->ncall++;
	else if (strcmp(event, "tool_result") == 0) {
		r->nresult++;
		json_object_array_add(r->results, json_object_get(data));
	}
	return 0;
}

static void
recorder_init(recorder *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->log, 0);
	r->results = json_object_new_array();
}

static void
recorder_free(recorder *r)
{
	buf_free(&r->log);
	json_object_put(r->results);
}

/* One turn: prompt carries the script marker (and a nonce to find the
 * request again); history = earlier turns + text. */
static fd_err
turn(const char *prompt, const char *knowledge, json_object *history, const char *text,
    recorder *rec, char **reply, err_detail *d)
{
	ev_sink sink = {.emit = record, .ctx = rec};
	json_object *h = history ? history : json_object_new_array(), *m, *state;
	brain_ctx c = {.db = U.db, .tenant_id = tenant_id, .conversation_id = "conv-1",
	    .channel = "web", .now = NOW, .tz = tz_get("America/Chicago"),
	    .business_name = "Salon Uno", .tone = "friendly", .knowledge_base = knowledge,
	    .forwarding_phone = "", .caller_phone = "", .agent_name = "Mia",
	    .system_prompt = prompt, .greeting = "", .language = "en", .text = text};
	fd_err e;

	cr_assert_not_null(c.tz);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("user"));
	json_object_object_add(m, "content", json_object_new_string(text));
	json_object_array_add(h, m);
	c.history = h;
	c.state = state = json_object_new_object();
	memset(d, 0, sizeof(*d));
	e = brain_llm(&c, &sink, reply, d);
	json_object_put(h);
	json_object_put(state);
	return e;
}

static size_t
to_buf(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* The fake's recorded requests for a script: {"requests": [...]}. */
static json_object *
fake_requests(const char *marker)
{
	char url[600], *base = strdup(getenv("FD_TEST_LLM_URL")), *v1;
	CURL *cu = curl_easy_init();
	buf_t b;
	json_object *o;

	cr_assert_not_null(base);
	if ((v1 = strstr(base, "/v1")) != NULL)
		*v1 = '\0';
	snprintf(url, sizeof(url), "%s/_requests?marker=%s", base, marker);
	free(base);
	buf_init(&b, 0);
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, to_buf);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &b);
	cr_assert_eq(curl_easy_perform(cu), CURLE_OK);
	curl_easy_cleanup(cu);
	o = json_tokener_parse(b.data ? b.data : "");
	buf_free(&b);
	cr_assert_not_null(o);
	return o;
}

/* The recorded requests whose system message contains needle (new array). */
static json_object *
requests_with(const char *marker, const char *needle)
{
	json_object *all = fake_requests(marker), *reqs, *out = json_object_new_array();

	cr_assert(json_object_object_get_ex(all, "requests", &reqs));
	for (size_t i = 0; i < json_object_array_length(reqs); i++) {
		json_object *r = json_object_array_get_idx(reqs, i), *msgs, *sys, *content;

		if (json_object_object_get_ex(r, "messages", &msgs) &&
		    (sys = json_object_array_get_idx(msgs, 0)) != NULL &&
		    json_object_object_get_ex(sys, "content", &content) &&
		    strstr(json_object_get_string(content), needle))
			json_object_array_add(out, json_object_get(r));
	}
	json_object_put(all);
	return out;
}

static const char *
path_str(json_object *o, const char *a, const char *b)
{
	json_object *v;

	if (!json_object_object_get_ex(o, a, &v) || (b && !json_object_object_get_ex(v, b, &v)))
		return NULL;
	return json_object_get_string(v);
}

UTEST(brain_llm, hello)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;

	setup();
	recorder_init(&rec);
	cr_assert_eq(turn("Be nice. [fake:hello]", "", NULL, "hi there", &rec, &reply, &d), OK,
	    "%s", d.message);
	cr_assert_str_eq(reply, "Hello! How can I help you today?");
	cr_assert_eq(rec.ndelta, 4, "one delta event per streamed fragment:\n%s", rec.log.data);
	cr_assert_eq(rec.n, 4);
	cr_assert_eq(strncmp(rec.log.data, "delta {\"text\":\"Hello\"}\n", 23), 0, "%s", rec.log.data);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, services_via_tools)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;

	setup();
	recorder_init(&rec);
	cr_assert_eq(turn("[fake:services]", "", NULL, "what do you offer?", &rec, &reply, &d), OK,
	    "%s", d.message);
	cr_assert_str_eq(reply, "We offer Haircut and more.", "%s", rec.log.data);
	cr_assert_eq(rec.ncall, 1);
	cr_assert_eq(rec.nresult, 1);
	cr_assert_not_null(strstr(rec.log.data, "tool_call {\"name\":\"list_services\",\"arguments\":{}}"),
	    "%s", rec.log.data);
	cr_assert_not_null(strstr(rec.log.data, "tool_result {\"name\":\"list_services\",\"result\":"
	    "{\"services\":["), "%s", rec.log.data);
	/* the order: call, result, then the text */
	cr_assert_lt(strstr(rec.log.data, "tool_result"), strstr(rec.log.data, "delta"));
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, books_a_real_appointment)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;
	json_object *avail, *booked, *slot0;
	const char *start;
	db_stmt *st;

	setup();
	recorder_init(&rec);
	cr_assert_eq(turn("[fake:book]", "", NULL, "I'd like to book a haircut tomorrow at 10am. "
	    "My name is Ana Lopez and my phone is +1 312 555 0147.", &rec, &reply, &d), OK, "%s",
	    d.message);
	cr_assert_eq(rec.ncall, 2, "%s", rec.log.data);
	cr_assert_eq(rec.nresult, 2, "%s", rec.log.data);
	cr_assert_not_null(strstr(rec.log.data, "tool_call {\"name\":\"check_availability\","
	    "\"arguments\":{\"service\":\"haircut\",\"when\":\"tomorrow at 10am\"}}"), "%s",
	    rec.log.data);
	avail = json_object_object_get(json_object_array_get_idx(rec.results, 0), "result");
	slot0 = json_object_array_get_idx(json_object_object_get(avail, "slots"), 0);
	cr_assert_not_null(slot0, "no slot offered: %s", rec.log.data);
	start = path_str(slot0, "start", NULL);
	cr_assert_not_null(start);
	booked = json_object_object_get(json_object_array_get_idx(rec.results, 1), "result");
	cr_assert_null(json_object_object_get(booked, "error"), "%s", rec.log.data);
	cr_assert_str_eq(path_str(booked, "appointment", "starts_at"), start);
	cr_assert_eq(strncmp(reply, "You're booked for ", 18), 0, "%s", reply);
	cr_assert_not_null(strstr(reply, "See you then!"));

	/* the row, as the API would have made it */
	st = db_queryf(U.db, "SELECT a.starts_at, a.status, a.source, c.name, c.phone FROM "
	    "appointments a JOIN customers c ON c.id = a.customer_id WHERE a.tenant_id = ?", "s",
	    tenant_id);
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st), DB_ROW, "no appointment row");
	cr_assert_str_eq(db_col_text(st, 0), start);
	cr_assert_str_eq(db_col_text(st, 1), "booked");
	cr_assert_str_eq(db_col_text(st, 2), "chat");
	cr_assert_str_eq(db_col_text(st, 3), "Ana Lopez");
	cr_assert_str_eq(db_col_text(st, 4), "+13125550147");
	cr_assert_eq(db_step(st), DB_DONE, "exactly one appointment");
	db_finalize(st);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, model_down_falls_back)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;

	setup();
	recorder_init(&rec);
	cr_assert_eq(turn("[fake:always_500]", "", NULL, "hi", &rec, &reply, &d), ERR_UNAVAILABLE);
	cr_assert_not_null(reply);
	cr_assert_str_eq(reply, "");
	cr_assert_eq(rec.n, 0);
	cr_assert_not_null(strstr(d.message, "HTTP 500"), "%s", d.message);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, cut_stream_keeps_emitted_text)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;

	setup();
	recorder_init(&rec);
	cr_assert_eq(turn("[fake:cut]", "", NULL, "hi", &rec, &reply, &d), ERR_UNAVAILABLE);
	cr_assert_str_eq(reply, "Half an answer", "what was already emitted");
	cr_assert_eq(rec.ndelta, 2);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, system_prompt_and_history)
{
	recorder rec;
	char *reply = NULL, nonce[40];
	err_detail d;
	json_object *reqs, *msgs, *h = json_object_new_array(), *m;
	const char *sys;
	unsigned char rnd[6];

	setup();
	recorder_init(&rec);
	cr_assert_eq(crypto_random(rnd, sizeof(rnd)), 0);
	snprintf(nonce, sizeof(nonce), "nonce-%02x%02x%02x%02x%02x%02x [fake:hello]", rnd[0], rnd[1],
	    rnd[2], rnd[3], rnd[4], rnd[5]);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("user"));
	json_object_object_add(m, "content", json_object_new_string("Hello"));
	json_object_array_add(h, m);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("assistant"));
	json_object_object_add(m, "content", json_object_new_string("Hi! How can I help?"));
	json_object_array_add(h, m);
	cr_assert_eq(turn(nonce, "We have free parking behind the salon.\n\nWe accept cards only.",
	    h, "Is there parking nearby?", &rec, &reply, &d), OK, "%s", d.message);

	reqs = requests_with("hello", nonce);
	cr_assert_eq(json_object_array_length(reqs), 1);
	msgs = json_object_object_get(json_object_array_get_idx(reqs, 0), "messages");
	cr_assert_eq(json_object_array_length(msgs), 4, "system + 2 history + the new text");
	sys = path_str(json_object_array_get_idx(msgs, 0), "content", NULL);
	cr_assert_eq(strncmp(sys, nonce, strlen(nonce)), 0, "the agent's prompt comes first");
	/* the tenant's local date and time, not UTC */
	cr_assert_not_null(strstr(sys, "Wednesday, March 6, 2030 at 10:00 AM"), "%s", sys);
	cr_assert_not_null(strstr(sys, "America/Chicago"), "%s", sys);
	cr_assert_not_null(strstr(sys, "2030-03-06T10:00:00-06:00"), "%s", sys);
	cr_assert_not_null(strstr(sys, "Salon Uno"));
	cr_assert_not_null(strstr(sys, "Mia"));
	cr_assert_not_null(strstr(sys, "friendly"));
	cr_assert_not_null(strstr(sys, "free parking behind the salon"), "retrieved passage: %s", sys);
	cr_assert_not_null(strstr(sys, "never invent") ? sys : strstr(sys, "Never invent"));
	cr_assert_str_eq(path_str(json_object_array_get_idx(msgs, 1), "role", NULL), "user");
	cr_assert_str_eq(path_str(json_object_array_get_idx(msgs, 2), "role", NULL), "assistant");
	cr_assert_str_eq(path_str(json_object_array_get_idx(msgs, 3), "content", NULL),
	    "Is there parking nearby?");
	/* the tools are offered, with tool_choice auto */
	cr_assert_gt(json_object_array_length(json_object_object_get(
	    json_object_array_get_idx(reqs, 0), "tools")), 0);
	cr_assert_str_eq(path_str(json_object_array_get_idx(reqs, 0), "tool_choice", NULL), "auto");
	json_object_put(reqs);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, tool_rounds_are_capped)
{
	recorder rec;
	char *reply = NULL, nonce[48];
	err_detail d;
	json_object *reqs;
	size_t n;
	unsigned char rnd[6];

	setup();
	g_config.llm_max_tool_rounds = 2;
	recorder_init(&rec);
	cr_assert_eq(crypto_random(rnd, sizeof(rnd)), 0);
	snprintf(nonce, sizeof(nonce), "[fake:loop] %02x%02x%02x%02x%02x%02x", rnd[0], rnd[1],
	    rnd[2], rnd[3], rnd[4], rnd[5]);
	cr_assert_eq(turn(nonce, "", NULL, "services?", &rec, &reply, &d), OK, "%s", d.message);
	cr_assert_eq(rec.ncall, 2, "%s", rec.log.data);
	cr_assert_str_eq(reply, "Enough looking things up.");
	reqs = requests_with("loop", nonce);
	n = json_object_array_length(reqs);
	cr_assert_eq(n, 3, "two tool rounds, then the answer");
	cr_assert_str_eq(path_str(json_object_array_get_idx(reqs, n - 1), "tool_choice", NULL), "none");
	json_object_put(reqs);
	free(reply);
	recorder_free(&rec);
}

UTEST(brain_llm, bad_tool_calls_answered_with_errors)
{
	recorder rec;
	char *reply = NULL;
	err_detail d;

	setup();
	recorder_init(&rec);
	/* arguments that are not JSON: an error result, and the model goes on */
	cr_assert_eq(turn("[fake:bad_args]", "", NULL, "hm", &rec, &reply, &d), OK, "%s", d.message);
	cr_assert_not_null(strstr(rec.log.data, "tool_call {\"name\":\"list_services\",\"arguments\":{}}"),
	    "%s", rec.log.data);
	cr_assert_not_null(strstr(rec.log.data, "\"code\":\"malformed_json\""), "%s", rec.log.data);
	cr_assert_eq(strncmp(reply, "The tool said: The arguments were not", 37), 0, "%s", reply);
	free(reply);
	recorder_free(&rec);

	/* a tool that does not exist */
	recorder_init(&rec);
	cr_assert_eq(turn("[fake:unknown_tool]", "", NULL, "hm", &rec, &reply, &d), OK, "%s",
	    d.message);
	cr_assert_not_null(strstr(rec.log.data, "\"code\":\"not_found\""), "%s", rec.log.data);
	cr_assert_str_eq(reply, "The tool said: There is no tool named 'fly_to_the_moon'.");
	free(reply);
	recorder_free(&rec);
}
