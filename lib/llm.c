#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "config.h"
#include "limits.h"
#include "llm.h"
#include "log.h"
#include "sse.h"

#define LLM_ERROR_BODY_MAX (64 * 1024)   /* error bodies and non-streamed answers */
#define LLM_RETRY_DEFAULT_S 1            /* a 429/5xx without Retry-After */

enum { MODE_UNKNOWN, MODE_SSE, MODE_BODY };

typedef struct {
	buf_t id, name, args;
	int used;
} call_acc;

/* One HTTP attempt. */
typedef struct {
	const llm_request *rq;
	llm_result *res;
	CURL *curl;
	int64_t t0;                  /* ms, monotonic */
	int mode;
	sse_parser sse;
	buf_t body;                  /* MODE_BODY */
	buf_t content;
	call_acc calls[LLM_MAX_TOOL_CALLS];
	int ncalls;
	int done;                    /* data: [DONE] */
	int finished;                /* a finish_reason arrived */
	int first_token_timeout;
	int aborted;                 /* by on_delta */
	char perr[200];              /* what was wrong with the stream */
} attempt;

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Replace every occurrence of the API key in s (in place) so that no error
 * text the server echoes can carry it into a log line or a response. */
static void
scrub_key(char *s)
{
	static const char mask[] = "[redacted]";
	const char *key = g_config.llm_api_key;
	size_t klen = strlen(key), mlen = sizeof(mask) - 1;
	char *p;

	if (klen < 4)
		return;
	while ((p = strstr(s, key)) != NULL) {
		if (klen >= mlen) {
			memcpy(p, mask, mlen);
			memmove(p + mlen, p + klen, strlen(p + klen) + 1);
		} else {
			memset(p, '*', klen);
		}
	}
}

/* Make s one printable line (server text goes into logs and events). */
static void
one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static void
perr_set(attempt *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
perr_set(attempt *a, const char *fmt, ...)
{
	va_list ap;

	if (a->perr[0])
		return;
	va_start(ap, fmt);
	vsnprintf(a->perr, sizeof(a->perr), fmt, ap);
	va_end(ap);
}

static int
json_int(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_int) ?
	    json_object_get_int(v) : -1;
}

