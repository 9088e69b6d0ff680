/* bare-responder: the floor for `make bench`. A libfcgi responder that does
 * nothing but answer {"status":"ok"}, threaded and started exactly like
 * frontdesk-worker (spawn-fcgi hands it the listening socket as fd 0, under
 * multiwatch), so the gap between the two is the cost of frontdesk itself.
 * Arguments (e.g. --pool DIR from scripts/pool.sh) are ignored. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int in_flight;

static const char reply[] =
    "Status: 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 15\r\n"
    "\r\n"
    "{\"status\":\"ok\"}";

/* As in fcgi/main.c: libfcgi's SIGTERM handler only sets a flag that a thread
 * blocked in accept() never sees, so one thread waits for the stop signals,
 * lets in-flight requests finish (at most 10 s) and exits. */
static void *
signal_thread(void *arg)
{
	sigset_t *set = arg;
	int sig = 0;

	sigwait(set, &sig);
	for (int i = 0; i < 100 && in_flight > 0; i++)
		usleep(100000);
	_exit(0);
	return NULL;
}

static void *
worker(void *arg)
{
	FCGX_Request req;

	(void)arg;
	if (FCGX_InitRequest(&req, 0, 0) != 0)
		return NULL;
	for (;;) {
		int rc;

		pthread_mutex_lock(&accept_lock);
		rc = FCGX_Accept_r(&req);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0)
			break;
		in_flight++;
		FCGX_PutStr(reply, (int)sizeof(reply) - 1, req.out);
		FCGX_Finish_r(&req);
		in_flight--;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t *threads, sigthr;
	sigset_t stopset;
	const char *v = getenv("WORKER_THREADS");
	int n = v && *v ? atoi(v) : 4;

	(void)argc;
	(void)argv;
	if (n < 1 || n > 64)
		n = 4;
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		return 1;
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stopset, NULL);
	if (pthread_create(&sigthr, NULL, signal_thread, &stopset) != 0)
		return 1;
	if ((threads = calloc((size_t)n, sizeof(*threads))) == NULL)
		return 1;
	for (int i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return 0;
}
