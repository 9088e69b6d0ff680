/* The rules brain's appointment flows (see rules.h): booking (service, day
 * and time, an offered slot, name, phone, confirmation), cancelling and
 * rescheduling (the customer's next appointment found by phone,
 * confirmation). Each step asks one question and records in the state what
 * it waits for; the next turn continues there on any worker. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "rules.h"

/* all values are non-NULL strings (jstr answers "" for a missing key) */
#define SET(t, f, v) snprintf((t)->st->f, sizeof((t)->st->f), "%s", (v))

static const char *
jstr(json_object *o, const char *key)
{
	const char *s = json_object_get_string(json_object_object_get(o, key));

	return s ? s : "";
}

static int
awaiting(rules_turn *t, const char *what)
{
	return strcmp(t->st->await, what) == 0;
}

static void
abort_flow(rules_turn *t)
{
	rules_state_clear(t->st);
	rules_reply(t, RP_ABORTED, NULL);
	rules_reply(t, RP_ANYTHING_ELSE, NULL);
}

/* ---- services ---- */

/* 1 when norm holds word, or its plural. */
static int
has_word_or_plural(const char *norm, const char *word)
{
	char pl[96];

	if (rules_has_words(norm, word))
		return 1;
	snprintf(pl, sizeof(pl), "%ss", word);
	return rules_has_words(norm, pl);
}

json_object *
rules_match_service(rules_turn *t, int *ambiguous)
{
	json_object *svcs = rules_services(t), *best = NULL, *partial = NULL;
	size_t n = rules_len(svcs), bestlen = 0;
	int npartial = 0;

	*ambiguous = 0;
	/* the whole name; the longest wins ("Color and Cut" over "Color") */
	for (size_t i = 0; i < n; i++) {
		json_object *s = rules_at(svcs, i);
		const char *name = jstr(s, "name");

		if (has_word_or_plural(t->norm, name) && strlen(name) > bestlen) {
			best = s;
			bestlen = strlen(name);
		}
	}
	if (best)
		return best;
	/* else one significant word of a name ("a cut" for "Men's Cut") */
	for (size_t i = 0; i < n; i++) {
		json_object *s = rules_at(svcs, i);
		char *nn = rules_norm(jstr(s, "name")), *save = NULL;
		int hit = 0;

		for (char *w = nn ? strtok_r(nn, " ", &save) : NULL; w && !hit;
		    w = strtok_r(NULL, " ", &save))
			hit = strlen(w) >= 4 && has_word_or_plural(t->norm, w);
		free(nn);
		if (hit) {
			npartial++;
			partial = s;
		}
	}
	if (npartial == 1)
		return partial;
	*ambiguous = npartial > 1;
	return NULL;
}

static void
use_service(rules_turn *t, json_object *s)
{
	SET(t, service_id, jstr(s, "id"));
	SET(t, service, jstr(s, "name"));
}

static void
ask_service(rules_turn *t, int unknown)
{
	json_object *svcs = rules_services(t);
	size_t n = rules_len(svcs);
	buf_t b;

	if (n == 0) {
		rules_state_clear(t->st);
		rules_reply(t, RP_NO_SERVICES, NULL);
		return;
	}
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		json_object *s = rules_at(svcs, i);

		if (i)
			rules_say(&b, t->lang, t->c->tone, i == n - 1 ? RP_SEP_LAST : RP_SEP_LIST, NULL);
		buf_puts(&b, jstr(s, "name"));
		if (json_object_get_int64(json_object_object_get(s, "price")) > 0)
			buf_printf(&b, " (%s)", jstr(s, "price_text"));
	}
	rp_var v[] = {{"services", b.data ? b.data : ""}, {NULL, NULL}};
	SET(t, await, "service");
	rules_reply(t, unknown ? RP_UNKNOWN_SERVICE : RP_ASK_SERVICE, v);
	buf_free(&b);
}

/* ---- offering slots ---- */

