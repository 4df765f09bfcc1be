#!/bin/sh
# test_live_stats_one_hit: `rpmsg-trace live` statistics cost one probe hit per message. Beside
# a workload with known counts and drops (drop_workload), it attaches msg_send and not msg_recv
# (probe hits: msg_recv 0, msg_send = the messages the bus carried) and still shows each
# endpoint's messages and bytes both ways and its drops exactly, receives taken from the other
# side's sends. With --recv-probe (receives counted at the receiver, two hits per message) the
# table is the same.
. "$(dirname "$0")/lib.sh"
need_bpf
WORKLOAD=$4
N=200 # echoed messages
K=7   # refused by the remote's callback (callback-error drops)
D=13  # sent to an endpoint with no callback (no-recipient drops)

# run_live NAME LIVE_OPTION...: live --json beside the workload; its totals in $TMP/NAME.total,
# the workload's addresses in $TMP/NAME.work.
run_live() {
	name=$1
	shift
	start_bg "$name" "$TRACE" live --json -i 1 --duration 120 --bus "$BUS" --lib "$LIB" "$@"
	wait_for_line "$TMP/$name.err" "attached to"
	"$WORKLOAD" "$BUS" $N $K $D >"$TMP/$name.work" 2>"$TMP/$name.work.err" ||
		fail "drop_workload failed: $(cat "$TMP/$name.work.err")"
	stop_bg "$LAST_PID"
	grep '"type":"total"' "$TMP/$name.out" >"$TMP/$name.total" ||
		fail "no totals from live $*"
}

# field NAME SIDE LOCAL REMOTE FIELD: FIELD of that endpoint's row in NAME's totals (0: no row)
field() {
	jq -r --arg s "$2" --argjson l "$3" --argjson r "$4" --arg f "$5" \
		'[.endpoints[] | select(.side == $s and .local == $l and .remote == $r) | .[$f]]
		 | if length == 0 then 0 else add end' "$TMP/$1.total"
}

# expect NAME SIDE LOCAL REMOTE FIELD WANT
expect() {
	got=$(field "$1" "$2" "$3" "$4" "$5")
	echo "$1: $2 $3->$4 $5: live $got, want $6"
	[ "$got" = "$6" ] || fail "$1: $2 endpoint $3->$4 $5 is $got, the workload's is $6"
}

# check_table NAME: every row of the workload's two channels, exactly.
check_table() {
	h=$(jq .host "$TMP/$1.work") r=$(jq .remote "$TMP/$1.work") s=$(jq .sink "$TMP/$1.work")
	# host st-echo -> remote st-echo: K refused + N echoed out, N echoes back
	expect "$1" host "$h" "$r" tx_msgs $((N + K))
	expect "$1" host "$h" "$r" tx_bytes $((5 * N + 8 * K))
	expect "$1" host "$h" "$r" rx_msgs $N
	expect "$1" host "$h" "$r" rx_bytes $((5 * N))
	expect "$1" host "$h" "$r" drops 0
	expect "$1" remote "$r" "$h" rx_msgs $((N + K))
	expect "$1" remote "$r" "$h" rx_bytes $((5 * N + 8 * K))
	expect "$1" remote "$r" "$h" tx_msgs $N
	expect "$1" remote "$r" "$h" tx_bytes $((5 * N))
	expect "$1" remote "$r" "$h" drops $K
	# host -> st-sink (no callback): D received, D dropped
	expect "$1" host "$h" "$s" tx_msgs $D
	expect "$1" host "$h" "$s" tx_bytes $((4 * D))
	expect "$1" remote "$s" "$h" rx_msgs $D
	expect "$1" remote "$s" "$h" rx_bytes $((4 * D))
	expect "$1" remote "$s" "$h" drops $D
	expect "$1" remote "$s" "$h" tx_msgs 0
	jq -e --argjson s "$s" '[.endpoints[] | select(.side == "remote" and .local == $s)
		| .name] | unique == ["st-sink"]' "$TMP/$1.total" >/dev/null ||
		fail "$1: the sink's row is not named st-sink: $(cat "$TMP/$1.total")"
}

# hits_match NAME PROBE FIELD: PROBE's hits equal the sum of FIELD over the bus's rows, give or
# take hits of other buses of this library that the bus filter rejected (counted as filtered).
hits_match() {
	jq -e --arg p "$2" --arg f "$3" \
		'.probe_hits[$p] as $h | ([.endpoints[] | .[$f]] | add) as $n
		 | $h >= $n and $h - $n <= .filtered' "$TMP/$1.total" >/dev/null ||
		fail "$1: $2 hits $(jq ".probe_hits.$2" "$TMP/$1.total") are not the $3 of the bus"
}

run_live onehit
grep -q "receives counted from the senders' msg_send: one probe hit per message" \
	"$TMP/onehit.err" || fail "live did not say how it counts receives: $(cat "$TMP/onehit.err")"
check_table onehit
jq -e '.rx_from_senders == true and .probe_hits.msg_recv == 0 and .lost_events == 0' \
	"$TMP/onehit.total" >/dev/null || fail "statistics hit msg_recv: $(cat "$TMP/onehit.total")"
hits_match onehit msg_send tx_msgs
echo "statistics: probe hits $(jq -c .probe_hits "$TMP/onehit.total")"

run_live recv --recv-probe
check_table recv
jq -e '.rx_from_senders == false' "$TMP/recv.total" >/dev/null ||
	fail "--recv-probe still counted receives from the senders"
hits_match recv msg_send tx_msgs
hits_match recv msg_recv rx_msgs
echo "--recv-probe: probe hits $(jq -c .probe_hits "$TMP/recv.total")"
echo PASS
