#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../fcgi/response.h"
#include "../lib/appointment.h"
#include "../lib/availcache.h"
#include "../lib/config.h"
#include "../lib/ical.h"
#include "../lib/schedule.h"
#include "../lib/tenant.h"
#include "../lib/valid.h"
#include "handlers.h"

/* The clock bookings are judged against. FRONTDESK_NOW (RFC 3339) pins it for
 * tests and demos; it is ignored in production. */
/* ---- hours ---- */

void
h_hours_get(req_t *r)
{
	const tz_t *tz;
	sched_week w;
	json_object *out;
	fd_err e = sched_tenant(r->db, req_path(r, "tenant_id"), &tz, &w, &r->err);

	if (e != OK) {
		resp_error(r, e);
		return;
	}
	out = sched_week_to_json(&w);
	json_object_object_add(out, "timezone", json_object_new_string(tz_name(tz)));
	resp_json(r, 200, out);
}

void
h_hours_put(req_t *r)
{
	json_object *changes = NULL, *t = NULL, *out, *weekly = NULL;
	const char *tzs = valid_str(r->json, "timezone");
	const tz_t *tz;
	sched_week w;
	fd_err e;

	if (h_require_manage(r))
		return;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "weekly", &weekly)) {
		resp_fail(r, ERR_VALIDATION, "weekly", "weekly is required");
		return;
	}
	/* what GET answers may be sent back: "timezone" is accepted and applied */
	json_object_object_foreach(r->json, key, val) {
		(void)val;
		if (strcmp(key, "weekly") && strcmp(key, "timezone")) {
			resp_fail(r, ERR_VALIDATION, key, "unknown field '%.40s'", key);
			return;
		}
	}
	if (valid_has(r->json, "timezone") && (tzs == NULL || !valid_timezone(tzs))) {
		resp_fail(r, ERR_VALIDATION, "timezone",
		    "timezone must be an IANA zone name (e.g. America/Chicago) or an offset like -06:00");
		return;
	}
	changes = json_object_new_object();
	json_object_object_add(changes, "weekly", json_object_get(weekly));
	if ((e = valid_weekly_hours("hours", changes, &r->err)) != OK) {
		/* name the field as the client wrote it: "weekly.mon", not "hours.weekly.mon" */
		if (strncmp(r->err.field, "hours.", 6) == 0)
			memmove(r->err.field, r->err.field + 6, strlen(r->err.field + 6) + 1);
		json_object_put(changes);
		resp_error(r, e);
		return;
	}
	/* stored normalised: all seven days, missing ones closed */
	sched_week_from_json(changes, &w);
	json_object_put(changes);
	changes = json_object_new_object();
	json_object_object_add(changes, "business_hours", sched_week_to_json(&w));
	if (tzs)
		json_object_object_add(changes, "timezone", json_object_new_string(tzs));
	e = tenant_update(r->db, req_path(r, "tenant_id"), changes, &t, &r->err);
	json_object_put(changes);
	if (e != OK) {
		resp_error(r, e);
		return;
	}
	json_object_put(t);
	if ((e = sched_tenant(r->db, req_path(r, "tenant_id"), &tz, &w, &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	out = sched_week_to_json(&w);
	json_object_object_add(out, "timezone", json_object_new_string(tz_name(tz)));
	resp_json(r, 200, out);
}

/* ---- closures ---- */

static fd_err
closure_order(json_object *j, err_detail *d)
{
	const char *a = valid_str(j, "starts_on"), *b = valid_str(j, "ends_on");

	if (a && b && strcmp(b, a) < 0)
		return err_set(d, ERR_VALIDATION, "ends_on", "ends_on must not be before starts_on");
	return OK;
}

void
h_closures_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	if ((e = crud_validate(&closure_res, r->json, 1, &r->err)) == OK &&
	    (e = closure_order(r->json, &r->err)) == OK)
		e = crud_insert(r->db, &closure_res, req_path(r, "tenant_id"), r->json, NULL, &out,
		    &r->err);
	h_reply(r, e, 201, out);
}

void
h_closures_list(req_t *r)
{
	h_crud_list(r, &closure_res);
}

void
h_closure_get(req_t *r)
{
	h_crud_get(r, &closure_res, "closure_id");
}

void
h_closure_patch(req_t *r)
{
	json_object *cur = NULL, *out = NULL, *merged = NULL;
	fd_err e;

	if (h_require_manage(r))
		return;
	if ((e = crud_validate(&closure_res, r->json, 0, &r->err)) != OK ||
	    (e = crud_get(r->db, &closure_res, req_path(r, "tenant_id"), req_path(r, "closure_id"),
	    &cur, &r->err)) != OK)
		goto out;
	/* the order check applies to the range after the change */
	merged = json_object_new_object();
	json_object_object_add(merged, "starts_on", json_object_new_string(
	    valid_str(r->json, "starts_on") ? valid_str(r->json, "starts_on")
	    : valid_str(cur, "starts_on")));
	json_object_object_add(merged, "ends_on", json_object_new_string(
	    valid_str(r->json, "ends_on") ? valid_str(r->json, "ends_on") : valid_str(cur, "ends_on")));
	if ((e = closure_order(merged, &r->err)) == OK)
		e = crud_update(r->db, &closure_res, req_path(r, "tenant_id"),
		    req_path(r, "closure_id"), r->json, &out, &r->err);
out:
	if (cur)
		json_object_put(cur);
	if (merged)
		json_object_put(merged);
	h_reply(r, e, 200, out);
}

void
h_closure_delete(req_t *r)
{
	if (h_require_manage(r) == 0)
		h_crud_delete(r, &closure_res, "closure_id");
}

/* ---- availability ---- */

static fd_err
when_param(req_t *r, const char *name, const tz_t *tz, int64_t def, int64_t *out)
{
	const char *s = req_query(r, name);
	char buf[40];
	int naive, rc;

	if (s == NULL || *s == '\0') {
		*out = def;
		return OK;
	}
	if (strlen(s) == 10) { /* a local date: its midnight */
		snprintf(buf, sizeof(buf), "%sT00:00:00", s);
		s = buf;
	}
	rc = tz_parse_time(s, tz, out, &naive);
	if (rc == TZ_GAP)
		return err_set(&r->err, ERR_UNPROCESSABLE, name, "%s does not exist in %s (DST gap)", name,
		    tz_name(tz));
	if (rc < 0)
		return err_set(&r->err, ERR_VALIDATION, name,
		    "%s must be a date (YYYY-MM-DD) or an RFC 3339 time", name);
	return OK;
}

void
h_availability(req_t *r)
{
	const char *tid = req_path(r, "tenant_id"), *sid = req_query(r, "service_id");
	json_object *out = NULL;
	const tz_t *tz;
	int64_t now = h_now(), from, to, version = -1;
	char key[AC_KEY_MAX], *body;
	size_t len;
	int n;
	fd_err e;

	if (sid == NULL || *sid == '\0') {
		resp_fail(r, ERR_VALIDATION, "service_id", "service_id is required");
		return;
	}
	if ((e = sched_tenant(r->db, tid, &tz, NULL, &r->err)) != OK ||
	    (e = when_param(r, "from", tz, now, &from)) != OK ||
	    (e = when_param(r, "to", tz, from + 7 * 86400, &to)) != OK)
		goto out;
	if (to <= from) {
		e = err_set(&r->err, ERR_VALIDATION, "to", "to must be after from");
		goto out;
	}
	if (to - from > 92 * 86400) {
		e = err_set(&r->err, ERR_VALIDATION, "to", "at most 92 days per request");
		goto out;
	}
	/* The version is read before computing: a write racing this request
	 * stores a fresher answer under an older version, which only costs a
	 * miss next time. */
	n = snprintf(key, sizeof(key), "%s|%s|%lld|%lld|%lld", tid, sid, (long long)from,
	    (long long)to, (long long)now);
	if (n > 0 && (size_t)n < sizeof(key)) /* a truncated key could name another answer */
		version = ac_version(r->db, tid);
	if (version >= 0 && ac_get(key, version, &body, &len)) {
		resp_raw(r, 200, "application/json", body, len);
		free(body);
		return;
	}
	e = sched_availability(r->db, tid, sid, from, to, now, &out, &r->err);
	if (e == ERR_NOT_FOUND)
		e = err_set(&r->err, ERR_NOT_FOUND, "service_id", "service not found");
	if (e == OK) {
		const char *s = json_object_to_json_string_length(out,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);

		if (version >= 0)
			ac_put(key, version, s, len);
		resp_raw(r, 200, "application/json", s, len);
		json_object_put(out);
		return;
	}
out:
	h_reply(r, e, 200, out);
}

/* ---- appointments ---- */

void
h_appointments_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e = appt_create(r->db, req_path(r, "tenant_id"), r->json, h_now(), &out, &r->err);

	h_reply(r, e, 201, out);
}

