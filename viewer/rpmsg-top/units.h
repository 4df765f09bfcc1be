/* SPDX-License-Identifier: MIT */
/*
 * Number formatting for rpmsg-top: compact human units that fit narrow columns, durations and
 * sparklines. Pure functions writing into caller buffers; thread-safe.
 */
#ifndef RPMSG_TOP_UNITS_H
#define RPMSG_TOP_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/clock.h>

#include "source.h"

/*
 * units_rate() - "0", "12", "1234", "12.3k", "1.20M": at most 6 characters for any value a bus
 * reaches. Values below 10 keep one decimal ("2.5") unless they are whole numbers.
 */
const char *units_rate(double value, char *buf, size_t size);

/* units_count() - an integer in at most 6 characters ("123456", "1.23M"). */
const char *units_count(uint64_t value, char *buf, size_t size);

/* units_bytes() - "512", "12.3k", "4.50M" (powers of 1000, like the rates). */
const char *units_bytes(double value, char *buf, size_t size);

/* units_ns() - a duration: "850ns", "12.3us", "1.20ms", "2.50s"; "-" for 0 when @dash_zero. */
const char *units_ns(uint64_t ns, bool dash_zero, char *buf, size_t size);

/*
 * units_time() - a source's time @ns on its @clock (source.h: CLOCK_MONOTONIC is placed on the
 * Unix epoch with the process's one offset, rpmsg_wall_ns(); a kernel log's boot clock prints
 * as seconds) as every tool prints it (rpmsg_time_format(), @style), without brackets; "-" for
 * 0 (no time yet).
 */
const char *units_time(uint64_t ns, enum rpmsg_source_clock clock, enum rpmsg_clock_style style,
		       char *buf, size_t size);

/* units_uptime() - "00:01:23" or "2d 03:04:05". */
const char *units_uptime(uint64_t ns, char *buf, size_t size);

/*
 * units_sparkline() - one character per value, scaled to the largest: "▁▂▃▄▅▆▇█" when @utf8,
 * else " .:-=+*#". Zero is a blank in both cases so idle stretches read as gaps.
 * Return: @buf, always NUL-terminated (values that do not fit are dropped from the left).
 */
const char *units_sparkline(const float *values, size_t count, bool utf8, char *buf, size_t size);

#endif /* RPMSG_TOP_UNITS_H */
