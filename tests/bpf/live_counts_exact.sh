#!/bin/sh
# test_live_counts_exact: `rpmsg-trace live` beside `rpmsg-sim demo --messages N` shows every
# channel by its name-service name with exactly rpmsg-sim's own message and byte counts, on
# both sides of the bus.
. "$(dirname "$0")/lib.sh"
need_bpf

live_beside_sim live 300 --json -i 1

total=$(grep '"type":"total"' "$TMP/live.out") || fail "no final totals line from live"
echo "$total" | jq -e '.lost_events == 0 and .map_full == 0' >/dev/null ||
	fail "counters reported lost or full maps: $total"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	for side in host remote; do
		[ $side = host ] && simside=host || simside=firmware
		for f in tx_msgs tx_bytes rx_msgs rx_bytes; do
			want=$(sim_count $simside $ch $f)
			got=$(echo "$total" | jq -r --arg s $side --arg ch $ch --arg f $f \
				'[.endpoints[] | select(.side == $s and .name == $ch) | .[$f]] | add')
			echo "$side $ch $f: live $got, rpmsg-sim $want"
			[ -n "$want" ] || fail "rpmsg-sim reported no $f for $ch"
			[ "$got" = "$want" ] || fail "$side $ch $f: live says $got, rpmsg-sim $want"
		done
	done
done
# The text table names the channels too.
live_beside_sim text 20 -i 1
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw name-service; do
	grep -q "$ch" "$TMP/text.out" || fail "text table does not name $ch"
done
grep -q "lost events 0" "$TMP/text.out" || fail "text table does not report lost events"
echo PASS
