/* lib/actions.c: every action's happy path and bad inputs, against SQLite
 * and (FD_TEST_PG_URL) PostgreSQL: unknown service, a taken slot with
 * alternatives, unknown phone, missing fields, another tenant's ids (an
 * error, never its data); the tools array; labels and phone numbers. */
#include "agent_fixture.h"
#include "../../lib/actions.h"

static agent_fx F;
static void fini(void);
TestSuite(actions, .fini = fini);

static void
fini(void)
{
	fx_close(&F);
}

/* Run an action with arguments given as JSON text. */
static json_object *
run(const char *name, const char *args_json)
{
	json_object *a = args_json ? json_tokener_parse(args_json) : NULL, *r;

	if (args_json)
		cr_assert_not_null(a, "bad test JSON %s", args_json);
	r = act_run(&F.c, name, a);
	json_object_put(a);
	cr_assert_not_null(r);
	return r;
}

static const char *
str(json_object *o, const char *path)
{
	/* "a.b.0.c": objects by key, arrays by index */
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_object_is_type(o, json_type_array) ? json_object_array_get_idx(o,
		    (size_t)atoi(k)) : json_object_object_get(o, k);
	return o ? json_object_get_string(o) : NULL;
}

static void
assert_error(json_object *r, const char *code, const char *field)
{
	cr_assert_not_null(str(r, "error"), "expected an error: %s", json_object_to_json_string(r));
	cr_assert_str_eq(str(r, "code"), code, "%s", json_object_to_json_string(r));
	if (field)
		cr_assert_str_eq(str(r, "field") ? str(r, "field") : "", field, "%s",
		    json_object_to_json_string(r));
}

static void
assert_ok(json_object *r)
{
	cr_assert_null(json_object_object_get(r, "error"), "%s", json_object_to_json_string(r));
}

static int
count(const char *sql, const char *a, const char *b)
{
	char v[32];

	fx_query1(&F, v, sizeof(v), sql, b ? "ss" : "s", a, b);
	return atoi(v);
}

/* ---- checks on both backends ---- */

static void
check_list_services(int pg)
{
	json_object *r;

	fx_open(&F, pg);
	r = run("list_services", NULL);
	assert_ok(r);
	cr_assert_eq(json_object_array_length(json_object_object_get(r, "services")), 2,
	    "active services of this tenant only: %s", json_object_to_json_string(r));
	cr_assert_str_eq(str(r, "services.0.name"), "Color");
	cr_assert_str_eq(str(r, "services.1.name"), "Haircut");
	cr_assert_str_eq(str(r, "services.1.price_text"), "$30.00");
	cr_assert_str_eq(str(r, "services.1.id"), F.haircut);
	cr_assert_str_eq(str(r, "services.1.description"), "Wash, cut and style");
	cr_assert_str_eq(str(r, "services.0.duration_min"), "90");
	cr_assert_null(strstr(json_object_to_json_string(r), "Massage"));
	cr_assert_null(strstr(json_object_to_json_string(r), "Perm"));
	json_object_put(r);
}

