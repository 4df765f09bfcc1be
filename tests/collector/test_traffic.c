// SPDX-License-Identifier: MIT
/*
 * Counting: one row per channel whichever side is traced, exact message and byte counts in both
 * directions, size histogram buckets, rates over a tick, drops, TX waits, lost and rejected
 * events.
 */
#include <errno.h>

#include <rpmsg-test/events.h>

static void test_host_and_remote_views_share_one_row(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	int i;

	for (i = 0; i < 10; i++) {
		ADD(c, ev_send("demo", HOST, 1000 + i * 10, 1024, 0x400, NULL, 20));
		ADD(c, ev_recv("demo", REMOTE, 1005 + i * 10, 1024, 0x400, NULL, 20));
	}
	for (i = 0; i < 5; i++) {
		ADD(c, ev_send("demo", REMOTE, 2000 + i * 10, 0x400, 1024, NULL, 8));
		ADD(c, ev_recv("demo", HOST, 2005 + i * 10, 0x400, 1024, NULL, 8));
	}
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 1);
	s = row(c, "demo", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 10);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].bytes, 200);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].sent_msgs, 10);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].delivered_msgs, 10);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].msgs, 5);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].bytes, 40);
	CHECK_EQ(s.first_ns, 1000);
	CHECK_EQ(s.last_ns, 2045);
	rpmsg_collector_destroy(c);
}

static void test_one_side_traced_counts_each_message_once(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	int i;

	/* only the host (e.g. the kernel program): sends are tx, receives rx */
	for (i = 0; i < 7; i++)
		ADD(c, ev_send("a", KERNEL, 10 + i, 1024, 0x400, NULL, 3));
	for (i = 0; i < 3; i++)
		ADD(c, ev_recv("a", KERNEL, 30 + i, 0x400, 1024, NULL, 3));
	s = row(c, "a", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 7);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].msgs, 3);

	/* only the remote: its receives are host -> remote */
	for (i = 0; i < 4; i++)
		ADD(c, ev_recv("b", REMOTE, 50 + i, 1030, 0x401, NULL, 100));
	s = row(c, "b", 1030, 0x401);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 4);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].bytes, 400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].msgs, 0);
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 2);
	rpmsg_collector_destroy(c);
}

static void test_size_histogram_buckets(void)
{
	static const uint32_t lens[] = {0, 1, 2, 3, 4, 5, 64, 65, 496, 512, 600};
	static const uint64_t expect[RPMSG_COLLECTOR_SIZE_BUCKETS] = {
		[0] = 2, [1] = 1, [2] = 2, [3] = 1, [6] = 1, [7] = 1, [9] = 2, [10] = 1,
	};
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		ADD(c, ev_send("h", HOST, 100 + i, 1024, 0x400, NULL, lens[i]));
	s = row(c, "h", 1024, 0x400);
	for (i = 0; i < RPMSG_COLLECTOR_SIZE_BUCKETS; i++)
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].size_hist[i], expect[i]);
	CHECK(!strcmp(rpmsg_collector_size_bucket_label(6), "<=64"));
	CHECK(!strcmp(rpmsg_collector_size_bucket_label(9), "<=512"));
	CHECK(!strcmp(rpmsg_collector_size_bucket_label(10), ">512"));
	CHECK(rpmsg_collector_size_bucket_label(11) == NULL);
	rpmsg_collector_destroy(c);
}

