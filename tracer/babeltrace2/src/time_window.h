/* SPDX-License-Identifier: MIT */
/*
 * The --since/--until window of the rpmsg components. Applied inside the components rather than
 * with filter.utils.trimmer because names learned before the window (ns_announce, ept_create)
 * must still name the endpoints inside it: events outside the window still teach names, they
 * are just not shown or counted.
 *
 * Times, as babeltrace2's --begin/--end: "SECONDS[.NS]" since the clock's origin (the Unix
 * epoch for LTTng), "HH:MM:SS[.NS]" (UTC, on the day of the first event) or
 * "YYYY-MM-DD HH:MM:SS[.NS]" (UTC).
 */
#ifndef RPMSG_BT2_TIME_WINDOW_H
#define RPMSG_BT2_TIME_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

enum time_point_kind { TIME_NONE, TIME_ABSOLUTE, TIME_OF_DAY };

struct time_point {
	enum time_point_kind kind;
	int64_t ns; /* since origin (ABSOLUTE) or since midnight (OF_DAY) */
};

struct time_window {
	struct time_point since, until;
	bool resolved; /* OF_DAY points turned into absolute ones at the first event */
};

enum time_position { TIME_BEFORE, TIME_INSIDE, TIME_AFTER };

/* rpmsg_bt2_time_parse() - parse one time (formats above). Return: 0, -EINVAL. */
int rpmsg_bt2_time_parse(const char *text, struct time_point *out);

/* rpmsg_bt2_window_position() - where @ns lies; the first call fixes time-of-day points. */
enum time_position rpmsg_bt2_window_position(struct time_window *window, int64_t ns);

/* rpmsg_bt2_window_active() - true when a window was given at all. */
bool rpmsg_bt2_window_active(const struct time_window *window);

#endif /* RPMSG_BT2_TIME_WINDOW_H */
