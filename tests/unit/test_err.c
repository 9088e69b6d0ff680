/* lib/err.c: the one mapping from errors to HTTP statuses and codes. */
#include <string.h>

#include "unit.h"
#include "../../lib/err.h"

static const struct {
	fd_err e;
	int status;
	const char *code;
} expect[] = {
	{OK, 200, "ok"},
	{ERR_VALIDATION, 400, "validation_failed"},
	{ERR_BAD_JSON, 400, "malformed_json"},
	{ERR_UNAUTHORIZED, 401, "unauthorized"},
	{ERR_FORBIDDEN, 403, "forbidden"},
	{ERR_NOT_FOUND, 404, "not_found"},
	{ERR_METHOD, 405, "method_not_allowed"},
	{ERR_CONFLICT, 409, "conflict"},
	{ERR_TOO_LARGE, 413, "payload_too_large"},
	{ERR_MEDIA_TYPE, 415, "unsupported_media_type"},
	{ERR_UNPROCESSABLE, 422, "unprocessable"},
	{ERR_RATE_LIMITED, 429, "rate_limited"},
	{ERR_INTERNAL, 500, "internal_error"},
	{ERR_UNAVAILABLE, 503, "unavailable"},
};

UTEST(err, every_error_is_mapped)
{
	size_t n = sizeof(expect) / sizeof(expect[0]);

	cr_assert_eq(n, (size_t)ERR__MAX, "the table above must list every fd_err");
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(err_http_status(expect[i].e), expect[i].status, "status of %d",
		    (int)expect[i].e);
		cr_assert_str_eq(err_code(expect[i].e), expect[i].code);
	}
}

UTEST(err, codes_are_distinct_and_nonempty)
{
	for (int i = 0; i < ERR__MAX; i++) {
		cr_assert_not_null(err_code((fd_err)i));
		cr_assert_gt(strlen(err_code((fd_err)i)), 0);
		for (int j = i + 1; j < ERR__MAX; j++)
			cr_assert_str_neq(err_code((fd_err)i), err_code((fd_err)j));
	}
}

UTEST(err, out_of_range_is_internal)
{
	cr_assert_eq(err_http_status(ERR__MAX), 500);
	cr_assert_eq(err_http_status((fd_err)-1), 500);
	cr_assert_eq(err_http_status((fd_err)1000), 500);
	cr_assert_str_eq(err_code(ERR__MAX), "internal_error");
	cr_assert_str_eq(err_code((fd_err)-1), "internal_error");
}

UTEST(err, set_fills_detail)
{
	err_detail d;

	memset(&d, 'x', sizeof(d));
	cr_assert_eq(err_set(&d, ERR_VALIDATION, "email", "%s is %d chars", "email", 300),
	    ERR_VALIDATION);
	cr_assert_eq(d.code, ERR_VALIDATION);
	cr_assert_str_eq(d.field, "email");
	cr_assert_str_eq(d.message, "email is 300 chars");
}

UTEST(err, set_null_field_and_null_detail)
{
	err_detail d;

	memset(&d, 0, sizeof(d));
	snprintf(d.field, sizeof(d.field), "stale");
	cr_assert_eq(err_set(&d, ERR_NOT_FOUND, NULL, "gone"), ERR_NOT_FOUND);
	cr_assert_str_eq(d.field, "", "a NULL field clears the previous one");
	cr_assert_str_eq(d.message, "gone");
	cr_assert_eq(err_set(NULL, ERR_CONFLICT, "x", "y"), ERR_CONFLICT, "NULL detail is allowed");
}

UTEST(err, set_truncates_long_values)
{
	err_detail d;
	char longf[200], longm[600];

	memset(longf, 'f', sizeof(longf) - 1);
	longf[sizeof(longf) - 1] = '\0';
	memset(longm, 'm', sizeof(longm) - 1);
	longm[sizeof(longm) - 1] = '\0';
	err_set(&d, ERR_VALIDATION, longf, "%s", longm);
	cr_assert_eq(strlen(d.field), sizeof(d.field) - 1);
	cr_assert_eq(strlen(d.message), sizeof(d.message) - 1);
}
