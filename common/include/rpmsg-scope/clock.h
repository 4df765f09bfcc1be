/* SPDX-License-Identifier: MIT */
/*
 * The one clock the tools run on: CLOCK_MONOTONIC, the clock the events carry (ts_ns), so a
 * tool's own "now" and an event's timestamp can be subtracted. Thread-safe.
 */
#ifndef RPMSG_SCOPE_CLOCK_H
#define RPMSG_SCOPE_CLOCK_H

#include <stdint.h>

/** rpmsg_now_ns() - CLOCK_MONOTONIC in nanoseconds. */
uint64_t rpmsg_now_ns(void);

/** rpmsg_now_s() - CLOCK_MONOTONIC in seconds (for loop deadlines and rates). */
double rpmsg_now_s(void);

#endif /* RPMSG_SCOPE_CLOCK_H */
