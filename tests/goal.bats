#!/usr/bin/env bats
# lt goal: the goals log, progress, completion, estimates and checks.

load test_helper

T0=1795600800	# 2026-11-25T10:00:00Z

# jfield JSON KEY: the value of a top-level key of one JSON object, as jq
# writes it (integral reals without their ".0").
jfield() {
	printf '%s\n' "$1" | jq -c ".$2"
}

@test "goal add creates a goal that show reads back with the class's keys" {
	run lt goal add acc --target 0.95 --desc "reach 95% accuracy" \
	    --time $T0
	assert_success
	assert_output ''
	[ -f lt.goals.jsonl ]
	run lt goal show acc --json
	assert_success
	assert_output '{"goal_id":"acc","goal_description":"reach 95% accuracy","creation_time":1795600800.0,"target_performance":0.95,"current_performance":0.0,"completion_percentage":0.0,"estimated_completion_time":null,"is_completed":false,"completion_time":null,"direction":"max","baseline":0.0,"task":null,"metric":null,"estimate":"unknown"}'
}

@test "goal update 0.7 then 1.0 on target 1.0 gives 70 % then 100 % and a completion time" {
	lt goal add g --target 1.0 --time $T0
	lt goal update g 0.7 --time $((T0 + 60))
	run lt goal show g --json
	assert_equal "$(jfield "$output" completion_percentage)" 70
	assert_equal "$(jfield "$output" is_completed)" false
	assert_equal "$(jfield "$output" completion_time)" null
	lt goal update g 1.0 --time $((T0 + 120))
	run lt goal show g --json
	assert_equal "$(jfield "$output" completion_percentage)" 100
	assert_equal "$(jfield "$output" current_performance)" 1
	assert_equal "$(jfield "$output" is_completed)" true
	assert_equal "$(jfield "$output" completion_time)" 1795600920
}

@test "goal summary of three goals with one completed gives 3, 1, 2 and a rate of 1/3" {
	lt goal add a --target 1.0 --time $T0
	lt goal add b --target 1.0 --time $T0
	lt goal add c --target 1.0 --time $T0
	lt goal update a 1.0 --time $((T0 + 3600))
	lt goal update b 0.5 --time $((T0 + 60))
	run lt goal summary --json
	assert_success
	assert_equal "$(jfield "$output" total_goals)" 3
	assert_equal "$(jfield "$output" completed_goals)" 1
	assert_equal "$(jfield "$output" active_goals)" 2
	# 1/3 as the shortest double text
	assert_equal "$(jfield "$output" completion_rate)" 0.3333333333333333
	assert_equal "$(jfield "$output" avg_completion_time)" 3600
	assert_equal "$(jfield "$output" '"goals"|length')" 3
}

@test "goal summary with no goals gives zeros" {
	record_n lt.jsonl 1
	run lt goal summary --json
	assert_success
	assert_output '{"total_goals":0,"completed_goals":0,"active_goals":0,"completion_rate":0.0,"avg_completion_time":0.0,"goals":[]}'
}

@test "goal update above the target gives 100 % and completed" {
	lt goal add g --target 1.0
	lt goal update g 1.5
	run lt goal show g --json
	assert_equal "$(jfield "$output" completion_percentage)" 100
	assert_equal "$(jfield "$output" is_completed)" true
	assert_equal "$(jfield "$output" current_performance)" 1.5
}

@test "a min goal on a loss with target 0.01 completes at 0.005" {
	lt goal add loss --target 0.01 --direction min --time $T0
	lt goal update loss 0.5 --time $((T0 + 10))
	lt goal update loss 0.255 --time $((T0 + 20))
	run lt goal show loss --json
	# baseline 0.5 (first value): (0.255 - 0.5) / (0.01 - 0.5) = 50 %
	assert_equal "$(jfield "$output" baseline)" 0.5
	assert_equal "$(jfield "$output" completion_percentage)" 50
	assert_equal "$(jfield "$output" is_completed)" false
	lt goal update loss 0.005 --time $((T0 + 30))
	run lt goal show loss --json
	assert_equal "$(jfield "$output" completion_percentage)" 100
	assert_equal "$(jfield "$output" is_completed)" true
	assert_equal "$(jfield "$output" completion_time)" 1795600830
}

