/* Conversations, tenant side: every channel's record, its messages, tags,
 * status and time saved. */
#include <stdio.h>
#include <string.h>

#include "../fcgi/response.h"
#include "../lib/config.h"
#include "../lib/conversation.h"
#include "../lib/schedule.h"
#include "../lib/tz.h"
#include "handlers.h"

void
h_conversations_create(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_create(r->db, req_path(r, "tenant_id"), r->json, NULL, NULL, &out, &r->err);

	h_reply(r, e, 201, out);
}

/* ?date=YYYY-MM-DD: that local day in the tenant's zone, as a UTC range. */
static fd_err
local_day(req_t *r, const char *date, char from[32], char to[32])
{
	const tz_t *tz;
	int y, m, d, n = 0;
	int64_t a, b, days;
	fd_err e;

	if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    tz_from_local(tz_get("UTC"), y, m, d, 0, 0, 0, &a) == TZ_INVALID)
		return err_set(&r->err, ERR_VALIDATION, "date", "date must be YYYY-MM-DD");
	if ((e = sched_tenant(r->db, req_path(r, "tenant_id"), &tz, NULL, &r->err)) != OK)
		return e;
	days = tz_days_from_civil(y, m, d);
	/* midnight, or the first hour after it that exists (a DST gap at 00:00) */
	for (int h = 0; h < 3 && tz_from_local(tz, y, m, d, h, 0, 0, &a) == TZ_GAP; h++)
		;
	tz_civil_from_days(days + 1, &y, &m, &d);
	for (int h = 0; h < 3 && tz_from_local(tz, y, m, d, h, 0, 0, &b) == TZ_GAP; h++)
		;
	tz_format_utc(a, from, 32);
	tz_format_utc(b, to, 32);
	return OK;
}

void
h_conversations_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor, *from = req_query(r, "from"), *to = req_query(r, "to");
	const char *date = req_query(r, "date");
	char f[32], t[32];
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	if (date && *date) {
		if ((from && *from) || (to && *to)) {
			resp_fail(r, ERR_VALIDATION, "date", "give date or from/to, not both");
			return;
		}
		if ((e = local_day(r, date, f, t)) != OK) {
			resp_error(r, e);
			return;
		}
		from = f;
		to = t;
	}
	e = conv_list(r->db, req_path(r, "tenant_id"), req_query(r, "channel"),
	    req_query(r, "status"), req_query(r, "tag"), from, to, req_query(r, "customer_id"), limit,
	    cursor, &out, &r->err);
	h_reply(r, e, 200, out);
}

void
h_conversation_get(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_get(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"), 1, &out,
	    &r->err);

	h_reply(r, e, 200, out);
}

void
h_conversation_patch(req_t *r)
{
	json_object *out = NULL;
	fd_err e = conv_update(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"),
	    r->json, &out, &r->err);

	h_reply(r, e, 200, out);
}

/* Staff (or an import) add a message; the same idempotency rule as the
 * public side: a used key answers the original with 200. */
void
h_conversation_messages_post(req_t *r)
{
	json_object *out = NULL;
	int created = 0;
	fd_err e = msg_post(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"), r->json,
	    1, g_config.chat_msg_max_chars * 10, &out, &created, &r->err);

	h_reply(r, e, created ? 201 : 200, out);
}

void
h_conversation_messages_list(req_t *r)
{
	json_object *out = NULL;
	const char *cursor, *since;
	int limit;
	fd_err e;

	if (h_page(r, &limit, &cursor))
		return;
	since = req_query(r, "since");
	e = msg_list(r->db, req_path(r, "tenant_id"), req_path(r, "conversation_id"),
	    since && *since ? since : cursor, limit, 0, &out, &r->err);
	h_reply(r, e, 200, out);
}
