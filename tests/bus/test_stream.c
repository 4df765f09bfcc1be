// SPDX-License-Identifier: MIT
/*
 * bus_stream_<mailbox>: COUNT sequence-numbered, checksummed messages each way, spread over four
 * endpoints (one sender thread per endpoint per side), all arrive complete, in order and
 * unduplicated; no side counts a drop.
 *
 * Usage: test-bus-stream futex|poll|socket COUNT
 * RPMSG_TEST_STREAM_COUNT overrides COUNT (the ASan build uses it to keep the run short);
 * RPMSG_TEST_STALL_MS (default 60000) is how long no progress means "stuck".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"
#include "stream.h"

#define STREAMS 4
/* A side that makes no progress for this long is stuck (a hang guard, not a timing check). */
#define STALL_MS ((int)test_env_count("RPMSG_TEST_STALL_MS", 60000))

static char bus_name[RPMSG_BUS_NAME_MAX];
static char socket_path[108];
static enum rpmsg_mbox_kind mbox;
static unsigned long per_stream;
static struct test_link ctl;
static size_t payload_max;

static struct stream_rx rx[STREAMS];
static struct rpmsg_endpoint *tx_ept[STREAMS];
static struct test_channels tc; /* host */

static int stream_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	/* host driver callbacks get no per-stream priv: the stream is in the name, "stream-N" */
	const char *name = rpmsg_ept_name(ept);
	int i = name[7] - '0';

	CHECK(!strncmp(name, "stream-", 7) && i >= 0 && i < STREAMS && !name[8],
	      "message on unexpected endpoint \"%s\"", name);
	stream_rx_check(&rx[i], data, len, src, payload_max);
	return 0;
}

struct sender {
	struct rpmsg_bus *bus;
	int stream;
	bool remote;
	int rc;
	unsigned long sent;
};

static void *sender_main(void *arg)
{
	struct sender *s = arg;
	uint8_t buf[65536];
	struct rpmsg_endpoint *ept;

	if (s->remote) {
		/* the remote learns the host's address from the host's first message */
		ept = tx_ept[s->stream];
		for (int i = 0; !__atomic_load_n(&rx[s->stream].last_src, __ATOMIC_ACQUIRE); i++) {
			CHECK(i < TEST_WAIT_MS, "no message from the host on stream %d", s->stream);
			test_sleep_ms(1);
		}
		CHECK(rpmsg_ept_dst(ept) == rx[s->stream].last_src,
		      "endpoint did not learn its destination: dst %u, host sent from %u",
		      rpmsg_ept_dst(ept), rx[s->stream].last_src);
	} else {
		char name[16];

		snprintf(name, sizeof(name), "stream-%d", s->stream);
		ept = channels_wait_ept(&tc, name, RPMSG_ADDR_ANY);
	}
	for (unsigned long seq = 0; seq < per_stream; seq++) {
		size_t len = stream_msg_build(buf, (uint32_t)s->stream, (uint32_t)seq, payload_max);

		s->rc = rpmsg_send(ept, buf, len);
		if (s->rc)
			break;
		s->sent++;
	}
	return NULL;
}

static unsigned long total_received(void)
{
	unsigned long n = 0;

	for (int i = 0; i < STREAMS; i++)
		n += __atomic_load_n(&rx[i].received, __ATOMIC_ACQUIRE);
	return n;
}

/* What a stuck side looks like: per-stream counts, this side's counters, the rings. */
static void dump_state(struct rpmsg_bus *bus)
{
	struct rpmsg_bus_stats st;

	for (int i = 0; i < STREAMS; i++)
		test_log("stream %d: received %llu", i, (unsigned long long)rx[i].received);
	rpmsg_bus_get_stats(bus, &st);
	test_log(
		"stats: tx %llu rx %llu kicks %llu/%llu suppressed, interrupts %llu, tx waits %llu",
		(unsigned long long)st.tx_msgs, (unsigned long long)st.rx_msgs,
		(unsigned long long)st.kicks_sent, (unsigned long long)st.kicks_suppressed,
		(unsigned long long)st.interrupts, (unsigned long long)st.tx_waits);
	test_dump_bus(bus_name);
}

/* Wait until every stream received per_stream messages; fail if progress stops. */
static void wait_all_received(struct rpmsg_bus *bus, pid_t peer)
{
	unsigned long last = 0;
	uint64_t last_progress = test_now_ns();

	for (;;) {
		unsigned long n = total_received();
		bool errors = false;

		for (int i = 0; i < STREAMS; i++)
			if (__atomic_load_n(&rx[i].errors, __ATOMIC_ACQUIRE)) {
				errors = true;
				test_log("stream %d: %llu bad messages, first: %s", i,
					 (unsigned long long)rx[i].errors, rx[i].first_error);
			}
		CHECK(!errors, "messages arrived wrong");
		if (n == STREAMS * per_stream)
			return;
		CHECK(rpmsg_bus_status(bus) == 0, "bus failed: %s (%s)",
		      test_errname(rpmsg_bus_status(bus)), rpmsg_bus_error(bus));
		if (peer > 0)
			CHECK(!test_child_exited(peer), "remote exited before the stream ended");
		if (n != last) {
			last = n;
			last_progress = test_now_ns();
		}
		if (test_now_ns() - last_progress >= STALL_MS * 1000000ull)
			dump_state(bus);
		CHECK(test_now_ns() - last_progress < STALL_MS * 1000000ull,
		      "no message for %d ms: received %lu of %lu", STALL_MS, n,
		      STREAMS * per_stream);
		test_sleep_ms(20);
	}
}

