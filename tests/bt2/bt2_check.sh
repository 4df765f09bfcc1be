#!/bin/sh
# One check of rpmsg-trace decode/report and the babeltrace2 plugin on the fixture trace, as a
# user would run them. Usage: bt2_check.sh CASE; the environment gives the paths:
#   RPMSG_TRACE (the rpmsg-trace binary), PLUGIN_DIR (holds the plugin), TRACE (fixture trace),
#   EXPECT_DIR (the .expect files), DECODERS (motor.decoders), WORK (scratch space).
. "$(dirname "$0")/../include/lib.sh"
set -eu

# Timestamps change with every recording: everything else is compared exactly.
. "$(dirname "$0")/normalize.sh"
compare() { # name expected actual
	if ! diff -u "$2" "$3"; then
		fail "$1: output differs from $2 (diff above)"
	fi
}

out="$WORK/$1.out"
err="$WORK/$1.err"
mkdir -p "$WORK"
case "$1" in
decode_text)
	"$RPMSG_TRACE" decode "$TRACE" | strip_text_time >"$out"
	compare "$1" "$EXPECT_DIR/decode.expect" "$out"
	;;
decode_json)
	"$RPMSG_TRACE" decode --json "$TRACE" | strip_json_time >"$out"
	compare "$1" "$EXPECT_DIR/decode-json.expect" "$out"
	;;
decode_user_decoders)
	"$RPMSG_TRACE" decode --decoders "$DECODERS" --endpoint rpmsg-motor "$TRACE" |
		strip_text_time >"$out"
	compare "$1" "$EXPECT_DIR/decode-motor.expect" "$out"
	;;
decode_endpoint_by_address)
	# The sensor's remote address selects the same events as its name.
	"$RPMSG_TRACE" decode --endpoint 1027 "$TRACE" | strip_text_time >"$out"
	"$RPMSG_TRACE" decode --endpoint rpmsg-sensor "$TRACE" | strip_text_time >"$out.byname"
	grep -c 'rpmsg-sensor: seq=' "$out" | grep -qx 8 || fail "$1: expected 8 sensor messages"
	grep -q 'rpmsg-sensor: seq=' "$out.byname" || fail "$1: --endpoint rpmsg-sensor shows no samples"
	;;
report_text)
	"$RPMSG_TRACE" report "$TRACE" | report_counts >"$out"
	compare "$1" "$EXPECT_DIR/report.expect" "$out"
	;;
report_json)
	"$RPMSG_TRACE" report --json --endpoint rpmsg-sensor "$TRACE" >"$out"
	grep -q '"events":53,' "$out" || fail "$1: expected 53 events"
	grep -q '"host":1025,"remote":1027,.*"rx":{"messages":4,"sent":4,"delivered":4,"bytes":128,' "$out" ||
		fail "$1: expected 4 sensor samples host 1025 <- remote 1027"
	grep -q '"size_min":32,"size_avg":32.000,"size_max":32,"latency_samples":4,' "$out" ||
		fail "$1: expected 32-byte samples with 4 latency samples"
	;;
cli_print)
	# Plain babeltrace2 with the plugin gives exactly what rpmsg-trace decode gives.
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c filter.rpmsg.decode -c sink.rpmsg.print |
		strip_text_time >"$out"
	compare "$1" "$EXPECT_DIR/decode.expect" "$out"
	;;
cli_stats)
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c sink.rpmsg.stats | report_counts >"$out"
	compare "$1" "$EXPECT_DIR/report.expect" "$out"
	;;
cli_pretty)
	# The decode filter's fields in babeltrace2's own text output.
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c filter.rpmsg.decode \
		--params="decoders=\"$DECODERS\"" -c sink.text.pretty >"$out"
	grep -q 'src_name = "rpmsg-motor", dst_name = "", decoder = "motor-status", truncated = false, decoded_text = "speed_rpm=1500 current_ma=-1000 state=run(1) raw=aabbcc"' "$out" ||
		fail "$1: no decoded motor-status event in sink.text.pretty output"
	grep -q '{ name = "accel_mg\[1\]", type = "s16\[3\]", value = "-21" }' "$out" ||
		fail "$1: no decoded sensor array element"
	;;
