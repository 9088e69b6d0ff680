#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent_run.h"
#include "brain.h"
#include "buf.h"
#include "config.h"
#include "conversation.h"
#include "crud.h"
#include "log.h"
#include "tz.h"
#include "uuid.h"

#define AGENT_HISTORY 20

/* Wraps the caller's sink: remembers tool calls and results (stored as
 * role "tool" messages) and whether the listener is still there. */
typedef struct {
	ev_sink *out;
	int gone;
	json_object *tools;    /* [{"name", "arguments", "result"}] */
	json_object *pending;  /* the last tool_call's arguments */
	char customer_id[40];  /* learnt from an appointment in a tool result */
} turn_sink;

static int
turn_emit(void *ctx, const char *event, json_object *data)
{
	turn_sink *t = ctx;

	if (strcmp(event, "tool_call") == 0) {
		json_object_put(t->pending);
		t->pending = json_object_get(json_object_object_get(data, "arguments"));
	} else if (strcmp(event, "tool_result") == 0) {
		json_object *o = json_object_new_object(), *res = json_object_object_get(data, "result");
		json_object *appt = json_object_object_get(res, "appointment");
		const char *cid = json_object_get_string(json_object_object_get(appt, "customer_id"));

		json_object_object_add(o, "name", json_object_get(json_object_object_get(data, "name")));
		json_object_object_add(o, "arguments", t->pending ? t->pending : json_object_new_object());
		t->pending = NULL;
		json_object_object_add(o, "result", json_object_get(res));
		json_object_array_add(t->tools, o);
		if (cid && uuid_valid(cid))
			snprintf(t->customer_id, sizeof(t->customer_id), "%s", cid);
	}
	if (!t->gone && t->out && t->out->emit && t->out->emit(t->out->ctx, event, data) < 0)
		t->gone = 1;
	return t->gone ? -1 : 0;
}

static char *
col_dup(db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return strdup(s ? s : "");
}

/* Everything a brain reads, owned here. */
typedef struct {
	char *name, *tone, *kb, *fwd, *tzname, *contact, *channel, *state;
	char *agent_name, *prompt, *greeting, *lang;
	json_object *history;
	char *text;
} turn_data;

static void
turn_data_free(turn_data *t)
{
	free(t->name); free(t->tone); free(t->kb); free(t->fwd); free(t->tzname);
	free(t->contact); free(t->channel); free(t->state); free(t->agent_name);
	free(t->prompt); free(t->greeting); free(t->lang); free(t->text);
	json_object_put(t->history);
}

