/* lib/tz.c: TZif zones from the system zoneinfo, footer rules, DST gaps and
 * overlaps, fixed offsets, RFC 3339 text, hostile names and files.
 * Expected instants were checked against `zdump -v <zone>` (tzdata 2025b). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "../../lib/tz.h"

#define H 3600

/* An instant from UTC fields. */
static int64_t
U(int y, int mo, int d, int h, int mi, int s)
{
	return tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static const tz_t *
zone(const char *name)
{
	const tz_t *tz = tz_get(name);

	cr_assert_not_null(tz, "zone %s", name);
	return tz;
}

static void
assert_local(const tz_t *tz, int64_t t, const char *want)
{
	char got[64];

	tz_format_local(tz, t, got, sizeof(got));
	cr_assert_str_eq(got, want, "%s at %lld", tz_name(tz), (long long)t);
}

static void
assert_from(const tz_t *tz, int y, int mo, int d, int h, int mi, int s, int want_rc,
    int64_t want_t)
{
	int64_t t = -1;
	int rc = tz_from_local(tz, y, mo, d, h, mi, s, &t);

	cr_assert_eq(rc, want_rc, "%s %04d-%02d-%02d %02d:%02d:%02d: rc %d, want %d", tz_name(tz),
	    y, mo, d, h, mi, s, rc, want_rc);
	if (want_rc == TZ_OK || want_rc == TZ_AMBIGUOUS)
		cr_assert_eq(t, want_t, "%s %04d-%02d-%02d %02d:%02d:%02d: %lld, want %lld",
		    tz_name(tz), y, mo, d, h, mi, s, (long long)t, (long long)want_t);
}

/* ---- calendar ---- */

UTEST(tz, civil_days)
{
	int y, m, d;

	cr_assert_eq(tz_days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(tz_days_from_civil(1969, 12, 31), -1);
	cr_assert_eq(tz_days_from_civil(2000, 3, 1), 11017);
	cr_assert_eq(tz_days_from_civil(2026, 3, 8), 20520);
	cr_assert_eq(tz_days_from_civil(1, 1, 1), -719162);
	cr_assert_eq(tz_days_from_civil(2024, 2, 29) + 1, tz_days_from_civil(2024, 3, 1));
	cr_assert_eq(tz_days_from_civil(2100, 2, 28) + 1, tz_days_from_civil(2100, 3, 1));
	for (int64_t z = -800000; z <= 800000; z++) {
		tz_civil_from_days(z, &y, &m, &d);
		if (tz_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 || d > 31)
			cr_assert_fail("day %lld -> %d-%d-%d", (long long)z, y, m, d);
	}
	tz_civil_from_days(-1, &y, &m, &d);
	cr_assert(y == 1969 && m == 12 && d == 31);
}

UTEST(tz, format_utc)
{
	char s[32];

	tz_format_utc(0, s, sizeof(s));
	cr_assert_str_eq(s, "1970-01-01T00:00:00Z");
	tz_format_utc(-1, s, sizeof(s));
	cr_assert_str_eq(s, "1969-12-31T23:59:59Z");
	tz_format_utc(U(2026, 3, 8, 8, 0, 0), s, sizeof(s));
	cr_assert_str_eq(s, "2026-03-08T08:00:00Z");
	tz_format_utc(U(9999, 12, 31, 23, 59, 59), s, sizeof(s));
	cr_assert_str_eq(s, "9999-12-31T23:59:59Z");
	tz_format_utc(U(2024, 2, 29, 12, 34, 56), s, 21);
	cr_assert_str_eq(s, "2024-02-29T12:34:56Z");
	tz_format_utc(U(2024, 2, 29, 12, 34, 56), s, 5);     /* truncated, terminated */
	cr_assert_str_eq(s, "2024");
	tz_format_utc(INT64_MAX, s, sizeof(s));             /* clamped, no overflow */
	tz_format_utc(INT64_MIN, s, sizeof(s));
}

/* ---- names ---- */

UTEST(tz, utc_and_fixed_offsets)
{
	static const struct { const char *name; int off; } ok[] = {
		{"UTC", 0}, {"+00:00", 0}, {"-00:00", 0}, {"-06:00", -6 * H}, {"+05:30", 19800},
		{"+14:00", 14 * H}, {"-14:00", -14 * H}, {"+09:45", 35100},
	};
	static const char *const bad[] = {
		"+14:01", "-14:30", "+05:60", "05:00", "+5:00", "+05:00x", "+0500", "+05", "utc",
		"+05:3", " +05:00", "+99:00",
	};
	char s[64];
	int64_t t;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		tz_t *tz = tz_load(ok[i].name);

		cr_assert_not_null(tz, "%s", ok[i].name);
		cr_assert_str_eq(tz_name(tz), ok[i].name);
		cr_assert_eq(tz_offset_at(tz, 0), ok[i].off);
		cr_assert_eq(tz_offset_at(tz, U(2090, 7, 1, 0, 0, 0)), ok[i].off);
		cr_assert_eq(tz_from_local(tz, 2026, 3, 8, 2, 30, 0, &t), TZ_OK);
		cr_assert_eq(t, U(2026, 3, 8, 2, 30, 0) - ok[i].off);
		tz_free(tz);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_null(tz_load(bad[i]), "%s", bad[i]);

	/* local formatting never uses "Z" */
	assert_local(zone("UTC"), U(2026, 3, 8, 8, 0, 0), "2026-03-08T08:00:00+00:00");
	assert_local(zone("-06:00"), U(2026, 3, 8, 8, 0, 0), "2026-03-08T02:00:00-06:00");
	assert_local(zone("+05:30"), U(2026, 1, 1, 0, 0, 0), "2026-01-01T05:30:00+05:30");
	tz_format_local(zone("+09:45"), U(2026, 12, 31, 14, 15, 0), s, sizeof(s));
	cr_assert_str_eq(s, "2027-01-01T00:00:00+09:45");
}

UTEST(tz, invalid_names)
{
	static const char *const bad[] = {
		"Mars/Base", "../etc/passwd", "/etc/localtime", "", "America/", "America",
		"America//Chicago", "America/../Europe/Berlin", "..", ".", "./UTC", "Etc/.hidden",
		"America/Chicago/", "localtime", "zone.tab", "tzdata.zi", "America/Chicago\n",
		"America/Chicago ", "America\\Chicago", "_/x", "-x", "right/America/Chicago",
		"Europe/Berlin%00", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_null(tz_load(bad[i]), "\"%s\" must not load", bad[i]);
		cr_assert_null(tz_get(bad[i]), "\"%s\" must not load", bad[i]);
	}
	cr_assert_null(tz_load(NULL));
	cr_assert_null(tz_get(NULL));
	tz_free(NULL);
	/* names with '+', '-', '_' and three components are fine */
	cr_assert_not_null(zone("Etc/GMT+5"));
	cr_assert_eq(tz_offset_at(zone("Etc/GMT+5"), 0), -5 * H);
	cr_assert_not_null(zone("America/Port-au-Prince"));
	cr_assert_not_null(zone("America/Argentina/Buenos_Aires"));
	cr_assert_str_eq(tz_name(zone("America/Chicago")), "America/Chicago");
}

/* ---- DST in the three zones of the issue (cross-checked with zdump) ---- */

UTEST(tz, chicago_2026)
{
	const tz_t *tz = zone("America/Chicago");
	struct tm tm;

	/* zdump: Mar 8 07:59:59 UT = 01:59:59 CST, 08:00:00 UT = 03:00:00 CDT */
	cr_assert_eq(tz_offset_at(tz, U(2026, 3, 8, 7, 59, 59)), -6 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 3, 8, 8, 0, 0)), -5 * H);
	/* Nov 1 06:59:59 UT = 01:59:59 CDT, 07:00:00 UT = 01:00:00 CST */
	cr_assert_eq(tz_offset_at(tz, U(2026, 11, 1, 6, 59, 59)), -5 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 11, 1, 7, 0, 0)), -6 * H);

	assert_from(tz, 2026, 3, 8, 2, 30, 0, TZ_GAP, 0);
	assert_from(tz, 2026, 3, 8, 2, 0, 0, TZ_GAP, 0);
	assert_from(tz, 2026, 3, 8, 2, 59, 59, TZ_GAP, 0);
	assert_from(tz, 2026, 3, 8, 1, 59, 59, TZ_OK, U(2026, 3, 8, 7, 59, 59));
	assert_from(tz, 2026, 3, 8, 3, 0, 0, TZ_OK, U(2026, 3, 8, 8, 0, 0));
	assert_from(tz, 2026, 11, 1, 1, 30, 0, TZ_AMBIGUOUS, U(2026, 11, 1, 6, 30, 0));
	assert_from(tz, 2026, 11, 1, 1, 0, 0, TZ_AMBIGUOUS, U(2026, 11, 1, 6, 0, 0));
	assert_from(tz, 2026, 11, 1, 0, 59, 59, TZ_OK, U(2026, 11, 1, 5, 59, 59));
	assert_from(tz, 2026, 11, 1, 2, 0, 0, TZ_OK, U(2026, 11, 1, 8, 0, 0));

	assert_local(tz, U(2026, 3, 8, 8, 0, 0), "2026-03-08T03:00:00-05:00");
	assert_local(tz, U(2026, 3, 8, 7, 59, 59), "2026-03-08T01:59:59-06:00");
	assert_local(tz, U(2026, 11, 1, 6, 30, 0), "2026-11-01T01:30:00-05:00");
	assert_local(tz, U(2026, 11, 1, 7, 30, 0), "2026-11-01T01:30:00-06:00");

	tz_to_local(tz, U(2026, 7, 4, 17, 0, 0), &tm);
	cr_assert_eq(tm.tm_year, 126);
	cr_assert_eq(tm.tm_mon, 6);
	cr_assert_eq(tm.tm_mday, 4);
	cr_assert_eq(tm.tm_hour, 12);
	cr_assert_eq(tm.tm_wday, 6);        /* a Saturday */
	cr_assert_eq(tm.tm_yday, 184);
	cr_assert_eq(tm.tm_isdst, 1);
	cr_assert_eq(tm.tm_gmtoff, -5 * H);
	cr_assert_str_eq(tm.tm_zone, "CDT");
	tz_to_local(tz, U(2026, 1, 1, 5, 59, 59), &tm);     /* still Dec 31 locally */
	cr_assert(tm.tm_year == 125 && tm.tm_mon == 11 && tm.tm_mday == 31 && tm.tm_hour == 23);
	cr_assert_eq(tm.tm_yday, 364);
	cr_assert_eq(tm.tm_isdst, 0);
	cr_assert_str_eq(tm.tm_zone, "CST");
}

