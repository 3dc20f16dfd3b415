#!/usr/bin/env bats
# Stress tests of appending, about ten seconds each: eight concurrent
# writers on one log, and a writer killed in the middle of a 200 MB batch.
# `make check-slow` runs them (and `make check`, so CI does); `make test`
# leaves them out.

load ../test_helper

HDR=timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata

ev() {
	printf '{"timestamp":1795600800,"task_type":"x","performance_score":0.5,"learning_rate":0.1,"episode_count":%s,"convergence_metric":0.1,"metadata":{}}\n' "$1"
}

# writer N LOG: 1000 events tagged with writer N, as 200 single records
# and 80 batches of 10, in JSONL or CSV.
writer() {
	local w=$1 log=$2 i b
	for i in $(seq 1 200); do
		"$LT" record --no-sync -f "$log" -t "w$w" -s 0.5 -r 0.1 -e "$i" \
		    -c 0.1 --time 1795600800 w="$w" || echo "fail $w $i"
	done
	for b in $(seq 0 79); do
		awk -v w="$w" -v b="$b" -v csv=$((b % 2)) -v h="$HDR" 'BEGIN {
			if (csv)
				print h
			for (i = 201 + 10 * b; i < 211 + 10 * b; i++)
				if (csv)
					printf "1795600800,w%d,0.5,0.1,%d,0.1,\"{\"\"w\"\":%d}\"\n", w, i, w
				else
					printf "{\"timestamp\":1795600800,\"task_type\":\"w%d\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{\"w\":%d}}\n", w, i, w
		}' | "$LT" record --batch --no-sync -f "$log" || echo "fail $w b$b"
	done
}

# concurrent LOG: 8 writers at once; every one of the 8000 events is in
# the log exactly once, on a line of its own.
concurrent() {
	local log=$1 w
	for w in 1 2 3 4 5 6 7 8; do
		writer "$w" "$log" >"fail.$w" &
	done
	wait
	run cat fail.1 fail.2 fail.3 fail.4 fail.5 fail.6 fail.7 fail.8
	assert_output ''
	# lt reads the whole log back, all or nothing: each line parses
	run lt record --batch -f check.jsonl <"$log"
	assert_success
	assert_output ''
	run jq -c . check.jsonl
	assert_success
	[ "${#lines[@]}" -eq 8000 ]
	# each writer's episodes 1..1000, each once
	run sh -c "jq -r '\"\\(.task_type) \\(.episode_count) \\(.metadata.w)\"' check.jsonl | sort -u | wc -l"
	assert_output 8000
	run sh -c "jq -r 'select(.task_type != \"w\\(.metadata.w)\")' check.jsonl"
	assert_output ''
	run sh -c "jq -r '.episode_count' check.jsonl | sort -n | uniq -c | awk '\$1 != 8' | wc -l"
	assert_output 0
}

@test "8 concurrent writers x 1000 events on one JSONL log lose no line" {
	concurrent run.jsonl
	run wc -l <run.jsonl
	assert_output 8000
	run jq -c . run.jsonl
	assert_success
	[ "${#lines[@]}" -eq 8000 ]
}

@test "8 concurrent writers x 1000 events on one CSV log: one header" {
	concurrent run.csv
	run wc -l <run.csv
	assert_output 8001
	run grep -c '^timestamp,' run.csv
	assert_output 1
	[ "$(head -1 run.csv)" = "$HDR" ]
	# every line but the header: 7 fields, the metadata quoted
	run awk 'NR > 1 && !/^1795600800,w[1-8],0\.5,0\.1,[0-9]+,0\.1,"\{""w"":[1-8]\}"$/' run.csv
	assert_output ''
}

# torn_log: kill -9 a writer in the middle of a large batch into run.jsonl;
# succeeds when the log was left ending mid-line.
torn_log() {
	local pid size
	rm -f run.jsonl
	"$LT" record --batch --no-sync -f run.jsonl <big.jsonl &
	pid=$!
	for _ in $(seq 3000); do
		size=$(stat -c %s run.jsonl 2>/dev/null || echo 0)
		[ "$size" -gt 20000000 ] && break
		sleep 0.01
	done
	kill -9 "$pid"
	wait "$pid" || :
	size=$(stat -c %s run.jsonl)
	[ "$size" -gt 0 ] && [ "$size" -lt "$(stat -c %s big.jsonl)" ] &&
	    [ "$(tail -c 1 run.jsonl | od -An -c | tr -d ' ')" != '\n' ]
}

