#!/bin/sh
# Tests of `rpmsg-trace record`. Usage:
#   record_test.sh CASE RPMSG_TRACE WORKLOAD CHECK_AWK CAPTURE [RPMSG_SIM]
# CASE: counts | discards | blocking | live | stop | autostart | errors | diskfull | sim | preset
#
# Each case runs against an lttng-sessiond of its own: as root, the root session daemon is
# unique (/var/run/lttng, no option moves it), so the case runs as user nobody with a private
# LTTNG_HOME, where lttng-sessiond and lttng-ust keep their sockets; tests running in parallel
# never share a daemon. Daemons are started and stopped by pid, their output goes to files, and
# the temporary directory and the bus's shared memory are removed at the end.
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
rpmsg_trace=$2
workload=$3
check_awk=$4
capture=$5
rpmsg_sim=${6:-}

tmpdir_make record
tmp=$TMP
chmod 755 "$tmp"
home=$tmp/home
mkdir -p "$home"
bus=rec$$
sessiond_pid=
relayd_pid=

# Run a command as the test user with the private LTTng home.
if [ "$(id -u)" -eq 0 ]; then
	chown nobody "$tmp" "$home"
	# nobody may not reach the build tree (a checkout under /root): it runs copies, and the
	# provider library rpmsg-trace preloads is named (it is not beside the copies)
	tp_library=$(dirname "$rpmsg_trace")/../../bus/probes/librpmsg-tp.so
	stage_for_user "$tmp/bin" "$rpmsg_trace" "$workload" ${rpmsg_sim:+"$rpmsg_sim"} "$tp_library"
	rpmsg_trace=$tmp/bin/$(basename "$rpmsg_trace")
	workload=$tmp/bin/$(basename "$workload")
	[ -z "$rpmsg_sim" ] || rpmsg_sim=$tmp/bin/$(basename "$rpmsg_sim")
	user_cmd="env HOME=$home LTTNG_HOME=$home LD_LIBRARY_PATH=$tmp/bin RPMSG_TP_LIBRARY=$tmp/bin/librpmsg-tp.so setpriv --reuid=nobody --regid=nogroup --clear-groups --"
else
	user_cmd="env HOME=$home LTTNG_HOME=$home"
fi
# (mktemp paths have no spaces, so $user_cmd splits into words safely.) Every program is
# exec'ed, so a background "$user_cmd prog &" has the program's own pid in $!.
as_user() {
	$user_cmd "$@"
}

# After the daemons started here (on_exit_kill): one that record started itself (its pid file),
# then the small file system it wrote to, the bus; the temporary directory last.
small_mounted=
record_cleanup() {
	if [ -f "$home/.lttng/lttng-sessiond.pid" ]; then
		stop_pid "$(cat "$home/.lttng/lttng-sessiond.pid")"
	fi
	[ -z "$small_mounted" ] || umount "$small_mounted"
	rm -f "/dev/shm/rpmsg-$bus"
}
on_exit_run record_cleanup

start_sessiond() {
	as_user lttng-sessiond --background >"$tmp/sessiond.log" 2>&1 ||
		{ cat "$tmp/sessiond.log" >&2; fail "lttng-sessiond did not start"; }
	sessiond_pid=$(cat "$home/.lttng/lttng-sessiond.pid") || fail "no sessiond pid file"
	on_exit_kill "$sessiond_pid"
}

# record ARGS...: rpmsg-trace record as the test user; stderr in $tmp/record.err.
record() {
	as_user "$rpmsg_trace" record --sessiond-log "$tmp/sessiond-auto.log" "$@" \
		>"$tmp/record.out" 2>"$tmp/record.err"
	record_status=$?
	cat "$tmp/record.err" >&2
}

# check_sim_counts: record succeeded and $tmp/trace holds every channel's message and byte counts,
# on both sides, as rpmsg-sim counted them (its report in $tmp/record.out).
check_sim_counts() {
	[ $record_status -eq 0 ] || { cat "$tmp/record.out" >&2; fail "record exited $record_status"; }
	babeltrace2 "$tmp/trace" >"$tmp/dump.txt" 2>"$tmp/bt.err" || { cat "$tmp/bt.err" >&2; fail "babeltrace2"; }
	awk -f "$(dirname "$check_awk")/sim_counts.awk" "$tmp/record.out" "$tmp/dump.txt" \
		>"$tmp/check.txt"
	cat "$tmp/check.txt"
	grep -qx "mismatches 0" "$tmp/check.txt" || fail "trace counts differ from rpmsg-sim's"
}

