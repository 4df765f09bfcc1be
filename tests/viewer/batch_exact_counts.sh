# rpmsg-top -b over `rpmsg-sim demo --messages N`: one plain table once the demo ends, with every
# channel named and the exact message counts of the workload, nothing lost, no escape sequence.
. "$(dirname "$0")/lib.sh"
need_root "the BPF source (exact counts come from the bus's probes)"
N=200
BUS=$(bus_name b)

timeout 300 "$TOP" -b -n 1 -i 600 --demo --bus "$BUS" --demo-log "$TMP/demo.log" \
	-- --messages $N --rate 0 \
	>"$TMP/out" 2>"$TMP/err" || fail "rpmsg-top exited with status $? ($(cat "$TMP/err"))"

grep -q "source: BPF on USDT probes" "$TMP/out" || fail "not the BPF source"
grep -q "lost 0 rejected 0" "$TMP/out" || fail "events were lost or rejected"
! grep -q "$(printf '\033')" "$TMP/out" || fail "batch output holds escape sequences"
grep -q '^NAME  *ADDR^  *TX/s  *RX/s  *SIZE  *TXB/s  *RXB/s  *P50  *P99  *WAITS  *DROPS  *TXMSGS  *RXMSGS$' \
	"$TMP/out" || fail "table header is not the expected one"
# host -> firmware: N echo requests, one start message on tty and sensor, N raw blocks; back: N each
[ "$(row_counts rpmsg-echo "$TMP/out")" = "$N $N" ] || fail "rpmsg-echo counts"
[ "$(row_counts rpmsg-tty "$TMP/out")" = "1 $N" ] || fail "rpmsg-tty counts"
[ "$(row_counts rpmsg-sensor "$TMP/out")" = "1 $N" ] || fail "rpmsg-sensor counts"
[ "$(row_counts rpmsg-raw "$TMP/out")" = "$N $N" ] || fail "rpmsg-raw counts"
awk '$1 == "rpmsg-raw" { exit $5 != 496 }' "$TMP/out" || fail "rpmsg-raw's SIZE is not 496 bytes"
# the four channel rows come first (address order), name-service rows after them
awk '/^NAME/ { t = 1; next } t && NF { print $1 }' "$TMP/out" | head -4 | tr '\n' ' ' >"$TMP/order"
[ "$(cat "$TMP/order")" = "rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw " ] ||
	fail "row order: $(cat "$TMP/order")"
grep -q "^total tx $((2 * N + 2)) msgs .* rx $((4 * N + 4)) msgs" "$TMP/out" ||
	fail "totals are not $((2 * N + 2)) / $((4 * N + 4)) messages"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo's bus was left behind"
echo "ok: batch table with exact counts"