@test "completion stays with its time when the value falls back" {
	lt goal add g --target 0.9 --time $T0
	lt goal update g 0.95 --time $((T0 + 100))
	lt goal update g 0.45 --time $((T0 + 200))
	run lt goal show g --json
	assert_equal "$(jfield "$output" is_completed)" true
	assert_equal "$(jfield "$output" completion_time)" 1795600900
	# the percentage follows the value: 0.45 / 0.9
	assert_equal "$(jfield "$output" completion_percentage)" 50
}

@test "an explicit baseline sets where progress starts" {
	lt goal add g --target 0.9 --baseline 0.5
	lt goal update g 0.6
	run lt goal show g --json
	# (0.6 - 0.5) / (0.9 - 0.5) * 100, as awk computes it
	want=$(awk 'BEGIN { printf "%.10f", (0.6 - 0.5) / (0.9 - 0.5) * 100 }')
	got=$(jfield "$output" completion_percentage)
	assert_equal "$(awk -v x="$got" 'BEGIN { printf "%.10f", x }')" "$want"
	assert_equal "$(jfield "$output" baseline)" 0.5
}

@test "a linked goal completes from lt record alone" {
	lt record -f run.jsonl -t cls -s 0.5 -r 0.01 -e 1 -c 0.1 --time $((T0 + 10))
	lt goal add acc -f run.jsonl --target 0.9 --task cls \
	    --metric performance_score --time $T0
	[ -f run.goals.jsonl ]
	run lt goal show acc -f run.jsonl --json
	assert_equal "$(jfield "$output" current_performance)" 0.5
	assert_equal "$(jfield "$output" is_completed)" false
	lt record -f run.jsonl -t other -s 0.99 -r 0.01 -e 1 -c 0.1 --time $((T0 + 15))
	lt record -f run.jsonl -t cls -s 0.92 -r 0.01 -e 2 -c 0.1 --time $((T0 + 20))
	lt record -f run.jsonl -t cls -s 0.7 -r 0.01 -e 3 -c 0.1 --time $((T0 + 30))
	run lt goal show acc -f run.jsonl --json
	assert_equal "$(jfield "$output" current_performance)" 0.7
	assert_equal "$(jfield "$output" is_completed)" true
	assert_equal "$(jfield "$output" completion_time)" 1795600820
	assert_equal "$(jfield "$output" task)" '"cls"'
	run lt goal check acc -f run.jsonl
	assert_success
}

@test "a linked goal follows a metadata key" {
	lt record -f run.csv -t rl -s 0.5 -r 0.01 -e 1 -c 0.1 --time $T0 reward=120
	lt goal add ret -f run.csv --target 200 --task rl --metric reward
	run lt goal show ret -f run.csv --json
	# 120 / 200
	assert_equal "$(jfield "$output" completion_percentage)" 60
	lt record -f run.csv -t rl -s 0.5 -r 0.01 -e 2 -c 0.1 --time $((T0 + 1)) reward=250
	run lt goal check -f run.csv
	assert_success
}

@test "the estimated completion of a linear series is the exact time" {
	lt goal add g --target 0.9 --time $T0
	# value 0.1 + 0.0005 * i at T0 + 60 * i: slope 0.0005 / 60 per second
	for i in 0 1 2 3 4 5; do
		v=$(awk -v i=$i 'BEGIN { printf "%.4f", 0.1 + 0.0005 * i }')
		lt goal update g "$v" --time $((T0 + 60 * i))
	done
	# 0.9 is reached (0.9 - 0.1) / 0.0005 = 1600 steps of 60 s later,
	# seen from just after the last value
	want=$(awk -v t0=$T0 'BEGIN { printf "%d", t0 + (0.9 - 0.1) / 0.0005 * 60 }')
	export SOURCE_DATE_EPOCH=$((T0 + 400))
	run lt goal show g --json
	assert_equal "$(jfield "$output" estimated_completion_time)" "$want"
	assert_equal "$(jfield "$output" estimate)" '"line"'
	run lt goal list --tsv
	assert_line --index 1 "g	max	0.1025	0.9	11.388888888888888	active	2026-11-26T12:40:00Z"
}

