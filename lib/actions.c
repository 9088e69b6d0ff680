/* The agent's actions (see actions.h): thin adapters from JSON arguments to
 * the lib functions the API uses, answering results a brain can read out.
 * Every query filters by the brain context's tenant; ids of another tenant
 * answer exactly as unknown ones do. Availability and appointments are in
 * act_book.c; the table, services, knowledge and messages here. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act_internal.h"
#include "actions.h"
#include "crud.h"
#include "knowledge.h"
#include "limits.h"
#include "log.h"
#include "schedule.h"
#include "templates.h"
#include "uuid.h"
#include "valid.h"

#define ACT_MSG_MAX 5000        /* take_message text, bytes */

typedef json_object *(*act_fn)(brain_ctx *c, json_object *args);

/* ---- small helpers ---- */

/* {"error": msg, "code": code, "field"?: field} */
json_object *
act_error(fd_err code, const char *field, const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	json_object_object_add(o, "code", json_object_new_string(err_code(code)));
	if (field && *field)
		json_object_object_add(o, "field", json_object_new_string(field));
	return o;
}

json_object *
act_internal_error(void)
{
	return act_error(ERR_INTERNAL, NULL,
	    "Sorry, something went wrong on our side. Please try again in a moment.");
}

/* A string argument, or NULL when absent, null, another type or blank. */
const char *
act_arg_str(json_object *args, const char *key)
{
	json_object *v = NULL;
	const char *s;

	if (!json_object_object_get_ex(args, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	for (const char *p = s; *p; p++)
		if (!isspace((unsigned char)*p))
			return s;
	return NULL;
}

int
act_arg_int(json_object *args, const char *key, int def)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(args, key, &v))
		return def;
	if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
		return (int)json_object_get_int(v);
	if (json_object_is_type(v, json_type_string))
		return atoi(json_object_get_string(v));
	return def;
}

static const char *const act_wdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday"};
static const char *const act_months[] = {"January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December"};

void
act_label(const tz_t *tz, int64_t t, char *out, size_t len)
{
	struct tm lt;
	int h;

	tz_to_local(tz, t, &lt);
	h = lt.tm_hour % 12 ? lt.tm_hour % 12 : 12;
	snprintf(out, len, "%s, %s %d at %d:%02d %s", act_wdays[lt.tm_wday % 7],
	    act_months[lt.tm_mon % 12], lt.tm_mday, h, lt.tm_min, lt.tm_hour < 12 ? "AM" : "PM");
}

int
act_phone(const char *in, char out[17])
{
	char d[24], e[26];
	size_t n = 0;
	int plus = 0;

	if (in == NULL)
		return 0;
	for (const char *p = in; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (isdigit(ch)) {
			if (n + 1 >= sizeof(d))
				return 0;
			d[n++] = (char)ch;
		} else if (ch == '+' && n == 0 && !plus)
			plus = 1;
		else if (!strchr(" -.()/\t", ch))
			return 0;
	}
	d[n] = '\0';
	if (!plus) {
		if (n == 10 && d[0] >= '2') {          /* US/Canada without the country code */
			memmove(d + 1, d, n + 1);
			d[0] = '1';
		} else if (n > 2 && d[0] == '0' && d[1] == '0') /* 00 international prefix */
			memmove(d, d + 2, n - 1);
		else if (!(n == 11 && d[0] == '1'))
			return 0;
	}
	snprintf(e, sizeof(e), "+%s", d);
	return valid_e164(e, out);
}

/* The RFC 3339 UTC text of a stored time, back to an instant. */
int64_t
act_utc(const char *s)
{
	int64_t t = 0;
	int naive;

	if (s == NULL || tz_parse_time(s, tz_get("UTC"), &t, &naive) < 0)
		return 0;
	return t;
}

