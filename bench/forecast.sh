#!/bin/sh
# bench/forecast.sh - the forecast of 10^6 points: lt_forecast_fit alone,
# and the whole of lt forecast, reading the log included.
#
# 1. lt_forecast_fit on 10^6 points of one curve, both models fitted
#    (auto), with its time and peak memory.  The curves are generated in
#    memory by build/bench/forecast (bench/forecast.c), which make bench
#    builds beside $LT.
# 2. lt forecast on logs of one task of POINTS events (CSV and JSONL,
#    generated deterministically under bench/data/ by awk, as
#    bench/analysis.sh makes its logs: a score 0.9 - 0.6 exp(-5 i / n)
#    plus uniform noise of width 0.02, one event a second), timed by
#    hyperfine against lt curve reading the same log (the reading alone),
#    with the command's peak memory.
#
# Target (issue 18): a forecast over 10^6 points, fitted on all of them,
# in under 1 s for the whole command, in bounded memory.
#
# usage: LT=build/lt sh bench/forecast.sh [POINTS [RUNS]]
# POINTS defaults to 1000000, RUNS to 5; BENCH_FORECAST names the program
# (default: bench/forecast beside $LT).
set -eu

: "${LT:?LT must name the lt binary}"
bin=${BENCH_FORECAST:-$(dirname "$LT")/bench/forecast}
if [ ! -x "$bin" ]; then
	echo "bench/forecast.sh: $bin is missing: run make bench" >&2
	exit 2
fi
n=${1:-1000000}
runs=${2:-5}
dir=$(dirname "$0")/data
mkdir -p "$dir"

echo "cores: $(getconf _NPROCESSORS_ONLN)"
echo "$bin $n $runs"
"$bin" "$n" "$runs"

for f in csv jsonl; do
	log=$dir/forecast-$n.$f
	[ -s "$log" ] && continue
	awk -v n="$n" -v fmt="$f" 'BEGIN {
		srand(42)
		if (fmt == "csv")
			print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 0; i < n; i++) {
			s = 0.9 - 0.6 * exp(-5 * i / n) + (rand() - 0.5) * 0.02
			if (fmt == "csv")
				printf "%d,run,%.6g,0.001,%d,0.5,{}\n", 1764064800 + i, s, i
			else
				printf "{\"timestamp\":%d,\"task_type\":\"run\",\"performance_score\":%.6g,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1764064800 + i, s, i
		}
	}' >"$log"
done

echo
echo "lt forecast on $n events of one task"
for f in csv jsonl; do
	log=$dir/forecast-$n.$f
	hyperfine -N --warmup 1 --runs "$runs" \
	    -n "lt forecast ($f)" "$LT forecast run -f $log --target 0.95" \
	    -n "lt curve, reading alone ($f)" \
	    "$LT curve run -f $log --window 1"
	/usr/bin/time -f "lt forecast ($f): peak RSS %M KiB, %e s" \
	    "$LT" forecast run -f "$log" >/dev/null
done
