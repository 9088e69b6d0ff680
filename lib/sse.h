/* An incremental server-sent-events parser (the WHATWG "event stream
 * interpretation"): bytes arrive in pieces split anywhere — inside a line,
 * between CR and LF — and each complete event is handed to a callback.
 *
 *   lines end in CRLF, LF or CR; a leading UTF-8 BOM is skipped
 *   ":..."            a comment, ignored
 *   "field:value"     one optional space after the colon is dropped
 *   "field"           (no colon) the field with an empty value
 *   data              appended to the event's data, lines joined with "\n"
 *   event             the event's name ("message" when none was given)
 *   id                the last event id (kept across events; ignored when it
 *                     contains NUL)
 *   retry             reconnection time in ms when all ASCII digits
 *   blank line        dispatch: the event is delivered when it has data
 *
 * An unterminated event at the end of the stream is discarded, as the spec
 * says. Memory is bounded: a line or an event's data longer than max bytes
 * stops the parser with an error. Not thread-safe per parser; one per stream. */
#ifndef FD_SSE_H
#define FD_SSE_H

#include <stddef.h>

#define SSE_DEFAULT_MAX (256 * 1024)

/* One event. data is NUL-terminated and datalen bytes long (it may itself
 * contain NUL bytes); id is "" when the stream never set one. All borrowed:
 * valid only during the call. Return 0 to go on, non-zero to stop the parser
 * (sse_feed then returns -1 and sse_error() says "stopped"). */
typedef int (*sse_event_fn)(void *ctx, const char *event, const char *data, size_t datalen,
    const char *id);

typedef struct {
	char *s;
	size_t len, cap;
} sse_str;

typedef struct {
	sse_event_fn on_event;
	void *ctx;
	size_t max;          /* longest line, and longest data of one event */
	sse_str line;        /* the line being read */
	sse_str data;        /* data lines of the pending event, each ending in \n */
	sse_str event;       /* event name of the pending event */
	sse_str id;          /* last event id */
	long retry_ms;       /* last valid retry field; -1 when none */
	int started;         /* past the (optional) BOM */
	int bom;             /* BOM bytes matched so far */
	int after_cr;        /* the last byte was CR: an LF next belongs to it */
	int failed;          /* sticky: every later feed returns -1 */
	const char *error;   /* why, when failed */
} sse_parser;

/* max 0 = SSE_DEFAULT_MAX. Never fails (buffers grow on demand). */
void sse_init(sse_parser *p, size_t max, sse_event_fn on_event, void *ctx);
/* Parse len more bytes. Returns 0, or -1 after an error (overlong line or
 * data, out of memory, stopped by the callback): see sse_error(). */
int sse_feed(sse_parser *p, const void *bytes, size_t len);
/* NULL while no error occurred. */
const char *sse_error(const sse_parser *p);
/* 1 when bytes of an unfinished line or event are pending (a stream that
 * ends here was cut). */
int sse_pending(const sse_parser *p);
void sse_free(sse_parser *p);

#endif
