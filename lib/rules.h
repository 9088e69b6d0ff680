/* Internals of the rules brain (brain_rules() in brain.h), shared by
 * lib/brain_rules.c (the turn, the simple intents), lib/rules_book.c
 * (booking, cancelling, rescheduling) and lib/rules_lang.c (words and
 * phrases as data, one table set per language).
 *
 * The dialog state is a rules_state, kept between turns as JSON under
 * c->state["rules"], so that any worker continues any conversation. */
#ifndef FD_RULES_H
#define FD_RULES_H

#include <json-c/json.h>

#include "brain.h"
#include "buf.h"
#include "limits.h"
#include "nldate.h"

/* ---- words: classes of phrases recognised in what the visitor wrote ---- */
enum rw_class {
	RW_HUMAN,        /* "talk to a person", "leave a message" */
	RW_CANCEL,
	RW_RESCHEDULE,
	RW_BOOK,         /* explicit: "book", "appointment" */
	RW_WANT,         /* "I'd like", "can I get" (with a service: booking) */
	RW_HOURS,
	RW_OPEN_NOW,
	RW_PRICES,
	RW_GOODBYE,
	RW_THANKS,
	RW_GREETING,
	RW_YES,
	RW_NO,
	RW_ABORT,        /* "never mind" */
	RW_ORDINAL,      /* value: 1, 2, 3, ... ("second", "2nd"); -1 = last */
	RW_PICK,         /* "option", "number": before a slot number */
	RW_QUESTION,     /* a sentence opener that makes it a question: "what", "do you" */
	RW_NAME_PREFIX,  /* "my name is" */
	RW_CH_SERVICE,   /* what to change: "service" */
	RW_CH_TIME,
	RW_CH_NAME,
	RW_CH_PHONE,
	RW_VAGUE_TIME,   /* "next week", "sometime": a time that names no day */
	RW__MAX
};

/* ---- phrases the brain says; {name} placeholders filled from vars ---- */
enum rp_key {
	RP_GREETING,         /* {biz} */
	RP_GOODBYE,
	RP_THANKS,
	RP_ANYTHING_ELSE,
	RP_FALLBACK,         /* {biz} */
	RP_ABORTED,
	RP_ASK_SERVICE,      /* {services} */
	RP_UNKNOWN_SERVICE,  /* {services} */
	RP_NO_SERVICES,
	RP_ASK_WHEN,         /* {service} */
	RP_ASK_WHEN_AGAIN,
	RP_ASK_NEW_WHEN,     /* {service} {when} (the appointment being moved) */
	RP_SLOT_FREE,        /* {when} */
	RP_SLOT_TAKEN,       /* {when} */
	RP_OFFER,            /* before the list */
	RP_OFFER_LATER,      /* nothing then; before the list */
	RP_OFFER_NEAR,       /* after RP_SLOT_TAKEN; before the list */
	RP_PICK,             /* after the list */
	RP_PICK_AGAIN,
	RP_NO_SLOTS,         /* {service} */
	RP_ASK_NAME,
	RP_ASK_NAME_AGAIN,
	RP_ASK_PHONE,
	RP_ASK_PHONE_AGAIN,
	RP_CONFIRM_BOOK,     /* {service} {when} {name} */
	RP_CONFIRM_CANCEL,   /* {service} {when} */
	RP_CONFIRM_MOVE,     /* {service} {from} {when} */
	RP_YES_NO,
	RP_ASK_CHANGE,
	RP_BOOKED,           /* {service} {when} {name} */
	RP_CANCELLED,        /* {service} {when} */
	RP_MOVED,            /* {service} {when} */
	RP_ASK_LOOKUP_PHONE,
	RP_NO_APPOINTMENT,   /* {phone} */
	RP_ACTION_FAILED,    /* {error} */
	RP_OPEN_NOW,         /* {until} */
	RP_CLOSED_NOW,       /* {next} */
	RP_CLOSED_NOW_NONE,
	RP_HOURS,            /* {hours} */
	RP_HOURS_NONE,
	RP_DAY_CLOSED,       /* {day} */
	RP_TODAY,            /* "today at {time}" */
	RP_TOMORROW,         /* "tomorrow at {time}" */
	RP_ON_DAY,           /* "{day} at {time}" */
	RP_SERVICES,         /* {services} */
	RP_SERVICE_PRICE,    /* {service} {price} {duration} */
	RP_KB_ANSWER,        /* {answer} */
	RP_KB_UNKNOWN,       /* {biz} */
	RP_ASK_MESSAGE,
	RP_ASK_MSG_PHONE,
	RP_MESSAGE_TAKEN,
	RP_TRANSFER,
	RP_FAILED,
	RP_SEP_LIST,         /* ", " */
	RP_SEP_LAST,         /* " and " */
	RP_TO,               /* "{a} to {b}" (hour ranges) */
	RP__MAX
};

