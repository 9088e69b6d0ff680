/* The isolation matrix for issue 3's resources: tenant A's API key and A's
 * owner session against tenant B's agents, phone numbers, services,
 * connectors and customers — always 404 in the error shape, never a change,
 * and A's lists never show B's rows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http.h"

static char *
create_id(const char *path, const char *tok, const char *body)
{
	http_resp *r = http("POST", path, tok, "application/json", body);
	char *id;

	cr_assert_eq(r->status, 201, "POST %s %s -> %ld %s", path, body, r->status, r->body);
	id = strdup(jstr(r, "id"));
	http_free(r);
	return id;
}

static void
uniq_did(char *out, size_t len)
{
	static unsigned counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, len, "+1%04u%06lu%02u", (unsigned)getpid() % 10000,
	    (unsigned long)(ts.tv_nsec / 1000) % 1000000, counter++ % 100);
}

static size_t
nitems(const http_resp *r)
{
	json_object *it = NULL;

	cr_assert(r->json && json_object_object_get_ex(r->json, "items", &it), "%s", r->body);
	return json_object_array_length(it);
}

#define NRES 5
static const char *const res[NRES] = {"agents", "phone-numbers", "services", "connectors",
    "customers"};

struct world {
	char *a, *b, *akey, *bkey, *asess;
	char *bid[NRES];        /* one row of B's per resource */
	char *aid[NRES];        /* and one of A's */
	char *bbody[NRES];      /* B's rows as B sees them before the attacks */
	char bdid[32], bphone[32];
};

static void
build(struct world *w)
{
	char body[256], adid[32];
	char *email = NULL, *uid;

	memset(w, 0, sizeof(*w));
	w->a = mk_tenant("iso3-a");
	w->b = mk_tenant("iso3-b");
	w->akey = mk_apikey(w->a, NULL);
	w->bkey = mk_apikey(w->b, NULL);
	uid = mk_user(w->a, NULL, "owner", &email);
	w->asess = login(email, NULL);
	free(uid);
	free(email);

	for (int t = 0; t < 2; t++) {
		const char *tid = t ? w->b : w->a, *key = t ? w->bkey : w->akey;
		char **ids = t ? w->bid : w->aid;
		char *did = t ? w->bdid : adid;
		char *list;

		list = pathf("/api/v1/tenants/%s/agents", tid);
		ids[0] = create_id(list, key, "{\"name\": \"Agent\", \"system_prompt\": \"secret prompt\"}");
		free(list);
		uniq_did(did, 32);
		list = pathf("/api/v1/tenants/%s/phone-numbers", tid);
		snprintf(body, sizeof(body), "{\"did_number\": \"%s\", \"agent_id\": \"%s\"}", did, ids[0]);
		ids[1] = create_id(list, key, body);
		free(list);
		list = pathf("/api/v1/tenants/%s/services", tid);
		ids[2] = create_id(list, key, "{\"name\": \"Service\", \"duration_min\": 30, \"price\": 100}");
		free(list);
		list = pathf("/api/v1/tenants/%s/connectors", tid);
		ids[3] = create_id(list, key, "{\"type\": \"calendly\", \"config\": "
		    "{\"link\": \"https://calendly.com/iso3\"}}");
		free(list);
		list = pathf("/api/v1/tenants/%s/connectors/%s/activate", tid, ids[3]);
		{
			http_resp *r = http("POST", list, key, NULL, NULL);

			cr_assert_eq(r->status, 200, "%s", r->body);
			http_free(r);
		}
		free(list);
		list = pathf("/api/v1/tenants/%s/customers", tid);
		if (t)
			uniq_did(w->bphone, sizeof(w->bphone));
		snprintf(body, sizeof(body), "{\"name\": \"Customer %s\", \"phone\": \"%s\", "
		    "\"email\": \"c-%c@iso3.example\"}", t ? "Bea" : "Al", t ? w->bphone : adid,
		    t ? 'b' : 'a');
		ids[4] = create_id(list, key, body);
		free(list);
	}
	for (int i = 0; i < NRES; i++) {
		char *p = pathf("/api/v1/tenants/%s/%s/%s", w->b, res[i], w->bid[i]);
		http_resp *r = http("GET", p, w->bkey, NULL, NULL);

		cr_assert_eq(r->status, 200, "%s", r->body);
		w->bbody[i] = strdup(r->body);
		http_free(r);
		free(p);
	}
}

