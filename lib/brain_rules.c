/* The rules brain (brain.h): deterministic, no network. A turn loads the
 * dialog state, lets a flow in progress take the text (rules_book.c), else
 * finds the intent by the word tables (rules_lang.c) and answers it:
 * greeting, hours and open-now, services and prices, booking, cancelling,
 * rescheduling, a person (a transfer on calls with a forwarding number,
 * else a message), questions from the knowledge base, goodbye. Actions go
 * through act_run with tool_call/tool_result events around them; the reply
 * is emitted line by line as delta events. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "log.h"
#include "rules.h"
#include "schedule.h"

#define RULES_KB_MIN_SCORE 0.5   /* below this a passage is no answer */

/* ---- state ---- */

static const struct {
	const char *key;
	size_t off, len;
} state_fields[] = {
#define SF(f) {#f, offsetof(rules_state, f), sizeof(((rules_state *)0)->f)}
	SF(intent), SF(await), SF(service_id), SF(service), SF(start), SF(label), SF(name),
	SF(phone), SF(appt_id), SF(appt_label), SF(note), SF(when_text),
#undef SF
};

void
rules_state_clear(rules_state *st)
{
	json_object_put(st->offered);
	memset(st, 0, sizeof(*st));
}

static void
state_load(json_object *state, rules_state *st)
{
	json_object *o = NULL, *v;

	memset(st, 0, sizeof(*st));
	if (!json_object_object_get_ex(state, "rules", &o) || !json_object_is_type(o,
	    json_type_object))
		return;
	for (size_t i = 0; i < sizeof(state_fields) / sizeof(state_fields[0]); i++)
		if (json_object_object_get_ex(o, state_fields[i].key, &v) &&
		    json_object_is_type(v, json_type_string))
			snprintf((char *)st + state_fields[i].off, state_fields[i].len, "%s",
			    json_object_get_string(v));
	if (json_object_object_get_ex(o, "offered", &v) && json_object_is_type(v, json_type_array))
		st->offered = json_object_get(v);
}

/* Store the state back under "rules"; nothing pending removes the key. */
static void
state_save(json_object *state, rules_state *st)
{
	json_object *o;

	if (state == NULL)
		return;
	if (st->intent[0] == '\0' && st->await[0] == '\0') {
		json_object_object_del(state, "rules");
		return;
	}
	o = json_object_new_object();
	for (size_t i = 0; i < sizeof(state_fields) / sizeof(state_fields[0]); i++) {
		const char *v = (const char *)st + state_fields[i].off;

		if (*v)
			json_object_object_add(o, state_fields[i].key, json_object_new_string(v));
	}
	if (st->offered)
		json_object_object_add(o, "offered", json_object_get(st->offered));
	json_object_object_add(state, "rules", o);
}

/* ---- shared helpers (rules.h) ---- */

void
rules_reply(rules_turn *t, enum rp_key key, const rp_var *vars)
{
	if (t->out.len && t->out.data[t->out.len - 1] != '\n')
		buf_putc(&t->out, ' ');
	rules_say(&t->out, t->lang, t->c->tone, key, vars);
}

void
rules_reply_text(rules_turn *t, const char *text)
{
	if (t->out.len && t->out.data[t->out.len - 1] != '\n')
		buf_putc(&t->out, ' ');
	buf_puts(&t->out, text);
}

json_object *
rules_act(rules_turn *t, const char *name, json_object *args)
{
	json_object *ev, *r;

	if (args == NULL)
		args = json_object_new_object();
	ev = json_object_new_object();
	json_object_object_add(ev, "name", json_object_new_string(name));
	json_object_object_add(ev, "arguments", json_object_get(args));
	ev_emit(t->sink, "tool_call", ev);
	r = act_run(t->c, name, args);
	ev = json_object_new_object();
	json_object_object_add(ev, "name", json_object_new_string(name));
	json_object_object_add(ev, "result", json_object_get(r));
	ev_emit(t->sink, "tool_result", ev);
	json_object_put(args);
	return r;
}

json_object *
rules_services(rules_turn *t)
{
	json_object *r, *s;

	if (t->services)
		return t->services;
	r = rules_act(t, "list_services", NULL);
	s = json_object_object_get(r, "services");
	t->services = json_object_is_type(s, json_type_array) ? json_object_get(s)
	    : json_object_new_array();
	json_object_put(r);
	return t->services;
}

