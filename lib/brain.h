/* The two brains behind the agent. A brain reads the conversation so far
 * and the newest user text, emits events (events.h) and returns the whole
 * reply. Actions (booking, availability, ...) go through actions.h, the same
 * code the API uses. lib/agent_run.c picks the brain, persists the reply and
 * falls back from the LLM to the rules brain. */
#ifndef FD_BRAIN_H
#define FD_BRAIN_H

#include <stdint.h>

#include <json-c/json.h>

#include "db.h"
#include "err.h"
#include "events.h"
#include "tz.h"

typedef struct {
	db_t *db;
	const char *tenant_id;
	const char *conversation_id;
	const char *channel;         /* web, sms, phone, whatsapp, ... */
	int64_t now;                 /* UTC seconds: the injected clock */
	const tz_t *tz;              /* the tenant's zone (never NULL) */

	/* the business (strings never NULL; "" when unset) */
	const char *business_name;   /* tenant name */
	const char *tone;            /* tenant tone: friendly, professional, casual, formal, ... */
	const char *knowledge_base;  /* the tenant's knowledge text */
	const char *forwarding_phone;/* where "talk to a person" goes; "" when none */
	const char *caller_phone;    /* the customer's number when the channel knows it (sms,
	                              * phone), E.164; "" on the web */

	/* the tenant's default agent ("" when the tenant has none) */
	const char *agent_name;
	const char *system_prompt;
	const char *greeting;
	const char *language;        /* BCP 47, "en" when unset */

	json_object *history;        /* array of {"role": "user"|"assistant", "content"}, oldest
	                              * first, at most the last 20, ending with the newest user
	                              * message (which is also text) */
	const char *text;            /* the newest user message */
	json_object *state;          /* dialog state object, loaded from the conversation row
	                              * and stored back by the runner after the turn; a brain
	                              * keeps its own keys under its name ("rules", "llm") */
} brain_ctx;

/* Emit delta/tool_call/tool_result events on sink and set *reply (malloc'd)
 * to the full reply text, the deltas concatenated. */
typedef fd_err (*brain_fn)(brain_ctx *c, ev_sink *sink, char **reply, err_detail *d);

/* Deterministic, no network: intents, slot filling, confirmation. */
fd_err brain_rules(brain_ctx *c, ev_sink *sink, char **reply, err_detail *d);

/* OpenAI-compatible chat completions with tools (config: LLM_*). Returns
 * ERR_UNAVAILABLE when the model could not answer (after its one retry):
 * *reply then holds whatever text was already emitted (possibly "", never
 * NULL), and the runner continues the turn with the rules brain. */
fd_err brain_llm(brain_ctx *c, ev_sink *sink, char **reply, err_detail *d);

#endif
