/* Races on issue 3's one-of rules, through the pool: one phone number across
 * tenants, one active connector and one default agent per tenant. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http.h"

#define PER_TENANT 8

static size_t
nitems(const http_resp *r)
{
	json_object *it = NULL;

	cr_assert(r->json && json_object_object_get_ex(r->json, "items", &it), "%s", r->body);
	return json_object_array_length(it);
}

struct racer {
	pthread_barrier_t *start;
	const char *method, *path, *token;
	char body[256];
	long status;
	char field[64], id[64], resp[512];
	int is_active;
};

static void *
race(void *arg)
{
	struct racer *x = arg;
	http_resp *r;

	pthread_barrier_wait(x->start);
	r = http(x->method, x->path, x->token, x->body[0] ? "application/json" : NULL,
	    x->body[0] ? x->body : NULL);
	x->status = r->status;
	snprintf(x->field, sizeof(x->field), "%s", jstr(r, "error.field") ? jstr(r, "error.field") : "");
	snprintf(x->id, sizeof(x->id), "%s", jstr(r, "id") ? jstr(r, "id") : "");
	snprintf(x->resp, sizeof(x->resp), "%s", r->body ? r->body : "");
	x->is_active = (int)jint(r, "is_active");
	http_free(r);
	return NULL;
}

static void
run(struct racer *x, int n)
{
	pthread_t th[64];
	pthread_barrier_t b;

	cr_assert(n <= 64);
	pthread_barrier_init(&b, NULL, (unsigned)n);
	for (int i = 0; i < n; i++) {
		x[i].start = &b;
		cr_assert_eq(pthread_create(&th[i], NULL, race, &x[i]), 0);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&b);
}

Test(races, duplicate_number_across_tenants_has_one_winner, .timeout = 120)
{
	char *t[2] = {mk_tenant("race-a"), mk_tenant("race-b")};
	char *key[2] = {mk_apikey(t[0], NULL), mk_apikey(t[1], NULL)};
	char *list[2], did[32], fmt[48];
	struct racer x[2 * PER_TENANT];
	struct timespec ts;
	int created = 0, conflicts = 0, winner = -1;
	http_resp *r;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(did, sizeof(did), "+4479%04u%05lu", (unsigned)getpid() % 10000,
	    (unsigned long)(ts.tv_nsec / 10000) % 100000);
	snprintf(fmt, sizeof(fmt), "+44 (%.4s) %.3s-%s", did + 3, did + 7, did + 10);
	memset(x, 0, sizeof(x));
	for (int k = 0; k < 2; k++)
		list[k] = pathf("/api/v1/tenants/%s/phone-numbers", t[k]);
	for (int i = 0; i < 2 * PER_TENANT; i++) {
		int k = i % 2;

		x[i].method = "POST";
		x[i].path = list[k];
		x[i].token = key[k];
		/* the same number, written two ways */
		snprintf(x[i].body, sizeof(x[i].body), "{\"did_number\": \"%s\"}", (i / 2) % 2 ? fmt : did);
	}
	run(x, 2 * PER_TENANT);
	for (int i = 0; i < 2 * PER_TENANT; i++) {
		if (x[i].status == 201) {
			created++;
			winner = i % 2;
		} else if (x[i].status == 409) {
			conflicts++;
			cr_assert_str_eq(x[i].field, "did_number", "%s", x[i].resp);
			cr_assert(strstr(x[i].resp, t[0]) == NULL && strstr(x[i].resp, t[1]) == NULL,
			    "the 409 names a tenant: %s", x[i].resp);
		} else
			cr_assert_fail("racer %d: %ld %s", i, x[i].status, x[i].resp);
	}
	cr_assert_eq(created, 1, "created %d", created);
	cr_assert_eq(conflicts, 2 * PER_TENANT - 1);

	/* the winner has it once, the loser not at all */
	r = http("GET", list[winner], key[winner], NULL, NULL);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.did_number"), did);
	http_free(r);
	r = http("GET", list[1 - winner], key[1 - winner], NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);
	for (int k = 0; k < 2; k++) {
		free(t[k]);
		free(key[k]);
		free(list[k]);
	}
}