static const char *
json_str(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

static void
take_usage(attempt *a, json_object *chunk)
{
	json_object *u = NULL, *x;

	if (!json_object_object_get_ex(chunk, "usage", &u) || !json_object_is_type(u, json_type_object))
		u = json_object_object_get_ex(chunk, "x_groq", &x) &&
		    json_object_object_get_ex(x, "usage", &u) ? u : NULL;
	if (u && json_object_is_type(u, json_type_object)) {
		a->res->prompt_tokens = json_int(u, "prompt_tokens");
		a->res->completion_tokens = json_int(u, "completion_tokens");
	}
}

static int
deliver(attempt *a, const char *text)
{
	size_t n = strlen(text);

	if (n == 0)
		return 0;
	a->res->delivered = 1;
	buf_append(&a->content, text, n);
	if (!buf_ok(&a->content)) {
		perr_set(a, "answer longer than %d bytes", LLM_TEXT_MAX);
		return -1;
	}
	if (a->rq->on_delta && a->rq->on_delta(a->rq->ctx, text) != 0) {
		a->aborted = 1;
		perr_set(a, "aborted by the caller");
		return -1;
	}
	return 0;
}

/* One tool_calls[] element of a delta, or of a whole message. */
static int
take_tool_call(attempt *a, json_object *tc, int pos)
{
	json_object *fn = NULL;
	const char *s;
	int idx = json_int(tc, "index");
	call_acc *c;

	if (idx < 0)
		idx = pos;
	if (idx >= LLM_MAX_TOOL_CALLS) {
		perr_set(a, "more than %d tool calls", LLM_MAX_TOOL_CALLS);
		return -1;
	}
	c = &a->calls[idx];
	if (!c->used) {
		c->used = 1;
		buf_init(&c->id, LIM_FIELD_SHORT);
		buf_init(&c->name, LIM_FIELD_SHORT);
		buf_init(&c->args, LLM_TEXT_MAX);
	}
	if (idx >= a->ncalls)
		a->ncalls = idx + 1;
	a->res->delivered = 1;
	if ((s = json_str(tc, "id")) != NULL) {
		buf_reset(&c->id);
		buf_puts(&c->id, s);
	}
	if (json_object_object_get_ex(tc, "function", &fn) && json_object_is_type(fn, json_type_object)) {
		if ((s = json_str(fn, "name")) != NULL)
			buf_puts(&c->name, s);
		if ((s = json_str(fn, "arguments")) != NULL)
			buf_puts(&c->args, s);
	}
	if (!buf_ok(&c->id) || !buf_ok(&c->name) || !buf_ok(&c->args)) {
		perr_set(a, "tool call %d too long", idx);
		return -1;
	}
	return 0;
}

/* A choice of a chunk (delta) or of a whole answer (message). */
static int
take_choice(attempt *a, json_object *choice, const char *part)
{
	json_object *m, *tcs;
	const char *s;

	if (json_object_object_get_ex(choice, part, &m) && json_object_is_type(m, json_type_object)) {
		if ((s = json_str(m, "content")) != NULL && deliver(a, s) < 0)
			return -1;
		if (json_object_object_get_ex(m, "tool_calls", &tcs) &&
		    json_object_is_type(tcs, json_type_array)) {
			size_t n = json_object_array_length(tcs);

			for (size_t i = 0; i < n; i++) {
				json_object *tc = json_object_array_get_idx(tcs, i);

				if (json_object_is_type(tc, json_type_object) &&
				    take_tool_call(a, tc, (int)i) < 0)
					return -1;
			}
		}
	}
	if ((s = json_str(choice, "finish_reason")) != NULL) {
		snprintf(a->res->finish_reason, sizeof(a->res->finish_reason), "%s", s);
		a->finished = 1;
	}
	return 0;
}

/* The first choice with index 0 (n is always 1). */
static json_object *
choice0(json_object *o)
{
	json_object *arr;
	size_t n;

	if (!json_object_object_get_ex(o, "choices", &arr) || !json_object_is_type(arr, json_type_array))
		return NULL;
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(arr, i);

		if (json_object_is_type(c, json_type_object) && json_int(c, "index") <= 0)
			return c;
	}
	return NULL;
}

/* "error": {"message", "type", "code"} as one line: "code: message". */
static void
error_text(json_object *o, char *out, size_t len)
{
	json_object *e;
	const char *msg = NULL, *code = NULL, *type = NULL;

	out[0] = '\0';
	if (!json_object_object_get_ex(o, "error", &e))
		return;
	if (json_object_is_type(e, json_type_string)) {
		msg = json_object_get_string(e);
	} else if (json_object_is_type(e, json_type_object)) {
		msg = json_str(e, "message");
		code = json_str(e, "code");
		type = json_str(e, "type");
	}
	snprintf(out, len, "%s%s%.160s", code ? code : type ? type : "",
	    code || type ? ": " : "", msg ? msg : "(no message)");
	scrub_key(out);
	one_line(out);
}

static int
on_event(void *ctx, const char *event, const char *data, size_t len, const char *id)
{
	attempt *a = ctx;
	json_object *o, *c;
	char why[200];
	int rc = 0;

	(void)event, (void)id, (void)len;
	if (a->done)
		return 0;
	if (strcmp(data, "[DONE]") == 0) {
		a->done = 1;
		return 0;
	}
	if ((o = json_tokener_parse(data)) == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		perr_set(a, "malformed chunk in the stream");
		return -1;
	}
	error_text(o, why, sizeof(why));
	if (why[0]) {
		perr_set(a, "error in the stream: %s", why);
		rc = -1;
	} else {
		take_usage(a, o);
		if ((c = choice0(o)) != NULL)
			rc = take_choice(a, c, "delta");
	}
	json_object_put(o);
	return rc;
}

