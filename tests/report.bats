#!/usr/bin/env bats
# lt report: the class's generate_learning_report, whole log or --last N.

load test_helper

bats_require_minimum_version 1.5.0

# mixed FILE: 30 events of two tasks with known scores and rates.
mixed() {
	awk 'BEGIN {
		for (i = 1; i <= 30; i++) {
			task = i % 3 ? "a" : "b"
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":%.17g,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600800 + i * 60, task, (i * 7 % 30) / 30, i / 1000, i, (i > 25 ? 0.001 : 0.5)
		}
	}' >"$1"
}

# near GOT WANT: relative difference at most 1e-9.
near() {
	awk -v g="$1" -v w="$2" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		m = (g < 0 ? -g : g); if ((w < 0 ? -w : w) > m) m = (w < 0 ? -w : w)
		if (d > 1e-9 * m) { print "got " g ", want " w; exit 1 }
	}'
}

@test "report over the whole log has the class's keys and numbers" {
	mixed run.jsonl
	run lt report -f run.jsonl --json
	assert_success
	r=$output
	jq -e '.total_learning_events == 30 and .recent_events_analyzed == 30' <<<"$r"
	# mean and population sd of (7i mod 30) / 30, i = 1..30, and of i/1000
	read -r mean sd lr <<<"$(awk 'BEGIN {
		for (i = 1; i <= 30; i++) { s[i] = (i * 7 % 30) / 30; t += s[i]; l += i / 1000 }
		m = t / 30
		for (i = 1; i <= 30; i++) q += (s[i] - m) ^ 2
		printf "%.17g %.17g %.17g\n", m, sqrt(q / 30), l / 30 }')"
	near "$(jq .overall_performance.average <<<"$r")" "$mean"
	near "$(jq .overall_performance.std_deviation <<<"$r")" "$sd"
	near "$(jq .learning_dynamics.average_learning_rate <<<"$r")" "$lr"
	jq -e '.overall_performance.min == 0 and
	    (.overall_performance.max - 29 / 30 | fabs) < 1e-15' <<<"$r"
	# a: the 20 events i % 3 != 0, last i = 29, score 203 mod 30 = 23
	jq -e '.task_analysis.a.event_count == 20 and
	    .task_analysis.a.latest_score == 23 / 30 and
	    .task_analysis.b.event_count == 10 and
	    .task_analysis.b.latest_score == 0 and
	    .task_analysis.a.performance_trend.n == 20 and
	    (.task_analysis.a.performance_trend | keys_unsorted) == ["trend",
	    "confidence", "recent_avg", "improvement_rate", "n", "intercept",
	    "p_value", "stderr", "direction"]' <<<"$r"
	jq -e '.learning_dynamics.convergence_analysis.total_convergences == 5' <<<"$r"
	# 29 minutes from the first event to the last
	near "$(jq .time_span_hours <<<"$r")" "$(awk 'BEGIN { printf "%.17g", 29 / 60 }')"
	jq -e '.goal_summary == {"total_goals": 0, "completed_goals": 0,
	    "active_goals": 0, "completion_rate": 0, "avg_completion_time": 0,
	    "goals": []}' <<<"$r"
	jq -e '.report_timestamp > 1700000000' <<<"$r"
}

@test "report --last N analyses the last N events and the trend on the whole log" {
	mixed run.jsonl
	run lt report -f run.jsonl --last 4 --json
	assert_success
	r=$output
	# events 27..30: a at 28, 29; b at 27, 30
	read -r mean <<<"$(awk 'BEGIN { for (i = 27; i <= 30; i++) t += (i * 7 % 30) / 30; printf "%.17g\n", t / 4 }')"
	near "$(jq .overall_performance.average <<<"$r")" "$mean"
	jq -e '.total_learning_events == 30 and .recent_events_analyzed == 4 and
	    .task_analysis.a.event_count == 2 and .task_analysis.b.event_count == 2
	    and .task_analysis.a.performance_trend.n == 20
	    and .learning_dynamics.convergence_analysis.total_convergences == 5' <<<"$r"
	near "$(jq .time_span_hours <<<"$r")" 0.05
	run lt report -f run.jsonl --last 1 --json
	jq -e '(.task_analysis | keys) == ["b"]' <<<"$output"
}

@test "report of an empty log is a report of zero events" {
	printf '%s\n' 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata' >empty.csv
	: >empty.jsonl
	for f in empty.csv empty.jsonl; do
		run lt report -f $f --json
		assert_success
		jq -e '.total_learning_events == 0 and .task_analysis == {} and
		    .overall_performance.average == 0' <<<"$output"
	done
	run lt report -f empty.csv
	assert_success
	assert_output --partial 'total events'
}

