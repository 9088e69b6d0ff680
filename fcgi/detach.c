#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/config.h"
#include "../lib/log.h"
#include "detach.h"
#include "router.h"

#define DETACH_STACK (1024 * 1024)
#define DETACH_NICE  15   /* detached threads yield the CPU to the accept threads */

_Atomic int fcgi_in_flight;
_Atomic int fcgi_streams;

struct detached {
	req_t r;
	void (*fn)(req_t *r, void *arg);
	void *arg;
};

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static db_pool *pool;

static void
pool_init(void)
{
	pool = db_pool_new(g_config.database_url, g_config.stream_db_conns);
}

db_t *
fcgi_db(req_t *r)
{
	if (r->db)
		return r->db;
	pthread_once(&pool_once, pool_init);
	if (pool == NULL || (r->db = db_lazy(pool)) == NULL)
		log_msg(LOG_ERROR, r->request_id, "database: out of memory");
	return r->db;
}

static void *
detached_main(void *arg)
{
	struct detached *dt = arg;
	req_t *r = &dt->r;
	struct timespec end;

	/* A stream mostly waits; when a burst of them all want the CPU at once
	 * (opening, loading, calling the model), the accept threads must still
	 * get it, or every new request — the next stream's first event, a plain
	 * API call — queues behind them. Linux nice values are per thread. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), DETACH_NICE);
	dt->fn(r, dt->arg);
	clock_gettime(CLOCK_MONOTONIC, &end);
	log_request(r->request_id, r->method, r->route ? r->route->pattern : NULL, r->status,
	    (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - r->start.tv_nsec) / 1e6, r->log_tenant[0] ? r->log_tenant : NULL);
	db_close(r->db); /* a lazy handle: gives its connection back */
	req_free(r);
	FCGX_Finish_r(r->fcgx);
	free(r->fcgx);
	free(dt);
	fcgi_streams--;
	fcgi_in_flight--;
	return NULL;
}

int
fcgi_detach(req_t *r, void (*fn)(req_t *r, void *arg), void *arg)
{
	struct detached *dt;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	if (r->fcgx == NULL || fcgi_streams >= g_config.streams_per_worker ||
	    (dt = malloc(sizeof(*dt))) == NULL)
		return -1;
	memcpy(&dt->r, r, sizeof(*r));
	dt->r.db = NULL;
	dt->fn = fn;
	dt->arg = arg;
	fcgi_streams++;
	fcgi_in_flight++;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, DETACH_STACK);
	rc = pthread_create(&t, &attr, detached_main, dt);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		fcgi_streams--;
		fcgi_in_flight--;
		free(dt);
		return -1;
	}
	/* the copy owns everything now */
	memset(r, 0, sizeof(*r));
	r->detached = 1;
	r->status = 200;
	return 0;
}