UTEST(tz, berlin_2026)
{
	const tz_t *tz = zone("Europe/Berlin");

	cr_assert_eq(tz_offset_at(tz, U(2026, 3, 29, 0, 59, 59)), 1 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 3, 29, 1, 0, 0)), 2 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 10, 25, 0, 59, 59)), 2 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 10, 25, 1, 0, 0)), 1 * H);
	assert_from(tz, 2026, 3, 29, 2, 30, 0, TZ_GAP, 0);
	assert_from(tz, 2026, 3, 29, 1, 59, 0, TZ_OK, U(2026, 3, 29, 0, 59, 0));
	assert_from(tz, 2026, 3, 29, 3, 0, 0, TZ_OK, U(2026, 3, 29, 1, 0, 0));
	assert_from(tz, 2026, 10, 25, 2, 30, 0, TZ_AMBIGUOUS, U(2026, 10, 25, 0, 30, 0));
	assert_from(tz, 2026, 10, 25, 3, 0, 0, TZ_OK, U(2026, 10, 25, 2, 0, 0));
	assert_local(tz, U(2026, 10, 25, 0, 30, 0), "2026-10-25T02:30:00+02:00");
	assert_local(tz, U(2026, 10, 25, 1, 30, 0), "2026-10-25T02:30:00+01:00");
}

UTEST(tz, sydney_2026)
{
	const tz_t *tz = zone("Australia/Sydney");

	/* zdump: Apr 4 15:59:59 UT = Apr 5 02:59:59 AEDT; 16:00 UT = 02:00 AEST */
	cr_assert_eq(tz_offset_at(tz, U(2026, 4, 4, 15, 59, 59)), 11 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 4, 4, 16, 0, 0)), 10 * H);
	/* Oct 3 15:59:59 UT = Oct 4 01:59:59 AEST; 16:00 UT = 03:00 AEDT */
	cr_assert_eq(tz_offset_at(tz, U(2026, 10, 3, 15, 59, 59)), 10 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 10, 3, 16, 0, 0)), 11 * H);
	/* summer is January: the footer's DST spans the new year */
	cr_assert_eq(tz_offset_at(tz, U(2026, 1, 1, 0, 0, 0)), 11 * H);
	cr_assert_eq(tz_offset_at(tz, U(2026, 7, 1, 0, 0, 0)), 10 * H);
	assert_from(tz, 2026, 4, 5, 2, 30, 0, TZ_AMBIGUOUS, U(2026, 4, 4, 15, 30, 0));
	assert_from(tz, 2026, 10, 4, 2, 30, 0, TZ_GAP, 0);
	assert_from(tz, 2026, 10, 4, 3, 0, 0, TZ_OK, U(2026, 10, 3, 16, 0, 0));
	assert_from(tz, 2026, 1, 1, 0, 0, 0, TZ_OK, U(2025, 12, 31, 13, 0, 0));
	assert_local(tz, U(2026, 4, 4, 15, 30, 0), "2026-04-05T02:30:00+11:00");
	assert_local(tz, U(2026, 4, 4, 16, 30, 0), "2026-04-05T02:30:00+10:00");
}

