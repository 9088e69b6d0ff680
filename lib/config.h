/* Process configuration from the environment (optionally seeded from the file
 * named by FRONTDESK_ENV_FILE; real environment variables win). Loaded once at
 * start, then read-only: safe to read from any thread. */
#ifndef FD_CONFIG_H
#define FD_CONFIG_H

#include <stddef.h>

typedef struct {
	int production;            /* APP_ENV=production */
	char app_env[32];
	char database_url[1024];   /* sqlite:///abs/path, sqlite://rel/path or postgresql://... */
	char admin_key[256];       /* ADMIN_API_KEY; empty = admin API disabled */
	int worker_threads;        /* WORKER_THREADS, 1..64 */
	char log_file[1024];       /* LOG_FILE; empty = stderr */
	int log_level;             /* LOG_LEVEL: 0 debug, 1 info, 2 warn, 3 error */
	size_t body_max;           /* BODY_MAX_BYTES */
	int busy_timeout_ms;       /* DB_BUSY_TIMEOUT_MS for SQLite */
	int session_ttl_s;         /* SESSION_TTL_HOURS * 3600 */
	char public_base_url[512]; /* PUBLIC_BASE_URL */
	int allow_signup;          /* ALLOW_SIGNUP: true (default) or false */
	int min_notice_min;        /* BOOKING_MIN_NOTICE_MIN: earliest bookable start from now */
	int horizon_days;          /* BOOKING_HORIZON_DAYS: latest bookable start from now */
	int slot_step_min;         /* SLOT_STEP_MIN: spacing of offered slot starts */
	char warnings[512];        /* non-fatal notes, shown by /healthz */
} fd_config;

extern fd_config g_config;

/* Fill g_config. Returns 0, or -1 with a one-line reason in why. */
int config_load(char *why, size_t whylen);
/* Read KEY=VALUE lines of an env file into the environment without
 * overriding variables already set. Returns 0 or -1 (unreadable file). */
int config_read_env_file(const char *path, char *why, size_t whylen);
/* The filesystem path of a sqlite:// URL, or NULL if url is not SQLite. */
const char *config_sqlite_path(const char *url);

#endif
