#!/usr/bin/env bats
# lt record: single events, --batch, --stream, and the rules of an event.

load test_helper

@test "record appends one event to a new CSV log with its header" {
	run lt record -f run.csv -t cls -s 0.85 -r 0.01 -e 100 -c 0.05 \
	    --time 2026-11-25T10:00:00Z batch_size=32 optimizer=adam
	assert_success
	assert_output ''
	run cat run.csv
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata
1795600800,cls,0.85,0.01,100,0.05,"{""batch_size"":32,""optimizer"":""adam""}"'
}

@test "record appends one event to a JSONL log" {
	run lt record -f run.jsonl -t cls -s 0.85 -r 0.01 -e 100 -c 0.05 \
	    --time 1795600800.5
	assert_success
	run cat run.jsonl
	assert_output '{"timestamp":1795600800.5,"task_type":"cls","performance_score":0.85,"learning_rate":0.01,"episode_count":100,"convergence_metric":0.05,"metadata":{}}'
}

bats_require_minimum_version 1.5.0

HDR=timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata

# The logs a bad event must leave as they were: two that do not exist yet
# (they must still not exist), two that already hold an event.
seed_logs() {
	lt record -f old.csv --no-sync -t seed -s 0.5 -r 0.1 -e 1 -c 0.2 \
	    --time 1795600800 || return 1
	lt record -f old.jsonl --no-sync -t seed -s 0.5 -r 0.1 -e 1 -c 0.2 \
	    --time 1795600800 || return 1
}

# refused TEXT CMD...: CMD exits 2 (or $want_status) with TEXT in its
# standard error (which starts "lt record:"), and every log is byte for
# byte as it was.
refused() {
	local text=$1 before want=${want_status:-2}
	shift
	# cksum fails on the logs that do not exist, naming them
	before=$(checksum new.csv new.jsonl old.csv old.jsonl || :)
	run --separate-stderr "$@"
	[ "$status" -eq "$want" ] ||
	    fail "exit $status, not $want, from $*: $stderr"
	[[ $stderr == "lt record: "* ]] || fail "stderr: $stderr"
	[[ $stderr == *"$text"* ]] ||
	    fail "stderr does not name \"$text\": $stderr"
	[ "$(checksum new.csv new.jsonl old.csv old.jsonl || :)" = "$before" ] ||
	    fail "a log changed after $*"
	[ ! -e new.csv ] && [ ! -e new.jsonl ] || fail "a new log was created"
}

# jl TASK SCORE LR EPISODE CONV META: one JSONL input line; TASK and META
# are JSON text.
jl() {
	printf '{"timestamp":1795600800,"task_type":%s,"performance_score":%s,"learning_rate":%s,"episode_count":%s,"convergence_metric":%s,"metadata":%s}\n' "$@"
}

# cl TASK SCORE LR EPISODE CONV META: a CSV input (header and one line);
# TASK and META are CSV fields as they stand.
cl() {
	printf '%s\n1795600800,%s,%s,%s,%s,%s,%s\n' "$HDR" "$@"
}

# rejected CLI_TEXT JSONL_TEXT CSV_TEXT: the event on the command line
# ($cli), as a JSONL batch (in.jsonl) and as a CSV batch (in.csv) is refused
# by each of the four logs, naming the value.
rejected() {
	local log
	seed_logs
	for log in new.csv new.jsonl old.csv old.jsonl; do
		if [ -n "$1" ]; then
			refused "$1" "$LT" record -f "$log" "${cli[@]}"
		fi
		refused "$2" "$LT" record --batch -f "$log" <in.jsonl
		refused "(stdin):1: " "$LT" record --batch -f "$log" <in.jsonl
		refused "$3" "$LT" record --batch -f "$log" <in.csv
		refused "(stdin):2: " "$LT" record --batch -f "$log" <in.csv
		# a stream skips the bad line and goes on to its end
		want_status=0 refused "$2" "$LT" record --stream -f "$log" \
		    <in.jsonl
		want_status=0 refused "$3" "$LT" record --stream -f "$log" \
		    <in.csv
	done
}

