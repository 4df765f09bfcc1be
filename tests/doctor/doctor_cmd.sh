#!/bin/sh
# `rpmsg-trace doctor` as a user runs it: its exit status says whether anything was found.
# Usage: doctor_cmd.sh CASE RPMSG_TRACE [RPMSG_SIM]
# CASE:
#   input   a directory that is no trace, a missing one, no input, a log with nothing of rpmsg:
#           exit 2, one line naming the input
#   kmsg    kernel logs: a clean exchange exits 0 with no finding and says which rules a kernel
#           log cannot evaluate; a message to an address with no endpoint exits 1 with exactly
#           one no-recipient finding (text and JSON)
#   trace   a clean `rpmsg-sim demo --messages 200` recorded with `rpmsg-trace record` (LTTng, in
#           a private mount namespace): exit 0, no finding, every rule evaluated (root)
#   live    --live on the same demo running: exit 0, no finding (root, BPF)
# Every daemon started here is stopped by its pid; outputs go to files in a private directory.
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
trace=$2
sim=${3:-}

case $case_name in
trace) private_namespace "$case_name" "$trace" "$sim" ;;
esac
tmpdir_make doctor

# doctor ARGS...: run it, output in $TMP/out and $TMP/err, status in $status
doctor() {
	"$trace" doctor "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
}

case $case_name in
input)
	mkdir "$TMP/notrace"
	echo "not a trace" >"$TMP/notrace/file"
	doctor "$TMP/notrace"
	[ $status -eq 2 ] || fail "a directory that is no trace: exit $status, expected 2"
	grep -q "^rpmsg-trace doctor: cannot analyse $TMP/notrace: " "$TMP/err" ||
		fail "the error does not name the directory"
	doctor "$TMP/missing"
	[ $status -eq 2 ] || fail "a missing directory: exit $status, expected 2"
	doctor
	[ $status -eq 2 ] || fail "no input: exit $status, expected 2"
	grep -q "what to examine" "$TMP/err" || fail "no input: no explanation"
	doctor --live
	[ $status -eq 2 ] || fail "--live without --duration: exit $status, expected 2"
	echo "[    1.000000] e1000 eth0: link up" >"$TMP/other.log"
	doctor --kmsg "$TMP/other.log"
	[ $status -eq 2 ] || fail "a log with no rpmsg line: exit $status, expected 2"
	grep -q "cannot analyse $TMP/other.log: no rpmsg" "$TMP/err" ||
		fail "a log with nothing of rpmsg is not called so"
	[ ! -s "$TMP/out" ] || fail "findings printed for an input that could not be analysed"
	;;
kmsg)
	cat >"$TMP/clean.log" <<'EOF'
