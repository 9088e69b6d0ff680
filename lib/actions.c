/* The agent's actions (see actions.h): thin adapters from JSON arguments to
 * the lib functions the API uses, answering results a brain can read out.
 * Every query filters by the brain context's tenant; ids of another tenant
 * answer exactly as unknown ones do. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "appointment.h"
#include "config.h"
#include "crud.h"
#include "knowledge.h"
#include "limits.h"
#include "log.h"
#include "nldate.h"
#include "schedule.h"
#include "templates.h"
#include "uuid.h"
#include "valid.h"

#define ACT_SEARCH_DAYS 14      /* how far past the asked range a search continues */
#define ACT_MAX_SLOTS 20
#define ACT_MSG_MAX 5000        /* take_message text, bytes */

typedef json_object *(*act_fn)(brain_ctx *c, json_object *args);

/* ---- small helpers ---- */

/* {"error": msg, "code": code, "field"?: field} */
static json_object *
act_error(fd_err code, const char *field, const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	json_object_object_add(o, "code", json_object_new_string(err_code(code)));
	if (field && *field)
		json_object_object_add(o, "field", json_object_new_string(field));
	return o;
}

static json_object *
internal_error(void)
{
	return act_error(ERR_INTERNAL, NULL,
	    "Sorry, something went wrong on our side. Please try again in a moment.");
}

/* A string argument, or NULL when absent, null, another type or blank. */
static const char *
arg_str(json_object *args, const char *key)
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

static int
arg_int(json_object *args, const char *key, int def)
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
static int64_t
utc_instant(const char *s)
{
	int64_t t = 0;
	int naive;

	if (s == NULL || tz_parse_time(s, tz_get("UTC"), &t, &naive) < 0)
		return 0;
	return t;
}

/* {"start", "start_local", "label"} for instant t. */
static json_object *
slot_object(brain_ctx *c, int64_t t)
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
static json_object *
appt_result(brain_ctx *c, json_object *appt)
{
	json_object *o = json_object_new_object();
	char label[64];

	act_label(c->tz, utc_instant(json_object_get_string(json_object_object_get(appt,
	    "starts_at"))), label, sizeof(label));
	json_object_object_add(o, "appointment", appt);
	json_object_object_add(o, "label", json_object_new_string(label));
	return o;
}

/* Local midnight starting the day of t, and the next one. */
static void
local_day(const tz_t *tz, int64_t t, int64_t *from, int64_t *to)
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
		return internal_error();
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
static json_object *
resolve_service(brain_ctx *c, json_object *args, char id[40], char *name, size_t namelen)
{
	const char *sid = arg_str(args, "service_id"), *q = arg_str(args, "service");
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
			return internal_error();
		if (!active)
			return act_error(ERR_UNPROCESSABLE, "service_id",
			    "That service can't be booked at the moment.");
		snprintf(id, 40, "%s", sid);
		return NULL;
	}
	if ((all = services_list(c)) == NULL)
		return internal_error();
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

/* ---- availability ---- */

