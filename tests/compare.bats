#!/usr/bin/env bats
# lt compare: runs, groups, the statistics against scipy, --check, the
# styles, --curves, and bad input.
#
# The expected statistics were printed by the reference script at the top
# of tests/unit/test_compare.c (scipy 1.10's ttest_ind(equal_var=False)
# and mannwhitneyu(method='asymptotic'), a direct bootstrap over the same
# MT19937 stream as GSL's) for the groups of summaries named below; each
# test says which.

load test_helper

# near GOT WANT: relative difference at most 1e-9.
near() {
	awk -v g="$1" -v w="$2" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		m = (g < 0 ? -g : g); if ((w < 0 ? -w : w) > m) m = (w < 0 ? -w : w)
		if (d > 1e-9 * m) { print "got " g ", want " w; exit 1 }
	}'
}

# seed FILE TASK V [SCALE]: a run whose last 10 scores average exactly V:
# 20 events of 0.25, then V + (i - 4.5) / 256 for i = 0..9 (all of them
# multiples of 2^-10, so the mean is V to the bit).  SCALE -1 writes 1 -
# each score instead (a loss falling where the accuracy rises).
seed() {
	awk -v task="$2" -v v="$3" -v sc="${4:-1}" 'BEGIN {
		for (i = 0; i < 30; i++) {
			y = i < 20 ? 0.25 : v + (i - 20 - 4.5) / 256
			if (sc < 0) y = 1 - y
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + i, task, y, i
		}
	}' >"$1"
}

# samples FILE TASK K...: a run whose scores are 0.5 + K / 64.
samples() {
	f=$1 task=$2
	shift 2
	printf '%s\n' "$@" | awk -v task="$task" '{
		printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + NR, task, 0.5 + $1 / 64, NR
	}' >"$f"
}

# The three groups of the reference's "bats groups" case: A 4 seeds, B 5
# (better), C 5 (the same as A), as seed logs a1..a4, b1..b5, c1..c5.
groups_abc() {
	local i=1 v
	for v in 0.6875 0.703125 0.71875 0.6953125; do
		seed "a$i.jsonl" "acc" "$v" "${1:-1}"; i=$((i + 1))
	done
	i=1
	for v in 0.734375 0.75 0.7578125 0.7421875 0.796875; do
		seed "b$i.jsonl" "acc" "$v" "${1:-1}"; i=$((i + 1))
	done
	i=1
	for v in 0.6953125 0.7109375 0.6875 0.7265625 0.703125; do
		seed "c$i.jsonl" "acc" "$v" "${1:-1}"; i=$((i + 1))
	done
}

# min_tasks LOG...: each log's task "acc" is a min task named loss.
min_tasks() {
	local f
	for f in "$@"; do
		printf '{"time":1795600000,"task":"acc","direction":"min","score_name":"loss"}\n' \
		    >"${f%.jsonl}.tasks.jsonl"
	done
}

@test "compare of three groups of seeds gives scipy's Welch and Mann-Whitney and the reference bootstrap" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl' --json
	assert_success
	# the summaries are the means of the last ten: exactly the seeds' V
	jq -e '[.groups[0].runs[].summary] ==
	    [0.6875, 0.703125, 0.71875, 0.6953125] and
	    [.groups[1].runs[].n] == [10, 10, 10, 10, 10] and
	    .unit == "runs" and .summary == "last" and .last == 10 and
	    .direction == "max" and .score_name == "performance_score"' \
	    <<<"$output"
	b=$(jq -c '.groups[1]' <<<"$output")
	c=$(jq -c '.groups[2]' <<<"$output")
	# the reference's "bats groups", group 1 (B against A)
	near "$(jq .mean <<<"$b")" 0.75624999999999998
	near "$(jq .sd <<<"$b")" 0.024331892972495994
	near "$(jq .iqm <<<"$b")" 0.75
	near "$(jq '.mean_ci[0]' <<<"$b")" 0.74062499999999998
	near "$(jq '.mean_ci[1]' <<<"$b")" 0.77812499999999996
	near "$(jq '.iqm_ci[0]' <<<"$b")" 0.73697916666666663
	near "$(jq '.iqm_ci[1]' <<<"$b")" 0.78385416666666663
	near "$(jq .diff <<<"$b")" 0.055078124999999978
	near "$(jq '.diff_ci[0]' <<<"$b")" 0.024282827345756611
	near "$(jq '.diff_ci[1]' <<<"$b")" 0.085873422654243345
	near "$(jq .t <<<"$b")" 4.3152033939247563
	near "$(jq .df <<<"$b")" 6.3717665915231576
	near "$(jq .p_welch <<<"$b")" 0.0043574953114060896
	near "$(jq .p_mwu <<<"$b")" 0.019964453305216043
	jq -e '.u == 20 and .poi == 1 and .poi_ci == [1, 1] and
	    .verdict == "better"' <<<"$b"
	jq -e '.verdict_text == "better than baseline by 0.055 ± 0.031 (95 %, Welch p = 0.004)"' <<<"$b"
	# group 2 (C against A): no difference, ties in U
	near "$(jq .p_welch <<<"$c")" 0.72162676216017418
	near "$(jq .p_mwu <<<"$c")" 0.80408065747196145
	near "$(jq '.poi_ci[0]' <<<"$c")" 0.20000000000000001
	near "$(jq '.poi_ci[1]' <<<"$c")" 0.92500000000000004
	jq -e '.u == 11.5 and .poi == 0.575 and .verdict == "no difference"' \
	    <<<"$c"
	# the baseline's own comparison is null
	jq -e '.groups[0] | .verdict == "baseline" and .diff == null and
	    .diff_ci == null and .p_welch == null and .poi == null' \
	    <<<"$output"
}

