/* Tenant resources (issue 3): agents, phone numbers, services, connectors and
 * customers through the real web server — happy paths, and validation errors
 * that name the field. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http.h"

/* A session of a new owner (or other role) of the tenant. */
static char *
session_of(const char *tid, const char *role)
{
	char *email = NULL, *uid = mk_user(tid, NULL, role, &email), *tok = login(email, NULL);

	free(uid);
	free(email);
	return tok;
}

/* POST body to path; must answer 201; the new id. */
static char *
create_id(const char *path, const char *tok, const char *body)
{
	http_resp *r = http("POST", path, tok, "application/json", body);
	char *id;

	cr_assert_eq(r->status, 201, "POST %s %s -> %ld %s", path, body, r->status, r->body);
	cr_assert(jstr(r, "id") != NULL, "%s", r->body);
	id = strdup(jstr(r, "id"));
	http_free(r);
	return id;
}

/* A phone number nobody else has: "+1" and 12 digits. */
static void
uniq_did(char *out, size_t len)
{
	static unsigned counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, len, "+1%04u%06lu%02u", (unsigned)getpid() % 10000,
	    (unsigned long)(ts.tv_nsec / 1000) % 1000000, counter++ % 100);
}

/* "+1DDDDDDDDDDDD" written the way people type it: "+1 (DDD) DDD-DDDDDD". */
static void
formatted(const char *e164, char *out, size_t len)
{
	snprintf(out, len, "+1 (%.3s) %.3s-%s", e164 + 2, e164 + 5, e164 + 8);
}

static json_object *
items(const http_resp *r)
{
	json_object *it = NULL;

	cr_assert(r->json && json_object_object_get_ex(r->json, "items", &it) &&
	    json_object_is_type(it, json_type_array), "not a list: %s", r->body);
	return it;
}

static size_t
nitems(const http_resp *r)
{
	return json_object_array_length(items(r));
}

static json_object *
find_item(const http_resp *r, const char *id)
{
	json_object *it = items(r);

	for (size_t i = 0; i < json_object_array_length(it); i++) {
		json_object *o = json_object_array_get_idx(it, i), *v;

		if (json_object_object_get_ex(o, "id", &v) && strcmp(json_object_get_string(v), id) == 0)
			return o;
	}
	return NULL;
}

/* Items whose boolean field is true; the last such id in out (may be NULL). */
static int
count_true(const http_resp *r, const char *field, char *out, size_t outlen)
{
	json_object *it = items(r);
	int n = 0;

	for (size_t i = 0; i < json_object_array_length(it); i++) {
		json_object *o = json_object_array_get_idx(it, i), *v;

		if (json_object_object_get_ex(o, field, &v) && json_object_get_boolean(v)) {
			n++;
			if (out)
				snprintf(out, outlen, "%s",
				    json_object_get_string(json_object_object_get(o, "id")));
		}
	}
	return n;
}

static int
item_bool(const http_resp *r, const char *id, const char *field)
{
	json_object *o = find_item(r, id), *v;

	cr_assert(o != NULL, "%s not in list %s", id, r->body);
	cr_assert(json_object_object_get_ex(o, field, &v) && json_object_is_type(v, json_type_boolean));
	return json_object_get_boolean(v);
}

/* Sends body; expects 400 validation_failed naming field. */
static void
expect_invalid(const char *method, const char *path, const char *tok, const char *body,
    const char *field)
{
	http_resp *r = http(method, path, tok, "application/json", body);

	cr_assert_eq(r->status, 400, "%s %s -> %ld %s", method, body, r->status, r->body);
	cr_assert(is_error(r, "validation_failed", field), "%s %s: want field %s, got %s", method,
	    body, field, r->body);
	http_free(r);
}

/* ---- agents ---- */

Test(resources, agent_crud)
{
	char *tid = mk_tenant("agents"), *tok = session_of(tid, "owner");
	char *list = pathf("/api/v1/tenants/%s/agents", tid), *p;
	http_resp *r;

	r = http_json("POST", list, tok, "{\"name\": \"Front desk\", \"role\": \"sales\", "
	    "\"system_prompt\": \"You answer the phone.\", \"greeting\": \"Hello!\", "
	    "\"language\": \"en-US\", \"voice\": \"alloy\", \"channels\": {\"web\": {\"enabled\": "
	    "true}, \"phone\": {\"enabled\": true, \"phone_number\": \"+14155550100\"}}}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Front desk");
	cr_assert_str_eq(jstr(r, "role"), "sales");
	cr_assert_str_eq(jstr(r, "system_prompt"), "You answer the phone.");
	cr_assert_str_eq(jstr(r, "greeting"), "Hello!");
	cr_assert_str_eq(jstr(r, "language"), "en-US");
	cr_assert_str_eq(jstr(r, "voice"), "alloy");
	cr_assert_eq(jint(r, "channels.web.enabled"), 1);
	cr_assert_str_eq(jstr(r, "channels.phone.phone_number"), "+14155550100");
	cr_assert_eq(jint(r, "is_default"), 1, "the first agent is the default: %s", r->body);
	cr_assert_str_eq(jstr(r, "tenant_id"), tid);
	cr_assert(jstr(r, "created_at") && jstr(r, "updated_at"));
	p = pathf("%s/%s", list, jstr(r, "id"));
	http_free(r);

	/* defaults */
	r = http_json("POST", list, tok, "{\"name\": \"Plain\", \"system_prompt\": \"Be brief.\"}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "role"), "receptionist");
	cr_assert_str_eq(jstr(r, "language"), "en-US");
	cr_assert_eq(jint(r, "is_default"), 0);
	http_free(r);

	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Front desk");
	http_free(r);

	r = http_json("PATCH", p, tok, "{\"name\": \"Night desk\", \"role\": \"support\", "
	    "\"language\": \"es-419\", \"channels\": {\"sms\": {\"enabled\": false}}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Night desk");
	cr_assert_str_eq(jstr(r, "role"), "support");
	cr_assert_str_eq(jstr(r, "language"), "es-419");
	cr_assert_eq(jint(r, "channels.sms.enabled"), 0);
	cr_assert_str_eq(jstr(r, "system_prompt"), "You answer the phone.", "untouched field kept");
	http_free(r);

	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(nitems(r), 2);
	cr_assert(jnull(r, "next_cursor"));
	http_free(r);

	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 204, "%s", r->body);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	cr_assert(is_error(r, "not_found", NULL));
	http_free(r);
	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"name\": \"ghost\"}");
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(tid); free(tok); free(list); free(p);
}

