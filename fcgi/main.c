/* frontdesk-worker: a FastCGI responder. Started by spawn-fcgi (the listening
 * socket is fd 0) under multiwatch, or standalone with --socket PATH|:PORT.
 * WORKER_THREADS threads each accept requests with their own database
 * connection; no request state outlives its request. */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fcgiapp.h>

#include "../lib/config.h"
#include "../lib/db.h"
#include "../lib/ical.h"
#include "../lib/log.h"
#include "detach.h"
#include "dispatch.h"
#include "request.h"
#include "response.h"

static int listen_fd = 0;
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

/* libfcgi's own SIGTERM handler only sets a flag that a thread blocked in
 * accept() never sees. Instead one thread waits for SIGTERM/SIGINT/SIGHUP,
 * lets in-flight requests finish (at most 10 s), then exits. */
static void *
signal_thread(void *arg)
{
	sigset_t *set = arg;
	int sig = 0;

	sigwait(set, &sig);
	log_msg(LOG_INFO, NULL, "worker stopping on signal %d", sig);
	for (int i = 0; i < 100 && fcgi_in_flight > 0; i++)
		usleep(100000);
	_exit(0);
	return NULL;
}

static void *
worker(void *arg)
{
	FCGX_Request *fcgx = NULL;
	db_t *db = NULL;
	char why[512];

	(void)arg;
	for (;;) {
		req_t r;
		int rc;

		/* a detached request took the previous one with it */
		if (fcgx == NULL && ((fcgx = malloc(sizeof(*fcgx))) == NULL ||
		    FCGX_InitRequest(fcgx, listen_fd, 0) != 0))
			break;
		/* One thread in accept at a time, as in libfcgi's threaded example. */
		pthread_mutex_lock(&accept_lock);
		rc = FCGX_Accept_r(fcgx);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0)
			break;
		fcgi_in_flight++;
		if (db == NULL && (db = db_open(g_config.database_url, why, sizeof(why))) == NULL)
			log_msg(LOG_ERROR, NULL, "database: %s", why);
		rc = req_init(&r, fcgx, fcgx->envp);
		r.db = db;
		if (rc == -1)
			resp_fail(&r, ERR_VALIDATION, NULL, "malformed request path");
		else if (rc == -2)
			resp_fail(&r, ERR_VALIDATION, NULL, "malformed or oversized query string");
		else
			dispatch(&r);
		if (r.detached) {
			fcgx = NULL;
			continue;
		}
		req_free(&r);
		FCGX_Finish_r(fcgx);
		fcgi_in_flight--;
	}
	free(fcgx);
	db_close(db);
	return NULL;
}

int
main(int argc, char **argv)
{
	char why[512];
	pthread_t *threads, sigthr;
	sigset_t stopset;
	int n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) {
			if (FCGX_Init() != 0 || (listen_fd = FCGX_OpenSocket(argv[++i], 1024)) < 0) {
				fprintf(stderr, "frontdesk-worker: cannot listen on %s\n", argv[i]);
				return 1;
			}
		} else if (strcmp(argv[i], "--pool") == 0 && i + 1 < argc) {
			i++; /* names the instance in ps(1), so scripts can find its workers */
		} else if (strcmp(argv[i], "--check-config") == 0) {
			if (config_load(why, sizeof(why)) < 0) {
				fprintf(stderr, "frontdesk-worker: %s\n", why);
				return 1;
			}
			return 0;
		} else {
			fprintf(stderr, "usage: frontdesk-worker [--socket PATH|:PORT] [--pool NAME] [--check-config]\n");
			return 2;
		}
	}
	if (config_load(why, sizeof(why)) < 0) {
		fprintf(stderr, "frontdesk-worker: %s\n", why);
		return 1;
	}
	if (log_open(g_config.log_file, g_config.log_level) < 0) {
		fprintf(stderr, "frontdesk-worker: cannot open LOG_FILE %s\n", g_config.log_file);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	/* glibc gives every thread its own malloc arena; two are plenty for a
	 * worker and keep freed response buffers from pinning memory (RSS). */
	mallopt(M_ARENA_MAX, 2);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ical_init();
	if (FCGX_Init() != 0) {
		fprintf(stderr, "frontdesk-worker: FCGX_Init failed\n");
		return 1;
	}
	/* block the stop signals in every thread; signal_thread takes them */
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stopset, NULL);
	if (pthread_create(&sigthr, NULL, signal_thread, &stopset) != 0)
		return 1;
	n = g_config.worker_threads;
	if ((threads = calloc((size_t)n, sizeof(*threads))) == NULL)
		return 1;
	for (int i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "frontdesk-worker: cannot start thread %d\n", i);
			return 1;
		}
	log_msg(LOG_INFO, NULL, "worker started: %d threads, %s", n,
	    strncmp(g_config.database_url, "sqlite", 6) == 0 ? "sqlite" : "postgresql");
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	curl_global_cleanup();
	return 0;
}
