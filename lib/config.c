#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "limits.h"

fd_config g_config;

static void
trim(char *s)
{
	char *e, *b = s;

	while (*b && isspace((unsigned char)*b))
		b++;
	if (b != s)
		memmove(s, b, strlen(b) + 1);
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
}

int
config_read_env_file(const char *path, char *why, size_t whylen)
{
	FILE *f;
	char line[4096];
	int lineno = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(why, whylen, "FRONTDESK_ENV_FILE %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *key, *val;
		size_t vl;

		lineno++;
		trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (strncmp(line, "export ", 7) == 0)
			memmove(line, line + 7, strlen(line + 7) + 1);
		if ((eq = strchr(line, '=')) == NULL) {
			snprintf(why, whylen, "FRONTDESK_ENV_FILE %s:%d: expected KEY=VALUE", path, lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		key = line;
		val = eq + 1;
		trim(key);
		trim(val);
		vl = strlen(val);
		if (vl >= 2 && (val[0] == '"' || val[0] == '\'') && val[vl - 1] == val[0]) {
			val[vl - 1] = '\0';
			val++;
		}
		if (*key && getenv(key) == NULL)
			setenv(key, val, 0);
	}
	fclose(f);
	return 0;
}

static const char *
env(const char *k)
{
	const char *v = getenv(k);

	return (v && *v) ? v : NULL;
}

static int
env_int(const char *k, int def, int lo, int hi, int *out, char *why, size_t whylen)
{
	const char *v = env(k);
	char *end;
	long n;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < lo || n > hi) {
		snprintf(why, whylen, "%s=%s is invalid: expected an integer from %d to %d", k, v, lo, hi);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int
copy(char *dst, size_t dstlen, const char *k, const char *v, char *why, size_t whylen)
{
	if (strlen(v) >= dstlen) {
		snprintf(why, whylen, "%s is too long (max %zu bytes)", k, dstlen - 1);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

const char *
config_sqlite_path(const char *url)
{
	if (strncmp(url, "sqlite://", 9) == 0)
		return url + 9; /* sqlite:///abs -> /abs; sqlite://rel -> rel */
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return NULL;
}

static void
warn(const char *w)
{
	size_t l = strlen(g_config.warnings);

	snprintf(g_config.warnings + l, sizeof(g_config.warnings) - l, "%s%s", l ? "; " : "", w);
}

/* AGENT_BRAIN, LLM_*, CHAT_*, SSE_*. */
static int
config_agent(char *why, size_t whylen)
{
	const char *v;
	char *end;

	v = env("LLM_BASE_URL");
	if (v == NULL)
		v = "https://api.groq.com/openai/v1";
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
		snprintf(why, whylen, "LLM_BASE_URL is invalid: expected an http(s) URL");
		return -1;
	}
	if (copy(g_config.llm_base_url, sizeof(g_config.llm_base_url), "LLM_BASE_URL", v, why, whylen))
		return -1;
	{ /* no trailing slash: paths are appended */
		size_t l = strlen(g_config.llm_base_url);

		while (l > 8 && g_config.llm_base_url[l - 1] == '/')
			g_config.llm_base_url[--l] = '\0';
	}
	if ((v = env("LLM_API_KEY")) != NULL &&
	    copy(g_config.llm_api_key, sizeof(g_config.llm_api_key), "LLM_API_KEY", v, why, whylen))
		return -1;
	if ((v = env("LLM_MODEL")) == NULL)
		v = "llama-3.3-70b-versatile";
	if (*v == '\0' || copy(g_config.llm_model, sizeof(g_config.llm_model), "LLM_MODEL", v, why,
	    whylen)) {
		if (*v == '\0')
			snprintf(why, whylen, "LLM_MODEL is invalid: empty");
		return -1;
	}
	g_config.llm_temperature = 0.7;
	if ((v = env("LLM_TEMPERATURE")) != NULL) {
		errno = 0;
		g_config.llm_temperature = strtod(v, &end);
		if (errno || end == v || *end || g_config.llm_temperature < 0 ||
		    g_config.llm_temperature > 2) {
			snprintf(why, whylen, "LLM_TEMPERATURE=%s is invalid: expected a number from 0 to 2", v);
			return -1;
		}
	}
	v = env("AGENT_BRAIN");
	if (v == NULL)
		g_config.brain_llm = g_config.llm_api_key[0] != '\0';
	else if (strcmp(v, "rules") == 0)
		g_config.brain_llm = 0;
	else if (strcmp(v, "llm") == 0)
		g_config.brain_llm = 1;
	else {
		snprintf(why, whylen, "AGENT_BRAIN=%s is invalid: expected rules or llm", v);
		return -1;
	}
	if ((v = env("TRUSTED_PROXIES")) != NULL && copy(g_config.trusted_proxies,
	    sizeof(g_config.trusted_proxies), "TRUSTED_PROXIES", v, why, whylen))
		return -1;
	if (g_config.brain_llm && g_config.llm_api_key[0] == '\0')
		warn("AGENT_BRAIN=llm without LLM_API_KEY: requests are sent without a key");
	return env_int("LLM_CONNECT_TIMEOUT_MS", 5000, 100, 120000, &g_config.llm_connect_timeout_ms,
	    why, whylen) ||
	    env_int("LLM_FIRST_TOKEN_TIMEOUT_MS", 15000, 100, 600000, &g_config.llm_first_token_ms, why,
	    whylen) ||
	    env_int("LLM_TIMEOUT_MS", 60000, 500, 3600000, &g_config.llm_timeout_ms, why, whylen) ||
	    env_int("LLM_MAX_TOOL_ROUNDS", 4, 1, 10, &g_config.llm_max_tool_rounds, why, whylen) ||
	    env_int("LLM_RETRY_MAX_S", 10, 0, 120, &g_config.llm_retry_max_s, why, whylen) ||
	    env_int("CHAT_MESSAGES_PER_MINUTE", 20, 1, 100000, &g_config.chat_msgs_per_min, why,
	    whylen) ||
	    env_int("CHAT_CONVERSATIONS_PER_HOUR", 30, 1, 1000000, &g_config.chat_convs_per_hour, why,
	    whylen) ||
	    env_int("CHAT_MESSAGE_MAX_CHARS", 2000, 10, 100000, &g_config.chat_msg_max_chars, why,
	    whylen) ||
	    env_int("SSE_KEEPALIVE_S", 15, 1, 300, &g_config.sse_keepalive_s, why, whylen) ||
	    env_int("STREAMS_PER_WORKER", 256, 1, 4096, &g_config.streams_per_worker, why, whylen) ||
	    env_int("STREAM_DB_CONNECTIONS", 8, 1, 256, &g_config.stream_db_conns, why, whylen) ?
	    -1 : 0;
}

int
config_load(char *why, size_t whylen)
{
	const char *v;
	int n;

	memset(&g_config, 0, sizeof(g_config));
	if ((v = env("FRONTDESK_ENV_FILE")) && config_read_env_file(v, why, whylen) < 0)
		return -1;

	v = env("APP_ENV");
	if (v == NULL)
		v = "development";
	if (strcmp(v, "development") && strcmp(v, "production") && strcmp(v, "test")) {
		snprintf(why, whylen, "APP_ENV=%s is invalid: expected development, test or production", v);
		return -1;
	}
	snprintf(g_config.app_env, sizeof(g_config.app_env), "%s", v);
	g_config.production = strcmp(v, "production") == 0;

	if ((v = env("DATABASE_URL")) == NULL) {
		if (g_config.production) {
			snprintf(why, whylen, "DATABASE_URL is required in production");
			return -1;
		}
		v = "sqlite://var/frontdesk.db";
	}
	if (config_sqlite_path(v) == NULL && strncmp(v, "postgresql://", 13) &&
	    strncmp(v, "postgres://", 11)) {
		snprintf(why, whylen, "DATABASE_URL is invalid: expected sqlite:///path or postgresql://...");
		return -1;
	}
	if (config_sqlite_path(v) && *config_sqlite_path(v) == '\0') {
		snprintf(why, whylen, "DATABASE_URL is invalid: sqlite URL without a path");
		return -1;
	}
	if (copy(g_config.database_url, sizeof(g_config.database_url), "DATABASE_URL", v, why, whylen))
		return -1;

	if ((v = env("ADMIN_API_KEY")) != NULL) {
		if (strlen(v) < 16) {
			snprintf(why, whylen, "ADMIN_API_KEY is invalid: at least 16 characters");
			return -1;
		}
		if (copy(g_config.admin_key, sizeof(g_config.admin_key), "ADMIN_API_KEY", v, why, whylen))
			return -1;
	} else if (g_config.production) {
		snprintf(why, whylen, "ADMIN_API_KEY is required in production");
		return -1;
	} else
		warn("ADMIN_API_KEY not set: platform admin API disabled");

	if (env_int("WORKER_THREADS", 4, 1, 64, &g_config.worker_threads, why, whylen))
		return -1;
	if (env_int("DB_BUSY_TIMEOUT_MS", 10000, 0, 600000, &g_config.busy_timeout_ms, why, whylen))
		return -1;
	if (env_int("BODY_MAX_BYTES", LIM_BODY_MAX, 1024, 64 * 1024 * 1024, &n, why, whylen))
		return -1;
	g_config.body_max = (size_t)n;
	if (env_int("SESSION_TTL_HOURS", LIM_SESSION_TTL_S / 3600, 1, 24 * 365, &n, why, whylen))
		return -1;
	g_config.session_ttl_s = n * 3600;

	if ((v = env("LOG_FILE")) != NULL &&
	    copy(g_config.log_file, sizeof(g_config.log_file), "LOG_FILE", v, why, whylen))
		return -1;
	v = env("LOG_LEVEL");
	if (v == NULL || strcmp(v, "info") == 0)
		g_config.log_level = 1;
	else if (strcmp(v, "debug") == 0)
		g_config.log_level = 0;
	else if (strcmp(v, "warn") == 0)
		g_config.log_level = 2;
	else if (strcmp(v, "error") == 0)
		g_config.log_level = 3;
	else {
		snprintf(why, whylen, "LOG_LEVEL=%s is invalid: expected debug, info, warn or error", v);
		return -1;
	}

	if (env_int("BOOKING_MIN_NOTICE_MIN", 60, 0, 30 * 24 * 60, &g_config.min_notice_min, why,
	    whylen) || env_int("BOOKING_HORIZON_DAYS", 90, 1, 730, &g_config.horizon_days, why, whylen) ||
	    env_int("SLOT_STEP_MIN", 15, 5, 240, &g_config.slot_step_min, why, whylen))
		return -1;

	if (config_agent(why, whylen) < 0)
		return -1;

	v = env("ALLOW_SIGNUP");
	if (v == NULL || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		g_config.allow_signup = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		g_config.allow_signup = 0;
	else {
		snprintf(why, whylen, "ALLOW_SIGNUP=%s is invalid: expected true or false", v);
		return -1;
	}

	if ((v = env("PUBLIC_BASE_URL")) != NULL) {
		if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
			snprintf(why, whylen, "PUBLIC_BASE_URL is invalid: expected an http(s) URL");
			return -1;
		}
		if (copy(g_config.public_base_url, sizeof(g_config.public_base_url),
		    "PUBLIC_BASE_URL", v, why, whylen))
			return -1;
	}
	return 0;
}
