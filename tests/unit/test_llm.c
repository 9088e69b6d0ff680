/* The chat-completions client against tests/fakes/llm_fake.py (base URL in
 * FD_TEST_LLM_URL, key in FD_TEST_LLM_KEY; skipped when unset): deltas in
 * order, tool calls assembled across chunks, retry on 429, errors, timeouts,
 * cut streams, and the key never in the log. */
#include <time.h>

#include <curl/curl.h>

#include "unit.h"

#include "../../lib/llm.h"
#include "../../lib/log.h"

static char logpath[64];

static void
fini(void)
{
	if (logpath[0])
		unlink(logpath);
	curl_global_cleanup();
}

TestSuite(llm, .fini = fini);

/* Configure g_config for the fake and capture the log; skip without a fake. */
static void
setup(void)
{
	const char *url = getenv("FD_TEST_LLM_URL"), *key = getenv("FD_TEST_LLM_KEY");

	if (url == NULL || *url == '\0')
		cr_skip_test("FD_TEST_LLM_URL not set (start tests/fakes/llm_fake.py)");
	unit_config();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(g_config.llm_base_url, sizeof(g_config.llm_base_url), "%s", url);
	snprintf(g_config.llm_api_key, sizeof(g_config.llm_api_key), "%s", key ? key : "");
	snprintf(g_config.llm_model, sizeof(g_config.llm_model), "llama-3.3-70b-versatile");
	g_config.llm_temperature = 0.7;
	g_config.llm_connect_timeout_ms = 2000;
	g_config.llm_first_token_ms = 5000;
	g_config.llm_timeout_ms = 20000;
	g_config.llm_max_tool_rounds = 4;
	g_config.llm_retry_max_s = 2;
	unit_tmpfile(logpath, sizeof(logpath), "llmlog");
	cr_assert_eq(log_open(logpath, LOG_DEBUG), 0);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* [system with the marker, user text]; a nonce keeps the fake's per-request
 * counters (rate_limited_once) apart across runs. */
static json_object *
messages(const char *marker, const char *user)
{
	json_object *a = json_object_new_array(), *m;
	char sys[256];
	unsigned char rnd[8];

	cr_assert_eq(crypto_random(rnd, sizeof(rnd)), 0);
	snprintf(sys, sizeof(sys), "You are a test receptionist. [fake:%s] nonce %02x%02x%02x%02x%02x",
	    marker, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4]);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("system"));
	json_object_object_add(m, "content", json_object_new_string(sys));
	json_object_array_add(a, m);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("user"));
	json_object_object_add(m, "content", json_object_new_string(user));
	json_object_array_add(a, m);
	return a;
}

static json_object *
tools(void)
{
	return json_tokener_parse("[{\"type\":\"function\",\"function\":{\"name\":\"list_services\","
	    "\"description\":\"d\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}},"
	    "{\"type\":\"function\",\"function\":{\"name\":\"check_availability\","
	    "\"description\":\"d\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]");
}

typedef struct {
	char seen[16][64];
	int n;
	int stop_at;    /* abort after this many deltas (0 = never) */
} deltas;

static int
on_delta(void *ctx, const char *text)
{
	deltas *d = ctx;

	cr_assert_gt(strlen(text), 0, "no empty deltas");
	if (d->n < 16)
		snprintf(d->seen[d->n], sizeof(d->seen[0]), "%s", text);
	d->n++;
	return d->stop_at && d->n >= d->stop_at;
}

