# rpmsg-top --live over an LTTng live session (lttng-relayd, `rpmsg-trace record --live`): it
# waits for the session and shows the traced demo's channels with the exact counts of the run.
# The session and relay daemons run in a private mount namespace, on ports of this test, are
# stopped by pid, and log to files.
. "$(dirname "$0")/lib.sh"
: "${TRACE:?TRACE (rpmsg-trace) not set}"
command -v lttng-relayd >/dev/null || fail "lttng-relayd is needed"
private_namespace "$@"
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"

# Ports of our own (other tests may run a relay daemon on the default ones).
base=$((20000 + ($$ % 3000) * 3))
CTRL=$base DATA=$((base + 1)) LIVE=$((base + 2))
start_private_relayd "$TMP" $CTRL $DATA $LIVE
# `rpmsg-trace record` starts the session daemon: stopped by its pid file
on_exit_run stop_private_lttng

N=100
BUS=$(bus_name l)
SESSION=viewer-live-$$
# rpmsg-top first: it waits for the session to appear
"$TOP" -b -i 1 --live "net://127.0.0.1:$LIVE/host/$(hostname)/$SESSION" >"$TMP/out" 2>"$TMP/err" &
top_pid=$!
on_exit_kill $top_pid
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
	"$TRACE" record --live --url "net://127.0.0.1:$CTRL:$DATA" --session "$SESSION" --blocking \
	--sessiond-log "$TMP/sessiond.log" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
	fail "live recording failed: $(cat "$TMP/record.log")"
# The live source waits for the next session after this one ends (as babeltrace2 does): wait
# until the refreshes show everything the session streamed, then stop rpmsg-top.
shows_the_session() {
	last_table "$TMP/out" && [ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] &&
		[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ]
}
wait_while_alive $top_pid "rpmsg-top --live to show the $N messages of the session" 60 \
	shows_the_session
stop_pid $top_pid
grep -q "source: LTTng live net://127.0.0.1:$LIVE/" "$TMP/out" || fail "not the live source"
grep -q "lost 0 rejected 0" "$TMP/last" || fail "events lost or rejected"
[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ] || fail "rpmsg-echo counts"
[ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] || fail "rpmsg-raw counts"
[ "$(row_counts rpmsg-sensor "$TMP/last")" = "1 $N" ] || fail "rpmsg-sensor counts"
echo "ok: LTTng live session"
