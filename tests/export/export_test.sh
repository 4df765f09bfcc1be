#!/bin/sh
# Tests of `rpmsg-trace export` (tracer/export) and of the CTF conventions of the traces we write
# (tracer/ctf). Usage:
#   export_test.sh CASE RPMSG_TRACE WRITE_TRACE PYTHON3 [RPMSG_SIM LIBRPMSGBUS [LIBRPMSG_TP]]
# CASE:
#   synthetic            a trace of a known workload (write_trace.c): exact slices per track,
#                        one-sided messages, drops, TX waits, counters per vring, sub-us lengths;
#                        standard output and -o write the same document
#   streaming            a trace of 400,013 events: exact counts, and the export (with its
#                        reading child) never holds a quarter of what the whole trace takes in
#                        memory as events (it is written as it is read)
#   errors               a directory without a trace, a missing one, an unknown --format, an
#                        unwritable -o: one line naming it, exit 1, no file left behind
#   ctf_conventions      the metadata of a trace our CTF writer writes follows LTTng-UST's
#                        conventions, which Trace Compass reads (docs/timeline.md)
#   lttng_sim            (root) rpmsg-trace record (LTTng, a private session daemon) around
#                        rpmsg-sim demo --messages N: per channel exactly the messages rpmsg-sim
#                        counted, as slices
#   bpf_sim              (root, BPF) the same with record --bpf
#   bpf_ctf_conventions  (root, BPF) the same conventions in a record --bpf trace
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
TRACE=$2
WRITE=$3
PYTHON=$4
SIM=${5:-}
LIB=${6:-}
TP=${7:-}
CHECK=$(dirname "$0")/check_timeline.py
# LTTng: a session daemon of our own, in a mount namespace of our own (re-executes as root)
[ "$case_name" != lttng_sim ] || private_namespace "$@"
tmpdir_make export
BUS=exp$$
on_exit_run 'rm -f "/dev/shm/rpmsg-$BUS"'

# export_ok TRACE_DIR JSON: export, fail on any error; stderr in $TMP/export.err.
export_ok() {
	"$TRACE" export --format chrome-json -o "$2" "$1" 2>"$TMP/export.err" ||
		fail "export of $1 exited $?"
	cat "$TMP/export.err"
}

# refused WHAT EXPECTED_LINE_RE ARGS...: export ARGS exits 1 with one line matching the RE.
refused() {
	what=$1
	re=$2
	shift 2
	"$TRACE" export "$@" >"$TMP/refused.out" 2>"$TMP/refused.err"
	status=$?
	[ $status -eq 1 ] || fail "$what: exit $status, expected 1"
	[ "$(wc -l <"$TMP/refused.err")" -eq 1 ] || fail "$what: not one line: $(cat "$TMP/refused.err")"
	grep -q -- "$re" "$TMP/refused.err" || fail "$what: '$(cat "$TMP/refused.err")' !~ '$re'"
	[ ! -s "$TMP/refused.out" ] || fail "$what: something written to standard output"
	echo "refused ($what): $(cat "$TMP/refused.err")"
}

# conventions TRACE_DIR: the metadata carries what Trace Compass recognises an LTTng-UST trace
# by and shows (the env of an LTTng trace of `rpmsg-trace record`, the monotonic clock with a
# uuid, "rpmsg:" event names and the vpid / vtid context); babeltrace2 prints it back.
conventions() {
	meta=$(find "$1" -name metadata | head -1)
	[ -n "$meta" ] || fail "no metadata in $1"
	babeltrace2 --output-format=ctf-metadata "$(dirname "$meta")" >"$TMP/metadata.txt" \
		2>"$TMP/bt.err" || fail "babeltrace2 cannot print the metadata of $1"
	for line in 'domain = "ust";' 'tracer_name = "lttng-ust";' 'tracer_major = 2;' \
		'tracer_minor = 13;' "hostname = \"$(hostname)\";" \
		'architecture_bit_width = 64;' \
		'description = "Monotonic Clock";' 'name = "rpmsg:msg_send";' \
		'name = "rpmsg:vring_add";' 'name = "rpmsg:ns_announce";'; do
		grep -qF "$line" "$TMP/metadata.txt" || fail "metadata of $1 lacks '$line'"
	done
	for re in '^	trace_name = "[^"][^"]*";' '^	trace_creation_datetime = "[0-9]\{8\}T[0-9]\{6\}+0000";' \
		'^	rpmsg_scope_writer = "rpmsg-scope-[a-z]*";' \
		'^	uuid = "[0-9a-f-]\{36\}";' '^	offset_s = [0-9]*;' '} _vpid;' '} _vtid;' \
		'^	name = "\{0,1\}monotonic"\{0,1\};' '^	loglevel = 13;'; do
		grep -q -- "$re" "$TMP/metadata.txt" || fail "metadata of $1 has no line like '$re'"
	done
	# the clock class has a uuid of its own (LTTng's clock block names one)
	awk '/^clock {/ { c = 1 } c && /uuid =/ { u = 1 } c && /^};/ { exit !u }' \
		"$TMP/metadata.txt" || fail "the clock of $1 has no uuid"
	echo "conventions ok: $1"
}

