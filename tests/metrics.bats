#!/usr/bin/env bats
# lt metrics: the class's real-time metrics, read from the log's end.

load test_helper

@test "metrics gives the latest numbers and the trend of the last ten" {
	record_n run.jsonl 3000
	run lt metrics -f run.jsonl --json
	assert_success
	# scores i/3000: the last ten average (2991 + ... + 3000) / 10 / 3000
	jq -e '.current_performance == 1 and .current_learning_rate == 0.01 and
	    (.recent_avg_performance - 2995.5 / 3000 | fabs) < 1e-12 and
	    .performance_trend == "improving" and .active_goals_count == 0 and
	    .total_learning_events == 3000 and .last_update == 1795603800' <<<"$output"
	[ "$(jq -r 'keys_unsorted | join(",")' <<<"$output")" = \
	    current_performance,current_learning_rate,recent_avg_performance,performance_trend,active_goals_count,total_learning_events,last_update ]
}

@test "metrics says declining and stable, which the class never said" {
	awk 'BEGIN { for (i = 1; i <= 12; i++) printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":%s,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795600800 + i, 1 - i / 20, i }' >down.jsonl
	run lt metrics -f down.jsonl --json
	jq -e '.performance_trend == "declining"' <<<"$output"
	awk 'BEGIN { for (i = 1; i <= 12; i++) printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":%s,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795600800 + i, (i % 2 ? 0.4 : 0.6), i }' >flat.jsonl
	run lt metrics -f flat.jsonl --json
	jq -e '.performance_trend == "stable"' <<<"$output"
}

@test "metrics counts the events of a CSV log without its header" {
	record_n run.jsonl 25
	lt record --batch --no-sync -f run.csv <run.jsonl
	run lt metrics -f run.csv --json
	assert_success
	jq -e '.total_learning_events == 25 and .current_performance == 1' <<<"$output"
	[ "$(wc -l <run.csv)" -eq 26 ]
}

@test "metrics of an empty log is {}" {
	: >empty.jsonl
	run lt metrics -f empty.jsonl --json
	assert_success
	assert_output '{}'
	run lt metrics -f empty.jsonl
	assert_success
	assert_output 'no events'
}

@test "metrics skips a torn last line with a warning and counts it as a line" {
	record_n run.jsonl 20
	printf '{"timestamp":1795' >>run.jsonl
	sum=$(checksum run.jsonl)
	run lt metrics -f run.jsonl --json
	assert_success
	assert_line 'lt metrics: warning: run.jsonl:21: '"$(lt trend -f run.jsonl 2>&1 >/dev/null | sed -n 's/.*run.jsonl:21: //p')"
	assert_line 'lt metrics: warning: 1 bad line skipped'
	# The torn line is a line: counting does not parse.
	jq -e '.total_learning_events == 21 and .current_performance == 1' <<<"${lines[2]}"
	run lt metrics -f run.jsonl --strict
	assert_failure 2
	[ "$(checksum run.jsonl)" = "$sum" ]
}

@test "metrics merges several logs by time and reads standard input" {
	record_n a.jsonl 15 a
	awk '{ sub(/"timestamp":17956/, "\"timestamp\":27956"); print }' a.jsonl | sed 's/"task_type":"a"/"task_type":"b"/' >b.jsonl
	run lt metrics -f b.jsonl -f a.jsonl --json
	assert_success
	jq -e '.total_learning_events == 30 and .last_update > 2700000000' <<<"$output"
	run lt metrics -f - --json <a.jsonl
	assert_success
	jq -e '.total_learning_events == 15 and .last_update == 1795600815' <<<"$output"
}

@test "metrics text lists each metric" {
	record_n run.jsonl 12
	run lt metrics -f run.jsonl
	assert_success
	assert_line --regexp '^total_learning_events +12$'
	assert_line --regexp '^last_update +2026-11-25 10:00:12$'
}

@test "metrics --watch redraws until interrupted" {
	record_n run.jsonl 12
	"$LT" metrics -f run.jsonl --watch 0.2 --json >out &
	pid=$!
	sleep 1
	kill -INT "$pid"
	wait "$pid"
	[ "$(grep -c total_learning_events out)" -ge 2 ]
}

@test "metrics rejects a bad --watch and a missing log" {
	run lt metrics -f missing.jsonl
	assert_failure 2
	assert_output --partial 'missing.jsonl'
	record_n run.jsonl 2
	run lt metrics -f run.jsonl --watch 0
	assert_failure 2
	assert_output --partial 'lt metrics: --watch "0"'
}

@test "metrics keeps its count right through the count cache as the log grows or is replaced" {
	record_n run.jsonl 1000
	run lt metrics -f run.jsonl --json
	jq -e '.total_learning_events == 1000' <<<"$output"
	[ -s "$XDG_CACHE_HOME/lt/counts" ]
	# appended events are counted from where the cache stopped
	awk 'BEGIN { for (i = 1; i <= 5; i++) printf "{\"timestamp\":%d,\"task_type\":\"cls\",\"performance_score\":0.5,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795700000 + i, i }' >>run.jsonl
	run lt metrics -f run.jsonl --json
	jq -e '.total_learning_events == 1005 and .current_performance == 0.5' <<<"$output"
	# a log replaced under the same name, as lt compact does
	record_n new.jsonl 700
	mv new.jsonl run.jsonl
	run lt metrics -f run.jsonl --json
	jq -e '.total_learning_events == 700' <<<"$output"
	# rewritten in place, shorter, then longer again with other bytes
	record_n tmp.jsonl 900 other
	cat tmp.jsonl >run.jsonl
	run lt metrics -f run.jsonl --json
	jq -e '.total_learning_events == 900' <<<"$output"
	# XDG_CACHE_HOME moves the cache
	XDG_CACHE_HOME=$PWD/xdg run lt metrics -f run.jsonl --json
	[ -s xdg/lt/counts ]
	# without it, the cache is under HOME
	unset XDG_CACHE_HOME
	run lt metrics -f run.jsonl --json
	[ -s "$HOME/.cache/lt/counts" ]
}

