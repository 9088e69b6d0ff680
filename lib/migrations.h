/* Generated at build time from sql/<backend>/NNN_name.sql (scripts/embed_sql.sh). */
#ifndef FD_MIGRATIONS_H
#define FD_MIGRATIONS_H

struct migration {
	const char *version;  /* "001_init" */
	const char *sql;
};

extern const struct migration migrations_sqlite[];
extern const struct migration migrations_postgres[];

#endif
