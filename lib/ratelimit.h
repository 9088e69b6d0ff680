/* Rate limits shared by every worker and host: fixed-window counters in the
 * database (table rate_limits), one atomic upsert per hit. */
#ifndef FD_RATELIMIT_H
#define FD_RATELIMIT_H

#include <stdint.h>

#include "db.h"

/* Count a hit on bucket ("msg:<conversation>", "conv:<ip>") in the window
 * of window_s seconds holding now. 0 = allowed; 1 = over limit, with
 * *retry_after the seconds until the window ends; -1 = database error. */
int rl_hit(db_t *db, const char *bucket, int limit, int window_s, int64_t now, int *retry_after);

#endif
