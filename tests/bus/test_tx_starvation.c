// SPDX-License-Identifier: MIT
/*
 * bus_tx_starvation: the remote stops consuming. The host's whole TX window (buf_count / 2
 * buffers) can be filled; then trysend fails at once with -ENOMEM, a blocking send waits and
 * fails with -ETIMEDOUT after tx_timeout_ms, and neither delivers anything. Once the remote
 * consumes again, sends succeed and every successful send arrives exactly once, in order.
 * Oversize payloads fail with -EMSGSIZE; a payload of exactly payload_max goes through.
 *
 * The remote runs in polling mode (threaded = false), so "stops consuming" means it simply does
 * not call rpmsg_bus_poll(); no timing is involved.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define TX_TIMEOUT_MS 300

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

/* --- remote: counts messages and checks their sequence numbers are contiguous --- */

static uint32_t remote_next_seq;
static uint32_t remote_bad;

static int remote_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	uint32_t seq;

	if (len < sizeof(seq)) {
		remote_bad++;
		return 0;
	}
	memcpy(&seq, data, sizeof(seq));
	if (seq != remote_next_seq && !remote_bad++)
		test_log("got sequence %u, expected %u", seq, remote_next_seq);
	remote_next_seq = seq + 1;
	return 0;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	bool consuming = true;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	cfg.threaded = false;
	bus = test_open_bus(&cfg);
	test_announce_ept(bus, "starve", remote_rx, NULL);
	for (;;) {
		struct test_cmd cmd;

		if (consuming)
			CHECK(rpmsg_bus_poll(bus, 5) >= 0, "poll: %s", rpmsg_bus_error(bus));
		if (!test_link_recv(&ctl, &cmd, consuming ? 0 : 50))
			continue;
		if (cmd.op == 'P') { /* pause: stop calling rpmsg_bus_poll() */
			consuming = false;
			test_link_send(&ctl, 'p', remote_next_seq);
		} else if (cmd.op == 'R') {
			consuming = true;
			test_link_send(&ctl, 'r', 0);
		} else if (cmd.op == 'C') { /* count: poll until cmd.value messages arrived */
			for (uint64_t end = test_deadline(TEST_WAIT_MS);
			     !test_expired(end) && remote_next_seq < cmd.value;)
				CHECK(rpmsg_bus_poll(bus, 5) >= 0, "poll: %s",
				      rpmsg_bus_error(bus));
			test_link_send(&ctl, 'c', remote_bad ? -1 : (int64_t)remote_next_seq);
		} else if (cmd.op == 'Q') {
			break;
		}
	}
	rpmsg_bus_close(bus);
	return 0;
}

/* --- host --- */

static uint32_t seq;

static int send_seq(struct rpmsg_endpoint *ept, bool block)
{
	int rc = block ? rpmsg_send(ept, &seq, sizeof(seq)) : rpmsg_trysend(ept, &seq, sizeof(seq));

	if (!rc)
		seq++; /* a failed send delivers nothing: its number is used again */
	return rc;
}

static void expect_delivered(uint32_t n)
{
	test_link_send(&ctl, 'C', n);
	CHECK(test_link_expect(&ctl, 'c') == n, "remote did not get exactly messages 0..%u", n - 1);
}

