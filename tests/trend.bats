#!/usr/bin/env bats
# lt trend: least-squares trend per task, its class keys, and --check.

load test_helper

# jsonl_scores FILE TASK SCORE...: one event a second from 1795600800.
jsonl_scores() {
	f=$1 task=$2
	shift 2
	printf '%s\n' "$@" | awk -v task="$task" '{
		printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + NR - 1, task, $1, (NR - 1) * 10
	}' >>"$f"
}

# near GOT WANT: relative difference at most 1e-9.
near() {
	awk -v g="$1" -v w="$2" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		m = (g < 0 ? -g : g); if ((w < 0 ? -w : w) > m) m = (w < 0 ? -w : w)
		if (d > 1e-9 * m) { print "got " g ", want " w; exit 1 }
	}'
}

@test "trend of ten points 0.5 to 0.95 is 0.05 with confidence 1, as the class's test" {
	jsonl_scores run.jsonl cls 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0.85 0.9 0.95
	run lt trend cls -f run.jsonl --json
	assert_success
	near "$(jq .trend <<<"$output")" 0.05
	near "$(jq .confidence <<<"$output")" 1
	near "$(jq .recent_avg <<<"$output")" 0.725
	near "$(jq .improvement_rate <<<"$output")" 0.5
	[ "$(jq -r .direction <<<"$output")" = improving ]
	[ "$(jq .n <<<"$output")" = 10 ]
}

@test "trend of twenty linear points has a positive slope and confidence above 0.9" {
	record_n run.jsonl 20
	run lt trend -f run.jsonl --json cls
	assert_success
	jq -e '.trend > 0 and .confidence > 0.9' <<<"$output"
}

@test "trend gives slope, intercept, r2, p-value and stderr of a known data set" {
	ys="0.50 0.52 0.49 0.55 0.53 0.51 0.56 0.54 0.58 0.52 0.57 0.55"
	# shellcheck disable=SC2086
	jsonl_scores run.jsonl cls $ys
	run lt trend cls -f run.jsonl --json
	assert_success
	# Least squares by hand, and the two-sided p of Student's t with an
	# even number of degrees of freedom (10) by its closed form:
	# P(|T| < t) = sin q (1 + cos^2 q / 2 + 1*3 cos^4 q / (2*4) + ...),
	# q = atan(t / sqrt(df)).
	want=$(echo "$ys" | awk '{
		n = NF
		for (i = 1; i <= n; i++) { x = i - 1; sx += x; sy += $i }
		mx = sx / n; my = sy / n
		for (i = 1; i <= n; i++) {
			x = i - 1
			sxx += (x - mx) ^ 2; sxy += (x - mx) * ($i - my)
			syy += ($i - my) ^ 2
		}
		b = sxy / sxx; a = my - b * mx
		ssr = syy - b * sxy
		r2 = 1 - ssr / syy
		se = sqrt(ssr / (n - 2) / sxx)
		t = b / se; df = n - 2
		q = atan2(t, sqrt(df)); c2 = cos(q) ^ 2
		term = 1; s = 1
		for (k = 2; k <= df - 2; k += 2) { term *= c2 * (k - 1) / k; s += term }
		p = 1 - sin(q) * s
		printf "%.17g %.17g %.17g %.17g %.17g\n", b, a, r2, p, se
	}')
	read -r b a r2 p se <<<"$want"
	near "$(jq .trend <<<"$output")" "$b"
	near "$(jq .intercept <<<"$output")" "$a"
	near "$(jq .confidence <<<"$output")" "$r2"
	near "$(jq .p_value <<<"$output")" "$p"
	near "$(jq .stderr <<<"$output")" "$se"
}

@test "trend under ten points gives the class's zeros and says insufficient_data" {
	jsonl_scores run.jsonl cls 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9
	run lt trend cls -f run.jsonl --json
	assert_success
	jq -e '.trend == 0 and .confidence == 0 and .recent_avg == 0 and
	    .improvement_rate == 0 and .n == 9' <<<"$output"
	run lt trend -f run.jsonl
	assert_success
	assert_output --partial insufficient_data
}