static size_t
on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	attempt *a = ud;
	size_t n = size * nmemb;

	if (a->mode == MODE_UNKNOWN) {
		long status = 0;
		char *ct = NULL;

		curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(a->curl, CURLINFO_CONTENT_TYPE, &ct);
		a->mode = status >= 200 && status < 300 && ct &&
		    strncasecmp(ct, "text/event-stream", 17) == 0 ? MODE_SSE : MODE_BODY;
	}
	if (a->mode == MODE_BODY) {
		buf_append(&a->body, p, n);
		if (!buf_ok(&a->body)) {
			perr_set(a, "answer body larger than %d bytes", LLM_ERROR_BODY_MAX);
			return 0;
		}
		return n;
	}
	if (sse_feed(&a->sse, p, n) < 0) {
		perr_set(a, "event stream: %s", sse_error(&a->sse));
		return 0;
	}
	return n;
}

/* The first-token watchdog; libcurl calls it at least once a second. */
static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	attempt *a = ud;

	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	if (!a->res->delivered && a->mode != MODE_BODY &&
	    now_ms() - a->t0 > g_config.llm_first_token_ms) {
		a->first_token_timeout = 1;
		return 1;
	}
	return 0;
}

json_object *
llm_request_body(const llm_request *rq)
{
	json_object *b = json_object_new_object();

	json_object_object_add(b, "model", json_object_new_string(g_config.llm_model));
	json_object_object_add(b, "messages", json_object_get(rq->messages));
	json_object_object_add(b, "temperature", json_object_new_double(g_config.llm_temperature));
	json_object_object_add(b, "stream", json_object_new_boolean(1));
	if (rq->tools && json_object_is_type(rq->tools, json_type_array) &&
	    json_object_array_length(rq->tools) > 0) {
		json_object_object_add(b, "tools", json_object_get(rq->tools));
		if (rq->tool_choice)
			json_object_object_add(b, "tool_choice", json_object_new_string(rq->tool_choice));
	}
	return b;
}

/* A non-streamed answer (a server that ignored stream: true). */
static void
take_body_answer(attempt *a)
{
	json_object *o = json_tokener_parse(a->body.data ? a->body.data : "");
	json_object *c;

	if (o == NULL || (c = choice0(o)) == NULL)
		perr_set(a, "answer is neither an event stream nor a chat completion");
	else {
		take_usage(a, o);
		if (take_choice(a, c, "message") == 0) {
			a->done = 1;
			a->finished = 1;
		}
	}
	json_object_put(o);
}

static void
attempt_free(attempt *a)
{
	sse_free(&a->sse);
	buf_free(&a->body);
	buf_free(&a->content);
	for (int i = 0; i < LLM_MAX_TOOL_CALLS; i++)
		if (a->calls[i].used) {
			buf_free(&a->calls[i].id);
			buf_free(&a->calls[i].name);
			buf_free(&a->calls[i].args);
		}
}

