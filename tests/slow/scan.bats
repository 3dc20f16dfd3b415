#!/usr/bin/env bats
# The two-thread scan on a log with one long line: it reads the line
# once, in about the time one thread takes (it once re-read its chunk for
# every 64 KiB of the line: 109 s for a 40 MB line against 1.3 s on one
# thread).  A ratio measured in one run, not a time, since the machine's
# speed varies.

load ../test_helper

HDR=timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata

# ms COMMAND...: run it, its output discarded, and print how many
# milliseconds it took.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null || return 1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

@test "a 40 MB line: two threads read it in about the time one takes" {
	{
		echo "$HDR"
		echo '1795600800,a,0.25,0.01,1,0.1,{}'
		printf '1795600801,a,0.5,0.01,2,0.1,"{""x"":""'
		head -c 40000000 /dev/zero | tr '\0' y
		echo '""}"'
		echo '1795600802,a,0.75,0.01,3,0.1,{}'
	} >long.csv
	[ "$(stat -c %s long.csv)" -gt 40000000 ]
	# the same events from both, the long one among the three
	LT_THREADS=1 lt export --format jsonl -f long.csv >one
	LT_THREADS=2 lt export --format jsonl -f long.csv >two
	cmp one two
	run wc -l <one
	assert_output 3
	[ "$(stat -c %s one)" -gt 40000000 ]
	one=$(LT_THREADS=1 ms "$LT" report -f long.csv)
	two=$(LT_THREADS=2 ms "$LT" report -f long.csv)
	echo "one thread $one ms, two threads $two ms"
	# quadratic, it was 80 times slower; linear, about 1 to 1.5
	[ "$two" -le $((3 * one + 500)) ]
}
