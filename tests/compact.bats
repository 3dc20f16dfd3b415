#!/usr/bin/env bats
# lt compact: keep the last N events, under the lock, losing no line.

load test_helper

# as_user CMD...: run CMD as an unprivileged user, so that permissions
# hold even when the tests run as root.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# A world-traversable scratch directory for as_user, removed in teardown.
open_dir() {
	OPEN_DIR=$(mktemp -d /tmp/lt-compact.XXXXXX)
	chmod 755 "$OPEN_DIR"
}

teardown() {
	if [ -n "${OPEN_DIR:-}" ]; then
		chmod -R u+rwx "$OPEN_DIR"
		rm -rf "$OPEN_DIR"
	fi
}

@test "compact keeps the last N events of a JSONL log byte for byte" {
	record_n run.jsonl 10
	tail -n 4 run.jsonl >expected
	run lt compact -f run.jsonl --max-history 4
	assert_success
	assert_output ''
	cmp run.jsonl expected
}

@test "compact keeps a CSV log's header and the last lines unchanged" {
	for i in 1 2 3 4 5 6; do
		lt record -f run.csv --no-sync -t cls -s "0.$i" -r 1e-300 \
		    -e "$i" -c 0.30000000000000004 --time "179560080$i" \
		    'note=a, "quoted" value' 'nl:="x\ny"'
	done
	{ head -n 1 run.csv; tail -n 2 run.csv; } >expected
	run lt compact -f run.csv -n 2
	assert_success
	cmp run.csv expected
	run sed -n 2p run.csv
	assert_output '1795600805,cls,0.5,1e-300,5,0.30000000000000004,"{""note"":""a, \""quoted\"" value"",""nl"":""x\ny""}"'
}

@test "compact ended by SIGHUP, SIGINT or SIGTERM removes its temporary and keeps the log" {
	[ -n "${SIGSHIM:-}" ] || skip "the signal shim is not built (make test builds it)"
	record_n run.jsonl 100
	before=$(checksum run.jsonl)
	# The shim raises the signal at compact's first fsync: the temporary
	# .run.jsonl.XXXXXX is made and written, not yet renamed.
	for sig in HUP INT TERM; do
		n=$(kill -l "$sig")
		LD_PRELOAD=$SIGSHIM LT_SIGSHIM=$n \
		    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		    run env --default-signal=HUP,INT,TERM "$PRELOADABLE_LT" compact \
		    -f run.jsonl -n 10
		[ "$status" -eq $((128 + n)) ] || fail "$sig: exit $status"
		[ "$(checksum run.jsonl)" = "$before" ]
		run ls -A
		assert_output 'run.jsonl'
	done
	# Without the signal the same compaction goes through.
	run lt compact -f run.jsonl -n 10
	assert_success
	[ "$(wc -l <run.jsonl)" -eq 10 ]
}

@test "compact uses the default of 50000 events" {
	awk 'BEGIN { for (i = 1; i <= 50003; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1000 + i, i }' >run.jsonl
	tail -n 50000 run.jsonl >expected
	run lt compact -f run.jsonl
	assert_success
	cmp run.jsonl expected
}

@test "compact reads the log from LT_FILE" {
	record_n run.jsonl 5
	tail -n 1 run.jsonl >expected
	LT_FILE=run.jsonl run lt compact -n 1
	assert_success
	cmp run.jsonl expected
}

@test "compact leaves a log with N events or fewer as it was" {
	record_n run.jsonl 5
	before=$(ls -i run.jsonl; checksum run.jsonl)
	run lt compact -f run.jsonl -n 5
	assert_success
	[ "$(ls -i run.jsonl; checksum run.jsonl)" = "$before" ]
}

@test "compact preserves the log's mode and owner" {
	record_n run.jsonl 5
	chmod 640 run.jsonl
	chown 65534:65534 run.jsonl 2>/dev/null || true
	before=$(stat -c '%a %u %g' run.jsonl)
	run lt compact -f run.jsonl -n 2
	assert_success
	[ "$(stat -c '%a %u %g' run.jsonl)" = "$before" ]
	[ "$(wc -l <run.jsonl)" -eq 2 ]
}

