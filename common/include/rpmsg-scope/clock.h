/* SPDX-License-Identifier: MIT */
/*
 * The tools' clocks, and the one way every text output writes and reads a time.
 *
 * Running: CLOCK_MONOTONIC (rpmsg_now_ns()), the clock the events carry (ts_ns from BPF and the
 * bus's probes), so a tool's own "now" and an event's timestamp can be subtracted.
 *
 * Wall clock: what a user reads. A trace's clock class places its timestamps on the Unix epoch
 * (LTTng, record --bpf: CLOCK_MONOTONIC plus an offset measured once). Live tools do the same
 * with rpmsg_wall_offset_ns(), measured once per process, so a message shows the same time in
 * every tool. CLOCK_REALTIME - CLOCK_MONOTONIC is constant on Linux (NTP slews both at the same
 * rate) until the clock is stepped; two measurements agree within their brackets
 * (rpmsg_wall_offset_error_ns(), about 100 ns).
 *
 * Text: "HH:MM:SS.nnnnnnnnn" in local time by default, as babeltrace2 prints it; UTC with
 * --clock-gmt; "SECONDS.nnnnnnnnn" since the clock's origin with --clock-seconds, and always
 * for a clock whose origin is not the Unix epoch (a kernel log's boot). --since/--until read
 * every form printed (rpmsg_time_parse()).
 *
 * Thread-safe; no allocation.
 */
#ifndef RPMSG_SCOPE_CLOCK_H
#define RPMSG_SCOPE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** rpmsg_now_ns() - CLOCK_MONOTONIC in nanoseconds. */
uint64_t rpmsg_now_ns(void);

/** rpmsg_now_s() - CLOCK_MONOTONIC in seconds (for loop deadlines and rates). */
double rpmsg_now_s(void);

/**
 * rpmsg_wall_offset_ns() - CLOCK_REALTIME minus CLOCK_MONOTONIC, measured on the first call
 * (the best of a few bracketed readings) and the same for the rest of the process.
 * Return: the offset in ns; monotonic ns + offset = ns since the Unix epoch.
 */
int64_t rpmsg_wall_offset_ns(void);

/** rpmsg_wall_offset_error_ns() - the measured offset's error bound (half its bracket). */
int64_t rpmsg_wall_offset_error_ns(void);

/** rpmsg_wall_ns() - a CLOCK_MONOTONIC time (an event's ts_ns) as ns since the Unix epoch. */
int64_t rpmsg_wall_ns(uint64_t monotonic_ns);

/* How text outputs show a time (--clock-gmt, --clock-seconds). */
enum rpmsg_clock_style {
	RPMSG_CLOCK_LOCAL,   /* HH:MM:SS.nnnnnnnnn, local time (babeltrace2's default) */
	RPMSG_CLOCK_GMT,     /* HH:MM:SS.nnnnnnnnn, UTC */
	RPMSG_CLOCK_SECONDS, /* SECONDS.nnnnnnnnn since the clock's origin */
};

/* Room for any rpmsg_time_format() text, brackets included. */
#define RPMSG_TIME_TEXT_SIZE 40

/**
 * rpmsg_time_format() - one time as text, in the style babeltrace2 prints it
 * @buf, @size: where to write (RPMSG_TIME_TEXT_SIZE is enough)
 * @ns: nanoseconds since the clock's origin
 * @unix_epoch: the origin is the Unix epoch; when false, seconds are printed whatever @style
 * @style: see enum rpmsg_clock_style
 *
 * Return: @buf, "HH:MM:SS.nnnnnnnnn" or "SECONDS.nnnnnnnnn" (no brackets).
 */
const char *rpmsg_time_format(char *buf, size_t size, int64_t ns, bool unix_epoch,
			      enum rpmsg_clock_style style);

enum rpmsg_time_kind { RPMSG_TIME_NONE, RPMSG_TIME_ABSOLUTE, RPMSG_TIME_OF_DAY };

struct rpmsg_time_point {
	enum rpmsg_time_kind kind;
	int64_t ns; /* since the origin (ABSOLUTE) or since midnight (OF_DAY) */
	bool gmt;   /* OF_DAY: a UTC day, not a local one */
};

/**
 * rpmsg_time_parse() - a --since/--until time, in any form the tools print or babeltrace2's
 * --begin takes: "SECONDS[.NS]" since the clock's origin, "HH:MM:SS[.NS]" (on the day of the
 * first event) or "YYYY-MM-DD HH:MM:SS[.NS]" (also with a 'T'); optionally in brackets as
 * printed. Times of day are local unless @gmt.
 * Return: 0, or -EINVAL (and *@out untouched).
 */
int rpmsg_time_parse(const char *text, bool gmt, struct rpmsg_time_point *out);

/**
 * rpmsg_time_resolve() - turn a time of day into an absolute time on the day (local, or UTC
 * when the point says so) of @first_ns, the first event's time; other points are unchanged.
 */
void rpmsg_time_resolve(struct rpmsg_time_point *point, int64_t first_ns);

#endif /* RPMSG_SCOPE_CLOCK_H */