static void
list_slots(rules_turn *t, json_object *slots)
{
	for (size_t i = 0; i < rules_len(slots); i++)
		buf_printf(&t->out, "\n%zu) %s", i + 1, jstr(rules_at(slots, i),
		    "label"));
	buf_putc(&t->out, '\n');
}

static void offer(rules_turn *t, const char *text);
static void book_next(rules_turn *t);

static void
confirm_move(rules_turn *t)
{
	rp_var v[] = {{"service", t->st->service}, {"from", t->st->appt_label},
	    {"when", t->st->label}, {NULL, NULL}};

	SET(t, await, "confirm");
	rules_reply(t, RP_CONFIRM_MOVE, v);
}

/* A slot was chosen: on to the next question. */
static void
chose(rules_turn *t, json_object *slot)
{
	SET(t, start, jstr(slot, "start"));
	SET(t, label, jstr(slot, "label"));
	json_object_put(t->st->offered);
	t->st->offered = NULL;
	if (strcmp(t->st->intent, "reschedule") == 0)
		confirm_move(t);
	else
		book_next(t);
}

/* Offer slots to choose from (the state keeps them). */
static void
offer_slots(rules_turn *t, json_object *slots)
{
	list_slots(t, slots);
	rules_reply(t, RP_PICK, NULL);
	json_object_put(t->st->offered);
	t->st->offered = json_object_get(slots);
	SET(t, start, "");
	SET(t, await, "slot");
}

/* Search free slots for the time named in text and offer them: the asked
 * time itself when free, else the nearest; a day or part of day: its first
 * free ones. Nothing understood: ask again for a day and a time. */
static void
offer(rules_turn *t, const char *text)
{
	json_object *a, *r, *slots;
	nld_result w;
	char buf[48];
	int k = rules_when(t, text, &w);

	if (k == NLD_NONE) {
		SET(t, await, "when");
		rules_reply(t, RP_ASK_WHEN_AGAIN, NULL);
		return;
	}
	a = json_object_new_object();
	json_object_object_add(a, "service_id", json_object_new_string(t->st->service_id));
	if (k == NLD_POINT) {
		tz_format_local(t->c->tz, w.start, buf, sizeof(buf));
		json_object_object_add(a, "when", json_object_new_string(buf));
	} else {
		tz_format_local(t->c->tz, w.start, buf, sizeof(buf));
		json_object_object_add(a, "from", json_object_new_string(buf));
		tz_format_local(t->c->tz, w.end, buf, sizeof(buf));
		json_object_object_add(a, "to", json_object_new_string(buf));
	}
	json_object_object_add(a, "limit", json_object_new_int(3));
	r = rules_act(t, "check_availability", a);
	slots = json_object_object_get(r, "slots");
	if (json_object_object_get(r, "error")) {
		rp_var v[] = {{"error", jstr(r, "error")}, {NULL, NULL}};

		rules_reply(t, RP_ACTION_FAILED, v);
		SET(t, await, "when");
		rules_reply(t, RP_ASK_WHEN_AGAIN, NULL);
	} else if (rules_len(slots) == 0) {
		rp_var v[] = {{"service", t->st->service}, {NULL, NULL}};
		char note[512];

		rules_reply(t, RP_NO_SLOTS, v);
		snprintf(note, sizeof(note), "Wanted a %s (%s); nothing was free.", t->st->service, text);
		rules_state_clear(t->st);
		SET(t, intent, "message");
		SET(t, await, "offer_msg");
		SET(t, note, note);
	} else if (k == NLD_POINT && json_object_get_boolean(json_object_object_get(r,
	    "requested_free"))) {
		rp_var v[] = {{"when", jstr(rules_at(slots, 0), "label")},
		    {NULL, NULL}};

		rules_reply(t, RP_SLOT_FREE, v);
		chose(t, rules_at(slots, 0));
	} else {
		int exact = json_object_get_boolean(json_object_object_get(r, "exact"));

		if (k == NLD_POINT) {
			rp_var v[] = {{"when", jstr(json_object_object_get(r, "requested"), "label")},
			    {NULL, NULL}};

			rules_reply(t, RP_SLOT_TAKEN, v);
			rules_reply(t, exact ? RP_OFFER_NEAR : RP_OFFER_LATER, NULL);
		} else
			rules_reply(t, exact ? RP_OFFER : RP_OFFER_LATER, NULL);
		offer_slots(t, slots);
	}
	json_object_put(r);
}

