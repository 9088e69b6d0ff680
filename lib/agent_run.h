/* One turn of the agent, for every channel: answer a user message of a
 * conversation. Claims the message in the conversation row (so two workers
 * never answer it twice), loads the business, the agent, the history and the
 * dialog state, runs the configured brain (the LLM falls back to the rules
 * brain for the turn when it fails), and stores the reply, the tool calls it
 * made and the new dialog state in one transaction before "message_end". */
#ifndef FD_AGENT_RUN_H
#define FD_AGENT_RUN_H

#include <stdint.h>

#include "db.h"
#include "err.h"
#include "events.h"

typedef struct {
	char message_id[40];   /* the stored assistant message */
	char *content;         /* its text (malloc'd; agent_result_free) */
} agent_result;

/* How long a claim holds (seconds): twice the longest LLM turn plus slack,
 * so a live turn never loses it and a crashed worker's claim lapses. A
 * request waiting for another's reply waits as long. */
int agent_claim_s(void);

/* Claim user message user_msg_id for this request (a row update, so two
 * workers never answer it twice; the claim lapses after the longest turn, by
 * the system clock). OK, or ERR_CONFLICT when another request is answering
 * it now. */
fd_err agent_claim(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    err_detail *d);

/* Give a claim back unanswered (the request could not go on). */
void agent_release(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id);

/* Emits message_start, the brain's events, then message_end (or error). A
 * sink returning -1 (listener gone) does not stop the turn. message_id NULL:
 * claim the message (ERR_CONFLICT, nothing emitted, when another request
 * has it) and emit message_start here; otherwise the caller has claimed it
 * with agent_claim and already sent message_start for this new id. */
fd_err agent_turn(db_t *db, const char *tenant_id, const char *conv_id, const char *user_msg_id,
    const char *message_id, int64_t now, ev_sink *sink, agent_result *res, err_detail *d);
void agent_result_free(agent_result *res);

/* The newest user message of a conversation and its stored reply, if any:
 * user_id "" when the conversation has no user message; reply_id "" when it
 * is unanswered; *content (malloc'd, may be NULL) the reply's text; *busy
 * (may be NULL) 1 when a request holds a live claim on that message. */
fd_err agent_pending(db_t *db, const char *tenant_id, const char *conv_id, char user_id[40],
    char reply_id[40], char **content, int *busy, err_detail *d);

#endif
