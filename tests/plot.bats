#!/usr/bin/env bats
# lt plot: the gnuplot script and its data, the image files, the terminal,
# and every way it can fail.

load test_helper

# block NAME FILE: the lines of datablock $NAME in a script.
block() {
	awk -v name="\$$1" '$1 == name && $2 == "<<" { on = 1; next }
	    on && $0 == "EOD" { exit } on { print }' "$2"
}

# png_size FILE: "WIDTH HEIGHT" from the IHDR chunk (big-endian, bytes
# 16-23).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{
		printf "%d %d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4,
		    (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# The first 8 bytes of a PNG: \211 P N G \r \n \032 \n.
png_magic() {
	od -An -tx1 -N8 "$1" | tr -d ' \n'
}

# events FILE N TASK SCORE_EXPR LR_EXPR: N events one a second, i from 1.
events() {
	awk -v n="$2" -v task="$3" "BEGIN {
		for (i = 1; i <= n; i++)
			printf \"{\\\"timestamp\\\":%d,\\\"task_type\\\":\\\"%s\\\",\\\"performance_score\\\":%.17g,\\\"learning_rate\\\":%.17g,\\\"episode_count\\\":%d,\\\"convergence_metric\\\":0.5,\\\"metadata\\\":{}}\\n\", 1795600800 + i, task, $4, $5, i
	}" | "$LT" record --batch --no-sync -f "$1"
}

@test "plot --script carries each event of a small log exactly" {
	record_n run.jsonl 4
	run lt plot -f run.jsonl --script
	assert_success
	echo "$output" >script.gp
	run block score1 script.gp
	assert_output '1795600801 0.25
1795600802 0.5
1795600803 0.75
1795600804 1'
	run block lr1 script.gp
	assert_output '1795600801 0.01
1795600802 0.01
1795600803 0.01
1795600804 0.01'
	# (0.25 + 0.5 + 0.75 + 1) / 4
	run grep -x 'mean = 0.625' script.gp
	assert_success
	run grep -c "title 'cls'" script.gp
	assert_output 2
}

@test "plot --script bins the scores in 30 bins from min to max" {
	events run.jsonl 10 cls 'i * i / 100' 0.01
	lt plot -f run.jsonl --script >script.gp
	block hist script.gp >hist
	run wc -l <hist
	assert_output 30
	# The same binning in awk: width (max - min) / 30, the top in the last.
	expected=$(awk 'BEGIN {
		lo = 0.01; w = (1 - lo) / 30
		for (i = 1; i <= 10; i++) {
			k = int((i * i / 100 - lo) / w); if (k > 29) k = 29; c[k]++
		}
		for (k = 0; k < 30; k++) print c[k] + 0 }')
	run awk '{ print $2 }' hist
	assert_output "$expected"
	run awk -v w=0.033 'NR == 1 { d = $1 - (0.01 + 0.033 / 2) }
	    END { print (d < 1e-12 && d > -1e-12) ? "ok" : "off " d }' hist
	assert_output ok
	run grep -c '^set boxwidth 0.033' script.gp
	assert_output 1
}

@test "plot --smooth overlays TensorBoard's debiased EMA of every point" {
	record_n run.jsonl 4
	lt plot -f run.jsonl --smooth 0.5 --script >script.gp
	block ema1 script.gp >ema
	# last = last * w + (1 - w) * y; shown as last / (1 - w^n).
	awk 'BEGIN { w = 0.5; l = 0; for (i = 1; i <= 4; i++) {
		l = l * w + (1 - w) * i / 4; printf "%.17g\n", l / (1 - w ^ i) } }' \
	    >want
	run awk 'NR == FNR { want[FNR] = $1; next }
	    { d = $2 - want[FNR]; if (d > 1e-15 || d < -1e-15) bad++ }
	    END { print FNR, bad + 0 }' want ema
	assert_output '4 0'
	run grep -c "title 'cls (EMA 0.5)'" script.gp
	assert_output 1
}

@test "plot down-samples a long curve and keeps a one-event spike" {
	events run.jsonl 20000 cls '(i == 12345 ? 0 : 0.5 + i / 100000)' 0.01
	lt plot -f run.jsonl --script >script.gp
	block score1 script.gp >curve
	# 20000 events: 625 buckets of 32, the minimum and maximum of each.
	run wc -l <curve
	assert_output 1250
	run grep -x '1795613145 0' curve
	assert_success
	run tail -n 1 curve
	assert_output '1795620800 0.7'
	run grep '^# cls:' script.gp
	assert_output '# cls: 20000 events as 1250 points: 625 buckets of 32 events (the last 32), each drawn by its lowest and highest score'
}

