# Sourced by scripts/test.sh and scripts/bench-sse.sh (run from the
# repository root): the loopback LLM (tests/fakes/llm_fake.py).
#
# llm_fake_start LOGFILE KEY_PREFIX: start it on a port it picks itself, with
# a random bearer key, and wait until it answers. Sets llm_pid, llm_port,
# llm_key and llm_url (the LLM_BASE_URL for it). Returns 1 if it did not
# come up (its log on stderr).
llm_fake_start() {
	llm_key="$2-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
	python3 tests/fakes/llm_fake.py --port 0 --key "$llm_key" > "$1" 2>&1 &
	llm_pid=$!
	llm_port=""
	for _ in $(seq 1 100); do
		llm_port=$(sed -n 's/^llm-fake listening on \([0-9]*\).*/\1/p' "$1" | head -1)
		[ -n "$llm_port" ] && curl -sf -o /dev/null "http://127.0.0.1:$llm_port/healthz" && break
		sleep 0.1
	done
	if [ -z "$llm_port" ]; then
		echo "llm fake did not start:" >&2
		cat "$1" >&2
		return 1
	fi
	llm_url="http://127.0.0.1:$llm_port/v1"
}
