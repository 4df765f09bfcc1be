#!/bin/sh
# Every benchmark in one command: build a release tree and run each suite, printing ratios
# against baselines measured in the same run. Needs root (BPF, LTTng). Figures and the command
# that made them are kept in bench/RESULTS.md.
#
# Usage: sh bench/run.sh [--quick] [--build DIR]
#   --quick      fewer messages and rounds (about 10 minutes on an idle 2-core machine)
#   --build DIR  use the configured tree DIR (a Release build) instead of configuring and
#                building build-bench/ with every dependency; only the benchmarks' targets are
#                built in it
#
# Every suite prints its targets on lines ending in "met" or "NOT met"; the run ends with a
# table of all of them (suite, the line: what, the ratio and its baseline, met / NOT met), then
# the suites that failed (a suite that fails is named, the others still run).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=
B=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=--quick ;;
	--build)
		[ $# -ge 2 ] || { echo "bench/run.sh: --build needs a directory" >&2; exit 2; }
		B=$2
		shift
		;;
	-h | --help)
		sed -n '2,13s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "bench/run.sh: unknown argument '$1' (--quick, --build DIR)" >&2
		exit 2
		;;
	esac
	shift
done
if [ -n "$B" ]; then
	[ -f "$B/CMakeCache.txt" ] || { echo "bench/run.sh: $B is not a configured build tree" >&2; exit 2; }
	B=$(cd "$B" && pwd)
	cmake --build "$B" -j"$(nproc)" --target bench-bus bench-probes bench-probes-noprobes \
		bench-probe-site rpmsg-trace rpmsg-sim rpmsg-top rpmsg-bt2-plugin rpmsg-tp \
		bench-bpf rpmsg-bench-sites-nop1 rpmsg-bench-sites-nop5 >"$B/bench-build.log" 2>&1 ||
		{ tail -20 "$B/bench-build.log"; echo "bench/run.sh: building in $B failed" >&2; exit 1; }
else
	B=$top/build-bench
	sh scripts/install-deps.sh
	sh scripts/build.sh "$B" -DCMAKE_BUILD_TYPE=Release
fi
log=$B/bench-run.txt
: >"$log"
targets=$B/bench-targets.txt
: >"$targets"
failed=""
# run NAME COMMAND...: the suite's output goes to the terminal and the log; its target lines
# ("... met" / "... NOT met") are kept for the summary.
run() {
	name=$1
	shift
	echo "==== $name: $*" | tee -a "$log"
	# sh has no pipefail: carry the suite's status out of the pipe through a file.
	# (errexit would end the group at a failing suite before its status is written)
	{
		status=0
		"$@" 2>&1 || status=$?
		echo $status >"$B/.status"
	} | tee "$B/.suite" | tee -a "$log"
	grep -E '(^|[[:space:]:])(NOT )?met$' "$B/.suite" | sed "s/^[[:space:]-]*/$name	/" \
		>>"$targets" || true
	if [ "$(cat "$B/.status")" != 0 ]; then
		failed="$failed
  $name: $*"
	fi
}
echo "bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" |
	tee -a "$log"
if [ "$quick" = --quick ]; then
	run bus "$B/bench/bus/bench-bus" --quick
	run probes sh bench/probes/run.sh "$B" 100000 3
	run decode "$B/bench/decode/bench-decode-run" 5000 3
	run bpf "$B/bench/bpf/bench-bpf-run" --runs 3 --hits 200000 --messages 2000
	run board sh bench/board/run.sh "$B" --quick
	run viewer sh bench/viewer/bench_viewer.sh "$B/viewer/rpmsg-top/rpmsg-top" \
		"$B/bus/tools/rpmsg-sim" 2 --quick
	run kmsg sh bench/kmsg/bench_kmsg_endpoints.sh "$B/tracer/cli/rpmsg-trace" 5000 20000
else
	run bus "$B/bench/bus/bench-bus"
	run probes sh bench/probes/run.sh "$B"
	run decode "$B/bench/decode/bench-decode-run" 25000 5
	run bpf "$B/bench/bpf/bench-bpf-run" --runs 5 --hits 1000000 --messages 5000
	run board sh bench/board/run.sh "$B"
	run viewer sh bench/viewer/bench_viewer.sh "$B/viewer/rpmsg-top/rpmsg-top" \
		"$B/bus/tools/rpmsg-sim" 5
	run kmsg sh bench/kmsg/bench_kmsg_endpoints.sh "$B/tracer/cli/rpmsg-trace"
fi
echo "bench: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
{
	echo
	echo "==== summary: every target of this run (the ratio, its baseline, met / NOT met)"
	if [ -s "$targets" ]; then
		awk -F'	' '{ printf "%-8s %s\n", $1, $2 }' "$targets"
		all=$(wc -l <"$targets")
		missed=$(grep -c 'NOT met$' "$targets" || true)
		echo "targets: $((all - missed)) met, $missed NOT met"
	else
		echo "(no suite printed a target)"
	fi
} | tee -a "$log"
echo "bench: all output is in $log"
if [ -n "$failed" ]; then
	echo "bench: these suites failed:$failed" | tee -a "$log" >&2
	exit 1
fi