Test(resources, agent_validation_names_the_field)
{
	char *tid = mk_tenant("agentval"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/agents", tid), *id, *p;
	http_resp *r;

	expect_invalid("POST", list, key, "{\"name\": \"A\"}", "system_prompt");
	expect_invalid("POST", list, key, "{\"name\": \"A\", \"system_prompt\": \"   \"}",
	    "system_prompt");
	expect_invalid("POST", list, key, "{\"name\": \"A\", \"system_prompt\": \" \\t\\n \"}",
	    "system_prompt");
	expect_invalid("POST", list, key, "{\"name\": \"A\", \"system_prompt\": 42}", "system_prompt");
	expect_invalid("POST", list, key, "{\"system_prompt\": \"x\"}", "name");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"role\": \"boss\"}", "role");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"language\": \"english!\"}", "language");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"channels\": {\"fax\": {}}}", "channels.fax");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"channels\": {\"web\": {\"enabled\": "
	    "\"yes\"}}}", "channels.web.enabled");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"channels\": {\"phone\": "
	    "{\"phone_number\": \"555-0100\"}}}", "channels.phone.phone_number");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"channels\": \"web\"}", "channels");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"is_default\": \"yes\"}", "is_default");
	expect_invalid("POST", list, key,
	    "{\"name\": \"A\", \"system_prompt\": \"x\", \"tenant_id\": \"nope\"}", "tenant_id");

	/* none of those was stored */
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);

	/* en-US is fine; BCP-47 with script and region too */
	id = create_id(list, key, "{\"name\": \"A\", \"system_prompt\": \"x\", \"language\": \"en-US\"}");
	free(create_id(list, key,
	    "{\"name\": \"B\", \"system_prompt\": \"x\", \"language\": \"zh-Hant-TW\"}"));
	p = pathf("%s/%s", list, id);

	/* a PATCH can't blank the prompt either */
	expect_invalid("PATCH", p, key, "{\"system_prompt\": \"   \"}", "system_prompt");
	expect_invalid("PATCH", p, key, "{\"system_prompt\": null}", "system_prompt");
	expect_invalid("PATCH", p, key, "{\"language\": \"english!\"}", "language");
	expect_invalid("PATCH", p, key, "{\"role\": \"Receptionist\"}", "role");
	expect_invalid("PATCH", p, key, "{\"channels\": {\"telegram\": {\"enabled\": true}}}",
	    "channels.telegram");
	r = http("GET", p, key, NULL, NULL);
	cr_assert_str_eq(jstr(r, "system_prompt"), "x");
	cr_assert_str_eq(jstr(r, "language"), "en-US");
	cr_assert_str_eq(jstr(r, "role"), "receptionist");
	http_free(r);
	free(tid); free(key); free(list); free(id); free(p);
}

Test(resources, agents_have_exactly_one_default)
{
	char *tid = mk_tenant("defaults"), *tok = session_of(tid, "admin");
	char *list = pathf("/api/v1/tenants/%s/agents", tid);
	char *a1, *a2, *a3, *p1, *p2, *p3, def[64];
	http_resp *r;

	/* the first agent is the default even when it asks not to be */
	a1 = create_id(list, tok, "{\"name\": \"one\", \"system_prompt\": \"x\", \"is_default\": false}");
	a2 = create_id(list, tok, "{\"name\": \"two\", \"system_prompt\": \"x\"}");
	p1 = pathf("%s/%s", list, a1);
	p2 = pathf("%s/%s", list, a2);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
	cr_assert_str_eq(def, a1);
	http_free(r);

	/* a new default unsets the old one */
	r = http_json("POST", list, tok, "{\"name\": \"three\", \"system_prompt\": \"x\", "
	    "\"is_default\": true}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_eq(jint(r, "is_default"), 1);
	a3 = strdup(jstr(r, "id"));
	p3 = pathf("%s/%s", list, a3);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
	cr_assert_str_eq(def, a3);
	http_free(r);

	/* PATCH swaps */
	r = http_json("PATCH", p2, tok, "{\"is_default\": true}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_default"), 1);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
	cr_assert_str_eq(def, a2);
	cr_assert_eq(item_bool(r, a3, "is_default"), 0);
	http_free(r);

	/* the default can't just stop being one */
	r = http_json("PATCH", p2, tok, "{\"is_default\": false}");
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", NULL));
	http_free(r);
	/* saying false about a non-default changes nothing */
	r = http_json("PATCH", p1, tok, "{\"is_default\": false, \"name\": \"uno\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_default"), 0);
	http_free(r);
	/* true on the default already is a no-op */
	r = http_json("PATCH", p2, tok, "{\"is_default\": true}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
	cr_assert_str_eq(def, a2);
	http_free(r);

	/* deleting the default promotes another */
	r = http("DELETE", p2, tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 2);
	cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
	cr_assert(strcmp(def, a1) == 0 || strcmp(def, a3) == 0);
	http_free(r);

	/* deleting a non-default keeps the default */
	{
		char *other = strcmp(def, a1) == 0 ? p3 : p1, keep[64];

		snprintf(keep, sizeof(keep), "%s", def);
		r = http("DELETE", other, tok, NULL, NULL);
		cr_assert_eq(r->status, 204);
		http_free(r);
		r = http("GET", list, tok, NULL, NULL);
		cr_assert_eq(nitems(r), 1);
		cr_assert_eq(count_true(r, "is_default", def, sizeof(def)), 1, "%s", r->body);
		cr_assert_str_eq(def, keep);
		http_free(r);
		/* and the last one goes, leaving none */
		char *last = pathf("%s/%s", list, keep);
		r = http("DELETE", last, tok, NULL, NULL);
		cr_assert_eq(r->status, 204);
		http_free(r);
		free(last);
	}
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);
	/* and the next agent is the default again */
	r = http_json("POST", list, tok, "{\"name\": \"again\", \"system_prompt\": \"x\"}");
	cr_assert_eq(r->status, 201);
	cr_assert_eq(jint(r, "is_default"), 1);
	http_free(r);
	free(tid); free(tok); free(list); free(a1); free(a2); free(a3); free(p1); free(p2); free(p3);
}

