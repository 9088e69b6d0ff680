/* Scheduling through the web server: hours, closures, availability,
 * bookings at the right instant, no double booking, the iCalendar feed. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <libical/ical.h>

#include "http.h"

struct fixture {
	char *tid, *key, *svc;
	char day[16];    /* a local date at least 3 days ahead, a Wednesday */
};

/* A tenant in zone tz, open Mon-Sat 09:00-12:00 and 13:00-17:00, with a
 * 30-minute service (10-minute buffer). */
static void
setup(struct fixture *f, const char *tz)
{
	char *p;
	http_resp *r;
	time_t now = time(NULL) + 3 * 86400;
	struct tm tm;

	f->tid = mk_tenant("sched");
	f->key = mk_apikey(f->tid, NULL);
	p = pathf("/api/v1/tenants/%s", f->tid);
	r = http_json("PATCH", p, f->key, "{\"timezone\": \"%s\"}", tz);
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/hours", f->tid);
	r = http_json("PUT", p, f->key, "{\"weekly\": {"
	    "\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
	    "\"tue\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
	    "\"wed\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
	    "\"thu\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
	    "\"fri\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
	    "\"sat\": [{\"start\": \"00:00\", \"end\": \"24:00\"}], \"sun\": []}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/services", f->tid);
	r = http_json("POST", p, f->key, "{\"name\": \"Haircut\", \"duration_min\": 30, "
	    "\"buffer_min\": 10, \"price\": 3000, \"currency\": \"USD\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	f->svc = strdup(jstr(r, "id"));
	http_free(r);
	free(p);
	/* the next Wednesday at least 3 days ahead (in UTC terms; fine for a date) */
	gmtime_r(&now, &tm);
	while (tm.tm_wday != 3) {
		now += 86400;
		gmtime_r(&now, &tm);
	}
	strftime(f->day, sizeof(f->day), "%Y-%m-%d", &tm);
}

static http_resp *
book(struct fixture *f, const char *local_time, const char *phone)
{
	char *p = pathf("/api/v1/tenants/%s/appointments", f->tid);
	http_resp *r = http_json("POST", p, f->key, "{\"service_id\": \"%s\", \"customer\": "
	    "{\"name\": \"Pat Doe\", \"phone\": \"%s\"}, \"starts_at\": \"%sT%s\", \"source\": \"api\"}",
	    f->svc, phone, f->day, local_time);

	free(p);
	return r;
}

Test(scheduling, hours_round_trip_and_validation)
{
	struct fixture f;
	char *p;
	http_resp *r;

	setup(&f, "America/Chicago");
	p = pathf("/api/v1/tenants/%s/hours", f.tid);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "weekly.mon.1.start"), "13:00");
	cr_assert_str_eq(jstr(r, "timezone"), "America/Chicago");
	cr_assert(json_object_array_length(json_object_object_get(json_object_object_get(r->json,
	    "weekly"), "sun")) == 0);
	/* what GET answers can be PUT back as it is */
	char *again = strdup(r->body);
	http_free(r);
	r = http("PUT", p, f.key, "application/json", again);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "weekly.mon.1.start"), "13:00");
	http_free(r);
	free(again);
	const char *bad[] = {"{\"weekly\": {\"funday\": []}}",
	    "{\"weekly\": {\"mon\": [{\"start\": \"9am\", \"end\": \"12:00\"}]}}",
	    "{\"weekly\": {\"mon\": [{\"start\": \"12:00\", \"end\": \"09:00\"}]}}",
	    "{\"weekly\": {\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, "
	    "{\"start\": \"11:00\", \"end\": \"13:00\"}]}}", "{\"daily\": {}}", NULL};
	for (int i = 0; bad[i]; i++) {
		r = http("PUT", p, f.key, "application/json", bad[i]);
		cr_assert_eq(r->status, 400, "%s -> %ld %s", bad[i], r->status, r->body);
		cr_assert(jstr(r, "error.field") != NULL);
		http_free(r);
	}
	free(p);
}

