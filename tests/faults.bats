#!/usr/bin/env bats
# Faults: a disk that fails (EIO, ENOSPC, EFBIG from write, fdatasync or
# rename, through the LD_PRELOAD shim tests/faultshim.c, on the lt with
# the C library shared: $PRELOADABLE_LT), a full file
# system (a 256 KiB tmpfs, when running as root), a read-only directory,
# a log that is a directory or a FIFO, /dev/full as standard output.
# Every writing command exits 2 with a message and leaves every file as
# it was, byte for byte (checksums before and after), a file it would
# have created included; a reader that cannot write its output exits 2.

load test_helper

KERAS=keras-csvlogger/brats2020-unet-training.log

# setup_logs: a JSONL and a CSV log with 20 events each, a goals log with
# one goal following the JSONL one, a tasks file, a batch to record.
setup_logs() {
	record_n run.jsonl 20
	lt export --format csv -f run.jsonl -o run.csv
	lt goal add g1 --target 0.9 -t cls --metric performance_score \
	    -f run.jsonl
	lt goal add g2 --target 0.5 -f run.jsonl
	record_n batch.jsonl 5 other
	mv batch.jsonl batch.in
	cp "$FIXTURES/$KERAS" keras.log
}

# snapshot: every file of the directory and its checksum.
snapshot() {
	find . -type f | LC_ALL=C sort | xargs cksum
}

# The writing commands, one a line, run in the directory of the logs.
WRITERS='record -f run.jsonl -t cls -s 0.5 -r 0.1 -e 21 -c 0.1
record -f run.csv -t cls -s 0.5 -r 0.1 -e 21 -c 0.1
record -f new.csv -t cls -s 0.5 -r 0.1 -e 1 -c 0.1
record -f new.jsonl -t cls -s 0.5 -r 0.1 -e 1 -c 0.1
record --batch -f run.jsonl -i batch.in
record --batch -f new.csv -i batch.in
import --from keras -f run.jsonl keras.log
import --from keras -f new.jsonl keras.log
goal add g3 --target 0.7 -f run.jsonl
goal update g2 0.4 -f run.jsonl
compact -f run.jsonl -n 10'

# The commands that write a new file through stdio: the C library's
# own write, which the shim cannot reach; the full file system, fsync and
# rename faults test them.
STDIO_WRITERS='export -f run.jsonl -o out.json
export --format csv -f run.jsonl -o out.csv'

# each_writer FUNCTION [all]: call FUNCTION with each writing command's
# words (all: the stdio writers too).
each_writer() {
	local line list=$WRITERS
	[ "${2:-}" = all ] && list=$WRITERS$'\n'$STDIO_WRITERS
	while IFS= read -r line; do
		# shellcheck disable=SC2086
		"$1" $line
	done <<<"$list"
}

# faulted ENV...: each writer under the shim with ENV fails with status 2
# and a message naming lt and the command, every file as it was.
faulted_one() {
	local before
	before=$(snapshot)
	run env "${FAULT_ENV[@]}" "$PRELOADABLE_LT" "$@"
	[ "$status" -eq 2 ] || fail "lt $* under ${FAULT_ENV[*]}: exit $status: $output"
	[[ "$output" == "lt $1"* ]] || fail "lt $*: no message: $output"
	[ "$(snapshot)" = "$before" ] || fail "lt $* under ${FAULT_ENV[*]} changed files: $(diff <(echo "$before") <(snapshot))"
	echo "lt $* | ${FAULT_ENV[*]} | exit $status | files intact" >&3
}

faulted() {
	FAULT_ENV=("$@")
	each_writer faulted_one
}

# Some writers do not sync or rename: their fault never comes.
faulted_if() {
	local before
	before=$(snapshot)
	run env "${FAULT_ENV[@]}" "$PRELOADABLE_LT" "$@"
	if [ "$status" -eq 0 ]; then
		echo "lt $* | ${FAULT_ENV[*]} | exit 0 (no such call)" >&3
		return
	fi
	[ "$status" -eq 2 ] || fail "lt $* under ${FAULT_ENV[*]}: exit $status: $output"
	[ "$(snapshot)" = "$before" ] || fail "lt $* under ${FAULT_ENV[*]} changed files"
	echo "lt $* | ${FAULT_ENV[*]} | exit $status | files intact" >&3
}