typedef struct {
	const char *name, *value;
} rp_var;

/* One language: its code, its words, its phrases, its weekday names. */
typedef struct rules_lang rules_lang;

const rules_lang *rules_lang_get(const char *code);
const char *rules_lang_code(const rules_lang *l);
/* Monday = 0 ... Sunday = 6 */
const char *rules_weekday(const rules_lang *l, int monday0);

/* Append the phrase key for tone (falling back to the language's default)
 * with {name} placeholders replaced from vars (NULL-name terminated). */
void rules_say(buf_t *b, const rules_lang *l, const char *tone, enum rp_key key,
    const rp_var *vars);

/* Lower-cased words of text as " w1 w2 ... " (ASCII letters and digits,
 * UTF-8 bytes kept, apostrophes dropped, anything else a space). Caller
 * frees. */
char *rules_norm(const char *text);
/* 1 when norm holds a phrase of class cls; *value = its value. */
int rules_has(const rules_lang *l, const char *norm, enum rw_class cls, int *value);
/* text after the longest phrase of class cls it starts with (leading
 * blanks skipped), or text itself. */
const char *rules_strip_prefix(const rules_lang *l, enum rw_class cls, const char *text);
/* 1 when norm holds the words of phrase (itself normalised here). */
int rules_has_words(const char *norm, const char *phrase);

/* ---- state ---- */
typedef struct {
	char intent[16];      /* "", book, cancel, reschedule, message */
	char await[16];       /* "", service, when, slot, name, phone, confirm, change, message,
	                       * msg_phone, offer_msg, lookup_phone */
	char service_id[40];
	char service[LIM_FIELD_SHORT + 1];
	char start[32];       /* chosen slot, UTC RFC 3339 */
	char label[64];       /* its label */
	char name[128];
	char phone[17];
	char appt_id[40];     /* cancel / reschedule target */
	char appt_label[64];
	char note[1024];      /* the message or question to pass on */
	char when_text[256];  /* a time named before it could be searched (no service yet) */
	json_object *offered; /* [{start, label}...] or NULL */
} rules_state;

/* One turn: the context, where the reply goes, the state, the language. */
typedef struct {
	brain_ctx *c;
	ev_sink *sink;
	buf_t out;
	rules_state *st;
	const rules_lang *lang;
	char *norm;             /* rules_norm(c->text) */
	json_object *services;  /* list_services answer, loaded once per turn when needed */
} rules_turn;

void rules_state_clear(rules_state *st);

/* Array length and element that accept anything (json-c asserts on a
 * non-array): results and stored state are read through these. */
static inline size_t
rules_len(json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static inline json_object *
rules_at(json_object *a, size_t i)
{
	return i < rules_len(a) ? json_object_array_get_idx(a, i) : NULL;
}

/* Say a phrase into the reply (a space or newline separates sentences). */
void rules_reply(rules_turn *t, enum rp_key key, const rp_var *vars);
void rules_reply_text(rules_turn *t, const char *text);
/* Run an action with tool_call/tool_result events around it; takes args
 * (NULL = {}); the caller puts the result. */
json_object *rules_act(rules_turn *t, const char *name, json_object *args);
/* The tenant's active services (the turn owns the array). */
json_object *rules_services(rules_turn *t);
/* A phone number in free text, normalised to E.164. 1 when found. */
int rules_find_phone(const char *text, char out[17]);

/* What the text asks for, by the word tables (and the tenant's service
 * names, and any date in it). */
enum rules_intent {
	RI_NONE, RI_HUMAN, RI_CANCEL, RI_RESCHEDULE, RI_BOOK, RI_HOURS, RI_PRICES, RI_GOODBYE,
	RI_THANKS, RI_QUESTION, RI_GREETING, RI_FALLBACK
};
enum rules_intent rules_detect(rules_turn *t);
/* 1 when the text is plainly about something else than the question the
 * flow asked (hours, prices, a question, a person, goodbye, ...). */
int rules_is_other(rules_turn *t);
/* Parse a date/time in the turn's text (tenant zone, c->now). NLD kind. */
int rules_when(rules_turn *t, const char *text, nld_result *out);

/* rules_book.c: the appointment flows. Start one from the first message,
 * or continue at st->await. 1 when the text was taken, 0 when it belongs
 * to another intent (the caller clears the state and dispatches). */
void rules_book_start(rules_turn *t);
void rules_cancel_start(rules_turn *t, int reschedule);
int rules_flow_continue(rules_turn *t);
/* Ask the flow's pending question again (after answering something else). */
void rules_flow_reprompt(rules_turn *t);
/* The service named in the turn's text (this tenant's, active), or NULL. */
json_object *rules_match_service(rules_turn *t, int *ambiguous);

#endif