@test "compare says in text what is compared, the runs, the groups and each verdict" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl'
	assert_success
	assert_line --index 0 'score: performance_score (higher is better)'
	assert_line --index 1 'each run is the mean of its last 10 scores'
	assert_line 'b: better than baseline by 0.055 ± 0.031 (95 %, Welch p = 0.004)'
	assert_line '  Mann-Whitney p = 0.020; probability of improvement 1.00 [1.00, 1.00]'
	assert_line 'c: no difference proven at 95 % (Welch p = 0.722)'
	# each run with its log, task and summary (mean of A's sd decides
	# the decimals: 0.0133 has its third significant digit at 1e-4)
	assert_line --regexp '^a      a1\.jsonl  acc   10   0\.6875$'
	assert_line --regexp '^b      5  0\.7562  0\.0243  0\.7500  0\.7500  \[0\.7406, 0\.7781\]  \[0\.7370, 0\.7839\]$'
}

@test "compare --color colours better green and worse red, never a number" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl' --color
	assert_success
	assert_line $'b: \e[32mbetter than baseline by 0.055 ± 0.031 (95 %, Welch p = 0.004)\e[0m'
	assert_line 'c: no difference proven at 95 % (Welch p = 0.722)'
	[ "$(grep -c $'\e' <<<"$output")" -eq 1 ]
	run lt compare --group 'b=b*.jsonl' --group 'a=a*.jsonl' --color=always
	assert_line $'a: \e[31mworse than baseline by 0.055 ± 0.031 (95 %, Welch p = 0.004)\e[0m'
	# not in a pipe's style, nor with never, nor by default off a terminal
	for opt in '--color --tsv' '--color=never' ''; do
		# shellcheck disable=SC2086
		run lt compare --group 'b=b*.jsonl' --group 'a=a*.jsonl' $opt
		assert_success
		refute_output --partial $'\e'
	done
}

@test "compare of a min task calls the lower loss better, mirroring the accuracies" {
	groups_abc -1
	min_tasks a*.jsonl b*.jsonl c*.jsonl
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl' --json
	assert_success
	jq -e '.direction == "min" and .score_name == "loss"' <<<"$output"
	b=$(jq -c '.groups[1]' <<<"$output")
	# the reference's "bats groups min": the losses 1 - x
	near "$(jq .mean <<<"$b")" 0.24374999999999999
	near "$(jq '.mean_ci[0]' <<<"$b")" 0.22187499999999999
	near "$(jq '.mean_ci[1]' <<<"$b")" 0.25937500000000002
	near "$(jq '.iqm_ci[0]' <<<"$b")" 0.21614583333333334
	near "$(jq .diff <<<"$b")" -0.055078125000000006
	near "$(jq .t <<<"$b")" -4.315203393924758
	near "$(jq .p_welch <<<"$b")" 0.0043574953114060809
	jq -e '.u == 0 and .poi == 1 and .verdict == "better"' <<<"$b"
	jq -e '.groups[2] | .u == 8.5 and .poi == 0.575' <<<"$output"
	lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --check better
	# --mode max turns it round: lower is now worse
	lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --mode max \
	    --check worse
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --mode max
	assert_line 'score: loss (higher is better)'
}

