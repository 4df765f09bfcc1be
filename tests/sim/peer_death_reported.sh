# When the firmware dies (SIGKILL), the host says so clearly and exits non-zero; its bus is
# removed. With --reattach the host instead waits for and serves a fresh firmware.
. "$(dirname "$0")/lib.sh"

bound() { "$SIM" status "$BUS" | grep -q 'rpmsg-raw .* host '; }

# start_pair TAG: a host and a firmware on $BUS (output in $TMP/hostTAG.*, remoteTAG.*), pids in
# $HOST and $REMOTE; returns once the host has bound rpmsg-raw.
start_pair() {
	"$SIM" host --bus "$BUS" --rate 100 --quiet >"$TMP/host$1.out" 2>"$TMP/host$1.err" &
	HOST=$!
	on_exit_kill "$HOST"
	wait_for "the host to create its bus" 60 test -e "/dev/shm/rpmsg-$BUS"
	"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote$1.out" 2>"$TMP/remote$1.err" &
	REMOTE=$!
	on_exit_kill "$REMOTE"
	wait_for "the host to bind rpmsg-raw" 60 bound
}

# kill_peer VICTIM SURVIVOR ERRFILE LINE: SIGKILL VICTIM; SURVIVOR must exit non-zero and say
# LINE on its stderr (ERRFILE).
kill_peer() {
	kill -KILL "$1"
	wait "$1" 2>/dev/null
	if wait "$2"; then
		fail "pid $2 exited 0 after its peer (pid $1) died"
	fi
	grep -q "$4" "$3" || fail "pid $2 did not say its peer died: $(cat "$3")"
}

start_pair ""
kill_peer "$REMOTE" "$HOST" "$TMP/host.err" \
	"rpmsg-sim host: the firmware is gone: remote (pid $REMOTE) died"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the host left /dev/shm/rpmsg-$BUS behind"

# The other way round: the host dies; the firmware says so and exits non-zero. The next host
# removes the stale bus by itself.
start_pair 1
kill_peer "$HOST" "$REMOTE" "$TMP/remote1.err" \
	"rpmsg-sim remote: the host is gone: host (pid $HOST) died"
[ -e "/dev/shm/rpmsg-$BUS" ] || fail "expected the killed host's bus to be left behind"

# --reattach: a second firmware is served after the first one dies.
"$SIM" host --bus "$BUS" --reattach --rate 100 >"$TMP/host2.out" 2>"$TMP/host2.err" &
HOST=$!
on_exit_kill "$HOST"
created_by_new_host() { "$SIM" status "$BUS" | grep -q "host pid $HOST (alive)"; }
wait_for "the new host to replace the stale bus" 60 created_by_new_host
grep -q "removing stale bus $BUS" "$TMP/host2.err" || fail "the host did not say it removed a stale bus"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote2.out" 2>&1 &
REMOTE=$!
on_exit_kill "$REMOTE"
wait_for "the host to bind rpmsg-raw" 60 bound
kill -KILL "$REMOTE"
wait "$REMOTE" 2>/dev/null
recreated() { grep -q 'recreating bus' "$TMP/host2.out"; }
wait_for "the --reattach host to recreate its bus" 60 recreated
wait_for "the host's recreated bus" 60 test -e "/dev/shm/rpmsg-$BUS"
"$SIM" remote --bus "$BUS" --quiet >"$TMP/remote3.out" 2>&1 &
REMOTE=$!
on_exit_kill "$REMOTE"
rebound() { [ "$(grep -c 'host: channel rpmsg-raw bound' "$TMP/host2.out")" -ge 2 ]; }
wait_for "the host to bind the fresh firmware's channels" 60 rebound
kill -TERM "$HOST"
wait "$HOST" || fail "the --reattach host exited with status $? after SIGTERM"
wait "$REMOTE" 2>/dev/null
echo "ok: firmware death reported; --reattach serves a fresh firmware"