int main(void)
{
	struct rpmsg_bus_stats before, after;
	struct rpmsg_bus_config cfg;
	struct rpmsg_driver drv;
	struct test_channels tc;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	unsigned int window;
	uint8_t big[1024] = {0};
	uint32_t size;
	uint64_t t0;
	pid_t remote;
	int rc;

	remote = channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "starve", remote_main,
				     &cfg);
	cfg.tx_timeout_ms = TX_TIMEOUT_MS;
	window = cfg.buf_count / 2;
	CHECK(window == 256, "default buf_count %u", cfg.buf_count);
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "starve", NULL, &tc);
	ept = channels_wait_ept(&tc, "starve", RPMSG_ADDR_ANY);

	for (int i = 0; i < 10; i++)
		CHECK_RC(send_seq(ept, true), 0);
	expect_delivered(seq);

	/* the remote stops consuming: the whole TX window fills, then trysend fails at once */
	test_link_send(&ctl, 'P', 0);
	test_link_expect(&ctl, 'p');
	unsigned int filled = 0;

	while ((rc = send_seq(ept, false)) == 0)
		filled++;
	CHECK_RC(rc, -ENOMEM);
	CHECK(filled == window, "%u sends fitted in the TX window of %u buffers", filled, window);
	CHECK_RC(rpmsg_trysend(ept, &seq, sizeof(seq)), -ENOMEM);
	CHECK_RC(rpmsg_trysendto(ept, &seq, sizeof(seq), rpmsg_ept_dst(ept)), -ENOMEM);
	CHECK_RC(rpmsg_send_timeout(ept, &seq, sizeof(seq), rpmsg_ept_dst(ept), 0), -ENOMEM);
	errno = 0;
	CHECK(rpmsg_get_tx_buffer(ept, &size, false) == NULL && errno == ENOMEM,
	      "get_tx_buffer without waiting: errno %d", errno);

	/* a blocking send waits for a buffer, then gives up with -ETIMEDOUT */
	rpmsg_bus_get_stats(bus, &before);
	t0 = test_now_ns();
	CHECK_RC(send_seq(ept, true), -ETIMEDOUT);
	test_log("blocking send returned -ETIMEDOUT after %.0f ms (tx_timeout_ms %d; "
		 "information only)",
		 (double)(test_now_ns() - t0) / 1e6, TX_TIMEOUT_MS);
	rpmsg_bus_get_stats(bus, &after);
	CHECK(after.tx_waits > before.tx_waits && after.tx_timeouts > before.tx_timeouts,
	      "the send did not count as waiting: tx_waits %llu -> %llu, tx_timeouts %llu -> %llu",
	      (unsigned long long)before.tx_waits, (unsigned long long)after.tx_waits,
	      (unsigned long long)before.tx_timeouts, (unsigned long long)after.tx_timeouts);
	CHECK_RC(rpmsg_send_timeout(ept, &seq, sizeof(seq), rpmsg_ept_dst(ept), 50), -ETIMEDOUT);
	errno = 0;
	CHECK(rpmsg_get_tx_buffer(ept, &size, true) == NULL && errno == ETIMEDOUT,
	      "get_tx_buffer waiting: errno %d", errno);
	CHECK_RC(rpmsg_bus_status(bus), 0);

	/* the remote resumes: sends succeed again and everything sent arrives once */
	test_link_send(&ctl, 'R', 0);
	test_link_expect(&ctl, 'r');
	for (int i = 0; i < 1000; i++)
		CHECK_RC(send_seq(ept, true), 0);
	expect_delivered(seq);
	CHECK(seq == 10 + window + 1000);

	/* oversize payloads are refused by every send variant; payload_max fits */
	size_t max = rpmsg_bus_payload_max(bus);

	CHECK(max == 496 && max < sizeof(big), "payload max %zu", max);
	memcpy(big, &seq, sizeof(seq));
	CHECK_RC(rpmsg_send(ept, big, max + 1), -EMSGSIZE);
	CHECK_RC(rpmsg_trysend(ept, big, max + 1), -EMSGSIZE);
	CHECK_RC(rpmsg_sendto(ept, big, sizeof(big), rpmsg_ept_dst(ept)), -EMSGSIZE);
	CHECK_RC(rpmsg_send_offchannel(ept, rpmsg_ept_addr(ept), rpmsg_ept_dst(ept), big, max + 1),
		 -EMSGSIZE);
	CHECK_RC(rpmsg_send_timeout(ept, big, 65536, rpmsg_ept_dst(ept), 10), -EMSGSIZE);
	CHECK_RC(rpmsg_send(ept, big, max), 0);
	seq++;
	expect_delivered(seq);

	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
