// SPDX-License-Identifier: MIT
/*
 * Vrings: buffers not yet reclaimed and free TX buffers from the driver's add/get events, buffers
 * with the remote from the device's used index, their extremes per interval and history, index
 * wrap-around, doorbells counted once per ring, and the rings' doorbells adding up to the totals.
 */
#include <rpmsg-test/events.h>

#define ADD_EV RPMSG_EV_VRING_ADD
#define GET_EV RPMSG_EV_VRING_GET

static struct rpmsg_collector_vring_stats vring(struct rpmsg_collector *c, uint32_t id)
{
	struct rpmsg_collector_vring_stats v;

	CHECK(rpmsg_collector_vring(c, id, &v) == 0);
	return v;
}

/*
 * The host adds 10 buffers to vq1 of bus @bus (256 descriptors, avail idx 1..10, at 1..10 ns);
 * Return: the collector's first vring then.
 */
static struct rpmsg_collector_vring_stats host_adds_ten(struct rpmsg_collector *c, const char *bus)
{
	for (uint32_t i = 1; i <= 10; i++)
		ADD(c, ev_vring(ADD_EV, bus, HOST, i, 1, i, 256 - i));
	return vring(c, 0);
}

static void test_tx_ring_occupancy_and_free_buffers(void)
{
	struct rpmsg_collector_vring_sample hist[8];
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_vring_stats v;
	uint32_t i;

	v = host_adds_ten(c, "v"); /* TX buffers queued */
	CHECK_EQ(v.vq, 1);
	CHECK_EQ(v.unreclaimed, 10); /* no get yet: num - num_free */
	CHECK_EQ(v.num_free, 246);
	CHECK_EQ(v.num, 256);
	/* the remote consumed 4 of them; the host reclaims them */
	for (i = 1; i <= 4; i++)
		ADD(c, ev_vring(GET_EV, "v", HOST, 20 + i, 1, i, 246 + i));
	v = vring(c, 0);
	CHECK_EQ(v.unreclaimed, 6);
	CHECK_EQ(v.num_free, 250);
	CHECK_EQ(v.adds, 10);
	CHECK_EQ(v.gets, 4);

	CHECK(rpmsg_collector_tick(c, 2 * SEC) == 0);
	v = vring(c, 0);
	CHECK_EQ(v.unreclaimed_max, 10);
	CHECK_EQ(v.num_free_min, 246);
	CHECK(v.adds_per_s > 4.9 && v.adds_per_s < 5.1);
	/* an idle interval keeps the level it ended at */
	CHECK(rpmsg_collector_tick(c, 3 * SEC) == 0);
	v = vring(c, 0);
	CHECK_EQ(v.unreclaimed_max, 6);
	CHECK_EQ(v.num_free_min, 250);
	CHECK_EQ(rpmsg_collector_vring_history(c, 0, hist, 8), 2);
	CHECK_EQ(hist[0].unreclaimed_max, 10);
	CHECK_EQ(hist[0].num_free_min, 246);
	CHECK_EQ(hist[1].unreclaimed_max, 6);
	rpmsg_collector_destroy(c);
}

static void test_indices_wrap_at_16_bits(void)
{
	struct rpmsg_collector *c = new_collector();

	ADD(c, ev_vring(GET_EV, "v", KERNEL, 1, 0, 65534, 0));
	ADD(c, ev_vring(ADD_EV, "v", KERNEL, 2, 0, 65538, 0)); /* avail_idx 2 after the wrap */
	CHECK_EQ(vring(c, 0).unreclaimed, 4);
	rpmsg_collector_destroy(c);
}

static void test_device_only_ring(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_vring_stats v;

	/* only the remote is traced: buffers waiting for the device are its num_free */
	ADD(c, ev_vring(GET_EV, "v", REMOTE, 1, 1, 7, 3));
	v = vring(c, 0);
	CHECK_EQ(v.device_gets, 1);
	CHECK_EQ(v.gets, 0);
	CHECK_EQ(v.unreclaimed, 3);
	CHECK(v.num_free == -1);
	rpmsg_collector_destroy(c);
}

static void test_doorbells_count_once_per_ring(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_vring_stats v;
	struct rpmsg_collector_totals t;
	int i;

	/* 10 kicks about vq1, seen rung by the host and received by the remote */
	for (i = 0; i < 10; i++) {
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "k", HOST, SEC + i, 1));
		ADD(c, ev_mbox(RPMSG_EV_MBOX_RX, "k", REMOTE, SEC + i + 1, 1));
	}
	/* 4 interrupts about vq0 rung by the remote, only 3 seen received (one coalesced) */
	for (i = 0; i < 4; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "k", REMOTE, SEC + 100 + i, 0));
	for (i = 0; i < 3; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_RX, "k", HOST, SEC + 200 + i, 0));
	/* an id that is no ring here: bus totals only */
	ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "k", HOST, SEC + 300, 9));
	CHECK(rpmsg_collector_tick(c, 3 * SEC) == 0);

	CHECK_EQ(rpmsg_collector_vring_count(c), 2);
	v = vring(c, 0);
	CHECK_EQ(v.vq, 1);
	CHECK_EQ(v.kicks, 10);
	CHECK_EQ(v.interrupts, 0);
	CHECK(v.kicks_per_s == 5.0);
	v = vring(c, 1);
	CHECK_EQ(v.vq, 0);
	CHECK_EQ(v.interrupts, 4);
	CHECK(v.interrupts_per_s == 2.0);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.kicks, 11);
	CHECK_EQ(t.interrupts, 4);
	CHECK(t.kicks_per_s == 5.5);
	CHECK_EQ(t.events_by_type[RPMSG_EV_MBOX_KICK], 15);
	CHECK_EQ(t.events_by_type[RPMSG_EV_MBOX_RX], 13);
	rpmsg_collector_destroy(c);
}

