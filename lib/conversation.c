#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "conversation.h"
#include "crypto.h"
#include "limits.h"
#include "log.h"
#include "rows.h"
#include "tz.h"
#include "uuid.h"

#define CONV_MAX_TAGS      20
#define CONV_TAG_MAX       32
#define CONV_MESSAGES_MAX  500   /* messages embedded in GET .../conversations/{id} */
#define MSG_KEY_MAX        128   /* idempotency_key bytes */

const char *const conv_status_names[] = {"open", "needs_attention", "closed", NULL};
const char *const msg_role_names[] = {"user", "assistant", "tool", "system", NULL};

/* A tag: [a-z0-9][a-z0-9-]*, at most CONV_TAG_MAX bytes. */
static int
tag_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONV_TAG_MAX || *s == '-')
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

static fd_err
check_tags(const char *f, json_object *v, err_detail *d)
{
	size_t n;

	if (!json_object_is_type(v, json_type_array))
		return err_set(d, ERR_VALIDATION, f, "tags must be an array of strings");
	n = json_object_array_length(v);
	if (n > CONV_MAX_TAGS)
		return err_set(d, ERR_VALIDATION, f, "at most %d tags", CONV_MAX_TAGS);
	for (size_t i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(v, i);

		if (!json_object_is_type(t, json_type_string) || !tag_ok(json_object_get_string(t)))
			return err_set(d, ERR_VALIDATION, f, "each tag must be 1-%d characters of a-z, "
			    "0-9 and '-', not starting with '-'", CONV_TAG_MAX);
	}
	return OK;
}

static fd_err
check_channel(const char *f, json_object *v, err_detail *d)
{
	if (valid_enum(channel_names, json_object_get_string(v)) < 0)
		return err_set(d, ERR_VALIDATION, f, "channel must be one of web, sms, phone, whatsapp, "
		    "instagram, messenger, chatgpt");
	return OK;
}

static fd_err
check_status(const char *f, json_object *v, err_detail *d)
{
	if (valid_enum(conv_status_names, json_object_get_string(v)) < 0)
		return err_set(d, ERR_VALIDATION, f, "status must be open, needs_attention or closed");
	return OK;
}

static fd_err
check_seconds(const char *f, json_object *v, err_detail *d)
{
	int64_t n = json_object_get_int64(v);

	if (n < 0 || n > 10LL * 365 * 86400)
		return err_set(d, ERR_VALIDATION, f, "time_saved_s must be a whole number of seconds >= 0");
	return OK;
}

static fd_err
check_uuid(const char *f, json_object *v, err_detail *d)
{
	if (!uuid_valid(json_object_get_string(v)))
		return err_set(d, ERR_VALIDATION, f, "%s must be an id", f);
	return OK;
}

