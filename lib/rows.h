/* Rendering result rows as JSON, and keyset pagination over UUIDv7 ids. */
#ifndef FD_ROWS_H
#define FD_ROWS_H

#include <json-c/json.h>

#include "db.h"
#include "err.h"

/* Column spec: names[i] with type char types[i]: 's' string, 'i' integer,
 * 'b' boolean, 'j' JSON text (parsed), '-' skip. NULL columns become null. */
json_object *rows_object(db_stmt *st, const char *const *names, const char *types);

/* The smallest id: cursor value meaning "from the start". */
#define ROWS_CURSOR_START "00000000-0000-0000-0000-000000000000"

/* Parse ?limit= and ?cursor= (either may be NULL). 400 naming the field. */
fd_err rows_page_params(const char *limit_s, const char *cursor_s, int *limit,
    const char **cursor, err_detail *d);

/* Step st (which must select id first and fetch limit + 1 rows ordered by id)
 * into {"items": [...], "next_cursor": id|null}. NULL on a database error. */
json_object *rows_page(db_stmt *st, const char *const *names, const char *types, int limit);

#endif