UTEST(tz, far_future_uses_footer)
{
	const tz_t *chi = zone("America/Chicago"), *syd = zone("Australia/Sydney");

	/* past the last transition of any fat file (2037): the footer rule */
	cr_assert_eq(tz_offset_at(chi, U(2090, 7, 1, 12, 0, 0)), -5 * H);
	cr_assert_eq(tz_offset_at(chi, U(2090, 1, 15, 12, 0, 0)), -6 * H);
	assert_local(chi, U(2090, 7, 1, 17, 0, 0), "2090-07-01T12:00:00-05:00");
	/* zdump: 2090 Mar 12 08:00 UT -> CDT, Nov 5 07:00 UT -> CST */
	cr_assert_eq(tz_offset_at(chi, U(2090, 3, 12, 7, 59, 59)), -6 * H);
	cr_assert_eq(tz_offset_at(chi, U(2090, 3, 12, 8, 0, 0)), -5 * H);
	cr_assert_eq(tz_offset_at(chi, U(2090, 11, 5, 6, 59, 59)), -5 * H);
	cr_assert_eq(tz_offset_at(chi, U(2090, 11, 5, 7, 0, 0)), -6 * H);
	assert_from(chi, 2090, 3, 12, 2, 30, 0, TZ_GAP, 0);
	assert_from(chi, 2090, 11, 5, 1, 30, 0, TZ_AMBIGUOUS, U(2090, 11, 5, 6, 30, 0));
	assert_from(chi, 2090, 7, 1, 12, 0, 0, TZ_OK, U(2090, 7, 1, 17, 0, 0));
	cr_assert_eq(tz_offset_at(syd, U(2345, 1, 1, 0, 0, 0)), 11 * H);
	cr_assert_eq(tz_offset_at(syd, U(2345, 7, 1, 0, 0, 0)), 10 * H);
	/* absurd instants are clamped, not overflowed */
	(void)tz_offset_at(chi, INT64_MAX);
	(void)tz_offset_at(chi, INT64_MIN);
}

UTEST(tz, historic)
{
	const tz_t *ber = zone("Europe/Berlin"), *chi = zone("America/Chicago");

	/* West Germany had no DST from 1950 to 1979 */
	cr_assert_eq(tz_offset_at(ber, U(1970, 7, 1, 12, 0, 0)), 1 * H);
	assert_local(ber, U(1970, 7, 1, 12, 0, 0), "1970-07-01T13:00:00+01:00");
	/* 1990: Mar 25 01:00 UT -> CEST, Sep 30 01:00 UT -> CET (not October) */
	cr_assert_eq(tz_offset_at(ber, U(1990, 3, 25, 0, 59, 59)), 1 * H);
	cr_assert_eq(tz_offset_at(ber, U(1990, 3, 25, 1, 0, 0)), 2 * H);
	cr_assert_eq(tz_offset_at(ber, U(1990, 9, 30, 1, 0, 0)), 1 * H);
	assert_from(ber, 1990, 3, 25, 2, 30, 0, TZ_GAP, 0);
	assert_from(ber, 1990, 9, 30, 2, 30, 0, TZ_AMBIGUOUS, U(1990, 9, 30, 0, 30, 0));
	assert_from(ber, 1990, 10, 28, 2, 30, 0, TZ_OK, U(1990, 10, 28, 1, 30, 0));
	/* 1945 double summer time (CEMT, +03:00): a gap and an overlap out of CEST */
	cr_assert_eq(tz_offset_at(ber, U(1945, 6, 1, 0, 0, 0)), 3 * H);
	assert_from(ber, 1945, 5, 24, 2, 30, 0, TZ_GAP, 0);
	assert_from(ber, 1945, 9, 24, 2, 30, 0, TZ_AMBIGUOUS, U(1945, 9, 23, 23, 30, 0));
	/* Chicago 1970: Apr 26 08:00 UT -> CDT, Oct 25 07:00 UT -> CST */
	cr_assert_eq(tz_offset_at(chi, U(1970, 4, 26, 7, 59, 59)), -6 * H);
	cr_assert_eq(tz_offset_at(chi, U(1970, 4, 26, 8, 0, 0)), -5 * H);
	cr_assert_eq(tz_offset_at(chi, U(1970, 10, 25, 7, 0, 0)), -6 * H);
	/* local mean time before 1883: -5:50:36; formatting rounds the offset
	 * to minutes but still names the same instant */
	cr_assert_eq(tz_offset_at(chi, U(1850, 1, 1, 0, 0, 0)), -21036);
	assert_local(chi, U(1850, 1, 1, 0, 0, 0), "1849-12-31T18:09:00-05:51");
}

UTEST(tz, kolkata)
{
	const tz_t *tz = zone("Asia/Kolkata");
	int64_t t;

	cr_assert_eq(tz_offset_at(tz, U(2026, 1, 1, 0, 0, 0)), 19800);
	cr_assert_eq(tz_offset_at(tz, U(2026, 7, 1, 0, 0, 0)), 19800);
	assert_local(tz, U(2026, 3, 8, 8, 0, 0), "2026-03-08T13:30:00+05:30");
	cr_assert_eq(tz_from_local(tz, 2026, 3, 8, 13, 30, 0, &t), TZ_OK);
	cr_assert_eq(t, U(2026, 3, 8, 8, 0, 0));
}

