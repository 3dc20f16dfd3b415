#!/usr/bin/env bats
# lt serve under load, on loopback: 20,000 requests at 64 connections at
# once over the API routes, with the log growing meanwhile.

load ../test_helper

teardown() {
	[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null
	[ -n "${WRITER_PID:-}" ] && kill "$WRITER_PID" 2>/dev/null
	wait 2>/dev/null || true
}

# rss PID: the resident memory of a process, in KiB.
rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

@test "20,000 requests at 64 at once: no error, memory bounded, p99 reported" {
	awk 'BEGIN { for (i = 1; i <= 5000; i++) printf "{\"timestamp\":%d,\"task_type\":\"t%d\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600800 + i, i % 4, (i % 97) / 100, i, 1 / i }' >run.jsonl
	lt goal add g --target 0.9 --task t1 --metric performance_score -f run.jsonl
	"$LT" serve -f run.jsonl --listen 127.0.0.1:0 2>serve.err &
	SERVER_PID=$!
	for _ in $(seq 100); do
		grep -q serving serve.err && break
		sleep 0.05
	done
	url=$(sed -n 's|^lt serve: serving \(http://[^ ]*\) .*|\1|p' serve.err)
	# Warm: every route once, the curves' states made.
	for r in metrics report goals trend 'curve?task=t1'; do
		curl -sS -o /dev/null "${url}api/learning/$r"
	done
	before=$(rss "$SERVER_PID")
	# The log grows by 10 events a second during the run.
	(
		i=5001
		while [ "$i" -le 5300 ]; do
			lt record -f run.jsonl -t t2 -s 0.5 -r 0.01 -e "$i" -c 1 \
			    --time $((1795600800 + i)) --no-sync
			i=$((i + 1))
			sleep 0.1
		done
	) &
	WRITER_PID=$!
	for r in metrics report goals 'trend?task=t1'; do
		ab -q -l -k -n 5000 -c 64 "${url}api/learning/$r" >"ab.$$.txt" 2>&1
		grep -q '^Complete requests: *5000$' "ab.$$.txt"
		grep -q '^Failed requests: *0$' "ab.$$.txt"
		! grep -q '^Non-2xx responses' "ab.$$.txt"
		p99=$(awk '$1 == "99%" { print $2 }' "ab.$$.txt")
		rps=$(awk '/^Requests per second/ { print $4 }' "ab.$$.txt")
		echo "# /api/learning/$r: $rps requests/s, p99 $p99 ms" >&3
	done
	after=$(rss "$SERVER_PID")
	echo "# server memory: $before KiB before, $after KiB after" >&3
	# The bound: 16 MiB more than after the warm-up, whatever the count
	# of requests (the states grow with tasks and windows only).
	[ $((after - before)) -lt 16384 ]
	kill -0 "$SERVER_PID"
}