static void
check_availability(int pg)
{
	json_object *r;
	const char *js;

	fx_open(&F, pg);
	/* a free time: offered first */
	r = run("check_availability", "{\"service\": \"haircut\", \"when\": \"tomorrow at 3pm\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "service_id"), F.haircut);
	cr_assert_str_eq(str(r, "timezone"), "America/Chicago");
	cr_assert_str_eq(str(r, "slots.0.start"), "2026-04-15T20:00:00Z");
	cr_assert_str_eq(str(r, "slots.0.start_local"), "2026-04-15T15:00:00-05:00");
	cr_assert_str_eq(str(r, "slots.0.label"), "Wednesday, April 15 at 3:00 PM");
	cr_assert(json_object_get_boolean(json_object_object_get(r, "requested_free")));
	cr_assert_eq(json_object_array_length(json_object_object_get(r, "slots")), 3);
	json_object_put(r);

	/* taken: the nearest free ones, not the taken one */
	fx_book(&F, F.tid, F.haircut, "2026-04-15T20:00:00Z", "Ann", "+13125550111", NULL);
	r = run("check_availability", "{\"service\": \"Haircut\", \"when\": \"2026-04-15T15:00\"}");
	assert_ok(r);
	js = json_object_to_json_string(r);
	cr_assert_not(json_object_get_boolean(json_object_object_get(r, "requested_free")), "%s", js);
	cr_assert_null(strstr(js, "\"start\":\"2026-04-15T20:00:00Z\""), "%s", js);
	cr_assert_str_eq(str(r, "slots.0.start"), "2026-04-15T19:30:00Z", "%s", js);
	cr_assert_str_eq(str(r, "slots.1.start"), "2026-04-15T20:30:00Z", "%s", js);
	json_object_put(r);

	/* a day: the first free ones in it; "next Tuesday morning" */
	r = run("check_availability", "{\"service\": \"haircut\", \"when\": \"next Tuesday morning\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "slots.0.start_local"), "2026-04-21T09:00:00-05:00");
	cr_assert_str_eq(str(r, "slots.1.start_local"), "2026-04-21T09:15:00-05:00");
	cr_assert_str_eq(str(r, "slots.2.start_local"), "2026-04-21T09:30:00-05:00");
	cr_assert(json_object_get_boolean(json_object_object_get(r, "exact")));
	json_object_put(r);

	/* a closed day: the search continues, exact false */
	r = run("check_availability", "{\"service\": \"Color\", \"date\": \"2026-04-19\", "
	    "\"limit\": 2}");
	assert_ok(r);
	cr_assert_not(json_object_get_boolean(json_object_object_get(r, "exact")));
	cr_assert_str_eq(str(r, "slots.0.start_local"), "2026-04-20T09:00:00-05:00");
	cr_assert_eq(json_object_array_length(json_object_object_get(r, "slots")), 2);
	json_object_put(r);

	/* from/to; nothing given searches from now (notice: 10:00 the earliest) */
	r = run("check_availability", "{\"service\": \"Haircut\", \"from\": \"2026-04-16T16:00\", "
	    "\"to\": \"2026-04-16T17:00\", \"limit\": 20}");
	assert_ok(r);
	cr_assert_eq(json_object_array_length(json_object_object_get(r, "slots")), 3, "%s",
	    json_object_to_json_string(r));
	json_object_put(r);
	r = run("check_availability", "{\"service\": \"Haircut\"}");
	cr_assert_str_eq(str(r, "slots.0.start_local"), "2026-04-14T10:00:00-05:00");
	json_object_put(r);

	/* bad inputs */
	r = run("check_availability", "{\"service\": \"Massage\"}");
	assert_error(r, "not_found", "service");
	cr_assert_null(strstr(json_object_to_json_string(r), F.massage));
	json_object_put(r);
	{
		char args[128];

		snprintf(args, sizeof(args), "{\"service_id\": \"%s\"}", F.massage);
		r = run("check_availability", args);
		assert_error(r, "not_found", "service_id");
		json_object_put(r);
		snprintf(args, sizeof(args), "{\"service_id\": \"%s\"}", F.perm);
		r = run("check_availability", args);
		assert_error(r, "unprocessable", "service_id");
		json_object_put(r);
	}
	r = run("check_availability", "{\"service\": \"Perm\"}");
	assert_error(r, "not_found", "service");
	json_object_put(r);
	r = run("check_availability", "{\"when\": \"tomorrow\"}");
	assert_error(r, "validation_failed", "service");
	json_object_put(r);
	r = run("check_availability", "{\"service\": \"Haircut\", \"when\": \"whenever works\"}");
	assert_error(r, "validation_failed", "when");
	json_object_put(r);
	r = run("check_availability", "{\"service\": \"Haircut\", \"date\": \"2026-02-30\"}");
	assert_error(r, "validation_failed", "date");
	json_object_put(r);
	r = run("check_availability", "{\"service\": \"Haircut\", \"from\": \"2026-04-16T16:00\", "
	    "\"to\": \"2026-04-16T15:00\"}");
	assert_error(r, "validation_failed", "to");
	json_object_put(r);
}

static void
check_book(int pg)
{
	json_object *r;
	char v[64], args[256];

	fx_open(&F, pg);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-15T15:00\", "
	    "\"name\": \"Pat\", \"phone\": \"(312) 555-0100\", \"notes\": \"first visit\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.starts_at"), "2026-04-15T20:00:00Z");
	cr_assert_str_eq(str(r, "appointment.source"), "chat", "web books as chat");
	cr_assert_str_eq(str(r, "appointment.customer_phone"), "+13125550100");
	cr_assert_str_eq(str(r, "appointment.service_id"), F.haircut);
	cr_assert_str_eq(str(r, "label"), "Wednesday, April 15 at 3:00 PM");
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT c.name FROM appointments a JOIN customers c ON "
	    "c.id = a.customer_id WHERE a.tenant_id = ? AND a.starts_at = ?", "ss", F.tid,
	    "2026-04-15T20:00:00Z");
	cr_assert_str_eq(v, "Pat");

	/* the same slot again: taken, with the nearest free ones */
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": "
	    "\"2026-04-15T20:00:00Z\", \"name\": \"Lee\", \"phone\": \"+1 312 555 0199\"}");
	assert_error(r, "conflict", "starts_at");
	cr_assert_geq(json_object_array_length(json_object_object_get(r, "alternatives")), 1);
	cr_assert_str_eq(str(r, "alternatives.0.start"), "2026-04-15T19:30:00Z", "%s",
	    json_object_to_json_string(r));
	json_object_put(r);
	cr_assert_eq(count("SELECT COUNT(*) FROM customers WHERE tenant_id = ? AND phone = ?",
	    F.tid, "+13125550199"), 0, "a refused booking leaves no customer");

	/* closed on Sunday: not open, alternatives on Monday */
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-19T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}");
	assert_error(r, "unprocessable", "starts_at");
	cr_assert(strstr(str(r, "error"), "not open"));
	cr_assert_str_eq(str(r, "alternatives.0.start_local"), "2026-04-20T09:00:00-05:00");
	json_object_put(r);
	/* past; too soon */
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-13T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}");
	assert_error(r, "unprocessable", "starts_at");
	cr_assert(strstr(str(r, "error"), "passed"));
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-14T09:30\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}");
	assert_error(r, "unprocessable", "starts_at");
	cr_assert(strstr(str(r, "error"), "notice"));
	json_object_put(r);

	/* missing and malformed fields */
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"phone\": \"3125550199\"}");
	assert_error(r, "validation_failed", "name");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"name\": \"Lee\"}");
	assert_error(r, "validation_failed", "phone");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"call me\"}");
	assert_error(r, "validation_failed", "phone");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"name\": \"Lee\", \"phone\": "
	    "\"3125550199\"}");
	assert_error(r, "validation_failed", "starts_at");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"soonish\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}");
	assert_error(r, "validation_failed", "starts_at");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"Haircut\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\", \"email\": \"not-an-email\"}");
	assert_error(r, "validation_failed", "email");
	json_object_put(r);
	r = run("book_appointment", NULL);
	assert_error(r, "validation_failed", "service");
	json_object_put(r);

	/* another tenant's service: unknown here, never booked */
	snprintf(args, sizeof(args), "{\"service_id\": \"%s\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}", F.massage);
	r = run("book_appointment", args);
	assert_error(r, "not_found", "service_id");
	json_object_put(r);
	r = run("book_appointment", "{\"service\": \"massage\", \"starts_at\": \"2026-04-16T11:00\", "
	    "\"name\": \"Lee\", \"phone\": \"3125550199\"}");
	assert_error(r, "not_found", "service");
	cr_assert(strstr(str(r, "error"), "Haircut"), "names this tenant's services: %s",
	    str(r, "error"));
	json_object_put(r);
	cr_assert_eq(count("SELECT COUNT(*) FROM appointments WHERE tenant_id = ?", F.tid2, NULL), 0);

	/* the channel is the source where appointments allow it */
	F.c.channel = "sms";
	r = run("book_appointment", "{\"service\": \"Color\", \"starts_at\": \"2026-04-16T09:00\", "
	    "\"name\": \"Sam\", \"phone\": \"+44 20 7946 0958\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.source"), "sms");
	cr_assert_str_eq(str(r, "appointment.customer_phone"), "+442079460958");
	json_object_put(r);
	F.c.channel = "whatsapp";
	r = run("book_appointment", "{\"service\": \"Color\", \"starts_at\": \"2026-04-17T09:00\", "
	    "\"name\": \"Sam\", \"phone\": \"+442079460958\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.source"), "chat");
	json_object_put(r);
}

