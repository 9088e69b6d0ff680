/* frontdesk: the command-line tool. Administration (migrate, seed, tenants,
 * keys, users, backup/restore) and, later, the cron jobs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "../lib/agent.h"
#include "../lib/apikey.h"
#include "../lib/service.h"
#include "../lib/config.h"
#include "../lib/limits.h"
#include "../lib/db.h"
#include "../lib/log.h"
#include "../lib/tenant.h"
#include "../lib/user.h"
#include "../lib/uuid.h"
#include "../lib/valid.h"
#include "../lib/version.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: frontdesk COMMAND [options]\n"
	    "  migrate                        apply pending migrations\n"
	    "  seed                           create the demo tenant (idempotent)\n"
	    "  tenant create --name N [--handle H] [--timezone TZ] [--plan P]\n"
	    "  apikey create --tenant ID|HANDLE [--label L]\n"
	    "  user create --tenant ID|HANDLE --email E [--role R] [--name N]\n"
	    "              (password from --password P or FRONTDESK_PASSWORD)\n"
	    "  backup FILE                    online copy of the SQLite database\n"
	    "  restore FILE                   replace the SQLite database from FILE\n"
	    "  version\n");
}

static void
print_json(json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
}

static int
fail(const err_detail *d)
{
	fprintf(stderr, "frontdesk: %s%s%s\n", d->message, d->field[0] ? ": " : "", d->field);
	return 1;
}

/* Accept a tenant id or handle. */
static int
resolve_tenant(db_t *db, const char *s, tenant_row *t, err_detail *d)
{
	if (s == NULL) {
		err_set(d, ERR_VALIDATION, "--tenant", "missing option");
		return -1;
	}
	if (uuid_valid(s))
		return tenant_get(db, s, t, NULL, d) == OK ? 0 : -1;
	return tenant_get_by_handle(db, s, t, d) == OK ? 0 : -1;
}

struct opts {
	const char *name, *handle, *timezone, *plan, *tenant, *label, *email, *role, *password;
};

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"name", required_argument, NULL, 'n'},
		{"handle", required_argument, NULL, 'h'},
		{"timezone", required_argument, NULL, 'z'},
		{"plan", required_argument, NULL, 'p'},
		{"tenant", required_argument, NULL, 't'},
		{"label", required_argument, NULL, 'l'},
		{"email", required_argument, NULL, 'e'},
		{"role", required_argument, NULL, 'r'},
		{"password", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'n': o->name = optarg; break;
		case 'h': o->handle = optarg; break;
		case 'z': o->timezone = optarg; break;
		case 'p': o->plan = optarg; break;
		case 't': o->tenant = optarg; break;
		case 'l': o->label = optarg; break;
		case 'e': o->email = optarg; break;
		case 'r': o->role = optarg; break;
		case 'w': o->password = optarg; break;
		default: return -1;
		}
	}
	if (o->password == NULL)
		o->password = getenv("FRONTDESK_PASSWORD");
	return 0;
}

static int
cmd_tenant_create(db_t *db, struct opts *o)
{
	err_detail d = {0};
	json_object *out = NULL;

	if (o->name == NULL || !*o->name)
		return fail(&(err_detail){ERR_VALIDATION, "--name", "missing option"});
	if (o->handle && !valid_handle(o->handle))
		return fail(&(err_detail){ERR_VALIDATION, "--handle", "invalid handle"});
	if (o->timezone && !valid_timezone(o->timezone))
		return fail(&(err_detail){ERR_VALIDATION, "--timezone", "invalid time zone"});
	if (o->plan && valid_enum(tenant_plan_names, o->plan) < 0)
		return fail(&(err_detail){ERR_VALIDATION, "--plan", "invalid plan"});
	if (tenant_create(db, o->name, o->handle, o->timezone ? o->timezone : "UTC",
	    o->plan ? o->plan : "starter", "active", &out, &d) != OK)
		return fail(&d);
	print_json(out);
	json_object_put(out);
	return 0;
}