@test "show prints the estimate as a local date and as a duration" {
	now=$(date +%s)
	lt goal add g --target 1.0 --time $((now - 200))
	lt goal update g 0.1 --time $((now - 100))
	lt goal update g 0.2 --time $now
	# 0.1 per 100 s: 1.0 is 800 s (13m 20s) after the last value, which
	# was now a moment ago
	run lt goal show g
	assert_success
	assert_line --regexp '^estimated completion +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} \(in 1[23]m [0-9]+s\)$'
}

@test "no estimate when the values move away from the target or there is one" {
	lt goal add g --target 1.0
	lt goal update g 0.5 --time $T0
	run lt goal show g --json
	assert_equal "$(jfield "$output" estimated_completion_time)" null
	assert_equal "$(jfield "$output" estimate)" '"unknown"'
	lt goal update g 0.4 --time $((T0 + 60))
	run lt goal show g --json
	assert_equal "$(jfield "$output" estimated_completion_time)" null
	assert_equal "$(jfield "$output" estimate)" '"not_at_this_rate"'
	run lt goal show g
	assert_line --regexp '^estimate +none, not at this rate: the line through the last 2 values is flat or moves away from the target$'
	run lt goal list
	assert_line --index 1 --regexp '^g +max +0\.4000 +1\.0000 +40\.0 +active +not at this rate +#'
}

@test "goal list filters active and completed goals" {
	lt goal add a --target 1.0
	lt goal add b --target 1.0
	lt goal update a 1.0
	run lt goal list --active --tsv
	assert_success
	assert_output "goal	dir	current	target	%	status	eta
b	max	-	1	0	active	"
	run lt goal list --completed --csv
	assert_output "goal,dir,current,target,%,status,eta
a,max,1,1,100,completed,"
	run lt goal list --json
	assert_equal "$(printf '%s' "$output" | jq -r 'map(.goal_id)|join(",")')" a,b
}

@test "goal list in text shows a progress bar" {
	lt goal add g --target 1.0
	lt goal update g 0.5
	run lt goal list
	assert_success
	assert_line --index 1 --regexp '^g +max +0\.5000 +1\.0000 +50\.0 +active .*##########\.\.\.\.\.\.\.\.\.\.$'
}

@test "goal check exits 0 when every named goal is completed and 1 listing the open ones" {
	lt goal add a --target 1.0
	lt goal add b --target 1.0
	lt goal update a 1.0
	run lt goal check a
	assert_success
	assert_output ''
	run lt goal check
	assert_failure 1
	assert_line --index 1 --regexp '^b +max'
	refute_line --regexp '^a '
	run lt goal check a b
	assert_failure 1
	run lt goal check nosuch
	assert_failure 2
	assert_output 'lt goal: no goal "nosuch"'
}

@test "goal rm is a record and the goal is gone" {
	lt goal add a --target 1.0
	lt goal update a 0.5
	run lt goal rm a
	assert_success
	run lt goal show a
	assert_failure 2
	assert_output 'lt goal: no goal "a"'
	run jq -r .op lt.goals.jsonl
	assert_output "create
update
delete"
}

@test "goal add --replace starts the goal afresh" {
	lt goal add a --target 1.0
	lt goal update a 0.9
	lt goal add a --target 2.0 --replace
	run lt goal show a --json
	assert_equal "$(jfield "$output" target_performance)" 2
	assert_equal "$(jfield "$output" current_performance)" 0
	run wc -l < lt.goals.jsonl
	assert_output 3
}

@test "the goals log follows --goals, then \$LT_GOALS, then the event log's name" {
	lt goal add a --target 1 -f exp/run.csv 2>/dev/null || mkdir exp
	lt goal add a --target 1 -f exp/run.csv
	[ -f exp/run.goals.jsonl ]
	LT_GOALS=env.jsonl lt goal add b --target 1
	[ -f env.jsonl ]
	LT_GOALS=env.jsonl lt goal add c --target 1 --goals opt.jsonl
	[ -f opt.jsonl ]
	run lt goal list --goals opt.jsonl --tsv
	assert_line --index 1 --regexp '^c	'
}

