#!/bin/sh
# bench/serve_compare.sh - lt serve's /api/learning/compare on a log of
# 10^6 events growing by 100 events a second, against the same on a log
# of 10^3 growing as fast: the route answers from what the server keeps
# as the log grows, so its latency should not grow with the log (target:
# the p50 at 10^6 within 2 times the p50 at 10^3).  The two servers run
# at once and are asked in turn, so that the machine's load weighs on
# both alike.  Each request asks another seed=, so none is answered from
# the answers kept: each builds the comparison (five tasks, each a group
# of one run, their last 10 scores), with the default 10^4 resamples and
# with none (bootstrap=0: the route's own cost, the statistics aside).
# Beside it, one lt compare --json of each whole log: what a request
# would cost if the server read the log again.
#
# Usage: LT=build/lt sh bench/serve_compare.sh [EVENTS]
# EVENTS defaults to 1000000; REQUESTS (default 200 of each kind) are
# made one after another by curl, timed by its time_total.
set -eu

: "${LT:?LT must name the lt binary}"
cd "$(dirname "$0")"
mkdir -p data
REQUESTS=${REQUESTS:-200}
big=${1:-1000000}
pids=
trap 'kill $pids 2>/dev/null; wait 2>/dev/null
    rm -f data/serve_compare-*.growing.jsonl' EXIT

# start N: a server of a log of N events (bench/serve.sh's: five tasks
# interleaved), and a writer adding 100 events a second; its URL into
# data/serve_compare-N.url.
start() {
	N=$1
	src=data/serve-$N.jsonl
	log=data/serve_compare-$N.growing.jsonl
	err=data/serve_compare-$N.err

	if [ ! -s "$src" ]; then
		awk -v n="$N" -f serve-log.awk >"$src"
	fi
	cp "$src" "$log"
	rm -f "$err"
	"$LT" serve -f "$log" --listen 127.0.0.1:0 2>"$err" &
	pids="$pids $!"
	until grep -q serving "$err" 2>/dev/null; do
		sleep 0.05
	done
	url=$(sed -n 's|^lt serve: serving \(http://[^ ]*\) .*|\1|p' "$err")
	echo "$url" >"data/serve_compare-$N.url"
	# The first answer, once the server has read the log.
	curl -sS -o /dev/null "${url}api/learning/compare"
	sh serve-writer "$log" $((1764064800 + N)) &
	pids="$pids $!"
}

# summary N QUERY: the latencies of N's requests of QUERY, in ms; its p50
# into data/serve_compare-N-QUERY.p50.
summary() {
	sort -n -k2 "data/serve_compare-$1-$2.times" | awk -v n="$1" -v q="$2" '
	    $1 != 200 { bad++ }
	    { t[NR] = $2 * 1000 }
	    END {
		p50 = t[int((NR + 1) / 2)]
		p99 = t[int(NR * 0.99 + 0.999)]
		printf "%d events, %s: p50 %.2f ms, p99 %.2f ms (%d requests, %d not 200)\n", n, q, p50, p99, NR, bad
		printf "%.3f\n", p50 >"data/serve_compare-" n "-" q ".p50"
		exit bad > 0
	    }'
}

start "$big"
start 1000
for q in bootstrap=10000 bootstrap=0; do
	for n in "$big" 1000; do
		: >"data/serve_compare-$n-$q.times"
	done
	i=0
	while [ "$i" -lt "$REQUESTS" ]; do
		i=$((i + 1))
		for n in "$big" 1000; do
			curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' \
			    "$(cat "data/serve_compare-$n.url")api/learning/compare?$q&seed=$i" \
			    >>"data/serve_compare-$n-$q.times"
		done
		sleep 0.02
	done
done
echo "/api/learning/compare by curl, one request at a time, the two" \
    "servers in turn, another seed= each, the logs growing by 100" \
    "events a second:"
for q in bootstrap=10000 bootstrap=0; do
	for n in "$big" 1000; do
		summary "$n" "$q"
	done
done
for n in "$big" 1000; do
	echo "the log of $n events grew to" \
	    "$(wc -l <"data/serve_compare-$n.growing.jsonl") meanwhile"
done
for n in "$big" 1000; do
	start=$(date +%s%N)
	"$LT" compare -f "data/serve_compare-$n.growing.jsonl" --json \
	    >/dev/null
	echo "one lt compare --json of the whole log of $n events:" \
	    "$((($(date +%s%N) - start) / 1000000)) ms"
done
for q in bootstrap=10000 bootstrap=0; do
	sh ./figure \
	    "lt serve /api/learning/compare?$q p50: 10^6 growing / 10^3 growing" \
	    "$(cat "data/serve_compare-$big-$q.p50")" \
	    "$(cat "data/serve_compare-1000-$q.p50")" "<=" 2
done
