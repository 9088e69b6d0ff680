/* The agent's scheduling actions (see actions.h): check_availability,
 * book_appointment, cancel_appointment, reschedule_appointment, over
 * sched_availability and appt_create/appt_update/appt_cancel, the code the
 * API runs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act_internal.h"
#include "actions.h"
#include "appointment.h"
#include "config.h"
#include "crud.h"
#include "limits.h"
#include "nldate.h"
#include "schedule.h"
#include "uuid.h"
#include "valid.h"

#define ACT_SEARCH_DAYS 14      /* how far past the asked range a search continues */
#define ACT_MAX_SLOTS 20

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
		(*out)[(*n)++] = act_utc(json_object_get_string(json_object_object_get(
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
	act_local_day(c->tz, point, &from, &to);
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
			json_object_array_add(arr, act_slot(c, point));
		}
	for (int i = 0; i < k; i++)
		if (pick[i] != point)
			json_object_array_add(arr, act_slot(c, pick[i]));
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
		json_object_array_add(arr, act_slot(c, s[i]));
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

json_object *
act_check_availability(brain_ctx *c, json_object *args)
{
	const char *when = act_arg_str(args, "when"), *date = act_arg_str(args, "date"),
	    *from_s = act_arg_str(args, "from"), *to_s = act_arg_str(args, "to");
	char sid[40], sname[LIM_FIELD_SHORT + 1], lang[3];
	json_object *err = NULL, *slots, *o;
	int limit = act_arg_int(args, "limit", 3), exact = 1, req_free = -1, point = 0;
	int64_t from = c->now, to = c->now + ACT_SEARCH_DAYS * 86400, at = 0;
	fd_err e;

	if (limit < 1)
		limit = 1;
	if (limit > ACT_MAX_SLOTS)
		limit = ACT_MAX_SLOTS;
	if ((err = act_resolve_service(c, args, sid, sname, sizeof(sname))) != NULL)
		return err;
	if (when) {
		int64_t t;
		int naive, donly;
		nld_result r;

		if (strlen(when) >= 16 && tz_parse_time(when, c->tz, &t, &naive) >= 0) {
			point = 1;
			at = t;
		} else if (strlen(when) == 10 && arg_time(c, "when", when, &from, &donly, &err) == 0) {
			act_local_day(c->tz, from + 3600 * 12, &from, &to);
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
		act_local_day(c->tz, from + 3600 * 12, &from, &to);
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
		return act_internal_error();
	}
	o = json_object_new_object();
	json_object_object_add(o, "service_id", json_object_new_string(sid));
	json_object_object_add(o, "service", json_object_new_string(sname));
	json_object_object_add(o, "timezone", json_object_new_string(tz_name(c->tz)));
	if (point) {
		json_object_object_add(o, "requested", act_slot(c, at));
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
		return act_internal_error();
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

json_object *
act_book(brain_ctx *c, json_object *args)
{
	const char *name = act_arg_str(args, "name"), *phone = act_arg_str(args, "phone"),
	    *email = act_arg_str(args, "email"), *notes = act_arg_str(args, "notes"),
	    *starts = act_arg_str(args, "starts_at");
	char sid[40], sname[LIM_FIELD_SHORT + 1], e164[17], s[32];
	json_object *err, *body, *cust, *out = NULL;
	err_detail d = {0};
	int64_t start;
	fd_err e;

	if ((err = act_resolve_service(c, args, sid, sname, sizeof(sname))) != NULL)
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
	return act_appt_result(c, out);
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
	const char *phone = act_arg_str(args, "phone");
	err_detail d = {0};
	fd_err e;

	if (phone == NULL)
		return act_error(ERR_VALIDATION, "phone",
		    "What phone number is the appointment under?");
	e = act_next_appointment(c, phone, act_arg_str(args, "appointment_id"), appt, &d);
	if (e == OK)
		return NULL;
	if (e == ERR_INTERNAL || e == ERR_UNAVAILABLE)
		return act_internal_error();
	return act_error(e, d.field, d.message);
}

json_object *
act_cancel(brain_ctx *c, json_object *args)
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
	return act_appt_result(c, out);
}

json_object *
act_reschedule(brain_ctx *c, json_object *args)
{
	const char *starts = act_arg_str(args, "starts_at");
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
	return act_appt_result(c, out);
}