@test "plot --script says how many points stand for how many events" {
	# 3001 rising scores: 1024 buckets of 1 merge into 512 of 2 at the
	# 1025th event, 1024 of 2 into 512 of 4 at the 2049th; the 952
	# events after 2048 fill 238 more of 4 and the 3001st starts one:
	# 751 buckets, each of 4 drawn by its first and last point, the
	# last by its one: 750 * 2 + 1 = 1501 points.
	events run.jsonl 3001 up 'i / 10000' 0.01
	lt plot -f run.jsonl --script >script.gp
	run grep '^# up:' script.gp
	assert_output '# up: 3001 events as 1501 points: 751 buckets of 4 events (the last 1), each drawn by its lowest and highest score'
	block score1 script.gp >curve
	run wc -l <curve
	assert_output 1501
	# A log of few events: each is its own bucket and point.
	record_n small.jsonl 4
	lt plot -f small.jsonl --script >small.gp
	run grep -c 'events as 4 points: 4 buckets of 1 event (the last 1),' small.gp
	assert_output 1
	# A name holding a newline (JSON lets a log write one) stays in its
	# comment: what follows the newline is not a line of the script.
	printf '{"timestamp":1795600801,"task_type":"a\\nset output \\"x\\"","performance_score":0.5,"learning_rate":0.1,"episode_count":1,"convergence_metric":0.5,"metadata":{}}\n' >nl.jsonl
	lt plot -f nl.jsonl --script >nl.gp
	run grep '^# a' nl.gp
	assert_output '# a?set output "x": 1 events as 1 points: 1 buckets of 1 event (the last 1), each drawn by its lowest and highest score'
	run grep -A1 '^# a' nl.gp
	assert_line --index 1 '$score1 << EOD'
	# and in the curve's title, where a newline would end the command
	# (gnuplot then refused the script): written as ? there too
	grep -q "title 'a?set output \"x\"'" nl.gp || fail "$(grep title nl.gp)"
	run lt plot -f nl.jsonl -o nl.png
	assert_success
	[ "$(png_magic nl.png)" = 89504e470d0a1a0a ]
}

@test "plot draws the five tasks with the most events unless told" {
	for t in a:2 b:7 c:3 d:6 e:5 f:4 g:1; do
		events run.jsonl "${t#*:}" "${t%:*}" 0.5 0.01
	done
	run lt plot -f run.jsonl --panel curves --script
	assert_success
	run sh -c "\"\$LT\" plot -f run.jsonl --panel curves --script |
	    grep -o \"title '[a-z]'\" | tr '\n' ' '"
	assert_output "title 'b' title 'c' title 'd' title 'e' title 'f' "
	run sh -c "\"\$LT\" plot -f run.jsonl --task g --task a --script |
	    grep -o \"title '[a-z]'\" | sort -u | tr '\n' ' '"
	assert_output "title 'a' title 'g' "
}

@test "plot --task restricts the histogram and the mean to the tasks named" {
	events run.jsonl 3 low 0.25 0.01
	events run.jsonl 3 high 0.75 0.01
	run sh -c "\"\$LT\" plot -f run.jsonl --task high --script | grep '^mean ='"
	assert_output 'mean = 0.75'
	run sh -c "\"\$LT\" plot -f run.jsonl --script | grep '^mean ='"
	assert_output 'mean = 0.5'
}

@test "plot --panel draws one panel alone, with no multiplot" {
	record_n run.jsonl 5
	for p in curves hist lr goals; do
		run lt plot -f run.jsonl --panel "$p" --script
		assert_success
		assert_line "# panel: $p"
		[ "$(grep -c '^# panel:' <<<"$output")" -eq 1 ]
		refute_line --partial 'multiplot'
	done
	# --panel goals says when there are none
	run lt plot -f run.jsonl --panel goals --script
	assert_line "set label 1 'no goals' at graph 0.5, graph 0.5 center"
	# with goals, the 2x2 figure
	lt goal add -f run.jsonl g --target 1 --time 1795600800
	run lt plot -f run.jsonl --script
	assert_line "set multiplot layout 2,2 title 'Learning progress'"
	assert_line '# panel: curves'
	assert_line '# panel: hist'
	assert_line '# panel: lr'
	assert_line '# panel: goals'
	refute_line --partial 'no goals'
}

@test "plot without goals has no goals panel: the curves across the top, the rest below" {
	record_n run.jsonl 5
	run lt plot -f run.jsonl --script
	assert_success
	assert_line "set multiplot title 'Learning progress'"
	refute_line '# panel: goals'
	refute_line --partial 'no goals'
	# each panel placed after its reset: curves on top, full width
	run awk '/^# panel:/ { p = $3 } /^set (origin|size) / { print p, $0 }' \
	    <<<"$output"
	assert_output 'curves set origin 0,0.47
curves set size 1,0.49
hist set origin 0,0
hist set size 0.5,0.47
lr set origin 0.5,0
lr set size 0.5,0.47'
	# and it draws
	run lt plot -f run.jsonl -o out.png
	assert_success
	run png_size out.png
	assert_output '1200 800'
}

@test "plot puts the learning rate on a log scale only past two decades" {
	events decay.jsonl 40 cls 0.5 '0.1 * 0.8 ^ i'
	run lt plot -f decay.jsonl --panel lr --script
	assert_line 'set logscale y'
	events flat.jsonl 40 cls 0.5 '0.01 + i / 10000'
	run lt plot -f flat.jsonl --panel lr --script
	refute_line 'set logscale y'
}