/* ---- phone numbers ---- */

Test(resources, phone_number_crud)
{
	char *tid = mk_tenant("phones"), *tok = session_of(tid, "owner");
	char *agents = pathf("/api/v1/tenants/%s/agents", tid);
	char *list = pathf("/api/v1/tenants/%s/phone-numbers", tid), *p, *x, *y;
	char did[32], fmt[48], did2[32];
	http_resp *r;

	x = create_id(agents, tok, "{\"name\": \"X\", \"system_prompt\": \"x\"}");
	y = create_id(agents, tok, "{\"name\": \"Y\", \"system_prompt\": \"y\"}");
	uniq_did(did, sizeof(did));
	formatted(did, fmt, sizeof(fmt));

	r = http_json("POST", list, tok, "{\"did_number\": \"%s\", \"provider\": \"twilio\", "
	    "\"provider_sid\": \"PN123\", \"agent_id\": \"%s\"}", fmt, x);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "did_number"), did, "normalised to E.164: %s", r->body);
	cr_assert_str_eq(jstr(r, "provider"), "twilio");
	cr_assert_str_eq(jstr(r, "provider_sid"), "PN123");
	cr_assert_str_eq(jstr(r, "agent_id"), x);
	cr_assert_eq(jint(r, "is_active"), 1);
	p = pathf("%s/%s", list, jstr(r, "id"));
	http_free(r);

	/* a generic number without an agent */
	uniq_did(did2, sizeof(did2));
	r = http_json("POST", list, tok, "{\"did_number\": \"%s\"}", did2);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "provider"), "generic");
	cr_assert(jnull(r, "agent_id"), "%s", r->body);
	cr_assert(jnull(r, "provider_sid"), "%s", r->body);
	http_free(r);

	r = http_json("PATCH", p, tok, "{\"is_active\": false}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 0);
	cr_assert_str_eq(jstr(r, "agent_id"), x);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"is_active\": true}");
	cr_assert_eq(r->status, 200);
	cr_assert_eq(jint(r, "is_active"), 1);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"agent_id\": \"%s\"}", y);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "agent_id"), y);
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"agent_id\": null}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert(jnull(r, "agent_id"), "%s", r->body);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert(jnull(r, "agent_id"));
	cr_assert_str_eq(jstr(r, "did_number"), did);
	http_free(r);

	/* deleting the agent a number points at leaves the number without one */
	r = http_json("PATCH", p, tok, "{\"agent_id\": \"%s\"}", y);
	cr_assert_eq(r->status, 200);
	http_free(r);
	{
		char *py = pathf("%s/%s", agents, y);

		r = http("DELETE", py, tok, NULL, NULL);
		cr_assert_eq(r->status, 204, "%s", r->body);
		http_free(r);
		free(py);
	}
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert(jnull(r, "agent_id"), "dangling agent_id: %s", r->body);
	http_free(r);

	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 2, "%s", r->body);
	cr_assert(strstr(r->body, did) && strstr(r->body, did2));
	http_free(r);

	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	cr_assert(is_error(r, "not_found", NULL));
	http_free(r);
	/* once deleted, the number is free again */
	r = http_json("POST", list, tok, "{\"did_number\": \"%s\"}", did);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(tid); free(tok); free(agents); free(list); free(p); free(x); free(y);
}

