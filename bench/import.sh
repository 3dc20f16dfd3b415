#!/bin/sh
# lt import speed: the 733 KB Lightning event file (15,445 records), and
# a ~100 MB event file made by concatenating it 137 times.  Its steps
# restart 136 times with the same values: the same measurements, kept
# once, so the run stays 7,720 steps and memory must stay bounded by
# that, not by the file.  The import must read 100 MB/s or more.  Uses
# $LT, hyperfine and /usr/bin/time -v.
set -eu

: "${LT:?LT must name the lt binary}"
here=$(cd "$(dirname "$0")" && pwd)
fixtures=${LT_FIXTURES:-$here/../../shared/fixtures}
src=$fixtures/tensorboard/lightning-lstm-textgen/version_0/events.out.tfevents.1716735746.99c8c45923de.3769.0
data=$here/data
mkdir -p "$data"

big=$data/events.out.tfevents.big
if [ ! -s "$big" ]; then
	i=0
	: >"$big.tmp"
	while [ "$i" -lt 137 ]; do
		cat "$src" >>"$big.tmp"
		i=$((i + 1))
	done
	mv "$big.tmp" "$big"
fi
size=$(wc -c <"$big")

# As a user imports: synced once at the end (fdatasync of the log),
# not --no-sync, so the figure includes what durability costs.
opts="--from tensorboard --score val_loss --convergence train_loss --lr-value 0"

echo "== the Lightning event file, $(wc -c <"$src") bytes"
hyperfine -N --warmup 3 --prepare "rm -f $data/small.jsonl" \
    "$LT import $opts -f $data/small.jsonl $src"

echo "== a concatenated event file, $size bytes"
hyperfine -N --warmup 1 --runs 5 --prepare "rm -f $data/big.jsonl" \
    --export-json "$data/import.json" \
    "$LT import $opts -f $data/big.jsonl $big"
secs=$(jq -r '.results[0].median' "$data/import.json")
status=0
sh "$here/figure" "lt import of a 100 MB event file (MB/s)" \
    "$(awk -v b="$size" -v s="$secs" 'BEGIN { print b / 1e6 / s }')" - \
    ">=" 100 || status=1
rm -f "$data/big.jsonl"
# shellcheck disable=SC2086
/usr/bin/time -v "$LT" import $opts -f "$data/big.jsonl" "$big" 2>&1 |
    grep -E 'Elapsed|Maximum resident' | grep -v '^lt import'
exit "$status"
