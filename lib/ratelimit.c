#include <stdio.h>

#include "crypto.h"
#include "log.h"
#include "ratelimit.h"

#define RL_PURGE_AFTER_S (2 * 86400)  /* windows older than this are deleted */

int
rl_hit(db_t *db, const char *bucket, int limit, int window_s, int64_t now, int *retry_after)
{
	int64_t start = now - now % window_s, count = 0;
	unsigned char r = 0;
	db_stmt *st;
	int rc;

	*retry_after = 0;
	st = db_queryf(db, "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) "
	    "ON CONFLICT (bucket) DO UPDATE SET count = CASE WHEN rate_limits.window_start = "
	    "excluded.window_start THEN rate_limits.count + 1 ELSE 1 END, "
	    "window_start = excluded.window_start RETURNING count", "si", bucket, start);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		count = db_col_int(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE) {
		log_msg(LOG_ERROR, NULL, "rate limit %s: %s", bucket, db_errmsg(db));
		return -1;
	}
	/* now and then, forget old windows (any worker may do it) */
	if (crypto_random(&r, 1) == 0 && r == 0)
		db_runf(db, "DELETE FROM rate_limits WHERE window_start < ?", "i",
		    now - RL_PURGE_AFTER_S);
	if (count > limit) {
		*retry_after = (int)(start + window_s - now);
		if (*retry_after < 1)
			*retry_after = 1;
		return 1;
	}
	return 0;
}
