#!/bin/sh
# collector_bpf_e2e: the collector fed by the real BPF bus program beside `rpmsg-sim demo
# --messages N` shows every channel by its name-service name, with rpmsg-sim's own message and
# byte counts both ways (host side = sent and delivered), send->deliver latency for each
# direction that carried traffic, both vrings, and no lost or rejected events.
# Arguments: FEED SIM LIB (collector_bpf_feed, rpmsg-sim, librpmsgbus).
set -u
FEED=$1
SIM=$2
LIB=$3
BUS=coll$$
TMP=$(mktemp -d /tmp/rpmsg-collector-e2e.XXXXXX)
trap 'rm -rf "$TMP"; rm -f "/dev/shm/rpmsg-$BUS"' EXIT

fail() {
	echo "FAIL: $*"
	tail -30 "$TMP/feed.err" 2>/dev/null
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: BPF needs root"
	exit 77
fi
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "SKIP: the kernel has no BTF (/sys/kernel/btf/vmlinux)"
	exit 77
fi
command -v jq >/dev/null || fail "jq is needed to read the JSON output"

"$FEED" "$LIB" "$BUS" sh -c "exec '$SIM' demo --bus $BUS --json -q --messages 300 --rate 0 \
	>'$TMP/sim.out' 2>'$TMP/sim.err'" >"$TMP/coll.json" 2>"$TMP/feed.err"
rc=$?
[ $rc -eq 77 ] && { cat "$TMP/coll.json"; exit 77; }
[ $rc -eq 0 ] || { tail -5 "$TMP/sim.err"; fail "feed or rpmsg-sim failed ($rc)"; }
cat "$TMP/feed.err"

# sim SIDE CHANNEL FIELD: rpmsg-sim's own count
sim() {
	jq -r --arg side "$1" --arg ch "$2" --arg f "$3" \
		'select(.type == "summary" and .side == $side) | .channels[] |
		 select(.name == $ch) | .[$f]' "$TMP/sim.out"
}
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
		want=$(sim "$1" $ch "$2")
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
