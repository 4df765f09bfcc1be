// SPDX-License-Identifier: MIT
/*
 * The kernel-log decoder against logs written in the kernel's exact formats (see
 * kmsg_log_writer.h for the format strings and where they come from). Each test builds a log as
 * `dmesg` or /dev/kmsg would show it and checks the events a user would see.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/kmsg.h>
#include <rpmsg-test/check.h>

#include "kmsg_log_writer.h"

#define MAX_EVENTS 64

struct capture {
	struct rpmsg_event ev[MAX_EVENTS];
	bool truncated[MAX_EVENTS];
	int n;
	struct rpmsg_kmsg_stats stats;
};

static int collect(const struct rpmsg_event *ev, const struct rpmsg_kmsg_event_info *info,
		   void *ctx)
{
	struct capture *c = ctx;

	if (c->n == MAX_EVENTS)
		return -ENOSPC;
	c->ev[c->n] = *ev;
	c->truncated[c->n] = info->truncated;
	c->n++;
	return 0;
}

/* Feed a whole log line by line, then flush, as rpmsg_kmsg_read_file() does. */
static void decode(const struct log_writer *w, struct capture *c)
{
	struct rpmsg_kmsg_parser *p;
	const char *line = w->text, *end = w->text + w->len;

	memset(c, 0, sizeof(*c));
	CHECK(rpmsg_kmsg_parser_new(collect, c, &p) == 0);
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);

		CHECK(rpmsg_kmsg_parser_feed_line(p, line, len) == 0);
		line += len;
	}
	CHECK(rpmsg_kmsg_parser_flush(p) == 0);
	rpmsg_kmsg_parser_get_stats(p, &c->stats);
	/* every line is accounted for */
	CHECK(c->stats.lines == c->stats.rpmsg_lines + c->stats.skipped_lines +
					c->stats.malformed_lines + c->stats.orphaned_lines);
	CHECK(c->stats.events == (uint64_t)c->n);
	rpmsg_kmsg_parser_free(p);
}

static void writer_init(struct log_writer *w)
{
	memset(w, 0, sizeof(*w));
	w->ts_us = 12345000;
}

/* The host sends "hello" on rpmsg-tty: header line + hex dump make one msg_send. */
static void test_tx_message_with_dump(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t frame[600];
	size_t n = rpmsg_frame(frame, 0x400, 0x401, 5, 0, "hello");

	writer_init(&w);
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 5, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	lw_other(&w, "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex");
	decode(&w, &c);
	CHECK(c.n == 1);
	CHECK(c.ev[0].type == RPMSG_EV_MSG_SEND);
	CHECK(c.ev[0].role == RPMSG_EVENT_ROLE_KERNEL);
	CHECK(!strcmp(c.ev[0].bus, "virtio0"));
	CHECK(c.ev[0].msg.src == 0x400 && c.ev[0].msg.dst == 0x401);
	CHECK(c.ev[0].msg.len == 5 && c.ev[0].msg.flags == 0);
	CHECK(c.ev[0].msg.captured == 5 && !memcmp(c.ev[0].payload, "hello", 5));
	CHECK(c.ev[0].ts_ns == 12345001000ULL); /* "[   12.345001]" */
	CHECK(!c.truncated[0]);
	CHECK(c.stats.skipped_lines == 1 && c.stats.rpmsg_lines == 3);
}

/* The virtio_rpmsg_bus lines of one received message: its header line and its whole frame. */
static void log_rx(struct log_writer *w, uint32_t src, uint32_t dst, uint16_t len,
		   const void *payload)
{
	uint8_t frame[700];
	size_t n = rpmsg_frame(frame, src, dst, len, 0, payload);

	lw_dev(w, 1, "virtio_rpmsg_bus", "virtio0", RX_FMT, src, dst, len, 0, 0);
	lw_hexdump(w, RX_DUMP_PREFIX, frame, n);
}

