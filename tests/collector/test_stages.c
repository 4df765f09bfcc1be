// SPDX-License-Identifier: MIT
/*
 * Stages: synthetic streams shaped like the bus's (msg_send, vring_add, mbox_kick on the sender;
 * mbox_rx, vring_get, msg_recv, vring_add on the receiver; the sender's lazy vring_get) with known
 * times, so every stage's sample count and value is exact; doorbells suppressed, one kick for
 * several buffers, one side traced only, a source without vring events; who holds the TX
 * buffers per row and per ring; TX waits per side with their times.
 */
#include <string.h>

#include <rpmsg-test/events.h>

#define ADD_EV	RPMSG_EV_VRING_ADD
#define GET_EV	RPMSG_EV_VRING_GET
#define KICK_EV RPMSG_EV_MBOX_KICK
#define RX_EV	RPMSG_EV_MBOX_RX
#define MS	1000000ull

static struct rpmsg_event ev_buf(uint32_t type, uint32_t role, uint64_t ts, uint32_t vq,
				 uint32_t head, uint32_t idx)
{
	struct rpmsg_event ev = ev_vring(type, "s", role, ts, vq, idx, 100);

	ev.vring.head = head;
	return ev;
}

static struct rpmsg_collector_stages stages(struct rpmsg_collector *c, uint32_t id, int dir)
{
	struct rpmsg_collector_stages st;

	CHECK(rpmsg_collector_endpoint_stages(c, id, dir, &st) == 0);
	return st;
}

static void check_stage(const struct rpmsg_collector_stages *st, unsigned int k, uint64_t samples,
			uint64_t value, uint64_t skipped)
{
	const struct rpmsg_collector_stage_stats *s = &st->stage[k];

	if (s->samples != samples || s->skipped != skipped ||
	    (samples && (s->p50_ns != value || s->p99_ns != value || s->max_ns != value)))
		fprintf(stderr, "stage %s: %llu samples p50 %llu p99 %llu max %llu skipped %llu\n",
			rpmsg_collector_stage_name(k), (unsigned long long)s->samples,
			(unsigned long long)s->p50_ns, (unsigned long long)s->p99_ns,
			(unsigned long long)s->max_ns, (unsigned long long)s->skipped);
	CHECK_EQ(s->samples, samples);
	CHECK_EQ(s->skipped, skipped);
	if (samples) {
		CHECK_EQ(s->p50_ns, value);
		CHECK_EQ(s->p99_ns, value);
		CHECK_EQ(s->max_ns, value);
	}
}

/*
 * Ten host -> remote messages on 1024 -> 1025, one every ms: send, add after 100 ns, the host
 * kicks the even ones after 300 ns (event index suppresses the others), the remote's irq 1 us
 * after the add, its get at 1.5 us, delivery at 1.6 us, return at 1.7 us; the host reclaims the
 * first six at 5 us.
 */
static void feed_host_to_remote(struct rpmsg_collector *c, bool remote_traced)
{
	uint32_t i;

	for (i = 0; i < 10; i++) {
		uint64_t t = (i + 1) * MS;

		ADD(c, ev_send("s", HOST, t, 1024, 1025, "hello", 5));
		ADD(c, ev_buf(ADD_EV, HOST, t + 100, 1, i, i + 1));
		if (i % 2 == 0)
			ADD(c, ev_mbox(KICK_EV, "s", HOST, t + 300, 1));
		if (remote_traced) {
			if (i % 2 == 0)
				ADD(c, ev_mbox(RX_EV, "s", REMOTE, t + 1000, 1));
			ADD(c, ev_buf(GET_EV, REMOTE, t + 1500, 1, i, i + 1));
			ADD(c, ev_recv("s", REMOTE, t + 1600, 1024, 1025, "hello", 5));
			ADD(c, ev_buf(ADD_EV, REMOTE, t + 1700, 1, i, i + 1));
		}
	}
	for (i = 0; i < 6; i++)
		ADD(c, ev_buf(GET_EV, HOST, 11 * MS + i, 1, i, i + 1));
}