/* B's rows are exactly as they were; B's lists hold just them. */
static void
b_unchanged(const struct world *w)
{
	for (int i = 0; i < NRES; i++) {
		char *p = pathf("/api/v1/tenants/%s/%s/%s", w->b, res[i], w->bid[i]);
		char *l = pathf("/api/v1/tenants/%s/%s", w->b, res[i]);
		http_resp *r = http("GET", p, w->bkey, NULL, NULL);

		cr_assert_eq(r->status, 200, "B's %s is gone: %ld %s", res[i], r->status, r->body);
		cr_assert_str_eq(r->body, w->bbody[i], "B's %s changed", res[i]);
		http_free(r);
		r = http("GET", l, w->bkey, NULL, NULL);
		cr_assert_eq(r->status, 200);
		cr_assert_eq(nitems(r), 1, "B's %s list: %s", res[i], r->body);
		http_free(r);
		free(p);
		free(l);
	}
}

/* A's lists show A's rows and nothing of B's. */
static void
a_lists_clean(const struct world *w, const char *cred)
{
	for (int i = 0; i < NRES; i++) {
		char *l = pathf("/api/v1/tenants/%s/%s", w->a, res[i]);
		http_resp *r = http("GET", l, cred, NULL, NULL);

		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert_eq(nitems(r), 1, "A's %s list: %s", res[i], r->body);
		cr_assert(strstr(r->body, w->aid[i]) != NULL);
		cr_assert(strstr(r->body, w->b) == NULL, "A's %s list shows B's tenant id", res[i]);
		for (int k = 0; k < NRES; k++)
			cr_assert(strstr(r->body, w->bid[k]) == NULL, "A's %s list shows B's %s", res[i],
			    res[k]);
		cr_assert(strstr(r->body, w->bdid) == NULL && strstr(r->body, w->bphone) == NULL);
		http_free(r);
		free(l);
	}
	/* nor does a search */
	{
		char *l = pathf("/api/v1/tenants/%s/customers?q=bea", w->a);
		http_resp *r = http("GET", l, cred, NULL, NULL);

		cr_assert_eq(r->status, 200);
		cr_assert_eq(nitems(r), 0, "A's search finds B's customer: %s", r->body);
		http_free(r);
		free(l);
		l = pathf("/api/v1/tenants/%s/customers?q=%.8s", w->a, w->bphone + 4);
		r = http("GET", l, cred, NULL, NULL);
		cr_assert_eq(nitems(r), 0, "%s", r->body);
		http_free(r);
		free(l);
	}
}

static void
expect_404(const char *cred_name, const char *method, const char *path, const char *cred,
    const char *body)
{
	http_resp *r = http(method, path, cred, body ? "application/json" : NULL, body);

	cr_assert_eq(r->status, 404, "%s: %s %s -> %ld %s", cred_name, method, path, r->status,
	    r->body);
	cr_assert(is_error(r, "not_found", NULL), "%s: %s %s -> %s", cred_name, method, path, r->body);
	http_free(r);
}

static const char *const patches[NRES] = {
	"{\"name\": \"pwned\", \"is_default\": true}",
	"{\"is_active\": false}",
	"{\"name\": \"pwned\", \"price\": 0}",
	"{\"config\": {\"link\": \"https://calendly.com/pwned\"}}",
	"{\"name\": \"pwned\", \"notes\": \"pwned\"}",
};

