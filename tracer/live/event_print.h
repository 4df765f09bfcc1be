/* SPDX-License-Identifier: MIT */
/*
 * One struct rpmsg_event as a line of text or a JSON object (rpmsg-trace live --messages).
 * Field names are those of docs/events.md. Strings from the event are untrusted: bounded by their
 * array size and escaped. Thread-safe (no state); writes to the given stream only.
 */
#ifndef RPMSG_LIVE_EVENT_PRINT_H
#define RPMSG_LIVE_EVENT_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include <rpmsg-scope/event.h>

/*
 * Print @ev as one line (text or JSON), with @name the channel name if known and @decoded the
 * decoded payload of a message (text, or a JSON object when @json), both possibly NULL.
 */
void event_print(FILE *out, const struct rpmsg_event *ev, const char *name, const char *decoded,
		 bool json);

/* Print @s (at most @max bytes, stops at NUL) as a JSON string literal with quotes. */
void json_string(FILE *out, const char *s, size_t max);

/* "host", "remote", "kernel" or "?". */
const char *role_name(unsigned int role);

#endif /* RPMSG_LIVE_EVENT_PRINT_H */