@test "compare --check answers in the exit status, says why when it does not hold, and -q keeps quiet" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --check better
	assert_success
	assert_output ''
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --check worse
	assert_failure 1
	assert_line 'b: better than baseline by 0.055 ± 0.031 (95 %, Welch p = 0.004)'
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --check worse -q
	assert_failure 1
	assert_output ''
	run lt compare --group 'b=b*.jsonl' --group 'a=a*.jsonl' --check worse -q
	assert_success
	run lt compare --group 'a=a*.jsonl' --group 'c=c*.jsonl' \
	    --check different -q
	assert_failure 1
	# every group but the baseline must hold: b does, c does not
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl' --check better -q
	assert_failure 1
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --group 'c=c*.jsonl' --check different -q
	assert_failure 1
}

@test "compare of a group with itself proves no difference: t 0, both p 1, P = 1/2" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group "a2=$(ls a*.jsonl |
	    sed 's/^/.\//' | paste -sd,)" --json
	assert_success
	jq -e '.groups[1] | .diff == 0 and .t == 0 and .p_welch == 1 and
	    .p_mwu == 1 and .poi == 0.5 and .verdict == "no difference"' \
	    <<<"$output"
}

@test "compare of two single runs takes their last scores as samples and says it measures noise" {
	samples x.jsonl run 9 9 9 3 1 4 1 5 9 2 6 5 3
	samples y.jsonl run 2 7 1 8 2 8 1 8 2 8
	run lt compare -f x.jsonl -f y.jsonl --json
	assert_success
	# the reference's "bats samples": x's last ten and y's ten
	jq -e '.unit == "scores" and (.groups | map(.n)) == [10, 10] and
	    .groups[0].name == "x.jsonl"' <<<"$output"
	g=$(jq -c '.groups[1]' <<<"$output")
	near "$(jq .mean <<<"$g")" 0.57343750000000004
	near "$(jq .sd <<<"$g")" 0.051586168810059931
	near "$(jq .iqm <<<"$g")" 0.57552083333333337
	near "$(jq '.mean_ci[1]' <<<"$g")" 0.60316406249999943
	near "$(jq .t <<<"$g")" 0.61357199107789961
	near "$(jq .df <<<"$g")" 16.670939623125243
	near "$(jq .p_welch <<<"$g")" 0.54777954933494721
	near "$(jq .p_mwu <<<"$g")" 0.75954669271220632
	near "$(jq '.poi_ci[0]' <<<"$g")" 0.27000000000000002
	jq -e '.u == 54.5 and .poi == 0.545' <<<"$g"
	near "$(jq '.groups[0].iqm' <<<"$output")" 0.55729166666666663
	run lt compare -f x.jsonl -f y.jsonl
	assert_success
	assert_line 'each group is one run, compared on its last 10 scores: this measures'
	assert_line 'the noise within a run, not the spread across seeds'
	assert_line 'y.jsonl: no difference proven at 95 % (Welch p = 0.548)'
	# --last 3: the last three of each, 6 5 3 against 8 2 8: means
	# 0.5 + 14/192 and 0.5 + 18/192
	run lt compare -f x.jsonl -f y.jsonl --last 3 --json
	jq -e '.groups | map(.n) == [3, 3]' <<<"$output"
	near "$(jq '.groups[0].mean' <<<"$output")" "$(awk 'BEGIN { printf "%.17g", 0.5 + 14 / 192 }')"
	near "$(jq '.groups[1].mean' <<<"$output")" "$(awk 'BEGIN { printf "%.17g", 0.5 + 18 / 192 }')"
}

@test "compare of one log compares its tasks, and groups them by name or pattern" {
	samples x.jsonl first 3 1 4 1 5 9 2 6 5 3
	samples y.jsonl second 2 7 1 8 2 8 1 8 2 8
	cat x.jsonl y.jsonl >both.jsonl
	run lt compare -f both.jsonl --json
	assert_success
	jq -e '.unit == "scores" and (.groups | map(.name)) ==
	    ["first", "second"] and .groups[0].runs[0].log == "both.jsonl"' \
	    <<<"$output"
	near "$(jq '.groups[1].p_welch' <<<"$output")" 0.54777954933494721
	# four runs as tasks of one log, two groups by pattern
	groups_abc
	for i in 1 2 3 4; do
		sed "s/\"acc\"/\"a-seed$i\"/" "a$i.jsonl"
		sed "s/\"acc\"/\"b-seed$i\"/" "b$i.jsonl"
	done >tasks.jsonl
	run lt compare -f tasks.jsonl --group 'a=a-*' --group 'b=b-seed1,b-seed[234]' --json
	assert_success
	jq -e '.unit == "runs" and (.groups[1].runs | map(.task)) ==
	    ["b-seed1", "b-seed2", "b-seed3", "b-seed4"] and
	    .groups[0].mean == 0.701171875' <<<"$output"
	# B's first four: 0.734375 0.75 0.7578125 0.7421875, mean 0.74609375
	jq -e '.groups[1].mean == 0.74609375' <<<"$output"
}

