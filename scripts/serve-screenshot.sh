#!/bin/sh
# serve-screenshot.sh - doc/serve.png, the README's picture of lt serve's
# page: a sample run of three tasks and three goals (made by awk, the same
# each time), served on a free loopback port and drawn by headless
# chromium at 1280 by 900, as the tests of tests/serve.bats load it.
#
#	LT=build/lt sh scripts/serve-screenshot.sh [OUT.png]
set -eu

: "${LT:?LT must name the lt binary}"
case $LT in
/*) ;;
*) LT=$PWD/$LT ;;
esac
out=${1:-doc/serve.png}
case $out in
/*) ;;
*) out=$PWD/$out ;;
esac
dir=$(mktemp -d "${TMPDIR:-/tmp}/lt-shot.XXXXXX")
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"

# 400 events of classification and of detection, rising with noise, and
# 200 of cartpole-rl, one every ten seconds in turn.
awk 'BEGIN {
	srand(7)
	t = 1795600800
	for (i = 0; i < 1000; i++) {
		if (i % 5 < 2) {
			task = "classification"
			s = 0.45 + 0.45 * (1 - exp(-i / 250)) + (rand() - 0.5) * 0.04
		} else if (i % 5 < 4) {
			task = "detection"
			s = 0.30 + 0.35 * i / 1000 + (rand() - 0.5) * 0.06
		} else {
			task = "cartpole-rl"
			s = 0.10 + 0.80 * (1 - exp(-i / 200)) + (rand() - 0.5) * 0.08
		}
		printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.4f,\"learning_rate\":%.3g,\"episode_count\":%d,\"convergence_metric\":%.4f,\"metadata\":{}}\n",
		    t + 10 * i, task, s, 0.001 / (1 + i / 100), i, 1 / (1 + i / 4)
	}
}' >run.jsonl
"$LT" goal add cls-95 --target 0.95 -t classification \
    --metric performance_score --desc 'classification accuracy' \
    --time 1795600800 -f run.jsonl
"$LT" goal add det-map --target 0.7 -t detection \
    --metric performance_score --desc 'detection mAP' \
    --time 1795600800 -f run.jsonl
"$LT" goal add rl-solved --target 0.85 -t cartpole-rl \
    --metric performance_score --desc 'CartPole solved' \
    --time 1795600800 -f run.jsonl

"$LT" serve -f run.jsonl --listen 127.0.0.1:0 2>serve.err &
server=$!
url=
for _ in $(seq 100); do
	url=$(sed -n 's|^lt serve: serving \(http://[^ ]*\) .*|\1|p' serve.err)
	[ -n "$url" ] && break
	sleep 0.05
done
[ -n "$url" ] || { cat serve.err >&2; exit 2; }
TZ=UTC timeout 60 chromium --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --lang=en-GB --user-data-dir="$dir/chromium" \
    --window-size=1280,900 --virtual-time-budget=5000 \
    --screenshot="$out" "$url" >/dev/null 2>&1
[ -s "$out" ] || { echo "serve-screenshot: no $out" >&2; exit 2; }
echo "$out"