int
rules_find_phone(const char *text, char out[17])
{
	static const char allowed[] = "0123456789+()-. ";

	for (const char *p = text; p && *p; p++) {
		char run[40];
		size_t n = 0, digits = 0;

		if (!(isdigit((unsigned char)*p) || *p == '+' || *p == '('))
			continue;
		if (p > text && isalnum((unsigned char)p[-1]))
			continue;
		while (p[n] && strchr(allowed, p[n]) && n + 1 < sizeof(run)) {
			run[n] = p[n];
			digits += isdigit((unsigned char)p[n]) != 0;
			n++;
		}
		while (n && (run[n - 1] == ' ' || run[n - 1] == '.' || run[n - 1] == '-'))
			n--;
		run[n] = '\0';
		if (digits >= 7 && act_phone(run, out))
			return 1;
		if (n)
			p += n - 1;
	}
	return 0;
}

int
rules_when(rules_turn *t, const char *text, nld_result *out)
{
	return nld_parse(text, t->c->now, t->c->tz, rules_lang_code(t->lang), out);
}

/* ---- intents ---- */

enum rules_intent
rules_detect(rules_turn *t)
{
	const rules_lang *l = t->lang;
	const char *n = t->norm;
	int q = strchr(t->c->text, '?') != NULL, amb = 0, words = 0;
	nld_result r;

	if (rules_has(l, n, RW_HUMAN, NULL))
		return RI_HUMAN;
	if (rules_has(l, n, RW_CANCEL, NULL))
		return RI_CANCEL;
	if (rules_has(l, n, RW_RESCHEDULE, NULL))
		return RI_RESCHEDULE;
	if (rules_has(l, n, RW_BOOK, NULL))
		return RI_BOOK;
	if (rules_has(l, n, RW_HOURS, NULL) || rules_has(l, n, RW_OPEN_NOW, NULL))
		return RI_HOURS;
	if (rules_has(l, n, RW_PRICES, NULL))
		return RI_PRICES;
	if (rules_match_service(t, &amb) && (!q || rules_has(l, n, RW_WANT, NULL)))
		return RI_BOOK;
	/* a day or a clock time; a bare part of day is no booking ("good morning") */
	if (rules_when(t, t->c->text, &r) == NLD_POINT || r.has_date)
		return RI_BOOK;
	if (rules_has(l, n, RW_GOODBYE, NULL))
		return RI_GOODBYE;
	if (rules_has(l, n, RW_THANKS, NULL))
		return RI_THANKS;
	if (q || rules_has(l, n, RW_QUESTION, NULL))
		return RI_QUESTION;
	if (rules_has(l, n, RW_GREETING, NULL))
		return RI_GREETING;
	for (const char *p = n; *p; p++)
		words += p[0] == ' ' && p[1] != '\0';
	return words >= 4 ? RI_QUESTION : RI_FALLBACK;
}

int
rules_is_other(rules_turn *t)
{
	switch (rules_detect(t)) {
	case RI_HUMAN: case RI_CANCEL: case RI_RESCHEDULE: case RI_HOURS: case RI_PRICES:
	case RI_GOODBYE:
		return 1;
	case RI_QUESTION:
		return strchr(t->c->text, '?') != NULL;
	default:
		return 0;
	}
}

static void
greeting(rules_turn *t)
{
	rp_var v[] = {{"biz", t->c->business_name}, {NULL, NULL}};

	if (t->c->greeting && *t->c->greeting)
		rules_reply_text(t, t->c->greeting);
	else
		rules_reply(t, RP_GREETING, v);
}

/* "9:00 AM" for minutes from midnight. */
static void
clock_text(int min, char *out, size_t len)
{
	int h = (min / 60) % 24;

	snprintf(out, len, "%d:%02d %s", h % 12 ? h % 12 : 12, min % 60, h < 12 ? "AM" : "PM");
}

static int
same_day(const sched_day *a, const sched_day *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (a->iv[i].start != b->iv[i].start || a->iv[i].end != b->iv[i].end)
			return 0;
	return 1;
}

/* "Monday to Friday 9:00 AM to 5:00 PM, Saturday 10:00 AM to 2:00 PM and
 * closed on Sunday": runs of days with the same hours. */