static void test_every_stage_of_host_to_remote(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats r;
	struct rpmsg_collector_vring_stats v;
	struct rpmsg_collector_stages st;
	unsigned int k;

	feed_host_to_remote(c, true);
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_SEND_ADD, 10, 100, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_ADD_KICK, 5, 200, 5);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_KICK_IRQ, 5, 700, 5);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_IRQ_GET, 5, 500, 5);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_GET_RECV, 10, 100, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_RECV_RETURN, 10, 100, 0);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_RETURN_RECLAIM].samples, 6);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_RECLAIM].samples, 6);
	/* reclaimed at 11 ms + i: message i was added at (i + 1) ms + 100 */
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_RECLAIM].max_ns, 10 * MS - 100);
	/* nothing the other way, and every stage was seen on tx */
	st = stages(c, 0, RPMSG_COLLECTOR_RX);
	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
		CHECK_EQ(st.stage[k].samples, 0);
		CHECK_STR_EQ(rpmsg_collector_stage_unseen(c, RPMSG_COLLECTOR_TX, k), "");
	}
	/* all rows merged: the same */
	st = stages(c, UINT32_MAX, RPMSG_COLLECTOR_TX);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_SEND_ADD, 10, 100, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_ADD_KICK, 5, 200, 5);

	/* who holds the TX buffers: four returned by the remote, not yet reclaimed by the host */
	r = row(c, "s", 1024, 1025);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_unreclaimed, 4);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_with_receiver, 0);
	CHECK(rpmsg_collector_vring(c, 0, &v) == 0);
	CHECK_EQ(v.vq, 1);
	CHECK_EQ(v.unreclaimed, 4);
	CHECK_EQ(v.with_remote, 0);
	CHECK_EQ(v.returned, 4);
	rpmsg_collector_destroy(c);
}

static void test_in_flight_messages_per_endpoint(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats r;
	struct rpmsg_collector_totals t;
	uint32_t i;

	/* 1024 sends 3 messages, 1030 sends 2; the remote takes only the first two of 1024's */
	for (i = 0; i < 5; i++) {
		uint32_t src = i < 3 ? 1024 : 1030;

		ADD(c, ev_send("s", HOST, (i + 1) * MS, src, 1025, "x", 1));
		ADD(c, ev_buf(ADD_EV, HOST, (i + 1) * MS + 10, 1, i, i + 1));
	}
	for (i = 0; i < 2; i++) {
		ADD(c, ev_buf(GET_EV, REMOTE, 10 * MS + i, 1, i, i + 1));
		ADD(c, ev_recv("s", REMOTE, 10 * MS + i, 1024, 1025, "x", 1));
		ADD(c, ev_buf(ADD_EV, REMOTE, 10 * MS + i, 1, i, i + 1));
	}
	r = row(c, "s", 1024, 1025);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_unreclaimed, 3);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_with_receiver, 1);
	r = row(c, "s", 1030, 1025);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_unreclaimed, 2);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_with_receiver, 2);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].buffers_unreclaimed, 5);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].buffers_with_receiver, 3);
	rpmsg_collector_destroy(c);
}

static void test_one_kick_covers_every_buffer_added_before_it(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_stages st;
	uint32_t i;

	/* three buffers added at 0, 100, 200 ns past 1 ms; one kick at 1000; one irq at 1500 */
	for (i = 0; i < 3; i++) {
		ADD(c, ev_send("s", HOST, MS + i * 100, 1024, 1025, "x", 1));
		ADD(c, ev_buf(ADD_EV, HOST, MS + i * 100, 1, i, i + 1));
	}
	ADD(c, ev_mbox(KICK_EV, "s", HOST, MS + 1000, 1));
	ADD(c, ev_mbox(RX_EV, "s", REMOTE, MS + 1500, 1));
	for (i = 0; i < 3; i++)
		ADD(c, ev_buf(GET_EV, REMOTE, MS + 2000 + i, 1, i, i + 1));
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].samples, 3);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].max_ns, 1000);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_KICK_IRQ, 3, 500, 0);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_IRQ_GET].samples, 3);
	/* the next kick covers nothing taken already */
	ADD(c, ev_mbox(KICK_EV, "s", HOST, MS + 3000, 1));
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].samples, 3);
	rpmsg_collector_destroy(c);
}