/* Free slot starts of the service in [from, to), as instants; *n of them. */
static fd_err
free_starts(brain_ctx *c, const char *sid, int64_t from, int64_t to, int64_t **out, int *n)
{
	json_object *av = NULL, *slots;
	err_detail d = {0};
	fd_err e;
	size_t len;

	*out = NULL;
	*n = 0;
	if (to - from > 92 * 86400)
		to = from + 92 * 86400;
	if (to <= from)
		return OK;
	if ((e = sched_availability(c->db, c->tenant_id, sid, from, to, c->now, &av, &d)) != OK)
		return e;
	slots = json_object_object_get(av, "slots");
	len = json_object_array_length(slots);
	if (len && (*out = malloc(len * sizeof(**out))) == NULL) {
		json_object_put(av);
		return ERR_INTERNAL;
	}
	for (size_t i = 0; i < len; i++)
		(*out)[(*n)++] = utc_instant(json_object_get_string(json_object_object_get(
		    json_object_array_get_idx(slots, i), "start")));
	json_object_put(av);
	return OK;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Up to limit free starts nearest to point: on point's local day first
 * (exact first when free, the rest in time order), else the first ones in
 * the next ACT_SEARCH_DAYS days (*exact = 0). */
static fd_err
slots_near(brain_ctx *c, const char *sid, int64_t point, int limit, json_object *arr,
    int *exact, int *requested_free)
{
	int64_t *s = NULL, from, to, pick[ACT_MAX_SLOTS];
	int n = 0, k = 0;
	fd_err e;

	*exact = 1;
	*requested_free = 0;
	local_day(c->tz, point, &from, &to);
	if ((e = free_starts(c, sid, from, to, &s, &n)) != OK)
		return e;
	/* the nearest limit: grow a window outwards from the first start >= point */
	int hi = 0;
	while (hi < n && s[hi] < point)
		hi++;
	int lo = hi - 1;
	while (k < limit && (lo >= 0 || hi < n)) {
		if (hi < n && (lo < 0 || s[hi] - point <= point - s[lo]))
			pick[k++] = s[hi++];
		else
			pick[k++] = s[lo--];
	}
	free(s);
	if (k == 0) {
		*exact = 0;
		from = point > c->now ? point : c->now;
		if ((e = free_starts(c, sid, from, from + ACT_SEARCH_DAYS * 86400, &s, &n)) != OK)
			return e;
		for (k = 0; k < n && k < limit; k++)
			pick[k] = s[k];
		free(s);
	}
	qsort(pick, (size_t)k, sizeof(pick[0]), cmp_i64);
	for (int i = 0; i < k; i++)
		if (pick[i] == point) {
			*requested_free = 1;
			json_object_array_add(arr, slot_object(c, point));
		}
	for (int i = 0; i < k; i++)
		if (pick[i] != point)
			json_object_array_add(arr, slot_object(c, pick[i]));
	return OK;
}

/* Up to limit first free starts in [from, to), else after it. */
static fd_err
slots_in(brain_ctx *c, const char *sid, int64_t from, int64_t to, int limit, json_object *arr,
    int *exact)
{
	int64_t *s = NULL;
	int n = 0;
	fd_err e;

	*exact = 1;
	if ((e = free_starts(c, sid, from, to, &s, &n)) != OK)
		return e;
	if (n == 0) {
		*exact = 0;
		free(s);
		from = to > c->now ? to : c->now;
		if ((e = free_starts(c, sid, from, from + ACT_SEARCH_DAYS * 86400, &s, &n)) != OK)
			return e;
	}
	for (int i = 0; i < n && i < limit; i++)
		json_object_array_add(arr, slot_object(c, s[i]));
	free(s);
	return OK;
}

/* An argument time: RFC 3339, naive local, or a local date (its midnight,
 * *date_only set). 0, or -1 with an error result in *err. */
static int
arg_time(brain_ctx *c, const char *field, const char *s, int64_t *t, int *date_only,
    json_object **err)
{
	char buf[48];
	int naive, rc;

	if (date_only)
		*date_only = 0;
	if (s && strlen(s) == 10) {
		snprintf(buf, sizeof(buf), "%sT00:00:00", s);
		s = buf;
		if (date_only)
			*date_only = 1;
	}
	rc = s ? tz_parse_time(s, c->tz, t, &naive) : TZ_INVALID;
	if (rc == TZ_GAP) {
		*err = act_error(ERR_UNPROCESSABLE, field,
		    "That time doesn't exist on that day because the clocks change.");
		return -1;
	}
	if (rc < 0) {
		*err = act_error(ERR_VALIDATION, field, "I couldn't understand that time.");
		return -1;
	}
	return 0;
}

static const char *
lang2(brain_ctx *c, char out[3])
{
	const char *l = c->language && *c->language ? c->language : "en";

	out[0] = (char)tolower((unsigned char)l[0]);
	out[1] = l[1] ? (char)tolower((unsigned char)l[1]) : '\0';
	out[2] = '\0';
	return out;
}

static json_object *
do_check_availability(brain_ctx *c, json_object *args)
{
	const char *when = arg_str(args, "when"), *date = arg_str(args, "date"),
	    *from_s = arg_str(args, "from"), *to_s = arg_str(args, "to");
	char sid[40], sname[LIM_FIELD_SHORT + 1], lang[3];
	json_object *err = NULL, *slots, *o;
	int limit = arg_int(args, "limit", 3), exact = 1, req_free = -1, point = 0;
	int64_t from = c->now, to = c->now + ACT_SEARCH_DAYS * 86400, at = 0;
	fd_err e;

	if (limit < 1)
		limit = 1;
	if (limit > ACT_MAX_SLOTS)
		limit = ACT_MAX_SLOTS;
	if ((err = resolve_service(c, args, sid, sname, sizeof(sname))) != NULL)
		return err;
	if (when) {
		int64_t t;
		int naive, donly;
		nld_result r;

		if (strlen(when) >= 16 && tz_parse_time(when, c->tz, &t, &naive) >= 0) {
			point = 1;
			at = t;
		} else if (strlen(when) == 10 && arg_time(c, "when", when, &from, &donly, &err) == 0) {
			local_day(c->tz, from + 3600 * 12, &from, &to);
		} else {
			json_object_put(err);
			err = NULL;
			switch (nld_parse(when, c->now, c->tz, lang2(c, lang), &r)) {
			case NLD_POINT:
				point = 1;
				at = r.start;
				break;
			case NLD_RANGE:
				from = r.start;
				to = r.end;
				break;
			default:
				return act_error(ERR_VALIDATION, "when",
				    "I couldn't tell which day and time you mean.");
			}
		}
	} else if (date) {
		int donly;

		if (arg_time(c, "date", date, &from, &donly, &err) < 0)
			return err;
		local_day(c->tz, from + 3600 * 12, &from, &to);
	} else if (from_s || to_s) {
		if (from_s && arg_time(c, "from", from_s, &from, NULL, &err) < 0)
			return err;
		to = from + ACT_SEARCH_DAYS * 86400;
		if (to_s && arg_time(c, "to", to_s, &to, NULL, &err) < 0)
			return err;
		if (to <= from)
			return act_error(ERR_VALIDATION, "to", "The end of that range is before its start.");
	}
	slots = json_object_new_array();
	if (point)
		e = slots_near(c, sid, at, limit, slots, &exact, &req_free);
	else
		e = slots_in(c, sid, from, to, limit, slots, &exact);
	if (e != OK) {
		json_object_put(slots);
		return internal_error();
	}
	o = json_object_new_object();
	json_object_object_add(o, "service_id", json_object_new_string(sid));
	json_object_object_add(o, "service", json_object_new_string(sname));
	json_object_object_add(o, "timezone", json_object_new_string(tz_name(c->tz)));
	if (point) {
		json_object_object_add(o, "requested", slot_object(c, at));
		json_object_object_add(o, "requested_free", json_object_new_boolean(req_free));
	}
	json_object_object_add(o, "exact", json_object_new_boolean(exact));
	json_object_object_add(o, "slots", slots);
	return o;
}

/* ---- booking ---- */

/* The customer's sentence for a refused start time, with the nearest free
 * slots for a taken or closed one. */
static json_object *
slot_error(brain_ctx *c, const char *sid, int64_t start, const err_detail *d)
{
	char msg[160];
	json_object *o, *alts;
	int exact, rf, with_alts = 1;
	fd_err code = d->code;

	if (code == ERR_CONFLICT)
		snprintf(msg, sizeof(msg), "Sorry, that time is already taken.");
	else if (start < c->now) {
		snprintf(msg, sizeof(msg), "That time has already passed.");
	} else if (start < c->now + (int64_t)g_config.min_notice_min * 60)
		snprintf(msg, sizeof(msg), "We need at least %d minutes' notice for a booking.",
		    g_config.min_notice_min);
	else if (start > c->now + (int64_t)g_config.horizon_days * 86400) {
		snprintf(msg, sizeof(msg), "We only take bookings up to %d days ahead.",
		    g_config.horizon_days);
		with_alts = 0;
	} else
		snprintf(msg, sizeof(msg), "We're not open at that time.");
	o = act_error(code, "starts_at", msg);
	if (with_alts && sid) {
		alts = json_object_new_array();
		if (slots_near(c, sid, start, 3, alts, &exact, &rf) != OK) {
			json_object_put(alts);
			return o;
		}
		json_object_object_add(o, "alternatives", alts);
	}
	return o;
}

/* Map an appointment module error to the customer's words. */
static json_object *
appt_error(brain_ctx *c, const char *sid, int64_t start, const err_detail *d)
{
	if (strcmp(d->field, "starts_at") == 0 && (d->code == ERR_CONFLICT ||
	    d->code == ERR_UNPROCESSABLE))
		return slot_error(c, sid, start, d);
	if (strncmp(d->field, "customer.phone", 14) == 0)
		return act_error(ERR_VALIDATION, "phone", "That phone number doesn't look right.");
	if (strncmp(d->field, "customer.email", 14) == 0)
		return act_error(ERR_VALIDATION, "email", "That e-mail address doesn't look right.");
	if (strncmp(d->field, "customer.name", 13) == 0)
		return act_error(ERR_VALIDATION, "name", "That name is too long.");
	if (strcmp(d->field, "notes") == 0)
		return act_error(ERR_VALIDATION, "notes", "Those notes are too long.");
	if (d->code == ERR_NOT_FOUND)
		return act_error(ERR_NOT_FOUND, d->field[0] ? d->field : NULL,
		    "I couldn't find that appointment.");
	if (d->code == ERR_UNPROCESSABLE)
		return act_error(ERR_UNPROCESSABLE, d->field[0] ? d->field : NULL,
		    "That appointment can't be changed any more.");
	if (d->code == ERR_INTERNAL || d->code == ERR_UNAVAILABLE)
		return internal_error();
	return act_error(d->code, d->field[0] ? d->field : NULL, "Sorry, I couldn't do that.");
}

static const char *
appt_source(const brain_ctx *c)
{
	static const char *const ok[] = {"chat", "phone", "sms", NULL};

	if (c->channel && valid_enum(ok, c->channel) >= 0)
		return c->channel;
	return "chat";
}

static json_object *
do_book(brain_ctx *c, json_object *args)
{
	const char *name = arg_str(args, "name"), *phone = arg_str(args, "phone"),
	    *email = arg_str(args, "email"), *notes = arg_str(args, "notes"),
	    *starts = arg_str(args, "starts_at");
	char sid[40], sname[LIM_FIELD_SHORT + 1], e164[17], s[32];
	json_object *err, *body, *cust, *out = NULL;
	err_detail d = {0};
	int64_t start;
	fd_err e;

	if ((err = resolve_service(c, args, sid, sname, sizeof(sname))) != NULL)
		return err;
	if (starts == NULL)
		return act_error(ERR_VALIDATION, "starts_at", "What day and time would you like?");
	if (arg_time(c, "starts_at", starts, &start, NULL, &err) < 0)
		return err;
	if (name == NULL)
		return act_error(ERR_VALIDATION, "name", "May I have your name for the booking?");
	if (phone == NULL)
		return act_error(ERR_VALIDATION, "phone", "What phone number can we reach you at?");
	if (!act_phone(phone, e164))
		return act_error(ERR_VALIDATION, "phone",
		    "That phone number doesn't look right. Please include the area code.");
	body = json_object_new_object();
	cust = json_object_new_object();
	json_object_object_add(cust, "name", json_object_new_string(name));
	json_object_object_add(cust, "phone", json_object_new_string(e164));
	if (email)
		json_object_object_add(cust, "email", json_object_new_string(email));
	tz_format_utc(start, s, sizeof(s));
	json_object_object_add(body, "service_id", json_object_new_string(sid));
	json_object_object_add(body, "customer", cust);
	json_object_object_add(body, "starts_at", json_object_new_string(s));
	json_object_object_add(body, "source", json_object_new_string(appt_source(c)));
	if (notes)
		json_object_object_add(body, "notes", json_object_new_string(notes));
	e = appt_create(c->db, c->tenant_id, body, c->now, &out, &d);
	json_object_put(body);
	if (e != OK)
		return appt_error(c, sid, start, &d);
	return appt_result(c, out);
}

#define NEXT_APPT_SQL "SELECT a.id FROM appointments a JOIN customers c ON c.id = a.customer_id " \
	"WHERE a.tenant_id = ? AND c.tenant_id = ? AND c.phone = ? AND a.status = 'booked' "

fd_err
act_next_appointment(brain_ctx *c, const char *phone, const char *appointment_id,
    json_object **out, err_detail *d)
{
	char e164[17], id[40] = "", now[32];
	db_stmt *st;
	int rc, found;

	*out = NULL;
	if (!act_phone(phone, e164))
		return err_set(d, ERR_VALIDATION, "phone", "That phone number doesn't look right.");
	st = db_queryf(c->db, "SELECT id FROM customers WHERE tenant_id = ? AND phone = ?", "ss",
	    c->tenant_id, e164);
	if (st == NULL)
		return crud_db_failed(c->db, "actions", d);
	rc = db_step(st);
	db_finalize(st);
	if (rc < 0)
		return crud_db_failed(c->db, "actions", d);
	if (rc != DB_ROW)
		return err_set(d, ERR_NOT_FOUND, "phone",
		    "I couldn't find any appointment under that phone number.");
	tz_format_utc(c->now, now, sizeof(now));
	if (appointment_id) {
		if (!uuid_valid(appointment_id))
			return err_set(d, ERR_NOT_FOUND, "appointment_id",
			    "I couldn't find that appointment.");
		st = db_queryf(c->db, NEXT_APPT_SQL "AND a.id = ?", "ssss", c->tenant_id, c->tenant_id,
		    e164, appointment_id);
	} else
		st = db_queryf(c->db, NEXT_APPT_SQL "AND a.starts_at >= ? ORDER BY a.starts_at LIMIT 1",
		    "ssss", c->tenant_id, c->tenant_id, e164, now);
	if (st == NULL)
		return crud_db_failed(c->db, "actions", d);
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(id, sizeof(id), "%s", db_col_text(st, 0));
	db_finalize(st);
	if (rc < 0)
		return crud_db_failed(c->db, "actions", d);
	found = rc == DB_ROW;
	if (!found)
		return err_set(d, ERR_NOT_FOUND, appointment_id ? "appointment_id" : "phone",
		    appointment_id ? "I couldn't find that appointment."
		    : "I couldn't find an upcoming appointment under that phone number.");
	return appt_get(c->db, c->tenant_id, id, out, d);
}

/* The appointment a cancel or reschedule is about, or an error result. */
static json_object *
target_appointment(brain_ctx *c, json_object *args, json_object **appt)
{
	const char *phone = arg_str(args, "phone");
	err_detail d = {0};
	fd_err e;

	if (phone == NULL)
		return act_error(ERR_VALIDATION, "phone",
		    "What phone number is the appointment under?");
	e = act_next_appointment(c, phone, arg_str(args, "appointment_id"), appt, &d);
	if (e == OK)
		return NULL;
	if (e == ERR_INTERNAL || e == ERR_UNAVAILABLE)
		return internal_error();
	return act_error(e, d.field, d.message);
}

static json_object *
do_cancel(brain_ctx *c, json_object *args)
{
	json_object *appt = NULL, *err, *out = NULL;
	err_detail d = {0};
	char id[40];

	if ((err = target_appointment(c, args, &appt)) != NULL)
		return err;
	snprintf(id, sizeof(id), "%s", json_object_get_string(json_object_object_get(appt, "id")));
	json_object_put(appt);
	if (appt_cancel(c->db, c->tenant_id, id, &out, &d) != OK)
		return appt_error(c, NULL, 0, &d);
	return appt_result(c, out);
}

static json_object *
do_reschedule(brain_ctx *c, json_object *args)
{
	const char *starts = arg_str(args, "starts_at");
	json_object *appt = NULL, *err, *body, *out = NULL;
	err_detail d = {0};
	char id[40], sid[40], s[32];
	int64_t start;
	fd_err e;

	if (starts == NULL)
		return act_error(ERR_VALIDATION, "starts_at", "What day and time would you like instead?");
	if (arg_time(c, "starts_at", starts, &start, NULL, &err) < 0)
		return err;
	if ((err = target_appointment(c, args, &appt)) != NULL)
		return err;
	snprintf(id, sizeof(id), "%s", json_object_get_string(json_object_object_get(appt, "id")));
	snprintf(sid, sizeof(sid), "%s",
	    json_object_get_string(json_object_object_get(appt, "service_id")));
	json_object_put(appt);
	body = json_object_new_object();
	tz_format_utc(start, s, sizeof(s));
	json_object_object_add(body, "starts_at", json_object_new_string(s));
	e = appt_update(c->db, c->tenant_id, id, body, c->now, &out, &d);
	json_object_put(body);
	if (e != OK)
		return appt_error(c, sid, start, &d);
	return appt_result(c, out);
}

/* ---- knowledge ---- */

static json_object *
do_search_knowledge(brain_ctx *c, json_object *args)
{
	const char *q = arg_str(args, "query");
	json_object *o;

	if (q == NULL)
		return act_error(ERR_VALIDATION, "query", "What would you like to know?");
	o = json_object_new_object();
	json_object_object_add(o, "passages",
	    kb_search(c->knowledge_base ? c->knowledge_base : "", q, arg_int(args, "limit", 3)));
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
	const char *msg = arg_str(args, "message"), *name = arg_str(args, "name"),
	    *phone = arg_str(args, "phone");
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
		return internal_error();
	snprintf(note, len, "Message: %s%s%s%s%s", msg, name ? "\nFrom: " : "", name ? name : "",
	    phone ? "\nPhone: " : "", phone ? phone : "");
	e = conv_flag(c, "message", note, &d);
	free(note);
	if (e == ERR_NOT_FOUND)
		return act_error(ERR_NOT_FOUND, NULL, "Sorry, I couldn't save your message.");
	if (e != OK)
		return internal_error();
	o = json_object_new_object();
	json_object_object_add(o, "taken", json_object_new_boolean(1));
	return o;
}

static json_object *
do_transfer(brain_ctx *c, json_object *args)
{
	const char *reason = arg_str(args, "reason");
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
			return internal_error();
		snprintf(note, len, "Asked to talk to a person%s%s", reason ? ": " : ".",
		    reason ? reason : "");
	}
	e = conv_flag(c, forward ? "human" : "message", note, &d);
	free(note);
	if (e == ERR_NOT_FOUND)
		return act_error(ERR_NOT_FOUND, NULL, "Sorry, I couldn't reach anyone just now.");
	if (e != OK)
		return internal_error();
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
	{"check_availability", do_check_availability},
	{"book_appointment", do_book},
	{"cancel_appointment", do_cancel},
	{"reschedule_appointment", do_reschedule},
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