static void test_rates_over_a_tick(void)
{
	struct rpmsg_collector_options o;
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_rate_sample hist[60];
	struct rpmsg_collector_totals t;
	struct rpmsg_collector *c;
	int i;

	rpmsg_collector_options_init(&o);
	o.start_ns = 1 * SEC;
	CHECK(rpmsg_collector_create(&o, &c) == 0);
	/* 100 messages of 10 bytes between 1 s and 3 s; 20 replies */
	for (i = 0; i < 100; i++)
		ADD(c, ev_send("r", HOST, 1 * SEC + i * (SEC / 50), 1024, 0x400, NULL, 10));
	for (i = 0; i < 20; i++)
		ADD(c, ev_send("r", REMOTE, 1 * SEC + i * (SEC / 10), 0x400, 1024, NULL, 4));
	CHECK(rpmsg_collector_tick(c, 3 * SEC) == 0);
	s = row(c, "r", 1024, 0x400);
	CHECK(s.dir[RPMSG_COLLECTOR_TX].msgs_per_s == 50.0);
	CHECK(s.dir[RPMSG_COLLECTOR_TX].bytes_per_s == 500.0);
	CHECK(s.dir[RPMSG_COLLECTOR_RX].msgs_per_s == 10.0);
	CHECK(s.dir[RPMSG_COLLECTOR_RX].bytes_per_s == 40.0);
	/* the first interval starts the smoothed rate at the raw one */
	CHECK(s.dir[RPMSG_COLLECTOR_TX].msgs_per_s_smooth == 50.0);

	/* an idle second: raw rate 0, smoothed rate decays but stays above 0 */
	CHECK(rpmsg_collector_tick(c, 4 * SEC) == 0);
	s = row(c, "r", 1024, 0x400);
	CHECK(s.dir[RPMSG_COLLECTOR_TX].msgs_per_s == 0.0);
	CHECK(s.dir[RPMSG_COLLECTOR_TX].msgs_per_s_smooth > 0.0);
	CHECK(s.dir[RPMSG_COLLECTOR_TX].msgs_per_s_smooth < 50.0);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 100);

	/* one history sample per tick, oldest first */
	CHECK_EQ(rpmsg_collector_endpoint_history(c, s.id, hist, 60), 2);
	CHECK(hist[0].msgs_per_s[RPMSG_COLLECTOR_TX] == 50.0f);
	CHECK_EQ(hist[0].t_ns, 3 * SEC);
	CHECK(hist[1].msgs_per_s[RPMSG_COLLECTOR_TX] == 0.0f);
	CHECK(hist[1].msgs_per_s[RPMSG_COLLECTOR_RX] == 0.0f);
	/* a short buffer gets the newest samples */
	CHECK_EQ(rpmsg_collector_endpoint_history(c, s.id, hist, 1), 1);
	CHECK_EQ(hist[0].t_ns, 4 * SEC);

	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.ticks, 2);
	CHECK_EQ(t.interval_ns, SEC);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].msgs, 100);
	/* time does not go backwards */
	CHECK(rpmsg_collector_tick(c, 4 * SEC) == -EINVAL);
	rpmsg_collector_destroy(c);
}

static void test_history_keeps_the_last_60_ticks(void)
{
	struct rpmsg_collector_rate_sample hist[RPMSG_COLLECTOR_HISTORY_MAX];
	struct rpmsg_collector *c = new_collector();
	int i, j;

	for (i = 1; i <= 100; i++) {
		for (j = 0; j < i; j++)
			ADD(c, ev_send("h", HOST, (uint64_t)i * SEC - 1, 1024, 0x400, NULL, 1));
		CHECK(rpmsg_collector_tick(c, (uint64_t)i * SEC) == 0);
	}
	CHECK_EQ(rpmsg_collector_endpoint_history(c, 0, hist, RPMSG_COLLECTOR_HISTORY_MAX), 60);
	CHECK(hist[0].msgs_per_s[RPMSG_COLLECTOR_TX] == 41.0f);
	CHECK(hist[59].msgs_per_s[RPMSG_COLLECTOR_TX] == 100.0f);
	rpmsg_collector_destroy(c);
}

static void test_drops_by_reason(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_totals t;

	/* the host found no endpoint 1030 for a message from the remote's 0x401 */
	ADD(c, ev_drop("d", HOST, 10, 0x401, 1030, 12, RPMSG_DROP_NO_RECIPIENT));
	ADD(c, ev_drop("d", HOST, 11, 0x401, 1030, 12, RPMSG_DROP_NO_RECIPIENT));
	/* the remote refused a message from the host's 1024 */
	ADD(c, ev_drop("d", REMOTE, 12, 1024, 0x400, 600, RPMSG_DROP_TOO_BIG));
	ADD(c, ev_drop("d", REMOTE, 13, 1024, 0x400, 5, 99)); /* unknown reason: still a drop */

	s = row(c, "d", 1030, 0x401);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].drops, 2);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].drops_by_reason[RPMSG_DROP_NO_RECIPIENT], 2);
	s = row(c, "d", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].drops, 2);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].drops_by_reason[RPMSG_DROP_TOO_BIG], 1);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].drops_by_reason[0], 1);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_RX].drops, 2);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].drops, 2);
	CHECK(!strcmp(rpmsg_collector_drop_reason_name(RPMSG_DROP_NO_RECIPIENT), "no-recipient"));
	rpmsg_collector_destroy(c);
}

