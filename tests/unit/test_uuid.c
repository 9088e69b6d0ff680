/* lib/uuid.c: UUIDv7 shape and ordering, canonical-form check. */
#include <string.h>
#include <time.h>

#include "unit.h"
#include "../../lib/uuid.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};

	nanosleep(&ts, NULL);
}

UTEST(uuid, v7_format)
{
	char u[UUID_STR_LEN];

	for (int i = 0; i < 100; i++) {
		cr_assert_eq(uuid_v7(u), 0);
		cr_assert_eq(strlen(u), 36);
		cr_assert(uuid_valid(u), "%s", u);
		cr_assert_eq(u[8], '-');
		cr_assert_eq(u[13], '-');
		cr_assert_eq(u[18], '-');
		cr_assert_eq(u[23], '-');
		cr_assert_eq(u[14], '7', "version nibble: %s", u);
		cr_assert(strchr("89ab", u[19]) != NULL, "variant 10xx: %s", u);
		for (int j = 0; j < 36; j++)
			cr_assert(!(u[j] >= 'A' && u[j] <= 'F'), "lower case: %s", u);
	}
}

UTEST(uuid, v7_timestamp_is_now)
{
	char u[UUID_STR_LEN], hex[13];
	unsigned long long ms, now;
	struct timespec ts;

	cr_assert_eq(uuid_v7(u), 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
	memcpy(hex, u, 8);
	memcpy(hex + 8, u + 9, 4);
	hex[12] = '\0';
	ms = strtoull(hex, NULL, 16);
	cr_assert_leq(ms, now);
	cr_assert_geq(ms + 1000, now, "timestamp within a second: %s", u);
}

UTEST(uuid, v7_orders_across_milliseconds)
{
	char prev[UUID_STR_LEN], cur[UUID_STR_LEN];

	cr_assert_eq(uuid_v7(prev), 0);
	for (int i = 0; i < 10; i++) {
		sleep_ms(2);
		cr_assert_eq(uuid_v7(cur), 0);
		cr_assert_lt(strcmp(prev, cur), 0, "%s then %s", prev, cur);
		memcpy(prev, cur, sizeof(prev));
	}
}

UTEST(uuid, v7_unique)
{
	char u[50][UUID_STR_LEN];

	for (int i = 0; i < 50; i++) {
		cr_assert_eq(uuid_v7(u[i]), 0);
		for (int j = 0; j < i; j++)
			cr_assert_str_neq(u[i], u[j]);
	}
}

UTEST(uuid, valid_cases)
{
	static const char *good[] = {"00000000-0000-0000-0000-000000000000",
	    "0190a1b2-c3d4-7e5f-8a6b-0123456789ab", "ffffffff-ffff-ffff-ffff-ffffffffffff",
	    "123e4567-e89b-12d3-a456-426614174000", NULL};
	static const char *bad[] = {"", "0190A1B2-C3D4-7E5F-8A6B-0123456789AB",
	    "0190a1b2-c3d4-7e5f-8a6b-0123456789aB", "0190a1b2c3d47e5f8a6b0123456789ab",
	    "0190a1b2-c3d4-7e5f-8a6b-0123456789a", "0190a1b2-c3d4-7e5f-8a6b-0123456789abc",
	    "0190a1b2-c3d4-7e5f-8a6b_0123456789ab", "0190a1b2-c3d4-7e5f-8a6b-0123456789ag",
	    "{0190a1b2-c3d4-7e5f-8a6b-0123456789}", "0190a1b2--c3d4-7e5f-8a6b-0123456789a",
	    " 190a1b2-c3d4-7e5f-8a6b-0123456789ab", NULL};

	for (int i = 0; good[i]; i++)
		cr_assert(uuid_valid(good[i]), "'%s' should be valid", good[i]);
	for (int i = 0; bad[i]; i++)
		cr_assert_not(uuid_valid(bad[i]), "'%s' should be rejected", bad[i]);
	cr_assert_not(uuid_valid(NULL));
}

/* ids made one after another sort in that order (sub-millisecond stamp,
 * never repeating within a process) */
UTEST(uuid, v7_sorts_in_creation_order)
{
	char prev[UUID_STR_LEN] = "", cur[UUID_STR_LEN];

	for (int i = 0; i < 20000; i++) {
		cr_assert_eq(uuid_v7(cur), 0);
		cr_assert(uuid_valid(cur));
		cr_assert_eq(cur[14], '7');
		cr_assert(strchr("89ab", cur[19]) != NULL);
		cr_assert_gt(strcmp(cur, prev), 0, "%s after %s", cur, prev);
		memcpy(prev, cur, sizeof(prev));
	}
}