static fd_err
call(const char *marker, const char *user, json_object *t, const char *choice, deltas *dl,
    llm_result *res, err_detail *d)
{
	json_object *m = messages(marker, user);
	llm_request rq = {.messages = m, .tools = t, .tool_choice = choice, .on_delta = on_delta,
	    .ctx = dl, .log_tag = "conv-test"};
	fd_err e;

	memset(d, 0, sizeof(*d));
	e = llm_chat(&rq, res, d);
	json_object_put(m);
	return e;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = calloc(1, 1 << 20);
	size_t n;

	cr_assert_not_null(f);
	cr_assert_not_null(s);
	n = fread(s, 1, (1 << 20) - 1, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

UTEST(llm, text_deltas_in_order)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;
	char *log;

	setup();
	cr_assert_eq(call("hello", "hi", NULL, NULL, &dl, &r, &d), OK, "%s", d.message);
	cr_assert_eq(dl.n, 4);
	cr_assert_str_eq(dl.seen[0], "Hello");
	cr_assert_str_eq(dl.seen[1], "! How can");
	cr_assert_str_eq(dl.seen[2], " I help");
	cr_assert_str_eq(dl.seen[3], " you today?");
	cr_assert_str_eq(r.content, "Hello! How can I help you today?");
	cr_assert_str_eq(r.finish_reason, "stop");
	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.attempts, 1);
	cr_assert_eq(r.ncalls, 0);
	cr_assert_gt(r.prompt_tokens, 0, "usage from x_groq");
	cr_assert_eq(r.completion_tokens, 4);
	llm_result_free(&r);
	log = slurp(logpath);
	cr_assert_not_null(strstr(log, "llm call conv-test: model llama-3.3-70b-versatile, status 200"),
	    "%s", log);
	cr_assert_not_null(strstr(log, "tokens "));
	free(log);
}

UTEST(llm, tool_call_assembled)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;
	json_object *t = tools(), *v;

	setup();
	cr_assert_eq(call("book", "Please book a haircut tomorrow at 10am", t, "auto", &dl, &r, &d), OK,
	    "%s", d.message);
	cr_assert_eq(dl.n, 0);
	cr_assert_str_eq(r.content, "");
	cr_assert_str_eq(r.finish_reason, "tool_calls");
	cr_assert_eq(r.ncalls, 1);
	cr_assert_str_eq(r.calls[0].name, "check_availability");
	cr_assert_eq(strncmp(r.calls[0].id, "call_", 5), 0);
	cr_assert_str_eq(r.calls[0].arguments,
	    "{\"service\": \"haircut\", \"when\": \"tomorrow at 10am\"}");
	cr_assert_not_null(r.calls[0].args);
	cr_assert(json_object_object_get_ex(r.calls[0].args, "when", &v));
	cr_assert_str_eq(json_object_get_string(v), "tomorrow at 10am");
	llm_result_free(&r);

	/* two calls whose fragments interleave by index */
	cr_assert_eq(call("two_tools", "both please", t, "auto", &dl, &r, &d), OK, "%s", d.message);
	cr_assert_eq(r.ncalls, 2);
	cr_assert_str_eq(r.calls[0].name, "list_services");
	cr_assert_str_eq(r.calls[0].arguments, "{}");
	cr_assert_str_eq(r.calls[1].name, "check_availability");
	cr_assert_str_eq(r.calls[1].arguments, "{\"service\": \"Haircut\", \"when\": \"tomorrow\"}");
	cr_assert_str_neq(r.calls[0].id, r.calls[1].id);
	cr_assert_not_null(r.calls[1].args);
	llm_result_free(&r);

	/* arguments that are not JSON: kept raw, args NULL, no crash */
	cr_assert_eq(call("bad_args", "hm", t, "auto", &dl, &r, &d), OK, "%s", d.message);
	cr_assert_eq(r.ncalls, 1);
	cr_assert_str_eq(r.calls[0].arguments, "{\"oops\": ");
	cr_assert_null(r.calls[0].args);
	llm_result_free(&r);
	json_object_put(t);
}

UTEST(llm, rate_limited_then_retried)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;
	struct timespec t0;
	char *log;

	setup();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(call("rate_limited_once", "hi", NULL, NULL, &dl, &r, &d), OK, "%s", d.message);
	cr_assert_geq(ms_since(&t0), 1000, "Retry-After: 1 honoured");
	cr_assert_eq(r.attempts, 2);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.content, "Thanks for waiting!");
	llm_result_free(&r);
	log = slurp(logpath);
	cr_assert_not_null(strstr(log, "status 429"), "%s", log);
	cr_assert_not_null(strstr(log, "rate_limit_exceeded"), "%s", log);
	free(log);

	/* a Retry-After longer than LLM_RETRY_MAX_S waits only that long */
	g_config.llm_retry_max_s = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(call("rate_limited_once", "hi", NULL, NULL, &dl, &r, &d), OK, "%s", d.message);
	cr_assert_lt(ms_since(&t0), 900);
	cr_assert_eq(r.attempts, 2);
	llm_result_free(&r);
}

