// SPDX-License-Identifier: MIT
/*
 * bus_monitor: a third process opens rpmsg_monitor on a running bus while traffic flows both
 * ways and takes snapshots: it lists the bus, sees both sides alive, the channels each side
 * published (names, addresses, origin), the ring geometry and indices, and counters that move
 * as traffic continues. Traffic is unaffected: every message still arrives complete and in order,
 * with no drops. Meanwhile the remote creates, announces and destroys endpoints in a loop: every
 * snapshot of the channel directory is still consistent (no torn names or addresses). The
 * monitor maps the bus read-only.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"
#include "stream.h"

#define STREAMS	  2
#define SNAPSHOTS 200

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl, mon_ctl;
static pid_t host_pid, remote_pid;
static size_t payload_max;
static struct stream_rx rx[STREAMS];
static struct rpmsg_endpoint *epts[STREAMS];
static struct test_channels tc;
static volatile int stop_sending;

static int stream_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	int i = rpmsg_ept_name(ept)[4] - '0'; /* "mon-N" */

	CHECK(i >= 0 && i < STREAMS, "message on \"%s\"", rpmsg_ept_name(ept));
	stream_rx_check(&rx[i], data, len, src, payload_max);
	return 0;
}

/* One sender thread per side, alternating streams, until told to stop. */
static uint32_t sent[STREAMS];
static uint32_t start_seq; /* the host sent sequence 0 itself */

static void *sender_main(void *arg)
{
	uint8_t buf[512];

	for (uint32_t seq = start_seq; !__atomic_load_n(&stop_sending, __ATOMIC_ACQUIRE); seq++)
		for (int i = 0; i < STREAMS; i++) {
			size_t len = stream_msg_build(buf, (uint32_t)i, seq, payload_max);

			CHECK_RC(rpmsg_send(epts[i], buf, len), 0);
			sent[i] = seq + 1;
		}
	return NULL;
}

/* Wait until stream i received want[i] messages, all good. */
static void wait_received(const uint32_t *want)
{
	for (int n = 0;; n++) {
		bool done = true;

		for (int i = 0; i < STREAMS; i++) {
			CHECK(!__atomic_load_n(&rx[i].errors, __ATOMIC_ACQUIRE), "stream %d: %s", i,
			      rx[i].first_error);
			if (__atomic_load_n(&rx[i].received, __ATOMIC_ACQUIRE) < want[i])
				done = false;
		}
		if (done)
			break;
		CHECK(n < TEST_WAIT_MS, "stream 0 got %llu of %u, stream 1 %llu of %u",
		      (unsigned long long)rx[0].received, want[0],
		      (unsigned long long)rx[1].received, want[1]);
		test_sleep_ms(1);
	}
	for (int i = 0; i < STREAMS; i++)
		CHECK(rx[i].received == want[i], "stream %d: %llu messages, %u sent", i,
		      (unsigned long long)rx[i].received, want[i]);
}

static void start_streams(pthread_t *th)
{
	CHECK(pthread_create(th, NULL, sender_main, NULL) == 0);
}

