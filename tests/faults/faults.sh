#!/bin/sh
# rpmsg-sim --fault, each fault as a user sees it: `rpmsg-sim demo --fault X` recorded with
# `rpmsg-trace record` (LTTng, in a private mount namespace), its symptom asserted in exact counts
# where the workload is known, then `rpmsg-trace doctor TRACE` must name the fault's rule (exit 1,
# the rule id in the text and in --json); a clean run gives no finding (exit 0).
# Usage: faults.sh CASE RPMSG_TRACE RPMSG_SIM
# CASE: clean, stall-returns, silent-remote, wrong-ns-name, slow-callback, ns-twice, oversize,
#       destroy-in-flight, drop-kicks, no-event-idx;
#       live: `rpmsg-trace doctor --live` (BPF) beside a running slow-callback demo
# Every daemon started here is stopped by its pid; outputs go to files in a private directory.
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
trace=$2
sim=$3

# live: BPF on the running demo's probes (as doctor_cmd live); every other case records
[ "$case_name" = live ] || private_namespace "$case_name" "$trace" "$sim"
tmpdir_make "faults-$case_name"
command -v jq >/dev/null || fail "jq is needed to read the JSON outputs"
if [ "$case_name" != live ]; then
	export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
	on_exit_run stop_private_lttng
fi

# record ARGS...: `rpmsg-sim demo ARGS --json` recorded into $TMP/trace; the demo's output in
# $TMP/sim.out (summaries as JSON), its stderr in $TMP/sim.err. Every fault leaves the demo
# itself succeeding (exit 0): the fault shows in the counts and the trace.
record() {
	cat >"$TMP/demo.sh" <<SCRIPT
"$sim" demo --bus "flt$$" --json "\$@" >"$TMP/sim.out" 2>"$TMP/sim.err"
echo \$? >"$TMP/sim.status"
SCRIPT
	# (an ASan build's rpmsg-sim gets the provider preloaded before the ASan runtime)
	ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
		"$trace" record -o "$TMP/trace" --blocking --sessiond-log "$TMP/sessiond.log" -- \
		sh "$TMP/demo.sh" "$@" >"$TMP/record.log" 2>&1 || fail "recording failed"
	grep -q "^rpmsg-trace record: 0 events discarded" "$TMP/record.log" ||
		fail "events discarded while recording"
	sim_status=$(cat "$TMP/sim.status")
	[ "$sim_status" -eq 0 ] || fail "the demo exited $sim_status"
}

# doctor ARGS...: output in $TMP/out and $TMP/err, status in $status
doctor() {
	"$trace" doctor "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
}

# expect_rule RULE: the doctor names RULE on the trace: exit 1, a text finding "RULE (...)" and a
# JSON finding with that rule id. The findings' rules, one per line, in $TMP/rules.txt.
expect_rule() {
	doctor --json "$TMP/trace"
	[ $status -eq 1 ] || fail "doctor --json on --fault $case_name: exit $status, expected 1"
	jq -r 'select(.type == "finding") | .rule' "$TMP/out" >"$TMP/rules.txt"
	grep -qx "$1" "$TMP/rules.txt" || fail "no $1 finding in doctor --json"
	! grep -qx "lost-events" "$TMP/rules.txt" || fail "events lost: the diagnosis is uncertain"
	cp "$TMP/out" "$TMP/doctor.json"
	doctor "$TMP/trace"
	[ $status -eq 1 ] || fail "doctor on --fault $case_name: exit $status, expected 1"
	grep -q "^$1 (\(error\|warning\|info\))" "$TMP/out" || fail "no $1 finding in the text"
	cp "$TMP/out" "$TMP/doctor.txt"
}

# the JSON finding of RULE: FIELD
finding() {
	jq -r --arg r "$1" --arg f "$2" 'select(.type == "finding" and .rule == $r) | .[$f]' \
		"$TMP/doctor.json"
}

# total SIDE FIELD: FIELD summed over the four channels of SIDE's summary
total() {
	jq -r --arg side "$1" --arg f "$2" \
		'select(.type == "summary" and .side == $side) | [.channels[][$f]] | add' \
		"$TMP/sim.out"
}

# bus SIDE FIELD: a bus counter from SIDE's summary
bus() {
	jq -r --arg side "$1" --arg f "$2" \
		'select(.type == "summary" and .side == $side) | .bus_stats[$f]' "$TMP/sim.out"
}

# The host's TX buffers (half the default 512) and the buffer's payload (512 - 16 bytes).
TX_BUFS=256
PAYLOAD_MAX=496

