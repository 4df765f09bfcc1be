#!/bin/sh
# rpmsg-trace decode/report --kmsg on the logs make_kmsg_logs writes in the kernel's formats
# (see make_kmsg_logs.c for the session they hold): what a user reads, exact counts.
# usage: kmsgwire_check.sh CASE   (env: RPMSG_TRACE, LOGS = make_kmsg_logs' directory, DATA)
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
tmpdir_make kmsgwire
work=$TMP
out=$work/out # (fail shows both)
err=$work/err
# Every temporary trace rpmsg-trace makes goes here, so we can see it is removed.
TMPDIR=$work/tmp
export TMPDIR
mkdir "$TMPDIR"
# run EXPECTED_STATUS ARGS...: rpmsg-trace with stdout/stderr in $out/$err
run() {
	want=$1
	shift
	status=0
	"$RPMSG_TRACE" "$@" >"$out" 2>"$err" || status=$?
	[ "$status" -eq "$want" ] || fail "rpmsg-trace $* exited $status, expected $want"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "temporary trace left behind: $(ls -A "$TMPDIR")"
}
has_line() { grep -qxF "$1" "$out" || fail "missing line: $1"; }
has_err() { grep -qF "$1" "$err" || fail "stderr lacks: $1"; }
count() { grep -cF "$1" "$out"; }
session=$LOGS/session.log
summary='68 lines: 66 rpmsg, 2 other (skipped), 0 malformed; 28 events, 0 truncated dumps'

case $case_name in
decode_text)
	run 0 decode --kmsg "$session"
	# times are the log's (seconds since boot); names come from the NS lines
	has_line '[12.000003000] virtio0 kernel msg_recv 1025 -> rpmsg-ns(53) len=40 rpmsg-ns: name="rpmsg-tty" addr=1025 flags=create(0)'
	has_line '[12.000008000] virtio0 kernel ns_announce name=rpmsg-tty addr=1025 flags=0 direction=0'
	has_line '[12.000023000] virtio0 kernel msg_send 1024 -> rpmsg-tty(1025) len=5 rpmsg-tty: text="hello"'
	has_line '[12.000026000] virtio0 kernel mbox_kick channel=1'
	has_line '[12.000036000] virtio0 kernel msg_recv rpmsg-tty(1025) -> 1024 len=3 rpmsg-tty: text="ok\n"'
	has_line '[12.000045000] virtio0 kernel msg_recv rpmsg-motor(1026) -> 1027 len=8 hex: data=05dc06ff01aabbcc'
	has_line '[12.000065000] virtio0 kernel drop rpmsg-tty(1025) -> 2457 len=4 reason=1(no-recipient)'
	[ "$(wc -l <"$out")" -eq 28 ] || fail "expected 28 events"
	[ "$(count ' msg_send 1024 -> rpmsg-tty(1025) ')" -eq 3 ] || fail "3 tty sends"
	[ "$(count ' msg_recv rpmsg-motor(1026) -> 1027 ')" -eq 4 ] || fail "4 motor messages"
	# nothing lost silently: the parser's account of the log
	has_err "rpmsg-trace decode: $session: $summary"
	;;
decode_kmsg_records)
	# the same session saved from /dev/kmsg: the same events
	run 0 decode --kmsg "$LOGS/session.kmsg"
	has_line '[12.000023000] virtio0 kernel msg_send 1024 -> rpmsg-tty(1025) len=5 rpmsg-tty: text="hello"'
	has_line '[12.000065000] virtio0 kernel drop rpmsg-tty(1025) -> 2457 len=4 reason=1(no-recipient)'
	[ "$(wc -l <"$out")" -eq 28 ] || fail "expected 28 events"
	# the records' dictionary lines (" SUBSYSTEM=...") are counted as skipped
	has_err "rpmsg-trace decode: $LOGS/session.kmsg: 128 lines: 66 rpmsg, 62 other (skipped), 0 malformed; 28 events, 0 truncated dumps"
	;;