static void
week_text(rules_turn *t, const sched_week *w, buf_t *b)
{
	int groups[7][2], ng = 0;

	for (int d = 0; d < 7; d++) {
		if (ng && same_day(&w->day[groups[ng - 1][1]], &w->day[d]))
			groups[ng - 1][1] = d;
		else {
			groups[ng][0] = groups[ng][1] = d;
			ng++;
		}
	}
	for (int g = 0; g < ng; g++) {
		const sched_day *day = &w->day[groups[g][0]];
		buf_t days;
		rp_var v[3] = {{NULL, NULL}, {NULL, NULL}, {NULL, NULL}};

		if (g)
			rules_say(b, t->lang, t->c->tone, g == ng - 1 ? RP_SEP_LAST : RP_SEP_LIST, NULL);
		buf_init(&days, 0);
		if (groups[g][0] == groups[g][1])
			buf_puts(&days, rules_weekday(t->lang, groups[g][0]));
		else {
			v[0] = (rp_var){"a", rules_weekday(t->lang, groups[g][0])};
			v[1] = (rp_var){"b", rules_weekday(t->lang, groups[g][1])};
			rules_say(&days, t->lang, t->c->tone, RP_TO, v);
		}
		if (day->n == 0) {
			v[0] = (rp_var){"day", days.data ? days.data : ""};
			v[1] = (rp_var){NULL, NULL};
			rules_say(b, t->lang, t->c->tone, RP_DAY_CLOSED, v);
		} else {
			buf_puts(b, days.data ? days.data : "");
			for (int i = 0; i < day->n; i++) {
				char a[16], e[16];

				clock_text(day->iv[i].start, a, sizeof(a));
				clock_text(day->iv[i].end, e, sizeof(e));
				v[0] = (rp_var){"a", a};
				v[1] = (rp_var){"b", e};
				if (i)
					rules_say(b, t->lang, t->c->tone, RP_SEP_LAST, NULL);
				else
					buf_putc(b, ' ');
				rules_say(b, t->lang, t->c->tone, RP_TO, v);
			}
		}
		buf_free(&days);
	}
}

/* Open now (until when), or closed and when it opens again: walks the
 * opening intervals of the next eight local days, closures included. */
