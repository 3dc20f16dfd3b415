#!/usr/bin/env bats
# lt export: logs converted to the other format, and -o FILE written
# whole or not at all.

load test_helper

bats_require_minimum_version 1.5.0

# A CSV log that lt wrote, with doubles that are easy to get wrong and
# metadata with commas, quotes, an escaped newline and a backslash.
awkward_csv() {
	for v in 0.1 1e-300 5e-324 0.30000000000000004; do
		lt record -f run.csv --no-sync -t 'cls, "big"' -s "$v" -r "$v" \
		    -e 3 -c "$v" --time 1795600800.123456 'note=a, "q" x' \
		    'nl:="x\ny\\z"' 'lst:=[1.5,2e10,-0.0]' || return 1
	done
}

# big_jsonl N: N events written straight into big.jsonl.
big_jsonl() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{\"i\":%d}}\n", 1795600800 + i, i, i }' >big.jsonl
}

@test "export converts CSV to JSONL and back to the original bytes" {
	awkward_csv
	run lt export -f run.csv --format jsonl -o run.jsonl
	assert_success
	assert_output ''
	lt export -f run.jsonl --format csv >back.csv
	cmp run.csv back.csv
}

@test "export converts JSONL to CSV and back to the original bytes" {
	awkward_csv
	lt export -f run.csv --format jsonl >run.jsonl
	lt export -f run.jsonl --format csv >mid.csv
	lt export -f mid.csv --format jsonl >back.jsonl
	cmp run.jsonl back.jsonl
}

@test "export keeps every number bit for bit and the metadata as recorded" {
	awkward_csv
	lt export -f run.csv --format jsonl >run.jsonl
	run python3 -c '
import json, struct, sys
want = ["0.1", "1e-300", "5e-324", "0.30000000000000004"]
for line, w in zip(open("run.jsonl"), want):
    e = json.loads(line)
    for k in ("performance_score", "learning_rate", "convergence_metric"):
        assert struct.pack("<d", e[k]) == struct.pack("<d", float(w)), (k, e[k])
    assert e["timestamp"] == 1795600800.123456
    assert e["task_type"] == "cls, \"big\""
    assert e["metadata"] == {"note": "a, \"q\" x", "nl": "x\ny\\z",
        "lst": [1.5, 2e10, -0.0]}, e["metadata"]
print("ok")'
	assert_success
	assert_output ok
	run jq -c '.metadata.nl' run.jsonl
	assert_line --index 0 '"x\ny\\z"'
}

@test "export writes to standard output and reads the log from LT_FILE" {
	# record_n's awk writes i/3 with six digits.
	record_n run.jsonl 3
	LT_FILE=run.jsonl run lt export --format csv
	assert_success
	assert_output "$(printf '%s\n' \
	    'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata' \
	    '1795600801,cls,0.333333,0.01,1,1,{}' \
	    '1795600802,cls,0.666667,0.01,2,0.5,{}' \
	    '1795600803,cls,1,0.01,3,0.333333,{}')"
}

@test "export reads several logs merged by time, and standard input" {
	record_n a.jsonl 3 a
	record_n b.jsonl 2 b
	lt export --format jsonl -f a.jsonl -f - <b.jsonl >both.jsonl
	run jq -r '.task_type' both.jsonl
	assert_output "$(printf 'a\nb\na\nb\na')"
}

