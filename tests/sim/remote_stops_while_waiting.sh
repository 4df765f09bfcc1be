#!/bin/sh
# A remote waiting for a host that never comes still obeys SIGINT, SIGTERM and --duration at
# once (the library's wait runs with the stop signals blocked), and leaves no shm or socket.
. "$(dirname "$0")/lib.sh"

# stops_within SECONDS PID: wait for PID to exit, at most SECONDS; its status in $STATUS.
stops_within() {
	wait_for "remote (pid $2) to stop" "$1" not_alive "$2"
	wait "$2"
	STATUS=$?
}
not_alive() { ! alive "$1"; }

# blocks_stop_signals PID: SIGINT (bit 1) and SIGTERM (bit 14) are in its blocked mask: from then
# on a stop signal is taken by its wait for the host instead of killing it.
blocks_stop_signals() {
	# the low 16 bits of the mask are enough (and stay in range of shell arithmetic)
	mask=$(awk '$1 == "SigBlk:" { print substr($2, length($2) - 3) }' "/proc/$1/status" \
		2>/dev/null) || return 1
	[ -n "$mask" ] && [ $((0x$mask & 0x4002)) -eq $((0x4002)) ]
}

for sig in INT TERM; do
	"$SIM" remote --bus "$BUS" --wait 0 >"$TMP/$sig.out" 2>"$TMP/$sig.err" &
	pid=$!
	on_exit_kill "$pid"
	wait_for "remote (pid $pid) to block its stop signals" 30 blocks_stop_signals $pid
	kill -$sig $pid
	stops_within 2 $pid
	[ "$STATUS" -eq 0 ] || fail "SIG$sig: exit $STATUS, expected 0"
	grep -q "stopped by SIG$sig while waiting for a host on bus $BUS" "$TMP/$sig.err" ||
		fail "SIG$sig: no 'stopped ... while waiting' line"
done

start=$(date +%s)
"$SIM" remote --bus "$BUS" --wait 0 --duration 1 >"$TMP/dur.out" 2>"$TMP/dur.err" &
pid=$!
on_exit_kill "$pid"
stops_within 5 $pid
[ "$STATUS" -eq 1 ] || fail "--duration 1 without a host: exit $STATUS, expected 1"
grep -q -- "--duration 1 s ended before a host appeared on bus $BUS" "$TMP/dur.err" ||
	fail "--duration: no clear line"
[ $(($(date +%s) - start)) -le 4 ] || fail "--duration 1 took more than 4 s"

[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "shm left behind"
[ ! -e "/tmp/rpmsg-sim-$BUS.sock" ] || fail "socket left behind"
echo "PASS"
