#!/usr/bin/env bats
# Output for people: tables fitted to the terminal's width and coloured
# verdicts, on a real terminal (a tmux pane) and not in a pipe.

load test_helper

SOCK=
NPANE=0

teardown() {
	if [ -n "$SOCK" ]; then
		tmux -S "$SOCK" kill-server 2>/dev/null || true
	fi
}

# pane W H CMD: run the shell command CMD in a new tmux pane of W x H
# cells (in the test's directory, with lt as "$LT"), wait until it is done
# and put what the pane shows in pane.txt, with its colours (tmux's
# escapes) in pane.esc.
pane() {
	local w=$1 h=$2 i
	# A server of its own for each pane: a new server on the socket of
	# one just killed can find it still going away.
	NPANE=$((NPANE + 1))
	SOCK=$BATS_TEST_TMPDIR/tmux.$NPANE.sock
	tmux -S "$SOCK" -f /dev/null new-session -d -x "$w" -y "$h" \
	    "cd '$PWD' && TZ=UTC LC_ALL=C $3; echo END; sleep 600"
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p -t 0 >pane.txt
		grep -qx END pane.txt && break
		sleep 0.1
	done
	grep -qx END pane.txt || fail "the pane did not finish: $(cat pane.txt)"
	tmux -S "$SOCK" capture-pane -p -e -t 0 >pane.esc
	tmux -S "$SOCK" kill-server
	SOCK=
}

# The widest line of FILE, in characters.
widest() {
	awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$1"
}

@test "a table on a 60-column terminal fits it, leaving out columns and saying so" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	cp "$TESTDATA/multi.csv" "$TESTDATA/multi.goals.jsonl" .
	# the table is 85 columns wide in a pipe, seen on the day of the
	# goals, when acc80's estimate is still ahead
	export SOURCE_DATE_EPOCH=1795604400
	[ "$(lt goal list -f multi.csv | awk '{ print length($0) }' |
	    sort -n | tail -1)" -gt 80 ]
	pane 60 20 "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH \"$LT\" goal list -f multi.csv"
	[ "$(widest pane.txt)" -le 60 ]
	run cat pane.txt
	assert_line --index 0 --regexp '^goal +dir +current +target +% +status$'
	assert_line --index 1 --regexp '^acc80 +max +0\.7000 +0\.8000 +87\.5 +active$'
	assert_line '(columns not shown: eta, progress)'
}

@test "a narrower terminal cuts the text, never the numbers" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	cp "$TESTDATA/multi.csv" .
	# 85 columns in a pipe; on 76 the verdicts ("improving (p <
	# 0.001)", 21) are cut to 12, all else is whole
	pane 76 20 "\"$LT\" trend -f multi.csv"
	[ "$(widest pane.txt)" -eq 76 ]
	run cat pane.txt
	assert_line --index 1 --regexp '^cls +12 +0\.027937 +0\.975 +0\.7200 +0\.3352  improving \(~$'
	assert_line --index 3 --regexp '^tiny +4 +0\.000000 +0\.000 +0\.0000 +0\.0000  insufficien~$'
	# on 56 even the verdicts' header is too wide: two columns go
	pane 56 20 "\"$LT\" trend -f multi.csv"
	[ "$(widest pane.txt)" -le 56 ]
	run cat pane.txt
	assert_line --index 1 --regexp '^cls +12 +0\.027937 +0\.975 +0\.7200$'
	assert_line '(columns not shown: improvement_rate, direction)'
	# COLUMNS, when set, is the width
	pane 100 20 "COLUMNS=40 \"$LT\" trend -f multi.csv"
	[ "$(widest pane.txt)" -le 40 ]
}

@test "verdicts and goal statuses are coloured on a terminal, not with NO_COLOR" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	cp "$TESTDATA/multi.csv" "$TESTDATA/multi.goals.jsonl" .
	esc=$(printf '\033')
	pane 120 20 "\"$LT\" trend -f multi.csv; \"$LT\" goal list -f multi.csv"
	# improving green, flat yellow; completed green, active yellow
	grep -q "${esc}\[32mimproving (p < 0.001)" pane.esc
	grep -q "${esc}\[33mflat (p = 0.797)" pane.esc
	grep -q "${esc}\[32mcompleted" pane.esc
	grep -q "${esc}\[33mactive" pane.esc
	# numbers and names are not
	[ "$(grep -o "${esc}\[3[1-7]m" pane.esc | wc -l)" -eq 6 ]
	pane 120 20 "NO_COLOR=1 \"$LT\" trend -f multi.csv"
	run grep -c "$esc" pane.esc
	assert_output 0
	pane 120 20 "NO_COLOR=1 \"$LT\" trend -f multi.csv --color=always"
	grep -q "${esc}\[32mimproving" pane.esc
	pane 120 20 "\"$LT\" trend -f multi.csv --color=never"
	run grep -c "$esc" pane.esc
	assert_output 0
}

@test "in a pipe: no colour unless --color=always, and no width" {
	cp "$TESTDATA/multi.csv" "$TESTDATA/multi.goals.jsonl" .
	esc=$(printf '\033')
	run lt trend -f multi.csv
	refute_output --partial "$esc"
	run lt trend -f multi.csv --color=auto
	refute_output --partial "$esc"
	run lt trend -f multi.csv --color=always
	assert_line --index 1 --partial "${esc}[32mimproving (p < 0.001)${esc}[0m"
	run lt trend -f multi.csv --color
	assert_line --index 1 --partial "${esc}[32mimproving"
	run lt metrics -f multi.csv --color=always
	assert_line --index 4 "performance_trend       ${esc}[33mstable${esc}[0m"
	run lt report -f multi.csv --color=always
	assert_output --partial "${esc}[32mcompleted${esc}[0m"
	# Markdown and JSON never
	run lt report -f multi.csv --markdown --color=always
	refute_output --partial "$esc"
	run lt goal list -f multi.csv --json --color=always
	refute_output --partial "$esc"
	# COLUMNS is not the width of a pipe
	run env COLUMNS=30 "$LT" goal list -f multi.csv
	assert_line --index 0 --regexp 'progress$'
}
