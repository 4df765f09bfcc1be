#!/bin/sh
# test_live_late_names: `rpmsg-trace live` started after `rpmsg-sim demo` has announced its
# channels (no name-service event is left for it to see) names them from the bus's directory:
# every endpoint row and every message carries one of the demo's channel names, and all four
# channels are there, in the statistics and with --messages.
. "$(dirname "$0")/lib.sh"
need_bpf
NAMES='["rpmsg-echo","rpmsg-raw","rpmsg-sensor","rpmsg-tty"]'

start_bg sim "$SIM" demo --bus "$BUS" --json --duration 60 --rate 20
wait_for_line "$TMP/sim.out" '"type":"status"'

start_bg live "$TRACE" live --json -i 1 --duration 120 --bus "$BUS" --lib "$LIB"
LIVE=$LAST_PID
wait_for_line "$TMP/live.err" "attached to"
# two reports after attaching: every channel has sent something in between
wait_while_alive $LIVE "three reports from live" 30 lines_at_least "$TMP/live.out" '"endpoints"' 3
stop_bg "$LIVE"
total=$(grep '"type":"total"' "$TMP/live.out") || fail "no final totals line from live"
echo "$total" | jq -e --argjson want "$NAMES" '
	[.endpoints[] | select(.local != 53 and .remote != 53 and .tx_msgs + .rx_msgs > 0)] as $rows
	| ($rows | length > 0) and ($rows | all(.name as $n | $want | index($n)))
	  and ([$rows[].name] | unique == $want)' >/dev/null ||
	fail "live attached late does not name the demo's channels: $total"
echo "statistics: $(echo "$total" | jq -c '[.endpoints[].name] | unique')"

start_bg msgs "$TRACE" live --messages --json --duration 120 --bus "$BUS" --lib "$LIB"
MSGS=$LAST_PID
wait_for_line "$TMP/msgs.err" "attached to"
wait_while_alive $MSGS "200 messages from live --messages" 30 \
	lines_at_least "$TMP/msgs.out" '"event":"msg_recv"' 200
stop_bg "$MSGS"
grep '"event":"msg_\(send\|recv\)"' "$TMP/msgs.out" | grep -v '"src":53,\|"dst":53,' |
	jq -e -s --argjson want "$NAMES" '(length > 0) and all(.name as $n | $want | index($n))
		and ([.[].name] | unique == $want)' >/dev/null ||
	fail "live --messages attached late shows messages without the demo's names"
echo PASS
