# openamp-echo-host against openamp-ping-remote, both with OpenAMP's geometry from the one
# header: the remote's table is OpenAMP's (field by field), then N messages of varied sizes come
# back byte for byte and in order with exact counts on both sides, the host's shutdown message
# ends the remote, both exit 0 and nothing is left in /dev/shm or beside the socket.
# Arguments: echo-host ping-remote table-check N WINDOW
. "$(dirname "$0")/lib.sh"
TABLE_CHECK=$3
N=$4
WINDOW=$5
BYTES=$(expected_bytes "$N")

start_remote --timeout 60000
"$TABLE_CHECK" "$SHM" >"$TMP/table.out" 2>&1 || fail "table check: $(cat "$TMP/table.out")"
"$ECHO_HOST" --shm "$SHM" --socket "$SOCK" --messages "$N" --window "$WINDOW" --timeout 60000 \
	>"$TMP/host.out" 2>"$TMP/host.err" || fail "the host exited with status $?"
wait "$REMOTE" || fail "the remote exited with status $?"

expect_line "$TMP/host.out" \
	"channel rpmsg-openamp-demo-channel: local address 1024, remote address 1024"
expect_line "$TMP/host.out" \
	"sent $N messages ($BYTES bytes), received $N echoes ($BYTES bytes), 0 errors"
expect_line "$TMP/remote.out" "announced rpmsg-openamp-demo-channel at address 1024; echoing"
expect_line "$TMP/remote.out" "echoed $N messages ($BYTES bytes), 0 send errors"
expect_line "$TMP/remote.out" "the host sent the shutdown message"
[ ! -s "$TMP/host.err" ] || fail "the host wrote errors: $(cat "$TMP/host.err")"
[ ! -s "$TMP/remote.err" ] || fail "the remote wrote errors: $(cat "$TMP/remote.err")"
expect_gone
echo "ok: $N echoes (window $WINDOW, $BYTES bytes) both ways; $(cat "$TMP/table.out")"
