// SPDX-License-Identifier: MIT
/*
 * Send -> deliver latency (FIFO matching per row and direction), and the last messages kept per
 * row: kept once when both sides are seen, newest first, payload intact, decoded by the hook.
 */
#include <rpmsg-test/events.h>

/* |got - want| within the histogram's resolution (1/16 of the value, and 1 ns). */
static void check_close(uint64_t got, uint64_t want, const char *what)
{
	uint64_t diff = got > want ? got - want : want - got;

	CHECK(diff <= want / 16 + 1, "%s: %" PRIu64 " ns, expected about %" PRIu64 " ns", what, got,
	      want);
}

/* n matched pairs in direction d, their median about p50 ns. */
static void check_matched(const struct rpmsg_collector_traffic *d, uint64_t n, uint64_t p50,
			  const char *what)
{
	CHECK(d->lat_samples == n, "%s: %" PRIu64 " samples, expected %" PRIu64, what,
	      d->lat_samples, n);
	check_close(d->lat_p50_ns, p50, what);
}

static void test_percentiles_of_matched_pairs(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_totals t;
	uint64_t ts = SEC;
	int i;

	/* message i takes i microseconds: p50 = 50 us, p99 = 99 us */
	for (i = 1; i <= 100; i++) {
		ADD(c, ev_send("l", HOST, ts, 1024, 0x400, NULL, 16));
		ADD(c, ev_recv("l", REMOTE, ts + (uint64_t)i * 1000, 1024, 0x400, NULL, 16));
		ts += 200000;
	}
	s = row(c, "l", 1024, 0x400);
	check_matched(&s.dir[RPMSG_COLLECTOR_TX], 100, 50000, "p50");
	check_close(s.dir[RPMSG_COLLECTOR_TX].lat_p99_ns, 99000, "p99");
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_max_ns, 100000);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_unmatched, 0);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].lat_samples, 0);
	/* the interval's percentiles appear when the interval closes */
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_interval_p50_ns, 0);
	CHECK(rpmsg_collector_tick(c, ts) == 0);
	s = row(c, "l", 1024, 0x400);
	check_close(s.dir[RPMSG_COLLECTOR_TX].lat_interval_p50_ns, 50000, "interval p50");
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].lat_samples, 100);
	check_close(t.dir[RPMSG_COLLECTOR_TX].lat_p99_ns, 99000, "totals p99");
	check_close(t.dir[RPMSG_COLLECTOR_TX].lat_interval_p50_ns, 50000, "totals interval p50");
	/* an idle interval has no latency */
	CHECK(rpmsg_collector_tick(c, ts + SEC) == 0);
	s = row(c, "l", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_interval_p50_ns, 0);
	check_close(s.dir[RPMSG_COLLECTOR_TX].lat_p50_ns, 50000, "p50 since start");
	rpmsg_collector_destroy(c);
}

/* One row's events (row "l", host 1024, remote 0x400) and what direction @dir shows after them. */
struct pairing_case {
	const char *what;
	struct rpmsg_event events[4];
	enum rpmsg_collector_dir dir;
	struct {
		uint64_t matched, p50_ns, sent, delivered, msgs, unmatched, drops;
	} want;
};

static void test_pairing_cases(void)
{
	/* want: matched pairs, their median (ns), sent, delivered, msgs, unmatched, drops */
	const struct pairing_case cases[] = {
		/* two sources merged out of order: the remote's receive arrives first */
		{"out of order",
		 {ev_recv("l", HOST, 5000, 0x400, 1024, NULL, 8),
		  ev_send("l", REMOTE, 2000, 0x400, 1024, NULL, 8)},
		 RPMSG_COLLECTOR_RX,
		 {1, 3000, 1, 1, 1, 0, 0}},
		/* the first send's receive event was lost: pairing skips it by length */
		{"after mismatch",
		 {ev_send("l", HOST, 1000, 1024, 0x400, NULL, 10),
		  ev_send("l", HOST, 2000, 1024, 0x400, NULL, 20),
		  ev_recv("l", REMOTE, 2700, 1024, 0x400, NULL, 20)},
		 RPMSG_COLLECTOR_TX,
		 {1, 700, 2, 1, 2, 1, 0}},
		/* a dropped send no longer waits for its receive */
		{"after drop",
		 {ev_send("l", HOST, 1000, 1024, 0x400, NULL, 10),
		  ev_drop("l", REMOTE, 1100, 1024, 0x400, 10, RPMSG_DROP_NO_RECIPIENT),
		  ev_send("l", HOST, 5000, 1024, 0x400, NULL, 10),
		  ev_recv("l", REMOTE, 5400, 1024, 0x400, NULL, 10)},
		 RPMSG_COLLECTOR_TX,
		 {1, 400, 2, 1, 2, 0, 1}},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pairing_case *k = &cases[i];
		struct rpmsg_collector *c = new_collector();
		struct rpmsg_collector_endpoint_stats s;
		const struct rpmsg_collector_traffic *d = &s.dir[k->dir];

		for (size_t e = 0; e < sizeof(k->events) / sizeof(k->events[0]); e++)
			if (k->events[e].type)
				ADD(c, k->events[e]);
		s = row(c, "l", 1024, 0x400);
		check_matched(d, k->want.matched, k->want.p50_ns, k->what);
		CHECK(d->sent_msgs == k->want.sent && d->delivered_msgs == k->want.delivered &&
			      d->msgs == k->want.msgs,
		      "%s: sent %" PRIu64 " delivered %" PRIu64 " msgs %" PRIu64, k->what,
		      d->sent_msgs, d->delivered_msgs, d->msgs);
		CHECK(d->lat_unmatched == k->want.unmatched && d->drops == k->want.drops,
		      "%s: unmatched %" PRIu64 " drops %" PRIu64, k->what, d->lat_unmatched,
		      d->drops);
		rpmsg_collector_destroy(c);
	}
}

