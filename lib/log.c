#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "log.h"

static int log_fd = 2;
static int log_level = LOG_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error"};

int
log_open(const char *path, int level)
{
	log_level = level;
	if (path && *path) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

		if (fd < 0)
			return -1;
		log_fd = fd;
	}
	return 0;
}

static void
now_rfc3339(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char sec[32];

	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%.19s.%03dZ", sec, (int)(ts.tv_nsec / 1000000) % 1000);
}

static void
emit(json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(s);
	char line[8192];

	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	memcpy(line, s, n);
	line[n++] = '\n';
	if (write(log_fd, line, n) < 0) {
		/* nowhere left to report it */
	}
}

static json_object *
base(int level, const char *request_id)
{
	json_object *o = json_object_new_object();
	char ts[40];

	now_rfc3339(ts, sizeof(ts));
	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "level", json_object_new_string(level_names[level]));
	if (request_id)
		json_object_object_add(o, "request_id", json_object_new_string(request_id));
	return o;
}

void
log_msg(int level, const char *request_id, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	json_object *o;

	if (level < log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o = base(level, request_id);
	json_object_object_add(o, "msg", json_object_new_string(msg));
	emit(o);
	json_object_put(o);
}

void
log_request(const char *request_id, const char *method, const char *route,
    int status, double duration_ms, const char *tenant_id)
{
	json_object *o;
	int level = status >= 500 ? LOG_ERROR : LOG_INFO;

	if (level < log_level)
		return;
	o = base(level, request_id);
	json_object_object_add(o, "method", json_object_new_string(method ? method : ""));
	json_object_object_add(o, "route", route ? json_object_new_string(route) : NULL);
	json_object_object_add(o, "status", json_object_new_int(status));
	char ms[32];

	snprintf(ms, sizeof(ms), "%.3f", duration_ms);
	json_object_object_add(o, "duration_ms", json_object_new_double_s(duration_ms, ms));
	json_object_object_add(o, "tenant_id", tenant_id ? json_object_new_string(tenant_id) : NULL);
	emit(o);
	json_object_put(o);
}
