/* JSON log lines, one per call, written with a single write(2) so lines from
 * many threads and processes never interleave (O_APPEND). */
#ifndef FD_LOG_H
#define FD_LOG_H

enum { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Open LOG_FILE (or use stderr). Returns 0 or -1. */
int log_open(const char *path, int level);
/* A free-form event: {"time","level","msg", "request_id"?} */
void log_msg(int level, const char *request_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The per-request line. tenant_id and route may be NULL. */
void log_request(const char *request_id, const char *method, const char *route,
    int status, double duration_ms, const char *tenant_id);

#endif