Test(scheduling, book_at_the_right_instant_then_conflicts)
{
	struct fixture f;
	http_resp *r;
	char *p, *id, want[32];

	setup(&f, "America/Chicago");
	r = book(&f, "10:00:00", "+13125550100");
	cr_assert_eq(r->status, 201, "%s", r->body);
	/* naive 10:00 is read in Chicago: 16:00Z in winter (CST), 15:00Z in summer */
	const char *local = jstr(r, "starts_at_local");
	cr_assert(local && strstr(local, "T10:00:00-0") != NULL, "%s", local);
	snprintf(want, sizeof(want), "%sT%s", f.day, strstr(local, "-06:00") ? "16:00:00Z"
	    : "15:00:00Z");
	cr_assert_str_eq(jstr(r, "starts_at"), want);
	cr_assert_str_eq(jstr(r, "status"), "booked");
	cr_assert_str_eq(jstr(r, "service_name"), "Haircut");
	id = strdup(jstr(r, "id"));
	http_free(r);

	/* overlapping (and inside the 10-minute buffer) -> 409 naming the booking */
	r = book(&f, "10:35:00", "+13125550101");
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "starts_at"));
	cr_assert(strstr(jstr(r, "error.message"), "10:00") != NULL, "%s", r->body);
	http_free(r);
	r = book(&f, "10:40:00", "+13125550101");
	cr_assert_eq(r->status, 201, "right after the buffer: %s", r->body);
	http_free(r);

	/* lunch break, closed Sunday, the past -> 422 */
	r = book(&f, "12:15:00", "+13125550102");
	cr_assert_eq(r->status, 422, "%s", r->body);
	http_free(r);
	p = pathf("/api/v1/tenants/%s/appointments", f.tid);
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125550103\"}, \"starts_at\": \"2020-01-06T10:00:00\"}", f.svc);
	cr_assert_eq(r->status, 422);
	cr_assert(strstr(jstr(r, "error.message"), "past") != NULL);
	http_free(r);
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125550103\"}, \"starts_at\": \"tomorrow-ish\"}", f.svc);
	cr_assert(is_error(r, "validation_failed", "starts_at"));
	http_free(r);
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"starts_at\": \"%sT10:00:00\"}",
	    f.svc, f.day);
	cr_assert(is_error(r, "validation_failed", "customer_id"), "%s", r->body);
	http_free(r);
	free(p);

	/* the customer landed in the CRM, once */
	p = pathf("/api/v1/tenants/%s/customers?q=5550100", f.tid);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	cr_assert(jstr(r, "items.0.last_contact_at") != NULL);
	http_free(r);
	free(p);

	/* cancel frees the slot; cancelling again is harmless */
	p = pathf("/api/v1/tenants/%s/appointments/%s/cancel", f.tid, id);
	r = http("POST", p, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "status"), "cancelled");
	http_free(r);
	r = http("POST", p, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "status"), "cancelled");
	http_free(r);
	free(p);
	r = book(&f, "10:00:00", "+13125550104");
	cr_assert_eq(r->status, 201, "freed slot: %s", r->body);
	char *id2 = strdup(jstr(r, "id"));
	http_free(r);

	/* reschedule with the same checks */
	p = pathf("/api/v1/tenants/%s/appointments/%s", f.tid, id2);
	r = http_json("PATCH", p, f.key, "{\"starts_at\": \"%sT14:00:00\"}", f.day);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert(strstr(jstr(r, "starts_at_local"), "T14:00:00") != NULL);
	http_free(r);
	r = http_json("PATCH", p, f.key, "{\"starts_at\": \"%sT10:45:00\"}", f.day);
	cr_assert_eq(r->status, 409, "onto the 10:40 booking: %s", r->body);
	http_free(r);
	r = http_json("PATCH", p, f.key, "{\"starts_at\": \"%sT18:00:00\"}", f.day);
	cr_assert_eq(r->status, 422);
	http_free(r);
	free(p);
	free(id);
	free(id2);
}