@test "trend text shows an aligned table with the direction and its p-value" {
	jsonl_scores run.jsonl cls 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0.85 0.9 0.95
	run lt trend -f run.jsonl
	assert_success
	assert_line --index 0 --regexp '^task +n +trend +confidence'
	assert_line --index 1 --regexp '^cls +10 +0\.050000 +1\.000 .*improving \(p < 0\.001\)$'
}

@test "trend of several tasks is an object keyed by task" {
	record_n run.jsonl 12 a
	record_n run.jsonl 15 b
	run lt trend -f run.jsonl --json
	assert_success
	jq -e '(keys | sort) == ["a", "b"] and .a.n == 12 and .b.n == 15' <<<"$output"
}

@test "trend --window takes the last N points and 0 takes all" {
	record_n run.jsonl 80
	run lt trend cls -f run.jsonl --json
	jq -e '.n == 50' <<<"$output"
	run lt trend cls -f run.jsonl --window 20 --json
	jq -e '.n == 20' <<<"$output"
	run lt trend cls -f run.jsonl --window 0 --json
	assert_success
	jq -e '.n == 80' <<<"$output"
	# scores i/80 against the index: slope 1/80 exactly, line or stream
	near "$(jq .trend <<<"$output")" 0.0125
}

@test "trend --x episode gives the slope per episode" {
	jsonl_scores run.jsonl cls 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0.85 0.9 0.95
	run lt trend cls -f run.jsonl --x episode --json
	assert_success
	# episodes 0, 10, 20...: 0.05 per ten episodes
	near "$(jq .trend <<<"$output")" 0.005
}

@test "trend --metric reads a metadata key" {
	for i in $(seq 1 12); do
		lt record -f run.jsonl --no-sync -t cls -s 0.5 -r 0.01 -e "$i" \
		    -c 1 --time $((1795600800 + i)) loss=$((100 - i))
	done
	run lt trend cls -f run.jsonl --metric loss --json
	assert_success
	near "$(jq .trend <<<"$output")" -1
	run lt trend cls -f run.jsonl --metric loss --mode min --check improving
	assert_success
}

@test "trend --check answers in the exit status" {
	jsonl_scores run.jsonl cls 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0.85 0.9 0.95
	run lt trend cls -f run.jsonl --check improving
	assert_success
	assert_output ''
	run lt trend cls -f run.jsonl --check declining
	assert_failure 1
	run lt trend cls -f run.jsonl --check flat
	assert_failure 1
}

@test "trend --check that does not hold prints the trend, and -q prints nothing" {
	jsonl_scores run.jsonl cls 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0.85 0.9 0.95
	run --separate-stderr lt trend cls -f run.jsonl --check declining --tsv
	assert_failure 1
	# the slope of 0.5 .. 0.95 is 0.05 (in full, as doubles sum it)
	assert_line --index 0 'task	n	trend	confidence	recent_avg	improvement_rate	direction'
	assert_line --index 1 --regexp '^cls	10	0\.0(5|4999999[0-9]*)	1	0\.725	0\.(5|4999999[0-9]*)	improving$'
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr lt trend cls -f run.jsonl --check declining -q
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ]
	run --separate-stderr lt trend cls -f run.jsonl --check improving --quiet
	assert_success
	assert_output ''
	# trouble is said even so
	run --separate-stderr lt trend nope -f run.jsonl --check improving -q
	assert_failure 2
	[ "$stderr" = 'lt trend: no events of task "nope"' ]
}

@test "trend -q without --check is a usage error" {
	jsonl_scores run.jsonl cls 0.5 0.6
	run --separate-stderr lt trend cls -f run.jsonl -q
	assert_failure 2
	assert_output ''
	[[ $stderr == 'lt trend: --quiet goes with --check'$'\n''usage: lt trend '* ]]
}

