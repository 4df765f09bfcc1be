# A host and a firmware started separately (two shells) complete the name-service handshake:
# the host binds all four channels, both sides finish --messages N and exit 0.
. "$(dirname "$0")/lib.sh"
N=100

"$SIM" host --bus "$BUS" --messages $N --rate 0 >"$TMP/host.out" 2>"$TMP/host.err" &
HOST=$!
on_exit_kill "$HOST"
wait_for "the host to create its bus" 60 "$SIM" status "$BUS"
# A second host on the same bus is refused; the running one is not disturbed.
if "$SIM" host --bus "$BUS" >"$TMP/host2.out" 2>"$TMP/host2.err"; then
	fail "a second host on bus $BUS was accepted"
fi
grep -q "bus $BUS is in use by host pid $HOST" "$TMP/host2.err" ||
	fail "second host: unclear error: $(cat "$TMP/host2.err")"
"$SIM" remote --bus "$BUS" --messages $N --rate 0 >"$TMP/remote.out" 2>"$TMP/remote.err" &
REMOTE=$!
on_exit_kill "$REMOTE"

wait "$HOST" || fail "host exited with status $?"
wait "$REMOTE" || fail "remote exited with status $?"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "^host: channel $ch bound: local address [0-9]*, remote address [0-9]*" \
		"$TMP/host.out" || fail "the host never bound $ch"
done
grep -q "^firmware: attached to bus $BUS, announced rpmsg-echo" "$TMP/remote.out" ||
	fail "the firmware did not report its announcements"
expect_counts "$TMP/host.out" host rpmsg-echo $N $N
expect_counts "$TMP/host.out" host rpmsg-raw $N $N
expect_counts "$TMP/remote.out" firmware rpmsg-tty $N 1
expect_counts "$TMP/remote.out" firmware rpmsg-sensor $N 1
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the host left /dev/shm/rpmsg-$BUS behind"
echo "ok: separate host and remote processes"