/* Stop our sender, exchange sent counts with the peer over @link, wait for theirs. */
static void finish_streams(pthread_t th, struct test_link *link, bool host)
{
	uint32_t want[STREAMS];

	__atomic_store_n(&stop_sending, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	for (int i = 0; i < STREAMS; i++)
		test_link_send(link, 'N', sent[i]);
	for (int i = 0; i < STREAMS; i++)
		want[i] = (uint32_t)test_link_expect(link, 'N');
	wait_received(want);
}

/* --- remote --- */

/*
 * Endpoints come and go while the monitor reads the directory: every snapshot must still be
 * consistent (the directory is published under a sequence lock).
 */
static int stop_churn;
static unsigned int churned;

static void *churn_main(void *arg)
{
	struct rpmsg_bus *bus = arg;

	while (!__atomic_load_n(&stop_churn, __ATOMIC_ACQUIRE)) {
		struct rpmsg_endpoint *ept;
		char name[RPMSG_NAME_SIZE];

		snprintf(name, sizeof(name), "churn-%u", churned);
		CHECK_RC(rpmsg_create_ept(bus, name, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL,
					  &ept),
			 0);
		CHECK_RC(rpmsg_announce(ept), 0);
		rpmsg_destroy_ept(ept);
		churned++;
	}
	return NULL;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus_stats st;
	struct rpmsg_bus *bus;
	pthread_t th, churn;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	bus = test_open_bus(&cfg);
	payload_max = rpmsg_bus_payload_max(bus);
	stream_announce_epts(bus, "mon", STREAMS, stream_cb, epts);
	/* the host writes first on every stream: then we know where to send */
	for (int n = 0; !rx[0].last_src || !rx[1].last_src; n++) {
		CHECK(n < TEST_WAIT_MS, "the host never wrote");
		test_sleep_ms(1);
	}
	test_link_send(&ctl, 'R', 0); /* ready: our endpoints know where the host is */
	start_streams(&th);
	CHECK(pthread_create(&churn, NULL, churn_main, bus) == 0);
	test_link_expect(&ctl, 'X');
	__atomic_store_n(&stop_churn, 1, __ATOMIC_RELEASE);
	pthread_join(churn, NULL);
	test_log("%u endpoints created, announced and destroyed while the monitor looked", churned);
	finish_streams(th, &ctl, false);
	rpmsg_bus_get_stats(bus, &st);
	CHECK(st.drops == 0, "%llu drops", (unsigned long long)st.drops);
	CHECK_RC(rpmsg_bus_status(bus), 0);
	test_link_expect(&ctl, 'Q');
	rpmsg_bus_close(bus);
	return 0;
}

/* --- the monitor --- */

static const struct rpmsg_monitor_channel *find(const struct rpmsg_monitor_snapshot *s,
						enum rpmsg_role side, const char *name)
{
	for (unsigned int i = 0; i < s->channel_count; i++)
		if (s->channels[i].side == side && !strcmp(s->channels[i].name, name))
			return &s->channels[i];
	return NULL;
}

static int take_snapshot(struct rpmsg_monitor *mon, struct rpmsg_monitor_snapshot *s)
{
	int rc;

	for (int tries = 0; (rc = rpmsg_monitor_snapshot(mon, s)) == -EAGAIN; tries++) {
		CHECK(tries < 100000, "snapshot busy for 100000 tries");
		usleep(10);
	}
	CHECK_RC(rc, 0);
	return rc;
}

static void check_snapshot(const struct rpmsg_monitor_snapshot *s)
{
	CHECK(!strcmp(s->bus, bus_name), "bus \"%s\"", s->bus);
	CHECK(s->host_pid == host_pid && s->remote_pid == remote_pid, "pids %d/%d, expected %d/%d",
	      (int)s->host_pid, (int)s->remote_pid, (int)host_pid, (int)remote_pid);
	CHECK(s->host_alive && s->remote_alive && s->remote_attached);
	CHECK(s->broken[0] == '\0', "broken: %s", s->broken);
	CHECK(s->features & (1u << VIRTIO_RPMSG_F_NS), "features 0x%x", s->features);
	CHECK(s->mbox == RPMSG_MBOX_FUTEX && s->buf_size == 512);
	CHECK(s->tx_bufs_total == 256 && s->rx_bufs_total == 256 && s->tx_bufs_free <= 256);
	CHECK(s->channel_count <= 2 * RPMSG_MONITOR_MAX_CHANNELS);
	/* no torn entries: every name is one we use, every address a real one, none twice */
	for (unsigned int i = 0; i < s->channel_count; i++) {
		const struct rpmsg_monitor_channel *c = &s->channels[i];
		char *end = NULL;
		bool ok;

		CHECK(memchr(c->name, '\0', sizeof(c->name)), "channel name not terminated");
		ok = !strcmp(c->name, "mon-0") || !strcmp(c->name, "mon-1");
		if (!ok && !strncmp(c->name, "churn-", 6)) {
			strtoul(c->name + 6, &end, 10);
			ok = end != c->name + 6 && *end == '\0';
		}
		CHECK(ok, "channel %u has a name nobody used: \"%s\"", i, c->name);
		CHECK(c->local_addr >= RPMSG_RESERVED_ADDRESSES && c->local_addr != RPMSG_ADDR_ANY,
		      "channel %s: local address %u", c->name, c->local_addr);
		CHECK(c->side == RPMSG_ROLE_HOST || c->side == RPMSG_ROLE_REMOTE);
		for (unsigned int j = 0; j < i; j++)
			CHECK(s->channels[j].side != c->side ||
				      s->channels[j].local_addr != c->local_addr,
			      "address %u listed twice on one side (%s, %s)", c->local_addr,
			      s->channels[j].name, c->name);
	}
	for (int v = 0; v < 2; v++) {
		CHECK(s->vring[v].index == (unsigned int)v && s->vring[v].num == 256);
		CHECK(s->vring[v].in_flight <= 256, "vq%d: %u in flight", v, s->vring[v].in_flight);
	}
	for (int i = 0; i < STREAMS; i++) {
		char name[16];
		const struct rpmsg_monitor_channel *r, *h;

		snprintf(name, sizeof(name), "mon-%d", i);
		r = find(s, RPMSG_ROLE_REMOTE, name);
		h = find(s, RPMSG_ROLE_HOST, name);
		CHECK(r && h, "channel %s: remote entry %p, host entry %p", name, (void *)r,
		      (void *)h);
		CHECK(r->origin == RPMSG_ORIGIN_ANNOUNCED && h->origin == RPMSG_ORIGIN_PEER,
		      "origins %d/%d", r->origin, h->origin);
		CHECK(h->remote_addr == r->local_addr && r->local_addr >= RPMSG_RESERVED_ADDRESSES,
		      "host entry points to %u, remote endpoint is %u", h->remote_addr,
		      r->local_addr);
		CHECK(r->remote_addr == h->local_addr,
		      "remote entry points to %u, host endpoint %u", r->remote_addr, h->local_addr);
	}
}

static int monitor_main(void *arg)
{
	static struct rpmsg_monitor_snapshot first, prev, cur;
	char names[16][RPMSG_BUS_NAME_MAX];
	struct rpmsg_monitor *mon;
	bool listed = false;
	int n;

	test_link_expect(&mon_ctl, 'G'); /* the bus exists and traffic flows */
	n = rpmsg_monitor_list(names, 16);
	CHECK(n >= 1, "rpmsg_monitor_list: %d", n);
	for (int i = 0; i < n && i < 16; i++)
		listed |= !strcmp(names[i], bus_name);
	CHECK(listed || n > 16, "bus %s not listed", bus_name);
	CHECK_RC(rpmsg_monitor_open("no-such-bus-x", &mon), -ENOENT);
	CHECK_RC(rpmsg_monitor_open(bus_name, &mon), 0);

	take_snapshot(mon, &first);
	check_snapshot(&first);
	prev = first;
	/* at least SNAPSHOTS, and on until traffic has visibly moved (a slow machine) */
	uint64_t end = test_deadline(TEST_WAIT_MS);
	int taken = 0;

	for (;; taken++) {
		const struct rpmsg_monitor_channel *a, *b;

		take_snapshot(mon, &cur);
		check_snapshot(&cur);
		CHECK(cur.kicks_to_remote >= prev.kicks_to_remote &&
			      cur.kicks_to_host >= prev.kicks_to_host,
		      "kick counters went backwards");
		for (unsigned int c = 0; c < cur.channel_count; c++) {
			const struct rpmsg_monitor_channel *was =
				find(&prev, cur.channels[c].side, cur.channels[c].name);

			CHECK(!was || (cur.channels[c].tx_msgs >= was->tx_msgs &&
				       cur.channels[c].rx_msgs >= was->rx_msgs),
			      "counters of %s went backwards", cur.channels[c].name);
		}
		prev = cur;
		/* traffic continues while we look: counters and ring indices move */
		a = find(&first, RPMSG_ROLE_HOST, "mon-0");
		b = find(&cur, RPMSG_ROLE_HOST, "mon-0");
		if (taken >= SNAPSHOTS && b->tx_msgs > a->tx_msgs && b->rx_msgs > a->rx_msgs &&
		    /* both used rings: a copy that misplaces them reads idx 0 forever */
		    cur.vring[1].avail_idx != first.vring[1].avail_idx &&
		    cur.vring[0].used_idx != first.vring[0].used_idx &&
		    cur.vring[1].used_idx != first.vring[1].used_idx)
			break;
		CHECK(!test_expired(end),
		      "host mon-0 counters did not move: tx %llu -> %llu, rx %llu -> %llu",
		      (unsigned long long)a->tx_msgs, (unsigned long long)b->tx_msgs,
		      (unsigned long long)a->rx_msgs, (unsigned long long)b->rx_msgs);
		usleep(2000);
	}
	test_log("%d snapshots; vq0 avail %u used %u, vq1 avail %u used %u, %u channels", taken + 2,
		 cur.vring[0].avail_idx, cur.vring[0].used_idx, cur.vring[1].avail_idx,
		 cur.vring[1].used_idx, cur.channel_count);
	rpmsg_monitor_close(mon);
	test_link_send(&mon_ctl, 'M', 0);
	return 0;
}

/* --- host --- */

int main(void)
{
	struct rpmsg_driver drv[STREAMS];
	char names[STREAMS][16];
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus_stats st;
	struct rpmsg_bus *bus;
	pthread_t th;
	pid_t monitor;
	uint8_t buf[512];

	host_pid = getpid();
	channels_init(&tc);
	for (int i = 0; i < STREAMS; i++)
		rx[i].stream = (uint32_t)i;
	remote_pid = test_pair_start(&ctl, bus_name, sizeof(bus_name), "monitor", NULL, remote_main,
				     NULL);
	/*
	 * The third process, too, is forked before this one starts its bus threads (a child of a
	 * threaded parent may inherit held allocator locks: it hung under ASan); it starts
	 * looking on 'G'.
	 */
	test_link_init(&mon_ctl);
	monitor = test_spawn("monitor", &mon_ctl, monitor_main, NULL);

	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	bus = test_open_bus(&cfg);
	payload_max = rpmsg_bus_payload_max(bus);
	for (int i = 0; i < STREAMS; i++) {
		snprintf(names[i], sizeof(names[i]), "mon-%d", i);
		channels_register(bus, &drv[i], names[i], stream_cb, &tc);
		epts[i] = channels_wait_ept(&tc, names[i], RPMSG_ADDR_ANY);
	}
	/* sequence 0 of each stream goes first, from this thread: it tells the remote our address
	 */
	for (int i = 0; i < STREAMS; i++) {
		size_t len = stream_msg_build(buf, (uint32_t)i, 0, payload_max);

		CHECK_RC(rpmsg_send(epts[i], buf, len), 0);
	}
	for (int i = 0; i < STREAMS; i++)
		sent[i] = 1;
	start_seq = 1;

	test_link_expect(&ctl, 'R');
	start_streams(&th);
	test_link_send(&mon_ctl, 'G', 0);
	test_link_expect(&mon_ctl, 'M');
	CHECK_RC(test_wait_child(monitor, TEST_WAIT_MS, 0), 0);

	test_link_send(&ctl, 'X', 0);
	finish_streams(th, &ctl, true);
	rpmsg_bus_get_stats(bus, &st);
	CHECK(st.drops == 0, "%llu drops", (unsigned long long)st.drops);
	CHECK_RC(rpmsg_bus_status(bus), 0);
	test_log("traffic during monitoring: %u + %u messages sent, %llu + %llu received, all in "
		 "order",
		 sent[0], sent[1], (unsigned long long)rx[0].received,
		 (unsigned long long)rx[1].received);
	test_pair_finish(&ctl, remote_pid, bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