static const struct crud_col conv_cols[] = {
	{"channel", 's', CRUD_REQ, 16, check_channel},
	{"customer_id", 's', CRUD_NULL, 40, check_uuid},
	{"agent_id", 's', CRUD_NULL, 40, check_uuid},
	{"status", 's', CRUD_W, 16, check_status},
	{"tags", 'j', CRUD_W, 0, check_tags},
	{"time_saved_s", 'i', CRUD_W, 0, check_seconds},
	{"contact", 's', 0, 64, NULL},
	{"last_message_at", 's', 0, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

const struct crud_res conversation_res = {"conversations", "conversation", conv_cols, NULL};

/* Tags without duplicates, in the order given. */
static char *
tags_text(json_object *tags)
{
	json_object *out = json_object_new_array();
	char *s;

	for (size_t i = 0; tags && i < json_object_array_length(tags); i++) {
		const char *t = json_object_get_string(json_object_array_get_idx(tags, i));
		int dup = 0;

		for (size_t j = 0; j < json_object_array_length(out); j++)
			dup |= strcmp(json_object_get_string(json_object_array_get_idx(out, j)), t) == 0;
		if (!dup)
			json_object_array_add(out, json_object_new_string(t));
	}
	s = strdup(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(out);
	return s;
}

fd_err
conv_create(db_t *db, const char *tenant_id, json_object *body, const char *client_ip,
    char *token, json_object **out, err_detail *d)
{
	static const struct vfield fields[] = {
		{"channel", V_STRING, 1, 16, 0},
		{"customer_id", V_STRING, 0, 40, 1},
		{"agent_id", V_STRING, 0, 40, 1},
		{"tags", V_ARRAY, 0, 0, 0},
		{"contact", V_STRING, 0, 64, 1},
		{NULL, 0, 0, 0, 0},
	};
	const char *ch, *cust, *agent, *contact;
	char id[UUID_STR_LEN], now[24], hash[65], agent_def[40];
	json_object *tags = NULL;
	char *tagstr;
	fd_err e;
	int rc;

	if ((e = valid_object(body, fields, d)) != OK)
		return e;
	ch = valid_str(body, "channel");
	if ((e = check_channel("channel", json_object_object_get(body, "channel"), d)) != OK)
		return e;
	if (json_object_object_get_ex(body, "tags", &tags) &&
	    (e = check_tags("tags", tags, d)) != OK)
		return e;
	cust = valid_str(body, "customer_id");
	agent = valid_str(body, "agent_id");
	contact = valid_str(body, "contact");
	if (cust && (!uuid_valid(cust) || crud_exists(db, "customers", tenant_id, cust) != 1))
		return err_set(d, ERR_VALIDATION, "customer_id", "customer not found");
	if (agent && (!uuid_valid(agent) || crud_exists(db, "agents", tenant_id, agent) != 1))
		return err_set(d, ERR_VALIDATION, "agent_id", "agent not found");
	if (agent == NULL && agent_default(db, tenant_id, agent_def, d) == OK)
		agent = agent_def;
	if (token) {
		if (crypto_token("fdc_", token, CONV_TOKEN_LEN) < 0)
			return err_set(d, ERR_INTERNAL, NULL, "internal error");
		crypto_sha256_hex(token, strlen(token), hash);
	}
	if (uuid_v7(id) < 0 || (tagstr = tags_text(tags)) == NULL)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	db_now(now, 0);
	rc = db_runf(db, "INSERT INTO conversations (id, tenant_id, channel, customer_id, agent_id, "
	    "tags, token_hash, contact, client_ip, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssssssss", id, tenant_id, ch, cust, agent,
	    tagstr, token ? hash : NULL, contact, client_ip, now, now);
	free(tagstr);
	if (rc != DB_DONE)
		return crud_db_failed(db, "conversation", d);
	return conv_get(db, tenant_id, id, 0, out, d);
}

static const char *const msg_names[] = {"id", "conversation_id", "role", "content",
    "idempotency_key", "reply_to", "created_at", NULL};
static const char msg_types[] = "sssssss";
#define MSG_SELECT "SELECT id, conversation_id, role, content, idempotency_key, reply_to, " \
	"created_at FROM messages "

fd_err
conv_get(db_t *db, const char *tenant_id, const char *id, int with_messages, json_object **out,
    err_detail *d)
{
	json_object *msgs;
	db_stmt *st;
	fd_err e;
	int rc;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
	if ((e = crud_get(db, &conversation_res, tenant_id, id, out, d)) != OK || !with_messages)
		return e;
	st = db_queryf(db, MSG_SELECT "WHERE tenant_id = ? AND conversation_id = ? ORDER BY id "
	    "LIMIT ?", "ssi", tenant_id, id, (int64_t)CONV_MESSAGES_MAX);
	msgs = json_object_new_array();
	while (st && (rc = db_step(st)) == DB_ROW)
		json_object_array_add(msgs, rows_object(st, msg_names, msg_types));
	if (st == NULL || rc != DB_DONE) {
		db_finalize(st);
		json_object_put(msgs);
		json_object_put(*out);
		*out = NULL;
		return crud_db_failed(db, "messages", d);
	}
	db_finalize(st);
	json_object_object_add(*out, "messages", msgs);
	return OK;
}

/* RFC 3339 (or naive UTC) into the stored form "YYYY-MM-DDTHH:MM:SSZ". */
static fd_err
utc_param(const char *field, const char *s, char out[32], err_detail *d)
{
	int64_t t;
	int naive;

	if (tz_parse_time(s, tz_get("UTC"), &t, &naive) < 0)
		return err_set(d, ERR_VALIDATION, field, "%s must be an RFC 3339 time", field);
	tz_format_utc(t, out, 32);
	return OK;
}

fd_err
conv_list(db_t *db, const char *tenant_id, const char *channel, const char *status,
    const char *tag, const char *from, const char *to, const char *customer_id, int limit,
    const char *cursor, json_object **out, err_detail *d)
{
	char where[512] = "", pat[CONV_TAG_MAX * 2 + 8], f[32], t[32];
	const char *args[6];
	int n = 0;
	fd_err e;

#define ADD(cond, val) do { strcat(where, cond); args[n++] = (val); } while (0)
	if (channel && *channel) {
		if (valid_enum(channel_names, channel) < 0)
			return err_set(d, ERR_VALIDATION, "channel", "channel must be one of web, sms, "
			    "phone, whatsapp, instagram, messenger, chatgpt");
		ADD(" AND channel = ?", channel);
	}
	if (status && *status) {
		if (valid_enum(conv_status_names, status) < 0)
			return err_set(d, ERR_VALIDATION, "status",
			    "status must be open, needs_attention or closed");
		ADD(" AND status = ?", status);
	}
	if (tag && *tag) {
		size_t o = 0;

		if (!tag_ok(tag))
			return err_set(d, ERR_VALIDATION, "tag", "tag must be 1-%d characters of a-z, 0-9 "
			    "and '-'", CONV_TAG_MAX);
		/* tags are stored as a JSON array of such words: match "tag" exactly */
		pat[o++] = '%';
		pat[o++] = '"';
		for (const char *p = tag; *p; p++)
			pat[o++] = *p;
		pat[o++] = '"';
		pat[o++] = '%';
		pat[o] = '\0';
		ADD(" AND tags LIKE ?", pat);
	}
	if (from && *from) {
		if ((e = utc_param("from", from, f, d)) != OK)
			return e;
		ADD(" AND created_at >= ?", f);
	}
	if (to && *to) {
		if ((e = utc_param("to", to, t, d)) != OK)
			return e;
		ADD(" AND created_at < ?", t);
	}
	if (customer_id && *customer_id) {
		if (!uuid_valid(customer_id))
			return err_set(d, ERR_VALIDATION, "customer_id", "customer_id must be an id");
		ADD(" AND customer_id = ?", customer_id);
	}
#undef ADD
	return crud_list(db, &conversation_res, tenant_id, n ? where : NULL, args, n, limit, cursor,
	    out, d);
}

fd_err
conv_update(db_t *db, const char *tenant_id, const char *id, json_object *body,
    json_object **out, err_detail *d)
{
	json_object *copy = NULL, *tags;
	fd_err e;

	if (!uuid_valid(id))
		return err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
	if ((e = crud_validate(&conversation_res, body, 0, d)) != OK)
		return e;
	if (json_object_object_get_ex(body, "tags", &tags)) {
		char *s = tags_text(tags);

		if (s == NULL || json_object_deep_copy(body, &copy, NULL) != 0) {
			free(s);
			return err_set(d, ERR_INTERNAL, NULL, "internal error");
		}
		json_object_object_add(copy, "tags", json_tokener_parse(s));
		free(s);
		body = copy;
	}
	e = crud_update(db, &conversation_res, tenant_id, id, body, out, d);
	json_object_put(copy);
	return e;
}

fd_err
conv_by_token(db_t *db, const char *token, char *conv_id, char *tenant_id, err_detail *d)
{
	char hash[65];
	db_stmt *st;
	int rc;

	if (token == NULL || strncmp(token, "fdc_", 4) != 0 || strlen(token) >= CONV_TOKEN_LEN)
		return err_set(d, ERR_UNAUTHORIZED, NULL, "a conversation token is required");
	crypto_sha256_hex(token, strlen(token), hash);
	st = db_queryf(db, "SELECT c.id, c.tenant_id, t.status FROM conversations c JOIN tenants t "
	    "ON t.id = c.tenant_id WHERE c.token_hash = ?", "s", hash);
	if (st == NULL)
		return crud_db_failed(db, "conversation", d);
	rc = db_step(st);
	if (rc == DB_ROW && strcmp(db_col_text(st, 2), "active") == 0) {
		snprintf(conv_id, 40, "%s", db_col_text(st, 0));
		snprintf(tenant_id, 40, "%s", db_col_text(st, 1));
		db_finalize(st);
		return OK;
	}
	db_finalize(st);
	if (rc < 0)
		return crud_db_failed(db, "conversation", d);
	return err_set(d, ERR_UNAUTHORIZED, NULL, "unknown or expired conversation token");
}

/* Characters (UTF-8 code points; the input is valid UTF-8 by now). */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

fd_err
msg_by_key(db_t *db, const char *tenant_id, const char *conv_id, const char *key,
    json_object **out, err_detail *d)
{
	db_stmt *st = db_queryf(db, MSG_SELECT "WHERE tenant_id = ? AND conversation_id = ? AND "
	    "idempotency_key = ?", "sss", tenant_id, conv_id, key);
	int rc;

	if (st == NULL)
		return crud_db_failed(db, "message", d);
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = rows_object(st, msg_names, msg_types);
	db_finalize(st);
	if (rc < 0)
		return crud_db_failed(db, "message", d);
	return rc == DB_ROW ? OK : ERR_NOT_FOUND;
}

static fd_err
msg_by_id(db_t *db, const char *tenant_id, const char *id, json_object **out, err_detail *d)
{
	db_stmt *st = db_queryf(db, MSG_SELECT "WHERE tenant_id = ? AND id = ?", "ss", tenant_id, id);
	int rc;

	if (st == NULL)
		return crud_db_failed(db, "message", d);
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = rows_object(st, msg_names, msg_types);
	db_finalize(st);
	if (rc != DB_ROW)
		return crud_db_failed(db, "message", d);
	return OK;
}

fd_err
msg_insert(db_t *db, const char *tenant_id, const char *conv_id, const char *id,
    const char *role, const char *content, const char *reply_to, err_detail *d)
{
	char own[UUID_STR_LEN], now[24];
	int rc;

	if (id == NULL) {
		if (uuid_v7(own) < 0)
			return err_set(d, ERR_INTERNAL, NULL, "internal error");
		id = own;
	}
	db_now(now, 0);
	rc = db_runf(db, "INSERT INTO messages (id, tenant_id, conversation_id, role, content, "
	    "reply_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "sssssss", id, tenant_id, conv_id,
	    role, content, reply_to, now);
	if (rc == DB_DONE)
		rc = db_runf(db, "UPDATE conversations SET last_message_at = ?, updated_at = ? "
		    "WHERE id = ? AND tenant_id = ?", "ssss", now, now, conv_id, tenant_id);
	if (rc == DB_CONSTRAINT)
		return err_set(d, ERR_CONFLICT, NULL, "this message already has a reply");
	return rc == DB_DONE ? OK : crud_db_failed(db, "message", d);
}

fd_err
msg_post(db_t *db, const char *tenant_id, const char *conv_id, json_object *body,
    int allow_role, int max_chars, json_object **out, int *created, err_detail *d)
{
	static const struct vfield pub[] = {
		{"content", V_STRING, 1, 0, 0},
		{"idempotency_key", V_STRING, 0, MSG_KEY_MAX, 1},
		{NULL, 0, 0, 0, 0},
	};
	static const struct vfield staff[] = {
		{"content", V_STRING, 1, 0, 0},
		{"idempotency_key", V_STRING, 0, MSG_KEY_MAX, 1},
		{"role", V_STRING, 0, 16, 0},
		{NULL, 0, 0, 0, 0},
	};
	const char *content, *key, *role = "user";
	char id[UUID_STR_LEN], now[24];
	int rc;
	fd_err e;

	*created = 0;
	if (!uuid_valid(conv_id) || crud_exists(db, "conversations", tenant_id, conv_id) != 1)
		return err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
	if ((e = valid_object(body, allow_role ? staff : pub, d)) != OK)
		return e;
	content = valid_str(body, "content");
	key = valid_str(body, "idempotency_key");
	if (allow_role && valid_str(body, "role")) {
		role = valid_str(body, "role");
		if (valid_enum(msg_role_names, role) < 0)
			return err_set(d, ERR_VALIDATION, "role", "role must be user, assistant, tool or "
			    "system");
	}
	if (strspn(content, " \t\r\n") == strlen(content))
		return err_set(d, ERR_VALIDATION, "content", "content must not be empty");
	if (max_chars > 0 && chars(content) > (size_t)max_chars)
		return err_set(d, ERR_VALIDATION, "content", "content is longer than %d characters",
		    max_chars);
	if (key && *key == '\0')
		return err_set(d, ERR_VALIDATION, "idempotency_key", "idempotency_key must not be empty");
	/* a retry with a used key answers the original, whatever its content */
	if (key && (e = msg_by_key(db, tenant_id, conv_id, key, out, d)) != ERR_NOT_FOUND)
		return e;
	if (uuid_v7(id) < 0)
		return err_set(d, ERR_INTERNAL, NULL, "internal error");
	db_now(now, 0);
	if (db_begin(db) != DB_DONE)
		return crud_db_failed(db, "message", d);
	rc = db_runf(db, "INSERT INTO messages (id, tenant_id, conversation_id, role, content, "
	    "idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "sssssss", id, tenant_id,
	    conv_id, role, content, key, now);
	if (rc == DB_DONE)
		rc = db_runf(db, "UPDATE conversations SET last_message_at = ?, updated_at = ? "
		    "WHERE id = ? AND tenant_id = ?", "ssss", now, now, conv_id, tenant_id);
	if (rc == DB_DONE && db_commit(db) == DB_DONE) {
		*created = 1;
		return msg_by_id(db, tenant_id, id, out, d);
	}
	db_rollback(db);
	/* the same key raced in from another request: answer the winner */
	if (rc == DB_CONSTRAINT && key)
		return msg_by_key(db, tenant_id, conv_id, key, out, d) == OK ? OK :
		    crud_db_failed(db, "message", d);
	return crud_db_failed(db, "message", d);
}

fd_err
msg_list(db_t *db, const char *tenant_id, const char *conv_id, const char *since, int limit,
    int public_only, json_object **out, err_detail *d)
{
	char t[32];
	const char *after = ROWS_CURSOR_START, *tfrom = "";
	const char *roles = public_only ? "AND role IN ('user', 'assistant') " : "";
	char sql[512];
	db_stmt *st;
	fd_err e;

	if (!uuid_valid(conv_id) || crud_exists(db, "conversations", tenant_id, conv_id) != 1)
		return err_set(d, ERR_NOT_FOUND, NULL, "conversation not found");
	if (since && *since) {
		if (uuid_valid(since))
			after = since;
		else if ((e = utc_param("since", since, t, d)) != OK)
			return err_set(d, ERR_VALIDATION, "since", "since must be a message id or an "
			    "RFC 3339 time");
		else
			tfrom = t;
	}
	snprintf(sql, sizeof(sql), MSG_SELECT "WHERE tenant_id = ? AND conversation_id = ? AND "
	    "id > ? AND created_at > ? %sORDER BY id LIMIT ?", roles);
	st = db_queryf(db, sql, "ssssi", tenant_id, conv_id, after,
	    *tfrom ? tfrom : "1970-01-01T00:00:00Z", (int64_t)limit + 1);
	if (st == NULL || (*out = rows_page(st, msg_names, msg_types, limit)) == NULL) {
		db_finalize(st);
		return crud_db_failed(db, "messages", d);
	}
	db_finalize(st);
	return OK;
}
