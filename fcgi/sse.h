/* Server-sent events over FastCGI: headers that keep every proxy from
 * buffering (X-Accel-Buffering for nginx; lighttpd and Apache are set up in
 * conf/), one "event:/id:/data:" block per event flushed at once, comment
 * keep-alives, and detection of a client that has gone (a failed flush). */
#ifndef FD_SSE_H
#define FD_SSE_H

#include <time.h>

#include <json-c/json.h>

#include "request.h"

typedef struct {
	req_t *r;
	int gone;            /* the client left: later writes are skipped */
	time_t last_write;   /* for keep-alives */
	int events;          /* events written */
} sse_t;

/* Status 200 and the event-stream headers. */
void sse_begin(sse_t *s, req_t *r);
/* One event: id may be NULL; data is serialised as one line of JSON.
 * 0, or -1 when the client has gone. */
int sse_event(sse_t *s, const char *event, const char *id, json_object *data);
/* ": text" — a keep-alive or a note; ignored by clients. */
int sse_comment(sse_t *s, const char *text);
/* A comment when nothing was written for keepalive_s seconds. */
int sse_keepalive(sse_t *s, int keepalive_s);

#endif
