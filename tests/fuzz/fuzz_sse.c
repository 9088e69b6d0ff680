/* The event-stream parser (lib/sse.c) on arbitrary bytes: the first two
 * bytes pick the limit and a split point, the rest is the stream.
 * Properties: feeding it whole, split in two at the chosen point, and one
 * byte at a time gives the same events and the same outcome; every event's
 * data is NUL-terminated and within the limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/sse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	uint64_t hash;   /* FNV-1a over every event's fields, in order */
	size_t n, max;
} digest;

static void
mix(digest *d, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		d->hash = (d->hash ^ b[i]) * 1099511628211u;
	d->hash = (d->hash ^ 0xff) * 1099511628211u;
}

static int
on_event(void *ctx, const char *event, const char *data, size_t datalen, const char *id)
{
	digest *d = ctx;

	if (data[datalen] != '\0' || datalen > d->max || strlen(id) > d->max)
		abort();
	mix(d, event, strlen(event));
	mix(d, data, datalen);
	mix(d, id, strlen(id));
	d->n++;
	return 0;
}

static int
run(const uint8_t *s, size_t len, size_t max, size_t step, digest *d)
{
	sse_parser p;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->hash = 14695981039346656037u;
	d->max = max;
	sse_init(&p, max, on_event, d);
	for (size_t off = 0; off < len && rc == 0; off += step)
		rc = sse_feed(&p, s + off, len - off < step ? len - off : step);
	sse_free(&p);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	digest whole, split, bytes;
	size_t max, cut;
	int rc;

	if (size < 2)
		return 0;
	max = 16 + (size_t)data[0] * 4;
	cut = data[1];
	data += 2, size -= 2;
	if (cut > size)
		cut = size;
	rc = run(data, size, max, size ? size : 1, &whole);
	{
		sse_parser p;
		int rc2;

		memset(&split, 0, sizeof(split));
		split.hash = 14695981039346656037u;
		split.max = max;
		sse_init(&p, max, on_event, &split);
		rc2 = sse_feed(&p, data, cut);
		if (rc2 == 0)
			rc2 = sse_feed(&p, data + cut, size - cut);
		sse_free(&p);
		if (rc2 != rc)
			abort();
	}
	if (run(data, size, max, 1, &bytes) != rc)
		abort();
	/* where the bytes were split never matters, errors included */
	if ((whole.hash != split.hash || whole.hash != bytes.hash ||
	    whole.n != split.n || whole.n != bytes.n))
		abort();
	return 0;
}
