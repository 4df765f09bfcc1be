// SPDX-License-Identifier: MIT
/*
 * test_several_buses_one_host: one host process opens three buses (two with the futex doorbell,
 * one with the socket doorbell), a separate remote process attaches to each and announces a
 * service named after its bus; every message reaches the right bus and only it; the monitor lists
 * all three; a remote killed on one bus breaks that bus only, and the others keep working.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define BUSES	 3
#define MESSAGES 20000

/*
 * No polling bus here: its two spinning threads would take both cores of a small machine from
 * the other buses' threads. Polling is covered by the bus_* tests.
 */
static const enum rpmsg_mbox_kind kinds[BUSES] = {RPMSG_MBOX_FUTEX, RPMSG_MBOX_FUTEX,
						  RPMSG_MBOX_SOCKET};

struct host_bus {
	char name[32];
	struct rpmsg_bus *bus;
	struct rpmsg_driver drv;
	struct test_channels tc; /* the driver's record: its probe */
	char service[32];
	struct rpmsg_endpoint *ept;
	unsigned int echoes, foreign;
	pid_t remote;
};

static struct host_bus buses[BUSES];

/* check.h's hook: on failure, take the remotes down too (they hold the test's output open). */
void check_on_fail(void)
{
	for (int i = 0; i < BUSES; i++) {
		if (buses[i].remote > 0) {
			kill(buses[i].remote, SIGKILL);
			waitpid(buses[i].remote, NULL, 0);
			buses[i].remote = 0;
		}
		rpmsg_bus_unlink(buses[i].name);
	}
}

/* Remote: echo everything back with the bus index prepended, so a crossed wire shows. */
static int remote_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	uint8_t reply[64];

	reply[0] = (uint8_t)(uintptr_t)priv;
	memcpy(reply + 1, data, len < sizeof(reply) - 1 ? len : sizeof(reply) - 1);
	return rpmsg_sendto(ept, reply, len + 1 < sizeof(reply) ? len + 1 : sizeof(reply), src);
}

static void run_remote(int index)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;

	rpmsg_bus_config_init(&cfg, buses[index].name, RPMSG_ROLE_REMOTE);
	cfg.attach_timeout_ms = 30000;
	if (rpmsg_bus_open(&cfg, &bus)) {
		fprintf(stderr, "remote %d: %s\n", index, rpmsg_last_error());
		_exit(1);
	}
	if (rpmsg_create_ept(bus, buses[index].service, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_echo,
			     (void *)(uintptr_t)index, &ept) ||
	    rpmsg_announce(ept))
		_exit(1);
	while (!rpmsg_bus_status(bus))
		usleep(10000);
	_exit(0);
}

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct test_channels *tc = rpmsg_channel_driver_priv(priv);
	struct host_bus *hb = (struct host_bus *)((char *)tc - offsetof(struct host_bus, tc));

	if (len < 1 || ((uint8_t *)data)[0] != hb - buses)
		__atomic_fetch_add(&hb->foreign, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&hb->echoes, 1, __ATOMIC_RELEASE);
	return 0;
}

static void wait_for(unsigned int *counter, unsigned int want, struct host_bus *hb)
{
	for (int ms = 0; __atomic_load_n(counter, __ATOMIC_ACQUIRE) < want; ms++) {
		CHECK(ms < 120000, "bus %s: %u of %u echoes after 120 s (%s)", hb->name,
		      __atomic_load_n(counter, __ATOMIC_ACQUIRE), want, rpmsg_bus_error(hb->bus));
		usleep(1000);
	}
}

