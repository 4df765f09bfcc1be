// SPDX-License-Identifier: MIT
/*
 * Seeding from a running bus: a remote process announces a service before any collector
 * exists; the host binds a driver to it; a collector created afterwards learns the channel's
 * name and addresses from the bus's directory (rpmsg_bus_seed_collector(), tracer/sources)
 * and shows its row at once. Two real processes on a real librpmsgbus bus.
 */
#include <signal.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "bus_seed.h"
#include <rpmsg-test/events.h>
#include <rpmsg-test/remote.h>

#define SERVICE	    "coll-seed-svc"
#define REMOTE_ADDR 0x500u
#define WAIT_MS	    120000 /* a hang guard only */

static atomic_uint host_addr;

static int host_probe(struct rpmsg_channel *ch)
{
	atomic_store(&host_addr, rpmsg_ept_addr(rpmsg_channel_ept(ch)));
	return 0;
}

static int host_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* The remote: announce, then wait for the parent to say "done" (or to die). */
static int remote_main(const char *bus_name, int done_fd)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	char byte;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	bus = rpmsg_test_attach_remote("remote", bus_name, WAIT_MS);
	if (!bus)
		return 1;
	if (rpmsg_create_ept(bus, SERVICE, REMOTE_ADDR, RPMSG_ADDR_ANY, NULL, NULL, &ept) ||
	    rpmsg_announce(ept)) {
		fprintf(stderr, "remote: cannot announce\n");
		return 1;
	}
	if (read(done_fd, &byte, 1) < 0)
		perror("remote: read");
	rpmsg_bus_close(bus);
	return 0;
}

int main(void)
{
	static const struct rpmsg_driver drv = {
		.name = SERVICE,
		.probe = host_probe,
		.callback = host_rx,
	};
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_vring_stats v;
	struct rpmsg_bus_config cfg;
	struct rpmsg_collector *c;
	struct rpmsg_bus *bus;
	char bus_name[RPMSG_BUS_NAME_MAX];
	int pipefd[2], status, i;
	pid_t child;

	snprintf(bus_name, sizeof(bus_name), "coll-seed-%d", (int)getpid());
	rpmsg_bus_unlink(bus_name);
	/*
	 * Fork the remote (a firmware started first) before the host opens the bus: a child of a
	 * process whose interrupt thread already runs may inherit held locks (it hung under ASan).
	 */
	CHECK(pipe(pipefd) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		close(pipefd[1]);
		_exit(remote_main(bus_name, pipefd[0]));
	}
	close(pipefd[0]);
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	if (rpmsg_bus_open(&cfg, &bus)) {
		fprintf(stderr, "host: cannot create bus %s: %s\n", bus_name, rpmsg_last_error());
		return 1;
	}
	CHECK(rpmsg_register_driver(bus, &drv) == 0);

	/* the channel is announced and bound before the collector exists */
	for (i = 0; i < WAIT_MS / 10 && !atomic_load(&host_addr); i++)
		sleep_ms(10);
	CHECK(atomic_load(&host_addr) != 0);

	c = new_collector();
	CHECK(rpmsg_bus_seed_collector(c, bus_name) == 0);
	s = row(c, bus_name, atomic_load(&host_addr), REMOTE_ADDR);
	CHECK(!strcmp(s.name, SERVICE));
	CHECK(!strcmp(s.name_source, "snapshot"));
	CHECK(!s.closed);
	CHECK_EQ(rpmsg_collector_vring_count(c), 2);
	CHECK(rpmsg_collector_vring(c, 1, &v) == 0 || rpmsg_collector_vring(c, 0, &v) == 0);
	CHECK(v.num > 0);
	/* traffic from then on lands on the seeded row */
	ADD(c, ev_send(bus_name, HOST, 1, atomic_load(&host_addr), REMOTE_ADDR, NULL, 4));
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 1);
	printf("seeded row: %s %u -> %u \"%s\" (%s); vring num %u\n", s.bus, s.local, s.remote,
	       s.name, s.name_source, v.num);
	rpmsg_collector_destroy(c);

	CHECK(write(pipefd[1], "q", 1) == 1);
	close(pipefd[1]);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	rpmsg_bus_close(bus);
	printf("collector seed_bus: all tests passed\n");
	return 0;
}