UTEST(tz, from_local_field_validation)
{
	const tz_t *tz = zone("America/Chicago");
	int64_t t;

	cr_assert_eq(tz_from_local(tz, 2026, 2, 29, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 2, 30, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2024, 2, 29, 12, 0, 0, &t), TZ_OK);
	cr_assert_eq(tz_from_local(tz, 2100, 2, 29, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2000, 2, 29, 12, 0, 0, &t), TZ_OK);
	cr_assert_eq(tz_from_local(tz, 2026, 4, 31, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 0, 1, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 13, 1, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 0, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 32, 12, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 1, 24, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 1, -1, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 1, 0, 60, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 1, 0, 0, 60, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 1, 1, 0, 0, -1, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 2026, 12, 31, 23, 59, 59, &t), TZ_OK);
	cr_assert_eq(tz_from_local(tz, -5, 1, 1, 0, 0, 0, &t), TZ_INVALID);
	cr_assert_eq(tz_from_local(tz, 10000, 1, 1, 0, 0, 0, &t), TZ_INVALID);
}

/* ---- every hour of a year, against offsets written down independently ---- */

struct year_case {
	const char *zone;
	int year;
	int std, dst;           /* offsets, seconds east */
	int64_t on, off;        /* UTC instants DST starts and ends within the year */
};

static int
expected_offset(const struct year_case *c, int64_t t)
{
	if (c->on == c->off)
		return c->std;
	if (c->on < c->off)
		return t >= c->on && t < c->off ? c->dst : c->std;
	return t >= c->off && t < c->on ? c->std : c->dst;
}

static void
check_year(const struct year_case *c)
{
	const tz_t *tz = zone(c->zone);
	int64_t from = U(c->year, 1, 1, 0, 0, 0), to = U(c->year + 1, 1, 1, 0, 0, 0);
	int gaps = 0, overlaps = 0;

	/* instant -> local -> instant */
	for (int64_t t = from; t < to; t += H) {
		int want = expected_offset(c, t), rc;
		int64_t back = -1, w = t + want, wd = w / 86400;
		struct tm tm;
		int y, m, d;

		cr_assert_eq(tz_offset_at(tz, t), want, "%s at %lld", c->zone, (long long)t);
		tz_to_local(tz, t, &tm);
		tz_civil_from_days(wd, &y, &m, &d);
		cr_assert(tm.tm_year + 1900 == y && tm.tm_mon + 1 == m && tm.tm_mday == d &&
		    tm.tm_hour == (int)(w % 86400 / 3600) && tm.tm_min == (int)(w % 3600 / 60),
		    "%s at %lld: fields", c->zone, (long long)t);
		cr_assert_eq(tm.tm_gmtoff, want);
		cr_assert_eq(tm.tm_isdst, want == c->dst && c->dst != c->std);
		rc = tz_from_local(tz, y, m, d, tm.tm_hour, tm.tm_min, tm.tm_sec, &back);
		{
			/* the same wall time under the other offset, if that is real */
			int other = want == c->dst ? c->std : c->dst;
			int64_t t2 = w - other;

			if (c->dst != c->std && expected_offset(c, t2) == other) {
				cr_assert_eq(rc, TZ_AMBIGUOUS, "%s at %lld", c->zone, (long long)t);
				cr_assert_eq(back, t < t2 ? t : t2, "%s at %lld", c->zone, (long long)t);
			} else {
				cr_assert_eq(rc, TZ_OK, "%s at %lld: rc %d", c->zone, (long long)t, rc);
				cr_assert_eq(back, t);
			}
		}
	}
	/* every local hour of the year (wall clock): exactly one hour is missing
	 * and one is repeated when the zone has DST */
	for (int64_t w = from; w < to; w += H) {
		int y, m, d, rc;
		int64_t t = -1;

		tz_civil_from_days(w / 86400, &y, &m, &d);
		rc = tz_from_local(tz, y, m, d, (int)(w % 86400 / 3600), 0, 0, &t);
		cr_assert_neq(rc, TZ_INVALID);
		if (rc == TZ_GAP) {
			gaps++;
			/* the skipped hour starts where DST does */
			cr_assert_eq(w - c->std, c->on, "%s gap at %lld", c->zone, (long long)w);
		} else {
			cr_assert_eq(t + expected_offset(c, t), w, "%s wall %lld", c->zone,
			    (long long)w);
			if (rc == TZ_AMBIGUOUS) {
				overlaps++;
				cr_assert_eq(t, w - c->dst, "%s overlap at %lld", c->zone, (long long)w);
				cr_assert_eq(t + (c->dst - c->std), c->off);
			}
		}
	}
	cr_assert_eq(gaps, c->dst != c->std, "%s %d: %d gap hours", c->zone, c->year, gaps);
	cr_assert_eq(overlaps, c->dst != c->std, "%s %d: %d repeated hours", c->zone, c->year,
	    overlaps);
}

