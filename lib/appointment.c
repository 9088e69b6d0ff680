#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appointment.h"
#include "buf.h"
#include "config.h"
#include "crud.h"
#include "limits.h"
#include "log.h"
#include "rows.h"
#include "schedule.h"
#include "uuid.h"
#include "valid.h"

static const char *const appt_sources[] = {"chat", "phone", "sms", "api", "calendar", NULL};
static const char *const appt_statuses[] = {"booked", "cancelled", "completed", "no_show", NULL};

#define APPT_SELECT "SELECT a.id, a.tenant_id, a.service_id, s.name, a.customer_id, c.name, " \
	"c.phone, a.starts_at, a.ends_at, a.status, a.source, a.notes, a.external_event_id, " \
	"a.cancelled_at, a.created_at, a.updated_at FROM appointments a " \
	"JOIN services s ON s.id = a.service_id JOIN customers c ON c.id = a.customer_id "
static const char *const appt_names[] = {"id", "tenant_id", "service_id", "service_name",
    "customer_id", "customer_name", "customer_phone", "starts_at", "ends_at", "status", "source",
    "notes", "external_event_id", "cancelled_at", "created_at", "updated_at", NULL};
static const char appt_types[] = "ssssssssssssssss";

static fd_err
db_failed(db_t *db, err_detail *d)
{
	return crud_db_failed(db, "appointment", d);
}

/* Add starts_at_local / ends_at_local in the tenant's zone. */
static void
add_local(json_object *o, const tz_t *tz)
{
	static const char *const keys[][2] = {{"starts_at", "starts_at_local"},
	    {"ends_at", "ends_at_local"}};

	for (int i = 0; i < 2; i++) {
		const char *v = json_object_get_string(json_object_object_get(o, keys[i][0]));
		int64_t t;
		int naive;
		char buf[40];

		if (v && tz_parse_time(v, tz_get("UTC"), &t, &naive) >= 0) {
			tz_format_local(tz, t, buf, sizeof(buf));
			json_object_object_add(o, keys[i][1], json_object_new_string(buf));
		}
	}
}

fd_err
appt_get(db_t *db, const char *tenant_id, const char *id, json_object **out, err_detail *d)
{
	const tz_t *tz;
	db_stmt *st;
	int rc;
	fd_err e;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "appointment not found");
	if ((e = sched_tenant(db, tenant_id, &tz, NULL, d)) != OK)
		return e;
	st = db_queryf(db, APPT_SELECT "WHERE a.tenant_id = ? AND a.id = ?", "ss", tenant_id, id);
	if (st == NULL)
		return db_failed(db, d);
	if ((rc = db_step(st)) == DB_ROW && out) {
		*out = rows_object(st, appt_names, appt_types);
		add_local(*out, tz);
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "appointment not found");
	return rc == DB_ROW ? OK : db_failed(db, d);
}

/* An instant from RFC 3339, a naive local time, or a local date (midnight). */
static fd_err
parse_when(const char *field, const char *s, const tz_t *tz, int64_t *t, err_detail *d)
{
	char buf[40];
	int naive, rc;

	if (s && strlen(s) == 10) {
		snprintf(buf, sizeof(buf), "%sT00:00:00", s);
		s = buf;
	}
	rc = s ? tz_parse_time(s, tz, t, &naive) : TZ_INVALID;
	if (rc == TZ_GAP)
		return err_set(d, ERR_UNPROCESSABLE, field,
		    "%s does not exist in %s: the clocks skip that hour (daylight saving time)", field,
		    tz_name(tz));
	if (rc < 0)
		return err_set(d, ERR_VALIDATION, field,
		    "%s must be an RFC 3339 time like 2026-03-05T10:30:00-06:00 (or local, without offset)",
		    field);
	return OK;
}

/* Every check a start time must pass: past, notice, horizon, hours and
 * closures, busy time (409 naming the conflicting start). */