/* {"start", "start_local", "label"} for instant t. */
json_object *
act_slot(brain_ctx *c, int64_t t)
{
	json_object *o = json_object_new_object();
	char buf[64];

	tz_format_utc(t, buf, sizeof(buf));
	json_object_object_add(o, "start", json_object_new_string(buf));
	tz_format_local(c->tz, t, buf, sizeof(buf));
	json_object_object_add(o, "start_local", json_object_new_string(buf));
	act_label(c->tz, t, buf, sizeof(buf));
	json_object_object_add(o, "label", json_object_new_string(buf));
	return o;
}

/* Add "label" (and the local time) of the appointment's start to a result. */
json_object *
act_appt_result(brain_ctx *c, json_object *appt)
{
	json_object *o = json_object_new_object();
	char label[64];

	act_label(c->tz, act_utc(json_object_get_string(json_object_object_get(appt,
	    "starts_at"))), label, sizeof(label));
	json_object_object_add(o, "appointment", appt);
	json_object_object_add(o, "label", json_object_new_string(label));
	return o;
}

/* Local midnight starting the day of t, and the next one. */
void
act_local_day(const tz_t *tz, int64_t t, int64_t *from, int64_t *to)
{
	struct tm lt;
	int y, m, d;
	int64_t day;

	tz_to_local(tz, t, &lt);
	day = tz_days_from_civil(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	if (tz_from_local(tz, lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, 0, 0, 0, from) == TZ_GAP)
		tz_from_local(tz, lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, 1, 0, 0, from);
	tz_civil_from_days(day + 1, &y, &m, &d);
	if (tz_from_local(tz, y, m, d, 0, 0, 0, to) == TZ_GAP)
		tz_from_local(tz, y, m, d, 1, 0, 0, to);
}

/* ---- services ---- */

#define SERVICE_SELECT "SELECT id, name, duration_min, price, currency, description " \
	"FROM services WHERE tenant_id = ? AND active = ? ORDER BY name, id"

/* "$30.00" for 3000 minor units of USD; "3000 JPY" style for others. */
static void
price_text(int64_t minor, const char *cur, char *out, size_t len)
{
	static const struct {
		const char *code, *sym;
		int decimals;
	} cs[] = {
		{"USD", "$", 2}, {"CAD", "CA$", 2}, {"AUD", "A$", 2}, {"NZD", "NZ$", 2},
		{"EUR", "\xe2\x82\xac", 2}, {"GBP", "\xc2\xa3", 2}, {"MXN", "MX$", 2},
		{"JPY", "\xc2\xa5", 0}, {"KRW", "\xe2\x82\xa9", 0},
	};

	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
		if (strcmp(cs[i].code, cur) == 0) {
			if (cs[i].decimals == 0)
				snprintf(out, len, "%s%lld", cs[i].sym, (long long)minor);
			else
				snprintf(out, len, "%s%lld.%02lld", cs[i].sym, (long long)(minor / 100),
				    (long long)(minor % 100));
			return;
		}
	snprintf(out, len, "%lld.%02lld %s", (long long)(minor / 100), (long long)(minor % 100), cur);
}

/* The tenant's active services as list_services answers them; NULL on a
 * database error. */
static json_object *
services_list(brain_ctx *c)
{
	db_stmt *st = db_queryf(c->db, SERVICE_SELECT, "sb", c->tenant_id, 1);
	json_object *arr;
	int rc;

	if (st == NULL) {
		crud_db_failed(c->db, "actions", NULL);
		return NULL;
	}
	arr = json_object_new_array();
	while ((rc = db_step(st)) == DB_ROW) {
		json_object *o = json_object_new_object();
		const char *cur = db_col_text(st, 4) ? db_col_text(st, 4) : "USD";
		char pt[48];

		price_text(db_col_int(st, 3), cur, pt, sizeof(pt));
		json_object_object_add(o, "id", json_object_new_string(db_col_text(st, 0)));
		json_object_object_add(o, "name", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(o, "duration_min", json_object_new_int64(db_col_int(st, 2)));
		json_object_object_add(o, "price", json_object_new_int64(db_col_int(st, 3)));
		json_object_object_add(o, "currency", json_object_new_string(cur));
		json_object_object_add(o, "price_text", json_object_new_string(pt));
		json_object_object_add(o, "description",
		    json_object_new_string(db_col_text(st, 5) ? db_col_text(st, 5) : ""));
		json_object_array_add(arr, o);
	}
	db_finalize(st);
	if (rc < 0) {
		crud_db_failed(c->db, "actions", NULL);
		json_object_put(arr);
		return NULL;
	}
	return arr;
}

static json_object *
do_list_services(brain_ctx *c, json_object *args)
{
	json_object *arr = services_list(c), *o;

	(void)args;
	if (arr == NULL)
		return act_internal_error();
	o = json_object_new_object();
	json_object_object_add(o, "services", arr);
	return o;
}

/* ASCII case-insensitive substring test. */
static int
ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* Pick the service of args ("service_id" or "service" by name): id and name
 * filled, NULL returned; else an error result. Only this tenant's active
 * services are candidates. */
json_object *
act_resolve_service(brain_ctx *c, json_object *args, char id[40], char *name, size_t namelen)
{
	const char *sid = act_arg_str(args, "service_id"), *q = act_arg_str(args, "service");
	json_object *all, *hit = NULL;
	int dur, buf, active, nhit = 0;
	err_detail d = {0};
	char msg[512];
	fd_err e;

	if (sid) {
		e = sched_service(c->db, c->tenant_id, sid, &dur, &buf, &active, name, namelen, &d);
		if (e == ERR_NOT_FOUND)
			return act_error(ERR_NOT_FOUND, "service_id", "I couldn't find that service.");
		if (e != OK)
			return act_internal_error();
		if (!active)
			return act_error(ERR_UNPROCESSABLE, "service_id",
			    "That service can't be booked at the moment.");
		snprintf(id, 40, "%s", sid);
		return NULL;
	}
	if ((all = services_list(c)) == NULL)
		return act_internal_error();
	if (q == NULL) {
		if (json_object_array_length(all) == 1)
			hit = json_object_array_get_idx(all, 0), nhit = 1;
		else {
			json_object_put(all);
			return act_error(ERR_VALIDATION, "service", "Which service would you like?");
		}
	}
	/* exact name first, then a partial match either way round */
	for (size_t i = 0; q && nhit == 0 && i < json_object_array_length(all); i++) {
		json_object *s = json_object_array_get_idx(all, i);

		if (strcasecmp(json_object_get_string(json_object_object_get(s, "name")), q) == 0)
			hit = s, nhit = 1;
	}
	for (size_t i = 0; q && !hit && i < json_object_array_length(all); i++) {
		json_object *s = json_object_array_get_idx(all, i);
		const char *n = json_object_get_string(json_object_object_get(s, "name"));

		if (ci_contains(n, q) || ci_contains(q, n)) {
			nhit++;
			if (nhit == 1)
				hit = s;
		}
	}
	if (nhit == 1) {
		snprintf(id, 40, "%s", json_object_get_string(json_object_object_get(hit, "id")));
		snprintf(name, namelen, "%s", json_object_get_string(json_object_object_get(hit, "name")));
		json_object_put(all);
		return NULL;
	}
	snprintf(msg, sizeof(msg), "%s", nhit > 1 ? "That could be more than one service: which one "
	    "would you like?" : "I couldn't find that service.");
	if (nhit == 0 && json_object_array_length(all) > 0) {
		size_t k = strlen(msg);

		k += (size_t)snprintf(msg + k, sizeof(msg) - k, " We offer ");
		for (size_t i = 0; i < json_object_array_length(all) && k < sizeof(msg); i++)
			k += (size_t)snprintf(msg + k, sizeof(msg) - k, "%s%s", i ? ", " : "",
			    json_object_get_string(json_object_object_get(json_object_array_get_idx(all, i),
			    "name")));
		if (k < sizeof(msg))
			snprintf(msg + k, sizeof(msg) - k, ".");
	}
	json_object_put(all);
	return act_error(nhit > 1 ? ERR_VALIDATION : ERR_NOT_FOUND, "service", msg);
}

/* ---- knowledge ---- */

static json_object *
do_search_knowledge(brain_ctx *c, json_object *args)
{
	const char *q = act_arg_str(args, "query");
	json_object *o;

	if (q == NULL)
		return act_error(ERR_VALIDATION, "query", "What would you like to know?");
	o = json_object_new_object();
	json_object_object_add(o, "passages",
	    kb_search(c->knowledge_base ? c->knowledge_base : "", q, act_arg_int(args, "limit", 3)));
	return o;
}

/* ---- people ---- */

/* Mark the conversation needs_attention, add tag, and (note != NULL) keep
 * note as a system message. One transaction; the status update comes first
 * so that PostgreSQL holds the row lock while the tags are rewritten. */
static fd_err
conv_flag(brain_ctx *c, const char *tag, const char *note, err_detail *d)
{
	json_object *tags = NULL;
	db_stmt *st = NULL;
	char now[32], mid[UUID_STR_LEN];
	int rc, changed;
	fd_err e = OK;

	if (c->conversation_id == NULL || !uuid_valid(c->conversation_id))
		return err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
	db_now(now, 0);
	if (db_begin(c->db) != DB_DONE)
		return crud_db_failed(c->db, "actions", d);
	st = db_queryf(c->db, "UPDATE conversations SET status = 'needs_attention', updated_at = ? "
	    "WHERE tenant_id = ? AND id = ?", "sss", now, c->tenant_id, c->conversation_id);
	if (st == NULL || (rc = db_step(st)) != DB_DONE)
		goto dberr;
	changed = db_changes(st);
	db_finalize(st);
	st = NULL;
	if (changed == 0) {
		e = err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
		goto fail;
	}
	st = db_queryf(c->db, "SELECT tags FROM conversations WHERE tenant_id = ? AND id = ?", "ss",
	    c->tenant_id, c->conversation_id);
	if (st == NULL || db_step(st) != DB_ROW)
		goto dberr;
	tags = db_col_text(st, 0) ? json_tokener_parse(db_col_text(st, 0)) : NULL;
	db_finalize(st);
	st = NULL;
	if (!json_object_is_type(tags, json_type_array)) {
		json_object_put(tags);
		tags = json_object_new_array();
	}
	int has = 0;
	for (size_t i = 0; i < json_object_array_length(tags) && !has; i++)
		has = json_object_get_string(json_object_array_get_idx(tags, i)) &&
		    strcmp(json_object_get_string(json_object_array_get_idx(tags, i)), tag) == 0;
	if (!has) {
		json_object_array_add(tags, json_object_new_string(tag));
		if (db_runf(c->db, "UPDATE conversations SET tags = ? WHERE tenant_id = ? AND id = ?",
		    "sss", json_object_to_json_string_ext(tags, JSON_C_TO_STRING_PLAIN), c->tenant_id,
		    c->conversation_id) != DB_DONE)
			goto dberr;
	}
	if (note) {
		if (uuid_v7(mid) < 0) {
			e = err_set(d, ERR_INTERNAL, NULL, "internal error");
			goto fail;
		}
		if (db_runf(c->db, "INSERT INTO messages (id, tenant_id, conversation_id, role, content, "
		    "created_at) VALUES (?, ?, ?, 'system', ?, ?)", "sssss", mid, c->tenant_id,
		    c->conversation_id, note, now) != DB_DONE)
			goto dberr;
	}
	if (db_commit(c->db) != DB_DONE)
		goto dberr;
	json_object_put(tags);
	return OK;
dberr:
	db_finalize(st);
	e = crud_db_failed(c->db, "actions", d);
fail:
	db_rollback(c->db);
	json_object_put(tags);
	return e;
}

static json_object *
do_take_message(brain_ctx *c, json_object *args)
{
	const char *msg = act_arg_str(args, "message"), *name = act_arg_str(args, "name"),
	    *phone = act_arg_str(args, "phone");
	char e164[17], *note = NULL;
	json_object *o;
	err_detail d = {0};
	fd_err e;
	size_t len;

	if (msg == NULL)
		return act_error(ERR_VALIDATION, "message", "What message would you like me to pass on?");
	if (strlen(msg) > ACT_MSG_MAX)
		return act_error(ERR_VALIDATION, "message", "Could you keep the message a bit shorter?");
	if (name && strlen(name) > LIM_FIELD_SHORT)
		name = NULL;
	/* a number that parses is stored normalised; otherwise as given */
	if (phone && act_phone(phone, e164))
		phone = e164;
	else if (phone && strlen(phone) > 40)
		phone = NULL;
	len = strlen(msg) + (name ? strlen(name) : 0) + (phone ? strlen(phone) : 0) + 64;
	if ((note = malloc(len)) == NULL)
		return act_internal_error();
	snprintf(note, len, "Message: %s%s%s%s%s", msg, name ? "\nFrom: " : "", name ? name : "",
	    phone ? "\nPhone: " : "", phone ? phone : "");
	e = conv_flag(c, "message", note, &d);
	free(note);
	if (e == ERR_NOT_FOUND)
		return act_error(ERR_NOT_FOUND, NULL, "Sorry, I couldn't save your message.");
	if (e != OK)
		return act_internal_error();
	o = json_object_new_object();
	json_object_object_add(o, "taken", json_object_new_boolean(1));
	return o;
}

static json_object *
do_transfer(brain_ctx *c, json_object *args)
{
	const char *reason = act_arg_str(args, "reason");
	int forward = c->forwarding_phone && *c->forwarding_phone && c->channel &&
	    strcmp(c->channel, "web") != 0;
	char *note = NULL;
	json_object *o;
	err_detail d = {0};
	fd_err e;
	size_t len;

	if (reason && strlen(reason) > ACT_MSG_MAX)
		reason = NULL;
	if (!forward) {
		len = (reason ? strlen(reason) : 0) + 64;
		if ((note = malloc(len)) == NULL)
			return act_internal_error();
		snprintf(note, len, "Asked to talk to a person%s%s", reason ? ": " : ".",
		    reason ? reason : "");
	}
	e = conv_flag(c, forward ? "human" : "message", note, &d);
	free(note);
	if (e == ERR_NOT_FOUND)
		return act_error(ERR_NOT_FOUND, NULL, "Sorry, I couldn't reach anyone just now.");
	if (e != OK)
		return act_internal_error();
	o = json_object_new_object();
	json_object_object_add(o, "forwarding_phone",
	    forward ? json_object_new_string(c->forwarding_phone) : NULL);
	json_object_object_add(o, "message_taken", json_object_new_boolean(!forward));
	return o;
}

/* ---- the table ---- */

static const struct {
	const char *name;
	act_fn fn;
} act_table[] = {
	{"list_services", do_list_services},
	{"check_availability", act_check_availability},
	{"book_appointment", act_book},
	{"cancel_appointment", act_cancel},
	{"reschedule_appointment", act_reschedule},
	{"search_knowledge", do_search_knowledge},
	{"transfer_to_human", do_transfer},
	{"take_message", do_take_message},
	{NULL, NULL},
};

int
act_exists(const char *name)
{
	for (int i = 0; name && act_table[i].name; i++)
		if (strcmp(act_table[i].name, name) == 0)
			return 1;
	return 0;
}

json_object *
act_run(brain_ctx *c, const char *name, json_object *args)
{
	json_object *empty = NULL, *r = NULL;

	if (args == NULL || !json_object_is_type(args, json_type_object))
		args = empty = json_object_new_object();
	for (int i = 0; name && act_table[i].name; i++)
		if (strcmp(act_table[i].name, name) == 0) {
			r = act_table[i].fn(c, args);
			break;
		}
	if (r == NULL)
		r = act_error(ERR_NOT_FOUND, "name", "Sorry, I can't do that.");
	json_object_put(empty);
	return r;
}

json_object *
act_tools(void)
{
	json_object *t = json_tokener_parse(template_tools_json);

	if (!json_object_is_type(t, json_type_array)) {
		log_msg(LOG_ERROR, NULL, "actions: templates/tools.json is not a JSON array");
		json_object_put(t);
		return json_object_new_array();
	}
	return t;
}
