#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "limits.h"
#include "log.h"
#include "rows.h"
#include "schedule.h"
#include "tenant.h"
#include "uuid.h"
#include "valid.h"

/* ---- closures: a CRUD resource of local date ranges ---- */

static int
valid_date(const char *s)
{
	int y, m, d;
	char extra;

	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
	    s[4] != '-' || s[7] != '-' || y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	/* the day exists when it survives a round trip through the calendar */
	int y2, m2, d2;
	tz_civil_from_days(tz_days_from_civil(y, m, d), &y2, &m2, &d2);
	return y == y2 && m == m2 && d == d2;
}

static fd_err
check_date(const char *f, json_object *v, err_detail *d)
{
	if (!valid_date(json_object_get_string(v)))
		return err_set(d, ERR_VALIDATION, f, "%s must be a date YYYY-MM-DD", f);
	return OK;
}

static const struct crud_col closure_cols[] = {
	{"starts_on", 's', CRUD_W | CRUD_REQ, 10, check_date},
	{"ends_on", 's', CRUD_W | CRUD_REQ, 10, check_date},
	{"label", 's', CRUD_W, 200, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res closure_res = {"closures", "closure", closure_cols, NULL};

/* ---- hours ---- */

static int
hhmm(const char *s)
{
	return (s[0] - '0') * 600 + (s[1] - '0') * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

void
sched_week_from_json(json_object *hours, sched_week *w)
{
	json_object *weekly = NULL;

	memset(w, 0, sizeof(*w));
	if (hours == NULL || !json_object_object_get_ex(hours, "weekly", &weekly) || weekly == NULL) {
		for (int i = 0; i < 5; i++) {
			w->day[i].n = 1;
			w->day[i].iv[0].start = 9 * 60;
			w->day[i].iv[0].end = 17 * 60;
		}
		return;
	}
	json_object_object_foreach(weekly, day, list) {
		int di = valid_enum(weekday_names, day);

		if (di < 0 || !json_object_is_type(list, json_type_array))
			continue;
		for (size_t i = 0; i < json_object_array_length(list) && w->day[di].n < SCHED_MAX_INTERVALS;
		    i++) {
			json_object *iv = json_object_array_get_idx(list, i);
			const char *a = json_object_get_string(json_object_object_get(iv, "start"));
			const char *b = json_object_get_string(json_object_object_get(iv, "end"));

			if (a == NULL || b == NULL || strlen(a) != 5 || strlen(b) != 5)
				continue;
			w->day[di].iv[w->day[di].n].start = hhmm(a);
			w->day[di].iv[w->day[di].n].end = hhmm(b);
			w->day[di].n++;
		}
	}
}

json_object *
sched_week_to_json(const sched_week *w)
{
	json_object *o = json_object_new_object(), *weekly = json_object_new_object();

	for (int di = 0; di < 7; di++) {
		json_object *list = json_object_new_array();

		for (int i = 0; i < w->day[di].n; i++) {
			json_object *iv = json_object_new_object();
			char t[32];

			snprintf(t, sizeof(t), "%02d:%02d", w->day[di].iv[i].start / 60,
			    w->day[di].iv[i].start % 60);
			json_object_object_add(iv, "start", json_object_new_string(t));
			snprintf(t, sizeof(t), "%02d:%02d", w->day[di].iv[i].end / 60,
			    w->day[di].iv[i].end % 60);
			json_object_object_add(iv, "end", json_object_new_string(t));
			json_object_array_add(list, iv);
		}
		json_object_object_add(weekly, weekday_names[di], list);
	}
	json_object_object_add(o, "weekly", weekly);
	return o;
}

/* ---- loading a window ---- */

fd_err
sched_tenant(db_t *db, const char *tenant_id, const tz_t **tz, sched_week *w, err_detail *d)
{
	json_object *t = NULL;
	fd_err e;

	*tz = tz_get("UTC");
	if ((e = tenant_get(db, tenant_id, NULL, &t, d)) != OK)
		return e;
	const tz_t *z = tz_get(json_object_get_string(json_object_object_get(t, "timezone")));
	if (z)
		*tz = z;
	if (w)
		sched_week_from_json(json_object_object_get(t, "business_hours"), w);
	json_object_put(t);
	return OK;
}

fd_err
sched_service(db_t *db, const char *tenant_id, const char *service_id, int *duration,
    int *buffer, int *active, char *name, size_t namelen, err_detail *d)
{
	db_stmt *st;
	int rc;

	if (!uuid_valid(service_id))
		return err_set(d, ERR_NOT_FOUND, "service_id", "service not found");
	st = db_queryf(db, "SELECT duration_min, buffer_min, active, name FROM services "
	    "WHERE tenant_id = ? AND id = ?", "ss", tenant_id, service_id);
	if (st == NULL)
		return crud_db_failed(db, "service", d);
	if ((rc = db_step(st)) == DB_ROW) {
		*duration = (int)db_col_int(st, 0);
		*buffer = (int)db_col_int(st, 1);
		*active = (int)db_col_int(st, 2);
		if (name)
			snprintf(name, namelen, "%s", db_col_text(st, 3));
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(d, ERR_NOT_FOUND, "service_id", "service not found");
	return rc == DB_ROW ? OK : crud_db_failed(db, "service", d);
}

static int
span_cmp(const void *a, const void *b)
{
	const sched_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Stored times are always "YYYY-MM-DDTHH:MM:SSZ": read them directly (this
 * runs for every busy span in the window); anything else takes the general
 * parser. */
static int64_t
parse_utc(const char *s)
{
	int64_t t = 0;
	int naive, y, mo, d, h, mi, se;

	if (s == NULL)
		return 0;
	if (strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
	    s[16] == ':' && s[19] == 'Z' && (y = digits(s, 4)) >= 0 && (mo = digits(s + 5, 2)) >= 0 &&
	    (d = digits(s + 8, 2)) >= 0 && (h = digits(s + 11, 2)) >= 0 &&
	    (mi = digits(s + 14, 2)) >= 0 && (se = digits(s + 17, 2)) >= 0)
		return tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	if (tz_parse_time(s, tz_get("UTC"), &t, &naive) < 0)
		return 0;
	return t;
}

static void
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDTHH:MM:SS" of t shifted by off seconds, then "Z" (off 0 and
 * utc) or "+HH:MM". The slot loop formats four of these per slot. */
static void
fmt_time(int64_t t, int off, int utc, char out[32])
{
	int64_t lt = t + off, days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	int sec = (int)(lt - days * 86400), y, m, d, a = off < 0 ? -off : off;

	tz_civil_from_days(days, &y, &m, &d);
	put2(out, (y / 100) % 100);
	put2(out + 2, y % 100);
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = 'T';
	put2(out + 11, sec / 3600);
	out[13] = ':';
	put2(out + 14, sec / 60 % 60);
	out[16] = ':';
	put2(out + 17, sec % 60);
	if (utc) {
		out[19] = 'Z';
		out[20] = '\0';
		return;
	}
	out[19] = off < 0 ? '-' : '+';
	put2(out + 20, a / 3600);
	out[22] = ':';
	put2(out + 23, a / 60 % 60);
	out[25] = '\0';
}

static int
add_busy(sched_ctx *c, int *cap, int64_t a, int64_t b)
{
	if (c->nbusy == *cap) {
		int ncap = *cap ? *cap * 2 : 256;
		sched_span *nb = realloc(c->busy, (size_t)ncap * sizeof(*nb));

		if (nb == NULL)
			return -1;
		c->busy = nb;
		*cap = ncap;
	}
	c->busy[c->nbusy].start = a;
	c->busy[c->nbusy].end = b;
	c->nbusy++;
	return 0;
}

fd_err
sched_load(db_t *db, const char *tenant_id, int64_t from, int64_t to, const char *exclude_id,
    sched_ctx *c, err_detail *d)
{
	char f[24], t[24];
	db_stmt *st = NULL;
	int cap = 0, rc;
	fd_err e;

	memset(c, 0, sizeof(*c));
	if ((e = sched_tenant(db, tenant_id, &c->tz, &c->week, d)) != OK)
		return e;
	tz_format_utc(from, f, sizeof(f));
	tz_format_utc(to, t, sizeof(t));

	st = db_queryf(db, "SELECT starts_at, busy_until FROM appointments WHERE tenant_id = ? AND "
	    "status = 'booked' AND starts_at < ? AND busy_until > ? AND id <> ?", "ssss", tenant_id, t,
	    f, exclude_id && uuid_valid(exclude_id) ? exclude_id : ROWS_CURSOR_START);
	if (st == NULL)
		goto dberr;
	while ((rc = db_step(st)) == DB_ROW)
		if (add_busy(c, &cap, parse_utc(db_col_text(st, 0)), parse_utc(db_col_text(st, 1))) < 0)
			goto oom;
	db_finalize(st);
	if (rc < 0) {
		st = NULL;
		goto dberr;
	}
	st = db_queryf(db, "SELECT starts_at, ends_at FROM busy_blocks WHERE tenant_id = ? AND "
	    "starts_at < ? AND ends_at > ?", "sss", tenant_id, t, f);
	if (st == NULL)
		goto dberr;
	while ((rc = db_step(st)) == DB_ROW)
		if (add_busy(c, &cap, parse_utc(db_col_text(st, 0)), parse_utc(db_col_text(st, 1))) < 0)
			goto oom;
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto dberr;
	if (c->nbusy) {
		qsort(c->busy, (size_t)c->nbusy, sizeof(*c->busy), span_cmp);
		if ((c->maxend = malloc((size_t)c->nbusy * sizeof(*c->maxend))) == NULL)
			goto oom;
		for (int i = 0; i < c->nbusy; i++)
			c->maxend[i] = i == 0 || c->busy[i].end > c->maxend[i - 1] ? c->busy[i].end
			    : c->maxend[i - 1];
	}

	/* closures are few: load them all */
	st = db_queryf(db, "SELECT starts_on, ends_on FROM closures WHERE tenant_id = ? "
	    "ORDER BY starts_on LIMIT 1000", "s", tenant_id);
	if (st == NULL)
		goto dberr;
	while ((rc = db_step(st)) == DB_ROW) {
		void *a = realloc(c->closed_from, (size_t)(c->nclosed + 1) * 11);
		void *b = a ? realloc(c->closed_to, (size_t)(c->nclosed + 1) * 11) : NULL;

		if (a)
			c->closed_from = a;
		if (b == NULL)
			goto oom;
		c->closed_to = b;
		snprintf(c->closed_from[c->nclosed], 11, "%s", db_col_text(st, 0));
		snprintf(c->closed_to[c->nclosed], 11, "%s", db_col_text(st, 1));
		c->nclosed++;
	}
	db_finalize(st);
	if (rc < 0) {
		st = NULL;
		goto dberr;
	}
	return OK;
oom:
	db_finalize(st);
	sched_free(c);
	return err_set(d, ERR_INTERNAL, NULL, "internal error");
dberr:
	db_finalize(st);
	sched_free(c);
	return crud_db_failed(db, "schedule", d);
}

void
sched_free(sched_ctx *c)
{
	free(c->busy);
	free(c->maxend);
	free(c->closed_from);
	free(c->closed_to);
	memset(c, 0, sizeof(*c));
}

static int
closed_on(const sched_ctx *c, const struct tm *lt)
{
	char date[48];

	if (c->nclosed == 0)
		return 0;
	snprintf(date, sizeof(date), "%04d-%02d-%02d", lt->tm_year + 1900, lt->tm_mon + 1,
	    lt->tm_mday);
	for (int i = 0; i < c->nclosed; i++)
		if (strcmp(date, c->closed_from[i]) >= 0 && strcmp(date, c->closed_to[i]) <= 0)
			return 1;
	return 0;
}

int
sched_is_open(const sched_ctx *c, int64_t start, int64_t end)
{
	struct tm a, b;
	int am, bm, di;

	tz_to_local(c->tz, start, &a);
	tz_to_local(c->tz, end, &b);
	if (closed_on(c, &a))
		return 0;
	am = a.tm_hour * 60 + a.tm_min;
	bm = b.tm_hour * 60 + b.tm_min;
	if (b.tm_year != a.tm_year || b.tm_yday != a.tm_yday) {
		/* ending exactly at the next local midnight counts as 24:00 */
		if (bm != 0 || b.tm_sec != 0 || end - start > 86400)
			return 0;
		bm = 1440;
	}
	di = (a.tm_wday + 6) % 7; /* tm_wday 0 = Sunday; ours 0 = Monday */
	for (int i = 0; i < c->week.day[di].n; i++)
		if (am >= c->week.day[di].iv[i].start && bm <= c->week.day[di].iv[i].end)
			return 1;
	return 0;
}

int
sched_is_busy(const sched_ctx *c, int64_t start, int64_t end, int64_t *conflict)
{
	int lo = 0, hi = c->nbusy - 1, j = -1;

	/* last busy span starting before end; an overlap exists when the
	 * furthest end among spans up to it reaches past start */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (c->busy[mid].start < end) {
			j = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (j < 0 || c->maxend[j] <= start)
		return 0;
	if (conflict) {
		/* the earliest span in the way; none before i reaches start once the
		 * running maximum of ends stops doing so */
		for (int i = j; i >= 0 && c->maxend[i] > start; i--)
			if (c->busy[i].end > start)
				*conflict = c->busy[i].start;
	}
	return 1;
}

fd_err
sched_availability(db_t *db, const char *tenant_id, const char *service_id, int64_t from,
    int64_t to, int64_t now, json_object **out, err_detail *d)
{
	int dur, buf, active, step = g_config.slot_step_min > 0 ? g_config.slot_step_min : 15;
	int64_t earliest = now + (int64_t)g_config.min_notice_min * 60;
	int64_t latest = now + (int64_t)g_config.horizon_days * 86400;
	sched_ctx c;
	json_object *slots, *o;
	char sname[LIM_FIELD_SHORT + 1];
	fd_err e;
	struct tm lt;

	if ((e = sched_service(db, tenant_id, service_id, &dur, &buf, &active, sname, sizeof(sname),
	    d)) != OK)
		return e;
	if (from < earliest)
		from = earliest;
	if (to > latest)
		to = latest;
	if ((e = sched_load(db, tenant_id, from, to + (int64_t)(dur + buf) * 60, NULL, &c, d)) != OK)
		return e;
	slots = json_object_new_array();
	if (active && to > from) {
		int y, m, dd;
		int64_t day;

		tz_to_local(c.tz, from, &lt);
		day = tz_days_from_civil(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
		for (;; day++) {
			int64_t day_start;
			int di;

			tz_civil_from_days(day, &y, &m, &dd);
			/* a few zones skip midnight on their DST day: the day starts at 01:00 */
			if (tz_from_local(c.tz, y, m, dd, 0, 0, 0, &day_start) == TZ_GAP &&
			    tz_from_local(c.tz, y, m, dd, 1, 0, 0, &day_start) != TZ_OK)
				continue;
			if (day_start >= to)
				break;
			di = (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday (3) */
			if (c.nclosed) {
				struct tm dl = {0};

				dl.tm_year = y - 1900;
				dl.tm_mon = m - 1;
				dl.tm_mday = dd;
				if (closed_on(&c, &dl))
					continue;
			}
			for (int i = 0; i < c.week.day[di].n; i++) {
				int a = c.week.day[di].iv[i].start, b = c.week.day[di].iv[i].end;
				int mstart = ((a + step - 1) / step) * step;

				for (int mm = mstart; mm + dur <= b; mm += step) {
					int64_t s, en;
					char t1[32], t2[32];

					if (tz_from_local(c.tz, y, m, dd, mm / 60, mm % 60, 0, &s) == TZ_GAP)
						continue;
					en = s + (int64_t)dur * 60;
					if (s < from || s >= to)
						continue;
					/* built from the day's own interval: open by construction,
					 * unless the offset changes inside the slot (DST day) */
					int off_s = tz_offset_at(c.tz, s), off_e = tz_offset_at(c.tz, en);
					if ((off_s != off_e && !sched_is_open(&c, s, en)) ||
					    sched_is_busy(&c, s, en + (int64_t)buf * 60, NULL))
						continue;
					o = json_object_new_object();
					fmt_time(s, 0, 1, t1);
					fmt_time(en, 0, 1, t2);
					json_object_object_add(o, "start", json_object_new_string(t1));
					json_object_object_add(o, "end", json_object_new_string(t2));
					fmt_time(s, off_s, 0, t1);
					fmt_time(en, off_e, 0, t2);
					json_object_object_add(o, "start_local", json_object_new_string(t1));
					json_object_object_add(o, "end_local", json_object_new_string(t2));
					json_object_array_add(slots, o);
				}
			}
		}
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "service_id", json_object_new_string(service_id));
	json_object_object_add(*out, "service_name", json_object_new_string(sname));
	json_object_object_add(*out, "duration_min", json_object_new_int(dur));
	json_object_object_add(*out, "timezone", json_object_new_string(tz_name(c.tz)));
	json_object_object_add(*out, "slots", slots);
	sched_free(&c);
	return OK;
}