@test "compact counts only events and keeps bad lines after the first kept event" {
	record_n run.jsonl 3
	printf '{"broken\n' >>run.jsonl
	record_n more.jsonl 2
	sed 's/"cls"/"reg"/' more.jsonl >>run.jsonl
	printf 'torn{' >>run.jsonl
	# 5 events; keeping 3 starts at the third: it, the broken line, the
	# two reg events and the torn last line stay.
	tail -n +3 run.jsonl >expected
	size=$(wc -c <run.jsonl | tr -d ' ')
	after=$(wc -c <expected | tr -d ' ')
	run lt compact -f run.jsonl -n 3 -v
	assert_success
	assert_output "run.jsonl: 5 events; kept the last 3, dropped the 2 before them; $size -> $after bytes"
	cmp run.jsonl expected
}

@test "compact drops bad lines that come before the first kept event" {
	printf '{bad\n' >run.jsonl
	record_n more.jsonl 3
	cat more.jsonl >>run.jsonl
	size=$(wc -c <run.jsonl | tr -d ' ')
	tail -n 1 run.jsonl >expected
	after=$(wc -c <expected | tr -d ' ')
	run lt compact -f run.jsonl -n 1 -v
	assert_success
	assert_output "run.jsonl: 3 events; kept the last 1, dropped the 2 before them and 1 bad line among them; $size -> $after bytes"
	cmp run.jsonl expected
}

@test "compact --dry-run says what would be dropped and changes nothing" {
	record_n run.csv 10
	before=$(ls -i run.csv; checksum run.csv)
	size=$(wc -c <run.csv | tr -d ' ')
	# The header and the last 4 lines would remain.
	after=$({ head -n 1 run.csv; tail -n 4 run.csv; } | wc -c | tr -d ' ')
	run lt compact -f run.csv -n 4 --dry-run
	assert_success
	assert_output "run.csv: 10 events; would keep the last 4, drop the 6 before them; $size -> $after bytes"
	[ "$(ls -i run.csv; checksum run.csv)" = "$before" ]
}

@test "compact --dry-run on a small log says there is nothing to drop" {
	record_n run.jsonl 1
	run lt compact -f run.jsonl --dry-run
	assert_success
	assert_output 'run.jsonl: 1 event, none to drop'
}

@test "compact rejects a max-history of 0, a negative one and a word" {
	record_n run.jsonl 3
	before=$(checksum run.jsonl)
	for n in 0 -5 ten 1.5 ''; do
		run lt compact -f run.jsonl --max-history "$n"
		assert_failure 2
		assert_line --index 0 "lt compact: --max-history \"$n\" is not a positive integer"
	done
	[ "$(checksum run.jsonl)" = "$before" ]
}

@test "compact of a missing log fails and creates nothing" {
	run lt compact -f none.jsonl -n 3
	assert_failure 2
	assert_output 'lt compact: none.jsonl: cannot open: No such file or directory'
	[ ! -e none.jsonl ]
}

@test "compact of a directory fails" {
	mkdir d.jsonl
	run lt compact -f d.jsonl -n 3
	assert_failure 2
	assert_output 'lt compact: d.jsonl: not a regular file'
}

@test "compact of an unreadable log fails and leaves it untouched" {
	open_dir
	record_n "$OPEN_DIR/run.jsonl" 5
	chmod 600 "$OPEN_DIR/run.jsonl"
	chmod 777 "$OPEN_DIR"
	before=$(checksum "$OPEN_DIR/run.jsonl")
	run as_user "$LT" compact -f "$OPEN_DIR/run.jsonl" -n 2
	assert_failure 2
	assert_output "lt compact: $OPEN_DIR/run.jsonl: cannot open: Permission denied"
	[ "$(checksum "$OPEN_DIR/run.jsonl")" = "$before" ]
}

