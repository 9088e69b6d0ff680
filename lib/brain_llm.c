/* The LLM brain: the system prompt (agent, business, local now, retrieved
 * knowledge), the conversation, the actions as tools; deltas go to the sink
 * as the model streams them, tool calls run through act_run and go back to
 * the model until it answers in text (at most LLM_MAX_TOOL_ROUNDS rounds of
 * tools, then one last answer with tool_choice "none"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions.h"
#include "brain.h"
#include "buf.h"
#include "config.h"
#include "knowledge.h"
#include "llm.h"
#include "log.h"

#define KB_PASSAGES     3
#define KB_PASSAGE_MAX  1200     /* bytes of one passage in the prompt */

typedef struct {
	ev_sink *sink;
	buf_t reply;      /* every delta emitted, concatenated */
	int new_round;    /* the next delta starts a later model answer */
} turn;

static const char *const weekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday"};
static const char *const months[] = {"January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
emit_text(turn *t, const char *text)
{
	buf_puts(&t->reply, text);
	ev_delta(t->sink, text);  /* a listener that left still gets its reply stored */
	return 0;
}

static int
on_delta(void *ctx, const char *text)
{
	turn *t = ctx;

	/* text before a tool call and the answer after it read as two sentences */
	if (t->new_round && t->reply.len > 0 && !strchr(" \n", t->reply.data[t->reply.len - 1]) &&
	    !strchr(" \n", text[0]))
		emit_text(t, " ");
	t->new_round = 0;
	return emit_text(t, text);
}

/* "Wednesday, March 4, 2026 at 10:30 AM (America/Chicago, 2026-03-04T10:30:00-06:00)" */
static void
local_now(const brain_ctx *c, buf_t *b)
{
	struct tm tm;
	char iso[40];
	int h;

	tz_to_local(c->tz, c->now, &tm);
	tz_format_local(c->tz, c->now, iso, sizeof(iso));
	h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
	buf_printf(b, "%s, %s %d, %d at %d:%02d %s (time zone %s; %s)", weekdays[tm.tm_wday % 7],
	    months[tm.tm_mon % 12], tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
	    tm.tm_hour < 12 ? "AM" : "PM", tz_name(c->tz), iso);
}

static const char *
channel_advice(const char *channel)
{
	if (strcmp(channel, "phone") == 0)
		return "This is a phone call: your words are spoken aloud, so answer in one to three "
		    "short sentences, without lists, links or formatting.";
	if (strcmp(channel, "web") != 0 && strcmp(channel, "chatgpt") != 0)
		return "This is a text-message conversation: keep answers short and plain, no "
		    "formatting.";
	return "This is the chat on the business's web site: answer briefly and clearly.";
}

/* The system message. NULL when out of memory. */
static char *
system_prompt(const brain_ctx *c)
{
	buf_t b;
	json_object *kb = NULL;

	buf_init(&b, 0);
	if (*c->system_prompt)
		buf_printf(&b, "%s\n\n", c->system_prompt);
	buf_printf(&b, "You are %s, the receptionist of %s.", *c->agent_name ? c->agent_name :
	    "the assistant", *c->business_name ? c->business_name : "this business");
	if (*c->tone)
		buf_printf(&b, " Your tone is %s.", c->tone);
	buf_printf(&b, " Reply in the customer's language (the business's default is %s).\n",
	    *c->language ? c->language : "en");
	buf_puts(&b, "Current local date and time: ");
	local_now(c, &b);
	buf_printf(&b, ".\n%s\n", channel_advice(c->channel));
	if (*c->caller_phone)
		buf_printf(&b, "The customer is calling or texting from %s; use it as their phone "
		    "number unless they give another.\n", c->caller_phone);
	buf_printf(&b, "%s\n", *c->forwarding_phone ?
	    "When the customer asks for a person, use transfer_to_human." :
	    "No person can take calls right now: when the customer asks for one, offer to take a "
	    "message (take_message).");

	if (*c->knowledge_base && *c->text &&
	    (kb = kb_search(c->knowledge_base, c->text, KB_PASSAGES)) != NULL &&
	    json_object_array_length(kb) > 0) {
		size_t n = json_object_array_length(kb);

		buf_puts(&b, "\nFrom the business's own information (answer questions from this; "
		    "search_knowledge finds more):\n");
		for (size_t i = 0; i < n; i++) {
			json_object *p = json_object_array_get_idx(kb, i), *txt;

			if (json_object_object_get_ex(p, "text", &txt))
				buf_printf(&b, "- %.*s\n", KB_PASSAGE_MAX, json_object_get_string(txt));
		}
	}
	json_object_put(kb);

	buf_puts(&b, "\nUse the tools for services, prices, availability and appointments. Never "
	    "invent services, prices, times or availability: offer only times that "
	    "check_availability returned, and say times as local times. Before booking, get the "
	    "customer's name and phone number and confirm the service and time. If a tool answers "
	    "with an error, explain it simply and offer what it suggests.");
	return buf_steal(&b);
}

static json_object *
message(const char *role, const char *content)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "role", json_object_new_string(role));
	json_object_object_add(m, "content", content ? json_object_new_string(content) : NULL);
	return m;
}

