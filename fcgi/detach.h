/* Long responses (server-sent-event streams) run on a thread of their own,
 * so they never hold one of the worker's few accept threads: the handler
 * validates the request, then hands it over with fcgi_detach(). The new
 * thread opens its own database connection, runs fn, writes the request's
 * log line, and finishes the FastCGI request. */
#ifndef FD_DETACH_H
#define FD_DETACH_H

#include "request.h"

extern _Atomic int fcgi_in_flight;   /* requests being answered, detached ones too */
extern _Atomic int fcgi_streams;     /* detached requests running */

/* 0: fn(r-copy) now runs on its own thread and r must not be used or freed
 * by the caller (r->detached is set); -1: not possible (no FastCGI request,
 * or STREAMS_PER_WORKER reached) — the caller answers instead. */
int fcgi_detach(req_t *r, void (*fn)(req_t *r));

#endif