Test(scheduling, availability_honours_hours_bookings_and_closures)
{
	struct fixture f;
	http_resp *r;
	char *p;
	size_t n, n2;

	setup(&f, "Europe/Berlin");
	p = pathf("/api/v1/tenants/%s/availability?service_id=%s&from=%s&to=%sT23:59:00", f.tid, f.svc,
	    f.day, f.day);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	n = json_object_array_length(json_object_object_get(r->json, "slots"));
	/* 09:00-11:30 and 13:00-16:30 every 15 minutes: 11 + 15 */
	cr_assert_eq(n, 26, "%zu slots: %s", n, r->body);
	cr_assert(strstr(jstr(r, "slots.0.start_local"), "T09:00:00+0") != NULL);
	cr_assert_str_eq(jstr(r, "timezone"), "Europe/Berlin");
	http_free(r);

	r = book(&f, "09:30:00", "+493055501000");
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	r = http("GET", p, f.key, NULL, NULL);
	n2 = json_object_array_length(json_object_object_get(r->json, "slots"));
	/* the booking holds 09:30-10:10 (30 min + 10 buffer); a slot needs its own 40
	 * minutes free, so the starts 09:00, 09:15, 09:30, 09:45 and 10:00 are gone */
	cr_assert_eq(n2, n - 5, "%zu -> %zu", n, n2);
	cr_assert(strstr(r->body, "T10:00:00+0") == NULL, "10:00 still offered");
	cr_assert(strstr(r->body, "T10:15:00+0") != NULL, "10:15 should be free");
	http_free(r);

	char *c = pathf("/api/v1/tenants/%s/closures", f.tid);
	r = http_json("POST", c, f.key, "{\"starts_on\": \"%s\", \"ends_on\": \"%s\", \"label\": "
	    "\"Inventory\"}", f.day, f.day);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	r = http_json("POST", c, f.key, "{\"starts_on\": \"2026-12-24\", \"ends_on\": \"2026-12-20\"}");
	cr_assert(is_error(r, "validation_failed", "ends_on"));
	http_free(r);
	r = http_json("POST", c, f.key, "{\"starts_on\": \"2026-02-30\", \"ends_on\": \"2026-03-01\"}");
	cr_assert(is_error(r, "validation_failed", "starts_on"));
	http_free(r);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "slots")), 0);
	http_free(r);
	r = book(&f, "14:00:00", "+493055501001");
	cr_assert_eq(r->status, 422, "closed day: %s", r->body);
	http_free(r);

	free(p);
	p = pathf("/api/v1/tenants/%s/availability?from=%s", f.tid, f.day);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "service_id"));
	http_free(r);
	free(p);
	free(c);
}

struct race {
	struct fixture *f;
	int idx;
	long status;
};

static void *
race_book(void *arg)
{
	struct race *x = arg;
	char phone[32];
	http_resp *r;

	snprintf(phone, sizeof(phone), "+1312556%04d", x->idx);
	r = book(x->f, "15:00:00", phone);
	x->status = r->status;
	http_free(r);
	return NULL;
}

Test(scheduling, fifty_concurrent_requests_one_booking, .timeout = 120)
{
	struct fixture f;
	pthread_t th[50];
	struct race xs[50];
	int created = 0, conflicts = 0;
	char *p;
	http_resp *r;

	setup(&f, "America/Chicago");
	for (int i = 0; i < 50; i++) {
		xs[i].f = &f;
		xs[i].idx = i;
		pthread_create(&th[i], NULL, race_book, &xs[i]);
	}
	for (int i = 0; i < 50; i++) {
		pthread_join(th[i], NULL);
		if (xs[i].status == 201)
			created++;
		else if (xs[i].status == 409)
			conflicts++;
		else
			cr_assert_fail("request %d: status %ld", i, xs[i].status);
	}
	cr_assert_eq(created, 1);
	cr_assert_eq(conflicts, 49);
	p = pathf("/api/v1/tenants/%s/appointments?status=booked", f.tid);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1);
	http_free(r);
	free(p);
	/* refused bookings left no customers behind */
	p = pathf("/api/v1/tenants/%s/customers", f.tid);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 1, "%s",
	    r->body);
	http_free(r);
	free(p);
}