# check_counts TRACE N: every endpoint shows exactly N messages each way, payloads intact.
check_counts() {
	babeltrace2 "$1" >"$tmp/dump.txt" 2>"$tmp/bt.err" || { cat "$tmp/bt.err" >&2; fail "babeltrace2 cannot read $1"; }
	awk -v capture="$capture" -f "$check_awk" "$tmp/dump.txt" "$tmp/dump.txt" >"$tmp/check.txt"
	cat "$tmp/check.txt"
	for ept in tp-alpha tp-beta; do
		expect="$ept host_send $2 remote_recv $2 remote_send $2 host_recv $2 bad_payloads 0"
		grep -qx "$expect" "$tmp/check.txt" || fail "expected '$expect'"
	done
	grep -qx "contexts_missing 0" "$tmp/check.txt" || fail "events without vpid/vtid/procname"
}

case $case_name in
counts)
	# A known workload: exactly N messages per endpoint each way, with the right bytes.
	start_sessiond
	record -o "$tmp/trace" -- "$workload" --bus "$bus" --messages 150
	[ $record_status -eq 0 ] || fail "record exited $record_status"
	grep -q "trace written to $tmp/trace" "$tmp/record.err" || fail "trace location not printed"
	grep -q "^rpmsg-trace record: 0 events discarded" "$tmp/record.err" ||
		fail "discarded count not printed"
	grep -qx "tp-alpha sent 150 echoed 150" "$tmp/record.out" || fail "workload output"
	check_counts "$tmp/trace" 150
	;;
discards)
	# A buffer far too small: events are lost, and the user is told loudly (exit 3).
	start_sessiond
	record -o "$tmp/trace" --buffer-size 16K -- "$workload" --bus "$bus" --messages 4000
	[ $record_status -eq 3 ] || fail "record exited $record_status, expected 3 (discards)"
	grep -q "WARNING: [1-9][0-9]* EVENTS DISCARDED" "$tmp/record.err" || fail "no loud warning"
	grep -q -- "--buffer-size" "$tmp/record.err" || fail "no buffer size suggestion"
	grep -q "^rpmsg-trace record: [1-9][0-9]* events discarded" "$tmp/record.err" ||
		fail "discarded count not printed"
	# babeltrace2 sees the same loss in the trace.
	babeltrace2 "$tmp/trace" -c sink.utils.counter >"$tmp/counter.txt" 2>&1
	grep -Eq "^ *[1-9][0-9]* Discarded event messages?$" "$tmp/counter.txt" ||
		{ cat "$tmp/counter.txt" >&2; fail "the trace does not record the discards"; }
	;;
blocking)
	# A buffer the consumer cannot keep up with (256K discards most of this run without
	# --blocking) but with --blocking nothing is lost: exact counts. (Far smaller buffers can
	# still lose events to LTTng's nested wrap-around when a writer is preempted mid-event,
	# which blocking does not cover.)
	start_sessiond
	record -o "$tmp/trace" --buffer-size 256K --blocking -- "$workload" --bus "$bus" \
		--messages 20000
	[ $record_status -eq 0 ] || fail "record exited $record_status"
	check_counts "$tmp/trace" 20000
	;;
live)
	# A live session through our own lttng-relayd on 127.0.0.1, read while the workload runs.
	start_sessiond
	base=$((20000 + ($$ % 2000) * 3))
	# in the foreground, exec'ed through $user_cmd (not the as_user function): $! is its pid
	$user_cmd lttng-relayd -o "$tmp/relayd-out" -C "tcp://127.0.0.1:$base" \
		-D "tcp://127.0.0.1:$((base + 1))" -L "tcp://127.0.0.1:$((base + 2))" \
		>"$tmp/relayd.log" 2>&1 &
	relayd_pid=$!
	on_exit_kill $relayd_pid
	for port in $base $((base + 1)) $((base + 2)); do
		wait_while_alive $relayd_pid "lttng-relayd to listen on port $port" 60 \
			port_listening $port
	done
	session=live$$
	host=$(hostname)
	# The viewer waits for the session to appear, and ends when it is destroyed.
	babeltrace2 -c source.ctf.lttng-live \
		-p "inputs=[\"net://127.0.0.1:$((base + 2))/host/$host/$session\"]" \
		-p 'session-not-found-action="continue"' -c sink.text.pretty \
		>"$tmp/live.txt" 2>"$tmp/live.err" &
	viewer_pid=$!
	on_exit_kill $viewer_pid
	$user_cmd "$rpmsg_trace" record --live --live-timer 100000 --session "$session" \
		--url "net://127.0.0.1:$base:$((base + 1))" -- \
		"$workload" --bus "$bus" --messages 20 --hold "$tmp/release" \
		>"$tmp/record.out" 2>"$tmp/record.err" &
	record_pid=$!
	on_exit_kill $record_pid
	# Events must reach the viewer while the workload still runs (it waits for $tmp/release).
	wait_while_alive $record_pid "live events at the viewer" 120 \
		grep -q "rpmsg:msg_send" "$tmp/live.txt"
	touch "$tmp/release"
	wait $record_pid
	record_status=$?
	cat "$tmp/record.err" >&2
	[ $record_status -eq 0 ] || fail "live record exited $record_status"
	grep -q "trace sent to lttng-relayd at net://127.0.0.1:$base" "$tmp/record.err" ||
		fail "trace location not printed"
	sent=$(sed -n 's/^tp-alpha sent \([0-9]*\) echoed.*/\1/p' "$tmp/record.out")
	[ -n "$sent" ] && [ "$sent" -ge 20 ] || fail "workload did not report its count"
	# The viewer keeps waiting for new sessions: stop it once it has shown every message.
	expect="tp-alpha host_send $sent remote_recv $sent remote_send $sent host_recv $sent bad_payloads 0"
	viewer_shows_all() {
		awk -v capture="$capture" -f "$check_awk" "$tmp/live.txt" "$tmp/live.txt" >"$tmp/check.txt"
		grep -qx "$expect" "$tmp/check.txt"
	}
	wait_for "the live viewer to show exactly $sent messages each way" 120 viewer_shows_all
	stop_pid $viewer_pid
	cat "$tmp/check.txt"
	# The relayd also kept the trace on disk.
	find "$tmp/relayd-out" -name metadata | grep -q . || fail "relayd stored no trace"
	;;
