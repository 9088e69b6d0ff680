/* The availability cache: LRU and byte budget, and the schedule version that
 * database triggers bump on every write that can change free slots (both
 * backends). */
#include "unit.h"

#include "../../lib/availcache.h"
#include "../../lib/tenant.h"
#include "../../lib/uuid.h"

static unit_db U;
static void fini(void);
TestSuite(availcache, .fini = fini);

static void
fini(void)
{
	ac_clear();
	if (U.db)
		unit_db_close(&U);
}

UTEST(availcache, hit_miss_and_version)
{
	char *b = NULL;
	size_t n = 0;

	cr_assert_eq(ac_get("k1", 1, &b, &n), 0);
	ac_put("k1", 1, "{\"slots\":[]}", 12);
	cr_assert_eq(ac_get("k1", 1, &b, &n), 1);
	cr_assert_eq(n, 12);
	cr_assert_eq(memcmp(b, "{\"slots\":[]}", 12), 0);
	free(b);
	/* another version is a miss, and drops the stale entry for good */
	cr_assert_eq(ac_get("k1", 2, &b, &n), 0);
	cr_assert_eq(ac_get("k1", 1, &b, &n), 0);
	/* putting the same key again replaces it */
	ac_put("k2", 5, "a", 1);
	ac_put("k2", 6, "bb", 2);
	cr_assert_eq(ac_get("k2", 6, &b, &n), 1);
	cr_assert_eq(n, 2);
	free(b);
}

UTEST(availcache, lru_and_budget)
{
	char key[32], *b = NULL, *big;
	size_t n = 0, quarter = AC_MAX_BYTES / 4;

	for (int i = 0; i < AC_ENTRIES + 4; i++) {
		snprintf(key, sizeof(key), "key%d", i);
		ac_put(key, 1, key, strlen(key));
		if (i == AC_ENTRIES - 1) { /* full: touch key0, key1 is now the least recently used */
			cr_assert_eq(ac_get("key0", 1, &b, &n), 1);
			free(b);
		}
	}
	cr_assert_eq(ac_get("key0", 1, &b, &n), 1, "recently used survives");
	free(b);
	cr_assert_eq(ac_get("key1", 1, &b, &n), 0, "least recently used evicted");
	cr_assert_eq(ac_get("key19", 1, &b, &n), 1);
	free(b);

	/* bodies over a quarter of the budget are not kept; four of a quarter
	 * each fill it, a fifth evicts the oldest */
	big = calloc(1, quarter + 1);
	cr_assert_not_null(big);
	ac_put("huge", 1, big, quarter + 1);
	cr_assert_eq(ac_get("huge", 1, &b, &n), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "big%d", i);
		ac_put(key, 1, big, quarter - 64);
	}
	cr_assert_eq(ac_get("big0", 1, &b, &n), 0, "over budget: oldest big one evicted");
	cr_assert_eq(ac_get("big4", 1, &b, &n), 1);
	cr_assert_eq(n, quarter - 64);
	free(b);
	free(big);

	/* a key too long to store is never stored (a truncated key could name
	 * another answer) */
	char longkey[AC_KEY_MAX + 10];
	memset(longkey, 'x', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	ac_put(longkey, 1, "x", 1);
	cr_assert_eq(ac_get(longkey, 1, &b, &n), 0);
}

/* Each write that changes free slots moves the version; others do not. */
static void
check_versions(int pg)
{
	err_detail d = {0};
	json_object *t = NULL;
	char tid[40], sid[40], cid[40], now[24], id[40];
	int64_t v0, v;

	unit_config();
	unit_db_open(&U, pg, 1);
	cr_assert_eq(tenant_create(U.db, "Cache Co", NULL, "UTC", "starter", "active", &t, &d), OK);
	snprintf(tid, sizeof(tid), "%s", json_object_get_string(json_object_object_get(t, "id")));
	json_object_put(t);
	db_now(now, 0);
	v0 = ac_version(U.db, tid);
	cr_assert_geq(v0, 0);

#define BUMPS(sql, types, ...) do { \
		cr_assert_eq(db_runf(U.db, sql, types, __VA_ARGS__), DB_DONE, "%s: %s", sql, db_errmsg(U.db)); \
		v = ac_version(U.db, tid); \
		cr_assert_gt(v, v0, "%s did not bump the version", sql); \
		v0 = v; \
	} while (0)

	uuid_v7(sid);
	/* a new service cannot be in a cached answer: no bump needed */
	cr_assert_eq(db_runf(U.db, "INSERT INTO services (id, tenant_id, name, duration_min, "
	    "created_at, updated_at) VALUES (?, ?, 'Cut', 30, ?, ?)", "ssss", sid, tid, now, now), DB_DONE,
	    "%s", db_errmsg(U.db));
	BUMPS("UPDATE services SET buffer_min = 10 WHERE id = ?", "s", sid);
	BUMPS("UPDATE tenants SET timezone = 'Europe/Berlin' WHERE id = ?", "s", tid);
	BUMPS("UPDATE tenants SET business_hours = NULL WHERE id = ?", "s", tid);
	uuid_v7(id);
	BUMPS("INSERT INTO closures (id, tenant_id, starts_on, ends_on, created_at, updated_at) "
	    "VALUES (?, ?, '2030-01-01', '2030-01-02', ?, ?)", "ssss", id, tid, now, now);
	BUMPS("DELETE FROM closures WHERE id = ?", "s", id);
	uuid_v7(id);
	BUMPS("INSERT INTO busy_blocks (id, tenant_id, starts_at, ends_at, created_at, updated_at) "
	    "VALUES (?, ?, '2030-01-01T10:00:00Z', '2030-01-01T11:00:00Z', ?, ?)", "ssss", id, tid, now,
	    now);
	BUMPS("UPDATE busy_blocks SET ends_at = '2030-01-01T12:00:00Z' WHERE id = ?", "s", id);
	uuid_v7(cid);
	cr_assert_eq(db_runf(U.db, "INSERT INTO customers (id, tenant_id, name, phone, created_at, "
	    "updated_at) VALUES (?, ?, 'Pat', '+15555550100', ?, ?)", "ssss", cid, tid, now, now),
	    DB_DONE, "%s", db_errmsg(U.db));
	uuid_v7(id);
	BUMPS("INSERT INTO appointments (id, tenant_id, service_id, customer_id, starts_at, ends_at, "
	    "busy_until, created_at, updated_at) VALUES (?, ?, ?, ?, '2030-01-03T10:00:00Z', "
	    "'2030-01-03T10:30:00Z', '2030-01-03T10:40:00Z', ?, ?)", "ssssss", id, tid, sid, cid, now,
	    now);
	BUMPS("UPDATE appointments SET status = 'cancelled' WHERE id = ?", "s", id);
	BUMPS("DELETE FROM appointments WHERE id = ?", "s", id);
	BUMPS("DELETE FROM services WHERE id = ?", "s", sid);

	/* writes that cannot change free slots leave it alone */
	cr_assert_eq(db_runf(U.db, "UPDATE tenants SET name = 'Renamed' WHERE id = ?", "s", tid),
	    DB_DONE);
	cr_assert_eq(ac_version(U.db, tid), v0);
#undef BUMPS
}

UTEST(availcache, sqlite_versions) { check_versions(0); }
UTEST(availcache, pg_versions) { check_versions(1); }
