#!/usr/bin/env bats
# lt serve: the dashboard over HTTP, each test with its own server on a
# free loopback port, stopped at the end.

load test_helper
load serve_helper

# The sample: two tasks of 30 events (scores by awk), a bad line, a goal
# linked to cls and one updated by hand.
sample() {
	awk 'BEGIN { for (i = 1; i <= 30; i++) {
		printf "{\"timestamp\":%d,\"task_type\":\"cls\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600800 + 2 * i, 0.5 + i / 100, i, 1 / i
		printf "{\"timestamp\":%d,\"task_type\":\"det\",\"performance_score\":%s,\"learning_rate\":0.001,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600801 + 2 * i, 0.2 + (i % 7) / 50, i, 0.005
	} }' >run.jsonl
	lt goal add acc --target 0.9 --task cls --metric performance_score \
	    --time 1795600800 -f run.jsonl
	lt goal add manual --target 100 --time 1795600800 -f run.jsonl
	lt goal update manual 40 --time 1795600900 -f run.jsonl
}

# same ROUTE COMMAND...: the route's body is the command's output.
same() {
	local route=$1
	shift
	curl -sS -o route.out "${URL}api/learning/$route"
	"$@" >cmd.out
	diff -u cmd.out route.out
}

# status METHOD PATH: the status code of a request.
status() {
	curl -sS --path-as-is -o body.out -w '%{http_code}' -X "$1" "$URL${2#/}"
}

@test "serve answers each route with its command's JSON, byte for byte" {
	sample
	export SOURCE_DATE_EPOCH=1795700000
	start_server -f run.jsonl
	same metrics lt metrics -f run.jsonl --json
	same report lt report -f run.jsonl --json
	same goals lt goal summary -f run.jsonl --json
	same trend lt trend -f run.jsonl --json
	same 'trend?task=det' lt trend det -f run.jsonl --json
	same 'trend?task=cls&window=10' lt trend cls --window 10 -f run.jsonl --json
	same 'curve?task=cls' lt curve cls -f run.jsonl --json
	same 'curve?task=cls&smooth=ema:0.6&window=7' \
	    lt curve cls --smooth ema:0.6 --window 7 -f run.jsonl --json
	same 'curve?task=det&smooth=median:3' \
	    lt curve det --smooth median:3 -f run.jsonl --json
	# The linked goal follows cls: its latest score is 0.5 + 30/100.
	jq -e '.goals[0].current_performance == 0.8' route.out >/dev/null ||
	    jq -e '.goals[0].current_performance == 0.8' <(curl -sS \
	    "${URL}api/learning/goals")
}

@test "serve follows the log as it grows or is compacted, reading only what was appended" {
	sample
	printf 'not an event\n' >>run.jsonl
	export SOURCE_DATE_EPOCH=1795700000
	start_server -f run.jsonl
	same report lt report -f run.jsonl --json
	awk 'BEGIN { for (i = 31; i <= 40; i++) printf "{\"timestamp\":%d,\"task_type\":\"cls\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 2 * i, 0.5 + i / 100, i }' |
	    lt record --batch --no-sync -f run.jsonl
	same report lt report -f run.jsonl --json 2>/dev/null
	same metrics lt metrics -f run.jsonl --json 2>/dev/null
	same 'curve?task=cls&smooth=0.6' lt curve cls --smooth 0.6 -f run.jsonl --json 2>/dev/null
	same goals lt goal summary -f run.jsonl --json 2>/dev/null
	# The bad line (61) was read once: a server that read the whole log
	# again at each request would have warned of it at each.
	[ "$(grep -c 'run.jsonl:61:' serve.err)" -eq 1 ]
	# lt compact renames a new log over it: read again from its start.
	lt compact --max-history 15 -f run.jsonl 2>/dev/null
	same report lt report -f run.jsonl --json
	same metrics lt metrics -f run.jsonl --json
	same 'trend?task=cls' lt trend cls -f run.jsonl --json
}

@test "serve reads each task in its direction, and again when a tasks file changes" {
	sample
	export SOURCE_DATE_EPOCH=1795700000
	# det's scores read as an error rate: lower is better.
	lt task set det --mode min --score-name err -f run.jsonl 2>/dev/null
	start_server -f run.jsonl
	same report lt report -f run.jsonl --json
	same metrics lt metrics -f run.jsonl --json
	same 'trend?task=det' lt trend det -f run.jsonl --json
	same 'curve?task=det' lt curve det -f run.jsonl --json
	# det's best, lowest, is 0.2 (i = 7: 0.2 + 0/50), its 7th point
	jq -e '.direction == "min" and .score_name == "err" and
	    .best == 6 and .scores[.best] == 0.2' route.out >/dev/null ||
	    fail "$(cat route.out)"
	# Changed while serving: the states read every event again as max.
	lt task set det --mode max -f run.jsonl 2>/dev/null
	same report lt report -f run.jsonl --json
	same 'trend?task=det' lt trend det -f run.jsonl --json
	same 'curve?task=det' lt curve det -f run.jsonl --json
	# and its best, highest, 0.32 (i = 6: 0.2 + 6/50), its 6th point
	jq -e '.direction == "max" and .best == 5 and .scores[.best] == 0.32' \
	    route.out >/dev/null || fail "$(cat route.out)"
}

