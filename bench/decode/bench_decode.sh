#!/bin/sh
# Offline decode throughput: `rpmsg-trace report` against babeltrace2's sink.utils.dummy (the
# cheapest complete read of a trace) on the same trace, in one run. Targets (wall time, issue 14):
# report >= 0.9x, decode --json >= 0.6x the rate of sink.utils.dummy.
#
#   bench_decode.sh RPMSG_TRACE RPMSG_SIM RECORD_HELPER PLUGIN_DIR [MESSAGES_PER_STREAM] [RUNS]
#
# The trace is a real recording: rpmsg-sim demo, every stream MESSAGES_PER_STREAM messages as
# fast as buffers allow (default 25000, about 0.9 M events), recorded with rpmsg-trace record
# --blocking (nothing discarded) under a private session daemon. Each reader runs RUNS times
# (default 5), alternating; the medians of wall time and of CPU time (user + system, steadier
# on a shared machine) are compared. Needs /usr/bin/time (package time).
set -eu

rpmsg_trace=$1
rpmsg_sim=$2
private_lttng=$3
plugin_dir=$4
messages=${5:-25000}
runs=${6:-5}

work=$(mktemp -d /tmp/rpmsg-bench-decode.XXXXXX)
trap 'rm -rf "$work"' EXIT
trace="$work/trace"

echo "recording rpmsg-sim demo --messages $messages --rate 0 ..." >&2
sh "$private_lttng" "$rpmsg_trace" record -o "$trace" --blocking -- \
	"$rpmsg_sim" demo --messages "$messages" --rate 0 --quiet >"$work/record.log" 2>&1 || {
	cat "$work/record.log" >&2
	echo "bench_decode: recording failed" >&2
	exit 1
}
events=$("$rpmsg_trace" report --json "$trace" | sed 's/^{"events":\([0-9]*\),.*/\1/')
case $events in
'' | *[!0-9]*)
	echo "bench_decode: report --json gave no event count for the recorded trace" >&2
	exit 1
	;;
esac
size=$(du -sk "$trace" | cut -f1)
echo "trace: $events rpmsg events, ${size} KiB" >&2

# One run: appends "WALL_S CPU_S" (CPU = user + system); the output goes to /dev/null.
time_run() {
	out=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
		cat "$work/err" >&2
		exit 1
	}
	awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$work/time" >>"$out"
}
# Median of column $1 of a file.
median() { cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$work/dummy" && : >"$work/report" && : >"$work/decode"
for i in $(seq "$runs"); do
	time_run "$work/dummy" babeltrace2 "$trace" -c sink.utils.dummy
	time_run "$work/report" "$rpmsg_trace" report "$trace"
	time_run "$work/decode" "$rpmsg_trace" decode --json "$trace"
done

rate() { awk -v e="$events" -v t="$1" 'BEGIN { printf "%.0f", e / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
line() { # label file [baseline-file]
	wall=$(median 1 "$2")
	cpu=$(median 2 "$2")
	printf '%-46s %7.2f s %9s ev/s | %7.2f s %9s ev/s' "$1" "$wall" "$(rate "$wall")" \
		"$cpu" "$(rate "$cpu")"
	if [ -n "${3:-}" ]; then
		printf '  | %sx wall, %sx cpu' "$(ratio "$(median 1 "$3")" "$wall")" \
			"$(ratio "$(median 2 "$3")" "$cpu")"
	fi
	printf '\n'
}
echo "trace: $events rpmsg events, ${size} KiB (rpmsg-sim demo --messages $messages --rate 0)"
echo "median of $runs alternating runs per reader; wall time | CPU time (user + system)"
line "babeltrace2 TRACE -c sink.utils.dummy" "$work/dummy"
line "rpmsg-trace report TRACE" "$work/report" "$work/dummy"
line "rpmsg-trace decode --json TRACE >/dev/null" "$work/decode" "$work/dummy"
# target LABEL FILE MIN: the reader's wall-time rate against sink.utils.dummy's, met / NOT met
target() {
	awk -v what="$1" -v r="$(ratio "$(median 1 "$work/dummy")" "$(median 1 "$2")")" \
		-v cpu="$(ratio "$(median 2 "$work/dummy")" "$(median 2 "$2")")" -v min="$3" 'BEGIN {
		printf "target: %s %.2fx sink.utils.dummy wall (%.2fx CPU) >= %.2fx: %s\n", what, r,
			cpu, min, (r >= min ? "met" : "NOT met") }'
}
target "rpmsg-trace report" "$work/report" 0.9
target "rpmsg-trace decode --json" "$work/decode" 0.6
