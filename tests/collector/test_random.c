// SPDX-License-Identifier: MIT
/*
 * Robustness: a long pseudo-random stream of valid and invalid events (any type, role, address,
 * length, index; names without NUL) with ticks in between. Every event is either accepted or
 * counted as rejected, the read side stays consistent, and nothing crashes (run under ASan/UBSan
 * in CI). Deterministic: a fixed seed, or `collector_test_random SEED EVENTS`.
 */
#include <rpmsg-test/events.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: enough for test streams */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint32_t pick(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

static uint32_t random_addr(void)
{
	static const uint32_t common[] = {53, 1024, 1025, 1026, 0x400, 0x401, 0x402, 0xffffffff};

	return pick(8) ? common[pick(8)] : (uint32_t)rnd();
}

static void random_event(struct rpmsg_event *ev, uint64_t ts)
{
	static const char *const buses[] = {"bus-a", "bus-b", "x"};
	uint32_t type = pick(20) ? 1 + pick(RPMSG_EV_TYPE_COUNT - 1) : pick(64);
	uint32_t role = pick(50) ? pick(3) : pick(16);

	*ev = ev_base(type, buses[pick(3)], role, ts);
	if (!pick(100))
		memset(ev->bus, 0xff, sizeof(ev->bus)); /* no NUL, high bytes */
	switch (type) {
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		ev->msg.src = random_addr();
		ev->msg.dst = random_addr();
		ev->msg.len = pick(50) ? pick(600) : (uint32_t)rnd();
		ev->msg.captured = ev->msg.len < 64 ? ev->msg.len : 64;
		if (!pick(50))
			ev->msg.captured = pick(1000);
		memset(ev->payload, (int)pick(256),
		       ev->msg.captured < 496 ? ev->msg.captured : 496);
		break;
	case RPMSG_EV_DROP:
		ev->drop.src = random_addr();
		ev->drop.dst = random_addr();
		ev->drop.len = pick(600);
		ev->drop.reason = pick(8);
		break;
	case RPMSG_EV_TX_WAIT:
		ev->tx_wait.src = random_addr();
		ev->tx_wait.dst = random_addr();
		ev->tx_wait.waited_ns = rnd() % (20 * SEC);
		ev->tx_wait.outcome = pick(4) ? 0 : -110;
		break;
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		ev->vring.vq = pick(30) ? pick(3) : (uint32_t)rnd();
		ev->vring.idx = (uint32_t)rnd();
		ev->vring.num_free = pick(30) ? pick(300) : (uint32_t)rnd();
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		ev->mbox.channel = pick(10) ? pick(3) : (uint32_t)rnd();
		break;
	case RPMSG_EV_NS_ANNOUNCE:
		ev->ns.addr = random_addr();
		ev->ns.flags = pick(20) ? pick(2) : pick(100);
		ev->ns.direction = pick(20) ? pick(2) : pick(100);
		memset(ev->ns.name, 'a' + (int)pick(26), sizeof(ev->ns.name)); /* no NUL */
		ev->ns.name[pick(sizeof(ev->ns.name))] = (char)pick(256);
		break;
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		ev->ept.addr = random_addr();
		snprintf(ev->ept.name, sizeof(ev->ept.name), "ept-%u", pick(10));
		break;
	default:
		memset(&ev->ns, (int)pick(256), sizeof(ev->ns)); /* garbage in the union */
		break;
	}
}

static void check_consistent(struct rpmsg_collector *c, uint64_t fed)
{
	uint32_t n = rpmsg_collector_endpoint_count(c), i, *ids = calloc(n + 1, sizeof(*ids));
	char *seen = calloc(n + 1, 1);
	struct rpmsg_collector_totals t;
	struct rpmsg_collector_message m;
	uint64_t msgs[2] = {0, 0};
	unsigned int k;
	int d;

	CHECK(ids && seen);
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.events + t.rejected_events, fed);
	CHECK_EQ(t.endpoints, n);
	for (i = 0; i < n; i++) {
		struct rpmsg_collector_endpoint_stats s;

		CHECK(rpmsg_collector_endpoint(c, i, &s) == 0);
		CHECK(strlen(s.name) < sizeof(s.name) && strlen(s.bus) < sizeof(s.bus));
		for (d = 0; d < 2; d++) {
			const struct rpmsg_collector_traffic *x = &s.dir[d];

			msgs[d] += x->msgs;
			CHECK(x->msgs >= x->sent_msgs && x->msgs >= x->delivered_msgs);
			CHECK(x->lat_p50_ns <= x->lat_p99_ns && x->lat_p99_ns <= x->lat_max_ns);
		}
		CHECK(s.messages_kept <= 16);
		for (k = 0; k < s.messages_kept; k++) {
			CHECK(rpmsg_collector_endpoint_message(c, i, k, &m) == 0);
			CHECK(m.captured <= m.len && m.captured <= RPMSG_EVENT_PAYLOAD_MAX);
		}
		CHECK(rpmsg_collector_endpoint_message(c, i, s.messages_kept, &m) == -ENOENT);
	}
	CHECK_EQ(msgs[0], t.dir[0].msgs);
	CHECK_EQ(msgs[1], t.dir[1].msgs);
	CHECK_EQ(rpmsg_collector_sort_endpoints(c, RPMSG_COLLECTOR_SORT_NAME, false, ids, n), n);
	for (i = 0; i < n; i++) {
		CHECK(ids[i] < n && !seen[ids[i]]);
		seen[ids[i]] = 1;
	}
	for (i = 0; i < rpmsg_collector_vring_count(c); i++) {
		struct rpmsg_collector_vring_stats v;

		CHECK(rpmsg_collector_vring(c, i, &v) == 0);
		CHECK(v.unreclaimed <= 65535 && v.num <= 32768 &&
		      (!v.num || v.unreclaimed <= v.num));
	}
	free(ids);
	free(seen);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x5eed;
	uint64_t events = argc > 2 ? strtoull(argv[2], NULL, 0) : 300000, i, ts = SEC;
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_print_opts o;
	struct rpmsg_event ev;
	FILE *null = fopen("/dev/null", "w");

	CHECK(null);
	rng_state = seed ? seed : 1;
	rpmsg_collector_print_opts_init(&o);
	o.flags |= RPMSG_COLLECTOR_PRINT_MESSAGES;
	for (i = 1; i <= events; i++) {
		/* timestamps mostly increase, sometimes go back (merged sources) */
		ts += pick(10) ? pick(5000) : 0;
		random_event(&ev, pick(20) ? ts : ts - pick(1000));
		rpmsg_collector_add_event(c, &ev);
		if (i % 20000 == 0) {
			ts += SEC;
			CHECK(rpmsg_collector_tick(c, ts) == 0);
			check_consistent(c, i);
			CHECK(rpmsg_collector_print_table(c, null, &o) == 0);
			CHECK(rpmsg_collector_print_json(c, null, &o) == 0);
		}
		if (i % 50000 == 0)
			rpmsg_collector_add_lost(c, "random", pick(10));
	}
	check_consistent(c, events);
	fclose(null);
	printf("%" PRIu64 " random events, %u rows, %u vrings\n", events,
	       rpmsg_collector_endpoint_count(c), rpmsg_collector_vring_count(c));
	rpmsg_collector_destroy(c);
	printf("collector random: all tests passed\n");
	return 0;
}
