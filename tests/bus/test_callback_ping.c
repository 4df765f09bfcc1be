// SPDX-License-Identifier: MIT
/*
 * bus_callback_ping_<mailbox>: the remote echoes every message from its receive callback (a
 * blocking send) while the host sends more than both rings hold from its main thread. The
 * remote's callback then waits for a receive buffer of the host's while its own receive pass
 * holds buffers it gave back but (batched) has not published yet, which the host's sender waits
 * for: the pass publishes them before its callback waits (rx_publish_returns()), and every
 * publication wakes whoever sleeps on it. Exact counts: TOTAL sent, TOTAL echoed, no send
 * failed or timed out on either side.
 *
 * Usage: test-bus-callback-ping futex|poll
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "harness.h"

#define TOTAL 20000 /* many times the 256 buffers of a ring */

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;
static enum rpmsg_mbox_kind mbox;

static int ping_remote(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;

	(void)arg;
	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, mbox, NULL);
	bus = test_open_bus(&cfg);
	test_announce_ept(bus, "ping", test_echo_cb, NULL);
	test_link_expect(&ctl, 'Q');
	rpmsg_bus_close(bus);
	return 0;
}

struct ping_host {
	struct rpmsg_endpoint *ept;
	unsigned int sent, echoed, send_errors;
	int last_error;
};

static struct ping_host host;

static int send_next(struct rpmsg_endpoint *ept)
{
	uint32_t seq = __atomic_fetch_add(&host.sent, 1, __ATOMIC_RELAXED);
	int ret;

	ret = rpmsg_send(ept, &seq, sizeof(seq));
	if (ret) {
		__atomic_fetch_add(&host.send_errors, 1, __ATOMIC_RELAXED);
		host.last_error = ret;
	}
	return ret;
}

static int ping_probe(struct rpmsg_channel *ch)
{
	__atomic_store_n(&host.ept, rpmsg_channel_ept(ch), __ATOMIC_RELEASE);
	return 0;
}

static int ping_host_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			void *priv)
{
	(void)ept, (void)data, (void)len, (void)src, (void)priv;
	__atomic_fetch_add(&host.echoed, 1, __ATOMIC_RELAXED);
	return 0;
}

int main(int argc, char **argv)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus_stats stats;
	struct rpmsg_driver drv;
	struct rpmsg_bus *bus;
	uint64_t deadline;
	pid_t remote;

	if (argc != 2 || (strcmp(argv[1], "futex") && strcmp(argv[1], "poll"))) {
		fprintf(stderr, "Usage: test-bus-callback-ping futex|poll\n");
		return 2;
	}
	mbox = !strcmp(argv[1], "poll") ? RPMSG_MBOX_POLL : RPMSG_MBOX_FUTEX;
	remote = test_pair_start(&ctl, bus_name, sizeof(bus_name), "cbping", NULL, ping_remote,
				 NULL);
	test_config(&cfg, bus_name, RPMSG_ROLE_HOST, mbox, NULL);
	bus = test_open_bus(&cfg);
	test_driver(&drv, "ping", ping_probe, ping_host_cb, NULL);
	CHECK_RC(rpmsg_register_driver(bus, &drv), 0);
	deadline = test_deadline(TEST_WAIT_MS);
	while (!__atomic_load_n(&host.ept, __ATOMIC_ACQUIRE) && !test_expired(deadline))
		test_sleep_ms(1);
	CHECK(host.ept, "channel \"ping\" not announced after %d ms", TEST_WAIT_MS);

	for (unsigned int i = 0; i < TOTAL; i++)
		if (send_next(host.ept))
			break;
	/* A hang guard, not a timing check: every echo must come back. */
	deadline = test_deadline(TEST_WAIT_MS);
	while (__atomic_load_n(&host.echoed, __ATOMIC_RELAXED) < TOTAL && !host.send_errors &&
	       !test_expired(deadline))
		test_sleep_ms(1);
	CHECK(!host.send_errors, "%u sends failed, the last with %s (%u of %u echoed)",
	      host.send_errors, strerror(-host.last_error), host.echoed, TOTAL);
	CHECK(host.echoed == TOTAL && host.sent == TOTAL, "%u sent, %u echoed, want %u each",
	      host.sent, host.echoed, TOTAL);
	rpmsg_bus_get_stats(bus, &stats);
	CHECK(stats.tx_msgs == TOTAL && stats.tx_timeouts == 0,
	      "host stats: %llu sent, %llu send timeouts", (unsigned long long)stats.tx_msgs,
	      (unsigned long long)stats.tx_timeouts);
	test_pair_finish(&ctl, remote, bus);
	test_log("PASS: %u messages echoed from the remote's callback with full rings", TOTAL);
	return 0;
}