@test "report text and markdown show the sections" {
	mixed run.jsonl
	run lt report -f run.jsonl
	assert_success
	assert_line 'Learning report'
	assert_line --regexp '^a +20 +'
	run lt report -f run.jsonl --markdown
	assert_success
	assert_line '# Learning report'
	assert_line '## Tasks'
	assert_line --partial '| task | events |'
}

@test "report selects with --task, --since and --until, and merges logs" {
	mixed run.jsonl
	run lt report -f run.jsonl --task b --json
	jq -e '.total_learning_events == 10 and (.task_analysis | keys) == ["b"]' <<<"$output"
	run lt report -f run.jsonl --since 1795600860 --until 1795601100 --json
	jq -e '.total_learning_events == 5' <<<"$output"
	head -10 run.jsonl >one.jsonl
	tail -20 run.jsonl >two.jsonl
	run lt report -f two.jsonl -f one.jsonl --json
	jq -e '.total_learning_events == 30 and .task_analysis.a.latest_score == 23 / 30' <<<"$output"
	run lt report -f - --json <run.jsonl
	jq -e '.total_learning_events == 30' <<<"$output"
}

@test "report reads a CSV log written by lt record" {
	mixed run.jsonl
	lt record --batch --no-sync -f run.csv <run.jsonl
	run lt report -f run.csv --json
	assert_success
	jq -e '.total_learning_events == 30 and .task_analysis.a.event_count == 20' <<<"$output"
}

@test "report warns of foreign lines and --strict refuses them" {
	mixed run.jsonl
	sed -i '5s/.*/this is not an event/' run.jsonl
	sum=$(checksum run.jsonl)
	run lt report -f run.jsonl --json
	assert_success
	assert_output --partial 'lt report: warning: run.jsonl:5:'
	assert_output --partial '1 bad line skipped'
	run lt report -f run.jsonl --strict
	assert_failure 2
	assert_output --partial 'run.jsonl:5'
	[ "$(checksum run.jsonl)" = "$sum" ]
}

@test "report rejects a missing log, an unknown task, a bad time and a bad --last" {
	run lt report -f missing.jsonl
	assert_failure 2
	assert_output --partial 'lt report: '
	mixed run.jsonl
	run lt report -f run.jsonl --task nosuch
	assert_failure 2
	assert_output --partial '"nosuch"'
	run lt report -f run.jsonl --until not-a-time
	assert_failure 2
	run lt report -f run.jsonl --last -5
	assert_failure 2
	run lt report -f run.jsonl extra
	assert_failure 2
}

# big FILE FORMAT: 40000 events of three tasks (about 7 MB of JSONL, 2.5 MB
# of CSV, so that two threads decode it in chunks), with foreign lines, a
# blank line, a CRLF line, a line of 700 kB that spans chunks, and a torn
# last line.
big() {
	awk -v fmt="$2" 'BEGIN {
		if (fmt == "csv")
			print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		blob = "x"
		while (length(blob) < 700000) blob = blob blob
		for (i = 1; i <= 40000; i++) {
			t = "t" (i % 3); s = (i * 7919 % 1000) / 1000
			if (i == 5000 || i == 23456) { print "not an event"; continue }
			if (i == 777) { print ""; continue }
			m = (i == 30000) ? "{\"blob\":\"" blob "\"}" : "{}"
			if (fmt == "csv") {
				if (i == 30000) m = "\"{\"\"blob\"\":\"\"" blob "\"\"}\""
				printf "%d,%s,%s,0.01,%d,%s,%s%s\n", 1795600800 + i, t, s, i, (i % 50 == 0 ? 0.001 : 0.5), m, (i == 12345 ? "\r" : "")
			} else
				printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":%s}%s\n", 1795600800 + i, t, s, i, (i % 50 == 0 ? 0.001 : 0.5), m, (i == 12345 ? "\r" : "")
		}
		printf "{\"timestamp\":17956"
	}' >"$1"
}