@test "a writer killed mid-batch leaves one torn line, ended by the next" {
	# about 200 MB of lines in lt's own shape (numbers as lt writes them),
	# episodes 1, 2, ...
	awk 'BEGIN { for (i = 1; i <= 1300000; i++)
	    printf "{\"timestamp\":%d,\"task_type\":\"a-long-running-training-job\",\"performance_score\":0.5,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":0.25,\"metadata\":{\"seed\":%d}}\n",
	    1795600800 + i, i, i }' >big.jsonl
	[ "$(stat -c %s big.jsonl)" -gt 190000000 ]
	# the kill lands on a line boundary about once in 150: try again then
	torn_log || torn_log || torn_log
	# every whole line is the input's line of the same number
	n=$(wc -l <run.jsonl)
	[ "$n" -gt 0 ]
	head -n "$n" big.jsonl >want
	head -n "$n" run.jsonl >have
	cmp want have
	# the torn line is the start of the next input line
	tail -c +"$(($(stat -c %s have) + 1))" run.jsonl >torn
	torn_len=$(stat -c %s torn)
	[ "$torn_len" -gt 0 ]
	sed -n "$((n + 1))p" big.jsonl | head -c "$torn_len" | cmp - torn

	run --separate-stderr lt record -f run.jsonl -t x -s 0.5 -r 0.1 \
	    -e 424242 -c 0.1 --time 1795600800
	assert_success
	[ "$stderr" = 'lt record: warning: run.jsonl: its last line was torn; ended it' ] ||
	    fail "$stderr"
	# the torn line is ended, the new event is the last line, whole
	run wc -l <run.jsonl
	assert_output $((n + 2))
	sed -n "$((n + 1))p" run.jsonl | cmp - <(cat torn; echo)
	run sh -c 'tail -n 1 run.jsonl | jq -c .'
	assert_output "$(ev 424242 | jq -c .)"
	head -n "$n" run.jsonl | cmp - want

	# reported once: the next append finds the log whole
	run --separate-stderr lt record -f run.jsonl -t x -s 0.5 -r 0.1 \
	    -e 424243 -c 0.1 --time 1795600800
	assert_success
	[ -z "$stderr" ] || fail "$stderr"
	run wc -l <run.jsonl
	assert_output $((n + 3))
}

# crash_writer W LOG: 2000 events of writer W in 20 batches of 100 (in
# the log's own format, episodes 1..2000 in order); stops when its lt is
# killed, as a training job would.
crash_writer() {
	local w=$1 log=$2 b status
	for b in $(seq 0 19); do
		awk -v w="$w" -v b="$b" -v csv="${log##*.}" -v h="$HDR" 'BEGIN {
			if (csv == "csv")
				print h
			for (i = 1 + 100 * b; i <= 100 + 100 * b; i++)
				if (csv == "csv")
					printf "1795600800,w%d,0.5,0.1,%d,0.1,\"{\"\"w\"\":%d}\"\n", w, i, w
				else
					printf "{\"timestamp\":1795600800,\"task_type\":\"w%d\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{\"w\":%d}}\n", w, i, w
		}' >"batch.$w"
		status=0
		"$LT" record --batch --no-sync -f "$log" <"batch.$w" || status=$?
		if [ "$status" -eq 137 ]; then
			echo "$w" >>killed
			return
		fi
		[ "$status" -eq 0 ] || echo "fail $w b$b $status"
	done
}

# crash LOG: 8 writers x 2000 events on LOG, 20000 older events before
# them, lt compact -n 20000 over and over meanwhile (it drops only older
# events, as the writers add 16000), and three writers' lt killed with
# SIGKILL at random: every event is in the log once, each writer's
# episodes 1..k in order (k = 2000 for a writer never killed), and the
# only bad lines are the killed writers' last ones.
crash() {
	local log=$1 w pids=() victim child n
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
	    printf "{\"timestamp\":1795600000,\"task_type\":\"old\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n", i }' |
	    "$LT" record --batch --no-sync -f "$log"
	: >killed
	for w in 1 2 3 4 5 6 7 8; do
		crash_writer "$w" "$log" >"fail.$w" &
		pids+=($!)
	done
	(while [ ! -e done ]; do
		"$LT" compact -f "$log" -n 20000 >/dev/null || echo "compact $?"
	done) >compact.out 2>&1 &
	compactor=$!
	for victim in 2 5 7; do
		sleep "0.$((RANDOM % 5 + 1))"
		# the lt process of that writer's shell, by its parent's id,
		# once it runs one
		for _ in $(seq 200); do
			child=$(pgrep -P "${pids[$((victim - 1))]}" -x lt || :)
			[ -n "$child" ] && break
			sleep 0.005
		done
		[ -n "$child" ] && { kill -9 $child 2>/dev/null || :; }
	done
	wait "${pids[@]}"
	touch done
	wait "$compactor"
	run cat fail.1 fail.2 fail.3 fail.4 fail.5 fail.6 fail.7 fail.8 compact.out
	assert_output ''
	echo "killed: $(tr '\n' ' ' <killed)" >&3
	# every reader reads it
	for c in report metrics trend converge export; do
		"$LT" "$c" -f "$log" >/dev/null 2>>readers.err ||
		    fail "lt $c: exit $?"
	done
	"$LT" export --format jsonl -f "$log" >events.jsonl 2>bad.err
	# the bad lines: at most one for each writer killed
	n=$(grep -c 'line skipped' bad.err || :)
	[ "$n" -le "$(wc -l <killed)" ] || fail "$n bad lines: $(cat bad.err)"
	for w in 1 2 3 4 5 6 7 8; do
		jq -r "select(.task_type == \"w$w\") | .episode_count" \
		    events.jsonl >"ep.$w"
		# each once, in order, from 1
		sort -n "ep.$w" | uniq -d | cmp /dev/null - ||
		    fail "writer $w: an event twice"
		k=$(wc -l <"ep.$w")
		seq 1 "$k" | cmp - "ep.$w" || fail "writer $w: a gap"
		if ! grep -qx "$w" killed; then
			[ "$k" -eq 2000 ] || fail "writer $w: $k events"
		fi
	done
}

@test "8 writers x 2000 events, 3 killed, lt compact meanwhile: JSONL loses nothing" {
	crash run.jsonl
}

@test "8 writers x 2000 events, 3 killed, lt compact meanwhile: CSV loses nothing" {
	crash run.csv
}