@test "an empty task is refused in every input and log format" {
	cli=(-t '' -s 0.5 -r 0.1 -e 1 -c 0.1)
	jl '""' 0.5 0.1 1 0.1 '{}' >in.jsonl
	cl '' 0.5 0.1 1 0.1 '{}' >in.csv
	rejected 'task_type is empty' 'task_type is empty' 'task_type is empty'
}

@test "a task with a control character is refused everywhere" {
	cli=(-t $'a\tb' -s 0.5 -r 0.1 -e 1 -c 0.1)
	jl '"a\tb"' 0.5 0.1 1 0.1 '{}' >in.jsonl
	cl $'a\tb' 0.5 0.1 1 0.1 '{}' >in.csv
	# the tab is named escaped, as \x09
	rejected '"a\x09b" has a control character' \
	    '"a\x09b" has a control character' '"a\x09b" has a control character'
}

@test "a task that is not valid UTF-8 is refused everywhere" {
	cli=(-t $'a\xffb' -s 0.5 -r 0.1 -e 1 -c 0.1)
	jl $'"a\xffb"' 0.5 0.1 1 0.1 '{}' >in.jsonl
	cl $'a\xffb' 0.5 0.1 1 0.1 '{}' >in.csv
	# jansson refuses the whole line, naming the byte
	rejected 'is not valid UTF-8' 'byte 0xff' 'is not valid UTF-8'
}

