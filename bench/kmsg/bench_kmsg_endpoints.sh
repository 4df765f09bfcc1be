#!/bin/sh
# report --kmsg cost against the number of distinct endpoints (issue 9 item 9): a kernel log with
# N channels, one message each way per channel (bench/viewer/gen_kmsg_endpoints.py), read by
# `rpmsg-trace report --kmsg` at 20,000 and 80,000 endpoints. Prints wall time and max RSS of
# each and the 80k/20k ratios; 4 work units to 1, so a linear cost gives ratios near 4.
# Its target: the CPU time (user + system) ratio at most MAX_RATIO (default 6: linear plus noise;
# the quadratic search it replaced gave 8-11), printed as met / NOT met. CPU time, not wall
# time: other load on a shared machine stretches wall time but hardly CPU time.
# Usage: sh bench_kmsg_endpoints.sh RPMSG_TRACE [SMALL LARGE]
set -eu
trace=$1
small=${2:-20000}
large=${3:-80000}
max_ratio=${MAX_RATIO:-6}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-kmsg.XXXXXX")
trap 'rm -rf "$work"' EXIT

measure() { # N -> "wall-seconds kilobytes cpu-seconds" of one report --kmsg run
	python3 "$here/../viewer/gen_kmsg_endpoints.py" "$1" 1 1 "$work/log-$1"
	/usr/bin/time -f "%e %M %U %S" -o "$work/time-$1" "$trace" report --kmsg "$work/log-$1" \
		>"$work/out-$1" 2>"$work/err-$1" || {
		echo "bench-kmsg: report --kmsg failed on $1 endpoints:" >&2
		cat "$work/err-$1" >&2
		exit 1
	}
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time-$1"
}

set -- $(measure "$small") $(measure "$large")
awk -v n1="$small" -v n2="$large" -v t1="$1" -v m1="$2" -v c1="$3" -v t2="$4" -v m2="$5" \
	-v c2="$6" -v max="$max_ratio" 'BEGIN {
	printf "report --kmsg, %6d endpoints: %6.2f s (CPU %6.2f s), max RSS %6.1f MB\n", n1, t1, c1,
		m1 / 1024
	printf "report --kmsg, %6d endpoints: %6.2f s (CPU %6.2f s), max RSS %6.1f MB\n", n2, t2, c2,
		m2 / 1024
	rt = c1 > 0 ? c2 / c1 : 0
	rw = t1 > 0 ? t2 / t1 : 0
	printf "ratio %d/%d: CPU time %.2f, wall time %.2f, max RSS %.2f (linear: %.1f)\n", n2, n1,
		rt, rw, m2 / m1, n2 / n1
	printf "target: CPU time %d/%d endpoints %.2fx (linear %.1fx) <= %sx: %s\n", n2, n1, rt,
		n2 / n1, max, (rt <= max ? "met" : "NOT met")
}'
