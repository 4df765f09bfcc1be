/* SPDX-License-Identifier: MIT */
/*
 * The remote side of the test and bench programs that run a bus of their own: attach to the
 * host's bus, waiting for it as long as the program allows.
 */
#ifndef RPMSG_TEST_REMOTE_H
#define RPMSG_TEST_REMOTE_H

#include <stdio.h>
#include <string.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>

/* The bus bus_name as its remote, or NULL (said on stderr, after "<who>: ") when it is not there
 * within wait_ms. */
static inline struct rpmsg_bus *rpmsg_test_attach_remote(const char *who, const char *bus_name,
							 unsigned int wait_ms)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	int ret;

	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_REMOTE);
	cfg.attach_timeout_ms = wait_ms;
	ret = rpmsg_bus_open(&cfg, &bus);
	if (ret) {
		fprintf(stderr, "%s: cannot attach to bus %s: %s (%s)\n", who, bus_name,
			strerror(-ret), rpmsg_last_error());
		return NULL;
	}
	return bus;
}

#endif
