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
	/* the agent (issue 5) */
	int brain_llm;             /* AGENT_BRAIN=rules|llm; default llm when LLM_API_KEY is set */
	char llm_base_url[512];    /* LLM_BASE_URL, default https://api.groq.com/openai/v1 */
	char llm_api_key[512];     /* LLM_API_KEY (never logged) */
	char llm_model[128];       /* LLM_MODEL, default llama-3.3-70b-versatile */
	double llm_temperature;    /* LLM_TEMPERATURE 0..2, default 0.7 */
	int llm_connect_timeout_ms;/* LLM_CONNECT_TIMEOUT_MS, default 5000 */
	int llm_first_token_ms;    /* LLM_FIRST_TOKEN_TIMEOUT_MS, default 15000 */
	int llm_timeout_ms;        /* LLM_TIMEOUT_MS (whole turn), default 60000 */
	int llm_max_tool_rounds;   /* LLM_MAX_TOOL_ROUNDS, default 4 */
	int llm_retry_max_s;       /* LLM_RETRY_MAX_S: longest Retry-After honoured, default 10 */
	/* the public chat */
	int chat_msgs_per_min;     /* CHAT_MESSAGES_PER_MINUTE per conversation, default 20 */
	int chat_convs_per_hour;   /* CHAT_CONVERSATIONS_PER_HOUR per client IP, default 30 */
	int chat_msg_max_chars;    /* CHAT_MESSAGE_MAX_CHARS, default 2000 */
	int sse_keepalive_s;       /* SSE_KEEPALIVE_S, default 15 */
	char trusted_proxies[512];/* TRUSTED_PROXIES: comma-separated peer addresses whose
	                             X-Forwarded-For names the client (rate limits by IP) */
	int streams_per_worker;
	int stream_db_conns;       /* STREAM_DB_CONNECTIONS: database connections per worker
	                              shared by its streams, default 8 */    /* STREAMS_PER_WORKER: concurrent event streams, default 256 */
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