/* Several rounds: the race must hold every time, not just once. */
Test(races, duplicate_number_rounds, .timeout = 180)
{
	char *t[2] = {mk_tenant("rounds-a"), mk_tenant("rounds-b")};
	char *key[2] = {mk_apikey(t[0], NULL), mk_apikey(t[1], NULL)};
	char *list[2];
	int total = 0;
	http_resp *r;

	for (int k = 0; k < 2; k++)
		list[k] = pathf("/api/v1/tenants/%s/phone-numbers", t[k]);
	for (int round = 0; round < 5; round++) {
		struct racer x[2 * PER_TENANT];
		struct timespec ts;
		char did[32];
		int created = 0;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(did, sizeof(did), "+3361%04u%04lu%u", (unsigned)getpid() % 10000,
		    (unsigned long)(ts.tv_nsec / 100000) % 10000, round);
		memset(x, 0, sizeof(x));
		for (int i = 0; i < 2 * PER_TENANT; i++) {
			x[i].method = "POST";
			x[i].path = list[i % 2];
			x[i].token = key[i % 2];
			snprintf(x[i].body, sizeof(x[i].body), "{\"did_number\": \"%s\"}", did);
		}
		run(x, 2 * PER_TENANT);
		for (int i = 0; i < 2 * PER_TENANT; i++) {
			cr_assert(x[i].status == 201 || x[i].status == 409, "round %d racer %d: %ld %s",
			    round, i, x[i].status, x[i].resp);
			created += x[i].status == 201;
		}
		cr_assert_eq(created, 1, "round %d: %d created", round, created);
		total += created;
	}
	/* five numbers in all, across the two tenants */
	size_t n = 0;
	for (int k = 0; k < 2; k++) {
		r = http("GET", list[k], key[k], NULL, NULL);
		n += nitems(r);
		http_free(r);
	}
	cr_assert_eq(n, (size_t)total);
	cr_assert_eq(total, 5);
	for (int k = 0; k < 2; k++) {
		free(t[k]);
		free(key[k]);
		free(list[k]);
	}
}

#define CONNECTORS 16

Test(races, concurrent_activations_leave_exactly_one_active, .timeout = 120)
{
	char *tid = mk_tenant("race-conn"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/connectors", tid);
	char *paths[CONNECTORS], ids[CONNECTORS][64], active[64] = "";
	struct racer x[CONNECTORS];
	json_object *items;
	int ok = 0, nactive = 0;
	http_resp *r;

	for (int i = 0; i < CONNECTORS; i++) {
		r = http_json("POST", list, key, "{\"type\": \"calendly\", \"config\": "
		    "{\"link\": \"https://calendly.com/racer-%d\"}}", i);
		cr_assert_eq(r->status, 201, "%s", r->body);
		snprintf(ids[i], sizeof(ids[i]), "%s", jstr(r, "id"));
		http_free(r);
		paths[i] = pathf("%s/%s/activate", list, ids[i]);
	}
	for (int round = 0; round < 3; round++) {
		memset(x, 0, sizeof(x));
		for (int i = 0; i < CONNECTORS; i++) {
			x[i].method = "POST";
			x[i].path = paths[i];
			x[i].token = key;
		}
		run(x, CONNECTORS);
		ok = 0;
		for (int i = 0; i < CONNECTORS; i++) {
			/* each activation wins in turn: none is refused because another
			 * was active for a moment, on either backend */
			cr_assert_eq(x[i].status, 200, "round %d activate %d: %ld %s", round, i,
			    x[i].status, x[i].resp);
			ok++;
		}
		cr_assert_eq(ok, CONNECTORS);

		r = http("GET", list, key, NULL, NULL);
		cr_assert_eq(r->status, 200);
		cr_assert(json_object_object_get_ex(r->json, "items", &items));
		cr_assert_eq(json_object_array_length(items), CONNECTORS);
		nactive = 0;
		for (size_t i = 0; i < CONNECTORS; i++) {
			json_object *o = json_object_array_get_idx(items, i);

			if (json_object_get_boolean(json_object_object_get(o, "is_active"))) {
				nactive++;
				snprintf(active, sizeof(active), "%s",
				    json_object_get_string(json_object_object_get(o, "id")));
			}
		}
		http_free(r);
		cr_assert_eq(nactive, 1, "round %d: %d active connectors", round, nactive);
		/* and it answers so on its own */
		{
			char *one = pathf("%s/%s", list, active);

			r = http("GET", one, key, NULL, NULL);
			cr_assert_eq(jint(r, "is_active"), 1);
			http_free(r);
			free(one);
		}
	}
	for (int i = 0; i < CONNECTORS; i++)
		free(paths[i]);
	free(tid); free(key); free(list);
}

Test(races, concurrent_first_agents_leave_exactly_one_default, .timeout = 120)
{
	char *tid = mk_tenant("race-agents"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/agents", tid);
	struct racer x[8];
	int created = 0, defaults = 0;
	http_resp *r;

	memset(x, 0, sizeof(x));
	for (int i = 0; i < 8; i++) {
		x[i].method = "POST";
		x[i].path = list;
		x[i].token = key;
		snprintf(x[i].body, sizeof(x[i].body), "{\"name\": \"Agent %d\", \"system_prompt\": "
		    "\"x\"%s}", i, i % 2 ? ", \"is_default\": true" : "");
	}
	run(x, 8);
	for (int i = 0; i < 8; i++) {
		cr_assert_eq(x[i].status, 201, "agent %d: %ld %s", i, x[i].status, x[i].resp);
		created++;
	}
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(nitems(r), (size_t)created, "%s", r->body);
	for (size_t i = 0; i < nitems(r); i++) {
		char path[64];

		snprintf(path, sizeof(path), "items.%zu.is_default", i);
		defaults += jint(r, path) == 1;
	}
	http_free(r);
	cr_assert_eq(defaults, 1, "%d defaults", defaults);
	free(tid); free(key); free(list);
}