@test "compare --summary best and mean read every score of each run" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --summary best --json
	assert_success
	# best: V + 4.5 / 256
	jq -e '.summary == "best" and [.groups[0].runs[].summary] ==
	    [0.705078125, 0.720703125, 0.736328125, 0.712890625] and
	    .groups[0].runs[0].n == 30' <<<"$output"
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --summary mean --json
	# mean of all: (20 * 0.25 + 10 V) / 30
	want=$(awk 'BEGIN { printf "%.17g", (20 * 0.25 + 10 * 0.6875) / 30 }')
	near "$(jq '.groups[0].runs[0].summary' <<<"$output")" "$want"
	# for a min task, best is the lowest: 1 - (V + 4.5 / 256)
	groups_abc -1
	min_tasks a*.jsonl b*.jsonl
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --summary best --json
	assert_success
	jq -e '[.groups[0].runs[].summary] == [0.294921875, 0.279296875,
	    0.263671875, 0.287109375] and .groups[1].verdict == "better"' \
	    <<<"$output"
}

@test "compare --summary last reads only the end of a log: a bad line before it is not seen" {
	groups_abc
	# 2000 earlier events (about 300 kB) after a bad line, before a1's
	{
		echo '{"broken'
		awk 'BEGIN { for (i = 0; i < 2000; i++)
		    printf "{\"timestamp\":%d,\"task_type\":\"acc\",\"performance_score\":0.5,\"learning_rate\":0.01,\"episode_count\":0,\"convergence_metric\":0.5,\"metadata\":{\"pad\":\"%0100d\"}}\n", 1795500000 + i, 0 }'
		cat a1.jsonl
	} >big.jsonl
	mv big.jsonl a1.jsonl
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl'
	assert_success
	refute_output --partial 'bad line'
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --summary mean
	assert_success
	assert_output --partial 'a1.jsonl:1: '
	assert_output --partial '1 bad line skipped'
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --summary mean --strict
	assert_failure 2
}

@test "compare reads a run from standard input" {
	groups_abc
	run sh -c "'$LT' compare -f - -f b1.jsonl --json <a1.jsonl"
	assert_success
	jq -e '.groups[0].name == "-" and .groups[0].mean == 0.6875' \
	    <<<"$output"
}

@test "compare --task picks each log's task among several" {
	groups_abc
	for i in 1 2 3; do
		cat "a$i.jsonl" >"m$i.jsonl"
		sed 's/"acc"/"val"/' "b$i.jsonl" >>"m$i.jsonl"
	done
	run lt compare --group 'm=m*.jsonl' --group 'a=a[123].jsonl' \
	    --task acc --json
	assert_success
	jq -e '.groups[0].mean == .groups[1].mean and
	    .groups[0].runs[0].task == "acc"' <<<"$output"
	# without --task the last events are val's, from b1 b2 b3
	run lt compare --group 'm=m*.jsonl' --group 'b=b[123].jsonl' --json
	assert_success
	jq -e '.groups[0].mean == .groups[1].mean and
	    .groups[0].runs[0].task == "val"' <<<"$output"
}