since_until)
	# A window from the 20th to the 25th event holds exactly those events, given as JSON's
	# exact ts_ns (SECONDS.NS), or as decode prints them (HH:MM:SS.NS, brackets and all).
	"$RPMSG_TRACE" decode --json "$TRACE" >"$out.all"
	first=$(sed -n 20p "$out.all" | sed 's/.*"ts_ns":"\([0-9]*\)".*/\1/')
	last=$(sed -n 25p "$out.all" | sed 's/.*"ts_ns":"\([0-9]*\)".*/\1/')
	since=$(echo "$first" | sed 's/\(.*\)\([0-9]\{9\}\)$/\1.\2/')
	until=$(echo "$last" | sed 's/\(.*\)\([0-9]\{9\}\)$/\1.\2/')
	"$RPMSG_TRACE" decode --json --since "$since" --until "$until" "$TRACE" >"$out"
	sed -n 20,25p "$out.all" >"$out.want"
	compare "$1" "$out.want" "$out"
	"$RPMSG_TRACE" decode "$TRACE" >"$out.text"
	since=$(sed -n 20p "$out.text" | cut -d' ' -f1)
	until=$(sed -n 25p "$out.text" | cut -d' ' -f1)
	"$RPMSG_TRACE" decode --since "$since" --until "$until" "$TRACE" >"$out.printed"
	sed -n 20,25p "$out.text" >"$out.want"
	compare "$1 (printed times $since $until)" "$out.want" "$out.printed"
	# --clock-gmt reads and prints UTC: the same six events in another time zone
	TZ=Asia/Kolkata "$RPMSG_TRACE" decode --clock-gmt --since "$since" --until "$until" \
		"$TRACE" >"$out.gmt"
	compare "$1 (--clock-gmt in Asia/Kolkata)" "$out.want" "$out.gmt"
	;;
same_time)
	# One clock: each event's time is the same in decode's text (local HH:MM:SS), its
	# --clock-seconds text, its JSON (read by jq: a string, exact above 2^53), report's span and
	# babeltrace2's own sink.text.pretty, to the nanosecond. 53 events in the fixture.
	"$RPMSG_TRACE" decode "$TRACE" | line_times >"$out.text"
	"$RPMSG_TRACE" decode --clock-seconds "$TRACE" | line_times >"$out.seconds"
	"$RPMSG_TRACE" decode --json "$TRACE" | jq -r .ts_ns >"$out.jq"
	[ "$(wc -l <"$out.text")" -eq 53 ] || fail "$1: expected 53 timed lines: $(cat "$out.text")"
	tr -d . <"$out.seconds" >"$out.seconds_ns"
	compare "$1 (jq's ts_ns against --clock-seconds)" "$out.seconds_ns" "$out.jq"
	# The local time of each epoch second, as date(1) prints it
	while read -r t; do
		echo "$(date -d "@${t%.*}" +%H:%M:%S).${t#*.}"
	done <"$out.seconds" >"$out.date"
	compare "$1 (HH:MM:SS against date -d @SECONDS)" "$out.date" "$out.text"
	babeltrace2 "$TRACE" | line_times >"$out.bt2"
	compare "$1 (babeltrace2 sink.text.pretty)" "$out.bt2" "$out.text"
	"$RPMSG_TRACE" report "$TRACE" >"$out.report"
	span="time span [$(head -1 "$out.text")] to [$(tail -1 "$out.text")]"
	sed -n 2p "$out.report" | grep -qxF "$span" ||
		fail "$1: report's second line is not '$span': $(sed -n 2p "$out.report")"
	"$RPMSG_TRACE" report --json "$TRACE" | jq -r '.first_ns, .last_ns' >"$out.span"
	printf '%s\n%s\n' "$(head -1 "$out.jq")" "$(tail -1 "$out.jq")" >"$out.span_want"
	compare "$1 (report --json first_ns/last_ns)" "$out.span_want" "$out.span"
	;;