/* The host reclaims lazily: what it has not taken back is not what the remote still holds. */
static void test_unreclaimed_is_not_with_remote(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_vring_stats v;
	uint32_t i;

	v = host_adds_ten(c, "w"); /* messages sent */
	CHECK_EQ(v.unreclaimed, 10);
	CHECK(v.with_remote == -1); /* the device is not traced yet: unknown, not 0 */
	/* the remote consumes 7 and returns them (used idx 1..7) */
	for (i = 1; i <= 7; i++) {
		ADD(c, ev_vring(GET_EV, "w", REMOTE, 20 + i, 1, i, 10 - i));
		ADD(c, ev_vring(ADD_EV, "w", REMOTE, 20 + i, 1, i, 10 - i));
	}
	v = vring(c, 0);
	CHECK_EQ(v.unreclaimed, 10); /* the host reclaimed none of them */
	CHECK(v.with_remote == 3);
	/* the host reclaims 2 when a sender needs a buffer */
	ADD(c, ev_vring(GET_EV, "w", HOST, 40, 1, 1, 247));
	ADD(c, ev_vring(GET_EV, "w", HOST, 41, 1, 2, 248));
	v = vring(c, 0);
	CHECK_EQ(v.unreclaimed, 8);
	CHECK(v.with_remote == 3);
	CHECK_EQ(v.device_adds, 7);
	/* a device index ahead of the avail index seen (events out of order) reads as empty */
	ADD(c, ev_vring(ADD_EV, "w", REMOTE, 50, 1, 12, 0));
	CHECK(vring(c, 0).with_remote == 0);
	rpmsg_collector_destroy(c);
}

/*
 * The rings' kicks and interrupts, and the doorbells tied to no ring, add up to the totals, in
 * counts and in rates. Receives coalesced under another ring's id made the old bus-wide
 * max(rung, received) smaller than the rings' sum.
 */
static void test_ring_doorbells_add_up_to_the_totals(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_totals t;
	uint64_t kicks = 0, irqs = 0;
	double kicks_rate = 0, irqs_rate = 0;
	int i;

	/* vq0: the host rings 2 kicks; the remote saw them with vq1's, under vq1's id */
	for (i = 0; i < 2; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "s", HOST, SEC + i, 0));
	/* vq1: 5 kicks rung, 7 received (2 of them vq0's) */
	for (i = 0; i < 5; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "s", HOST, SEC + 10 + i, 1));
	for (i = 0; i < 7; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_RX, "s", REMOTE, SEC + 20 + i, 1));
	/* 3 interrupts on vq0, and 4 doorbells each way that name no ring (introspection) */
	for (i = 0; i < 3; i++)
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "s", REMOTE, SEC + 30 + i, 0));
	for (i = 0; i < 4; i++) {
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "s", HOST, SEC + 40 + i, 0xffff));
		ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "s", REMOTE, SEC + 50 + i, 0xffff));
	}
	CHECK(rpmsg_collector_tick(c, 3 * SEC) == 0);
	for (uint32_t id = 0; id < rpmsg_collector_vring_count(c); id++) {
		struct rpmsg_collector_vring_stats v = vring(c, id);

		kicks += v.kicks;
		irqs += v.interrupts;
		kicks_rate += v.kicks_per_s;
		irqs_rate += v.interrupts_per_s;
	}
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(kicks, 2 + 7);
	CHECK_EQ(irqs, 3);
	CHECK_EQ(t.kicks_other, 4);
	CHECK_EQ(t.interrupts_other, 4);
	CHECK_EQ(t.kicks, 2 + 7 + 4);
	CHECK_EQ(t.interrupts, 3 + 4);
	CHECK(t.kicks_per_s == kicks_rate + t.kicks_other_per_s);
	CHECK(t.interrupts_per_s == irqs_rate + t.interrupts_other_per_s);
	CHECK(t.kicks_per_s == 6.5 && t.interrupts_per_s == 3.5);
	rpmsg_collector_destroy(c);
}

static void test_buses_are_kept_apart(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_totals t;

	ADD(c, ev_vring(ADD_EV, "bus-a", HOST, 1, 1, 1, 255));
	ADD(c, ev_vring(ADD_EV, "bus-b", HOST, 1, 1, 1, 255));
	ADD(c, ev_send("bus-a", HOST, 2, 1024, 0x400, NULL, 1));
	ADD(c, ev_send("bus-b", HOST, 2, 1024, 0x400, NULL, 1));
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.buses, 2);
	CHECK_EQ(t.vrings, 2);
	CHECK_EQ(t.endpoints, 2);
	CHECK(!strcmp(vring(c, 1).bus, "bus-b"));
	rpmsg_collector_destroy(c);
}

int main(void)
{
	test_tx_ring_occupancy_and_free_buffers();
	test_indices_wrap_at_16_bits();
	test_device_only_ring();
	test_doorbells_count_once_per_ring();
	test_unreclaimed_is_not_with_remote();
	test_ring_doorbells_add_up_to_the_totals();
	test_buses_are_kept_apart();
	printf("collector vrings: all tests passed\n");
	return 0;
}
