#!/usr/bin/env bats
# lt serve's /api/learning/compare: lt compare --json on the served logs,
# byte for byte, as the logs grow; its bad parameters; and the page's
# section that shows it.  Each test starts and stops its own server on a
# free loopback port.  The statistics themselves are tested against scipy
# in tests/compare.bats; here the route must give the command's bytes.

load test_helper
load serve_helper

# same QUERY COMMAND...: the comparison route's body is the command's.
same() {
	local query=$1
	shift
	curl -sS -o route.out "${URL}api/learning/compare$query"
	"$@" >cmd.out
	diff -u cmd.out route.out
}

# status QUERY: the status code of the comparison route, its body in
# body.out.
status() {
	curl -sS -o body.out -w '%{http_code}' "${URL}api/learning/compare$1"
}

# seeds: three logs of one task acc, 20 events each, the scores of seed k
# 0.5 + i / 100 + k / 64 + (i % 3) / 256 (by awk).
seeds() {
	local k
	for k in 1 2 3; do
		awk -v k="$k" 'BEGIN { for (i = 1; i <= 20; i++)
			printf "{\"timestamp\":%d,\"task_type\":\"acc\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 3 * i + k, 0.5 + i / 100 + k / 64 + (i % 3) / 256, i
		}' >"s$k.jsonl"
	done
}

# tasks: one log of three tasks a, b, c of 20 events each, scores as
# seeds' with k = 1, 2, 3.
tasks() {
	awk 'BEGIN { for (i = 1; i <= 20; i++) for (k = 1; k <= 3; k++)
		printf "{\"timestamp\":%d,\"task_type\":\"%c\",\"performance_score\":%.17g,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 3 * i + k, 96 + k, 0.5 + i / 100 + k / 64 + (i % 3) / 256, i
	}' >run.jsonl
}

@test "serve compares several logs as lt compare does, byte for byte, with each parameter" {
	seeds
	start_server -f s1.jsonl -f s2.jsonl -f s3.jsonl
	set -- -f s1.jsonl -f s2.jsonl -f s3.jsonl --json
	same '' lt compare "$@"
	same '?last=5' lt compare --last 5 "$@"
	same '?confidence=90&bootstrap=500&seed=7' \
	    lt compare --confidence 90 --bootstrap 500 --seed 7 "$@"
	same '?bootstrap=0' lt compare --bootstrap 0 "$@"
	same '?mode=min&last=3' lt compare --mode min --last 3 "$@"
	same '?task=acc' lt compare --task acc "$@"
	# Asked again, the same query is the same answer.
	same '' lt compare "$@"
	# s3 is 2/64 above s1 at each point: on the last 10 scores as
	# samples, 0.03125 better (Welch p = 0.035 < 0.05); s2, 1/64 above,
	# is within the noise of the runs' own rise (p = 0.27).
	jq -e '.unit == "scores" and .groups[2].verdict == "better"' route.out
	jq -e '.groups[2].diff - 0.03125 | fabs < 1e-12' route.out
	jq -e '.groups[1].verdict == "no difference"' route.out
}

@test "serve compares the tasks of one log, and again as the logs grow" {
	tasks
	start_server -f run.jsonl
	same '' lt compare -f run.jsonl --json
	jq -e '[.groups[].name] == ["a", "b", "c"]' route.out
	cp route.out before.out
	# c falls to 0.25 for ten events: its last 10 scores are then those.
	awk 'BEGIN { for (i = 21; i <= 30; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"c\",\"performance_score\":0.25,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600900 + i, i
	}' | lt record --batch --no-sync -f run.jsonl
	same '' lt compare -f run.jsonl --json
	! cmp -s before.out route.out
	jq -e '.groups[2].mean == 0.25 and .groups[2].verdict == "worse"' \
	    route.out
	# Each run one group: --summary mean is the command's error, 409.
	[ "$(status '?summary=mean')" = 409 ]
	jq -e '.error | test("--summary mean is for groups of several runs")' \
	    body.out
}

@test "serve compares several logs as each grows, and a log replaced" {
	seeds
	start_server -f s1.jsonl -f s2.jsonl -f s3.jsonl
	set -- -f s1.jsonl -f s2.jsonl -f s3.jsonl --json
	same '?last=4' lt compare --last 4 "$@"
	cp route.out before.out
	lt record -f s3.jsonl -t acc -s 0.125 -r 0.01 -e 21 -c 0.5 \
	    --time 1795600900 --no-sync
	same '?last=4' lt compare --last 4 "$@"
	! cmp -s before.out route.out
	# s3's last 4: 0.5 + i/100 + 3/64 + (i % 3)/256 for i = 18, 19, 20,
	# then 0.125; their mean by awk.
	want=$(awk 'BEGIN { for (i = 18; i <= 20; i++) s += 0.5 + i / 100 + 3 / 64 + (i % 3) / 256; printf "%.17g", (s + 0.125) / 4 }')
	jq -e --argjson w "$want" '.groups[2].mean - $w | fabs < 1e-12' route.out
	lt compact --max-history 10 -f s1.jsonl 2>/dev/null
	same '?last=4' lt compare --last 4 "$@"
	# The tasks files say acc is a loss: lower is better, at once,
	# though no log changed.
	for k in 1 2 3; do
		printf '{"time":1795600000,"task":"acc","direction":"min","score_name":"loss"}\n' \
		    >"s$k.tasks.jsonl"
	done
	same '?last=4' lt compare --last 4 "$@"
	jq -e '.direction == "min" and .score_name == "loss"' route.out
}