case $case_name in
clean)
	record --messages 200 --rate 0
	doctor "$TMP/trace"
	[ $status -eq 0 ] || fail "doctor on a clean demo: exit $status, expected 0"
	grep -q "^replay $TMP/trace: [0-9]* events, 0 findings\$" "$TMP/out" ||
		fail "no '0 findings' line"
	;;
stall-returns)
	# The firmware returns the buffers of the first 50 messages, then keeps every one: the
	# host can send its 256 TX buffers more (400 a second: under a second), then waits (in
	# 250 ms slices) until the end, more than 2 s later.
	record --rate 200 --fault stall-returns=50 --duration 4
	got=$(total firmware rx_msgs)
	[ "$got" -eq $((50 + TX_BUFS)) ] ||
		fail "the firmware received $got messages, expected 50 + $TX_BUFS (all TX buffers)"
	[ "$(bus host tx_waits)" -gt 0 ] || fail "no TX wait at the host"
	[ "$(bus host tx_timeouts)" -gt 0 ] || fail "no TX wait at the host timed out"
	expect_rule tx-starvation
	[ "$(finding tx-starvation side)" = host ] || fail "tx-starvation not on the host's side"
	# the evidence's ring counts: the remote took every buffer and returned only the first 50
	grep -q "vq1: host sent $((50 + TX_BUFS)), remote took $((50 + TX_BUFS)), returned 50," \
		"$TMP/doctor.txt" || fail "the evidence does not show 50 buffers returned"
	grep -q "no free TX buffer for [0-9.]* s, none returned since" "$TMP/doctor.txt" ||
		fail "the evidence does not show the host's TX buffers run out"
	;;
silent-remote)
	# 20 messages a second from the host; the firmware hangs at the 21st message it receives
	record --rate 10 --fault silent-remote=20 --duration 5
	got=$(total firmware rx_msgs)
	[ "$got" -eq 20 ] || fail "the firmware handled $got messages, expected 20"
	[ "$(total host tx_msgs)" -gt 40 ] || fail "the host did not keep sending"
	expect_rule remote-silent
	;;
wrong-ns-name)
	# rpmsg-tty announced as rpmsg-tty-channel: no host driver binds it; the firmware's 50
	# lines go to address 1280, where the host has no endpoint
	record --messages 50 --rate 0 --fault wrong-ns-name
	[ "$(sim_count host rpmsg-tty rx_msgs)" -eq 0 ] || fail "the host received tty lines"
	[ "$(sim_count firmware rpmsg-tty tx_msgs)" -eq 50 ] || fail "the firmware sent no 50 lines"
	[ "$(bus host drops)" -eq 50 ] || fail "host drops: $(bus host drops), expected 50"
	expect_rule no-recipient
	[ "$(finding no-recipient name)" = rpmsg-tty-channel ] ||
		fail "no-recipient names $(finding no-recipient name)"
	[ "$(finding no-recipient count)" -eq 50 ] ||
		fail "no-recipient counts $(finding no-recipient count), expected 50"
	[ "$(finding no-recipient local)" -eq 1280 ] ||
		fail "no-recipient at $(finding no-recipient local), expected 1280"
	# the announced name itself: lines all dropped are no binding
	grep -qx ns-name-unbound "$TMP/rules.txt" ||
		fail "no ns-name-unbound finding for rpmsg-tty-channel: $(cat "$TMP/rules.txt")"
	[ "$(finding ns-name-unbound name)" = rpmsg-tty-channel ] ||
		fail "ns-name-unbound names $(finding ns-name-unbound name)"
	;;
slow-callback)
	# every receive callback of the firmware takes 30 ms: 20 echo requests, 20 raw blocks
	# and the 2 start messages
	record --messages 20 --rate 50 --fault slow-callback=30
	[ "$(total firmware rx_msgs)" -eq 42 ] || fail "the firmware received $(total firmware rx_msgs)"
	expect_rule slow-callback
	# one finding per endpoint with at least 3 slow callbacks: echo and raw, 20 each (the
	# start messages are one per endpoint)
	got=$(jq -r 'select(.type == "finding" and .rule == "slow-callback") |
		"\(.side) \(.name) \(.count)"' "$TMP/doctor.json" | sort | tr '\n' ,)
	[ "$got" = "remote rpmsg-echo 20,remote rpmsg-raw 20," ] || fail "slow-callback findings: $got"
	;;
ns-twice)
	record --messages 50 --rate 0 --fault ns-twice
	expect_rule ns-announced-twice
	[ "$(finding ns-announced-twice name)" = rpmsg-echo ] || fail "not rpmsg-echo"
	[ "$(finding ns-announced-twice count)" -eq 2 ] || fail "not announced twice"
	;;
