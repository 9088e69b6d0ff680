/* Growable byte buffer with a sticky error: after one failed allocation every
 * append is a no-op and buf_ok() is false, so callers check once at the end.
 * The buffer owns its memory; buf_free() releases it. Always NUL-terminated. */
#ifndef FD_BUF_H
#define FD_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct {
	char *data;
	size_t len;
	size_t cap;
	size_t max;   /* 0 = unlimited; exceeding it sets the error */
	int err;
} buf_t;

void buf_init(buf_t *b, size_t max);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);
int buf_ok(const buf_t *b);
void buf_append(buf_t *b, const void *p, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Detach the data: caller frees. NULL if the buffer is in error. */
char *buf_steal(buf_t *b);

#endif
