#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_timeline.py FILE [EXPECT...]: the structure of an `rpmsg-trace export --format
chrome-json` file, as the Chrome Trace Event Format requires it and docs/timeline.md describes it.

Always checked: the file is one JSON object with traceEvents (a list), displayTimeUnit "ns" and
metadata; every event has ph, ts (a number), pid and tid (integers) and a name; every "b" has one
"e" with the same pid, cat, id and name, not earlier; instants have a scope; counters have numeric
args; every process has a process_name and every thread an event is on a thread_name; the
metadata's counts equal what the file holds.

EXPECT, each exact:
  slices:TRACK=N      N message slices named TRACK ("chan-a 1024->1025")
  one_sided:TRACK=N   N instants of messages seen on one side on TRACK's thread
  drops=N, tx_waits=N, one_sided=N, slices=N     totals
  counters:BUS=vq0,vq1                         counter tracks of BUS's process (at least these)
  events_read=N                                 the metadata's count
  durations:TRACK=25.000,25.250               the distinct slice lengths on TRACK, in us
Prints one summary line; exits 1 naming the first failed check.
"""
import collections
import json
import sys


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("usage: check_timeline.py FILE [EXPECT...]")
    with open(sys.argv[1], encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except ValueError as e:
            fail("%s is not JSON: %s" % (sys.argv[1], e))
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        fail("no traceEvents list at the top")
    if doc.get("displayTimeUnit") != "ns":
        fail("displayTimeUnit is %r, not 'ns'" % doc.get("displayTimeUnit"))
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        fail("no metadata object")

    processes, threads = {}, {}
    used_pids, used_tids = set(), set()
    begins = {}
    slices = collections.Counter()
    durations = collections.defaultdict(set)
    one_sided = collections.Counter()
    counters = collections.defaultdict(set)
    totals = collections.Counter()
    for n, ev in enumerate(doc["traceEvents"]):
        where = "event %d (%s)" % (n, json.dumps(ev)[:120])
        for key in ("ph", "name"):
            if not isinstance(ev.get(key), str):
                fail("%s: no %s" % (where, key))
        if not isinstance(ev.get("ts"), (int, float)) or isinstance(ev.get("ts"), bool):
            fail("%s: ts is not a number" % where)
        for key in ("pid", "tid"):
            if not isinstance(ev.get(key), int) or isinstance(ev.get(key), bool):
                fail("%s: %s is not an integer" % (where, key))
        ph, pid, tid, name = ev["ph"], ev["pid"], ev["tid"], ev["name"]
        if ph == "M":
            if name == "process_name":
                processes[pid] = ev["args"]["name"]
            elif name == "thread_name":
                threads[(pid, tid)] = ev["args"]["name"]
            elif name != "thread_sort_index":
                fail("%s: unknown metadata event" % where)
            continue
        used_pids.add(pid)
        if ph == "b":
            key = (pid, ev.get("cat"), ev.get("id"))
            if ev.get("id") is None or key in begins:
                fail("%s: async begin without an id of its own" % where)
            begins[key] = ev
        elif ph == "e":
            key = (pid, ev.get("cat"), ev.get("id"))
            b = begins.pop(key, None)
            if b is None:
                fail("%s: end without its begin" % where)
            if b["name"] != name or ev["ts"] < b["ts"]:
                fail("%s: end differs from its begin (name, or earlier)" % where)
            slices[name] += 1
            durations[name].add("%.3f" % (ev["ts"] - b["ts"]))
            totals["slices"] += 1
        elif ph == "i":
            if ev.get("s") not in ("t", "p", "g"):
                fail("%s: instant without a scope" % where)
            used_tids.add((pid, tid))
            if name.startswith("drop"):
                totals["drops"] += 1
            elif name == "tx wait":
                totals["tx_waits"] += 1
            else:
                one_sided[(pid, tid)] += 1
                totals["one_sided"] += 1
        elif ph == "C":
            args = ev.get("args")
            if not args or not all(isinstance(v, (int, float)) for v in args.values()):
                fail("%s: counter without numeric args" % where)
            counters[pid].add(name.split(" ")[0])
            totals["counter_samples"] += 1
        else:
            fail("%s: phase %s is not one the export writes" % (where, ph))
    if begins:
        fail("%d async begins without an end" % len(begins))
    for pid in used_pids:
        if pid not in processes:
            fail("process %d has no process_name" % pid)
    for key in used_tids:
        if key not in threads:
            fail("thread %s has no thread_name" % (key,))
    by_track = {name: key for key, name in threads.items()}
    for key, value in (("message_slices", "slices"), ("one_sided_messages", "one_sided"),
                       ("drops", "drops"), ("tx_waits", "tx_waits"),
                       ("counter_samples", "counter_samples")):
        if meta.get(key) != totals[value]:
            fail("metadata %s is %r, the file holds %d" % (key, meta.get(key), totals[value]))
    if meta.get("json_events") != len(doc["traceEvents"]):
        fail("metadata json_events %r, the file holds %d" % (meta.get("json_events"),
                                                             len(doc["traceEvents"])))

    for expect in sys.argv[2:]:
        what, _, want = expect.partition("=")
        kind, _, arg = what.partition(":")
        if kind == "slices" and arg:
            got = slices[arg]
        elif kind == "one_sided" and arg:
            if arg not in by_track:
                fail("no track named %r (tracks: %s)" % (arg, sorted(by_track)))
            got = one_sided[by_track[arg]]
        elif kind == "counters":
            pids = [p for p, n in processes.items() if n == "rpmsg bus " + arg]
            if not pids:
                fail("no process for bus %s" % arg)
            missing = set(want.split(",")) - counters[pids[0]]
            if missing:
                fail("bus %s has no counter %s (has %s)" % (arg, sorted(missing),
                                                           sorted(counters[pids[0]])))
            continue
        elif kind == "durations" and arg:
            got = ",".join(sorted(durations[arg]))
        elif kind == "events_read":
            got = meta.get("events_read")
        elif kind in totals or kind in ("drops", "tx_waits", "one_sided", "slices"):
            got = totals[kind]
        else:
            fail("unknown expectation %r" % expect)
        if str(got) != want:
            fail("%s: expected %s, the file has %s (slices per track: %s)" %
                 (what, want, got, dict(slices)))
    print("timeline ok: %d events, %d slices on %d tracks, %d one-sided, %d drops, %d tx waits,"
          " %d counter samples" % (len(doc["traceEvents"]), totals["slices"], len(slices),
                                   totals["one_sided"], totals["drops"], totals["tx_waits"],
                                   totals["counter_samples"]))


main()
