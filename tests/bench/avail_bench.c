/* avail-bench: the in-process cost of one availability computation, for
 * `make bench`. Opens DATABASE_URL (after config_load, so SLOT_STEP_MIN,
 * BOOKING_MIN_NOTICE_MIN and BOOKING_HORIZON_DAYS apply as in the worker) and
 * times sched_availability(), the call behind GET .../availability, N times.
 *   avail-bench TENANT_ID SERVICE_ID FROM TO [CALLS]
 * FROM and TO are local dates (YYYY-MM-DD, their midnight in the tenant's
 * zone) or RFC 3339 times, as the API takes them. Prints one line:
 *   calls N mean_us M p50_us P p99_us Q max_us X slots S
 * The JSON result is freed outside the timed region; serialising it (which
 * the worker does too) is reported separately as json_us (mean). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "../../lib/config.h"
#include "../../lib/db.h"
#include "../../lib/err.h"
#include "../../lib/log.h"
#include "../../lib/schedule.h"
#include "../../lib/tz.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
when(const char *s, const tz_t *tz, int64_t *out)
{
	char buf[40];
	int naive, rc;

	if (strlen(s) == 10) { /* a local date: its midnight */
		snprintf(buf, sizeof(buf), "%sT00:00:00", s);
		s = buf;
	}
	rc = tz_parse_time(s, tz, out, &naive);
	return rc == TZ_OK || rc == TZ_AMBIGUOUS ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char why[256];
	err_detail d;
	db_t *db;
	const tz_t *tz;
	int64_t from, to;
	int calls = argc > 5 ? atoi(argv[5]) : 200, slots = -1;
	double *t, sum = 0, json_sum = 0;

	if (argc < 5 || calls < 1) {
		fprintf(stderr, "usage: avail-bench TENANT_ID SERVICE_ID FROM TO [CALLS]\n");
		return 2;
	}
	if (config_load(why, sizeof(why)) < 0) {
		fprintf(stderr, "avail-bench: %s\n", why);
		return 1;
	}
	log_open(NULL, g_config.log_level);
	if ((db = db_open(g_config.database_url, why, sizeof(why))) == NULL) {
		fprintf(stderr, "avail-bench: %s\n", why);
		return 1;
	}
	memset(&d, 0, sizeof(d));
	if (sched_tenant(db, argv[1], &tz, NULL, &d) != OK) {
		fprintf(stderr, "avail-bench: tenant: %s\n", d.message);
		return 1;
	}
	if (when(argv[3], tz, &from) < 0 || when(argv[4], tz, &to) < 0 || to <= from) {
		fprintf(stderr, "avail-bench: bad FROM/TO\n");
		return 1;
	}
	if ((t = calloc((size_t)calls, sizeof(*t))) == NULL)
		return 1;
	/* two untimed calls: page cache, prepared state, the zone cache */
	for (int i = -2; i < calls; i++) {
		json_object *out = NULL, *arr;
		double a, b, c;
		size_t len = 0;

		a = now_us();
		if (sched_availability(db, argv[1], argv[2], from, to, (int64_t)time(NULL), &out, &d)
		    != OK) {
			fprintf(stderr, "avail-bench: sched_availability: %s\n", d.message);
			return 1;
		}
		b = now_us();
		json_object_to_json_string_length(out, JSON_C_TO_STRING_PLAIN, &len);
		c = now_us();
		if (json_object_object_get_ex(out, "slots", &arr))
			slots = (int)json_object_array_length(arr);
		json_object_put(out);
		if (i >= 0) {
			t[i] = b - a;
			sum += t[i];
			json_sum += c - b;
		}
	}
	qsort(t, (size_t)calls, sizeof(*t), cmp_double);
	/* nearest rank: the smallest value with at least p% of the calls at or below it */
	int i50 = (calls * 50 + 99) / 100 - 1, i99 = (calls * 99 + 99) / 100 - 1;
	printf("calls %d mean_us %.0f p50_us %.0f p99_us %.0f max_us %.0f json_us %.0f slots %d\n",
	    calls, sum / calls, t[i50], t[i99], t[calls - 1], json_sum / calls, slots);
	free(t);
	db_close(db);
	return 0;
}
