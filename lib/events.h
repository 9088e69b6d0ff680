/* The agent's output: one stream of named events that every channel
 * consumes — the web chat's server-sent events, the TwiML reply of a call,
 * the SMS reply. Brains emit "delta", "tool_call" and "tool_result"; the
 * runner (lib/agent_run.c) adds "message_start", "message_end" and "error".
 *
 *   message_start {"message_id"}            the assistant message being written
 *   delta         {"text"}                  the next piece of the reply
 *   tool_call     {"name", "arguments"}     arguments: object
 *   tool_result   {"name", "result"}        result: object (see actions.h)
 *   message_end   {"message_id", "content"} the whole reply, as stored
 *   error         {"code", "message"}
 */
#ifndef FD_EVENTS_H
#define FD_EVENTS_H

#include <json-c/json.h>

typedef struct ev_sink {
	/* data is borrowed: copy what you keep. Return 0, or -1 when the
	 * listener has gone (the client left): the turn still completes and its
	 * reply is still stored; the sink just ignores later events. */
	int (*emit)(void *ctx, const char *event, json_object *data);
	void *ctx;
} ev_sink;

/* Emit and release data (ownership passes in). NULL sink: just release. */
static inline int
ev_emit(ev_sink *s, const char *event, json_object *data)
{
	int rc = s && s->emit ? s->emit(s->ctx, event, data) : 0;

	json_object_put(data);
	return rc;
}

/* The common shapes. */
static inline int
ev_delta(ev_sink *s, const char *text)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "text", json_object_new_string(text));
	return ev_emit(s, "delta", o);
}

#endif