static fd_err
check_slot(db_t *db, const char *tenant_id, int64_t start, int64_t end, int64_t busy_until,
    int64_t now, const char *exclude_id, err_detail *d)
{
	sched_ctx c;
	int64_t conflict = 0;
	char when[40];
	fd_err e = OK;

	if (start < now)
		return err_set(d, ERR_UNPROCESSABLE, "starts_at", "starts_at is in the past");
	if (start < now + (int64_t)g_config.min_notice_min * 60)
		return err_set(d, ERR_UNPROCESSABLE, "starts_at",
		    "bookings need at least %d minutes' notice", g_config.min_notice_min);
	if (start > now + (int64_t)g_config.horizon_days * 86400)
		return err_set(d, ERR_UNPROCESSABLE, "starts_at",
		    "bookings open at most %d days ahead", g_config.horizon_days);
	if ((e = sched_load(db, tenant_id, start - 86400, busy_until + 86400, exclude_id, &c, d)) != OK)
		return e;
	if (!sched_is_open(&c, start, end))
		e = err_set(d, ERR_UNPROCESSABLE, "starts_at",
		    "starts_at is outside business hours (or on a closure day)");
	else if (sched_is_busy(&c, start, busy_until, &conflict)) {
		tz_format_local(c.tz, conflict, when, sizeof(when));
		e = err_set(d, ERR_CONFLICT, "starts_at", "that time is already booked (conflicts with %s)",
		    when);
	}
	sched_free(&c);
	return e;
}

/* After the database refused an overlap: name the booking in the way. */
static fd_err
conflict_error(db_t *db, const char *tenant_id, const char *s, const char *bu, err_detail *d)
{
	db_stmt *st = db_queryf(db, "SELECT starts_at FROM appointments WHERE tenant_id = ? AND "
	    "status = 'booked' AND starts_at < ? AND busy_until > ? ORDER BY starts_at LIMIT 1", "sss",
	    tenant_id, bu, s);
	char when[40] = "another booking";
	const tz_t *tz;
	int64_t t;
	int naive;

	/* the same wording as the pre-check: the clashing start in local time */
	if (st && db_step(st) == DB_ROW && sched_tenant(db, tenant_id, &tz, NULL, d) == OK &&
	    tz_parse_time(db_col_text(st, 0), tz_get("UTC"), &t, &naive) >= 0)
		tz_format_local(tz, t, when, sizeof(when));
	db_finalize(st);
	return err_set(d, ERR_CONFLICT, "starts_at", "that time is already booked (conflicts with %s)",
	    when);
}

static const struct vfield create_fields[] = {
	{"service_id", V_STRING, 1, 40, 0},
	{"customer_id", V_STRING, 0, 40, 1},
	{"customer", V_OBJECT, 0, 0, 1},
	{"starts_at", V_STRING, 1, 40, 0},
	{"notes", V_STRING, 0, 5000, 0},
	{"source", V_STRING, 0, 16, 0},
	{NULL, 0, 0, 0, 0},
};
static const struct vfield customer_fields[] = {
	{"name", V_STRING, 0, LIM_FIELD_SHORT, 0},
	{"phone", V_STRING, 0, 32, 1},
	{"email", V_STRING, 0, LIM_FIELD_EMAIL, 1},
	{NULL, 0, 0, 0, 0},
};

/* Find the customer by phone (then e-mail) or create it. In the caller's
 * transaction; ON CONFLICT keeps a PostgreSQL transaction usable. */
