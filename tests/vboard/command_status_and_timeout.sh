# vboard-boot.sh runs the command given to it in the guest and exits with its status; its
# output arrives whole on the output port; a guest that never powers off is stopped at
# --timeout (status 124) and its QEMU is gone.
. "$(dirname "$0")/lib.sh"

boot status --no-device --cmd "echo 'one  two'; echo to-stderr >&2; exit 3"
[ "$status" = 3 ] || fail "vboard-boot.sh exited $status, the command 3"
expect_line "$TMP/status.out" "one  two"
expect_line "$TMP/status.out" "to-stderr"
expect_line "$TMP/status.out" "vboard: exit 3"
expect_line "$TMP/status.console" "vboard: exit 3"
console_clean "$TMP/status.console"

# The guest waits for ever; the boot is bounded (whether or not the command started by then).
sh "$BOOT" --kit "$KIT" --no-device --console "$TMP/hang.console" --output "$TMP/hang.out" \
	--pidfile "$TMP/hang.pid" --timeout 12 --cmd 'echo waiting; sleep 1000' >"$TMP/hang.log" 2>&1 &
runner=$!
on_exit_kill $runner
wait_for "QEMU's pid file" 60 test -s "$TMP/hang.pid"
qemu=$(cat "$TMP/hang.pid")
status=0
wait $runner || status=$?
[ "$status" = 124 ] || fail "a hung guest gave status $status, expected 124"
! kill -0 "$qemu" 2>/dev/null || fail "QEMU (pid $qemu) still runs after the timeout"
echo "ok: the command's status (3) and output came back; a hung guest was stopped with 124"
