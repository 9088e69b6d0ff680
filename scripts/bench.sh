#!/bin/sh
# make bench: wrk against two pools served the same way (spawn-fcgi +
# multiwatch + lighttpd with conf/lighttpd.conf):
#   bare       build/bare-responder, a libfcgi responder that only says "ok"
#   frontdesk  build/frontdesk-worker on a throwaway SQLite database
# and prints req/s, p99 and the ratio to the bare responder, then the resident
# size of every frontdesk worker, against the targets. A benchmark, not a
# test: it always exits 0 once it has run (setup failures still exit 1).
# Availability: a second tenant (America/Chicago, open Mon-Sat 08:00-20:00, a
# 15-minute service without buffer) with 5,000 booked appointments over the
# 60 days starting 3 days ahead; GET .../availability for those 60 days
# through lighttpd, and build/avail-bench for the in-process time of
# sched_availability on the same database.
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

for b in build/frontdesk build/frontdesk-worker build/bare-responder build/avail-bench; do
	[ -x "$b" ] || { echo "bench: $b missing; run make bench" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench: wrk not installed" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 not installed" >&2; exit 1; }

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
export ADMIN_API_KEY
export LOG_LEVEL=warn LOG_FILE="$state/log/frontdesk.log" APP_ENV=development
# the seeded bookings run from 3 to 63 days ahead: book and offer all of them
export BOOKING_HORIZON_DAYS=730 BOOKING_MIN_NOTICE_MIN=0
mkdir -p "$state/log"

build/frontdesk migrate >/dev/null
tenant=$(build/frontdesk tenant create --name Bench --handle bench |
	sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' | head -1)
key=$(build/frontdesk apikey create --tenant bench --label bench |
	sed -n 's/^ *"key": *"\([^"]*\)".*/\1/p' | head -1)
avail_tenant=$(build/frontdesk tenant create --name "Bench Availability" --handle bench-avail |
	sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' | head -1)
avail_key=$(build/frontdesk apikey create --tenant bench-avail --label bench |
	sed -n 's/^ *"key": *"\([^"]*\)".*/\1/p' | head -1)
if [ -z "$tenant" ] || [ -z "$key" ] || [ -z "$avail_tenant" ] || [ -z "$avail_key" ]; then
	echo "bench: could not create the tenants or the API keys" >&2
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

# api METHOD PATH [JSON]: a call as the availability tenant; the body on
# stdout, exit 1 unless the answer is 2xx.
api() {
	code=$(curl -s -o "$tmp/api.out" -w '%{http_code}' -X "$1" \
		-H "Authorization: Bearer $avail_key" -H 'Content-Type: application/json' \
		${3:+--data-binary "$3"} "http://127.0.0.1:$port$2")
	case $code in
	2??) cat "$tmp/api.out" ;;
	*) echo "bench: $1 $2 answered $code: $(head -c 300 "$tmp/api.out")" >&2; exit 1 ;;
	esac
}
json_id() { grep -o '"id": *"[0-9a-f-]*"' | head -1 | sed 's/.*"\([0-9a-f-]*\)"$/\1/'; }

# The availability tenant: zone, hours and services through the API.
avail_tz=America/Chicago
tpath=/api/v1/tenants/$avail_tenant
api PATCH "$tpath" "{\"timezone\": \"$avail_tz\"}" >/dev/null
day='[{"start": "08:00", "end": "20:00"}]'
api PUT "$tpath/hours" "{\"weekly\": {\"mon\": $day, \"tue\": $day, \"wed\": $day,
	\"thu\": $day, \"fri\": $day, \"sat\": $day, \"sun\": []}}" >/dev/null
svc=$(api POST "$tpath/services" '{"name": "Consultation", "duration_min": 15,
	"buffer_min": 0, "price": 2500, "currency": "USD"}' | json_id)
# 5,000 bookings of 15 minutes do not fit in 60 days of 12-hour days (about
# 2,500 quarter hours): the bookings are 5-minute check-ins, three to a
# quarter hour.
quick=$(api POST "$tpath/services" '{"name": "Check-in", "duration_min": 5,
	"buffer_min": 0, "price": 0, "currency": "USD"}' | json_id)
if [ -z "$svc" ] || [ -z "$quick" ]; then
	echo "bench: could not create the services" >&2
	exit 1
fi

# The window: 60 local days from 3 days ahead. Bookings straight into the
# database (the API would take minutes): 300 customers, then 1,667 quarter
# hours of the window's 08:00-20:00 Mon-Sat picked by a fixed hash, filled
# with 5-minute bookings (5,000 in all, the last quarter two). Local times
# become UTC through sqlite3's 'utc' modifier with TZ set to the tenant's
# zone. The no-overlap trigger checks every row.
avail_from=$(TZ=$avail_tz date -d '+3 days' +%F)
avail_to=$(date -d "$avail_from +60 days" +%F)
avail_appts=5000
uuid="lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
	substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) ||
	substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