@test "plot formats the time axis from the span, seconds to months" {
	awk 'BEGIN { for (i = 0; i < 20; i++) printf "{\"timestamp\":%.2f,\"task_type\":\"t\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n", 1795600800 + i * 0.25, i }' >secs.jsonl
	run lt plot -f secs.jsonl --panel curves --script
	assert_line "set format x '%H:%M:%.1S' timedate"
	assert_line 'set xtics 0.5'
	assert_line "set xlabel 'time (UTC), from 2026-11-25 10:00:00'"
	# 120 days, one event a day: ticks on the first of every month.
	awk 'BEGIN { for (i = 0; i < 120; i++) printf "{\"timestamp\":%d,\"task_type\":\"t\",\"performance_score\":0.5,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":0.1,\"metadata\":{}}\n", 1780000000 + i * 86400, i }' >months.jsonl
	run lt plot -f months.jsonl --panel curves --script
	assert_line "set format x '%d %b' timedate"
	# 2026-06-01, 07-01, 08-01, 09-01 UTC
	assert_line 'set xtics (1780272000, 1782864000, 1785542400, 1788220800)'
}

@test "plot -o FILE.png writes a PNG of the size asked" {
	record_n run.jsonl 50
	run lt plot -f run.jsonl -o out.png --size 640x480
	assert_success
	assert_output ''
	run png_magic out.png
	assert_output 89504e470d0a1a0a
	run png_size out.png
	assert_output '640 480'
}

@test "plot -o FILE.svg writes SVG that parses as XML" {
	record_n run.jsonl 50
	run lt plot -f run.jsonl -o out.svg --size 800x500
	assert_success
	python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' out.svg
	grep -q 'width="800" height="500"' out.svg
}

@test "plot -o FILE.pdf writes a PDF" {
	record_n run.jsonl 50
	run lt plot -f run.jsonl -o out.pdf
	assert_success
	run head -c 4 out.pdf
	assert_output '%PDF'
}

@test "plot writes PNG on standard output when it is not a terminal" {
	record_n run.jsonl 20
	lt plot -f run.jsonl --size 300x200 >out.bin
	run png_magic out.bin
	assert_output 89504e470d0a1a0a
	run png_size out.bin
	assert_output '300 200'
}

@test "plot --terminal dumb draws axes, titles and the legend in text" {
	record_n run.jsonl 30 training
	run lt plot -f run.jsonl --terminal dumb --size 120x40
	assert_success
	assert_output --partial 'Learning progress'
	assert_output --partial 'Learning curves'
	assert_output --partial 'performance score'
	assert_output --partial 'training'
	assert_output --partial 'Learning rate'
	refute_output --partial 'Goal completion'
	assert_output --partial '+----'
	[ "$(wc -l <<<"$output")" -eq 40 ]
	lt goal add -f run.jsonl g --target 1 --time 1795600800
	run lt plot -f run.jsonl --terminal dumb --size 120x40
	assert_output --partial 'Goal completion'
}

@test "plot reads the log from standard input" {
	record_n run.jsonl 3
	lt plot -f - --panel curves --script <run.jsonl >script.gp
	run block score1 script.gp
	assert_output '1795600801 0.333333
1795600802 0.666667
1795600803 1'

}

@test "plot draws a Keras CSVLogger run recorded as events" {
	# Each epoch an event, an hour apart: accuracy as the score, lr.
	tr -d '\r' <"$FIXTURES/keras-csvlogger/brats2020-unet-training.log" |
	    awk -F, 'NR > 1 { printf "{\"timestamp\":%d,\"task_type\":\"brats\",\"performance_score\":%s,\"learning_rate\":%s,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600800 + $1 * 3600, $2, $5, $1, $4 }' |
	    lt record --batch --no-sync -f keras.jsonl
	run lt plot -f keras.jsonl --script
	assert_success
	# lr falls from 1e-3 to 1e-6: three decades.
	assert_line 'set logscale y'
	[ "$(block score1 <(echo "$output") | wc -l)" -eq 24 ]
	run lt plot -f keras.jsonl -o keras.png --smooth 0.6
	assert_success
	run png_size keras.png
	assert_output '1200 800'
}

@test "plot reports a missing gnuplot and leaves no file behind" {
	record_n run.jsonl 5
	LT_GNUPLOT=/nonexistent run lt plot -f run.jsonl -o out.png
	assert_failure 2
	assert_output --partial 'lt plot: cannot run gnuplot "/nonexistent"'
	run ls -A
	assert_output 'run.jsonl'
}

@test "plot reports a failing gnuplot with its message and keeps the old file" {
	record_n run.jsonl 5
	printf '#!/bin/sh\ncat >/dev/null\necho "PNG garbage"\necho "line 3: bad news" >&2\nexit 1\n' >fake
	chmod +x fake
	echo old >out.png
	before=$(checksum run.jsonl out.png)
	LT_GNUPLOT=./fake run lt plot -f run.jsonl -o out.png
	assert_failure 2
	assert_output 'lt plot: gnuplot "./fake" failed: line 3: bad news'
	[ "$(checksum run.jsonl out.png)" = "$before" ]
	run ls -A
	assert_output 'fake
out.png
run.jsonl'
}