/* A received message becomes msg_recv once the next line shows it was not dropped. */
static void test_rx_delivered_and_dropped(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t payload[100], too_big[600];

	for (int i = 0; i < 100; i++)
		payload[i] = (uint8_t)i;
	memset(too_big, 0xab, sizeof(too_big));
	writer_init(&w);
	log_rx(&w, 0x401, 0x400, 100, payload);
	/* nobody listens on 0x999 */
	log_rx(&w, 0x401, 0x999, 3, "abc");
	lw_dev(&w, 0, "virtio_rpmsg_bus", "virtio0", NO_RECIPIENT_FMT);
	/* the remote wrote a length bigger than the buffer */
	log_rx(&w, 0x401, 0x400, 600, too_big);
	lw_dev(&w, 0, "virtio_rpmsg_bus", "virtio0", TOO_BIG_FMT, 512, 600);
	lw_dev(&w, 1, "virtio_rpmsg_bus", "virtio0", RECEIVED_FMT, 1u);
	decode(&w, &c);
	CHECK(c.n == 3);
	CHECK(c.ev[0].type == RPMSG_EV_MSG_RECV && c.ev[0].msg.src == 0x401 &&
	      c.ev[0].msg.dst == 0x400 && c.ev[0].msg.len == 100 && c.ev[0].msg.captured == 100 &&
	      !memcmp(c.ev[0].payload, payload, 100));
	CHECK(c.ev[1].type == RPMSG_EV_DROP && c.ev[1].drop.reason == RPMSG_DROP_NO_RECIPIENT &&
	      c.ev[1].drop.dst == 0x999 && c.ev[1].drop.len == 3);
	CHECK(c.ev[2].type == RPMSG_EV_DROP && c.ev[2].drop.reason == RPMSG_DROP_TOO_BIG &&
	      c.ev[2].drop.len == 600 && c.ev[2].drop.src == 0x401);
	CHECK(c.stats.malformed_lines == 0 && c.stats.truncated_dumps == 0);
}

/* The remote announces a channel: msg_recv to 53, then exactly one ns_announce. */
static void test_name_service(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t ns[40], frame[100];
	size_t n;

	writer_init(&w);
	lw_dev(&w, 0, "remoteproc", "remoteproc0", REGISTERED_FMT, "virtio0", 7);
	rpmsg_ns_msg(ns, "rpmsg-client-sample", 0x401, 0);
	log_rx(&w, 0x401, 53, 40, ns);
	lw_hexdump(&w, NS_DUMP_PREFIX, ns, 40);
	lw_dev(&w, 0, "virtio_rpmsg_bus", "virtio0", CHANNEL_FMT, "creat", "rpmsg-client-sample",
	       0x401);
	/* without dynamic debug only the dev_info line is there */
	lw_dev(&w, 0, "virtio_rpmsg_bus", "virtio0", CHANNEL_FMT, "destroy", "rpmsg-client-sample",
	       0x401);
	/* and our own announcement goes out as a message to 53 */
	rpmsg_ns_msg(ns, "rpmsg-tty", 0x402, 0);
	n = rpmsg_frame(frame, 0x402, 53, 40, 0, ns);
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1026", TX_FMT, 0x402, 53, 40, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	lw_dev(&w, 1, "remoteproc", "remoteproc0", KICK_FMT, 1);
	lw_dev(&w, 1, "remoteproc", "remoteproc0", VQ_INTERRUPT_FMT, 0);
	decode(&w, &c);
	CHECK(c.n == 7);
	CHECK(c.ev[0].type == RPMSG_EV_MSG_RECV && c.ev[0].msg.dst == 53);
	CHECK(c.ev[1].type == RPMSG_EV_NS_ANNOUNCE &&
	      !strcmp(c.ev[1].ns.name, "rpmsg-client-sample") && c.ev[1].ns.addr == 0x401 &&
	      c.ev[1].ns.flags == RPMSG_EVENT_NS_CREATE &&
	      c.ev[1].ns.direction == RPMSG_EVENT_DIR_RX && !strcmp(c.ev[1].bus, "virtio0"));
	CHECK(c.ev[2].type == RPMSG_EV_NS_ANNOUNCE && c.ev[2].ns.flags == RPMSG_EVENT_NS_DESTROY &&
	      !strcmp(c.ev[2].ns.name, "rpmsg-client-sample") && c.ev[2].ns.addr == 0x401);
	CHECK(c.ev[3].type == RPMSG_EV_MSG_SEND && c.ev[3].msg.dst == 53);
	CHECK(c.ev[4].type == RPMSG_EV_NS_ANNOUNCE && !strcmp(c.ev[4].ns.name, "rpmsg-tty") &&
	      c.ev[4].ns.addr == 0x402 && c.ev[4].ns.direction == RPMSG_EVENT_DIR_TX);
	/* kicks name remoteproc0, which "registered virtio0 (type 7)" ties to the virtio bus */
	CHECK(c.ev[5].type == RPMSG_EV_MBOX_KICK && c.ev[5].mbox.channel == 1 &&
	      !strcmp(c.ev[5].bus, "virtio0"));
	CHECK(c.ev[6].type == RPMSG_EV_MBOX_RX && c.ev[6].mbox.channel == 0);
}

