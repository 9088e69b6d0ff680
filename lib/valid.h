/* Input validation: field tables for JSON objects, and the value checks the
 * domain shares (handles, time zones, e-mail, enums). Pure functions. */
#ifndef FD_VALID_H
#define FD_VALID_H

#include <stddef.h>
#include <json-c/json.h>

#include "err.h"

enum vtype { V_STRING = 1, V_INT, V_BOOL, V_OBJECT, V_ARRAY, V_ANY };

struct vfield {
	const char *name;
	enum vtype type;
	int required;
	size_t maxlen;      /* strings: bytes; 0 = no limit */
	int nullable;       /* JSON null accepted */
};

/* Check body (may be NULL = empty object) against a NULL-name-terminated table:
 * unknown field, wrong type, missing required, over-long string, all 400
 * naming the field. */
fd_err valid_object(json_object *body, const struct vfield *fields, err_detail *d);
/* The string value of field, or NULL when absent or JSON null. */
const char *valid_str(json_object *body, const char *field);
int valid_has(json_object *body, const char *field);

/* Enum tables: NULL-terminated name arrays; index or -1. */
int valid_enum(const char *const *names, const char *s);

int valid_handle(const char *s);        /* ^[a-z0-9]+(?:-[a-z0-9]+)*$, <= 63 */
int valid_timezone(const char *s);      /* IANA name in zoneinfo, or +HH:MM / -HH:MM, or UTC */
int valid_email(const char *s);         /* pragmatic: local@domain.tld, no spaces */
/* Make a handle from free text: lower-case, runs of other chars -> '-'. */
void valid_slugify(const char *in, char *out, size_t outlen);
/* Lower-case s in place (ASCII). */
void valid_lower(char *s);

extern const char *const tenant_status_names[];
extern const char *const tenant_plan_names[];
extern const char *const user_role_names[];


/* Phone numbers: strip spaces, dashes, dots and parentheses; the result must
 * be "+" and 8..15 digits, the first not 0. out holds 17 bytes. 1 = valid. */
int valid_e164(const char *in, char out[17]);
int valid_currency(const char *s);     /* ISO 4217 active code, upper-case */
int valid_bcp47(const char *s);        /* language[-Script][-REGION], e.g. en, en-US, zh-Hant-TW */
int valid_http_url(const char *s);     /* http(s)://host[...], no spaces */
/* {"weekly": {"mon": [{"start": "09:00", "end": "12:00"}, ...], ..., "sun": []}}:
 * known days only, HH:MM 24h, start < end, intervals of a day sorted and not
 * overlapping. field names the JSON field for errors. */
fd_err valid_weekly_hours(const char *field, json_object *v, err_detail *d);
extern const char *const weekday_names[]; /* mon..sun */
#endif
