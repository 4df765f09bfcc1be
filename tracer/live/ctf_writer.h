/* SPDX-License-Identifier: MIT */
/*
 * Writing struct rpmsg_event values to a CTF trace with libbabeltrace2: an in-process graph of
 * our own source component (which turns queued events into messages) and the ctf plugin's
 * sink.ctf.fs. Event names ("rpmsg:msg_send", ...) and payload fields are those of
 * docs/events.md; vpid / vtid are the event common context; timestamps are CLOCK_MONOTONIC on a
 * clock class whose offset maps them to the Unix epoch, as LTTng does.
 *
 * Lost events (ring buffer overflow) are written as discarded-events records, between packets,
 * so babeltrace2 warns about them and sinks see BT_MESSAGE_TYPE_DISCARDED_EVENTS.
 *
 * Contract: functions return 0 or a negative errno with a one-line reason in ctf_writer_error().
 * Not thread-safe. The writer copies each event; the caller keeps ownership of its own.
 */
#ifndef RPMSG_LIVE_CTF_WRITER_H
#define RPMSG_LIVE_CTF_WRITER_H

#include <stdint.h>

#include <rpmsg-scope/event.h>

struct ctf_writer;

/** ctf_writer_open() - create the graph writing a trace into directory @dir (created). */
int ctf_writer_open(const char *dir, struct ctf_writer **out);
/** ctf_writer_add() - queue one event (written by the next ctf_writer_flush()). */
int ctf_writer_add(struct ctf_writer *w, const struct rpmsg_event *ev);
/** ctf_writer_add_lost() - @count events were lost after the last one added. */
void ctf_writer_add_lost(struct ctf_writer *w, uint64_t count);
/** ctf_writer_flush() - run the graph until every queued event is written. */
int ctf_writer_flush(struct ctf_writer *w);
/** ctf_writer_close() - end the stream, finish the trace on disk, free. Safe with NULL. */
int ctf_writer_close(struct ctf_writer *w);
/** ctf_writer_events() - events written so far. */
uint64_t ctf_writer_events(const struct ctf_writer *w);
const char *ctf_writer_error(void);

#endif /* RPMSG_LIVE_CTF_WRITER_H */