Test(resources, phone_number_validation)
{
	char *tid = mk_tenant("phoneval"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/phone-numbers", tid), *p, body[256];
	char did[32], fmt[48];
	http_resp *r;

	expect_invalid("POST", list, key, "{\"did_number\": \"555-0100\"}", "did_number");
	expect_invalid("POST", list, key, "{\"did_number\": \"+0155501000\"}", "did_number");
	expect_invalid("POST", list, key, "{\"did_number\": \"+1415555010a\"}", "did_number");
	expect_invalid("POST", list, key, "{\"did_number\": \"+1234567890123456\"}", "did_number");
	expect_invalid("POST", list, key, "{\"did_number\": 14155550100}", "did_number");
	expect_invalid("POST", list, key, "{\"provider\": \"twilio\"}", "did_number");
	uniq_did(did, sizeof(did));
	snprintf(body, sizeof(body), "{\"did_number\": \"%s\", \"provider\": \"vonage\"}", did);
	expect_invalid("POST", list, key, body, "provider");
	snprintf(body, sizeof(body), "{\"did_number\": \"%s\", \"is_active\": \"yes\"}", did);
	expect_invalid("POST", list, key, body, "is_active");

	/* an agent that does not exist (or is not a uuid) is not found */
	r = http_json("POST", list, key, "{\"did_number\": \"%s\", \"agent_id\": "
	    "\"01900000-0000-7000-8000-000000000000\"}", did);
	cr_assert_eq(r->status, 404, "%s", r->body);
	cr_assert(is_error(r, "not_found", "agent_id"), "%s", r->body);
	http_free(r);
	r = http_json("POST", list, key, "{\"did_number\": \"%s\", \"agent_id\": \"nope\"}", did);
	cr_assert_eq(r->status, 404, "%s", r->body);
	cr_assert(is_error(r, "not_found", "agent_id"), "%s", r->body);
	http_free(r);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);

	/* the same number twice in one tenant, however it is written */
	snprintf(body, sizeof(body), "{\"did_number\": \"%s\"}", did);
	p = create_id(list, key, body);
	formatted(did, fmt, sizeof(fmt));
	r = http_json("POST", list, key, "{\"did_number\": \"%s\"}", fmt);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "did_number"), "%s", r->body);
	http_free(r);

	/* PATCH re-validates */
	{
		char *pp = pathf("%s/%s", list, p);

		expect_invalid("PATCH", pp, key, "{\"did_number\": \"555-0100\"}", "did_number");
		expect_invalid("PATCH", pp, key, "{\"provider\": \"sip\"}", "provider");
		expect_invalid("PATCH", pp, key, "{\"is_active\": null}", "is_active");
		r = http_json("PATCH", pp, key, "{\"agent_id\": \"01900000-0000-7000-8000-000000000000\"}");
		cr_assert_eq(r->status, 404, "%s", r->body);
		cr_assert(is_error(r, "not_found", "agent_id"));
		http_free(r);
		r = http("GET", pp, key, NULL, NULL);
		cr_assert_str_eq(jstr(r, "did_number"), did);
		cr_assert_str_eq(jstr(r, "provider"), "generic");
		cr_assert(jnull(r, "agent_id"));
		http_free(r);
		free(pp);
	}
	free(tid); free(key); free(list); free(p);
}

Test(resources, phone_number_taken_elsewhere_is_409_without_naming_the_holder)
{
	char *a = mk_tenant("zebraholder"), *b = mk_tenant("other");
	char *akey = mk_apikey(a, NULL), *btok = session_of(b, "owner");
	char *alist = pathf("/api/v1/tenants/%s/phone-numbers", a);
	char *blist = pathf("/api/v1/tenants/%s/phone-numbers", b), *ta;
	char did[32], fmt[48], ahandle[128], aname[256];
	http_resp *r;

	r = http("GET", ta = pathf("/api/v1/tenants/%s", a), admin_key(), NULL, NULL);
	snprintf(ahandle, sizeof(ahandle), "%s", jstr(r, "handle"));
	snprintf(aname, sizeof(aname), "%s", jstr(r, "name"));
	http_free(r);

	uniq_did(did, sizeof(did));
	formatted(did, fmt, sizeof(fmt));
	r = http_json("POST", alist, akey, "{\"did_number\": \"%s\"}", did);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);

	const char *variants[] = {did, fmt};
	for (int i = 0; i < 2; i++) {
		r = http_json("POST", blist, btok, "{\"did_number\": \"%s\"}", variants[i]);
		cr_assert_eq(r->status, 409, "%s", r->body);
		cr_assert(is_error(r, "conflict", "did_number"), "%s", r->body);
		cr_assert(strstr(r->body, a) == NULL, "leaks the holder's id: %s", r->body);
		cr_assert(strstr(r->body, ahandle) == NULL, "leaks the holder's handle: %s", r->body);
		cr_assert(strstr(r->body, aname) == NULL, "leaks the holder's name: %s", r->body);
		cr_assert(strstr(r->body, "zebraholder") == NULL, "%s", r->body);
		http_free(r);
	}
	/* B got nothing; A still has it */
	r = http("GET", blist, btok, NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);
	r = http("GET", alist, akey, NULL, NULL);
	cr_assert_eq(nitems(r), 1);
	cr_assert_str_eq(jstr(r, "items.0.did_number"), did);
	http_free(r);
	/* moving a number of B's onto A's number is the same conflict */
	{
		char did2[32], *bp;

		uniq_did(did2, sizeof(did2));
		r = http_json("POST", blist, btok, "{\"did_number\": \"%s\"}", did2);
		cr_assert_eq(r->status, 201);
		bp = pathf("%s/%s", blist, jstr(r, "id"));
		http_free(r);
		r = http_json("PATCH", bp, btok, "{\"did_number\": \"%s\"}", fmt);
		cr_assert_eq(r->status, 409, "%s", r->body);
		cr_assert(is_error(r, "conflict", "did_number"));
		cr_assert(strstr(r->body, a) == NULL && strstr(r->body, ahandle) == NULL);
		http_free(r);
		r = http("GET", bp, btok, NULL, NULL);
		cr_assert_str_eq(jstr(r, "did_number"), did2);
		http_free(r);
		free(bp);
	}
	free(a); free(b); free(akey); free(btok); free(alist); free(blist); free(ta);
}

/* ---- services ---- */

