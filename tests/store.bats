#!/usr/bin/env bats
# Appending to a log: the header once, locking, a torn log, logs that
# cannot or must not be written.  The stress tests (concurrent writers, a
# writer killed mid-batch) are in slow/store.bats.

load test_helper

bats_require_minimum_version 1.5.0

HDR=timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata

teardown() {
	# an immutable file would outlive the test's directory
	chattr -i ./*.csv ./*.jsonl 2>/dev/null || :
}

# untouched TEXT FILE CMD...: CMD exits 2 naming TEXT on standard error,
# and FILE is as it was (or still absent).
untouched() {
	local text=$1 file=$2 before
	shift 2
	before=$(checksum "$file" || :)
	run --separate-stderr "$@"
	[ "$status" -eq 2 ] || fail "exit $status, not 2: $stderr"
	[[ $stderr == "lt record: "*"$text"* ]] || fail "stderr: $stderr"
	[ "$(checksum "$file" || :)" = "$before" ] || fail "$file changed"
}

ev() {
	printf '{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":%s,"convergence_metric":0.1,"metadata":{}}\n' "$1"
}

@test "a new log and an empty CSV log get the header, later appends do not" {
	: >empty.csv
	for log in new.csv empty.csv; do
		lt record -f "$log" -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
		ev 2 | lt record --batch -f "$log"
		ev 3 | lt record --stream -f "$log"
		run cat "$log"
		assert_output "$HDR
1795600800,x,0.5,0.1,1,0.1,{}
1795600800,x,0.5,0.1,2,0.1,{}
1795600800,x,0.5,0.1,3,0.1,{}"
	done
}

@test "an empty JSONL log gets no header" {
	: >empty.jsonl
	lt record -f empty.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	run cat empty.jsonl
	assert_output "$(ev 1)"
}

@test "an immutable log is refused and left as it was" {
	lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	lt record -f run.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	# root writes through permissions; the immutable flag stops even root
	chattr +i run.csv run.jsonl
	for log in run.csv run.jsonl; do
		untouched "$log: cannot open" "$log" \
		    "$LT" record -f "$log" -t x -s 0.5 -r 0.1 -e 2 -c 0.1
		ev 2 >in.jsonl
		untouched "$log: cannot open" "$log" \
		    "$LT" record --batch -f "$log" <in.jsonl
		untouched "$log: cannot open" "$log" \
		    "$LT" record --stream -f "$log" <in.jsonl
	done
}

@test "a log that cannot be created is refused, nothing created" {
	touch plain
	mkdir dir.csv
	ev 1 >in.jsonl
	untouched 'plain/run.csv: cannot open' plain/run.csv \
	    "$LT" record -f plain/run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1
	untouched 'plain/run.jsonl: cannot open' plain/run.jsonl \
	    "$LT" record --batch -f plain/run.jsonl <in.jsonl
	untouched 'dir.csv: cannot open' dir.csv \
	    "$LT" record --batch -f dir.csv <in.jsonl
	untouched 'nodir/run.csv: cannot open' nodir/run.csv \
	    "$LT" record -f nodir/run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1
	[ ! -e nodir ]
}

@test "a log in the other format than its name says is refused, untouched" {
	lt record -f a.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	lt record -f a.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	mv a.jsonl holds-jsonl.csv
	mv a.csv holds-csv.jsonl
	ev 2 >in.jsonl
	untouched 'holds-jsonl.csv: holds JSONL, not CSV' holds-jsonl.csv \
	    "$LT" record -f holds-jsonl.csv -t x -s 0.5 -r 0.1 -e 2 -c 0.1
	untouched 'holds-jsonl.csv: holds JSONL, not CSV' holds-jsonl.csv \
	    "$LT" record --batch -f holds-jsonl.csv <in.jsonl
	untouched 'holds-jsonl.csv: holds JSONL, not CSV' holds-jsonl.csv \
	    "$LT" record --stream -f holds-jsonl.csv <in.jsonl
	untouched 'holds-csv.jsonl: holds CSV, not JSONL' holds-csv.jsonl \
	    "$LT" record -f holds-csv.jsonl -t x -s 0.5 -r 0.1 -e 2 -c 0.1
	untouched 'holds-csv.jsonl: holds CSV, not JSONL' holds-csv.jsonl \
	    "$LT" record --batch -f holds-csv.jsonl <in.jsonl
}

@test "a writer waits for the lock another process holds" {
	lt record -f run.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	# -o: the writer must not inherit the descriptor that holds the lock
	flock -o run.jsonl sh -c '
		"$0" record -f run.jsonl -t x -s 0.5 -r 0.1 -e 2 -c 0.1 \
		    --time 1795600800 &
		sleep 0.5
		# still waiting: nothing appended while the lock is held
		wc -l <run.jsonl >held' "$LT"
	run cat held
	assert_output 1
	for _ in $(seq 50); do
		[ "$(wc -l <run.jsonl)" -eq 2 ] && break
		sleep 0.1
	done
	run jq -r .episode_count run.jsonl
	assert_output $'1\n2'
}

@test "a writer that waited while the log was replaced appends to the new one" {
	lt record -f run.jsonl -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	ln run.jsonl replaced.jsonl		# the old file, kept by a second name
	ev 7 >new.jsonl
	# as lt compact does: rename a new file over the log under its lock
	flock -o run.jsonl sh -c '
		"$0" record -f run.jsonl -t x -s 0.5 -r 0.1 -e 2 -c 0.1 \
		    --time 1795600800 &
		sleep 0.5
		mv new.jsonl run.jsonl
		sleep 0.1' "$LT"
	for _ in $(seq 50); do
		[ "$(wc -l <run.jsonl)" -eq 2 ] && break
		sleep 0.1
	done
	run jq -r .episode_count run.jsonl
	assert_output $'7\n2'
	run jq -r .episode_count replaced.jsonl
	assert_output 1
}

@test "a torn CSV log is ended before a batch appends to it" {
	lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	printf '1795600801,x,0.5,0.1,2,0.' >>run.csv
	run --separate-stderr lt record --batch -f run.csv < <(ev 3)
	assert_success
	[[ $stderr == *'run.csv: its last line was torn; ended it'* ]]
	run cat run.csv
	assert_output "$HDR
1795600800,x,0.5,0.1,1,0.1,{}
1795600801,x,0.5,0.1,2,0.
1795600800,x,0.5,0.1,3,0.1,{}"
}

@test "a CSV log that does not start with lt's header is refused, unchanged" {
	# Another tool's CSV: appending lt's columns under its header would
	# give every value a wrong name.
	printf 'step,loss\n1,0.5\n' >other.csv
	before=$(checksum other.csv)
	run lt record -f other.csv -t a -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_failure 2
	assert_output --partial "other.csv: does not start with lt's CSV header"
	[ "$(checksum other.csv)" = "$before" ]
	# The same header with CRLF line ends is lt's.
	printf 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata\r\n' >crlf.csv
	run lt record -f crlf.csv -t a -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_success
}

@test "a CSV log of blank lines is refused rather than given rows without a header" {
	printf '\n\n' >blank.csv
	run lt record -f blank.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.2
	assert_failure 2
	[ "$(cat blank.csv | wc -c)" -eq 2 ]
}