static void
check_cancel_reschedule(int pg)
{
	json_object *r;
	char id[40], other[40], v[64], args[256];

	fx_open(&F, pg);
	fx_book(&F, F.tid, F.haircut, "2026-04-16T15:00:00Z", "Pat", "+13125550100", id);
	fx_book(&F, F.tid, F.haircut, "2026-04-17T15:00:00Z", "Pat", "+13125550100", NULL);
	/* tenant B has a customer with the same number */
	fx_book(&F, F.tid2, F.massage, "2026-04-16T15:00:00Z", "Pat B", "+13125550100", other);

	/* reschedule the next one (the 16th) */
	r = run("reschedule_appointment", "{\"phone\": \"312.555.0100\", \"starts_at\": "
	    "\"2026-04-16T13:00\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.id"), id);
	cr_assert_str_eq(str(r, "appointment.starts_at"), "2026-04-16T18:00:00Z");
	cr_assert_str_eq(str(r, "label"), "Thursday, April 16 at 1:00 PM");
	json_object_put(r);
	/* onto the other booking: taken, alternatives */
	r = run("reschedule_appointment", "{\"phone\": \"3125550100\", \"starts_at\": "
	    "\"2026-04-17T10:00\"}");
	assert_error(r, "conflict", "starts_at");
	cr_assert_not_null(json_object_object_get(r, "alternatives"));
	json_object_put(r);
	r = run("reschedule_appointment", "{\"phone\": \"3125550100\"}");
	assert_error(r, "validation_failed", "starts_at");
	json_object_put(r);
	r = run("reschedule_appointment", "{\"phone\": \"3125559999\", \"starts_at\": "
	    "\"2026-04-16T13:00\"}");
	assert_error(r, "not_found", "phone");
	json_object_put(r);

	/* cancel: the next one; unknown phone; missing phone; another tenant's id */
	snprintf(args, sizeof(args), "{\"phone\": \"3125550100\", \"appointment_id\": \"%s\"}", other);
	r = run("cancel_appointment", args);
	assert_error(r, "not_found", "appointment_id");
	cr_assert_null(strstr(json_object_to_json_string(r), "Pat B"));
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT status FROM appointments WHERE id = ?", "s", other, NULL);
	cr_assert_str_eq(v, "booked", "another tenant's appointment is untouched");
	r = run("cancel_appointment", "{\"phone\": \"3125559999\"}");
	assert_error(r, "not_found", "phone");
	json_object_put(r);
	r = run("cancel_appointment", "{}");
	assert_error(r, "validation_failed", "phone");
	json_object_put(r);
	r = run("cancel_appointment", "{\"phone\": \"3125550100\", \"appointment_id\": \"nope\"}");
	assert_error(r, "not_found", "appointment_id");
	json_object_put(r);
	r = run("cancel_appointment", "{\"phone\": \"(312) 555-0100\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.id"), id);
	cr_assert_str_eq(str(r, "appointment.status"), "cancelled");
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT status FROM appointments WHERE id = ?", "s", id, NULL);
	cr_assert_str_eq(v, "cancelled");
	/* then the next is the 17th; after it, nothing */
	r = run("cancel_appointment", "{\"phone\": \"3125550100\"}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "appointment.starts_at"), "2026-04-17T15:00:00Z");
	json_object_put(r);
	r = run("cancel_appointment", "{\"phone\": \"3125550100\"}");
	assert_error(r, "not_found", "phone");
	json_object_put(r);
}

