#!/bin/sh
# rpmsg-ddebug decode-log on a dmesg capture (corpus/dmesg_session.log, written in the kernel's
# formats: see kmsg_log_writer.h): the events a user reads, one per line, and the summary.
# usage: test_decode_log.sh RPMSG_DDEBUG LOG|live
. "$(dirname "$0")/../include/lib.sh"
set -u
tool=$1
log=$2
tmpdir_make decode-log
out=$TMP/out # (fail shows both)
err=$TMP/err
if [ "$log" = live ]; then
	# decode-log --live on the real /dev/kmsg: records written there (root) come out as events
	[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable (needs root)"
	"$tool" decode-log --live --count 2 >"$out" 2>"$err" &
	pid=$!
	on_exit_kill $pid
	# wait until it has /dev/kmsg open, so it sees what we write next
	has_kmsg_open() { ls -l /proc/$pid/fd 2>/dev/null | grep -q /dev/kmsg; }
	wait_while_alive $pid "decode-log --live to open /dev/kmsg" 60 has_kmsg_open
	tag=$$
	printf '<7>remoteproc remoteproc%s: kicking vq index: 1\n' "$tag" >/dev/kmsg
	printf '<7>remoteproc remoteproc%s: vq index 0 is interrupted\n' "$tag" >/dev/kmsg
	not_alive() { ! alive $pid; }
	wait_for "decode-log --live --count 2 to stop" 60 not_alive
	wait $pid || fail "decode-log --live exited $?"
	grep -q "remoteproc$tag mbox_kick channel 1\$" "$out" || fail "live kick"
	grep -q "remoteproc$tag mbox_rx channel 0\$" "$out" || fail "live interrupt"
	echo PASS
	exit 0
fi
"$tool" decode-log "$log" >"$out" 2>"$err" || fail "decode-log exited $?"
grep -qx '\[   12.345678\] virtio0 msg_send src 0x400 dst 0x401 len 5 flags 0 payload 68 65 6c 6c 6f (5 of 5 bytes)' "$out" ||
	fail "msg_send line"
grep -qx '\[   12.345690\] virtio0 mbox_kick channel 1' "$out" || fail "mbox_kick line"
grep -qx '\[   12.400005\] virtio0 ns_announce name "rpmsg-tty" addr 0x401 create received' "$out" ||
	fail "ns_announce line"
grep -qx '\[   14.000000\] virtio0 drop src 0x401 dst 0x999 len 3 reason no-recipient' "$out" ||
	fail "drop line"
[ "$(wc -l <"$out")" -eq 5 ] || fail "expected 5 events"
grep -q '17 lines: 16 rpmsg, 1 other (skipped), 0 malformed; 5 events, 0 truncated dumps' "$err" ||
	fail "summary"
# standard input works too, and a missing file is a clear error
"$tool" decode-log - <"$log" >"$out" 2>"$err" || fail "decode-log - exited $?"
[ "$(wc -l <"$out")" -eq 5 ] || fail "stdin: expected 5 events"
"$tool" decode-log /nonexistent/log >"$out" 2>"$err" && fail "a missing file must fail"
grep -q 'cannot read /nonexistent/log: No such file or directory' "$err" || fail "missing file message"
echo PASS