@test "eight concurrent updates lose none" {
	lt goal add g --target 100
	for i in 1 2 3 4 5 6 7 8; do
		lt goal update g "$i" --no-sync &
	done
	wait
	run jq -r 'select(.op == "update") | .value' lt.goals.jsonl
	assert_equal "$(printf '%s\n' "$output" | sort -n | tr '\n' ' ')" \
	    "1 2 3 4 5 6 7 8 "
	run lt goal show g --json
	assert_equal "$(jfield "$output" is_completed)" false
}

@test "a torn or bad record is skipped with a warning naming file and line" {
	lt goal add a --target 1.0
	printf '{"op":"update","time":1,"goal_id":"a","value":0.5}\n{"op":"upd' \
	    >> lt.goals.jsonl
	run lt goal show a --json
	assert_success
	assert_line --index 0 --partial 'lt goal: warning: lt.goals.jsonl:3: bad JSON'
	assert_line --index 1 'lt goal: warning: 1 bad line skipped'
	# an append after a torn line ends it first
	lt goal update a 0.6 2>/dev/null
	run lt goal show a --json
	assert_equal "$(printf '%s\n' "$output" | tail -1 | jq .current_performance)" 0.6
}

bad_input() {
	lt goal add a --target 1.0 --time $T0
	lt record -f lt.jsonl -t cls -s 0.5 -r 0.01 -e 1 -c 0.1 --time $T0
	before=$(checksum lt.goals.jsonl lt.jsonl)
	run lt goal "$@"
	assert_failure 2
	assert_output --regexp '^lt goal: '
	assert_equal "$(checksum lt.goals.jsonl lt.jsonl)" "$before"
}

@test "goal update of an unknown ID is an error and changes nothing" {
	bad_input update nosuch 0.5
	assert_output 'lt goal: no goal "nosuch"'
}

@test "goal add of an existing ID is an error and changes nothing" {
	bad_input add a --target 2.0
	assert_output 'lt goal: goal "a" exists already; --replace replaces it'
}

@test "goal add of an ID with bad characters is an error and changes nothing" {
	bad_input add 'acc/1' --target 1.0
	assert_output 'lt goal: goal ID "acc/1" is not 1 to 64 of [A-Za-z0-9_.-]'
}

@test "goal add of a 65-byte ID is an error" {
	bad_input add "$(printf 'a%.0s' $(seq 65))" --target 1.0
}

@test "goal add of a target equal to the baseline is an error and changes nothing" {
	bad_input add b --target 0.5 --baseline 0.5
	assert_output 'lt goal: target 0.5 equals the baseline'
}

@test "goal add of a max goal with target 0 is an error" {
	bad_input add b --target 0
}

@test "goal update with a non-numeric value is an error and changes nothing" {
	bad_input update a high
	assert_output --partial 'value "high" is not a finite number'
}

@test "goal add with a metric no event has is an error and changes nothing" {
	bad_input add b --target 1 --task cls --metric reward
	assert_output 'lt goal: no event of task "cls" has a number "reward"'
}

@test "goal update of a linked goal is an error and changes nothing" {
	lt goal add b --target 1 --task cls --metric performance_score
	bad_input update b 0.5
}

@test "goal rm of an unknown ID is an error and creates no goals log" {
	run lt goal rm nosuch
	assert_failure 2
	assert_output 'lt goal: no goal "nosuch"'
	[ ! -e lt.goals.jsonl ]
}

@test "goal rejects an option its subcommand does not take" {
	run lt goal update a 1 --target 2
	assert_failure 2
	assert_line --index 0 'lt goal: update does not take --target'
	run lt goal list --bogus
	assert_failure 2
	assert_line --index 0 "lt goal: unknown option '--bogus'"
	run lt goal frobnicate
	assert_failure 2
}