static void test_tx_waits(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;

	ADD(c, ev_wait("w", HOST, 10, 1024, 0x400, 5000000, 0));
	ADD(c, ev_wait("w", HOST, 20, 1024, 0x400, 15 * SEC, -ETIMEDOUT));
	ADD(c, ev_wait("w", REMOTE, 30, 0x400, 1024, 1000, 0));
	s = row(c, "w", 1024, 0x400);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].tx_waits, 2);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].tx_wait_failures, 1);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].tx_wait_max_ns, 15 * SEC);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].tx_wait_total_ns, 15 * SEC + 5000000);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].tx_waits, 1);
	rpmsg_collector_destroy(c);
}

/* The totals line adds up the rows: every counter, the length extremes and the longest wait. */
static void test_totals_are_the_sum_of_the_rows(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_totals t;
	const struct rpmsg_collector_traffic *tx = &t.dir[RPMSG_COLLECTOR_TX];
	uint64_t hist_sum = 0;
	int b;

	/* row a: both sides traced, 2 messages of 10 and 30 bytes */
	ADD(c, ev_send("t", HOST, 10, 1024, 0x400, NULL, 10));
	ADD(c, ev_recv("t", REMOTE, 11, 1024, 0x400, NULL, 10));
	ADD(c, ev_send("t", HOST, 12, 1024, 0x400, NULL, 30));
	ADD(c, ev_recv("t", REMOTE, 13, 1024, 0x400, NULL, 30));
	ADD(c, ev_wait("t", HOST, 14, 1024, 0x400, 2000, 0));
	/* row b: host only, 3 messages of 5, 100 and 7 bytes, one drop, one longer wait */
	ADD(c, ev_send("t", HOST, 20, 1025, 0x401, NULL, 5));
	ADD(c, ev_send("t", HOST, 21, 1025, 0x401, NULL, 100));
	ADD(c, ev_send("t", HOST, 22, 1025, 0x401, NULL, 7));
	ADD(c, ev_wait("t", HOST, 23, 1025, 0x401, 9000, -ETIMEDOUT));
	ADD(c, ev_drop("t", REMOTE, 24, 1025, 0x401, 600, RPMSG_DROP_TOO_BIG));

	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.endpoints, 2);
	/* a row counts the larger of its sent and delivered sides; the totals add the rows */
	CHECK_EQ(tx->msgs, 5);
	CHECK_EQ(tx->bytes, 152);
	CHECK_EQ(tx->sent_msgs + tx->delivered_msgs, 5 + 2);
	CHECK_EQ(tx->sent_bytes + tx->delivered_bytes, 152 + 40);
	for (b = 0; b < RPMSG_COLLECTOR_SIZE_BUCKETS; b++)
		hist_sum += tx->size_hist[b];
	CHECK_EQ(hist_sum, 5);
	/* extremes over all rows */
	CHECK(tx->min_len == 5 && tx->max_len == 100, "lengths %u..%u", tx->min_len, tx->max_len);
	CHECK(tx->tx_wait_max_ns == 9000 && tx->tx_wait_total_ns == 11000,
	      "waits max %llu total %llu", (unsigned long long)tx->tx_wait_max_ns,
	      (unsigned long long)tx->tx_wait_total_ns);
	CHECK(tx->tx_waits == 2 && tx->tx_wait_failures == 1, "waits %llu failed %llu",
	      (unsigned long long)tx->tx_waits, (unsigned long long)tx->tx_wait_failures);
	CHECK(tx->drops == 1 && tx->drops_by_reason[RPMSG_DROP_TOO_BIG] == 1, "drops %llu",
	      (unsigned long long)tx->drops);
	/* nothing went the other way: no lengths either */
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_RX].msgs, 0);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_RX].min_len, 0);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_RX].max_len, 0);
	rpmsg_collector_destroy(c);
}

