#!/bin/sh
# bench/analysis.sh - lt report and lt metrics against Miller, awk and
# wc -l on the same generated logs.
#
# Usage: LT=build/lt sh bench/analysis.sh [SIZES]
# SIZES defaults to "100000 1000000"; add 10000000 for the largest run
# (about 0.8 GB of CSV and 1.5 GB of JSONL under bench/data/).
# The logs are deterministic: awk's rand() with a fixed seed, five tasks,
# scores that rise with noise, learning rates that decay, one event a
# second.  BENCH_GEN_ONLY=1 only generates the logs; RUNS (default 5) is
# hyperfine's number of runs.  From 10^6 events on, prints the targets of
# issue 16 as figures (bench/figure): lt report at most 8 times wc -l and
# at least 10 times faster than Miller, on one thread no more CPU than
# the awk one-liner of per-task means, CSV no slower than JSONL.
set -eu

: "${LT:?LT must name the lt binary}"
cd "$(dirname "$0")"
mkdir -p data
SIZES=${1:-"100000 1000000"}
RUNS=${RUNS:-5}

gen() {
	# gen N FORMAT > FILE
	awk -v n="$1" -v fmt="$2" 'BEGIN {
		srand(42)
		if (fmt == "csv")
			print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 0; i < n; i++) {
			t = i % 5
			task = "task_" t
			ep = int(i / 5)
			s = 0.3 + 0.6 * ep / (n / 5) + (rand() - 0.5) * 0.1
			if (s < 0) s = 0
			if (s > 1) s = 1
			lr = 0.01 / (1 + ep / 1000)
			c = 1 / (1 + ep) + rand() * 0.01
			ts = 1764064800 + i
			if (fmt == "csv")
				printf "%d,%s,%.6g,%.6g,%d,%.6g,{}\n", ts, task, s, lr, ep, c
			else
				printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.6g,\"learning_rate\":%.6g,\"episode_count\":%d,\"convergence_metric\":%.6g,\"metadata\":{}}\n", ts, task, s, lr, ep, c
		}
	}'
}

for n in $SIZES; do
	for f in csv jsonl; do
		[ -s "data/events-$n.$f" ] || gen "$n" "$f" >"data/events-$n.$f"
	done
done

[ "${BENCH_GEN_ONLY:-0}" = 1 ] && exit 0

# t FILE NAME FIELD: a field of hyperfine's JSON for the command NAME:
# median (wall, s), or cpu (user + system, mean, s).
t() {
	jq -r --arg n "$2" --arg f "$3" '.results[] | select(.command == $n) |
	    if $f == "cpu" then .user + .system else .[$f] end' "$1"
}

figure=./figure
status=0
for n in $SIZES; do
	csv=data/events-$n.csv
	jsonl=data/events-$n.jsonl
	json=data/report-$n.json
	echo "== $n events: $(du -h "$csv" | cut -f1) CSV, $(du -h "$jsonl" | cut -f1) JSONL"
	hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$json" \
	    -n "lt report (csv)" "$LT report -f $csv --json" \
	    -n "lt report (csv, one thread)" "env LT_THREADS=1 $LT report -f $csv --json" \
	    -n "lt report (jsonl)" "$LT report -f $jsonl --json" \
	    -n "lt report (jsonl, one thread)" "env LT_THREADS=1 $LT report -f $jsonl --json" \
	    -n "mlr stats1 (csv)" "mlr --icsv --ojson stats1 -a count,mean,stddev,min,max -f performance_score -g task_type $csv" \
	    -n "awk means (csv)" "awk -F, 'NR>1{s[\$2]+=\$3;n[\$2]++}END{for(t in s)print t,s[t]/n[t]}' $csv" \
	    -n "wc -l (csv)" "wc -l $csv" \
	    -n "wc -l (jsonl)" "wc -l $jsonl" \
	    -n "lt metrics (csv)" "env XDG_CACHE_HOME=$PWD/data/cache $LT metrics -f $csv --json" \
	    -n "lt metrics (jsonl)" "env XDG_CACHE_HOME=$PWD/data/cache $LT metrics -f $jsonl --json"
	# lt metrics counting every line, its count cache emptied first
	hyperfine -N --runs "$RUNS" --prepare "rm -rf data/cache" \
	    -n "lt metrics (csv, no cache)" \
	    "env XDG_CACHE_HOME=$PWD/data/cache $LT metrics -f $csv --json"
	for cmd in "$LT report -f $csv --json" "$LT report -f $jsonl --json" \
	    "mlr --icsv --ojson stats1 -a count,mean,stddev,min,max -f performance_score -g task_type $csv"; do
		# $cmd is split into its words on purpose.
		# shellcheck disable=SC2086
		rss=$( { /usr/bin/time -v $cmd >/dev/null; } 2>&1 |
		    sed -n 's/.*Maximum resident set size (kbytes): //p')
		echo "peak RSS ${rss} KiB: $cmd"
	done
	# The targets, on the median wall time of the runs above (CPU time
	# for one thread against awk), each a ratio within this run.
	[ "$n" -ge 1000000 ] || continue
	for f in csv jsonl; do
		sh "$figure" "lt report ($f, 10^$((${#n} - 1))) / wc -l" \
		    "$(t "$json" "lt report ($f)" median)" \
		    "$(t "$json" "wc -l ($f)" median)" "<=" 8 || status=1
		sh "$figure" "mlr stats1 (csv) / lt report ($f)" \
		    "$(t "$json" "mlr stats1 (csv)" median)" \
		    "$(t "$json" "lt report ($f)" median)" ">=" 10 || status=1
	done
	sh "$figure" "cpu: lt report (csv, one thread) / awk means" \
	    "$(t "$json" "lt report (csv, one thread)" cpu)" \
	    "$(t "$json" "awk means (csv)" cpu)" "<=" 1 || status=1
	sh "$figure" "lt report (csv) / lt report (jsonl)" \
	    "$(t "$json" "lt report (csv)" median)" \
	    "$(t "$json" "lt report (jsonl)" median)" "<=" 1 || status=1
	sh "$figure" "cpu: lt report (csv) / lt report (jsonl)" \
	    "$(t "$json" "lt report (csv)" cpu)" \
	    "$(t "$json" "lt report (jsonl)" cpu)" "<=" 1 || status=1
done
exit "$status"