@test "goal --help prints the usage on stdout" {
	run lt goal --help
	assert_success
	assert_line --index 0 --partial 'usage: lt goal add ID --target X'
}

@test "show counts the estimate from SOURCE_DATE_EPOCH, and refuses a bad one" {
	lt goal add g --target 1.0 --time $T0
	lt goal update g 0.1 --time $((T0 + 100))
	lt goal update g 0.2 --time $((T0 + 200))
	# 0.1 per 100 s: 1.0 at T0 + 1000 (10:16:40), 800 s after T0 + 200
	SOURCE_DATE_EPOCH=$((T0 + 200)) run lt goal show g
	assert_success
	assert_line --regexp '^estimated completion +2026-11-25 10:16:40 \(in 13m 20s\)$'
	# Once that time has passed without the value, there is none: never
	# a time in the past for an active goal.
	SOURCE_DATE_EPOCH=$((T0 + 1600)) run lt goal show g
	assert_line --regexp '^estimated completion +-$'
	assert_line --regexp '^estimate +none: the line through the last 2 values gives 2026-11-25 10:16:40, past, and no value since 2026-11-25 10:03:20 has reached the target$'
	SOURCE_DATE_EPOCH=$((T0 + 1600)) run lt goal show g --json
	jq -e '.estimated_completion_time == null and .estimate == "past"' <<<"$output"
	SOURCE_DATE_EPOCH=x run --separate-stderr lt goal show g
	assert_failure 2
	assert_equal "$stderr" 'lt goal: SOURCE_DATE_EPOCH "x" is not a whole number of seconds'
}

# saturating FILE TASK N: N events a minute apart from T0, episodes 0..N-1,
# score 0.92 - 0.5 exp(-0.08 (episode + 1)) plus a small fixed noise.
saturating() {
	awk -v n="$3" -v task="$2" -v t0=$T0 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", t0 + 60 * i, task, 0.92 - 0.5 * exp(-0.08 * (i + 1)) + 0.002 * (((i * 37) % 17) - 8) / 8, i
	}' >>"$1"
}

@test "a linked goal's estimate is the forecast's time of its task against time" {
	saturating run.jsonl cls 40
	lt goal -f run.jsonl add acc --target 0.91 --task cls \
	    --metric performance_score --time $T0
	# Seen just after the last event (T0 + 39 min).
	export SOURCE_DATE_EPOCH=$((T0 + 2400))
	run lt forecast cls --x time --target 0.91 --json -f run.jsonl
	assert_success
	want=$(jq .target.timestamp <<<"$output")
	jq -e '.target.reach == "reached"' <<<"$output"
	run lt goal -f run.jsonl show acc --json
	assert_success
	jq -e --argjson w "$want" '.estimated_completion_time == $w and
	    .estimate == "forecast" and .is_completed == false' <<<"$output"
	# The true curve reaches 0.91 at x = ln(0.5 / 0.01) / 0.08 = 48.90
	# episodes done: episode 47.90, 47.90 minutes after T0; the fitted one
	# within 2 %.
	jq -e --argjson t0 $T0 '(.estimated_completion_time - $t0) / 60 |
	    (. - 47.90 | fabs) < 0.02 * 47.90' <<<"$output"
	run lt goal -f run.jsonl show acc
	assert_line --regexp '^estimate +from the forecast \(exp curve, asymptote 0\.9[0-9]+ \[0\.9[0-9]+, 0\.9[0-9]+\]\)$'
	# Once that time has passed with no value at the target: none.
	SOURCE_DATE_EPOCH=$((T0 + 86400)) run lt goal -f run.jsonl show acc --json
	jq -e '.estimated_completion_time == null and .estimate == "past"' <<<"$output"
}

