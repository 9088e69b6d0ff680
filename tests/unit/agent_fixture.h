/* Shared by the agent's unit tests (actions, rules brain): two tenants in a
 * fresh migrated database and a brain context with a pinned clock.
 *
 * Tenant A "Bella Salon", America/Chicago, open Mon-Fri 09:00-17:00 and Sat
 * 10:00-14:00: Haircut (30 min, $30), Color (90 min + 15 buffer, $80), a
 * retired Perm (inactive), a knowledge base, a web conversation.
 * Tenant B "Zen Spa": Massage ($90), its own conversation.
 * The clock: Tuesday 2026-04-14 09:00 CDT (14:00Z). */
#ifndef FD_AGENT_FIXTURE_H
#define FD_AGENT_FIXTURE_H

#include "unit.h"
#include "../../lib/appointment.h"
#include "../../lib/brain.h"
#include "../../lib/service.h"
#include "../../lib/tenant.h"
#include "../../lib/uuid.h"

#define FX_NOW "2026-04-14T14:00:00Z"   /* Tuesday 09:00 in Chicago */

static const char fx_kb[] =
    "Parking: free parking is available behind the building on Elm Street.\n\n"
    "We accept cash, all major credit cards and Apple Pay.\n\n"
    "Cancellations: please cancel at least 24 hours ahead; late cancellations are charged "
    "half the price.\n\n"
    "Dogs are welcome in the waiting area.";

typedef struct {
	unit_db u;
	char tid[40], tid2[40];          /* tenants A and B */
	char conv[40], conv2[40];        /* a web conversation of each */
	char haircut[40], color[40], perm[40], massage[40];
	brain_ctx c;
	json_object *state, *history;
} agent_fx;

static inline void
fx_id(json_object *o, char out[40])
{
	snprintf(out, 40, "%s", json_object_get_string(json_object_object_get(o, "id")));
}

static inline void
fx_tenant(agent_fx *f, const char *name, const char *tz, const char *hours, const char *tone,
    const char *kb, char out[40])
{
	json_object *t = NULL, *ch = json_object_new_object();
	err_detail d = {0};

	cr_assert_eq(tenant_create(f->u.db, name, NULL, tz, "starter", "active", &t, &d), OK, "%s",
	    d.message);
	fx_id(t, out);
	json_object_put(t);
	t = NULL;
	if (hours)
		json_object_object_add(ch, "business_hours", json_tokener_parse(hours));
	json_object_object_add(ch, "tone", json_object_new_string(tone));
	json_object_object_add(ch, "knowledge_base", json_object_new_string(kb));
	cr_assert_eq(tenant_update(f->u.db, out, ch, &t, &d), OK, "%s", d.message);
	json_object_put(t);
	json_object_put(ch);
}

static inline void
fx_service(agent_fx *f, const char *tid, const char *json, char out[40])
{
	json_object *b = json_tokener_parse(json), *o = NULL;
	err_detail d = {0};

	cr_assert_not_null(b);
	cr_assert_eq(crud_insert(f->u.db, &service_res, tid, b, NULL, &o, &d), OK, "%s", d.message);
	fx_id(o, out);
	json_object_put(o);
	json_object_put(b);
}

