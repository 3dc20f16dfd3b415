#!/bin/sh
# bench/compare.sh - lt compare.  First its statistics, timed by the
# program bench/compare.c (built by make bench as build/bench/compare):
# run summaries, comparisons of 50 summaries and of 2 runs of 10^5 scores
# with 10^4 bootstrap resamples, curves across 50 runs.  Then the whole
# command on 50 logs of 10^5 events each (two groups of 25 seeds, 10^4
# resamples; the last 10 scores of each read from its end), against lt
# trend reading every event of them; and --curves over the same, with
# its peak memory beside that over 10 of the logs (the same episodes:
# memory follows the episodes, not the runs or the events).
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

a='a=data/compare-run-[1-9].csv,data/compare-run-1[0-9].csv,data/compare-run-2[0-5].csv'
b='b=data/compare-run-2[6-9].csv,data/compare-run-[34]?.csv,data/compare-run-50.csv'
echo
echo "== lt compare over 50 logs of 10^5 events ($(du -ch data/compare-run-*.csv | tail -1 | cut -f1))"
# $files is split into its words on purpose.
# shellcheck disable=SC2086
hyperfine -N --warmup 1 --runs "$RUNS" \
    -n "lt compare, 2 groups of 25, $RESAMPLES resamples" \
    "$LT compare --group $a --group $b --bootstrap $RESAMPLES" \
    -n "lt compare, 50 single runs" \
    "$LT compare $files --bootstrap $RESAMPLES" \
    -n "lt trend over 50 logs (every event read)" \
    "$LT trend $files --window 10 --json"

echo
echo "== lt compare --curves: time, and peak memory over 10 and 50 logs"
for n in 10 50; do
	if [ "$n" -eq 10 ]; then
		ga='a=data/compare-run-[1-5].csv'
		gb='b=data/compare-run-[6-9].csv,data/compare-run-10.csv'
	else
		ga=$a
		gb=$b
	fi
	for style in --tsv --json; do
		/usr/bin/time -f "  $n logs $style: %e s, %M kB" "$LT" compare \
		    --curves --group "$ga" --group "$gb" "$style" >/dev/null
	done
done
