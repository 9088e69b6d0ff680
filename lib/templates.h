/* Text the programs serve or fill in, embedded at build time from templates/
 * (scripts/embed_text.sh writes build/templates.c). Static, NUL-terminated,
 * never freed. */
#ifndef FD_TEMPLATES_H
#define FD_TEMPLATES_H

/* templates/openapi.json: the OpenAPI 3.1 document of every route in
 * fcgi/routes.c, served at GET /api/v1/openapi.json. */
extern const char template_openapi_json[];

#endif
