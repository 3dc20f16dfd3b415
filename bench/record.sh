#!/bin/sh
# bench/record.sh - how fast lt record appends: one event per process,
# and --batch ingest of 10^6 events CSV->CSV and JSONL->JSONL, with the
# batch's peak memory, and one record against /bin/true (issue 16: within
# 1.3 times).  Inputs are generated, deterministically, under
# bench/data/.  Targets (issue 2): one record < 1 ms; >= 1,000,000
# events/s CSV, >= 500,000 JSONL; peak RSS < 16 MiB.
#
# usage: LT=build/lt sh bench/record.sh [EVENTS]
set -eu

: "${LT:?LT must name the lt binary}"
n=${1:-1000000}
dir=$(dirname "$0")/data
mkdir -p "$dir"

echo "cores: $(getconf _NPROCESSORS_ONLN)"
echo "lt: $("$LT" --version)"

# n events of a training run, in lt's own shape; the same events as CSV
if [ ! -s "$dir/record-$n.jsonl" ]; then
	awk -v n="$n" 'BEGIN {
		for (i = 1; i <= n; i++) {
			s = 1 - 1 / (1 + i / 1000)
			printf "{\"timestamp\":%d.%03d,\"task_type\":\"%s\",\"performance_score\":%.6f,\"learning_rate\":%g,\"episode_count\":%d,\"convergence_metric\":%.6f,\"metadata\":{\"batch_size\":32,\"seed\":%d}}\n",
			    1795600800 + int(i / 10), (i % 10) * 100,
			    (i % 3 == 0) ? "detection" : "classification",
			    s, 0.001 * (1 - i / (2 * n)), i, 1 - s, i % 5
		}
	}' >"$dir/record-$n.jsonl"
fi
if [ ! -s "$dir/record-$n.csv" ]; then
	"$LT" record --batch --no-sync -f "$dir/record-$n.csv" \
	    <"$dir/record-$n.jsonl"
fi

echo
echo "== one lt record --no-sync against /bin/true (hyperfine, in one run)"
# /bin/true is the floor of starting a process here.  The load of a
# shared machine drifts over seconds, so the two are measured in 10
# rounds of 50 runs each, their order swapped each round, and the
# figure is the ratio of the medians of all their runs pooled.
rm -f "$dir/one.jsonl" "$dir"/one-*.json
rec="$LT record --no-sync -f $dir/one.jsonl -t cls -s 0.85 -r 0.01 -e 100 -c 0.05 batch_size=32"
i=0
while [ "$i" -lt 10 ]; do
	if [ $((i % 2)) -eq 0 ]; then
		set -- -n record "$rec" -n true /bin/true
	else
		set -- -n true /bin/true -n record "$rec"
	fi
	hyperfine -N --warmup 5 --runs 50 --export-json "$dir/one-$i.json" \
	    "$@" -n version "$LT --version" >/dev/null
	i=$((i + 1))
done
# median NAME [FIELD]: the median of NAME's runs of every round
median() {
	jq -s -r --arg n "$1" '[.[].results[] | select(.command == $n) |
	    .times[]] | sort | .[length / 2 | floor]' "$dir"/one-*.json
}
cpu() {
	jq -s -r --arg n "$1" '[.[].results[] | select(.command == $n) |
	    (.user + .system)] | add / length * 1e6 | floor' "$dir"/one-*.json
}
for c in record true version; do
	echo "$c: median $(median "$c" | awk '{ printf "%d", $1 * 1e6 }') us" \
	    "over 500 runs, cpu $(cpu "$c") us"
done
status=0
sh "$(dirname "$0")/figure" "lt record / /bin/true" "$(median record)" \
    "$(median true)" "<=" 1.3 || status=1
sh "$(dirname "$0")/figure" "lt record (s, issue 2: < 1 ms)" \
    "$(median record)" - "<=" 0.001 || status=1

# ingest FORMAT: time and peak RSS of one --batch of n events
ingest() {
	rm -f "$dir/out.$1"
	/usr/bin/time -v "$LT" record --batch --no-sync -f "$dir/out.$1" \
	    <"$dir/record-$n.$1" 2>"$dir/time.$1"
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \
	    "$dir/time.$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++)
	    s = s * 60 + $i; print s }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
	    "$dir/time.$1")
	cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' \
	    "$dir/time.$1" | awk '{ s += $1 } END { print s }')
	lines=$(wc -l <"$dir/out.$1")
	# CPU time too: on a shared machine the wall time includes waiting
	awk -v f="$1" -v n="$n" -v w="$wall" -v c="$cpu" -v r="$rss" \
	    -v l="$lines" 'BEGIN {
	    printf "%s->%s: %d events in %.2f s = %d events/s (cpu %.2f s = %d events/s), peak RSS %.1f MiB (%d lines out)\n",
	    f, f, n, w, (w > 0 ? n / w : 0), c, (c > 0 ? n / c : 0), r / 1024, l }'
}

echo
echo "== --batch --no-sync ingest of $n events (/usr/bin/time -v)"
ingest csv
ingest jsonl
rm -f "$dir/out.csv" "$dir/out.jsonl" "$dir/one.jsonl"
exit "$status"
