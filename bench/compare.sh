#!/bin/sh
# bench/compare.sh - the statistics of lt compare, timed by the program
# bench/compare.c (built by make bench as build/bench/compare): run
# summaries, comparisons of 50 summaries and of 2 runs of 10^5 scores
# with 10^4 bootstrap resamples, curves across 50 runs.  Then the other
# part of the whole command: lt reading 50 logs of 10^5 events each (the
# same reading every analysis does; lt trend over all of them here).
#
# Usage: LT=build/lt sh bench/compare.sh
# RESAMPLES (default 10000) is the bootstrap's; RUNS (default 3) is
# hyperfine's; BENCH_COMPARE names the program (default: bench/compare
# beside $LT).  The logs, about 230 MB, go under bench/data/ (git-ignored).
set -eu

: "${LT:?LT must name the lt binary}"
BENCH_COMPARE=${BENCH_COMPARE:-$(dirname "$LT")/bench/compare}
RESAMPLES=${RESAMPLES:-10000}
RUNS=${RUNS:-3}
cd "$(dirname "$0")"
mkdir -p data

echo "== $BENCH_COMPARE $RESAMPLES"
"$BENCH_COMPARE" "$RESAMPLES"

# 50 seeds of one run, 10^5 events each, a rising score with noise.
files=
k=1
while [ "$k" -le 50 ]; do
	f=data/compare-run-$k.csv
	if [ ! -s "$f" ]; then
		awk -v k="$k" 'BEGIN {
			srand(k)
			print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
			for (i = 0; i < 100000; i++)
				printf "%d,seed,%.6f,0.001,%d,0,{}\n", 1764064800 + i,
				    0.9 - 0.5 * exp(-i / 20000) + 0.02 * (rand() - 0.5), i
		}' >"$f.tmp" && mv "$f.tmp" "$f"
	fi
	files="$files -f $f"
	k=$((k + 1))
done

echo
echo "== reading 50 logs of 10^5 events ($(du -ch data/compare-run-*.csv | tail -1 | cut -f1))"
# $files is split into its words on purpose.
# shellcheck disable=SC2086
hyperfine -N --warmup 1 --runs "$RUNS" \
    -n "lt trend over 50 logs" "$LT trend $files --window 10 --json"