@test "export -t, --since and --until export the events selected, in both forms" {
	record_n run.jsonl 6
	record_n run.jsonl 3 other
	# cls: scores i/6 at 1795600800 + i; other: i/3 at the same times
	run lt export --format jsonl -f run.jsonl -t other
	assert_success
	[ "$(jq -r .task_type <<<"$output" | sort -u)" = other ]
	[ "${#lines[@]}" -eq 3 ]
	run lt export --format csv -f run.jsonl --since 1795600802 \
	    --until 1795600803
	assert_success
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata
1795600802,cls,0.333333,0.01,2,0.5,{}
1795600803,cls,0.5,0.01,3,0.333333,{}
1795600802,other,0.666667,0.01,2,0.5,{}
1795600803,other,1,0.01,3,0.333333,{}'
	# the document: its events and its report of the same selection
	run lt export -f run.jsonl -t cls --since 1795600805
	assert_success
	[ "$(jq '.learning_events | length' <<<"$output")" -eq 2 ]
	[ "$(jq '.learning_report.total_learning_events' <<<"$output")" -eq 2 ]
	[ "$(jq -c '.learning_events | map(.episode_count)' <<<"$output")" = '[5,6]' ]
	[ "$(jq -c '.learning_report | .task_analysis | keys' <<<"$output")" = '["cls"]' ]
	[ "$(lt report -f run.jsonl -t cls --since 1795600805 --json |
	    jq -c 'del(.report_timestamp)')" = \
	    "$(jq -c '.learning_report | del(.report_timestamp)' <<<"$output")" ]
	# a task named that has none is an error, with -o nothing written
	run --separate-stderr lt export -f run.jsonl -t clss --format csv \
	    -o out.csv
	assert_failure 2
	[ "$stderr" = 'lt export: no events of task "clss"
lt export: did you mean "cls"?' ]
	[ ! -e out.csv ]
	run --separate-stderr lt export -f run.jsonl -t clss -o out.json
	assert_failure 2
	[ ! -e out.json ]
}

@test "export reads as many logs as it is given, past 64" {
	local i args=()
	for i in $(seq 1 100); do
		printf '{"timestamp":%d,"task_type":"t%d","performance_score":0.5,"learning_rate":0.1,"episode_count":%d,"convergence_metric":1,"metadata":{}}\n' \
		    $((1795600800 + i)) "$i" "$i" >"log$i.jsonl"
		args+=(-f "log$i.jsonl")
	done
	run lt export --format jsonl "${args[@]}"
	assert_success
	[ "${#lines[@]}" -eq 100 ]
	[ "$(printf '%s\n' "$output" | jq -r .task_type | tail -1)" = t100 ]
	run lt export "${args[@]}"
	assert_success
	[ "$(jq '.learning_events | length' <<<"$output")" -eq 100 ]
}

@test "export refuses a goals log named by --goals that does not exist" {
	record_n run.jsonl 2
	run --separate-stderr lt export -f run.jsonl --goals nope.jsonl
	assert_failure 2
	assert_output ''
	[ "$stderr" = 'lt export: nope.jsonl: cannot open the goals log: No such file or directory' ]
	run --separate-stderr lt export -f run.jsonl --format csv --goals x.jsonl
	assert_failure 2
	[[ $stderr == 'lt export: --format writes no goals; --goals is not taken with it'$'\n'* ]]
}

@test "export skips a bad line with a warning, and --strict refuses it" {
	record_n run.jsonl 2
	printf '{"broken\n' >>run.jsonl
	run lt export --format csv -f run.jsonl -o out.csv
	assert_success
	assert_line --index 0 --partial 'lt export: warning: run.jsonl:3:'
	assert_line --index 1 'lt export: warning: 1 bad line skipped'
	[ "$(wc -l <out.csv)" -eq 3 ]
	run lt export --format csv --strict -f run.jsonl -o strict.csv
	assert_failure 2
	assert_output --partial 'lt export: run.jsonl:3:'
	[ ! -e strict.csv ]
	[ -z "$(ls -A | grep '^\.strict')" ]
}

@test "export -o gives a new file the umask's mode and keeps an old file's" {
	record_n run.jsonl 2
	(umask 027; lt export --format csv -f run.jsonl -o new.csv)
	[ "$(stat -c %a new.csv)" = 640 ]
	echo old >old.csv
	chmod 604 old.csv
	lt export --format csv -f run.jsonl -o old.csv
	[ "$(stat -c %a old.csv)" = 604 ]
	[ "$(wc -l <old.csv)" -eq 3 ]
}

@test "export -o a directory fails and writes nothing" {
	record_n run.jsonl 2
	mkdir out
	before=$(checksum run.jsonl)
	run lt export --format csv -f run.jsonl -o out
	assert_failure 2
	assert_output 'lt export: out: is a directory'
	[ -z "$(ls -A out)" ]
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "export -o a FIFO or /dev/null writes to it and leaves it in place" {
	record_n run.jsonl 2
	mkfifo pipe
	cat pipe >got.csv &
	reader=$!
	run lt export --format csv -f run.jsonl -o pipe
	assert_success
	wait "$reader"
	[ -p pipe ]
	lt export --format csv -f run.jsonl >want.csv
	cmp got.csv want.csv
	run lt export --format csv -f run.jsonl -o /dev/null
	assert_success
	[ -c /dev/null ]
}

@test "export -o in a missing directory fails" {
	record_n run.jsonl 2
	run lt export --format csv -f run.jsonl -o none/out.csv
	assert_failure 2
	assert_output 'lt export: none/out.csv: cannot create a temporary file beside it: No such file or directory'
}

@test "export of a missing log fails and creates no output" {
	run lt export --format csv -f none.jsonl -o out.csv
	assert_failure 2
	assert_output 'lt export: none.jsonl: cannot open: No such file or directory'
	[ ! -e out.csv ]
	[ ! -e none.jsonl ]
}

@test "export rejects a bad format, an unknown option and a stray argument" {
	record_n run.jsonl 2
	run lt export --format xml -f run.jsonl
	assert_failure 2
	assert_line --index 0 'lt export: --format "xml" is not csv or jsonl'
	run lt export --bogus
	assert_failure 2
	assert_line --index 0 "lt export: unknown option '--bogus'"
	run lt export --format csv extra
	assert_failure 2
	assert_line --index 0 'lt export: unexpected argument "extra"'
}

@test "export -o on a full disk leaves the old file and no temporary" {
	big_jsonl 20000
	echo old >out.csv
	# A file size limit makes write(2) fail with EFBIG, as a full disk
	# makes it fail with ENOSPC.
	run bash -c 'trap "" XFSZ; ulimit -f 100; "$LT" export --format csv -f big.jsonl -o out.csv'
	assert_failure 2
	assert_output 'lt export: out.csv: cannot write: File too large'
	[ "$(cat out.csv)" = old ]
	[ -z "$(ls -A | grep '^\.out')" ]
}

@test "export -o killed with SIGKILL mid-export leaves no truncated file" {
	big_jsonl 200000
	mkfifo in
	"$LT" export --format csv -f - -o out.csv <in 2>/dev/null &
	pid=$!
	{ cat big.jsonl; sleep 3; } >in 2>/dev/null &
	feeder=$!
	# Wait until part of the output is written to the temporary.
	for _ in $(seq 100); do
		tmp=$(ls -A | grep '^\.out\.csv\.' || true)
		if [ -n "$tmp" ] && [ "$(wc -c <"$tmp")" -gt 1000000 ]; then
			break
		fi
		sleep 0.05
	done
	[ "$(wc -c <"$tmp")" -gt 1000000 ]
	kill -KILL "$pid"
	wait "$pid" || true
	kill "$feeder" 2>/dev/null || true
	[ ! -e out.csv ]
}

@test "export -o killed with SIGKILL mid-export leaves the old file whole" {
	big_jsonl 200000
	echo old >out.csv
	mkfifo in
	"$LT" export --format csv -f - -o out.csv <in 2>/dev/null &
	pid=$!
	{ cat big.jsonl; sleep 3; } >in 2>/dev/null &
	feeder=$!
	for _ in $(seq 100); do
		tmp=$(ls -A | grep '^\.out\.csv\.' || true)
		if [ -n "$tmp" ] && [ "$(wc -c <"$tmp")" -gt 1000000 ]; then
			break
		fi
		sleep 0.05
	done
	[ "$(wc -c <"$tmp")" -gt 1000000 ]
	kill -KILL "$pid"
	wait "$pid" || true
	kill "$feeder" 2>/dev/null || true
	[ "$(cat out.csv)" = old ]
}

@test "export -o interrupted by SIGINT or SIGTERM removes its temporary" {
	big_jsonl 1000
	for sig in INT TERM; do
		echo old >out.csv
		mkfifo in
		# Background jobs start with SIGINT ignored: restore it.
		python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$LT" export --format csv -f - \
		    -o out.csv <in &
		pid=$!
		{ cat big.jsonl; sleep 3; } >in 2>/dev/null &
		feeder=$!
		for _ in $(seq 100); do
			[ -n "$(ls -A | grep '^\.out\.csv\.')" ] && break
			sleep 0.05
		done
		[ -n "$(ls -A | grep '^\.out\.csv\.')" ]
		kill "-$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		kill "$feeder" 2>/dev/null || true
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ]
		[ "$(cat out.csv)" = old ]
		[ -z "$(ls -A | grep '^\.out')" ]
		rm in
	done
}

@test "export --help prints the usage on stdout" {
	run lt export --help
	assert_success
	assert_line --index 0 'usage: lt export [-t TASK ...] [-f FILE ...] [--since T] [--until T] [--strict]'
	assert_line --index 2 '       lt export --format csv|jsonl [-t TASK ...] [-f FILE ...] [--since T]'
}

# A small log with convergences and a goal, for the export document.
class_log() {
	set -- 0.004 0.5 0.0099 0.01
	for i in 1 2 3 4; do
		lt record -f run.jsonl --no-sync -t "task$((i % 2))" -s "0.$i" \
		    -r 0.01 -e "$i" -c "$1" --time "179560080$i.5" "seed=$i" ||
		    return 1
		shift
	done
	lt goal add acc -f run.jsonl --target 0.9 --time 1795600800 &&
	    lt goal update acc 0.4 -f run.jsonl --time 1795600804
}

@test "export writes the class's document with its five keys in order" {
	class_log
	run lt export -f run.jsonl -o out.json
	assert_success
	assert_output ''
	run jq -r 'keys_unsorted[]' out.json
	assert_output "$(printf '%s\n' export_timestamp learning_events goals \
	    convergence_history learning_report)"
	python3 -c 'import json, sys; json.load(sys.stdin)' <out.json
}

@test "export's learning_events are the log's events, every value exact" {
	class_log
	lt export -f run.jsonl >out.json
	run python3 -c '
import json
doc = json.load(open("out.json"))
log = [json.loads(l) for l in open("run.jsonl")]
keys = ["timestamp", "task_type", "performance_score", "learning_rate",
    "episode_count", "convergence_metric", "metadata"]
assert doc["learning_events"] == log, doc["learning_events"]
assert all(list(e) == keys for e in doc["learning_events"])
print(len(log))'
	assert_success
	assert_output 4
}

@test "export's convergence_history holds every event below 0.01" {
	class_log
	lt export -f run.jsonl >out.json
	# Convergence metrics 0.004, 0.5, 0.0099, 0.01: the first and the
	# third are below 0.01 (0.01 itself is not), as jq finds.
	want=$(jq -c 'select(.convergence_metric < 0.01) |
	    [.timestamp, .task_type, .convergence_metric]' run.jsonl)
	[ "$(echo "$want" | wc -l)" -eq 2 ]
	run jq -c '.convergence_history[]' out.json
	assert_output "$want"
}

@test "export's goals are lt goal list's and its report is lt report's" {
	class_log
	lt export -f run.jsonl >out.json
	run jq -c '.goals' out.json
	assert_output "$(lt goal list -f run.jsonl --json | jq -c .)"
	[ "$(jq '.goals | length' out.json)" -eq 1 ]
	[ "$(jq -c '.learning_report | del(.report_timestamp)' out.json)" = \
	    "$(lt report -f run.jsonl --json | jq -c 'del(.report_timestamp)')" ]
	[ "$(jq -c '.learning_report.goal_summary' out.json)" = \
	    "$(lt goal summary -f run.jsonl --json | jq -c .)" ]
	[ "$(jq '.learning_report.goal_summary.total_goals' out.json)" -eq 1 ]
	[ "$(jq '.export_timestamp == .learning_report.report_timestamp' out.json)" = true ]
}

@test "export of an empty log is a document with no events" {
	: >empty.jsonl
	run lt export -f empty.jsonl
	assert_success
	run jq -c '[.learning_events, .goals, .convergence_history,
	    .learning_report.total_learning_events]' <<<"$output"
	assert_output '[[],[],[],0]'
}

@test "export reads the document's log from standard input" {
	class_log
	printf '{"broken\n' >>run.jsonl
	run lt export -f - <run.jsonl
	assert_success
	assert_line --partial 'lt export: warning: (stdin):5:'
	lt export -f - <run.jsonl >in.json 2>/dev/null
	lt export -f run.jsonl >file.json 2>/dev/null
	# Standard input has no goals log beside it: leave the goals out.
	filter='del(.export_timestamp, .goals, .learning_report.report_timestamp,
	    .learning_report.goal_summary)'
	[ "$(jq -c "$filter" in.json)" = "$(jq -c "$filter" file.json)" ]
	[ "$(jq '.learning_events | length' in.json)" -eq 4 ]
}