/* A dump cut short (ring buffer overrun, truncated capture) is reported as truncated. */
static void test_truncated_dump(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t frame[600], payload[64];
	size_t n;

	memset(payload, 'x', sizeof(payload));
	writer_init(&w);
	n = rpmsg_frame(frame, 0x400, 0x401, 64, 0, payload);
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 64, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, 32); /* header + 16 of 64 payload bytes */
	(void)n;
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 2, 0, 0);
	decode(&w, &c);
	CHECK(c.n == 2);
	CHECK(c.ev[0].type == RPMSG_EV_MSG_SEND && c.ev[0].msg.len == 64 &&
	      c.ev[0].msg.captured == 16 && c.truncated[0]);
	/* a header line whose dump is off is not truncated: it just has no payload */
	CHECK(c.ev[1].msg.len == 2 && c.ev[1].msg.captured == 0 && !c.truncated[1]);
	CHECK(c.stats.truncated_dumps == 1);

	/* a dump whose last row lost its end */
	writer_init(&w);
	n = rpmsg_frame(frame, 0x400, 0x401, 20, 0, "01234567890123456789");
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 20, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	w.len -= 60; /* the last row ends inside its prefix: its 4 bytes are lost */
	w.text[w.len++] = '\n';
	decode(&w, &c);
	CHECK(c.n == 1 && c.truncated[0] && c.ev[0].msg.captured < 20);
	CHECK(c.stats.truncated_dumps == 1);
}

/*
 * Issue 9 item 7: dumps have no offsets, so a dump row is only decoded after its own header
 * line. A log read from the middle (dmesg | tail) starts inside a dump: those rows are orphaned,
 * counted, and never turned into a message whose addresses are payload bytes.
 */
static void test_dump_without_header_line(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t frame[600], big[496], text[480];
	size_t n;

	for (int i = 0; i < 496; i++)
		big[i] = (uint8_t)(i * 7);
	/* dumps alone (dev_dbg sites off): 1 + 32 + 1 rows, all orphaned */
	writer_init(&w);
	n = rpmsg_frame(frame, 0x401, 0x400, 496, 3, big);
	lw_hexdump(&w, RX_DUMP_PREFIX, frame, n);
	n = rpmsg_frame(frame, 0x400, 0x401, 2, 0, "ok");
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	decode(&w, &c);
	CHECK(c.n == 0);
	CHECK(c.stats.orphaned_lines == 32 + 2 && c.stats.malformed_lines == 0);

	/* a log starting in the middle of a 480-byte text message, then a whole message */
	memset(text, 'a', sizeof(text));
	writer_init(&w);
	n = rpmsg_frame(frame, 0x400, 0x401, 480, 0, text);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame + 64, n - 64); /* the first 4 rows were lost */
	n = rpmsg_frame(frame, 0x400, 0x401, 2, 0, "ok");
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 2, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	decode(&w, &c);
	CHECK(c.n == 1 && c.ev[0].type == RPMSG_EV_MSG_SEND && c.ev[0].msg.src == 0x400 &&
	      c.ev[0].msg.dst == 0x401 && c.ev[0].msg.len == 2 && c.ev[0].msg.captured == 2);
	CHECK(c.stats.orphaned_lines == 27);

	/* a dump longer than its line says: the extra rows are orphaned */
	writer_init(&w);
	n = rpmsg_frame(frame, 0x400, 0x401, 2, 0, "ok");
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 2, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, 48);
	decode(&w, &c);
	CHECK(c.n == 1 && c.ev[0].msg.len == 2 && c.stats.orphaned_lines == 1);

	/* a dump whose header disagrees with its line: the line stands, the dump is orphaned */
	writer_init(&w);
	n = rpmsg_frame(frame, 0x400, 0x999, 2, 0, "ok");
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 2, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, n);
	decode(&w, &c);
	CHECK(c.n == 1 && c.ev[0].msg.dst == 0x401 && c.ev[0].msg.captured == 0);
	CHECK(c.stats.orphaned_lines == 2);

	/* lengths no 512-byte buffer holds: a sent one is malformed, a received one never
	 * dropped by the kernel is not reported */
	writer_init(&w);
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 29300, 0, 0);
	lw_dev(&w, 1, "virtio_rpmsg_bus", "virtio0", RX_FMT, 0x401, 0x400, 29300, 0, 0);
	lw_dev(&w, 1, "virtio_rpmsg_bus", "virtio0", RECEIVED_FMT, 1u);
	decode(&w, &c);
	CHECK(c.n == 0 && c.stats.malformed_lines == 1 && c.stats.oversized_msgs == 1);
}

