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
grep -q "rpmsg-sim host: the firmware is gone: remote (pid $REMOTE) died" "$TMP/host.err" ||
	fail "the host did not say the firmware died: $(cat "$TMP/host.err")"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the host left /dev/shm/rpmsg-$BUS behind"

# The other way round: the host dies; the firmware says so and exits non-zero. The next host
# removes the stale bus by itself.
"$SIM" host --bus "$BUS" --rate 100 --quiet >"$TMP/host1.out" 2>"$TMP/host1.err" &
HOST=$!
PIDS="$HOST"
wait_until 60 test -e "/dev/shm/rpmsg-$BUS" || fail "the host did not create its bus"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote1.out" 2>"$TMP/remote1.err" &
REMOTE=$!
PIDS="$HOST $REMOTE"
wait_until 60 bound || fail "the host never bound rpmsg-raw"
kill -KILL "$HOST"
wait "$HOST" 2>/dev/null
PIDS="$REMOTE"
if wait "$REMOTE"; then
	fail "the firmware exited 0 after its host died"
fi
PIDS=""
grep -q "rpmsg-sim remote: the host is gone: host (pid $HOST) died" "$TMP/remote1.err" ||
	fail "the firmware did not say the host died: $(cat "$TMP/remote1.err")"
[ -e "/dev/shm/rpmsg-$BUS" ] || fail "expected the killed host's bus to be left behind"

# --reattach: a second firmware is served after the first one dies.
"$SIM" host --bus "$BUS" --reattach --rate 100 >"$TMP/host2.out" 2>"$TMP/host2.err" &
HOST=$!
PIDS="$HOST"
created_by_new_host() { "$SIM" status "$BUS" | grep -q "host pid $HOST (alive)"; }
wait_until 60 created_by_new_host || fail "the new host did not replace the stale bus"
grep -q "removing stale bus $BUS" "$TMP/host2.err" || fail "the host did not say it removed a stale bus"
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
