#!/bin/sh
# Run each fuzz harness of BUILD/fuzzer/ for SECONDS under libFuzzer, on
# its corpus (testdata/fuzz/NAME, read only; new inputs go to
# BUILD/corpus/NAME), and end with a table: executions and findings (the
# inputs saved in BUILD/crash/ that made it fail) per harness.  Exits 1
# when a harness found anything.
#
#	scripts/fuzz.sh BUILD SECONDS NAME...
set -u

build=$1
seconds=$2
shift 2
cd "$(dirname "$0")/.." || exit 2
mkdir -p "$build/crash" "$build/log"

total=0
found=0
printf '%-22s %12s %9s\n' harness executions findings >"$build/log/table"
for name in "$@"; do
	mkdir -p "$build/corpus/$name"
	before=$(find "$build/crash" -name "$name-*" | wc -l)
	# One job; each input at most 8 KiB and 10 s; memory as the
	# sanitizers need it.
	"$build/fuzzer/$name" -max_total_time="$seconds" -max_len=8192 \
	    -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
	    -artifact_prefix="$build/crash/$name-" \
	    "$build/corpus/$name" "testdata/fuzz/$name" \
	    >"$build/log/$name.log" 2>&1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$build/log/$name.log" | tail -1)
	after=$(find "$build/crash" -name "$name-*" | wc -l)
	new=$((after - before))
	printf '%-22s %12s %9s\n' "$name" "${runs:-0}" "$new" \
	    >>"$build/log/table"
	total=$((total + ${runs:-0}))
	found=$((found + new))
done
printf '%-22s %12s %9s\n' total "$total" "$found" >>"$build/log/table"
cat "$build/log/table"
[ "$found" -eq 0 ]
