// SPDX-License-Identifier: MIT
/*
 * 1,000 endpoints: every row named and counted exactly, and the cost of the hot path and of a
 * viewer refresh (tick + sort + 1,000 snapshots) measured and printed (never asserted: the
 * machine may be loaded). `collector_test_scale EVENTS` runs a longer measurement.
 */
#include <time.h>

#include <rpmsg-test/events.h>

#define ENDPOINTS 1000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t rounds = argc > 1 ? strtoull(argv[1], NULL, 0) / (4 * ENDPOINTS) : 500;
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_totals t;
	static struct rpmsg_event evs[4][ENDPOINTS];
	struct rpmsg_collector *c = new_collector();
	uint32_t ids[ENDPOINTS], i, e;
	double t0, dt, refresh;
	uint64_t r, ts = SEC;
	char name[32];
	int k;

	if (!rounds)
		rounds = 1;
	/* the remote announces svc-<i> at 0x400+i; the host binds 1024+i to it */
	for (i = 0; i < ENDPOINTS; i++) {
		snprintf(name, sizeof(name), "svc-%u", i);
		ADD(c, ev_ns("scale", REMOTE, ts, name, 0x400 + i, RPMSG_EVENT_NS_CREATE, 1));
		evs[0][i] = ev_send("scale", HOST, 0, 1024 + i, 0x400 + i, NULL, 16 + i % 64);
		evs[1][i] = ev_recv("scale", REMOTE, 0, 1024 + i, 0x400 + i, NULL, 16 + i % 64);
		evs[2][i] = ev_send("scale", REMOTE, 0, 0x400 + i, 1024 + i, NULL, 8);
		evs[3][i] = ev_recv("scale", HOST, 0, 0x400 + i, 1024 + i, NULL, 8);
	}

	/* the hot path: each round, every row gets a request and a reply seen from both sides */
	t0 = now_s();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < ENDPOINTS; i++) {
			for (k = 0; k < 4; k++) {
				evs[k][i].ts_ns = ts + (uint64_t)k * 1000;
				if (rpmsg_collector_add_event(c, &evs[k][i]))
					return 1;
			}
			ts += 4000;
		}
	}
	dt = now_s() - t0;
	e = (uint32_t)(rounds * 4 * ENDPOINTS);
	printf("add_event: %u events over %u endpoints in %.3f s: %.2f M events/s\n", e, ENDPOINTS,
	       dt, (double)e / dt / 1e6);

	/* a viewer refresh: close the interval, sort, read every row */
	t0 = now_s();
	CHECK(rpmsg_collector_tick(c, ts + SEC) == 0);
	CHECK_EQ(rpmsg_collector_sort_endpoints(c, RPMSG_COLLECTOR_SORT_RATE, true, ids, ENDPOINTS),
		 ENDPOINTS);
	for (i = 0; i < ENDPOINTS; i++)
		CHECK(rpmsg_collector_endpoint(c, ids[i], &s) == 0);
	refresh = now_s() - t0;
	printf("refresh (tick + sort by rate + %u snapshots): %.3f ms\n", ENDPOINTS, refresh * 1e3);

	/* exact numbers on every row */
	CHECK_EQ(rpmsg_collector_endpoint_count(c), ENDPOINTS);
	for (i = 0; i < ENDPOINTS; i++) {
		s = row(c, "scale", 1024 + i, 0x400 + i);
		snprintf(name, sizeof(name), "svc-%u", i);
		CHECK(!strcmp(s.name, name));
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, rounds);
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].bytes, rounds * (16 + i % 64));
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].msgs, rounds);
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_samples, rounds);
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].lat_p99_ns, 1000);
		CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].lat_unmatched, 0);
	}
	rpmsg_collector_get_totals(c, &t);
	CHECK_EQ(t.dir[RPMSG_COLLECTOR_TX].msgs, rounds * ENDPOINTS);
	CHECK_EQ(t.events, (uint64_t)e + ENDPOINTS);
	CHECK_EQ(t.rejected_events, 0);
	rpmsg_collector_destroy(c);
	printf("collector scale: all tests passed\n");
	return 0;
}
