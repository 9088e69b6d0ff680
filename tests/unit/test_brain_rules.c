/* lib/brain_rules.c: scripted dialogs with a pinned clock. Each dialog is a
 * list of turns (what the visitor writes -> substrings the reply must and
 * must not contain, and an action that must have run), with the dialog
 * state carried from turn to turn as the runner stores it, then checks on
 * the database. Every dialog runs on SQLite and, when FD_TEST_PG_URL is
 * set, on PostgreSQL. The clock: Tuesday 2026-04-14 09:00 in Chicago
 * (agent_fixture.h) unless a dialog pins another. */
#include "agent_fixture.h"
#include "../../lib/actions.h"

static agent_fx F;
static void fini(void);
TestSuite(brain_rules, .fini = fini);

static void
fini(void)
{
	fx_close(&F);
}

struct turn {
	const char *user;
	const char *want[6];   /* substrings the reply must contain */
	const char *deny[4];   /* ... must not contain */
	const char *tool;      /* an action that must have run in this turn */
};

struct dialog {
	const char *channel;        /* NULL: web */
	const char *caller_phone;
	const char *greeting;       /* the agent's */
	const char *tone;           /* NULL: the tenant's (friendly) */
	const char *now;            /* NULL: FX_NOW */
	int tenant_b;               /* talk to Zen Spa instead */
	const char *forwarding;
	void (*setup)(agent_fx *f);
	void (*check)(agent_fx *f);
	struct turn turns[10];
};

/* ---- the event sink: records what the brain emitted ---- */

static int
record(void *ctx, const char *event, json_object *data)
{
	json_object *e = json_object_new_object();

	json_object_object_add(e, "event", json_object_new_string(event));
	json_object_object_add(e, "data", json_object_get(data));
	json_object_array_add((json_object *)ctx, e);
	return 0;
}

static const char *
get(json_object *o, const char *k)
{
	return json_object_get_string(json_object_object_get(o, k));
}

/* ---- DB checks ---- */

static void
appt_at(agent_fx *f, const char *tid, const char *starts_at, const char *sid,
    const char *status, const char *source, const char *phone)
{
	char v[128];

	fx_query1(f, v, sizeof(v), "SELECT a.status || '|' || a.source || '|' || c.phone || '|' || "
	    "a.service_id FROM appointments a JOIN customers c ON c.id = a.customer_id WHERE "
	    "a.tenant_id = ? AND a.starts_at = ?", "ss", tid, starts_at);
	cr_assert_neq(v[0], '\0', "no appointment at %s", starts_at);
	char want[160];
	snprintf(want, sizeof(want), "%s|%s|%s|%s", status, source, phone, sid);
	cr_assert_str_eq(v, want);
}

static int
count(agent_fx *f, const char *sql, const char *a, const char *b)
{
	char v[32];

	fx_query1(f, v, sizeof(v), sql, b ? "ss" : "s", a, b);
	return atoi(v);
}

static void
no_state(agent_fx *f)
{
	cr_assert_null(json_object_object_get(f->state, "rules"), "state left: %s",
	    json_object_to_json_string(f->state));
}

static void
booked_tomorrow_3pm(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-15T20:00:00Z", f->haircut, "booked", "chat", "+13125550100");
	no_state(f);
}

static void
booked_next_tuesday(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-21T14:15:00Z", f->color, "booked", "chat", "+13125550101");
	no_state(f);
}

static void
setup_taken_3pm(agent_fx *f)
{
	fx_book(f, f->tid, f->haircut, "2026-04-15T20:00:00Z", "Ann", "+13125550111", NULL);
}

static void
booked_3_30(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-15T20:30:00Z", f->haircut, "booked", "sms", "+13125550102");
	appt_at(f, f->tid, "2026-04-15T20:00:00Z", f->haircut, "booked", "api", "+13125550111");
	no_state(f);
}

static void
setup_pat_thursday(agent_fx *f)
{
	fx_book(f, f->tid, f->haircut, "2026-04-16T15:00:00Z", "Pat", "+13125550100", NULL);
}

