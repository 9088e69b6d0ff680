#!/bin/sh
# make test: build, unit tests, then the integration suite through the real
# worker pool behind a real lighttpd — against SQLite, against a throwaway
# PostgreSQL server, and again with ASan+UBSan-built binaries.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d /tmp/frontdesk-test.XXXXXX)
chmod 755 "$tmp"
results=$tmp/results.log
: > "$results"
pg_dir=""
llm_pid=""

cleanup() {
	for s in "$tmp"/*/run; do
		[ -d "$s" ] && sh scripts/pool.sh stop "$(dirname "$s")" 2>/dev/null || true
	done
	[ -n "$pg_dir" ] && sh scripts/pg.sh stop "$pg_dir" || true
	[ -n "$llm_pid" ] && kill "$llm_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A port nothing listens on: curl says "connection refused" (exit 7).
# Ports 20000-31999: below the kernel's ephemeral range (32768-60999), where an
# outgoing connection (to PostgreSQL, the LLM fake) may hold any local port.
free_port() {
	p=$(( ($$ * 7 + $(date +%N | sed 's/^0*//;s/^$/1/')) % 12000 + 20000 ))
	while :; do
		rc=0
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || rc=$?
		[ "$rc" -eq 7 ] && { echo "$p"; return; }
		p=$((p + 1))
	done
}

section() { printf '\n== %s\n' "$*"; }

# Run a Criterion binary; keep its synthesis line for the summary.
run_criterion() {
	label=$1
	shift
	out=$tmp/out.$$.log
	# sh has no locals: crc, not rc, or the caller's rc is overwritten
	crc=0
	"$@" --jobs 2 >"$out" 2>&1 || crc=$?
	cat "$out"
	grep "Synthesis" "$out" | sed "s|^|$label: |" >> "$results" || echo "$label: no synthesis (rc $crc)" >> "$results"
	# Criterion counts a test as passed even when a sanitizer reported in it
	if grep -q "ERROR: \(LeakSanitizer\|AddressSanitizer\)\|runtime error:" "$out"; then
		echo "$label: sanitizer report in the output" >> "$results"
		crc=1
	fi
	rm -f "$out"
	return $crc
}

# integration NAME DATABASE_URL WORKER_BINARY [FILTER]: the pool answers with
# the rules brain; the chat_llm suite runs in its own pool (integration_llm).
integration() {
	name=$1
	state=$tmp/$name
	mkdir -p "$state/log"
	chmod 755 "$state"
	export DATABASE_URL="$2"
	export ADMIN_API_KEY="test-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
	export LOG_FILE="$state/log/frontdesk.log"
	export APP_ENV=test
	export TRUSTED_PROXIES=127.0.0.1,::1  # the chat tests name their client in X-Forwarded-For
	export BOOKING_HORIZON_DAYS=730  # the DST tests book a year ahead
	export ASAN_OPTIONS="log_path=$state/log/asan:abort_on_error=1:detect_leaks=0"
	export UBSAN_OPTIONS="log_path=$state/log/ubsan:print_stacktrace=1"
	build/frontdesk migrate >/dev/null
	build/frontdesk migrate | grep -q "0 applied"   # a second run applies nothing
	port=$(free_port)
	# a port taken between free_port and lighttpd's bind: once more elsewhere
	WORKER=$3 sh scripts/pool.sh start "$state" "$port" || {
		port=$(free_port)
		WORKER=$3 sh scripts/pool.sh start "$state" "$port"
	}
	rc=0
	# the SIGKILL test runs alone: a request in flight on the killed worker fails by design
	FD_BASE_URL="http://127.0.0.1:$port" FD_ADMIN_KEY="$ADMIN_API_KEY" FD_STATE="$state" \
		run_criterion "integration/$name" build/integration-tests --filter "${4:-!(pool|chat_llm)/*}" || rc=$?
	if [ -z "${4:-}" ]; then
		FD_BASE_URL="http://127.0.0.1:$port" FD_ADMIN_KEY="$ADMIN_API_KEY" FD_STATE="$state" \
			run_criterion "integration/$name/pool" build/integration-tests --filter 'pool/*' || rc=$?
	fi
	sh scripts/pool.sh stop "$state"
	if ls "$state"/log/asan* "$state"/log/ubsan* >/dev/null 2>&1; then
		echo "sanitizer reports from the workers:" >&2
		cat "$state"/log/asan* "$state"/log/ubsan* >&2
		echo "integration/$name: sanitizer report" >> "$results"
		rc=1
	fi
	unset ASAN_OPTIONS UBSAN_OPTIONS
	return $rc
}