static void
check_messages(int pg)
{
	json_object *r;
	char v[512];

	fx_open(&F, pg);
	r = run("search_knowledge", "{\"query\": \"Is there parking?\"}");
	assert_ok(r);
	cr_assert(strstr(str(r, "passages.0.text"), "Elm Street"));
	json_object_put(r);
	r = run("search_knowledge", "{\"query\": \"surfboards\"}");
	cr_assert_eq(json_object_array_length(json_object_object_get(r, "passages")), 0);
	json_object_put(r);
	r = run("search_knowledge", "{}");
	assert_error(r, "validation_failed", "query");
	json_object_put(r);

	r = run("take_message", "{\"message\": \"Please call me about a wedding booking\", "
	    "\"name\": \"Pat\", \"phone\": \"312-555-0100\"}");
	assert_ok(r);
	cr_assert(json_object_get_boolean(json_object_object_get(r, "taken")));
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT status FROM conversations WHERE tenant_id = ? AND id = ?",
	    "ss", F.tid, F.conv);
	cr_assert_str_eq(v, "needs_attention");
	fx_query1(&F, v, sizeof(v), "SELECT tags FROM conversations WHERE tenant_id = ? AND id = ?",
	    "ss", F.tid, F.conv);
	cr_assert_str_eq(v, "[\"message\"]");
	fx_query1(&F, v, sizeof(v), "SELECT content FROM messages WHERE tenant_id = ? AND "
	    "conversation_id = ? AND role = 'system'", "ss", F.tid, F.conv);
	cr_assert_str_eq(v, "Message: Please call me about a wedding booking\nFrom: Pat\n"
	    "Phone: +13125550100");
	/* a second message: one tag, two rows */
	r = run("take_message", "{\"message\": \"Also: parking?\"}");
	assert_ok(r);
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT tags FROM conversations WHERE id = ?", "s", F.conv, NULL);
	cr_assert_str_eq(v, "[\"message\"]");
	cr_assert_eq(count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", F.conv, NULL), 2);

	r = run("take_message", "{\"message\": \"   \"}");
	assert_error(r, "validation_failed", "message");
	json_object_put(r);
	/* another tenant's conversation: refused, untouched */
	F.c.conversation_id = F.conv2;
	r = run("take_message", "{\"message\": \"hello\"}");
	assert_error(r, "not_found", NULL);
	json_object_put(r);
	r = run("transfer_to_human", NULL);
	assert_error(r, "not_found", NULL);
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT status FROM conversations WHERE id = ?", "s", F.conv2,
	    NULL);
	cr_assert_str_eq(v, "open");
	cr_assert_eq(count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", F.conv2, NULL),
	    0);
	F.c.conversation_id = "";
	r = run("take_message", "{\"message\": \"hello\"}");
	assert_error(r, "not_found", NULL);
	json_object_put(r);
	F.c.conversation_id = F.conv;

	/* transfer: on the web a message; on a call with a forwarding number the number */
	r = run("transfer_to_human", "{\"reason\": \"billing question\"}");
	assert_ok(r);
	cr_assert(json_object_get_boolean(json_object_object_get(r, "message_taken")));
	cr_assert_null(json_object_object_get(r, "forwarding_phone"));
	json_object_put(r);
	cr_assert_eq(count("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND "
	    "content = ?", F.conv, "Asked to talk to a person: billing question"), 1);
	F.c.channel = "phone";
	F.c.forwarding_phone = "+13125550000";
	r = run("transfer_to_human", "{}");
	assert_ok(r);
	cr_assert_str_eq(str(r, "forwarding_phone"), "+13125550000");
	cr_assert_not(json_object_get_boolean(json_object_object_get(r, "message_taken")));
	json_object_put(r);
	fx_query1(&F, v, sizeof(v), "SELECT tags FROM conversations WHERE id = ?", "s", F.conv, NULL);
	cr_assert_str_eq(v, "[\"message\",\"human\"]");
}

