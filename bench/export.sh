#!/bin/sh
# bench/export.sh - lt export's memory must not grow with the log: peak
# RSS of exporting 10^7 events against 10^5 (the issue allows 20 %), for
# the two conversions and the class's document, and the time each takes.  Generates its own logs under bench/data/.
set -eu

: "${LT:?LT must name the lt binary}"
cd "$(dirname "$0")"
mkdir -p data

# gen N: data/export-N.jsonl, N events over three tasks, one a second,
# every seventh converged (convergence_metric < 0.01).
gen() {
	f=data/export-$1.jsonl
	if [ ! -s "$f" ]; then
		awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
			printf "{\"timestamp\":%d.25,\"task_type\":\"task%d\",\"performance_score\":%s,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{\"seed\":%d}}\n", 1795600800 + i, i % 3, (i % 1000) / 1000, i, (i % 7 == 0) ? 0.005 : 0.5, i % 5 }' >"$f.tmp"
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}

# rss ARGS...: peak resident set size in kB of lt ARGS, and the wall
# clock time it took.
rss() {
	/usr/bin/time -v "$LT" "$@" 2>&1 >/dev/null | awk '
	    /Maximum resident set size/ { kb = $NF }
	    /Elapsed \(wall clock\)/ { t = $NF }
	    END { print kb, t }'
}

# compare NAME ARGS...: export both logs with ARGS, print the peaks and
# their ratio, fail past 20 %.
compare() {
	name=$1
	shift
	s=$(rss export -f "$SMALL" "$@")
	l=$(rss export -f "$LARGE" "$@")
	small=${s% *}
	large=${l% *}
	echo "$name: peak RSS $small kB at 10^5 events (${s#* }), $large kB" \
	    "at 10^7 (${l#* })"
	awk -v s="$small" -v l="$large" -v name="$name" 'BEGIN {
		printf "%s: 10^7 / 10^5 = %.3f\n", name, l / s
		exit !(l <= 1.2 * s) }'
}

SMALL=$(gen 100000)
LARGE=$(gen 10000000)
status=0
compare "--format csv" --format csv -o data/out.csv || status=1
compare "--format jsonl" --format jsonl -o data/out.jsonl || status=1
compare "document" -o data/out.json || status=1
# The document against --format csv, of 10^6 events (issue 16: within
# 1.5 times), in one hyperfine run: medians of 15 runs each, as one run
# of either varies by a fifth here from one second to the next (the
# kernel writing back the output of the run before).
MID=$(gen 1000000)
hyperfine -N --warmup 2 --runs 15 --export-json data/export.json \
    -n csv "$LT export -f $MID --format csv -o data/out.csv" \
    -n document "$LT export -f $MID -o data/out.json"
median() {
	jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' \
	    data/export.json
}
sh ./figure "lt export document / --format csv (10^6)" \
    "$(median document)" "$(median csv)" "<=" 1.5 || status=1
hyperfine --runs 2 \
    "$LT export -f $LARGE --format csv -o data/out.csv"
rm -f data/out.csv data/out.jsonl data/out.json
exit "$status"