/* The visitor picks an offered slot: by number ("2", "option 2", "the
 * second one") or by time ("10:30"); another time searches again. */
static int
pick(rules_turn *t)
{
	json_object *offered = t->st->offered;
	int n = (int)rules_len(offered), idx = -2, num = 0, nums = 0, others = 0;
	int v = 0;
	nld_result w;
	char *copy = strdup(t->norm), *save = NULL;

	/* a bare number, perhaps after "option", "number", "the" */
	for (char *tok = copy ? strtok_r(copy, " ", &save) : NULL; tok;
	    tok = strtok_r(NULL, " ", &save)) {
		char one[64];

		if (strspn(tok, "0123456789") == strlen(tok) && strlen(tok) <= 3) {
			nums++;
			num = atoi(tok);
			continue;
		}
		snprintf(one, sizeof(one), " %.60s ", tok);
		if (!rules_has(t->lang, one, RW_PICK, NULL) && !rules_has(t->lang, one, RW_ORDINAL,
		    NULL))
			others++;
	}
	free(copy);
	if (nums == 1 && others == 0 && !strchr(t->c->text, ':'))
		idx = num - 1;
	else {
		int k = rules_when(t, t->c->text, &w);

		if (k == NLD_POINT) {
			for (int i = 0; i < n && idx < 0; i++) {
				char s[32];
				int64_t at = 0;
				int naive;
				struct tm a, b;

				snprintf(s, sizeof(s), "%s", jstr(rules_at(offered, i), "start"));
				if (tz_parse_time(s, tz_get("UTC"), &at, &naive) < 0)
					continue;
				tz_to_local(t->c->tz, at, &a);
				tz_to_local(t->c->tz, w.start, &b);
				if (at == w.start || (!w.has_date && a.tm_hour == b.tm_hour &&
				    a.tm_min == b.tm_min))
					idx = i;
			}
			if (idx < 0) {
				offer(t, t->c->text);
				return 1;
			}
		} else if (k == NLD_RANGE) {
			offer(t, t->c->text);
			return 1;
		} else if (rules_has(t->lang, t->norm, RW_ORDINAL, &v))
			idx = v < 0 ? n - 1 : v - 1;
		else if (n == 1 && rules_has(t->lang, t->norm, RW_YES, NULL))
			idx = 0;
	}
	if (idx >= 0 && idx < n) {
		chose(t, rules_at(offered, idx));
		return 1;
	}
	if (idx == -2 && rules_has(t->lang, t->norm, RW_NO, NULL)) {
		rp_var sv[] = {{"service", t->st->service}, {NULL, NULL}};

		json_object_put(t->st->offered);
		t->st->offered = NULL;
		SET(t, await, "when");
		rules_reply(t, RP_ASK_WHEN, sv);
		return 1;
	}
	if (idx == -2 && rules_is_other(t))
		return 0;
	rules_reply(t, RP_PICK_AGAIN, NULL);
	list_slots(t, offered);
	return 1;
}

/* ---- booking ---- */

