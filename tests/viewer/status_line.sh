# An empty table says why (issue 13 item 5): for a --bus that does not exist, the screen draws
# "status: bus NAME not found ..." where the rows would be (not "no channels yet"), batch prints
# the same "status:" line under the table header in every frame, the reason once on stderr, and
# exits 1. --introspect: no root needed.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || fail "tmux is needed"
BUS=$(bus_name missing)

status=0
timeout 120 "$TOP" -b -n 2 -i 0.2 --introspect --bus "$BUS" >"$TMP/out" 2>"$TMP/err" ||
	status=$?
[ $status -eq 1 ] || fail "batch on a missing bus exited $status, expected 1"
[ "$(grep -c "^status: bus $BUS not found" "$TMP/out")" -eq 2 ] ||
	fail "not one status line per frame naming the bus: $(cat "$TMP/out")"
[ "$(grep -c "^rpmsg-top: bus $BUS not found" "$TMP/err")" -eq 1 ] ||
	fail "the reason not once on stderr: $(cat "$TMP/err")"

# the screen: the status in place of the rows, and nothing claims "no channels yet"
tmux_start 160 30 sh -c "LANG=C.UTF-8 '$TOP' --introspect --bus '$BUS'; echo EXIT=\$?; sleep 600"
wait_screen "^ status: bus $BUS not found"
screen_lacks "no channels yet" || fail "the screen still says 'no channels yet'"
keys q
wait_screen 'EXIT=0'
echo "ok: the status says why the table is empty"
