/* lib/buf.c: growth, printf, the size limit's sticky error, steal. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../lib/buf.h"

UTEST(buf, init_is_empty)
{
	buf_t b;

	buf_init(&b, 0);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert(buf_ok(&b));
	buf_free(&b);
}

UTEST(buf, append_puts_putc)
{
	buf_t b;

	buf_init(&b, 0);
	buf_append(&b, "ab\0cd", 5);    /* binary-safe */
	buf_puts(&b, "xyz");
	buf_putc(&b, '!');
	buf_append(&b, NULL, 0);         /* no-op, still terminated */
	cr_assert(buf_ok(&b));
	cr_assert_eq(b.len, 9);
	cr_assert_eq(memcmp(b.data, "ab\0cdxyz!", 9), 0);
	cr_assert_eq(b.data[9], '\0');
	cr_assert_geq(b.cap, b.len + 1);
	buf_free(&b);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
}

UTEST(buf, grows_past_initial_capacity)
{
	buf_t b;
	char chunk[100];

	memset(chunk, 'q', sizeof(chunk));
	buf_init(&b, 0);
	for (int i = 0; i < 100; i++)
		buf_append(&b, chunk, sizeof(chunk));
	cr_assert(buf_ok(&b));
	cr_assert_eq(b.len, 10000);
	cr_assert_geq(b.cap, 10001);
	for (size_t i = 0; i < b.len; i++)
		cr_assert_eq(b.data[i], 'q');
	cr_assert_eq(b.data[b.len], '\0');
	buf_free(&b);
}

UTEST(buf, printf_appends_and_grows)
{
	buf_t b;
	char big[1000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 0);
	buf_printf(&b, "%d-%s", 42, "x");
	cr_assert_str_eq(b.data, "42-x");
	buf_printf(&b, "[%s]", big);   /* longer than the first allocation */
	cr_assert(buf_ok(&b));
	cr_assert_eq(b.len, 4 + 2 + 999);
	cr_assert_eq(strncmp(b.data, "42-x[zzz", 8), 0);
	cr_assert_eq(b.data[b.len - 1], ']');
	cr_assert_eq(strlen(b.data), b.len);
	buf_printf(&b, "%s", "");     /* empty output keeps things intact */
	cr_assert_eq(b.len, 1005);
	buf_free(&b);
}

UTEST(buf, max_limit_is_sticky)
{
	buf_t b;

	buf_init(&b, 8);
	buf_puts(&b, "12345678");      /* exactly max: fine */
	cr_assert(buf_ok(&b));
	cr_assert_eq(b.len, 8);
	buf_putc(&b, '9');             /* one over */
	cr_assert_not(buf_ok(&b));
	cr_assert_eq(b.len, 8, "a failed append leaves the content alone");
	cr_assert_str_eq(b.data, "12345678");
	/* sticky: later appends that would fit are ignored */
	buf_reset(&b);
	cr_assert(buf_ok(&b), "reset clears the error");
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.data, "");
	buf_printf(&b, "%s", "123456789");
	cr_assert_not(buf_ok(&b));
	buf_puts(&b, "a");
	cr_assert_not(buf_ok(&b));
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

UTEST(buf, error_sticks_across_calls)
{
	buf_t b;

	buf_init(&b, 4);
	buf_puts(&b, "toolong");
	cr_assert_not(buf_ok(&b));
	buf_puts(&b, "ok");
	buf_putc(&b, 'x');
	buf_printf(&b, "%d", 1);
	cr_assert_not(buf_ok(&b));
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

UTEST(buf, steal_detaches)
{
	buf_t b;
	char *s;

	buf_init(&b, 0);
	buf_puts(&b, "hello");
	s = buf_steal(&b);
	cr_assert_str_eq(s, "hello");
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.cap, 0);
	free(s);
	/* the buffer is reusable after a steal */
	buf_puts(&b, "again");
	cr_assert_str_eq(b.data, "again");
	buf_free(&b);
}

UTEST(buf, steal_empty_and_error)
{
	buf_t b;
	char *s;

	buf_init(&b, 0);
	s = buf_steal(&b);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, "");
	free(s);

	buf_init(&b, 2);
	buf_puts(&b, "abc");
	s = buf_steal(&b);
	cr_assert_null(s, "a buffer in error gives nothing");
	cr_assert_null(b.data, "and is freed");
}

UTEST(buf, reset_keeps_capacity)
{
	buf_t b;
	size_t cap;

	buf_init(&b, 0);
	buf_puts(&b, "some text");
	cap = b.cap;
	buf_reset(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.cap, cap);
	cr_assert_str_eq(b.data, "");
	buf_puts(&b, "x");
	cr_assert_str_eq(b.data, "x");
	buf_free(&b);
}
