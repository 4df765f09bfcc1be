# rpmsg-top reads right (issue 13 item 8), on `rpmsg-sim demo --messages N` with N small enough
# that the host never has to reclaim a TX buffer (it takes the 256 fresh ones first, as Linux):
# - vq1 says "TX unreclaimed" (2N+2 sent buffers, none taken back) apart from "with remote" (0:
#   the remote consumed every message), vq0 "RX posted" 256 and all 256 with the remote;
# - the rings' kicks and interrupts, with those on no ring, add up to the header's (JSON counts
#   exactly, rates to the JSON's rounding);
# - the window of SIZE, P50 and P99 is said in batch and in the JSON ("since start").
. "$(dirname "$0")/lib.sh"
need_root "the BPF source (both sides' vring events)"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"
N=100
SENT=$((2 * N + 2)) # host -> remote: N echo requests, N raw blocks, a start on tty and sensor
BUS=$(bus_name r)

timeout 300 "$TOP" -b -n 1 -i 600 --demo --bus "$BUS" --demo-log "$TMP/demo.log" \
	-- --messages $N --rate 0 >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top -b exited with status $? ($(cat "$TMP/err"))"
grep -q "^total tx $SENT msgs" "$TMP/out" || fail "not the workload's $SENT messages"
grep -q "^vring $BUS vq1 TX unreclaimed: $SENT/256, with remote 0, free TX $((256 - SENT)), " \
	"$TMP/out" || fail "vq1 does not read $SENT unreclaimed, 0 with the remote"
grep -q "^vring $BUS vq0 RX posted: 256/256, with remote 256, " "$TMP/out" ||
	fail "vq0 does not read 256 posted, 256 with the remote"
grep -q "^rates: last [0-9.]* s; SIZE, P50, P99: since start$" "$TMP/out" ||
	fail "no line saying over which window the columns are computed"

BUS=$(bus_name R)
timeout 300 "$TOP" --json -n 1 -i 600 --demo --bus "$BUS" --demo-log "$TMP/demo2.log" \
	-- --messages $N --rate 0 >"$TMP/json" 2>"$TMP/err" ||
	fail "rpmsg-top --json exited with status $? ($(cat "$TMP/err"))"
python3 - "$TMP/json" "$BUS" "$SENT" <<'PY' || fail "JSON content"
import json, sys
doc = json.loads(open(sys.argv[1]).readline())
bus, sent = sys.argv[2], int(sys.argv[3])
t = doc["totals"]
assert t["latency_window"] == "since start", t["latency_window"]
rings = {v["vq"]: v for v in doc["vrings"] if v["bus"] == bus}
assert sorted(rings) == [0, 1], sorted(rings)
tx, rx = rings[1], rings[0]
assert "in_flight" not in tx, "the old, misleading name is still there"
assert (tx["unreclaimed"], tx["with_remote"], tx["num_free"]) == (sent, 0, 256 - sent), tx
assert (rx["unreclaimed"], rx["with_remote"]) == (256, 256), rx
assert t["tx"]["msgs"] == sent, t["tx"]["msgs"]
for kind in ("kicks", "interrupts"):
    parts = sum(v[kind] for v in doc["vrings"]) + t[kind + "_other"]
    assert parts == t[kind] and t[kind] > 0, f"{kind}: rings + other {parts} != total {t[kind]}"
    rate = sum(v[kind + "_per_s"] for v in doc["vrings"]) + t[kind + "_other_per_s"]
    assert abs(rate - t[kind + "_per_s"]) <= 0.003, f"{kind}/s: {rate} != {t[kind + '_per_s']}"
PY
echo "ok: TX unreclaimed $SENT, with remote 0; doorbells add up; latency window said"