@test "a task of 257 bytes is refused everywhere, one of 256 recorded" {
	long=$(printf 'x%.0s' $(seq 257))
	cli=(-t "$long" -s 0.5 -r 0.1 -e 1 -c 0.1)
	jl "\"$long\"" 0.5 0.1 1 0.1 '{}' >in.jsonl
	cl "$long" 0.5 0.1 1 0.1 '{}' >in.csv
	rejected 'is 257 bytes' 'is 257 bytes' 'is 257 bytes'

	ok=${long:1}
	[ ${#ok} -eq 256 ]
	run lt record -f ok.jsonl -t "$ok" -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 1795600800
	assert_success
	jl "\"$ok\"" 0.5 0.1 1 0.1 '{}' | lt record --batch -f ok.jsonl
	cl "$ok" 0.5 0.1 1 0.1 '{}' | lt record --batch -f ok.jsonl
	run jq -r '.task_type | length' ok.jsonl
	assert_output $'256\n256\n256'
}

@test "a score above 1 or below 0 is refused everywhere" {
	cli=(-t x -s 1.5 -r 0.1 -e 1 -c 0.1)
	jl '"x"' 1.5 0.1 1 0.1 '{}' >in.jsonl
	cl x 1.5 0.1 1 0.1 '{}' >in.csv
	rejected 'performance_score 1.5 is outside [0, 1]' \
	    'performance_score 1.5 is outside [0, 1]' \
	    'performance_score 1.5 is outside [0, 1]'

	cli=(-t x -s -0.25 -r 0.1 -e 1 -c 0.1)
	jl '"x"' -0.25 0.1 1 0.1 '{}' >in.jsonl
	cl x -0.25 0.1 1 0.1 '{}' >in.csv
	rejected 'performance_score -0.25' 'performance_score -0.25' \
	    'performance_score -0.25'
}

@test "a score that is not finite is refused everywhere, even --lenient" {
	for v in nan inf -inf 1e400; do
		cli=(-t x -s "$v" -r 0.1 -e 1 -c 0.1)
		cl x "$v" 0.1 1 0.1 '{}' >in.csv
		jl '"x"' 1e400 0.1 1 0.1 '{}' >in.jsonl
		rejected "performance_score \"$v\"" '1e400' \
		    "performance_score \"$v\""
		cli+=(--lenient)
		refused "\"$v\"" "$LT" record -f old.csv "${cli[@]}"
		refused "\"$v\"" "$LT" record --lenient --batch -f old.csv <in.csv
		refused 1e400 "$LT" record --lenient --batch -f old.csv <in.jsonl
	done
}

@test "--lenient accepts a score of 250 and a learning rate of 0" {
	run lt record --lenient -f run.jsonl -t rl -s 250 -r 0 -e 3 -c 0.5 \
	    --time 1795600800
	assert_success
	jl '"rl"' 250 0 4 0.5 '{}' | lt record --lenient --batch -f run.jsonl
	cl rl 250 0 5 0.5 '{}' | lt record --lenient --batch -f run.csv
	run cat run.jsonl run.csv
	assert_output '{"timestamp":1795600800,"task_type":"rl","performance_score":250,"learning_rate":0,"episode_count":3,"convergence_metric":0.5,"metadata":{}}
{"timestamp":1795600800,"task_type":"rl","performance_score":250,"learning_rate":0,"episode_count":4,"convergence_metric":0.5,"metadata":{}}
'"$HDR"'
1795600800,rl,250,0,5,0.5,{}'
}

@test "a learning rate of 0 is refused without --lenient, below 0 always" {
	cli=(-t x -s 0.5 -r 0 -e 1 -c 0.1)
	jl '"x"' 0.5 0 1 0.1 '{}' >in.jsonl
	cl x 0.5 0 1 0.1 '{}' >in.csv
	rejected 'learning_rate 0 is not > 0' 'learning_rate 0 is not > 0' \
	    'learning_rate 0 is not > 0'

	cli=(-t x -s 0.5 -r -0.001 -e 1 -c 0.1 --lenient)
	jl '"x"' 0.5 -0.001 1 0.1 '{}' >in.jsonl
	cl x 0.5 -0.001 1 0.1 '{}' >in.csv
	rejected 'learning_rate -0.001' 'learning_rate -0.001' \
	    'learning_rate -0.001'
	for log in new.csv old.jsonl; do
		refused 'learning_rate -0.001' "$LT" record --lenient --batch \
		    -f "$log" <in.csv
		refused 'learning_rate -0.001' "$LT" record --lenient --batch \
		    -f "$log" <in.jsonl
	done
}

@test "a negative episode is refused everywhere" {
	cli=(-t x -s 0.5 -r 0.1 -e -1 -c 0.1)
	jl '"x"' 0.5 0.1 -1 0.1 '{}' >in.jsonl
	cl x 0.5 0.1 -1 0.1 '{}' >in.csv
	rejected 'episode_count -1' 'episode_count -1' 'episode_count -1'
}

@test "an episode that is not an integer is refused everywhere" {
	cli=(-t x -s 0.5 -r 0.1 -e 1.5 -c 0.1)
	jl '"x"' 0.5 0.1 1.5 0.1 '{}' >in.jsonl
	cl x 0.5 0.1 1.5 0.1 '{}' >in.csv
	rejected 'episode_count "1.5"' 'episode_count 1.5' 'episode_count "1.5"'
}

@test "an episode above 2^53 is refused everywhere, 2^53 itself recorded" {
	# 2^53 = 9007199254740992
	cli=(-t x -s 0.5 -r 0.1 -e 9007199254740993 -c 0.1)
	jl '"x"' 0.5 0.1 9007199254740993 0.1 '{}' >in.jsonl
	cl x 0.5 0.1 9007199254740993 0.1 '{}' >in.csv
	rejected 'episode_count "9007199254740993"' \
	    'episode_count 9007199254740993' 'episode_count "9007199254740993"'

	lt record -f ok.csv -t x -s 0.5 -r 0.1 -e 9007199254740992 -c 0.1 \
	    --time 1795600800
	jl '"x"' 0.5 0.1 9007199254740992 0.1 '{}' | lt record --batch -f ok.csv
	run cut -d, -f5 ok.csv
	assert_output $'episode_count\n9007199254740992\n9007199254740992'
}

@test "a negative convergence metric is refused everywhere" {
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c -0.5)
	jl '"x"' 0.5 0.1 1 -0.5 '{}' >in.jsonl
	cl x 0.5 0.1 1 -0.5 '{}' >in.csv
	rejected 'convergence_metric -0.5 is negative' \
	    'convergence_metric -0.5 is negative' \
	    'convergence_metric -0.5 is negative'
}

@test "a metadata key that is an event field is refused everywhere" {
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 seed=1 episode_count=3)
	jl '"x"' 0.5 0.1 1 0.1 '{"seed":1,"episode_count":3}' >in.jsonl
	cl x 0.5 0.1 1 0.1 '"{""seed"":1,""episode_count"":3}"' >in.csv
	rejected 'metadata key "episode_count"' \
	    'metadata key "episode_count"' 'metadata key "episode_count"'

	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 'task_type:="y"')
	rejected 'metadata key "task_type"' 'metadata key "episode_count"' \
	    'metadata key "episode_count"'
}

