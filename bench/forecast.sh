#!/bin/sh
# bench/forecast.sh - lt_forecast_fit on 10^6 points of one curve, both
# models fitted (auto), with its time and peak memory.  The curves are
# generated in memory by build/bench/forecast (bench/forecast.c), which
# make bench builds beside $LT.  Target (issue 18): a forecast over 10^6
# points, fitted on all of them, in under 1 s, in bounded memory.
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

echo "cores: $(getconf _NPROCESSORS_ONLN)"
echo "$bin $n $runs"
"$bin" "$n" "$runs"
