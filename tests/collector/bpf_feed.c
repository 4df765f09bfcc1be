// SPDX-License-Identifier: MIT
/*
 * collector_bpf_feed LIB BUS CMD...: the collector fed by the real BPF bus program. Attaches the
 * bus program to librpmsgbus LIB (bus BUS only), runs CMD (a workload on that bus), hands every
 * ring-buffer record to a collector until CMD has exited and the ring is drained, then prints
 * the collector's JSON (with the last messages) on stdout. Exit: CMD's status, 77 when BPF is
 * not available here (with the reason), 1 on any other failure, including lost records.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/collector.h>

#include "bpf_monitor.h"

static void feed(const struct rpmsg_event *ev, void *priv)
{
	rpmsg_collector_add_event(priv, ev); /* refusals are counted in the totals */
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct rpmsg_collector_options copts;
	struct rpmsg_collector_print_opts popts;
	struct rpmsg_bpf_bus_opts opts = {0};
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_collector *c;
	struct rpmsg_bpf_stats stats;
	int status = 0, err, idle;
	pid_t child;

	if (argc < 4) {
		fprintf(stderr, "usage: collector_bpf_feed LIB BUS CMD...\n");
		return 1;
	}
	if (geteuid() != 0) {
		printf("SKIP: the BPF bus program needs root\n");
		return 77;
	}
	rpmsg_collector_options_init(&copts);
	copts.start_ns = monotonic_ns();
	if (rpmsg_collector_create(&copts, &c))
		return 1;
	opts.lib_path = argv[1];
	opts.bus = argv[2];
	opts.endpoint = RPMSG_BPF_ADDR_ANY;
	opts.capture = 64;
	opts.ring_bytes = 64u << 20; /* no loss expected: the test checks it */
	opts.on_event = feed;
	opts.priv = c;
	err = rpmsg_bpf_bus_open(&opts, &mon);
	if (err == -EPERM || err == -ENOTSUP) {
		printf("SKIP: %s\n", rpmsg_bpf_last_error());
		return 77;
	}
	if (err) {
		fprintf(stderr, "collector_bpf_feed: %s\n", rpmsg_bpf_last_error());
		return 1;
	}
	fprintf(stderr, "attached to %s\n", rpmsg_bpf_bus_library(mon));

	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "collector_bpf_feed: cannot run %s: %s\n", argv[3],
			strerror(errno));
		_exit(127);
	}
	while (waitpid(child, &status, WNOHANG) == 0) {
		if (rpmsg_bpf_monitor_poll(mon, 100) < 0 && errno != EINTR)
			break;
	}
	/* drain: the last records may still be in the ring */
	for (idle = 0; idle < 5;)
		idle = rpmsg_bpf_monitor_poll(mon, 100) > 0 ? 0 : idle + 1;
	rpmsg_collector_tick(c, monotonic_ns());

	if (rpmsg_bpf_stats(mon, &stats) == 0 && stats.lost) {
		fprintf(stderr, "collector_bpf_feed: the ring buffer lost %llu records\n",
			(unsigned long long)stats.lost);
		status = 1 << 8;
	}
	rpmsg_collector_print_opts_init(&popts);
	popts.sort = RPMSG_COLLECTOR_SORT_ADDR;
	popts.descending = false;
	popts.flags |= RPMSG_COLLECTOR_PRINT_MESSAGES;
	popts.messages = 4;
	rpmsg_collector_print_json(c, stdout, &popts);
	popts.flags &= ~RPMSG_COLLECTOR_PRINT_MESSAGES;
	rpmsg_collector_print_table(c, stderr, &popts);
	rpmsg_bpf_monitor_close(mon);
	rpmsg_collector_destroy(c);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