static void test_one_side_only_never_reports_latency_or_unmatched(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	int i;

	for (i = 0; i < 1000; i++)
		ADD(c, ev_send("l", HOST, 1000 + i, 1024, 0x400, NULL, 10));
	s = row(c, "l", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_samples, 0);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_unmatched, 0);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 1000);
	rpmsg_collector_destroy(c);
}

struct seen {
	int calls;
	uint32_t last_len;
};

static void on_message(const struct rpmsg_collector *c, uint32_t id,
		       const struct rpmsg_collector_message *msg, void *priv)
{
	struct seen *seen = priv;

	seen->calls++;
	seen->last_len = msg->len;
}

static int format_tty(const char *channel, const struct rpmsg_collector_message *msg, char *out,
		      size_t size, void *priv)
{
	if (strcmp(channel, "rpmsg-tty"))
		return -1; /* not ours: the collector's dump */
	snprintf(out, size, "tty \"%.*s\"", (int)msg->captured, (const char *)msg->payload);
	return 0;
}

static void test_last_messages_kept_once_and_decoded(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_message m;
	struct seen seen = {0};
	char text[128], payload[16];
	uint32_t id;
	int i;

	rpmsg_collector_set_message_callback(c, on_message, &seen);
	ADD(c, ev_ns("l", REMOTE, 1, "rpmsg-tty", 0x400, RPMSG_EVENT_NS_CREATE, 1));
	/* 20 messages "msg-0".."msg-19", each seen from both sides */
	for (i = 0; i < 20; i++) {
		int len = snprintf(payload, sizeof(payload), "msg-%d", i);

		ADD(c, ev_send("l", HOST, 1000 * (i + 1), 1024, 0x400, payload, (uint32_t)len));
		ADD(c, ev_recv("l", REMOTE, 1000 * (i + 1) + 300, 1024, 0x400, payload,
			       (uint32_t)len));
	}
	CHECK_EQ(seen.calls, 20);
	s = row(c, "l", 1024, 0x400);
	id = s.id;
	CHECK_EQ(s.messages_kept, 16);
	CHECK(rpmsg_collector_endpoint_message(c, id, 0, &m) == 0);
	CHECK_EQ(m.captured, 6);
	CHECK(!memcmp(m.payload, "msg-19", 6));
	CHECK_EQ(m.latency_ns, 300);
	CHECK_EQ(m.dir, RPMSG_COLLECTOR_TX);
	CHECK_EQ(m.src, 1024);
	CHECK(rpmsg_collector_endpoint_message(c, id, 15, &m) == 0);
	CHECK(!memcmp(m.payload, "msg-4", 5));
	CHECK(rpmsg_collector_endpoint_message(c, id, 16, &m) == -ENOENT);

	rpmsg_collector_endpoint_message(c, id, 0, &m);
	CHECK(rpmsg_collector_format_message(c, id, &m, text, sizeof(text)) == 0);
	CHECK(!strcmp(text, "msg-19") == 0); /* no hook yet: the dump */
	CHECK(!strcmp(text, "6d 73 67 2d 31 39 |msg-19|"));
	rpmsg_collector_set_formatter(c, format_tty, NULL);
	CHECK(rpmsg_collector_format_message(c, id, &m, text, sizeof(text)) == 0);
	CHECK(!strcmp(text, "tty \"msg-19\""));
	rpmsg_collector_destroy(c);
}

static void test_truncated_capture_is_visible(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_message m;
	char text[256];

	ADD(c, ev_send("l", HOST, 1, 1024, 0x400, NULL, 300)); /* 64 of 300 bytes captured */
	CHECK(rpmsg_collector_endpoint_message(c, 0, 0, &m) == 0);
	CHECK_EQ(m.len, 300);
	CHECK_EQ(m.captured, 64);
	CHECK(rpmsg_collector_format_message(c, 0, &m, text, sizeof(text)) == 0);
	CHECK(strstr(text, "(32 of 300 bytes)"));
	/* a small buffer gets a terminated prefix */
	CHECK(rpmsg_collector_format_message(c, 0, &m, text, 8) == 0);
	CHECK(strlen(text) < 8);
	rpmsg_collector_destroy(c);
}

static void test_kept_messages_configurable(void)
{
	struct rpmsg_collector_options o;
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_message m;
	struct rpmsg_collector *c;
	int i;

	rpmsg_collector_options_init(&o);
	o.messages_per_endpoint = 3;
	o.payload_keep = 4;
	CHECK(rpmsg_collector_create(&o, &c) == 0);
	for (i = 0; i < 5; i++)
		ADD(c, ev_recv("l", HOST, 10 + i, 0x400, 1024, "abcdefgh", 8));
	s = row(c, "l", 1024, 0x400);
	CHECK_EQ(s.messages_kept, 3);
	CHECK(rpmsg_collector_endpoint_message(c, s.id, 2, &m) == 0);
	CHECK_EQ(m.ts_ns, 12);
	CHECK_EQ(m.captured, 4);
	CHECK_EQ(m.dir, RPMSG_COLLECTOR_RX);
	rpmsg_collector_destroy(c);

	o.messages_per_endpoint = RPMSG_COLLECTOR_MESSAGES_MAX + 1;
	CHECK(rpmsg_collector_create(&o, &c) == -EINVAL);
}

int main(void)
{
	test_percentiles_of_matched_pairs();
	test_pairing_cases();
	test_one_side_only_never_reports_latency_or_unmatched();
	test_last_messages_kept_once_and_decoded();
	test_truncated_capture_is_visible();
	test_kept_messages_configurable();
	printf("collector latency: all tests passed\n");
	return 0;
}
