/* Many writers at once through the pool, races on unique values, and a worker
 * killed with SIGKILL being replaced. */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http.h"

#define THREADS 16
#define PER_THREAD 8

struct job {
	int idx;
	const char *tenant;
	const char *handle;
	int created, conflicts, other;
	char ids[PER_THREAD][40];
};

static void *
create_tenants(void *arg)
{
	struct job *j = arg;

	for (int i = 0; i < PER_THREAD; i++) {
		http_resp *r = http_json("POST", "/api/v1/tenants", admin_key(),
		    "{\"name\": \"Writer %d-%d\"}", j->idx, i);

		if (r->status == 201) {
			snprintf(j->ids[j->created], sizeof(j->ids[0]), "%s", jstr(r, "id"));
			j->created++;
		} else
			j->other++;
		http_free(r);
	}
	return NULL;
}

Test(concurrency, concurrent_writers_lose_nothing, .timeout = 120)
{
	pthread_t th[THREADS];
	struct job jobs[THREADS];
	int total = 0;

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < THREADS; i++) {
		jobs[i].idx = i;
		pthread_create(&th[i], NULL, create_tenants, &jobs[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		cr_assert_eq(jobs[i].other, 0, "thread %d: %d requests failed (busy database?)", i,
		    jobs[i].other);
		total += jobs[i].created;
	}
	cr_assert_eq(total, THREADS * PER_THREAD);
	/* every acknowledged write is really there */
	for (int i = 0; i < THREADS; i++)
		for (int k = 0; k < jobs[i].created; k++) {
			char path[128];
			http_resp *r;

			snprintf(path, sizeof(path), "/api/v1/tenants/%s", jobs[i].ids[k]);
			r = http("GET", path, admin_key(), NULL, NULL);
			cr_assert_eq(r->status, 200, "lost write %s", jobs[i].ids[k]);
			http_free(r);
		}
}

static void *
race_handle(void *arg)
{
	struct job *j = arg;
	http_resp *r = http_json("POST", "/api/v1/tenants", admin_key(),
	    "{\"name\": \"Race\", \"handle\": \"%s\"}", j->handle);

	if (r->status == 201)
		j->created++;
	else if (r->status == 409)
		j->conflicts++;
	else
		j->other++;
	http_free(r);
	return NULL;
}

Test(concurrency, duplicate_handle_race_has_one_winner, .timeout = 60)
{
	pthread_t th[THREADS];
	struct job jobs[THREADS];
	char u[64], handle[96];
	int created = 0, conflicts = 0;

	uniq(u, sizeof(u));
	snprintf(handle, sizeof(handle), "race-%s", u);
	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < THREADS; i++) {
		jobs[i].handle = handle;
		pthread_create(&th[i], NULL, race_handle, &jobs[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		created += jobs[i].created;
		conflicts += jobs[i].conflicts;
		cr_assert_eq(jobs[i].other, 0);
	}
	cr_assert_eq(created, 1);
	cr_assert_eq(conflicts, THREADS - 1);
}

static void *
create_users(void *arg)
{
	struct job *j = arg;
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/tenants/%s/users", j->tenant);
	for (int i = 0; i < 4; i++) {
		char u[64];
		http_resp *r;

		uniq(u, sizeof(u));
		r = http_json("POST", path, admin_key(),
		    "{\"email\": \"u%d-%d-%s@conc.example\", \"password\": \"password-123\"}", j->idx, i,
		    u);
		if (r->status == 201)
			j->created++;
		else
			j->other++;
		http_free(r);
	}
	return NULL;
}

Test(concurrency, concurrent_users_on_one_tenant, .timeout = 120)
{
	pthread_t th[8];
	struct job jobs[8];
	char *tid = mk_tenant("conc-users");
	char path[160];
	http_resp *r;

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < 8; i++) {
		jobs[i].idx = i;
		jobs[i].tenant = tid;
		pthread_create(&th[i], NULL, create_users, &jobs[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		cr_assert_eq(jobs[i].other, 0);
		cr_assert_eq(jobs[i].created, 4);
	}
	snprintf(path, sizeof(path), "/api/v1/tenants/%s/users?limit=200", tid);
	r = http("GET", path, admin_key(), NULL, NULL);
	cr_assert_eq(json_object_array_length(json_object_object_get(r->json, "items")), 32);
	http_free(r);
	free(tid);
}

/* Pids of this pool's workers: cmdline "frontdesk-worker --pool STATE". */
static int
worker_pids(pid_t *out, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) && n < max) {
		char path[300], cmd[1024];
		FILE *f;
		size_t len;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		len = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		cmd[len] = '\0';
		/* argv[0] ends with the worker name; argv[2] is the state dir */
		if (strstr(cmd, "frontdesk-worker") == NULL)
			continue;
		size_t a0 = strlen(cmd);
		if (a0 + 1 >= len || strcmp(cmd + a0 + 1, "--pool") != 0)
			continue;
		if (strcmp(cmd + a0 + 1 + 7, state_dir()) != 0)
			continue;
		out[n++] = (pid_t)atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

Test(pool, killed_worker_is_replaced, .timeout = 60)
{
	pid_t before[16], after[16];
	int nb = worker_pids(before, 16), na = 0;

	cr_assert(nb >= 1, "no workers found for state dir %s", state_dir());
	cr_assert_eq(kill(before[0], SIGKILL), 0);
	/* multiwatch restarts it; meanwhile the other workers keep answering */
	for (int i = 0; i < 100; i++) {
		usleep(100000);
		na = worker_pids(after, 16);
		int replaced = na == nb;

		for (int k = 0; k < na; k++)
			if (after[k] == before[0])
				replaced = 0;
		if (replaced)
			break;
	}
	cr_assert_eq(na, nb, "workers before %d, after %d", nb, na);
	for (int i = 0; i < 20; i++) {
		http_resp *r = http("GET", "/api/v1/tenants?limit=1", admin_key(), NULL, NULL);

		cr_assert_eq(r->status, 200, "request %d after SIGKILL: %ld", i, r->status);
		http_free(r);
	}
}