@test "report on a big log decoded by two threads equals the one-thread reading" {
	for f in csv jsonl; do
		big big.$f $f
		[ "$(wc -c <big.$f)" -gt 2200000 ]
		run lt report -f big.$f --json
		assert_success
		two=$(jq -c 'del(.report_timestamp)' <<<"${lines[-1]}")
		warn2=$(printf '%s\n' "${lines[@]}" | grep '^lt report: warning')
		LT_THREADS=1 run lt report -f big.$f --json
		assert_success
		one=$(jq -c 'del(.report_timestamp)' <<<"${lines[-1]}")
		warn1=$(printf '%s\n' "${lines[@]}" | grep '^lt report: warning')
		[ "$two" = "$one" ]
		[ "$warn2" = "$warn1" ]
		jq -e '.total_learning_events == 39997' <<<"$one"
		# the foreign lines, where they are in the file
		off=$([ $f = csv ] && echo 1 || echo 0)
		grep -q "big.$f:$((5000 + off)):" <<<"$warn2"
		grep -q "big.$f:$((23456 + off)):" <<<"$warn2"
		grep -q "big.$f:$((40001 + off)):" <<<"$warn2"
		grep -q '3 bad lines skipped' <<<"$warn2"
		run lt report -f big.$f --strict
		assert_failure 2
		assert_output --partial "big.$f:$((5000 + off)):"
	done
}

@test "report carries the goal summary of the goals log beside the log" {
	record_n run.jsonl 10
	lt goal -f run.jsonl add acc --target 0.5 --time 1795600800
	lt goal -f run.jsonl update acc 0.5 --time 1795600900
	lt goal -f run.jsonl add loss --target 0.01 --direction min --time 1795600800
	lt goal -f run.jsonl update loss 0.2 --time 1795600900
	run lt report -f run.jsonl --json
	assert_success
	# acc completed 100 s after its creation; loss is open: 2 goals,
	# 1 completed, 1 active, rate 1/2, average completion time 100 s.
	jq -e '.goal_summary | .total_goals == 2 and .completed_goals == 1 and
	    .active_goals == 1 and .completion_rate == 0.5 and
	    .avg_completion_time == 100 and
	    ([.goals[].goal_id] == ["acc", "loss"])' <<<"$output"
	run lt report -f run.jsonl
	assert_success
	assert_line --regexp '^acc +0\.5000 +0\.5000 +100\.0 +#{20} +completed$'
	assert_line --regexp '^loss +0\.2000 +0\.0100 +0\.0 +\.{20} +active$'
}

@test "report reads the goals log named by --goals" {
	record_n run.jsonl 10
	lt goal --goals other.jsonl add g1 --target 1
	run lt report -f run.jsonl --goals other.jsonl --json
	assert_success
	jq -e '.goal_summary.total_goals == 1' <<<"$output"
}

@test "report refuses an LT_THREADS that is not a number of threads" {
	record_n run.jsonl 3
	for bad in 0 9 two -1 1.5; do
		LT_THREADS=$bad run --separate-stderr lt report -f run.jsonl --json
		assert_failure 2
		[ "$stderr" = "lt report: LT_THREADS \"$bad\" is not a number of threads from 1 to 8" ] ||
		    fail "$bad: $stderr"
	done
	LT_THREADS=8 run lt report -f run.jsonl --json
	assert_success
}

@test "a big CSV log with a second header in another column order is read in each order" {
	# Two logs concatenated (about 6 MB, read on two threads): A under
	# lt's header, B with the score and convergence columns swapped;
	# every row means score 0.25, so each task averages 0.25 exactly.
	awk 'BEGIN {
		print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 1; i <= 50000; i++) printf "%d,a,0.25,0.1,%d,0.75,{}\n", 1795600800 + i, i
		print "timestamp,task_type,convergence_metric,learning_rate,episode_count,performance_score,metadata"
		for (i = 1; i <= 50000; i++) printf "%d,b,0.75,0.1,%d,0.25,{}\n", 1795700800 + i, i
	}' >cat.csv
	for threads in 1 2; do
		run env LT_THREADS=$threads "$LT" report -f cat.csv --json
		assert_success
		jq -e '.task_analysis.a.avg_performance == 0.25 and
		    .task_analysis.b.avg_performance == 0.25 and
		    .total_learning_events == 100000' <<<"$output"
	done
}

@test "report takes its report_timestamp from SOURCE_DATE_EPOCH, and refuses a bad one" {
	record_n run.jsonl 3
	SOURCE_DATE_EPOCH=1795600800 run lt report -f run.jsonl --json
	assert_success
	jq -e '.report_timestamp == 1795600800' <<<"$output"
	# TZ=UTC: the text's "generated" line is the same second
	SOURCE_DATE_EPOCH=1795600800 run lt report -f run.jsonl
	assert_line --regexp '^generated +2026-11-25 10:00:00$'
	for bad in 1795600800.5 -1 17x ' 1'; do
		SOURCE_DATE_EPOCH=$bad run --separate-stderr lt report -f run.jsonl
		assert_failure 2
		assert_equal "$output" ''
		assert_equal "$stderr" "lt report: SOURCE_DATE_EPOCH \"$bad\" is not a whole number of seconds"
	done
}