static void
attack(const struct world *w, const char *cred_name, const char *cred)
{
	const char *const creates[NRES] = {
		"{\"name\": \"pwned\", \"system_prompt\": \"x\"}",
		"{\"did_number\": \"+15005550006\"}",
		"{\"name\": \"pwned\", \"duration_min\": 30}",
		"{\"type\": \"calendly\", \"config\": {\"link\": \"https://calendly.com/pwned\"}}",
		"{\"name\": \"pwned\"}",
	};

	for (int i = 0; i < NRES; i++) {
		/* B's ids under B's path, and under A's own path */
		const char *tenants[2] = {w->b, w->a};

		for (int t = 0; t < 2; t++) {
			char *p = pathf("/api/v1/tenants/%s/%s/%s", tenants[t], res[i], w->bid[i]);

			expect_404(cred_name, "GET", p, cred, NULL);
			expect_404(cred_name, "PATCH", p, cred, patches[i]);
			expect_404(cred_name, "DELETE", p, cred, NULL);
			free(p);
		}
		/* B's collections */
		char *l = pathf("/api/v1/tenants/%s/%s", w->b, res[i]);

		expect_404(cred_name, "GET", l, cred, NULL);
		expect_404(cred_name, "POST", l, cred, creates[i]);
		free(l);
	}
	/* B's connector switched through either path */
	const char *acts[2] = {"activate", "deactivate"};
	for (int k = 0; k < 2; k++) {
		char *p = pathf("/api/v1/tenants/%s/connectors/%s/%s", w->a, w->bid[3], acts[k]);

		expect_404(cred_name, "POST", p, cred, NULL);
		free(p);
		p = pathf("/api/v1/tenants/%s/connectors/%s/%s", w->b, w->bid[3], acts[k]);
		expect_404(cred_name, "POST", p, cred, NULL);
		free(p);
	}
	/* B's searches */
	{
		char *l = pathf("/api/v1/tenants/%s/customers?q=bea", w->b);

		expect_404(cred_name, "GET", l, cred, NULL);
		free(l);
	}
}

/* Ids of B's in A's request bodies. */
static void
body_attacks(const struct world *w, const char *cred_name, const char *cred)
{
	char *alist = pathf("/api/v1/tenants/%s/phone-numbers", w->a);
	char *anum = pathf("/api/v1/tenants/%s/phone-numbers/%s", w->a, w->aid[1]);
	char did[32];
	http_resp *r, *before;

	/* a new number of A's pointing at B's agent */
	uniq_did(did, sizeof(did));
	r = http_json("POST", alist, cred, "{\"did_number\": \"%s\", \"agent_id\": \"%s\"}", did,
	    w->bid[0]);
	cr_assert_eq(r->status, 404, "%s: %ld %s", cred_name, r->status, r->body);
	cr_assert(is_error(r, "not_found", "agent_id"), "%s: %s", cred_name, r->body);
	http_free(r);
	/* nothing was created: the number is still free, for A itself */
	r = http("GET", alist, cred, NULL, NULL);
	cr_assert(strstr(r->body, did) == NULL, "%s", r->body);
	http_free(r);

	/* A's own number reassigned to B's agent */
	before = http("GET", anum, cred, NULL, NULL);
	cr_assert_eq(before->status, 200);
	r = http_json("PATCH", anum, cred, "{\"agent_id\": \"%s\"}", w->bid[0]);
	cr_assert_eq(r->status, 404, "%s: %ld %s", cred_name, r->status, r->body);
	cr_assert(is_error(r, "not_found", "agent_id"), "%s", r->body);
	http_free(r);
	r = http_json("PATCH", anum, cred, "{\"agent_id\": \"%s\", \"is_active\": false}", w->bid[0]);
	cr_assert_eq(r->status, 404, "%s", r->body);
	http_free(r);
	r = http("GET", anum, cred, NULL, NULL);
	cr_assert_str_eq(r->body, before->body, "A's number changed by a rejected PATCH");
	cr_assert_str_eq(jstr(r, "agent_id"), w->aid[0]);
	http_free(r);
	http_free(before);

	/* B's number, written differently, is 409 without a word about B */
	{
		char fmt[48];

		snprintf(fmt, sizeof(fmt), "+1 %.3s %.3s %s", w->bdid + 2, w->bdid + 5, w->bdid + 8);
		r = http_json("POST", alist, cred, "{\"did_number\": \"%s\"}", fmt);
		cr_assert_eq(r->status, 409, "%s", r->body);
		cr_assert(is_error(r, "conflict", "did_number"), "%s", r->body);
		cr_assert(strstr(r->body, w->b) == NULL && strstr(r->body, w->bid[1]) == NULL &&
		    strstr(r->body, "iso3-b") == NULL, "409 names B: %s", r->body);
		http_free(r);
	}
	/* B's customer phone is A's to use */
	{
		char *cl = pathf("/api/v1/tenants/%s/customers", w->a), body[128], *id, *cp;

		snprintf(body, sizeof(body), "{\"name\": \"Same phone\", \"phone\": \"%s\"}", w->bphone);
		id = create_id(cl, cred, body);
		cp = pathf("%s/%s", cl, id);
		r = http("DELETE", cp, cred, NULL, NULL);
		cr_assert_eq(r->status, 204);
		http_free(r);
		free(cl); free(id); free(cp);
	}
	/* a cursor of B's id does not reveal B's rows */
	{
		char *l = pathf("/api/v1/tenants/%s/agents?cursor=%s", w->a, w->bid[0]);

		r = http("GET", l, cred, NULL, NULL);
		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert(strstr(r->body, w->bid[0]) == NULL && strstr(r->body, w->b) == NULL);
		http_free(r);
		free(l);
	}
	free(alist);
	free(anum);
}