[   12.400000] virtio_rpmsg_bus virtio0: From: 0x35, To: 0x35, Len: 40, Flags: 0, Reserved: 0
[   12.400008] virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x401
[   13.000000] rpmsg_tty virtio0.rpmsg-tty.-1.1: TX From 0x400, To 0x401, Len 5, Flags 0, Reserved 0
[   13.100000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x400, Len: 5, Flags: 0, Reserved: 0
[   14.000000] rpmsg_tty virtio0.rpmsg-tty.-1.1: TX From 0x400, To 0x401, Len 5, Flags 0, Reserved 0
[   14.100000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x400, Len: 5, Flags: 0, Reserved: 0
EOF
	doctor --kmsg "$TMP/clean.log"
	[ $status -eq 0 ] || fail "a clean kernel log: exit $status, expected 0"
	grep -qx "kernel log $TMP/clean.log: 6 events, 0 findings" "$TMP/out" ||
		fail "no '6 events, 0 findings' line"
	grep -qx "kick-storm: not evaluated (no doorbell events in kernel log $TMP/clean.log)" \
		"$TMP/out" || fail "kick-storm not said to be out of reach of a kernel log"
	grep -qx "slow-callback: not evaluated (no vring events in kernel log $TMP/clean.log)" \
		"$TMP/out" || fail "slow-callback not said to be out of reach of a kernel log"

	cp "$TMP/clean.log" "$TMP/drop.log"
	cat >>"$TMP/drop.log" <<'EOF'
[   15.000000] virtio_rpmsg_bus virtio0: From: 0x401, To: 0x999, Len: 3, Flags: 0, Reserved: 0
[   15.000001] virtio_rpmsg_bus virtio0: msg received with no recipient
EOF
	doctor --kmsg "$TMP/drop.log"
	[ $status -eq 1 ] || fail "a kernel log with a drop: exit $status, expected 1"
	[ "$(grep -c '^[a-z-]* (\(error\|warning\|info\)' "$TMP/out")" -eq 1 ] ||
		fail "expected exactly one finding"
	grep -qx "no-recipient (error): messages to an address with no endpoint" "$TMP/out" ||
		fail "no no-recipient finding"
	grep -qx "  evidence: 1 message remote 1025 -> host 2457 dropped: no endpoint at 2457" \
		"$TMP/out" || fail "evidence"
	doctor --json --kmsg "$TMP/drop.log"
	[ $status -eq 1 ] || fail "--json: exit $status, expected 1"
	command -v jq >/dev/null || fail "jq is needed to read the JSON output"
	got=$(jq -r 'select(.type == "finding") | "\(.rule) \(.count) \(.local) \(.remote)"' \
		"$TMP/out")
	[ "$got" = "no-recipient 1 2457 1025" ] || fail "JSON finding: $got"
	got=$(jq -r 'select(.type == "summary") | "\(.findings) \(.events)"' "$TMP/out")
	[ "$got" = "1 7" ] || fail "JSON summary: $got"
	;;
trace)
	[ -n "$sim" ] || fail "rpmsg-sim not given"
	export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
	# `rpmsg-trace record` starts the session daemon: stopped by its pid file
	on_exit_run stop_private_lttng
	# (an ASan build's rpmsg-sim gets the provider preloaded before the ASan runtime)
	ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
		"$trace" record -o "$TMP/trace" --blocking --sessiond-log "$TMP/sessiond.log" -- \
		"$sim" demo --bus "doc$$" --messages 200 --rate 0 --quiet >"$TMP/record.log" 2>&1 ||
		fail "recording failed"
	grep -q "^rpmsg-trace record: 0 events discarded" "$TMP/record.log" ||
		fail "events discarded while recording"
	doctor "$TMP/trace"
	[ $status -eq 0 ] || fail "a clean recorded demo: exit $status, expected 0"
	grep -q "^replay $TMP/trace: [0-9]* events, 0 findings\$" "$TMP/out" ||
		fail "no '0 findings' line"
	! grep -q "not evaluated" "$TMP/out" || fail "a rule not evaluated on a full trace"
	doctor --json "$TMP/trace"
	[ $status -eq 0 ] || fail "--json: exit $status, expected 0"
	got=$(jq -r 'select(.type == "summary") |
		"\(.findings) \(.lost_events) \(.not_evaluated | length)"' "$TMP/out")
	[ "$got" = "0 0 0" ] || fail "JSON summary of a clean trace: $got"
	;;
live)
	need_bpf
	[ -n "$sim" ] || fail "rpmsg-sim not given"
	bus="docl$$"
	"$sim" demo --bus "$bus" --rate 200 --quiet >"$TMP/sim.log" 2>&1 &
	sim_pid=$!
	on_exit_kill $sim_pid
	on_exit_run "rm -f /dev/shm/rpmsg-$bus"
	wait_while_alive $sim_pid "the demo's bus" 30 test -e "/dev/shm/rpmsg-$bus"
	doctor --live --bus "$bus" --duration 2
	[ $status -eq 0 ] || fail "live on a clean demo: exit $status, expected 0"
	grep -q "^BPF.*: [1-9][0-9]* events, 0 findings\$" "$TMP/out" || fail "no events seen live"
	alive $sim_pid || fail "the demo ended during the test"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: doctor $case_name"
