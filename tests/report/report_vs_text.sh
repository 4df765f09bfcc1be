#!/bin/sh
# rpmsg-trace report --json against babeltrace2's text output of the same recording
# (rpmsg-sim demo, N messages per stream, recorded with --blocking: nothing discarded):
# - the events counted are the rpmsg:* lines babeltrace2 prints;
# - first_ns / last_ns are the first and last event times babeltrace2 prints (--clock-seconds);
# - the messages and bytes of every row add up to the msg_send lines and the sum of their len;
# - each of the demo's streams (echo both ways, sensor, tty and raw to the host, raw to the
#   remote) has exactly N messages, and the trace has 4 name-service announcements.
#
#   report_vs_text.sh RPMSG_TRACE RPMSG_SIM IN_PRIVATE_LTTNG
. "$(dirname "$0")/../include/lib.sh"
set -u
rpmsg_trace=$1
rpmsg_sim=$2
private_lttng=$3
N=300
need_root "recording with LTTng"
command -v babeltrace2 >/dev/null || skip "babeltrace2 is not installed"
command -v jq >/dev/null || fail "jq is needed to read report --json"
tmpdir_make report-vs-text
trace=$TMP/trace

sh "$private_lttng" "$rpmsg_trace" record -o "$trace" --blocking -- \
	"$rpmsg_sim" demo --messages "$N" --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
	fail "recording rpmsg-sim demo failed"
grep -q '^rpmsg-trace record: 0 events discarded' "$TMP/record.log" ||
	fail "the recording discarded events"

"$rpmsg_trace" report --json "$trace" >"$TMP/report.out" 2>"$TMP/report.err" ||
	fail "report --json exited with status $?"
babeltrace2 --clock-seconds "$trace" >"$TMP/text.out" 2>"$TMP/text.err" ||
	fail "babeltrace2 could not read the recording"
grep ' rpmsg:' "$TMP/text.out" >"$TMP/rpmsg.txt"

events=$(jq -r .events "$TMP/report.out")
lines=$(grep -c '' "$TMP/rpmsg.txt")
[ "$events" -eq "$lines" ] || fail "report counted $events events, babeltrace2 printed $lines"

# "[1796480632.484572249] ..." -> 1796480632484572249
stamp() { sed -n "${1}s/^\[\([0-9]*\)\.\([0-9]*\)\].*/\1\2/p" "$TMP/rpmsg.txt"; }
first=$(stamp 1)
last=$(stamp '$')
[ "$(jq -r .first_ns "$TMP/report.out")" = "$first" ] ||
	fail "first_ns $(jq -r .first_ns "$TMP/report.out"), babeltrace2's first event at $first"
[ "$(jq -r .last_ns "$TMP/report.out")" = "$last" ] ||
	fail "last_ns $(jq -r .last_ns "$TMP/report.out"), babeltrace2's last event at $last"

sends=$(grep -c 'rpmsg:msg_send:' "$TMP/rpmsg.txt")
send_bytes=$(grep 'rpmsg:msg_send:' "$TMP/rpmsg.txt" | sed 's/.* len = \([0-9]*\).*/\1/' |
	awk '{ s += $1 } END { print s + 0 }')
messages=$(jq '[.endpoints[] | .tx.messages + .rx.messages] | add' "$TMP/report.out")
bytes=$(jq '[.endpoints[] | .tx.bytes + .rx.bytes] | add' "$TMP/report.out")
[ "$messages" -eq "$sends" ] || fail "report counted $messages messages, the trace has $sends msg_send"
[ "$bytes" -eq "$send_bytes" ] || fail "report counted $bytes bytes, msg_send len adds up to $send_bytes"

# name DIR: the messages of the row of that endpoint name, in that direction
row() { jq -r --arg n "$1" "[.endpoints[] | select(.name == \$n) | .$2.messages] | add" \
	"$TMP/report.out"; }
for want in "rpmsg-echo tx" "rpmsg-echo rx" "rpmsg-sensor rx" "rpmsg-tty rx" "rpmsg-raw tx" \
	"rpmsg-raw rx"; do
	# shellcheck disable=SC2086 # name and direction
	got=$(row $want)
	[ "$got" = "$N" ] || fail "$want: $got messages, the demo sent $N"
done
announced=$(row name-service rx)
[ "$announced" = 4 ] || fail "name-service rx: $announced announcements, the demo made 4"
echo "report: $events events, $messages messages, $bytes bytes, as babeltrace2 reads them"
