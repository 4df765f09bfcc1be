# rpmsg-top --kmsg: a kernel log with virtio_rpmsg_bus dynamic-debug lines, replayed as fast as
# possible in batch mode: the announced channel is named, its messages counted exactly, the
# undelivered message counted as a drop, its row flagged by the doctor (no-recipient).
. "$(dirname "$0")/lib.sh"
cat >"$TMP/dmesg.log" <<'LOG'
[    1.000000] remoteproc remoteproc0: registered virtio0 (type 7)
[    2.000000] virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x401
[    3.000000] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 5, Flags 0, Reserved 0
[    3.100000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x400, Len: 12, Flags: 0, Reserved: 0
[    3.200000] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 7, Flags 0, Reserved 0
[    3.300000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x400, Len: 12, Flags: 0, Reserved: 0
[    3.400000] e1000 eth0: link up
[    4.000000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x999, Len: 3, Flags: 0, Reserved: 0
[    4.000001] virtio_rpmsg_bus virtio0: msg received with no recipient
[    4.500000] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 9, Flags 0, Reserved 0
LOG
timeout 60 "$TOP" -b --kmsg "$TMP/dmesg.log" --speed 0 -i 10 >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top --kmsg exited with status $? ($(cat "$TMP/err"))"
[ "$(grep -c '^rpmsg-top refresh' "$TMP/out")" -eq 1 ] || fail "expected one table (10 s of log)"
grep -q "source: kernel log $TMP/dmesg.log" "$TMP/out" || fail "not the kernel-log source"
grep -q "lost 0 rejected 0" "$TMP/out" || fail "events lost or rejected"
grep -Eq '^rpmsg-tty +1024->1025 .* 3 +2$' "$TMP/out" || fail "rpmsg-tty: not 3 sent, 2 received"
# that row is flagged by the doctor's no-recipient rule, after its last column
drops=$(awk '$2 == "2457->1025" && $(NF-1) == "!" && $NF == "no-recipient" { print $(NF-4) }' \
	"$TMP/out")
[ "$drops" = 1 ] || fail "the message with no recipient is not one flagged drop ('$drops')"
grep -q '^finding: no-recipient (error) on rpmsg-tty (host 2457 <-> remote 1025): 1 message ' \
	"$TMP/out" || fail "no no-recipient finding line"
echo "ok: kernel log replay"