static void
cancelled_thursday(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-16T15:00:00Z", f->haircut, "cancelled", "api", "+13125550100");
	no_state(f);
}

static void
moved_to_friday(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-17T19:00:00Z", f->haircut, "booked", "api", "+13125550100");
	cr_assert_eq(count(f, "SELECT COUNT(*) FROM appointments WHERE tenant_id = ?", f->tid, NULL),
	    1, "moved, not copied");
	no_state(f);
}

static void
booked_thursday_11(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-16T16:00:00Z", f->haircut, "booked", "chat", "+13125550103");
}

static void
message_taken(agent_fx *f)
{
	char v[512];

	fx_query1(f, v, sizeof(v), "SELECT status || ' ' || tags FROM conversations WHERE "
	    "tenant_id = ? AND id = ?", "ss", f->tid, f->conv);
	cr_assert_str_eq(v, "needs_attention [\"message\"]");
	fx_query1(f, v, sizeof(v), "SELECT content FROM messages WHERE tenant_id = ? AND "
	    "conversation_id = ? AND role = 'system'", "ss", f->tid, f->conv);
	cr_assert_str_eq(v, "Message: Do you do wedding makeup?\nPhone: +13125550100");
	no_state(f);
}

static void
human_message(agent_fx *f)
{
	char v[512];

	fx_query1(f, v, sizeof(v), "SELECT content FROM messages WHERE conversation_id = ? AND "
	    "role = 'system'", "s", f->conv, NULL);
	cr_assert_str_eq(v, "Message: Please call me about a refund for my color");
	fx_query1(f, v, sizeof(v), "SELECT status FROM conversations WHERE id = ?", "s", f->conv,
	    NULL);
	cr_assert_str_eq(v, "needs_attention");
	no_state(f);
}

static void
transferred(agent_fx *f)
{
	char v[128];

	fx_query1(f, v, sizeof(v), "SELECT status || ' ' || tags FROM conversations WHERE id = ?",
	    "s", f->conv, NULL);
	cr_assert_str_eq(v, "needs_attention [\"human\"]");
	no_state(f);
}

static void
nothing_booked(agent_fx *f)
{
	cr_assert_eq(count(f, "SELECT COUNT(*) FROM appointments", f->tid, NULL) +
	    count(f, "SELECT COUNT(*) FROM appointments WHERE tenant_id = ?", f->tid2, NULL), 0);
	no_state(f);
}

static void
unchanged(agent_fx *f)
{
	char v[64];

	fx_query1(f, v, sizeof(v), "SELECT status FROM conversations WHERE id = ?", "s", f->conv,
	    NULL);
	cr_assert_str_eq(v, "open");
	no_state(f);
}

static void
booked_friday_4(agent_fx *f)
{
	appt_at(f, f->tid, "2026-04-17T21:00:00Z", f->haircut, "booked", "chat", "+13125550104");
	no_state(f);
}

/* ---- the dialogs ---- */