Test(scheduling, dst_gap_is_422_and_overlap_takes_earlier)
{
	struct fixture f;
	char *p;
	http_resp *r;

	setup(&f, "America/Chicago");
	p = pathf("/api/v1/tenants/%s/appointments", f.tid);
	/* 2027-03-14 02:30 does not exist in Chicago (a Sunday: open 24h via Saturday? no:
	 * make Sunday open for this test) */
	char *h = pathf("/api/v1/tenants/%s/hours", f.tid);
	r = http_json("PUT", h, f.key, "{\"weekly\": {\"sun\": [{\"start\": \"00:00\", \"end\": "
	    "\"24:00\"}]}}");
	cr_assert_eq(r->status, 200);
	http_free(r);
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125557000\"}, \"starts_at\": \"2027-03-14T02:30:00\"}", f.svc);
	cr_assert_eq(r->status, 422, "%s", r->body);
	cr_assert(is_error(r, "unprocessable", "starts_at"));
	cr_assert(strstr(jstr(r, "error.message"), "does not exist") != NULL, "%s", r->body);
	http_free(r);
	/* 2027-11-07 01:30 happens twice: the earlier one (CDT, -05:00) is taken */
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125557001\"}, \"starts_at\": \"2027-11-07T01:30:00\"}", f.svc);
	if (r->status == 422 && strstr(r->body, "days ahead"))
		cr_skip_test("BOOKING_HORIZON_DAYS too short for the DST dates");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "starts_at"), "2027-11-07T06:30:00Z");
	cr_assert_str_eq(jstr(r, "starts_at_local"), "2027-11-07T01:30:00-05:00");
	http_free(r);
	/* an explicit offset picks the later one */
	r = http_json("POST", p, f.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125557002\"}, \"starts_at\": \"2027-11-07T01:30:00-06:00\"}", f.svc);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "starts_at"), "2027-11-07T07:30:00Z");
	http_free(r);
	free(p);
	free(h);
}