decode_context)
	# filter.rpmsg.decode keeps each event's context: the same cpu_id (packet context), vpid,
	# vtid and procname (event common context) and hostname (trace environment) for each of
	# the 38 message events as without the filter.
	# "HOSTNAME EVENT { packet context }, { common context }" of each message event
	context() {
		sed -n 's/^\[[0-9:.]*\] ([^)]*) \([^ ]*\) rpmsg:\(msg_[a-z]*\): \({[^}]*}, {[^}]*}\).*/\1 \2 \3/p'
	}
	babeltrace2 "$TRACE" | context >"$out.want"
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c filter.rpmsg.decode | context >"$out"
	[ "$(wc -l <"$out.want")" -eq 38 ] || fail "$1: expected 38 message events: $(cat "$out.want")"
	fields='cpu_id = [0-9]* }, { vpid = [0-9]*, vtid = [0-9]*, procname = "trace_fixture" }'
	grep -q "$fields" "$out.want" ||
		fail "$1: the fixture trace lacks a context field: $(head -1 "$out.want")"
	compare "$1" "$out.want" "$out"
	;;
errors)
	check_error() { # expected-status expected-stderr-substring command...
		want_status=$1 want=$2
		shift 2
		status=0
		"$@" >"$out" 2>"$err" || status=$?
		[ "$status" = "$want_status" ] || fail "$1 $2 ...: exit status $status, expected $want_status"
		[ "$(wc -l <"$err")" -eq 1 ] || fail "'$*' printed more than one error line: $(cat "$err")"
		grep -qF -- "$want" "$err" || fail "'$*' said '$(cat "$err")', expected '$want'"
	}
	check_error 1 "rpmsg-trace decode: $WORK/none: No such file or directory" \
		"$RPMSG_TRACE" decode "$WORK/none"
	mkdir -p "$WORK/empty"
	check_error 1 "no CTF trace here (no 'metadata' file in it or below)" \
		"$RPMSG_TRACE" report "$WORK/empty"
	rm -rf "$WORK/corrupt" "$WORK/truncated"
	cp -r "$TRACE" "$WORK/corrupt"
	cp -r "$TRACE" "$WORK/truncated"
	for metadata in $(find "$WORK/corrupt" -name metadata); do
		echo "this is not CTF metadata" >"$metadata"
	done
	check_error 1 "(its metadata is missing, corrupt or truncated, or a stream file is)" \
		"$RPMSG_TRACE" report "$WORK/corrupt"
	for stream in $(find "$WORK/truncated" -name 'rpmsg_*' -size +1); do
		truncate -s 1000 "$stream"
	done
	check_error 1 "(the stream file is truncated or corrupt)" \
		"$RPMSG_TRACE" decode "$WORK/truncated"
	printf 'decoder d\nchannel x\nfield 0 u24 speed\nend\n' >"$WORK/bad.decoders"
	check_error 2 "rpmsg-trace decode: $WORK/bad.decoders:3: unknown type 'u24'" \
		"$RPMSG_TRACE" decode --decoders "$WORK/bad.decoders" "$TRACE"
	check_error 2 "rpmsg-trace decode: $WORK/missing.decoders: No such file or directory" \
		"$RPMSG_TRACE" decode --decoders "$WORK/missing.decoders" "$TRACE"
	check_error 2 "rpmsg-trace report: unknown option '--bogus'" "$RPMSG_TRACE" report --bogus "$TRACE"
	check_error 2 "rpmsg-trace report: which trace?" "$RPMSG_TRACE" report
	# A filter that keeps nothing of the trace's events is said, naming what there is.
	check_error 1 "warning: no endpoint matches 'no-such-endpoint' (53 rpmsg events in the trace; endpoints: rpmsg-tty, rpmsg-sensor, rpmsg-echo, rpmsg-motor)" \
		"$RPMSG_TRACE" decode --endpoint no-such-endpoint "$TRACE"
	# The plugin refuses a bad decoder file and a misspelt parameter, naming them.
	status=0
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c filter.rpmsg.decode \
		--params="decoders=\"$WORK/bad.decoders\"" >"$out" 2>"$err" || status=$?
	[ $status -ne 0 ] || fail "babeltrace2 accepted a bad decoder file"
	# The CLI wraps long cause lines at its terminal width: compare without layout characters.
	tr -d ' \n\t│' <"$err" | grep -q "bad.decoders:3:unknowntype'u24'" ||
		fail "babeltrace2 did not name the bad line"
	status=0
	babeltrace2 --plugin-path="$PLUGIN_DIR" "$TRACE" -c sink.rpmsg.stats --params='jsn=true' \
		>"$out" 2>"$err" || status=$?
	[ $status -ne 0 ] || fail "babeltrace2 accepted an unknown parameter"
	grep -q "unknown parameter 'jsn'" "$err" || fail "babeltrace2 did not name the bad parameter"
	;;