@test "compare --curves prints each group's mean, sd and band at the episodes its runs share" {
	samples x.jsonl run 3 1 4 1 5
	samples y.jsonl run 2 7 1 8 2 8
	samples z.jsonl run 9 9 9 3
	run lt compare --group 'xy=x.jsonl,y.jsonl' --group 'z=z.jsonl' \
	    --curves --tsv
	assert_success
	assert_line --index 0 $'group\tepisode\truns\tmean\tsd\tlo\thi'
	# x and y share episodes 1..5; z alone has 1..4, with no spread
	[ "$(grep -c '^xy' <<<"$output")" -eq 5 ]
	[ "$(grep -c '^z' <<<"$output")" -eq 4 ]
	assert_line $'z\t4\t1\t0.546875\t-\t-\t-'
	# episode 2: 0.5 + 1/64 and 0.5 + 7/64: mean 0.5625, sd 6/64/sqrt2,
	# the interval t(0.975, 1) = 12.706204736174707 times sd / sqrt 2
	line=$(grep $'^xy\t2\t' <<<"$output")
	read -r _ _ n mean sd lo hi <<<"$line"
	[ "$n" = 2 ]
	near "$mean" 0.5625
	near "$sd" "$(awk 'BEGIN { printf "%.17g", 6 / 64 / sqrt(2) }')"
	near "$hi" "$(awk 'BEGIN { printf "%.17g", 0.5625 + 12.706204736174707 * 6 / 64 / 2 }')"
	near "$lo" "$(awk 'BEGIN { printf "%.17g", 0.5625 - 12.706204736174707 * 6 / 64 / 2 }')"
	run lt compare --group 'xy=x.jsonl,y.jsonl' --group 'z=z.jsonl' \
	    --curves --json
	jq -e '.groups[0].episode == [1, 2, 3, 4, 5] and
	    .groups[0].n == [2, 2, 2, 2, 2] and .groups[1].sd == [null, null,
	    null, null] and .groups[0].repeats == 0 and .confidence == 95' \
	    <<<"$output"
	run lt compare --group 'xy=x.jsonl,y.jsonl' --group 'z=z.jsonl' --curves
	assert_line --index 0 '# score: performance_score (higher is better)'
	assert_line $'# group\tepisode\truns\tmean\tsd\tlo\thi'
}

