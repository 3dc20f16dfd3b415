#!/usr/bin/env bats
# lt curve: a task's last points as columns, smoothed over every point.

load test_helper

# scores FILE TASK SCORE...: one event a second from 1795600800.
scores() {
	f=$1 task=$2
	shift 2
	printf '%s\n' "$@" | awk -v task="$task" '{
		printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + NR - 1, task, $1, NR * 10
	}' >>"$f"
}

@test "curve prints timestamp and score columns under a commented header" {
	scores run.jsonl cls 0.1 0.2 0.3
	scores run.jsonl other 0.9
	run lt curve cls -f run.jsonl
	assert_success
	assert_output "$(printf '# timestamp\tscore\n1795600800\t0.1\n1795600801\t0.2\n1795600802\t0.3')"
}

@test "curve --json has the class's timestamps and scores" {
	scores run.jsonl cls 0.1 0.2 0.3
	run lt curve cls -f run.jsonl --json
	assert_success
	assert_output '{"timestamps":[1795600800.0,1795600801.0,1795600802.0],"scores":[0.1,0.2,0.3]}'
}

@test "curve --window keeps the last N points, 100 by default, 0 for all" {
	record_n run.jsonl 150
	run lt curve cls -f run.jsonl --json
	jq -e '(.scores | length) == 100 and .scores[0] == 51 / 150' <<<"$output"
	run lt curve cls -f run.jsonl --window 5 --json
	jq -e '(.scores | length) == 5' <<<"$output"
	run lt curve cls -f run.jsonl --window 0 --json
	assert_success
	jq -e '(.scores | length) == 150' <<<"$output"
}

@test "curve --smooth ema matches TensorBoard's debiased EMA over every point" {
	scores run.jsonl cls 0.2 0.8 0.4 0.9 0.3 0.7 1 0.5
	# TensorBoard: last = last * w + (1 - w) * y; value = last / (1 - w^n),
	# starting from last = 0, over all eight points; then the window cuts.
	want=$(printf '%s\n' 0.2 0.8 0.4 0.9 0.3 0.7 1 0.5 | awk -v w=0.6 '{
		last = last * w + (1 - w) * $1; n++; v = last / (1 - w ^ n)
		if (NR > 5) printf "%.17g\n", v
	}')
	run lt curve cls -f run.jsonl --smooth ema:0.6 --window 3 --json
	assert_success
	got=$(jq '.smoothed[]' <<<"$output")
	paste <(echo "$got") <(echo "$want") | awk '{
		d = $1 - $2; if (d < 0) d = -d
		if (d > 1e-12 * $2) { print "got " $1 " want " $2; exit 1 } }'
	run lt curve cls -f run.jsonl --smooth 0.6 --window 3
	assert_line --index 0 "$(printf '# timestamp\tscore\tema:0.6')"
}

@test "curve --smooth sma and median use the points before the window" {
	scores run.jsonl cls 0.1 0.9 0.2 0.8 0.3
	run lt curve cls -f run.jsonl --smooth sma:3 --window 1 --json
	assert_success
	# (0.2 + 0.8 + 0.3) / 3
	jq -e '.smoothed[0] - 1.3 / 3 | fabs < 1e-15' <<<"$output"
	run lt curve cls -f run.jsonl --smooth median:3 --window 2 --json
	jq -e '.smoothed == [0.8, 0.3]' <<<"$output"
	run lt curve cls -f run.jsonl --smooth median:3 --window 2
	assert_line --index 0 "$(printf '# timestamp\tscore\tmedian:3')"
}

@test "curve --x episode puts the episode first" {
	scores run.jsonl cls 0.1 0.2
	run lt curve cls -f run.jsonl --x episode
	assert_output "$(printf '# episode\tscore\n10\t0.1\n20\t0.2')"
}

@test "curve --tsv and --csv give ISO times" {
	scores run.jsonl cls 0.25
	run lt curve cls -f run.jsonl --csv
	assert_output "$(printf 'timestamp,score\n2026-11-25T10:00:00Z,0.25')"
}

@test "curve rejects a bad smoother, a negative window, no task and an unknown task" {
	scores run.jsonl cls 0.1 0.2
	sum=$(checksum run.jsonl)
	run lt curve cls -f run.jsonl --smooth ema:1.5
	assert_failure 2
	assert_output --partial 'lt curve: --smooth'
	run lt curve cls -f run.jsonl --window -2
	assert_failure 2
	run lt curve -f run.jsonl
	assert_failure 2
	run lt curve nosuch -f run.jsonl
	assert_failure 2
	assert_output --partial 'nosuch'
	[ "$(checksum run.jsonl)" = "$sum" ]
}

@test "curve reads standard input" {
	scores run.jsonl cls 0.5
	run lt curve cls -f - --json <run.jsonl
	assert_success
	assert_output '{"timestamps":[1795600800.0],"scores":[0.5]}'
}

@test "curve -t names the task, --until ends the points, --strict refuses a bad line" {
	record_n run.jsonl 5
	record_n run.jsonl 3 other
	run lt curve -t cls -f run.jsonl --until 1795600803 --tsv
	assert_success
	# scores i/5 at 1795600800 + i, i = 1 ... 3
	assert_output 'timestamp	score
2026-11-25T10:00:01Z	0.2
2026-11-25T10:00:02Z	0.4
2026-11-25T10:00:03Z	0.6'
	printf '{"broken\n' >>run.jsonl
	run --separate-stderr lt curve cls -f run.jsonl --strict
	assert_failure 2
	assert_output ''
	[[ $stderr == 'lt curve: run.jsonl:9: '* ]]
	run --separate-stderr lt curve cls -f run.jsonl
	assert_success
	[ "${#lines[@]}" -eq 6 ]
}

@test "curve names a min task's score, says lower is better and marks the best point, as for the max task" {
	mirror_logs
	run lt curve acc -f min.jsonl --x episode -w 12
	assert_success
	assert_line -n 0 "# episode	error"
	assert_line -n 1 "# lower is better; best at 30: 0.2"
	# the max log has no tasks file: the class's curve, unchanged
	run lt curve acc -f max.jsonl --x episode -w 12 --json
	assert_success
	jq -e 'keys == ["scores", "timestamps", "x"]' <<<"$output"
	max_best=$(jq '.scores | index(max)' <<<"$output")
	run lt curve acc -f min.jsonl --x episode -w 12 --json
	jq -e '.direction == "min" and .score_name == "error" and
	    .scores[.best] == 0.2 and .x[.best] == 30' <<<"$output"
	[ "$(jq .best <<<"$output")" = "$max_best" ]
	run lt curve acc -f max.jsonl --x episode -w 12 --mode max --json
	jq -e '.direction == "max" and .score_name == "performance_score" and
	    .x[.best] == 30' <<<"$output"
}
