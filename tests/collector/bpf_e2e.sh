#!/bin/sh
# collector_bpf_e2e: the collector fed by the real BPF bus program beside `rpmsg-sim demo
# --messages N` shows every channel by its name-service name, with rpmsg-sim's own message and
# byte counts both ways (host side = sent and delivered), send->deliver latency for each
# direction that carried traffic, both vrings, and no lost or rejected events.
# Arguments: FEED SIM LIB (collector_bpf_feed, rpmsg-sim, librpmsgbus).
. "$(dirname "$0")/../include/lib.sh"
need_bpf
set -u
FEED=$1 SIM=$2 LIB=$3 BUS=coll$$
tmpdir_make collector-e2e
on_exit_run 'rm -f "/dev/shm/rpmsg-$BUS"'

"$FEED" "$LIB" "$BUS" sh -c "exec '$SIM' demo --bus $BUS --json -q --messages 300 --rate 0 \
	>'$TMP/sim.out' 2>'$TMP/sim.err'" >"$TMP/coll.json" 2>"$TMP/feed.err"
rc=$?
[ $rc -eq 77 ] && { cat "$TMP/coll.json"; exit 77; }
[ $rc -eq 0 ] || fail "feed or rpmsg-sim failed ($rc)"
cat "$TMP/feed.err"

# coll CHANNEL JQ-EXPR: EXPR summed over the collector's rows of that name
coll() {
	jq -r --arg ch "$1" "[.endpoints[] | select(.name == \$ch) | $2] | add" "$TMP/coll.json"
}

jq -e '.totals.rejected_events == 0 and .totals.lost_events == 0' "$TMP/coll.json" >/dev/null ||
	fail "rejected or lost events: $(jq -c .totals "$TMP/coll.json")"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	for pair in "host tx_msgs .tx.sent_msgs" "host tx_bytes .tx.sent_bytes" \
		"host rx_msgs .rx.delivered_msgs" "firmware tx_msgs .rx.sent_msgs" \
		"firmware rx_msgs .tx.delivered_msgs" "host tx_msgs .tx.msgs" "host rx_msgs .rx.msgs"; do
		set -- $pair
		want=$(sim_count "$1" $ch "$2")
		got=$(coll $ch "$3")
		echo "$ch $1 $2: collector $3 = $got, rpmsg-sim $want"
		[ -n "$want" ] && [ "$want" != null ] || fail "rpmsg-sim reported no $1 $2 for $ch"
		[ "$got" = "$want" ] || fail "$ch: collector $3 is $got, rpmsg-sim $1 $2 is $want"
	done
	# both sides are traced: every direction with traffic has latency samples
	for dir in tx rx; do
		n=$(coll $ch ".$dir.msgs")
		lat=$(coll $ch ".$dir.lat_samples")
		[ "$n" -eq 0 ] || [ "$lat" -gt 0 ] || fail "$ch $dir: $n messages, no latency samples"
	done
done
# the last messages carry payloads
jq -e '[.endpoints[] | select(.name == "rpmsg-tty") | .messages[]] | length > 0' \
	"$TMP/coll.json" >/dev/null || fail "no kept messages on rpmsg-tty"
# both vrings of the bus, with the ring size inferred from the driver's events
jq -e '[.vrings[] | select(.num == 256)] | length == 2' "$TMP/coll.json" >/dev/null ||
	fail "vrings: $(jq -c .vrings "$TMP/coll.json")"
echo PASS