nowz=$(date -u +%Y-%m-%dT%H:%M:%SZ)
TZ=$avail_tz sqlite3 -batch -bail "$state/frontdesk.db" >"$tmp/seed.out" 2>&1 <<EOF || {
.timeout 10000
BEGIN IMMEDIATE;
CREATE TEMP TABLE cust (idx INTEGER PRIMARY KEY, id TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
INSERT INTO cust SELECT i, $uuid FROM n;
INSERT INTO customers (id, tenant_id, name, phone, created_at, updated_at)
SELECT id, '$avail_tenant', 'Bench Customer ' || (idx + 1), printf('+1312555%04d', idx),
	'$nowz', '$nowz' FROM cust;
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 59),
q(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM q WHERE k < 47),
open_days(n, day) AS (SELECT n, date('$avail_from', '+' || n || ' days') FROM d
	WHERE strftime('%w', '$avail_from', '+' || n || ' days') <> '0'),
booked(day, k) AS (SELECT day, k FROM open_days, q
	ORDER BY ((n * 48 + k) * 2654435761) % 4294967291 LIMIT ($avail_appts + 2) / 3),
cells(c) AS (VALUES (0), (1), (2)),
cell(i, lt) AS (SELECT row_number() OVER (ORDER BY day, k, c) - 1,
	day || ' ' || time('08:00', '+' || (k * 15 + c * 5) || ' minutes') FROM booked, cells
	ORDER BY 1 LIMIT $avail_appts)
INSERT INTO appointments (id, tenant_id, service_id, customer_id, starts_at, ends_at,
	busy_until, status, source, created_at, updated_at)
SELECT $uuid, '$avail_tenant', '$quick', (SELECT id FROM cust WHERE idx = i % 300),
	strftime('%Y-%m-%dT%H:%M:%SZ', lt, 'utc'),
	strftime('%Y-%m-%dT%H:%M:%SZ', lt, 'utc', '+5 minutes'),
	strftime('%Y-%m-%dT%H:%M:%SZ', lt, 'utc', '+5 minutes'),
	'booked', CASE i % 4 WHEN 0 THEN 'phone' WHEN 1 THEN 'chat' WHEN 2 THEN 'sms' ELSE 'api' END,
	'$nowz', '$nowz' FROM cell;
COMMIT;
SELECT count(*) FROM appointments WHERE tenant_id = '$avail_tenant' AND status = 'booked';
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 59)
SELECT count(*) * 48 - ($avail_appts + 2) / 3 FROM d
	WHERE strftime('%w', '$avail_from', '+' || n || ' days') <> '0';
EOF
	echo "bench: seeding the appointments failed:" >&2
	cat "$tmp/seed.out" >&2
	exit 1
}
seeded=$(sed -n 1p "$tmp/seed.out")
free_quarters=$(sed -n 2p "$tmp/seed.out")
avail_path="$tpath/availability?service_id=$svc&from=$avail_from&to=$avail_to"
# Every booking inside the hours, in frontdesk's view of the zone too: the
# free 15-minute slots are exactly the quarter hours left unbooked.
slots=$(api GET "$avail_path" | grep -o '"start_local"' | wc -l)
if [ "$seeded" != "$avail_appts" ] || [ "$slots" != "$free_quarters" ]; then
	echo "bench: seeded $seeded appointments (want $avail_appts), availability offers" \
		"$slots slots (want $free_quarters)" >&2
	exit 1
fi

