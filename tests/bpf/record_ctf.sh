#!/bin/sh
# test_record_ctf: `rpmsg-trace record --bpf -o DIR -- rpmsg-sim demo ...` writes a CTF trace
# that babeltrace2 reads back, with docs/events.md's event names and fields and one msg_send /
# msg_recv per message rpmsg-sim counted.
. "$(dirname "$0")/lib.sh"
need_bpf
N=100

"$TRACE" record --bpf -o "$TMP/trace" --bus "$BUS" --lib "$LIB" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --json -q >"$TMP/sim.out" 2>"$TMP/record.err" ||
	fail "record --bpf failed"
cat "$TMP/record.err"
grep -q ", 0 lost" "$TMP/record.err" || fail "record did not report its lost events (0 here)"
babeltrace2 "$TMP/trace" >"$TMP/text" 2>"$TMP/bt.err" || fail "babeltrace2 cannot read the trace"
for ev in msg_send msg_recv ns_announce ept_create vring_add vring_get mbox_kick; do
	grep -q "rpmsg:$ev: " "$TMP/text" || fail "no rpmsg:$ev event in the trace"
done
grep -q 'rpmsg:msg_send: { vpid = [0-9]*, vtid = [0-9]* }, { bus = "'"$BUS"'", role = 0, src = [0-9]*, dst = [0-9]*, len = [0-9]*, flags = [0-9]*, _payload_length = [0-9]*, payload = \[' \
	"$TMP/text" || fail "msg_send fields differ from docs/events.md"
grep -q 'rpmsg:ns_announce: .* name = "rpmsg-echo", addr = [0-9]*, flags = 0, direction = 1 }' \
	"$TMP/text" || fail "ns_announce fields differ from docs/events.md"
sent=$(grep -c "rpmsg:msg_send: " "$TMP/text")
want=$(jq -s '[.[] | select(.type == "summary") | .channels[].tx_msgs] | add' "$TMP/sim.out")
# Plus the name-service announcements, which are messages too.
ns=$(grep "rpmsg:msg_send: " "$TMP/text" | grep -c "dst = 53,")
echo "msg_send events: $sent ($ns to the name service), rpmsg-sim sent $want"
[ $((sent - ns)) -eq "$want" ] || fail "trace has $((sent - ns)) messages, rpmsg-sim sent $want"
echo PASS