@test "compact in an unwritable directory fails and leaves the log untouched" {
	open_dir
	record_n "$OPEN_DIR/run.jsonl" 5
	chmod 644 "$OPEN_DIR/run.jsonl"
	chmod 555 "$OPEN_DIR"
	before=$(checksum "$OPEN_DIR/run.jsonl")
	run as_user "$LT" compact -f "$OPEN_DIR/run.jsonl" -n 2
	assert_failure 2
	assert_output "lt compact: $OPEN_DIR/run.jsonl: cannot create a temporary file beside it: Permission denied"
	[ "$(checksum "$OPEN_DIR/run.jsonl")" = "$before" ]
	[ "$(ls -A "$OPEN_DIR")" = run.jsonl ]
}

@test "compact rejects an unknown option and a stray argument" {
	run lt compact --bogus
	assert_failure 2
	assert_line --index 0 "lt compact: unknown option '--bogus'"
	run lt compact extra
	assert_failure 2
	assert_line --index 0 'lt compact: unexpected argument "extra"'
}

@test "compact --help prints the usage on stdout" {
	run lt compact --help
	assert_success
	assert_line --index 0 'usage: lt compact [-f FILE] [-n N] [--dry-run] [-v]'
}

@test "a writer that waited for the lock during compaction appends to the new log" {
	for round in 1 2 3 4 5; do
		rm -f run.jsonl
		record_n run.jsonl 20
		# Hold the lock so that the compaction and the writer both
		# wait; whichever gets it first, the event must survive.
		flock -x run.jsonl sleep 0.3 &
		holder=$!
		sleep 0.1
		lt compact -f run.jsonl -n 5 &
		compactor=$!
		lt record -f run.jsonl --no-sync -t late -s 1 -r 0.1 -e 99 \
		    -c 0 "round=$round" &
		writer=$!
		wait "$holder" "$compactor" "$writer"
		run grep -c "\"round\":$round" run.jsonl
		assert_output 1
		n=$(wc -l <run.jsonl)
		[ "$n" -eq 5 ] || [ "$n" -eq 6 ]
	done
}

@test "compaction during concurrent writes loses no recorded event" {
	: >run.jsonl
	for w in 1 2 3; do
		(
			for i in $(seq 1 40); do
				if "$LT" record -f run.jsonl --no-sync -t "w$w" \
				    -s 0.5 -r 0.1 -e "$i" -c 1 "id=w$w-$i"; then
					echo "w$w-$i" >>"told.$w"
				fi
			done
		) &
	done
	dropped=0
	while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
		out=$(lt compact -f run.jsonl -n 15 -v) || exit 1
		d=$(echo "$out" | sed -n 's/.*dropped the \([0-9]*\) before.*/\1/p')
		dropped=$((dropped + ${d:-0}))
	done
	wait
	cat told.1 told.2 told.3 | sort >told
	sed 's/.*"id":"\([^"]*\)".*/\1/' run.jsonl | sort >kept
	[ "$(wc -l <told)" -eq 120 ]
	# Each kept event was told recorded, once ...
	[ -z "$(comm -13 told kept)" ]
	[ -z "$(uniq -d kept)" ]
	# ... and every told event is kept or was counted among the dropped.
	[ "$(wc -l <kept)" -eq $((120 - dropped)) ]
	[ "$dropped" -gt 0 ]
}

@test "compact keeps the tasks file, so a min task stays min" {
	mirror_logs
	before=$(checksum min.tasks.jsonl)
	lt compact -f min.jsonl -n 35
	[ "$(wc -l <min.jsonl)" -eq 35 ]
	[ "$(checksum min.tasks.jsonl)" = "$before" ]
	run lt task list -f min.jsonl --tsv
	assert_line -n 1 --partial "acc	min	error	measured	35	"
	# the last 35: 25 falling, then the plateau; still improving
	run lt trend acc -f min.jsonl --json
	jq -e '.direction == "improving" and .n == 35' <<<"$output"
}
