#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Kernel-side tracing on the virtual board, checked against the firmware's own counts.

Starts the simulated firmware on a vhost-user socket (rpmsg-sim remote --vhost-user), boots the
board (Debian's kernel with the real virtio_rpmsg_bus, our tools in the overlay initramfs of
board/overlay) running board/overlay/guest-check.sh, then
compares what every kernel-side view printed in the guest with the firmware's summary:

  views     live --kernel --json (attached after the channels exist: names from sysfs),
            record --bpf --kernel + report, rpmsg-top --kernel -b, a drop (no recipient),
            rpmsg-ddebug on/restore on the real control file without /run, report --kmsg
  early     booted without the device (rpmsg.nodev=1): live --kernel --json attached first, then
            virtio_pci loaded: names from the announcements seen while running, not sysfs;
            then live --kernel --detail (--json and the table): the collector's endpoints
  kmsgboot  booted with dyndbg=+p: the whole kernel log decoded by report --kmsg; then TX
            starvation (the firmware stopped while the guest writes more than the TX ring holds:
            TX waits with their duration)

Exit 0 when every count matches, 1 with the differences listed, 77 (skip) when QEMU or the
board's artifacts are missing. Every process is started and stopped by pid, every wait has
a deadline.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
N = 100  # messages per service


def fail_list():
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)
        return cond

    return errors, check


def wait_for_path(path, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.05)
    return False