nothing_kept)
	# --endpoint matching nothing and a window excluding everything: decode and report say
	# the same one line and exit 1 (no empty answer without a reason). The fixture's 53 events
	# name four endpoints, in the order they were announced.
	names="endpoints: rpmsg-tty, rpmsg-sensor, rpmsg-echo, rpmsg-motor"
	kept_nothing() { # command... : exit 1, one warning line; its text in $err
		status=0
		"$@" >"$out" 2>"$err" || status=$?
		[ $status -eq 1 ] || fail "'$*' exited $status, expected 1 ($(cat "$err"))"
		[ "$(wc -l <"$err")" -eq 1 ] || fail "'$*' printed more than one line: $(cat "$err")"
	}
	for cmd in decode report; do
		kept_nothing "$RPMSG_TRACE" $cmd --endpoint no-such "$TRACE"
		grep -qxF "warning: no endpoint matches 'no-such' (53 rpmsg events in the trace; $names)" \
			"$err" || fail "$cmd --endpoint no-such said: $(cat "$err")"
	done
	grep -q '^53 rpmsg events over' "$out" || fail "report's table lost its header: $(cat "$out")"
	# A bare time of day is on the day of the trace's first event, in the time zone the text
	# prints: 23:59:59.999999999 of that day is after every event (recorded minutes ago)...
	"$RPMSG_TRACE" decode "$TRACE" | line_times >"$out.times"
	first=$(head -1 "$out.times") last=$(tail -1 "$out.times")
	[ "$first" \< "23:59:59" ] || skip "recorded in the day's last second"
	span="(the trace spans [$first] to [$last])"
	for cmd in decode report; do
		kept_nothing "$RPMSG_TRACE" $cmd --since 23:59:59.999999999 "$TRACE"
		grep -qxF "warning: the time window [23:59:59.999999999] to the end excludes all 53 rpmsg events $span" \
			"$err" || fail "$cmd --since 23:59:59.999999999 said: $(cat "$err")"
	done
	# ... report counts nothing in it (the names announced before it still name its rows) ...
	grep -q '^0 rpmsg events over' "$out" || fail "report --since counted events: $(head -1 "$out")"
	# ... and midnight of that day is before every event: everything kept, nothing said.
	"$RPMSG_TRACE" report --since 00:00:00 "$TRACE" >"$out" 2>"$err" ||
		fail "report --since 00:00:00 failed: $(cat "$err")"
	[ ! -s "$err" ] || fail "report --since 00:00:00 warned: $(cat "$err")"
	grep -q '^53 rpmsg events over' "$out" || fail "report --since 00:00:00: $(head -1 "$out")"
	"$RPMSG_TRACE" decode --until 00:00:00 "$TRACE" >"$out" 2>"$err" && fail "decode --until 00:00:00 exited 0"
	grep -qF "warning: the time window the start to [00:00:00.000000000] excludes all 53 rpmsg events" \
		"$err" || fail "decode --until 00:00:00 said: $(cat "$err")"
	# Both filters: the endpoint exists, the window excludes its events.
	kept_nothing "$RPMSG_TRACE" report --endpoint rpmsg-sensor --since 23:59:59.999999999 "$TRACE"
	grep -qF "excludes all 11 rpmsg events of that endpoint" "$err" ||
		fail "report --endpoint rpmsg-sensor --since said: $(cat "$err")"
	;;
