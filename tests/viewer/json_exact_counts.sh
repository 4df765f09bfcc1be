# rpmsg-top --json: one JSON object per refresh; counts and bytes of the workload, exactly.
. "$(dirname "$0")/lib.sh"
need_root "the BPF source"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"
N=150
BUS=$(bus_name j)

begin=$(date +%s%N)
timeout 300 "$TOP" --json -n 1 -i 600 --demo --bus "$BUS" --demo-log "$TMP/demo.log" \
	-- --messages $N --rate 0 \
	>"$TMP/out" 2>"$TMP/err" || fail "rpmsg-top exited with status $? ($(cat "$TMP/err"))"
end=$(date +%s%N)
[ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "expected one JSON line"
python3 - "$TMP/out" "$N" "$BUS" "$begin" "$end" <<'PY' || fail "JSON content"
import json, sys
doc = json.loads(open(sys.argv[1]).readline())
n, bus = int(sys.argv[2]), sys.argv[3]
# the last event's time: an exact string on the epoch (the header's clock), within this run
last = doc["totals"]["last_ns"]
assert isinstance(last, str), f"last_ns is not a string: {last!r}"
assert int(sys.argv[4]) <= int(last) <= int(sys.argv[5]), f"last_ns {last} not within the run"
rows = {e["name"]: e for e in doc["endpoints"] if e["bus"] == bus}
want = {  # name: (tx msgs, tx bytes, rx msgs, rx bytes); None: not fixed by the workload
    "rpmsg-raw": (n, 496 * n, n, 496 * n),
    "rpmsg-sensor": (1, None, n, 32 * n),
    "rpmsg-echo": (n, None, n, None),
    "rpmsg-tty": (1, None, n, None),
}
for name, (txm, txb, rxm, rxb) in want.items():
    r = rows[name]
    got = (r["tx"]["msgs"], r["tx"]["bytes"], r["rx"]["msgs"], r["rx"]["bytes"])
    exp = (txm, txb if txb is not None else got[1], rxm, rxb if rxb is not None else got[3])
    assert got == exp, f"{name}: {got} != {exp}"
    assert r["tx"]["drops"] == 0 and r["rx"]["drops"] == 0, f"{name}: drops"
assert rows["rpmsg-echo"]["tx"]["bytes"] == rows["rpmsg-echo"]["rx"]["bytes"], "echo bytes differ"
assert doc["totals"]["lost_events"] == 0 and doc["totals"]["rejected_events"] == 0
assert {v["vq"] for v in doc["vrings"] if v["bus"] == bus} == {0, 1}
PY
echo "ok: JSON with exact counts"
