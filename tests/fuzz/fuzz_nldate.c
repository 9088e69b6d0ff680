/* Natural dates (lib/nldate.c) on arbitrary bytes: the first byte picks the
 * zone, the language and the now (DST eves included); the rest is the text.
 * Properties: the answer is the same twice; NONE is all zero; a POINT has
 * end == start; a RANGE is non-empty and at most 26 hours; every instant
 * lies in 1899-2300; rest is NUL-terminated inside its buffer, trimmed, and
 * no longer than the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/nldate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_TEXT_MAX 4096

static const char *const zones[] = {
	"America/Chicago", "Europe/Berlin", "Australia/Sydney", "UTC", "+05:30", "Europe/Madrid",
};
static const int64_t nows[] = {
	1795359600,     /* 2026-11-22T15:00:00Z, a Sunday */
	1772906400,     /* 2026-03-07T18:00:00Z, eve of spring forward in Chicago */
	1793458800,     /* 2026-10-31T15:00:00Z, eve of fall back in Chicago */
	1798747200,     /* 2026-12-31T20:00:00Z */
	1775264400,     /* 2026-04-04T01:00:00Z, eve of fall back in Sydney */
	-2208988800,    /* 1900-01-01T00:00:00Z */
};
static const char *const langs[] = {"en", "es", NULL, "zz"};

static void
check(const nld_result *r, int kind, size_t textlen)
{
	const int64_t lo = -2240524800, hi = 10413792000;      /* 1899-01-01, 2300-01-01 */
	const char *nul = memchr(r->rest, '\0', sizeof(r->rest));
	size_t rl;

	if (kind != (int)r->kind || nul == NULL)
		abort();
	rl = (size_t)(nul - r->rest);
	if (rl > textlen || (rl > 0 && (r->rest[0] == ' ' || r->rest[rl - 1] == ' ')))
		abort();
	switch (kind) {
	case NLD_NONE:
		if (r->start || r->end || r->has_date || r->has_time || r->gap)
			abort();
		break;
	case NLD_POINT:
		if (r->end != r->start || r->start < lo || r->start > hi)
			abort();
		break;
	case NLD_RANGE:
		if (r->end <= r->start || r->end - r->start > 26 * 3600 || r->start < lo ||
		    r->end > hi || !(r->has_date || r->has_time))
			abort();
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[FUZZ_TEXT_MAX + 1];
	nld_result a, b;
	const tz_t *tz;
	unsigned sel;
	int ka, kb;

	if (size == 0)
		return 0;
	sel = data[0];
	data++;
	size--;
	if (size > FUZZ_TEXT_MAX)
		size = FUZZ_TEXT_MAX;
	memcpy(text, data, size);
	text[size] = '\0';
	tz = tz_get(zones[sel % 6]);
	if (tz == NULL)
		abort();
	ka = nld_parse(text, nows[sel / 6 % 6], tz, langs[sel / 36 % 4], &a);
	check(&a, ka, strlen(text));
	kb = nld_parse(text, nows[sel / 6 % 6], tz, langs[sel / 36 % 4], &b);
	if (ka != kb || a.start != b.start || a.end != b.end || a.has_date != b.has_date ||
	    a.has_time != b.has_time || a.gap != b.gap || strcmp(a.rest, b.rest) != 0)
		abort();
	return 0;
}
