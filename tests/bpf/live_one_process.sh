#!/bin/sh
# test_live_one_process: `rpmsg-trace live --pid PID` watches one process: with the host and the
# firmware of a bus in separate processes, only the host's side is counted, exactly.
. "$(dirname "$0")/lib.sh"
need_bpf
N=100

start_bg host "$SIM" host --bus "$BUS" --messages $N --rate 0 --json -q
HOST=$LAST_PID
# The host maps librpmsgbus once it runs; wait for its bus to exist.
wait_while_alive $HOST "the host to create its bus" 60 test -e "/dev/shm/rpmsg-$BUS"
start_bg live "$TRACE" live --json -i 1 --duration 120 --pid $HOST
LIVE=$LAST_PID
wait_for_line "$TMP/live.err" "attached to .*(one process)"
"$SIM" remote --bus "$BUS" --messages $N --rate 0 --json -q >"$TMP/remote.out" 2>"$TMP/remote.err" ||
	fail "rpmsg-sim remote failed"
wait $HOST || fail "rpmsg-sim host failed"
stop_bg "$LIVE"

total=$(grep '"type":"total"' "$TMP/live.out") || fail "no totals from live --pid"
echo "$total" | jq -e '[.endpoints[] | select(.side != "host")] | length == 0' >/dev/null ||
	fail "live --pid counted another process: $total"
cp "$TMP/host.out" "$TMP/sim.out"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	for f in tx_msgs rx_msgs; do
		want=$(sim_count host $ch $f)
		got=$(echo "$total" | jq -r --arg ch $ch --arg f $f \
			'[.endpoints[] | select(.name == $ch) | .[$f]] | add')
		echo "host $ch $f: live $got, rpmsg-sim $want"
		[ "$got" = "$want" ] || fail "host $ch $f: live says $got, rpmsg-sim $want"
	done
done
echo PASS
