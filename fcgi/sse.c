#include <string.h>

#include "../lib/buf.h"
#include "sse.h"

static int
sse_write(sse_t *s, const char *data, size_t len)
{
	FCGX_Stream *out;

	if (s->gone)
		return -1;
	s->last_write = time(NULL);
	if (s->r->fcgx == NULL)
		return 0;
	out = s->r->fcgx->out;
	/* libfcgi buffers ~8 KB: flush every event so it leaves now */
	if (FCGX_PutStr(data, (int)len, out) != (int)len || FCGX_FFlush(out) != 0 ||
	    FCGX_GetError(out) != 0) {
		s->gone = 1;
		return -1;
	}
	return 0;
}

void
sse_begin(sse_t *s, req_t *r)
{
	buf_t b;

	memset(s, 0, sizeof(*s));
	s->r = r;
	buf_init(&b, 0);
	buf_printf(&b, "Status: 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
	    "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
	    "X-Request-Id: %s\r\n", r->request_id);
	if (r->headers.len)
		buf_append(&b, r->headers.data, r->headers.len);
	/* the retry hint: reconnect after 3 s (EventSource's default varies) */
	buf_puts(&b, "\r\nretry: 3000\n\n");
	r->status = 200;
	if (buf_ok(&b))
		sse_write(s, b.data, b.len);
	buf_free(&b);
}

int
sse_event(sse_t *s, const char *event, const char *id, json_object *data)
{
	buf_t b;
	int rc;

	if (s->gone)
		return -1;
	buf_init(&b, 0);
	buf_printf(&b, "event: %s\n", event);
	if (id)
		buf_printf(&b, "id: %s\n", id);
	/* JSON_C_TO_STRING_PLAIN escapes newlines: one data line */
	buf_printf(&b, "data: %s\n\n", data ? json_object_to_json_string_ext(data,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "{}");
	rc = buf_ok(&b) ? sse_write(s, b.data, b.len) : -1;
	buf_free(&b);
	s->events++;
	return rc;
}

int
sse_comment(sse_t *s, const char *text)
{
	buf_t b;
	int rc;

	buf_init(&b, 0);
	buf_printf(&b, ": %s\n\n", text);
	rc = buf_ok(&b) ? sse_write(s, b.data, b.len) : -1;
	buf_free(&b);
	return rc;
}

int
sse_keepalive(sse_t *s, int keepalive_s)
{
	if (time(NULL) - s->last_write < keepalive_s)
		return s->gone ? -1 : 0;
	return sse_comment(s, "keep-alive");
}
