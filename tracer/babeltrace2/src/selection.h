/* SPDX-License-Identifier: MIT */
/*
 * Why a filtered run shows nothing. sink.rpmsg.print (decode) and sink.rpmsg.stats (report)
 * count what they read and what --endpoint and --since/--until kept; when rpmsg events were read
 * but none was kept, both print the same one warning line on stderr:
 *
 *	warning: no endpoint matches 'NAME' (N rpmsg events in the trace; endpoints: a, b, c)
 *	warning: the time window [SINCE] to [UNTIL] excludes all N rpmsg events (the trace spans
 *	[FIRST] to [LAST])
 *
 * (times as the text output prints them), and tell a program running them in-process through
 * struct rpmsg_bt2_sink_outcome (rpmsg-scope/bt2-components.h), which then exits 1.
 * A trace without rpmsg events keeps its own warning (nothing to filter). Not thread-safe.
 */
#ifndef RPMSG_BT2_SELECTION_H
#define RPMSG_BT2_SELECTION_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/event.h>

#include "endpoint_names.h"
#include "time_window.h"

struct selection {
	uint64_t events;	   /* rpmsg events read */
	uint64_t endpoint_matched; /* of those, kept by the endpoint filter (all without one) */
	uint64_t kept;		   /* kept by the endpoint filter and inside the window */
	int64_t first_ns, last_ns; /* span of the events read with a time */
	bool timed;		   /* first_ns/last_ns are set */
	bool unix_epoch;	   /* their clock's origin is the Unix epoch */
};

/**
 * rpmsg_bt2_selection_count() - count one rpmsg event read
 * @s: the counts (zeroed at the start)
 * @ns: its time, or < 0 when it has none
 * @unix_epoch: its clock's origin is the Unix epoch
 * @endpoint_ok: the endpoint filter keeps it
 * @window_ok: it lies inside the time window
 */
void rpmsg_bt2_selection_count(struct selection *s, int64_t ns, bool unix_epoch, bool endpoint_ok,
			       bool window_ok);

/**
 * rpmsg_bt2_selection_warn() - print the warning line when events were read but none kept
 * @s: the counts
 * @endpoint: the endpoint filter, or NULL
 * @window: the time window (resolved at the first event)
 * @names: endpoint names learned from the trace (listed when the endpoint matched nothing)
 * @clock: how times are shown
 *
 * Return: true when the warning was printed (nothing kept), false otherwise.
 */
bool rpmsg_bt2_selection_warn(const struct selection *s, const char *endpoint,
			      const struct time_window *window, const struct endpoint_names *names,
			      enum rpmsg_clock_style clock);

#endif /* RPMSG_BT2_SELECTION_H */
