#!/bin/sh
# make bench: wrk against two pools served the same way (spawn-fcgi +
# multiwatch + lighttpd with conf/lighttpd.conf):
#   bare       build/bare-responder, a libfcgi responder that only says "ok"
#   frontdesk  build/frontdesk-worker on a throwaway SQLite database
# and prints req/s, p99 and the ratio to the bare responder, then the resident
# size of every frontdesk worker, against the targets. A benchmark, not a
# test: it always exits 0 once it has run (setup failures still exit 1).
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
# WORKERS (2 processes), WORKER_THREADS (4 per process), KEEP=1 keeps the
# state dir for inspection.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
wthreads=${BENCH_THREADS:-2}
export WORKERS="${WORKERS:-2}" WORKER_THREADS="${WORKER_THREADS:-4}"

for b in build/frontdesk build/frontdesk-worker build/bare-responder; do
	[ -x "$b" ] || { echo "bench: $b missing; run make bench" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench: wrk not installed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-bench.XXXXXX")
state=$tmp/frontdesk
bare=$tmp/bare
mkdir -p "$state" "$bare"

cleanup() {
	trap - EXIT INT TERM
	trap '' PIPE # a closed stdout (| head) must not stop the cleanup
	sh "$root/scripts/pool.sh" stop "$state" >/dev/null 2>&1 || true
	sh "$root/scripts/pool.sh" stop "$bare" >/dev/null 2>&1 || true
	if [ "${KEEP:-0}" = 1 ]; then echo "bench: state kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP
trap 'cleanup; exit 141' PIPE

# A free loopback port, starting from a random point to avoid parallel runs.
free_port() {
	p=$(( ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000) + 20000 ))
	while ss -Htln "sport = :$p" 2>/dev/null | grep -q . || [ "$p" = "${1:-0}" ]; do
		p=$((p + 1))
	done
	echo "$p"
}

export DATABASE_URL="sqlite://$state/frontdesk.db"
ADMIN_API_KEY=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export ADMIN_API_KEY
export LOG_LEVEL=warn LOG_FILE="$state/log/frontdesk.log" APP_ENV=development
mkdir -p "$state/log"

build/frontdesk migrate >/dev/null
tenant=$(build/frontdesk tenant create --name Bench --handle bench |
	sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' | head -1)
key=$(build/frontdesk apikey create --tenant bench --label bench |
	sed -n 's/^ *"key": *"\([^"]*\)".*/\1/p' | head -1)
if [ -z "$tenant" ] || [ -z "$key" ]; then
	echo "bench: could not create the tenant or the API key" >&2
	exit 1
fi

port=$(free_port)
bport=$(free_port "$port")
sh scripts/pool.sh start "$state" "$port"
WORKER=$root/build/bare-responder sh scripts/pool.sh start "$bare" "$bport"

auth_path=/api/v1/tenants/$tenant
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" \
	"http://127.0.0.1:$port$auth_path")
[ "$code" = 200 ] || { echo "bench: GET $auth_path answered $code, expected 200" >&2; exit 1; }

# run NAME URL [wrk args...]: one wrk run, parsed into "name rps p99ms non2xx errors"
results=$tmp/results
: > "$results"
run() {
	name=$1 url=$2
	shift 2
	wrk -t1 -c4 -d1s "$@" "$url" >/dev/null 2>&1 || true # warm-up: db handles, caches
	out=$tmp/wrk.$name.txt
	wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency "$@" "$url" > "$out" 2>&1 || true
	awk -v name="$name" '
		function ms(v) {
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
			if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
			return v + 0
		}
		/^ *99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
		END { printf "%s %s %s %d %d\n", name, rps == "" ? 0 : rps, p99 == "" ? -1 : p99, bad, err }
	' "$out" >> "$results"
}

echo "frontdesk bench: wrk -t$wthreads -c$conns -d${secs}s, $WORKERS workers x $WORKER_THREADS threads," \
	"SQLite, LOG_LEVEL=warn, $(nproc) CPUs"
run bare "http://127.0.0.1:$bport/healthz"
run healthz "http://127.0.0.1:$port/healthz"
run auth_get "http://127.0.0.1:$port$auth_path" -H "Authorization: Bearer $key"

echo
awk '
	BEGIN {
		label["bare"] = "bare responder GET /healthz"
		label["healthz"] = "frontdesk GET /healthz"
		label["auth_get"] = "frontdesk GET /api/v1/tenants/{id} (API key)"
		printf "%-46s %10s %9s %8s %s\n", "endpoint", "req/s", "p99 ms", "x bare", "errors"
	}
	{
		if ($1 == "bare") base = $2
		ratio = base > 0 ? sprintf("%.2f", $2 / base) : "-"
		e = ($4 || $5) ? sprintf("%d non-2xx, %d socket", $4, $5) : ""
		printf "%-46s %10.0f %9.2f %8s %s\n", label[$1], $2, $3, ratio, e
	}
' "$results"

# Resident size of each frontdesk worker of this pool (not multiwatch, whose
# command line names the worker too), in MB.
worker=$root/build/frontdesk-worker
rss_list=
rss_max=0
for pid in $(pgrep -f -- "--pool $state\$" || true); do
	[ -r "/proc/$pid/cmdline" ] || continue
	argv0=$(tr '\0' '\n' < "/proc/$pid/cmdline" | head -1)
	[ "$argv0" = "$worker" ] || continue
	kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
	mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
	rss_list="$rss_list pid $pid: $mb MB;"
	rss_max=$(awk -v a="$rss_max" -v b="$mb" 'BEGIN { print (b > a) ? b : a }')
done
bare_kb=$(for pid in $(pgrep -f -- "--pool $bare\$" || true); do
	argv0=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -1)
	[ "$argv0" = "$root/build/bare-responder" ] && awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"
done | sort -n | tail -1)
echo
echo "worker RSS:${rss_list:- none found} max $rss_max MB" \
	"(bare responder: $(awk -v k="${bare_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MB)"

echo
awk -v max="$rss_max" -v conns="$conns" '
	{ rps[$1] = $2; p99[$1] = $3; bad[$1] = $4 + $5 }
	function verdict(ok) { return ok ? "PASS" : "MISS" }
	END {
		printf "%-52s %-22s %s\n", "target", "measured", "result"
		r = rps["bare"] > 0 ? rps["auth_get"] / rps["bare"] : 0
		printf "%-52s %-22s %s\n", "authenticated GET >= 50% of bare req/s",
		    sprintf("%.0f%%", r * 100), verdict(r >= 0.5 && bad["auth_get"] == 0)
		printf "%-52s %-22s %s\n", "p99 <= 10 ms at " conns " connections: /healthz",
		    sprintf("%.2f ms", p99["healthz"]), verdict(p99["healthz"] >= 0 && p99["healthz"] <= 10)
		printf "%-52s %-22s %s\n", "p99 <= 10 ms at " conns " connections: authenticated GET",
		    sprintf("%.2f ms", p99["auth_get"]), verdict(p99["auth_get"] >= 0 && p99["auth_get"] <= 10)
		printf "%-52s %-22s %s\n", "RSS <= 20 MB per worker",
		    sprintf("%.1f MB max", max), verdict(max > 0 && max <= 20)
	}
' "$results"
exit 0