static fd_err
load(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id, turn_data *t,
    err_detail *d)
{
	db_stmt *st;
	int rc;

	st = db_queryf(db, "SELECT t.name, t.tone, t.knowledge_base, t.forwarding_phone, t.timezone, "
	    "c.contact, c.channel, c.state, a.name, a.system_prompt, a.greeting, a.language "
	    "FROM conversations c JOIN tenants t ON t.id = c.tenant_id "
	    "LEFT JOIN agents a ON a.id = c.agent_id AND a.tenant_id = c.tenant_id "
	    "WHERE c.id = ? AND c.tenant_id = ?", "ss", conv_id, tenant_id);
	if (st == NULL)
		return crud_db_failed(db, "conversation", d);
	if ((rc = db_step(st)) == DB_ROW) {
		t->name = col_dup(st, 0); t->tone = col_dup(st, 1); t->kb = col_dup(st, 2);
		t->fwd = col_dup(st, 3); t->tzname = col_dup(st, 4); t->contact = col_dup(st, 5);
		t->channel = col_dup(st, 6); t->state = col_dup(st, 7); t->agent_name = col_dup(st, 8);
		t->prompt = col_dup(st, 9); t->greeting = col_dup(st, 10); t->lang = col_dup(st, 11);
	}
	db_finalize(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(d, ERR_NOT_FOUND, NULL, "conversation not found") :
		    crud_db_failed(db, "conversation", d);

	/* the last AGENT_HISTORY user/assistant messages up to the one answered */
	st = db_queryf(db, "SELECT id, role, content FROM messages WHERE conversation_id = ? AND "
	    "tenant_id = ? AND role IN ('user', 'assistant') AND id <= ? ORDER BY id DESC LIMIT ?",
	    "sssi", conv_id, tenant_id, user_msg_id, (int64_t)AGENT_HISTORY);
	if (st == NULL)
		return crud_db_failed(db, "messages", d);
	json_object *rev = json_object_new_array();
	while ((rc = db_step(st)) == DB_ROW) {
		json_object *m = json_object_new_object();

		if (t->text == NULL && strcmp(db_col_text(st, 0), user_msg_id) == 0)
			t->text = col_dup(st, 2);
		json_object_object_add(m, "role", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(m, "content", json_object_new_string(db_col_text(st, 2)));
		json_object_array_add(rev, m);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_object_put(rev);
		return crud_db_failed(db, "messages", d);
	}
	t->history = json_object_new_array();
	for (size_t i = json_object_array_length(rev); i-- > 0;)
		json_object_array_add(t->history, json_object_get(json_object_array_get_idx(rev, i)));
	json_object_put(rev);
	if (t->text == NULL)
		return err_set(d, ERR_NOT_FOUND, NULL, "message not found");
	return OK;
}

int
agent_claim_s(void)
{
	return g_config.llm_timeout_ms / 1000 * 2 + 30;
}

/* Claim the message for this request; 0 claimed, 1 someone else has it. */
static int
claim(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    err_detail *d, fd_err *e)
{
	int64_t now = (int64_t)time(NULL); /* not the agent's (maybe pinned) clock */
	char until[32], nowtxt[32];
	db_stmt *st;
	int rc, n;

	tz_format_utc(now, nowtxt, sizeof(nowtxt));
	/* long enough for the slowest turn; a crashed worker's claim then lapses */
	tz_format_utc(now + agent_claim_s(), until, sizeof(until));
	st = db_queryf(db, "UPDATE conversations SET reply_to = ?, reply_until = ? WHERE id = ? AND "
	    "tenant_id = ? AND (reply_to IS NULL OR reply_to <> ? OR reply_until < ?)", "ssssss",
	    user_msg_id, until, conv_id, tenant_id, user_msg_id, nowtxt);
	if (st == NULL || (rc = db_step(st)) != DB_DONE) {
		db_finalize(st);
		*e = crud_db_failed(db, "conversation", d);
		return -1;
	}
	n = db_changes(st);
	db_finalize(st);
	return n == 1 ? 0 : 1;
}

fd_err
agent_claim(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    err_detail *d)
{
	fd_err e = OK;
	int rc = claim(db, tenant_id, conv_id, user_msg_id, d, &e);

	if (rc < 0)
		return e;
	return rc ? err_set(d, ERR_CONFLICT, NULL, "this message is being answered") : OK;
}

void
agent_release(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id)
{
	db_runf(db, "UPDATE conversations SET reply_to = NULL, reply_until = NULL WHERE id = ? AND "
	    "tenant_id = ? AND reply_to = ?", "sss", conv_id, tenant_id, user_msg_id);
}

/* Store tool messages, the reply and the state, and release the claim. */
static fd_err
persist(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    const char *reply_id, const char *content, turn_sink *ts, json_object *state, err_detail *d)
{
	const char *st = json_object_to_json_string_ext(state, JSON_C_TO_STRING_PLAIN);
	char now[24];
	fd_err e = OK;

	db_now(now, 0);
	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "message", d);
	for (size_t i = 0; i < json_object_array_length(ts->tools) && e == OK; i++)
		e = msg_insert(db, tenant_id, conv_id, NULL, "tool", json_object_to_json_string_ext(
		    json_object_array_get_idx(ts->tools, i), JSON_C_TO_STRING_PLAIN), user_msg_id, d);
	if (e == OK)
		e = msg_insert(db, tenant_id, conv_id, reply_id, "assistant", content, user_msg_id, d);
	if (e == OK && db_runf(db, "UPDATE conversations SET state = ?, reply_to = NULL, "
	    "reply_until = NULL, customer_id = COALESCE(customer_id, ?), updated_at = ? "
	    "WHERE id = ? AND tenant_id = ?", "sssss", st, ts->customer_id[0] ? ts->customer_id : NULL,
	    now, conv_id, tenant_id) != DB_DONE)
		e = crud_db_failed(db, "conversation", d);
	if (e == OK && db_commit(db) != DB_DONE)
		e = crud_db_failed(db, "message", d);
	if (e != OK)
		db_rollback(db);
	return e;
}

/* The LLM failed after an action of this turn had already changed a
 * booking: say what was done (the rules brain, starting from its own state,
 * would not know). NULL when no booking changed. */
static char *
done_sentence(json_object *tools)
{
	for (size_t i = json_object_array_length(tools); i-- > 0;) {
		json_object *t = json_object_array_get_idx(tools, i), *res, *appt;
		const char *name = json_object_get_string(json_object_object_get(t, "name"));
		const char *label, *service;
		char *out = NULL;

		res = json_object_object_get(t, "result");
		if (name == NULL || res == NULL || json_object_object_get_ex(res, "error", NULL))
			continue;
		appt = json_object_object_get(res, "appointment");
		label = json_object_get_string(json_object_object_get(res, "label"));
		service = json_object_get_string(json_object_object_get(appt, "service_name"));
		if (label == NULL)
			continue;
		if (service == NULL)
			service = "appointment";
		if (strcmp(name, "book_appointment") == 0 &&
		    asprintf(&out, "Your %s is booked for %s.", service, label) < 0)
			out = NULL;
		else if (strcmp(name, "reschedule_appointment") == 0 &&
		    asprintf(&out, "Your %s is now on %s.", service, label) < 0)
			out = NULL;
		else if (strcmp(name, "cancel_appointment") == 0 &&
		    asprintf(&out, "Your %s on %s is cancelled.", service, label) < 0)
			out = NULL;
		if (out)
			return out;
	}
	return NULL;
}

static void
emit_error(ev_sink *s, const char *code, const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "code", json_object_new_string(code));
	json_object_object_add(o, "message", json_object_new_string(msg));
	ev_emit(s, "error", o);
}