@test "plot -o ended by SIGINT or SIGTERM removes its temporary and keeps the old file" {
	record_n run.jsonl 5
	echo old >out.png
	for sig in INT TERM; do
		# A gnuplot that signals lt once it is running, so the
		# temporary .out.png.XXXXXX exists for certain.
		printf '#!/bin/sh\nkill -%s $PPID\ncat >/dev/null\n' "$sig" >fake
		chmod +x fake
		LT_GNUPLOT=./fake run env --default-signal=INT,TERM "$LT" plot \
		    -f run.jsonl -o out.png
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ] ||
		    fail "$sig: exit $status"
		[ "$(cat out.png)" = old ]
		run ls -A
		assert_output 'fake
out.png
run.jsonl'
	done
}

@test "plot reports a gnuplot that writes nothing" {
	record_n run.jsonl 5
	printf '#!/bin/sh\ncat >/dev/null\n' >fake
	chmod +x fake
	LT_GNUPLOT=./fake run lt plot -f run.jsonl -o out.png
	assert_failure 2
	assert_output 'lt plot: gnuplot "./fake" wrote nothing'
	[ ! -e out.png ]
}

@test "plot reports an unwritable output path" {
	record_n run.jsonl 5
	run lt plot -f run.jsonl -o nodir/out.png
	assert_failure 2
	assert_output 'lt plot: cannot write "nodir/out.png": No such file or directory'
}

@test "plot rejects an unknown extension without running gnuplot" {
	record_n run.jsonl 5
	run lt plot -f run.jsonl -o out.gif
	assert_failure 2
	assert_line --index 0 --partial 'lt plot: cannot tell the format of "out.gif"'
	[ ! -e out.gif ]
	# --terminal names the format whatever the name.
	run lt plot -f run.jsonl -o out.txt --terminal dumb --size 80x24
	assert_success
	grep -q 'Learning curves' out.txt
}

@test "plot rejects a log with no events and a task that is not there" {
	: >empty.jsonl
	run lt plot -f empty.jsonl -o out.png
	assert_failure 2
	assert_output 'lt plot: no events to plot'
	record_n run.jsonl 5
	before=$(checksum run.jsonl)
	run lt plot -f run.jsonl --task nope -o out.png
	assert_failure 2
	assert_output 'lt plot: task "nope" has no events in the log'
	[ "$(checksum run.jsonl)" = "$before" ]
	run ls -A
	assert_output 'empty.jsonl
run.jsonl'
}

@test "plot rejects bad option values" {
	record_n run.jsonl 5
	run lt plot -f run.jsonl --size 100 --script
	assert_failure 2
	assert_line --index 0 --partial 'size "100" is not WxH'
	run lt plot -f run.jsonl --smooth 1 --script
	assert_failure 2
	assert_line --index 0 'lt plot: --smooth "1" is not a number in [0, 1)'
	run lt plot -f run.jsonl --panel pie --script
	assert_failure 2
	assert_line --index 0 'lt plot: --panel "pie" is not curves, hist, lr or goals'
	run lt plot -f run.jsonl --terminal x11
	assert_failure 2
	run lt plot --bogus
	assert_failure 2
	assert_line --index 0 "lt plot: unknown option '--bogus'"
}

@test "plot --help prints the usage on standard output" {
	run lt plot --help
	assert_success
	assert_line --index 0 'usage: lt plot [-o FILE] [--terminal png|svg|pdf|dumb]'
}

@test "plot draws each goal as a bar coloured by its completion" {
	record_n run.jsonl 10
	lt goal add -f run.jsonl low --target 0.9 --time 1795600800
	lt goal update -f run.jsonl low 0.3 --time 1795600801
	lt goal add -f run.jsonl half --target 0.8 --time 1795600800
	lt goal update -f run.jsonl half 0.4 --time 1795600801
	lt goal add -f run.jsonl almost --target 100 --time 1795600800
	lt goal update -f run.jsonl almost 99.97 --time 1795600801
	# Linked: cls's latest score is 10/10, past its target.
	lt goal add -f run.jsonl done --target 0.95 --task cls \
	    --metric performance_score --time 1795600800
	run lt plot -f run.jsonl --panel goals --script
	assert_success
	echo "$output" >script.gp
	# The first goal on top: rows go bottom up.  0.3 / 0.9 = 33.3 %,
	# 0.4 / 0.8 = 50 %, 99.97 % shown truncated, not as done.
	run block goals script.gp
	assert_output '"done" 100 0x2ca02c "100%"
"almost" 99.97 0xff7f0e "99.9%"
"half" 50 0xff7f0e "50%"
"low" 33.33333333333333 0xd62728 "33.3%"'
	run grep -c 'with boxxyerror fc rgb variable' script.gp
	assert_output 1
	run grep -c "no goals" script.gp
	assert_output 0
}

