/* SPDX-License-Identifier: MIT */
/*
 * Writing struct rpmsg_event values to a CTF trace with libbabeltrace2: an in-process graph of
 * our own source component (which turns queued events into messages) and the ctf plugin's
 * sink.ctf.fs. Event names ("rpmsg:msg_send", ...) and payload fields are those of
 * docs/events.md; vpid / vtid are the event common context. By default timestamps are
 * CLOCK_MONOTONIC on a clock class whose offset maps them to the Unix epoch, as LTTng does;
 * events from elsewhere (a kernel log's printk times) can keep their own origin instead.
 *
 * Lost events (ring buffer overflow) are written as discarded-events records, between packets,
 * so babeltrace2 warns about them and sinks see BT_MESSAGE_TYPE_DISCARDED_EVENTS.
 *
 * The metadata follows LTTng-UST's conventions (what `rpmsg-trace record` writes), so readers that
 * know LTTng traces read ours alike: Trace Compass opens it as an LTTng-UST trace (env domain
 * "ust", tracer_name "lttng-ust", tracer_major/minor CTF_WRITER_LTTNG_*, hostname, trace_name,
 * trace_creation_datetime, architecture_bit_width), a clock class "monotonic" ("Monotonic
 * Clock") with a uuid and the epoch offset, "rpmsg:<event>" names at LTTng's default log level,
 * the vpid / vtid event context. Who wrote it is env rpmsg_scope_writer. docs/timeline.md says
 * what differs from an LTTng trace still (one stream, no cpu_id, no procname).
 *
 * Contract: functions return 0 or a negative errno with a one-line reason in ctf_writer_error().
 * Not thread-safe. The writer copies each event; the caller keeps ownership of its own.
 */
#ifndef RPMSG_CTF_WRITER_H
#define RPMSG_CTF_WRITER_H

#include <stdint.h>

#include <rpmsg-scope/event.h>

struct ctf_writer;

enum ctf_writer_clock {
	/* ts_ns is this machine's CLOCK_MONOTONIC: the clock is placed on the Unix epoch. */
	CTF_WRITER_CLOCK_MONOTONIC,
	/*
	 * ts_ns counts from some boot of some machine (printk times of a saved kernel log): no
	 * mapping to wall-clock time is known, so readers show seconds since that boot.
	 */
	CTF_WRITER_CLOCK_BOOT,
};

/* The LTTng-UST version whose metadata conventions the writer follows (env tracer_major/minor). */
#define CTF_WRITER_LTTNG_MAJOR 2
#define CTF_WRITER_LTTNG_MINOR 13

/*
 * @name: trace and stream name, env trace_name; NULL: "rpmsg-bpf"
 * @tracer_name: who wrote the trace, env rpmsg_scope_writer (env tracer_name is "lttng-ust",
 *               the convention above); NULL: "rpmsg-scope-bpf"
 */
struct ctf_writer_config {
	enum ctf_writer_clock clock;
	const char *name;
	const char *tracer_name;
};

/** ctf_writer_open() - create the graph writing a trace into directory @dir (created). */
int ctf_writer_open(const char *dir, struct ctf_writer **out);
/**
 * ctf_writer_open_config() - ctf_writer_open() with a clock and names of the caller's choice
 * @dir: trace directory (created); the string must outlive the writer
 * @config: copied; its strings must outlive the writer
 * @out: the writer
 *
 * Return: 0 or a negative errno (reason in ctf_writer_error()).
 */
int ctf_writer_open_config(const char *dir, const struct ctf_writer_config *config,
			   struct ctf_writer **out);
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

#endif /* RPMSG_CTF_WRITER_H */