@test "serve compares imported seeds of a real run (SB3 Hopper, three seeds)" {
	for s in 0 1 2; do
		lt import -f "hopper-seed$s.jsonl" \
		    "$FIXTURES/rl-seeds/hopper-ppo-seed$s.monitor.csv" 2>/dev/null
	done
	start_server -f hopper-seed0.jsonl -f hopper-seed1.jsonl \
	    -f hopper-seed2.jsonl
	same '' lt compare -f hopper-seed0.jsonl -f hopper-seed1.jsonl \
	    -f hopper-seed2.jsonl --json
	# The seeds' last-10 means, as README says (checked apart from lt).
	jq -e '[.groups[].mean | . * 10 | round / 10] == [1659.4, 560.6, 1198.2]' \
	    route.out
}

@test "serve refuses bad comparison parameters with 400, naming the value" {
	seeds
	start_server -f s1.jsonl -f s2.jsonl
	[ "$(status '?last=0')" = 400 ]
	jq -e '.error == "last \"0\" is not a whole number from 1 to 100000"' body.out
	[ "$(status '?last=ten')" = 400 ]
	[ "$(status '?last=100001')" = 400 ]
	[ "$(status '?summary=median')" = 400 ]
	jq -e '.error == "summary \"median\" is not last, best or mean"' body.out
	[ "$(status '?confidence=100')" = 400 ]
	jq -e '.error == "confidence \"100\" is not a percentage in (0, 100)"' body.out
	[ "$(status '?confidence=nan')" = 400 ]
	[ "$(status '?confidence=0')" = 400 ]
	[ "$(status '?bootstrap=-1')" = 400 ]
	[ "$(status '?bootstrap=100001')" = 400 ]
	jq -e '.error | test("bootstrap \"100001\"")' body.out
	[ "$(status '?seed=4294967296')" = 400 ]
	jq -e '.error | test("seed \"4294967296\"")' body.out
	[ "$(status '?mode=up')" = 400 ]
	jq -e '.error == "mode \"up\" is not max or min"' body.out
	[ "$(status '?task=')" = 400 ]
	[ "$(status '?group=a=s1.jsonl')" = 400 ]
	jq -e '.error == "unknown parameter \"group\""' body.out
	[ "$(status '?last=3&last=4')" = 400 ]
	[ "$(status '?task=nope')" = 404 ]
	jq -e '.error | test("nope")' body.out
	[ "$(status '')" = 200 ]
}

@test "serve says why a log cannot be compared: one run, or no log yet" {
	record_n run.jsonl 12
	start_server -f run.jsonl
	[ "$(status '')" = 409 ]
	run lt compare -f run.jsonl --json
	assert_failure 2
	jq -e --arg e "${output#lt compare: }" '.error == $e' body.out
	kill "$SERVER_PID"
	wait "$SERVER_PID" || true
	start_server -f later.jsonl -f run.jsonl
	[ "$(status '')" = 503 ]
	jq -e '.error == "later.jsonl: no such log (yet)"' body.out
	record_n later.jsonl 12 cls
	[ "$(status '')" = 200 ]
	same '' lt compare -f later.jsonl -f run.jsonl --json
}

@test "the page in a real browser shows the groups and their verdicts" {
	tasks
	start_server -f run.jsonl
	curl -sS -o cmp.json "${URL}api/learning/compare"
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$BATS_TEST_TMPDIR/chromium" \
	    --virtual-time-budget=5000 --dump-dom "$URL" >dom.html 2>/dev/null
	grep -q '<tr data-group="a"><td>a</td><td class="num">1</td><td class="num">10</td>' dom.html
	grep -q '<tr data-group="c">' dom.html
	grep -q '<td class="baseline">baseline</td>' dom.html
	# Each verdict line is the command's verdict_text.
	for i in 1 2; do
		v=$(jq -r ".groups[$i].verdict_text" cmp.json)
		n=$(jq -r ".groups[$i].name" cmp.json)
		grep -qF "<span class=\"name\">$n</span>: $v</li>" dom.html
	done
	grep -q 'measures the noise within a run' dom.html
}

@test "the page says why there is no comparison" {
	record_n run.jsonl 12
	start_server -f run.jsonl
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$BATS_TEST_TMPDIR/chromium" \
	    --virtual-time-budget=5000 --dump-dom "$URL" >dom.html 2>/dev/null
	grep -q '<p class="empty">Not compared: ' dom.html
	grep -q '<figure data-task="cls">' dom.html
}
