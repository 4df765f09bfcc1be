#!/usr/bin/env python3
"""Write a corpus of corrupt kernel logs (issue 9) into OUTDIR, one file per case, each
FILE.log with FILE.expect beside it: "ok" (something decodes: exit 0, damage counted) or
"error" (nothing decodes: exit 1 naming the file). Deterministic (fixed seed), no blobs in the
tree. Line formats are virtio_rpmsg_bus's (see tests/kmsg/kmsg_log_writer.h).
Usage: make_corrupt_kmsg.py OUTDIR"""
import os
import random
import sys

DEV = "virtio_rpmsg_bus virtio0"


def tx(ts, src, dst, payload):
    """One sent message: its "TX From" line and its hex dump (header + payload)."""
    hdr = src.to_bytes(4, "little") + dst.to_bytes(4, "little") + bytes(4) + \
        len(payload).to_bytes(2, "little") + bytes(2)
    lines = [f"[{ts:12.6f}] {DEV}: TX From 0x{src:x}, To 0x{dst:x}, Len {len(payload)}, "
             "Flags 0, Reserved 0"]
    lines += dump("rpmsg_virtio TX: ", hdr + payload, ts)
    return lines


def dump(prefix, data, ts):
    """print_hex_dump(..., DUMP_PREFIX_NONE, 16, 1, data, len, true) rows."""
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        hexpart = " ".join(f"{b:02x}" for b in chunk)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append(f"[{ts:12.6f}] {prefix}{hexpart:<47}  {text}")
    return rows


GOOD = tx(5.0, 0x400, 0x401, b"hello")  # one decodable message (1 event)


def cases(rng):
    text = b"status: temperature 41.5C fan 3200rpm " * 13  # 494 bytes of ASCII payload
    mid = tx(1.0, 0x400, 0x401, text)
    yield "huge_timestamp", "ok", [
        "7,1,18446744073709551615,-;" + GOOD[0].split("] ", 1)[1],
        "[18446744073709.551615] " + GOOD[0].split("] ", 1)[1]] + GOOD
    yield "negative_timestamp", "ok", [
        "7,2,-5,-;" + GOOD[0].split("] ", 1)[1],
        "[  -12.000000] " + GOOD[0].split("] ", 1)[1]] + GOOD
    # dmesg | tail: the log starts in the middle of a 494-byte text dump
    yield "starts_mid_dump", "ok", mid[10:] + GOOD
    yield "only_mid_dump", "error", mid[10:]
    # a dump longer than its line says
    yield "dump_longer_than_header", "ok", GOOD + dump("rpmsg_virtio TX: ", bytes(64), 5.0)[2:]
    yield "len_over_512", "ok", [
        f"[    1.000000] {DEV}: TX From 0x400, To 0x401, Len 29300, Flags 0, Reserved 0",
        f"[    1.000001] {DEV}: From: 0x401, To: 0x400, Len: 600, Flags: 0, Reserved: 0",
        f"[    1.000002] {DEV}: Received 1 messages"] + GOOD
    garbage = bytes(rng.randrange(256) for _ in range(64 * 1024))
    yield "binary_garbage", "error", [garbage.decode("latin-1")]
    yield "garbage_around_message", "ok", [garbage[:4000].decode("latin-1")] + GOOD + \
        [garbage[4000:9000].decode("latin-1")]
    yield "nul_bytes", "ok", ["\0" * 100, GOOD[0][:30] + "\0" + GOOD[0][30:]] + GOOD
    yield "endless_line", "ok", GOOD + ["[    6.000000] " + "x" * (8 << 20)]
    yield "endless_line_only", "error", ["x" * (8 << 20)]
    # a copy cut inside the last record: header line cut mid-field, no newline
    yield "truncated_record", "ok", GOOD + [GOOD[0][:50]]
    yield "truncated_dump", "ok", tx(1.0, 0x400, 0x401, text)[:5]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(9)
    for name, expect, lines in cases(rng):
        data = "\n".join(lines)
        if name not in ("truncated_record", "endless_line", "endless_line_only"):
            data += "\n"
        with open(os.path.join(out, name + ".log"), "wb") as f:
            f.write(data.encode("latin-1"))
        with open(os.path.join(out, name + ".expect"), "w") as f:
            f.write(expect + "\n")


main()