@test "export -o FILE.csv without --format converts to CSV" {
	record_n run.jsonl 2
	lt export -f run.jsonl -o out.csv
	lt export -f run.jsonl --format csv >want.csv
	cmp out.csv want.csv
}

@test "export skips, with a warning, a CSV line whose task is not UTF-8" {
	printf 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata\n1700000006,ok,0.6,0.01,6,0.006,{}\n1700000007,\244,0.7,0.01,7,0.007,{}\n' >bad.csv
	run --separate-stderr lt export -f bad.csv
	assert_success
	[ "$stderr" = "lt export: warning: bad.csv:3: task_type is not valid UTF-8; line skipped
lt export: warning: 1 bad line skipped" ]
	jq -e '.learning_events == [{"timestamp":1700000006.0,"task_type":"ok","performance_score":0.6,"learning_rate":0.01,"episode_count":6,"convergence_metric":0.006,"metadata":{}}] and .convergence_history == [[1700000006.0,"ok",0.006]]' <<<"$output"
}

@test "a CSV task with a tab is escaped in JSONL and in the document, and reads back" {
	printf 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata\n1700000006,a\tb,0.5,0.01,6,0.5,{}\n' >tab.csv
	run lt export -f tab.csv --format jsonl
	assert_success
	assert_output '{"timestamp":1700000006,"task_type":"a\tb","performance_score":0.5,"learning_rate":0.01,"episode_count":6,"convergence_metric":0.5,"metadata":{}}'
	echo "$output" >tab.jsonl
	run lt export -f tab.jsonl --format csv
	assert_output "$(cat tab.csv)"
	run lt export -f tab.csv
	jq -e '.learning_events[0].task_type == "a\tb"' <<<"$output"
}

@test "export dates the document and its report from SOURCE_DATE_EPOCH, and refuses a bad one" {
	class_log
	SOURCE_DATE_EPOCH=1795600800 run lt export -f run.jsonl
	assert_success
	jq -e '.export_timestamp == 1795600800 and
	    .learning_report.report_timestamp == 1795600800' <<<"$output"
	SOURCE_DATE_EPOCH=soon run --separate-stderr lt export -f run.jsonl -o out.json
	assert_failure 2
	assert_equal "$stderr" 'lt export: SOURCE_DATE_EPOCH "soon" is not a whole number of seconds'
	[ ! -e out.json ]
	run ls -A
	refute_output --partial .out.json
}

@test "conversion to a file writes the file's tasks file, so the copy reads as the original" {
	mirror_logs
	run --separate-stderr lt export -f min.jsonl --format csv -o conv.csv
	assert_success
	[ "$stderr" = "" ]
	run jq -c -s '[.[] | {task, direction, score_name}]' conv.tasks.jsonl
	assert_output '[{"task":"acc","direction":"min","score_name":"error"}]'
	run lt trend acc -f conv.csv --check improving
	assert_success
	# and back: the same facts, nothing appended twice
	lt export -f conv.csv --format jsonl -o back.jsonl
	run jq -c -s '[.[] | {task, direction, score_name}]' back.tasks.jsonl
	assert_output '[{"task":"acc","direction":"min","score_name":"error"}]'
	lt export -f min.jsonl --format jsonl >direct.jsonl 2>/dev/null
	cmp back.jsonl direct.jsonl
	# a selection carries the facts of the tasks it selects only
	lt export -f min.jsonl --format csv -t acc -o sel.csv
	[ -e sel.tasks.jsonl ]
	# a log without a tasks file converts without one
	lt export -f max.jsonl --format csv -o plain.csv
	[ ! -e plain.tasks.jsonl ]
}

@test "conversion to standard output says on stderr where the tasks' facts stay" {
	mirror_logs
	run --separate-stderr lt export -f min.jsonl --format csv
	assert_success
	[ "$stderr" = "lt export: the tasks' directions and score names are not in the events: they stay in min.tasks.jsonl" ]
	[ "${#lines[@]}" -eq 41 ]
	run --separate-stderr lt export -f max.jsonl --format csv
	[ "$stderr" = "" ]
}

@test "the export document carries each task's direction and score name, and no key more without a tasks file" {
	mirror_logs
	run lt export -f min.jsonl
	assert_success
	jq -e '.tasks == {"acc": {"direction": "min", "score_name": "error",
	    "times": "measured"}}' <<<"$output"
	jq -e '.learning_report.task_analysis.acc |
	    .performance_trend.direction == "improving" and
	    .best_episode == 30' <<<"$output"
	run lt export -f max.jsonl
	assert_success
	jq -e 'keys == ["convergence_history", "export_timestamp", "goals",
	    "learning_events", "learning_report"]' <<<"$output"
}