UTEST(tz, every_hour_of_a_year)
{
	const struct year_case cases[] = {
		{"America/Chicago", 2026, -6 * H, -5 * H, U(2026, 3, 8, 8, 0, 0), U(2026, 11, 1, 7, 0, 0)},
		{"America/Chicago", 2090, -6 * H, -5 * H, U(2090, 3, 12, 8, 0, 0), U(2090, 11, 5, 7, 0, 0)},
		{"Europe/Berlin", 2026, 1 * H, 2 * H, U(2026, 3, 29, 1, 0, 0), U(2026, 10, 25, 1, 0, 0)},
		{"Europe/Berlin", 1990, 1 * H, 2 * H, U(1990, 3, 25, 1, 0, 0), U(1990, 9, 30, 1, 0, 0)},
		{"Australia/Sydney", 2026, 10 * H, 11 * H, U(2026, 10, 3, 16, 0, 0), U(2026, 4, 4, 16, 0, 0)},
		{"America/New_York", 2027, -5 * H, -4 * H, U(2027, 3, 14, 7, 0, 0), U(2027, 11, 7, 6, 0, 0)},
		{"Asia/Kolkata", 2026, 19800, 19800, 0, 0},
		{"-06:00", 2026, -6 * H, -6 * H, 0, 0},
		{"UTC", 2026, 0, 0, 0, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_year(&cases[i]);
}

/* ---- RFC 3339 text ---- */

UTEST(tz, parse_time)
{
	const tz_t *chi = zone("America/Chicago");
	static const struct { const char *s; int rc, naive; int64_t t; } cases[] = {
		{"2026-03-08T08:00:00Z", TZ_OK, 0, 1772956800},
		{"2026-03-08t08:00:00z", TZ_OK, 0, 1772956800},
		{"2026-03-08 08:00:00Z", TZ_OK, 0, 1772956800},
		{"2026-03-08T03:00:00-05:00", TZ_OK, 0, 1772956800},
		{"2026-03-08T03:00:00-0500", TZ_OK, 0, 1772956800},
		{"2026-03-08T13:30+05:30", TZ_OK, 0, 1772956800},
		{"2026-03-08T08:00:00.999999Z", TZ_OK, 0, 1772956800},
		{"2026-03-08T08:00:00.5+00:00", TZ_OK, 0, 1772956800},
		{"2026-03-08T02:00-06:00", TZ_OK, 0, 1772956800},    /* offsets are taken as given */
		{"2026-03-08T03:00:00", TZ_OK, 1, 1772956800},       /* naive: read in Chicago */
		{"2026-03-08 03:00", TZ_OK, 1, 1772956800},
		{"2026-03-08T01:59:59", TZ_OK, 1, 1772956799},
		{"2026-03-08T02:30:00", TZ_GAP, 1, 0},
		{"2026-11-01T01:30:00", TZ_AMBIGUOUS, 1, 1793514600},  /* 06:30Z */
		{"2026-11-01T01:30:00-06:00", TZ_OK, 0, 1793518200},   /* the later one */
		{"2024-02-29T12:00:00Z", TZ_OK, 0, 1709208000},
		{"1969-12-31T23:59:59Z", TZ_OK, 0, -1},
		{"2026-02-30T12:00:00Z", TZ_INVALID, 0, 0},
		{"2025-02-29T12:00:00", TZ_INVALID, 0, 0},
		{"2026-04-31T12:00:00Z", TZ_INVALID, 0, 0},
		{"2026-13-01T12:00:00Z", TZ_INVALID, 0, 0},
		{"2026-00-01T12:00:00Z", TZ_INVALID, 0, 0},
		{"2026-01-00T12:00:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08T24:00:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08T23:60:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08T23:59:60Z", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00Zjunk", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00 ", TZ_INVALID, 0, 0},
		{" 2026-03-08T08:00:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00+05", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00+5:00", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00+24:00", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00+05:60", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00+05:000", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00.Z", TZ_INVALID, 0, 0},
		{"2026-03-08T08Z", TZ_INVALID, 0, 0},
		{"2026-03-08T8:00Z", TZ_INVALID, 0, 0},
		{"2026-3-08T08:00Z", TZ_INVALID, 0, 0},
		{"26-03-08T08:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08", TZ_INVALID, 0, 0},
		{"2026-03-08X08:00Z", TZ_INVALID, 0, 0},
		{"2026-03-08T08:00:00ZZ", TZ_INVALID, 0, 0},
		{"tomorrow", TZ_INVALID, 0, 0},
		{"", TZ_INVALID, 0, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = 0;
		int naive = -1, rc = tz_parse_time(cases[i].s, chi, &t, &naive);

		cr_assert_eq(rc, cases[i].rc, "\"%s\": rc %d, want %d", cases[i].s, rc, cases[i].rc);
		if (rc == TZ_INVALID)
			continue;
		cr_assert_eq(naive, cases[i].naive, "\"%s\": naive", cases[i].s);
		if (rc != TZ_GAP)
			cr_assert_eq(t, cases[i].t, "\"%s\": %lld", cases[i].s, (long long)t);
	}
	/* the zone matters only for naive times */
	{
		int64_t t = 0;
		int naive = 0;

		cr_assert_eq(tz_parse_time("2026-10-25T02:30:00", zone("Europe/Berlin"), &t, &naive),
		    TZ_AMBIGUOUS);
		cr_assert_eq(naive, 1);
		cr_assert_eq(t, U(2026, 10, 25, 0, 30, 0));
		cr_assert_eq(tz_parse_time("2026-03-08T08:00:00Z", NULL, &t, &naive), TZ_OK);
		cr_assert_eq(tz_parse_time("2026-03-08T08:00:00", NULL, &t, &naive), TZ_INVALID);
		cr_assert_eq(tz_parse_time(NULL, chi, &t, &naive), TZ_INVALID);
		cr_assert_eq(tz_parse_time("2026-03-08T08:00:00Z", chi, &t, NULL), TZ_OK);
	}
	/* format -> parse round trip */
	for (int64_t t = U(2026, 1, 1, 0, 0, 0); t < U(2027, 1, 1, 0, 0, 0); t += 7 * H + 61) {
		char s[64];
		int64_t back = 0;

		tz_format_local(chi, t, s, sizeof(s));
		cr_assert_eq(tz_parse_time(s, NULL, &back, NULL), TZ_OK, "%s", s);
		cr_assert_eq(back, t, "%s", s);
		tz_format_utc(t, s, sizeof(s));
		cr_assert_eq(tz_parse_time(s, NULL, &back, NULL), TZ_OK, "%s", s);
		cr_assert_eq(back, t, "%s", s);
	}
}

/* ---- the cache ---- */

#define NTHREADS 8
static const char *const cache_names[] = {
	"America/Chicago", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "-06:00", "UTC",
};
#define NNAMES (sizeof(cache_names) / sizeof(cache_names[0]))

static void *
cache_worker(void *arg)
{
	const tz_t **got = arg;

	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < NNAMES; i++) {
			const tz_t *tz = tz_get(cache_names[(i + round) % NNAMES]);

			if (round == 0)
				got[(i + round) % NNAMES] = tz;
			else if (tz != got[(i + round) % NNAMES])
				got[(i + round) % NNAMES] = NULL;
		}
	return NULL;
}

UTEST(tz, get_is_shared_across_threads)
{
	pthread_t th[NTHREADS];
	const tz_t *got[NTHREADS][NNAMES];

	for (int i = 0; i < NTHREADS; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, cache_worker, got[i]), 0);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	for (size_t j = 0; j < NNAMES; j++) {
		cr_assert_not_null(got[0][j], "%s", cache_names[j]);
		for (int i = 1; i < NTHREADS; i++)
			cr_assert_eq(got[i][j], got[0][j], "%s differs in thread %d", cache_names[j], i);
		cr_assert_eq(tz_get(cache_names[j]), got[0][j]);
		cr_assert_str_eq(tz_name(got[0][j]), cache_names[j]);
	}
	cr_assert_neq(tz_get("America/Chicago"), tz_get("America/Denver"));
}

/* ---- TZif images built here: fat/slim, footers, hostile files ---- */

struct img {
	unsigned char b[16384];
	size_t n;
};

static void
put(struct img *m, const void *p, size_t n)
{
	if (n == 0)
		return;
	cr_assert_leq(m->n + n, sizeof(m->b));
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
put32(struct img *m, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
	    (unsigned char)(v >> 8), (unsigned char)v};

	put(m, b, 4);
}

static void
put64(struct img *m, int64_t v)
{
	put32(m, (uint32_t)((uint64_t)v >> 32));
	put32(m, (uint32_t)v);
}

struct ttype {
	int32_t utoff;
	unsigned char isdst, desig;
};

/* One header and data block; tsize 4 or 8. */
static void
put_block(struct img *m, char version, int tsize, const int64_t *times, const unsigned char *idx,
    size_t nt, const struct ttype *types, size_t ntypes, const char *chars, size_t nchars,
    int indicators)
{
	static const unsigned char zero[15];

	put(m, "TZif", 4);
	put(m, &version, 1);
	put(m, zero, 15);
	put32(m, indicators ? (uint32_t)ntypes : 0);
	put32(m, indicators ? (uint32_t)ntypes : 0);
	put32(m, 0);
	put32(m, (uint32_t)nt);
	put32(m, (uint32_t)ntypes);
	put32(m, (uint32_t)nchars);
	for (size_t i = 0; i < nt; i++) {
		if (tsize == 8)
			put64(m, times[i]);
		else
			put32(m, (uint32_t)(int32_t)times[i]);
	}
	put(m, idx, nt);
	for (size_t i = 0; i < ntypes; i++) {
		put32(m, (uint32_t)types[i].utoff);
		put(m, &types[i].isdst, 1);
		put(m, &types[i].desig, 1);
	}
	put(m, chars, nchars);
	for (int k = 0; indicators && k < 2; k++)
		for (size_t i = 0; i < ntypes; i++)
			put(m, zero, 1);
}

/* A version 2 file: the v1 block with the same data, the v2 block, footer. */
static void
build(struct img *m, const int64_t *times, const unsigned char *idx, size_t nt,
    const struct ttype *types, size_t ntypes, const char *chars, size_t nchars, const char *footer)
{
	m->n = 0;
	put_block(m, '2', 4, times, idx, nt, types, ntypes, chars, nchars, 1);
	put_block(m, '2', 8, times, idx, nt, types, ntypes, chars, nchars, 1);
	put(m, "\n", 1);
	put(m, footer, strlen(footer));
	put(m, "\n", 1);
}

/* A zone with no transitions at all: everything comes from the footer. */
static tz_t *
footer_only(const char *footer)
{
	static const struct ttype types[] = {{0, 0, 0}};
	struct img m;

	build(&m, NULL, NULL, 0, types, 1, "UTC", 4, footer);
	return tz_parse_tzif(m.b, m.n, footer);
}

UTEST(tz, footer_rules)
{
	static const struct { const char *footer; int64_t t; int off; } cases[] = {
		{"CST6CDT,M3.2.0,M11.1.0", 1772956799, -6 * H},            /* 2026-03-08 07:59:59Z */
		{"CST6CDT,M3.2.0,M11.1.0", 1772956800, -5 * H},
		{"CST6CDT,M3.2.0,M11.1.0", 1793516400, -6 * H},            /* 2026-11-01 07:00Z */
		{"EST5EDT,M3.2.0/2:00:00,M11.1.0/2:00:00", 1772953200, -4 * H},   /* 07:00Z */
		{"EST5EDT,M3.2.0/2:00:00,M11.1.0/2:00:00", 1772953199, -5 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", 1775318399, 11 * H},      /* 2026-04-04 15:59:59Z */
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", 1775318400, 10 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", 1791043200, 11 * H},      /* 2026-10-03 16:00Z */
		{"<+0330>-3:30", 0, 12600},
		{"<+0330>-3:30", 4102444800, 12600},
		{"<-03>3", 1772956800, -3 * H},
		{"JST-9", 1772956800, 9 * H},
		/* Israel: the Friday before the last Sunday of March, as Thursday 26:00 */
		{"IST-2IDT,M3.4.4/26,M10.5.0", 1774569599, 2 * H},         /* 2026-03-26 23:59:59Z */
		{"IST-2IDT,M3.4.4/26,M10.5.0", 1774569600, 3 * H},
		{"IST-2IDT,M3.4.4/26,M10.5.0", 1792882800, 2 * H},         /* 2026-10-24 23:00Z */
		/* Nuuk: a negative rule time, Saturday 22:00 local -02 = Sunday 01:00Z */
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1774745999, -2 * H},
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1774746000, -1 * H},
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1792890000, -2 * H},
		/* Dublin: "negative DST", standard time in summer */
		{"IST-1GMT0,M10.5.0,M3.5.0/1", 1782907200, 1 * H},         /* 2026-07-01 12:00Z */
		{"IST-1GMT0,M10.5.0,M3.5.0/1", 1767268800, 0},             /* 2026-01-01 12:00Z */
		/* Jn never counts Feb 29: J60 is March 1 in 2028 too */
		{"AAA3BBB,J60/0,J300/0", 1835492399, -3 * H},              /* 2028-03-01 02:59:59Z */
		{"AAA3BBB,J60/0,J300/0", 1835492400, -2 * H},
		/* n counts from 0 and counts Feb 29: 59 is Feb 29 in 2028 */
		{"AAA3BBB,59/0,299/0", 1835405999, -3 * H},                /* 2028-02-29 02:59:59Z */
		{"AAA3BBB,59/0,299/0", 1835406000, -2 * H},
		/* all year DST (RFC 8536 3.3.1) */
		{"EST5EDT,0/0,J365/25", 1767225600, -4 * H},               /* 2026-01-01 00:00Z */
		{"EST5EDT,0/0,J365/25", 1782907200, -4 * H},
		{"EST5EDT,0/0,J365/25", 1798761599, -4 * H},
		/* DST without a rule: the US rules */
		{"EST5EDT", 1772953200, -4 * H},
		{"EST5EDT", 1772953199, -5 * H},
		{"", 1772956800, 0},    /* empty footer: type 0 */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tz_t *tz = footer_only(cases[i].footer);

		cr_assert_not_null(tz, "footer \"%s\"", cases[i].footer);
		cr_assert_eq(tz_offset_at(tz, cases[i].t), cases[i].off, "\"%s\" at %lld: %d, want %d",
		    cases[i].footer, (long long)cases[i].t, tz_offset_at(tz, cases[i].t),
		    cases[i].off);
		tz_free(tz);
	}
}

