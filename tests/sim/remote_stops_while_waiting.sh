#!/bin/sh
# A remote waiting for a host that never comes still obeys SIGINT, SIGTERM and --duration at
# once (the library's wait runs with the stop signals blocked), and leaves no shm or socket.
. "$(dirname "$0")/lib.sh"

# stops_within SECONDS PID: wait for PID to exit, at most SECONDS; its status in $STATUS.
stops_within() {
	wait_until "$1" sh -c "! kill -0 $2" || fail "remote (pid $2) still running after $1 s"
	wait "$2"
	STATUS=$?
}

for sig in INT TERM; do
	"$SIM" remote --bus "$BUS" --wait 0 >"$TMP/$sig.out" 2>"$TMP/$sig.err" &
	pid=$!
	PIDS="$PIDS $pid"
	sleep 0.5 # let it block in its wait for the host; the bound below is what we assert
	kill -$sig $pid
	stops_within 2 $pid
	[ "$STATUS" -eq 0 ] || fail "SIG$sig: exit $STATUS, expected 0"
	grep -q "stopped by SIG$sig while waiting for a host on bus $BUS" "$TMP/$sig.err" ||
		fail "SIG$sig: no 'stopped ... while waiting' line"
done

start=$(date +%s)
"$SIM" remote --bus "$BUS" --wait 0 --duration 1 >"$TMP/dur.out" 2>"$TMP/dur.err" &
pid=$!
PIDS="$PIDS $pid"
stops_within 5 $pid
[ "$STATUS" -eq 1 ] || fail "--duration 1 without a host: exit $STATUS, expected 1"
grep -q -- "--duration 1 s ended before a host appeared on bus $BUS" "$TMP/dur.err" ||
	fail "--duration: no clear line"
[ $(($(date +%s) - start)) -le 4 ] || fail "--duration 1 took more than 4 s"

[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "shm left behind"
[ ! -e "/tmp/rpmsg-sim-$BUS.sock" ] || fail "socket left behind"
echo "PASS"