@test "plot takes the goals log from --goals and \$LT_GOALS" {
	record_n run.jsonl 5
	lt goal add --goals other.goals.jsonl g1 --target 2 --time 1795600800
	lt goal update --goals other.goals.jsonl g1 1 --time 1795600801
	run sh -c '"$LT" plot -f run.jsonl --goals other.goals.jsonl --panel goals --script | grep "^\"g1\""'
	assert_output '"g1" 50 0xff7f0e "50%"'
	run sh -c 'LT_GOALS=other.goals.jsonl "$LT" plot -f run.jsonl --panel goals --script | grep "^\"g1\""'
	assert_output '"g1" 50 0xff7f0e "50%"'
	run sh -c '"$LT" plot -f run.jsonl --panel goals --script | grep -c "no goals"'
	assert_output 1
}

@test "plot draws in text sized to the terminal when standard output is one" {
	command -v script >/dev/null || skip "script(1) is not installed"
	record_n run.jsonl 20
	# A pseudo-terminal of 100x31: the figure takes 100x30, a line is
	# left for the prompt.
	script -qc "stty cols 100 rows 31; \"$LT\" plot -f run.jsonl" /dev/null |
	    tr -d '\r\f' >screen
	run awk '{ if (length($0) > m) m = length($0) } END { print NR, m }' screen
	assert_output '30 100'
	grep -q 'Learning curves' screen
}

# seeds: three runs of 5 events at each a day apart: run r's score at its
# episode i (1..5) is (10 r + i) / 100, its time 1795600800 + r days + i
# minutes.
seeds() {
	awk 'BEGIN { for (r = 1; r <= 3; r++) for (i = 1; i <= 5; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"seed%d\",\"performance_score\":%.17g,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{\"loss\":%.17g}}\n", 1795600800 + r * 86400 + i * 60, r, (10 * r + i) / 100, i, 1 - i / 10 }' >"$1"
}

@test "plot --x elapsed overlays runs of different days from 0, --x episode by step" {
	seeds run.jsonl
	run lt plot -f run.jsonl --panel curves --x elapsed --script
	assert_success
	echo "$output" >script.gp
	# each run from its own first event: 0, 60, ..., 240 seconds
	for k in 1 2 3; do
		run block "score$k" script.gp
		assert_output "0 0.$k$(printf '1')
60 0.${k}2
120 0.${k}3
180 0.${k}4
240 0.${k}5"
	done
	grep -qx "set format x '%tM:%tS' time" script.gp
	grep -qx 'set xrange \[0:240\]' script.gp
	grep -qx "set xlabel 'time since each run''s first event (m:ss)'" script.gp
	run lt plot -f run.jsonl --panel curves --x episode --script
	echo "$output" >script.gp
	run block score2 script.gp
	assert_output '1 0.21
2 0.22
3 0.23
4 0.24
5 0.25'
	grep -qx "set xlabel 'episode'" script.gp
	grep -qx 'set xrange \[1:5\]' script.gp
	run lt plot -f run.jsonl --x elapsed -o out.png
	assert_success
	# an hour or more: h:mm
	events long.jsonl 2 t 0.5 0.01
	events long.jsonl 1 t 0.5 0.01
	sed -i '3s/"timestamp":1795600801/"timestamp":1795605000/' long.jsonl
	run lt plot -f long.jsonl --panel curves --x elapsed --script
	assert_line "set format x '%tH:%tM' time"
	assert_line "set xlabel 'time since each run''s first event (h:mm)'"
	run lt plot -f run.jsonl --x hours --script
	assert_failure 2
	assert_line --index 0 'lt plot: --x "hours" is not time, elapsed or episode'
	# the forecast is of the score against the time or the episode
	for opt in '--x elapsed' '--metric loss'; do
		# shellcheck disable=SC2086
		run lt plot -f run.jsonl --forecast $opt --script
		assert_failure 2
		assert_line --index 0 'lt plot: --forecast continues the score against the time or the episode: not with --metric, nor --x elapsed'
	done
	run lt plot -f run.jsonl --forecast --x episode --script
	assert_success
}

@test "plot --metric draws a metadata key or field instead of the score" {
	seeds run.jsonl
	run lt plot -f run.jsonl --metric loss --x episode --script
	assert_success
	echo "$output" >script.gp
	run block score1 script.gp
	assert_output '1 0.9
2 0.8
3 0.7
4 0.6
5 0.5'
	grep -qx "set ylabel 'loss'" script.gp
	grep -qx "set xlabel 'loss'" script.gp
	grep -qx "title = 'Distribution of loss'" script.gp
	# the mean of the histogram is the metric's: (0.9 + ... + 0.5) / 5
	grep -qx 'mean = 0.7' script.gp
	run lt plot -f run.jsonl --metric episode_count --panel curves --script
	assert_success
	run lt plot -f run.jsonl --metric nothing --script
	assert_failure 2
	assert_output 'lt plot: no event has a number for nothing'
	run lt plot -f run.jsonl --metric nothing --task seed1 --script
	assert_failure 2
	assert_output 'lt plot: task "seed1" has no event with a number for nothing'
	run lt plot -f run.jsonl --metric task_type --script
	assert_failure 2
}