static void test_remote_to_host(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_stages st;
	uint32_t i;

	/* the host posts 4 RX buffers on vq0; nothing to time yet */
	for (i = 0; i < 4; i++)
		ADD(c, ev_buf(ADD_EV, HOST, 10 + i, 0, i, i + 1));
	for (i = 0; i < 4; i++) {
		uint64_t t = (i + 1) * MS;

		ADD(c, ev_buf(GET_EV, REMOTE, t, 0, i, i + 1)); /* takes an empty buffer */
		ADD(c, ev_send("s", REMOTE, t + 10, 1025, 1024, "hi", 2));
		ADD(c, ev_buf(ADD_EV, REMOTE, t + 20, 0, i, i + 1)); /* pushes it used */
		ADD(c, ev_mbox(KICK_EV, "s", REMOTE, t + 30, 0));
		ADD(c, ev_mbox(RX_EV, "s", HOST, t + 40, 0));
		ADD(c, ev_buf(GET_EV, HOST, t + 50, 0, i, i + 1));
		ADD(c, ev_recv("s", HOST, t + 60, 1025, 1024, "hi", 2));
		ADD(c, ev_buf(ADD_EV, HOST, t + 70, 0, i, i + 5)); /* posts it again */
	}
	/* the remote takes the first buffer again for its next message */
	ADD(c, ev_buf(GET_EV, REMOTE, 10 * MS, 0, 0, 5));
	st = stages(c, 0, RPMSG_COLLECTOR_RX);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_SEND_ADD, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_ADD_KICK, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_KICK_IRQ, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_IRQ_GET, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_GET_RECV, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_RECV_RETURN, 4, 10, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_RETURN_RECLAIM, 1, 10 * MS - (MS + 70), 0);
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 1);
	rpmsg_collector_destroy(c);
}

static void test_host_traced_only(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats r;
	struct rpmsg_collector_stages st;

	feed_host_to_remote(c, false);
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_SEND_ADD, 10, 100, 0);
	/*
	 * A kick covers every buffer added since the previous one: with the receiver untraced,
	 * nothing says the odd buffers were taken before the next kick, so they are timed to it.
	 */
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].samples, 9);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].max_ns, MS + 200);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_KICK].skipped, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_KICK_IRQ, 0, 0, 0);
	CHECK_EQ(st.stage[RPMSG_COLLECTOR_STAGE_ADD_RECLAIM].samples, 6);
	CHECK_STR_EQ(
		rpmsg_collector_stage_unseen(c, RPMSG_COLLECTOR_TX, RPMSG_COLLECTOR_STAGE_KICK_IRQ),
		"the remote side was not traced");
	CHECK_STR_EQ(
		rpmsg_collector_stage_unseen(c, RPMSG_COLLECTOR_TX, RPMSG_COLLECTOR_STAGE_SEND_ADD),
		"");
	/* what the remote gave back cannot be told from what it holds */
	r = row(c, "s", 1024, 1025);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_unreclaimed, 4);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].buffers_with_receiver, -1);
	rpmsg_collector_destroy(c);
}

static void test_no_vring_events(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_stages st;
	unsigned int k;

	/* a kernel log: messages on both sides, nothing else */
	ADD(c, ev_send("s", HOST, MS, 1024, 1025, "x", 1));
	ADD(c, ev_recv("s", REMOTE, 2 * MS, 1024, 1025, "x", 1));
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++)
		CHECK_EQ(st.stage[k].samples, 0);
	CHECK_STR_EQ(
		rpmsg_collector_stage_unseen(c, RPMSG_COLLECTOR_TX, RPMSG_COLLECTOR_STAGE_GET_RECV),
		"no vring events in this source (a kernel log, or introspection)");
	rpmsg_collector_destroy(c);
}

static void test_waits_per_side_with_times(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats r;
	struct rpmsg_collector_totals t;
	uint32_t i;

	for (i = 1; i <= 3; i++)
		ADD(c, ev_wait("s", HOST, i * MS, 1024, 1025, i * MS, 0));
	ADD(c, ev_wait("s", REMOTE, 5 * MS, 1025, 1024, 5 * MS, 0));
	r = row(c, "s", 1024, 1025);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].tx_waits, 3);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].tx_wait_total_ns, 6 * MS);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].tx_wait_max_ns, 3 * MS);
	/* the histogram's bucket middle: within about 6% */
	CHECK(r.dir[RPMSG_COLLECTOR_TX].tx_wait_p50_ns > 19 * MS / 10 &&
	      r.dir[RPMSG_COLLECTOR_TX].tx_wait_p50_ns < 21 * MS / 10);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_TX].tx_wait_p99_ns, 3 * MS);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_RX].tx_waits, 1);
	CHECK_EQ(r.dir[RPMSG_COLLECTOR_RX].tx_wait_p50_ns, 5 * MS);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].tx_wait_p99_ns, 3 * MS);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_RX].tx_wait_total_ns, 5 * MS);
	rpmsg_collector_destroy(c);
}

