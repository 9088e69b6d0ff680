/* Per-process LRU cache of rendered availability answers; see availcache.h.
 * Bodies are copied in and out under one mutex: a copy of a 120 KB answer
 * costs microseconds, computing it costs a millisecond and a half. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "availcache.h"

struct ac_entry {
	char key[AC_KEY_MAX];
	int64_t version;
	char *body;
	size_t len;
	uint64_t used;   /* LRU clock; 0 = empty */
};

static pthread_mutex_t ac_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ac_entry ac[AC_ENTRIES];
static size_t ac_bytes;
static uint64_t ac_clock;

int64_t
ac_version(db_t *db, const char *tenant_id)
{
	db_stmt *st = db_queryf(db, "SELECT version FROM sched_versions WHERE tenant_id = ?", "s",
	    tenant_id);
	int64_t v = -1;
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		v = db_col_int(st, 0);
	else if (rc == DB_DONE)
		v = 0;
	db_finalize(st);
	return v;
}

static void
drop(struct ac_entry *e)
{
	ac_bytes -= e->len;
	free(e->body);
	memset(e, 0, sizeof(*e));
}

int
ac_get(const char *key, int64_t version, char **body, size_t *len)
{
	int hit = 0;

	pthread_mutex_lock(&ac_lock);
	for (int i = 0; i < AC_ENTRIES; i++) {
		struct ac_entry *e = &ac[i];

		if (e->used == 0 || strcmp(e->key, key) != 0)
			continue;
		if (e->version != version) { /* stale for every later reader too */
			drop(e);
			break;
		}
		if ((*body = malloc(e->len ? e->len : 1)) != NULL) {
			memcpy(*body, e->body, e->len);
			*len = e->len;
			e->used = ++ac_clock;
			hit = 1;
		}
		break;
	}
	pthread_mutex_unlock(&ac_lock);
	return hit;
}

void
ac_put(const char *key, int64_t version, const char *body, size_t len)
{
	struct ac_entry *slot = NULL;
	char *copy;

	if (strlen(key) >= AC_KEY_MAX || len > AC_MAX_BYTES / 4 || (copy = malloc(len ? len : 1)) == NULL)
		return;
	memcpy(copy, body, len);
	pthread_mutex_lock(&ac_lock);
	for (int i = 0; i < AC_ENTRIES; i++)
		if (ac[i].used && strcmp(ac[i].key, key) == 0)
			drop(&ac[i]);
	for (;;) {
		struct ac_entry *lru = NULL;

		slot = NULL;
		for (int i = 0; i < AC_ENTRIES; i++) {
			if (ac[i].used == 0) {
				slot = slot ? slot : &ac[i];
				continue;
			}
			if (lru == NULL || ac[i].used < lru->used)
				lru = &ac[i];
		}
		if (slot && ac_bytes + len <= AC_MAX_BYTES)
			break;
		if (lru == NULL) /* empty and still too big: cannot happen (len <= max / 4) */
			break;
		drop(lru);
	}
	if (slot == NULL) {
		pthread_mutex_unlock(&ac_lock);
		free(copy);
		return;
	}
	memcpy(slot->key, key, strlen(key) + 1);
	slot->version = version;
	slot->body = copy;
	slot->len = len;
	slot->used = ++ac_clock;
	ac_bytes += len;
	pthread_mutex_unlock(&ac_lock);
}

void
ac_clear(void)
{
	pthread_mutex_lock(&ac_lock);
	for (int i = 0; i < AC_ENTRIES; i++)
		if (ac[i].used)
			drop(&ac[i]);
	ac_clock = 0;
	pthread_mutex_unlock(&ac_lock);
}