@test "a metadata key given twice is refused everywhere, by both JSON readers" {
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 a=1 a=2)
	# flat, as lt writes it (the fast path), and nested (jansson's)
	jl '"x"' 0.5 0.1 1 0.1 '{"a":1,"a":2}' >in.jsonl
	cl x 0.5 0.1 1 0.1 '"{""a"":1,""a"":2}"' >in.csv
	rejected 'metadata key "a" is given twice' \
	    "duplicate object key near '\"a\"'" \
	    "duplicate object key near '\"a\"'"
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 'a:={"b":[1],"b":2}')
	jl '"x"' 0.5 0.1 1 0.1 '{"a":{"b":[1],"b":2}}' >in.jsonl
	cl x 0.5 0.1 1 0.1 '"{""a"":{""b"":[1],""b"":2}}"' >in.csv
	rejected "duplicate object key near '\"b\"'" \
	    "duplicate object key near '\"b\"'" \
	    "duplicate object key near '\"b\"'"
}

@test "a field given twice, or an extra column that is also a metadata key, is refused" {
	seed_logs
	printf '%s\n' '{"timestamp":1795600800,"task_type":"x","task_type":"y","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}' >in.jsonl
	refused "(stdin):1: not JSON: duplicate object key near '\"task_type\"'" \
	    "$LT" record --batch -f old.jsonl <in.jsonl
	# an extra key or column goes into the metadata, which has it
	jl '"x"' 0.5 0.1 1 0.1 '{"seed":1}' | sed 's/}$/,"seed":2}/' >in.jsonl
	refused '(stdin):1: key "seed" is also a metadata key' \
	    "$LT" record --batch -f old.csv <in.jsonl
	printf '%s,seed\n1795600800,x,0.5,0.1,1,0.1,"{""seed"":1}",2\n' "$HDR" \
	    >in.csv
	refused '(stdin):2: column "seed" is also a metadata key' \
	    "$LT" record --batch -f old.jsonl <in.csv
	printf '%s,seed,seed\n1795600800,x,0.5,0.1,1,0.1,{},1,2\n' "$HDR" >in.csv
	refused '(stdin):1: column "seed" appears twice in the header' \
	    "$LT" record --batch -f old.jsonl <in.csv
}

@test "a time past the year 9999 is refused everywhere, the last second of 9999 recorded" {
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1e300)
	jl '"x"' 0.5 0.1 1 0.1 '{}' | sed 's/1795600800/1e300/' >in.jsonl
	cl x 0.5 0.1 1 0.1 '{}' | sed 's/^1795600800/1e300/' >in.csv
	rejected 'time "1e300" is past the year 9999' \
	    'timestamp 1e+300 is not a time from 1970 to the year 9999' \
	    'time "1e300" is past the year 9999'
	# 10000-01-01T00:00:00Z is 253402300800 s (date -u -d 9999-12-31
	# +%s gives 253402214400, plus 86400)
	cli=(-t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 253402300800)
	jl '"x"' 0.5 0.1 1 0.1 '{}' | sed 's/1795600800/253402300800/' >in.jsonl
	cl x 0.5 0.1 1 0.1 '{}' | sed 's/^1795600800/253402300800/' >in.csv
	rejected 'past the year 9999' 'not a time from 1970 to the year 9999' \
	    'past the year 9999'
	run lt record -f ok.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 9999-12-31T23:59:59Z
	assert_success
	run jq .timestamp ok.jsonl
	assert_output 253402300799
	run lt report -f ok.jsonl --json
	assert_success
}

@test "metadata that is not a JSON object is refused everywhere" {
	jl '"x"' 0.5 0.1 1 0.1 '[1,2]' >in.jsonl
	cl x 0.5 0.1 1 0.1 '"[1,2]"' >in.csv
	# the command line has no way to give a metadata that is not an object
	rejected '' 'metadata [1,2] is not a JSON object' \
	    'metadata [1,2] is not a JSON object'
	jl '"x"' 0.5 0.1 1 0.1 '"text"' >in.jsonl
	cl x 0.5 0.1 1 0.1 'text' >in.csv
	rejected '' 'metadata "text" is not a JSON object' 'metadata text'
}

