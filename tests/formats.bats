#!/usr/bin/env bats
# The two log formats: CSV quoting, numbers that read back bit for bit,
# the format told from the name or the content, and conversion between
# them through lt record --batch.

load test_helper

bats_require_minimum_version 1.5.0

HDR=timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata

@test "a task and metadata with commas, quotes and newlines are quoted per RFC 4180" {
	lt record -f a.csv -t 'a,"b" c' -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 1795600800 'note:="x,\"y\"\nz"' 'k,1=v"2'
	# a field with a comma or a quote is quoted, its quotes doubled; the
	# newline inside the metadata is JSON's \n
	run cat a.csv
	assert_output "$HDR"'
1795600800,"a,""b"" c",0.5,0.1,1,0.1,"{""note"":""x,\""y\""\nz"",""k,1"":""v\""2""}"'
}

@test "CSV to JSONL and back through record --batch gives the original bytes" {
	lt record -f a.csv -t 'a,"b" c' -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 1795600800 'note:="x,\"y\"\nz\r\n"' 'k,1=v"2'
	lt record -f a.csv -t "it's,\"quoted\"" -s 0 -r 1 -e 0 -c 0 \
	    --time 1795600801.000001 'nested:={"a":[1,"b,c"],"q":"\""}'
	lt record -f a.csv -t plain -s 1 -r 0.5 -e 2 -c 3 --time 1795600802
	run lt record --batch -f b.jsonl <a.csv
	assert_success
	# jq reads what lt wrote as JSON, fields intact
	run jq -r '.task_type' b.jsonl
	assert_output "a,\"b\" c
it's,\"quoted\"
plain"
	run jq -r '.metadata.note' b.jsonl
	assert_output --partial $'x,"y"\nz\r'
	run lt record --batch -f c.csv <b.jsonl
	assert_success
	cmp a.csv c.csv
	# and JSONL back to JSONL is the same bytes too
	lt record --batch -f d.jsonl <c.csv
	cmp b.jsonl d.jsonl
}

@test "awkward doubles read back bit for bit in both formats" {
	# Each is its own shortest round-trip text, so lt must write it as
	# given (1.7976931348623157e308 with the exponent's sign).
	for v in 0.1 1e-300 5e-324 0.30000000000000004 \
	    1.7976931348623157e+308 2.2250738585072014e-308; do
		lt record --lenient -f a.csv --no-sync -t x -s "$v" -r "$v" -e 1 \
		    -c "$v" --time 1795600800 "m=$v" "j:=[$v]"
	done
	lt record --batch --lenient -f b.jsonl <a.csv
	lt record --batch --lenient -f c.csv <b.jsonl
	cmp a.csv c.csv
	run cut -d, -f3,4,6 a.csv
	assert_output 'performance_score,learning_rate,convergence_metric
0.1,0.1,0.1
1e-300,1e-300,1e-300
5e-324,5e-324,5e-324
0.30000000000000004,0.30000000000000004,0.30000000000000004
1.7976931348623157e+308,1.7976931348623157e+308,1.7976931348623157e+308
2.2250738585072014e-308,2.2250738585072014e-308,2.2250738585072014e-308'
	run awk -F'"metadata":' '{ print $2 }' b.jsonl
	assert_output '{"m":0.1,"j":[0.1]}}
{"m":1e-300,"j":[1e-300]}}
{"m":5e-324,"j":[5e-324]}}
{"m":0.30000000000000004,"j":[0.30000000000000004]}}
{"m":1.7976931348623157e+308,"j":[1.7976931348623157e+308]}}
{"m":2.2250738585072014e-308,"j":[2.2250738585072014e-308]}}'
}

@test "a number given in a longer form is stored as the same double" {
	# 0.1000000000000000055511151231257827 is the double 0.1 exactly;
	# 1E-300 and 1.0e-300 are 1e-300; 4.9406564584124654e-324 is 5e-324
	lt record -f a.jsonl -t x -s 0.1000000000000000055511151231257827 \
	    -r 1E-300 -e 7 -c 4.9406564584124654e-324 --time 1795600800 \
	    m=1.0e-300
	run cat a.jsonl
	assert_output '{"timestamp":1795600800,"task_type":"x","performance_score":0.1,"learning_rate":1e-300,"episode_count":7,"convergence_metric":5e-324,"metadata":{"m":1e-300}}'
}