int main(void)
{
	char found[16][RPMSG_BUS_NAME_MAX];
	int listed = 0, n, ret;

	/*
	 * Fork every remote before the host opens anything: a child forked from a process whose
	 * interrupt threads already run inherits their locks mid-use (glibc's and the sanitizers').
	 * Each remote waits for its bus to appear, as a firmware process started first would.
	 */
	for (int i = 0; i < BUSES; i++) {
		snprintf(buses[i].name, sizeof(buses[i].name), "multi%d-%d", i, (int)getpid());
		snprintf(buses[i].service, sizeof(buses[i].service), "svc-%d", i);
		buses[i].remote = fork();
		CHECK(buses[i].remote >= 0, "fork");
		if (buses[i].remote == 0)
			run_remote(i);
	}
	for (int i = 0; i < BUSES; i++) {
		struct host_bus *hb = &buses[i];
		struct rpmsg_bus_config cfg;

		rpmsg_bus_config_init(&cfg, hb->name, RPMSG_ROLE_HOST);
		cfg.mbox = kinds[i];
		CHECK(rpmsg_bus_open(&cfg, &hb->bus) == 0, "open %s: %s", hb->name,
		      rpmsg_last_error());
		channels_init(&hb->tc);
		channels_driver(&hb->drv, hb->service, host_cb, &hb->tc);
		CHECK_RC(rpmsg_register_driver(hb->bus, &hb->drv), 0);
	}
	for (int i = 0; i < BUSES; i++)
		buses[i].ept = channels_wait_ept(&buses[i].tc, buses[i].service, RPMSG_ADDR_ANY);

	/* Traffic on all buses at once, interleaved from one thread. */
	for (unsigned int m = 0; m < MESSAGES; m++)
		for (int i = 0; i < BUSES; i++)
			CHECK((ret = rpmsg_send(buses[i].ept, &m, sizeof(m))) == 0,
			      "send on %s: %s (%s)", buses[i].name, strerror(-ret),
			      rpmsg_bus_error(buses[i].bus));
	for (int i = 0; i < BUSES; i++) {
		wait_for(&buses[i].echoes, MESSAGES, &buses[i]);
		CHECK(buses[i].foreign == 0, "bus %s got %u echoes from another bus", buses[i].name,
		      buses[i].foreign);
	}

	/* The monitor sees each bus with its own service. */
	n = rpmsg_monitor_list(found, 16);
	CHECK(n >= BUSES, "rpmsg_monitor_list found %d buses", n);
	for (int i = 0; i < BUSES; i++) {
		struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
		struct rpmsg_monitor *mon;
		bool has_service = false;

		for (int f = 0; f < n && f < 16; f++)
			listed += !strcmp(found[f], buses[i].name);
		CHECK(rpmsg_monitor_open(buses[i].name, &mon) == 0, "monitor %s", buses[i].name);
		CHECK(rpmsg_monitor_snapshot(mon, snap) == 0, "%s", rpmsg_monitor_error(mon));
		for (unsigned int c = 0; c < snap->channel_count; c++)
			has_service |= !strcmp(snap->channels[c].name, buses[i].service);
		CHECK(has_service, "monitor of %s does not list %s", buses[i].name,
		      buses[i].service);
		rpmsg_monitor_close(mon);
		free(snap);
	}
	CHECK(listed == BUSES, "rpmsg_monitor_list listed %d of our %d buses", listed, BUSES);

	/* Kill the remote of bus 0: bus 0 breaks, the others keep working. */
	kill(buses[0].remote, SIGKILL);
	waitpid(buses[0].remote, NULL, 0);
	buses[0].remote = 0;
	for (int ms = 0; rpmsg_bus_status(buses[0].bus) != -EPIPE; ms++) {
		CHECK(ms < 30000, "bus %s: peer death not noticed", buses[0].name);
		usleep(1000);
	}
	for (int i = 1; i < BUSES; i++) {
		unsigned int before = __atomic_load_n(&buses[i].echoes, __ATOMIC_ACQUIRE);

		CHECK(rpmsg_bus_status(buses[i].bus) == 0, "bus %s hurt by another's death: %s",
		      buses[i].name, rpmsg_bus_error(buses[i].bus));
		for (unsigned int m = 0; m < 1000; m++)
			CHECK(rpmsg_send(buses[i].ept, &m, sizeof(m)) == 0, "send after: %s",
			      rpmsg_bus_error(buses[i].bus));
		wait_for(&buses[i].echoes, before + 1000, &buses[i]);
	}
	for (int i = 0; i < BUSES; i++) {
		rpmsg_bus_close(buses[i].bus);
		if (buses[i].remote > 0)
			waitpid(buses[i].remote, NULL, 0);
		channels_destroy(&buses[i].tc);
	}
	printf("PASS: %d buses (futex, futex, socket) in one host, %u echoes each, one remote's "
	       "death isolated\n",
	       BUSES, MESSAGES);
	return 0;
}