@test "metadata arguments are typed as the text reads" {
	run lt record -f run.jsonl -t cls -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 1795600800 batch=32 neg=-3 frac=0.5 exp=1e3 t=true f=false \
	    n=null s=adam mixed=32abc spaced=' 5' quoted='"32"' empty= \
	    'layers:=[64,64]' 'opt:={"name":"sgd","m":0.9}' 'raw:="32"' \
	    'n2:=null'
	assert_success
	run sed 's/.*"metadata"://; s/}$//' run.jsonl
	assert_output '{"batch":32,"neg":-3,"frac":0.5,"exp":1000.0,"t":true,"f":false,"n":null,"s":"adam","mixed":"32abc","spaced":" 5","quoted":"\"32\"","empty":"","layers":[64,64],"opt":{"name":"sgd","m":0.9},"raw":"32","n2":null}'
	# jq's view of the types, independent of lt's text
	run jq -r '.metadata | [.batch, .exp, .t, .n, .raw] | map(type) | join(" ")' run.jsonl
	assert_output 'number number boolean null string'
}

@test "a metadata argument of bad JSON or without = is refused, naming it" {
	seed_logs
	refused 'layers:=[64,' "$LT" record -f old.jsonl -t x -s 0.5 -r 0.1 \
	    -e 1 -c 0.1 'layers:=[64,'
	refused 'justaword' "$LT" record -f new.csv -t x -s 0.5 -r 0.1 \
	    -e 1 -c 0.1 justaword
}

@test "ISO 8601 times give the exact Unix seconds" {
	for t in 2026-11-25T10:00:00Z 2026-11-25T10:00:00+02:00 \
	    2026-11-25T10:00:00-05:30 2026-11-25T10:00:00.25Z \
	    2026-11-25T10:00:00.123456+01:00 1970-01-01T00:00:00Z; do
		lt record -f run.jsonl --no-sync -t x -s 0.5 -r 0.1 -e 1 -c 0.1 \
		    --time "$t"
		printf '%s\n1795600800,x,0.5,0.1,1,0.1,{}\n' "$HDR" |
		    sed "s/^1795600800/$t/" | lt record --batch -f run.jsonl
		# date gives whole seconds and nanoseconds; lt keeps microseconds
		want=$(date -u -d "$t" +%s.%N | sed 's/0*$//; s/\.$//')
		run jq -r '.timestamp | tostring' run.jsonl
		assert_output "$want"$'\n'"$want"
		rm run.jsonl
	done
}

@test "an event without a timestamp gets the time of reading" {
	before=$(date +%s)
	printf '%s\n' '{"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}' |
	    lt record --batch -f run.jsonl
	after=$(date +%s)
	run jq -r ".timestamp >= $before and .timestamp < $after + 1" run.jsonl
	assert_output true
}

@test "a bad line 500 of 1000 makes a batch write nothing, naming line 500" {
	seed_logs
	for log in new.csv new.jsonl old.csv old.jsonl; do
		awk 'BEGIN { for (i = 1; i <= 1000; i++)
		    printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n",
		    1795600800 + i, i == 500 ? 2 : 0.5, i }' >in.jsonl
		refused '(stdin):500: performance_score 2 is outside' \
		    "$LT" record --batch -f "$log" <in.jsonl
		# the same as CSV: the header is line 1, the bad event line 501
		awk -v h="$HDR" 'BEGIN { print h; for (i = 1; i <= 1000; i++)
		    printf "%d,t,0.5,0.01,%s,0.1,{}\n", 1795600800 + i,
		    i == 500 ? "x" : i }' >in.csv
		refused '(stdin):501: episode_count "x"' \
		    "$LT" record --batch -f "$log" <in.csv
		[[ $stderr == *'nothing recorded'* ]]
	done
}

@test "--skip-invalid appends the good lines and reports the bad by number" {
	awk 'BEGIN { for (i = 1; i <= 10; i++)
	    printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n",
	    1795600800 + i, (i == 3 || i == 7) ? 2 : 0.5, i }' >in.jsonl
	run --separate-stderr lt record --batch --skip-invalid -f run.csv <in.jsonl
	assert_success
	[[ $stderr == *'(stdin):3: performance_score 2'* ]]
	[[ $stderr == *'(stdin):7: performance_score 2'* ]]
	[[ $stderr == *'2 bad lines skipped'* ]]
	run cut -d, -f5 run.csv
	assert_output "$(printf 'episode_count\n1\n2\n4\n5\n6\n8\n9\n10')"
}

