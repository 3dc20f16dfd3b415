#!/usr/bin/env bats
# lt task: the tasks of a log with their direction and score name; set.

load test_helper

@test "task list shows each task's direction, score name, events and span" {
	mirror_logs
	run lt task list -f min.jsonl --tsv
	assert_success
	assert_output "task	direction	score_name	times	events	first	last
acc	min	error	measured	40	2026-11-25T10:01:00Z	2026-11-25T10:40:00Z"
	# a log without a tasks file: the defaults, marked in text
	run lt task list -f max.jsonl
	assert_success
	assert_line -n 1 --regexp '^acc +max \(default\) +performance_score \(default\) +measured +40 +2026-11-25 10:01:00 +2026-11-25 10:40:00$'
	run lt task list -f min.jsonl --json
	jq -e '. == [{"task": "acc", "direction": "min", "score_name": "error",
	    "times": "measured", "events": 40, "first": 1795600860,
	    "last": 1795603200}]' <<<"$output"
}

@test "task list names a task only the tasks file knows, and selects tasks" {
	record_n run.jsonl 3 cls
	record_n run.jsonl 2 det
	printf '%s\n' '{"time":1,"task":"seg","direction":"min"}' \
	    >run.tasks.jsonl
	run lt task list -f run.jsonl --csv
	assert_success
	assert_line -n 1 "cls,max,performance_score,measured,3,2026-11-25T10:00:01Z,2026-11-25T10:00:03Z"
	assert_line -n 2 "det,max,performance_score,measured,2,2026-11-25T10:00:01Z,2026-11-25T10:00:02Z"
	assert_line -n 3 "seg,min,performance_score,measured,0,,"
	run lt task list det -f run.jsonl --csv
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run lt task list -t nope -f run.jsonl
	assert_failure 2
	assert_output --partial 'no events of task "nope"'
}

@test "task set changes a direction after the fact, and every command reads it so" {
	mirror_logs
	cp max.jsonl acc.jsonl
	# acc.jsonl holds the rising accuracy: read as min it is declining
	run --separate-stderr lt task set acc -f acc.jsonl --mode min \
	    --score-name accuracy --no-sync
	assert_success
	[ "$stderr" = 'lt task: task "acc" now has direction min and score name "accuracy" (acc.tasks.jsonl)' ]
	run lt trend acc -f acc.jsonl --check declining
	assert_success
	run --separate-stderr lt task set acc -f acc.jsonl --mode min
	assert_success
	[ "$stderr" = "" ]
	[ "$(wc -l <acc.tasks.jsonl)" -eq 1 ]
	lt task set acc -f acc.jsonl --mode max --no-sync 2>/dev/null
	run lt trend acc -f acc.jsonl --check improving
	assert_success
	run lt task list -f acc.jsonl --tsv
	assert_line -n 1 --partial "acc	max	accuracy	"
}

@test "task set refuses an unknown task, no change, standard input and several logs, writing nothing" {
	mirror_logs
	before=$(checksum max.jsonl min.jsonl min.tasks.jsonl)
	run lt task set acx -f min.jsonl --mode max
	assert_failure 2
	assert_output --partial 'did you mean "acc"?'
	run lt task set acc -f min.jsonl
	assert_failure 2
	assert_output --partial 'set needs --mode or --score-name'
	run lt task set acc -f min.jsonl -f max.jsonl --mode max
	assert_failure 2
	run lt task set acc -f - --mode max <min.jsonl
	assert_failure 2
	assert_output --partial 'standard input has no tasks file'
	run lt task set acc -f min.jsonl --score-name ''
	assert_failure 2
	run lt task list --json -f max.jsonl
	assert_success
	[ "$(checksum max.jsonl min.jsonl min.tasks.jsonl)" = "$before" ]
	[ ! -e max.tasks.jsonl ]
}

@test "task list of logs whose tasks files disagree exits 2 naming both" {
	mirror_logs
	printf '%s\n' '{"time":1,"task":"acc","direction":"max"}' \
	    >max.tasks.jsonl
	run lt task list -f max.jsonl -f min.jsonl --since 2026-11-25 \
	    --until 2026-11-26 --strict
	assert_failure 2
	assert_output 'lt task: task "acc" is max in max.tasks.jsonl but min in min.tasks.jsonl (lt task sets a direction)'
}