static const struct dialog dialogs[] = {
	/* 0: the agent's greeting */
	{.greeting = "Hi, I'm Bella at Bella Salon. How can I help?", .check = unchanged, .turns = {
		{"hello", {"Hi, I'm Bella at Bella Salon. How can I help?"}, {"Welcome"}, NULL},
	}},
	/* 1: greeting in the tenant's tone, no agent greeting; goodbye */
	{.tone = "formal", .check = unchanged, .turns = {
		{"Good morning!", {"Good day", "Bella Salon"}, {NULL}, NULL},
		{"thanks, bye", {"Goodbye"}, {NULL}, NULL},
	}},
	/* 2: book "tomorrow at 3pm": free, so offered directly */
	{.check = booked_tomorrow_3pm, .turns = {
		{"I'd like to book a haircut tomorrow at 3pm", {"Wednesday, April 15 at 3:00 PM",
		    "free", "name"}, {NULL}, "check_availability"},
		{"Pat Lee", {"phone number"}, {NULL}, NULL},
		{"(312) 555-0100", {"Shall I book Haircut on Wednesday, April 15 at 3:00 PM for Pat "
		    "Lee? (yes/no)"}, {NULL}, NULL},
		{"yes", {"You're all set, Pat Lee!", "Haircut", "Wednesday, April 15 at 3:00 PM"},
		    {NULL}, "book_appointment"},
	}},
	/* 3: "next Tuesday morning", two services: asked, then three slots; picked by ordinal */
	{.check = booked_next_tuesday, .turns = {
		{"Can I make an appointment next Tuesday morning?", {"Which service", "Haircut ($30.00)",
		    "Color ($80.00)"}, {"Massage", "Perm"}, "list_services"},
		{"color please", {"1) Tuesday, April 21 at 9:00 AM", "2) Tuesday, April 21 at 9:15 AM",
		    "3) Tuesday, April 21 at 9:30 AM", "Which one"}, {NULL}, "check_availability"},
		{"the second one", {"name"}, {NULL}, NULL},
		{"My name is sam, 312 555 0101", {"Shall I book Color on Tuesday, April 21 at 9:15 AM "
		    "for Sam?"}, {NULL}, NULL},
		{"yep", {"booked", "Color"}, {NULL}, "book_appointment"},
	}},
	/* 4: a taken time: the nearest free ones; picked by time; the caller's number on sms */
	{.channel = "sms", .caller_phone = "+13125550102", .setup = setup_taken_3pm,
	    .check = booked_3_30, .turns = {
		{"Can I get a haircut tomorrow at 3pm?", {"Wednesday, April 15 at 3:00 PM isn't "
		    "available", "nearest", "2:30 PM", "3:30 PM"}, {") Wednesday, April 15 at 3:00 PM"},
		    "check_availability"},
		{"3:30", {"name"}, {NULL}, NULL},
		{"Jo", {"Shall I book Haircut on Wednesday, April 15 at 3:30 PM for Jo?"},
		    {"phone number"}, NULL},
		{"yes please", {"booked"}, {NULL}, "book_appointment"},
	}},
	/* 5: cancel: the phone asked, the next appointment confirmed, cancelled */
	{.setup = setup_pat_thursday, .check = cancelled_thursday, .turns = {
		{"I need to cancel my appointment", {"phone number"}, {NULL}, NULL},
		{"312-555-0100", {"Haircut on Thursday, April 16 at 10:00 AM", "cancel it? (yes/no)"},
		    {NULL}, NULL},
		{"yes", {"cancelled", "Thursday, April 16 at 10:00 AM"}, {NULL}, "cancel_appointment"},
	}},
	/* 6: reschedule on sms (the number known) to a named time */
	{.channel = "sms", .caller_phone = "+13125550100", .setup = setup_pat_thursday,
	    .check = moved_to_friday, .turns = {
		{"I want to reschedule my appointment to Friday at 2pm", {"Friday, April 17 at 2:00 PM "
		    "is free", "Shall I move your Haircut from Thursday, April 16 at 10:00 AM to "
		    "Friday, April 17 at 2:00 PM? (yes/no)"}, {NULL}, "check_availability"},
		{"yes", {"now on Friday, April 17 at 2:00 PM"}, {NULL}, "reschedule_appointment"},
	}},
	/* 7: hours, open now */
	{.check = unchanged, .turns = {
		{"What are your hours?", {"open right now, until 5:00 PM",
		    "Monday to Friday 9:00 AM to 5:00 PM", "Saturday 10:00 AM to 2:00 PM",
		    "closed on Sunday"}, {NULL}, NULL},
	}},
	/* 8: closed now (Sunday noon): opens tomorrow */
	{.now = "2026-04-19T17:00:00Z", .check = unchanged, .turns = {
		{"are you open now?", {"closed right now", "open again tomorrow at 9:00 AM"}, {NULL},
		    NULL},
	}},
	/* 9: closed now (Saturday 3 pm): opens Monday */
	{.now = "2026-04-18T20:00:00Z", .check = unchanged, .turns = {
		{"Are you still open?", {"closed right now", "on Monday at 9:00 AM"}, {NULL}, NULL},
	}},
	/* 10: prices: one service, then the list (mid-flow), then a time */
	{.turns = {
		{"How much is a haircut?", {"Haircut is $30.00", "30 minutes"}, {"Color"},
		    "list_services"},
		{"What services do you offer?", {"Haircut ($30.00, 30 min)", "Color ($80.00, 90 min)",
		    "What day and time would you like for your Haircut?"}, {"Massage", "Perm"}, NULL},
		{"tomorrow at 10am", {"Wednesday, April 15 at 10:00 AM is free"}, {NULL},
		    "check_availability"},
	}},
	/* 11: an ambiguous date asked back; an interruption answered mid-flow */
	{.check = booked_thursday_11, .turns = {
		{"I want to book a haircut next week", {"couldn't tell which day", "tomorrow at 3pm"},
		    {NULL}, NULL},
		{"Thursday at 11", {"Thursday, April 16 at 11:00 AM is free", "name"}, {NULL},
		    "check_availability"},
		{"Where can I park?", {"Elm Street", "May I have your name"}, {NULL},
		    "search_knowledge"},
		{"Alex Kim", {"phone"}, {NULL}, NULL},
		{"my number is 312.555.0103", {"Shall I book"}, {NULL}, NULL},
		{"ok", {"booked"}, {NULL}, "book_appointment"},
	}},
	/* 12: an unknown question becomes a message */
	{.check = message_taken, .turns = {
		{"Do you do wedding makeup?", {"not sure", "take a message", "(yes/no)"}, {NULL},
		    "search_knowledge"},
		{"yes", {"best number"}, {NULL}, NULL},
		{"312 555 0100", {"passed your message on"}, {NULL}, "take_message"},
	}},
	/* 13: answered from the knowledge base */
	{.check = unchanged, .turns = {
		{"Can I bring my dog?", {"Dogs are welcome in the waiting area."}, {"not sure"},
		    "search_knowledge"},
		{"Is there parking?", {"free parking is available behind the building on Elm Street"},
		    {NULL}, "search_knowledge"},
	}},
	/* 14: another tenant's service is never offered nor booked */
	{.check = nothing_booked, .turns = {
		{"Can I book a massage tomorrow at 10?", {"Which service", "Color", "Haircut"},
		    {"Massage", "massage"}, NULL},
		{"massage", {"couldn't match", "Haircut"}, {"Massage"}, NULL},
		{"never mind", {"stopped"}, {NULL}, NULL},
	}},
	/* 15: ... and the other tenant sees only its own */
	{.tenant_b = 1, .check = nothing_booked, .turns = {
		{"What services do you offer?", {"Massage ($90.00, 60 min)"}, {"Haircut", "Color"},
		    "list_services"},
		{"no thanks", {"stopped"}, {NULL}, NULL},
	}},
	/* 16: a person, on the web: a message */
	{.check = human_message, .turns = {
		{"I'd like to talk to a person", {"What message"}, {NULL}, NULL},
		{"Please call me about a refund for my color", {"best number"}, {NULL}, NULL},
		{"no", {"passed your message on"}, {NULL}, "take_message"},
	}},
	/* 17: a person, on a call with a forwarding number: transferred */
	{.channel = "phone", .caller_phone = "+13125550100", .forwarding = "+13125550000",
	    .check = transferred, .turns = {
		{"Can I speak to someone please?", {"put you through"}, {NULL}, "transfer_to_human"},
	}},
	/* 18: "no" at the confirmation: change the time */
	{.check = booked_friday_4, .turns = {
		{"book a haircut on Friday at 3pm", {"Friday, April 17 at 3:00 PM is free"}, {NULL},
		    NULL},
		{"Lee", {"phone"}, {NULL}, NULL},
		{"3125550104", {"Shall I book Haircut on Friday, April 17 at 3:00 PM for Lee?"}, {NULL},
		    NULL},
		{"no", {"What would you like to change"}, {NULL}, NULL},
		{"the time", {"What day and time"}, {NULL}, NULL},
		{"4pm on Friday", {"Shall I book Haircut on Friday, April 17 at 4:00 PM for Lee?"},
		    {NULL}, "check_availability"},
		{"yes", {"booked"}, {NULL}, "book_appointment"},
	}},
	/* 19: goodbye in the tenant's tone clears a flow in progress */
	{.check = nothing_booked, .turns = {
		{"I want to book a haircut", {"What day and time"}, {NULL}, NULL},
		{"actually, bye!", {"Have a great day"}, {NULL}, NULL},
	}},
	/* 20: "yes" is no name; prices asked mid-flow; "no" at the phone stops */
	{.check = nothing_booked, .turns = {
		{"book a haircut tomorrow at 10am", {"Wednesday, April 15 at 10:00 AM is free",
		    "name"}, {NULL}, "check_availability"},
		{"yes", {"what name"}, {NULL}, NULL},
		{"What are your prices?", {"Haircut ($30.00, 30 min)", "May I have your name"},
		    {NULL}, "list_services"},
		{"robin hood", {"phone"}, {NULL}, NULL},
		{"no", {"stopped"}, {NULL}, NULL},
	}},
};