fd_err
agent_turn(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    const char *message_id, int64_t now, ev_sink *sink, agent_result *res, err_detail *d)
{
	turn_data t = {0};
	turn_sink ts = {sink, 0, NULL, NULL, ""};
	ev_sink wrap = {turn_emit, &ts};
	brain_ctx c = {0};
	json_object *state = NULL, *o;
	char *reply = NULL, *more = NULL;
	fd_err e;
	int rc;

	memset(res, 0, sizeof(*res));
	ts.tools = json_object_new_array();
	if (message_id == NULL) {
		if ((rc = claim(db, tenant_id, conv_id, user_msg_id, d, &e)) != 0) {
			json_object_put(ts.tools);
			return rc < 0 ? e : err_set(d, ERR_CONFLICT, NULL, "this message is being answered");
		}
		if (uuid_v7(res->message_id) < 0) {
			e = err_set(d, ERR_INTERNAL, NULL, "internal error");
			goto fail;
		}
		o = json_object_new_object();
		json_object_object_add(o, "message_id", json_object_new_string(res->message_id));
		ev_emit(&wrap, "message_start", o);
	} else
		snprintf(res->message_id, sizeof(res->message_id), "%s", message_id);
	if ((e = load(db, tenant_id, conv_id, user_msg_id, &t, d)) != OK)
		goto fail;
	if ((state = json_tokener_parse(t.state)) == NULL ||
	    !json_object_is_type(state, json_type_object)) {
		json_object_put(state);
		state = json_object_new_object();
	}
	c.db = db;
	c.tenant_id = tenant_id;
	c.conversation_id = conv_id;
	c.channel = t.channel;
	c.now = now;
	c.tz = tz_get(t.tzname);
	if (c.tz == NULL)
		c.tz = tz_get("UTC");
	c.business_name = t.name;
	c.tone = t.tone;
	c.knowledge_base = t.kb;
	c.forwarding_phone = t.fwd;
	c.caller_phone = strcmp(t.channel, "sms") == 0 || strcmp(t.channel, "phone") == 0 ||
	    strcmp(t.channel, "whatsapp") == 0 ? t.contact : "";
	c.agent_name = t.agent_name;
	c.system_prompt = t.prompt;
	c.greeting = t.greeting;
	c.language = *t.lang ? t.lang : "en";
	c.history = t.history;
	c.text = t.text;
	c.state = state;

	if (g_config.brain_llm) {
		e = brain_llm(&c, &wrap, &reply, d);
		if (e != OK && (more = done_sentence(ts.tools)) != NULL) {
			log_msg(LOG_WARN, NULL, "agent: the LLM failed (%s) after changing a booking; "
			    "the turn ends by saying what was done", d->message);
			memset(d, 0, sizeof(*d));
			e = OK;
			if (reply && *reply)
				ev_delta(&wrap, "\n\n");
			ev_delta(&wrap, more);
			if (reply && *reply) {
				buf_t b;

				buf_init(&b, 0);
				buf_printf(&b, "%s\n\n%s", reply, more);
				free(more);
				more = buf_ok(&b) ? strdup(b.data) : NULL;
				buf_free(&b);
			}
			free(reply);
			reply = more;
		} else if (e != OK) {
			log_msg(LOG_WARN, NULL, "agent: the LLM failed (%s); the rules brain answers this "
			    "turn", d->message);
			memset(d, 0, sizeof(*d));
			if (reply && *reply) /* the stored reply is the deltas joined */
				ev_delta(&wrap, "\n\n");
			if ((e = brain_rules(&c, &wrap, &more, d)) == OK && reply && *reply && more) {
				buf_t b;

				buf_init(&b, 0);
				buf_printf(&b, "%s\n\n%s", reply, more);
				free(more);
				more = buf_ok(&b) ? strdup(b.data) : NULL;
				buf_free(&b);
			}
			free(reply);
			reply = more;
		}
	} else
		e = brain_rules(&c, &wrap, &reply, d);
	if (e == OK && reply == NULL)
		e = err_set(d, ERR_INTERNAL, NULL, "internal error");
	if (e != OK)
		goto fail;
	if ((e = persist(db, tenant_id, conv_id, user_msg_id, res->message_id, reply, &ts, state, d))
	    != OK)
		goto fail;
	res->content = reply;
	o = json_object_new_object();
	json_object_object_add(o, "message_id", json_object_new_string(res->message_id));
	json_object_object_add(o, "content", json_object_new_string(reply));
	ev_emit(&wrap, "message_end", o);
	json_object_put(state);
	json_object_put(ts.tools);
	json_object_put(ts.pending);
	turn_data_free(&t);
	return OK;
fail:
	agent_release(db, tenant_id, conv_id, user_msg_id);
	emit_error(&wrap, e == ERR_CONFLICT ? "conflict" : "agent_failed",
	    e == ERR_INTERNAL || e == ERR_UNAVAILABLE ? "Sorry, something went wrong. Please try again."
	    : d->message);
	free(reply);
	json_object_put(state);
	json_object_put(ts.tools);
	json_object_put(ts.pending);
	turn_data_free(&t);
	res->message_id[0] = '\0';
	return e;
}