static void
book_next(rules_turn *t)
{
	rules_state *st = t->st;
	char e164[17];

	if (!st->service_id[0]) {
		ask_service(t, 0);
		return;
	}
	if (!st->start[0]) {
		if (st->when_text[0]) {
			char text[sizeof(st->when_text)];

			snprintf(text, sizeof(text), "%s", st->when_text);
			SET(t, when_text, "");
			offer(t, text);
		} else {
			rp_var v[] = {{"service", st->service}, {NULL, NULL}};

			SET(t, await, "when");
			rules_reply(t, RP_ASK_WHEN, v);
		}
		return;
	}
	if (!st->name[0]) {
		SET(t, await, "name");
		rules_reply(t, RP_ASK_NAME, NULL);
		return;
	}
	if (!st->phone[0] && t->c->caller_phone && act_phone(t->c->caller_phone, e164))
		SET(t, phone, e164);
	if (!st->phone[0]) {
		SET(t, await, "phone");
		rules_reply(t, RP_ASK_PHONE, NULL);
		return;
	}
	rp_var v[] = {{"service", st->service}, {"when", st->label}, {"name", st->name},
	    {NULL, NULL}};
	SET(t, await, "confirm");
	rules_reply(t, RP_CONFIRM_BOOK, v);
}

void
rules_book_start(rules_turn *t)
{
	json_object *svc, *svcs;
	nld_result w;
	int amb = 0;

	rules_state_clear(t->st);
	SET(t, intent, "book");
	svc = rules_match_service(t, &amb);
	svcs = rules_services(t);
	if (svc == NULL && !amb && rules_len(svcs) == 1)
		svc = rules_at(svcs, 0);
	if (svc)
		use_service(t, svc);
	if (rules_when(t, t->c->text, &w) != NLD_NONE)
		SET(t, when_text, t->c->text);
	else if (svc && rules_has(t->lang, t->norm, RW_VAGUE_TIME, NULL)) {
		/* "next week": no day to search; ask back */
		SET(t, await, "when");
		rules_reply(t, RP_ASK_WHEN_AGAIN, NULL);
		return;
	}
	book_next(t);
}

/* "Pat", "my name is Pat Lee", "I'm Pat, 312 555 0100". */
static int
take_name(rules_turn *t)
{
	char name[128], e164[17];
	const char *p;
	size_t n;
	int letters = 0, words = 1, lower = 1;

	if (rules_is_other(t))
		return 0;
	/* "yes" or "no" is no name */
	if ((rules_has(t->lang, t->norm, RW_YES, NULL) || rules_has(t->lang, t->norm, RW_NO, NULL)) &&
	    strchr(t->norm + 1, ' ') == t->norm + strlen(t->norm) - 1) {
		rules_reply(t, RP_ASK_NAME_AGAIN, NULL);
		return 1;
	}
	if (rules_find_phone(t->c->text, e164))
		SET(t, phone, e164);
	p = rules_strip_prefix(t->lang, RW_NAME_PREFIX, t->c->text);
	while (*p == ' ' || *p == '\t' || *p == ',' || *p == ':')
		p++;
	snprintf(name, sizeof(name), "%s", p);
	/* the name ends where a number, a comma or "and my ..." starts */
	n = strcspn(name, "0123456789+(,;");
	name[n] = '\0';
	for (char *q = strstr(name, " and "); q; q = NULL)
		*q = '\0';
	n = strlen(name);
	while (n && strchr(" \t.!-:", name[n - 1]))
		name[--n] = '\0';
	for (size_t i = 0; i < n; i++) {
		letters += isalpha((unsigned char)name[i]) || (unsigned char)name[i] >= 0x80;
		words += name[i] == ' ';
		lower &= !isupper((unsigned char)name[i]);
	}
	if (letters == 0 || words > 5 || n > 60) {
		rules_reply(t, RP_ASK_NAME_AGAIN, NULL);
		return 1;
	}
	if (lower)
		for (size_t i = 0; i < n; i++)
			if (i == 0 || name[i - 1] == ' ')
				name[i] = (char)toupper((unsigned char)name[i]);
	SET(t, name, name);
	book_next(t);
	return 1;
}

