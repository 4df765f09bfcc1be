#!/bin/sh
# test_live_messages_payloads: `rpmsg-trace live --messages --json` shows each message with its
# payload: on rpmsg-echo the host's request, the firmware's echo and the host's received reply
# carry the same bytes, message by message; names come from name service; the tail reports
# lost records.
. "$(dirname "$0")/lib.sh"
need_bpf
N=50

live_beside_sim live $N --messages --json -c 496

out=$TMP/live.out
grep -q '"lost_events":0,' "$TMP/live.err" || fail "no lost_events summary (0) on stderr"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	jq -e -s --arg ch $ch '[.[] | select(.event == "ns_announce" and .name == $ch and
		.role == 1 and .direction == 1)] | length == 1' "$out" >/dev/null ||
		fail "not one ns_announce of $ch from the firmware"
done
# Payloads are decoded by channel: name-service announcements and rpmsg-tty text.
jq -e -s '[.[] | select(.event == "msg_send" and .dst == 53 and .decoded.decoder == "rpmsg-ns" and
	.decoded.fields.name == "rpmsg-sensor")] | length == 1' "$out" >/dev/null ||
	fail "the name-service announcement of rpmsg-sensor is not decoded"
jq -e -s '[.[] | select(.event == "msg_send" and .name == "rpmsg-tty" and .role == 0)] |
	length == 1 and .[0].decoded.fields.text == "start"' "$out" >/dev/null ||
	fail "the host's \"start\" on rpmsg-tty is not decoded as text"
# Host requests, firmware echoes, host replies on rpmsg-echo, in order.
jq -r 'select(.event == "msg_send" and .role == 0 and .name == "rpmsg-echo") | .payload' \
	"$out" >"$TMP/req"
jq -r 'select(.event == "msg_send" and .role == 1 and .name == "rpmsg-echo") | .payload' \
	"$out" >"$TMP/echo"
jq -r 'select(.event == "msg_recv" and .role == 0 and .name == "rpmsg-echo") | .payload' \
	"$out" >"$TMP/reply"
[ "$(wc -l <"$TMP/req")" -eq $N ] || fail "$(wc -l <"$TMP/req") echo requests seen, want $N"
cmp -s "$TMP/req" "$TMP/echo" || fail "the firmware's echoes differ from the requests"
cmp -s "$TMP/req" "$TMP/reply" || fail "the replies received differ from the requests"
[ -n "$(head -1 "$TMP/req")" ] || fail "empty payloads"
# Captured bytes = min(len, 496): every payload is complete here (buffers are 512 bytes).
jq -e -s '[.[] | select(.event == "msg_send" or .event == "msg_recv") |
	select((.payload | length) != 2 * .len)] | length == 0' "$out" >/dev/null ||
	fail "some payloads are truncated or longer than len"
echo PASS