# parts_logs: a.jsonl, the Keras fixture's brats2020 run (24 events of
# task brats2020-unet-training/val_accuracy, max, times that keep order,
# from the import's now), b.jsonl the Hugging Face fixture's LoRA run (3
# of .../eval_loss, min), c.jsonl 150 events of cls (record_n: times
# 1795600800 + i, convergence 1/i), and in a.goals.jsonl two goals linked
# to tasks (cls's score, b's loss) and one with values of its own.
parts_logs() {
	lt import -f a.jsonl --no-sync \
	    "$FIXTURES/keras-csvlogger/brats2020-unet-training.log" &&
	lt import -f b.jsonl --no-sync \
	    "$FIXTURES/hf-trainer-state/lora-imdb-distilbert-trainer_state.json" &&
	record_n c.jsonl 150 &&
	lt goal add up -f a.jsonl -f b.jsonl -f c.jsonl --no-sync --target 2 \
	    -t cls --metric performance_score --time 1795600800 &&
	lt goal add loss -f a.jsonl -f b.jsonl -f c.jsonl --no-sync \
	    --target 0.1 --direction min \
	    -t lora-imdb-distilbert-trainer_state/eval_loss \
	    --metric performance_score --time 1795600800 &&
	lt goal add own -f a.jsonl --no-sync --target 10 --time 1795600800 &&
	lt goal update own 3 -f a.jsonl --no-sync --time 1795600900 &&
	lt goal update own 5 -f a.jsonl --no-sync --time 1795601000
} 2>/dev/null

