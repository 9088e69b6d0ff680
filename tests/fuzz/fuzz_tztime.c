/* RFC 3339 timestamps (lib/tz.c tz_parse_time) from arbitrary bytes: the
 * first byte picks the zone for naive times, the rest is the text.
 * Properties: the result is one of the four codes; a naive time that exists
 * has exactly the wall-clock fields of the text in the zone; an instant
 * formatted back (UTC and local) parses to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_TEXT_MAX 256

static const char *const zones[] = {
	"America/Chicago", "Europe/Berlin", "Australia/Sydney", "UTC", "+05:30", "Asia/Kolkata",
	"America/St_Johns", "Pacific/Chatham",
};

static int
num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void
round_trip(const tz_t *tz, int64_t t)
{
	char s[64];
	int64_t back = 0;
	int off = tz_offset_at(tz, t);

	if (t < -62135596800 + 2 * 86400 || t > 253402300799 - 2 * 86400)
		return;     /* outside years 0001-9999 after the offset */
	tz_format_utc(t, s, sizeof(s));
	if (tz_parse_time(s, NULL, &back, NULL) != TZ_OK || back != t)
		abort();
	tz_format_local(tz, t, s, sizeof(s));
	if (off > -86370 && off < 86370 &&
	    (tz_parse_time(s, NULL, &back, NULL) != TZ_OK || back != t))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[FUZZ_TEXT_MAX + 1];
	const tz_t *tz;
	int64_t t = 0, t2 = 0;
	int rc, naive = -1, naive2 = -1;
	struct tm tm;

	if (size == 0)
		return 0;
	tz = tz_get(zones[data[0] % (sizeof(zones) / sizeof(zones[0]))]);
	if (tz == NULL)
		abort();
	data++;
	size--;
	if (size > FUZZ_TEXT_MAX)
		size = FUZZ_TEXT_MAX;
	memcpy(text, data, size);
	text[size] = '\0';

	rc = tz_parse_time(text, tz, &t, &naive);
	if (rc != TZ_OK && rc != TZ_GAP && rc != TZ_AMBIGUOUS && rc != TZ_INVALID)
		abort();
	if (rc == TZ_INVALID)
		return 0;
	if (naive != 0 && naive != 1)
		abort();
	if (!naive && rc != TZ_OK)
		abort();
	/* deterministic */
	if (tz_parse_time(text, tz, &t2, &naive2) != rc || naive2 != naive ||
	    (rc != TZ_GAP && t2 != t))
		abort();
	if (rc == TZ_GAP)
		return 0;
	if (naive) {
		/* "YYYY-MM-DD?HH:MM[:SS...]": the instant reads back as that wall time */
		tz_to_local(tz, t, &tm);
		if (tm.tm_year + 1900 != num(text, 4) || tm.tm_mon + 1 != num(text + 5, 2) ||
		    tm.tm_mday != num(text + 8, 2) || tm.tm_hour != num(text + 11, 2) ||
		    tm.tm_min != num(text + 14, 2) ||
		    tm.tm_sec != (text[16] == ':' ? num(text + 17, 2) : 0))
			abort();
	}
	round_trip(tz, t);
	return 0;
}