static void
history_add(const char *role, const char *content)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "role", json_object_new_string(role));
	json_object_object_add(m, "content", json_object_new_string(content));
	json_object_array_add(F.history, m);
}

static void
run_dialog(int pg, int which)
{
	const struct dialog *dl = &dialogs[which];

	fx_open(&F, pg);
	if (dl->channel)
		F.c.channel = dl->channel;
	if (dl->caller_phone)
		F.c.caller_phone = dl->caller_phone;
	if (dl->greeting)
		F.c.greeting = dl->greeting;
	if (dl->tone)
		F.c.tone = dl->tone;
	if (dl->forwarding)
		F.c.forwarding_phone = dl->forwarding;
	if (dl->now)
		F.c.now = fx_time(dl->now);
	if (dl->tenant_b) {
		F.c.tenant_id = F.tid2;
		F.c.conversation_id = F.conv2;
		F.c.tz = tz_get("America/New_York");
		F.c.business_name = "Zen Spa";
		F.c.tone = "formal";
		F.c.knowledge_base = "We are a day spa.";
	}
	if (dl->setup)
		dl->setup(&F);

	for (int i = 0; i < 10 && dl->turns[i].user; i++) {
		const struct turn *tu = &dl->turns[i];
		json_object *events = json_object_new_array(), *state_json;
		ev_sink sink = {record, events};
		err_detail d = {0};
		char *reply = NULL, *deltas;
		size_t nd = 0, calls = 0, results = 0;
		int tool_seen = tu->tool == NULL;
		const char *stored;

		history_add("user", tu->user);
		F.c.text = tu->user;
		cr_assert_eq(brain_rules(&F.c, &sink, &reply, &d), OK, "turn %d: %s", i, d.message);
		cr_assert_not_null(reply);
		for (int k = 0; k < 6 && tu->want[k]; k++)
			cr_assert_not_null(strstr(reply, tu->want[k]),
			    "dialog %d turn %d (\"%s\"): reply lacks \"%s\":\n%s", which, i, tu->user,
			    tu->want[k], reply);
		for (int k = 0; k < 4 && tu->deny[k]; k++)
			cr_assert_null(strstr(reply, tu->deny[k]),
			    "dialog %d turn %d (\"%s\"): reply has \"%s\":\n%s", which, i, tu->user,
			    tu->deny[k], reply);

		/* the deltas add up to the reply; every tool_call has its result */
		deltas = calloc(1, strlen(reply) + 1);
		for (size_t k = 0; k < json_object_array_length(events); k++) {
			json_object *e = json_object_array_get_idx(events, k), *data;
			const char *ev = get(e, "event");

			data = json_object_object_get(e, "data");
			if (strcmp(ev, "delta") == 0) {
				const char *piece = get(data, "text");

				cr_assert_leq(nd + strlen(piece), strlen(reply));
				memcpy(deltas + nd, piece, strlen(piece));
				nd += strlen(piece);
			} else if (strcmp(ev, "tool_call") == 0) {
				calls++;
				cr_assert(act_exists(get(data, "name")));
				cr_assert(json_object_is_type(json_object_object_get(data, "arguments"),
				    json_type_object));
				if (tu->tool && strcmp(get(data, "name"), tu->tool) == 0)
					tool_seen = 1;
			} else if (strcmp(ev, "tool_result") == 0) {
				results++;
				cr_assert(json_object_is_type(json_object_object_get(data, "result"),
				    json_type_object));
			} else
				cr_assert_fail("unexpected event %s", ev);
		}
		cr_assert_str_eq(deltas, reply);
		cr_assert_eq(calls, results);
		cr_assert(tool_seen, "dialog %d turn %d: %s did not run", which, i, tu->tool);
		free(deltas);
		json_object_put(events);

		/* the runner stores the state as text and loads it for the next turn,
		 * possibly on another worker: do the same */
		stored = json_object_to_json_string_ext(F.state, JSON_C_TO_STRING_PLAIN);
		state_json = json_tokener_parse(stored);
		cr_assert_not_null(state_json);
		json_object_put(F.state);
		F.state = F.c.state = state_json;
		history_add("assistant", reply);
		free(reply);
	}
	if (dl->check)
		dl->check(&F);
}

