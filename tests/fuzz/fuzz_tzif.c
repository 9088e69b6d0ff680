/* TZif images (lib/tz.c tz_parse_tzif) from arbitrary bytes. When a zone is
 * accepted it is exercised at instants taken from the input itself (every
 * aligned 32-bit word near the start, where the transition times are, +-1)
 * and a few fixed ones. Properties: broken-down fields are in range and the
 * offset is bounded; every local time read back with tz_from_local gives an
 * instant with that local time, no later than the original, the original
 * itself unless ambiguous; tz_format_local parses back to the instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_wall(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_yday == b->tm_yday && a->tm_hour == b->tm_hour &&
	    a->tm_min == b->tm_min && a->tm_sec == b->tm_sec;
}

static void
check(const tz_t *tz, int64_t t)
{
	struct tm tm, back;
	int64_t r = 0, p = 0;
	int rc, off = tz_offset_at(tz, t), year;
	char s[64];

	tz_to_local(tz, t, &tm);
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
	    tm.tm_sec > 59 || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_yday < 0 ||
	    tm.tm_yday > 365 || off < -89999 || off > 93599 || tm.tm_zone == NULL)
		abort();
	year = tm.tm_year + 1900;
	if (year < 0 || year > 9999 || tm.tm_gmtoff != off)
		return;
	rc = tz_from_local(tz, year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, &r);
	if (rc != TZ_OK && rc != TZ_AMBIGUOUS)
		abort();
	tz_to_local(tz, r, &back);
	if (!same_wall(&tm, &back) || r > t || (rc == TZ_OK && r != t) ||
	    (r < t && rc != TZ_AMBIGUOUS))
		abort();
	/* RFC 3339 offsets stop at 23:59; the year must keep four digits */
	tz_format_local(tz, t, s, sizeof(s));
	if (year > 0 && year < 9999 && off > -86370 && off < 86370 &&
	    (tz_parse_time(s, NULL, &p, NULL) != TZ_OK || p != t))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t fixed[] = {
		0, -1, INT64_MIN, INT64_MAX, INT32_MIN, INT32_MAX, 1772956800, 1793514600,
		3802896000, -2208988800, 253402300799, -62167219200,
	};
	tz_t *tz = tz_parse_tzif(data, size, "fuzz");

	if (tz == NULL)
		return 0;
	if (strcmp(tz_name(tz), "fuzz") != 0)
		abort();
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check(tz, fixed[i]);
	for (size_t i = 0; i + 4 <= size && i < 1024; i += 4) {
		int64_t t = (int32_t)((uint32_t)data[i] << 24 | (uint32_t)data[i + 1] << 16 |
		    (uint32_t)data[i + 2] << 8 | data[i + 3]);

		check(tz, t - 1);
		check(tz, t);
		check(tz, t + 1);
	}
	tz_free(tz);
	return 0;
}
