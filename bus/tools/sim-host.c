// SPDX-License-Identifier: MIT
/*
 * The host role (virtio driver, what Linux does): create the bus, wait for a firmware, let the
 * client drivers of sim-clients.c bind to the channels it announces, print status lines, and end
 * on a signal, --duration, or when every stream of --messages is complete.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/monitor.h>

#include "sim-clients.h"
#include "sim-roles.h"
#include "sim-run.h"

/**
 * open_bus() - create the bus; a bus left behind by a host that no longer runs is removed
 * first (a crashed run must not block the next one), a live one is not touched.
 * Return: 0 or a negative errno after printing why.
 */
static int open_bus(const struct sim_options *opts, struct rpmsg_bus **bus)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_monitor *mon;
	struct rpmsg_monitor_snapshot *snap;
	int ret, snap_ret = -ENOENT;
	bool stale;

	sim_bus_config(opts, RPMSG_ROLE_HOST, &cfg);
	ret = rpmsg_bus_open(&cfg, bus);
	if (ret != -EEXIST)
		goto out;

	snap = calloc(1, sizeof(*snap));
	if (!snap)
		return -ENOMEM;
	ret = rpmsg_monitor_open(opts->bus, &mon);
	if (ret == 0) {
		for (int tries = 0; tries < 100; tries++) {
			snap_ret = rpmsg_monitor_snapshot(mon, snap);
			if (snap_ret != -EAGAIN)
				break;
		}
		rpmsg_monitor_close(mon);
	}
	/* Remove only what we can read and whose host is provably gone. */
	stale = ret == 0 && snap_ret == 0 && !snap->host_alive;
	if (ret == 0 && snap_ret == 0 && snap->host_alive)
		fprintf(stderr, "rpmsg-sim host: bus %s is in use by host pid %d\n", opts->bus,
			(int)snap->host_pid);
	else if (!stale)
		fprintf(stderr,
			"rpmsg-sim host: bus %s exists but cannot be read (%s); if no host runs "
			"it, remove /dev/shm/rpmsg-%s\n",
			opts->bus, strerror(-(ret ? ret : snap_ret)), opts->bus);
	free(snap);
	if (!stale)
		return -EEXIST;
	fprintf(stderr, "rpmsg-sim host: removing stale bus %s left by a host that is gone\n",
		opts->bus);
	rpmsg_bus_unlink(opts->bus);
	ret = rpmsg_bus_open(&cfg, bus);
out:
	if (ret) {
		const char *why = rpmsg_last_error();

		fprintf(stderr, "rpmsg-sim host: cannot create bus %s: %s\n", opts->bus,
			why && *why ? why : strerror(-ret));
	}
	return ret;
}

/**
 * wait_for_remote() - wait until a firmware attached, watching for stop signals, --wait and
 * the end of --duration (@run_deadline_ns, 0 = none).
 * Return: 0, a signal number (> 0), or a negative errno after printing why.
 */
static int wait_for_remote(struct sim_host *host, const sigset_t *sigs, uint64_t run_deadline_ns)
{
	const struct sim_options *opts = host->opts;
	uint64_t deadline = opts->wait_s > 0 ? rpmsg_now_ns() + (uint64_t)(opts->wait_s * 1e9) : 0;

	if (!opts->quiet && !opts->json) {
		printf("host: bus %s created (mbox %s%s); waiting for a firmware "
		       "(rpmsg-sim remote --bus %s)\n",
		       opts->bus, sim_mbox_name(opts->mbox), opts->poll_mode ? ", poll mode" : "",
		       opts->bus);
		fflush(stdout);
	}
	for (;;) {
		int sig = sim_signal_pending(sigs);
		int ret;

		if (sig)
			return sig;
		ret = rpmsg_bus_wait_peer(host->bus, 200);
		if (ret == 0)
			return 0;
		if (ret != -ETIMEDOUT) {
			fprintf(stderr, "rpmsg-sim host: waiting for the firmware on bus %s: %s\n",
				opts->bus, rpmsg_bus_error(host->bus));
			return ret;
		}
		if (run_deadline_ns && rpmsg_now_ns() >= run_deadline_ns) {
			fprintf(stderr,
				"rpmsg-sim host: no firmware attached to bus %s within --duration "
				"%.1f s\n",
				opts->bus, opts->duration_s);
			return -ETIMEDOUT;
		}
		if (deadline && rpmsg_now_ns() >= deadline) {
			fprintf(stderr,
				"rpmsg-sim host: no firmware attached to bus %s within %.1f s "
				"(start one with: rpmsg-sim remote --bus %s)\n",
				opts->bus, opts->wait_s, opts->bus);
			return -ETIMEDOUT;
		}
	}
}

/*
 * Before closing after a complete run, let the firmware consume what we sent last: our TX
 * vring has nothing in flight once it returned every buffer. Read-only, through the monitor.
 */