@test "plot puts the legend outside the data, once" {
	seeds run.jsonl
	run lt plot -f run.jsonl --script
	assert_line 'set key outside right top vertical Left reverse samplen 2 box'
	[ "$(grep -c '^set key' <<<"$output")" -eq 1 ]
	assert_line 'unset key'
	run lt plot -f run.jsonl --panel lr --script
	assert_line 'set key outside right top vertical Left reverse samplen 2 box'
	run lt plot -f run.jsonl --terminal dumb --script
	assert_line 'set key above horizontal samplen 2'
	# with goals the curves are a quarter of the figure: the legend
	# goes below them, not beside, where it took half their width
	lt goal add g1 --target 0.9 -f run.jsonl
	run lt plot -f run.jsonl --script
	assert_line 'set key outside below center horizontal Left reverse samplen 2'
	[ "$(grep -c '^set key' <<<"$output")" -eq 1 ]
	run lt plot -f run.jsonl --panel curves --script
	assert_line 'set key outside right top vertical Left reverse samplen 2 box'
}

@test "plot says when it draws fewer tasks than the log has" {
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		events run.jsonl 3 "t$i" 0.5 0.01
	done
	run lt plot -f run.jsonl --panel curves --script
	assert_line "set title 'Learning curves: 5 of 11 tasks (--task to choose)'"
	[ "$(grep -c '^\$score[0-9]* <<' <<<"$output")" -eq 5 ]
	run lt plot -f run.jsonl --panel curves --script --task t1 --task t2
	assert_line "set title 'Learning curves'"
	events small.jsonl 3 only 0.5 0.01
	run lt plot -f small.jsonl --panel curves --script
	assert_line "set title 'Learning curves'"
}

@test "plot spans its x axis over the tasks it draws, not the ones left out" {
	# five tasks of 4 events at 1795600801..4, episodes 1..4; two of 2
	# events ten days later, episodes 101..102, not drawn
	for i in 1 2 3 4 5; do
		events run.jsonl 4 "t$i" 0.5 0.01
	done
	awk 'BEGIN { for (k = 6; k <= 7; k++) for (i = 1; i <= 2; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"t%d\",\"performance_score\":0.5,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 864000 + i, k, 100 + i }' >>run.jsonl
	run lt plot -f run.jsonl --panel curves --script
	assert_line "set title 'Learning curves: 5 of 7 tasks (--task to choose)'"
	assert_line 'set xrange [1795600801:1795600804]'
	run lt plot -f run.jsonl --panel curves --x episode --script
	assert_line 'set xrange [1:4]'
	# with them, ten days: a tick a day (86400 s), each date read once
	run lt plot -f run.jsonl --panel curves --task t1 --task t6 --script
	assert_line 'set xrange [1795600801:1796464802]'
	assert_line "set format x '%d %b' timedate"
	assert_line 'set xtics 86400'
}

@test "plot gives a constant learning rate one tick, at its value" {
	seeds run.jsonl
	run lt plot -f run.jsonl --panel lr --script
	assert_line 'set ytics (0.001)'
	assert_line "set format y '%g'"
	events decay.jsonl 40 cls 0.5 '0.1 * 0.8 ^ i'
	run lt plot -f decay.jsonl --panel lr --script
	refute_line --partial 'set ytics ('
}

@test "plot --group draws each group's mean in its band, as lt compare --curves gives it" {
	seeds a.jsonl
	seeds b.jsonl
	sed 's/seed\([0-9]\)/other\1/' b.jsonl >c.jsonl
	cat a.jsonl c.jsonl >both.jsonl
	run lt plot -f both.jsonl --group 'a=seed*' --group 'c=other1,other2' \
	    --script
	assert_success
	echo "$output" >script.gp
	# the band's data: episode, mean, lo, hi of lt compare --curves
	lt compare -f both.jsonl --group 'a=seed*' --group 'c=other1,other2' \
	    --curves --tsv | awk -F '\t' '$1 == "a" { print $2, $4, $6, $7 }' \
	    >want
	block band1 script.gp >got
	diff -u want got
	# other1 and other2 at episode 1: (0.11 + 0.21) / 2
	block band2 script.gp | awk 'NR == 1 { d = $2 - 0.16
	    exit !($1 == 1 && d * d < 1e-30) }'
	grep -q "using 1:3:4 with filledcurves fc rgb '#1f77b4' fs transparent solid 0.2 noborder notitle" script.gp
	grep -q "title 'a (3 runs)'" script.gp
	grep -q "title 'c (2 runs)'" script.gp
	grep -qx "set ylabel 'performance_score (higher is better)'" script.gp
	grep -qx "set title 'Mean across runs, with its 95 % interval'" script.gp
	run lt plot -f both.jsonl --group 'a=seed*' --group 'c=other*' -o bands.png
	assert_success
	run png_size bands.png
	assert_output '1200 800'
	run lt plot -f both.jsonl --group 'a=seed*' --terminal dumb --size 80x24
	assert_success
	assert_output --partial 'a (3 runs)'
	# logs as runs
	run lt plot --group 'a=a.jsonl,b.jsonl' --task seed1 --script
	assert_success
}