shim() {
	[ -n "${FAULTSHIM:-}" ] || skip "the fault shim is not built (make test builds it)"
	[ -f run.jsonl ] || setup_logs
	FAULT_ENV=(LD_PRELOAD="$FAULTSHIM"
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	    LT_FAULT="$1")
}

@test "EIO from write: every writer exits 2, every file as it was" {
	shim write:EIO
	each_writer faulted_one
}

@test "ENOSPC from write: every writer exits 2, every file as it was" {
	shim write:ENOSPC
	each_writer faulted_one
}

@test "EFBIG from the second write on: every writer exits 2, files as they were" {
	shim write:EFBIG:2
	each_writer faulted_if
}

@test "EIO from fdatasync: every writer that syncs exits 2, files as they were" {
	shim fdatasync:EIO
	each_writer faulted_if all
	# the appending writers sync their log
	FAULT_ENV+=()
	faulted_one record -f run.jsonl -t cls -s 0.5 -r 0.1 -e 21 -c 0.1
	faulted_one goal add g3 --target 0.7 -f run.jsonl
}

@test "EIO from fsync and rename: the commands that replace a file exit 2" {
	shim fsync:EIO
	faulted_one compact -f run.jsonl -n 10
	faulted_one export -f run.jsonl -o out.json
	shim rename:EIO
	faulted_one compact -f run.jsonl -n 10
	faulted_one export --format csv -f run.jsonl -o out.csv
}