#define DIALOG(n, i) \
	UTEST(brain_rules, sqlite_##n) { run_dialog(0, i); } \
	UTEST(brain_rules, pg_##n) { run_dialog(1, i); }

DIALOG(greeting_agent, 0)
DIALOG(greeting_tone_goodbye, 1)
DIALOG(book_tomorrow_3pm, 2)
DIALOG(book_next_tuesday_morning, 3)
DIALOG(taken_slot_alternatives, 4)
DIALOG(cancel, 5)
DIALOG(reschedule, 6)
DIALOG(hours_open_now, 7)
DIALOG(closed_now_sunday, 8)
DIALOG(closed_now_saturday, 9)
DIALOG(prices, 10)
DIALOG(ambiguous_date_asked_back, 11)
DIALOG(unknown_question_message, 12)
DIALOG(knowledge_answer, 13)
DIALOG(other_tenant_service_not_offered, 14)
DIALOG(other_tenant_sees_own, 15)
DIALOG(human_message, 16)
DIALOG(human_transfer, 17)
DIALOG(change_at_confirmation, 18)
DIALOG(goodbye_clears_flow, 19)
DIALOG(name_and_interruption, 20)

UTEST(brain_rules, table_is_complete)
{
	cr_assert_eq(sizeof(dialogs) / sizeof(dialogs[0]), 21, "add a DIALOG line for each dialog");
}

/* Whatever the text, a reply and no crash; state that is not ours is kept. */
UTEST(brain_rules, odd_input)
{
	static const char *const texts[] = {"", "   ", "?", "\xff\xfe\x01", "1", "yes", "no",
	    "12:99", "book book book book", "cancel", "reschedule to 99/99"};

	fx_open(&F, 0);
	json_object_object_add(F.state, "llm", json_object_new_string("kept"));
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *reply = NULL;
		err_detail d = {0};

		F.c.text = texts[i];
		cr_assert_eq(brain_rules(&F.c, NULL, &reply, &d), OK, "%s", texts[i]);
		cr_assert_gt(strlen(reply), 0);
		free(reply);
	}
	cr_assert_str_eq(get(F.state, "llm"), "kept");
	/* a state another version wrote, with wrong types, is survived */
	json_object_object_add(F.state, "rules", json_tokener_parse("{\"intent\": 5, \"await\": "
	    "\"slot\", \"offered\": \"x\", \"service_id\": \"nope\"}"));
	{
		char *reply = NULL;
		err_detail d = {0};

		F.c.text = "2";
		cr_assert_eq(brain_rules(&F.c, NULL, &reply, &d), OK);
		free(reply);
	}
}