/* Parse tool-call arguments: an object, "" meaning {}. NULL otherwise. */
static json_object *
parse_args(const char *s)
{
	json_tokener *tok;
	json_object *o;
	size_t len = strlen(s), end;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	if (len == 0)
		return json_object_new_object();
	if ((tok = json_tokener_new_ex(LIM_JSON_DEPTH)) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, s, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success || end != len ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Move what the attempt assembled into res. -1 when out of memory. */
static int
collect(attempt *a, llm_result *res)
{
	free(res->content);
	if ((res->content = buf_steal(&a->content)) == NULL)
		return -1;
	if (a->ncalls == 0)
		return 0;
	if ((res->calls = calloc((size_t)a->ncalls, sizeof(*res->calls))) == NULL)
		return -1;
	for (int i = 0; i < a->ncalls; i++) {
		call_acc *c = &a->calls[i];
		llm_tool_call *t = &res->calls[res->ncalls];

		if (!c->used)
			continue;  /* an index the model skipped */
		t->id = buf_steal(&c->id);
		t->name = buf_steal(&c->name);
		t->arguments = buf_steal(&c->args);
		res->ncalls++;
		if (!t->id || !t->name || !t->arguments)
			return -1;
		t->args = parse_args(t->arguments);
	}
	return 0;
}

/* One HTTP attempt within budget_ms. Returns OK or an error with d set;
 * *retry_after_s is what the server asked for (-1 when nothing). */
static fd_err
run_attempt(const llm_request *rq, const char *body, int budget_ms, llm_result *res,
    long *retry_after_s, err_detail *d)
{
	attempt a;
	struct curl_slist *hdr = NULL;
	char url[sizeof(g_config.llm_base_url) + 32], auth[sizeof(g_config.llm_api_key) + 32];
	char cerr[CURL_ERROR_SIZE] = "", errline[200];
	long status = 0;
	CURLcode cc;
	fd_err e = OK;

	memset(&a, 0, sizeof(a));
	a.rq = rq;
	a.res = res;
	sse_init(&a.sse, 0, on_event, &a);
	buf_init(&a.body, LLM_ERROR_BODY_MAX);
	buf_init(&a.content, LLM_TEXT_MAX);
	*retry_after_s = -1;
	res->finish_reason[0] = '\0';

	snprintf(url, sizeof(url), "%s/chat/completions", g_config.llm_base_url);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", g_config.llm_api_key);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = hdr ? curl_slist_append(hdr, "Accept: text/event-stream") : NULL;
	hdr = hdr ? curl_slist_append(hdr, auth) : NULL;
	explicit_bzero(auth, sizeof(auth));
	if (hdr == NULL || (a.curl = curl_easy_init()) == NULL) {
		e = err_set(d, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	curl_easy_setopt(a.curl, CURLOPT_URL, url);
	curl_easy_setopt(a.curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(a.curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(a.curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(a.curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(a.curl, CURLOPT_USERAGENT, "frontdesk");
	curl_easy_setopt(a.curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(g_config.llm_connect_timeout_ms < budget_ms ? g_config.llm_connect_timeout_ms :
	    budget_ms));
	curl_easy_setopt(a.curl, CURLOPT_TIMEOUT_MS, (long)budget_ms);
	curl_easy_setopt(a.curl, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(a.curl, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(a.curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(a.curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(a.curl, CURLOPT_XFERINFODATA, &a);
	curl_easy_setopt(a.curl, CURLOPT_ERRORBUFFER, cerr);

	a.t0 = now_ms();
	cc = curl_easy_perform(a.curl);
	curl_easy_getinfo(a.curl, CURLINFO_RESPONSE_CODE, &status);
	res->status = (int)status;

	if (a.first_token_timeout) {
		e = err_set(d, ERR_UNAVAILABLE, NULL, "no answer within %d ms (first-token timeout)",
		    g_config.llm_first_token_ms);
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		e = err_set(d, ERR_UNAVAILABLE, NULL, "%s after %d ms",
		    status ? "answer not complete" : "no connection", budget_ms);
	} else if (cc != CURLE_OK && a.perr[0]) {
		e = err_set(d, ERR_UNAVAILABLE, NULL, "%s", a.perr);
	} else if (cc != CURLE_OK) {
		e = err_set(d, ERR_UNAVAILABLE, NULL, "%s", cerr[0] ? cerr : curl_easy_strerror(cc));
	} else if (status < 200 || status >= 300) {
		json_object *o = json_tokener_parse(a.body.data ? a.body.data : "");
		curl_off_t ra = -1;

		error_text(o, errline, sizeof(errline));
		json_object_put(o);
		/* seconds or an HTTP date; 0 when absent */
		if (curl_easy_getinfo(a.curl, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
			*retry_after_s = ra > INT32_MAX ? INT32_MAX : (long)ra;
		e = err_set(d, ERR_UNAVAILABLE, NULL, "HTTP %ld%s%s", status, errline[0] ? " " : "",
		    errline);
	} else {
		if (a.mode == MODE_BODY)
			take_body_answer(&a);
		if (a.perr[0])
			e = err_set(d, ERR_UNAVAILABLE, NULL, "%s", a.perr);
		else if (!a.done && !a.finished)
			e = err_set(d, ERR_UNAVAILABLE, NULL,
			    "stream cut: it ended without finish_reason or [DONE]");
	}
	if (d && e != OK) {
		scrub_key(d->message);
		one_line(d->message);
	}
	if (collect(&a, res) < 0 && e == OK)
		e = err_set(d, ERR_INTERNAL, NULL, "out of memory");
out:
	if (a.curl)
		curl_easy_cleanup(a.curl);
	curl_slist_free_all(hdr);
	attempt_free(&a);
	return e;
}

static void
log_attempt(const llm_request *rq, const llm_result *res, long ms, fd_err e, const err_detail *d)
{
	char tokens[64] = "";

	if (res->prompt_tokens >= 0 || res->completion_tokens >= 0)
		snprintf(tokens, sizeof(tokens), ", tokens %d in %d out", res->prompt_tokens,
		    res->completion_tokens);
	log_msg(e == OK ? LOG_INFO : LOG_WARN, NULL,
	    "llm call%s%s: model %s, status %d, %ld ms, attempt %d%s%s%s%s%s",
	    rq->log_tag ? " " : "", rq->log_tag ? rq->log_tag : "", g_config.llm_model, res->status,
	    ms, res->attempts, tokens, res->finish_reason[0] ? ", finish " : "", res->finish_reason,
	    e != OK ? ", failed: " : "", e != OK && d ? d->message : "");
}

static void
result_clear_calls(llm_result *res)
{
	for (int i = 0; i < res->ncalls; i++) {
		free(res->calls[i].id);
		free(res->calls[i].name);
		free(res->calls[i].arguments);
		json_object_put(res->calls[i].args);
	}
	free(res->calls);
	res->calls = NULL;
	res->ncalls = 0;
}

void
llm_result_free(llm_result *res)
{
	if (res == NULL)
		return;
	result_clear_calls(res);
	free(res->content);
	memset(res, 0, sizeof(*res));
}

fd_err
llm_chat(const llm_request *rq, llm_result *res, err_detail *d)
{
	int budget = rq->timeout_ms > 0 ? rq->timeout_ms : g_config.llm_timeout_ms;
	int64_t t0 = now_ms(), deadline = t0 + budget;
	json_object *b;
	char *body = NULL;
	err_detail local;
	fd_err e = OK;

	memset(res, 0, sizeof(*res));
	res->prompt_tokens = res->completion_tokens = -1;
	if (d == NULL)
		d = &local;
	b = llm_request_body(rq);
	body = strdup(json_object_to_json_string_ext(b, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(b);
	if (body == NULL) {
		res->content = strdup("");
		return err_set(d, ERR_INTERNAL, NULL, "out of memory");
	}
	for (;;) {
		int64_t left = deadline - now_ms(), t1 = now_ms();
		long retry_after = -1, wait_ms;

		res->attempts++;
		if (left <= 0) {
			e = err_set(d, ERR_UNAVAILABLE, NULL, "no time left for the call");
			break;
		}
		result_clear_calls(res);
		e = run_attempt(rq, body, (int)left, res, &retry_after, d);
		log_attempt(rq, res, (long)(now_ms() - t1), e, d);
		if (e != ERR_UNAVAILABLE || res->attempts > 1 || res->delivered ||
		    !(res->status == 429 || res->status >= 500))
			break;
		/* once more, after what the server asked for (within limits) */
		wait_ms = 1000L * (retry_after >= 0 ? retry_after : LLM_RETRY_DEFAULT_S);
		if (wait_ms > 1000L * g_config.llm_retry_max_s)
			wait_ms = 1000L * g_config.llm_retry_max_s;
		if (now_ms() + wait_ms >= deadline)
			break;
		if (wait_ms > 0) {
			struct timespec ts = {wait_ms / 1000, (wait_ms % 1000) * 1000000L};

			while (nanosleep(&ts, &ts) != 0)
				;
		}
	}
	free(body);
	if (res->content == NULL && (res->content = strdup("")) == NULL && e == OK)
		e = err_set(d, ERR_INTERNAL, NULL, "out of memory");
	res->ms = (long)(now_ms() - t0);
	return e;
}
