// SPDX-License-Identifier: MIT
/*
 * A remote that announces one channel whose name is hostile terminal text (ESC[2J clears the
 * screen, BEL rings, 0xff is not UTF-8, a backslash), then sends one byte from it to address
 * 1024 every 100 ms (so the channel has traffic, and a row in every view) until SIGTERM/SIGINT.
 * Usage: hostile_name_remote BUS. Prints "announced" once the name is on the bus.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>

#define HOSTILE_NAME "ev\033[2Jil\a\xff\\x"

int main(int argc, char **argv)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	struct timespec tick = {0, 100000000L};
	sigset_t set;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: hostile_name_remote BUS\n");
		return 2;
	}
	/* blocked before the bus's threads exist, so only sigwait() below takes them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	rpmsg_bus_config_init(&cfg, argv[1], RPMSG_ROLE_REMOTE);
	cfg.attach_timeout_ms = 30000;
	ret = rpmsg_bus_open(&cfg, &bus);
	if (ret) {
		fprintf(stderr, "hostile_name_remote: cannot attach to %s: %s\n", argv[1],
			rpmsg_last_error());
		return 1;
	}
	ret = rpmsg_create_ept(bus, HOSTILE_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL, &ept);
	if (!ret)
		ret = rpmsg_announce(ept);
	if (ret) {
		fprintf(stderr, "hostile_name_remote: cannot announce: %s\n", strerror(-ret));
		rpmsg_bus_close(bus);
		return 1;
	}
	printf("announced\n");
	fflush(stdout);
	do {
		/* the host has no endpoint 1024 for it: a drop, but a message all the same */
		rpmsg_trysendto(ept, "x", 1, 1024);
	} while (sigtimedwait(&set, NULL, &tick) < 0);
	rpmsg_bus_close(bus);
	return 0;
}
