/* SPDX-License-Identifier: MIT */
/*
 * Host-side record of the channels a test's rpmsg drivers were probed for, so a test's main
 * thread can wait for "channel X is bound" without sleeping.
 *
 * Usage: fill a struct test_driver per channel name with channels_driver_init(), register
 * &td->drv with rpmsg_register_driver(); probe/remove run on the bus thread and update the
 * record under its lock; channels_wait() blocks the main thread until a condition holds.
 * Thread-safe. The driver's receive callback is the caller's (drv.callback, drv.priv is the
 * struct test_channels).
 */
#ifndef RPMSG_TESTS_BUS_CHANNELS_H
#define RPMSG_TESTS_BUS_CHANNELS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#include "harness.h"

#define TEST_MAX_CHANNELS 16

struct test_channel_rec {
	char name[RPMSG_NAME_SIZE];
	uint32_t remote_addr;
	uint32_t local_addr;
	struct rpmsg_channel *ch;
	struct rpmsg_endpoint *ept;
	int probes;
	int removes;
};

struct test_channels {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct test_channel_rec rec[TEST_MAX_CHANNELS];
	int count;
	int total_probes, total_removes;
	/* ns_bind / ns_unbind seen (name@addr), for "exactly these channels" checks */
	struct {
		char name[RPMSG_NAME_SIZE];
		uint32_t addr;
		bool unbound;
	} ns[TEST_MAX_CHANNELS];
	int ns_count, ns_unbind_count;
};

void channels_init(struct test_channels *tc);
void channels_destroy(struct test_channels *tc);

/** channels_driver() - fill @drv to bind channels named @name, recording into @tc. */
void channels_driver(struct rpmsg_driver *drv, const char *name, rpmsg_rx_cb_t cb,
		     struct test_channels *tc);

/**
 * channels_host_start() - how a channel test's host begins: @tc initialised, the remote started
 * with test_pair_start() (@link, @bus_name of @size, @tag, @remote_main, no socket), and @cfg the
 * default host configuration of that bus for the caller to adjust and open.
 * Return: the remote's pid.
 */
pid_t channels_host_start(struct test_channels *tc, struct test_link *link, char *bus_name,
			  size_t size, const char *tag, int (*remote_main)(void *arg),
			  struct rpmsg_bus_config *cfg);

/** channels_register() - channels_driver() for @name, registered on @bus (must succeed). */
void channels_register(struct rpmsg_bus *bus, struct rpmsg_driver *drv, const char *name,
		       rpmsg_rx_cb_t cb, struct test_channels *tc);

/** channels_ns_bind / channels_ns_unbind - rpmsg_bus_config callbacks; priv = the record. */
void channels_ns_bind(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv);
void channels_ns_unbind(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv);

/**
 * channels_wait_ept() - wait until a channel @name with remote address @addr (RPMSG_ADDR_ANY:
 * any) is probed and return its endpoint. Fails the test after TEST_WAIT_MS.
 */
struct rpmsg_endpoint *channels_wait_ept(struct test_channels *tc, const char *name, uint32_t addr);
/** channels_wait_count() - wait until total probes >= @probes and removes >= @removes. */
void channels_wait_count(struct test_channels *tc, int probes, int removes);
/** channels_wait_ns() - wait until ns_bind ran @binds times and ns_unbind @unbinds times. */
void channels_wait_ns(struct test_channels *tc, int binds, int unbinds);
/** channels_find() - copy of the record for (@name, @addr), false if none. */
bool channels_find(struct test_channels *tc, const char *name, uint32_t addr,
		   struct test_channel_rec *out);

#endif /* RPMSG_TESTS_BUS_CHANNELS_H */