@test "report refuses a goals log named by --goals that does not exist" {
	record_n run.jsonl 2
	run --separate-stderr lt report -f run.jsonl --goals nope.jsonl
	assert_failure 2
	assert_output ''
	[ "$stderr" = 'lt report: nope.jsonl: cannot open the goals log: No such file or directory' ]
}

@test "report reads a min task's falling error as improving, with the max task's p-value and best episode" {
	mirror_logs
	run lt report -f max.jsonl --json
	assert_success
	max=$output
	run lt report -f min.jsonl --json
	assert_success
	min=$output
	jq -e '.task_analysis.acc.performance_trend.direction == "improving"' \
	    <<<"$max"
	jq -e '.task_analysis.acc.performance_trend.direction == "improving"' \
	    <<<"$min"
	near "$(jq .task_analysis.acc.performance_trend.p_value <<<"$min")" \
	    "$(jq .task_analysis.acc.performance_trend.p_value <<<"$max")"
	# a log without a tasks file keeps the class's keys, nothing more
	jq -e '.task_analysis.acc | keys == ["avg_performance", "event_count",
	    "latest_score", "performance_trend"]' <<<"$max"
	jq -e 'has("overall_by_score_name") | not' <<<"$max"
	# the min task's best is the lowest error, 1 - 0.8 at episode 30,
	# the episode of the max task's best accuracy (mirror_logs)
	jq -e '.task_analysis.acc | .direction == "min" and
	    .score_name == "error" and .best_score == 0.2 and
	    .best_episode == 30 and .best_timestamp == 1795602600' <<<"$min"
	run lt report -f min.jsonl
	assert_success
	assert_output --regexp 'acc +40 +0\.3162 +0\.2480 .* improving \(p < 0\.001\) +error +min +0\.2000 +30 +2026-11-25 10:30:00'
}

@test "report --mode max reads the min task as declining for one run" {
	mirror_logs
	run lt report -f min.jsonl --mode max --json
	assert_success
	jq -e '.task_analysis.acc | .performance_trend.direction ==
	    "declining" and .direction == "max" and .best_score == 0.484 and
	    .best_episode == 1' <<<"$output"
}

@test "report does not pool tasks of different score names without saying so" {
	mirror_logs
	# acc is max (no line), err is min: the class's pooled overall stays,
	# and each score name gets its own summary: by mirror_logs's formula
	# the accuracy runs from 0.516 (episode 1) to 0.8, the error from 0.2
	# to 0.484, and the error's mean is 1 - the accuracy's, 0.31625
	sed 's/"acc"/"err"/' min.jsonl >>max.jsonl
	printf '%s\n' '{"time":1,"task":"err","direction":"min","score_name":"error"}' \
	    >max.tasks.jsonl
	run lt report -f max.jsonl --json
	assert_success
	want=$(jq -s '[.[] | .performance_score] | add / length' max.jsonl)
	near "$(jq .overall_performance.average <<<"$output")" "$want"
	jq -e '.overall_by_score_name | length == 2' <<<"$output"
	jq -e '.overall_by_score_name[0] | .score_name == "performance_score"
	    and .direction == "max" and .tasks == 1 and .events == 40 and
	    .min == 0.516 and .max == 0.8' <<<"$output"
	jq -e '.overall_by_score_name[1] | .score_name == "error" and
	    .direction == "min" and .tasks == 1 and .events == 40 and
	    .min == 0.2 and .max == 0.484' <<<"$output"
	near "$(jq '.overall_by_score_name[1].average' <<<"$output")" 0.31625
	run lt report -f max.jsonl
	assert_output --partial 'Overall performance (pooled across score names and directions)'
	assert_output --regexp 'error +min +1 +40 +0\.3162'
}

