#!/bin/sh
# make run: migrate, seed the demo tenant and serve on http://127.0.0.1:$PORT
# behind lighttpd, in the foreground. Ctrl-C stops lighttpd and every worker.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state=$root/var
mkdir -p "$state"
PORT=${PORT:-8080}
export DATABASE_URL="${DATABASE_URL:-sqlite://$state/frontdesk.db}"
if [ -z "${ADMIN_API_KEY:-}" ]; then
	# a development admin key, made once and kept in var/ (mode 0600)
	if [ ! -s "$state/admin_api_key" ]; then
		(umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$state/admin_api_key")
	fi
	ADMIN_API_KEY=$(cat "$state/admin_api_key")
fi
export ADMIN_API_KEY
export LOG_FILE="${LOG_FILE:-$state/log/frontdesk.log}"
mkdir -p "$state/log"

build/frontdesk-worker --check-config
build/frontdesk migrate
build/frontdesk seed

cleanup() {
	trap - INT TERM EXIT
	sh "$root/scripts/pool.sh" stop "$state"
	echo "frontdesk stopped"
}
trap cleanup INT TERM EXIT
sh "$root/scripts/pool.sh" start "$state" "$PORT"
echo
echo "frontdesk is serving on http://127.0.0.1:$PORT  (Ctrl-C stops it)"
echo "  admin API key: $ADMIN_API_KEY"
echo "  log: $LOG_FILE"
echo
# Stay in the foreground while lighttpd runs.
while [ -n "$(ps -o stat= -p "$(cat "$state/run/lighttpd.pid")" 2>/dev/null | grep -v Z)" ]; do sleep 1; done
