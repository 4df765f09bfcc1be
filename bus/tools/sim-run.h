/* SPDX-License-Identifier: MIT */
/*
 * Pieces every rpmsg-sim role shares: signal handling, the main loop's wait, pacing a stream at
 * a rate, and a send that counts TX waits.
 *
 * Signals: sim_signals_block() must run before any thread exists (the bus's interrupt thread
 * included) so that SIGINT/SIGTERM/SIGHUP stay pending until the main thread collects them with
 * sim_wait(). A side therefore always sees "I was asked to stop" before it can misread its peer
 * leaving as a death.
 */
#ifndef RPMSG_SIM_RUN_H
#define RPMSG_SIM_RUN_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#include "sim-stats.h"

/** sim_signals_restore_defaults() - undo an inherited "ignore" of SIGINT/SIGTERM. */
void sim_signals_restore_defaults(void);

/** sim_signals_block() - block the stop signals in this thread (and threads created later). */
void sim_signals_block(sigset_t *set);

/** sim_signal_name() - "SIGINT", "SIGTERM", ... */
const char *sim_signal_name(int sig);

/** sim_signal_pending() - collect a pending stop signal without waiting; 0 if none. */
int sim_signal_pending(const sigset_t *set);

/**
 * sim_wait() - the main loop's pause: wait up to @timeout_ms for a stop signal; in polling
 * mode (@bus non-NULL) drive the bus with rpmsg_bus_poll() meanwhile.
 * Return: the signal number, 0 when the time is up, or a negative errno from rpmsg_bus_poll().
 */
int sim_wait(struct rpmsg_bus *bus, const sigset_t *set, int timeout_ms);

/**
 * sim_bus_open_waiting() - rpmsg_bus_open() for a side that waits for its peer, interruptible:
 * it tries in 100 ms slices so that a stop signal in @set or @deadline_ns ends the wait at once.
 * Nothing is left behind by an attempt that found no peer.
 * @cfg: the configuration; its attach_timeout_ms is the whole wait
 * @set: the stop signals (blocked, see sim_signals_block())
 * @deadline_ns: rpmsg_now_ns() time at which to give up (--duration), or 0
 * @out: the bus, on success
 * @sig: set to the signal that ended the wait, else 0
 * Return: 0, -EINTR (a signal, in @sig), -ETIME (@deadline_ns passed before a peer came),
 * or rpmsg_bus_open()'s error (-ENOENT/-ETIMEDOUT once attach_timeout_ms is spent).
 */
int sim_bus_open_waiting(const struct rpmsg_bus_config *cfg, const sigset_t *set,
			 uint64_t deadline_ns, struct rpmsg_bus **out, int *sig);

/** sim_ms_until() - milliseconds from now until @when_ns, between 1 and @max_ms. */
int sim_ms_until(uint64_t when_ns, int max_ms);

/** sim_next_tick() - @tick_ns + @interval_s, or one interval from now if that is already past. */
uint64_t sim_next_tick(uint64_t tick_ns, double interval_s);

struct sim_options;

/**
 * sim_status_tick() - at @now past *@next_status_ns, print @st's status line (unless --quiet)
 * and move *@next_status_ns on by --interval (sim_next_tick()).
 */
void sim_status_tick(const struct sim_stats *st, const struct sim_options *opts, uint64_t now,
		     uint64_t *next_status_ns);

/**
 * struct sim_pacer - spaces messages at a fixed rate against absolute deadlines, so a slow send
 * does not lower the average rate; rate 0 means no pause at all.
 */
struct sim_pacer {
	double rate_hz;
	uint64_t next_ns;
};

void sim_pacer_init(struct sim_pacer *p, double rate_hz);

/** sim_pacer_wait() - sleep until the next message is due. Return: false if @stop was set. */
bool sim_pacer_wait(struct sim_pacer *p, const atomic_bool *stop);

/**
 * sim_send() - send @len bytes to @dst (RPMSG_ADDR_ANY: the endpoint's destination), counting
 * the message in @ch. If no TX buffer is free at once the send counts one TX wait and then
 * blocks in the library (in 250 ms slices, so @stop is honoured quickly).
 * Return: 0, -ECANCELED if @stop was set while waiting, or the library's error.
 */
int sim_send(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst,
	     struct sim_channel_stats *ch, const atomic_bool *stop);

#endif /* RPMSG_SIM_RUN_H */
