#!/usr/bin/env bats
# lt report --since-last: incremental reports for cron, one place kept
# per log in a state file.

load test_helper

# events FIRST LAST [TASK]: events numbered FIRST to LAST, score i/100,
# one a second from 1795600800.
events() {
	awk -v a="$1" -v b="$2" -v task="${3:-cls}" 'BEGIN {
		for (i = a; i <= b; i++)
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + i, task, i / 100, i
	}'
}

@test "since-last reports the whole log first, then only what was appended, the JSON of a report of those events alone" {
	export SOURCE_DATE_EPOCH=1795700000
	events 1 20 >run.jsonl
	run lt report --since-last st.json -f run.jsonl --json
	assert_success
	diff -u <(lt report -f run.jsonl --json) <(echo "$output")
	events 21 25 >>run.jsonl
	events 21 25 >new.jsonl
	lt report --since-last st.json -f run.jsonl --json >inc.json
	lt report -f new.jsonl --json >alone.json
	diff -u alone.json inc.json
	# Scores 0.21 .. 0.25: their mean is 0.23.
	jq -e '.total_learning_events == 5 and .overall_performance.average == 0.23' inc.json
}

@test "since-last reads a task as its tasks file says, times measured or not" {
	export SOURCE_DATE_EPOCH=1795700000
	# a loss falling (score 1 - i/100) of a task whose tasks file says
	# min, with measured times: its trend improves, its best is the last
	events 1 20 | jq -c '.performance_score = 1 - .performance_score' >run.jsonl
	lt task set cls --mode min -f run.jsonl
	run lt report --since-last st.json -f run.jsonl --json
	assert_success
	diff -u <(lt report -f run.jsonl --json) <(echo "$output")
	jq -e '.task_analysis.cls | .direction == "min" and
	    .performance_trend.direction == "improving" and
	    .best_score == 0.8 and .best_episode == 20' <<<"$output"
}

@test "since-last with nothing new prints nothing, exits 1 and leaves the state as it was" {
	events 1 20 >run.jsonl
	lt report --since-last st.json -f run.jsonl >/dev/null
	cp st.json st.before
	run lt report --since-last st.json -f run.jsonl
	assert_failure 1
	assert_output ''
	cmp st.json st.before
	# As the README's cron line uses it.
	if lt report --since-last st.json -f run.jsonl >mail.txt; then
		false
	fi
	[ ! -s mail.txt ]
}

@test "since-last keeps one place per log, and the text report shows only the news" {
	events 1 10 a >a.jsonl
	events 1 10 b >b.jsonl
	lt report --since-last st.json -f a.jsonl -f b.jsonl >/dev/null
	jq -e '.lt_positions | length == 2' st.json
	events 11 13 b >>b.jsonl
	run lt report --since-last st.json -f a.jsonl -f b.jsonl --json
	assert_success
	jq -e '.total_learning_events == 3 and (.task_analysis | keys) == ["b"]' <<<"$output"
	jq -e '.lt_positions[] | select(.offset > 0)' st.json >/dev/null
}

@test "since-last notices a compacted log and says so" {
	events 1 30 >run.jsonl
	lt report --since-last st.json -f run.jsonl >/dev/null
	lt compact --max-history 10 -f run.jsonl 2>/dev/null
	run --separate-stderr lt report --since-last st.json -f run.jsonl --json
	assert_success
	[[ "$stderr" == *"lt report: run.jsonl was replaced or shortened since the last report (lt compact?): reporting it from its start"* ]]
	jq -e '.total_learning_events == 10' <<<"$output"
}

@test "since-last keeps the old state when the report cannot be written" {
	events 1 10 >run.jsonl
	lt report --since-last st.json -f run.jsonl >/dev/null
	cp st.json st.before
	events 11 12 >>run.jsonl
	# A full disk.
	run bash -c '"$LT" report --since-last st.json -f run.jsonl --json >/dev/full'
	assert_failure 2
	assert_output --partial 'cannot write the report; st.json keeps its place'
	cmp st.json st.before
	# A closed pipe: the reader went away before the report was out.
	# 500 tasks more make the report longer than a pipe holds (64 KiB),
	# so the writer is still writing when the reader goes, however
	# slow it is to start.
	for t in $(seq 500); do
		events 100 100 "t$t"
	done >>run.jsonl
	lt report --since-last st.json -f run.jsonl --json |
	    { exec 0<&-; sleep 1; } || true
	cmp st.json st.before
	run lt report --since-last st.json -f run.jsonl --json
	assert_success
	[ "${#output}" -gt 65536 ]
	jq -e '.total_learning_events == 502' <<<"$output"
}

@test "since-last leaves an unfinished last line for the next report" {
	events 1 10 >run.jsonl
	printf '{"timestamp":1795600811,"task_type":"cls",' >>run.jsonl
	run --separate-stderr lt report --since-last st.json -f run.jsonl --json
	assert_success
	[[ "$stderr" == *"run.jsonl:11: the last line has no newline yet; it is left for the next report"* ]]
	jq -e '.total_learning_events == 10' <<<"$output"
	printf '"performance_score":0.5,"learning_rate":0.01,"episode_count":11,"convergence_metric":0.5,"metadata":{}}\n' >>run.jsonl
	run lt report --since-last st.json -f run.jsonl --json
	assert_success
	jq -e '.total_learning_events == 1 and .overall_performance.average == 0.5' <<<"$output"
}

@test "since-last goes on under a CSV header in another order, naming lines rightly" {
	printf 'task_type,performance_score,timestamp,learning_rate,episode_count,convergence_metric,metadata\n' >run.csv
	printf 'cls,0.5,1795600801,0.01,1,0.5,{}\n' >>run.csv
	lt report --since-last st.json -f run.csv >/dev/null
	printf 'cls,0.75,1795600802,0.01,2,0.5,{}\nbroken\n' >>run.csv
	run --separate-stderr lt report --since-last st.json -f run.csv --json
	assert_success
	jq -e '.total_learning_events == 1 and .overall_performance.average == 0.75' <<<"$output"
	[[ "$stderr" == *"run.csv:4:"* ]]
}

@test "since-last refuses a bad state file, --last and standard input, and changes nothing" {
	events 1 5 >run.jsonl
	echo '{"other": 1}' >st.json
	checksum run.jsonl st.json >sums
	run lt report --since-last st.json -f run.jsonl
	assert_failure 2
	assert_output --partial 'st.json: is not a state file of lt report --since-last'
	run lt report --since-last new.json --last 3 -f run.jsonl
	assert_failure 2
	assert_output --partial 'exclude each other'
	run lt report --since-last new.json -f - <run.jsonl
	assert_failure 2
	run lt report --since-last new.json -f missing.jsonl
	assert_failure 2
	assert_output --partial 'missing.jsonl: no such log'
	[ "$(checksum run.jsonl st.json)" = "$(cat sums)" ]
	[ ! -e new.json ]
}
