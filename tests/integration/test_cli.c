/* The command-line tool against the same database the running pool uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http.h"

/* Run a shell command; capture stdout into out. Returns the exit status. */
static int
run(char *out, size_t outlen, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	int st;

	cr_assert(p != NULL);
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	} else {
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
is_sqlite(void)
{
	const char *u = getenv("DATABASE_URL");

	return u && strncmp(u, "sqlite", 6) == 0;
}

Test(cli, tenant_apikey_user_create_then_api_works)
{
	char out[8192], u[64], cmd[512], *key;
	http_resp *r;

	uniq(u, sizeof(u));
	snprintf(cmd, sizeof(cmd), "build/frontdesk tenant create --name 'CLI Co' --handle cli-%s "
	    "--timezone Europe/Berlin", u);
	cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
	cr_assert(strstr(out, "\"handle\": \"cli-") != NULL, "%s", out);
	snprintf(cmd, sizeof(cmd), "build/frontdesk apikey create --tenant cli-%s --label ci", u);
	cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
	key = strstr(out, "\"key\": \"");
	cr_assert(key != NULL, "%s", out);
	key += 8;
	key[strcspn(key, "\"")] = '\0';
	r = http("GET", "/api/v1/me", key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert(strstr(jstr(r, "tenant.handle"), "cli-") != NULL);
	http_free(r);

	snprintf(cmd, sizeof(cmd), "FRONTDESK_PASSWORD=cli-password-1 build/frontdesk user create "
	    "--tenant cli-%s --email Owner@CLI-%s.example --role owner", u, u);
	cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
	snprintf(cmd, sizeof(cmd), "owner@cli-%s.example", u);
	free(login(cmd, "cli-password-1"));

	/* bad input: a clear one-line error and a non-zero status */
	cr_assert_neq(run(NULL, 0, "build/frontdesk tenant create --name X --handle 'Bad Handle' "
	    "2>/dev/null"), 0);
	cr_assert_neq(run(NULL, 0, "build/frontdesk apikey create --tenant no-such-tenant "
	    "2>/dev/null"), 0);
	cr_assert_neq(run(NULL, 0, "build/frontdesk frobnicate 2>/dev/null"), 0);
}

Test(cli, seed_is_idempotent)
{
	char out[4096];

	cr_assert_eq(run(out, sizeof(out), "build/frontdesk seed"), 0, "%s", out);
	cr_assert_eq(run(out, sizeof(out), "build/frontdesk seed"), 0, "%s", out);
	cr_assert(strstr(out, "exists") != NULL, "%s", out);
	http_resp *r = http("GET", "/api/v1/tenants?limit=200&status=active", admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);
}

Test(cli, backup_while_serving_and_restore_refuses_strangers, .timeout = 60)
{
	char path[512], bad[512], cmd[1200], out[4096];
	FILE *f;

	if (!is_sqlite())
		cr_skip_test("backup/restore are for SQLite (PostgreSQL uses pg_dump)");
	snprintf(path, sizeof(path), "%s/backup-%d.db", state_dir(), (int)getpid());
	free(mk_tenant("before-backup"));
	snprintf(cmd, sizeof(cmd), "build/frontdesk backup %s", path);
	cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);
	/* the backup is a frontdesk database with the tenant in it */
	snprintf(cmd, sizeof(cmd), "DATABASE_URL=sqlite://%s build/frontdesk seed", path);
	cr_assert_eq(run(out, sizeof(out), cmd), 0, "%s", out);

	/* the server kept answering */
	http_resp *r = http("GET", "/healthz", NULL, NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);

	snprintf(bad, sizeof(bad), "%s/not-a-db-%d.txt", state_dir(), (int)getpid());
	f = fopen(bad, "w");
	fputs("hello, I am not a database\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "build/frontdesk restore %s 2>&1", bad);
	cr_assert_neq(run(out, sizeof(out), cmd), 0, "restore accepted a text file");
	cr_assert(strstr(out, "not") != NULL, "%s", out);
	snprintf(cmd, sizeof(cmd), "sqlite3 %s.other.db 'CREATE TABLE x (a)' && "
	    "build/frontdesk restore %s.other.db 2>&1", bad, bad);
	cr_assert_neq(run(out, sizeof(out), cmd), 0, "restore accepted a foreign database");
	cr_assert(strstr(out, "not a frontdesk database") != NULL, "%s", out);
	snprintf(cmd, sizeof(cmd), "build/frontdesk restore %s/does-not-exist.db 2>&1", state_dir());
	cr_assert_neq(run(out, sizeof(out), cmd), 0);
	/* and the live database is intact after the refusals */
	r = http("GET", "/api/v1/tenants?limit=1", admin_key(), NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);
}