@test "the demo's BraTS goal of 0.5 is not reached at this rate" {
	lt record --batch -f run.csv <"$TESTDATA/brats2020-unet.jsonl"
	lt record -f run.csv -t unet-val -s 0.4441 -r 1e-06 -e 24 -c 0.0344 \
	    --time 2026-11-22T11:48:35Z
	lt goal -f run.csv add dice --target 0.5 --task unet-val \
	    --metric performance_score --desc "validation Dice of 0.5"
	run lt goal -f run.csv show dice --json
	assert_success
	jq -e '.estimated_completion_time == null and
	    .estimate == "not_at_this_rate" and .is_completed == false' <<<"$output"
	run lt goal -f run.csv show dice
	assert_line --regexp '^estimated completion +-$'
	assert_line --regexp '^estimate +none, not at this rate: the forecast \(exp curve, asymptote 0\.44582 \[0\.44235, 0\.44928\]\) levels off short of the target$'
	run lt goal -f run.csv list
	assert_line --index 1 --regexp '^dice +max +0\.4441 +0\.5000 +88\.8 +active +not at this rate +#'
}

@test "a linked goal without a forecast has no estimate, and says why" {
	saturating run.jsonl cls 5
	lt goal -f run.jsonl add acc --target 0.9 --task cls \
	    --metric performance_score --time $T0
	run lt goal -f run.jsonl show acc --json
	jq -e '.estimated_completion_time == null and .estimate == "unknown"' <<<"$output"
	run lt goal -f run.jsonl show acc
	assert_line --regexp '^estimate +none: no forecast: 5 points; a forecast needs at least 8$'
	# A task whose times only keep their order has no times to give.
	saturating run.jsonl ord 40
	echo '{"time":1795600000,"task":"ord","times":"order"}' >run.tasks.jsonl
	lt goal -f run.jsonl add o --target 0.91 --task ord \
	    --metric performance_score --time $T0
	run lt goal -f run.jsonl show o --json
	jq -e '.estimated_completion_time == null and .estimate == "unknown"' <<<"$output"
}

@test "goal check without a goals log exits 2, so a mistyped log is not all done" {
	run --separate-stderr lt goal check -f /wrong/path.csv
	assert_failure 2
	assert_output ''
	[ "$stderr" = 'lt goal: /wrong/path.goals.jsonl: cannot open the goals log: No such file or directory' ]
	# a log without a goals log: still no goals to check
	record_n run.jsonl 3
	run --separate-stderr lt goal check -f run.jsonl
	assert_failure 2
	[ "$stderr" = 'lt goal: run.goals.jsonl: cannot open the goals log: No such file or directory' ]
	[ ! -e run.goals.jsonl ]
}

@test "goal check -q prints nothing, whether the goals are reached or not" {
	lt goal add a --target 1.0
	lt goal add b --target 1.0
	lt goal update a 1.0
	run --separate-stderr lt goal check -q a
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	run --separate-stderr lt goal check --quiet
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ]
	# without -q the open goal is listed
	run lt goal check
	assert_failure 1
	assert_line --index 1 --regexp '^b +max'
	# trouble is still said
	run --separate-stderr lt goal check -q nosuch
	assert_failure 2
	[ "$stderr" = 'lt goal: no goal "nosuch"' ]
}

@test "goal list and summary of a log that is not there either exit 2" {
	run --separate-stderr lt goal list -f nope.jsonl
	assert_failure 2
	[ "$stderr" = 'lt goal: nope.goals.jsonl: cannot open the goals log, nor the log nope.jsonl: No such file or directory' ]
	run lt goal summary -f nope.jsonl
	assert_failure 2
	# a goals log named by --goals must be there
	record_n run.jsonl 1
	run --separate-stderr lt goal list -f run.jsonl --goals other.jsonl
	assert_failure 2
	[ "$stderr" = 'lt goal: other.jsonl: cannot open the goals log: No such file or directory' ]
	# the log alone: no goals yet
	run lt goal list -f run.jsonl --tsv
	assert_success
	assert_output 'goal	dir	current	target	%	status	eta'
}

