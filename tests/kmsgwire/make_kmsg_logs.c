// SPDX-License-Identifier: MIT
/*
 * Writes the kernel logs the kmsgwire tests decode with `rpmsg-trace decode/report --kmsg`.
 * Every line comes from tests/kmsg/kmsg_log_writer.h, which reproduces the kernel's own format
 * strings and printk framing (the kernel sources are cited there).
 *
 * usage: make_kmsg_logs DIR
 * writes DIR/session.log   dmesg output of a session (dynamic debug flags +pt on dev_dbg)
 *        DIR/session.kmsg  the same session as saved /dev/kmsg records
 *        DIR/truncated.log a session whose last RX hex dump was cut short
 *
 * The session, on bus virtio0 (host = Linux, remote = firmware):
 *   the remote announces rpmsg-tty at 0x401 and rpmsg-motor at 0x402 (RX on the name service
 *   0x35, the "NS announcement" dump, "creating channel"); Linux binds rpmsg-tty to 0x400 and
 *   rpmsg-motor to 0x403;
 *   rpmsg-tty:   3 TX "hello" (5 bytes) 0x400 -> 0x401, each kicked; 2 RX "ok\n" 0x401 -> 0x400
 *   rpmsg-motor: 4 RX of 8 bytes (motor.decoders' layout) 0x402 -> 0x403; 1 TX "go" 0x403 -> 0x402
 *   one RX from 0x401 to 0x999 with no recipient (a drop on rpmsg-tty)
 *   lines of other drivers between them (skipped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmsg_log_writer.h"

#define NS_ADDR 0x35

static struct log_writer writer;

static void tx(struct log_writer *w, const char *channel, uint32_t src, uint32_t dst,
	       const void *payload, uint16_t len)
{
	uint8_t frame[16 + 512];
	char device[64];
	size_t n = rpmsg_frame(frame, src, dst, len, 0, payload);

	/* rpmsg_send_offchannel_raw(): dev = &rpdev->dev, named virtio0.NAME.SRC.DST */
	snprintf(device, sizeof(device), "virtio0.%s.-1.%u", channel, dst);
	lw_dev(w, 1, "rpmsg_tty", device, TX_FMT, src, dst, len, 0, 0);
	lw_hexdump(w, TX_DUMP_PREFIX, frame, n);
	lw_dev(w, 1, "remoteproc", "remoteproc0", KICK_FMT, 1);
}

/* rpmsg_recv_single(): header line and dump; @dump_len < frame length cuts the dump short. */
static void rx_cut(struct log_writer *w, uint32_t src, uint32_t dst, const void *payload,
		   uint16_t len, size_t dump_len)
{
	uint8_t frame[16 + 512];
	size_t n = rpmsg_frame(frame, src, dst, len, 0, payload);

	lw_dev(w, 1, "remoteproc", "remoteproc0", VQ_INTERRUPT_FMT, 0);
	lw_dev(w, 1, "virtio_rpmsg_bus", "virtio0", RX_FMT, src, dst, len, 0, 0);
	lw_hexdump(w, RX_DUMP_PREFIX, frame, dump_len < n ? dump_len : n);
}

static void rx(struct log_writer *w, uint32_t src, uint32_t dst, const void *payload, uint16_t len)
{
	rx_cut(w, src, dst, payload, len, (size_t)-1);
}

/* The remote announces @name at @addr: RX to the name service, its dump, the new channel. */
static void announce(struct log_writer *w, const char *name, uint32_t addr)
{
	uint8_t ns[40];

	rpmsg_ns_msg(ns, name, addr, 0);
	rx(w, addr, NS_ADDR, ns, sizeof(ns));
	lw_hexdump(w, NS_DUMP_PREFIX, ns, sizeof(ns));
	lw_dev(w, 0, "virtio_rpmsg_bus", "virtio0", CHANNEL_FMT, "creat", name, addr);
}

static void session(struct log_writer *w, int cut_last_dump)
{
	/* motor.decoders: speed 1500 rpm (u16 big-endian), -250 mA (s16le), state 1 = run */
	static const uint8_t motor[8] = {0x05, 0xdc, 0x06, 0xff, 0x01, 0xaa, 0xbb, 0xcc};

	w->ts_us = 12000000;
	lw_dev(w, 0, "remoteproc", "remoteproc0", REGISTERED_FMT, "virtio0", 7);
	announce(w, "rpmsg-tty", 0x401);
	lw_other(w, "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex");
	announce(w, "rpmsg-motor", 0x402);
	for (int i = 0; i < 3; i++)
		tx(w, "rpmsg-tty", 0x400, 0x401, "hello", 5);
	rx(w, 0x401, 0x400, "ok\n", 3);
	lw_other(w, "usb 1-1: new high-speed USB device number 2 using xhci_hcd");
	rx(w, 0x401, 0x400, "ok\n", 3);
	for (int i = 0; i < 4; i++)
		rx(w, 0x402, 0x403, motor, sizeof(motor));
	tx(w, "rpmsg-motor", 0x403, 0x402, "go", 2);
	rx(w, 0x401, 0x999, "lost", 4);
	lw_dev(w, 0, "virtio_rpmsg_bus", "virtio0", NO_RECIPIENT_FMT);
	if (cut_last_dump) {
		/* 64 bytes announced, the log (a ring overrun, a cut capture) holds only 20 */
		static const uint8_t big[64] = "0123456789abcdefghijklmnopqrstuvwxyz";

		rx_cut(w, 0x401, 0x400, big, sizeof(big), 16 + 20);
	}
}

static int save(const char *dir, const char *name, const struct log_writer *w)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (!f || fwrite(w->text, 1, w->len, f) != w->len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_kmsg_logs DIR\n");
		return 2;
	}
	/* dynamic debug with +pt: the thread id "[%d] " before dev_dbg lines */
	memset(&writer, 0, sizeof(writer));
	writer.dyn_prefix = "[1234] ";
	session(&writer, 0);
	failed |= save(argv[1], "session.log", &writer);

	memset(&writer, 0, sizeof(writer));
	writer.kmsg_records = 1;
	session(&writer, 0);
	failed |= save(argv[1], "session.kmsg", &writer);

	memset(&writer, 0, sizeof(writer));
	session(&writer, 1);
	failed |= save(argv[1], "truncated.log", &writer);
	return failed;
}
