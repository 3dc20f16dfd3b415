#!/usr/bin/env bats
# lt watch: the live view in a real terminal (tmux, on a socket of the
# test's own), and lt metrics --task.

load test_helper

# The sample: cls scores 0.51 .. 0.80 and det 0.21 .. 0.50 (i/100 steps),
# a goal linked to cls and one updated by hand to 40 of 100.
sample() {
	awk 'BEGIN { for (i = 1; i <= 30; i++) {
		printf "{\"timestamp\":%d,\"task_type\":\"cls\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 2 * i, 0.5 + i / 100, i
		printf "{\"timestamp\":%d,\"task_type\":\"det\",\"performance_score\":%s,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600801 + 2 * i, 0.2 + i / 100, i
	} }' >run.jsonl
	lt goal add acc --target 0.9 --task cls --metric performance_score \
	    --time 1795600800 -f run.jsonl
	lt goal add manual --target 100 --time 1795600800 -f run.jsonl
	lt goal update manual 40 --time 1795600900 -f run.jsonl
}

NSOCK=0

tm() {
	tmux -S "$BATS_TEST_TMPDIR/tmux.$NSOCK.sock" "$@"
}

# next_tm: end the tmux server, and start the next one on a socket of
# its own: a new server on the socket of one just ended can find it
# still going away.
next_tm() {
	tm kill-server
	NSOCK=$((NSOCK + 1))
}

teardown() {
	tm kill-server 2>/dev/null || true
}

# start_watch ARGS...: lt watch ARGS in an 80x24 terminal; its status
# is printed when it ends.
start_watch() {
	local cmd
	printf -v cmd '%q ' "$LT" watch "$@"
	tm -f /dev/null new-session -d -s lt -x 80 -y 24 \
	    "$cmd; echo \"EXITED \$?\"; sleep 60"
}

screen() {
	tm capture-pane -p -t lt
}

# until_screen PATTERN: wait (5 s at most) for the screen to match.
until_screen() {
	for _ in $(seq 100); do
		screen | grep -q -- "$1" && return 0
		sleep 0.05
	done
	screen >&2
	return 1
}

@test "watch fills the terminal with the tasks, their curves and the goals" {
	sample
	start_watch -f run.jsonl
	until_screen '^manual'
	screen >shot.txt
	grep -q '^lt watch  run.jsonl  60 events' shot.txt
	# cls: 30 events, latest and best 0.8, slope 0.01 exactly.
	grep -Eq '^cls +30 +0\.8 +0\.8  improving +p < 0\.001' shot.txt
	grep -Eq '^det +30 +0\.5 +0\.5  improving' shot.txt
	# gnuplot's legend and axis: the curves are drawn.
	grep -q 'cls \*\*\*\*' shot.txt
	grep -q 'det ####' shot.txt
	# 0.8 of 0.9 is 88.9 %, 40 of 100 is 40 %.
	grep -Eq '^acc +\[#+\.+\]  88\.9 %  0\.8 of 0\.9' shot.txt
	grep -Eq '^manual +\[#+\.+\]  40\.0 %  40 of 100' shot.txt
	[ "$(wc -l <shot.txt)" -le 24 ]
}

@test "watch shows what is appended, and redraws to a new window size" {
	sample
	start_watch -f run.jsonl
	until_screen 'q quits'
	lt record -f run.jsonl -t cls -s 0.95 -r 0.01 -e 31 -c 0.5 --no-sync
	until_screen '^cls  *31  *0\.95  *0\.95'
	until_screen '61 events'
	tm resize-window -t lt -x 100 -y 30
	until_screen '^goals'
	for _ in $(seq 100); do
		[ "$(screen | head -1 | awk '{ print length }')" -eq 100 ] && break
		sleep 0.05
	done
	[ "$(screen | head -1 | awk '{ print length }')" -eq 100 ]
	screen | head -1 | grep -q 'q quits$'
	# The figure grew with the window: gnuplot's x axis is 100 wide.
	[ "$(screen | grep -c '+---')" -ge 1 ]
	[ "$(screen | grep '+---' | awk '{ print length }' | sort -n | tail -1)" -gt 90 ]
}