@test "serve merges several logs by time as the commands do, also as they grow" {
	sample
	awk 'BEGIN { for (i = 1; i <= 12; i++) printf "{\"timestamp\":%s,\"task_type\":\"rl\",\"performance_score\":%s,\"learning_rate\":0.1,\"episode_count\":%d,\"convergence_metric\":1,\"metadata\":{}}\n", 1795600800 + 5 * i + 0.5, i / 12, i }' >two.jsonl
	export SOURCE_DATE_EPOCH=1795700000
	start_server -f run.jsonl -f two.jsonl
	same report lt report -f run.jsonl -f two.jsonl --json
	# Appended to the second log, before the last event of the first:
	# the server reads both again, and the numbers stay the commands'.
	lt record -f two.jsonl -t rl -s 0.25 -r 0.1 -e 13 -c 1 \
	    --time 1795600850 --no-sync
	same report lt report -f run.jsonl -f two.jsonl --json
	same metrics lt metrics -f run.jsonl -f two.jsonl --json
	lt record -f run.jsonl -t cls -s 0.75 -r 0.01 -e 31 -c 1 \
	    --time 1795601000 --no-sync
	same report lt report -f run.jsonl -f two.jsonl --json
}

@test "serve reads the goals log --goals names, and a bad line with --strict is trouble" {
	sample
	mv run.goals.jsonl elsewhere.jsonl
	start_server -f run.jsonl --goals elsewhere.jsonl
	same goals lt goal summary -f run.jsonl --goals elsewhere.jsonl --json
	# acc and manual, none completed
	jq -e '.total_goals == 2 and .completed_goals == 0' route.out
	kill "$SERVER_PID"
	wait "$SERVER_PID" || true
	# manual: 40 at ...900, 60 at ...1000; its line reaches 100 at
	# 1795601200, an estimate before that time and past after it.
	lt goal update manual 60 --time 1795601000 -f run.jsonl \
	    --goals elsewhere.jsonl
	for now in 1795601100 1795601300; do
		export SOURCE_DATE_EPOCH=$now
		start_server -f run.jsonl --goals elsewhere.jsonl
		same goals lt goal summary -f run.jsonl --goals elsewhere.jsonl --json
		kill "$SERVER_PID"
		wait "$SERVER_PID" || true
		jq -r '.goals[1] | "\(.estimate) \(.estimated_completion_time)"' \
		    route.out >>estimates
	done
	[ "$(cat estimates)" = 'line 1795601200
past null' ]
	printf 'not an event\n' >>run.jsonl
	run lt serve -f run.jsonl --strict --listen 127.0.0.1:0
	assert_failure 2
	assert_output --partial 'run.jsonl:61:'
}

@test "serve refuses other methods, other paths, unknown tasks and bad parameters" {
	sample
	start_server -f run.jsonl
	[ "$(status POST /api/learning/metrics)" = 405 ]
	curl -sS -i -X DELETE "${URL}api/learning/goals" | tr -d '\r' |
	    grep -qx 'Allow: GET, HEAD'
	[ "$(status PUT /)" = 405 ]
	jq -e '.error | test("only reads")' body.out
	[ "$(status GET /nothing)" = 404 ]
	jq -e '.error | test("no such page")' body.out
	[ "$(status GET /api/learning/metrics/)" = 404 ]
	[ "$(status GET /../../etc/passwd)" = 404 ]
	[ "$(status GET /%2e%2e/%2e%2e/etc/passwd)" = 404 ]
	[ "$(status GET /api/learning/metrics%00/../report)" = 404 ]
	[ "$(status GET /index.html)" = 404 ]
	[ "$(status GET '/api/learning/trend?task=nope')" = 404 ]
	jq -e '.error == "no events of task \"nope\""' body.out
	[ "$(status GET '/api/learning/curve?task=nope')" = 404 ]
	[ "$(status GET '/api/learning/curve')" = 400 ]
	jq -e '.error | test("task")' body.out
	[ "$(status GET '/api/learning/curve?task=cls&window=ten')" = 400 ]
	jq -e '.error | test("window \"ten\"")' body.out
	[ "$(status GET '/api/learning/curve?task=cls&window=0')" = 400 ]
	[ "$(status GET '/api/learning/trend?window=-1')" = 400 ]
	[ "$(status GET '/api/learning/curve?task=cls&smooth=bogus:1')" = 400 ]
	jq -e '.error | test("smooth \"bogus:1\"")' body.out
	[ "$(status GET '/api/learning/metrics?verbose=1')" = 400 ]
	jq -e '.error == "unknown parameter \"verbose\""' body.out
	[ "$(status GET '/api/learning/trend?task=cls&task=det')" = 400 ]
	# Still serving after all that.
	[ "$(status GET /api/learning/metrics)" = 200 ]
}

@test "serve sets its headers, answers HEAD without a body, and refuses an over-long URL" {
	sample
	start_server -f run.jsonl
	curl -sS -D head.txt -o /dev/null "${URL}api/learning/report"
	tr -d '\r' <head.txt >h
	grep -qx 'Content-Type: application/json' h
	grep -qx 'Cache-Control: no-store' h
	grep -qx 'X-Content-Type-Options: nosniff' h
	curl -sS -D head.txt -o page.html "$URL"
	tr -d '\r' <head.txt >h
	grep -qx 'Content-Type: text/html; charset=utf-8' h
	grep -q "^Content-Security-Policy: default-src 'none';" h
	grep -q '<main id="app"' page.html
	curl -sS -I -o /dev/null -w '%{http_code} %{size_download}' \
	    "${URL}api/learning/metrics" >head.out
	[ "$(cat head.out)" = "200 0" ]
	long=$(head -c 40000 /dev/zero | tr '\0' a)
	[ "$(status GET "/api/learning/metrics?$long")" = 414 ]
	[ "$(status GET /api/learning/metrics)" = 200 ]
}

@test "serve closes a connection that stays idle past its time limit" {
	sample
	start_server -f run.jsonl
	port=${URL##*:}
	port=${port%/}
	exec 7<>"/dev/tcp/127.0.0.1/$port"
	printf 'GET /api/learning/metrics HTTP/1.1\r\n' >&7
	start=$(date +%s)
	# Nothing more is sent: the server hangs up after 10 s (man page).
	timeout 20 cat <&7 >/dev/null
	elapsed=$(($(date +%s) - start))
	exec 7<&-
	[ "$elapsed" -ge 9 ] && [ "$elapsed" -le 15 ]
	[ "$(status GET /api/learning/metrics)" = 200 ]
}

@test "serve says a missing log is missing, then serves it once it appears" {
	start_server -f later.jsonl
	grep -q 'later.jsonl: no such log yet' serve.err
	[ "$(status GET /api/learning/metrics)" = 503 ]
	jq -e '.error == "later.jsonl: no such log (yet)"' body.out
	[ "$(status GET /)" = 200 ]
	[ "$(status GET /api/learning/goals)" = 200 ]
	record_n later.jsonl 12
	[ "$(status GET /api/learning/metrics)" = 200 ]
	jq -e '.total_learning_events == 12' body.out
}

@test "serve warns once of a last line that stays unfinished, and reads it when it is" {
	record_n run.jsonl 12
	printf '{"timestamp":1795601000,"task_type":"cls",' >>run.jsonl
	start_server -f run.jsonl
	[ "$(status GET /api/learning/metrics)" = 200 ]
	[ "$(status GET /api/learning/metrics)" = 200 ]
	[ "$(grep -c '^lt serve: warning: run.jsonl:13: the last line has no newline yet; it is read once it is finished$' serve.err)" -eq 1 ]
	printf '"performance_score":0.5,"learning_rate":0.01,"episode_count":13,"convergence_metric":1,"metadata":{}}\n' >>run.jsonl
	curl -sS "${URL}api/learning/metrics" >m.json
	jq -e '.total_learning_events == 13 and .current_performance == 0.5' m.json
}

@test "serve refuses a port in use, a bad address, standard input and a foreign log" {
	sample
	start_server -f run.jsonl
	port=${URL##*:}
	port=${port%/}
	run lt serve -f run.jsonl --listen "127.0.0.1:$port"
	assert_failure 2
	assert_output --partial "lt serve: 127.0.0.1:$port: cannot listen there: Address already in use"
	run lt serve -f run.jsonl --listen localhost
	assert_failure 2
	assert_output --partial 'is not ADDRESS:PORT'
	run lt serve -f run.jsonl --listen 127.0.0.1:70000
	assert_failure 2
	run lt serve -f -
	assert_failure 2
	assert_output --partial 'standard input cannot be served'
	cp "$FIXTURES/keras-csvlogger/braincnn-old-acc-training.log" training.log
	run lt serve -f training.log --listen 127.0.0.1:0
	assert_failure 2
	assert_output --partial 'lt import --from keras'
}

@test "serve says when it listens beyond the loopback, stops on SIGINT and SIGTERM, and writes no file" {
	sample
	# The files and their times; the test's own files and the
	# directory's time aside.
	listing() {
		ls -la --time-style=+%s. |
		    grep -v '^total\| \.$\| \.\.$\| wide\.err$\| serve\.err$'
	}
	listing >"$BATS_TEST_TMPDIR/before"
	checksum run.jsonl run.goals.jsonl >"$BATS_TEST_TMPDIR/sums"
	# With job control, as at a terminal, a background job keeps SIGINT.
	set -m
	"$LT" serve -f run.jsonl --listen 0.0.0.0:0 2>wide.err &
	pid=$!
	set +m
	for _ in $(seq 100); do
		grep -q serving wide.err && break
		sleep 0.05
	done
	grep -q 'not on the loopback alone' wide.err
	kill -INT "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 0 ]
	start_server -f run.jsonl
	curl -sS -o /dev/null "${URL}api/learning/report"
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID" || st=$?
	[ "$st" -eq 0 ]
	SERVER_PID=
	[ "$(checksum run.jsonl run.goals.jsonl)" = "$(cat "$BATS_TEST_TMPDIR/sums")" ]
	listing | diff "$BATS_TEST_TMPDIR/before" -
}

@test "the page in a real browser shows the tasks, the curves and the goals" {
	sample
	start_server -f run.jsonl
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$BATS_TEST_TMPDIR/chromium" \
	    --virtual-time-budget=5000 --dump-dom "$URL" >dom.html 2>/dev/null
	grep -q '<figure data-task="cls">' dom.html
	grep -q '<figure data-task="det">' dom.html
	grep -q '<polyline class="line" points="' dom.html
	grep -q '<div class="goal" data-goal="acc">' dom.html
	grep -q '<div class="goal" data-goal="manual">' dom.html
	# 88.89 %: 0.8 of 0.9; 40 %: 40 of 100.
	grep -q '88.89 % · 0.8 of 0.9' dom.html
	grep -q '40 % · 40 of 100' dom.html
	grep -q '<td>det</td><td class="num">30</td>' dom.html
	grep -q '<title>lt · 60 events</title>' dom.html
}

@test "the page in a real browser shows a new event within 2 s, without a reload" {
	sample
	start_server -f run.jsonl
	prof=$BATS_TEST_TMPDIR/chromium
	chromium --headless --no-sandbox --disable-gpu --user-data-dir="$prof" \
	    --remote-debugging-port=0 "$URL" >/dev/null 2>&1 &
	BROWSER_PID=$!
	# The browser's own list of its pages gives each page's title, which
	# the page keeps to its number of events.
	title() {
		local p
		p=$(head -1 "$prof/DevToolsActivePort" 2>/dev/null) || return 0
		curl -s "http://127.0.0.1:$p/json/list" |
		    jq -r '.[] | select(.type == "page") | .title'
	}
	for _ in $(seq 200); do
		[ "$(title)" = "lt · 60 events" ] && break
		sleep 0.1
	done
	[ "$(title)" = "lt · 60 events" ]
	lt record -f run.jsonl -t cls -s 0.9 -r 0.01 -e 31 -c 0.1 --no-sync
	start=$(date +%s%N)
	for _ in $(seq 40); do
		[ "$(title)" = "lt · 61 events (+1 since opened)" ] && break
		sleep 0.1
	done
	[ "$(title)" = "lt · 61 events (+1 since opened)" ]
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ]
}

@test "a static lt runs lt-serve from beside it, and says so when it is not there" {
	# LINK=dynamic (make asan): lt serves itself, no lt-serve is built
	[ -x "$(dirname "$LT")/lt-serve" ] || skip "this lt serves itself"
	sample
	# --help goes through lt-serve too: the same text as lt help serve
	run "$LT" serve --help
	assert_success
	[ "$output" = "$("$LT" help serve)" ]
	# alone in a directory, and none installed: exit 2 naming it
	[ -e /usr/local/libexec/lt/lt-serve ] && skip "an lt-serve is installed"
	mkdir alone
	cp "$LT" alone/lt
	cksum run.jsonl >before
	run alone/lt serve -f run.jsonl --listen 127.0.0.1:0
	[ "$status" -eq 2 ]
	assert_output --regexp "lt serve: cannot run .*/lt-serve: No such file or directory"
	cksum run.jsonl | diff before -
}