static void
do_book(rules_turn *t)
{
	rules_state *st = t->st;
	json_object *a = json_object_new_object(), *r;

	json_object_object_add(a, "service_id", json_object_new_string(st->service_id));
	json_object_object_add(a, "starts_at", json_object_new_string(st->start));
	json_object_object_add(a, "name", json_object_new_string(st->name));
	json_object_object_add(a, "phone", json_object_new_string(st->phone));
	r = rules_act(t, "book_appointment", a);
	if (json_object_object_get(r, "appointment")) {
		rp_var v[] = {{"service", st->service}, {"when", jstr(r, "label")}, {"name", st->name},
		    {NULL, NULL}};

		rules_reply(t, RP_BOOKED, v);
		rules_state_clear(st);
	} else {
		rp_var v[] = {{"error", jstr(r, "error")}, {NULL, NULL}};
		json_object *alts = json_object_object_get(r, "alternatives");

		rules_reply(t, RP_ACTION_FAILED, v);
		if (rules_len(alts) > 0) {
			rules_reply(t, RP_OFFER_NEAR, NULL);
			offer_slots(t, alts);
		} else if (strcmp(jstr(r, "field"), "phone") == 0) {
			SET(t, phone, "");
			SET(t, await, "phone");
			rules_reply(t, RP_ASK_PHONE, NULL);
		} else if (strcmp(jstr(r, "field"), "starts_at") == 0) {
			rp_var sv[] = {{"service", st->service}, {NULL, NULL}};

			SET(t, start, "");
			SET(t, await, "when");
			rules_reply(t, RP_ASK_WHEN, sv);
		} else {
			rules_state_clear(st);
			rules_reply(t, RP_ANYTHING_ELSE, NULL);
		}
	}
	json_object_put(r);
}

/* ---- cancelling and rescheduling ---- */

static void
lookup(rules_turn *t)
{
	rules_state *st = t->st;
	json_object *appt = NULL;
	err_detail d = {0};
	fd_err e = act_next_appointment(t->c, st->phone, NULL, &appt, &d);

	if (e == OK) {
		int64_t at = 0;
		int naive;
		char label[64];

		tz_parse_time(jstr(appt, "starts_at"), tz_get("UTC"), &at, &naive);
		act_label(t->c->tz, at, label, sizeof(label));
		SET(t, appt_id, jstr(appt, "id"));
		SET(t, service_id, jstr(appt, "service_id"));
		SET(t, service, jstr(appt, "service_name"));
		SET(t, appt_label, label);
		json_object_put(appt);
		rp_var v[] = {{"service", st->service}, {"when", st->appt_label}, {NULL, NULL}};
		if (strcmp(st->intent, "cancel") == 0) {
			SET(t, await, "confirm");
			rules_reply(t, RP_CONFIRM_CANCEL, v);
		} else if (st->when_text[0]) {
			char text[sizeof(st->when_text)];

			snprintf(text, sizeof(text), "%s", st->when_text);
			SET(t, when_text, "");
			offer(t, text);
		} else {
			SET(t, await, "when");
			rules_reply(t, RP_ASK_NEW_WHEN, v);
		}
		return;
	}
	if (e == ERR_NOT_FOUND) {
		rp_var v[] = {{"phone", st->phone}, {NULL, NULL}};

		rules_reply(t, RP_NO_APPOINTMENT, v);
		rules_reply(t, RP_ANYTHING_ELSE, NULL);
		rules_state_clear(st);
	} else if (e == ERR_VALIDATION) {
		SET(t, await, "lookup_phone");
		rules_reply(t, RP_ASK_PHONE_AGAIN, NULL);
	} else {
		rules_reply(t, RP_FAILED, NULL);
		rules_state_clear(st);
	}
}

void
rules_cancel_start(rules_turn *t, int reschedule)
{
	char e164[17];
	nld_result w;

	rules_state_clear(t->st);
	SET(t, intent, reschedule ? "reschedule" : "cancel");
	if (reschedule && rules_when(t, t->c->text, &w) != NLD_NONE)
		SET(t, when_text, t->c->text);
	if (rules_find_phone(t->c->text, e164) || (t->c->caller_phone &&
	    act_phone(t->c->caller_phone, e164)))
		SET(t, phone, e164);
	if (t->st->phone[0]) {
		lookup(t);
		return;
	}
	SET(t, await, "lookup_phone");
	rules_reply(t, RP_ASK_LOOKUP_PHONE, NULL);
}