@test "--skip-invalid with only bad lines creates no log" {
	jl '"x"' 2 0.1 1 0.1 '{}' >in.jsonl
	run lt record --batch --skip-invalid -f run.csv <in.jsonl
	assert_output --partial '1 bad line skipped'
	[ ! -e run.csv ]
}

@test "--stream puts each event on disk before the next arrives" {
	{
		for i in 1 2 3 4 5; do
			jl '"s"' 0.5 0.1 "$i" 0.1 '{}'
			# wait up to 5 s for the event to reach the log
			for _ in $(seq 50); do
				[ "$(wc -l <run.jsonl 2>/dev/null)" = "$i" ] && break
				sleep 0.1
			done
			[ "$(wc -l <run.jsonl)" = "$i" ] || echo "late $i" >&3
		done
	} 3>late | lt record --stream -f run.jsonl
	run cat late
	assert_output ''
	run jq -r .episode_count run.jsonl
	assert_output $'1\n2\n3\n4\n5'
}

@test "--stream reports a bad line and goes on" {
	{
		jl '"s"' 0.5 0.1 1 0.1 '{}'
		echo 'not json at all'
		jl '"s"' 7 0.1 3 0.1 '{}'
		jl '"s"' 0.5 0.1 4 0.1 '{}'
	} >in.jsonl
	run --separate-stderr lt record --stream -f run.csv <in.jsonl
	assert_success
	[[ $stderr == *'(stdin):2: '* ]] || fail "$stderr"
	[[ $stderr == *'(stdin):3: performance_score 7'* ]] || fail "$stderr"
	run cut -d, -f5 run.csv
	assert_output $'episode_count\n1\n4'
}

@test "--stream takes each line's form on its own: banners skipped, JSON and CSV kept" {
	{
		echo 'starting training on cuda:0'
		jl '"s"' 0.5 0.1 1 0.1 '{}'
		echo 'epoch 1 done, loss=0.3'
		echo "$HDR"
		echo '1795600802,s,0.6,0.1,2,0.1,{}'
		jl '"s"' 0.7 0.1 3 0.1 '{}'
		echo 'epoch 2'
		echo '1795600804,s,0.8,0.1,4,0.1,{}'
	} >in.txt
	run --separate-stderr lt record --stream -f run.jsonl <in.txt
	assert_success
	[ "$stderr" = "lt record: warning: (stdin):1: neither a JSON object nor a CSV row (no CSV header came before it); line skipped
lt record: warning: (stdin):3: neither a JSON object nor a CSV row (no CSV header came before it); line skipped
lt record: warning: (stdin):7: expected 7 fields, found 1; line skipped
lt record: warning: 3 bad lines skipped" ] || fail "stderr: $stderr"
	run jq -r '"\(.episode_count) \(.performance_score)"' run.jsonl
	assert_output $'1 0.5\n2 0.6\n3 0.7\n4 0.8'
	# a CSV row before any header is in the standard order
	printf '1795600805,t,0.5,0.1,5,0.1,{}\n' | lt record --stream -f run.jsonl
	run jq -r 'select(.task_type == "t") | .episode_count' run.jsonl
	assert_output 5
}

@test "-v prints the event as stored, --json as JSON" {
	run lt record -v --json -f run.csv -t cls -s 0.1 -r 0.01 -e 2 -c 0.3 \
	    --time 1795600800.5 k=v
	assert_success
	assert_output '{"timestamp":1795600800.5,"task_type":"cls","performance_score":0.1,"learning_rate":0.01,"episode_count":2,"convergence_metric":0.3,"metadata":{"k":"v"}}'
}

@test "a missing event option is named" {
	run --separate-stderr lt record -f run.csv -t x -s 0.5 -r 0.1 -c 0.1
	assert_failure 2
	[[ $stderr == *'missing --episode'* ]]
	[ ! -e run.csv ]
}

@test "batch names a bad line far past the first chunk by its line number" {
	# 100000 JSONL events (about 16 MB, many chunks), a score of 7 on
	# line 70001: the message names line 70001, nothing is written.
	awk 'BEGIN { for (i = 1; i <= 100000; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":%s,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + i, i == 70001 ? 7 : 0.5, i }' >in.jsonl
	run lt record --batch --no-sync -f run.csv <in.jsonl
	assert_failure 2
	assert_line --partial '(stdin):70001: performance_score 7 is outside [0, 1]'
	[ ! -e run.csv ]
}

@test "batch --skip-invalid numbers bad lines across chunks and keeps the order" {
	# CSV with a header, 60000 events; lines 3, 30001 and 59999 are bad
	# (a header is line 1, so event i is on line i + 1).
	awk 'BEGIN { print "task_type,performance_score,learning_rate,episode_count,convergence_metric,timestamp"
		for (i = 1; i <= 60000; i++)
			printf "t,%s,0.1,%d,0.5,%d\n", (i == 2 || i == 30000 || i == 59998) ? "x" : "0.5", i, 1795600800 + i }' >in.csv
	run lt record --batch --skip-invalid --no-sync -f run.jsonl <in.csv
	assert_success
	assert_line --partial '(stdin):3: performance_score "x"'
	assert_line --partial '(stdin):30001: performance_score "x"'
	assert_line --partial '(stdin):59999: performance_score "x"'
	assert_line --partial '3 bad lines skipped'
	# 59997 events, episodes strictly increasing: input order is kept.
	run awk -F'"episode_count":' '{ split($2, a, ","); if (a[1] <= last) bad++; last = a[1] } END { print NR, bad + 0 }' run.jsonl
	assert_output '59997 0'
}