/* Rules whose transitions sit at the new year (found by fuzz_tzif: deciding
 * DST by "start < end in this year" made a step at the year boundary that
 * tz_from_local could not see). Whatever the rule, every instant must read
 * back through its local time. */
UTEST(tz, footer_rules_near_new_year)
{
	static const char *const footers[] = {
		"CST5CDT0,0,0", "EST5EDT,0/0,J365/25", "AAA3BBB,J1/-100,365/150",
		"<+12>-12<+13>,M1.1.0/-167,M12.5.6/167", "AAA-14BBB10,0/0,1/0",
		"CST6CDT,M3.2.0,M11.1.0",
	};
	int64_t t, r;
	tz_t *tz;

	tz = footer_only("CST5CDT0,0,0");
	cr_assert_not_null(tz);
	/* 1970: DST (UTC+0) ends 02:00Z, starts 07:00Z */
	cr_assert_eq(tz_offset_at(tz, 1269), 0);
	cr_assert_eq(tz_offset_at(tz, 7199), 0);
	cr_assert_eq(tz_offset_at(tz, 7200), -5 * H);
	cr_assert_eq(tz_offset_at(tz, 19269), -5 * H);
	cr_assert_eq(tz_offset_at(tz, 25200), 0);
	assert_from(tz, 1970, 1, 1, 0, 21, 9, TZ_AMBIGUOUS, 1269);
	tz_free(tz);

	for (size_t i = 0; i < sizeof(footers) / sizeof(footers[0]); i++) {
		tz = footer_only(footers[i]);
		cr_assert_not_null(tz, "%s", footers[i]);
		for (int y = 1969; y <= 2029; y += 20)
			for (t = U(y, 12, 1, 0, 0, 0); t < U(y + 1, 2, 1, 0, 0, 0); t += 600) {
				struct tm tm, back;
				int rc;

				tz_to_local(tz, t, &tm);
				rc = tz_from_local(tz, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
				    tm.tm_hour, tm.tm_min, tm.tm_sec, &r);
				tz_to_local(tz, r, &back);
				if ((rc != TZ_OK && rc != TZ_AMBIGUOUS) || r > t ||
				    (rc == TZ_OK && r != t) || back.tm_hour != tm.tm_hour ||
				    back.tm_yday != tm.tm_yday || back.tm_min != tm.tm_min)
					cr_assert_fail("%s at %lld: rc %d, %lld", footers[i], (long long)t,
					    rc, (long long)r);
			}
		tz_free(tz);
	}
}

