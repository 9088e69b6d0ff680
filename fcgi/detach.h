/* Long responses (server-sent-event streams) run on a thread of their own,
 * so they never hold one of the worker's few accept threads: the handler
 * validates the request, then hands it over with fcgi_detach(). The new
 * thread runs fn, writes the request's log line, returns its database
 * connection to the pool and finishes the FastCGI request. */
#ifndef FD_DETACH_H
#define FD_DETACH_H

#include "request.h"

extern _Atomic int fcgi_in_flight;   /* requests being answered, detached ones too */
extern _Atomic int fcgi_streams;     /* detached requests running */

/* 0: fn(r-copy, arg) now runs on its own thread and r must not be used or
 * freed by the caller (r->detached is set); fn owns arg. -1: not possible
 * (no FastCGI request, or STREAMS_PER_WORKER reached) — the caller answers
 * instead and still owns arg. The thread's r->db is NULL until fn calls
 * fcgi_db(r): a lazy handle over a per-process pool of
 * STREAM_DB_CONNECTIONS connections, held only while a statement or
 * transaction is open — so hundreds of streams waiting on the LLM hold no
 * connection, and a burst of them queues for a few instead of opening (and
 * contending with) one each. */
int fcgi_detach(req_t *r, void (*fn)(req_t *r, void *arg), void *arg);
/* The detached request's database connection (from the pool, or opened);
 * NULL when the database is unreachable. */
db_t *fcgi_db(req_t *r);

#endif