/* cancel_appointment / reschedule_appointment on the confirmed target. */
static void
do_change(rules_turn *t)
{
	rules_state *st = t->st;
	int cancel = strcmp(st->intent, "cancel") == 0;
	json_object *a = json_object_new_object(), *r;

	json_object_object_add(a, "phone", json_object_new_string(st->phone));
	json_object_object_add(a, "appointment_id", json_object_new_string(st->appt_id));
	if (!cancel)
		json_object_object_add(a, "starts_at", json_object_new_string(st->start));
	r = rules_act(t, cancel ? "cancel_appointment" : "reschedule_appointment", a);
	if (json_object_object_get(r, "appointment")) {
		rp_var v[] = {{"service", st->service}, {"when", jstr(r, "label")}, {NULL, NULL}};

		rules_reply(t, cancel ? RP_CANCELLED : RP_MOVED, v);
		rules_reply(t, RP_ANYTHING_ELSE, NULL);
		rules_state_clear(st);
	} else {
		rp_var v[] = {{"error", jstr(r, "error")}, {NULL, NULL}};
		json_object *alts = json_object_object_get(r, "alternatives");

		rules_reply(t, RP_ACTION_FAILED, v);
		if (!cancel && rules_len(alts) > 0) {
			rules_reply(t, RP_OFFER_NEAR, NULL);
			offer_slots(t, alts);
		} else
			rules_state_clear(st);
	}
	json_object_put(r);
}

static int
confirm(rules_turn *t)
{
	rules_state *st = t->st;
	int yes = rules_has(t->lang, t->norm, RW_YES, NULL), no = rules_has(t->lang, t->norm,
	    RW_NO, NULL);
	nld_result w;

	if (yes && !no) {
		if (strcmp(st->intent, "book") == 0)
			do_book(t);
		else
			do_change(t);
		return 1;
	}
	if (strcmp(st->intent, "cancel") != 0 && rules_when(t, t->c->text, &w) != NLD_NONE) {
		offer(t, t->c->text);
		return 1;
	}
	if (no) {
		if (strcmp(st->intent, "book") == 0) {
			SET(t, await, "change");
			rules_reply(t, RP_ASK_CHANGE, NULL);
		} else
			abort_flow(t);
		return 1;
	}
	if (rules_is_other(t))
		return 0;
	rules_reply(t, RP_YES_NO, NULL);
	return 1;
}

/* After "no" at the booking's confirmation: what to change. */
static int
change(rules_turn *t)
{
	json_object *svc;
	nld_result w;
	int amb = 0;

	if (rules_when(t, t->c->text, &w) != NLD_NONE) {
		offer(t, t->c->text);
		return 1;
	}
	if ((svc = rules_match_service(t, &amb)) != NULL) {
		use_service(t, svc);
		SET(t, start, "");
		book_next(t);
		return 1;
	}
	if (rules_has(t->lang, t->norm, RW_CH_SERVICE, NULL)) {
		SET(t, service_id, "");
		SET(t, start, "");
		ask_service(t, 0);
	} else if (rules_has(t->lang, t->norm, RW_CH_TIME, NULL)) {
		rp_var v[] = {{"service", t->st->service}, {NULL, NULL}};

		SET(t, start, "");
		SET(t, await, "when");
		rules_reply(t, RP_ASK_WHEN, v);
	} else if (rules_has(t->lang, t->norm, RW_CH_NAME, NULL)) {
		SET(t, name, "");
		SET(t, await, "name");
		rules_reply(t, RP_ASK_NAME, NULL);
	} else if (rules_has(t->lang, t->norm, RW_CH_PHONE, NULL)) {
		SET(t, await, "phone");
		rules_reply(t, RP_ASK_PHONE, NULL);
	} else if (rules_has(t->lang, t->norm, RW_NO, NULL) || rules_has(t->lang, t->norm,
	    RW_YES, NULL))
		abort_flow(t);
	else if (rules_is_other(t))
		return 0;
	else
		rules_reply(t, RP_ASK_CHANGE, NULL);
	return 1;
}