Test(resources, service_crud)
{
	char *tid = mk_tenant("services"), *tok = session_of(tid, "owner");
	char *list = pathf("/api/v1/tenants/%s/services", tid), *p;
	http_resp *r;

	r = http_json("POST", list, tok, "{\"name\": \"Haircut\", \"description\": \"Wash and cut\", "
	    "\"duration_min\": 45, \"buffer_min\": 15, \"price\": 2500, \"currency\": \"EUR\", "
	    "\"active\": true}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Haircut");
	cr_assert_str_eq(jstr(r, "description"), "Wash and cut");
	cr_assert_eq(jint(r, "duration_min"), 45);
	cr_assert_eq(jint(r, "buffer_min"), 15);
	cr_assert_eq(jint(r, "price"), 2500);
	cr_assert_str_eq(jstr(r, "currency"), "EUR");
	cr_assert_eq(jint(r, "active"), 1);
	p = pathf("%s/%s", list, jstr(r, "id"));
	http_free(r);

	/* defaults, and the edges of the duration */
	r = http_json("POST", list, tok, "{\"name\": \"Quick\", \"duration_min\": 5}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_eq(jint(r, "price"), 0);
	cr_assert_eq(jint(r, "buffer_min"), 0);
	cr_assert_str_eq(jstr(r, "currency"), "USD");
	cr_assert_eq(jint(r, "active"), 1);
	http_free(r);
	free(create_id(list, tok, "{\"name\": \"Long\", \"duration_min\": 480, \"price\": 0}"));

	r = http_json("PATCH", p, tok, "{\"active\": false, \"price\": 3000, \"currency\": \"JPY\"}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "active"), 0);
	cr_assert_eq(jint(r, "price"), 3000);
	cr_assert_str_eq(jstr(r, "currency"), "JPY");
	cr_assert_eq(jint(r, "duration_min"), 45);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(jint(r, "active"), 0);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 3, "%s", r->body);
	http_free(r);
	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 2);
	http_free(r);
	free(tid); free(tok); free(list); free(p);
}

Test(resources, service_validation_names_the_field)
{
	char *tid = mk_tenant("serviceval"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/services", tid), *p;
	http_resp *r;

	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 4}", "duration_min");
	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 481}", "duration_min");
	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 30.0}", "duration_min");
	expect_invalid("POST", list, key, "{\"name\": \"S\"}", "duration_min");
	expect_invalid("POST", list, key, "{\"duration_min\": 30}", "name");
	expect_invalid("POST", list, key, "{\"name\": \"  \", \"duration_min\": 30}", "name");
	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 30, \"buffer_min\": -1}",
	    "buffer_min");
	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 30, \"price\": -1}",
	    "price");
	expect_invalid("POST", list, key, "{\"name\": \"S\", \"duration_min\": 30, \"price\": 12.5}",
	    "price");
	expect_invalid("POST", list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"price\": \"1250\"}", "price");
	expect_invalid("POST", list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"currency\": \"usd\"}", "currency");
	expect_invalid("POST", list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"currency\": \"XXY\"}", "currency");
	expect_invalid("POST", list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"currency\": \"EURO\"}", "currency");
	expect_invalid("POST", list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"active\": 1}", "active");
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(nitems(r), 0, "%s", r->body);
	http_free(r);

	p = pathf("%s/%s", list, create_id(list, key,
	    "{\"name\": \"S\", \"duration_min\": 30, \"currency\": \"EUR\"}"));
	expect_invalid("PATCH", p, key, "{\"duration_min\": 481}", "duration_min");
	expect_invalid("PATCH", p, key, "{\"duration_min\": 4}", "duration_min");
	expect_invalid("PATCH", p, key, "{\"price\": -100}", "price");
	expect_invalid("PATCH", p, key, "{\"currency\": \"usd\"}", "currency");
	expect_invalid("PATCH", p, key, "{\"name\": \"\"}", "name");
	r = http("GET", p, key, NULL, NULL);
	cr_assert_eq(jint(r, "duration_min"), 30);
	cr_assert_eq(jint(r, "price"), 0);
	cr_assert_str_eq(jstr(r, "currency"), "EUR");
	cr_assert_str_eq(jstr(r, "name"), "S");
	http_free(r);
	free(tid); free(key); free(list); free(p);
}

/* ---- connectors ---- */

Test(resources, connector_crud_and_config_per_type)
{
	char *tid = mk_tenant("connectors"), *tok = session_of(tid, "owner");
	char *list = pathf("/api/v1/tenants/%s/connectors", tid), *p, *g;
	http_resp *r;

	r = http_json("POST", list, tok, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": \"https://calendly.com/someone\"}}");
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "type"), "calendly");
	cr_assert_str_eq(jstr(r, "config.link"), "https://calendly.com/someone");
	cr_assert_eq(jint(r, "is_active"), 0, "new connectors start inactive");
	p = pathf("%s/%s", list, jstr(r, "id"));
	http_free(r);

	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": \"https://example.com/x\"}}", "config.link");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": \"https://calendly.com/\"}}", "config.link");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": \"https://calendly.com/someone\", \"colour\": \"red\"}}", "config.colour");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": {}}", "config.link");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": 42}}", "config.link");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\"}", "config");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"config\": [1]}", "config");
	expect_invalid("POST", list, tok, "{\"type\": \"outlook\", \"config\": {}}", "type");
	expect_invalid("POST", list, tok, "{\"config\": {}}", "type");
	expect_invalid("POST", list, tok, "{\"type\": \"calendly\", \"is_active\": true, \"config\": "
	    "{\"link\": \"https://calendly.com/someone\"}}", "is_active");
	expect_invalid("POST", list, tok, "{\"type\": \"agendapro\", \"config\": "
	    "{\"url\": \"not a url\"}}", "config.url");
	expect_invalid("POST", list, tok, "{\"type\": \"google_calendar\", \"config\": "
	    "{\"link\": \"https://calendly.com/someone\"}}", "config.link");

	g = create_id(list, tok, "{\"type\": \"google_calendar\", \"config\": "
	    "{\"calendar_id\": \"primary\", \"timezone\": \"Europe/Madrid\"}}");
	free(create_id(list, tok, "{\"type\": \"square\", \"config\": {\"location_id\": \"L1\", "
	    "\"booking_url\": \"https://squareup.com/book/L1\"}}"));
	free(create_id(list, tok, "{\"type\": \"agendapro\", \"config\": "
	    "{\"url\": \"https://agendapro.com/x\", \"branch_id\": \"7\"}}"));

	/* PATCH re-validates the config against the type */
	expect_invalid("PATCH", p, tok, "{\"config\": {\"link\": \"https://example.com/x\"}}",
	    "config.link");
	expect_invalid("PATCH", p, tok, "{\"config\": {\"calendar_id\": \"primary\"}}",
	    "config.calendar_id");
	/* a new type must fit the config it keeps */
	expect_invalid("PATCH", p, tok, "{\"type\": \"google_calendar\"}", "config.link");
	expect_invalid("PATCH", p, tok, "{\"is_active\": true}", "is_active");
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_str_eq(jstr(r, "type"), "calendly");
	cr_assert_str_eq(jstr(r, "config.link"), "https://calendly.com/someone");
	http_free(r);

	r = http_json("PATCH", p, tok, "{\"config\": {\"link\": \"https://calendly.com/other/30min\", "
	    "\"event_type\": \"30min\"}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "config.link"), "https://calendly.com/other/30min");
	cr_assert_str_eq(jstr(r, "config.event_type"), "30min");
	http_free(r);
	r = http_json("PATCH", p, tok, "{\"type\": \"google_calendar\", \"config\": "
	    "{\"calendar_id\": \"team@example.com\"}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "type"), "google_calendar");
	cr_assert(jstr(r, "config.link") == NULL, "config replaced: %s", r->body);
	http_free(r);

	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 4, "%s", r->body);
	cr_assert_eq(count_true(r, "is_active", NULL, 0), 0);
	http_free(r);
	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	http_free(r);
	free(tid); free(tok); free(list); free(p); free(g);
}

