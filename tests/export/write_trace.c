// SPDX-License-Identifier: MIT
/*
 * export_write_trace DIR [SCALE]: a CTF trace of a known workload, written through the CTF writer
 * that `record --bpf` uses (tracer/ctf), for the export tests that need no root:
 *
 *   bus exp0; the firmware announces "chan-a" (address 1025) and "chan-b" (1026)
 *   chan-a (host 1024 <-> remote 1025): MESSAGES x SCALE (default 1) sends each way, both sides
 *           traced, a new one
 *           every 10 us taking 25 us to arrive host -> firmware, 25.25 us back (three in
 *           flight at once each way); two TX waits
 *   chan-b (host 1030 -> remote 1026): SENDER_ONLY sends traced on the host side only
 *   a firmware message from 1027 to host address 2000, where nothing listens: its send, then the
 *           host's drop (no recipient)
 *   vq1 (host TX): an add per host send, a get per firmware receive; vq0 (host RX): a get per
 *           host receive and the add that re-posts the buffer
 *
 * What the export must show is in export_test.sh (synthetic case).
 */
#include <stdio.h>
#include <stdlib.h>

#include <rpmsg-scope/numbers.h>

#include <rpmsg-test/events.h>

#include "ctf_writer.h"

#define BUS	    "exp0"
#define MESSAGES    50
#define SENDER_ONLY 7
#define US	    1000ull
#define T0	    (1000 * SEC + 123456789ull) /* a start that is no whole second */

static struct rpmsg_event *events;
static size_t count;

static void add(struct rpmsg_event ev)
{
	events[count++] = ev;
}

static int by_time(const void *a, const void *b)
{
	const struct rpmsg_event *x = a, *y = b;

	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

int main(int argc, char **argv)
{
	uint32_t tx_avail = 0, tx_used = 0, rx_avail = 256, rx_used = 0;
	uint64_t scale = 1, messages;
	struct ctf_writer *w;

	if ((argc != 2 && argc != 3) || (argc == 3 && rpmsg_parse_count(argv[2], 100000, &scale))) {
		fprintf(stderr, "usage: export_write_trace DIR [SCALE]\n");
		return 2;
	}
	messages = MESSAGES * scale;
	events = calloc(8 * messages + 64, sizeof(*events));
	if (!events) {
		fprintf(stderr, "export_write_trace: out of memory\n");
		return 1;
	}
	add(ev_ns(BUS, REMOTE, T0, "chan-a", 1025, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_TX));
	add(ev_ns(BUS, REMOTE, T0 + 1, "chan-b", 1026, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_TX));
	for (uint64_t i = 0; i < messages; i++) {
		uint64_t tx = T0 + 100 * US + i * 10 * US, rx = tx + 3 * US;
		uint32_t len = 16 + (uint32_t)(i % MESSAGES);

		/* host -> firmware: send, buffer made available, firmware receives it */
		add(ev_send(BUS, HOST, tx, 1024, 1025, NULL, len));
		add(ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, tx + 1, 1, ++tx_avail, 255));
		add(ev_recv(BUS, REMOTE, tx + 25 * US, 1024, 1025, NULL, len));
		add(ev_vring(RPMSG_EV_VRING_GET, BUS, HOST, tx + 26 * US, 1, ++tx_used, 256));
		/* firmware -> host: send, host takes the buffer and re-posts it */
		add(ev_send(BUS, REMOTE, rx, 1025, 1024, NULL, len + 1));
		add(ev_vring(RPMSG_EV_VRING_GET, BUS, HOST, rx + 24 * US, 0, ++rx_used, 0));
		add(ev_recv(BUS, HOST, rx + 25 * US + 250, 1025, 1024, NULL, len + 1));
		add(ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, rx + 26 * US, 0, ++rx_avail, 0));
	}
	add(ev_wait(BUS, HOST, T0 + 50 * US, 1024, 1025, 7 * US, 0));
	add(ev_wait(BUS, HOST, T0 + 60 * US, 1024, 1025, 15 * US, -110));
	/* after chan-a's traffic (which ends before 600 us when SCALE is 1) */
	for (uint64_t i = 0; i < SENDER_ONLY; i++)
		add(ev_send(BUS, HOST, T0 + 2000 * US + i * US, 1030, 1026, NULL, 8));
	add(ev_send(BUS, REMOTE, T0 + 3000 * US, 1027, 2000, NULL, 40));
	add(ev_drop(BUS, HOST, T0 + 3010 * US, 1027, 2000, 40, RPMSG_DROP_NO_RECIPIENT));
	qsort(events, count, sizeof(events[0]), by_time);

	if (ctf_writer_open(argv[1], &w)) {
		fprintf(stderr, "export_write_trace: %s\n", ctf_writer_error());
		free(events);
		return 1;
	}
	for (size_t i = 0; i < count; i++)
		if (ctf_writer_add(w, &events[i]) || (i % 4096 == 4095 && ctf_writer_flush(w)))
			break;
	if (ctf_writer_flush(w) || ctf_writer_close(w)) {
		fprintf(stderr, "export_write_trace: %s\n", ctf_writer_error());
		free(events);
		return 1;
	}
	/* what a reader that held the whole trace would hold (export_streaming compares) */
	printf("%zu events written to %s, %zu bytes each in memory\n", count, argv[1],
	       sizeof(struct rpmsg_event));
	free(events);
	return 0;
}