static void test_print_stages(void)
{
	struct rpmsg_collector *c = new_collector();
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	feed_host_to_remote(c, false);
	f = open_memstream(&text, &size);
	CHECK(f != NULL);
	CHECK(rpmsg_collector_print_stages(c, f, NULL, true) == 0);
	fclose(f);
	CHECK(strstr(text, "\"send_add\":{\"samples\":10,\"p50_ns\":100,\"p99_ns\":100,"
			   "\"max_ns\":100,\"skipped\":0}") != NULL);
	CHECK(strstr(text, "\"kick_irq\":\"the remote side was not traced\"") != NULL);
	free(text);
	rpmsg_collector_destroy(c);
}

struct trips {
	unsigned int count, complete;
	uint32_t last_id;
	struct rpmsg_collector_message_stages last;
};

static void on_trip(const struct rpmsg_collector *c, uint32_t id,
		    const struct rpmsg_collector_message_stages *m, void *priv)
{
	struct trips *t = priv;

	(void)c;
	t->count++;
	if (m->seen == (1u << RPMSG_COLLECTOR_POINTS) - 1)
		t->complete++;
	t->last_id = id;
	t->last = *m;
}

static void test_each_message_trip(void)
{
	struct rpmsg_collector *c = new_collector();
	struct trips t = {0};

	rpmsg_collector_set_stages_callback(c, on_trip, &t);
	feed_host_to_remote(c, true);
	/* the six reclaimed buffers ended their trip; the even ones saw every point */
	CHECK_EQ(t.count, 6);
	CHECK_EQ(t.complete, 3);
	CHECK_EQ(t.last_id, 0);
	CHECK_EQ(t.last.dir, RPMSG_COLLECTOR_TX);
	CHECK_EQ(t.last.head, 5);
	CHECK_EQ(t.last.point_ns[RPMSG_COLLECTOR_POINT_SEND], 6 * MS);
	CHECK_EQ(t.last.point_ns[RPMSG_COLLECTOR_POINT_RECV], 6 * MS + 1600);
	CHECK_EQ(t.last.point_ns[RPMSG_COLLECTOR_POINT_RECLAIM], 11 * MS + 5);
	CHECK(!(t.last.seen & (1u << RPMSG_COLLECTOR_POINT_KICK))); /* odd: not kicked */
	/* the end of the input: the four the host never reclaimed, returned by the remote */
	CHECK_EQ(rpmsg_collector_flush_stages(c), 4);
	CHECK_EQ(t.count, 10);
	CHECK_EQ(t.last.head, 9);
	CHECK(t.last.seen & (1u << RPMSG_COLLECTOR_POINT_RETURN));
	CHECK(!(t.last.seen & (1u << RPMSG_COLLECTOR_POINT_RECLAIM)));
	/* nothing left under way, and the samples stayed */
	CHECK_EQ(rpmsg_collector_flush_stages(c), 0);
	CHECK_EQ(stages(c, 0, RPMSG_COLLECTOR_TX).stage[RPMSG_COLLECTOR_STAGE_SEND_ADD].samples,
		 10);
	rpmsg_collector_destroy(c);
}

/*
 * The sender's add event is written after it published the buffer, so the receiver's get can
 * reach the trace first (another CPU): each message is still one trip, not a receiver-only
 * trip and a second one from the add.
 */
static void test_get_traced_before_the_add(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_stages st;
	uint32_t i;

	for (i = 0; i < 10; i++) {
		uint64_t t = (i + 1) * MS;

		ADD(c, ev_send("s", HOST, t, 1024, 1025, "hello", 5));
		ADD(c, ev_buf(GET_EV, REMOTE, t + 90, 1, i, i + 1));
		ADD(c, ev_buf(ADD_EV, HOST, t + 100, 1, i, i + 1));
		ADD(c, ev_recv("s", REMOTE, t + 190, 1024, 1025, "hello", 5));
		ADD(c, ev_buf(ADD_EV, REMOTE, t + 290, 1, i, i + 1));
	}
	st = stages(c, 0, RPMSG_COLLECTOR_TX);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_SEND_ADD, 10, 100, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_GET_RECV, 10, 100, 0);
	check_stage(&st, RPMSG_COLLECTOR_STAGE_RECV_RETURN, 10, 100, 0);
	rpmsg_collector_destroy(c);
}

int main(void)
{
	test_get_traced_before_the_add();
	test_every_stage_of_host_to_remote();
	test_in_flight_messages_per_endpoint();
	test_one_kick_covers_every_buffer_added_before_it();
	test_remote_to_host();
	test_host_traced_only();
	test_no_vring_events();
	test_waits_per_side_with_times();
	test_print_stages();
	test_each_message_trip();
	printf("collector stages: all tests passed\n");
	return 0;
}
