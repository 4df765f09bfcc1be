#!/bin/sh
# test_record_late_names: `rpmsg-trace record --bpf` started after `rpmsg-sim demo` has
# announced its channels writes the bus's directory first, as the ept_create / ns_announce
# events that named them, so the trace names all four of the demo's channels.
. "$(dirname "$0")/lib.sh"
need_bpf

start_bg sim "$SIM" demo --bus "$BUS" --json --duration 60 --rate 20
wait_for_line "$TMP/sim.out" '"type":"status"'

start_bg record "$TRACE" record --bpf -o "$TMP/trace" --bus "$BUS" --lib "$LIB" --duration 120
REC=$LAST_PID
wait_for_line "$TMP/record.err" "attached to"
# traffic of every channel (20 messages a second each) goes into the trace: two more status
# reports of the demo after the attach
reports=$(grep -c '"type":"status"' "$TMP/sim.out")
wait_while_alive $REC "two more status reports of the demo" 30 \
	lines_at_least "$TMP/sim.out" '"type":"status"' $((reports + 2))
stop_bg "$REC"
grep -q "events written to" "$TMP/record.err" || fail "record: $(cat "$TMP/record.err")"
babeltrace2 "$TMP/trace" >"$TMP/text" 2>"$TMP/bt.err" || fail "babeltrace2 cannot read the trace"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "rpmsg:\(ns_announce\|ept_create\): .* name = \"$ch\"" "$TMP/text" ||
		fail "the trace does not name $ch"
done
# The seeded names come before any message: a reader knows them from the start.
first_msg=$(grep -n "rpmsg:msg_" "$TMP/text" | head -1 | cut -d: -f1)
last_name=$(grep -n "rpmsg:ns_announce: .* name = \"rpmsg-raw\"" "$TMP/text" | head -1 | cut -d: -f1)
[ -n "$first_msg" ] || fail "no message in the trace"
[ "$last_name" -lt "$first_msg" ] || fail "names come after the first message"
echo PASS
