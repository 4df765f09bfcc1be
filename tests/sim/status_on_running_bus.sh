# rpmsg-sim status on a running bus lists channels, vrings and buffers, and the bus keeps
# working: traffic goes on and the demo still ends cleanly with no errors.
. "$(dirname "$0")/lib.sh"

"$SIM" demo --bus "$BUS" --rate 200 --quiet >"$TMP/demo.out" 2>"$TMP/demo.err" &
DEMO=$!
on_exit_kill "$DEMO"

has_four_channels() {
	"$SIM" status "$BUS" >"$TMP/status.txt" 2>/dev/null &&
		grep -q 'rpmsg-raw .* remote ' "$TMP/status.txt" &&
		grep -q 'rpmsg-raw .* host ' "$TMP/status.txt"
}
wait_for "status to show the four channels" 60 has_four_channels
cp "$TMP/status.txt" "$TMP/status1.out"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "^ *$ch " "$TMP/status1.out" || fail "status does not list $ch"
done
grep -q '^  vring 0 (host RX): num [0-9]*, avail idx [0-9]*, used idx [0-9]*, in flight' \
	"$TMP/status1.out" || fail "status does not show vring 0"
grep -q '^  vring 1 (host TX): num' "$TMP/status1.out" || fail "status does not show vring 1"
grep -q 'host TX [0-9]* ([0-9]* free)' "$TMP/status1.out" || fail "status shows no free TX buffers"
grep -q 'DRIVER_OK' "$TMP/status1.out" || fail "status does not show DRIVER_OK"

# The bus keeps working while being inspected: the echo channel's counters move on.
echo_rx() {
	"$SIM" status "$BUS" --json | tr '{' '\n' | grep '"name":"rpmsg-echo","side":"remote"' |
		sed 's/.*"rx_msgs":\([0-9]*\).*/\1/'
}
first=$(echo_rx)
[ -n "$first" ] || fail "status --json has no firmware rpmsg-echo entry"
moved() { [ "$(echo_rx)" -gt "$first" ]; }
wait_for "traffic to go on while status reads the bus" 60 moved

"$SIM" list >"$TMP/list.out" || fail "list failed"
grep -q "^$BUS " "$TMP/list.out" || fail "list does not show $BUS"

kill -TERM "$DEMO"
wait "$DEMO" || fail "demo exited with status $? after SIGTERM"
grep -q '^host summary:.*stopped by' "$TMP/demo.out" || fail "no host summary after SIGTERM"
grep -q '^firmware summary:.*stopped by' "$TMP/demo.out" || fail "no firmware summary after SIGTERM"
for side in host firmware; do
	for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
		[ "$(summary_field "$TMP/demo.out" $side $ch 9)" = 0 ] || fail "$side $ch has errors"
	done
done
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo left /dev/shm/rpmsg-$BUS behind"
echo "ok: status on a running bus"