stop)
	# Without a command, recording lasts until Ctrl-C (SIGINT); the trace is then complete.
	start_sessiond
	$user_cmd "$rpmsg_trace" record -o "$tmp/trace" >"$tmp/record.out" 2>"$tmp/record.err" &
	record_pid=$!
	on_exit_kill $record_pid
	wait_while_alive $record_pid "record to start" 60 \
		grep -q "recording until Ctrl-C" "$tmp/record.err"
	kill -INT $record_pid
	wait $record_pid
	record_status=$?
	cat "$tmp/record.err" >&2
	[ $record_status -eq 0 ] || fail "record stopped by SIGINT exited $record_status"
	grep -q "trace written to $tmp/trace" "$tmp/record.err" || fail "no trace after SIGINT"
	# With a command, a SIGTERM sent to record alone is passed on to the command.
	$user_cmd "$rpmsg_trace" record -o "$tmp/trace2" -- sleep 600 >"$tmp/record.out" \
		2>"$tmp/record.err" &
	record_pid=$!
	on_exit_kill $record_pid
	wait_while_alive $record_pid "record to start" 60 \
		grep -q "recording session" "$tmp/record.err"
	# the command runs (exec'ed in record's child) before SIGTERM is sent to record alone
	wait_while_alive $record_pid "record's command to run" 60 pgrep -P $record_pid -x sleep
	kill -TERM $record_pid
	wait $record_pid
	record_status=$?
	cat "$tmp/record.err" >&2
	grep -q "'sleep' exited with status 143" "$tmp/record.err" || fail "SIGTERM not forwarded"
	[ $record_status -eq 1 ] || fail "record exited $record_status after its command was killed"
	grep -q "trace written to $tmp/trace2" "$tmp/record.err" || fail "no trace after SIGTERM"
	;;
autostart)
	# No daemon runs: record starts one, says so, and its output goes to the log file.
	record -o "$tmp/trace" -- "$workload" --bus "$bus" --messages 10
	[ $record_status -eq 0 ] || fail "record exited $record_status"
	grep -q "started lttng-sessiond (pid [0-9]*, log $tmp/sessiond-auto.log)" "$tmp/record.err" ||
		fail "did not say it started lttng-sessiond"
	sessiond_pid=$(sed -n 's/.*started lttng-sessiond (pid \([0-9]*\).*/\1/p' "$tmp/record.err")
	kill -0 "$sessiond_pid" || fail "started daemon not running"
	grep -q "lttng-sessiond" "$tmp/record.out" && fail "daemon output on our stdout"
	check_counts "$tmp/trace" 10
	;;
