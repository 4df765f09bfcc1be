/* SPDX-License-Identifier: MIT */
/*
 * Host-side client drivers of rpmsg-sim, bound to the firmware's channels by name the way Linux
 * binds rpmsg client drivers (struct rpmsg_driver): echo sends numbered requests and checks the
 * replies, tty collects lines, sensor counts samples and checks their sequence, raw sends and
 * checks CRC-protected blocks.
 *
 * Threads: probe/remove/callbacks run on the bus's interrupt thread (or inside rpmsg_bus_poll());
 * they never block on a send. Each client sends from a thread of its own (echo and raw: the
 * stream; tty and sensor: the start message), started in probe and joined in remove.
 * One struct sim_host per process (the receive callbacks find it through a static pointer).
 */
#ifndef RPMSG_SIM_CLIENTS_H
#define RPMSG_SIM_CLIENTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <rpmsg/rpmsg.h>

#include "sim-stats.h"

struct sim_host;

/**
 * struct sim_client - one client driver and the channel it is bound to
 * @channel: bound channel, NULL while unbound
 * @stop: asks the sender thread to end
 * @next_rx_seq: sequence number expected in the next message from the firmware
 */
struct sim_client {
	struct sim_host *host;
	enum sim_service svc;
	struct rpmsg_driver driver;
	pthread_mutex_t lock; /* guards channel, ept, thread, has_thread */
	struct rpmsg_channel *channel;
	struct rpmsg_endpoint *ept;
	pthread_t thread;
	bool has_thread;
	atomic_bool stop;
	uint32_t next_rx_seq;
};

struct sim_host {
	const struct sim_options *opts;
	struct rpmsg_bus *bus;
	struct sim_stats stats;
	struct sim_client client[SIM_SERVICE_COUNT];
	atomic_int bound;    /* channels currently bound */
	atomic_bool closing; /* we unbind ourselves: removals are not news */
	size_t payload_max;
};

/** sim_clients_register() - register the four drivers on host->bus. Return: 0 or -errno. */
int sim_clients_register(struct sim_host *host);

/** sim_clients_unregister() - unbind (stopping the sender threads) and unregister all. */
void sim_clients_unregister(struct sim_host *host);

#endif /* RPMSG_SIM_CLIENTS_H */
