# Sealed test environment: each test runs in a directory of its own, with
# its own HOME, TMPDIR and cache, a fixed PATH, time zone and locale, and
# none of lt's variables from the caller's environment; $LT names the
# binary under test, $SIGSHIM the LD_PRELOAD shim of the signal tests
# (tests/sigshim.c, built by make test).

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

bats_require_minimum_version 1.5.0

: "${LT:?LT must name the lt binary}"
HELPER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURES=${LT_FIXTURES:-$HELPER_DIR/../../shared/fixtures}
TESTDATA=$HELPER_DIR/../testdata

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
