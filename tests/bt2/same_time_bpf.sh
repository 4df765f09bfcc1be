#!/bin/sh
# bt2_same_time_bpf: one workload seen by two tools at once shows each message at the same time.
# `rpmsg-trace live --messages --json` runs beside `rpmsg-trace record --bpf` on one rpmsg-sim
# demo; then every message is paired (event, role, src, dst, n-th occurrence) between live and
# `decode --json` of the recording: the same count, and the same time. Both tools place
# CLOCK_MONOTONIC on the epoch with an offset measured once (live: rpmsg_wall_offset_ns();
# record --bpf: its CTF clock class's offset): the conversions differ by the two measurements'
# error, about 1 us. Each message's own difference adds the gap between the BPF programs (five
# here) reading the clock one after the other at the same probe: a few us, a millisecond when
# one is preempted. So the closest pair must agree within BEST_NS (the conversion) and the
# median message within MEDIAN_NS.
# live --messages in text shows the same [HH:MM:SS.nnnnnnnnn] as decode's text; the statistics
# and --detail headers (live -i 1, live --detail) are on that clock too. rpmsg-top --replay of
# the recording shows its last event at exactly decode's last time (the same trace clock).
# Usage: same_time_bpf.sh RPMSG_TRACE RPMSG_SIM LIBRPMSGBUS RPMSG_TOP
. "$(dirname "$0")/../bpf/lib.sh"
need_bpf
TOP=$4
N=100
BEST_NS=${BEST_NS:-5000}
MEDIAN_NS=${MEDIAN_NS:-20000}

start_bg text "$TRACE" live --messages --duration 120 --bus "$BUS" --lib "$LIB"
TEXT_PID=$LAST_PID
wait_for_line "$TMP/text.err" "attached to"
start_bg stats "$TRACE" live -i 1 --duration 120 --bus "$BUS" --lib "$LIB"
STATS_PID=$LAST_PID
wait_for_line "$TMP/stats.err" "attached to"
start_bg detail "$TRACE" live --detail -i 1 --duration 120 --bus "$BUS" --lib "$LIB"
DETAIL_PID=$LAST_PID
wait_for_line "$TMP/detail.err" "attached to"
start_bg live "$TRACE" live --messages --json --duration 120 --bus "$BUS" --lib "$LIB"
wait_for_line "$TMP/live.err" "attached to"
"$TRACE" record --bpf -o "$TMP/trace" --bus "$BUS" --lib "$LIB" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet >"$TMP/record.out" 2>"$TMP/record.err" ||
	fail "record --bpf failed: $(cat "$TMP/record.err")"
stop_bg "$LAST_PID"
stop_bg "$TEXT_PID"
stop_bg "$STATS_PID"
stop_bg "$DETAIL_PID"
"$TRACE" decode --json "$TMP/trace" >"$TMP/decode.json" 2>"$TMP/decode.err" ||
	fail "decode failed: $(cat "$TMP/decode.err")"
"$TRACE" decode "$TMP/trace" >"$TMP/decode.txt" 2>"$TMP/decode.err" ||
	fail "decode failed: $(cat "$TMP/decode.err")"

bounds="$BEST_NS $MEDIAN_NS"
# shellcheck disable=SC2086 # two numbers
python3 - "$TMP/live.out" "$TMP/decode.json" $bounds "$N" <<'PY' || fail "times differ"
import json, sys
roles = {0: "host", 1: "remote", 2: "kernel"}
def messages(path, role_of):
    seen, out = {}, {}
    for line in open(path):
        e = json.loads(line)
        if e.get("event") not in ("msg_send", "msg_recv"):
            continue
        assert isinstance(e["ts_ns"], str), "ts_ns is not a string: %r" % e
        key = (e["event"], role_of(e["role"]), e["src"], e["dst"])
        seen[key] = seen.get(key, 0) + 1
        out[key + (seen[key],)] = int(e["ts_ns"])
    return out
live = messages(sys.argv[1], lambda r: roles[r])
decoded = messages(sys.argv[2], lambda r: r)
best_bound, median_bound, n = (int(a) for a in sys.argv[3:6])
# rpmsg-sim demo sends 6N + 6 messages: the host N on echo and raw and a start on tty and
# sensor, the firmware N on each of the four and its 4 name-service announcements; each is
# traced as msg_send and msg_recv.
want = 2 * (6 * n + 6)
assert len(decoded) == want, "%d messages decoded, expected %d" % (len(decoded), want)
assert set(live) == set(decoded), "live and decode saw different messages: %d vs %d" % (
    len(live), len(decoded))
