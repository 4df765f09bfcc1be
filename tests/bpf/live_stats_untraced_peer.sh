#!/bin/sh
# test_live_stats_untraced_peer: statistics count receives from the other side's sends only when
# that side is traced. A bus whose remote runs on another copy of librpmsgbus (as the kernel or an
# OpenAMP peer would: its sends are never seen) makes `rpmsg-trace live` say so and count
# receives at the receiver (msg_recv): the host's receives are counted, not left at 0.
. "$(dirname "$0")/lib.sh"
need_bpf

mkdir -p "$TMP/copy"
cp "$LIB" "$TMP/copy/librpmsgbus.so.0"
start_bg host "$SIM" host --bus "$BUS" --rate 100 --json -q
HOST=$LAST_PID
wait_while_alive $HOST "the host to create its bus" 60 test -e "/dev/shm/rpmsg-$BUS"
# the remote loads the copy instead of the traced library (rpmsg-sim's RUNPATH comes after
# LD_LIBRARY_PATH; LD_PRELOAD would break a sanitizer build, whose runtime must load first)
start_bg remote env LD_LIBRARY_PATH="$TMP/copy" "$SIM" remote --bus "$BUS" --rate 100 --json -q
REMOTE=$LAST_PID
wait_while_alive $REMOTE "the remote to attach" 60 \
	sh -c "'$SIM' status '$BUS' | grep -q 'remote pid $REMOTE (alive)'"
grep -q "$TMP/copy/librpmsgbus.so.0" "/proc/$REMOTE/maps" ||
	fail "the remote does not run on the copy of the library"

start_bg live "$TRACE" live --json -i 1 --duration 120 --bus "$BUS" --lib "$LIB"
LIVE=$LAST_PID
wait_for_line "$TMP/live.err" "attached to"
grep -q "receives counted at the receivers (msg_recv): bus $BUS: its remote (pid $REMOTE) does not map" \
	"$TMP/live.err" || fail "live did not say why it counts receives at the receivers"
# the firmware streams sensor samples to the host: the host's receives grow
wait_while_alive $LIVE "the host's receives in live's output" 60 \
	grep -q '"side":"host",[^}]*"rx_msgs":[1-9]' "$TMP/live.out"
stop_bg $LIVE
total=$(grep '"type":"total"' "$TMP/live.out") || fail "no totals from live"
echo "$total" | jq -e '.rx_from_senders == false and .probe_hits.msg_recv > 0' >/dev/null ||
	fail "receives were not counted at the receiver: $total"
echo "$total" | jq -e '[.endpoints[] | select(.side == "host") | .rx_msgs] | add > 0' \
	>/dev/null || fail "the host's receives are 0: $total"
echo "$total" | jq -e '[.endpoints[] | select(.side != "host")] | length == 0' >/dev/null ||
	fail "the untraced remote has rows: $total"
echo "host receives: $(echo "$total" | jq '[.endpoints[] | .rx_msgs] | add'), msg_recv hits: \
$(echo "$total" | jq .probe_hits.msg_recv)"
echo PASS