@test "goal -t keeps the goals that follow a task, in list, summary and check" {
	lt record -f run.jsonl -t cls -s 0.5 -r 0.01 -e 1 -c 0.1 --time $T0
	lt record -f run.jsonl -t det -s 0.9 -r 0.01 -e 1 -c 0.1 --time $T0
	lt goal add -f run.jsonl c --target 0.8 -t cls --metric performance_score
	lt goal add -f run.jsonl d --target 0.8 -t det --metric performance_score
	lt goal add -f run.jsonl plain --target 1
	run lt goal list -f run.jsonl -t det --json
	assert_equal "$(jq -c 'map(.goal_id)' <<<"$output")" '["d"]'
	run lt goal list -f run.jsonl -t det -t cls --json
	assert_equal "$(jq -c 'map(.goal_id)' <<<"$output")" '["c","d"]'
	run lt goal summary -f run.jsonl -t det --json
	assert_equal "$(jfield "$output" total_goals)" 1
	assert_equal "$(jfield "$output" completed_goals)" 1
	run lt goal check -q -f run.jsonl -t det
	assert_success
	run lt goal check -q -f run.jsonl -t cls
	assert_failure 1
	# a task no goal follows is an error, not "all completed"
	run --separate-stderr lt goal check -q -f run.jsonl -t dett
	assert_failure 2
	[ "$stderr" = 'lt goal: no goal follows task "dett"; did you mean "det"?' ]
	run lt goal list -f run.jsonl -t plain
	assert_failure 2
	# add follows one task only
	run lt goal add -f run.jsonl e --target 1 -t cls -t det --metric lr
	assert_failure 2
	assert_line --index 0 'lt goal: add follows one --task'
}

@test "goal --until shows linked goals as they stood; --since follows later events" {
	lt record -f run.jsonl -t cls -s 0.5 -r 0.01 -e 1 -c 0.1 --time $T0
	lt record -f run.jsonl -t cls -s 0.9 -r 0.01 -e 2 -c 0.1 --time $((T0 + 60))
	lt record -f run.jsonl -t cls -s 0.6 -r 0.01 -e 3 -c 0.1 --time $((T0 + 120))
	lt goal add -f run.jsonl acc --target 0.8 -t cls \
	    --metric performance_score --time $T0
	run lt goal show acc -f run.jsonl --json
	assert_equal "$(jfield "$output" current_performance)" 0.6
	assert_equal "$(jfield "$output" is_completed)" true
	# at T0 + 30 only the first event was there: 0.5 of 0.8
	run lt goal show acc -f run.jsonl --until $((T0 + 30)) --json
	assert_equal "$(jfield "$output" current_performance)" 0.5
	assert_equal "$(jfield "$output" is_completed)" false
	assert_equal "$(jfield "$output" completion_percentage)" 62.5
	run lt goal check -q acc -f run.jsonl --until $((T0 + 30))
	assert_failure 1
	# from T0 + 90 only the last: 0.6, never completed
	run lt goal list -f run.jsonl --since $((T0 + 90)) --json
	assert_equal "$(jq -c '.[0].current_performance' <<<"$output")" 0.6
	assert_equal "$(jq -c '.[0].is_completed' <<<"$output")" false
}

@test "goal -f repeated: linked goals follow the logs read as one" {
	lt record -f a.jsonl -t cls -s 0.5 -r 0.01 -e 1 -c 0.1 --time $T0
	lt record -f b.jsonl -t cls -s 0.7 -r 0.01 -e 2 -c 0.1 --time $((T0 + 60))
	lt goal add -f a.jsonl acc --target 0.9 -t cls \
	    --metric performance_score --time $T0
	[ -f a.goals.jsonl ]
	run lt goal show acc -f a.jsonl -f b.jsonl --json
	assert_equal "$(jfield "$output" current_performance)" 0.7
	run lt goal show acc -f a.jsonl --json
	assert_equal "$(jfield "$output" current_performance)" 0.5
}

@test "goal --strict refuses a bad line of the goals log, which it otherwise skips" {
	lt goal add a --target 1
	printf '{"op":\n' >>lt.goals.jsonl
	record_n lt.jsonl 1
	run --separate-stderr lt goal list --strict
	assert_failure 2
	assert_output ''
	[[ $stderr == 'lt goal: lt.goals.jsonl:2: '* ]]
	run --separate-stderr lt goal list --tsv
	assert_success
	assert_line --index 1 --regexp '^a	max	'
	[[ $stderr == *'1 bad line skipped' ]]
}