static void
open_status(rules_turn *t, sched_ctx *sc)
{
	brain_ctx *c = t->c;
	struct tm lt;
	int64_t today;

	tz_to_local(sc->tz, c->now, &lt);
	today = tz_days_from_civil(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	for (int k = 0; k < 8; k++) {
		int y, m, d, di = (int)(((today + k) % 7 + 7 + 3) % 7); /* 1970-01-01: Thursday */

		tz_civil_from_days(today + k, &y, &m, &d);
		for (int i = 0; i < sc->week.day[di].n; i++) {
			int a = sc->week.day[di].iv[i].start, b = sc->week.day[di].iv[i].end, y2, m2, d2;
			int64_t s, e;
			char tm[16];

			if (tz_from_local(sc->tz, y, m, d, a / 60, a % 60, 0, &s) == TZ_GAP)
				continue;
			if (b >= 1440) {
				tz_civil_from_days(today + k + 1, &y2, &m2, &d2);
				if (tz_from_local(sc->tz, y2, m2, d2, 0, 0, 0, &e) == TZ_GAP)
					continue;
			} else if (tz_from_local(sc->tz, y, m, d, b / 60, b % 60, 0, &e) == TZ_GAP)
				continue;
			if (e <= c->now || !sched_is_open(sc, s, s + 60))
				continue;
			if (s <= c->now) {
				rp_var v[] = {{"until", tm}, {NULL, NULL}};

				clock_text(b, tm, sizeof(tm));
				rules_reply(t, RP_OPEN_NOW, v);
			} else {
				buf_t when;
				rp_var w[] = {{"time", tm}, {"day", rules_weekday(t->lang, di)}, {NULL, NULL}};

				clock_text(a, tm, sizeof(tm));
				buf_init(&when, 0);
				rules_say(&when, t->lang, c->tone, k == 0 ? RP_TODAY : k == 1 ? RP_TOMORROW
				    : RP_ON_DAY, w);
				rp_var v[] = {{"next", when.data ? when.data : ""}, {NULL, NULL}};
				rules_reply(t, RP_CLOSED_NOW, v);
				buf_free(&when);
			}
			return;
		}
	}
	rules_reply(t, RP_CLOSED_NOW_NONE, NULL);
}

static void
hours(rules_turn *t)
{
	sched_ctx sc;
	err_detail d = {0};
	buf_t w;
	int any = 0;

	if (sched_load(t->c->db, t->c->tenant_id, t->c->now - 86400, t->c->now + 9 * 86400, NULL,
	    &sc, &d) != OK) {
		rules_reply(t, RP_FAILED, NULL);
		return;
	}
	open_status(t, &sc);
	for (int i = 0; i < 7; i++)
		any |= sc.week.day[i].n > 0;
	if (any) {
		buf_init(&w, 0);
		week_text(t, &sc.week, &w);
		rp_var v[] = {{"hours", w.data ? w.data : ""}, {NULL, NULL}};
		rules_reply(t, RP_HOURS, v);
		buf_free(&w);
	} else
		rules_reply(t, RP_HOURS_NONE, NULL);
	sched_free(&sc);
}

/* "Haircut ($30.00, 30 min), Color ($80.00, 90 min)" */
static void
services_text(rules_turn *t, json_object *svcs, int with_price, buf_t *b)
{
	size_t n = rules_len(svcs);

	for (size_t i = 0; i < n; i++) {
		json_object *s = rules_at(svcs, i);

		if (i)
			rules_say(b, t->lang, t->c->tone, i == n - 1 ? RP_SEP_LAST : RP_SEP_LIST, NULL);
		buf_puts(b, json_object_get_string(json_object_object_get(s, "name")));
		if (with_price && json_object_get_int64(json_object_object_get(s, "price")) > 0)
			buf_printf(b, " (%s, %d min)", json_object_get_string(json_object_object_get(s,
			    "price_text")), json_object_get_int(json_object_object_get(s, "duration_min")));
		else if (with_price)
			buf_printf(b, " (%d min)",
			    json_object_get_int(json_object_object_get(s, "duration_min")));
	}
}

static void
prices(rules_turn *t)
{
	json_object *svcs = rules_services(t), *one;
	int amb = 0;
	buf_t b;

	if (rules_len(svcs) == 0) {
		rules_reply(t, RP_NO_SERVICES, NULL);
		return;
	}
	if ((one = rules_match_service(t, &amb)) != NULL) {
		char dur[16];
		rp_var v[] = {{"service", json_object_get_string(json_object_object_get(one, "name"))},
		    {"price", json_object_get_string(json_object_object_get(one, "price_text"))},
		    {"duration", dur}, {NULL, NULL}};

		snprintf(dur, sizeof(dur), "%d",
		    json_object_get_int(json_object_object_get(one, "duration_min")));
		rules_reply(t, RP_SERVICE_PRICE, v);
		/* "yes" next asks for a time for that service */
		snprintf(t->st->intent, sizeof(t->st->intent), "book");
		snprintf(t->st->await, sizeof(t->st->await), "when");
		snprintf(t->st->service_id, sizeof(t->st->service_id), "%s",
		    json_object_get_string(json_object_object_get(one, "id")));
		snprintf(t->st->service, sizeof(t->st->service), "%s",
		    json_object_get_string(json_object_object_get(one, "name")));
		return;
	}
	buf_init(&b, 0);
	services_text(t, svcs, 1, &b);
	rp_var v[] = {{"services", b.data ? b.data : ""}, {NULL, NULL}};
	rules_reply(t, RP_SERVICES, v);
	buf_free(&b);
	snprintf(t->st->intent, sizeof(t->st->intent), "book");
	snprintf(t->st->await, sizeof(t->st->await), "service");
}

/* ---- messages for the team ---- */

static const char *
known_phone(rules_turn *t)
{
	if (t->st->phone[0])
		return t->st->phone;
	if (t->c->caller_phone && *t->c->caller_phone)
		return t->c->caller_phone;
	return NULL;
}

static void
take_message(rules_turn *t)
{
	json_object *a = json_object_new_object(), *r;
	const char *phone = known_phone(t);

	json_object_object_add(a, "message", json_object_new_string(t->st->note));
	if (t->st->name[0])
		json_object_object_add(a, "name", json_object_new_string(t->st->name));
	if (phone)
		json_object_object_add(a, "phone", json_object_new_string(phone));
	r = rules_act(t, "take_message", a);
	if (json_object_get_boolean(json_object_object_get(r, "taken")))
		rules_reply(t, RP_MESSAGE_TAKEN, NULL);
	else {
		rp_var v[] = {{"error", json_object_get_string(json_object_object_get(r, "error"))},
		    {NULL, NULL}};
		rules_reply(t, RP_ACTION_FAILED, v);
	}
	json_object_put(r);
	rules_state_clear(t->st);
}

/* The message is known: take it, after asking for a number when none is. */
static void
message_ready(rules_turn *t)
{
	char e164[17];

	if (!known_phone(t) && rules_find_phone(t->st->note, e164))
		snprintf(t->st->phone, sizeof(t->st->phone), "%s", e164);
	if (known_phone(t)) {
		take_message(t);
		return;
	}
	snprintf(t->st->await, sizeof(t->st->await), "msg_phone");
	rules_reply(t, RP_ASK_MSG_PHONE, NULL);
}

static void
human(rules_turn *t)
{
	brain_ctx *c = t->c;

	if (c->channel && strcmp(c->channel, "phone") == 0 && c->forwarding_phone &&
	    *c->forwarding_phone) {
		json_object *a = json_object_new_object(), *r;

		json_object_object_add(a, "reason", json_object_new_string(c->text));
		r = rules_act(t, "transfer_to_human", a);
		if (json_object_get_string(json_object_object_get(r, "forwarding_phone")))
			rules_reply(t, RP_TRANSFER, NULL);
		else
			rules_reply(t, RP_FAILED, NULL);
		json_object_put(r);
		rules_state_clear(t->st);
		return;
	}
	rules_state_clear(t->st);
	snprintf(t->st->intent, sizeof(t->st->intent), "message");
	snprintf(t->st->await, sizeof(t->st->await), "message");
	rules_reply(t, RP_ASK_MESSAGE, NULL);
}

/* Continue the message flow; 0 when the text is about something else. */
static int
message_continue(rules_turn *t)
{
	rules_state *st = t->st;
	char e164[17];

	if (rules_has(t->lang, t->norm, RW_ABORT, NULL)) {
		rules_state_clear(st);
		rules_reply(t, RP_ABORTED, NULL);
		rules_reply(t, RP_ANYTHING_ELSE, NULL);
		return 1;
	}
	if (strcmp(st->await, "message") == 0) {
		snprintf(st->note, sizeof(st->note), "%s", t->c->text);
		message_ready(t);
		return 1;
	}
	if (strcmp(st->await, "msg_phone") == 0) {
		int digits = 0;

		if (rules_find_phone(t->c->text, e164)) {
			snprintf(st->phone, sizeof(st->phone), "%s", e164);
			take_message(t);
			return 1;
		}
		for (const char *p = t->c->text; *p; p++)
			digits += isdigit((unsigned char)*p) != 0;
		if (digits >= 3) {
			rules_reply(t, RP_ASK_PHONE_AGAIN, NULL);
			return 1;
		}
		take_message(t); /* "no": without a number */
		return 1;
	}
	if (strcmp(st->await, "offer_msg") == 0) {
		if (rules_has(t->lang, t->norm, RW_YES, NULL)) {
			message_ready(t);
			return 1;
		}
		if (rules_has(t->lang, t->norm, RW_NO, NULL)) {
			rules_state_clear(st);
			rules_reply(t, RP_ABORTED, NULL);
			rules_reply(t, RP_ANYTHING_ELSE, NULL);
			return 1;
		}
	}
	return 0;
}

static void
question(rules_turn *t)
{
	json_object *a = json_object_new_object(), *r, *p;

	json_object_object_add(a, "query", json_object_new_string(t->c->text));
	json_object_object_add(a, "limit", json_object_new_int(1));
	r = rules_act(t, "search_knowledge", a);
	p = rules_at(json_object_object_get(r, "passages"), 0);
	if (p && json_object_get_double(json_object_object_get(p, "score")) >= RULES_KB_MIN_SCORE) {
		rp_var v[] = {{"answer", json_object_get_string(json_object_object_get(p, "text"))},
		    {NULL, NULL}};

		rules_reply(t, RP_KB_ANSWER, v);
		rules_reply(t, RP_ANYTHING_ELSE, NULL);
	} else {
		rp_var v[] = {{"biz", t->c->business_name}, {NULL, NULL}};

		rules_state_clear(t->st);
		snprintf(t->st->intent, sizeof(t->st->intent), "message");
		snprintf(t->st->await, sizeof(t->st->await), "offer_msg");
		snprintf(t->st->note, sizeof(t->st->note), "%s", t->c->text);
		rules_reply(t, RP_KB_UNKNOWN, v);
	}
	json_object_put(r);
}

static void
dispatch(rules_turn *t, enum rules_intent in)
{
	rp_var v[] = {{"biz", t->c->business_name}, {NULL, NULL}};

	switch (in) {
	case RI_HUMAN:
		human(t);
		break;
	case RI_CANCEL:
		rules_cancel_start(t, 0);
		break;
	case RI_RESCHEDULE:
		rules_cancel_start(t, 1);
		break;
	case RI_BOOK:
		rules_book_start(t);
		break;
	case RI_HOURS:
		hours(t);
		break;
	case RI_PRICES:
		prices(t);
		break;
	case RI_GOODBYE:
		rules_state_clear(t->st);
		rules_reply(t, RP_GOODBYE, NULL);
		break;
	case RI_THANKS:
		rules_reply(t, RP_THANKS, NULL);
		break;
	case RI_QUESTION:
		question(t);
		break;
	case RI_GREETING:
		greeting(t);
		break;
	default:
		rules_reply(t, RP_FALLBACK, v);
		break;
	}
}

/* A flow is waiting for an answer and did not understand the text. */
static void
interrupted(rules_turn *t)
{
	enum rules_intent in = rules_detect(t);

	switch (in) {
	case RI_HOURS: case RI_PRICES:
		/* answer, then ask the pending question again */
		if (in == RI_HOURS)
			hours(t);
		else {
			/* prices may set up a booking of its own: the flow in
			 * progress wins (a shallow copy: prices never frees offered) */
			rules_state keep = *t->st;

			prices(t);
			*t->st = keep;
		}
		rules_flow_reprompt(t);
		return;
	case RI_QUESTION:
		if (strchr(t->c->text, '?')) {
			rules_state keep = *t->st;
			json_object *a = json_object_new_object(), *r, *p;

			/* a question mid-flow: answer it when the knowledge base can */
			json_object_object_add(a, "query", json_object_new_string(t->c->text));
			json_object_object_add(a, "limit", json_object_new_int(1));
			r = rules_act(t, "search_knowledge", a);
			p = rules_at(json_object_object_get(r, "passages"), 0);
			if (p && json_object_get_double(json_object_object_get(p, "score")) >=
			    RULES_KB_MIN_SCORE) {
				rules_reply_text(t, json_object_get_string(json_object_object_get(p, "text")));
				json_object_put(r);
				*t->st = keep;
				rules_flow_reprompt(t);
				return;
			}
			json_object_put(r);
		}
		break;
	case RI_HUMAN: case RI_CANCEL: case RI_RESCHEDULE: case RI_GOODBYE:
		break;
	default:
		rules_flow_reprompt(t);
		return;
	}
	rules_state_clear(t->st);
	dispatch(t, in);
}

/* Emit the reply a line at a time. */
static void
emit_reply(ev_sink *sink, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		char *piece = strndup(p, n);

		if (piece)
			ev_delta(sink, piece);
		free(piece);
		p += n;
	}
}

