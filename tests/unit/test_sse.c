/* The event-stream parser: line endings, splits at every byte, fields,
 * comments, limits. */
#include "unit.h"

#include "../../lib/sse.h"

/* Events are recorded as "name|data|id;" with NUL bytes in data shown as "\0". */
typedef struct {
	char out[4096];
	int n;
	int stop_after;  /* stop the parser after this many events (0 = never) */
} rec;

static int
on_event(void *ctx, const char *event, const char *data, size_t datalen, const char *id)
{
	rec *r = ctx;
	size_t len = strlen(r->out);

	cr_assert_eq(data[datalen], '\0', "data is NUL-terminated");
	len += (size_t)snprintf(r->out + len, sizeof(r->out) - len, "%s|", event);
	for (size_t i = 0; i < datalen && len + 3 < sizeof(r->out); i++) {
		if (data[i] == '\0')
			r->out[len++] = '\\', r->out[len++] = '0';
		else
			r->out[len++] = data[i];
	}
	r->out[len] = '\0';
	snprintf(r->out + len, sizeof(r->out) - len, "|%s;", id);
	r->n++;
	return r->stop_after && r->n >= r->stop_after;
}

/* Parse s in one feed, then again split at every byte position into two
 * feeds, then again one byte at a time: all must give want. */
static void
check(const char *s, size_t len, const char *want)
{
	sse_parser p;
	rec r;

	memset(&r, 0, sizeof(r));
	sse_init(&p, 0, on_event, &r);
	cr_assert_eq(sse_feed(&p, s, len), 0);
	cr_assert_str_eq(r.out, want, "whole: got %s", r.out);
	sse_free(&p);

	for (size_t cut = 0; cut <= len; cut++) {
		memset(&r, 0, sizeof(r));
		sse_init(&p, 0, on_event, &r);
		cr_assert_eq(sse_feed(&p, s, cut), 0);
		cr_assert_eq(sse_feed(&p, s + cut, len - cut), 0);
		cr_assert_str_eq(r.out, want, "split at %zu: got %s", cut, r.out);
		sse_free(&p);
	}

	memset(&r, 0, sizeof(r));
	sse_init(&p, 0, on_event, &r);
	for (size_t i = 0; i < len; i++)
		cr_assert_eq(sse_feed(&p, s + i, 1), 0);
	cr_assert_str_eq(r.out, want, "bytewise: got %s", r.out);
	sse_free(&p);
}

#define CHECK(lit, want) check(lit, sizeof(lit) - 1, want)

UTEST(sse, line_endings)
{
	CHECK("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\r\n", "message|a|;message|b|;"
	    "message|c|;message|d|;");
	/* CR then LF is one line end, LF then CR is two */
	CHECK("data: x\r\n\n", "message|x|;");
	CHECK("data: x\n\rdata: y\n\n", "message|x|;message|y|;");
}

UTEST(sse, fields_and_spaces)
{
	/* one space after the colon is dropped, not two; no colon = empty value */
	CHECK("data:a\n\ndata:  b\n\ndata\n\ndata\ndata\n\n", "message|a|;message| b|;message||;"
	    "message|\n|;");
	CHECK("event: update\ndata: 1\n\ndata: 2\n\n", "update|1|;message|2|;");
	/* the id persists across events; an id with NUL is ignored */
	CHECK("id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n",
	    "message|a|7;message|b|7;message|c|7;message|d|;");
	/* unknown fields and fields with other case are ignored */
	CHECK("Data: no\nfoo: bar\ndata: yes\n\n", "message|yes|;");
	/* event without data: nothing dispatched, and the name does not leak */
	CHECK("event: ping\n\ndata: z\n\n", "message|z|;");
}

UTEST(sse, multiline_data_comments_done)
{
	CHECK(": keep-alive\n\ndata: {\"a\":\ndata: 1}\n: in between\n\n",
	    "message|{\"a\":\n1}|;");
	CHECK("data: {\"choices\":[]}\n\ndata: [DONE]\n\n",
	    "message|{\"choices\":[]}|;message|[DONE]|;");
	/* NUL bytes pass through data */
	CHECK("data: a\0b\n\n", "message|a\\0b|;");
}

