// SPDX-License-Identifier: MIT
/*
 * bus_zero_copy: OpenAMP's zero-copy API. A TX buffer from rpmsg_get_tx_buffer() carries a full
 * payload with rpmsg_send_nocopy() / rpmsg_sendto_nocopy(), or goes back unused with
 * rpmsg_release_tx_buffer(); no buffer leaks (the whole TX window can be reserved again). An RX
 * buffer held with rpmsg_hold_rx_buffer() keeps its content while far more traffic than the ring
 * holds passes, is kept out of circulation (the TX window shrinks by the buffers the remote
 * holds), and comes back with rpmsg_release_rx_buffer(). Both directions.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define HELD	  100 /* more than a handful: OpenAMP lets an application hold any number */
#define MSG_ZC	  'Z'
#define MSG_HOLD  'H'
#define MSG_PLAIN 'P'

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

/* Messages: kind byte, then a uint32 sequence number, then a pattern keyed by it. */
static size_t build(uint8_t *buf, size_t len, char kind, uint32_t seq)
{
	buf[0] = (uint8_t)kind;
	memcpy(buf + 1, &seq, 4);
	test_fill_pattern(buf + 5, len - 5, kind, seq);
	return len;
}

static bool intact(const uint8_t *buf, size_t len, char kind, uint32_t seq)
{
	uint32_t got;

	memcpy(&got, buf + 1, 4);
	return len >= 5 && buf[0] == (uint8_t)kind && got == seq &&
	       test_pattern_matches(buf + 5, len - 5, kind, seq);
}

/* Receiver state, one per process (callbacks run one at a time). */
static struct {
	pthread_mutex_t lock;
	uint64_t plain, zc, bad;
	struct {
		void *data;
		size_t len;
		uint32_t seq;
	} held[HELD];
	int nheld;
	struct rpmsg_endpoint *ept;
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int on_message(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	const uint8_t *m = data;
	uint32_t seq;

	pthread_mutex_lock(&rx.lock);
	memcpy(&seq, m + 1, 4);
	if (len < 5 || !intact(data, len, (char)m[0], seq)) {
		rx.bad++;
	} else if (m[0] == MSG_HOLD && rx.nheld < HELD) {
		rpmsg_hold_rx_buffer(ept, data);
		rx.held[rx.nheld].data = data;
		rx.held[rx.nheld].len = len;
		rx.held[rx.nheld].seq = seq;
		rx.nheld++;
		rx.ept = ept;
	} else if (m[0] == MSG_ZC) {
		rx.zc++;
	} else {
		rx.plain++;
	}
	pthread_mutex_unlock(&rx.lock);
	return 0;
}

/* Wait until this side received @plain plain, @zc zero-copy and @held held messages. */
static void wait_received(uint64_t plain, uint64_t zc, int held)
{
	for (int i = 0;; i++) {
		pthread_mutex_lock(&rx.lock);
		bool done = rx.plain >= plain && rx.zc >= zc && rx.nheld >= held;
		uint64_t bad = rx.bad;

		pthread_mutex_unlock(&rx.lock);
		CHECK(!bad, "%llu messages arrived corrupted", (unsigned long long)bad);
		if (done)
			return;
		CHECK(i < TEST_WAIT_MS, "received %llu/%llu plain, %llu/%llu zero-copy, %d/%d held",
		      (unsigned long long)rx.plain, (unsigned long long)plain,
		      (unsigned long long)rx.zc, (unsigned long long)zc, rx.nheld, held);
		test_sleep_ms(1);
	}
}

/* Every held buffer still holds exactly what was sent; then release them all. */
static void verify_and_release_held(void)
{
	pthread_mutex_lock(&rx.lock);
	for (int i = 0; i < rx.nheld; i++)
		CHECK(intact(rx.held[i].data, rx.held[i].len, MSG_HOLD, rx.held[i].seq),
		      "held buffer %d (sequence %u) was overwritten while held", i, rx.held[i].seq);
	for (int i = 0; i < rx.nheld; i++)
		rpmsg_release_rx_buffer(rx.ept, rx.held[i].data);
	rx.nheld = 0;
	pthread_mutex_unlock(&rx.lock);
}

static void send_plain(struct rpmsg_endpoint *ept, int n, uint32_t *seq)
{
	uint8_t buf[512];

	for (int i = 0; i < n; i++) {
		size_t len = build(buf, 5 + (*seq * 7) % 400, MSG_PLAIN, *seq);

		CHECK_RC(rpmsg_send(ept, buf, len), 0);
		(*seq)++;
	}
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	uint32_t seq = 0;
	uint8_t buf[512];

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	bus = test_open_bus(&cfg);
	ept = test_announce_ept(bus, "zc", on_message, NULL);
	for (;;) {
		struct test_cmd cmd;

		CHECK(test_link_recv(&ctl, &cmd, TEST_WAIT_MS), "no command from the host");
		switch (cmd.op) {
		case 'W': /* wait for value plain messages (zero-copy count in the high half) */
			wait_received((uint64_t)cmd.value & 0xffffffff, (uint64_t)cmd.value >> 32,
				      0);
			test_link_send(&ctl, 'w', 0);
			break;
		case 'h': /* wait until HELD buffers are held */
			wait_received(0, 0, HELD);
			test_link_send(&ctl, 'h', 0);
			break;
		case 'V': /* verify and release what we hold */
			verify_and_release_held();
			test_link_send(&ctl, 'v', 0);
			break;
		case 'S': /* send value plain messages, after HELD messages to be held */
			for (uint32_t i = 0; i < HELD && cmd.value < 0; i++) {
				size_t len = build(buf, 300, MSG_HOLD, 1000 + i);

				CHECK_RC(rpmsg_send(ept, buf, len), 0);
			}
			send_plain(ept, (int)(cmd.value < 0 ? -cmd.value : cmd.value), &seq);
			test_link_send(&ctl, 's', 0);
			break;
		case 'Q':
			CHECK_RC(rpmsg_bus_status(bus), 0);
			rpmsg_bus_close(bus);
			return 0;
		}
	}
}

/* Reserve TX buffers without waiting until none is left; release them; return how many. */
static unsigned int reserve_once(struct rpmsg_endpoint *ept)
{
	static void *bufs[RPMSG_MAX_NUM_BUFS];
	unsigned int n = 0;
	uint32_t size;

	for (;;) {
		errno = 0;
		bufs[n] = rpmsg_get_tx_buffer(ept, &size, false);
		if (!bufs[n])
			break;
		CHECK(++n < RPMSG_MAX_NUM_BUFS);
	}
	CHECK(errno == ENOMEM, "get_tx_buffer without waiting failed with errno %d", errno);
	for (unsigned int i = 0; i < n; i++)
		CHECK_RC(rpmsg_release_tx_buffer(ept, bufs[i]), 0);
	return n;
}

/*
 * How many TX buffers can be reserved, expecting @want. The remote returns a buffer just after
 * its callback ran, so the last one may still be on its way: fewer than @want is retried until
 * the hang guard; more than @want is wrong at once.
 */
static unsigned int reserve_all(struct rpmsg_endpoint *ept, unsigned int want)
{
	uint64_t end = test_deadline(TEST_WAIT_MS);
	unsigned int n;

	while ((n = reserve_once(ept)) < want && !test_expired(end))
		test_sleep_ms(1);
	return n;
}

int main(void)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_driver drv;
	struct test_channels tc;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	uint32_t size, seq = 0, window;
	unsigned int n;
	uint8_t *buf;
	pid_t remote;

