#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/config.h"
#include "../lib/log.h"
#include "detach.h"
#include "router.h"

#define DETACH_STACK (1024 * 1024)

_Atomic int fcgi_in_flight;
_Atomic int fcgi_streams;

struct detached {
	req_t r;
	void (*fn)(req_t *r);
};

static void *
detached_main(void *arg)
{
	struct detached *dt = arg;
	req_t *r = &dt->r;
	struct timespec end;
	char why[512];

	if ((r->db = db_open(g_config.database_url, why, sizeof(why))) == NULL)
		log_msg(LOG_ERROR, r->request_id, "database: %s", why);
	dt->fn(r);
	clock_gettime(CLOCK_MONOTONIC, &end);
	log_request(r->request_id, r->method, r->route ? r->route->pattern : NULL, r->status,
	    (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - r->start.tv_nsec) / 1e6, r->log_tenant[0] ? r->log_tenant : NULL);
	db_close(r->db);
	req_free(r);
	FCGX_Finish_r(r->fcgx);
	free(r->fcgx);
	free(dt);
	fcgi_streams--;
	fcgi_in_flight--;
	return NULL;
}

int
fcgi_detach(req_t *r, void (*fn)(req_t *r))
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
