# When the firmware dies (SIGKILL), the host says so clearly and exits non-zero; its bus is
# removed. With --reattach the host instead waits for and serves a fresh firmware.
. "$(dirname "$0")/lib.sh"

"$SIM" host --bus "$BUS" --rate 100 --quiet >"$TMP/host.out" 2>"$TMP/host.err" &
HOST=$!
PIDS="$HOST"
wait_until 60 test -e "/dev/shm/rpmsg-$BUS" || fail "the host did not create its bus"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote.out" 2>"$TMP/remote.err" &
REMOTE=$!
PIDS="$HOST $REMOTE"
bound() { "$SIM" status "$BUS" | grep -q 'rpmsg-raw .* host '; }
wait_until 60 bound || fail "the host never bound rpmsg-raw"

kill -KILL "$REMOTE"
wait "$REMOTE" 2>/dev/null
PIDS="$HOST"
if wait "$HOST"; then
	fail "the host exited 0 after its firmware died"
fi
PIDS=""
grep -q "rpmsg-sim host: the firmware died" "$TMP/host.err" ||
	fail "the host did not say the firmware died: $(cat "$TMP/host.err")"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the host left /dev/shm/rpmsg-$BUS behind"

# --reattach: a second firmware is served after the first one dies.
"$SIM" host --bus "$BUS" --reattach --rate 100 >"$TMP/host2.out" 2>"$TMP/host2.err" &
HOST=$!
PIDS="$HOST"
wait_until 60 test -e "/dev/shm/rpmsg-$BUS" || fail "the host did not create its bus"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote2.out" 2>&1 &
REMOTE=$!
PIDS="$HOST $REMOTE"
wait_until 60 bound || fail "the host never bound rpmsg-raw"
kill -KILL "$REMOTE"
wait "$REMOTE" 2>/dev/null
recreated() { grep -q 'recreating bus' "$TMP/host2.out"; }
wait_until 60 recreated || fail "--reattach host did not recreate its bus"
wait_until 60 test -e "/dev/shm/rpmsg-$BUS" || fail "the host did not recreate its bus"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote3.out" 2>&1 &
REMOTE=$!
PIDS="$HOST $REMOTE"
rebound() { [ "$(grep -c 'host: channel rpmsg-raw bound' "$TMP/host2.out")" -ge 2 ]; }
wait_until 60 rebound || fail "the host did not bind the fresh firmware's channels"
kill -TERM "$HOST"
wait "$HOST" || fail "the --reattach host exited with status $? after SIGTERM"
wait "$REMOTE" 2>/dev/null
PIDS=""
echo "ok: firmware death reported; --reattach serves a fresh firmware"
