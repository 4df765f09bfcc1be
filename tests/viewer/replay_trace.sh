# rpmsg-top --replay over a trace recorded by `rpmsg-trace record` (LTTng): the batch report of
# the whole trace has the recorded channels with their exact counts, and the screen shows them.
# The session daemon runs in a private mount namespace (own /run and /dev/shm), is stopped by its
# pid, and its output goes to a file.
. "$(dirname "$0")/lib.sh"
: "${TRACE:?TRACE (rpmsg-trace) not set}"
need_root "recording (a private mount namespace for lttng-sessiond)"
command -v tmux >/dev/null || fail "tmux is needed"

if [ "${VIEWER_IN_NAMESPACE:-}" != 1 ]; then
	trap - EXIT
	rm -rf "$TMP"
	exec env VIEWER_IN_NAMESPACE=1 unshare --mount --propagation private sh "$0" "$@"
fi
mount -t tmpfs viewer-test-run /run
mount -t tmpfs viewer-test-shm /dev/shm
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
stop_sessiond() {
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
	cleanup
}
trap stop_sessiond EXIT

N=100
BUS=$(bus_name r)
# (an ASan build's rpmsg-sim gets the provider preloaded before the ASan runtime: allow it)
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
	"$TRACE" record -o "$TMP/trace" --blocking --sessiond-log "$TMP/sessiond.log" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
	fail "recording failed: $(cat "$TMP/record.log")"

# As fast as possible, one table per second of trace time; the last one holds the totals.
timeout 120 "$TOP" -b --replay "$TMP/trace" --speed 0 -i 1 >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top --replay exited with status $? ($(cat "$TMP/err"))"
grep -q "source: replay" "$TMP/out" || fail "not the replay source"
awk '/^rpmsg-top refresh/ { out = "" } { out = out $0 "\n" } END { printf "%s", out }' \
	"$TMP/out" >"$TMP/last"
grep -q "lost 0 rejected 0" "$TMP/last" || fail "events lost or rejected in the replay"
[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ] || fail "rpmsg-echo counts"
[ "$(row_counts rpmsg-tty "$TMP/last")" = "1 $N" ] || fail "rpmsg-tty counts"
[ "$(row_counts rpmsg-sensor "$TMP/last")" = "1 $N" ] || fail "rpmsg-sensor counts"
[ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] || fail "rpmsg-raw counts"

# On the screen, at the recorded pace: the recorded channels appear
tmux_start 120 40 sh -c "LANG=C.UTF-8 '$TOP' --replay '$TMP/trace'; echo EXIT=\$?; sleep 600"
wait_for 'source: replay'
wait_for '^rpmsg-raw +1027→1027 '
wait_for 'end of the recording'
screen >"$TMP/out"
for name in rpmsg-echo rpmsg-tty rpmsg-sensor; do
	grep -q "^$name " "$TMP/out" || fail "replay screen has no row for $name"
done
keys q
wait_for 'EXIT=0'
echo "ok: replay of a recorded trace"
