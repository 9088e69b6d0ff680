#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sse.h"

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

void
sse_init(sse_parser *p, size_t max, sse_event_fn on_event, void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->on_event = on_event;
	p->ctx = ctx;
	p->max = max ? max : SSE_DEFAULT_MAX;
	p->retry_ms = -1;
}

void
sse_free(sse_parser *p)
{
	free(p->line.s);
	free(p->data.s);
	free(p->event.s);
	free(p->id.s);
	memset(p, 0, sizeof(*p));
}

const char *
sse_error(const sse_parser *p)
{
	return p->failed ? p->error : NULL;
}

int
sse_pending(const sse_parser *p)
{
	return p->line.len > 0 || p->data.len > 0 || (!p->started && p->bom > 0);
}

static int
fail(sse_parser *p, const char *why)
{
	p->failed = 1;
	p->error = why;
	return -1;
}

/* Append n bytes, keeping a NUL after them; the string never exceeds max
 * bytes. Returns 0, or -1 (over max) or -2 (out of memory). */
static int
str_append(sse_str *s, const void *b, size_t n, size_t max)
{
	if (n > max || s->len > max - n)
		return -1;
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		char *t;

		while (cap < s->len + n + 1)
			cap *= 2;
		if ((t = realloc(s->s, cap)) == NULL)
			return -2;
		s->s = t;
		s->cap = cap;
	}
	if (n)
		memcpy(s->s + s->len, b, n);
	s->len += n;
	s->s[s->len] = '\0';
	return 0;
}

static int
str_set(sse_str *s, const char *b, size_t n, size_t max)
{
	s->len = 0;
	return str_append(s, b, n, max);
}

static int
dispatch(sse_parser *p)
{
	int rc;

	if (p->data.len == 0) { /* no data: nothing to deliver, the name is reset */
		p->event.len = 0;
		return 0;
	}
	p->data.s[--p->data.len] = '\0'; /* the last line's \n */
	rc = p->on_event(p->ctx, p->event.len ? p->event.s : "message", p->data.s, p->data.len,
	    p->id.s ? p->id.s : "");
	p->data.len = 0;
	p->event.len = 0;
	return rc ? fail(p, "stopped by the event handler") : 0;
}

static int
field_is(const char *f, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(f, name, n) == 0;
}

/* One complete line (without its terminator). */
static int
process_line(sse_parser *p)
{
	const char *s = p->line.s, *colon, *v = "";
	size_t n = p->line.len, flen = n, vlen = 0;
	int rc = 0;

	if (n == 0)
		return dispatch(p);
	if (s[0] == ':')
		return 0;
	if ((colon = memchr(s, ':', n)) != NULL) {
		flen = (size_t)(colon - s);
		v = colon + 1;
		vlen = n - flen - 1;
		if (vlen > 0 && *v == ' ')
			v++, vlen--;
	}
	if (field_is(s, flen, "data")) {
		if ((rc = str_append(&p->data, v, vlen, p->max)) == 0 &&
		    (rc = str_append(&p->data, "\n", 1, p->max)) == 0)
			return 0;
		return fail(p, rc == -1 ? "event data longer than the limit" : "out of memory");
	} else if (field_is(s, flen, "event")) {
		rc = str_set(&p->event, v, vlen, p->max);
	} else if (field_is(s, flen, "id")) {
		if (memchr(v, '\0', vlen) == NULL)
			rc = str_set(&p->id, v, vlen, p->max);
	} else if (field_is(s, flen, "retry")) {
		long ms = 0;
		size_t i;

		for (i = 0; i < vlen && v[i] >= '0' && v[i] <= '9'; i++)
			ms = ms > (LONG_MAX - 9) / 10 ? LONG_MAX : ms * 10 + (v[i] - '0');
		if (vlen > 0 && i == vlen)
			p->retry_ms = ms;
	} /* any other field is ignored */
	return rc ? fail(p, "out of memory") : 0;
}

int
sse_feed(sse_parser *p, const void *bytes, size_t len)
{
	const unsigned char *b = bytes, *end = b + len;

	if (p->failed)
		return -1;
	while (b < end) {
		const unsigned char *q;
		int rc;

		if (!p->started) { /* an optional BOM, possibly split across feeds */
			if (*b == utf8_bom[p->bom]) {
				b++;
				if (++p->bom == 3)
					p->started = 1;
				continue;
			}
			p->started = 1;
			if (p->bom && (rc = str_append(&p->line, utf8_bom, (size_t)p->bom, p->max)) != 0)
				return fail(p, rc == -1 ? "line longer than the limit" : "out of memory");
			continue;
		}
		if (p->after_cr) { /* CRLF split between two feeds */
			p->after_cr = 0;
			if (*b == '\n') {
				b++;
				continue;
			}
		}
		for (q = b; q < end && *q != '\r' && *q != '\n'; q++)
			;
		if (q > b && (rc = str_append(&p->line, b, (size_t)(q - b), p->max)) != 0)
			return fail(p, rc == -1 ? "line longer than the limit" : "out of memory");
		if (q == end)
			break;
		p->after_cr = *q == '\r';
		b = q + 1;
		if (process_line(p) < 0)
			return -1;
		p->line.len = 0;
	}
	return 0;
}