static inline void
fx_conversation(agent_fx *f, const char *tid, const char *channel, char out[40])
{
	char now[24];

	cr_assert_eq(uuid_v7(out), 0);
	db_now(now, 0);
	cr_assert_eq(db_runf(f->u.db, "INSERT INTO conversations (id, tenant_id, channel, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "sssss", out, tid, channel, now, now),
	    DB_DONE, "%s", db_errmsg(f->u.db));
}

static inline int64_t
fx_time(const char *rfc3339)
{
	int64_t t = 0;
	int naive;

	cr_assert_geq(tz_parse_time(rfc3339, tz_get("UTC"), &t, &naive), 0, "%s", rfc3339);
	return t;
}

/* Open the database (pg: PostgreSQL) and set both tenants up. */
static inline void
fx_open(agent_fx *f, int pg)
{
	memset(f, 0, sizeof(*f));
	unit_config();
	g_config.min_notice_min = 60;
	g_config.horizon_days = 90;
	g_config.slot_step_min = 15;
	unit_db_open(&f->u, pg, 1);
	fx_tenant(f, "Bella Salon", "America/Chicago",
	    "{\"weekly\": {\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"thu\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"fri\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"sat\": [{\"start\": \"10:00\", \"end\": \"14:00\"}], \"sun\": []}}",
	    "friendly", fx_kb, f->tid);
	fx_tenant(f, "Zen Spa", "America/New_York", NULL, "formal", "We are a day spa.", f->tid2);
	fx_service(f, f->tid, "{\"name\": \"Haircut\", \"duration_min\": 30, \"price\": 3000, "
	    "\"description\": \"Wash, cut and style\"}", f->haircut);
	fx_service(f, f->tid, "{\"name\": \"Color\", \"duration_min\": 90, \"buffer_min\": 15, "
	    "\"price\": 8000}", f->color);
	fx_service(f, f->tid, "{\"name\": \"Perm\", \"duration_min\": 120, \"price\": 12000, "
	    "\"active\": false}", f->perm);
	fx_service(f, f->tid2, "{\"name\": \"Massage\", \"duration_min\": 60, \"price\": 9000}",
	    f->massage);
	fx_conversation(f, f->tid, "web", f->conv);
	fx_conversation(f, f->tid2, "web", f->conv2);

	f->state = json_object_new_object();
	f->history = json_object_new_array();
	f->c.db = f->u.db;
	f->c.tenant_id = f->tid;
	f->c.conversation_id = f->conv;
	f->c.channel = "web";
	f->c.now = fx_time(FX_NOW);
	f->c.tz = tz_get("America/Chicago");
	f->c.business_name = "Bella Salon";
	f->c.tone = "friendly";
	f->c.knowledge_base = fx_kb;
	f->c.forwarding_phone = "";
	f->c.caller_phone = "";
	f->c.agent_name = "Bella";
	f->c.system_prompt = "You are Bella, the receptionist.";
	f->c.greeting = "";
	f->c.language = "en";
	f->c.history = f->history;
	f->c.text = "";
	f->c.state = f->state;
}

static inline void
fx_close(agent_fx *f)
{
	json_object_put(f->state);
	json_object_put(f->history);
	f->state = f->history = NULL;
	if (f->u.db)
		unit_db_close(&f->u);
}

/* Book directly through the API's code: a customer by phone. */
static inline void
fx_book(agent_fx *f, const char *tid, const char *sid, const char *starts_at, const char *name,
    const char *phone, char id_out[40])
{
	json_object *b = json_object_new_object(), *cu = json_object_new_object(), *o = NULL;
	err_detail d = {0};

	json_object_object_add(cu, "name", json_object_new_string(name));
	json_object_object_add(cu, "phone", json_object_new_string(phone));
	json_object_object_add(b, "service_id", json_object_new_string(sid));
	json_object_object_add(b, "customer", cu);
	json_object_object_add(b, "starts_at", json_object_new_string(starts_at));
	cr_assert_eq(appt_create(f->u.db, tid, b, f->c.now, &o, &d), OK, "%s %s", d.field, d.message);
	if (id_out)
		fx_id(o, id_out);
	json_object_put(o);
	json_object_put(b);
}

/* One text value of a query with bound text parameters ("" when no row). */
static inline void
fx_query1(agent_fx *f, char *out, size_t len, const char *sql, const char *types, const char *a,
    const char *b)
{
	db_stmt *st = db_queryf(f->u.db, sql, types, a, b);

	cr_assert_not_null(st, "%s: %s", sql, db_errmsg(f->u.db));
	out[0] = '\0';
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		snprintf(out, len, "%s", db_col_text(st, 0));
	db_finalize(st);
}

#endif
