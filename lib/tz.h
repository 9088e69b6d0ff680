/* Time zones without setenv("TZ"): a TZif reader (RFC 8536, version 1-4
 * files from /usr/share/zoneinfo, including the footer POSIX TZ rule used
 * for instants after the last transition) plus fixed offsets (+HH:MM/-HH:MM)
 * and "UTC". A loaded zone is immutable and may be shared by threads.
 * Instants are int64 seconds since the Unix epoch (UTC). */
#ifndef FD_TZ_H
#define FD_TZ_H

#include <stdint.h>
#include <time.h>

typedef struct tz tz_t;

enum { TZ_OK = 0, TZ_GAP = 1, TZ_AMBIGUOUS = 2, TZ_INVALID = -1 };

/* Load a zone: an IANA name (validated: no "..", no leading '/'), "UTC", or a
 * fixed offset like "-06:00". NULL when unknown or malformed. Caller frees. */
tz_t *tz_load(const char *name);
void tz_free(tz_t *tz);
/* Parse a TZif image (RFC 8536; for tests and the fuzz target, tz_load reads
 * the file and calls it). name is what tz_name reports. NULL when malformed. */
tz_t *tz_parse_tzif(const unsigned char *buf, size_t len, const char *name);
/* A process-wide cached zone (loaded once, never freed; thread-safe). */
const tz_t *tz_get(const char *name);
const char *tz_name(const tz_t *tz);

/* Offset from UTC in seconds (east positive) in effect at instant t. */
int tz_offset_at(const tz_t *tz, int64_t t);
/* Instant -> local broken-down time (tm_gmtoff and tm_isdst set, tm_wday and
 * tm_yday filled; tm_year is years since 1900 as usual). */
void tz_to_local(const tz_t *tz, int64_t t, struct tm *out);
/* Local wall-clock time -> instant. mon 1-12, day 1-31. Returns TZ_OK,
 * TZ_AMBIGUOUS (fall-back overlap: *out is the EARLIER instant), TZ_GAP
 * (spring-forward: the time does not exist; *out is unspecified) or
 * TZ_INVALID (fields out of range, e.g. Feb 30). */
int tz_from_local(const tz_t *tz, int year, int mon, int day, int hour, int min, int sec,
    int64_t *out);

/* "2026-03-08T08:00:00Z" (out >= 21 bytes). */
void tz_format_utc(int64_t t, char *out, size_t outlen);
/* "2026-03-08T03:00:00-05:00" in the zone (out >= 26 bytes). */
void tz_format_local(const tz_t *tz, int64_t t, char *out, size_t outlen);
/* Parse RFC 3339 / ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM)"; a
 * timestamp without offset ("naive") is read in zone tz. Returns TZ_OK,
 * TZ_AMBIGUOUS (naive, earlier instant taken), TZ_GAP (naive time that does
 * not exist in tz) or TZ_INVALID. *naive is set when no offset was given. */
int tz_parse_time(const char *s, const tz_t *tz, int64_t *out, int *naive);
/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t tz_days_from_civil(int y, int m, int d);
void tz_civil_from_days(int64_t z, int *y, int *m, int *d);

#endif