UTEST(llm, server_error_twice)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;

	setup();
	g_config.llm_retry_max_s = 0;  /* no Retry-After: the default wait, capped */
	cr_assert_eq(call("always_500", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_eq(r.attempts, 2, "one retry");
	cr_assert_eq(r.status, 500);
	cr_assert_str_eq(r.content, "");
	cr_assert_not_null(strstr(d.message, "HTTP 500"), "%s", d.message);
	cr_assert_not_null(strstr(d.message, "Internal Server Error"), "%s", d.message);
	llm_result_free(&r);
}

UTEST(llm, first_token_timeout)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;
	struct timespec t0;

	setup();
	g_config.llm_first_token_ms = 500;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* the fake sends the role chunk (content "") at once, then waits 4 s */
	cr_assert_eq(call("slow_first_token:4", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_lt(ms_since(&t0), 2500, "aborted near the first-token limit, not after 4 s");
	cr_assert_not_null(strstr(d.message, "first-token"), "%s", d.message);
	cr_assert_eq(r.attempts, 1, "a timeout is not retried");
	cr_assert_eq(dl.n, 0);
	llm_result_free(&r);

	/* within the limit it is fine */
	g_config.llm_first_token_ms = 3000;
	cr_assert_eq(call("slow_first_token:1", "hi", NULL, NULL, &dl, &r, &d), OK, "%s", d.message);
	cr_assert_str_eq(r.content, "Sorry for the wait.");
	llm_result_free(&r);
}

UTEST(llm, total_timeout)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;
	json_object *m = messages("slow_reply:5", "hi");
	llm_request rq = {.messages = m, .timeout_ms = 1200, .on_delta = on_delta, .ctx = &dl};
	struct timespec t0;

	setup();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(llm_chat(&rq, &r, &d), ERR_UNAVAILABLE);
	cr_assert_lt(ms_since(&t0), 2500);
	cr_assert_gt(dl.n, 1, "deltas streamed before the budget ran out");
	cr_assert_not_null(strstr(d.message, "not complete"), "%s", d.message);
	cr_assert_eq(r.attempts, 1);
	cr_assert_gt(strlen(r.content), 0, "what arrived is kept");
	llm_result_free(&r);
	json_object_put(m);
}

UTEST(llm, cut_stream)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;

	setup();
	cr_assert_eq(call("cut", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_not_null(strstr(d.message, "stream cut"), "%s", d.message);
	cr_assert_eq(dl.n, 2, "the deltas before the cut were delivered");
	cr_assert_str_eq(r.content, "Half an answer");
	cr_assert_eq(r.attempts, 1, "no retry once something was delivered");
	llm_result_free(&r);
}

UTEST(llm, caller_aborts)
{
	deltas dl = {.stop_at = 1};
	llm_result r;
	err_detail d;

	setup();
	cr_assert_eq(call("hello", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_eq(dl.n, 1);
	cr_assert_not_null(strstr(d.message, "aborted"), "%s", d.message);
	llm_result_free(&r);
}

UTEST(llm, key_never_logged)
{
	const char *key = getenv("FD_TEST_LLM_KEY");
	deltas dl = {0};
	llm_result r;
	err_detail d;
	char *log;

	setup();
	if (key == NULL || strlen(key) < 4)
		cr_skip_test("FD_TEST_LLM_KEY not set");
	g_config.llm_retry_max_s = 0;
	cr_assert_eq(call("hello", "hi", NULL, NULL, &dl, &r, &d), OK, "%s", d.message);
	llm_result_free(&r);
	cr_assert_eq(call("always_500", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_null(strstr(d.message, key));
	llm_result_free(&r);
	cr_assert_eq(call("cut", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	llm_result_free(&r);
	log = slurp(logpath);
	cr_assert_not_null(strstr(log, "llm call"));
	cr_assert_null(strstr(log, key), "the key is in the log: %s", log);
	free(log);
}

UTEST(llm, wrong_key_401)
{
	static const char wrong[] = "sk-wrong-7f3a9c1e5b-SECRET";
	deltas dl = {0};
	llm_result r;
	err_detail d;
	char *log;

	setup();
	if (getenv("FD_TEST_LLM_KEY") == NULL || *getenv("FD_TEST_LLM_KEY") == '\0')
		cr_skip_test("FD_TEST_LLM_KEY not set: the fake checks no key");
	snprintf(g_config.llm_api_key, sizeof(g_config.llm_api_key), "%s", wrong);
	cr_assert_eq(call("hello", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_eq(r.status, 401);
	cr_assert_eq(r.attempts, 1, "a 401 is not retried");
	/* the fake echoes the key it got, as OpenAI does: it must be scrubbed */
	cr_assert_not_null(strstr(d.message, "HTTP 401 invalid_api_key"), "%s", d.message);
	cr_assert_not_null(strstr(d.message, "[redacted]"), "%s", d.message);
	cr_assert_null(strstr(d.message, wrong));
	cr_assert_null(strstr(d.message, "SECRET"));
	llm_result_free(&r);
	log = slurp(logpath);
	cr_assert_not_null(strstr(log, "status 401"), "%s", log);
	cr_assert_null(strstr(log, wrong), "%s", log);
	cr_assert_null(strstr(log, "SECRET"), "%s", log);
	free(log);
}

UTEST(llm, connect_refused)
{
	deltas dl = {0};
	llm_result r;
	err_detail d;

	setup();
	snprintf(g_config.llm_base_url, sizeof(g_config.llm_base_url), "http://127.0.0.1:1/v1");
	cr_assert_eq(call("hello", "hi", NULL, NULL, &dl, &r, &d), ERR_UNAVAILABLE);
	cr_assert_eq(r.status, 0);
	cr_assert_eq(r.attempts, 1);
	cr_assert_gt(strlen(d.message), 0);
	llm_result_free(&r);
}

/* No fake needed: what the body carries, and what it never does. */
UTEST(llm, request_body)
{
	json_object *m = json_tokener_parse("[{\"role\":\"user\",\"content\":\"hi\"}]"), *t = tools();
	llm_request rq = {.messages = m, .tools = t, .tool_choice = "auto"};
	json_object *b, *v;

	unit_config();
	snprintf(g_config.llm_model, sizeof(g_config.llm_model), "m1");
	g_config.llm_temperature = 0.2;
	b = llm_request_body(&rq);
	cr_assert(json_object_object_get_ex(b, "model", &v));
	cr_assert_str_eq(json_object_get_string(v), "m1");
	cr_assert(json_object_object_get_ex(b, "stream", &v) && json_object_get_boolean(v));
	cr_assert(json_object_object_get_ex(b, "temperature", &v));
	cr_assert_float_eq(json_object_get_double(v), 0.2, 1e-9);
	cr_assert(json_object_object_get_ex(b, "tool_choice", &v));
	cr_assert_str_eq(json_object_get_string(v), "auto");
	cr_assert(json_object_object_get_ex(b, "tools", &v));
	cr_assert_not(json_object_object_get_ex(b, "logprobs", NULL));
	cr_assert_not(json_object_object_get_ex(b, "logit_bias", NULL));
	cr_assert_not(json_object_object_get_ex(b, "n", NULL));
	json_object_put(b);
	/* no tools: no tool_choice either (Groq refuses one without the other) */
	rq.tools = NULL;
	b = llm_request_body(&rq);
	cr_assert_not(json_object_object_get_ex(b, "tools", NULL));
	cr_assert_not(json_object_object_get_ex(b, "tool_choice", NULL));
	json_object_put(b);
	json_object_put(m);
	json_object_put(t);
}
