/* Query strings and form bodies: req_parse_urlencoded, then the page
 * parameters handlers read from it. Properties: every pair is a pair of C
 * strings, the count never exceeds the limit, and accepted page parameters
 * are in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi/request.h"
#include "../../lib/rows.h"
#include "../../lib/uuid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_t kv[LIM_QUERY_PARAMS];
	const char *limit_s = NULL, *cursor_s = NULL, *cursor;
	err_detail d;
	int n = -1, rc, limit;

	rc = req_parse_urlencoded((const char *)data, size, kv, LIM_QUERY_PARAMS, &n);
	if (n < 0 || n > LIM_QUERY_PARAMS || (rc != 0 && rc != -1))
		abort();
	for (int i = 0; i < n; i++) {
		if (kv[i].key == NULL || kv[i].val == NULL)
			abort();
		/* decoding never grows a value */
		if (strlen(kv[i].key) > size || strlen(kv[i].val) > size)
			abort();
		if (strcmp(kv[i].key, "limit") == 0)
			limit_s = kv[i].val;
		else if (strcmp(kv[i].key, "cursor") == 0)
			cursor_s = kv[i].val;
	}
	if (rc == 0) {
		memset(&d, 0, sizeof(d));
		if (rows_page_params(limit_s, cursor_s, &limit, &cursor, &d) == OK) {
			if (limit < 1 || limit > LIM_LIST_MAX)
				abort();
			if (!uuid_valid(cursor))
				abort();
		} else if (strcmp(d.field, "limit") != 0 && strcmp(d.field, "cursor") != 0)
			abort();
	}
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	return 0;
}
