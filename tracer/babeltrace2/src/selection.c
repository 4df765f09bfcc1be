// SPDX-License-Identifier: MIT
/*
 * The "nothing kept" warning of decode and report. See selection.h.
 */
#include <inttypes.h>
#include <stdio.h>

#include "selection.h"

void rpmsg_bt2_selection_count(struct selection *s, int64_t ns, bool unix_epoch, bool endpoint_ok,
			       bool window_ok)
{
	s->events++;
	s->endpoint_matched += endpoint_ok;
	s->kept += endpoint_ok && window_ok;
	if (ns < 0)
		return;
	if (!s->timed) {
		s->timed = true;
		s->first_ns = ns;
		s->unix_epoch = unix_epoch;
	}
	if (ns < s->first_ns)
		s->first_ns = ns;
	if (ns > s->last_ns)
		s->last_ns = ns;
}

/* "[12:00:01.000000000]" as the text output prints it, or "the start"/"the end" for none. */
static const char *point_text(char *buf, size_t size, const struct rpmsg_time_point *point,
			      const struct selection *s, enum rpmsg_clock_style clock,
			      const char *none)
{
	char text[RPMSG_TIME_TEXT_SIZE];

	if (point->kind != RPMSG_TIME_ABSOLUTE)
		return none;
	snprintf(buf, size, "[%s]",
		 rpmsg_time_format(text, sizeof(text), point->ns, s->unix_epoch, clock));
	return buf;
}

bool rpmsg_bt2_selection_warn(const struct selection *s, const char *endpoint,
			      const struct time_window *window, const struct endpoint_names *names,
			      enum rpmsg_clock_style clock)
{
	char since[RPMSG_TIME_TEXT_SIZE + 2], until[RPMSG_TIME_TEXT_SIZE + 2];
	char first[RPMSG_TIME_TEXT_SIZE], last[RPMSG_TIME_TEXT_SIZE], list[512];

	if (!s->events || s->kept)
		return false;
	if (endpoint && !s->endpoint_matched) {
		rpmsg_bt2_names_list(names, list, sizeof(list));
		fprintf(stderr,
			"warning: no endpoint matches '%s' (%" PRIu64
			" rpmsg events in the trace; endpoints: %s)\n",
			endpoint, s->events, list[0] ? list : "none named");
		return true;
	}
	if (!s->timed) /* cannot happen: the window only drops timed events */
		return false;
	fprintf(stderr,
		"warning: the time window %s to %s excludes all %" PRIu64
		" rpmsg events%s (the trace spans [%s] to [%s])\n",
		point_text(since, sizeof(since), &window->since, s, clock, "the start"),
		point_text(until, sizeof(until), &window->until, s, clock, "the end"),
		endpoint ? s->endpoint_matched : s->events, endpoint ? " of that endpoint" : "",
		rpmsg_time_format(first, sizeof(first), s->first_ns, s->unix_epoch, clock),
		rpmsg_time_format(last, sizeof(last), s->last_ns, s->unix_epoch, clock));
	return true;
}
