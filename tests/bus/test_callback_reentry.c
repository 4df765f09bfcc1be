// SPDX-License-Identifier: MIT
/*
 * bus_callback_reentry: what the contract allows a receive callback to do, it can do.
 * - A remote callback creates and announces a new endpoint: the host gets a channel for it.
 * - A host callback sends (blocking) from the bus thread, 4 x 256 times in a row, more than the
 *   TX window: it must reclaim buffers itself instead of waiting for a kick it would service.
 * - A remote callback destroys its own endpoint: the host's driver remove runs, and a later
 *   message to the dead address is counted as a drop on the remote (not delivered, not lost
 *   silently).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define BURST (4 * 256)

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

/* --- remote --- */

static struct rpmsg_endpoint *child_ept;
static struct test_seq_counter echoes_back;

static int child_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	test_seq_count(&echoes_back, data, len);
	return 0;
}

static int control_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	if (len == 6 && !memcmp(data, "create", 6)) {
		CHECK_RC(rpmsg_create_ept(rpmsg_ept_bus(ept), "child", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, child_rx, NULL, &child_ept),
			 0);
		CHECK_RC(rpmsg_announce(child_ept), 0);
	} else if (len == 3 && !memcmp(data, "die", 3)) {
		rpmsg_destroy_ept(ept); /* its own endpoint, from its own callback */
	}
	return 0;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus_stats st0, st1;
	struct rpmsg_bus *bus;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	bus = test_open_bus(&cfg);
	test_announce_ept(bus, "control", control_rx, NULL);

	/* the host asks for a child, then tells us where it listens: send it a burst */
	uint32_t host_child = (uint32_t)test_link_expect(&ctl, 'B');

	for (uint32_t seq = 0; seq < BURST; seq++)
		CHECK_RC(rpmsg_sendto(child_ept, &seq, sizeof(seq), host_child), 0);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     __atomic_load_n(&echoes_back.seen, __ATOMIC_ACQUIRE) < BURST;)
		CHECK(!test_expired(end), "%u of %d echoes from the host's callback",
		      echoes_back.seen, BURST);
	CHECK(!echoes_back.errors, "%u echoes out of order", echoes_back.errors);
	test_link_send(&ctl, 'b', 0);

	/* after "die": a message to the dead address is a counted drop */
	test_link_expect(&ctl, 'D');
	rpmsg_bus_get_stats(bus, &st0);
	test_link_send(&ctl, 'd', 0);
	test_link_expect(&ctl, 'C');
	for (uint64_t end = test_deadline(TEST_WAIT_MS);;) {
		rpmsg_bus_get_stats(bus, &st1);
		if (st1.drops > st0.drops)
			break;
		CHECK(!test_expired(end), "a message to a destroyed endpoint was not counted");
		test_sleep_ms(1);
	}
	CHECK(st1.drops == st0.drops + 1, "drops %llu -> %llu", (unsigned long long)st0.drops,
	      (unsigned long long)st1.drops);
	test_link_send(&ctl, 'c', 0);
	test_link_expect(&ctl, 'Q');
	CHECK_RC(rpmsg_bus_status(bus), 0);
	rpmsg_bus_close(bus);
	return 0;
}

/* --- host --- */

static uint32_t host_got;

/* Echo from the bus thread: a blocking send inside a callback. */
static int host_child_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			 void *priv)
{
	CHECK_RC(rpmsg_sendto(ept, data, len, src), 0);
	__atomic_store_n(&host_got, host_got + 1, __ATOMIC_RELEASE);
	return 0;
}

int main(void)
{
	struct rpmsg_driver control_drv, child_drv;
	struct rpmsg_bus_config cfg;
	struct test_channels tc;
	struct test_channel_rec r;
	struct rpmsg_endpoint *control, *child;
	struct rpmsg_bus *bus;
	uint32_t dead_addr;
	pid_t remote;

	remote = channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "reentry", remote_main,
				     &cfg);
	bus = test_open_bus(&cfg);
	channels_register(bus, &control_drv, "control", NULL, &tc);
	channels_register(bus, &child_drv, "child", host_child_rx, &tc);
	control = channels_wait_ept(&tc, "control", RPMSG_ADDR_ANY);

	CHECK_RC(rpmsg_send(control, "create", 6), 0);
	child = channels_wait_ept(&tc, "child", RPMSG_ADDR_ANY);
	test_link_send(&ctl, 'B', rpmsg_ept_addr(child));
	test_link_expect(&ctl, 'b');
	CHECK(__atomic_load_n(&host_got, __ATOMIC_ACQUIRE) == BURST, "host callback ran %u times",
	      host_got);

	CHECK(channels_find(&tc, "control", RPMSG_ADDR_ANY, &r));
	dead_addr = r.remote_addr;
	CHECK_RC(rpmsg_send(control, "die", 3), 0);
	channels_wait_count(&tc, 2, 1);
	CHECK(channels_find(&tc, "control", dead_addr, &r) && r.removes == 1,
	      "control channel not removed after its endpoint died");
	test_link_send(&ctl, 'D', 0);
	test_link_expect(&ctl, 'd');
	CHECK_RC(rpmsg_sendto(child, "late", 4, dead_addr), 0);
	test_link_send(&ctl, 'C', 0);
	test_link_expect(&ctl, 'c');

	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