@test "timestamps keep their microseconds through both formats" {
	lt record -f a.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800.000001
	lt record -f a.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 2026-11-25T10:00:00.999999Z
	lt record --batch -f b.jsonl <a.csv
	run cut -d, -f1 a.csv
	assert_output $'timestamp\n1795600800.000001\n1795600800.999999'
	run jq -r .timestamp b.jsonl
	assert_output $'1795600800.000001\n1795600800.999999'
}

@test "CSV columns may come in any order and extra columns go to metadata" {
	printf '%s\n%s\n' \
	    'lr_note,episode_count,metadata,task_type,convergence_metric,learning_rate,performance_score,timestamp,gpu' \
	    'warm,5,"{""a"":1}",cls,0.2,0.01,0.75,1795600800,3' |
	    lt record --batch -f a.jsonl
	run cat a.jsonl
	assert_output '{"timestamp":1795600800,"task_type":"cls","performance_score":0.75,"learning_rate":0.01,"episode_count":5,"convergence_metric":0.2,"metadata":{"a":1,"lr_note":"warm","gpu":3}}'
}

@test "JSONL keys in any order and with spaces read as the same event" {
	printf '%s\n' ' { "metadata" : {"b" : [1, 2]}, "episode_count" : 5, "convergence_metric" : 0.2, "task_type" : "cls", "learning_rate" : 0.01, "performance_score" : 0.75, "timestamp" : "2026-11-25T10:00:00Z", "extra": "e" }' |
	    lt record --batch -f a.jsonl
	run cat a.jsonl
	assert_output '{"timestamp":1795600800,"task_type":"cls","performance_score":0.75,"learning_rate":0.01,"episode_count":5,"convergence_metric":0.2,"metadata":{"b":[1,2],"extra":"e"}}'
}

@test "the fast and the full JSONL reader give the same events" {
	# lt's own line shape (fast path) and the same events reshaped (jansson)
	record_n fast.jsonl 200
	jq -c '{metadata, episode_count, task_type, timestamp,
	    performance_score, learning_rate, convergence_metric}' fast.jsonl |
	    lt record --batch -f slow.jsonl
	cmp fast.jsonl slow.jsonl
	lt record --batch -f back.jsonl <fast.jsonl
	cmp fast.jsonl back.jsonl
}

@test "the fast and the full CSV reader give the same events" {
	# lt's own lines (fast path), then each field after a blank, which
	# libcsv trims and the fast path leaves to it; the quoted metadata
	# holds commas and doubled quotes
	record_n a.jsonl 200
	jq -c '.metadata = {"note": "a, \"b\"", "i": .episode_count}' a.jsonl |
	    lt record --batch -f fast.csv
	awk '{ for (i = 0; i < 6; i++) sub(/,/, "\001"); gsub(/\001/, ", ")
	    print }' fast.csv >blank.csv
	grep -q '^1795600801, cls, 0.005, ' blank.csv
	lt record --batch -f from-fast.jsonl <fast.csv
	lt record --batch -f from-blank.jsonl <blank.csv
	cmp from-fast.jsonl from-blank.jsonl
	run jq -r '.metadata.note' from-blank.jsonl
	assert_line --index 0 'a, "b"'
}