Test(scheduling, ical_feed_parses_and_rotates)
{
	struct fixture f;
	http_resp *r;
	char *p, *url, *old, *cancel;
	icalcomponent *cal, *ev;
	int events = 0, cancelled = 0;

	setup(&f, "America/Chicago");
	r = book(&f, "09:00:00", "+13125558000");
	cr_assert_eq(r->status, 201);
	cancel = pathf("/api/v1/tenants/%s/appointments/%s/cancel", f.tid, jstr(r, "id"));
	http_free(r);
	r = book(&f, "11:00:00", "+13125558001");
	cr_assert_eq(r->status, 201);
	http_free(r);
	r = http("POST", cancel, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);

	p = pathf("/api/v1/tenants/%s/ical-token", f.tid);
	r = http("POST", p, f.key, NULL, NULL);
	cr_assert(r->status == 200 || r->status == 201, "%s", r->body);
	url = strdup(jstr(r, "url"));
	cr_assert(strncmp(url, "/ical/", 6) == 0 && strstr(url, ".ics") != NULL, "%s", url);
	http_free(r);
	r = http("GET", url, NULL, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	char ct[128];
	cr_assert(strncmp(resp_header(r, "Content-Type", ct, sizeof(ct)), "text/calendar", 13) == 0);
	cal = icalparser_parse_string(r->body);
	cr_assert(cal != NULL, "libical could not parse: %s", r->body);
	cr_assert_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct icaltimetype st = icalcomponent_get_dtstart(ev);

		events++;
		cr_assert(icaltime_is_utc(st), "DTSTART must be UTC");
		cr_assert(strstr(icalcomponent_get_summary(ev), "Haircut - Pat Doe") != NULL);
		cr_assert(strstr(icalcomponent_get_uid(ev), "@frontdesk") != NULL);
		if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
			cancelled++;
	}
	icalcomponent_free(cal);
	cr_assert_eq(events, 2);
	cr_assert_eq(cancelled, 1);
	http_free(r);

	/* rotation retires the old URL */
	old = url;
	r = http("POST", p, f.key, NULL, NULL);
	url = strdup(jstr(r, "url"));
	http_free(r);
	cr_assert_str_neq(old, url);
	r = http("GET", old, NULL, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	r = http("GET", url, NULL, NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);
	r = http("GET", "/ical/not-a-real-token-at-all-000000000.ics", NULL, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p); free(url); free(old); free(cancel);
}

Test(scheduling, other_tenants_ids_are_404)
{
	struct fixture a, b;
	char *p;
	http_resp *r;

	setup(&a, "UTC");
	setup(&b, "UTC");
	r = book(&b, "10:00:00", "+13125559000");
	cr_assert_eq(r->status, 201);
	char *bappt = strdup(jstr(r, "id"));
	http_free(r);
	p = pathf("/api/v1/tenants/%s/appointments", a.tid);
	r = http_json("POST", p, a.key, "{\"service_id\": \"%s\", \"customer\": {\"phone\": "
	    "\"+13125559001\"}, \"starts_at\": \"%sT10:00:00\"}", b.svc, a.day);
	cr_assert_eq(r->status, 404, "B's service on A's booking: %s", r->body);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/appointments/%s", a.tid, bappt);
	r = http("GET", p, a.key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/appointments/%s/cancel", a.tid, bappt);
	r = http("POST", p, a.key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/availability?service_id=%s", a.tid, b.svc);
	r = http("GET", p, a.key, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(p);
	p = pathf("/api/v1/tenants/%s/appointments/%s", b.tid, bappt);
	r = http("GET", p, b.key, NULL, NULL);
	cr_assert_str_eq(jstr(r, "status"), "booked", "B's booking untouched");
	http_free(r);
	free(p);
	free(bappt);
}

/* Workers cache rendered availability (lib/availcache.c); every write that
 * changes free slots must show in the very next answer, whichever worker
 * serves it. Asked repeatedly so that cached answers are in play. */
static size_t
nslots(const char *path, const char *key)
{
	size_t n = (size_t)-1;

	for (int i = 0; i < 3; i++) {
		http_resp *r = http("GET", path, key, NULL, NULL);
		size_t m;

		cr_assert_eq(r->status, 200, "%s", r->body);
		m = json_object_array_length(json_object_object_get(r->json, "slots"));
		if (i > 0)
			cr_assert_eq(m, n, "answers differ without a write: %zu vs %zu", m, n);
		n = m;
		http_free(r);
	}
	return n;
}

Test(scheduling, availability_follows_every_write)
{
	struct fixture f;
	http_resp *r;
	char *p, *id, *q;
	size_t n0, n;

	setup(&f, "America/Chicago");
	p = pathf("/api/v1/tenants/%s/availability?service_id=%s&from=%s&to=%sT23:59:00", f.tid, f.svc,
	    f.day, f.day);
	n0 = nslots(p, f.key);
	cr_assert_eq(n0, 26);

	r = book(&f, "14:00:00", "+13125550142");
	cr_assert_eq(r->status, 201, "%s", r->body);
	id = strdup(jstr(r, "id"));
	http_free(r);
	cr_assert_eq(nslots(p, f.key), n0 - 5, "booking 14:00-14:40 takes the starts 13:30-14:30");

	q = pathf("/api/v1/tenants/%s/appointments/%s/cancel", f.tid, id);
	r = http("POST", q, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(q);
	cr_assert_eq(nslots(p, f.key), n0, "cancel frees the slot");

	/* 60 + 0 minutes: 09:00-11:00 and 13:00-16:00 starts */
	q = pathf("/api/v1/tenants/%s/services/%s", f.tid, f.svc);
	r = http_json("PATCH", q, f.key, "{\"duration_min\": 60, \"buffer_min\": 0}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(q);
	n = nslots(p, f.key);
	cr_assert_eq(n, 9 + 13, "service duration: %zu", n);

	q = pathf("/api/v1/tenants/%s/hours", f.tid);
	r = http_json("PUT", q, f.key, "{\"weekly\": {\"wed\": [{\"start\": \"10:00\", \"end\": \"12:00\"}]}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(q);
	cr_assert_eq(nslots(p, f.key), 5, "hours");

	/* the same wall-clock hours in another zone are other instants: the
	 * answer must move with the zone */
	q = pathf("/api/v1/tenants/%s", f.tid);
	r = http_json("PATCH", q, f.key, "{\"timezone\": \"Asia/Tokyo\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(q);
	r = http("GET", p, f.key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "timezone"), "Asia/Tokyo");
	cr_assert(strstr(r->body, "T10:00:00+09:00") != NULL, "%s", r->body);
	http_free(r);
	free(p);
	free(id);
}
