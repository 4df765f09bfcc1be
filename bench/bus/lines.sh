#!/bin/sh
# SPDX-License-Identifier: MIT
# Shared cache lines each side of the bus writes per message, counted in a memory trace.
#
# Usage: sh bench/bus/lines.sh BENCH-BUS MAILBOX BATCH MESSAGES [send|batch]
#   e.g. sh bench/bus/lines.sh build/bench/bus/bench-bus poll 1 2000
#   (send, the default: the host's turn is BATCH rpmsg_send() calls; batch: one
#   rpmsg_send_batch() of BATCH messages)
#
# Runs `bench-bus --count MAILBOX BATCH MESSAGES` (both roles in one process, taking turns)
# under valgrind --tool=lackey --trace-mem=yes and attributes every store and read-modify-write
# into the carve-out to the side whose turn it is (bench-bus stores 1 or 2 to a marker at the
# start of each turn and prints the regions, its mappings of the carve-out and the marker's
# address as "layout:" lines). Per side and region it prints, per message: stores, read-modify-
# write instructions (atomics), and distinct 64-byte lines written in a turn; and the loads. With BATCH 1 a turn
# is one message, so "lines" is what the other core must fetch back per message.
set -eu
if [ $# -ne 4 ] && [ $# -ne 5 ]; then
	echo "Usage: sh bench/bus/lines.sh BENCH-BUS MAILBOX BATCH MESSAGES [send|batch]" >&2
	exit 2
fi
bench=$1 mbox=$2 batch=$3 n=$4 api=${5:-send}
command -v valgrind >/dev/null || { echo "lines.sh: valgrind is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
if ! valgrind --tool=lackey --trace-mem=yes --log-file="$work/trace" \
	"$bench" --count "$mbox" "$batch" "$n" 64 "$api" >"$work/out"; then
	echo "lines.sh: $bench --count $mbox $batch $n 64 $api failed" >&2
	cat "$work/out" >&2
	exit 1
fi
turns=$(( (n + batch - 1) / batch ))
grep '^layout:' "$work/out" >"$work/layout"
awk -v n="$n" -v turns="$turns" -v what="$mbox batch $batch" '
function hex(s,   i, c, v) {
	v = 0
	s = tolower(s)
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function region(off,   r) {
	for (r = nreg - 1; r > 0; r--)
		if (off >= rstart[r])
			return r
	return 0
}
function end_turn(   k, parts) {
	if (side < 0)
		return
	for (k in touched) {
		split(k, parts, SUBSEP)
		lines[side, parts[1]]++
	}
	delete touched
}
BEGIN { nreg = 0; nmap = 0; markers = 0; side = -1 }
FNR == NR {
	if ($2 == "region") { rstart[nreg] = $3; rname[nreg] = $4; nreg++ }
	if ($2 == "map") { mlo[nmap] = hex($3); mhi[nmap] = hex($4); nmap++ }
	if ($2 == "marker") marker = hex($3)
	next
}
/^ [SML] / {
	split($2, a, ",")
	addr = hex(a[1])
	if (addr == marker && $1 == "S") {
		end_turn()
		markers++
		side = markers > 2 * turns ? -1 : (markers % 2 ? 0 : 1)
		next
	}
	if (side < 0)
		next
	for (m = 0; m < nmap; m++) {
		if (addr < mlo[m] || addr >= mhi[m])
			continue
		off = addr - mlo[m]
		r = region(off)
		seen[side, r] = 1
		if ($1 == "L") {
			loads[side, r]++
			break
		}
		stores[side, r]++
		if ($1 == "M")
			rmw[side, r]++
		touched[r, int(off / 64)] = 1
		break
	}
}
END {
	split("host (sender)|remote (receiver)", sname, "|")
	printf "%s, %d messages, per message: loads, stores, read-modify-writes, distinct lines written in a turn\n", what, n
	for (s = 0; s < 2; s++) {
		tld = ts = tr = tl = 0
		printf "  %s\n", sname[s + 1]
		for (r = 0; r < nreg; r++) {
			if (!seen[s, r])
				continue
			printf "    %-22s %7.3f %7.3f %7.3f %7.3f\n", rname[r], loads[s, r] / n, stores[s, r] / n, rmw[s, r] / n, lines[s, r] / n
			tld += loads[s, r]; ts += stores[s, r]; tr += rmw[s, r]; tl += lines[s, r]
		}
		printf "    %-22s %7.3f %7.3f %7.3f %7.3f\n", "total", tld / n, ts / n, tr / n, tl / n
	}
}' "$work/layout" "$work/trace"