	remote =
		channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "zc", remote_main, &cfg);
	window = cfg.buf_count / 2;
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "zc", on_message, &tc);
	ept = channels_wait_ept(&tc, "zc", RPMSG_ADDR_ANY);

	/* zero-copy send of a full payload, with send_nocopy and sendto_nocopy */
	buf = rpmsg_get_tx_buffer(ept, &size, true);
	CHECK(buf && size == rpmsg_bus_payload_max(bus), "buffer %p of %u bytes", buf, size);
	CHECK_RC(rpmsg_send_nocopy(ept, buf, build(buf, size, MSG_ZC, 1)), 0);
	buf = rpmsg_get_tx_buffer(ept, &size, false);
	CHECK(buf);
	CHECK_RC(rpmsg_sendto_nocopy(ept, buf, build(buf, 100, MSG_ZC, 2), rpmsg_ept_dst(ept)), 0);
	/* a reserved buffer can go back unused */
	buf = rpmsg_get_tx_buffer(ept, &size, true);
	CHECK(buf);
	CHECK_RC(rpmsg_release_tx_buffer(ept, buf), 0);
	send_plain(ept, 1, &seq); /* also tells the remote our address */
	test_link_send(&ctl, 'W', (2ll << 32) | 1);
	test_link_expect(&ctl, 'w');

	/* nothing leaked: the whole TX window can be reserved, twice */
	n = reserve_all(ept, window);
	CHECK(n == window, "reserved %u TX buffers, window is %u", n, window);
	n = reserve_once(ept);
	CHECK(n == window, "second time: reserved %u TX buffers, window is %u", n, window);

	/* the remote holds HELD buffers while three rings' worth of traffic passes */
	for (uint32_t i = 0; i < HELD; i++) {
		uint8_t m[300];

		CHECK_RC(rpmsg_send(ept, m, build(m, sizeof(m), MSG_HOLD, 1000 + i)), 0);
	}
	test_link_send(&ctl, 'h', 0);
	test_link_expect(&ctl, 'h');
	send_plain(ept, (int)(3 * window), &seq);
	test_link_send(&ctl, 'W', seq);
	test_link_expect(&ctl, 'w');
	n = reserve_all(ept, window - HELD);
	CHECK(n == window - HELD, "with %d buffers held by the remote, %u of %u TX buffers free",
	      HELD, n, window);
	test_link_send(&ctl, 'V', 0);
	test_link_expect(&ctl, 'v');
	n = reserve_all(ept, window);
	CHECK(n == window, "after the remote released its held buffers: %u of %u free", n, window);

	/* and the other way: the host holds RX buffers while the remote sends 3 rings' worth */
	test_link_send(&ctl, 'S', -(int64_t)(3 * window));
	test_link_expect(&ctl, 's');
	wait_received(3 * window, 0, HELD);
	verify_and_release_held();
	test_link_send(&ctl, 'S', window);
	test_link_expect(&ctl, 's');
	wait_received(4 * window, 0, 0);

	/* healthy until the remote leaves: once it has, the host may have noticed (-EPIPE) */
	CHECK_RC(rpmsg_bus_status(bus), 0);
	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
