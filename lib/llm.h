/* A streaming client for OpenAI-compatible chat completions (Groq by
 * default; docs: PROTOCOLS.md section 6), configured by g_config.llm_*.
 *
 * One call = one POST {LLM_BASE_URL}/chat/completions with stream: true.
 * Content fragments reach the caller's callback as each chunk arrives;
 * tool calls are assembled by index across chunks and their arguments parsed
 * once the stream has ended. A 429 or 5xx answer is retried once (after
 * Retry-After, at most LLM_RETRY_MAX_S) when nothing was delivered yet. A
 * stream that ends without finish_reason and without [DONE] is an error.
 * Timeouts: connect, first token (no content or tool-call fragment within
 * LLM_FIRST_TOKEN_TIMEOUT_MS of sending), and the caller's whole budget.
 *
 * The API key goes only into the Authorization header: it is never logged
 * and is scrubbed from any error text the server sends back. Thread-safe:
 * each call has its own curl handle (curl_global_init is done by main). */
#ifndef FD_LLM_H
#define FD_LLM_H

#include <json-c/json.h>

#include "err.h"

#define LLM_MAX_TOOL_CALLS 16            /* per answer */
#define LLM_TEXT_MAX       (256 * 1024)  /* content of one answer; arguments of one call */

typedef struct {
	char *id;             /* as sent by the model ("" when none) */
	char *name;           /* "" when none */
	char *arguments;      /* the raw text, fragments concatenated */
	json_object *args;    /* parsed: a JSON object ("" counts as {}), or NULL when
	                       * arguments is not one (answer the model with an error) */
} llm_tool_call;

typedef struct {
	char *content;        /* all content fragments; never NULL once llm_chat returned */
	char finish_reason[32];   /* stop, length, tool_calls, content_filter ("" when none) */
	llm_tool_call *calls; /* in index order */
	int ncalls;
	int status;           /* HTTP status of the last attempt, 0 without a response */
	int attempts;         /* 1, or 2 after a retry */
	int delivered;        /* a content or tool-call fragment arrived */
	int prompt_tokens;    /* from usage / x_groq.usage; -1 when not reported */
	int completion_tokens;
	long ms;              /* wall time of the whole call */
} llm_result;

/* One content fragment (NUL-terminated, never empty). Return 0 to go on;
 * non-zero aborts the call. */
typedef int (*llm_delta_fn)(void *ctx, const char *text);

typedef struct {
	json_object *messages;    /* borrowed: the chat-completions messages array */
	json_object *tools;       /* borrowed: the tools array; NULL or [] = none */
	const char *tool_choice;  /* "auto", "none", ...; sent only with tools */
	int timeout_ms;           /* the whole call, a retry and its wait included;
	                           * <= 0 means LLM_TIMEOUT_MS */
	llm_delta_fn on_delta;    /* may be NULL */
	void *ctx;
	const char *log_tag;      /* names the call in the log (e.g. a conversation id); may be NULL */
} llm_request;

/* Run one chat completion. OK with res filled, or ERR_UNAVAILABLE (the model
 * failed: HTTP error after the retry, timeout, cut or malformed stream,
 * aborted by on_delta) or ERR_INTERNAL (out of memory) with d->message
 * saying why, and res holding what arrived (content so far, status). Free res
 * with llm_result_free either way. One info log line per HTTP attempt. */
fd_err llm_chat(const llm_request *rq, llm_result *res, err_detail *d);
void llm_result_free(llm_result *res);

/* The request body llm_chat sends (new object). For tests and logging. */
json_object *llm_request_body(const llm_request *rq);

#endif
