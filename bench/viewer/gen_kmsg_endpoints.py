#!/usr/bin/env python3
"""Write a kernel log (dmesg format, virtio_rpmsg_bus dynamic-debug lines) with ENDPOINTS named
channels, each sending and receiving RATE messages per second for SECONDS seconds: a replayable
source of many endpoints for the rpmsg-top benchmark (rpmsg-top --kmsg FILE)."""
import sys

endpoints, rate, seconds, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
dev = "virtio_rpmsg_bus virtio0"
with open(out, "w") as f:
    t = 1.0
    for i in range(endpoints):
        f.write(f"[{t:12.6f}] {dev}: creating channel ept-{i:04d} addr 0x{0x400 + i:x}\n")
        t += 0.000001
    # messages spread evenly: per second, each endpoint sends RATE and receives RATE
    per_second = endpoints * rate
    for s in range(seconds):
        for k in range(per_second):
            i = k % endpoints
            ts = 2.0 + s + k / per_second
            local, remote, size = 0x800 + i, 0x400 + i, 16 + (i * 7 + k) % 480
            f.write(f"[{ts:12.6f}] {dev}: TX From 0x{local:x}, To 0x{remote:x}, Len {size}, Flags 0, Reserved 0\n")
            f.write(f"[{ts + 0.0000005:12.6f}] {dev}: From: 0x{remote:x}, To: 0x{local:x}, Len: {size}, Flags: 0, Reserved: 0\n")