@test "the document of several logs, one piped, with -t, --since and --until, is its parts" {
	parts_logs
	export SOURCE_DATE_EPOCH=1800000000
	local brats=brats2020-unet-training/val_accuracy until
	until=$(jq -s '.[19].timestamp' a.jsonl)
	local sel=(-t cls -t "$brats" --since 1795600850 --until "$until")
	# b.jsonl through a pipe: read once, as it comes.
	cat b.jsonl | lt export -f a.jsonl -f - -f c.jsonl "${sel[@]}" >doc.json
	lt export -f a.jsonl -f b.jsonl -f c.jsonl "${sel[@]}" >file.json
	cmp doc.json file.json
	# The events: cls 50 to 150 (101) and brats's first 20, as the
	# conversion gives them.
	[ "$(jq '.learning_events | length' doc.json)" -eq 121 ]
	[ "$(jq -c '.learning_events[]' doc.json)" = \
	    "$(lt export --format jsonl -f a.jsonl -f b.jsonl -f c.jsonl \
	    "${sel[@]}" | jq -c .)" ]
	# Convergence below 0.01: cls from 101 on (1/i < 0.01 for i > 100),
	# 50 events; brats's never goes below 0.0257.
	[ "$(jq '.convergence_history | length' doc.json)" -eq 50 ]
	[ "$(jq -c '.convergence_history[]' doc.json)" = \
	    "$(jq -c '.learning_events[] | select(.convergence_metric < 0.01) |
	    [.timestamp, .task_type, .convergence_metric]' doc.json)" ]
	# The goals follow the whole logs, as lt goal list has them: b's
	# loss, outside the selection, is the goal's value.
	[ "$(jq -c '.goals' doc.json)" = \
	    "$(lt goal list -f a.jsonl -f b.jsonl -f c.jsonl --json | jq -c .)" ]
	[ "$(jq '.goals | length' doc.json)" -eq 3 ]
	[ "$(jq '.goals[1].current_performance' doc.json)" = \
	    "$(jq -s '.[-1].performance_score' b.jsonl)" ]
	[ "$(jq '.goals[0].current_performance' doc.json)" = 1 ]
	# The report is lt report's of the same selection, goals and all.
	[ "$(jq -c '.learning_report' doc.json)" = \
	    "$(lt report -f a.jsonl -f b.jsonl -f c.jsonl "${sel[@]}" --json |
	    jq -c .)" ]
	[ "$(jq '.learning_report.total_learning_events' doc.json)" -eq 121 ]
	# The tasks files' facts of the tasks selected: brats's alone.
	[ "$(jq -c '.tasks' doc.json)" = \
	    "{\"$brats\":{\"direction\":\"max\",\"score_name\":\"val_accuracy\",\"times\":\"order\"}}" ]
}

@test "the document's report of a long log is lt report's, on one thread or several" {
	# 20000 events (more than the report is handed at once, many times
	# over), tasks t0 to t2 in turn, scores (i mod 1000) / 1000, every
	# seventh converged.
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
		printf "{\"timestamp\":%d.25,\"task_type\":\"t%d\",\"performance_score\":%s,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{\"seed\":%d}}\n", 1795600800 + i, i % 3, (i % 1000) / 1000, i, (i % 7 == 0) ? 0.005 : 0.5, i % 5 }' >long.jsonl
	export SOURCE_DATE_EPOCH=1800000000
	lt export -f long.jsonl >doc.json
	LT_THREADS=1 lt export -f long.jsonl >one.json
	cmp doc.json one.json
	[ "$(jq -c '.learning_report' doc.json)" = \
	    "$(lt report -f long.jsonl --json | jq -c .)" ]
	# 20000 / 7 = 2857 converged; the last event of t2 is i = 20000
	# (20000 mod 3 = 2), score 0, of t1 i = 19999, score 999 / 1000.
	jq -e '.learning_report.total_learning_events == 20000 and
	    (.convergence_history | length) == 2857 and
	    .learning_report.task_analysis.t2.latest_score == 0 and
	    .learning_report.task_analysis.t1.latest_score == 0.999' doc.json
}

@test "the document warns once of a bad line, also when goals follow the log" {
	record_n run.jsonl 3
	printf '{"broken\n' >>run.jsonl
	record_n more.jsonl 2
	cat more.jsonl >>run.jsonl
	lt goal add up -f run.jsonl --no-sync --target 2 -t cls \
	    --metric performance_score 2>/dev/null
	run --separate-stderr lt export -f run.jsonl
	assert_success
	[ "$stderr" = "lt export: warning: run.jsonl:4: not JSON: premature end of input near '\"broken'; line skipped
lt export: warning: 1 bad line skipped" ] || fail "stderr: $stderr"
	# the goal has the value of the last event: record_n's 2 / 2
	jq -e '.goals[0].current_performance == 1 and
	    (.learning_events | length) == 5' <<<"$output"
}