int
rules_flow_continue(rules_turn *t)
{
	int no = rules_has(t->lang, t->norm, RW_NO, NULL), amb = 0;
	json_object *svc;
	nld_result w;
	char e164[17];

	if (rules_has(t->lang, t->norm, RW_ABORT, NULL)) {
		abort_flow(t);
		return 1;
	}
	if (awaiting(t, "service")) {
		if ((svc = rules_match_service(t, &amb)) != NULL) {
			use_service(t, svc);
			if (rules_when(t, t->c->text, &w) != NLD_NONE)
				SET(t, when_text, t->c->text);
			book_next(t);
			return 1;
		}
		if (no && !amb) {
			abort_flow(t);
			return 1;
		}
		if (!amb && rules_is_other(t))
			return 0;
		ask_service(t, 1);
		return 1;
	}
	if (awaiting(t, "when")) {
		if (rules_when(t, t->c->text, &w) != NLD_NONE) {
			offer(t, t->c->text);
			return 1;
		}
		if (no) {
			abort_flow(t);
			return 1;
		}
		if (rules_is_other(t))
			return 0;
		if (rules_has(t->lang, t->norm, RW_YES, NULL)) { /* "yes" to "shall we book one?" */
			rules_flow_reprompt(t);
			return 1;
		}
		rules_reply(t, RP_ASK_WHEN_AGAIN, NULL);
		return 1;
	}
	if (awaiting(t, "slot"))
		return pick(t);
	if (awaiting(t, "name"))
		return take_name(t);
	if (awaiting(t, "phone") || awaiting(t, "lookup_phone")) {
		if (rules_find_phone(t->c->text, e164)) {
			SET(t, phone, e164);
			if (awaiting(t, "lookup_phone"))
				lookup(t);
			else
				book_next(t);
			return 1;
		}
		if (no) {
			abort_flow(t);
			return 1;
		}
		if (rules_is_other(t))
			return 0;
		rules_reply(t, RP_ASK_PHONE_AGAIN, NULL);
		return 1;
	}
	if (awaiting(t, "confirm"))
		return confirm(t);
	if (awaiting(t, "change"))
		return change(t);
	return 0;
}

void
rules_flow_reprompt(rules_turn *t)
{
	rules_state *st = t->st;
	rp_var v[] = {{"service", st->service}, {"when", st->label}, {"name", st->name},
	    {"from", st->appt_label}, {NULL, NULL}};

	if (awaiting(t, "service"))
		ask_service(t, 0);
	else if (awaiting(t, "when")) {
		if (strcmp(st->intent, "reschedule") == 0) {
			v[1].value = st->appt_label;
			rules_reply(t, RP_ASK_NEW_WHEN, v);
		} else
			rules_reply(t, RP_ASK_WHEN, v);
	} else if (awaiting(t, "slot")) {
		rules_reply(t, RP_PICK_AGAIN, NULL);
		list_slots(t, st->offered);
	} else if (awaiting(t, "name"))
		rules_reply(t, RP_ASK_NAME, NULL);
	else if (awaiting(t, "phone"))
		rules_reply(t, RP_ASK_PHONE, NULL);
	else if (awaiting(t, "lookup_phone"))
		rules_reply(t, RP_ASK_LOOKUP_PHONE, NULL);
	else if (awaiting(t, "confirm")) {
		if (strcmp(st->intent, "book") == 0)
			rules_reply(t, RP_CONFIRM_BOOK, v);
		else if (strcmp(st->intent, "cancel") == 0) {
			v[1].value = st->appt_label;
			rules_reply(t, RP_CONFIRM_CANCEL, v);
		} else
			rules_reply(t, RP_CONFIRM_MOVE, v);
	} else if (awaiting(t, "change"))
		rules_reply(t, RP_ASK_CHANGE, NULL);
}
