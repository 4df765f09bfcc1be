/* SPDX-License-Identifier: MIT */
/*
 * `rpmsg-top --demo`: run `rpmsg-sim demo --bus NAME [ARGS]` as a child with its output in a log
 * file, notice when it ends, and stop it (SIGTERM, then SIGKILL) when rpmsg-top exits. The
 * child has its own process group, so Ctrl-C in the terminal reaches rpmsg-top only, which then
 * stops the demo cleanly; it also gets SIGTERM if rpmsg-top dies (PR_SET_PDEATHSIG).
 */
#ifndef RPMSG_TOP_DEMO_H
#define RPMSG_TOP_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct top_options;

struct top_demo {
	pid_t pid;
	bool running;
	int status; /* wait status once ended */
	char bus[32];
	char sim[4096]; /* the rpmsg-sim run */
	char log[4096];
	bool log_is_temporary; /* removed at exit when the demo ended cleanly */
};

/**
 * top_demo_start() - find rpmsg-sim and start the demo
 * @argv0: rpmsg-top's argv[0] (rpmsg-sim is looked for next to the running binary first)
 * Return: 0, or -errno with one line in @err.
 */
int top_demo_start(const struct top_options *o, struct top_demo *d, char *err, size_t err_size);
/* top_demo_poll() - notice the end of the demo without waiting. Return: true while running. */
bool top_demo_poll(struct top_demo *d);
/* top_demo_stop() - stop it (if running) and wait for it. Return: true if it ended cleanly. */
bool top_demo_stop(struct top_demo *d);
/* top_demo_describe() - "running", "ended (exit 0)", "killed by SIGSEGV". */
const char *top_demo_describe(const struct top_demo *d, char *buf, size_t size);

#endif /* RPMSG_TOP_DEMO_H */
