#include "err.h"

static const struct {
	int status;
	const char *code;
} err_table[ERR__MAX] = {
	[OK] = {200, "ok"},
	[ERR_VALIDATION] = {400, "validation_failed"},
	[ERR_BAD_JSON] = {400, "malformed_json"},
	[ERR_UNAUTHORIZED] = {401, "unauthorized"},
	[ERR_FORBIDDEN] = {403, "forbidden"},
	[ERR_NOT_FOUND] = {404, "not_found"},
	[ERR_METHOD] = {405, "method_not_allowed"},
	[ERR_CONFLICT] = {409, "conflict"},
	[ERR_TOO_LARGE] = {413, "payload_too_large"},
	[ERR_MEDIA_TYPE] = {415, "unsupported_media_type"},
	[ERR_UNPROCESSABLE] = {422, "unprocessable"},
	[ERR_RATE_LIMITED] = {429, "rate_limited"},
	[ERR_INTERNAL] = {500, "internal_error"},
	[ERR_UNAVAILABLE] = {503, "unavailable"},
};

int
err_http_status(fd_err e)
{
	if ((int)e < 0 || e >= ERR__MAX)
		return 500;
	return err_table[e].status;
}

const char *
err_code(fd_err e)
{
	if ((int)e < 0 || e >= ERR__MAX)
		return "internal_error";
	return err_table[e].code;
}

#include <stdarg.h>
#include <stdio.h>

fd_err
err_set(err_detail *d, fd_err e, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return e;
	d->code = e;
	snprintf(d->field, sizeof(d->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
	return e;
}