Test(resources, connectors_one_active)
{
	char *tid = mk_tenant("oneactive"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/connectors", tid), *c1, *c2, *c3, *path, act[64];
	http_resp *r;

	c1 = create_id(list, key, "{\"type\": \"calendly\", \"config\": "
	    "{\"link\": \"https://calendly.com/one\"}}");
	c2 = create_id(list, key, "{\"type\": \"google_calendar\", \"config\": "
	    "{\"calendar_id\": \"primary\"}}");
	c3 = create_id(list, key, "{\"type\": \"square\", \"config\": {\"location_id\": \"L\"}}");

	path = pathf("%s/%s/activate", list, c1);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 1);
	cr_assert_str_eq(jstr(r, "id"), c1);
	http_free(r);
	free(path);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", act, sizeof(act)), 1, "%s", r->body);
	cr_assert_str_eq(act, c1);
	http_free(r);

	/* activating another deactivates the first (with a JSON body too) */
	path = pathf("%s/%s/activate", list, c2);
	r = http_json("POST", path, key, "{}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 1);
	http_free(r);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", act, sizeof(act)), 1, "%s", r->body);
	cr_assert_str_eq(act, c2);
	cr_assert_eq(item_bool(r, c1, "is_active"), 0);
	http_free(r);
	/* again: idempotent */
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(path);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", act, sizeof(act)), 1, "%s", r->body);
	cr_assert_str_eq(act, c2);
	http_free(r);

	/* deactivating a non-active one changes nothing */
	path = pathf("%s/%s/deactivate", list, c3);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 0);
	http_free(r);
	free(path);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", act, sizeof(act)), 1);
	cr_assert_str_eq(act, c2);
	http_free(r);

	/* deactivating the active one leaves none */
	path = pathf("%s/%s/deactivate", list, c2);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 0);
	http_free(r);
	free(path);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", NULL, 0), 0, "%s", r->body);
	http_free(r);

	/* a PATCH keeps the active flag */
	path = pathf("%s/%s/activate", list, c3);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	http_free(r);
	free(path);
	path = pathf("%s/%s", list, c3);
	r = http_json("PATCH", path, key, "{\"config\": {\"location_id\": \"L2\"}}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(jint(r, "is_active"), 1);
	cr_assert_str_eq(jstr(r, "config.location_id"), "L2");
	http_free(r);
	/* deleting the active one leaves none, and the next activation works */
	r = http("DELETE", path, key, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	free(path);
	path = pathf("%s/%s/activate", list, c1);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	http_free(r);
	free(path);
	r = http("GET", list, key, NULL, NULL);
	cr_assert_eq(count_true(r, "is_active", act, sizeof(act)), 1);
	cr_assert_str_eq(act, c1);
	http_free(r);

	/* unknown ids */
	path = pathf("%s/01900000-0000-7000-8000-000000000000/activate", list);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 404, "%s", r->body);
	cr_assert(is_error(r, "not_found", NULL));
	http_free(r);
	free(path);
	path = pathf("%s/not-a-uuid/deactivate", list);
	r = http("POST", path, key, NULL, NULL);
	cr_assert_eq(r->status, 404, "%s", r->body);
	http_free(r);
	free(path);
	free(tid); free(key); free(list); free(c1); free(c2); free(c3);
}

/* ---- customers ---- */