void
h_appointments_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	e = appt_list(r->db, req_path(r, "tenant_id"), req_query(r, "from"), req_query(r, "to"),
	    req_query(r, "status"), req_query(r, "customer_id"), limit, cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_appointment_get(req_t *r)
{
	json_object *out = NULL;
	fd_err e = appt_get(r->db, req_path(r, "tenant_id"), req_path(r, "appointment_id"), &out,
	    &r->err);

	h_reply(r, e, 200, out);
}

void
h_appointment_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e = appt_update(r->db, req_path(r, "tenant_id"), req_path(r, "appointment_id"),
	    r->json, h_now(), &out, &r->err);

	h_reply(r, e, 200, out);
}

void
h_appointment_cancel(req_t *r)
{
	json_object *out = NULL;
	fd_err e = appt_cancel(r->db, req_path(r, "tenant_id"), req_path(r, "appointment_id"), &out,
	    &r->err);

	h_reply(r, e, 200, out);
}

/* ---- iCalendar ---- */

void
h_ical_token(req_t *r)
{
	char url[160];
	json_object *out;
	fd_err e;

	if (h_require_manage(r))
		return;
	if ((e = ical_rotate(r->db, req_path(r, "tenant_id"), url, sizeof(url), &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	out = json_object_new_object();
	json_object_object_add(out, "url", json_object_new_string(url));
	resp_json(r, 201, out);
}

void
h_ical_feed(req_t *r)
{
	const char *feed = req_path(r, "feed");
	char token[128];
	size_t n = feed ? strlen(feed) : 0;
	char *body = NULL;
	fd_err e;

	if (n <= 4 || n >= sizeof(token) || strcmp(feed + n - 4, ".ics") != 0) {
		resp_fail(r, ERR_NOT_FOUND, NULL, "no such calendar");
		return;
	}
	memcpy(token, feed, n - 4);
	token[n - 4] = '\0';
	if ((e = ical_feed(r->db, token, &body, &r->err)) != OK) {
		resp_error(r, e);
		return;
	}
	resp_raw(r, 200, "text/calendar; charset=utf-8", body, strlen(body));
	free(body);
}
