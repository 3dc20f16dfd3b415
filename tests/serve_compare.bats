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

# hopper [-t]: the three Hopper seeds' monitor files imported, each a log
# of its own (1324, 1614 and 1344 episodes); with -t, the tasks seed0,
# seed1 and seed2 of one log, all.jsonl.
hopper() {
	local s
	for s in 0 1 2; do
		if [ "${1:-}" = -t ]; then
			lt import -f all.jsonl -t "seed$s" \
			    "$FIXTURES/rl-seeds/hopper-ppo-seed$s.monitor.csv" \
			    2>/dev/null
		else
			lt import -f "hopper-seed$s.jsonl" \
			    "$FIXTURES/rl-seeds/hopper-ppo-seed$s.monitor.csv" \
			    2>/dev/null
		fi
	done
}

# same_error QUERY COMMAND...: the route's 409 carries the command's
# message, and the command fails with 2.
same_error() {
	local query=$1
	shift
	[ "$(status "$query")" = 409 ]
	run "$@"
	assert_failure 2
	jq -e --arg e "${output#lt compare: }" '.error == $e' body.out
}

@test "serve compares real seeds within and beyond the scores it keeps, as they grow and after a compaction" {
	hopper
	start_server -f hopper-seed0.jsonl -f hopper-seed1.jsonl \
	    -f hopper-seed2.jsonl
	set -- -f hopper-seed0.jsonl -f hopper-seed1.jsonl \
	    -f hopper-seed2.jsonl --json
	# The server keeps each run's last 1024 scores: 1000 and 1024 come
	# from what it keeps (each seed has more, so its ring has wrapped),
	# 1025 and 100000 from the logs' ends.
	for n in 1 1000 1024 1025 1500 100000; do
		same "?last=$n&bootstrap=200" lt compare --last "$n" \
		    --bootstrap 200 "$@"
	done
	# last=100000 is each seed's every episode: seed1's n is its 1614.
	jq -e '[.groups[].runs[0].n] == [1324, 1614, 1344]' route.out
	same '?mode=min&last=50' lt compare --mode min --last 50 "$@"
	same_error '?summary=best' lt compare --summary best "$@"
	cp route.out before.out
	# seed1 ends with 20 episodes of 3000: its last 10 are those.
	awk 'BEGIN { for (i = 1; i <= 20; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"hopper-ppo-seed1.monitor/r\",\"performance_score\":3000,\"learning_rate\":0.0003,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1900000000 + i, 2000000 + i
	}' | lt record --batch --lenient --no-sync -f hopper-seed1.jsonl
	same '' lt compare "$@"
	jq -e '.groups[1].mean == 3000' route.out
	same '?last=1025' lt compare --last 1025 "$@"
	# seed2 compacted to its last 500 episodes, seed0 to its last 1100.
	lt compact -n 500 -f hopper-seed2.jsonl 2>/dev/null
	lt compact -n 1100 -f hopper-seed0.jsonl 2>/dev/null
	for n in 10 600 1024 1025 100000; do
		same "?last=$n&bootstrap=200" lt compare --last "$n" \
		    --bootstrap 200 "$@"
	done
	jq -e '[.groups[].runs[0].n] == [1100, 1634, 500]' route.out
}

@test "serve compares the tasks of one log of real seeds as the command does, as it grows and after a compaction" {
	hopper -t
	start_server -f all.jsonl
	set -- -f all.jsonl --json
	same '' lt compare "$@"
	jq -e '[.groups[].name] == ["seed0", "seed1", "seed2"]' route.out
	same '?last=1&bootstrap=0' lt compare --last 1 --bootstrap 0 "$@"
	same '?last=1024' lt compare --last 1024 "$@"
	same '?last=1025' lt compare --last 1025 "$@"
	same '?last=100000&bootstrap=100' lt compare --last 100000 \
	    --bootstrap 100 "$@"
	same '?mode=min&last=7' lt compare --mode min --last 7 "$@"
	same '?mode=max' lt compare --mode max "$@"
	same '?confidence=80&seed=3' lt compare --confidence 80 --seed 3 "$@"
	same_error '?summary=mean' lt compare --summary mean "$@"
	same_error '?summary=best&last=3' lt compare --summary best --last 3 "$@"
	# seed0 grows by 30 episodes of 0: its last 10 are 0.
	awk 'BEGIN { for (i = 1; i <= 30; i++)
		printf "{\"timestamp\":%d,\"task_type\":\"seed0\",\"performance_score\":0,\"learning_rate\":0.0003,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1900000000 + i, 2000000 + i
	}' | lt record --batch --lenient --no-sync -f all.jsonl
	same '' lt compare "$@"
	jq -e '.groups[0].mean == 0' route.out
	same '?last=1100' lt compare --last 1100 "$@"
	# Compacted to its last 2000 events: seed1's last 626, seed2's
	# 1344, seed0's last 30, in that order now.
	lt compact -n 2000 -f all.jsonl 2>/dev/null
	same '' lt compare "$@"
	same '?last=1500' lt compare --last 1500 "$@"
	jq -e '[.groups[] | [.name, .runs[0].n]] == [["seed1", 626], ["seed2", 1344], ["seed0", 30]]' \
	    route.out
}

@test "serve says, as the command does, that a log of another task at its end is not one run" {
	seeds
	start_server -f s1.jsonl -f s2.jsonl -f s3.jsonl
	set -- -f s1.jsonl -f s2.jsonl -f s3.jsonl --json
	same '?last=4' lt compare --last 4 "$@"
	lt record -f s3.jsonl -t other -s 0.5 -r 0.01 -e 21 -c 0.5 \
	    --time 1795600900 --no-sync
	# Among s3's last 4 events, and for the mean, among all its events.
	same_error '?last=4' lt compare --last 4 "$@"
	jq -e '.error | test("holds tasks \"acc\" and \"other\" among its last 4")' body.out
	same '?last=4&task=acc' lt compare --last 4 --task acc "$@"
	same '?last=1&task=acc' lt compare --last 1 --task acc "$@"
	# Its last event alone is of other: s3 is a run of other, whose
	# score name is the same: compared.
	same '?last=1' lt compare --last 1 "$@"
	jq -e '.groups[2].runs[0].task == "other"' route.out
	same_error '?task=other' lt compare --task other "$@"
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