/*
 * Issue 9 item 6: timestamps no printk clock reaches (UINT64_MAX us in a /dev/kmsg record,
 * negative ones) are malformed lines, not events with a clock that breaks the CTF reader.
 */
static void test_bad_timestamps(void)
{
	static const char log[] =
		"7,1,18446744073709551615,-;virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, "
		"Len 2, Flags 0, Reserved 0\n"
		"7,2,-5,-;virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 2, Flags 0, "
		"Reserved 0\n"
		"[18446744073709.551615] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 2, "
		"Flags 0, Reserved 0\n"
		"[   -1.000000] virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 2, Flags 0, "
		"Reserved 0\n"
		"7,3,3155760000000000,-;virtio_rpmsg_bus virtio0: TX From 0x400, To 0x401, Len 2, "
		"Flags 0, Reserved 0\n";
	struct log_writer w;
	struct capture c;

	writer_init(&w);
	memcpy(w.text, log, sizeof(log) - 1);
	w.len = sizeof(log) - 1;
	decode(&w, &c);
	/* only the last, exactly 100 years after boot, is a time we accept */
	CHECK(c.n == 1 && c.ev[0].ts_ns == 3155760000000000000ULL);
	CHECK(c.stats.malformed_lines == 4);
}

/* /dev/kmsg records, dynamic debug's +pmflt prefix, and the error lines. */
static void test_kmsg_records_and_prefixes(void)
{
	struct log_writer w;
	struct capture c;
	uint8_t frame[64];

	writer_init(&w);
	w.kmsg_records = 1;
	w.dyn_prefix = "[1234] virtio_rpmsg_bus:rpmsg_send_offchannel_raw:652: ";
	lw_dev(&w, 1, "rpmsg_tty", "virtio0.rpmsg-tty.-1.1024", TX_FMT, 0x400, 0x401, 3, 0, 0);
	lw_hexdump(&w, TX_DUMP_PREFIX, frame, rpmsg_frame(frame, 0x400, 0x401, 3, 0, "abc"));
	lw_dev(&w, 0, "rpmsg_tty", "virtio0.rpmsg-tty.1024.1025", TX_TIMEOUT_FMT);
	lw_dev(&w, 0, "virtio_rpmsg_bus", "virtio0", MALFORMED_NS_FMT, 39);
	decode(&w, &c);
	CHECK(c.n == 3);
	CHECK(c.ev[0].type == RPMSG_EV_MSG_SEND && c.ev[0].tid == 1234 &&
	      !strcmp(c.ev[0].bus, "virtio0") && c.ev[0].msg.captured == 3);
	CHECK(c.ev[0].ts_ns == 12345001000ULL); /* "7,0,12345001,-;" is in microseconds */
	CHECK(c.ev[1].type == RPMSG_EV_TX_WAIT && c.ev[1].tx_wait.src == 1024 &&
	      c.ev[1].tx_wait.dst == 1025 && c.ev[1].tx_wait.outcome == -ETIMEDOUT &&
	      c.ev[1].tx_wait.waited_ns == 15000000000ULL);
	CHECK(c.ev[2].type == RPMSG_EV_DROP && c.ev[2].drop.reason == RPMSG_DROP_BAD_NS &&
	      c.ev[2].drop.len == 39);
	/* the dictionary lines (" SUBSYSTEM=...") are counted as skipped */
	CHECK(c.stats.skipped_lines == 6);
}

/* Lines of other drivers, garbage, and lines that look like ours but are not whole. */
static void test_other_and_malformed_lines(void)
{
	struct log_writer w;
	struct capture c;

	writer_init(&w);
	lw_other(&w, "usb 1-1: new high-speed USB device number 2 using xhci_hcd");
	lw_other(&w, "");
	lw_other(&w, "random text From: nowhere");
	lw_other(&w, "virtio_rpmsg_bus virtio0: TX From 0x400, To 0x");
	lw_other(&w, "rpmsg_virtio TX: zz 00");
	/* the same words from another driver are not a name-service announcement */
	lw_other(&w, "iio iio:device0: creating channel voltage0 addr 0x10");
	decode(&w, &c);
	CHECK(c.n == 0);
	CHECK(c.stats.skipped_lines == 4);
	CHECK(c.stats.malformed_lines == 2);
}

