#!/usr/bin/env bats
# lt export: logs converted to the other format, and -o FILE written
# whole or not at all.

load test_helper

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
	assert_line --index 0 'usage: lt export --format csv|jsonl [-f FILE ...] [--strict] [-o FILE]'
}
