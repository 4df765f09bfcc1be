# Latency stages and TX buffer holders on a recorded workload of known size (issue 15 items 1
# and 2): `rpmsg-sim demo --messages N` recorded with `rpmsg-trace record` (LTTng, both sides),
# then read back by
#   top:    rpmsg-top --replay --json: every data channel's stages have exactly N samples (1 for
#           the tty and sensor commands) for send>add, get>recv and recv>return, and samples plus
#           messages that went without a doorbell make N for add>kick, kick>irq and irq>get; the
#           host TX buffers held per channel add up to the ring's; rpmsg-top -b's detail output
#           shows the stage table;
#   report: rpmsg-trace report --latency --json: the same counts;
#   decode: rpmsg-trace decode --stages [--json]: one line per message, exactly N per channel and
#           direction (1 for the tty and sensor commands), each with its send>add timed; the
#           JSON lines parse, with exact integer ns; the messages said skipped are report's; on
#           a kernel log, every message a line with no stage, and stderr says why;
#   bpf:    the same as top, on a trace recorded with `rpmsg-trace record --bpf` (root, BPF).
# The session daemon runs in a private mount namespace, is stopped by its pid, and its output
# goes to a file.
. "$(dirname "$0")/lib.sh"
: "${TRACE:?TRACE (rpmsg-trace) not set}"
command -v jq >/dev/null || fail "jq is needed"
what=${1:?top, report, decode or bpf}
N=100
BUS=$(bus_name s)
if [ "$what" = bpf ]; then
	need_bpf
	# --bus: the BPF programs see every process that uses this librpmsgbus, and other tests'
	# demos run beside this one under ctest -j (their rows would be counted twice)
	"$TRACE" record --bpf --bus "$BUS" -o "$TMP/trace" -- \
		"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
		fail "recording with --bpf failed: $(cat "$TMP/record.log")"
	grep -q ", 0 lost$" "$TMP/record.log" || fail "events lost: $(cat "$TMP/record.log")"
	what=top
else
	private_namespace "$@"
	export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
	on_exit_run stop_private_lttng
	ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
		"$TRACE" record -o "$TMP/trace" --blocking --sessiond-log "$TMP/sessiond.log" -- \
		"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
		fail "recording failed: $(cat "$TMP/record.log")"
fi

# counts NAME DIR JSON_FILE ROWS_PATH: "send>add get>recv recv>return add>kick kick>irq irq>get"
# (the doorbell stages as samples + skipped)
counts() {
	jq -r --arg n "$1" --arg d "$2" "$4"' | select(.name == $n) |
		(if has("dir") then select(.dir == $d) | .stages else .stages[$d] end) |
		[.send_add.samples, .get_recv.samples, .recv_return.samples,
		 .add_kick.samples + .add_kick.skipped, .kick_irq.samples + .kick_irq.skipped,
		 .irq_get.samples + .irq_get.skipped] | map(tostring) | join(" ")' "$3"
}

check_counts() {
	for name in rpmsg-echo rpmsg-raw rpmsg-tty rpmsg-sensor; do
		want="$N $N $N $N $N $N"
		got=$(counts $name rx "$1" "$2")
		[ "$got" = "$want" ] || fail "$3: $name rx stages: '$got', want '$want'"
		case $name in
		rpmsg-echo | rpmsg-raw) want="$N $N $N $N $N $N" ;;
		*) want="1 1 1 1 1 1" ;; # one command each
		esac
		got=$(counts $name tx "$1" "$2")
		[ "$got" = "$want" ] || fail "$3: $name tx stages: '$got', want '$want'"
	done
}

case $what in
top)
	# one frame per second of trace time (a BPF recording may start a while before the demo):
	# the last one holds the whole run
	timeout 120 "$TOP" --replay "$TMP/trace" --speed 0 -i 1 --json >"$TMP/frames" \
		2>"$TMP/err" || fail "rpmsg-top --replay --json exited with status $? ($(cat "$TMP/err"))"
	tail -n 1 "$TMP/frames" >"$TMP/json"
	check_counts "$TMP/json" '.endpoints[]' "rpmsg-top --json"
	# who holds the host's TX buffers: the channels' add up to the ring's (echo and raw send N,
	# tty and sensor one command each), none still with the remote once the run ended
	held=$(jq '[.endpoints[].tx.buffers_unreclaimed] | add' "$TMP/json")
	ring=$(jq '.vrings[] | select(.vq == 1) | .unreclaimed' "$TMP/json")
	with=$(jq '[.endpoints[].tx.buffers_with_receiver] | add' "$TMP/json")
	[ "$held" = "$ring" ] && [ "$ring" = $((2 * N + 2)) ] && [ "$with" = 0 ] ||
		fail "TX buffers: channels hold $held, the ring $ring (want $((2 * N + 2))), with the remote $with"
	# the batch text shows each channel's detail with the stage table
	timeout 120 "$TOP" --replay "$TMP/trace" --speed 0 -i 1 -b >"$TMP/text" 2>"$TMP/err" ||
		fail "rpmsg-top --replay -b exited with status $? ($(cat "$TMP/err"))"
	last_table "$TMP/text"
	awk '/^detail rpmsg-echo /{ on = 1; next } /^detail /{ on = 0 } on' "$TMP/last" >"$TMP/echo"
	grep -Eq "^  stage +tx count +p50 +p99 +skip +rx count" "$TMP/echo" ||
		fail "no stage table under rpmsg-echo's detail: $(cat "$TMP/last")"
	grep -Eq "^  send>add +$N .* $N " "$TMP/echo" ||
		fail "rpmsg-echo's send>add is not $N both ways: $(cat "$TMP/echo")"
	grep -q "^  TX buffers of this channel: $N unreclaimed by the host, 0 with the remote" \
		"$TMP/echo" || fail "rpmsg-echo's TX buffers: $(cat "$TMP/echo")"
	;;