fd_err
brain_rules(brain_ctx *c, ev_sink *sink, char **reply, err_detail *d)
{
	rules_state st;
	rules_turn t;
	int done = 0;

	*reply = NULL;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.sink = sink;
	t.st = &st;
	t.lang = rules_lang_get(c->language);
	if (c->text == NULL)
		c->text = "";
	buf_init(&t.out, 0);
	state_load(c->state, &st);
	if ((t.norm = rules_norm(c->text)) == NULL) {
		rules_state_clear(&st);
		buf_free(&t.out);
		return err_set(d, ERR_INTERNAL, NULL, "out of memory");
	}
	if (st.await[0]) {
		done = strcmp(st.intent, "message") == 0 ? message_continue(&t)
		    : rules_flow_continue(&t);
		if (!done) {
			if (strcmp(st.intent, "message") == 0) {
				rules_state_clear(&st);
				dispatch(&t, rules_detect(&t));
			} else
				interrupted(&t);
		}
	} else {
		rules_state_clear(&st);
		dispatch(&t, rules_detect(&t));
	}
	state_save(c->state, &st);
	rules_state_clear(&st);
	json_object_put(t.services);
	free(t.norm);
	if (!buf_ok(&t.out) || t.out.len == 0) {
		buf_free(&t.out);
		return err_set(d, ERR_INTERNAL, NULL, "no reply");
	}
	*reply = buf_steal(&t.out);
	emit_reply(sink, *reply);
	return OK;
}
