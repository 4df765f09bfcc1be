# The remote killed while the host is sending: the host stops within its deadline with one line
# saying what it was doing and that the peer died, and exits 1 with the counts so far.
# Arguments: echo-host ping-remote
. "$(dirname "$0")/lib.sh"

start_remote --timeout 60000
"$ECHO_HOST" --shm "$SHM" --socket "$SOCK" --messages 100000000 --timeout 60000 \
	>"$TMP/host.out" 2>"$TMP/host.err" &
HOST=$!
on_exit_kill "$HOST"
wait_while_alive "$HOST" "the host to bind the channel" 60 grep -q "^channel " "$TMP/host.out"
kill -KILL "$REMOTE"
host_gone() { ! alive "$HOST"; } # a zombie counts as gone (alive reads its state)
wait_for "the host to notice" 60 host_gone
wait "$HOST"
status=$?
[ "$status" = 1 ] || fail "host exit status $status, expected 1"
grep -Eq "^openamp-echo-host: (sending message|waiting for echo) [0-9]+: .*(died|closed)" \
	"$TMP/host.err" || fail "unclear error: $(cat "$TMP/host.err")"
[ "$(wc -l <"$TMP/host.err")" = 1 ] || fail "more than one error line: $(cat "$TMP/host.err")"
counts='^sent [0-9]+ messages \([0-9]+ bytes\), received [0-9]+ echoes \([0-9]+ bytes\), 0 errors$'
grep -Eq "$counts" "$TMP/host.out" || fail "no counts: $(cat "$TMP/host.out")"
echo "ok: $(cat "$TMP/host.err")"