@test "trend --check declining holds on Keras's diverging negative loss" {
	awk -F, 'NR > 1 { printf "{\"timestamp\":%d,\"task_type\":\"ecg\",\"performance_score\":0.5,\"learning_rate\":%s,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{\"loss\":%s}}\n", 1795600800 + $1, $3, $1, $2 }' \
	    "$FIXTURES/keras-csvlogger/ecg-negative-loss-training.log" >ecg.jsonl
	run lt trend ecg -f ecg.jsonl --metric loss --check declining
	assert_success
	run lt trend ecg -f ecg.jsonl --metric loss --check improving
	assert_failure 1
}

@test "trend --check plateau follows Keras EarlyStopping's patience and min-delta" {
	jsonl_scores run.jsonl cls 0.5 0.6 0.7 0.8 0.8 0.8 0.805 0.8 0.8 0.8 0.8
	# best 0.8 at the 4th; 0.805 beats it by 0.005 only
	run lt trend cls -f run.jsonl --check plateau --patience 5 --min-delta 0.01
	assert_success
	run lt trend cls -f run.jsonl --check plateau --patience 5
	assert_failure 1
	run lt trend cls -f run.jsonl --check plateau --patience 4 --rel-delta 0.01
	assert_success
	run lt trend cls -f run.jsonl --check plateau --patience 8 --rel-delta 0.01
	assert_failure 1
}

@test "trend reads several logs merged by time, and standard input" {
	jsonl_scores a.jsonl cls 0.5 0.6 0.7 0.8 0.9
	awk -F'"timestamp":' '{ split($2, r, ","); printf "%s\"timestamp\":%d%s\n", $1, r[1] + 100, substr($2, length(r[1]) + 1) }' a.jsonl >b.jsonl
	run lt trend cls -f a.jsonl -f b.jsonl --json
	assert_success
	jq -e '.n == 10' <<<"$output"
	run lt trend cls -f - --json <a.jsonl
	assert_success
	jq -e '.n == 5' <<<"$output"
	run lt trend cls --json -- a.jsonl b.jsonl
	jq -e '.n == 10' <<<"$output"
}

@test "trend rejects a negative window, a bad time, an unknown task and a missing log" {
	record_n run.jsonl 12
	sum=$(checksum run.jsonl)
	run lt trend -f run.jsonl --window -1
	assert_failure 2
	assert_output --partial 'lt trend: --window "-1"'
	run lt trend -f run.jsonl --since last-tuesday
	assert_failure 2
	assert_output --partial 'lt trend: --since'
	run lt trend nosuch -f run.jsonl
	assert_failure 2
	assert_output --partial 'nosuch'
	run lt trend -f missing.jsonl
	assert_failure 2
	assert_output --partial 'missing.jsonl'
	run lt trend --bogus
	assert_failure 2
	[ "$(checksum run.jsonl)" = "$sum" ]
}

@test "trend warns of a torn line with file and line, and --strict refuses it" {
	record_n run.jsonl 12
	printf '{"timestamp":17956' >>run.jsonl
	run lt trend cls -f run.jsonl --json
	assert_success
	assert_output --partial 'run.jsonl:13'
	assert_output --partial '1 bad line skipped'
	run lt trend cls -f run.jsonl --strict
	assert_failure 2
	assert_output --partial 'run.jsonl:13'
}

@test "trend --since and --until select a span of time" {
	record_n run.jsonl 30
	run lt trend cls -f run.jsonl --since 1795600811 --until 2026-11-25T10:00:25Z --json
	assert_success
	jq -e '.n == 15' <<<"$output"
}

@test "trend --help prints the usage on standard output" {
	run lt trend --help
	assert_success
	assert_line --index 0 --partial 'usage: lt trend'
}

