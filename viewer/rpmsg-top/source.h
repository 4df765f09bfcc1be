/* SPDX-License-Identifier: MIT */
/*
 * Data sources of rpmsg-top. A source feeds struct rpmsg_event values into the collector; the
 * screen and batch mode only ever read the collector (DESIGN.md: views read the collector, never
 * a source). Each source lives in its own file:
 *   source_introspect.c  the bus's read-only shared memory (no privileges)
 *   source_bpf.c         the bus's USDT probes or the kernel's vrings through BPF (root)
 *   source_trace.c       a CTF trace (--replay) or an LTTng live session (--live), babeltrace2
 *   source_kmsg.c        a kernel log with rpmsg dynamic-debug lines (--kmsg)
 *
 * Contract: one thread uses a source and its collector. Sources own their state; close() frees
 * it. Functions return 0 (or a count) or a negative errno; open functions put one line saying
 * what went wrong into the caller's error buffer.
 */
#ifndef RPMSG_TOP_SOURCE_H
#define RPMSG_TOP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/collector.h>

struct top_options;
struct top_source;

struct top_source_ops {
	/* Deliver the events that are due, waiting up to @timeout_ms when none is. Return: count.
	 */
	int (*poll)(struct top_source *s, struct rpmsg_collector *c, int timeout_ms);
	/* Bring the collector up to date right before a tick (optional). */
	int (*sync)(struct top_source *s, struct rpmsg_collector *c);
	/* The time to close intervals with (the events' clock; virtual for a replay). */
	uint64_t (*now_ns)(struct top_source *s);
	/* Fast replay only: deliver every event up to @until_ns at once (optional). */
	int (*advance)(struct top_source *s, struct rpmsg_collector *c, uint64_t until_ns);
	/* Freeze or resume the source's clock (optional; live sources keep collecting). */
	void (*set_paused)(struct top_source *s, bool paused);
	void (*close)(struct top_source *s);
};

/**
 * struct top_source - what every source shares
 * @label: shown in the header ("bpf: bus USDT probes", "introspection", "replay t.ctf x2")
 * @note: what this source cannot show and why ("" if nothing), shown under the header
 * @provides: TOP_NEEDS_* it can fill (latency, waits, drops)
 * @payloads: kept messages carry payload bytes (the detail pane can decode them)
 * @fast: a replay as fast as possible: intervals advance with advance(), not with the wall clock
 * @ended: no further event will come (end of a trace file)
 * @start_ns: the events' clock when the source opened (0: the first event's time)
 * @slow_close: closing takes a noticeable time (detaching uprobes): say so on exit
 * @fallback: why the default source is not the one in use ("" when it is), set by main
 */
struct top_source {
	const struct top_source_ops *ops;
	char label[96];
	char note[200];
	unsigned int provides;
	bool payloads;
	bool fast;
	bool ended;
	uint64_t start_ns;
	bool slow_close;
	char fallback[160];
};

uint64_t top_monotonic_ns(void);

int top_source_introspect_open(const struct top_options *o, struct top_source **out, char *err,
			       size_t err_size);
/* @kernel: the kernel program (virtio vrings) instead of the bus program (USDT). */
int top_source_bpf_open(const struct top_options *o, bool kernel, struct top_source **out,
			char *err, size_t err_size);
/* @url: a trace directory (--replay) or net://... (--live, when @live). */
int top_source_trace_open(const struct top_options *o, const char *url, bool live,
			  struct top_source **out, char *err, size_t err_size);
int top_source_kmsg_open(const struct top_options *o, const char *path, struct top_source **out,
			 char *err, size_t err_size);

static inline void top_source_close(struct top_source *s)
{
	if (s)
		s->ops->close(s);
}

#endif /* RPMSG_TOP_SOURCE_H */