static void run_senders(struct rpmsg_bus *bus, bool remote, struct sender *s, pthread_t *th)
{
	for (int i = 0; i < STREAMS; i++) {
		s[i] = (struct sender){.bus = bus, .stream = i, .remote = remote};
		CHECK(pthread_create(&th[i], NULL, sender_main, &s[i]) == 0);
	}
}

static void join_senders(struct sender *s, pthread_t *th)
{
	for (int i = 0; i < STREAMS; i++) {
		pthread_join(th[i], NULL);
		CHECK_RC(s[i].rc, 0);
		CHECK(s[i].sent == per_stream);
	}
}

static void check_stats(struct rpmsg_bus *bus)
{
	struct rpmsg_bus_stats st;

	rpmsg_bus_get_stats(bus, &st);
	CHECK(st.tx_msgs >= STREAMS * per_stream && st.rx_msgs >= STREAMS * per_stream,
	      "stats tx %llu rx %llu", (unsigned long long)st.tx_msgs,
	      (unsigned long long)st.rx_msgs);
	CHECK(st.drops == 0 && st.tx_timeouts == 0, "%llu drops, %llu tx timeouts",
	      (unsigned long long)st.drops, (unsigned long long)st.tx_timeouts);
	test_log("stats: tx %llu msgs, rx %llu msgs, kicks %llu sent / %llu suppressed, "
		 "%llu interrupts, %llu tx waits",
		 (unsigned long long)st.tx_msgs, (unsigned long long)st.rx_msgs,
		 (unsigned long long)st.kicks_sent, (unsigned long long)st.kicks_suppressed,
		 (unsigned long long)st.interrupts, (unsigned long long)st.tx_waits);
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	struct sender s[STREAMS];
	pthread_t th[STREAMS];

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, mbox, socket_path);
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	bus = test_open_bus(&cfg);
	payload_max = rpmsg_bus_payload_max(bus);
	stream_announce_epts(bus, "stream", STREAMS, stream_cb, tx_ept);
	run_senders(bus, true, s, th);
	wait_all_received(bus, 0);
	join_senders(s, th);
	test_link_send(&ctl, 'D', 0);
	test_link_expect(&ctl, 'Q');
	check_stats(bus);
	rpmsg_bus_close(bus);
	return 0;
}

int main(int argc, char **argv)
{
	struct rpmsg_driver drv[STREAMS];
	char names[STREAMS][16];
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	struct sender s[STREAMS];
	pthread_t th[STREAMS];
	unsigned long count;
	uint64_t t0, t1;
	pid_t remote;

	test_set_side("host");
	if (argc != 3) {
		fprintf(stderr, "usage: %s futex|poll|socket COUNT\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "futex"))
		mbox = RPMSG_MBOX_FUTEX;
	else if (!strcmp(argv[1], "poll"))
		mbox = RPMSG_MBOX_POLL;
	else if (!strcmp(argv[1], "socket"))
		mbox = RPMSG_MBOX_SOCKET;
	else
		CHECK(0, "unknown mailbox \"%s\"", argv[1]);
	count = test_env_count("RPMSG_TEST_STREAM_COUNT", strtoul(argv[2], NULL, 0));
	CHECK(count >= STREAMS);
	per_stream = count / STREAMS;
	for (int i = 0; i < STREAMS; i++)
		rx[i].stream = (uint32_t)i;

	snprintf(socket_path, sizeof(socket_path), "/tmp/rpmsg-bustest-%d.sock", (int)getpid());
	channels_init(&tc);
	remote = test_pair_start(&ctl, bus_name, sizeof(bus_name), argv[1], socket_path,
				 remote_main, NULL);

	test_config(&cfg, bus_name, RPMSG_ROLE_HOST, mbox, socket_path);
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	bus = test_open_bus(&cfg);
	payload_max = rpmsg_bus_payload_max(bus);
	CHECK(payload_max == 496, "payload max %zu with default 512-byte buffers", payload_max);
	for (int i = 0; i < STREAMS; i++) {
		snprintf(names[i], sizeof(names[i]), "stream-%d", i);
		channels_register(bus, &drv[i], names[i], stream_cb, &tc);
	}
	test_log("%s mailbox: %lu messages each way over %d endpoints", argv[1],
		 per_stream * STREAMS, STREAMS);
	t0 = test_now_ns();
	run_senders(bus, false, s, th);
	wait_all_received(bus, remote);
	join_senders(s, th);
	test_link_expect(&ctl, 'D');
	t1 = test_now_ns();
	test_link_send(&ctl, 'Q', 0);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	check_stats(bus);
	test_log("%lu messages each way in %.2f s (%.0f msg/s per direction; information only)",
		 per_stream * STREAMS, (double)(t1 - t0) / 1e9,
		 (double)(per_stream * STREAMS) / ((double)(t1 - t0) / 1e9));
	rpmsg_bus_close(bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