/* Files: rpmsg_kmsg_read_file() on dmesg output with CRLF endings. */
static void test_read_file(void)
{
	char path[] = "/tmp/rpmsg-kmsg-test.XXXXXX";
	int fd = mkstemp(path);
	struct rpmsg_kmsg_parser *p;
	struct capture c;
	static const char text[] = "[    5.000001] remoteproc remoteproc0: kicking vq index: 1\r\n"
				   "[    5.000002] remoteproc remoteproc0: kicking vq index: 3\r\n";

	memset(&c, 0, sizeof(c));
	CHECK(fd >= 0);
	CHECK(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1);
	close(fd);
	CHECK(rpmsg_kmsg_parser_new(collect, &c, &p) == 0);
	CHECK(rpmsg_kmsg_read_file(p, path) == 0);
	CHECK(c.n == 2 && c.ev[1].mbox.channel == 3 && !strcmp(c.ev[1].bus, "remoteproc0"));
	CHECK(c.ev[0].ts_ns == 5000001000ULL);
	CHECK(rpmsg_kmsg_read_file(p, "/nonexistent/log") == -ENOENT);
	rpmsg_kmsg_parser_free(p);
	unlink(path);
}

/* Write one record to /dev/kmsg (a new descriptor each time: the kernel rate-limits per open). */
static int inject(const char *text)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/* Live: records written to the real /dev/kmsg come out as events. Needs root. */
static int test_live_dev_kmsg(void)
{
	struct rpmsg_kmsg_live *live;
	struct rpmsg_kmsg_parser *p;
	struct capture c;
	char line[200];
	int err;

	memset(&c, 0, sizeof(c));
	err = rpmsg_kmsg_live_open(NULL, false, &live);
	if (err) {
		printf("SKIP live /dev/kmsg: cannot open it: %s\n", strerror(-err));
		return 77;
	}
	if (inject("<7>remoteproc remoteproc7: registered virtio7 (type 7)\n")) {
		printf("SKIP live /dev/kmsg: cannot write to it (not root)\n");
		rpmsg_kmsg_live_close(live);
		return 77;
	}
	snprintf(line, sizeof(line), "<7>virtio_rpmsg_bus virtio7: " RX_FMT, 0x77, 0x78, 2, 0, 0);
	CHECK(inject(line) == 0);
	CHECK(inject("<7>" RX_DUMP_PREFIX
		     "77 00 00 00 78 00 00 00 00 00 00 00 02 00 00 00  w...x...........\n") == 0);
	CHECK(inject("<7>" RX_DUMP_PREFIX
		     "68 69                                            hi\n") == 0);
	CHECK(inject("<7>remoteproc remoteproc7: kicking vq index: 0\n") == 0);
	CHECK(rpmsg_kmsg_parser_new(collect, &c, &p) == 0);
	/* other messages may arrive too; wait (generously) until ours are in */
	for (int tries = 0; tries < 100 && c.n < 2; tries++) {
		struct pollfd pfd = {.fd = rpmsg_kmsg_live_fd(live), .events = POLLIN};

		if (poll(&pfd, 1, 100) > 0)
			CHECK(rpmsg_kmsg_live_read(live, p) >= 0);
	}
	CHECK(rpmsg_kmsg_parser_flush(p) == 0);
	CHECK(c.n >= 2);
	if (c.n >= 2) {
		CHECK(c.ev[0].type == RPMSG_EV_MSG_RECV && c.ev[0].msg.src == 0x77 &&
		      c.ev[0].msg.captured == 2 && !memcmp(c.ev[0].payload, "hi", 2) &&
		      !strcmp(c.ev[0].bus, "virtio7") && c.ev[0].ts_ns > 0);
		CHECK(c.ev[1].type == RPMSG_EV_MBOX_KICK && !strcmp(c.ev[1].bus, "virtio7"));
	}
	rpmsg_kmsg_parser_free(p);
	rpmsg_kmsg_live_close(live);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "live")) {
		int rc = test_live_dev_kmsg();

		if (rc)
			return rc;
	} else {
		test_tx_message_with_dump();
		test_rx_delivered_and_dropped();
		test_name_service();
		test_truncated_dump();
		test_dump_without_header_line();
		test_bad_timestamps();
		test_kmsg_records_and_prefixes();
		test_other_and_malformed_lines();
		test_read_file();
	}
	printf("all checks passed\n");
	return 0;
}
