#!/bin/sh
# make bench, part 2: concurrent server-sent-event streams. N clients (200)
# each hold a stream of the web chat while the LLM brain answers through the
# loopback fake (tests/fakes/llm_fake.py, script slow_reply: a reply streamed
# over 5 s). Through lighttpd with the default pool settings (2 workers x 4
# accept threads; streams run on threads of their own). Prints how many
# complete, time to the first event and to the first delta (p50/p99), and
# the workers' total RSS while the streams are open.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
N=${SSE_STREAMS:-200}
REPLY_S=${SSE_REPLY_S:-5}
for b in build/frontdesk build/frontdesk-worker build/sse-bench; do
	[ -x "$b" ] || { echo "bench-sse: $b missing; run make bench" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-sse.XXXXXX")
state=$tmp/frontdesk
mkdir -p "$state/log"
llm_pid=""
cleanup() {
	trap - EXIT INT TERM
	sh "$root/scripts/pool.sh" stop "$state" >/dev/null 2>&1 || true
	[ -n "$llm_pid" ] && kill "$llm_pid" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then echo "bench-sse: state kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# Ports 20000-31999: below the kernel's ephemeral range (32768-60999), where an
# outgoing connection (to PostgreSQL, the LLM fake) may hold any local port.
free_port() {
	p=$(( ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000) + 20000 ))
	while ss -Htln "sport = :$p" 2>/dev/null | grep -q . || [ "$p" = "${1:-0}" ]; do
		p=$((p + 1))
	done
	echo "$p"
}

. scripts/llm-fake.sh
llm_fake_start "$tmp/llm-fake.log" bench-llm || exit 1

export DATABASE_URL="sqlite://$state/frontdesk.db"
ADMIN_API_KEY=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export ADMIN_API_KEY LOG_LEVEL=warn LOG_FILE="$state/log/frontdesk.log" APP_ENV=development
export AGENT_BRAIN=llm LLM_BASE_URL="$llm_url" LLM_API_KEY="$llm_key"
# the setup below opens all N conversations from one address
export CHAT_CONVERSATIONS_PER_HOUR=100000
build/frontdesk migrate >/dev/null
tid=$(build/frontdesk tenant create --name "Bench Chat" --handle bench-chat |
	sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' | head -1)
key=$(build/frontdesk apikey create --tenant bench-chat --label bench |
	sed -n 's/^ *"key": *"\([^"]*\)".*/\1/p' | head -1)
port=$(free_port "$llm_port")
sh scripts/pool.sh start "$state" "$port"
base=http://127.0.0.1:$port
[ -n "$tid" ] || { echo "bench-sse: no tenant" >&2; exit 1; }
code=$(curl -s -o "$tmp/agent.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
	-H 'Content-Type: application/json' "$base/api/v1/tenants/$tid/agents" \
	--data-binary "{\"name\": \"Ava\", \"system_prompt\": \"You are the receptionist. [fake:slow_reply:$REPLY_S]\"}")
[ "$code" = 201 ] || { echo "bench-sse: agent: $code $(cat "$tmp/agent.out")" >&2; exit 1; }

# 2 x N conversations, each with one unanswered visitor message: one set
# for a burst (all streams opened in the same instant), one for a ramp
# (opened evenly over RAMP_MS)
: > "$tmp/streams"
i=0
while [ "$i" -lt $((N * 2)) ]; do
	out=$(curl -s -X POST -H 'Content-Type: application/json' \
		--data-binary '{"workspace_handle": "bench-chat"}' "$base/api/v1/public/conversations")
	conv=$(echo "$out" | sed -n 's/.*"conversation_id": *"\([^"]*\)".*/\1/p')
	tok=$(echo "$out" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
	[ -n "$conv" ] && [ -n "$tok" ] || { echo "bench-sse: start: $out" >&2; exit 1; }
	curl -s -o /dev/null -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
		--data-binary '{"content": "Tell me about your services", "idempotency_key": "b1"}' \
		"$base/api/v1/public/conversations/$conv/messages"
	echo "$conv $tok" >> "$tmp/streams"
	i=$((i + 1))
done
head -n "$N" "$tmp/streams" > "$tmp/burst"
tail -n "$N" "$tmp/streams" > "$tmp/ramp"

# the pool's workers: multiwatch's children
workers() {
	for pid in $(pgrep -f "frontdesk-worker --pool $state" 2>/dev/null); do
		case $(cat "/proc/$pid/comm" 2>/dev/null) in frontdesk-work*) echo "$pid" ;; esac
	done
}
rss_total() {
	t=0
	for pid in $(workers); do
		kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		t=$((t + ${kb:-0}))
	done
	echo "$t"
}
# run LABEL FILE RAMP_MS: one round, with the workers' RSS sampled meanwhile
run() {
	rm -f "$tmp/done" "$tmp/peak"
	before=$(rss_total)
	( peak=0; while [ ! -f "$tmp/done" ]; do
		t=$(rss_total); [ "$t" -gt "$peak" ] && peak=$t && echo "$peak" > "$tmp/peak"
		sleep 1
	done ) &
	sampler=$!
	out=$(build/sse-bench "$base" "$2" "$3") || true
	touch "$tmp/done"
	wait "$sampler" 2>/dev/null || true
	peak=$(cat "$tmp/peak" 2>/dev/null || echo 0)
	echo "$out" | awk -v label="$1" -v before="$before" -v peak="$peak" '
		$1 == "streams" {
			printf "%s: completed %d of %d; time to first event p50 %.1f ms, p99 %.1f ms; first delta p50 %.1f ms, p99 %.1f ms; whole reply p50 %d ms, p99 %d ms; worker RSS %.1f MB before, %.1f MB peak\n",
			    label, $4, $2, $6, $8, $10, $12, $14, $16, before / 1024, peak / 1024
		}' | tee -a "$tmp/results"
}
RAMP_MS=${SSE_RAMP_MS:-1000}
nw=$(workers | wc -l)
echo
echo "concurrent streams: $N web chats, LLM brain against the fake (a ${REPLY_S} s reply, one delta" \
	"every ~250 ms, first delta at once), default pool ($nw workers x ${WORKER_THREADS:-4} accept" \
	"threads, streams on their own threads), lighttpd, SQLite, $(nproc) CPUs shared with the client" \
	"and the fake"
: > "$tmp/results"
run "opened within ${RAMP_MS} ms" "$tmp/ramp" "$RAMP_MS"
run "opened in one instant" "$tmp/burst" 0
awk -v n="$N" -v ramp="$RAMP_MS" '
	{
		for (i = 1; i <= NF; i++) {
			if ($i == "completed") done[NR] = $(i + 1)
			if ($i == "event" && $(i + 4) == "p99") p99[NR] = $(i + 5) + 0
		}
	}
	END {
		printf "\n%-52s %-22s %s\n", "target", "measured", "result"
		printf "%-52s %-22s %s\n", "all " n " streams complete (both rounds)", done[1] "/" n ", " done[2] "/" n,
		    (done[1] == n && done[2] == n) ? "PASS" : "MISS"
		printf "%-52s %-22s %s\n", "first event p99 <= 100 ms, opened within " ramp " ms",
		    sprintf("%.1f ms", p99[1]), p99[1] <= 100 ? "PASS" : "MISS"
		printf "%-52s %-22s %s\n", "first event p99 <= 100 ms, opened in one instant",
		    sprintf("%.1f ms", p99[2]), p99[2] <= 100 ? "PASS" : "MISS"
	}' "$tmp/results"
exit 0