def stop(proc, seconds=20):
    """SIGINT (the firmware prints its summary on it), then SIGKILL after @seconds."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def firmware_summary(text):
    """{channel: (tx_msgs, rx_msgs)} from the firmware's summary table (remote "-", None: the
    channel never learnt ours)."""
    counts = {}
    for m in re.finditer(r"^\s+(rpmsg-\S+)\s+(\d+)\s+(\d+|-)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$",
                         text, re.M):
        counts[m.group(1)] = {"local": int(m.group(2)), "remote": None if m.group(3) == "-" else int(m.group(3)),
                              "tx": int(m.group(4)), "rx": int(m.group(6))}
    return counts


def results(out):
    """RESULT lines of the guest: {stage: [text, ...]}."""
    res = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            parts = line.split(" ", 2)
            res.setdefault(parts[1], []).append(parts[2] if len(parts) > 2 else "")
    return res


def one(res, key):
    return res.get(key, [""])[-1]


def run_board(args, workdir, stages, sim_args, boot_args, append=()):
    """Firmware + board (@append: more kernel command line); returns (guest output, firmware
    output, guest exit status)."""
    sock = os.path.join(workdir, "vu.sock")
    fw_log = open(os.path.join(workdir, "fw.log"), "w")
    bus = "vbk%d" % os.getpid()
    fw = subprocess.Popen([args.sim, "remote", "--vhost-user", sock, "--bus", bus, "--wait", "300",
                           "-q", "--messages", str(N)] + sim_args,
                          stdout=fw_log, stderr=subprocess.STDOUT)
    try:
        if not wait_for_path(sock, 20):
            raise RuntimeError("the firmware did not listen on %s" % sock)
        out = os.path.join(workdir, "out.log")
        cmd = [args.boot, "--kit", args.kit_dir, "--socket", sock,
               "--console", os.path.join(workdir, "console.log"), "--output", out,
               "--timeout", "600", "--memory", "1024", "--append", " ".join(("log_buf_len=16M",) + tuple(append)),
               "--cmd", "sh /usr/share/rpmsg-scope/guest-check.sh %s %d" % (stages, N)] + boot_args
        board = subprocess.Popen(cmd)
        try:
            if "txwait" in stages:
                starve(board, fw, out)
            status = board.wait(700)
        finally:
            if board.poll() is None:
                board.terminate()
                board.wait(30)
    finally:
        if fw.poll() is None:
            os.kill(fw.pid, signal.SIGCONT)
        stop(fw)
        fw_log.close()
        if os.path.exists("/dev/shm/rpmsg-" + bus):
            os.unlink("/dev/shm/rpmsg-" + bus)
    with open(os.path.join(workdir, "fw.log")) as f:
        fw_text = f.read()
    with open(out, errors="replace") as f:
        guest = f.read()
    return guest, fw_text, status


def wait_for_line(path, text, board, seconds):
    """Until @path (the guest's output) has a line starting with @text; False on timeout."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and board.poll() is None:
        try:
            with open(path, errors="replace") as f:
                if any(l.startswith(text) for l in f):
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return False


STARVE_S = 2.0  # how long the firmware stops returning buffers


def starve(board, fw, out):
    """The guest's txwait stage: stop the firmware when it is ready, resume it 2 s into the
    guest's blocked writes."""
    if not wait_for_line(out, "RESULT txwait-ready", board, 300):
        return
    os.kill(fw.pid, signal.SIGSTOP)
    try:
        if wait_for_line(out, "RESULT txwait-blocking", board, 120):
            time.sleep(STARVE_S)  # the starvation itself, not a wait for something
    finally:
        os.kill(fw.pid, signal.SIGCONT)


def endpoints_live(text):
    """live --json total line -> {(local, remote): endpoint}."""
    d = json.loads(text)
    return {(e["local"], e["remote"]): e for e in d["endpoints"]}, d


def endpoints_report(text):
    """report --json -> {(host, remote): endpoint}."""
    d = json.loads(text)
    return {(e["host"], e["remote"]): e for e in d["endpoints"]}


def stage_report(res, stage, check):
    """The report --json of result @stage as endpoints_report() reads it, or None after a failed
    check saying that the stage printed no JSON."""
    try:
        return endpoints_report(one(res, stage))
    except (ValueError, KeyError) as e:
        check(False, "%s: no JSON (%s)" % (stage, e))
        return None


def by_remote(eps, remote, key_remote=1):
    return [e for k, e in eps.items() if k[key_remote] == remote]


def check_live_total(stage, text, fw, check):
    """live --kernel --json's total line of a stage that ran the workload on echo, sensor, raw
    and ctrl (N each): per endpoint and direction the workload's counts, named as the firmware
    announced, at the firmware's addresses. Returns the whole JSON object."""
    echo_addr = fw["rpmsg-echo"]["local"]
    try:
        live, whole = endpoints_live(text)
    except (ValueError, KeyError) as e:
        check(False, "%s: no JSON total line (%s)" % (stage, e))
        return {}
    expect = {"rpmsg-echo": (N, N), "rpmsg-raw": (N, N), "rpmsg-sensor": (1, N)}
    for name, (tx, rx) in expect.items():
        rows = [e for e in live.values() if e["name"] == name]
        if check(len(rows) == 1, "%s: %d rows named %s" % (stage, len(rows), name)):
            e = rows[0]
            check((e["tx_msgs"], e["rx_msgs"]) == (tx, rx),
                  "%s %s: tx/rx %d/%d, expected %d/%d" % (stage, name, e["tx_msgs"], e["rx_msgs"], tx, rx))
            check(e["remote"] == fw[name]["local"],
                  "%s %s: remote %d, firmware's address %d" % (stage, name, e["remote"], fw[name]["local"]))
    ctrl = [e for e in live.values() if e["name"] == "board-ctrl-echo"]
    if check(len(ctrl) == 1, "%s: the ctrl endpoint is not named board-ctrl-echo" % stage):
        check((ctrl[0]["tx_msgs"], ctrl[0]["rx_msgs"]) == (N, N), "%s ctrl: %r" % (stage, ctrl[0]))
        check(ctrl[0]["remote"] == echo_addr, "%s ctrl: remote %d" % (stage, ctrl[0]["remote"]))
    check(whole.get("lost_events", 1) == 0 and whole.get("map_full", 1) == 0,
          "%s: lost or map full" % stage)
    return whole


def check_views(guest, fw, check):
    res = results(guest)
    check(one(res, "workload-live") == "0", "live stage: workload failed")
    check(one(res, "workload-record") == "0", "record stage: workload failed")
    echo_addr = fw["rpmsg-echo"]["local"]
    # live --kernel --json, attached after the channels exist
    whole = check_live_total("live", one(res, "live"), fw, check)
    vq = {v["vq"]: v for v in whole.get("vrings", [])}
    check(set(vq) == {0, 1}, "live: vrings %r" % sorted(vq))
    if vq.get(0):
        # every message the firmware sent in this stage came back on vq0: echo, raw, sensor, ctrl
        check(vq[0]["gets"] == 4 * N, "live vq0 gets %d, expected %d" % (vq[0]["gets"], 4 * N))
    if vq.get(1):
        check(vq[1]["adds"] == 3 * N + 1, "live vq1 adds %d, expected %d" % (vq[1]["adds"], 3 * N + 1))
        check(vq[1]["kicks"] > 0, "live vq1: no kick seen (vp_notify)")
    # record --bpf --kernel, then report
    check(one(res, "report-exit") == "0", "report exited %s" % one(res, "report-exit"))
    rows = by_remote(stage_report(res, "report", check) or {}, echo_addr)
    check(len(rows) == 2, "report: %d endpoints to rpmsg-echo, expected 2 (channel + ctrl)" % len(rows))
    for e in rows:
        check((e["tx"]["messages"], e["rx"]["messages"]) == (N, N),
              "report %s %d: tx/rx %d/%d" % (e["name"], e["host"], e["tx"]["messages"], e["rx"]["messages"]))
        check(e["name"] != "", "report: endpoint %d has no name" % e["host"])
    # rpmsg-top --kernel -b: the channel rows by name, both rings
    top = [l[4:] for l in guest.splitlines() if l.startswith("TOP ")]
    starts = [i for i, l in enumerate(top) if l.startswith("rpmsg-top refresh")]
    last = top[starts[-1]:] if starts else []
    check(one(res, "top-exit") == "0", "rpmsg-top exited %s" % one(res, "top-exit"))
    names = {l.split()[0] for l in last if l.startswith("rpmsg-")} - {"rpmsg-top"}
    check({"rpmsg-echo", "rpmsg-raw"} <= names, "rpmsg-top: rows %r" % sorted(names))
    check(any(l.startswith("vring virtio1 vq0") for l in last) and any(l.startswith("vring virtio1 vq1") for l in last),
          "rpmsg-top: no ring occupancy lines")
    echo_row = [l.split() for l in last if l.startswith("rpmsg-echo")]
    check(echo_row and int(echo_row[0][-2]) > 0, "rpmsg-top: no traffic on rpmsg-echo")
    rounds = int(one(res, "top-rounds") or 0)
    # drop: rpmsg-tty's stream after its endpoint was destroyed
    try:
        drop, _ = endpoints_live(one(res, "drop"))
    except (ValueError, KeyError) as e:
        check(False, "drop: no JSON total line (%s)" % e)
        drop = {}
    tty = [e for e in drop.values() if e["name"] == "rpmsg-tty"]
    if check(len(tty) == 1, "drop: no rpmsg-tty row"):
        e = tty[0]
        check(e["rx_msgs"] == fw["rpmsg-tty"]["tx"],
              "drop: tty rx %d, firmware sent %d" % (e["rx_msgs"], fw["rpmsg-tty"]["tx"]))
        check(1 <= e["drops"] <= N - 5, "drop: %d drops (expected 1..%d)" % (e["drops"], N - 5))
    # rpmsg-ddebug on the real control file, on a board without /run; report --kmsg
    check(one(res, "no-run") == "yes", "kmsg: /run was not taken away")
    check(one(res, "ddebug-on") == "0", "rpmsg-ddebug on failed")
    check(one(res, "ddebug-state") == "/tmp/rpmsg-ddebug.state",
          "rpmsg-ddebug state in %r" % one(res, "ddebug-state"))
    check(one(res, "ddebug-enabled") == "8", "rpmsg-ddebug: %s call sites enabled, expected 8" % one(res, "ddebug-enabled"))
    check(one(res, "ddebug-restore") == "0", "rpmsg-ddebug restore failed")
    check(one(res, "ddebug-same-as-before") == "0", "rpmsg-ddebug restore: state differs")
    rows = by_remote(stage_report(res, "kmsg", check) or {}, echo_addr)
    check(sorted((e["tx"]["messages"], e["rx"]["messages"]) for e in rows) == [(N, N), (N, N)],
          "kmsg: endpoints to rpmsg-echo %r" % [(e["host"], e["tx"]["messages"], e["rx"]["messages"]) for e in rows])
    # the firmware saw exactly what the stages sent
    echo_total = 2 * N + 2 * N + 20 * rounds + 2 * N
    check(fw["rpmsg-echo"]["rx"] == echo_total and fw["rpmsg-echo"]["tx"] == echo_total,
          "firmware rpmsg-echo %r, expected %d each way" % (fw["rpmsg-echo"], echo_total))
    check((fw["rpmsg-raw"]["tx"], fw["rpmsg-raw"]["rx"]) == (N, N), "firmware rpmsg-raw %r" % fw["rpmsg-raw"])
    check((fw["rpmsg-sensor"]["tx"], fw["rpmsg-sensor"]["rx"]) == (N, 1), "firmware rpmsg-sensor %r" % fw["rpmsg-sensor"])


def check_txwait(res, fw, check):
    check(one(res, "txwait-dd") == "0", "txwait: the writes failed")
    probes = int(one(res, "txwait-probes") or 0)
    try:
        live, _ = endpoints_live(one(res, "txwait"))
    except (ValueError, KeyError) as e:
        check(False, "txwait: no JSON total line (%s)" % e)
        return
    rows = [e for e in live.values() if e["name"] == "rpmsg-echo"]
    if not check(len(rows) == 1, "txwait: no rpmsg-echo row"):
        return
    e = rows[0]
    # the probes (each one echo; the last unanswered) and the 300 writes
    check(e["tx_msgs"] == 300 + probes + 1, "txwait: %d sent, expected %d" % (e["tx_msgs"], 301 + probes))
    check(e["tx_waits"] >= 1 and e["tx_wait_failures"] == 0,
          "txwait: %d waits, %d failed" % (e["tx_waits"], e["tx_wait_failures"]))
    check(e["tx_wait_ns"] >= 0.5 * STARVE_S * 1e9,
          "txwait: waited %.3f s in all, the firmware stopped for %.1f s" % (e["tx_wait_ns"] / 1e9, STARVE_S))


def check_kmsgboot(guest, fw, check):
    res = results(guest)
    check_txwait(res, fw, check)
    check(one(res, "workload-kmsgboot") == "0", "kmsgboot: workload failed")
    check(one(res, "kmsgboot-exit") == "0", "report --kmsg exited %s" % one(res, "kmsgboot-exit"))
    rep = stage_report(res, "kmsgboot", check)
    if rep is None:
        return
    # the txwait stage came after the log was read: its echoes (probes, the unanswered one, 300
    # writes) are in the firmware's counts only
    after = 301 + int(one(res, "txwait-probes") or 0)
    for name, c in fw.items():
        rows = [e for e in by_remote(rep, c["local"]) if e["host"] != 53]
        tx = sum(e["tx"]["messages"] for e in rows)
        rx = sum(e["rx"]["messages"] for e in rows)
        extra = after if name == "rpmsg-echo" else 0
        # the firmware's rx is what the kernel sent, its tx what the kernel received
        check((tx + extra, rx + extra) == (c["rx"], c["tx"]),
              "kmsg %s: kernel tx/rx %d/%d, firmware rx/tx %d/%d" % (name, tx, rx, c["rx"], c["tx"]))
        check(any(e["name"] == name for e in rows), "kmsg %s: no endpoint named so (%r)" % (name, [e["name"] for e in rows]))
    ns = [e for k, e in rep.items() if k[0] == 53]
    check(len(ns) == 4 and all(e["rx"]["messages"] == 1 for e in ns),
          "kmsg: name-service announcements %r" % [(e["remote"], e["rx"]["messages"]) for e in ns])


def check_early(guest, fw, check):
    res = results(guest)
    echo_addr = fw["rpmsg-echo"]["local"]
    # live --kernel --json attached before the device existed: nothing in sysfs to seed from
    check(one(res, "early-channels-before") == "0",
          "early: %s rpmsg devices before virtio_pci" % one(res, "early-channels-before"))
    check("early-start" not in res, "early: live --kernel did not report its hooks")
    check(one(res, "workload-early") == "0", "early stage: workload failed")
    check_live_total("early", one(res, "early"), fw, check)
    # live --kernel --detail --json: the collector's endpoints, echo and ctrl N each way
    check(one(res, "workload-detail") == "0", "detail stage: workload failed")
    try:
        d = json.loads(one(res, "detail-json"))
        eps = d["endpoints"]
    except (ValueError, KeyError) as e:
        check(False, "detail: no collector JSON line (%s)" % e)
        eps = []
    # the ctrl endpoint by its address (the workload prints it); the collector names a row by
    # the remote's announced name first, so it shows rpmsg-echo's name, not board-ctrl-echo
    ctrl = [int(m.group(1), 16) for m in re.finditer(r"^ctrl: endpoint 0x([0-9a-f]+) ", guest, re.M)]
    rows = {"channel": [e for e in eps if e["remote"] == echo_addr and e["name"] == "rpmsg-echo"
                        and e["local"] not in ctrl[-1:]],
            "ctrl": [e for e in eps if e["remote"] == echo_addr and e["local"] in ctrl[-1:]]}
    for what, found in rows.items():
        if check(len(found) == 1, "detail --json: %d %s rows to rpmsg-echo (%r)" %
                 (len(found), what, [(e["local"], e["remote"], e["name"]) for e in eps])):
            e = found[0]
            check((e["tx"]["msgs"], e["rx"]["msgs"]) == (N, N) and e["name"] != "",
                  "detail --json %s %d: tx/rx %d/%d named %r, expected %d/%d named" %
                  (what, e["local"], e["tx"]["msgs"], e["rx"]["msgs"], e["name"], N, N))
    # the table: the last collector block (up to the kernel program's totals), rpmsg-echo's
    # row (NAME BUS LOCAL REMOTE TX/s RX/s TX B/s RX B/s TX MSGS RX MSGS ...) with N each way
    check(one(res, "workload-detail-text") == "0", "detail table stage: workload failed")
    table = [l[7:] for l in guest.splitlines() if l.startswith("DETAIL ")]
    starts = [i for i, l in enumerate(table) if l.startswith("--- [") and l.endswith("] collector")]
    last = table[starts[-1]:] if starts else []
    ends = [i for i, l in enumerate(last) if i > 0 and l.startswith("--- [")]
    last = last[:ends[0]] if ends else last
    rows = [l.split() for l in last if l.split()[:1] == ["rpmsg-echo"]]
    if check(len(rows) == 1, "detail table: %d rpmsg-echo rows in %r" % (len(rows), last)):
        check(rows[0][8:10] == [str(N), str(N)] and rows[0][3] == str(echo_addr),
              "detail table: rpmsg-echo row %r, expected %d/%d to %d" % (rows[0], N, N, echo_addr))
    # the firmware saw exactly what the stages sent: echo from early, detail (+ ctrl), table
    echo_total = 2 * N + 2 * N + N
    check((fw["rpmsg-echo"]["rx"], fw["rpmsg-echo"]["tx"]) == (echo_total, echo_total),
          "firmware rpmsg-echo %r, expected %d each way" % (fw["rpmsg-echo"], echo_total))
    return last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["views", "early", "kmsgboot"])
    ap.add_argument("--boot", required=True, help="the board's vboard-boot.sh")
    ap.add_argument("--kit-dir", required=True, help="directory with vmlinuz and initramfs.cpio.gz (with our overlay)")
    ap.add_argument("--sim", required=True, help="rpmsg-sim (remote --vhost-user SOCK is the firmware)")
    ap.add_argument("--keep", help="keep the logs in this directory")
    args = ap.parse_args()
    for tool in ("qemu-system-x86_64",):
        if not shutil.which(tool):
            print("SKIP: %s not installed" % tool)
            return SKIP
    for path in (args.boot, args.sim, os.path.join(args.kit_dir, "vmlinuz"),
                 os.path.join(args.kit_dir, "initramfs.cpio.gz")):
        if not os.path.exists(path):
            print("SKIP: %s missing (board kit not built)" % path)
            return SKIP
    if os.geteuid() != 0:
        print("SKIP: needs root (vhost-user memfd sharing, QEMU)")
        return SKIP
    workdir = args.keep or tempfile.mkdtemp(prefix="vboard-kernel-")
    os.makedirs(workdir, exist_ok=True)
    if args.case == "views":
        guest, fw_text, status = run_board(args, workdir, "live,record,top,drop,kmsg", ["--tty-rate", "20"], [])
    elif args.case == "early":
        guest, fw_text, status = run_board(args, workdir, "early,detail", [], [],
                                           ["rpmsg.nodev=1"])
    else:
        guest, fw_text, status = run_board(args, workdir, "kmsgboot,txwait", ["--tty-rate", "50"],
                                           ["--dyndbg"])
    errors, check = fail_list()
    fw = firmware_summary(fw_text)
    check(status == 0, "guest command exit status %d (124 timeout, 125 crash)" % status)
    if check(set(fw) == {"rpmsg-echo", "rpmsg-tty", "rpmsg-sensor", "rpmsg-raw"},
             "firmware summary: channels %r" % sorted(fw)):
        {"views": check_views, "early": check_early, "kmsgboot": check_kmsgboot}[args.case](guest, fw, check)
    print(guest)
    print(fw_text)
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("vboard-kernel %s: every count matches the firmware's (logs in %s)" % (args.case, workdir))
    elif not args.keep:
        print("logs kept in %s" % workdir)
    if not errors and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
