#!/bin/sh
# bench/serve.sh - lt serve on a log of 10^6 events growing by 100 events
# a second: requests per second and latency (p50, p99) of
# /api/learning/metrics and /api/learning/report, by ab(1) on loopback,
# against the time of one lt report --json of the same log (what a
# server that read the whole log per request would take); then the same
# on a log of 10^3 events, whose requests should cost the same.
#
# Usage: LT=build/lt sh bench/serve.sh [EVENTS]
# EVENTS defaults to 1000000.  REQUESTS (default 5000) and CONCURRENCY
# (default 16) are ab's -n and -c.
set -eu

: "${LT:?LT must name the lt binary}"
cd "$(dirname "$0")"
mkdir -p data
REQUESTS=${REQUESTS:-5000}
CONCURRENCY=${CONCURRENCY:-16}
server=
writer=
log=
# Under set -e a failing command ends the trap with its status: kill
# without operands (both already stopped) must not fail the script.
trap '{ kill $server $writer 2>/dev/null || :; }; wait 2>/dev/null
    rm -f "$log"' EXIT

# bench N: the measures on a log of N events.
bench() {
	N=$1
	src=data/serve-$N.jsonl
	log=data/serve-$N.growing.jsonl

	if [ ! -s "$src" ]; then
		awk -v n="$N" -f serve-log.awk >"$src"
	fi
	cp "$src" "$log"
	rm -f data/serve.err

	start=$(date +%s%N)
	"$LT" serve -f "$log" --listen 127.0.0.1:0 2>data/serve.err &
	server=$!
	until grep -q serving data/serve.err 2>/dev/null; do
		kill -0 "$server" || exit 1
		sleep 0.05
	done
	url=$(sed -n 's|^lt serve: serving \(http://[^ ]*\) .*|\1|p' data/serve.err)
	echo "$N events: first read of the log by lt serve took" \
	    "$((($(date +%s%N) - start) / 1000000)) ms"

	# 100 events a second: ten every tenth of a second.
	sh serve-writer "$log" $((1764064800 + N)) &
	writer=$!

	for route in metrics report; do
		ab -q -l -k -n "$REQUESTS" -c "$CONCURRENCY" "${url}api/learning/$route" \
		    >data/ab.txt 2>&1
		awk -v r="$route" -v n="$REQUESTS" -v c="$CONCURRENCY" '
		    /^Failed requests/ { failed = $3 }
		    /^Requests per second/ { rps = $4 }
		    $1 == "50%" { p50 = $2 }
		    $1 == "99%" { p99 = $2 }
		    END { printf "/api/learning/%s: %s requests/s, p50 %s ms, p99 %s ms (ab -n %d -c %d, %d failed)\n", r, rps, p50, p99, n, c, failed }' data/ab.txt
	done
	size=$(wc -l <"$log")
	echo "the log grew to $size events meanwhile"

	start=$(date +%s%N)
	"$LT" report -f "$log" --json >/dev/null
	echo "one lt report --json of the whole log: $((($(date +%s%N) - start) / 1000000)) ms"
	kill "$server" "$writer"
	wait 2>/dev/null || true
	server=
	writer=
	rm -f "$log"
}

bench "${1:-1000000}"
echo
bench 1000
