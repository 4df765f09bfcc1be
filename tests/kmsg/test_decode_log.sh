#!/bin/sh
# rpmsg-ddebug decode-log on a dmesg capture (corpus/dmesg_session.log, written in the kernel's
# formats: see kmsg_log_writer.h): the events a user reads, one per line, and the summary.
# usage: test_decode_log.sh RPMSG_DDEBUG LOG
set -u
tool=$1
log=$2
out=$(mktemp /tmp/rpmsg-decode-log.XXXXXX)
err=$(mktemp /tmp/rpmsg-decode-log.XXXXXX)
trap 'rm -f "$out" "$err"' EXIT
fail() {
	echo "FAIL: $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; exit 1
}
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
