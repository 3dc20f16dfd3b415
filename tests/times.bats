#!/usr/bin/env bats
# --since and --until: Unix seconds, ISO 8601, and times back from now.

load test_helper

# ago_log FILE SECONDS...: one event per argument, that many seconds
# before now, in the order given.
ago_log() {
	f=$1
	shift
	now=$(date +%s)
	for s in "$@"; do
		printf '{"timestamp":%d,"task_type":"a","performance_score":0.5,"learning_rate":0.1,"episode_count":%d,"convergence_metric":0.1,"metadata":{}}\n' $((now - s)) "$s"
	done >"$f"
}

count() {
	lt report -f run.jsonl --json "$@" | jq .total_learning_events
}

@test "--since takes a time back from now in seconds, minutes, hours, days and weeks" {
	# events 10 days, 3 days, 5 hours, 90 minutes and 30 seconds ago
	ago_log run.jsonl 864000 259200 18000 5400 30
	[ "$(count --since 2w)" = 5 ]
	[ "$(count --since 7d)" = 4 ]
	[ "$(count --since 6h)" = 3 ]
	[ "$(count --since '2h ago')" = 2 ]
	[ "$(count --since -100m)" = 2 ]
	[ "$(count --since 80min)" = 1 ]
	[ "$(count --since 1m)" = 1 ]
	[ "$(count --since 10s)" = 0 ]
	[ "$(count --since 1.5d)" = 3 ]
	[ "$(count --until 2h)" = 3 ]
	[ "$(count --since 4d --until 1h)" = 3 ]
}

@test "--since today and yesterday start at local midnight" {
	now=$(date +%s)
	midnight=$(date -d 'today 00:00' +%s)
	yesterday=$(date -d 'yesterday 00:00' +%s)
	# one event a minute before each midnight, one a minute after
	# today's: a minute, not a second, so that the clock moving on
	# between this date and ago_log's cannot carry one across midnight
	ago_log run.jsonl $((now - yesterday + 60)) $((now - midnight + 60)) \
	    $((now - midnight - 60))
	[ "$(count --since yesterday)" = 2 ]
	[ "$(count --since today)" = 1 ]
	[ "$(TZ=Asia/Tokyo lt report -f run.jsonl --json --since now | jq .total_learning_events)" = 0 ]
}

@test "trend, curve and converge take relative times too" {
	ago_log run.jsonl 864000 259200 18000 5400 30
	run lt curve a -f run.jsonl --since 6h
	assert_success
	[ "${#lines[@]}" -eq 4 ]	# a header and three points
	run lt converge -f run.jsonl --since 7d --json
	assert_success
	[ "$(jq .total_convergences <<<"$output")" = 0 ]
	run lt trend -f run.jsonl --since 2w --json a
	assert_success
	[ "$(jq .n <<<"$output")" = 5 ]
}

@test "a time that is none of these is refused with status 2, naming it" {
	ago_log run.jsonl 30
	for bad in bogus 5x 2hours 3y '' ' 2h'; do
		run lt report -f run.jsonl --since "$bad"
		assert_failure 2
		assert_output --partial "\"$bad\""
	done
	run lt report -f run.jsonl --since 99999999d
	assert_failure 2
	assert_output --partial "before 1970"
}