decode_endpoint)
	run 0 decode --endpoint rpmsg-tty --kmsg "$session"
	[ "$(count ' msg_send 1024 -> rpmsg-tty(1025) ')" -eq 3 ] || fail "3 tty sends"
	[ "$(count ' msg_recv rpmsg-tty(1025) -> 1024 ')" -eq 2 ] || fail "2 tty receives"
	[ "$(count 'rpmsg-motor')" -eq 0 ] || fail "motor events shown for --endpoint rpmsg-tty"
	run 0 decode --endpoint 1027 --kmsg "$session"
	[ "$(count ' msg_recv rpmsg-motor(1026) -> 1027 ')" -eq 4 ] || fail "by address: 4 receives"
	[ "$(count 'rpmsg-tty')" -eq 0 ] || fail "tty events shown for --endpoint 1027"
	;;
decode_decoders)
	run 0 decode --decoders "$DATA/motor.decoders" --endpoint rpmsg-motor --kmsg "$session"
	has_line '[12.000045000] virtio0 kernel msg_recv rpmsg-motor(1026) -> 1027 len=8 motor-status: speed_rpm=1500 current_ma=-250 state=run(1) raw=aabbcc'
	[ "$(count 'motor-status: speed_rpm=1500')" -eq 4 ] || fail "4 decoded motor messages"
	printf 'decoder d\nchannel x\nfield 0 u24 speed\nend\n' >"$work/bad.decoders"
	run 2 decode --decoders "$work/bad.decoders" --kmsg "$session"
	has_err "bad.decoders:3: unknown type 'u24'"
	;;
decode_json)
	run 0 decode --json --kmsg "$session"
	python3 - "$out" <<'EOF' || fail "JSON lines"
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
assert len(events) == 28, len(events)
assert all(e["role"] == "kernel" and e["bus"] == "virtio0" for e in events)
sends = [e for e in events if e["event"] == "msg_send" and e["dst_name"] == "rpmsg-tty"]
assert len(sends) == 3, sends
assert sends[0]["ts_ns"] == "12000023000", sends[0]  # exact decimal string (docs/events.md, Time)
assert sends[0]["decoded"]["fields"] == {"text": "hello"}, sends[0]
assert not sends[0]["decoded"]["truncated"]
drops = [e for e in events if e["event"] == "drop"]
assert len(drops) == 1 and drops[0]["src_name"] == "rpmsg-tty" and drops[0]["dst"] == 0x999
EOF
	has_err "$summary"
	;;
report_text)
	run 0 report --kmsg "$session"
	head -n 1 "$out" | grep -qxF '28 rpmsg events over 63.0us, 5 endpoints' || fail "header"
	# BUS ENDPOINT HOST REMOTE DIR MSGS BYTES ... TX-WAITS DROPS
	row() {
		awk -v n="$1" -v h="$2" -v d="$3" \
			'$2 == n && $3 == h && $5 == d { print $6, $7, $(NF - 1), $NF }' "$out"
	}
	[ "$(row rpmsg-tty 1024 tx)" = "3 15 0 0" ] || fail "rpmsg-tty tx: $(row rpmsg-tty 1024 tx)"
	[ "$(row rpmsg-tty 1024 rx)" = "2 6 0 0" ] || fail "rpmsg-tty rx: $(row rpmsg-tty 1024 rx)"
	[ "$(row rpmsg-motor 1027 rx)" = "4 32 0 0" ] || fail "rpmsg-motor rx"
	[ "$(row rpmsg-motor 1027 tx)" = "1 2 0 0" ] || fail "rpmsg-motor tx"
	[ "$(row rpmsg-tty 2457 rx)" = "0 0 0 1" ] || fail "the drop"
	has_line 'discarded events: 0'
	has_err "rpmsg-trace report: $session: $summary"
	;;
report_json)
	run 0 report --json --endpoint rpmsg-motor --kmsg "$session"
	python3 - "$out" <<'EOF' || fail "report JSON"
import json, sys
report = json.load(open(sys.argv[1]))
eps = report["endpoints"]
assert len(eps) == 1, eps
motor = eps[0]
assert (motor["name"], motor["host"], motor["remote"]) == ("rpmsg-motor", 1027, 1026), motor
assert motor["rx"]["messages"] == 4 and motor["rx"]["bytes"] == 32, motor["rx"]
assert motor["tx"]["messages"] == 1 and motor["tx"]["bytes"] == 2, motor["tx"]
assert report["discarded_events"] == 0
EOF
	;;