@test "plot --group refuses what it cannot draw, and a group without runs" {
	seeds run.jsonl
	for opt in '--metric loss' '--smooth 0.5' '--panel lr' '--x time' \
	    '--task seed1 --task seed2' '--goals g.jsonl' '--since 1795600800' \
	    '--forecast'; do
		# shellcheck disable=SC2086
		run lt plot -f run.jsonl --group 'a=seed*' $opt --script
		assert_failure 2
		assert_line --index 0 --partial 'lt plot: --group draws the groups'
	done
	run lt plot -f run.jsonl --group 'a=nothing*' --script
	assert_failure 2
	assert_output 'lt plot: group "a": no task of "run.jsonl" matches "nothing*"'
	run lt plot --group 'a=none*.jsonl' --script
	assert_failure 2
	assert_output 'lt plot: group "a": no log matches "none*.jsonl"'
	run lt plot -f run.jsonl --group 'a=seed1' --script
	assert_failure 2
	assert_output 'lt plot: one run only (task "seed1" of "run.jsonl"): a mean across runs needs two or more'
}

@test "plot labels the mean on the side of its line with room for the label" {
	# nine scores of 0.9 and one of 0: mean 0.81, in the right quarter
	events right.jsonl 10 cls '(i == 1 ? 0 : 0.9)' 0.01
	run lt plot -f right.jsonl --panel hist --script
	assert_line --partial "graph 0.93 right offset -2,0 tc rgb '#d62728'"
	# the mirror: mean 0.09
	events left.jsonl 10 cls '(i == 1 ? 0.9 : 0)' 0.01
	run lt plot -f left.jsonl --panel hist --script
	assert_line --partial "graph 0.93 left offset 2,0 tc rgb '#d62728'"
}

# saturating FILE TASK N: N events a minute apart from 1795600800,
# episodes 0..N-1, score 0.92 - 0.5 exp(-0.08 (episode + 1)) plus a small
# fixed noise.
saturating() {
	awk -v n="$3" -v task="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 60 * i, task, 0.92 - 0.5 * exp(-0.08 * (i + 1)) + 0.002 * (((i * 37) % 17) - 8) / 8, i
	}' >>"$1"
}

@test "plot --forecast continues a curve with its fitted curve and band, to a goal's target" {
	saturating run.jsonl cls 40
	saturating run.jsonl few 6
	lt goal -f run.jsonl add acc --target 0.915 --task cls \
	    --metric performance_score --time 1795600800
	lt plot -f run.jsonl --forecast --panel curves --script >script.gp
	block fc1 script.gp >fc
	# The curve is the forecast's, from the last point (10:39) on: each
	# row's y is a - b exp(-c x) of lt forecast --x time's parameters at
	# x = t - x_origin, and lies inside its band.
	p=$(lt forecast cls --x time --json -f run.jsonl | jq -r \
	    '[.parameters.a, .parameters.b, .parameters.c, .x_origin] | @tsv')
	run awk -v p="$p" 'BEGIN { split(p, q, "\t") }
	    { y = q[1] - q[2] * exp(-q[3] * ($1 - q[4])); d = $2 - y
	      if (d > 1e-12 || d < -1e-12 || !($3 < $2 && $2 < $4)) bad++
	      if (NR == 1) first = $1; last = $1 }
	    END { print NR, bad + 0, first, last }' fc
	# 200 points from the last event (1795603140) to the end: half the
	# span (2340 s) past it would be 1795604310, but the curve reaches
	# 0.915 later, where lt forecast --target says (about episode 56.6,
	# ln(0.5 / 0.005) / 0.08 - 1 by the true curve), so the end is a
	# twentieth of the span past that.
	read -r n bad first last <<<"$output"
	[ "$n" = 200 ] && [ "$bad" = 0 ] && [ "$first" = 1795603140 ]
	end=$(lt forecast cls --x time --target 0.915 --json -f run.jsonl |
	    jq '.target.timestamp + 2340 / 20')
	awk -v g="$last" -v w="$end" 'BEGIN { exit !(g - w < 1e-6 && w - g < 1e-6) }'
	awk -v w="$end" 'BEGIN { exit !(w > 1795604310) }'
	grep -qF "\$fc1 using 1:3:4 with filledcurves fc rgb '#9ac1dd' fs transparent solid 0.35 noborder notitle" script.gp
	grep -q "\$fc1 using 1:2 with lines lt 1 dt 2 lw 2 lc rgb '#1f77b4' title 'cls forecast: exp, asymptote 0.9198 \[0.9184, 0.9212\]'" script.gp
	# The goal's target, dotted and named; the task without a forecast
	# says why.
	grep -q "0.915 with lines dt 3 lw 1.5 lc rgb '#555555' notitle" script.gp
	grep -q "^set label 'goal acc: 0.915' at graph 0.01, first 0.915" script.gp
	grep -q "NaN with lines lt 2 dt 2 lw 2 lc rgb '#ff7f0e' title 'few: no forecast, 6 points; a forecast needs at least 8'" script.gp
	# The x range runs to the forecast's end.
	grep -qF "set xrange [1795600800:$last]" script.gp
	# Without --forecast, nothing of it.
	lt plot -f run.jsonl --panel curves --script >plain.gp
	run grep -c 'fc1\|goal acc' plain.gp
	assert_output 0
	grep -q "^set xrange \[1795600800:1795603140\]" plain.gp
}

