/* SPDX-License-Identifier: MIT */
/*
 * A collector's view of a trace as the Chrome Trace Event Format (the JSON that ui.perfetto.dev
 * and chrome://tracing load), written as the events go by: nothing of the trace is kept but the
 * collector's own bounded state and, per row and direction, the messages still waiting for their
 * other side (at most RPMSG_COLLECTOR_LATENCY_PENDING_MAX, as in the collector).
 *
 * What the file holds (docs/timeline.md):
 *  - one process per bus ("rpmsg bus NAME"), one thread track per endpoint row, named
 *    "NAME local->remote" as the collector names the row ("?" when no name is known);
 *  - each message seen from both sides: an async slice ("b"/"e", its own id) from its send to its
 *    delivery, named after the row, so Perfetto draws the row's messages on one track and stacks
 *    those in flight at the same time (rpmsg delivers in order per ring, so consecutive messages
 *    overlap without nesting: complete "X" slices on one thread would be misnested);
 *  - a message seen on one side only (the other side not traced, its event lost, or dropped): an
 *    instant on the row's thread; drops and TX waits likewise, with their fields as args;
 *  - ring occupancy: a counter per vring ("vq1 (host TX)") with the collector's counts (VRINGS
 *    in collector.h): with_remote (vq 1: messages in flight with the remote; only when both
 *    sides are traced), unreclaimed (sent buffers the host has not taken back) and num_free (vq 1:
 *    the host's free TX buffers); one sample each time one of them changes.
 * Timestamps are microseconds with three decimals (ns precision) since @origin_ns, a time on the
 * trace's own clock written into the metadata: a double holds the trace's ns since the epoch only
 * to a quarter microsecond, the offsets from a whole second near the start exactly.
 *
 * Contract: the exporter registers the collector's event observer, delivery and message
 * callbacks (it owns them until chrome_trace_finish()); one thread. Errors: 0 or -errno; the
 * first write error is kept with its errno (chrome_trace_error()), so a caller can stop early.
 */
#ifndef RPMSG_EXPORT_CHROME_TRACE_H
#define RPMSG_EXPORT_CHROME_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/collector.h>

struct chrome_trace;

/**
 * struct chrome_trace_counts - what was read and what was written
 * @events_read: events the collector accepted (each reached the observer)
 * @events_skipped: of those, events no JSON event stands for: doorbells, name-service and endpoint
 *                  life (they name the tracks), ring operations that changed no counter
 * @slices: messages drawn from send to delivery (two JSON events each)
 * @one_sided: messages seen on one side only (instants)
 * @drops, @tx_waits: instants
 * @counter_samples: "C" events
 * @json_events: every JSON event written, metadata ("M") events included
 */
struct chrome_trace_counts {
	uint64_t events_read, events_skipped;
	uint64_t slices, one_sided, drops, tx_waits, counter_samples;
	uint64_t json_events;
};

/**
 * chrome_trace_start() - write the document's head to @out and attach to @c
 * @out: the stream (the caller opens and closes it)
 * @c: the collector the source feeds; its observer and callbacks are taken
 * @origin_ns: the time that is ts 0, on the events' clock
 * @out_trace: the exporter
 *
 * Return: 0, -ENOMEM, -EIO.
 */
int chrome_trace_start(FILE *out, struct rpmsg_collector *c, uint64_t origin_ns,
		       struct chrome_trace **out_trace);

/**
 * chrome_trace_finish() - the messages still waiting as one-sided instants, the names of the
 * processes and tracks, the metadata (@trace, @clock_note and the counts), the document's end;
 * detaches from the collector.
 * @t: the exporter
 * @trace: the input, for the metadata
 * @clock_note: what the clock is ("trace clock, on the Unix epoch")
 *
 * Return: 0, or the first failure (chrome_trace_error()).
 */
int chrome_trace_finish(struct chrome_trace *t, const char *trace, const char *clock_note);

/** chrome_trace_error() - the first failure so far (-ENOMEM, a write's -errno), or 0. */
int chrome_trace_error(const struct chrome_trace *t);

/** chrome_trace_counts() - the counts so far. */
const struct chrome_trace_counts *chrome_trace_counts(const struct chrome_trace *t);

/** chrome_trace_free() - free @t (detaching it if chrome_trace_finish() was not called). */
void chrome_trace_free(struct chrome_trace *t);

#endif /* RPMSG_EXPORT_CHROME_TRACE_H */