diffs = sorted(decoded[k] - live[k] for k in decoded)
median, best = diffs[len(diffs) // 2], min(abs(d) for d in diffs)
print("%d messages; decode - live: min %d ns, median %d ns, max %d ns, closest %d ns" % (
    len(diffs), diffs[0], median, diffs[-1], best))
assert best <= best_bound, "no message's times agree within %d ns: closest %d" % (best_bound, best)
assert abs(median) <= median_bound, "the median message's times differ by %d ns" % median
PY

# The text forms: live --messages and decode print [HH:MM:SS.nnnnnnnnn] (local) for the same
# messages, as close as the JSON above.
# shellcheck disable=SC2086 # two numbers
python3 - "$TMP/text.out" "$TMP/decode.txt" $bounds <<'PY' || fail "text times differ"
import re, sys
TIME = r"^\[(\d\d):(\d\d):(\d\d)\.(\d{9})\] "
def ns_of_day(m):
    h, mi, s, ns = (int(g) for g in m.groups()[:4])
    return ((h * 60 + mi) * 60 + s) * 10**9 + ns
def messages(path, pattern):
    seen, out = {}, {}
    for line in open(path):
        m = re.match(TIME + pattern, line)
        if not m:
            continue
        key = m.groups()[4:]
        seen[key] = seen.get(key, 0) + 1
        out[key + (seen[key],)] = ns_of_day(m)
    return out
live = messages(sys.argv[1],
                r"(msg_send|msg_recv) +bus=\S+ role=(\w+) pid=\d+ src=(\d+) dst=(\d+) ")
endpoint = r"(?:\S*\()?(\d+)\)?"  # name(1024) or 1024
decoded = messages(sys.argv[2], r"\S+ (\w+) (msg_send|msg_recv) %s -> %s " % (endpoint, endpoint))
# keys (event, role, src, dst, n): decode prints the role first
decoded = {(k[1], k[0], k[2], k[3], k[4]): v for k, v in decoded.items()}
assert len(decoded) == len(live) and set(live) == set(decoded), \
    "text: live %d and decode %d messages differ" % (len(live), len(decoded))
diffs = sorted(decoded[k] - live[k] for k in decoded)
median, best = diffs[len(diffs) // 2], min(abs(d) for d in diffs)
print("text: %d messages; decode - live: median %d ns, closest %d ns" % (len(diffs), median, best))
assert best <= int(sys.argv[3]), "text: no message's times agree: closest %d ns" % best
assert abs(median) <= int(sys.argv[4]), "text: the median message's times differ by %d" % median
PY

# The statistics and --detail headers are on the same clock: their final report comes after the
# last message, on the same day (HH:MM:SS.nnnnnnnnn compares as text).
last_text=$(tail -1 "$TMP/decode.txt" | sed 's/^\[\([0-9:.]*\)\].*/\1/')
header_after_last() { # FILE PATTERN (the header's tail after "] ")
	t=$(sed -n "s/^--- \[\([0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{9\}\)\] $2/\1/p" "$1" |
		tail -1)
	echo "$1: last header at [$t], last message at [$last_text]"
	[ -n "$t" ] || fail "no '--- [HH:MM:SS.nnnnnnnnn] $2' header in $1: $(head -3 "$1")"
	[ "$(printf '%s\n%s\n' "$last_text" "$t" | sort | tail -1)" = "$t" ] ||
		fail "$1: the last header [$t] is before the last message [$last_text]"
}
header_after_last "$TMP/stats.out" "bus program (totals): lost events 0"
header_after_last "$TMP/detail.out" "collector"

last=$(jq -r .ts_ns "$TMP/decode.json" | tail -1)
want="$("$TRACE" decode "$TMP/trace" 2>/dev/null | tail -1 | cut -d' ' -f1)"
"$TOP" -b --replay "$TMP/trace" --speed 0 -n 1000 >"$TMP/top.out" 2>"$TMP/top.err" ||
	fail "rpmsg-top --replay failed: $(cat "$TMP/top.err")"
got=$(grep '^rpmsg-top refresh' "$TMP/top.out" | tail -1 | sed 's/.*last event \(\[[^]]*\]\).*/\1/')
echo "last event: decode $want (ts_ns $last), rpmsg-top --replay $got"
[ "$got" = "$want" ] || fail "rpmsg-top --replay shows the last event at $got, decode at $want"
echo PASS