@test "report's median is numpy's, on a real run and past what memory keeps" {
	# Hopper seed 0 (SB3 monitor.csv): the median of its 1324 returns,
	# sorted with sort -g: the mean of the two middle ones
	lt import -f run.jsonl "$FIXTURES/rl-seeds/hopper-ppo-seed0.monitor.csv"
	run lt report -f run.jsonl --json
	assert_success
	want=$(jq -r .performance_score run.jsonl | sort -g | awk '{ v[NR] = $1 }
	    END { printf "%.17g\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	near "$(jq .overall_performance.median <<<"$output")" "$want"
	# 300001 scores, more than the 131072 kept in memory: the rest wait
	# in a temporary file; the middle of the sorted scores, bit for bit
	awk 'BEGIN {
		srand(5)
		print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 0; i < 300001; i++)
			printf "%d,t,%.17g,0.1,%d,0.5,{}\n", 1795600800 + i, rand() * 2 - 0.5, i
	}' >big.csv
	want=$(tail -n +2 big.csv | cut -d, -f3 | sort -g | sed -n 150001p)
	run lt report -f big.csv --json
	assert_success
	[ "$(jq .overall_performance.median <<<"$output")" = "$(jq -n "$want")" ] ||
	    fail "median $(jq .overall_performance.median <<<"$output"), want $want"
	# --last 200000: the sorted last 200000, the two middle ones halved
	want=$(tail -n 200000 big.csv | cut -d, -f3 | sort -g | sed -n '100000p;100001p' |
	    awk '{ v[NR] = $1 } END { printf "%.17g\n", (v[1] + v[2]) / 2 }')
	run lt report -f big.csv --json --last 200000
	assert_success
	near "$(jq .overall_performance.median <<<"$output")" "$want"
	# a second score name after the first's scores went to the file:
	# the first group's median is still that of its 300001 scores (the
	# group takes the file's values when the second group appears), the
	# second's the middle of 0.3, 0.1, 0.2
	printf '%s\n' '{"time":1,"task":"u","direction":"min","score_name":"loss"}' \
	    >big.tasks.jsonl
	printf '%s\n' 1795900802,u,0.3,0.1,1,0.5,{} 1795900803,u,0.1,0.1,2,0.5,{} \
	    1795900804,u,0.2,0.1,3,0.5,{} >>big.csv
	want=$(sed -n 2,300002p big.csv | cut -d, -f3 | sort -g | sed -n 150001p)
	run lt report -f big.csv --json
	assert_success
	jq -e '.overall_by_score_name | length == 2' <<<"$output"
	[ "$(jq '.overall_by_score_name[0].median' <<<"$output")" = "$(jq -n "$want")" ] ||
	    fail "median $(jq '.overall_by_score_name[0].median' <<<"$output"), want $want"
	jq -e '.overall_by_score_name[0].events == 300001 and
	    .overall_by_score_name[1].events == 3 and
	    .overall_by_score_name[1].median == 0.2' <<<"$output"
}

@test "report's median of many scores with few distinct values is numpy's" {
	# 200000 scores of three decimals (at most 1001 distinct values,
	# which the report counts rather than keeps), half under 0.5 and
	# half over: the two middle ones of the sorted scores differ, halved
	awk 'BEGIN {
		srand(7)
		print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 0; i < 200000; i++)
			printf "%d,t,%.3f,0.1,%d,0.5,{}\n", 1795600800 + i,
			    i % 2 ? 0.499 * rand() : 0.501 + 0.499 * rand(), i
	}' >few.csv
	want=$(tail -n +2 few.csv | cut -d, -f3 | sort -g | sed -n '100000p;100001p' |
	    awk '{ v[NR] = $1 } END { printf "%.17g\n", (v[1] + v[2]) / 2 }')
	run lt report -f few.csv --json
	assert_success
	[ "$(jq .overall_performance.median <<<"$output")" = "$(jq -n "$want")" ] ||
	    fail "median $(jq .overall_performance.median <<<"$output"), want $want"
	# one more score: the middle one itself
	echo 1795900800,t,0.5,0.1,1,0.5,{} >>few.csv
	want=$(tail -n +2 few.csv | cut -d, -f3 | sort -g | sed -n 100001p)
	run lt report -f few.csv --json
	assert_success
	[ "$(jq .overall_performance.median <<<"$output")" = "$(jq -n "$want")" ] ||
	    fail "median $(jq .overall_performance.median <<<"$output"), want $want"
}

@test "report gives no best time to a task whose times only keep their order" {
	# A Keras CSVLogger log has epochs, no times: its import stamps the
	# events in order and says so in the tasks file.  The best
	# val_accuracy (column 8) and its epoch, from the log by awk.
	log=$FIXTURES/keras-csvlogger/brats2020-unet-training.log
	want=$(awk -F, 'NR > 1 && (best == "" || $8 > best) { best = $8; ep = $1 }
	    END { print ep }' "$log")
	run lt import -f run.jsonl "$log"
	assert_success
	run lt report -f run.jsonl --json
	assert_success
	jq -e --argjson ep "$want" '.time_span_hours == null and
	    (.task_analysis[] | .best_episode == $ep and
	    .best_timestamp == null)' <<<"$output"
	run lt report -f run.jsonl
	assert_success
	assert_output --regexp "val_accuracy +max +0\.9884 +$want +-"$'\n'
}
