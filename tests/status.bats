#!/usr/bin/env bats
# Exit statuses a script can trust, as lt(1)'s table says, command by
# command: 0 yes or done, 1 no or not yet (only the commands that answer
# in their status), 2 trouble (a usage error, a missing log or goals log,
# a bad line with --strict, a task named that has none).

load test_helper

T0=1795600800

# expect STATUS ARGS...: lt ARGS exits STATUS; with 2, something is said
# on standard error and nothing on standard output.  Records the command
# as seen.
expect() {
	local want=$1
	shift
	run --separate-stderr "$LT" "$@"
	seen="$seen $1"
	if [ "$status" -ne "$want" ]; then
		fail "lt $*: exit $status, not $want; stderr: $stderr"
	fi
	if [ "$want" -eq 2 ] && { [ -z "$stderr" ] || [ -n "$output" ]; }; then
		fail "lt $*: exit 2 without a message, or with output"
	fi
}

setup_logs() {
	record_n run.jsonl 12
	printf '{"broken\n' >bad.jsonl
	record_n bad.jsonl 3
}

@test "every command exits as lt(1)'s table says" {
	local seen='' c
	setup_logs
	lt goal add -f run.jsonl done --target 0.5 -t cls \
	    --metric performance_score
	lt goal add -f run.jsonl open --target 2 -t cls \
	    --metric performance_score

	expect 0 converge -f run.jsonl
	expect 2 converge -f nope.jsonl
	expect 2 converge -f bad.jsonl --strict
	expect 2 converge --threshold x

	expect 0 curve cls -f run.jsonl
	expect 2 curve cls -f nope.jsonl
	expect 2 curve nope -f run.jsonl
	expect 2 curve -f run.jsonl

	expect 0 export -f run.jsonl
	expect 2 export -f nope.jsonl
	expect 2 export -f bad.jsonl --strict --format csv
	expect 2 export --format xml

	expect 0 forecast unet-val -f "$TESTDATA/brats2020-unet.jsonl"
	# i / 12 is a straight line: no saturation, no forecast
	expect 1 forecast cls -f run.jsonl
	expect 2 forecast cls -f nope.jsonl
	expect 2 forecast nope -f run.jsonl
	expect 2 forecast -f run.jsonl
	expect 2 forecast cls -f run.jsonl --model linear

	expect 0 goal list -f run.jsonl
	expect 0 goal check done -f run.jsonl
	expect 1 goal check -f run.jsonl
	expect 1 goal check open -f run.jsonl -q
	[ -z "$output" ]
	expect 2 goal check nosuch -f run.jsonl
	expect 2 goal check -f nope.jsonl
	expect 2 goal show nosuch -f run.jsonl
	expect 2 goal chek -f run.jsonl

	expect 0 import --from keras -f imported.jsonl \
	    "$FIXTURES/keras-csvlogger/brats2020-unet-training.log"
	expect 2 import --from keras -f imported.jsonl nope.log
	expect 2 import nope.log

	expect 0 metrics -f run.jsonl
	expect 2 metrics -f nope.jsonl
	expect 2 metrics -f run.jsonl -t nope
	expect 2 metrics --watch -1

	expect 0 plot -f run.jsonl --script
	expect 2 plot -f nope.jsonl --script
	expect 2 plot -f run.jsonl --panel pie

	expect 0 record -f new.jsonl -t cls -s 0.5 -r 0.1 -e 1 -c 0.1
	expect 2 record -f new.jsonl -t cls -s 1.5 -r 0.1 -e 1 -c 0.1
	expect 2 record -f new.jsonl -t cls

	expect 0 report -f run.jsonl
	expect 2 report -f nope.jsonl
	expect 2 report -f run.jsonl -t nope
	expect 2 report -f bad.jsonl --strict
	expect 0 report -f run.jsonl --since-last run.state
	expect 1 report -f run.jsonl --since-last run.state
	[ -z "$output" ]
	expect 2 report -f run.jsonl --since-last run.state -n 3
	expect 2 report -f - --since-last run.state

	# serve runs until a signal, then exits 0
	run timeout --preserve-status -s INT 1 "$LT" serve -f run.jsonl \
	    --listen 127.0.0.1:0
	assert_success
	expect 2 serve -f run.jsonl --listen 127.0.0.1:x
	expect 2 serve -f -
	expect 2 serve -f bad.jsonl --strict --listen 127.0.0.1:0

	# watch's 0 (on q, in a terminal) is tested in watch.bats; here
	# standard output is not a terminal
	expect 2 watch -f run.jsonl
	expect 2 watch -f -
	expect 2 watch --sixel=1

	expect 0 trend -f run.jsonl
	expect 0 trend cls -f run.jsonl --check improving
	expect 1 trend cls -f run.jsonl --check declining
	expect 1 trend cls -f run.jsonl --check flat -q
	[ -z "$output" ]
	expect 2 trend -f nope.jsonl
	expect 2 trend nope -f run.jsonl --check improving -q
	expect 2 trend -f run.jsonl --check improving

	sed 's/"cls"/"other"/' run.jsonl >other.jsonl
	expect 0 compare -f run.jsonl -f other.jsonl
	sed 's/"performance_score":[0-9.]*/"performance_score":1/' run.jsonl \
	    >high.jsonl
	expect 0 compare -f run.jsonl -f high.jsonl --check better
	[ -z "$output" ]
	expect 1 compare -f run.jsonl -f other.jsonl --check better
	[ -n "$output" ]
	expect 1 compare -f run.jsonl -f other.jsonl --check different -q
	[ -z "$output" ]
	expect 2 compare -f run.jsonl
	expect 2 compare -f run.jsonl -f nope.jsonl
	expect 2 compare -f run.jsonl -f bad.jsonl --strict --summary mean --last 1

	expect 0 compact -f run.jsonl -n 100
	expect 2 compact -f nope.jsonl
	expect 2 compact -n 0

	# every command of lt help is in the table above
	for c in $("$LT" help | awk '/^Commands:/ { on = 1; next }
	    on && NF == 0 { exit } on { print $1 }'); do
		[[ " $seen " == *" $c "* ]] || fail "no status test of lt $c"
	done
}

@test "exit 2 leaves every file as it was" {
	setup_logs
	lt goal add -f run.jsonl g --target 2
	before=$(checksum run.jsonl run.goals.jsonl bad.jsonl)
	for args in "goal check nosuch -f run.jsonl" \
	    "goal add g --target 1 -f run.jsonl" \
	    "record -f run.jsonl -t cls -s 2 -r 0.1 -e 1 -c 0.1" \
	    "compact -f run.jsonl -n x" \
	    "export -f bad.jsonl --strict -o bad.jsonl" \
	    "trend -f run.jsonl --bogus"; do
		# shellcheck disable=SC2086
		run "$LT" $args
		[ "$status" -eq 2 ] || fail "lt $args: exit $status"
	done
	[ "$(checksum run.jsonl run.goals.jsonl bad.jsonl)" = "$before" ]
}

@test "a closed standard output is trouble, not success" {
	record_n run.jsonl 3
	run sh -c '"$LT" trend -f run.jsonl >&-'
	assert_failure 2
	run sh -c '"$LT" goal list -f run.jsonl >/dev/full'
	assert_failure 2
}