void
agent_result_free(agent_result *res)
{
	free(res->content);
	res->content = NULL;
}

fd_err
agent_pending(db_t *db, const char *tenant_id, const char *conv_id, char user_id[40],
    char reply_id[40], char **content, int *busy, err_detail *d)
{
	int64_t now = (int64_t)time(NULL);
	char nowtxt[32];
	db_stmt *st;
	int rc;

	user_id[0] = reply_id[0] = '\0';
	*content = NULL;
	if (busy)
		*busy = 0;
	tz_format_utc(now, nowtxt, sizeof(nowtxt));
	st = db_queryf(db, "SELECT u.id, a.id, a.content, CASE WHEN c.reply_to = u.id AND "
	    "c.reply_until > ? THEN 1 ELSE 0 END FROM messages u JOIN conversations c ON "
	    "c.id = u.conversation_id LEFT JOIN messages a ON a.reply_to = u.id AND "
	    "a.role = 'assistant' WHERE u.conversation_id = ? AND u.tenant_id = ? AND "
	    "u.role = 'user' ORDER BY u.id DESC LIMIT 1", "sss", nowtxt, conv_id, tenant_id);
	if (st == NULL)
		return crud_db_failed(db, "messages", d);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(user_id, 40, "%s", db_col_text(st, 0));
		if (!db_col_null(st, 1)) {
			snprintf(reply_id, 40, "%s", db_col_text(st, 1));
			*content = strdup(db_col_text(st, 2));
		}
		if (busy)
			*busy = db_col_int(st, 3) != 0;
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? OK : crud_db_failed(db, "messages", d);
}