discarded)
	# A burst into tiny buffers: the tracer discards events, and both commands say so.
	"$RPMSG_TRACE" report "$DISCARD_TRACE" >"$out" 2>"$err"
	grep -q '^discarded events: [1-9]' "$out" || fail "$1: report shows no discarded events: $(cat "$out")"
	grep -q 'warning: the tracer discarded [1-9][0-9]* events' "$err" || fail "$1: no warning on stderr"
	"$RPMSG_TRACE" decode "$DISCARD_TRACE" >"$out" 2>"$err"
	grep -q '^!! [1-9][0-9]* events discarded by the tracer here' "$out" ||
		fail "$1: decode does not show where events were lost"
	grep -q 'warning: the trace lost events: [1-9]' "$err" || fail "$1: decode gives no summary"
	;;
sim_counts)
	# A real rpmsg-sim demo recorded with rpmsg-trace record: exactly N messages per stream,
	# plus one "start" message host -> firmware on rpmsg-tty and rpmsg-sensor.
	n=$SIM_MESSAGES
	"$RPMSG_TRACE" report --json "$SIM_TRACE" >"$out"
	row() { # name tx rx
		grep -q "\"name\":\"$1\",\"host\":[0-9]*,\"remote\":[0-9]*,\"closed\":[a-z]*,\"tx\":{\"messages\":$2,\"sent\":$2,\"delivered\":$2,[^}]*},\"rx\":{\"messages\":$3,\"sent\":$3,\"delivered\":$3," "$out" ||
			fail "$1: expected $2 messages host->firmware and $3 back, both sides traced: $(cat "$out")"
	}
	row rpmsg-echo "$n" "$n"
	row rpmsg-raw "$n" "$n"
	row rpmsg-tty 1 "$n"
	row rpmsg-sensor 1 "$n"
	grep -q '"discarded_events":0,' "$out" || fail "$1: events were discarded"
	# Decoded payloads: every sample on both sides, in order, and the tty lines as text.
	"$RPMSG_TRACE" decode "$SIM_TRACE" >"$out.decode"
	[ "$(grep -c 'msg_send rpmsg-sensor([0-9]*) -> rpmsg-sensor([0-9]*) len=32 rpmsg-sensor: seq=' "$out.decode")" -eq "$n" ] ||
		fail "$1: expected $n decoded sensor samples sent"
	[ "$(grep -c 'msg_recv rpmsg-sensor([0-9]*) -> rpmsg-sensor([0-9]*) len=32 rpmsg-sensor: seq=' "$out.decode")" -eq "$n" ] ||
		fail "$1: expected $n decoded sensor samples received"
	grep -q 'rpmsg-tty: text="' "$out.decode" || fail "$1: no tty line decoded as text"
	grep -q 'rpmsg-ns: name="rpmsg-sensor" addr=[0-9]* flags=create(0)' "$out.decode" ||
		fail "$1: no decoded name-service announcement"
	# babeltrace2 with the plugin agrees with rpmsg-trace report, row for row.
	if [ -z "${NO_CLI:-}" ]; then
		"$RPMSG_TRACE" report "$SIM_TRACE" | report_counts >"$out.report"
		babeltrace2 --plugin-path="$PLUGIN_DIR" "$SIM_TRACE" -c sink.rpmsg.stats |
			report_counts >"$out.cli"
		compare "$1" "$out.report" "$out.cli"
	fi
	;;
*)
	fail "unknown case $1"
	;;
esac
echo "ok: $1"
