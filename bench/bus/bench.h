/* SPDX-License-Identifier: MIT */
/*
 * bench-bus internals: each measurement forks a peer process, runs a fixed amount of work and
 * returns rates or latency percentiles. Nothing here asserts a time; bench_bus.c prints ratios.
 */
#ifndef RPMSG_BENCH_BUS_H
#define RPMSG_BENCH_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/bus.h>

struct throughput {
	double msgs_per_s;
	double mb_per_s; /* payload megabytes (1e6) per second */
};

struct latency {
	double p50_us, p99_us;
};

uint64_t bench_now_ns(void);
/* Percentiles of @n round-trip samples in ns (sorts them). */
struct latency latency_from_samples(uint64_t *samples, size_t n);

/* Baselines between two processes on the same machine. */
struct latency baseline_cacheline_pingpong(unsigned int iterations);
struct throughput baseline_spsc_ring(unsigned int messages);
struct throughput baseline_socketpair_stream(size_t payload, unsigned int messages);
struct latency baseline_socketpair_rtt(size_t payload, unsigned int iterations);

/* Most messages one rpmsg_send_batch() call of the one-way run carries. */
#define BENCH_MAX_BATCH 256

/*
 * librpmsgbus, host in this process and remote in a forked one. @batch: 0, the host sends with
 * rpmsg_send(); else with rpmsg_send_batch(), @batch messages a call (at most BENCH_MAX_BATCH).
 * @host_stats (may be NULL): the host's counters at the end of the run (how often the sender
 * waited for a buffer).
 */
struct throughput bus_one_way(enum rpmsg_mbox_kind mbox, size_t payload, unsigned int messages,
			      unsigned int batch, struct rpmsg_bus_stats *host_stats);
struct latency bus_rtt(enum rpmsg_mbox_kind mbox, size_t payload, unsigned int iterations);

/*
 * Both roles in this process taking turns (count.c): the host sends @batch messages (one
 * rpmsg_send() each, or one rpmsg_send_batch() with @batch_api), the remote drains once, until
 * @messages arrived in order. Return: 0, or 1 (said on stderr).
 */
int bus_count_run(enum rpmsg_mbox_kind mbox, unsigned int batch, size_t payload,
		  unsigned int messages, bool batch_api);

/*
 * lines.c: find the regions of bus @bus_name's carve-out; print them, this process's mappings
 * of it and the address of the turn @marker as "layout:" lines (for bench/bus/lines.sh).
 */
int line_watch_open(const char *bus_name);
void line_watch_print_layout(const char *bus_name, const volatile void *marker);
void line_watch_close(void);

#endif /* RPMSG_BENCH_BUS_H */
