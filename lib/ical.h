/* The tenant's iCalendar feed (RFC 5545), built with libical: one VEVENT per
 * appointment, UID stable (<id>@frontdesk), DTSTART/DTEND in UTC, SUMMARY
 * "<service> - <customer>", STATUS CONFIRMED or CANCELLED. The feed URL
 * holds a random token; only its SHA-256 is stored. */
#ifndef FD_ICAL_H
#define FD_ICAL_H

#include "db.h"
#include "err.h"

/* Call once before threads start (libical's UTC zone is built lazily). */
void ical_init(void);
/* A new feed token for the tenant (replacing the old one): the URL path
 * "/ical/<token>.ics" into url. */
fd_err ical_rotate(db_t *db, const char *tenant_id, char *url, size_t urllen, err_detail *d);
/* The feed for a token (404 for an unknown one); *out is malloc'd text. */
fd_err ical_feed(db_t *db, const char *token, char **out, err_detail *d);

#endif