failed=0
section "build"
make -s all build/unit-tests build/integration-tests

# The loopback LLM (tests/fakes/llm_fake.py) for the unit tests of the LLM
# client and brain, and for the pool that runs the chat_llm suite.
. scripts/llm-fake.sh
llm_fake_start "$tmp/llm-fake.log" fake-llm-key
export FD_TEST_LLM_URL="$llm_url" FD_TEST_LLM_KEY="$llm_key"

# integration_llm NAME DATABASE_URL WORKER: the chat_llm suite against a pool
# whose agent is the LLM brain talking to the fake.
integration_llm() {
	LLM_BASE_URL="$FD_TEST_LLM_URL" LLM_API_KEY="$llm_key" AGENT_BRAIN=llm \
	LLM_FIRST_TOKEN_TIMEOUT_MS=2000 LLM_RETRY_MAX_S=2 FD_LLM_POOL=1 \
		integration "$@" 'chat_llm/*'
}

# One throwaway PostgreSQL server: the unit tests' PostgreSQL variants (each
# in its own schema) and the PostgreSQL integration run.
pg_dir=$tmp/pg
pg_url=$(sh scripts/pg.sh start "$pg_dir" "$(free_port)")

section "unit tests (SQLite and PostgreSQL)"
FD_TEST_PG_URL="$pg_url" run_criterion unit build/unit-tests || failed=1

section "integration: SQLite"
integration sqlite "sqlite://$tmp/sqlite/frontdesk.db" "$root/build/frontdesk-worker" || failed=1
integration_llm sqlite-llm "sqlite://$tmp/sqlite-llm/frontdesk.db" "$root/build/frontdesk-worker" || failed=1

section "failure modes (bad configuration, database down)"
if sh tests/integration/failure_modes.sh "$tmp/failure" "$(free_port)" > "$tmp/fm.log" 2>&1; then
	tail -n 1 "$tmp/fm.log"
else
	cat "$tmp/fm.log"
	failed=1
fi
tail -n 1 "$tmp/fm.log" >> "$results"

section "integration: PostgreSQL"
integration postgres "$pg_url" "$root/build/frontdesk-worker" || failed=1
integration_llm postgres-llm "$pg_url" "$root/build/frontdesk-worker" || failed=1

section "ASan+UBSan build"
make -s SAN=1 build-asan/frontdesk-worker build-asan/unit-tests
ASAN_OPTIONS=detect_leaks=1 run_criterion unit-asan build-asan/unit-tests || failed=1
integration sqlite-asan "sqlite://$tmp/sqlite-asan/frontdesk.db" "$root/build-asan/frontdesk-worker" || failed=1

if [ -f scripts/apache-smoke.sh ]; then
	section "Apache (mod_proxy_fcgi) smoke"
	if sh scripts/apache-smoke.sh; then
		echo "apache: Synthesis: Tested: 1 | Passing: 1 | Failing: 0 | Crashing: 0" >> "$results"
	else
		echo "apache: Synthesis: Tested: 1 | Passing: 0 | Failing: 1 | Crashing: 0" >> "$results"
		failed=1
	fi
fi

section "summary"
cat "$results"
passed=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' "$results" | awk '{s += $1} END {print s + 0}')
nfail=$(sed -n 's/.*Failing: \([0-9]*\) | Crashing: \([0-9]*\).*/\1 \2/p' "$results" | awk '{s += $1 + $2} END {print s + 0}')
[ "$failed" -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
[ "$nfail" -ne 0 ] && failed=1 # whatever a section returned, a failed test fails the run
echo "$passed passed, $nfail failed"
exit $failed