truncated)
	run 0 decode --kmsg "$LOGS/truncated.log"
	has_line '[12.000070000] virtio0 kernel msg_recv rpmsg-tty(1025) -> 1024 len=64 rpmsg-tty: text="0123456789abcdefghij" [truncated: 20 of 64 bytes captured]'
	has_err '73 lines: 71 rpmsg, 2 other (skipped), 0 malformed; 30 events, 1 truncated dumps'
	has_err 'marked [truncated: N of M bytes captured]'
	run 0 decode --json --kmsg "$LOGS/truncated.log"
	tail -n 1 "$out" | python3 -c '
import json, sys
e = json.loads(sys.stdin.read())
d = e["decoded"]
assert d["truncated"] and d["captured"] == 20 and d["len"] == 64, d
' || fail "truncated JSON"
	;;
stdin)
	status=0
	"$RPMSG_TRACE" report --kmsg - <"$session" >"$out" 2>"$err" || status=$?
	[ $status -eq 0 ] || fail "report --kmsg - exited $status"
	head -n 1 "$out" | grep -qxF '28 rpmsg events over 63.0us, 5 endpoints' || fail "stdin header"
	has_err "rpmsg-trace report: standard input: $summary"
	;;
errors)
	run 1 decode --kmsg "$work/no-such.log"
	has_err "rpmsg-trace decode: cannot read kernel log $work/no-such.log: No such file or directory"
	[ ! -s "$out" ] || fail "output for a missing log"
	run 1 report --kmsg "$work"
	has_err "rpmsg-trace report: $work is a directory; --kmsg takes a kernel log file"
	run 2 decode --kmsg "$session" "$work"
	has_err "rpmsg-trace decode: give either a TRACE or --kmsg FILE, not both"
	run 2 report --kmsg
	has_err "rpmsg-trace report: option --kmsg needs a value"
	if [ -c /dev/kmsg ]; then
		run 1 decode --kmsg /dev/kmsg
		has_err "rpmsg-trace decode: /dev/kmsg is a device that never ends; save the log first (dmesg > FILE)"
	fi
	run 0 decode --help
	grep -q -- '--kmsg FILE' "$out" || fail "decode --help lacks --kmsg"
	tail -n 3 "$out" | grep -q 'rpmsg-trace decode --kmsg' || fail "decode --help: no --kmsg example"
	run 0 report --help
	tail -n 1 "$out" | grep -q 'rpmsg-trace report --kmsg' || fail "report --help: no --kmsg example"
	;;
no_rpmsg_lines)
	printf '[    1.000000] e1000e eth0: NIC Link is Up\n[    2.000000] usb 1-1: new device\n' \
		>"$work/quiet.log"
	run 0 decode --kmsg "$work/quiet.log"
	[ ! -s "$out" ] || fail "events from a log without rpmsg lines"
	has_err '2 lines: 0 rpmsg, 2 other (skipped), 0 malformed; 0 events'
	has_err 'no rpmsg lines in this log: was the kernel'"'"'s rpmsg debug output on (rpmsg-ddebug on rpmsg)?'
	;;
interrupted)
	# A closed output pipe (decode | head) and SIGTERM still remove the temporary trace.
	i=0
	while [ $i -lt 2000 ]; do echo "$session"; i=$((i + 1)); done | xargs cat >"$work/long.log"
	"$RPMSG_TRACE" decode --kmsg "$work/long.log" 2>"$err" | head -n 1 >"$out"
	has_line '[12.000002000] virtio0 kernel mbox_rx channel=0'
	[ -z "$(ls -A "$TMPDIR")" ] || fail "SIGPIPE: temporary trace left behind"
	# SIGTERM while the log is still being read (a FIFO we keep open)
	mkfifo "$work/fifo"
	"$RPMSG_TRACE" decode --kmsg - <"$work/fifo" >"$out" 2>"$err" &
	pid=$!
	on_exit_kill $pid
	exec 3>"$work/fifo"
	cat "$session" >&3
	has_temporary_trace() { [ -n "$(ls -A "$TMPDIR")" ]; }
	wait_while_alive $pid "a temporary trace" 60 has_temporary_trace
	kill -TERM $pid
	status=0
	wait $pid || status=$?
	exec 3>&-
	[ $status -eq 143 ] || fail "SIGTERM: exit status $status, expected 143 (killed by SIGTERM)"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "SIGTERM: temporary trace left behind"
	;;
*)
	echo "unknown case $case_name"
	exit 2
	;;
esac
echo PASS