UTEST(actions, sqlite_list_services) { check_list_services(0); }
UTEST(actions, sqlite_availability) { check_availability(0); }
UTEST(actions, sqlite_book) { check_book(0); }
UTEST(actions, sqlite_cancel_reschedule) { check_cancel_reschedule(0); }
UTEST(actions, sqlite_messages) { check_messages(0); }
UTEST(actions, pg_list_services) { check_list_services(1); }
UTEST(actions, pg_availability) { check_availability(1); }
UTEST(actions, pg_book) { check_book(1); }
UTEST(actions, pg_cancel_reschedule) { check_cancel_reschedule(1); }
UTEST(actions, pg_messages) { check_messages(1); }

/* ---- no database ---- */

UTEST(actions, tools_match_actions)
{
	json_object *t = act_tools();
	static const char *const names[] = {"list_services", "check_availability",
	    "book_appointment", "cancel_appointment", "reschedule_appointment", "search_knowledge",
	    "transfer_to_human", "take_message"};

	cr_assert_eq(json_object_array_length(t), 8);
	for (size_t i = 0; i < json_object_array_length(t); i++) {
		json_object *f = json_object_object_get(json_object_array_get_idx(t, i), "function");

		cr_assert_str_eq(str(json_object_array_get_idx(t, i), "type"), "function");
		cr_assert_str_eq(json_object_get_string(json_object_object_get(f, "name")), names[i]);
		cr_assert(act_exists(names[i]));
		cr_assert_str_eq(str(f, "parameters.type"), "object");
		cr_assert_not_null(str(f, "description"));
	}
	cr_assert_not(act_exists("drop_tables"));
	cr_assert_not(act_exists(NULL));
	json_object_put(t);
	/* a fresh copy each time: the caller may change it */
	t = act_tools();
	cr_assert_eq(json_object_array_length(t), 8);
	json_object_put(t);
}

