/* JSON request bodies: req_parse_json, then what handlers do with the
 * object: valid_object against a field table and the shared value checks on
 * every string. Properties: an object or an error, never both; checks that
 * accept a value only accept what they promise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi/request.h"
#include "../../lib/valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vfield fields[] = {
	{"name", V_STRING, 1, 200, 0},
	{"handle", V_STRING, 0, 63, 1},
	{"timezone", V_STRING, 0, 64, 0},
	{"email", V_STRING, 0, 254, 0},
	{"count", V_INT, 0, 0, 0},
	{"active", V_BOOL, 0, 0, 0},
	{"meta", V_OBJECT, 0, 0, 1},
	{"tags", V_ARRAY, 0, 0, 0},
	{"any", V_ANY, 0, 0, 0},
	{NULL, 0, 0, 0, 0},
};

static void
check_string(const char *s)
{
	char slug[64];

	if (valid_handle(s)) {
		size_t n = strlen(s);

		if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-' || strstr(s, "--"))
			abort();
	}
	if (valid_timezone(s) && (s[0] == '/' || strstr(s, "..")))
		abort();   /* never a path outside zoneinfo */
	if (valid_email(s) && (strchr(s, '@') == NULL || strchr(s, ' ')))
		abort();
	valid_slugify(s, slug, sizeof(slug));
	if (slug[0] && !valid_handle(slug))
		abort();   /* a slug is always a usable handle */
	(void)valid_enum(tenant_status_names, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *o = (json_object *)&o;   /* must be overwritten */
	err_detail d;
	fd_err e;

	memset(&d, 0, sizeof(d));
	e = req_parse_json((const char *)data, size, &o, &d);
	if (e != OK) {
		if (o != NULL || d.code != e || d.message[0] == '\0')
			abort();
		return 0;
	}
	if (o == NULL || !json_object_is_type(o, json_type_object))
		abort();

	memset(&d, 0, sizeof(d));
	e = valid_object(o, fields, &d);
	/* a validation error always names the field (the empty key is a name too) */
	if (e != OK && (e != ERR_VALIDATION || (d.field[0] == '\0' && !valid_has(o, ""))))
		abort();
	json_object_object_foreach(o, key, val) {
		check_string(key);
		if (json_object_is_type(val, json_type_string))
			check_string(json_object_get_string(val));
	}
	(void)valid_str(o, "name");
	(void)valid_has(o, "handle");
	json_object_put(o);
	return 0;
}