# need_bpf_here: root and BTF (as tests/bpf).
need_bpf_here() {
	need_root "record --bpf"
	[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
	[ -n "$SIM" ] && [ -n "$LIB" ] || fail "rpmsg-sim and librpmsgbus are needed"
}

# record_bpf N: record --bpf around rpmsg-sim demo --messages N --rate 0 into $TMP/trace.
record_bpf() {
	"$TRACE" record --bpf -o "$TMP/trace" --bus "$BUS" --lib "$LIB" -- \
		"$SIM" demo --bus "$BUS" --messages "$1" --rate 0 --json -q \
		>"$TMP/sim.out" 2>"$TMP/record.err" || fail "record --bpf failed"
	cat "$TMP/record.err"
	grep -q ", 0 lost" "$TMP/record.err" || fail "record --bpf lost events: counts are not exact"
}

# sim_timeline N: the timeline $TMP/t.json of `rpmsg-sim demo --messages N` (summary lines in
# $TMP/sim.out) holds every message of the four channels, both sides seen: one slice each
# (README-sim.md: echo and raw N each way, tty and sensor N from the firmware and one start
# message), and rpmsg-sim's own counts say the same.
sim_timeline() {
	"$PYTHON" "$CHECK" "$TMP/t.json" "slices:rpmsg-echo 1024->1024=$((2 * $1))" \
		"slices:rpmsg-tty 1025->1025=$(($1 + 1))" "slices:rpmsg-sensor 1026->1026=$(($1 + 1))" \
		"slices:rpmsg-raw 1027->1027=$((2 * $1))" one_sided=0 drops=0 \
		"counters:$BUS=vq0,vq1" || fail "the timeline of the demo"
	want=$("$PYTHON" -c 'import json, sys
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    s = json.loads(line)
    if s.get("type") == "summary" and s.get("side") == "host":
        print(" ".join("%s=%d" % (c["name"], c["tx_msgs"] + c["rx_msgs"]) for c in s["channels"]))' \
		"$TMP/sim.out")
	echo "rpmsg-sim counted: $want"
	[ "$want" = "rpmsg-echo=$((2 * $1)) rpmsg-tty=$(($1 + 1)) rpmsg-sensor=$(($1 + 1)) rpmsg-raw=$((2 * $1))" ] ||
		fail "rpmsg-sim's counts are not the workload's"
}

case $case_name in
synthetic)
	"$WRITE" "$TMP/trace" >"$TMP/write.out" || fail "cannot write the synthetic trace"
	export_ok "$TMP/trace" "$TMP/t.json"
	grep -q "^rpmsg-trace export: 413 events read, .* 100 message slices, 8 one-sided messages, 1 drops, 2 tx waits, .* written to $TMP/t.json" \
		"$TMP/export.err" || fail "summary line"
	"$PYTHON" "$CHECK" "$TMP/t.json" events_read=413 slices=100 \
		"slices:chan-a 1024->1025=100" "durations:chan-a 1024->1025=25.000,25.250" \
		"one_sided:chan-b 1030->1026=7" "one_sided:? 2000->1027=1" one_sided=8 \
		drops=1 tx_waits=2 counters:exp0=vq0,vq1 || fail "the timeline"
	# standard output holds the same document
	"$TRACE" export --format chrome-json "$TMP/trace" >"$TMP/stdout.json" 2>/dev/null ||
		fail "export to standard output"
	cmp "$TMP/t.json" "$TMP/stdout.json" || fail "standard output differs from -o"
	;;
streaming)
	"$WRITE" "$TMP/trace" 1000 >"$TMP/write.out" || fail "cannot write the big trace"
	cat "$TMP/write.out"
	events=$(sed -n 's/^\([0-9]*\) events written .*, \([0-9]*\) bytes each.*/\1/p' "$TMP/write.out")
	size=$(sed -n 's/^\([0-9]*\) events written .*, \([0-9]*\) bytes each.*/\2/p' "$TMP/write.out")
	[ "$events" = 400013 ] || fail "the big trace has $events events, not 400013"
	# the largest resident size of the export and of every process it waited for (its reader)
	peak_kb=$("$PYTHON" -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stderr=open(sys.argv[-1] + ".err", "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else "failed")' \
		"$TRACE" export --format chrome-json -o "$TMP/t.json" "$TMP/trace")
	cat "$TMP/trace.err"
	[ "$peak_kb" != failed ] || fail "export of the big trace failed"
	whole_kb=$((events * size / 1024))
	echo "peak resident: $peak_kb KB; the trace's events would take $whole_kb KB"
	[ "$peak_kb" -lt $((whole_kb / 4)) ] || fail "the export holds the trace ($peak_kb KB)"
	"$PYTHON" "$CHECK" "$TMP/t.json" events_read=400013 slices=100000 \
		"slices:chan-a 1024->1025=100000" one_sided=8 drops=1 tx_waits=2 ||
		fail "the timeline of the big trace"
	;;
errors)
	mkdir "$TMP/empty"
	refused "a directory without a trace" \
		"^rpmsg-trace export: $TMP/empty is not a trace: no CTF metadata file in it" \
		--format chrome-json -o "$TMP/x.json" "$TMP/empty"
	[ ! -e "$TMP/x.json" ] || fail "a file was left behind for a trace that did not open"
	refused "a missing directory" \
		"^rpmsg-trace export: cannot open the trace $TMP/missing: No such file or directory" \
		"$TMP/missing"
	refused "an unknown format" \
		"^rpmsg-trace export: --format 'perfetto-proto': unknown format (chrome-json" \
		--format perfetto-proto "$TMP/empty"
	"$WRITE" "$TMP/trace" >"$TMP/write.out" || fail "cannot write the synthetic trace"
	refused "an -o in a missing directory" \
		"^rpmsg-trace export: cannot write $TMP/no/t.json: No such file or directory" \
		-o "$TMP/no/t.json" "$TMP/trace"
	refused "an -o that is a directory" \
		"^rpmsg-trace export: cannot write $TMP/empty: Is a directory" -o "$TMP/empty" \
		"$TMP/trace"
	if [ -w /dev/full ]; then
		refused "a full disk" "^rpmsg-trace export: cannot write /dev/full: No space left" \
			-o /dev/full "$TMP/trace"
	fi
	"$TRACE" export >/dev/null 2>"$TMP/usage.err"
	[ $? -eq 2 ] || fail "no trace: exit status is not 2 (usage)"
	grep -q "which trace" "$TMP/usage.err" || fail "no trace: $(cat "$TMP/usage.err")"
	;;
ctf_conventions)
	"$WRITE" "$TMP/trace" >"$TMP/write.out" || fail "cannot write the synthetic trace"
	conventions "$TMP/trace"
	;;
lttng_sim)
	[ -n "$SIM" ] && [ -n "$TP" ] || fail "rpmsg-sim and librpmsg-tp.so are needed"
	export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
	on_exit_run stop_private_lttng
	N=200
	RPMSG_TP_LIBRARY=$TP "$TRACE" record -o "$TMP/trace" --blocking -- \
		"$SIM" demo --bus "$BUS" --messages $N --rate 0 --json -q \
		>"$TMP/sim.out" 2>"$TMP/record.err" || fail "record failed"
	cat "$TMP/record.err"
	grep -q "^rpmsg-trace record: 0 events discarded" "$TMP/record.err" ||
		fail "LTTng discarded events: counts are not exact"
	export_ok "$TMP/trace" "$TMP/t.json"
	sim_timeline $N
	;;
bpf_sim)
	need_bpf_here
	N=200
	record_bpf $N
	export_ok "$TMP/trace" "$TMP/t.json"
	sim_timeline $N
	;;
bpf_ctf_conventions)
	need_bpf_here
	record_bpf 10
	conventions "$TMP/trace"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: $case_name"
