/* Business hours, closures and availability in the tenant's time zone.
 * Hours are local wall-clock intervals per weekday; a tenant that never set
 * hours is open Monday to Friday 09:00-17:00. Busy time is every booked
 * appointment's [starts_at, busy_until) and every external busy block. */
#ifndef FD_SCHEDULE_H
#define FD_SCHEDULE_H

#include <stdint.h>

#include <json-c/json.h>

#include "crud.h"
#include "db.h"
#include "err.h"
#include "tz.h"

#define SCHED_MAX_INTERVALS 12

typedef struct {
	int n;
	struct {
		int start, end;   /* minutes from local midnight; end may be 1440 */
	} iv[SCHED_MAX_INTERVALS];
} sched_day;

typedef struct {
	sched_day day[7];     /* 0 = Monday ... 6 = Sunday */
} sched_week;

typedef struct {
	int64_t start, end;
} sched_span;

/* What a booking decision needs about a tenant over a time window. */
typedef struct {
	const tz_t *tz;
	sched_week week;
	char (*closed_from)[11], (*closed_to)[11];  /* local dates, inclusive */
	int nclosed;
	sched_span *busy;     /* sorted by start */
	int64_t *maxend;      /* running maximum of busy[].end */
	int nbusy;
} sched_ctx;

extern const struct crud_res closure_res;

/* business_hours JSON ({"weekly": {...}}) or NULL for the default week. */
void sched_week_from_json(json_object *hours, sched_week *w);
/* {"weekly": {"mon": [...], ..., "sun": [...]}} with all seven days. */
json_object *sched_week_to_json(const sched_week *w);

/* Load hours, closures and busy time of a tenant for [from, to). exclude_id
 * (may be NULL) leaves one appointment out (rescheduling it). */
fd_err sched_load(db_t *db, const char *tenant_id, int64_t from, int64_t to,
    const char *exclude_id, sched_ctx *c, err_detail *d);
void sched_free(sched_ctx *c);

/* 1 when [start, end) lies inside one opening interval of a local day that is
 * not closed. */
int sched_is_open(const sched_ctx *c, int64_t start, int64_t end);
/* 1 when [start, end) overlaps busy time; *conflict = the busy span's start. */
int sched_is_busy(const sched_ctx *c, int64_t start, int64_t end, int64_t *conflict);

/* Free slots for a service over [from, to): honours hours, closures, the
 * service's duration and buffer, busy time, minimum notice and horizon
 * (from the configuration), stepping SLOT_STEP_MIN. */
fd_err sched_availability(db_t *db, const char *tenant_id, const char *service_id,
    int64_t from, int64_t to, int64_t now, json_object **out, err_detail *d);

/* The tenant's zone and hours (tz never NULL: UTC on error). */
fd_err sched_tenant(db_t *db, const char *tenant_id, const tz_t **tz, sched_week *w,
    err_detail *d);

/* Service duration and buffer in minutes, and whether it is active. 404 when
 * it is not this tenant's. */
fd_err sched_service(db_t *db, const char *tenant_id, const char *service_id, int *duration,
    int *buffer, int *active, char *name, size_t namelen, err_detail *d);

#endif
