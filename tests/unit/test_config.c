/* lib/config.c: configuration from the environment and an optional env file.
 * Each Criterion test runs in its own process, so setenv stays local. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../lib/config.h"
#include "../../lib/limits.h"

static const char *const keys[] = {"FRONTDESK_ENV_FILE", "APP_ENV", "DATABASE_URL",
    "ADMIN_API_KEY", "WORKER_THREADS", "DB_BUSY_TIMEOUT_MS", "BODY_MAX_BYTES",
    "SESSION_TTL_HOURS", "LOG_FILE", "LOG_LEVEL", "PUBLIC_BASE_URL", "FD_UNIT_EXTRA",
    "FD_UNIT_QUOTED", "FD_UNIT_SINGLE", "FD_UNIT_EXPORTED", "FD_UNIT_SPACED", NULL};

static char env_path[64];

static void
clean_env(void)
{
	for (int i = 0; keys[i]; i++)
		unsetenv(keys[i]);
	env_path[0] = '\0';
}

static void
cleanup(void)
{
	if (env_path[0])
		unlink(env_path);
}

TestSuite(config, .init = clean_env, .fini = cleanup);

static void
write_env_file(const char *text)
{
	FILE *f;

	unit_tmpfile(env_path, sizeof(env_path), "env");
	f = fopen(env_path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	setenv("FRONTDESK_ENV_FILE", env_path, 1);
}

UTEST(config, defaults)
{
	char why[256] = "";

	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(g_config.app_env, "development");
	cr_assert_eq(g_config.production, 0);
	cr_assert_str_eq(g_config.database_url, "sqlite://var/frontdesk.db");
	cr_assert_str_eq(g_config.admin_key, "");
	cr_assert_eq(g_config.worker_threads, 4);
	cr_assert_eq(g_config.busy_timeout_ms, 10000);
	cr_assert_eq(g_config.body_max, (size_t)LIM_BODY_MAX);
	cr_assert_eq(g_config.session_ttl_s, LIM_SESSION_TTL_S);
	cr_assert_eq(g_config.log_level, 1);
	cr_assert_str_eq(g_config.log_file, "");
	cr_assert_str_eq(g_config.public_base_url, "");
	cr_assert_not_null(strstr(g_config.warnings, "ADMIN_API_KEY"), "%s", g_config.warnings);
}

UTEST(config, explicit_values)
{
	char why[256] = "";

	setenv("APP_ENV", "test", 1);
	setenv("DATABASE_URL", "postgresql://u@localhost/fd", 1);
	setenv("ADMIN_API_KEY", "0123456789abcdef0123", 1);
	setenv("WORKER_THREADS", "64", 1);
	setenv("DB_BUSY_TIMEOUT_MS", "0", 1);
	setenv("BODY_MAX_BYTES", "2048", 1);
	setenv("SESSION_TTL_HOURS", "2", 1);
	setenv("LOG_FILE", "/tmp/fd.log", 1);
	setenv("LOG_LEVEL", "warn", 1);
	setenv("PUBLIC_BASE_URL", "https://fd.example.com", 1);
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(g_config.app_env, "test");
	cr_assert_eq(g_config.production, 0);
	cr_assert_str_eq(g_config.database_url, "postgresql://u@localhost/fd");
	cr_assert_str_eq(g_config.admin_key, "0123456789abcdef0123");
	cr_assert_eq(g_config.worker_threads, 64);
	cr_assert_eq(g_config.busy_timeout_ms, 0);
	cr_assert_eq(g_config.body_max, 2048);
	cr_assert_eq(g_config.session_ttl_s, 7200);
	cr_assert_str_eq(g_config.log_file, "/tmp/fd.log");
	cr_assert_eq(g_config.log_level, 2);
	cr_assert_str_eq(g_config.public_base_url, "https://fd.example.com");
	cr_assert_str_eq(g_config.warnings, "");
}

UTEST(config, log_levels)
{
	static const struct {
		const char *name;
		int level;
	} lv[] = {{"debug", 0}, {"info", 1}, {"warn", 2}, {"error", 3}};
	char why[256];

	for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		setenv("LOG_LEVEL", lv[i].name, 1);
		cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
		cr_assert_eq(g_config.log_level, lv[i].level, "%s", lv[i].name);
	}
}

UTEST(config, empty_value_means_unset)
{
	char why[256] = "";

	setenv("WORKER_THREADS", "", 1);
	setenv("APP_ENV", "", 1);
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(g_config.worker_threads, 4);
	cr_assert_str_eq(g_config.app_env, "development");
}

UTEST(config, production_requires_database_url)
{
	char why[256] = "";

	setenv("APP_ENV", "production", 1);
	setenv("ADMIN_API_KEY", "0123456789abcdef0123", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "DATABASE_URL"), "%s", why);
}

UTEST(config, production_requires_admin_key)
{
	char why[256] = "";

	setenv("APP_ENV", "production", 1);
	setenv("DATABASE_URL", "sqlite:///var/lib/frontdesk/fd.db", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "ADMIN_API_KEY"), "%s", why);
}

UTEST(config, production_ok)
{
	char why[256] = "";

	setenv("APP_ENV", "production", 1);
	setenv("DATABASE_URL", "sqlite:///var/lib/frontdesk/fd.db", 1);
	setenv("ADMIN_API_KEY", "0123456789abcdef0123", 1);
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(g_config.production, 1);
	cr_assert_str_eq(g_config.app_env, "production");
}

UTEST(config, invalid_worker_threads)
{
	static const char *bad[] = {"abc", "0", "65", "-1", "4x", " ", "99999999999999999999"};
	char why[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		setenv("WORKER_THREADS", bad[i], 1);
		cr_assert_eq(config_load(why, sizeof(why)), -1, "WORKER_THREADS=%s accepted", bad[i]);
		cr_assert_not_null(strstr(why, "WORKER_THREADS"), "%s", why);
	}
	setenv("WORKER_THREADS", "1", 1);
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(g_config.worker_threads, 1);
}

UTEST(config, invalid_other_integers)
{
	char why[256] = "";

	setenv("BODY_MAX_BYTES", "100", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "BODY_MAX_BYTES"), "%s", why);
	unsetenv("BODY_MAX_BYTES");
	setenv("SESSION_TTL_HOURS", "0", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "SESSION_TTL_HOURS"), "%s", why);
	unsetenv("SESSION_TTL_HOURS");
	setenv("DB_BUSY_TIMEOUT_MS", "-5", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "DB_BUSY_TIMEOUT_MS"), "%s", why);
}

UTEST(config, invalid_log_level)
{
	char why[256] = "";

	setenv("LOG_LEVEL", "verbose", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "LOG_LEVEL"), "%s", why);
	setenv("LOG_LEVEL", "INFO", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1, "level names are lower case");
}

UTEST(config, invalid_strings)
{
	char why[256] = "";

	setenv("APP_ENV", "staging", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "APP_ENV"), "%s", why);
	unsetenv("APP_ENV");

	setenv("DATABASE_URL", "mysql://localhost/fd", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "DATABASE_URL"), "%s", why);
	setenv("DATABASE_URL", "sqlite://", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "DATABASE_URL"), "%s", why);
	setenv("DATABASE_URL", "postgres://h/db", 1);
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);

	setenv("ADMIN_API_KEY", "short", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "ADMIN_API_KEY"), "%s", why);
	unsetenv("ADMIN_API_KEY");

	setenv("PUBLIC_BASE_URL", "ftp://x", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "PUBLIC_BASE_URL"), "%s", why);
}

UTEST(config, too_long_database_url)
{
	char why[256] = "", url[2000];

	memcpy(url, "sqlite:///", 10);
	memset(url + 10, 'a', sizeof(url) - 11);
	url[sizeof(url) - 1] = '\0';
	setenv("DATABASE_URL", url, 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "DATABASE_URL"), "%s", why);
}

UTEST(config, env_file)
{
	char why[256] = "";

	setenv("LOG_LEVEL", "error", 1);   /* the real environment wins over the file */
	write_env_file(
	    "# a comment\n"
	    "\n"
	    "   # an indented comment\n"
	    "APP_ENV=test\n"
	    "export WORKER_THREADS=7\n"
	    "DATABASE_URL=\"sqlite:///tmp/from-file.db\"\n"
	    "ADMIN_API_KEY='abcdefghijklmnopqrstuvwxyz'\n"
	    "  FD_UNIT_SPACED  =  spaced value  \n"
	    "FD_UNIT_QUOTED=\"has # hash and = sign\"\n"
	    "FD_UNIT_SINGLE='\n"
	    "LOG_LEVEL=debug\n");
	cr_assert_eq(config_load(why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(g_config.app_env, "test");
	cr_assert_eq(g_config.worker_threads, 7);
	cr_assert_str_eq(g_config.database_url, "sqlite:///tmp/from-file.db");
	cr_assert_str_eq(g_config.admin_key, "abcdefghijklmnopqrstuvwxyz");
	cr_assert_eq(g_config.log_level, 3, "LOG_LEVEL from the environment beats the file");
	cr_assert_str_eq(getenv("FD_UNIT_SPACED"), "spaced value");
	cr_assert_str_eq(getenv("FD_UNIT_QUOTED"), "has # hash and = sign");
	cr_assert_str_eq(getenv("FD_UNIT_SINGLE"), "'", "a lone quote is kept as is");
}

UTEST(config, env_file_missing)
{
	char why[256] = "";

	setenv("FRONTDESK_ENV_FILE", "/nonexistent/fd-unit.env", 1);
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "/nonexistent/fd-unit.env"), "%s", why);
}

