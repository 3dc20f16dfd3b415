#!/bin/sh
# bench/plot.sh - time and memory of lt plot on logs of 10^5, 10^6 and
# 10^7 events (CSV, 3 tasks, one event a second, a spike every 100003
# events).  Needs $LT; writes its logs under bench/data/ (git-ignored).
set -eu

: "${LT:?LT must name the lt binary}"
cd "$(dirname "$0")"
mkdir -p data

gen() {
	# gen N FILE: N deterministic events.
	[ -s "$2" ] && return 0
	awk -v n="$1" 'BEGIN {
		print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 0; i < n; i++) {
			s = 0.2 + 0.7 * (1 - exp(-i / (n / 5))) + 0.05 * sin(i)
			if (i % 100003 == 0)
				s = 0.05
			printf "%d,task%d,%.5f,%.6g,%d,%.4g,{}\n", 1700000000 + i,
			    i % 3, s, 0.1 * exp(-i / (n / 3)), i, 1 / (i + 1)
		}
	}' >"$2.tmp" && mv "$2.tmp" "$2"
}

for n in 100000 1000000 10000000; do
	gen "$n" "data/plot-$n.csv"
done

for n in 100000 1000000 10000000; do
	f=data/plot-$n.csv
	echo "== $n events ($(wc -c <"$f") bytes)"
	/usr/bin/time -v "$LT" plot -f "$f" -o data/plot-$n.png 2>&1 |
	    grep -E 'Elapsed|User time|Maximum resident'
	/usr/bin/time -v "$LT" plot -f "$f" --script 2>&1 >data/plot-$n.gp |
	    grep -E 'Elapsed|User time|Maximum resident'
	echo "script: $(wc -c <data/plot-$n.gp) bytes"
done

# The targets (issue 16): lt plot of 10^7 events under 3 s; lt metrics
# of 10^7 events under 50 ms (its count cache warm, as a second run finds
# it).
hyperfine -N --warmup 1 --runs 3 --export-json data/plot.json \
    -n "plot 10^6" "$LT plot -f data/plot-1000000.csv -o data/h.png" \
    -n "plot 10^7" "$LT plot -f data/plot-10000000.csv -o data/h.png" \
    -n "metrics 10^7" "env XDG_CACHE_HOME=$PWD/data/cache $LT metrics -f data/plot-10000000.csv --json"
median() {
	jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' \
	    data/plot.json
}
# The CPU time beside the wall time: on a shared machine the wall time
# of two threads is also the other users' load.
jq -r '.results[] | "\(.command): median \(.median * 1000 | floor) ms, cpu \((.user + .system) * 1000 | floor) ms"' \
    data/plot.json
status=0
sh ./figure "lt plot of 10^7 events (s)" "$(median "plot 10^7")" - "<=" 3 ||
    status=1
sh ./figure "lt metrics of 10^7 events (s)" "$(median "metrics 10^7")" - \
    "<=" 0.05 || status=1
exit "$status"
