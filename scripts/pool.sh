#!/bin/sh
# Start or stop one frontdesk instance: the worker pool (spawn-fcgi +
# multiwatch) and lighttpd in front of it.
#   pool.sh start STATE_DIR PORT     (background; pids in STATE_DIR/run)
#   pool.sh stop STATE_DIR
# Environment: WORKER (binary), WORKERS (processes, default 2), SOCKET_MODE
# (of STATE_DIR/run/fcgi.sock, default 0600: only this user's web server may
# connect), and the worker's own settings (DATABASE_URL, ADMIN_API_KEY,
# WORKER_THREADS, ...).
set -eu
cmd=$1
state=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
run=$state/run

# A zombie (exited, not yet reaped) counts as gone.
alive() {
	[ -n "$(ps -o stat= -p "$1" 2>/dev/null | grep -v Z)" ]
}

stop() {
	for p in lighttpd pool; do
		if [ -f "$run/$p.pid" ]; then
			pid=$(cat "$run/$p.pid")
			kill "$pid" 2>/dev/null || true
			i=0
			while alive "$pid" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
			kill -9 "$pid" 2>/dev/null || true
			rm -f "$run/$p.pid"
		fi
	done
	# multiwatch forwards the signal to its children; be sure none is left
	if [ -f "$run/worker.path" ]; then
		pkill -f "$(cat "$run/worker.path") --pool $state" 2>/dev/null || true
	fi
	rm -f "$run/fcgi.sock"
}

case $cmd in
start)
	port=$3
	worker=${WORKER:-$root/build/frontdesk-worker}
	mkdir -p "$run" "$state/log" "$state/tmp"
	stop
	echo "$worker" > "$run/worker.path"
	# multiwatch restarts any worker that dies (SIGKILL included)
	spawn-fcgi -n -s "$run/fcgi.sock" -M "${SOCKET_MODE:-0600}" -- \
		/usr/bin/multiwatch -f "${WORKERS:-2}" -s TERM -- "$worker" --pool "$state" \
		>>"$state/log/pool.log" 2>&1 &
	echo $! > "$run/pool.pid"
	i=0
	while [ ! -S "$run/fcgi.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	FD_ROOT=$root FD_STATE=$state FD_PORT="$port" FD_SOCKET="$run/fcgi.sock" \
		lighttpd -D -f "$root/conf/lighttpd.conf" >>"$state/log/lighttpd.log" 2>&1 &
	echo $! > "$run/lighttpd.pid"
	i=0
	while ! curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "pool.sh: server on port $port did not come up; see $state/log" >&2
			tail -n 20 "$state/log/lighttpd-error.log" "$state/log/lighttpd.log" \
				"$state/log/pool.log" "$state/log/frontdesk.log" >&2 2>/dev/null || true
			curl -sS -o /dev/null -w "GET / answered %{http_code}\n" "http://127.0.0.1:$port/" >&2 || true
			stop
			exit 1
		fi
		sleep 0.1
	done
	;;
stop)
	stop
	;;
*)
	echo "usage: pool.sh start STATE_DIR PORT | stop STATE_DIR" >&2
	exit 2
	;;
esac