Test(resources, customer_crud_and_validation)
{
	char *tid = mk_tenant("crm"), *other = mk_tenant("crm-other");
	char *tok = session_of(tid, "member"), *okey = mk_apikey(other, NULL);
	char *list = pathf("/api/v1/tenants/%s/customers", tid), *p;
	char *olist = pathf("/api/v1/tenants/%s/customers", other);
	char did[32], fmt[48], did2[32];
	http_resp *r;

	uniq_did(did, sizeof(did));
	formatted(did, fmt, sizeof(fmt));
	/* front-desk members work the CRM */
	r = http_json("POST", list, tok, "{\"name\": \"Ana Gómez\", \"phone\": \"%s\", "
	    "\"email\": \"Ana.Gomez@Example.COM\", \"notes\": \"prefers mornings\"}", fmt);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "name"), "Ana Gómez");
	cr_assert_str_eq(jstr(r, "phone"), did, "normalised: %s", r->body);
	cr_assert_str_eq(jstr(r, "email"), "ana.gomez@example.com");
	cr_assert_str_eq(jstr(r, "notes"), "prefers mornings");
	cr_assert(jnull(r, "last_contact_at"), "%s", r->body);
	cr_assert(jstr(r, "created_at") != NULL);
	p = pathf("%s/%s", list, jstr(r, "id"));
	http_free(r);

	/* the same phone again in this tenant, however written: 409 naming phone */
	r = http_json("POST", list, tok, "{\"name\": \"Impostor\", \"phone\": \"%s\"}", did);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "phone"), "%s", r->body);
	http_free(r);
	/* ... but another tenant may have its own customer with that phone */
	r = http_json("POST", olist, okey, "{\"name\": \"Ana elsewhere\", \"phone\": \"%s\"}", fmt);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert_str_eq(jstr(r, "phone"), did);
	http_free(r);

	/* only a phone, only an e-mail */
	uniq_did(did2, sizeof(did2));
	r = http_json("POST", list, tok, "{\"phone\": \"%s\"}", did2);
	cr_assert_eq(r->status, 201, "%s", r->body);
	cr_assert(jnull(r, "email"));
	http_free(r);
	free(create_id(list, tok, "{\"email\": \"solo@example.com\"}"));

	expect_invalid("POST", list, tok, "{\"name\": \"Bad\", \"email\": \"not-an-email\"}", "email");
	expect_invalid("POST", list, tok, "{\"name\": \"Bad\", \"phone\": \"555-0100\"}", "phone");
	expect_invalid("POST", list, tok, "{\"name\": \"Bad\", \"phone\": 5550100}", "phone");
	expect_invalid("POST", list, tok, "{\"name\": \"Bad\", \"last_contact_at\": "
	    "\"2024-01-01T00:00:00Z\"}", "last_contact_at");
	expect_invalid("POST", list, tok, "{\"notes\": \"nobody\"}", "name");
	expect_invalid("POST", list, tok, "{}", "name");

	r = http_json("PATCH", p, tok, "{\"notes\": \"VIP\", \"email\": null}");
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_str_eq(jstr(r, "notes"), "VIP");
	cr_assert(jnull(r, "email"), "%s", r->body);
	cr_assert_str_eq(jstr(r, "phone"), did);
	http_free(r);
	expect_invalid("PATCH", p, tok, "{\"email\": \"nope@\"}", "email");
	expect_invalid("PATCH", p, tok, "{\"phone\": \"12345\"}", "phone");
	/* moving onto another customer's phone is a conflict too */
	r = http_json("PATCH", p, tok, "{\"phone\": \"%s\"}", did2);
	cr_assert_eq(r->status, 409, "%s", r->body);
	cr_assert(is_error(r, "conflict", "phone"));
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_str_eq(jstr(r, "phone"), did);
	cr_assert_str_eq(jstr(r, "notes"), "VIP");
	http_free(r);

	r = http("GET", list, tok, NULL, NULL);
	cr_assert_eq(nitems(r), 3, "%s", r->body);
	http_free(r);
	r = http("DELETE", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 204);
	http_free(r);
	r = http("GET", p, tok, NULL, NULL);
	cr_assert_eq(r->status, 404);
	cr_assert(is_error(r, "not_found", NULL));
	http_free(r);
	/* the phone is free again in this tenant */
	r = http_json("POST", list, tok, "{\"phone\": \"%s\"}", did);
	cr_assert_eq(r->status, 201, "%s", r->body);
	http_free(r);
	free(tid); free(other); free(tok); free(okey); free(list); free(olist); free(p);
}

