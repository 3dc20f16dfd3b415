# Sealed test environment: each test runs in a directory of its own, with
# its own HOME, TMPDIR and cache, a fixed PATH, time zone and locale, and
# none of lt's variables from the caller's environment; $LT names the
# binary under test, $SIGSHIM the LD_PRELOAD shim of the signal tests
# (tests/sigshim.c, built by make test).  $PRELOADABLE_LT is the same lt
# with the C library shared, which an LD_PRELOAD shim can reach: lt-serve
# beside a static lt (make's default), else lt itself (make LINK=dynamic,
# make asan).

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

bats_require_minimum_version 1.5.0

: "${LT:?LT must name the lt binary}"
HELPER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURES=${LT_FIXTURES:-$HELPER_DIR/../../shared/fixtures}
TESTDATA=$HELPER_DIR/../testdata
PRELOADABLE_LT=$LT
[ -x "$(dirname "$LT")/lt-serve" ] && PRELOADABLE_LT=$(dirname "$LT")/lt-serve

setup() {
	local v

	# Every LT_* the caller set (LT itself, the binary, stays), and what
	# changes lt's output or the clock it reports.
	for v in $(compgen -v LT_); do
		unset "$v"
	done
	unset NO_COLOR SOURCE_DATE_EPOCH
	export TZ=UTC LC_ALL=C PATH=/usr/bin:/bin:/usr/sbin:/sbin
	export HOME=$BATS_TEST_TMPDIR/home TMPDIR=$BATS_TEST_TMPDIR/tmp
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	mkdir -p "$HOME" "$TMPDIR" "$BATS_TEST_TMPDIR/work"
	cd "$BATS_TEST_TMPDIR/work" || return 1
}

lt() {
	"$LT" "$@"
}

# checksum FILE...: one line of checksums of the files, to compare before
# and after a command that must change nothing.
checksum() {
	cksum "$@" 2>&1
}

# record_n FILE N [TASK]: N events with scores i/N, episodes i, one a
# second from 1795600800 (2026-11-25T10:00:00Z).
record_n() {
	awk -v n="$2" -v task="${3:-cls}" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "{\"timestamp\":%d,\"task_type\":\"%s\",\"performance_score\":%s,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":%s,\"metadata\":{}}\n", 1795600800 + i, task, i / n, i, 1 / i
	}' | "$LT" record --batch --no-sync -f "$1"
}

# mirror_logs: the same learning curve twice, as a rising accuracy in
# max.jsonl (a task with no tasks file: max, the default) and as its
# error 1 - accuracy in min.jsonl, whose tasks file (lt-format(5)) makes
# the task min with score name "error".  Task acc, 40 events a minute
# apart from 1795600800, episodes 1 to 40: for i <= 30 the accuracy is
# 0.5 + 0.01 i + 0.003 ((7 i) mod 5) (noisy, rising; its best, 0.8, at
# episode 30), then 0.75 + 0.002 (i mod 3) (below the best: a plateau).
# Four decimals, so that 1 - accuracy is exact in decimal too.
mirror_logs() {
	awk 'BEGIN {
		for (i = 1; i <= 40; i++) {
			if (i <= 30)
				a = 0.5 + 0.01 * i + 0.003 * ((7 * i) % 5)
			else
				a = 0.75 + 0.002 * (i % 3)
			printf "{\"timestamp\":%d,\"task_type\":\"acc\",\"performance_score\":%.4f,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 60 * i, a, i >"max.jsonl"
			printf "{\"timestamp\":%d,\"task_type\":\"acc\",\"performance_score\":%.4f,\"learning_rate\":0.01,\"episode_count\":%d,\"convergence_metric\":0.5,\"metadata\":{}}\n", 1795600800 + 60 * i, 1 - a, i >"min.jsonl"
		}
	}'
	printf '%s\n' '{"time":1795600800,"task":"acc","direction":"min","score_name":"error"}' >min.tasks.jsonl
}