Test(isolation3, api_key_against_other_tenants_resources, .timeout = 120)
{
	struct world w;

	build(&w);
	attack(&w, "A's key", w.akey);
	body_attacks(&w, "A's key", w.akey);
	a_lists_clean(&w, w.akey);
	b_unchanged(&w);
	/* B's connector is still the active one, B's agent still the default */
	{
		char *p = pathf("/api/v1/tenants/%s/agents/%s", w.b, w.bid[0]);
		http_resp *r = http("GET", p, w.bkey, NULL, NULL);

		cr_assert_eq(jint(r, "is_default"), 1);
		http_free(r);
		free(p);
	}
}

Test(isolation3, owner_session_against_other_tenants_resources, .timeout = 120)
{
	struct world w;

	build(&w);
	attack(&w, "A's session", w.asess);
	body_attacks(&w, "A's session", w.asess);
	a_lists_clean(&w, w.asess);
	b_unchanged(&w);
	/* A's own rows still answer A */
	for (int i = 0; i < NRES; i++) {
		char *p = pathf("/api/v1/tenants/%s/%s/%s", w.a, res[i], w.aid[i]);
		http_resp *r = http("GET", p, w.asess, NULL, NULL);

		cr_assert_eq(r->status, 200, "%s", r->body);
		http_free(r);
		free(p);
	}
}

/* B's key, the other way round, over A's rows; and nobody's key over a
 * missing id answers any differently. */
Test(isolation3, missing_and_foreign_ids_answer_alike, .timeout = 120)
{
	struct world w;

	build(&w);
	for (int i = 0; i < NRES; i++) {
		char *foreign = pathf("/api/v1/tenants/%s/%s/%s", w.b, res[i], w.aid[i]);
		char *missing = pathf("/api/v1/tenants/%s/%s/01900000-0000-7000-8000-000000000000",
		    w.b, res[i]);
		http_resp *f = http("GET", foreign, w.bkey, NULL, NULL);
		http_resp *m = http("GET", missing, w.bkey, NULL, NULL);

		cr_assert_eq(f->status, 404, "%s", f->body);
		cr_assert_eq(m->status, 404);
		cr_assert_str_eq(jstr(f, "error.message"), jstr(m, "error.message"));
		cr_assert_str_eq(jstr(f, "error.code"), jstr(m, "error.code"));
		http_free(f);
		http_free(m);
		f = http("PATCH", foreign, w.bkey, "application/json", patches[i]);
		m = http("PATCH", missing, w.bkey, "application/json", patches[i]);
		cr_assert_eq(f->status, 404, "%s %s", foreign, f->body);
		cr_assert_eq(m->status, 404, "%s", m->body);
		cr_assert_str_eq(jstr(f, "error.message"), jstr(m, "error.message"));
		http_free(f);
		http_free(m);
		f = http("DELETE", foreign, w.bkey, NULL, NULL);
		m = http("DELETE", missing, w.bkey, NULL, NULL);
		cr_assert_eq(f->status, 404);
		cr_assert_eq(m->status, 404);
		cr_assert_str_eq(jstr(f, "error.message"), jstr(m, "error.message"));
		http_free(f);
		http_free(m);
		free(foreign);
		free(missing);
	}
	/* A's rows survived */
	for (int i = 0; i < NRES; i++) {
		char *p = pathf("/api/v1/tenants/%s/%s/%s", w.a, res[i], w.aid[i]);
		http_resp *r = http("GET", p, w.akey, NULL, NULL);

		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert(strstr(r->body, "pwned") == NULL);
		http_free(r);
		free(p);
	}
}