errors)
	start_sessiond
	as_user "$rpmsg_trace" record --help >"$tmp/help.txt" 2>&1 || fail "--help failed"
	grep -q "^Examples:" "$tmp/help.txt" || fail "--help has no examples"
	record -o "$tmp/t1" --events msg_send,bogus -- true
	[ $record_status -eq 2 ] || fail "bad --events exited $record_status"
	grep -q "unknown event 'bogus'" "$tmp/record.err" || fail "bad --events not named"
	[ -e "$tmp/t1" ] && fail "a bad command line created the output directory"
	mkdir "$tmp/readonly" && chmod 555 "$tmp/readonly"
	record -o "$tmp/readonly/trace" -- true
	[ $record_status -eq 1 ] || fail "unwritable -o exited $record_status"
	grep -q "cannot write the trace to '$tmp/readonly/trace'" "$tmp/record.err" ||
		fail "unwritable -o not explained"
	record -o /proc/rpmsg-trace-test -- true
	[ $record_status -eq 1 ] || fail "-o under /proc exited $record_status"
	record --buffer-size 1K -- true
	[ $record_status -eq 2 ] || fail "tiny --buffer-size exited $record_status"
	grep -q "too small" "$tmp/record.err" || fail "tiny --buffer-size not explained"
	as_user mkdir -p "$tmp/used" && as_user touch "$tmp/used/file"
	record -o "$tmp/used" -- true
	[ $record_status -eq 1 ] && grep -q "is not empty" "$tmp/record.err" ||
		fail "non-empty -o accepted"
	# No relay daemon at that URL: said so, and the session is cleaned up.
	record --url net://127.0.0.1:1 --session "norelayd$$" -- true
	[ $record_status -eq 1 ] && grep -q "is lttng-relayd listening at net://127.0.0.1:1" \
		"$tmp/record.err" || fail "missing relay daemon not explained"
	record -o "$tmp/t2" -- /nonexistent/program
	[ $record_status -eq 1 ] && grep -q "cannot run '/nonexistent/program'" "$tmp/record.err" ||
		fail "missing command not explained"
	;;
diskfull)
	# A file system that fills up under the trace (a 1 MiB tmpfs, 64 KiB of it free, mounted here, unmounted in
	# the trap): one clear "disk full" line naming the directory, exit 1, never a silent success.
	need_root "mounting a tmpfs"
	mkdir "$tmp/small"
	mount -t tmpfs -o size=1m,mode=0777 rpmsg-diskfull "$tmp/small" || fail "cannot mount a tmpfs"
	small_mounted=$tmp/small
	# leave about 64 KiB: the metadata and the first packets already overflow it, however many
	# events the ring buffer discards under load
	dd if=/dev/zero of="$tmp/small/filler" bs=64k count=15 2>/dev/null
	start_sessiond
	record -o "$tmp/small/trace" --buffer-size 64K -- "$workload" --bus "$bus" \
		--messages 20000
	[ $record_status -eq 1 ] || fail "record on a full disk exited $record_status, expected 1"
	grep -q "^rpmsg-trace record: disk full: the trace in $tmp/small/trace is incomplete" \
		"$tmp/record.err" || fail "the full disk is not named"
	! grep -q "trace written to" "$tmp/record.err" || fail "a full disk reported as a success"
	! grep -q "Rotation failure" "$tmp/record.err" ||
		fail "LTTng's rotation failure line printed beside ours: $(cat "$tmp/record.err")"
	;;
sim)
	# The real simulator: every channel's message and byte counts in the trace, on both sides,
	# equal what rpmsg-sim itself counted.
	start_sessiond
	record -o "$tmp/trace" -- "$rpmsg_sim" demo --bus "$bus" --messages 200 --rate 0 --quiet
	check_sim_counts
	;;
preset)
	# --preset messages: the messages of the demo exactly (every channel, both sides, counts and
	# bytes as rpmsg-sim counted them), its name-service announcements, and not one vring or
	# doorbell event; an unknown preset is refused with a line naming it.
	start_sessiond
	record -o "$tmp/trace" --preset messages -- "$rpmsg_sim" demo --bus "$bus" --messages 200 \
		--rate 0 --quiet
	check_sim_counts
	sed -n 's/.* rpmsg:\([a-z_]*\): .*/\1/p' "$tmp/dump.txt" | sort | uniq -c >"$tmp/kinds.txt"
	cat "$tmp/kinds.txt"
	! grep -Eq ' (vring_add|vring_get|mbox_kick|mbox_rx)$' "$tmp/kinds.txt" ||
		fail "--preset messages recorded vring or doorbell events"
	grep -q ' ns_announce$' "$tmp/kinds.txt" || fail "no name-service announcement recorded"
	others=$(grep -Ev ' (msg_send|msg_recv|ns_announce|ept_create|ept_destroy|tx_wait|drop)$' \
		"$tmp/kinds.txt" || true)
	[ -z "$others" ] || fail "events outside the preset: $others"
	status=0
	as_user "$rpmsg_trace" record -o "$tmp/bad" --preset everything -- true \
		>"$tmp/bad.out" 2>&1 || status=$?
	[ $status -eq 2 ] || fail "an unknown preset exited $status, expected 2"
	grep -q "unknown --preset 'everything' (known: all, messages)" "$tmp/bad.out" ||
		fail "the unknown preset is not named: $(cat "$tmp/bad.out")"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: $case_name"
