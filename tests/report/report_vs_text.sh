#!/bin/sh
# rpmsg-trace report --json against babeltrace2's text output of the same trace:
# - the events counted are the rpmsg:* lines babeltrace2 prints;
# - first_ns / last_ns are the first and last event times babeltrace2 prints (--clock-seconds);
# - the messages and bytes of every row add up to the msg_send lines and the sum of their len;
# - every stream of the workload has exactly the messages it sent.
#
#   report_vs_text.sh fixture RPMSG_TRACE TRACE
#	tests/bt2's recording of trace_fixture (its sequence: tests/bt2/trace_fixture.c)
#   report_vs_text.sh sim RPMSG_TRACE RPMSG_SIM IN_PRIVATE_LTTNG
#	a recording of rpmsg-sim demo, N messages per stream, made here (--blocking: nothing
#	discarded)
. "$(dirname "$0")/../include/lib.sh"
set -u
mode=$1
rpmsg_trace=$2
command -v babeltrace2 >/dev/null || skip "babeltrace2 is not installed"
command -v jq >/dev/null || fail "jq is needed to read report --json"
tmpdir_make report-vs-text
case $mode in
fixture)
	trace=$3
	[ -n "$(find "$trace" -name metadata 2>/dev/null)" ] ||
		skip "no fixture trace in $trace (bt2_record_fixture skipped)"
	# "NAME DIR MESSAGES": the fixture's streams
	streams="rpmsg-tty:tx:1 rpmsg-tty:rx:3 rpmsg-sensor:rx:4 rpmsg-echo:tx:2 rpmsg-echo:rx:2
		rpmsg-motor:rx:2 name-service:rx:5" # 4 announcements and rpmsg-echo's destruction
	;;
sim)
	rpmsg_sim=$3
	private_lttng=$4
	N=300
	need_root "recording with LTTng"
	trace=$TMP/trace
	sh "$private_lttng" "$rpmsg_trace" record -o "$trace" --blocking -- \
		"$rpmsg_sim" demo --messages "$N" --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
		fail "recording rpmsg-sim demo failed"
	grep -q '^rpmsg-trace record: 0 events discarded' "$TMP/record.log" ||
		fail "the recording discarded events"
	streams="rpmsg-echo:tx:$N rpmsg-echo:rx:$N rpmsg-sensor:rx:$N rpmsg-tty:rx:$N
		rpmsg-raw:tx:$N rpmsg-raw:rx:$N name-service:rx:4"
	;;
*)
	fail "usage: report_vs_text.sh fixture|sim ..."
	;;
esac

"$rpmsg_trace" report --json "$trace" >"$TMP/report.out" 2>"$TMP/report.err" ||
	fail "report --json exited with status $?"
babeltrace2 --clock-seconds "$trace" >"$TMP/text.out" 2>"$TMP/text.err" ||
	fail "babeltrace2 could not read the trace"
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
[ "$messages" -eq "$sends" ] ||
	fail "report counted $messages messages, the trace has $sends msg_send"
[ "$bytes" -eq "$send_bytes" ] ||
	fail "report counted $bytes bytes, msg_send len adds up to $send_bytes"

# row NAME DIR: the messages of the rows of that endpoint name, in that direction
row() { jq -r --arg n "$1" "[.endpoints[] | select(.name == \$n) | .$2.messages] | add" \
	"$TMP/report.out"; }
for stream in $streams; do
	name=${stream%%:*}
	rest=${stream#*:}
	got=$(row "$name" "${rest%%:*}")
	[ "$got" = "${rest#*:}" ] ||
		fail "$name ${rest%%:*}: $got messages, the workload sent ${rest#*:}"
done
echo "report: $events events, $messages messages, $bytes bytes, as babeltrace2 reads them"
