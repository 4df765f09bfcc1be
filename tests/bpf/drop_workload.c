// SPDX-License-Identifier: MIT
/*
 * drop_workload: a host and a forked remote on one librpmsgbus bus exchanging a known set of
 * messages, some of which the remote drops, for the `rpmsg-trace live` statistics tests.
 *
 * The remote announces "st-echo" and echoes each message back to its sender, except those that
 * start with 'E', which its callback refuses (drop "callback-error"); it also has an endpoint
 * "st-sink" at address SINK_ADDR with no callback (every message to it is dropped, "no
 * recipient"). The host sends, on st-echo: DROPS_NO_RECIPIENT 4-byte messages to SINK_ADDR, then
 * DROPS_CALLBACK 8-byte messages starting with 'E', then MESSAGES 5-byte messages, and waits for
 * the MESSAGES echoes (the ring is in order: every earlier message has been handled by then).
 *
 * Usage: drop_workload BUS MESSAGES DROPS_CALLBACK DROPS_NO_RECIPIENT
 * Prints one JSON line with the addresses: {"host":H,"remote":R,"sink":S,"echoed":N}; exit 0
 * when every echo came back.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-test/remote.h>

#define SINK_ADDR 0x600
#define WAIT_MS	  60000 /* generous: a loaded 2-core machine */

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- remote ---- */

static int remote_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)priv;
	if (len && ((const char *)data)[0] == 'E')
		return -EIO; /* refused: the bus counts a callback-error drop */
	return rpmsg_sendto(ept, data, len, src);
}

/* The remote's endpoints: the sink (no callback) and the announced echo service. */
static int remote_setup(struct rpmsg_bus *bus, void *ctx)
{
	struct rpmsg_endpoint *echo, *sink;
	int ret;

	(void)ctx;
	ret = rpmsg_create_ept(bus, "st-sink", SINK_ADDR, RPMSG_ADDR_ANY, NULL, NULL, &sink);
	if (!ret)
		ret = rpmsg_create_ept(bus, "st-echo", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_echo,
				       NULL, &echo);
	if (!ret)
		ret = rpmsg_announce(echo);
	return ret;
}

/* ---- host ---- */

static atomic_uintptr_t host_ept; /* struct rpmsg_endpoint *, set by probe */
static atomic_uint echoed;

static int host_probe(struct rpmsg_channel *ch)
{
	atomic_store(&host_ept, (uintptr_t)rpmsg_channel_ept(ch));
	return 0;
}

static int host_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept, (void)data, (void)len, (void)src, (void)priv;
	atomic_fetch_add(&echoed, 1);
	return 0;
}

/* Send the workload on @ept. Return: 0 or the first send error. */
static int host_send_all(struct rpmsg_endpoint *ept, unsigned int messages, unsigned int refused,
			 unsigned int unrouted)
{
	int ret = 0;

	for (unsigned int i = 0; i < unrouted && !ret; i++)
		ret = rpmsg_sendto(ept, "sink", 4, SINK_ADDR);
	for (unsigned int i = 0; i < refused && !ret; i++)
		ret = rpmsg_send(ept, "Erefuse", 8);
	for (unsigned int i = 0; i < messages && !ret; i++)
		ret = rpmsg_send(ept, "hello", 5);
	if (ret)
		fprintf(stderr, "drop_workload host: send failed: %s\n", strerror(-ret));
	return ret;
}

static int run_host(const char *bus_name, unsigned int messages, unsigned int refused,
		    unsigned int unrouted, pid_t remote)
{
	static const struct rpmsg_driver driver = {
		.name = "st-echo", .probe = host_probe, .callback = host_echo};
	struct rpmsg_endpoint *ept = NULL;
	struct rpmsg_bus *bus;
	int waited, ret, status;

	bus = rpmsg_test_create_host("drop_workload host", bus_name);
	if (!bus) {
		kill(remote, SIGTERM);
		return 1;
	}
	ret = rpmsg_register_driver(bus, &driver);
	for (waited = 0; !ret && waited < WAIT_MS && !ept; waited += 5) {
		ept = (struct rpmsg_endpoint *)atomic_load(&host_ept);
		if (!ept)
			sleep_ms(5);
	}
	if (!ept) {
		fprintf(stderr, "drop_workload host: the remote's st-echo never appeared\n");
		ret = 1;
	}
	if (!ret)
		ret = host_send_all(ept, messages, refused, unrouted);
	for (waited = 0; !ret && waited < WAIT_MS && atomic_load(&echoed) < messages; waited += 5)
		sleep_ms(5);
	if (!ret)
		printf("{\"host\":%u,\"remote\":%u,\"sink\":%u,\"echoed\":%u}\n",
		       rpmsg_ept_addr(ept), rpmsg_ept_dst(ept), SINK_ADDR, atomic_load(&echoed));
	/* The remote goes first, while the host still takes what it says on the way out. */
	kill(remote, SIGTERM);
	for (waited = 0; waited < WAIT_MS && waitpid(remote, &status, WNOHANG) == 0; waited += 5)
		sleep_ms(5);
	rpmsg_bus_close(bus);
	return ret || atomic_load(&echoed) != messages ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t counts[3];
	pid_t remote;

	if (argc != 5) {
		fprintf(stderr, "usage: %s BUS MESSAGES DROPS_CALLBACK DROPS_NO_RECIPIENT\n",
			argv[0]);
		return 2;
	}
	for (int i = 0; i < 3; i++) {
		if (rpmsg_parse_u64(argv[i + 2], 0, 100000, &counts[i])) {
			fprintf(stderr, "drop_workload: '%s': a count from 0 to 100000\n",
				argv[i + 2]);
			return 2;
		}
	}
	remote = rpmsg_test_fork("drop_workload");
	if (remote < 0)
		return 1;
	if (remote == 0)
		/* serve until the host has its echoes and says stop (SIGTERM), or the bus fails */
		_exit(rpmsg_test_run_remote("drop_workload remote", argv[1], WAIT_MS, remote_setup,
					    NULL, 4 * WAIT_MS));
	return run_host(argv[1], (unsigned int)counts[0], (unsigned int)counts[1],
			(unsigned int)counts[2], remote);
}