static void test_lost_events_are_shown_per_source(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_totals t;
	char name[32];
	int i;

	CHECK(rpmsg_collector_add_lost(c, "bpf-ringbuf", 5) == 0);
	CHECK(rpmsg_collector_add_lost(c, "bpf-ringbuf", 2) == 0);
	CHECK(rpmsg_collector_add_lost(c, "lttng-discarded", 1) == 0);
	CHECK(rpmsg_collector_add_lost(c, "", 1) == -EINVAL);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.lost_events, 8);
	CHECK_EQ(t.lost_source_count, 2);
	CHECK(!strcmp(t.lost[0].name, "bpf-ringbuf"));
	CHECK_EQ(t.lost[0].count, 7);
	CHECK_EQ(t.lost[1].count, 1);

	/* more sources than slots: the rest is still counted, under "other" */
	for (i = 0; i < RPMSG_COLLECTOR_LOST_SOURCES_MAX + 2; i++) {
		snprintf(name, sizeof(name), "src%d", i);
		CHECK(rpmsg_collector_add_lost(c, name, 10) == 0);
	}
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.lost_events, 8 + 10 * (RPMSG_COLLECTOR_LOST_SOURCES_MAX + 2));
	CHECK_EQ(t.lost_source_count, RPMSG_COLLECTOR_LOST_SOURCES_MAX + 1);
	CHECK(!strcmp(t.lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX].name, "other"));
	CHECK_EQ(t.lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX].count, 40);
	rpmsg_collector_destroy(c);
}

static void test_malformed_events_are_counted_not_applied(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_totals t;
	struct rpmsg_event ev;

	ev = ev_base(0, "x", HOST, 1);
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	ev = ev_base(99, "x", HOST, 1);
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	CHECK(strstr(rpmsg_collector_last_reject(c), "unknown event type 99"));
	ev = ev_send("x", 7, 1, 1024, 0x400, NULL, 4);
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	ev = ev_send("x", HOST, 1, 1024, 0x400, NULL, 4);
	ev.msg.captured = 5; /* more captured than sent */
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	ev = ev_vring(RPMSG_EV_VRING_ADD, "x", HOST, 1, 70000, 1, 1);
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	ev = ev_ns("x", HOST, 1, "n", 0x400, 7, 0);
	CHECK(rpmsg_collector_add_event(c, &ev) == -EINVAL);
	/* a bus name without its NUL is read within its array only */
	ev = ev_send("x", HOST, 1, 1024, 0x400, NULL, 4);
	memset(ev.bus, 'b', sizeof(ev.bus));
	ADD(c, ev);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.rejected_events, 6);
	CHECK_EQ(t.events, 1);
	CHECK_EQ(t.endpoints, 1);
	rpmsg_collector_destroy(c);
}

static void test_endpoint_limit_rejects_further_rows(void)
{
	struct rpmsg_collector_options o;
	struct rpmsg_collector_totals t;
	struct rpmsg_collector *c;
	struct rpmsg_event ev;
	uint32_t i;

	rpmsg_collector_options_init(&o);
	o.max_endpoints = 10;
	CHECK(rpmsg_collector_create(&o, &c) == 0);
	for (i = 0; i < 12; i++) {
		ev = ev_send("x", HOST, 1, 1024 + i, 0x400, NULL, 4);
		CHECK(rpmsg_collector_add_event(c, &ev) == (i < 10 ? 0 : -ENOMEM));
	}
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.endpoints, 10);
	CHECK_EQ(t.rejected_events, 2);
	CHECK(strstr(rpmsg_collector_last_reject(c), "too many endpoints"));
	rpmsg_collector_destroy(c);
}

static void test_sort_is_stable_between_refreshes(void)
{
	struct rpmsg_collector *c = new_collector();
	enum rpmsg_collector_sort_key key;
	uint32_t ids[8];
	int i, j;

	/* rows 0..5 with 1, 3, 3, 0, 3, 2 messages */
	static const int counts[] = {1, 3, 3, 0, 3, 2};

	for (i = 0; i < 6; i++) {
		ADD(c, ev_wait("s", HOST, 1, 1024 + i, 0x400, 1, 0)); /* creates the row */
		for (j = 0; j < counts[i]; j++)
			ADD(c, ev_send("s", HOST, 2, 1024 + i, 0x400, NULL, 4));
	}
	CHECK(rpmsg_collector_tick(c, 10) == 0);
	CHECK_EQ(rpmsg_collector_sort_endpoints(c, RPMSG_COLLECTOR_SORT_MSGS, true, ids, 8), 6);
	CHECK_EQ(ids[0], 1);
	CHECK_EQ(ids[1], 2);
	CHECK_EQ(ids[2], 4);
	CHECK_EQ(ids[3], 5);
	CHECK_EQ(ids[4], 0);
	CHECK_EQ(ids[5], 3);
	CHECK_EQ(rpmsg_collector_sort_endpoints(c, RPMSG_COLLECTOR_SORT_RATE, false, ids, 3), 3);
	CHECK_EQ(ids[0], 3);
	CHECK_EQ(ids[1], 0);
	CHECK_EQ(ids[2], 5);
	CHECK(rpmsg_collector_sort_key_parse("p99", &key) == 0 &&
	      key == RPMSG_COLLECTOR_SORT_LAT_P99);
	CHECK(rpmsg_collector_sort_key_parse("bogus", &key) == -EINVAL);
	for (i = 0; i < RPMSG_COLLECTOR_SORT_KEY_COUNT; i++)
		CHECK(rpmsg_collector_sort_key_name((enum rpmsg_collector_sort_key)i) != NULL);
	rpmsg_collector_destroy(c);
}