static void wait_tx_drained(const char *bus_name, unsigned int timeout_ms)
{
	struct rpmsg_monitor *mon;
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	uint64_t deadline = rpmsg_now_ns() + (uint64_t)timeout_ms * 1000000u;

	if (!snap)
		return;
	if (rpmsg_monitor_open(bus_name, &mon)) {
		free(snap);
		return;
	}
	while (rpmsg_now_ns() < deadline) {
		struct timespec pause = {0, 5000000};

		if (rpmsg_monitor_snapshot(mon, snap) == 0 &&
		    (snap->vring[1].in_flight == 0 || !snap->remote_alive))
			break;
		nanosleep(&pause, NULL);
	}
	rpmsg_monitor_close(mon);
	free(snap);
}

enum host_end {
	HOST_END_DONE,	    /* signal, duration or complete: success */
	HOST_END_PEER_GONE, /* firmware died or broke the bus */
	HOST_END_FAILED,    /* could not run at all */
};

/**
 * host_run_once() - one bus lifetime: open, wait for a firmware, run until the end.
 * @outcome: filled with a sentence on how it ended
 */
static enum host_end host_run_once(struct sim_host *host, const sigset_t *sigs, char *outcome,
				   size_t outcome_size, uint64_t deadline_ns,
				   struct rpmsg_bus_stats *bus_stats)
{
	const struct sim_options *opts = host->opts;
	enum host_end end = HOST_END_DONE;
	uint64_t next_status_ns;
	bool complete = false;
	int ret;

	if (open_bus(opts, &host->bus))
		return HOST_END_FAILED;
	host->payload_max = rpmsg_bus_payload_max(host->bus);
	rpmsg_bus_test_faults(host->bus, sim_faults_bus(&opts->faults, RPMSG_ROLE_HOST));
	if (sim_clients_register(host)) {
		rpmsg_bus_close(host->bus);
		host->bus = NULL;
		return HOST_END_FAILED;
	}
	ret = wait_for_remote(host, sigs, deadline_ns);
	if (ret > 0) {
		snprintf(outcome, outcome_size, "stopped by %s before a firmware attached",
			 sim_signal_name(ret));
		goto close;
	}
	if (ret < 0) {
		snprintf(outcome, outcome_size, "no firmware");
		end = HOST_END_FAILED;
		goto close;
	}

	next_status_ns = rpmsg_now_ns() + (uint64_t)(opts->interval_s * 1e9);
	for (;;) {
		int sig = sim_wait(opts->poll_mode ? host->bus : NULL, sigs,
				   sim_ms_until(next_status_ns, 100));
		int status = rpmsg_bus_status(host->bus);
		uint64_t now = rpmsg_now_ns();

		if (sig > 0) {
			snprintf(outcome, outcome_size, "stopped by %s", sim_signal_name(sig));
			break;
		}
		if (opts->messages && sim_stats_complete(&host->stats)) {
			snprintf(outcome, outcome_size, "complete: %llu messages per stream",
				 (unsigned long long)opts->messages);
			complete = true;
			break;
		}
		if (status || sig < 0) {
			snprintf(outcome, outcome_size, "%s: %s",
				 status == -EPIPE ? "the firmware is gone" : "the bus is broken",
				 rpmsg_bus_error(host->bus));
			fprintf(stderr, "rpmsg-sim host: %s\n", outcome);
			end = HOST_END_PEER_GONE;
			break;
		}
		sim_status_tick(&host->stats, opts, now, &next_status_ns);
		if (deadline_ns && now >= deadline_ns) {
			snprintf(outcome, outcome_size, "duration reached");
			break;
		}
	}
	if (complete)
		wait_tx_drained(opts->bus, 30000); /* returns as soon as drained */

close:
	sim_clients_unregister(host);
	rpmsg_bus_get_stats(host->bus, bus_stats);
	rpmsg_bus_close(host->bus);
	host->bus = NULL;
	return end;
}

int sim_host_main(const struct sim_options *opts)
{
	static struct sim_host host; /* one per process: the client callbacks refer to it */
	struct rpmsg_bus_stats bus_stats = {0};
	char outcome[256] = "stopped";
	uint64_t deadline_ns = 0;
	enum host_end end;
	sigset_t sigs;

	sim_signals_block(&sigs);
	memset(&host, 0, sizeof(host));
	host.opts = opts;
	sim_stats_init(&host.stats, "host", opts, true);
	if (opts->duration_s > 0)
		deadline_ns = rpmsg_now_ns() + (uint64_t)(opts->duration_s * 1e9);

	for (;;) {
		end = host_run_once(&host, &sigs, outcome, sizeof(outcome), deadline_ns,
				    &bus_stats);
		if (end != HOST_END_PEER_GONE || !opts->reattach)
			break;
		if (!opts->quiet && !opts->json)
			printf("host: --reattach: recreating bus %s for a fresh firmware\n",
			       opts->bus);
	}
	if (end == HOST_END_FAILED && !strcmp(outcome, "stopped"))
		return 1;
	sim_stats_print_summary(&host.stats, &bus_stats, opts->json, outcome);
	if (end != HOST_END_DONE)
		return 1;
	if (sim_stats_errors(&host.stats)) {
		fprintf(stderr, "rpmsg-sim host: %llu verification errors (see the summary)\n",
			(unsigned long long)sim_stats_errors(&host.stats));
		return 1;
	}
	return 0;
}
