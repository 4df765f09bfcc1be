#!/bin/sh
# Probe overhead, in one run on this machine (issue 3, part 7):
#   1. librpmsgbus with probes compiled in, nobody listening, vs the same bus built without
#      probes (target: >= 98% of the throughput);
#   2. the probed bus under an LTTng session recording every rpmsg event (rpmsg-trace record):
#      throughput ratio and nanoseconds per recorded event.
# Runs alternate (noprobes, probes, traced) ROUNDS times; medians are compared, and the best
# runs too. On a busy 2-core machine single runs vary by 2-3x (futex wake-ups meet other
# load), so the script also measures one probe site in a tight loop and derives the bound the
# probes put on throughput from it: that figure does not depend on scheduling.
# Usage: sh bench/probes/run.sh BUILD_DIR [MESSAGES [ROUNDS]]
set -eu
build=$1
messages=${2:-300000}
rounds=${3:-9}
bench=$build/bench/probes
trace_cmd=${RPMSG_TRACE:-$build/tracer/cli/rpmsg-trace}
tmp=$(mktemp -d /tmp/rpmsg-bench-probes.XXXXXX)
started_sessiond=
cleanup() {
	if [ -n "$started_sessiond" ]; then kill "$started_sessiond" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

seconds() { sed -n 's/.* seconds \([0-9.]*\) .*/\1/p' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

discards=0
for round in $(seq 1 "$rounds"); do
	"$bench/bench-probes-noprobes" --messages "$messages" >"$tmp/out"
	seconds "$tmp/out" >>"$tmp/noprobes"
	"$bench/bench-probes" --messages "$messages" >"$tmp/out"
	seconds "$tmp/out" >>"$tmp/probes"
	status=0
	"$trace_cmd" record -o "$tmp/trace" --buffer-size 512M -- \
		"$bench/bench-probes" --messages "$messages" >"$tmp/out" 2>"$tmp/record.err" || status=$?
	[ $status -eq 0 ] || [ $status -eq 3 ] || { cat "$tmp/record.err" >&2; exit 1; }
	pid=$(sed -n 's/.*started lttng-sessiond (pid \([0-9]*\).*/\1/p' "$tmp/record.err")
	[ -n "$pid" ] && started_sessiond=$pid
	d=$(sed -n 's/^rpmsg-trace record: \([0-9]*\) events discarded.*/\1/p' "$tmp/record.err")
	discards=$((discards + ${d:-0}))
	seconds "$tmp/out" >>"$tmp/traced"
	if [ "$round" -eq 1 ]; then
		# Events one run records (every rpmsg event of both processes).
		babeltrace2 "$tmp/trace" -c sink.utils.counter >"$tmp/counter" 2>&1
		events=$(awk '/Event messages/ { n = $1 } END { print n }' "$tmp/counter")
	fi
	rm -rf "$tmp/trace"
done

# The cost of one probe site with nobody listening, away from the bus's scheduling noise.
site_ns=$("$bench/bench-probe-site" 20000000 | sed -n 's/.*ns_per_site \([0-9.-]*\).*/\1/p')

t_noprobes=$(median <"$tmp/noprobes")
t_probes=$(median <"$tmp/probes")
t_traced=$(median <"$tmp/traced")
awk -v n="$messages" -v r="$rounds" -v a="$t_noprobes" -v b="$t_probes" -v c="$t_traced" \
	-v ev="$events" -v lost="$discards" -v site="$site_ns" \
	-v lo_a="$(sort -g "$tmp/noprobes" | head -1)" -v hi_a="$(sort -g "$tmp/noprobes" | tail -1)" \
	-v lo_b="$(sort -g "$tmp/probes" | head -1)" -v hi_b="$(sort -g "$tmp/probes" | tail -1)" 'BEGIN {
	printf "bench-probes: %d messages of 64 bytes host -> remote, futex doorbell, median of %d runs\n", n, r
	printf "  built without probes          %10.0f msg/s   (runs: %.0f..%.0f)\n", n / a, n / hi_a, n / lo_a
	printf "  probes compiled in, no tracer %10.0f msg/s   (runs: %.0f..%.0f)   ratio %.3f (target >= 0.98)\n", n / b, n / hi_b, n / lo_b, a / b
	printf "  best run vs best run          ratio %.3f (the least disturbed runs)\n", lo_a / lo_b
	printf "  one probe site, nobody listening %7.2f ns; x %.1f sites per message = %.1f ns of %.0f ns per message: ratio bound %.4f\n", site, ev / n, site * ev / n, a * 1e9 / n, (a * 1e9 / n) / (a * 1e9 / n + site * ev / n)
	printf "  LTTng session, every event    %10.0f msg/s   ratio %.3f vs no tracer\n", n / c, b / c
	printf "  events recorded per run       %10d (%.1f per message), discarded in all runs: %d\n", ev, ev / n, lost
	printf "  LTTng cost per recorded event %10.0f ns (wall time of the run / events)\n", (c - b) * 1e9 / ev
}'