static int
cmd_apikey_create(db_t *db, struct opts *o)
{
	err_detail d = {0};
	json_object *out = NULL;
	tenant_row t;

	if (resolve_tenant(db, o->tenant, &t, &d) < 0)
		return fail(&d);
	if (apikey_create(db, t.id, o->label ? o->label : "cli", &out, &d) != OK)
		return fail(&d);
	print_json(out);
	json_object_put(out);
	return 0;
}

static int
cmd_user_create(db_t *db, struct opts *o)
{
	err_detail d = {0};
	json_object *out = NULL;
	tenant_row t;

	if (resolve_tenant(db, o->tenant, &t, &d) < 0)
		return fail(&d);
	if (o->email == NULL || !valid_email(o->email))
		return fail(&(err_detail){ERR_VALIDATION, "--email", "missing or invalid"});
	if (o->password == NULL || strlen(o->password) < LIM_PASSWORD_MIN)
		return fail(&(err_detail){ERR_VALIDATION, "--password",
		    "missing or shorter than 8 characters"});
	if (o->role && valid_enum(user_role_names, o->role) < 0)
		return fail(&(err_detail){ERR_VALIDATION, "--role", "owner, admin or member"});
	if (user_create(db, t.id, o->email, o->password, o->role ? o->role : "member",
	    o->name, &out, &d) != OK)
		return fail(&d);
	print_json(out);
	json_object_put(out);
	return 0;
}

/* What makes the demo answer a chat: services, an agent with a greeting,
 * Saturday hours and a knowledge base. Only when it has no services yet. */