@test "trend -t names the tasks, as operands do" {
	jsonl_scores run.jsonl a 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1.0
	jsonl_scores run.jsonl b 0.5 0.5 0.5
	run lt trend -f run.jsonl -t b --tsv
	assert_success
	assert_output 'task	n	trend	confidence	recent_avg	improvement_rate	direction
b	3	0	0	0	0	insufficient_data'
	run lt trend -f run.jsonl -t a -t b --json
	assert_equal "$(jq -r 'keys | join(",")' <<<"$output")" a,b
	run lt trend -f run.jsonl a -t b --json
	assert_equal "$(jq -r 'keys | join(",")' <<<"$output")" a,b
}

@test "trend reads a min task's falling error as improving, mirroring the max task's rising accuracy" {
	mirror_logs
	run lt trend -f max.jsonl --json acc
	assert_success
	max=$output
	run lt trend -f min.jsonl --json acc
	assert_success
	min=$output
	[ "$(jq -r .direction <<<"$max")" = improving ]
	[ "$(jq -r .direction <<<"$min")" = improving ]
	# 1 - a has the same fit mirrored: the same p-value, r squared and n,
	# the slope negated, and the improvement rate positive for both
	near "$(jq .p_value <<<"$min")" "$(jq .p_value <<<"$max")"
	near "$(jq .confidence <<<"$min")" "$(jq .confidence <<<"$max")"
	near "$(jq .trend <<<"$min")" "$(jq '-.trend' <<<"$max")"
	near "$(jq .improvement_rate <<<"$min")" \
	    "$(jq .improvement_rate <<<"$max")"
	jq -e '.improvement_rate > 0 and .n == 40' <<<"$min"
	lt trend -f max.jsonl acc --check improving -q
	lt trend -f min.jsonl acc --check improving -q
	# the last ten points stay under the best in both directions
	lt trend -f max.jsonl acc --check plateau --patience 5 -q
	lt trend -f min.jsonl acc --check plateau --patience 5 -q
	run lt trend -f min.jsonl acc --check plateau --patience 20 -q
	assert_failure 1
	run lt trend -f max.jsonl acc --check plateau --patience 20 -q
	assert_failure 1
}

@test "trend --mode overrides the tasks file for one run, and changes nothing" {
	mirror_logs
	before=$(checksum min.jsonl min.tasks.jsonl)
	run lt trend -f min.jsonl acc --mode max --json
	assert_success
	jq -e '.direction == "declining" and .improvement_rate < 0' <<<"$output"
	run lt trend -f min.jsonl acc --mode max --check improving -q
	assert_failure 1
	run lt trend -f max.jsonl acc --mode min --check declining -q
	assert_success
	[ "$(checksum min.jsonl min.tasks.jsonl)" = "$before" ]
}

@test "trend of a metric other than the score reads it as max unless --mode says" {
	mirror_logs
	run lt trend -f min.jsonl acc --metric episode_count --json
	assert_success
	[ "$(jq -r .direction <<<"$output")" = improving ]
	run lt trend -f min.jsonl acc --metric episode_count --mode min --json
	[ "$(jq -r .direction <<<"$output")" = declining ]
}

@test "trend of two logs whose tasks files disagree about a direction exits 2 naming both" {
	mirror_logs
	cp min.jsonl other.jsonl
	printf '%s\n' '{"time":1,"task":"acc","direction":"max"}' \
	    >other.tasks.jsonl
	before=$(checksum min.jsonl min.tasks.jsonl other.jsonl \
	    other.tasks.jsonl)
	run lt trend -f min.jsonl -f other.jsonl acc
	assert_failure 2
	assert_output --partial "lt trend:"
	assert_output --partial min.tasks.jsonl
	assert_output --partial other.tasks.jsonl
	[ "$(checksum min.jsonl min.tasks.jsonl other.jsonl \
	    other.tasks.jsonl)" = "$before" ]
}