@test "batch of blank lines only records nothing and creates no log" {
	printf '\n\n  \n' | lt record --batch -f run.csv
	[ ! -e run.csv ]
}

@test "a task with control characters is named with them escaped" {
	# A tab and an ESC would reach the terminal as they are.
	run lt record -f run.csv -t "$(printf 'a\tb\033[31m')" -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_failure 2
	assert_output 'lt record: task_type "a\x09b\x1b[31m" has a control character'
	[ ! -e run.csv ]
}

@test "batch finds its events after more than a chunk of blank lines" {
	# 2 MiB of blank lines, then 5 events: all 5 are recorded on their
	# lines (2097153 to 2097157).
	{ head -c 2097152 /dev/zero | tr '\0' '\n'
	  for i in 1 2 3 4 5; do
		printf '{"timestamp":%d,"task_type":"t","performance_score":0.5,"learning_rate":0.1,"episode_count":%d,"convergence_metric":0.1,"metadata":{}}\n' $((1795600800 + i)) "$i"
	  done; } >in.jsonl
	run lt record --batch --no-sync -f run.jsonl <in.jsonl
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 5 ]
}

@test "batch of two concatenated CSV logs with other column orders keeps each order" {
	# Part A (about 1.5 MB) has lt's header, part B swaps the score and
	# convergence columns; every row means score 0.25, convergence 0.75.
	awk 'BEGIN {
		print "timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata"
		for (i = 1; i <= 30000; i++) printf "%d,a,0.25,0.1,%d,0.75,{}\n", 1795600800 + i, i
		print "timestamp,task_type,convergence_metric,learning_rate,episode_count,performance_score,metadata"
		for (i = 1; i <= 60000; i++) printf "%d,b,0.75,0.1,%d,0.25,{}\n", 1795700800 + i, i
	}' >in.csv
	run lt record --batch --no-sync -f run.csv <in.csv
	assert_success
	run awk -F, 'NR > 1 && ($3 != 0.25 || $6 != 0.75) { bad++ } END { print NR - 1, bad + 0 }' run.csv
	assert_output '90000 0'
}

