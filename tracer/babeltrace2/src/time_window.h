/* SPDX-License-Identifier: MIT */
/*
 * The --since/--until window of the rpmsg components. Applied inside the components rather than
 * with filter.utils.trimmer because names learned before the window (ns_announce, ept_create)
 * must still name the endpoints inside it: events outside the window still teach names, they
 * are just not shown or counted.
 *
 * Times are read by rpmsg_time_parse() (rpmsg-scope/clock.h): every form the tools print, and
 * babeltrace2's --begin forms; a time of day is placed on the day of the first event, in local
 * time (UTC with the "clock-gmt" parameter), as babeltrace2 prints it.
 */
#ifndef RPMSG_BT2_TIME_WINDOW_H
#define RPMSG_BT2_TIME_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg-scope/clock.h>

struct time_window {
	struct rpmsg_time_point since, until;
	bool resolved; /* times of day turned into absolute ones at the first event */
};

enum time_position { TIME_BEFORE, TIME_INSIDE, TIME_AFTER };

/* rpmsg_bt2_window_position() - where @ns lies; the first call fixes time-of-day points. */
enum time_position rpmsg_bt2_window_position(struct time_window *window, int64_t ns);

/* rpmsg_bt2_window_active() - true when a window was given at all. */
bool rpmsg_bt2_window_active(const struct time_window *window);

#endif /* RPMSG_BT2_TIME_WINDOW_H */