static int
seed_demo_content(db_t *db, const char *tid)
{
	static const char *const services[] = {
		"{\"name\": \"Haircut\", \"duration_min\": 30, \"buffer_min\": 10, \"price\": 3500, "
		"\"currency\": \"USD\", \"description\": \"Wash, cut and style\"}",
		"{\"name\": \"Color\", \"duration_min\": 90, \"buffer_min\": 15, \"price\": 9000, "
		"\"currency\": \"USD\", \"description\": \"Full color with a gloss\"}",
		NULL,
	};
	err_detail d = {0};
	json_object *body, *out = NULL;
	db_stmt *st = db_queryf(db, "SELECT count(*) FROM services WHERE tenant_id = ?", "s", tid);
	int64_t n = -1;

	if (st && db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	if (n != 0)
		return n < 0 ? -1 : 0;
	for (int i = 0; services[i]; i++) {
		body = json_tokener_parse(services[i]);
		if (crud_insert(db, &service_res, tid, body, NULL, &out, &d) != OK) {
			json_object_put(body);
			return fail(&d);
		}
		json_object_put(body);
		json_object_put(out);
		out = NULL;
	}
	body = json_tokener_parse("{\"name\": \"Ava\", \"system_prompt\": \"You are Ava, the "
	    "friendly receptionist of Demo Salon. Help visitors book, move or cancel appointments and "
	    "answer questions about the salon.\", \"greeting\": \"Hi, I'm Ava at Demo Salon. How can "
	    "I help you today?\"}");
	if (agent_create(db, tid, body, &out, &d) != OK) {
		json_object_put(body);
		return fail(&d);
	}
	json_object_put(body);
	json_object_put(out);
	out = NULL;
	body = json_tokener_parse("{\"tone\": \"friendly\", \"knowledge_base\": \"Parking: free "
	    "parking behind the salon on Elm Street.\\n\\nPayment: we accept cash and all major "
	    "cards.\\n\\nCancellations: please cancel at least 24 hours ahead.\", "
	    "\"business_hours\": {\"weekly\": {\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], "
	    "\"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"wed\": [{\"start\": \"09:00\", "
	    "\"end\": \"17:00\"}], \"thu\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"fri\": "
	    "[{\"start\": \"09:00\", \"end\": \"17:00\"}], \"sat\": [{\"start\": \"10:00\", \"end\": "
	    "\"14:00\"}], \"sun\": []}}}");
	if (body == NULL || tenant_update(db, tid, body, &out, &d) != OK) {
		json_object_put(body);
		return fail(&d);
	}
	json_object_put(body);
	json_object_put(out);
	printf("demo content: services Haircut and Color, agent Ava, hours, knowledge base\n");
	return 0;
}

/* The demo tenant: handle "demo", an owner, and an API key printed once. */
static int
cmd_seed(db_t *db)
{
	err_detail d = {0};
	json_object *out = NULL, *user = NULL, *key = NULL;
	tenant_row t;
	const char *email = getenv("DEMO_EMAIL"), *pw = getenv("DEMO_PASSWORD");

	if (email == NULL || !*email)
		email = "owner@demo.example";
	if (pw == NULL || !*pw)
		pw = "demo-password";
	if (tenant_get_by_handle(db, "demo", &t, &d) == OK) {
		printf("demo tenant exists: id %s, handle demo, owner %s\n", t.id, email);
		printf("(its first API key was printed when it was created; make another with\n"
		    " frontdesk apikey create --tenant demo)\n");
		return seed_demo_content(db, t.id) < 0 ? 1 : 0;
	}
	if (tenant_create(db, "Demo Salon", "demo", "America/Chicago", "starter", "active", &out,
	    &d) != OK)
		return fail(&d);
	snprintf(t.id, sizeof(t.id), "%s", json_object_get_string(json_object_object_get(out, "id")));
	if (user_create(db, t.id, email, pw, "owner", "Demo Owner", &user, &d) != OK ||
	    apikey_create(db, t.id, "demo", &key, &d) != OK) {
		json_object_put(out);
		json_object_put(user);
		return fail(&d);
	}
	if (seed_demo_content(db, t.id) < 0) {
		json_object_put(out);
		json_object_put(user);
		json_object_put(key);
		return 1;
	}
	printf("demo tenant created: id %s, handle demo\n", t.id);
	printf("owner login: %s / %s\n", email, pw);
	printf("API key (shown once): %s\n", json_object_get_string(json_object_object_get(key, "key")));
	json_object_put(out);
	json_object_put(user);
	json_object_put(key);
	return 0;
}

int
main(int argc, char **argv)
{
	char why[512];
	db_t *db = NULL;
	struct opts o;
	int rc = 1;

	if (argc < 2) {
		usage();
		return 2;
	}
	if (strcmp(argv[1], "version") == 0) {
		printf("%s %s\n", FD_NAME, FD_VERSION);
		return 0;
	}
	if (config_load(why, sizeof(why)) < 0) {
		fprintf(stderr, "frontdesk: %s\n", why);
		return 1;
	}
	log_open(NULL, g_config.log_level);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((db = db_open(g_config.database_url, why, sizeof(why))) == NULL) {
		fprintf(stderr, "frontdesk: %s\n", why);
		return 1;
	}
	if (strcmp(argv[1], "migrate") == 0) {
		int n = db_migrate(db, 1, why, sizeof(why));

		if (n < 0)
			fprintf(stderr, "frontdesk: %s\n", why);
		else {
			printf("migrations: %d applied\n", n);
			rc = 0;
		}
	} else if (strcmp(argv[1], "backup") == 0 || strcmp(argv[1], "restore") == 0) {
		if (argc != 3) {
			usage();
			rc = 2;
		} else if ((argv[1][0] == 'b' ? db_backup : db_restore)(db, argv[2], why,
		    sizeof(why)) < 0)
			fprintf(stderr, "frontdesk: %s\n", why);
		else {
			printf("%s %s: done\n", argv[1], argv[2]);
			rc = 0;
		}
	} else if (!db_is_frontdesk(db)) {
		fprintf(stderr, "frontdesk: the database has no schema; run 'frontdesk migrate'\n");
	} else if (strcmp(argv[1], "seed") == 0) {
		rc = cmd_seed(db);
	} else if (argc >= 3 && strcmp(argv[2], "create") == 0 &&
	    parse_opts(argc - 2, argv + 2, &o) == 0) {
		if (strcmp(argv[1], "tenant") == 0)
			rc = cmd_tenant_create(db, &o);
		else if (strcmp(argv[1], "apikey") == 0)
			rc = cmd_apikey_create(db, &o);
		else if (strcmp(argv[1], "user") == 0)
			rc = cmd_user_create(db, &o);
		else {
			usage();
			rc = 2;
		}
	} else {
		usage();
		rc = 2;
	}
	db_close(db);
	curl_global_cleanup();
	return rc;
}