oversize)
	# one message of 497 bytes after the first raw block: refused at the sender
	record --messages 50 --rate 0 --fault oversize
	grep -qx "rpmsg-sim remote: fault oversize: a $((PAYLOAD_MAX + 1))-byte message on rpmsg-raw: Message too long" \
		"$TMP/sim.err" || fail "the firmware's send was not refused with -EMSGSIZE"
	[ "$(sim_count host rpmsg-raw rx_msgs)" -eq 50 ] || fail "raw blocks lost"
	# the refusal is traced (a drop, send-too-big): the doctor names it, once, on rpmsg-raw
	expect_rule oversize
	[ "$(finding oversize count)" -eq 1 ] || fail "oversize counts $(finding oversize count)"
	[ "$(finding oversize name)" = rpmsg-raw ] || fail "oversize names $(finding oversize name)"
	[ "$(finding oversize side)" = remote ] || fail "oversize not on the remote's side"
	;;
drop-kicks)
	# the host rings no doorbell: the firmware never hears of its messages; the host sends
	# its 256 TX buffers (echo and raw, 200 a second each, and the two start messages). The
	# firmware looks at its rings once when its interrupt thread starts (as the kernel's
	# driver does): what the host queued before that look, if anything (a loaded machine),
	# it takes and returns, so the host sends exactly that many more, and nothing after.
	record --rate 200 --fault drop-kicks --duration 3
	taken=$(total firmware rx_msgs)
	[ "$taken" -lt $TX_BUFS ] || fail "the firmware received $taken messages with no doorbell"
	[ "$(total host tx_msgs)" -eq $((TX_BUFS + taken)) ] ||
		fail "the host sent $(total host tx_msgs) messages, expected $TX_BUFS (its TX" \
			"buffers) + $taken (taken at the firmware's first look)"
	[ "$(bus host kicks_sent)" -eq 0 ] || fail "the host rang $(bus host kicks_sent) doorbells"
	expect_rule missing-kicks
	[ "$(finding missing-kicks side)" = host ] || fail "missing-kicks not on the host"
	[ "$(finding missing-kicks count)" -eq $((TX_BUFS + taken)) ] ||
		fail "missing-kicks counts $(finding missing-kicks count), expected $((TX_BUFS + taken))"
	;;
no-event-idx)
	# a doorbell per message: 2000 per stream as fast as buffers allow
	record --messages 2000 --rate 0 --fault no-event-idx
	[ "$(bus host kicks_suppressed)" -eq 0 ] || fail "the host suppressed doorbells"
	[ "$(bus firmware kicks_suppressed)" -eq 0 ] || fail "the firmware suppressed doorbells"
	expect_rule kick-storm
	;;
destroy-in-flight)
	# echo requests as fast as answered; at request 51 the firmware waits 20 ms (the host
	# keeps sending) and destroys rpmsg-echo: the requests then in flight are never answered
	record --rate 100 --echo-rate 0 --fault destroy-in-flight=50 --duration 2
	[ "$(sim_count firmware rpmsg-echo rx_msgs)" -eq 50 ] || fail "the firmware did not answer 50"
	[ "$(sim_count host rpmsg-echo rx_msgs)" -eq 50 ] || fail "the host did not get 50 replies"
	[ "$(sim_count host rpmsg-echo tx_msgs)" -gt 51 ] || fail "no request in flight"
	expect_rule destroyed-in-flight
	[ "$(finding destroyed-in-flight name)" = rpmsg-echo ] || fail "not rpmsg-echo"
	[ "$(finding destroyed-in-flight side)" = remote ] || fail "not the remote's destroy"
	;;
live)
	# `doctor --live` beside a running demo whose firmware callbacks take 30 ms: 20 echo
	# requests and 20 raw blocks a second, so its 3 s see dozens of slow callbacks
	need_bpf
	bus="fltl$$"
	"$sim" demo --bus "$bus" --rate 20 --fault slow-callback=30 --quiet >"$TMP/sim.log" 2>&1 &
	sim_pid=$!
	on_exit_kill $sim_pid
	on_exit_run "rm -f /dev/shm/rpmsg-$bus"
	wait_while_alive $sim_pid "the demo's bus" 30 test -e "/dev/shm/rpmsg-$bus"
	doctor --live --bus "$bus" --duration 3 --json
	[ $status -eq 1 ] || fail "doctor --live on a slow-callback demo: exit $status, expected 1"
	jq -r 'select(.type == "finding") | .rule' "$TMP/out" >"$TMP/rules.txt"
	grep -qx slow-callback "$TMP/rules.txt" || fail "no slow-callback finding live"
	! grep -qx lost-events "$TMP/rules.txt" || fail "events lost live"
	alive $sim_pid || fail "the demo ended during the test"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: faults $case_name"