@test "watch quits on q and on Ctrl-C, leaving the terminal as it found it" {
	sample
	start_watch -f run.jsonl
	until_screen 'q quits'
	tm send-keys -t lt q
	until_screen '^EXITED 0$'
	! screen | grep -q 'q quits'
	next_tm
	start_watch -f run.jsonl
	until_screen 'q quits'
	tm send-keys -t lt C-c
	until_screen '^EXITED 0$'
	! screen | grep -q 'q quits'
	# Echo is back: what is typed shows.
	tm send-keys -t lt 'typed'
	until_screen 'typed'
}

@test "watch waits for a log that does not exist yet, and says why it has no figure" {
	start_watch -f later.jsonl
	until_screen 'no events to draw yet'
	record_n later.jsonl 12
	until_screen '^cls  *12 '
	LT_GNUPLOT=/nonexistent/gnuplot
	next_tm
	tm -f /dev/null new-session -d -s lt -x 80 -y 24 \
	    "LT_GNUPLOT=/nonexistent/gnuplot \"$LT\" watch -f later.jsonl; sleep 60"
	until_screen 'gnuplot'
	until_screen '^cls  *12 '
}

@test "watch refuses a pipe, standard input and a foreign log" {
	sample
	run lt watch -f run.jsonl
	assert_failure 2
	assert_output --partial 'standard output is not a terminal'
	run lt watch -f -
	assert_failure 2
	cp "$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log" training.log
	start_watch -f training.log
	until_screen 'lt import --from keras'
	until_screen '^EXITED 2$'
}

@test "metrics --watch with -t adds a line per task, redrawn as the log grows" {
	sample
	# Without --watch, -t selects the events and adds no line.
	run lt metrics -f run.jsonl -t cls
	assert_success
	refute_line --regexp '^cls +30 '
	run lt metrics --watch 1 -f run.jsonl -t cls --since 1795600800
	assert_failure 2
	assert_output --partial 'not with --since or --until'
	run lt metrics --watch 1 -f - -t cls </dev/null
	assert_failure 2
	assert_output --partial 'standard input is read once'
	tm -f /dev/null new-session -d -s lt -x 80 -y 24 \
	    "\"$LT\" metrics --watch 0.2 -f run.jsonl -t det; sleep 60"
	# det alone: 30 events, latest 0.5 (0.2 + 30/100), the metrics too
	until_screen '^det  *30  *0\.5  *0\.5 '
	until_screen '^total_learning_events  *30$'
	! screen | grep -q '^cls '
	lt record -f run.jsonl -t det -s 0.6 -r 0.01 -e 31 -c 0.5 --no-sync
	until_screen '^det  *31  *0\.6  *0\.6 '
}

@test "watch -t shows the tasks named, --goals another goals log, and --strict stops at a bad line" {
	sample
	start_watch -t det -f run.jsonl
	until_screen '^det  *30 '
	! screen | grep -q '^cls  *30'
	next_tm
	mv run.goals.jsonl elsewhere.jsonl
	start_watch -f run.jsonl --goals elsewhere.jsonl
	until_screen '^manual'
	next_tm
	printf 'not an event\n' >>run.jsonl
	start_watch --strict -f run.jsonl
	until_screen '^EXITED 2$'
	screen | grep -q 'run.jsonl:61:'
}

# watch_pid: the process of lt watch in the pane (the shell's child).
watch_pid() {
	ps -o pid= --ppid "$(tm display -p -t lt '#{pane_pid}')" | head -1 |
	    tr -d ' '
}

# cpu PID: the clock ticks the process has used.
cpu() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

@test "watch uses no CPU while nothing changes, and ends when its terminal goes away" {
	sample
	start_watch -f run.jsonl
	until_screen '^manual'
	pid=$(watch_pid)
	[ -n "$pid" ]
	before=$(cpu "$pid")
	sleep 3
	# A look at the files each second: a few ticks at most, of 300.
	[ $(($(cpu "$pid") - before)) -le 5 ]
	tm kill-server
	for _ in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	! kill -0 "$pid" 2>/dev/null
}

@test "watch --sixel falls back to text, and says so, where the terminal has no sixel" {
	sample
	start_watch --sixel -f run.jsonl
	until_screen '^manual'
	screen | grep -q 'cls \*\*\*\*'
	tm send-keys -t lt q
	until_screen '^EXITED 0$'
	screen | grep -q '^lt watch: no sixel graphics in this terminal; the figure is in text$'
}
