/* Natural date and time understanding: "tomorrow at 3pm", "next Tuesday
 * morning", "this Friday after 4", "March 5 at 10:30", "5/3", "noon",
 * "in two hours", "the 12th" — relative to an injected now, in the
 * tenant's zone. Words live in per-language tables (nldate_lang); English
 * first, other languages are added as data. */
#ifndef FD_NLDATE_H
#define FD_NLDATE_H

#include <stdint.h>

#include "tz.h"

enum nld_kind { NLD_NONE = 0, NLD_POINT, NLD_RANGE };

typedef struct {
	enum nld_kind kind;
	int64_t start;       /* UTC instant; for a POINT the moment meant */
	int64_t end;         /* RANGE: exclusive end; POINT: == start */
	int has_date;        /* the text named a day */
	int has_time;        /* the text named a time of day (or part of day) */
	int gap;             /* a named local time fell in a DST gap (shifted forward) */
	char rest[256];      /* the text that was not understood, trimmed */
} nld_result;

/* Parse text relative to now_utc in zone tz; lang "en" (NULL = "en").
 * A date alone is the RANGE of that local day; a part of day ("morning")
 * a RANGE within it; a time a POINT. Returns the kind (NLD_NONE when nothing
 * date-like was found). Never reads outside text; text may be any bytes. */
int nld_parse(const char *text, int64_t now_utc, const tz_t *tz, const char *lang,
    nld_result *out);

#endif