UTEST(tz, footer_rules_agree_with_system_zones)
{
	/* the same footers as the system files, over the next decades */
	static const struct { const char *zone, *footer; } cases[] = {
		{"Asia/Jerusalem", "IST-2IDT,M3.4.4/26,M10.5.0"},
		{"America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"},
		{"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1"},
		{"America/Chicago", "CST6CDT,M3.2.0,M11.1.0"},
		{"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
		{"Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const tz_t *sys = zone(cases[i].zone);
		tz_t *tz = footer_only(cases[i].footer);

		cr_assert_not_null(tz, "%s", cases[i].footer);
		for (int64_t t = U(2027, 1, 1, 0, 0, 0); t < U(2060, 1, 1, 0, 0, 0); t += 900)
			if (tz_offset_at(tz, t) != tz_offset_at(sys, t))
				cr_assert_fail("%s at %lld: footer %d, file %d", cases[i].zone,
				    (long long)t, tz_offset_at(tz, t), tz_offset_at(sys, t));
		tz_free(tz);
	}
}

UTEST(tz, slim_file_matches_fat)
{
	/* What `zic -b slim` writes for Chicago: transitions only up to the last
	 * rule change (2007), the footer for everything after. The system file
	 * (fat here) lists every transition up to 2037. */
	static const struct ttype chi_types[] = {{-21600, 0, 0}, {-18000, 1, 4}};
	static const int64_t chi_times[] = {1143964800, 1162105200, 1173600000, 1194159600};
	static const unsigned char chi_idx[] = {1, 0, 1, 0};
	static const struct ttype syd_types[] = {{39600, 1, 0}, {36000, 0, 5}};
	static const int64_t syd_times[] = {1207411200, 1223136000};
	static const unsigned char syd_idx[] = {1, 0};
	const tz_t *chi = zone("America/Chicago"), *syd = zone("Australia/Sydney");
	struct img m;
	tz_t *slim;
	int64_t t;

	build(&m, chi_times, chi_idx, 4, chi_types, 2, "CST\0CDT", 8, "CST6CDT,M3.2.0,M11.1.0");
	slim = tz_parse_tzif(m.b, m.n, "slim/Chicago");
	cr_assert_not_null(slim);
	cr_assert_str_eq(tz_name(slim), "slim/Chicago");
	for (t = U(2006, 1, 1, 0, 0, 0); t < U(2045, 1, 1, 0, 0, 0); t += 1800)
		if (tz_offset_at(slim, t) != tz_offset_at(chi, t))
			cr_assert_fail("Chicago at %lld: slim %d, fat %d", (long long)t,
			    tz_offset_at(slim, t), tz_offset_at(chi, t));
	assert_from(slim, 2026, 3, 8, 2, 30, 0, TZ_GAP, 0);
	assert_from(slim, 2026, 11, 1, 1, 30, 0, TZ_AMBIGUOUS, U(2026, 11, 1, 6, 30, 0));
	/* across the end of the table: 2007-11-04 is the last listed transition */
	assert_from(slim, 2007, 11, 4, 1, 30, 0, TZ_AMBIGUOUS, U(2007, 11, 4, 6, 30, 0));
	assert_from(slim, 2008, 3, 9, 2, 30, 0, TZ_GAP, 0);
	assert_local(slim, U(2090, 7, 1, 17, 0, 0), "2090-07-01T12:00:00-05:00");
	tz_free(slim);

	build(&m, syd_times, syd_idx, 2, syd_types, 2, "AEDT\0AEST", 10,
	    "AEST-10AEDT,M10.1.0,M4.1.0/3");
	slim = tz_parse_tzif(m.b, m.n, "slim/Sydney");
	cr_assert_not_null(slim);
	for (t = U(2008, 1, 1, 0, 0, 0); t < U(2045, 1, 1, 0, 0, 0); t += 1800)
		if (tz_offset_at(slim, t) != tz_offset_at(syd, t))
			cr_assert_fail("Sydney at %lld: slim %d, fat %d", (long long)t,
			    tz_offset_at(slim, t), tz_offset_at(syd, t));
	assert_from(slim, 2026, 4, 5, 2, 30, 0, TZ_AMBIGUOUS, U(2026, 4, 4, 15, 30, 0));
	assert_from(slim, 2026, 10, 4, 2, 30, 0, TZ_GAP, 0);
	tz_free(slim);
}

UTEST(tz, version1_file)
{
	static const struct ttype types[] = {{-21600, 0, 0}, {-18000, 1, 4}};
	static const int64_t times[] = {1772956800, 1793516400};
	static const unsigned char idx[] = {1, 0};
	struct img m = {.n = 0};
	tz_t *tz;
	struct tm tm;

	put_block(&m, 0, 4, times, idx, 2, types, 2, "CST\0CDT", 8, 0);
	tz = tz_parse_tzif(m.b, m.n, "v1");
	cr_assert_not_null(tz);
	cr_assert_eq(tz_offset_at(tz, 0), -6 * H);
	cr_assert_eq(tz_offset_at(tz, 1772956800), -5 * H);
	cr_assert_eq(tz_offset_at(tz, 1793516400), -6 * H);
	cr_assert_eq(tz_offset_at(tz, U(2090, 7, 1, 0, 0, 0)), -6 * H);   /* no footer: last type */
	tz_to_local(tz, 1772956800, &tm);
	cr_assert_str_eq(tm.tm_zone, "CDT");
	assert_from(tz, 2026, 3, 8, 2, 30, 0, TZ_GAP, 0);
	tz_free(tz);
}

UTEST(tz, hostile_files)
{
	static const struct ttype types[] = {{-21600, 0, 0}, {-18000, 1, 4}};
	static const int64_t times[] = {1772956800, 1793516400};
	static const unsigned char idx[] = {1, 0};
	static const char *const bad_footers[] = {
		"CST6CDT,M3.2.0", "CST", "CS6", "CST6CDT,M13.1.0,M11.1.0", "<AB>5",
		"CST6CDT,M3.2.0/168,M11.1.0", "CST25", "CST6CDT,M3.0.0,M11.1.0",
		"CST6CDT,M3.6.0,M11.1.0", "CST6CDT,M3.2.7,M11.1.0", "CST6CDT,J0,J365",
		"CST6CDT,366,0", "CST6CDT,M3.2.0,M11.1.0,", "CST6CDT,M3.2.0,M11.1.0x", "<CST6",
		"CST6:60", "CST6CDT5:00:60,M3.2.0,M11.1.0", " CST6",
	};
	struct img m, bad;
	FILE *f;

	/* a good one first, then damage it */
	build(&m, times, idx, 2, types, 2, "CST\0CDT", 8, "CST6CDT,M3.2.0,M11.1.0");
	{
		tz_t *tz = tz_parse_tzif(m.b, m.n, "ok");

		cr_assert_not_null(tz);
		tz_free(tz);
	}
	cr_assert_null(tz_parse_tzif(NULL, 0, "x"));
	/* every truncation is refused (the footer's final newline is required) */
	for (size_t n = 0; n < m.n; n++)
		cr_assert_null(tz_parse_tzif(m.b, n, "cut"), "prefix %zu of %zu", n, m.n);

	bad = m;
	memcpy(bad.b, "TZjf", 4);
	cr_assert_null(tz_parse_tzif(bad.b, bad.n, "magic"));

	/* huge counts in either header */
	for (size_t hdr = 0; hdr < 2; hdr++) {
		size_t at = hdr == 0 ? 0 : 44 + 2 * 4 + 2 + 2 * 6 + 8 + 2 * 2;

		cr_assert_eq(memcmp(m.b + at, "TZif", 4), 0);
		for (size_t field = 0; field < 6; field++) {
			static const uint32_t vals[] = {0xffffffffu, 0x7fffffffu, 0x10000u, 3};

			for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
				tz_t *tz;

				bad = m;
				bad.b[at + 20 + 4 * field] = (unsigned char)(vals[v] >> 24);
				bad.b[at + 21 + 4 * field] = (unsigned char)(vals[v] >> 16);
				bad.b[at + 22 + 4 * field] = (unsigned char)(vals[v] >> 8);
				bad.b[at + 23 + 4 * field] = (unsigned char)vals[v];
				tz = tz_parse_tzif(bad.b, bad.n, "counts");
				cr_assert_null(tz, "header %zu field %zu = %u", hdr, field, vals[v]);
			}
		}
	}

	/* bad fields inside the v2 block */
	{
		static const struct ttype bad_off[] = {{-21600, 0, 0}, {INT32_MIN, 1, 4}};
		static const struct ttype bad_dst[] = {{-21600, 2, 0}, {-18000, 1, 4}};
		static const struct ttype bad_desig[] = {{-21600, 0, 0}, {-18000, 1, 8}};
		static const struct ttype no_nul[] = {{-21600, 0, 0}, {-18000, 1, 4}};
		static const unsigned char bad_idx[] = {1, 2};
		static const int64_t unsorted[] = {1793516400, 1772956800};
		static const int64_t dup[] = {1772956800, 1772956800};

		build(&bad, times, idx, 2, bad_off, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "utoff"));
		build(&bad, times, idx, 2, bad_dst, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "isdst"));
		build(&bad, times, idx, 2, bad_desig, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "desig"));
		build(&bad, times, idx, 2, no_nul, 2, "CST\0CDT", 7, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "unterminated"));
		build(&bad, times, bad_idx, 2, types, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "index"));
		build(&bad, unsorted, idx, 2, types, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "unsorted"));
		build(&bad, dup, idx, 2, types, 2, "CST\0CDT", 8, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "duplicate"));
		build(&bad, times, idx, 0, types, 0, "", 0, "CST6");
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "no types"));
	}
	for (size_t i = 0; i < sizeof(bad_footers) / sizeof(bad_footers[0]); i++) {
		build(&bad, times, idx, 2, types, 2, "CST\0CDT", 8, bad_footers[i]);
		cr_assert_null(tz_parse_tzif(bad.b, bad.n, "footer"), "footer \"%s\"", bad_footers[i]);
	}
	/* the footer must sit between newlines */
	bad = m;
	bad.b[bad.n - 1] = 'x';
	cr_assert_null(tz_parse_tzif(bad.b, bad.n, "footer nl"));

	/* the real file, cut short */
	f = fopen("/usr/share/zoneinfo/America/Chicago", "rb");
	cr_assert_not_null(f);
	bad.n = fread(bad.b, 1, sizeof(bad.b), f);
	fclose(f);
	{
		tz_t *tz = tz_parse_tzif(bad.b, bad.n, "America/Chicago");

		cr_assert_not_null(tz);
		tz_free(tz);
	}
	for (size_t n = 0; n < bad.n; n++)
		cr_assert_null(tz_parse_tzif(bad.b, n, "cut"), "prefix %zu", n);
}
