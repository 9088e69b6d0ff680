/* Rendered availability answers, cached per worker process. An entry is
 * keyed on everything the answer depends on (tenant, service, window, the
 * current second) and stamped with the tenant's schedule version, which
 * database triggers bump on every write to appointments, busy blocks,
 * closures, services and the tenant's zone or hours
 * (sql/<backend>/004_availability_cache.sql). A hit therefore needs the
 * version read from the database to match: a booking made by any worker on
 * any host invalidates every cached answer of its tenant at once. */
#ifndef FD_AVAILCACHE_H
#define FD_AVAILCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define AC_ENTRIES   16
#define AC_KEY_MAX   160
#define AC_MAX_BYTES (4u << 20)  /* all bodies of one process together */

/* The tenant's schedule version (0 before its first scheduling write), or
 * -1 on a database error (the caller then skips the cache). */
int64_t ac_version(db_t *db, const char *tenant_id);

/* 1 and a malloc'd copy of the body when key is cached at this version. */
int ac_get(const char *key, int64_t version, char **body, size_t *len);
/* Store (a copy of) body; evicts least recently used entries to stay within
 * AC_ENTRIES and AC_MAX_BYTES. Bodies over a quarter of the budget are not
 * kept. */
void ac_put(const char *key, int64_t version, const char *body, size_t len);
/* Drop everything (tests). */
void ac_clear(void);

#endif
