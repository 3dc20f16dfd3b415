# Sealed test environment: each test runs in its own temporary directory,
# with a fixed time zone and locale, and $LT naming the binary under test.
# $SIGSHIM names the LD_PRELOAD shim of the signal tests (tests/sigshim.c,
# built by make test).

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

: "${LT:?LT must name the lt binary}"
FIXTURES=${LT_FIXTURES:-$BATS_TEST_DIRNAME/../../shared/fixtures}
TESTDATA=$BATS_TEST_DIRNAME/../testdata

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export TZ=UTC LC_ALL=C HOME=$BATS_TEST_TMPDIR
	unset LT_FILE LT_GOALS LT_GNUPLOT LT_THREADS NO_COLOR XDG_CACHE_HOME
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