/* system, then the user/assistant history, ending with the newest user text. */
static json_object *
build_messages(const brain_ctx *c, const char *sys)
{
	json_object *a = json_object_new_array();
	size_t n = c->history && json_object_is_type(c->history, json_type_array) ?
	    json_object_array_length(c->history) : 0;
	const char *last_role = NULL, *last_text = NULL;

	json_object_array_add(a, message("system", sys));
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(c->history, i), *r, *t;
		const char *role;

		if (!json_object_object_get_ex(m, "role", &r) ||
		    !json_object_object_get_ex(m, "content", &t) ||
		    !json_object_is_type(t, json_type_string))
			continue;
		role = json_object_get_string(r);
		if (strcmp(role, "user") != 0 && strcmp(role, "assistant") != 0)
			continue;  /* tool and system rows of earlier turns stay out */
		json_object_array_add(a, message(role, json_object_get_string(t)));
		last_role = role;
		last_text = json_object_get_string(t);
	}
	if (c->text && *c->text && (last_role == NULL || strcmp(last_role, "user") != 0 ||
	    strcmp(last_text, c->text) != 0))
		json_object_array_add(a, message("user", c->text));
	return a;
}

/* The assistant message that asked for the tools. */
static json_object *
assistant_calls(const llm_result *r, char ids[][48])
{
	json_object *m = message("assistant", *r->content ? r->content : NULL);
	json_object *tcs = json_object_new_array();

	for (int i = 0; i < r->ncalls; i++) {
		json_object *tc = json_object_new_object(), *fn = json_object_new_object();

		json_object_object_add(tc, "id", json_object_new_string(ids[i]));
		json_object_object_add(tc, "type", json_object_new_string("function"));
		json_object_object_add(fn, "name", json_object_new_string(r->calls[i].name));
		json_object_object_add(fn, "arguments", json_object_new_string(r->calls[i].arguments));
		json_object_object_add(tc, "function", fn);
		json_object_array_add(tcs, tc);
	}
	json_object_object_add(m, "tool_calls", tcs);
	return m;
}

static json_object *
tool_error(const char *msg, const char *code)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	json_object_object_add(o, "code", json_object_new_string(code));
	return o;
}