static fd_err
find_or_create_customer(db_t *db, const char *tenant_id, json_object *cust, const char *now,
    char id_out[40], err_detail *d)
{
	const char *name = valid_str(cust, "name"), *phone = valid_str(cust, "phone"),
	    *email = valid_str(cust, "email");
	char e164[17] = "", mail[LIM_FIELD_EMAIL + 1] = "", id[UUID_STR_LEN];
	fd_err e;

	if ((e = valid_object(cust, customer_fields, d)) != OK) {
		char f[sizeof(d->field)];

		snprintf(f, sizeof(f), "customer.%.*s", (int)sizeof(f) - 10, d->field);
		memcpy(d->field, f, sizeof(f));
		return e;
	}
	if (phone && !valid_e164(phone, e164))
		return err_set(d, ERR_VALIDATION, "customer.phone", "phone must be E.164, like +14155550100");
	if (email) {
		if (!valid_email(email))
			return err_set(d, ERR_VALIDATION, "customer.email", "email is not a valid address");
		snprintf(mail, sizeof(mail), "%s", email);
		valid_lower(mail);
	}
	if (!e164[0] && !mail[0])
		return err_set(d, ERR_VALIDATION, "customer.phone", "a new customer needs a phone or email");
	for (int pass = 0; pass < 2; pass++) {
		db_stmt *st = e164[0]
		    ? db_queryf(db, "SELECT id FROM customers WHERE tenant_id = ? AND phone = ?", "ss",
			tenant_id, e164)
		    : db_queryf(db, "SELECT id FROM customers WHERE tenant_id = ? AND email = ? "
			"ORDER BY id LIMIT 1", "ss", tenant_id, mail);
		int rc;

		if (st == NULL)
			return db_failed(db, d);
		if ((rc = db_step(st)) == DB_ROW)
			snprintf(id_out, 40, "%s", db_col_text(st, 0));
		db_finalize(st);
		if (rc == DB_ROW)
			return OK;
		if (rc < 0 || pass == 1)
			break;
		if (uuid_v7(id) < 0)
			return err_set(d, ERR_INTERNAL, NULL, "internal error");
		rc = db_runf(db, "INSERT INTO customers (id, tenant_id, name, phone, email, created_at, "
		    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", "sssssss", id,
		    tenant_id, name ? name : "", e164[0] ? e164 : NULL, mail[0] ? mail : NULL, now, now);
		if (rc != DB_DONE)
			break;
	}
	return db_failed(db, d);
}

