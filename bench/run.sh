#!/bin/sh
# Every benchmark in one command: build a release tree and run each suite, printing ratios
# against baselines measured in the same run. Needs root (BPF, LTTng). Figures and the command
# that made them are kept in bench/RESULTS.md. Usage: sh bench/run.sh [--quick]
#   --quick   fewer messages and rounds: a smoke run, not figures to record
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=${1:-}
B=build-bench
sh scripts/install-deps.sh
sh scripts/build.sh "$B" -DCMAKE_BUILD_TYPE=Release
log=$B/bench-run.txt
: >"$log"
failed=""
run() {
	echo "==== $*" | tee -a "$log"
	# sh has no pipefail: carry the suite's status out of the pipe through a file.
	{ "$@" 2>&1; echo $? >"$B/.status"; } | tee -a "$log"
	if [ "$(cat "$B/.status")" != 0 ]; then
		failed="$failed
  $*"
	fi
}
if [ "$quick" = --quick ]; then
	run "$B/bench/bus/bench-bus" --quick
	run sh bench/probes/run.sh "$B" 100000 3
	run "$B/bench/decode/bench-decode-run" 5000 3
	run "$B/bench/bpf/bench-bpf-run" --runs 3 --hits 200000 --messages 500
	run sh bench/board/run.sh "$B" --quick
else
	run "$B/bench/bus/bench-bus"
	run sh bench/probes/run.sh "$B"
	run "$B/bench/decode/bench-decode-run" 25000 5
	run "$B/bench/bpf/bench-bpf-run" --runs 5 --hits 1000000 --messages 2000
	run sh bench/board/run.sh "$B"
fi
run cmake --build "$B" --target bench-viewer
echo "bench: all output is in $log"
if [ -n "$failed" ]; then
	echo "bench: these suites failed:$failed" >&2
	exit 1
fi