# run NAME URL [wrk args...]: one wrk run, parsed into "name rps p99ms non2xx errors";
# run_threads and run_conns (default: the bench's) set its load.
results=$tmp/results
: > "$results"
run() {
	name=$1 url=$2
	shift 2
	wrk -t1 -c4 -d1s "$@" "$url" >/dev/null 2>&1 || true # warm-up: db handles, caches
	out=$tmp/wrk.$name.txt
	wrk -t"${run_threads:-$wthreads}" -c"${run_conns:-$conns}" -d"${secs}s" --latency "$@" "$url" \
		> "$out" 2>&1 || true
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

# Resident size of each frontdesk worker of this pool (not multiwatch, whose
# command line names the worker too), in MB: VmRSS, and the private
# (anonymous) part — the rest is file pages of shared libraries, which every
# worker shares. measure_rss sets rss_max (VmRSS) and prints one line.
worker=$root/build/frontdesk-worker
measure_rss() {
	rss_list=
	rss_max=0
	for pid in $(pgrep -f -- "--pool $state\$" || true); do
		[ -r "/proc/$pid/cmdline" ] || continue
		argv0=$(tr '\0' '\n' < "/proc/$pid/cmdline" | head -1)
		[ "$argv0" = "$worker" ] || continue
		mb=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
		anon=$(awk '/^RssAnon:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
		rss_list="$rss_list pid $pid: $mb MB ($anon private);"
		rss_max=$(awk -v a="$rss_max" -v b="$mb" 'BEGIN { print (b > a) ? b : a }')
	done
	echo "worker RSS $1:${rss_list:- none found} max $rss_max MB"
}

rss_lines=$tmp/rss
: > "$rss_lines"
echo "frontdesk bench: wrk -t$wthreads -c$conns -d${secs}s, $WORKERS workers x $WORKER_THREADS threads," \
	"SQLite, LOG_LEVEL=warn, $(nproc) CPUs"
run bare "http://127.0.0.1:$bport/healthz"
run healthz "http://127.0.0.1:$port/healthz"
run auth_get "http://127.0.0.1:$port$auth_path" -H "Authorization: Bearer $key"
measure_rss "after /healthz and the authenticated GET" >> "$rss_lines"
rss_target=$rss_max
run avail "http://127.0.0.1:$port$avail_path" -H "Authorization: Bearer $avail_key"
# a realistic concurrency for this heavy answer, and no queueing at all
run_threads=2 run_conns=4
run avail_c4 "http://127.0.0.1:$port$avail_path" -H "Authorization: Bearer $avail_key"
run_threads=1 run_conns=1
run avail_c1 "http://127.0.0.1:$port$avail_path" -H "Authorization: Bearer $avail_key"
run_threads='' run_conns=''
measure_rss "after availability (120 KB answers)" >> "$rss_lines"

echo
awk '
	BEGIN {
		label["bare"] = "bare responder GET /healthz"
		label["healthz"] = "frontdesk GET /healthz"
		label["auth_get"] = "frontdesk GET /api/v1/tenants/{id} (API key)"
		label["avail"] = "frontdesk GET availability 60 d, 5000 appts"
		label["avail_c4"] = "  the same, 4 connections"
		label["avail_c1"] = "  the same, 1 connection"
		printf "%-46s %10s %9s %8s %s\n", "endpoint", "req/s", "p99 ms", "x bare", "errors"
	}
	{
		if ($1 == "bare") base = $2
		ratio = base > 0 && $1 != "avail_c1" && $1 != "avail_c4" ? sprintf("%.2f", $2 / base) : "-"
		e = ($4 || $5) ? sprintf("%d non-2xx, %d socket", $4, $5) : ""
		printf "%-46s %10.0f %9.2f %8s %s\n", label[$1], $2, $3, ratio, e
	}
' "$results"

bare_kb=$(for pid in $(pgrep -f -- "--pool $bare\$" || true); do
	argv0=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -1)
	[ "$argv0" = "$root/build/bare-responder" ] && awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"
done | sort -n | tail -1)
echo
cat "$rss_lines"
echo "(bare responder: $(awk -v k="${bare_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MB)"
rss_max=$rss_target

# In-process: sched_availability on the same database, one thread, no server.
inproc=$(build/avail-bench "$avail_tenant" "$svc" "$avail_from" "$avail_to" 200 2>&1) ||
	inproc="failed: $inproc"
echo
echo "availability $avail_from..$avail_to ($avail_tz), $seeded appointments, $slots free slots per answer"
echo "in-process sched_availability: $(echo "$inproc" | awk '
	$1 == "calls" { printf "mean %d us, p50 %d us, p99 %d us, max %d us per call over %d calls" \
	    " (+ %d us mean to serialise the JSON), %d slots", $4, $6, $8, $10, $2, $12, $14; next }
	{ print }')"

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
		printf "%-52s %-22s %s\n", "availability 60 d / 5000 appts: p99 <= 20 ms, " conns " conn",
		    sprintf("%.2f ms", p99["avail"]),
		    verdict(p99["avail"] >= 0 && p99["avail"] <= 20 && bad["avail"] == 0)
		printf "%-52s %-22s %s\n", "availability 60 d / 5000 appts: p99 <= 20 ms, 4 conn",
		    sprintf("%.2f ms", p99["avail_c4"]),
		    verdict(p99["avail_c4"] >= 0 && p99["avail_c4"] <= 20 && bad["avail_c4"] == 0)
		printf "%-52s %-22s %s\n", "RSS <= 20 MB per worker (after the issue-2 endpoints)",
		    sprintf("%.1f MB max", max), verdict(max > 0 && max <= 20)
	}
' "$results"
# part 2: concurrent event streams (its own pool, with the LLM brain)
sh "$root/scripts/bench-sse.sh" || echo "bench: the stream benchmark failed" >&2
exit 0
