/* All input limits in one place, checked at the boundary. */
#ifndef FD_LIMITS_H
#define FD_LIMITS_H

#define LIM_BODY_MAX          (1024 * 1024)  /* default request body bytes; BODY_MAX_BYTES overrides */
#define LIM_JSON_DEPTH        16             /* JSON nesting depth */
#define LIM_HEADER_VALUE      8192           /* one header / cookie value */
#define LIM_QUERY_PARAMS      64             /* query string pairs */
#define LIM_PATH_PARAMS       8              /* {param} segments in a route */
#define LIM_PATH_LEN          2048
#define LIM_FIELD_SHORT       200            /* names, labels, handles */
#define LIM_FIELD_EMAIL       254
#define LIM_PASSWORD_MIN      8
#define LIM_PASSWORD_MAX      1024
#define LIM_LIST_DEFAULT      50
#define LIM_LIST_MAX          200
#define LIM_REQUEST_ID        64
#define LIM_SESSION_TTL_S     (14 * 24 * 3600)
#define LIM_LAST_USED_GRAIN_S 60             /* last_used_at written at most once a minute */

#endif