report)
	"$TRACE" report --latency --json "$TMP/trace" >"$TMP/json" 2>"$TMP/err" ||
		fail "report --latency exited with status $? ($(cat "$TMP/err"))"
	check_counts "$TMP/json" '.stages[]' "report --latency --json"
	# both sides traced: every stage measurable, nothing said missing but the host's lazy
	# reclaim (the run is shorter than the TX ring)
	jq -e '.unmeasured.rx == {}' "$TMP/json" >/dev/null ||
		fail "rx stages said unmeasured: $(jq -c .unmeasured "$TMP/json")"
	"$TRACE" report --latency "$TMP/trace" >"$TMP/text" 2>"$TMP/err" ||
		fail "report --latency exited with status $? ($(cat "$TMP/err"))"
	grep -Eq "^rpmsg-echo 1024>1024 +tx +send>add +$N " "$TMP/text" ||
		fail "report --latency text: $(cat "$TMP/text")"
	;;
decode)
	"$TRACE" decode --stages --json "$TMP/trace" >"$TMP/json" 2>"$TMP/err" ||
		fail "decode --stages --json exited with status $? ($(cat "$TMP/err"))"
	jq -e . "$TMP/json" >/dev/null ||
		fail "decode --stages --json: not JSON lines: $(head -n 3 "$TMP/json")"
	"$TRACE" decode --stages "$TMP/trace" >"$TMP/text" 2>"$TMP/err" ||
		fail "decode --stages exited with status $? ($(cat "$TMP/err"))"
	for name in rpmsg-echo rpmsg-raw rpmsg-tty rpmsg-sensor; do
		for dir in tx rx; do
			want=$N
			[ $dir = tx ] && case $name in rpmsg-tty | rpmsg-sensor) want=1 ;; esac
			# lines, those with send>add an exact integer, those with every stage timed or
			# skipped (both sides traced) but the host's lazy reclaim. Rarely (a loaded
			# machine) the collector follows one buffer as two trips, the sender's half and
			# the receiver's: one more line and one sender's half incomplete, never a message
			# more with send>add.
			got=$(jq -r --arg n $name --arg d $dir 'select(.name == $n and .dir == $d)' \
				"$TMP/json" | jq -s '[length,
					(map(select(.stages_ns.send_add | type == "number")) | length),
					(map(select([.stages_ns.send_add, .stages_ns.get_recv,
						.stages_ns.recv_return, .stages_ns.add_kick,
						.stages_ns.kick_irq, .stages_ns.irq_get] |
						all(. != null))) | length)] | map(tostring) | join(" ")' -r)
			read -r lines timed complete <<-EOF
				$got
			EOF
			[ "$timed" = "$want" ] && [ $((complete + lines - timed)) = "$want" ] ||
				fail "decode --stages --json: $name $dir: lines, with send>add," \
					"complete: '$got', want '$want $want $want'"
			re="^\[[0-9:.]+\] $BUS $name [0-9]+->[0-9]+ $dir len [0-9]+ send>add [0-9]+ns "
			got=$(grep -Ec "$re" "$TMP/text")
			[ "$got" = "$want" ] || fail "decode --stages: $name $dir: $got lines with" \
				"send>add, want $want: $(grep -m 3 " $name " "$TMP/text")"
		done
	done
	# the messages said to go without a doorbell are the ones report --latency counts skipped
	"$TRACE" report --latency --json "$TMP/trace" >"$TMP/report" 2>"$TMP/err" ||
		fail "report --latency exited with status $? ($(cat "$TMP/err"))"
	for stage in add_kick kick_irq irq_get; do
		for dir in tx rx; do
			want=$(jq --arg d $dir --arg s $stage \
				'[.stages[] | select(.dir == $d) | .stages[$s].skipped] | add' "$TMP/report")
			got=$(jq --arg d $dir --arg s $stage \
				'select(.dir == $d and .stages_ns[$s] == "skipped") | 1' "$TMP/json" | wc -l)
			[ "$got" -eq "$want" ] ||
				fail "decode --stages: $got $dir messages skipped $stage, report --latency $want"
		done
	done
	# in trace order, as decode prints
	jq -r .ts_ns "$TMP/json" | sort -c -n ||
		fail "decode --stages --json: messages not in trace order"
	# a kernel log: messages, no vring events
	cat >"$TMP/dmesg.log" <<'LOG'
[    2.000000] virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x401
[    3.000000] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 5, Flags 0, Reserved 0
[    3.100000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x400, Len: 12, Flags: 0, Reserved: 0
LOG
	"$TRACE" decode --stages --kmsg "$TMP/dmesg.log" >"$TMP/text" 2>"$TMP/err" ||
		fail "decode --stages --kmsg exited with status $? ($(cat "$TMP/err"))"
	dashes="send>add - add>kick - kick>irq - irq>get - get>recv - recv>return - return>reclaim -"
	printf '%s\n' "[3.000000000] virtio0 rpmsg-tty 1024->1025 tx len 5 $dashes" \
		"[3.100000000] virtio0 rpmsg-tty 1024->1025 rx len 12 $dashes" >"$TMP/want"
	cmp -s "$TMP/text" "$TMP/want" || fail "decode --stages --kmsg: $(cat "$TMP/text")"
	grep -q "^rpmsg-trace decode: --stages: tx send>add, add>kick not measured: no vring events" \
		"$TMP/err" || fail "decode --stages --kmsg does not say why: $(cat "$TMP/err")"
	;;
*)
	fail "unknown part $what"
	;;
esac
echo "ok: stages of $N messages ($1)"
