#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "crud.h"
#include "crypto.h"
#include "ical.h"
#include "tz.h"

void
ical_init(void)
{
	(void)icaltimezone_get_utc_timezone();
}

fd_err
ical_rotate(db_t *db, const char *tenant_id, char *url, size_t urllen, err_detail *d)
{
	char token[96], hash[65], now[24];

	if (crypto_token("", token, sizeof(token)) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	crypto_sha256_hex(token, strlen(token), hash);
	db_now(now, 0);
	if (db_runf(db, "UPDATE tenants SET ical_token_hash = ?, updated_at = ? WHERE id = ?", "sss",
	    hash, now, tenant_id) != DB_DONE)
		return crud_db_failed(db, "ical", d);
	snprintf(url, urllen, "/ical/%s.ics", token);
	explicit_bzero(token, sizeof(token));
	return OK;
}

static struct icaltimetype
utc(const char *s)
{
	int64_t t = 0;
	int naive;

	if (s)
		tz_parse_time(s, tz_get("UTC"), &t, &naive);
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

fd_err
ical_feed(db_t *db, const char *token, char **out, err_detail *d)
{
	char hash[65], tenant_id[40] = "", tname[256] = "", uid[80], summary[600];
	icalcomponent *cal = NULL;
	db_stmt *st;
	int rc;

	*out = NULL;
	if (token == NULL || strlen(token) < 20 || strlen(token) > 100)
		return err_set(d, ERR_NOT_FOUND, NULL, "no such calendar");
	crypto_sha256_hex(token, strlen(token), hash);
	st = db_queryf(db, "SELECT id, name FROM tenants WHERE ical_token_hash = ? AND "
	    "status = 'active'", "s", hash);
	if (st == NULL)
		return crud_db_failed(db, "ical", d);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(tenant_id, sizeof(tenant_id), "%s", db_col_text(st, 0));
		snprintf(tname, sizeof(tname), "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, NULL, "no such calendar");
	if (rc < 0)
		return crud_db_failed(db, "ical", d);

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//frontdesk//appointments//EN"),
	    icalproperty_new_calscale("GREGORIAN"), (void *)0);
	icalproperty *xname = icalproperty_new_x(tname);
	icalproperty_set_x_name(xname, "X-WR-CALNAME");
	icalcomponent_add_property(cal, xname);
	/* the last year and everything ahead: a subscribable, bounded feed */
	char since[24];
	db_now(since, -366 * 86400);
	st = db_queryf(db, "SELECT a.id, a.starts_at, a.ends_at, a.status, s.name, c.name, a.notes, "
	    "a.updated_at FROM appointments a JOIN services s ON s.id = a.service_id "
	    "JOIN customers c ON c.id = a.customer_id WHERE a.tenant_id = ? AND a.starts_at >= ? "
	    "ORDER BY a.starts_at LIMIT 10000", "ss", tenant_id, since);
	if (st == NULL) {
		icalcomponent_free(cal);
		return crud_db_failed(db, "ical", d);
	}
	while ((rc = db_step(st)) == DB_ROW) {
		icalcomponent *ev = icalcomponent_new_vevent();
		const char *status = db_col_text(st, 3), *cname = db_col_text(st, 5);

		snprintf(uid, sizeof(uid), "%s@frontdesk", db_col_text(st, 0));
		snprintf(summary, sizeof(summary), "%s - %s", db_col_text(st, 4),
		    cname && *cname ? cname : "customer");
		icalcomponent_add_property(ev, icalproperty_new_uid(uid));
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(db_col_text(st, 7))));
		icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(db_col_text(st, 1))));
		icalcomponent_add_property(ev, icalproperty_new_dtend(utc(db_col_text(st, 2))));
		icalcomponent_add_property(ev, icalproperty_new_summary(summary));
		if (db_col_text(st, 6) && *db_col_text(st, 6))
			icalcomponent_add_property(ev, icalproperty_new_description(db_col_text(st, 6)));
		icalcomponent_add_property(ev, icalproperty_new_status(
		    strcmp(status, "cancelled") == 0 ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
		icalcomponent_add_component(cal, ev);
	}
	db_finalize(st);
	if (rc < 0) {
		icalcomponent_free(cal);
		return crud_db_failed(db, "ical", d);
	}
	*out = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	return *out ? OK : err_set(d, ERR_INTERNAL, NULL, "internal error");
}
