/* One error enum for the whole program, and the one place mapping it to HTTP. */
#ifndef FD_ERR_H
#define FD_ERR_H

typedef enum {
	OK = 0,
	ERR_VALIDATION,      /* 400 validation_failed */
	ERR_BAD_JSON,        /* 400 malformed_json */
	ERR_UNAUTHORIZED,    /* 401 unauthorized */
	ERR_FORBIDDEN,       /* 403 forbidden */
	ERR_NOT_FOUND,       /* 404 not_found */
	ERR_METHOD,          /* 405 method_not_allowed */
	ERR_CONFLICT,        /* 409 conflict */
	ERR_TOO_LARGE,       /* 413 payload_too_large */
	ERR_MEDIA_TYPE,      /* 415 unsupported_media_type */
	ERR_UNPROCESSABLE,   /* 422 unprocessable */
	ERR_RATE_LIMITED,    /* 429 rate_limited */
	ERR_INTERNAL,        /* 500 internal_error */
	ERR_UNAVAILABLE,     /* 503 unavailable */
	ERR__MAX
} fd_err;

int err_http_status(fd_err e);
const char *err_code(fd_err e);



/* Detail that travels with an error to the response: which field, and why. */
typedef struct {
	fd_err code;
	char field[64];
	char message[256];
} err_detail;

/* Record e with an optional field (NULL) and a message; returns e. */
fd_err err_set(err_detail *d, fd_err e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#endif