Test(resources, customer_search)
{
	char *tid = mk_tenant("search"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/customers", tid), *q, *maria, *bob, *pure;
	char did[32], body[256];
	http_resp *r;

	uniq_did(did, sizeof(did));
	snprintf(body, sizeof(body), "{\"name\": \"Maria Lopez\", \"phone\": \"%s\", "
	    "\"email\": \"maria@shop.example\"}", did);
	maria = create_id(list, key, body);
	bob = create_id(list, key, "{\"name\": \"Bob Stone\", \"email\": \"bstone@mail.example\"}");
	pure = create_id(list, key, "{\"name\": \"100% Pure\"}");
	free(create_id(list, key, "{\"name\": \"Other\"}"));
	free(create_id(list, key, "{\"name\": \"a_b\"}"));
	free(create_id(list, key, "{\"name\": \"axb\"}"));

	/* name, case-insensitively */
	r = http("GET", q = pathf("%s?q=MARIA", list), key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.id"), maria);
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=stone", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.id"), bob);
	http_free(r);
	free(q);
	/* phone: a run of its digits */
	r = http("GET", q = pathf("%s?q=%.8s", list, did + 4), key, NULL, NULL);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.id"), maria);
	http_free(r);
	free(q);
	/* e-mail, in any case */
	r = http("GET", q = pathf("%s?q=Mail.Example", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.id"), bob);
	http_free(r);
	free(q);
	/* LIKE's wildcards are literal */
	r = http("GET", q = pathf("%s?q=%%25", list), key, NULL, NULL);
	cr_assert_eq(r->status, 200, "%s", r->body);
	cr_assert_eq(nitems(r), 1, "q=%% is literal: %s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.id"), pure);
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=a_b", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 1, "q=_ is literal: %s", r->body);
	cr_assert_str_eq(jstr(r, "items.0.name"), "a_b");
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=_", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 1, "%s", r->body);
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=%%5C", list), key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(nitems(r), 0, "a backslash matches nothing here: %s", r->body);
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=nobody-like-this", list), key, NULL, NULL);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(nitems(r), 0);
	http_free(r);
	free(q);
	/* an empty q lists everyone */
	r = http("GET", q = pathf("%s?q=", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 6, "%s", r->body);
	http_free(r);
	free(q);
	{
		char big[260];

		memset(big, 'a', 250);
		big[250] = '\0';
		r = http("GET", q = pathf("%s?q=%s", list, big), key, NULL, NULL);
		cr_assert_eq(r->status, 400, "%s", r->body);
		cr_assert(is_error(r, "validation_failed", "q"));
		http_free(r);
		free(q);
	}
	free(tid); free(key); free(list); free(maria); free(bob); free(pure);
}

Test(resources, customer_pagination)
{
	char *tid = mk_tenant("pages"), *key = mk_apikey(tid, NULL);
	char *list = pathf("/api/v1/tenants/%s/customers", tid), *q;
	char seen[7][64], cursor[64] = "";
	int n = 0, pages = 0;
	http_resp *r;

	for (int i = 0; i < 7; i++) {
		char body[96];

		snprintf(body, sizeof(body), "{\"name\": \"Pager %d\"}", i);
		free(create_id(list, key, body));
	}
	do {
		if (cursor[0])
			q = pathf("%s?limit=3&cursor=%s", list, cursor);
		else
			q = pathf("%s?limit=3", list);
		r = http("GET", q, key, NULL, NULL);
		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert(nitems(r) <= 3);
		for (size_t i = 0; i < nitems(r); i++) {
			char path[16];
			const char *id;

			snprintf(path, sizeof(path), "items.%zu.id", i);
			id = jstr(r, path);
			for (int k = 0; k < n; k++)
				cr_assert_str_neq(seen[k], id, "id twice across pages");
			cr_assert(n < 7);
			snprintf(seen[n++], sizeof(seen[0]), "%s", id);
		}
		if (jstr(r, "next_cursor")) {
			cr_assert_eq(nitems(r), 3);
			snprintf(cursor, sizeof(cursor), "%s", jstr(r, "next_cursor"));
		} else {
			cr_assert(jnull(r, "next_cursor"), "%s", r->body);
			cursor[0] = '\0';
		}
		pages++;
		http_free(r);
		free(q);
	} while (cursor[0] && pages < 10);
	cr_assert_eq(n, 7);
	cr_assert_eq(pages, 3);

	/* paging a search */
	r = http("GET", q = pathf("%s?q=pager&limit=5", list), key, NULL, NULL);
	cr_assert_eq(nitems(r), 5);
	cr_assert(jstr(r, "next_cursor") != NULL);
	snprintf(cursor, sizeof(cursor), "%s", jstr(r, "next_cursor"));
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?q=pager&limit=5&cursor=%s", list, cursor), key, NULL, NULL);
	cr_assert_eq(nitems(r), 2, "%s", r->body);
	cr_assert(jnull(r, "next_cursor"));
	http_free(r);
	free(q);

	r = http("GET", q = pathf("%s?limit=0", list), key, NULL, NULL);
	cr_assert_eq(r->status, 400);
	cr_assert(is_error(r, "validation_failed", "limit"));
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?limit=201", list), key, NULL, NULL);
	cr_assert(is_error(r, "validation_failed", "limit"));
	http_free(r);
	free(q);
	r = http("GET", q = pathf("%s?cursor=garbage", list), key, NULL, NULL);
	cr_assert_eq(r->status, 400);
	cr_assert(is_error(r, "validation_failed", "cursor"));
	http_free(r);
	free(q);
	free(tid); free(key); free(list);
}

/* Members read the configuration but do not change it; the CRM is theirs. */
Test(resources, members_read_but_do_not_configure)
{
	char *tid = mk_tenant("member"), *key = mk_apikey(tid, NULL), *mtok = session_of(tid, "member");
	const char *res[] = {"agents", "phone-numbers", "services", "connectors"};
	char did[32], body[128];
	char *ids[4];
	http_resp *r;

	uniq_did(did, sizeof(did));
	snprintf(body, sizeof(body), "{\"did_number\": \"%s\"}", did);
	const char *bodies[] = {"{\"name\": \"A\", \"system_prompt\": \"x\"}", body,
	    "{\"name\": \"S\", \"duration_min\": 30}",
	    "{\"type\": \"google_calendar\", \"config\": {\"calendar_id\": \"p\"}}"};
	for (int i = 0; i < 4; i++) {
		char *list = pathf("/api/v1/tenants/%s/%s", tid, res[i]), *p;

		ids[i] = create_id(list, key, bodies[i]);
		p = pathf("%s/%s", list, ids[i]);
		r = http("GET", list, mtok, NULL, NULL);
		cr_assert_eq(r->status, 200, "%s", r->body);
		cr_assert_eq(nitems(r), 1);
		http_free(r);
		r = http("GET", p, mtok, NULL, NULL);
		cr_assert_eq(r->status, 200, "%s", r->body);
		http_free(r);
		r = http("POST", list, mtok, "application/json", bodies[i]);
		cr_assert_eq(r->status, 403, "member POST %s: %ld %s", res[i], r->status, r->body);
		cr_assert(is_error(r, "forbidden", NULL));
		http_free(r);
		r = http_json("PATCH", p, mtok, "{}");
		cr_assert_eq(r->status, 403, "member PATCH %s: %ld", res[i], r->status);
		http_free(r);
		r = http("DELETE", p, mtok, NULL, NULL);
		cr_assert_eq(r->status, 403, "member DELETE %s: %ld", res[i], r->status);
		http_free(r);
		r = http("GET", list, key, NULL, NULL);
		cr_assert_eq(nitems(r), 1, "a member changed %s", res[i]);
		http_free(r);
		free(list);
		free(p);
	}
	{
		char *act = pathf("/api/v1/tenants/%s/connectors/%s/activate", tid, ids[3]);

		r = http("POST", act, mtok, NULL, NULL);
		cr_assert_eq(r->status, 403);
		http_free(r);
		free(act);
	}
	for (int i = 0; i < 4; i++)
		free(ids[i]);
	free(tid); free(key); free(mtok);
}
