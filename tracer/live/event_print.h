/* SPDX-License-Identifier: MIT */
/*
 * One struct rpmsg_event as a line of text or a JSON object (rpmsg-trace live --messages).
 * Fields and their names come from the event model's table (event-fields.h, docs/events.md).
 * Strings from the event are untrusted: bounded by their array size and escaped (text.h).
 * Thread-safe (no state); writes to the given stream only.
 */
#ifndef RPMSG_LIVE_EVENT_PRINT_H
#define RPMSG_LIVE_EVENT_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/text.h>

/*
 * Print @ev as one line (text or JSON), with @name the channel name if known and @decoded the
 * decoded payload of a message (text, or a JSON object when @json), both possibly NULL.
 * The time is the event's CLOCK_MONOTONIC ts_ns placed on the Unix epoch with the process's one
 * offset (rpmsg_wall_ns()), as a trace of the same event shows it: "[HH:MM:SS.nnnnnnnnn]" in
 * @clock's style in text, "ts_ns" as a string of ns since the epoch in JSON (exact above 2^53).
 */
void event_print(FILE *out, const struct rpmsg_event *ev, const char *name, const char *decoded,
		 bool json, enum rpmsg_clock_style clock);

#endif /* RPMSG_LIVE_EVENT_PRINT_H */