UTEST(sse, bom_and_unterminated)
{
	sse_parser p;
	rec r;

	CHECK("\xEF\xBB\xBF" "data: bom\n\n", "message|bom|;");
	/* only the first BOM is skipped; a partial one is part of the line */
	CHECK("\xEF\xBB" "data: x\n\n", "");
	CHECK("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n", "");
	/* an event not ended by a blank line is never dispatched */
	memset(&r, 0, sizeof(r));
	sse_init(&p, 0, on_event, &r);
	cr_assert_eq(sse_feed(&p, "data: a\n\ndata: cut", 18), 0);
	cr_assert_str_eq(r.out, "message|a|;");
	cr_assert(sse_pending(&p));
	sse_free(&p);
	sse_init(&p, 0, on_event, &r);
	cr_assert_not(sse_pending(&p));
	cr_assert_eq(sse_feed(&p, "data: a\n", 8), 0);
	cr_assert(sse_pending(&p), "data without the blank line is pending");
	sse_free(&p);
}

UTEST(sse, retry)
{
	sse_parser p;
	rec r;

	memset(&r, 0, sizeof(r));
	sse_init(&p, 0, on_event, &r);
	cr_assert_eq(p.retry_ms, -1);
	cr_assert_eq(sse_feed(&p, "retry: 1500\n", 12), 0);
	cr_assert_eq(p.retry_ms, 1500);
	cr_assert_eq(sse_feed(&p, "retry: 15x\nretry:\n", 18), 0);
	cr_assert_eq(p.retry_ms, 1500, "invalid retry values are ignored");
	cr_assert_eq(sse_feed(&p, "retry: 99999999999999999999999\n", 31), 0);
	cr_assert_gt(p.retry_ms, 0, "huge values saturate");
	sse_free(&p);
}

UTEST(sse, overlong)
{
	sse_parser p;
	rec r;
	char big[300];

	memset(big, 'x', sizeof(big));
	/* a line over the limit, fed in pieces */
	memset(&r, 0, sizeof(r));
	sse_init(&p, 64, on_event, &r);
	cr_assert_eq(sse_feed(&p, "data: ", 6), 0);
	cr_assert_eq(sse_feed(&p, big, 50), 0);
	cr_assert_eq(sse_feed(&p, big, 50), -1);
	cr_assert_not_null(sse_error(&p));
	cr_assert_not_null(strstr(sse_error(&p), "line longer"));
	cr_assert_eq(sse_feed(&p, "\n\n", 2), -1, "errors are sticky");
	cr_assert_eq(r.n, 0);
	sse_free(&p);

	/* short lines adding up to too much data for one event */
	sse_init(&p, 64, on_event, &r);
	for (int i = 0; i < 6; i++)
		if (sse_feed(&p, "data: 0123456789\n", 17) < 0)
			break;
	cr_assert_not_null(sse_error(&p));
	cr_assert_not_null(strstr(sse_error(&p), "event data longer"));
	sse_free(&p);

	/* exactly at the limit is fine */
	memset(&r, 0, sizeof(r));
	sse_init(&p, 64, on_event, &r);
	cr_assert_eq(sse_feed(&p, "data:", 5), 0);
	cr_assert_eq(sse_feed(&p, big, 59), 0);
	cr_assert_eq(sse_feed(&p, "\n\n", 2), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_null(sse_error(&p));
	sse_free(&p);
}

UTEST(sse, callback_stops)
{
	sse_parser p;
	rec r;

	memset(&r, 0, sizeof(r));
	r.stop_after = 1;
	sse_init(&p, 0, on_event, &r);
	cr_assert_eq(sse_feed(&p, "data: 1\n\ndata: 2\n\n", 18), -1);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.out, "message|1|;");
	cr_assert_not_null(strstr(sse_error(&p), "stopped"));
	sse_free(&p);
}
