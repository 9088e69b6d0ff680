#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(buf_t *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
buf_free(buf_t *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void
buf_reset(buf_t *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

int
buf_ok(const buf_t *b)
{
	return !b->err;
}

static int
buf_grow(buf_t *b, size_t need)
{
	size_t ncap;
	char *p;

	if (b->err)
		return -1;
	if (need > (size_t)-1 - b->len - 1 ||
	    (b->max && b->len + need > b->max)) {
		b->err = 1;
		return -1;
	}
	if (b->len + need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + need + 1)
		ncap *= 2;
	if ((p = realloc(b->data, ncap)) == NULL) {
		b->err = 1;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

void
buf_append(buf_t *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(buf_t *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(buf_t *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->err = 1;
		return;
	}
	if (buf_grow(b, (size_t)n) < 0)
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_steal(buf_t *b)
{
	char *p;

	if (b->err) {
		buf_free(b);
		return NULL;
	}
	if (b->data == NULL)
		return strdup("");
	p = b->data;
	memset(b, 0, sizeof(*b));
	return p;
}