@test "metrics counts the goals not yet completed as active" {
	record_n run.jsonl 12
	lt goal -f run.jsonl add a --target 0.5
	lt goal -f run.jsonl add b --target 0.5
	lt goal -f run.jsonl update a 0.6
	run lt metrics -f run.jsonl --json
	assert_success
	jq -e '.active_goals_count == 1' <<<"$output"
}

@test "metrics -t, --since and --until take the selected events, every one read" {
	# cls: scores i/20 at 1795600800 + i; det: 0.5 between them
	awk 'BEGIN { for (i = 1; i <= 20; i++) {
		printf "{\"timestamp\":%d,\"task_type\":\"cls\",\"performance_score\":%s,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795600800 + 2 * i, i / 20, i
		printf "{\"timestamp\":%d,\"task_type\":\"det\",\"performance_score\":0.5,\"learning_rate\":0.2,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795600801 + 2 * i, i } }' >run.jsonl
	run lt metrics -f run.jsonl -t cls --json
	assert_success
	# the last ten cls scores: (11 + ... + 20) / 10 / 20 = 0.775
	jq -e '.current_performance == 1 and .current_learning_rate == 0.1 and
	    (.recent_avg_performance - 0.775 | fabs) < 1e-12 and
	    .performance_trend == "improving" and
	    .total_learning_events == 20 and .last_update == 1795600840' <<<"$output"
	# det's events 2 to 6 (805 ... 813), cls's 3 to 7 (806 ... 814): the
	# last is cls's 7th, 0.35
	run lt metrics -f run.jsonl --since 1795600805 --until 1795600814 --json
	jq -e '.total_learning_events == 10 and .current_performance == 0.35 and
	    .last_update == 1795600814 and
	    (.recent_avg_performance - (0.15 + 0.2 + 0.25 + 0.3 + 0.35 + 2.5) / 10 | fabs) < 1e-12' <<<"$output"
	run --separate-stderr lt metrics -f run.jsonl -t dett
	assert_failure 2
	[ "$stderr" = 'lt metrics: no events of task "dett"
lt metrics: did you mean "det"?' ]
}

@test "metrics --tsv and --csv print the table for pipes" {
	record_n run.jsonl 4
	run lt metrics -f run.jsonl --tsv
	assert_success
	assert_output 'metric	value
current_performance	1
current_learning_rate	0.01
recent_avg_performance	0.625
performance_trend	improving
active_goals_count	0
total_learning_events	4
last_update	2026-11-25T10:00:04Z'
	run lt metrics -f run.jsonl --csv
	assert_line --index 2 'current_learning_rate,0.01'
}

@test "metrics refuses a goals log named by --goals that does not exist" {
	record_n run.jsonl 2
	run --separate-stderr lt metrics -f run.jsonl --goals nope.jsonl
	assert_failure 2
	[ "$stderr" = 'lt metrics: nope.jsonl: cannot open the goals log: No such file or directory' ]
}

@test "metrics reads the last ten of a min task's falling error as improving, as the max task's rising accuracy" {
	mirror_logs
	# up to episode 30 the last ten points rise (accuracy) or fall (error)
	until=1795602600
	run lt metrics -f max.jsonl --until "$until" --json
	assert_success
	[ "$(jq -r .performance_trend <<<"$output")" = improving ]
	run lt metrics -f min.jsonl --until "$until" --json
	assert_success
	[ "$(jq -r .performance_trend <<<"$output")" = improving ]
	# from the end of the log, without a selection, too
	head -n 30 min.jsonl >end.jsonl
	cp min.tasks.jsonl end.tasks.jsonl
	run lt metrics -f end.jsonl --json
	assert_success
	jq -e '.performance_trend == "improving" and
	    .total_learning_events == 30' <<<"$output"
	run lt metrics -f end.jsonl --mode max --json
	[ "$(jq -r .performance_trend <<<"$output")" = declining ]
}

@test "metrics warns when the last ten scores mix max and min tasks" {
	mirror_logs
	head -n 30 min.jsonl | sed 's/"acc"/"err"/' >err.jsonl
	head -n 30 max.jsonl | paste -d '\n' - err.jsonl >both.jsonl
	printf '%s\n' '{"time":1,"task":"err","direction":"min"}' \
	    >both.tasks.jsonl
	run --separate-stderr lt metrics -f both.jsonl -t acc -t err --json
	assert_success
	[ "$stderr" = "lt metrics: the last ten scores are of max and min tasks: performance_trend reads them as max; name a task with -t, or give --mode" ]
	run --separate-stderr lt metrics -f both.jsonl -t err --json
	[ "$stderr" = "" ]
	[ "$(jq -r .performance_trend <<<"$output")" = improving ]
}