@test "a key twice or a time past 9999 in a log is a bad line for the fast and the full reader" {
	record_n run.jsonl 2
	# line 2: flat, as lt writes (fast path); 3: spaced (jansson); 4: a
	# field twice; 5: an extra key the metadata has; 6: year 10000
	{
		head -1 run.jsonl
		head -1 run.jsonl | sed 's/"metadata":{}/"metadata":{"a":1,"a":2}/'
		head -1 run.jsonl | sed 's/"metadata":{}/"metadata": {"a": 1, "a": 2}/'
		head -1 run.jsonl | sed 's/"task_type":"cls"/&,"task_type":"x"/'
		head -1 run.jsonl | sed 's/"metadata":{}/"metadata":{"a":1},"a":2/'
		head -1 run.jsonl | sed 's/^{"timestamp":[0-9]*/{"timestamp":253402300800/'
		tail -1 run.jsonl
	} >mixed.jsonl
	run --separate-stderr lt export --format jsonl -f mixed.jsonl
	assert_success
	assert_output "$(cat run.jsonl)"
	[ "$stderr" = "lt export: warning: mixed.jsonl:2: not JSON: duplicate object key near '\"a\"'; line skipped
lt export: warning: mixed.jsonl:3: not JSON: duplicate object key near '\"a\"'; line skipped
lt export: warning: mixed.jsonl:4: not JSON: duplicate object key near '\"task_type\"'; line skipped
lt export: warning: mixed.jsonl:5: key \"a\" is also a metadata key; line skipped
lt export: warning: mixed.jsonl:6: timestamp 253402300800 is not a time from 1970 to the year 9999; line skipped
lt export: warning: 5 bad lines skipped" ] || fail "stderr: $stderr"
	run lt report --strict -f mixed.jsonl
	assert_failure 2
	assert_output --partial 'mixed.jsonl:2: not JSON: duplicate object key'
}

@test "the format of a log without .csv or .jsonl is sniffed from its content" {
	lt record -f seed.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	cp seed.jsonl run.log
	lt record -f run.log -t x -s 0.5 -r 0.1 -e 2 -c 0.1 --time 1795600801
	run jq -r .episode_count run.log
	assert_output $'1\n2'
	lt record -f seed.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	cp seed.csv run.txt
	lt record -f run.txt -t x -s 0.5 -r 0.1 -e 2 -c 0.1 --time 1795600801
	run cat run.txt
	assert_output "$HDR
1795600800,x,0.5,0.1,1,0.1,{}
1795600801,x,0.5,0.1,2,0.1,{}"
}

@test ".ndjson is JSONL" {
	lt record -f run.ndjson -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	run cat run.ndjson
	assert_output '{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.1,"metadata":{}}'
}

@test "a new log of another name needs --format, and gets it" {
	run --separate-stderr lt record -f run.log -t x -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_failure 2
	[[ $stderr == 'lt record: run.log: '*'--format'* ]]
	[ ! -e run.log ]
	lt record -f run.log --format csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 \
	    --time 1795600800
	lt record -f run.log -t x -s 0.5 -r 0.1 -e 2 -c 0.1 --time 1795600800
	run cat run.log
	assert_output "$HDR
1795600800,x,0.5,0.1,1,0.1,{}
1795600800,x,0.5,0.1,2,0.1,{}"
}

@test "a bad --format is refused, naming it" {
	run --separate-stderr lt record -f run.log --format xml -t x -s 0.5 \
	    -r 0.1 -e 1 -c 0.1
	assert_failure 2
	[[ $stderr == *'--format "xml"'* ]]
	[ ! -e run.log ]
}

@test "batch input is sniffed: JSONL or CSV into either log" {
	record_n src.jsonl 3
	lt record --batch -f a.csv <src.jsonl
	lt record --batch -f b.jsonl <a.csv
	cmp src.jsonl b.jsonl
	# CRLF line ends, as spreadsheets write them, read the same
	sed 's/$/\r/' a.csv | lt record --batch -f c.csv
	tail -n +2 a.csv >a.body
	tail -n +2 c.csv >c.body
	cmp a.body c.body
	[ "$(head -1 c.csv)" = "$HDR" ]
}

@test "a CSV log starts with its header, written once" {
	lt record -f a.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	record_n a.csv 3
	printf '%s\n1795600800,x,0.5,0.1,9,0.1,{}\n' "$HDR" |
	    lt record --batch -f a.csv
	run grep -c '^timestamp,' a.csv
	assert_output 1
	run wc -l <a.csv
	assert_output 6
}

@test "a header again, in another column order, sets the columns of the lines after it" {
	printf 'task_type,timestamp,performance_score,learning_rate,episode_count,convergence_metric,metadata\nA,1000,0.25,0.01,1,0.75,{}\ntask_type,timestamp,convergence_metric,learning_rate,episode_count,performance_score,metadata\nB,2000,0.75,0.01,2,0.25,{}\n' >g.csv
	run lt export -f g.csv --format jsonl
	assert_success
	run jq -r '"\(.task_type) \(.performance_score) \(.convergence_metric)"' <<<"$output"
	assert_output 'A 0.25 0.75
B 0.25 0.75'
}

@test "a CSV line whose quote never closes is one bad line, the next read whole" {
	printf '%s\n' "$HDR" '1795600801,a,0.5,0.1,1,0.2,{}' \
	    '1795600802,a,"0.25,0.1,2,0.2,{}' '1795600803,a,0.75,0.1,3,0.2,{}' \
	    >torn.csv
	run --separate-stderr lt curve a -f torn.csv --window 0
	assert_success
	# the scores of lines 2 and 4; line 3 alone is skipped
	assert_output $'# timestamp\tscore\n1795600801\t0.5\n1795600803\t0.75'
	[ "$stderr" = "lt curve: warning: torn.csv:3: malformed CSV (a quote out of place or never closed); line skipped
lt curve: warning: 1 bad line skipped" ]
}

@test "a UTF-8 byte-order mark at the start of a log or a batch is skipped" {
	bom=$'\xef\xbb\xbf'
	record_n plain.jsonl 30
	lt export --format csv -f plain.jsonl >plain.csv
	for f in plain.csv plain.jsonl; do
		{ printf '%s' "$bom"; cat "$f"; } >"bom.${f#plain.}"
	done
	for f in csv jsonl; do
		# every reader: the scan, the tail of lt metrics, a batch, a
		# stream, compaction
		run lt export --format jsonl -f "bom.$f"
		assert_success
		assert_output "$(cat plain.jsonl)"
		run lt metrics -f "bom.$f"
		assert_output "$(lt metrics -f "plain.$f")"
		lt record --batch -f "batch.$f.jsonl" <"bom.$f"
		cmp plain.jsonl "batch.$f.jsonl"
		lt record --stream -f "stream.$f.jsonl" <"bom.$f"
		cmp plain.jsonl "stream.$f.jsonl"
	done
	# appending keeps the mark and the header; compaction keeps both
	lt record -f bom.csv -t cls -s 0.5 -r 0.01 -e 31 -c 0.1 --time 1795600831
	[ "$(head -c 3 bom.csv)" = "$bom" ]
	run grep -c '^timestamp,' bom.csv
	assert_output 0
	lt compact -f bom.csv --max-history 2
	run cat bom.csv
	assert_output "${bom}$HDR
1795600830,cls,1,0.01,30,0.0333333,{}
1795600831,cls,0.5,0.01,31,0.1,{}"
}

@test "a large log with a byte-order mark reads the same on two threads" {
	record_n plain.jsonl 30000
	{ printf '\xef\xbb\xbf'; cat plain.jsonl; } >bom.jsonl
	[ "$(stat -c %s bom.jsonl)" -gt 2097152 ]
	run env LT_THREADS=2 "$LT" export --format jsonl -f bom.jsonl
	assert_success
	[ "$output" = "$(cat plain.jsonl)" ] || fail "events differ"
}

@test "a line holding a NUL byte is a bad line that changes no column" {
	# the second header, cut by a NUL, would otherwise be refused and
	# leave no columns for the row after it
	{
		echo 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata'
		printf 'task_type,timestamp,performance_scor\0e,learning_rate,episode_count,convergence_metric,metadata\n'
		echo '1795600800,a,0.5,0.01,1,0.1,{}'
	} >run.csv
	# a file with a NUL byte near its start is taken for a binary file:
	# the stream is not sniffed
	run --separate-stderr sh -c 'cat run.csv | "$LT" export --format jsonl -f -'
	assert_success
	assert_output '{"timestamp":1795600800,"task_type":"a","performance_score":0.5,"learning_rate":0.01,"episode_count":1,"convergence_metric":0.1,"metadata":{}}'
	[[ "$stderr" == *"(stdin):2: the line holds a NUL byte; line skipped"* ]] || fail "$stderr"
}