@test "plot --forecast draws the figure and the text" {
	saturating run.jsonl cls 40
	lt plot -f run.jsonl --forecast -o fc.png --size 800x600
	[ "$(png_size fc.png)" = "800 600" ]
	run lt plot -f run.jsonl --forecast --terminal dumb --size 100x30 \
	    --panel curves
	assert_success
	assert_output --partial 'cls forecast (exp)'
}

@test "plot --since and --until draw only the events in the span" {
	record_n run.jsonl 6
	# events at 1795600801 ... 1795600806, scores i/6 as awk's %.6g
	# writes them: the span keeps the 2nd to the 4th
	run lt plot -f run.jsonl --since 1795600802 --until 1795600804 --script
	assert_success
	echo "$output" >script.gp
	run block score1 script.gp
	assert_output '1795600802 0.333333
1795600803 0.5
1795600804 0.666667'
	# (0.333333 + 0.5 + 0.666667) / 3
	run grep -x 'mean = 0.5' script.gp
	assert_success
}

@test "plot takes logs as operands, with or without a --" {
	record_n a.jsonl 2
	run lt plot --script a.jsonl
	assert_success
	[ "$(printf '%s\n' "$output" | block score1 /dev/stdin | wc -l)" -eq 2 ]
	run lt plot --script -- a.jsonl
	assert_success
}

@test "plot refuses a goals log named by --goals that does not exist" {
	record_n run.jsonl 2
	run --separate-stderr lt plot -f run.jsonl --goals nope.jsonl --script
	assert_failure 2
	[ "$stderr" = 'lt plot: nope.jsonl: cannot open the goals log: No such file or directory' ]
}

@test "plot --strict refuses a bad line, which it otherwise skips" {
	record_n run.jsonl 3
	printf 'not json\n' >>run.jsonl
	run --separate-stderr lt plot -f run.jsonl --script --strict
	assert_failure 2
	assert_output ''
	[[ $stderr == 'lt plot: run.jsonl:4: '* ]]
	run --separate-stderr lt plot -f run.jsonl --script
	assert_success
	[[ $stderr == *'lt plot: warning: 1 bad line skipped' ]]
}

@test "plot labels a min task's axis with its score name and marks its lowest point, as the max task's highest" {
	mirror_logs
	lt plot -f min.jsonl --script >min.gp
	lt plot -f max.jsonl --script >max.gp
	grep -qx "set ylabel 'error'" min.gp
	grep -qx "set xlabel 'error'" min.gp
	# a log without a tasks file: the axis as it always was
	grep -qx "set ylabel 'performance score'" max.gp
	# the best point: 0.2 and 0.8, both at episode 30, 10:30:00 UTC
	# (mirror_logs), in local seconds as every point of the script
	[ "$(block best1 min.gp)" = "1795602600 0.2" ]
	[ "$(block best1 max.gp)" = "1795602600 0.8" ]
	grep -q '\$best1 using 1:2 with points' min.gp
	# --mode max marks the min task's highest error instead
	lt plot -f min.jsonl --mode max --script >mode.gp
	[ "$(block best1 mode.gp)" = "1795600860 0.484" ]
	lt plot -f min.jsonl -o min.png
	[ "$(png_size min.png)" = "1200 800" ]
}

@test "plot draws a histogram per score name, never one pooled across names" {
	mirror_logs
	cp max.jsonl mix.jsonl
	sed 's/"acc"/"err"/' min.jsonl >>mix.jsonl
	printf '%s\n' '{"time":1,"task":"err","direction":"min","score_name":"error"}' \
	    >mix.tasks.jsonl
	lt plot -f mix.jsonl --script >mix.gp
	# 40 accuracies in $hist, 40 errors in $hist2, each in 30 bins
	[ "$(block hist mix.gp | awk '{ n += $2 } END { print n }')" = 40 ]
	[ "$(block hist2 mix.gp | awk '{ n += $2 } END { print n }')" = 40 ]
	grep -qx "set xlabel 'performance score'" mix.gp
	grep -qx "set xlabel 'error'" mix.gp
	grep -qx "set ylabel 'score: performance_score, error'" mix.gp
	# curves, two histograms and the rate: two by two, no empty goals
	grep -qx "set multiplot layout 2,2 title 'Learning progress'" mix.gp
	! grep -q 'panel: goals' mix.gp
	lt plot -f mix.jsonl --panel hist --script >hist.gp
	grep -qx "set multiplot layout 2,1" hist.gp
	lt plot -f mix.jsonl -o mix.png
	[ "$(png_size mix.png)" = "1200 800" ]
}
