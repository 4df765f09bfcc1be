/* SPDX-License-Identifier: MIT */
/*
 * Per-channel traffic counters of one side (host or firmware) and their printing: the status
 * line printed every interval and the final summary.
 *
 * Thread safety: counters are atomics, updated by the bus's callback thread and the sender
 * threads and read by the main loop at any time. The first verification error of a channel is
 * kept as text (under a mutex). Printing functions format into one buffer and write it with a
 * single write(), so lines of the two demo processes never interleave.
 */
#ifndef RPMSG_SIM_STATS_H
#define RPMSG_SIM_STATS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/clock.h> /* rpmsg_now_ns(): every role runs on it */
#include <rpmsg-scope/text.h>  /* peer-written names print escaped */

#include "sim-options.h"

struct sim_channel_stats {
	atomic_uint_fast32_t local_addr, remote_addr; /* RPMSG_ADDR_ANY until known */
	atomic_uint_fast64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;
	atomic_uint_fast64_t tx_waits; /* sends that found no free TX buffer and waited */
	atomic_uint_fast64_t errors;   /* verification failures (sequence, length, checksum) */
	uint64_t expect_tx, expect_rx; /* with --messages: exact counts for a complete run */
	char first_error[160];
};

struct sim_stats {
	const char *side; /* "host" or "firmware" */
	const char *bus;
	uint64_t start_ns;
	bool counted;	      /* --messages: the expect_ counts hold */
	pthread_mutex_t lock; /* guards first_error */
	struct sim_channel_stats ch[SIM_SERVICE_COUNT];
};

/** sim_stats_init() - zero the counters; with --messages, set the expected counts of @side. */
void sim_stats_init(struct sim_stats *st, const char *side, const struct sim_options *opts,
		    bool is_host);

/** sim_stats_error() - count a verification error on @svc; keep the first message. */
void sim_stats_error(struct sim_stats *st, enum sim_service svc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** sim_stats_complete() - with --messages: every channel reached its expected counts. */
bool sim_stats_complete(const struct sim_stats *st);

/** sim_stats_errors() - total verification errors. */
uint64_t sim_stats_errors(const struct sim_stats *st);

/** sim_stats_print_status() - one status line (text or JSON) to stdout. */
void sim_stats_print_status(const struct sim_stats *st, bool json);

/**
 * sim_stats_print_summary() - the final per-channel table (or one JSON object) to stdout.
 * @bus_stats: the side's bus counters (kicks, drops), or NULL when the bus is gone
 * @outcome: one short sentence on how the run ended
 */
void sim_stats_print_summary(const struct sim_stats *st, const struct rpmsg_bus_stats *bus_stats,
			     bool json, const char *outcome);

#endif /* RPMSG_SIM_STATS_H */
