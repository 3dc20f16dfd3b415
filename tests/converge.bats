#!/usr/bin/env bats
# lt converge: convergences (convergence_metric under a threshold) by task.

load test_helper

# conv FILE TASK C...: one event a minute from 1795600800, episodes 1, 2...
conv() {
	f=$1 task=$2
	shift 2
	printf '%s\n' "$@" | awk -v task="$task" -v t0="${T0:-1795600800}" '{
		printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":0.5,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", t0 + (NR - 1) * 60, task, NR, $1
	}' >>"$f"
}

@test "converge counts five convergences out of fifteen events, as the class's test" {
	conv run.jsonl cls 0.5 0.4 0.3 0.2 0.1 0.05 0.02 0.011 0.01 0.01 0.009 0.005 0.004 0.003 0.002
	run lt converge -f run.jsonl --json
	assert_success
	# 0.01 is not under 0.01.  The first convergence is the 11th event
	# (t0 + 600 s), the last event the 15th (t0 + 840 s): 5 in 240 s, 75
	# per hour; their mean (0.009 + 0.005 + 0.004 + 0.003 + 0.002) / 5.
	jq -e '.total_convergences == 5 and .convergence_rate == 75' <<<"$output"
	jq -e '.task_statistics.cls | .count == 5 and
	    (.avg_convergence_metric - 0.0046 | fabs) < 1e-15 and
	    .last_convergence == 1795601640 and
	    .first_convergence_episode == 11' <<<"$output"
	jq -e '.recent_convergences[0] == [1795601400, "cls", 0.009] and
	    (.recent_convergences | length) == 5' <<<"$output"
}

@test "converge keeps the last ten convergences and takes --threshold" {
	conv run.jsonl cls 0.1 0.2 0.3 0.1 0.2 0.3 0.1 0.2 0.3 0.1 0.2 0.3 0.25 0.05 0.04
	run lt converge -f run.jsonl --threshold 0.3 --json
	assert_success
	# eleven under 0.3; the first of them drops out of the last ten
	jq -e '.total_convergences == 11 and (.recent_convergences | length) == 10
	    and .recent_convergences[9][2] == 0.04
	    and .recent_convergences[0][0] == 1795600860' <<<"$output"
}

@test "converge reports tasks apart and in text" {
	conv run.jsonl a 0.001 0.5
	T0=1795600830 conv run.jsonl b 0.002 0.003
	run lt converge -f run.jsonl
	assert_success
	assert_line --index 0 'total_convergences  3'
	assert_line --regexp '^a +1 +0\.001000 +1 +2026-11-25 10:00:00$'
	assert_line --regexp '^b +2 +0\.002500 +1 +2026-11-25 10:01:30$'
}

@test "converge takes tasks as operands, as trend does" {
	conv run.jsonl a 0.001 0.5
	T0=1795600830 conv run.jsonl b 0.002 0.003
	run lt converge b -f run.jsonl --json
	assert_success
	# b alone: its two events both under 0.01, 0.0025 their mean
	jq -e '.total_convergences == 2 and (.task_statistics | keys) == ["b"]
	    and .task_statistics.b.avg_convergence_metric == 0.0025' <<<"$output"
	[ "$output" = "$(lt converge -t b -f run.jsonl --json)" ]
	run lt converge c -f run.jsonl
	assert_failure 2
	assert_output --partial '"c"'
}

@test "converge of a log without convergences is zeros" {
	conv run.jsonl cls 0.5 0.6
	run lt converge -f run.jsonl --json
	assert_success
	assert_output '{"total_convergences":0,"convergence_rate":0.0,"task_statistics":{},"recent_convergences":[]}'
}

@test "converge rejects a bad threshold and a missing log" {
	run lt converge -f run.jsonl
	assert_failure 2
	assert_output --partial 'run.jsonl'
	conv run.jsonl cls 0.5
	run lt converge -f run.jsonl --threshold abc
	assert_failure 2
	assert_output --partial 'lt converge: --threshold "abc"'
}

@test "converge --task selects tasks, and a task without events is an error" {
	conv run.jsonl a 0.001 0.5
	conv run.jsonl b 0.002
	run lt converge -f run.jsonl --task b --json
	assert_success
	jq -e '.total_convergences == 1 and (.task_statistics | keys) == ["b"]' <<<"$output"
	run lt converge -f run.jsonl --task nosuch
	assert_failure 2
	assert_output --partial '"nosuch"'
}

@test "converge --since and --until count the convergences of the span" {
	# convergence_metric 1/i at 1795600800 + i: under 0.01 from i = 101
	record_n run.jsonl 120
	run lt converge -f run.jsonl --since 1795600911 --until 1795600915 --json
	assert_success
	# i = 111 ... 115: five convergences, all of them
	assert_equal "$(jq .total_convergences <<<"$output")" 5
	run lt converge -f run.jsonl --until 1795600905 --json
	# i = 101 ... 105
	assert_equal "$(jq .total_convergences <<<"$output")" 5
	assert_equal "$(jq -c '.recent_convergences[-1][0]' <<<"$output")" 1795600905
}

@test "converge counts a min task's convergences as a max task's, and refuses logs that disagree" {
	mirror_logs
	# the convergence metric, not the score, converges: the same counts
	sed 's/"convergence_metric":0.5/"convergence_metric":0.005/' \
	    max.jsonl >cmax.jsonl
	sed 's/"convergence_metric":0.5/"convergence_metric":0.005/' \
	    min.jsonl >cmin.jsonl
	cp min.tasks.jsonl cmin.tasks.jsonl
	run lt converge -f cmax.jsonl --json
	max=$(jq -c '.task_statistics' <<<"$output")
	run lt converge -f cmin.jsonl --json
	assert_success
	[ "$(jq -c '.task_statistics' <<<"$output")" = "$max" ]
	jq -e '.total_convergences == 40' <<<"$output"
	printf '%s\n' '{"time":1,"task":"acc","direction":"max"}' \
	    >cmax.tasks.jsonl
	run lt converge -f cmin.jsonl -f cmax.jsonl
	assert_failure 2
	assert_output --partial 'task "acc" is min in cmin.tasks.jsonl but max in cmax.tasks.jsonl'
}
