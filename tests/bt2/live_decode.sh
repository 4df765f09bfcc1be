#!/bin/sh
# rpmsg-trace decode and report on an LTTng live session, while it runs: lttng-relayd on
# 127.0.0.1, the fixture program traced into a live session, both viewers attached before the
# program runs. decode must show every event while the session runs and equal the offline
# decode.expect (times aside); report, printed when the session ends, must equal report.expect.
#
#   live_decode.sh RPMSG_TRACE TRACE_FIXTURE EXPECT_DIR
#
# Runs in private mount and network namespaces: the session daemon's rundir, /dev/shm and the
# relay daemon's fixed ports (5342-5344) are this test's own, whatever else runs on the machine.
# Both daemons are started and stopped by pid, with their output in log files.
. "$(dirname "$0")/../include/lib.sh"
. "$(dirname "$0")/normalize.sh"
set -u
private_namespace --net "$@"
rpmsg_trace=$1
fixture=$2
expect_dir=$3
tmpdir_make bt2-live
work=$TMP
viewer=
start_private_relayd "$work" 5342 5343 5344
start_private_lttng "$work"

# One live session with one viewer (the relay daemon allows one viewer per session): set it up,
# attach "rpmsg-trace VIEWER URL" in the background (pid in $viewer), run the fixture.
# relay_lists SESSION [CLIENTS]: the relay daemon lists SESSION (with CLIENTS viewers attached)
relay_lists() {
	babeltrace2 --input-format=lttng-live net://127.0.0.1 2>/dev/null |
		grep "/$1 " | grep -q "${2:-}"
}
live_session() { # session viewer
	{
		lttng create "$1" --live=200000 --set-url=net://127.0.0.1
		lttng enable-channel -u rpmsg --subbuf-size=1M --num-subbuf=4
		lttng add-context -u -c rpmsg -t vpid -t vtid
		lttng enable-event -u -c rpmsg 'rpmsg:*'
		lttng start
	} >>"$work/lttng.log" 2>&1 || fail "could not set up the live session $1"
	# The relay daemon lists the session once the consumer has connected to it.
	wait_for "the relay daemon to list the live session $1" 60 relay_lists "$1"
	"$rpmsg_trace" "$2" "net://127.0.0.1/host/$(hostname)/$1" >"$work/$2.out" 2>"$work/$2.err" &
	viewer=$!
	on_exit_kill $viewer
	# a live viewer reads from where it attaches: the fixture runs once it has attached
	wait_while_alive $viewer "$2 to attach to the live session $1" 60 \
		relay_lists "$1" "1 client(s) connected"
	"$fixture" || fail "the fixture program failed"
}

end_session() { # session viewer
	{ lttng stop "$1" && lttng destroy "$1"; } >>"$work/lttng.log" 2>&1 ||
		fail "could not end the live session $1"
	# Destroying the session ends the live viewer.
	status=0
	wait "$viewer" || status=$?
	viewer=
	[ $status -eq 0 ] || fail "$2 exited with status $status"
}

live_session rpmsg-live-decode decode
# The viewer must show the events while the session is still running.
shows_53_events() { [ "$(wc -l <"$work/decode.out")" -ge 53 ]; }
wait_while_alive $viewer "decode to show the 53 events while the session runs" 120 shows_53_events
end_session rpmsg-live-decode decode
strip_text_time <"$work/decode.out" >"$work/decode.txt"
diff -u "$expect_dir/decode.expect" "$work/decode.txt" || fail "live decode differs"

live_session rpmsg-live-report report
end_session rpmsg-live-report report
# Rates, latencies and times depend on timing: compare the count and size columns.
report_counts <"$work/report.out" >"$work/report.txt"
diff -u "$expect_dir/report.expect" "$work/report.txt" || fail "live report differs"
echo "ok: live decode while the session ran, live report when it ended"