UTEST(actions, unknown_action)
{
	brain_ctx c = {0};
	json_object *r = act_run(&c, "drop_tables", NULL);

	assert_error(r, "not_found", "name");
	json_object_put(r);
	r = act_run(&c, NULL, NULL);
	assert_error(r, "not_found", "name");
	json_object_put(r);
}

UTEST(actions, label)
{
	char b[64];
	const tz_t *chi = tz_get("America/Chicago");

	act_label(chi, fx_time("2026-03-05T16:30:00Z"), b, sizeof(b));
	cr_assert_str_eq(b, "Thursday, March 5 at 10:30 AM");
	act_label(chi, fx_time("2026-07-04T05:00:00Z"), b, sizeof(b));
	cr_assert_str_eq(b, "Saturday, July 4 at 12:00 AM");
	act_label(chi, fx_time("2026-07-04T17:05:00Z"), b, sizeof(b));
	cr_assert_str_eq(b, "Saturday, July 4 at 12:05 PM");
	act_label(tz_get("UTC"), fx_time("2026-12-31T23:59:00Z"), b, sizeof(b));
	cr_assert_str_eq(b, "Thursday, December 31 at 11:59 PM");
}

UTEST(actions, phone_numbers)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{"(312) 555-0100", "+13125550100"}, {"312.555.0100", "+13125550100"},
		{"312 555 0100", "+13125550100"}, {"1-312-555-0100", "+13125550100"},
		{"+1 312 555 0100", "+13125550100"}, {"+44 20 7946 0958", "+442079460958"},
		{"0044 20 7946 0958", "+442079460958"}, {"3125550100", "+13125550100"},
	};
	static const char *const bad[] = {"", "555-0100", "call me", "+0123456789", "12",
	    "0123456789", "++13125550100", "312555010012345678901234", "312-555-0100 ext 4"};
	char e[17];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cr_assert(act_phone(ok[i].in, e), "%s", ok[i].in);
		cr_assert_str_eq(e, ok[i].out, "%s", ok[i].in);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not(act_phone(bad[i], e), "%s", bad[i]);
	cr_assert_not(act_phone(NULL, e));
}
