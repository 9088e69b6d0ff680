#!/bin/sh
# Apache smoke test: serve the worker pool through conf/apache2.conf
# (mod_proxy_fcgi over the pool's unix socket) and check with curl that the
# request reaches the worker intact: status codes, JSON bodies, the
# Authorization header, the query string (REQUEST_URI), request bodies and
# X-Request-Id. Self-contained: its own temp SQLite database, ports and
# Apache server root. Exits non-zero on the first failure.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
modules=${APACHE_MODULES:-/usr/lib/apache2/modules}
apache=$(command -v apache2 || command -v httpd || true)
[ -n "$apache" ] || { echo "apache-smoke: apache2 not installed" >&2; exit 1; }
for b in build/frontdesk build/frontdesk-worker; do
	[ -x "$b" ] || { echo "apache-smoke: $b missing; run make" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-apache.XXXXXX")
state=$tmp/state
aroot=$tmp/apache
mkdir -p "$state/log" "$aroot/logs"
apid=

cleanup() {
	rc=$?
	trap - EXIT INT TERM
	trap '' PIPE # a closed stdout (| head) must not stop the cleanup
	if [ -n "$apid" ]; then
		kill "$apid" 2>/dev/null || true
		i=0
		while kill -0 "$apid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$apid" 2>/dev/null || true
	fi
	sh "$root/scripts/pool.sh" stop "$state" >/dev/null 2>&1 || true
	if [ "$rc" != 0 ]; then
		echo "apache-smoke: logs:" >&2
		tail -n 20 "$aroot/error.log" "$state/log/frontdesk.log" "$state/log/pool.log" >&2 2>/dev/null || true
	fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# Ports 20000-31999: below the kernel's ephemeral range (32768-60999), where an
# outgoing connection (to PostgreSQL, the LLM fake) may hold any local port.
free_port() {
	p=$(( ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000) + 20000 ))
	while ss -Htln "sport = :$p" 2>/dev/null | grep -q . || [ "$p" = "${1:-0}" ]; do
		p=$((p + 1))
	done
	echo "$p"
}

export DATABASE_URL="sqlite://$state/frontdesk.db"
ADMIN_API_KEY=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export ADMIN_API_KEY LOG_FILE="$state/log/frontdesk.log" LOG_LEVEL=info APP_ENV=test
export WORKERS=1 WORKER_THREADS=2
# with the test run's loopback LLM (scripts/test.sh exports it), the chat
# answers through the LLM brain, and the stream check below can show that
# events pass Apache unbuffered
if [ -n "${FD_TEST_LLM_URL:-}" ]; then
	export AGENT_BRAIN=llm LLM_BASE_URL="$FD_TEST_LLM_URL" LLM_API_KEY="$FD_TEST_LLM_KEY"
	export TRUSTED_PROXIES=127.0.0.1,::1
fi
build/frontdesk migrate >/dev/null

lport=$(free_port)
aport=$(free_port "$lport")
sock=$state/run/fcgi.sock

# As root, Apache's children run as www-data: give that group the socket
# (0660) and let it traverse the temp dirs; otherwise Apache runs as us and
# the default 0600 socket is right.
user_lines=
if [ "$(id -u)" = 0 ]; then
	SOCKET_MODE=0660 sh scripts/pool.sh start "$state" "$lport"
	chgrp www-data "$sock"
	chmod 0711 "$tmp" "$state" "$state/run"
	user_lines="User www-data
Group www-data"
else
	sh scripts/pool.sh start "$state" "$lport"
fi

# The site file with this run's socket, document root and port.
sed -e "s#/run/frontdesk/fcgi.sock#$sock#g" \
	-e "s#/usr/local/share/frontdesk/public#$root/public#g" \
	-e "s#<VirtualHost \*:80>#<VirtualHost *:$aport>#" \
	conf/apache2.conf > "$aroot/site.conf"
cat > "$aroot/httpd.conf" <<EOF
ServerRoot "$aroot"
DefaultRuntimeDir "$aroot/logs"
PidFile "$aroot/apache2.pid"
ErrorLog "$aroot/error.log"
LogLevel warn
Listen 127.0.0.1:$aport
ServerName 127.0.0.1
$user_lines
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_fcgi_module $modules/mod_proxy_fcgi.so
LoadModule setenvif_module $modules/mod_setenvif.so
LoadModule headers_module $modules/mod_headers.so
LoadModule mime_module $modules/mod_mime.so
LoadModule dir_module $modules/mod_dir.so
TypesConfig /etc/mime.types
StartServers 1
ServerLimit 2
ThreadsPerChild 8
MaxRequestWorkers 16
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
Define APACHE_LOG_DIR $aroot
Include "$aroot/site.conf"
EOF
"$apache" -t -f "$aroot/httpd.conf" >/dev/null 2>"$aroot/configtest.txt" ||
	{ cat "$aroot/configtest.txt" >&2; exit 1; }
"$apache" -f "$aroot/httpd.conf" -DFOREGROUND >>"$aroot/error.log" 2>&1 &
apid=$!
base=http://127.0.0.1:$aport
i=0
until curl -s -o /dev/null "$base/healthz"; do
	i=$((i + 1))
	[ $i -le 100 ] || { echo "apache-smoke: apache did not come up on $aport" >&2; exit 1; }
	kill -0 "$apid" 2>/dev/null || { echo "apache-smoke: apache exited" >&2; exit 1; }
	sleep 0.05
done

# req NAME EXPECTED_STATUS [curl args...]: body in $tmp/body, headers in $tmp/hdr
req() {
	name=$1 want=$2
	shift 2
	got=$(curl -s -D "$tmp/hdr" -o "$tmp/body" -w '%{http_code}' "$@") || got="curl failed"
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: status $got, expected $want" >&2
		head -c 400 "$tmp/body" >&2 2>/dev/null; echo >&2
		exit 1
	fi
}
pass=0
ok() { pass=$((pass + 1)); echo "ok $pass - $1"; }
fail() {
	echo "FAIL $1" >&2
	sed 's/^/  < /' "$tmp/hdr" >&2
	head -c 400 "$tmp/body" >&2; echo >&2
	exit 1
}
hdr() { grep -i "^$1:" "$tmp/hdr" | head -1 | cut -d: -f2- | tr -d ' \r'; }
json() { grep -q "$1" "$tmp/body"; }
auth="Authorization: Bearer $ADMIN_API_KEY"

t="GET /healthz: 200 application/json {\"status\":\"ok\"} with X-Request-Id"
req healthz 200 "$base/healthz"
if [ "$(hdr Content-Type)" = application/json ] && json '"status":"ok"' &&
	[ -n "$(hdr X-Request-Id)" ]; then ok "$t"; else fail "$t"; fi

t="GET /api/v1/me, bad bearer: 401 invalid credential (Authorization reached the worker)"
req bad-bearer 401 -H "Authorization: Bearer fd_nope" "$base/api/v1/me"
if json '"code":"unauthorized"' && json 'invalid credential'; then ok "$t"; else fail "$t"; fi

t="GET /api/v1/me, admin key: 200"
req admin-me 200 -H "$auth" "$base/api/v1/me"
ok "$t"

t="GET /no/such/thing: 404 JSON error, X-Request-Id echoed"
req unknown 404 -H "X-Request-Id: smoke-404" "$base/no/such/thing"
if [ "$(hdr Content-Type)" = application/json ] && [ "$(hdr X-Request-Id)" = smoke-404 ] &&
	json '"code":"not_found"' && json '"request_id":"smoke-404"'; then ok "$t"; else fail "$t"; fi

t="POST /api/v1/tenants with a JSON body: 201"
req create 201 -H "$auth" -H "Content-Type: application/json" \
	--data '{"name":"Smoke Co","handle":"smoke-co"}' "$base/api/v1/tenants"
if json '"handle":"smoke-co"'; then ok "$t"; else fail "$t"; fi

t="GET /api/v1/tenants?limit=1&status=active: query string reached the worker"
req list 200 -H "$auth" "$base/api/v1/tenants?limit=1&status=active"
if json '"items":\[{' && json '"smoke-co"'; then ok "$t"; else fail "$t"; fi

t="GET /api/v1/tenants?limit=0: 400 naming the field (query parsed from REQUEST_URI)"
req bad-query 400 -H "$auth" "$base/api/v1/tenants?limit=0"
if json '"field":"limit"'; then ok "$t"; else fail "$t"; fi

t="GET /heal%74hz: percent-encoded path decoded by the worker"
req encoded 200 "$base/heal%74hz"
if json '"status":"ok"'; then ok "$t"; else fail "$t"; fi

t="DELETE /healthz: 405 with Allow"
req method 405 -X DELETE "$base/healthz"
if [ -n "$(hdr Allow)" ]; then ok "$t"; else fail "$t"; fi

t="GET /docs/...: answered by Apache itself, not forwarded"
req static 404 "$base/docs/nothing-here"
if [ -z "$(hdr X-Request-Id)" ]; then ok "$t"; else fail "$t"; fi

if [ -n "${FD_TEST_LLM_URL:-}" ] && [ -x build/integration-tests ]; then
	t="SSE through Apache: the first delta arrives while the LLM is still answering"
	if FD_BASE_URL="$base" FD_ADMIN_KEY="$ADMIN_API_KEY" FD_STATE="$state" FD_LLM_POOL=1 \
	    build/integration-tests --filter 'chat_llm/stream_is_unbuffered' >"$tmp/sse.log" 2>&1 &&
	    grep -q "Passing: 1 " "$tmp/sse.log"; then
		ok "$t"
	else
		cat "$tmp/sse.log" >&2
		fail "$t"
	fi
fi

echo "apache-smoke: $pass checks passed ($("$apache" -v | sed -n 's/^Server version: //p'), mod_proxy_fcgi, unix socket)"
