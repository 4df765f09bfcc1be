# rpmsg-top --replay over a trace recorded by `rpmsg-trace record` (LTTng): the batch report of
# the whole trace has the recorded channels with their exact counts, and the screen shows them.
# The session daemon runs in a private mount namespace (own /run and /dev/shm), is stopped by its
# pid, and its output goes to a file.
. "$(dirname "$0")/lib.sh"
: "${TRACE:?TRACE (rpmsg-trace) not set}"
command -v tmux >/dev/null || fail "tmux is needed"
private_namespace "$@"
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
# `rpmsg-trace record` starts the session daemon: stopped by its pid file
on_exit_run stop_private_lttng

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
last_table "$TMP/out"
grep -q "lost 0 rejected 0" "$TMP/last" || fail "events lost or rejected in the replay"
[ "$(row_counts rpmsg-echo "$TMP/last")" = "$N $N" ] || fail "rpmsg-echo counts"
[ "$(row_counts rpmsg-tty "$TMP/last")" = "1 $N" ] || fail "rpmsg-tty counts"
[ "$(row_counts rpmsg-sensor "$TMP/last")" = "1 $N" ] || fail "rpmsg-sensor counts"
[ "$(row_counts rpmsg-raw "$TMP/last")" = "$N $N" ] || fail "rpmsg-raw counts"

# JSON: the last event's time exact (a string: jq rounds numbers above 2^53) and on the trace's
# clock, the same digits decode --json prints for the trace's last event
timeout 120 "$TOP" --replay "$TMP/trace" -b -n 1 --json >"$TMP/json" 2>"$TMP/err" ||
	fail "rpmsg-top --replay --json exited with status $? ($(cat "$TMP/err"))"
want=$("$TRACE" decode --json "$TMP/trace" | jq -r .ts_ns | tail -n 1)
got=$(jq -r '.totals.last_ns | if type == "string" then . else "a \(type) \(.)" end' "$TMP/json")
[ -n "$want" ] && [ "$got" = "$want" ] ||
	fail "rpmsg-top --json totals.last_ns is $got, decode --json's last ts_ns $want"

# On the screen, at the recorded pace: the recorded channels appear (the sleep after it keeps the
# pane open for reading the exit status)
tmux_start 120 40 sh -c "LANG=C.UTF-8 '$TOP' --replay '$TMP/trace'; echo EXIT=\$?; sleep 600"
wait_screen 'source: replay'
wait_screen '^rpmsg-raw +1027→1027 '
wait_screen 'end of the recording'
screen >"$TMP/out"
for name in rpmsg-echo rpmsg-tty rpmsg-sensor; do
	grep -q "^$name " "$TMP/out" || fail "replay screen has no row for $name"
done
keys q
wait_screen 'EXIT=0'
echo "ok: replay of a recorded trace"