@test "a full file system: every writer exits 2, every file as it was" {
	[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
	mkdir fs
	mount -t tmpfs -o size=256k tmpfs fs || skip "cannot mount a tmpfs here"
	cd fs
	setup_logs
	# fill it to the last block
	head -c 1000000 /dev/zero >filler 2>/dev/null || :
	FAULT_ENV=()
	# a goal with a description longer than what is left
	desc=$(head -c 20000 /dev/zero | tr '\0' x)
	before=$(snapshot)
	run lt goal add g4 --target 0.7 --desc "$desc" -f run.jsonl
	assert_failure 2
	assert_output --partial 'No space left on device'
	[ "$(snapshot)" = "$before" ]
	echo "lt goal add g4 --desc (20 kB) | full tmpfs | exit 2 | files intact" >&3
	each_writer faulted_if all
	cd ..
	umount fs
}

@test "a read-only file system: every writer exits 2, every file as it was" {
	[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root"
	mkdir fs
	mount -t tmpfs -o size=1m tmpfs fs || skip "cannot mount a tmpfs here"
	cd fs
	setup_logs
	mount -o remount,ro "$PWD" || { cd ..; umount fs; skip "cannot remount"; }
	FAULT_ENV=()
	each_writer faulted_one all
	cd ..
	umount fs
}

@test "a log that is a directory or a FIFO: writers exit 2 naming it" {
	mkdir dir.jsonl
	run lt record -f dir.jsonl -t cls -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_failure 2
	assert_output --partial 'dir.jsonl'
	run lt compact -f dir.jsonl
	assert_failure 2
	run lt report -f dir.jsonl
	assert_failure 2
	assert_output --partial 'dir.jsonl: is a directory'
	mkfifo fifo.jsonl
	run timeout 10 "$LT" record -f fifo.jsonl -t cls -s 0.5 -r 0.1 -e 1 -c 0.1
	assert_failure 2
	assert_output --partial 'fifo.jsonl: not a regular file'
	run timeout 10 "$LT" compact -f fifo.jsonl
	assert_failure 2
	assert_output --partial 'not a regular file'
}

@test "a reader that cannot write its output (/dev/full) exits 2" {
	setup_logs
	before=$(snapshot)
	# plot's figure passes through lt: gnuplot does not say when it
	# cannot write it
	for c in report metrics trend converge "curve cls" export "export --format csv" "goal list" "goal summary" "plot --terminal dumb" "plot --terminal png"; do
		# shellcheck disable=SC2086
		status=0
		"$LT" $c -f run.jsonl >/dev/full 2>"$TMPDIR/err" || status=$?
		[ "$status" -eq 2 ] || fail "lt $c >/dev/full: exit $status"
		grep -q 'cannot write' "$TMPDIR/err" ||
		    fail "lt $c: $(cat "$TMPDIR/err")"
		echo "lt $c -f run.jsonl >/dev/full | exit $status" >&3
	done
	[ "$(snapshot)" = "$before" ] ||
	    fail "$(diff <(echo "$before") <(snapshot))"
}

@test "a FIFO and a process substitution read like the file, by every reader" {
	setup_logs
	export SOURCE_DATE_EPOCH=1800000000
	# the goals log is named, as the FIFO's name would give another one
	for c in "report --goals run.goals.jsonl" "metrics --goals run.goals.jsonl" \
	    trend converge "curve cls" "export --goals run.goals.jsonl" \
	    "export --format csv" "goal list --goals run.goals.jsonl" \
	    "goal summary --goals run.goals.jsonl" "plot --script --goals run.goals.jsonl"; do
		# shellcheck disable=SC2086
		"$LT" $c -f run.jsonl >want
		rm -f fifo.jsonl
		mkfifo fifo.jsonl
		# a writer that gives up if no reader comes, so the test ends
		timeout 15 sh -c 'cat run.jsonl >fifo.jsonl' &
		# shellcheck disable=SC2086
		timeout 10 "$LT" $c -f fifo.jsonl >have ||
		    fail "lt $c -f FIFO: exit $?"
		wait
		sed 's/fifo\.jsonl/run.jsonl/g' have | cmp - want ||
		    fail "lt $c -f FIFO differs"
		# shellcheck disable=SC2086
		timeout 10 "$LT" $c -f <(cat run.jsonl) >have ||
		    fail "lt $c -f <(...): exit $?"
		sed 's|/dev/fd/[0-9]*|run.jsonl|g' have | cmp - want ||
		    fail "lt $c -f <(...) differs"
	done
}

@test "standard input, piped or redirected, reads like the file, by every reader" {
	setup_logs
	export SOURCE_DATE_EPOCH=1800000000
	# goal g1 follows task cls: report, metrics and the export document
	# read standard input twice (the goals, then the command itself)
	for c in "report --goals run.goals.jsonl" "report --json --goals run.goals.jsonl" \
	    "metrics --json --goals run.goals.jsonl" trend converge "curve cls" \
	    "export --goals run.goals.jsonl" "export --format csv" \
	    "goal list --goals run.goals.jsonl" "goal summary --goals run.goals.jsonl" \
	    "plot --script --goals run.goals.jsonl" "forecast cls"; do
		ws=0
		# shellcheck disable=SC2086
		"$LT" $c -f run.jsonl >want 2>&1 || ws=$?
		hs=0
		# shellcheck disable=SC2086
		cat run.jsonl | timeout 10 "$LT" $c -f - >have 2>&1 || hs=$?
		[ "$hs" = "$ws" ] || fail "cat | lt $c -f -: exit $hs, not $ws"
		sed 's/(stdin)/run.jsonl/g' have | cmp - want ||
		    fail "cat | lt $c -f - differs: $(diff have want)"
		hs=0
		# shellcheck disable=SC2086
		timeout 10 "$LT" $c -f - <run.jsonl >have 2>&1 || hs=$?
		[ "$hs" = "$ws" ] || fail "lt $c -f - <run.jsonl: exit $hs"
		sed 's/(stdin)/run.jsonl/g' have | cmp - want ||
		    fail "lt $c -f - <run.jsonl differs: $(diff have want)"
	done
	# the linked goal saw the events: 0.9 of cls is what the file gives
	cat run.jsonl | "$LT" report --json -f - --goals run.goals.jsonl >have
	jq -e '.goal_summary.goals[] | select(.goal_id == "g1") |
	    .current_performance > 0' have >/dev/null ||
	    fail "goal g1 saw no events: $(cat have)"
}