UTEST(config, env_file_bad_line)
{
	char why[256] = "";

	write_env_file("APP_ENV=test\nthis line has no equals sign\n");
	cr_assert_eq(config_load(why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, ":2:"), "names the line: %s", why);
}

UTEST(config, read_env_file_does_not_override)
{
	char why[256] = "";

	setenv("FD_UNIT_EXTRA", "mine", 1);
	write_env_file("FD_UNIT_EXTRA=theirs\nFD_UNIT_EXPORTED=new\n");
	cr_assert_eq(config_read_env_file(env_path, why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(getenv("FD_UNIT_EXTRA"), "mine");
	cr_assert_str_eq(getenv("FD_UNIT_EXPORTED"), "new");
}

UTEST(config, sqlite_path)
{
	cr_assert_str_eq(config_sqlite_path("sqlite:///var/lib/fd.db"), "/var/lib/fd.db");
	cr_assert_str_eq(config_sqlite_path("sqlite://var/fd.db"), "var/fd.db");
	cr_assert_str_eq(config_sqlite_path("sqlite:fd.db"), "fd.db");
	cr_assert_str_eq(config_sqlite_path("sqlite://"), "");
	cr_assert_null(config_sqlite_path("postgresql://u@h/db"));
	cr_assert_null(config_sqlite_path("postgres://h/db"));
	cr_assert_null(config_sqlite_path("SQLITE:///x"));
	cr_assert_null(config_sqlite_path(""));
}
