# Helpers of the tests of lt serve: a server of the test's own on a free
# loopback port, stopped (with a browser the test started) at the end.

# start_server ARGS...: lt serve ARGS on a free loopback port, in the
# background; sets URL.  Its standard error is in serve.err.
start_server() {
	"$LT" serve --listen 127.0.0.1:0 "$@" 2>serve.err &
	SERVER_PID=$!
	for _ in $(seq 100); do
		URL=$(sed -n 's|^lt serve: serving \(http://[^ ]*\) .*|\1|p' \
		    serve.err)
		[ -n "$URL" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat serve.err >&2
	return 1
}

teardown() {
	if [ -n "${SERVER_PID:-}" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	if [ -n "${BROWSER_PID:-}" ]; then
		kill "$BROWSER_PID" 2>/dev/null || true
		wait "$BROWSER_PID" 2>/dev/null || true
	fi
}
