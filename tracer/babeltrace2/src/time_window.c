// SPDX-License-Identifier: MIT
/*
 * Time window checks. See time_window.h; parsing is rpmsg_time_parse() (rpmsg-scope/clock.h).
 */
#include "time_window.h"

bool rpmsg_bt2_window_active(const struct time_window *window)
{
	return window->since.kind != RPMSG_TIME_NONE || window->until.kind != RPMSG_TIME_NONE;
}

enum time_position rpmsg_bt2_window_position(struct time_window *window, int64_t ns)
{
	if (!window->resolved) {
		rpmsg_time_resolve(&window->since, ns);
		rpmsg_time_resolve(&window->until, ns);
		window->resolved = true;
	}
	if (window->since.kind == RPMSG_TIME_ABSOLUTE && ns < window->since.ns)
		return TIME_BEFORE;
	if (window->until.kind == RPMSG_TIME_ABSOLUTE && ns > window->until.ns)
		return TIME_AFTER;
	return TIME_INSIDE;
}
