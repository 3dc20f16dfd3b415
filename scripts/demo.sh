#!/bin/sh
# make demo: record a real training run (testdata/brats2020-unet.jsonl, a
# Keras U-Net's 24 epochs) into a fresh log and show what lt makes of it.
set -eu

: "${LT:?LT must name the lt binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
# A directory of its own, so that two demos never touch each other's
# files; it is kept for the reader to look at.
dir=$(mktemp -d "${TMPDIR:-/tmp}/lt-demo.XXXXXX")
echo "(working in $dir)"
cd "$dir"
log=run.csv

step() {
	printf '\n$ %s\n' "$*"
	"$@"
}

step "$LT" record --batch -f "$log" <"$top/testdata/brats2020-unet.jsonl"
printf '\n$ head -4 %s\n' "$log"
head -4 "$log"
step "$LT" record -f "$log" -t unet-val -s 0.4441 -r 1e-06 -e 24 -c 0.0344 \
    --time 2026-11-22T11:48:35Z note="one more epoch, by hand" -v
step "$LT" trend -f "$log"
step "$LT" goal -f "$log" add dice --target 0.5 --task unet-val \
    --metric performance_score --desc "validation Dice of 0.5"
step "$LT" goal -f "$log" list
step "$LT" forecast -f "$log" unet-val --target 0.5
step "$LT" report -f "$log"
step "$LT" plot -f "$log" -o "$dir/progress.png" --size 1000x700 --forecast
echo "(the figure: $dir/progress.png)"
printf '\nThe log is %s/%s.\n' "$dir" "$log"
