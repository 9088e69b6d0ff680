/* Text the programs serve or fill in, embedded at build time from templates/
 * (scripts/embed_text.sh writes build/templates.c). Static, NUL-terminated,
 * never freed. */
#ifndef FD_TEMPLATES_H
#define FD_TEMPLATES_H

/* templates/openapi.json: the OpenAPI 3.1 document of every route in
 * fcgi/routes.c, served at GET /api/v1/openapi.json. */
extern const char template_openapi_json[];

/* templates/tools.json: the chat-completions "tools" array offered to the
 * LLM, one function per action in lib/actions.h (act_tools()). */
extern const char template_tools_json[];

#endif
