/* What the agent can do, as named actions with JSON arguments and a JSON
 * result: the rules brain calls them directly, the LLM brain offers them as
 * tools (act_tools(): the chat-completions "tools" array), and both land in
 * the same lib functions as the API (appointment.c, schedule.c, ...), so a
 * chat booking passes exactly the checks an API booking does.
 *
 * act_run never returns NULL. A failed action answers
 *   {"error": "<sentence for the customer>", "code": "<err code>", "field"?: "..."}
 * and, for a taken slot, also "alternatives": [slot, ...].
 *
 * Times in arguments: RFC 3339, or naive "YYYY-MM-DDTHH:MM[:SS]" read in the
 * tenant's zone, or (check_availability "when") a natural phrase parsed by
 * nldate in the tenant's zone relative to brain_ctx.now. A slot is
 *   {"start": UTC RFC 3339, "start_local": local RFC 3339 with offset,
 *    "label": "Wednesday, March 5 at 10:30 AM"}
 *
 *   list_services      {}
 *       -> {"services": [{"id", "name", "duration_min", "price", "currency",
 *                         "price_text" ("$30.00"), "description"}]}   (active only)
 *   check_availability {"service_id" | "service" (name, case-insensitive, may be
 *                       partial), "when" | "date" (YYYY-MM-DD) | "from" + "to",
 *                       "limit" (default 3, max 20)}
 *       -> {"service_id", "service", "timezone", "slots": [slot...]}
 *          With "when" naming a time (a point), slots are the free ones
 *          nearest to it, the exact one first when free; a day or range
 *          searches inside it; nothing given searches from now. When the
 *          asked range has nothing free the search continues up to 14 days
 *          later and "exact": false is set.
 *   book_appointment   {"service_id" | "service", "starts_at", "name", "phone",
 *                       "email"?, "notes"?}
 *       -> {"appointment": {...as the API answers...}, "label"}
 *          source is the channel ("web" books as "chat").
 *   cancel_appointment {"phone", "appointment_id"?}
 *       -> {"appointment": {...}, "label"}: the given one, else the customer's
 *          next booked appointment (the customer found by phone).
 *   reschedule_appointment {"phone", "appointment_id"?, "starts_at"}
 *       -> {"appointment": {...}, "label"}; a taken time fails with
 *          alternatives as book_appointment does.
 *   search_knowledge   {"query", "limit"? (default 3)}
 *       -> {"passages": [{"text", "score"}]}  best first; [] when nothing matches
 *   transfer_to_human  {"reason"?}
 *       -> {"forwarding_phone": E.164 or null, "message_taken": bool}
 *          Marks the conversation needs_attention; without a forwarding
 *          phone (or on the web) the reason is kept as a message.
 *   take_message       {"message", "name"?, "phone"?}
 *       -> {"taken": true}: stored as a system message in the
 *          conversation, which becomes needs_attention and tagged "message".
 */
#ifndef FD_ACTIONS_H
#define FD_ACTIONS_H

#include <stdint.h>

#include <json-c/json.h>

#include "brain.h"

/* Run one action. args may be NULL (= {}); it is borrowed. */
json_object *act_run(brain_ctx *c, const char *name, json_object *args);

/* 1 when name is an action. */
int act_exists(const char *name);

/* The OpenAI "tools" array (new reference each call). */
json_object *act_tools(void);

/* "Wednesday, March 5 at 10:30 AM" for instant t in tz. */
void act_label(const tz_t *tz, int64_t t, char *out, size_t len);

/* A phone number as people write it ("(312) 555-0100", "312.555.0100",
 * "+44 20 7946 0958", "0044 ...") to E.164; ten digits are taken as
 * US/Canada (+1). 1 when valid (out filled), else 0. */
int act_phone(const char *in, char out[17]);

/* The appointment cancel/reschedule act on: the booked appointment
 * appointment_id (NULL = the next one from c->now) of the tenant's customer
 * with this phone. *out as appt_get answers (caller puts). ERR_NOT_FOUND
 * with field "phone" (no such customer, nothing ahead) or "appointment_id";
 * ERR_VALIDATION "phone" for a malformed number. */
fd_err act_next_appointment(brain_ctx *c, const char *phone, const char *appointment_id,
    json_object **out, err_detail *d);

#endif