@test "a batch that cannot be written whole leaves the log as it was" {
	lt record -f run.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.2 --time 1795600800
	before=$(checksum run.jsonl)
	# 3000 events (about 400 KB) against a 100 KB file size limit.
	awk 'BEGIN { for (i = 1; i <= 3000; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n", 1795600800 + i, i }' >in.jsonl
	run bash -c "ulimit -f 100; '$LT' record --batch -f run.jsonl <in.jsonl"
	assert_failure 2
	assert_output --partial 'File too large'
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "JSONL timestamps are kept to the microsecond, as CSV ones" {
	printf '{"timestamp":1795600800.1234567,"task_type":"t","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}\n' |
	    lt record --batch -f run.csv
	printf 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric\n1795600800.1234567,t,0.5,0.1,1,0.1\n' |
	    lt record --batch -f run.csv
	run cut -d, -f1 run.csv
	assert_output 'timestamp
1795600800.123457
1795600800.123457'
}

@test "record --json without -v is a usage error that writes nothing" {
	run --separate-stderr lt record -f run.jsonl -t x -s 0.5 -r 0.1 -e 1 \
	    -c 0.1 --json
	assert_failure 2
	[[ $stderr == 'lt record: --json goes with -v'$'\n''usage: lt record '* ]]
	[ ! -e run.jsonl ]
}

@test "an episode with two signs is refused, not recorded as 0" {
	# "+-1" once read as the integer 0
	run lt record -f run.jsonl -t a -s 0.5 -r 0.1 -e +-1 -c 0.1
	assert_failure 2
	assert_output --partial 'episode_count "+-1" is not an integer'
	[ ! -e run.jsonl ]
}

@test "metadata with an integer past 64 bits: a bad line, whichever decoder reads it" {
	# 17777977777777779777 > 2^63 - 1 = 9223372036854775807, which
	# jansson holds; 1777797777777777977 (19 digits) fits
	printf '%s\n' \
	    '{"timestamp":1795600800,"task_type":"a","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{"n":17777977777777779777}}' \
	    '{"timestamp":1795600801,"task_type":"a","performance_score":0.5,"learning_rate":0.1,"episode_count":2,"convergence_metric":0.1,"metadata":{"n":1777797777777777977}}' \
	    >run.jsonl
	run --separate-stderr lt export --format jsonl -f run.jsonl
	assert_success
	assert_output '{"timestamp":1795600801,"task_type":"a","performance_score":0.5,"learning_rate":0.1,"episode_count":2,"convergence_metric":0.1,"metadata":{"n":1777797777777777977}}'
	[[ "$stderr" == *"run.jsonl:1: not JSON: too big integer"* ]] || fail "$stderr"
	run lt record -f new.jsonl -t a -s 0.5 -r 0.1 -e 1 -c 0.1 n:=17777977777777779777
	assert_failure 2
	[ ! -e new.jsonl ]
}

@test "record --stream ended by SIGHUP, SIGINT or SIGTERM commits what it read" {
	# 300000 events written as fast as cat writes them: the signal lands
	# while lines are staged, not yet committed (a commit every 2 MiB)
	awk 'BEGIN { for (i = 1; i <= 300000; i++)
	    printf "{\"timestamp\":1795600800,\"task_type\":\"a\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n", i }' >in.jsonl
	for sig in HUP INT TERM; do
		rm -f run.jsonl pipe rest
		mkfifo pipe
		# a reader that never reads holds the FIFO open, so that what
		# lt has not read stays there to be read after it
		exec 8<>pipe
		cat in.jsonl >pipe &
		feeder=$!
		env --default-signal=HUP,INT,TERM "$LT" record --stream \
		    --no-sync -f run.jsonl <pipe &
		pid=$!
		for _ in $(seq 500); do
			[ -s run.jsonl ] && break
			sleep 0.01
		done
		kill -s "$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ] ||
		    fail "$sig: exit $status"
		# the rest of the input, as lt left it
		timeout 3 cat <&8 >rest || :
		exec 8<&-
		wait "$feeder" 2>/dev/null || :
		# whole lines, the input's first ones, in order
		n=$(wc -l <run.jsonl)
		[ "$n" -gt 0 ] && [ "$n" -lt 300000 ] || fail "$sig: $n lines"
		[ "$(tail -c 1 run.jsonl | od -An -c | tr -d ' ')" = '\n' ]
		head -n "$n" in.jsonl | cmp - run.jsonl
		# every line lt read is in the log: what it left starts within
		# line n + 1 (a line read in part is lost, as a killed writer's)
		first=$(head -c 4096 rest | sed -n 2p | jq .episode_count)
		[ "$first" -le $((n + 2)) ] ||
		    fail "$sig: $n lines in the log, the rest from $first"
		run ls -A "$TMPDIR"
		assert_output ''
	done
}