fd_err
appt_create(db_t *db, const char *tenant_id, json_object *body, int64_t now, json_object **out,
    err_detail *d)
{
	const char *service_id, *customer_id, *source;
	json_object *cust = NULL;
	int dur, buf, active, ok, rc, in_tx = 0;
	int64_t start, end, bu;
	const tz_t *tz;
	char id[UUID_STR_LEN], cid[40], s[24], en[24], bus[24], nows[24];
	fd_err e;

	if ((e = valid_object(body, create_fields, d)) != OK)
		return e;
	service_id = valid_str(body, "service_id");
	customer_id = valid_str(body, "customer_id");
	source = valid_str(body, "source");
	json_object_object_get_ex(body, "customer", &cust);
	if ((customer_id == NULL) == (cust == NULL))
		return err_set(d, ERR_VALIDATION, "customer_id",
		    "give either customer_id or customer {name, phone, email}");
	if (source && valid_enum(appt_sources, source) < 0)
		return err_set(d, ERR_VALIDATION, "source",
		    "source must be one of chat, phone, sms, api, calendar");
	if ((e = sched_service(db, tenant_id, service_id, &dur, &buf, &active, NULL, 0, d)) != OK)
		return e;
	if (!active)
		return err_set(d, ERR_UNPROCESSABLE, "service_id", "this service is not bookable now");
	if (customer_id) {
		if ((ok = crud_exists(db, "customers", tenant_id, customer_id)) < 0)
			return db_failed(db, d);
		if (!ok)
			return err_set(d, ERR_NOT_FOUND, "customer_id", "customer not found");
		snprintf(cid, sizeof(cid), "%s", customer_id);
	}
	if ((e = sched_tenant(db, tenant_id, &tz, NULL, d)) != OK ||
	    (e = parse_when("starts_at", valid_str(body, "starts_at"), tz, &start, d)) != OK)
		return e;
	end = start + (int64_t)dur * 60;
	bu = end + (int64_t)buf * 60;
	if ((e = check_slot(db, tenant_id, start, end, bu, now, NULL, d)) != OK)
		return e;

	tz_format_utc(start, s, sizeof(s));
	tz_format_utc(end, en, sizeof(en));
	tz_format_utc(bu, bus, sizeof(bus));
	tz_format_utc(now, nows, sizeof(nows));
	if (uuid_v7(id) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	/* customer and booking together: a refused booking leaves no customer */
	if (db_begin(db) != DB_DONE)
		return db_failed(db, d);
	in_tx = 1;
	if (cust && (e = find_or_create_customer(db, tenant_id, cust, nows, cid, d)) != OK)
		goto fail;
	rc = db_runf(db, "INSERT INTO appointments (id, tenant_id, service_id, customer_id, starts_at, "
	    "ends_at, busy_until, status, source, notes, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?)", "sssssssssss", id, tenant_id,
	    service_id, cid, s, en, bus, source ? source : "api",
	    valid_str(body, "notes") ? valid_str(body, "notes") : "", nows, nows);
	if (rc == DB_CONSTRAINT) {
		db_rollback(db);
		in_tx = 0;
		e = conflict_error(db, tenant_id, s, bus, d);
		goto fail;
	}
	if (rc != DB_DONE || db_runf(db, "UPDATE customers SET last_contact_at = ? WHERE id = ?",
	    "ss", nows, cid) != DB_DONE || db_commit(db) != DB_DONE) {
		e = db_failed(db, d);
		goto fail;
	}
	return appt_get(db, tenant_id, id, out, d);
fail:
	if (in_tx)
		db_rollback(db);
	return e;
}

fd_err
appt_list(db_t *db, const char *tenant_id, const char *from, const char *to, const char *status,
    const char *customer_id, int limit, const char *cursor, json_object **out, err_detail *d)
{
	const tz_t *tz;
	char f[24], t[24];
	int64_t ft, tt;
	buf_t sql;
	db_stmt *st;
	int k = 1;
	fd_err e;

	if ((e = sched_tenant(db, tenant_id, &tz, NULL, d)) != OK)
		return e;
	if (from && (e = parse_when("from", from, tz, &ft, d)) != OK)
		return e;
	if (to && (e = parse_when("to", to, tz, &tt, d)) != OK)
		return e;
	if (status && valid_enum(appt_statuses, status) < 0)
		return err_set(d, ERR_VALIDATION, "status",
		    "status must be one of booked, cancelled, completed, no_show");
	if (customer_id && !uuid_valid(customer_id))
		return err_set(d, ERR_VALIDATION, "customer_id", "customer_id is not a valid id");
	buf_init(&sql, 0);
	buf_puts(&sql, APPT_SELECT "WHERE a.tenant_id = ?");
	if (from)
		buf_puts(&sql, " AND a.starts_at >= ?");
	if (to)
		buf_puts(&sql, " AND a.starts_at < ?");
	if (status)
		buf_puts(&sql, " AND a.status = ?");
	if (customer_id)
		buf_puts(&sql, " AND a.customer_id = ?");
	if (strcmp(cursor, ROWS_CURSOR_START) != 0)
		buf_puts(&sql, " AND (a.starts_at, a.id) > (SELECT starts_at, id FROM appointments "
		    "WHERE tenant_id = ? AND id = ?)");
	buf_puts(&sql, " ORDER BY a.starts_at, a.id LIMIT ?");
	st = buf_ok(&sql) ? db_prepare(db, sql.data) : NULL;
	buf_free(&sql);
	if (st == NULL)
		return db_failed(db, d);
	db_bind_text(st, k++, tenant_id);
	if (from) {
		tz_format_utc(ft, f, sizeof(f));
		db_bind_text(st, k++, f);
	}
	if (to) {
		tz_format_utc(tt, t, sizeof(t));
		db_bind_text(st, k++, t);
	}
	if (status)
		db_bind_text(st, k++, status);
	if (customer_id)
		db_bind_text(st, k++, customer_id);
	if (strcmp(cursor, ROWS_CURSOR_START) != 0) {
		db_bind_text(st, k++, tenant_id);
		db_bind_text(st, k++, cursor);
	}
	db_bind_int(st, k, (int64_t)limit + 1);
	*out = rows_page(st, appt_names, appt_types, limit);
	db_finalize(st);
	if (*out == NULL)
		return db_failed(db, d);
	json_object *items = json_object_object_get(*out, "items");
	for (size_t i = 0; i < json_object_array_length(items); i++)
		add_local(json_object_array_get_idx(items, i), tz);
	return OK;
}

static const struct vfield update_fields[] = {
	{"starts_at", V_STRING, 0, 40, 0},
	{"notes", V_STRING, 0, 5000, 0},
	{NULL, 0, 0, 0, 0},
};

fd_err
appt_update(db_t *db, const char *tenant_id, const char *id, json_object *body, int64_t now,
    json_object **out, err_detail *d)
{
	json_object *cur = NULL;
	const char *ns;
	const tz_t *tz;
	char now_s[24];
	fd_err e;
	int rc;

	if ((e = valid_object(body, update_fields, d)) != OK ||
	    (e = appt_get(db, tenant_id, id, &cur, d)) != OK)
		return e;
	tz_format_utc(now, now_s, sizeof(now_s));
	if ((ns = valid_str(body, "starts_at")) != NULL) {
		int dur, buf, active;
		int64_t start, end, bu;
		char s[24], en[24], bus[24];

		if (strcmp(json_object_get_string(json_object_object_get(cur, "status")), "booked")) {
			e = err_set(d, ERR_UNPROCESSABLE, "starts_at", "only a booked appointment can move");
			goto out;
		}
		if ((e = sched_service(db, tenant_id,
		    json_object_get_string(json_object_object_get(cur, "service_id")), &dur, &buf,
		    &active, NULL, 0, d)) != OK ||
		    (e = sched_tenant(db, tenant_id, &tz, NULL, d)) != OK ||
		    (e = parse_when("starts_at", ns, tz, &start, d)) != OK)
			goto out;
		end = start + (int64_t)dur * 60;
		bu = end + (int64_t)buf * 60;
		if ((e = check_slot(db, tenant_id, start, end, bu, now, id, d)) != OK)
			goto out;
		tz_format_utc(start, s, sizeof(s));
		tz_format_utc(end, en, sizeof(en));
		tz_format_utc(bu, bus, sizeof(bus));
		rc = db_runf(db, "UPDATE appointments SET starts_at = ?, ends_at = ?, busy_until = ?, "
		    "updated_at = ? WHERE tenant_id = ? AND id = ?", "ssssss", s, en, bus, now_s,
		    tenant_id, id);
		if (rc == DB_CONSTRAINT) {
			e = conflict_error(db, tenant_id, s, bus, d);
			goto out;
		}
		if (rc != DB_DONE) {
			e = db_failed(db, d);
			goto out;
		}
	}
	if (valid_str(body, "notes") && db_runf(db, "UPDATE appointments SET notes = ?, updated_at = ? "
	    "WHERE tenant_id = ? AND id = ?", "ssss", valid_str(body, "notes"), now_s, tenant_id, id)
	    != DB_DONE) {
		e = db_failed(db, d);
		goto out;
	}
	e = appt_get(db, tenant_id, id, out, d);
out:
	json_object_put(cur);
	return e;
}

fd_err
appt_cancel(db_t *db, const char *tenant_id, const char *id, json_object **out, err_detail *d)
{
	json_object *cur = NULL;
	const char *status;
	char now[24];
	fd_err e;

	if ((e = appt_get(db, tenant_id, id, &cur, d)) != OK)
		return e;
	status = json_object_get_string(json_object_object_get(cur, "status"));
	if (strcmp(status, "cancelled") == 0) {
		*out = cur;
		return OK;
	}
	if (strcmp(status, "booked") != 0) {
		e = err_set(d, ERR_UNPROCESSABLE, NULL, "a %s appointment cannot be cancelled", status);
		json_object_put(cur); /* status points into cur */
		return e;
	}
	json_object_put(cur);
	db_now(now, 0);
	if (db_runf(db, "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, updated_at = ? "
	    "WHERE tenant_id = ? AND id = ? AND status = 'booked'", "ssss", now, now, tenant_id, id)
	    != DB_DONE)
		return db_failed(db, d);
	return appt_get(db, tenant_id, id, out, d);
}