/* The event observer sees every accepted event once, in order, and never a rejected one. */
static void count_event(const struct rpmsg_collector *c, const struct rpmsg_event *ev, void *priv)
{
	unsigned int *seen = priv;

	(void)c;
	seen[ev->type]++;
	seen[0]++;
}

static void test_event_observer_sees_accepted_events(void)
{
	struct rpmsg_collector *c = new_collector();
	unsigned int seen[RPMSG_EV_TYPE_COUNT] = {0};
	struct rpmsg_event bad = ev_send("demo", HOST, 4, 1024, 0x400, NULL, 8);

	rpmsg_collector_set_event_observer(c, count_event, seen);
	ADD(c, ev_send("demo", HOST, 1, 1024, 0x400, NULL, 8));
	ADD(c, ev_recv("demo", REMOTE, 2, 1024, 0x400, NULL, 8));
	ADD(c, ev_drop("demo", HOST, 3, 0x400, 1024, 8, RPMSG_DROP_NO_RECIPIENT));
	bad.role = 7; /* rejected: no such role */
	CHECK_EQ(rpmsg_collector_add_event(c, &bad), -EINVAL);
	CHECK_EQ(seen[0], 3);
	CHECK_EQ(seen[RPMSG_EV_MSG_SEND], 1);
	CHECK_EQ(seen[RPMSG_EV_MSG_RECV], 1);
	CHECK_EQ(seen[RPMSG_EV_DROP], 1);
	rpmsg_collector_set_event_observer(c, NULL, NULL);
	ADD(c, ev_send("demo", HOST, 5, 1024, 0x400, NULL, 8));
	CHECK_EQ(seen[0], 3);
	rpmsg_collector_destroy(c);
}

/* The delivery callback gets each matched pair once, with both times and the length. */
static void on_delivery(const struct rpmsg_collector *c, uint32_t id, enum rpmsg_collector_dir dir,
			uint64_t send_ns, uint64_t recv_ns, uint32_t len, void *priv)
{
	uint64_t *sum = priv;

	(void)c;
	(void)id;
	sum[0]++;
	sum[1] += recv_ns - send_ns;
	sum[2] += len;
	sum[3] += dir == RPMSG_COLLECTOR_RX;
}

static void test_delivery_callback_sees_matched_pairs(void)
{
	struct rpmsg_collector *c = new_collector();
	uint64_t sum[4] = {0};

	rpmsg_collector_set_delivery_callback(c, on_delivery, sum);
	ADD(c, ev_send("demo", HOST, 100, 1024, 0x400, NULL, 8));
	ADD(c, ev_recv("demo", REMOTE, 130, 1024, 0x400, NULL, 8));
	ADD(c, ev_send("demo", REMOTE, 200, 0x400, 1024, NULL, 5));
	ADD(c, ev_recv("demo", HOST, 250, 0x400, 1024, NULL, 5));
	ADD(c, ev_send("demo", HOST, 300, 1024, 0x400, NULL, 8)); /* not delivered yet */
	CHECK_EQ(sum[0], 2);
	CHECK_EQ(sum[1], 30 + 50);
	CHECK_EQ(sum[2], 8 + 5);
	CHECK_EQ(sum[3], 1);
	rpmsg_collector_destroy(c);
}

int main(void)
{
	test_host_and_remote_views_share_one_row();
	test_one_side_traced_counts_each_message_once();
	test_size_histogram_buckets();
	test_rates_over_a_tick();
	test_history_keeps_the_last_60_ticks();
	test_drops_by_reason();
	test_tx_waits();
	test_totals_are_the_sum_of_the_rows();
	test_lost_events_are_shown_per_source();
	test_malformed_events_are_counted_not_applied();
	test_endpoint_limit_rejects_further_rows();
	test_sort_is_stable_between_refreshes();
	test_event_observer_sees_accepted_events();
	test_delivery_callback_sees_matched_pairs();
	printf("collector traffic: all tests passed\n");
	return 0;
}
