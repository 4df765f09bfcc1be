/* SPDX-License-Identifier: MIT */
/*
 * The remote side of the test and bench programs that run a bus of their own: fork it, and
 * attach it to the host's bus, waiting for it as long as the program allows, and serve until told
 * to stop; and the host's bus they attach to.
 */
#ifndef RPMSG_TEST_REMOTE_H
#define RPMSG_TEST_REMOTE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>

/* fork() with stdout flushed first (the child must not print the parent's buffered output again);
 * a failure is said on stderr as "<who>: fork: <reason>". */
static inline pid_t rpmsg_test_fork(const char *who)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		fprintf(stderr, "%s: fork: %s\n", who, strerror(errno));
	return pid;
}

/* rpmsg_bus_open() of cfg, or NULL said on stderr as "<who>: cannot <what> bus <bus_name>: ...". */
static inline struct rpmsg_bus *rpmsg_test_open(const char *who, const char *what,
						const char *bus_name,
						const struct rpmsg_bus_config *cfg)
{
	struct rpmsg_bus *bus;
	int ret = rpmsg_bus_open(cfg, &bus);

	if (ret) {
		fprintf(stderr, "%s: cannot %s bus %s: %s (%s)\n", who, what, bus_name,
			strerror(-ret), rpmsg_last_error());
		return NULL;
	}
	return bus;
}

/* The bus bus_name as its remote, or NULL (said on stderr, after "<who>: ") when it is not there
 * within wait_ms. */
static inline struct rpmsg_bus *rpmsg_test_attach_remote(const char *who, const char *bus_name,
							 unsigned int wait_ms)
{
	struct rpmsg_bus_config cfg;

	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_REMOTE);
	cfg.attach_timeout_ms = wait_ms;
	return rpmsg_test_open(who, "attach to", bus_name, &cfg);
}

/* The host's side of such a program: the bus bus_name created afresh (a stale one of an earlier
 * run unlinked first), or NULL, said on stderr after "<who>: ". */
static inline struct rpmsg_bus *rpmsg_test_create_host(const char *who, const char *bus_name)
{
	struct rpmsg_bus_config cfg;

	rpmsg_bus_unlink(bus_name);
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	return rpmsg_test_open(who, "create", bus_name, &cfg);
}

/* Serve (the bus's own thread delivers) until *stop is set (a signal handler, when the host has
 * what it needs), the bus fails, or max_ms pass; then close the bus. */
static inline void rpmsg_test_serve_until_stopped(struct rpmsg_bus *bus,
						  const volatile sig_atomic_t *stop,
						  unsigned int max_ms)
{
	const struct timespec tick = {.tv_nsec = 10 * 1000000L};

	for (unsigned int waited = 0; waited < max_ms && !*stop && rpmsg_bus_status(bus) == 0;
	     waited += 10)
		nanosleep(&tick, NULL);
	rpmsg_bus_close(bus);
}

/* Set by SIGTERM in a remote that rpmsg_test_run_remote() runs: the host has what it needs. */
static volatile sig_atomic_t rpmsg_test_remote_stop;

static inline void rpmsg_test_on_remote_stop(int signo)
{
	rpmsg_test_remote_stop = signo;
}

/*
 * The whole remote of such a program: attach to bus_name (as rpmsg_test_attach_remote()), let
 * setup(bus, ctx) create and announce its endpoints (0 or -errno), then serve until SIGTERM, the
 * bus fails, or max_ms pass (as rpmsg_test_serve_until_stopped()). Lines on stderr start with
 * "<who>: ". Returns the remote's exit status: 0, or 1 after a line saying why.
 */
static inline int rpmsg_test_run_remote(const char *who, const char *bus_name, unsigned int wait_ms,
					int (*setup)(struct rpmsg_bus *bus, void *ctx), void *ctx,
					unsigned int max_ms)
{
	struct rpmsg_bus *bus;
	int ret;

	signal(SIGTERM, rpmsg_test_on_remote_stop);
	bus = rpmsg_test_attach_remote(who, bus_name, wait_ms);
	if (!bus)
		return 1;
	ret = setup(bus, ctx);
	if (ret) {
		fprintf(stderr, "%s: endpoint set-up failed: %s\n", who, strerror(-ret));
		rpmsg_bus_close(bus);
		return 1;
	}
	rpmsg_test_serve_until_stopped(bus, &rpmsg_test_remote_stop, max_ms);
	return 0;
}

#endif
