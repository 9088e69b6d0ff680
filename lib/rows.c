#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "rows.h"
#include "uuid.h"

json_object *
rows_object(db_stmt *st, const char *const *names, const char *types)
{
	json_object *o = json_object_new_object();

	for (int i = 0; names[i]; i++) {
		json_object *v = NULL;
		const char *s;

		if (types[i] == '-')
			continue;
		if (!db_col_null(st, i)) {
			switch (types[i]) {
			case 'i':
				v = json_object_new_int64(db_col_int(st, i));
				break;
			case 'b':
				v = json_object_new_boolean(db_col_int(st, i) != 0);
				break;
			case 'j':
				s = db_col_text(st, i);
				v = s ? json_tokener_parse(s) : NULL;
				break;
			default:
				s = db_col_text(st, i);
				v = s ? json_object_new_string(s) : NULL;
			}
		}
		json_object_object_add(o, names[i], v);
	}
	return o;
}

fd_err
rows_page_params(const char *limit_s, const char *cursor_s, int *limit, const char **cursor,
    err_detail *d)
{
	*limit = LIM_LIST_DEFAULT;
	*cursor = ROWS_CURSOR_START;
	if (limit_s) {
		char *end;
		long n;

		errno = 0;
		n = strtol(limit_s, &end, 10);
		if (errno || *end || end == limit_s || n < 1 || n > LIM_LIST_MAX)
			return err_set(d, ERR_VALIDATION, "limit", "limit must be an integer from 1 to %d",
			    LIM_LIST_MAX);
		*limit = (int)n;
	}
	if (cursor_s && *cursor_s) {
		if (!uuid_valid(cursor_s))
			return err_set(d, ERR_VALIDATION, "cursor", "cursor is not valid");
		*cursor = cursor_s;
	}
	return OK;
}

json_object *
rows_page(db_stmt *st, const char *const *names, const char *types, int limit)
{
	json_object *items = json_object_new_array(), *out;
	char last[64] = "";
	int n = 0, rc;

	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			n++;
			break;
		}
		json_object_array_add(items, rows_object(st, names, types));
		snprintf(last, sizeof(last), "%s", db_col_text(st, 0));
		n++;
	}
	if (rc < 0) {
		json_object_put(items);
		return NULL;
	}
	out = json_object_new_object();
	json_object_object_add(out, "items", items);
	json_object_object_add(out, "next_cursor", n > limit ? json_object_new_string(last) : NULL);
	return out;
}
