# A guest that never powers off is stopped at vboard-boot.sh's --timeout: exit status 124, and
# its QEMU is gone.
. "$(dirname "$0")/lib.sh"

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
echo "ok: a hung guest was stopped after 12 s with status 124, its QEMU gone"
