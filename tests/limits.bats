#!/usr/bin/env bats
# Bounded inputs: numbers too large to mean anything are refused naming
# them, windows take only what the log holds, and lines too long to be an
# event's are reported and skipped in bounded memory, in linear time.

load test_helper

bats_require_minimum_version 1.5.0

# long_line FILE BYTES: a JSONL log of an event, one event whose metadata
# pads its line to more than BYTES bytes, and an event.
long_line() {
	local ev='{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}'
	{
		echo "$ev"
		printf '{"timestamp":1795600801,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":2,"convergence_metric":0.1,"metadata":{"pad":"'
		head -c "$2" /dev/zero | tr '\0' a
		printf '"}}\n'
		echo "$ev" | sed 's/"episode_count":1/"episode_count":3/'
	} >"$1"
}

@test "report --last larger than the log allocates only what the log holds" {
	record_n run.jsonl 20
	# 10^14 windows of 32 bytes would be 3.2 PB
	run lt report -f run.jsonl --last 100000000000000 --json
	assert_success
	jq -e '.recent_events_analyzed == 20 and
	    .total_learning_events == 20' <<<"$output"
	# the analysed part is the whole log: the same numbers as without
	[ "$(jq -c .overall_performance <<<"$output")" = \
	    "$(lt report -f run.jsonl --json | jq -c .overall_performance)" ]
	run lt trend -f run.jsonl --window 100000000000000 --json
	assert_success
	run lt curve cls -f run.jsonl --window 100000000000000
	assert_success
	[ "${#lines[@]}" -eq 21 ]
}

@test "metrics --watch takes 0.1 s to a day, and refuses the rest naming it" {
	record_n run.jsonl 2
	for w in 1e300 0.05 86401 -1 0 nan inf 1,5; do
		run lt metrics -f run.jsonl --watch "$w"
		assert_failure 2
		assert_output --partial "lt metrics: --watch \"$w\" is not a number of seconds from 0.1 to 86400"
	done
	# a day is taken: the first round is printed, then it waits
	"$LT" metrics -f run.jsonl --watch 86400 --json >out &
	pid=$!
	for _ in $(seq 50); do
		[ -s out ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid" || :
	run jq -r .total_learning_events out
	assert_output 2
}

@test "plot --size names the value given, whole" {
	record_n run.jsonl 2
	run lt plot -f run.jsonl --script --size 800x0
	assert_failure 2
	assert_output --partial 'lt plot: --size "800x0" is not WxH'
}

@test "a line of 10 MB is read in linear time on two threads" {
	# 20000 events either side: the log is past 2 MiB, so two threads
	# decode it, the long line in a chunk of its own
	record_n head.jsonl 20000
	long_line long.jsonl 10000000
	cat head.jsonl long.jsonl head.jsonl >run.jsonl
	start=$(date +%s%N)
	run env LT_THREADS=2 "$LT" report -f run.jsonl --json
	end=$(date +%s%N)
	assert_success
	jq -e '.total_learning_events == 40003' <<<"$output"
	# 25 s before the scan was linear; about 0.2 s now
	[ $(((end - start) / 1000000)) -lt 1000 ] ||
	    fail "took $(((end - start) / 1000000)) ms"
}

@test "a line past 64 MiB is a bad line, skipped by every reader in bounded memory" {
	long_line run.jsonl 100000000
	want='{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}
{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":3,"convergence_metric":0.1,"metadata":{}}'
	msg='run.jsonl:2: the line is longer than 64 MiB; line skipped'
	for threads in 1 2; do
		run --separate-stderr env LT_THREADS=$threads "$LT" export \
		    --format jsonl -f run.jsonl
		assert_success
		[ "$output" = "$want" ] || fail "events: $output"
		[[ $stderr == *"$msg"* ]] || fail "stderr: $stderr"
	done
	# metrics reads from the end, then streams
	run --separate-stderr lt metrics -f run.jsonl --json
	assert_success
	jq -e '.total_learning_events == 3' <<<"$output"
	[[ $stderr == *"$msg"* ]] || fail "stderr: $stderr"
	# a batch, a stream, and compaction, which keeps the line's bytes
	run lt record --batch --skip-invalid -f batch.jsonl <run.jsonl
	assert_output --partial '(stdin):2: the line is longer than 64 MiB'
	[ "$(cat batch.jsonl)" = "$want" ]
	run lt record --stream -f stream.jsonl <run.jsonl
	assert_output --partial '(stdin):2: the line is longer than 64 MiB'
	[ "$(cat stream.jsonl)" = "$want" ]
	run lt compact -f run.jsonl --max-history 1 --dry-run
	assert_output --partial '2 events; would keep the last 1, drop the 1 before them and 1 bad line among them'
	# not held whole: 100 MB of line, at most 64 MiB and buffers kept
	# (GNU time's %M is the peak resident size in KiB)
	# (an ASan build keeps what is freed in a quarantine of 256 MiB and
	# shadows what is used: the bound is the plain build's; under ASan
	# the run only has to stay under 400 MB)
	limit=160000
	if grep -qa __asan_init "$LT"; then
		limit=400000
	fi
	/usr/bin/time -f %M -o rss "$LT" report -f run.jsonl >/dev/null 2>&1
	[ "$(cat rss)" -lt "$limit" ] || fail "peak $(cat rss) KiB"
}

@test "an event whose line in the log would pass 64 MiB is refused, the log unchanged" {
	record_n run.csv 2
	sum=$(checksum run.csv)
	# 23 million escaped quotes: a JSONL line of 46 MB, whose metadata
	# is 69 MB in CSV, where each quote is doubled
	{
		printf '{"timestamp":1795600803,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":3,"convergence_metric":0.1,"metadata":{"q":"'
		head -c 23000000 /dev/zero | tr '\0' q | sed 's/q/\\"/g'
		printf '"}}\n'
	} >in.jsonl
	[ "$(wc -c <in.jsonl)" -gt 46000000 ]
	run lt record --batch -f run.csv <in.jsonl
	assert_failure 2
	assert_output --partial "the event's line would be longer than 64 MiB"
	[ "$(checksum run.csv)" = "$sum" ]
	# in JSONL it fits
	run lt record --batch -f run.jsonl <in.jsonl
	assert_success
}