/* Run one tool call: events out, the role "tool" message into messages. */
static void
run_tool(brain_ctx *c, ev_sink *sink, const llm_tool_call *tc, const char *id,
    json_object *messages)
{
	json_object *ev, *result, *m;
	char why[160];

	ev = json_object_new_object();
	json_object_object_add(ev, "name", json_object_new_string(tc->name));
	json_object_object_add(ev, "arguments", tc->args ? json_object_get(tc->args) :
	    json_object_new_object());
	ev_emit(sink, "tool_call", ev);

	if (tc->args == NULL) {
		result = tool_error("The arguments were not a valid JSON object; call the tool again "
		    "with a JSON object.", "malformed_json");
	} else if (!act_exists(tc->name)) {
		snprintf(why, sizeof(why), "There is no tool named '%.60s'.", tc->name);
		result = tool_error(why, "not_found");
	} else {
		result = act_run(c, tc->name, tc->args);
	}

	m = message("tool", json_object_to_json_string_ext(result, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_object_add(m, "tool_call_id", json_object_new_string(id));
	json_object_array_add(messages, m);

	ev = json_object_new_object();
	json_object_object_add(ev, "name", json_object_new_string(tc->name));
	json_object_object_add(ev, "result", result);  /* ownership passes to the event */
	ev_emit(sink, "tool_result", ev);
}

fd_err
brain_llm(brain_ctx *c, ev_sink *sink, char **reply, err_detail *d)
{
	int64_t deadline = now_ms() + g_config.llm_timeout_ms;
	turn t = {.sink = sink};
	json_object *messages = NULL, *tools = NULL;
	char *sys = NULL;
	llm_result r;
	err_detail why = {0};
	fd_err e = OK;
	int round, tool_calls = 0;

	memset(&r, 0, sizeof(r));
	buf_init(&t.reply, LLM_TEXT_MAX * 2);
	*reply = NULL;
	if ((sys = system_prompt(c)) == NULL) {
		e = err_set(&why, ERR_UNAVAILABLE, NULL, "out of memory");
		goto out;
	}
	messages = build_messages(c, sys);
	tools = act_tools();
	for (round = 0;; round++) {
		int last = round >= g_config.llm_max_tool_rounds;
		int64_t left = deadline - now_ms();
		llm_request rq = {.messages = messages, .tools = tools, .tool_choice = last ? "none" :
		    "auto", .timeout_ms = (int)(left > 0 ? left : 1), .on_delta = on_delta, .ctx = &t,
		    .log_tag = c->conversation_id};
		char (*ids)[48];

		if (left <= 0) {
			e = err_set(&why, ERR_UNAVAILABLE, NULL, "the turn's %d ms are spent",
			    g_config.llm_timeout_ms);
			goto out;
		}
		t.new_round = round > 0;
		if ((e = llm_chat(&rq, &r, &why)) != OK)
			goto out;
		if (r.ncalls == 0 || last)
			break;  /* the answer (tool calls in the last round are ignored) */

		/* tool_call_id must match the assistant's call: make one up if the
		 * model sent none */
		if ((ids = calloc((size_t)r.ncalls, sizeof(*ids))) == NULL) {
			e = err_set(&why, ERR_UNAVAILABLE, NULL, "out of memory");
			goto out;
		}
		for (int i = 0; i < r.ncalls; i++) {
			if (*r.calls[i].id && strlen(r.calls[i].id) < sizeof(ids[i]))
				snprintf(ids[i], sizeof(ids[i]), "%s", r.calls[i].id);
			else
				snprintf(ids[i], sizeof(ids[i]), "call_r%d_%d", round, i);
		}
		json_object_array_add(messages, assistant_calls(&r, ids));
		for (int i = 0; i < r.ncalls; i++)
			run_tool(c, sink, &r.calls[i], ids[i], messages);
		tool_calls += r.ncalls;
		free(ids);
		llm_result_free(&r);
	}
	if (*r.content == '\0')
		e = err_set(&why, ERR_UNAVAILABLE, NULL, "the model answered no text (finish %s)",
		    r.finish_reason[0] ? r.finish_reason : "none");
	else if (!buf_ok(&t.reply))
		e = err_set(&why, ERR_UNAVAILABLE, NULL, "reply too long");
out:
	if (e != OK) {
		log_msg(LOG_WARN, NULL, "llm brain %s: unavailable after %d tool calls: %s",
		    c->conversation_id ? c->conversation_id : "", tool_calls, why.message);
		e = err_set(d, ERR_UNAVAILABLE, NULL, "the language model is unavailable: %s",
		    why.message);
	}
	*reply = buf_steal(&t.reply);
	if (*reply == NULL)
		*reply = strdup("");
	llm_result_free(&r);
	json_object_put(messages);
	json_object_put(tools);
	free(sys);
	return *reply ? e : err_set(d, ERR_INTERNAL, NULL, "out of memory");
}
