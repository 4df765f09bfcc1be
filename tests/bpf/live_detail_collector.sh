#!/bin/sh
# test_live_detail_collector: `rpmsg-trace live --detail --json` feeds every event through the
# collector: each channel appears under its name-service name with rpmsg-sim's message counts
# and a measured send->deliver latency, and no event is lost or rejected.
. "$(dirname "$0")/lib.sh"
need_bpf
N=200

begin=$(date +%s%N)
live_beside_sim live $N --detail --json -i 1
end=$(date +%s%N)

last=$(grep '"totals"' "$TMP/live.out" | tail -1)
[ -n "$last" ] || fail "no collector output"
echo "$last" | jq -e '.totals.lost_events == 0 and .totals.rejected_events == 0' >/dev/null ||
	fail "events lost or rejected: $(echo "$last" | jq -c .totals)"
# the last event's time: an exact string (jq rounds numbers above 2^53) on the epoch, as the
# text output's header, so within this run (a string compare: both have 19 digits until 2286)
echo "$last" | jq -e --arg b "$begin" --arg e "$end" \
	'.totals.last_ns | type == "string" and length == ($b | length) and . >= $b and . <= $e' \
	>/dev/null ||
	fail "totals.last_ns not an epoch string within the run: $(echo "$last" | jq -c .totals)"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	tx=$(sim_count host $ch tx_msgs)
	rx=$(sim_count host $ch rx_msgs)
	row=$(echo "$last" | jq -c --arg ch $ch '.endpoints[] | select(.name == $ch)')
	echo "$ch: $(echo "$row" | jq -c '[.tx.msgs, .rx.msgs, .tx.lat_samples + .rx.lat_samples]')" \
		"rpmsg-sim tx $tx rx $rx"
	echo "$row" | jq -e --argjson tx "$tx" --argjson rx "$rx" \
		'.tx.msgs == $tx and .rx.msgs == $rx and .tx.lat_samples + .rx.lat_samples > 0' \
		>/dev/null || fail "$ch: collector row differs from rpmsg-sim: $row"
done
echo PASS
