#!/bin/sh
# Failure modes a unit test can't show: the worker refusing bad production
# configuration with a one-line reason, and /healthz answering 503 (and the
# API 503 with Retry-After) while the database is unreachable.
# Usage: failure_modes.sh STATE_DIR PORT
set -u
state=$1
port=$2
pass=0
fail=0
check() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi
}

out=$(env -i PATH="$PATH" APP_ENV=production build/frontdesk-worker --check-config 2>&1); rc=$?
check "production without DATABASE_URL exits 1" "$rc" 1
check "one-line reason" "$out" "frontdesk-worker: DATABASE_URL is required in production"
out=$(env -i PATH="$PATH" APP_ENV=production DATABASE_URL=sqlite:///tmp/x.db build/frontdesk-worker --check-config 2>&1); rc=$?
check "production without ADMIN_API_KEY exits 1" "$rc" 1
check "one-line reason" "$out" "frontdesk-worker: ADMIN_API_KEY is required in production"
out=$(env -i PATH="$PATH" APP_ENV=production DATABASE_URL=sqlite:///tmp/x.db ADMIN_API_KEY=short build/frontdesk-worker --check-config 2>&1); rc=$?
check "short admin key refused" "$rc" 1
out=$(env -i PATH="$PATH" LOG_LEVEL=chatty build/frontdesk-worker --check-config 2>&1); rc=$?
check "invalid LOG_LEVEL refused" "$rc" 1
check "names the variable" "$(echo "$out" | grep -c LOG_LEVEL)" 1
out=$(env -i PATH="$PATH" APP_ENV=production DATABASE_URL=sqlite:///tmp/x.db ADMIN_API_KEY=a-long-enough-admin-key build/frontdesk-worker --check-config 2>&1); rc=$?
check "valid production config accepted" "$rc" 0

mkdir -p "$state/log"
DATABASE_URL="postgresql://frontdesk@127.0.0.1:1/nothing?connect_timeout=2" ADMIN_API_KEY=failure-mode-admin-key \
	LOG_FILE="$state/log/frontdesk.log" sh scripts/pool.sh start "$state" "$port"
code=$(curl -s -o "$state/h.json" -w '%{http_code}' "http://127.0.0.1:$port/healthz")
check "healthz with the database down" "$code" 503
check "healthz says unavailable" "$(grep -c '"status":"unavailable"' "$state/h.json")" 1
code=$(curl -s -D "$state/h.hdr" -o "$state/a.json" -w '%{http_code}' -H "Authorization: Bearer failure-mode-admin-key" "http://127.0.0.1:$port/api/v1/tenants")
check "API with the database down" "$code" 503
check "error shape" "$(grep -c '"code":"unavailable"' "$state/a.json")" 1
check "Retry-After" "$(grep -ci '^retry-after:' "$state/h.hdr")" 1
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
check "index still answers" "$code" 200
sh scripts/pool.sh stop "$state"

echo "failure-modes: Synthesis: Tested: $((pass + fail)) | Passing: $pass | Failing: $fail | Crashing: 0"
[ "$fail" -eq 0 ]