@test "compare refuses one run only, a group without runs and a missing task, and changes nothing" {
	groups_abc
	before=$(checksum ./*.jsonl)
	run lt compare -f a1.jsonl
	assert_failure 2
	assert_output 'lt compare: one run only (task "acc" of "a1.jsonl"): nothing to compare it with'
	run lt compare --group 'a=a1.jsonl'
	assert_failure 2
	assert_output 'lt compare: one run only ("a1.jsonl"): nothing to compare it with'
	run lt compare --group 'a=a*.jsonl' --group 'z=z*.jsonl'
	assert_failure 2
	assert_output 'lt compare: group "z": no log matches "z*.jsonl"'
	run lt compare --group 'a=a*.jsonl' --group 'z='
	assert_failure 2
	assert_output --partial "lt compare: --group \"z=\" has an empty run"
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --task loss
	assert_failure 2
	assert_output 'lt compare: task "loss" is not in "a1.jsonl"'
	run lt compare -f a1.jsonl --group 'a=acc' --group 'b=loss'
	assert_failure 2
	assert_output 'lt compare: task "loss" is not in "a1.jsonl"'
	run lt compare -f a1.jsonl --group 'a=acc' --group 'b=l*'
	assert_failure 2
	assert_output 'lt compare: group "b": no task of "a1.jsonl" matches "l*"'
	run lt compare -f a1.jsonl -f missing.jsonl
	assert_failure 2
	assert_output --partial 'missing.jsonl'
	[ "$(checksum ./*.jsonl)" = "$before" ]
}

@test "compare refuses runs of different directions or score names, unless --mode settles the direction" {
	groups_abc
	min_tasks b1.jsonl
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl'
	assert_failure 2
	assert_output 'lt compare: runs of different scores: task "acc" of "a1.jsonl" is "performance_score", task "acc" of "b1.jsonl" is "loss"'
	printf '{"time":1795600000,"task":"acc","direction":"min"}\n' \
	    >b1.tasks.jsonl
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl'
	assert_failure 2
	assert_output 'lt compare: runs of different directions: task "acc" of "a1.jsonl" is max, task "acc" of "b1.jsonl" is min (--mode chooses one for all)'
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --mode max \
	    --check better -q
	assert_success
}

@test "compare refuses a log of two tasks without --task, and bad options" {
	groups_abc
	sed 's/"acc"/"val"/' b1.jsonl | paste -d '\n' a1.jsonl - >two.jsonl
	run lt compare -f two.jsonl -f a2.jsonl
	assert_failure 2
	assert_output 'lt compare: "two.jsonl" holds tasks "acc" and "val" among its last 10 events: --task names the one to compare'
	run lt compare -f two.jsonl -f a2.jsonl --summary mean --last 1
	assert_failure 2
	assert_output --partial 'each group is one run'
	run lt compare --group 'x=two.jsonl,a2.jsonl' --group 'b=b*.jsonl' \
	    --summary mean
	assert_failure 2
	assert_output 'lt compare: "two.jsonl" holds tasks "acc" and "val": --task names the one to compare'
	run lt compare -f a1.jsonl -f a2.jsonl --last 0
	assert_failure 2
	assert_line --index 0 'lt compare: --last "0" is not a positive integer'
	run lt compare -f a1.jsonl -f a2.jsonl --confidence 100
	assert_failure 2
	assert_line --index 0 'lt compare: --confidence 100 is not a percentage in (0, 100)'
	run lt compare -f a1.jsonl -f a2.jsonl --summary max
	assert_failure 2
	assert_line --index 0 'lt compare: --summary "max" is not last, best or mean'
	run lt compare -f a1.jsonl -f a2.jsonl --check faster
	assert_failure 2
	run lt compare -f a1.jsonl -f a2.jsonl --seed 4294967296
	assert_failure 2
	run lt compare -f a1.jsonl -f a2.jsonl --group 'x=b1.jsonl'
	assert_failure 2
	assert_line --index 0 'lt compare: --group names its own logs: give them there, not with -f'
	run lt compare --group 'a=a*.jsonl' --group 'a=b*.jsonl'
	assert_failure 2
	assert_output 'lt compare: group "a" is given twice'
	run lt compare --group 'a=a*.jsonl' --group 'b=a1.jsonl'
	assert_failure 2
	assert_output 'lt compare: "a1.jsonl" is in groups "a" and "b"'
	run lt compare --group 'a=a*.jsonl' --check better
	assert_failure 2
	assert_output --partial 'one group'
	run lt compare -f a1.jsonl -f a2.jsonl --curves --check better
	assert_failure 2
	# the tasks of one log, grouped, are read twice for curves
	run sh -c "'$LT' compare -f - --curves <a1.jsonl"
	assert_failure 2
	assert_output 'lt compare: --curves reads a log of tasks twice: standard input cannot be; write it to a file'
	run lt compare -f a1.jsonl -f a2.jsonl -q
	assert_failure 2
}

@test "compare of one group describes it, with its intervals" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --json
	assert_success
	jq -e '(.groups | length) == 1 and .groups[0].n == 4 and
	    .groups[0].mean == 0.701171875' <<<"$output"
	# the reference's "bats groups", group 0
	near "$(jq '.groups[0].mean_ci[0]' <<<"$output")" 0.69140625
	near "$(jq '.groups[0].mean_ci[1]' <<<"$output")" 0.712890625
	near "$(jq '.groups[0].sd' <<<"$output")" 0.013342383809843227
}

@test "compare --bootstrap 0 gives no intervals, --seed another draw, --confidence another level" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' \
	    --bootstrap 0 --json
	jq -e '.groups[0].mean_ci == null and .groups[1].poi_ci == null and
	    .bootstrap == 0' <<<"$output"
	a=$(lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --json |
	    jq -c '.groups[1].mean_ci')
	b=$(lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --seed 2 \
	    --json | jq -c '.groups[1].mean_ci')
	[ "$a" != "$b" ]
	run lt compare --group 'a=a*.jsonl' --group 'c=c*.jsonl' \
	    --confidence 50 --json
	jq -e '.confidence == 50 and (.groups[1].verdict_text |
	    startswith("no difference proven at 50 %"))' <<<"$output"
}

@test "compare --tsv and --csv write a row a group with every number" {
	groups_abc
	run lt compare --group 'a=a*.jsonl' --group 'b=b*.jsonl' --tsv
	assert_success
	assert_line --index 0 $'group\tn\tmean\tsd\tmin\tmax\tmedian\tiqm\tmean_lo\tmean_hi\tiqm_lo\tiqm_hi\tdiff\tdiff_lo\tdiff_hi\tt\tdf\tp_welch\tu\tp_mwu\tpoi\tpoi_lo\tpoi_hi\tverdict'
	assert_line --index 1 --regexp $'^a\t4\t0.701171875\t.*\t-\t-\t-\tbaseline$'
	assert_line --index 2 --regexp $'^b\t5\t0.75625\t.*\tbetter$'
	run lt compare --group 'a,1=a*.jsonl' --group 'b=b*.jsonl' --csv
	assert_line --index 1 --regexp '^"a,1",4,0.701171875,'
}
