#!/bin/sh
# Embed sql/sqlite/*.sql and sql/postgres/*.sql into a C file so the binaries
# carry their own migrations. Usage: embed_sql.sh SQLDIR > migrations.c
set -eu
dir=$1
echo '#include "migrations.h"'
for kind in sqlite postgres; do
	printf 'const struct migration migrations_%s[] = {\n' "$kind"
	for f in $(ls "$dir/$kind"/*.sql | sort); do
		v=$(basename "$f" .sql)
		printf '\t{"%s",\n' "$v"
		# C string literal, one source line per SQL line.
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t "/' -e 's/$/\\n"/' "$f"
		printf '\t},\n'
	done
	printf '\t{0, 0}\n};\n'
done
