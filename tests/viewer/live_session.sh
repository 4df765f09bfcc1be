# rpmsg-top --live over an LTTng live session (lttng-relayd, `rpmsg-trace record --live`): it
# waits for the session and shows the traced demo's channels with the exact counts of the run.
# The session and relay daemons run in a private mount namespace, on ports of this test, are
# stopped by pid, and log to files.
. "$(dirname "$0")/lib.sh"
: "${TRACE:?TRACE (rpmsg-trace) not set}"
need_root "recording (a private mount namespace for lttng-sessiond)"
command -v lttng-relayd >/dev/null || fail "lttng-relayd is needed"

if [ "${VIEWER_IN_NAMESPACE:-}" != 1 ]; then
	trap - EXIT
	rm -rf "$TMP"
	exec env VIEWER_IN_NAMESPACE=1 unshare --mount --propagation private sh "$0" "$@"
fi
mount -t tmpfs viewer-test-run /run
mount -t tmpfs viewer-test-shm /dev/shm
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
relayd=
top_pid=
stop_daemons() {
	[ -z "$top_pid" ] || kill "$top_pid" 2>/dev/null || true
	pidfile=/run/lttng/lttng-sessiond.pid
	if [ -f "$pidfile" ]; then
		pid=$(cat "$pidfile")
		kill "$pid" 2>/dev/null || true
		tries=0
		while kill -0 "$pid" 2>/dev/null && [ $tries -lt 300 ]; do
			sleep 0.1
			tries=$((tries + 1))
		done
	fi
	if [ -n "$relayd" ]; then
		kill "$relayd" 2>/dev/null || true
		wait "$relayd" 2>/dev/null || true
	fi
	cleanup
}
trap stop_daemons EXIT

# Ports of our own (other tests may run a relay daemon on the default ones).
base=$((20000 + ($$ % 3000) * 3))
CTRL=$base DATA=$((base + 1)) LIVE=$((base + 2))
lttng-relayd -o "$TMP/relay" -C tcp://127.0.0.1:$CTRL -D tcp://127.0.0.1:$DATA \
	-L tcp://127.0.0.1:$LIVE >"$TMP/relayd.log" 2>&1 &
relayd=$!
sleep 1
kill -0 "$relayd" 2>/dev/null || fail "lttng-relayd did not start: $(cat "$TMP/relayd.log")"

N=100
BUS=$(bus_name l)
SESSION=viewer-live-$$
# rpmsg-top first: it waits for the session to appear
"$TOP" -b -i 1 --live "net://127.0.0.1:$LIVE/host/$(hostname)/$SESSION" >"$TMP/out" 2>"$TMP/err" &
top_pid=$!
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
	"$TRACE" record --live --url "net://127.0.0.1:$CTRL:$DATA" -n "$SESSION" --blocking \
	--sessiond-log "$TMP/sessiond.log" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
	fail "live recording failed: $(cat "$TMP/record.log")"
# The live source waits for the next session after this one ends (as babeltrace2 does): wait
# until the refreshes show everything the session streamed, then stop rpmsg-top.
last_table() {
	awk '/^rpmsg-top refresh/ { out = "" } { out = out $0 "\n" } END { printf "%s", out }' \
		"$TMP/out" >"$TMP/last"
}
tries=0
until last_table && [ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] &&
	[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ]; do
	tries=$((tries + 1))
	[ $tries -lt 600 ] || fail "rpmsg-top --live never showed the $N messages of the session"
	kill -0 "$top_pid" 2>/dev/null || fail "rpmsg-top --live ended early: $(cat "$TMP/err")"
	sleep 0.1
done
kill "$top_pid"
wait "$top_pid" 2>/dev/null || true
top_pid=
grep -q "source: LTTng live net://127.0.0.1:$LIVE/" "$TMP/out" || fail "not the live source"
grep -q "lost 0 rejected 0" "$TMP/last" || fail "events lost or rejected"
[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ] || fail "rpmsg-echo counts"
[ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] || fail "rpmsg-raw counts"
[ "$(row_counts rpmsg-sensor "$TMP/last")" = "1 $N" ] || fail "rpmsg-sensor counts"
echo "ok: LTTng live session"
