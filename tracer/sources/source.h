/* SPDX-License-Identifier: MIT */
/*
 * Sources: what feeds struct rpmsg_event values into a collector. Views (rpmsg-top's screen and
 * batch output, the reports) only ever read the collector (DESIGN.md: views read the collector,
 * never a source). Each source lives in its own file here, in tracer/sources:
 *   source_introspect.c  the bus's read-only shared memory (no privileges)
 *   source_bpf.c         the bus's USDT probes or the kernel's vrings through BPF (root; bpf/)
 *   source_trace.c       a CTF trace (replay) or an LTTng live session, babeltrace2
 *   source_kmsg.c        a kernel log with rpmsg dynamic-debug lines
 * and names of channels announced before a source started come from bus_seed.h. A source whose
 * module was not built answers its open function with -ENOTSUP and a line saying so.
 *
 * Contract: one thread uses a source and its collector. Sources own their state; close() frees
 * it. Functions return 0 (or a count) or a negative errno; open functions put one line saying
 * what went wrong into the caller's error buffer. A source that fails after it opened (a trace
 * that turns out corrupt) says why in @failure: the tool prints it and exits non-zero.
 */
#ifndef RPMSG_SOURCES_SOURCE_H
#define RPMSG_SOURCES_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/collector.h>

struct rpmsg_source;

/* What a source can fill besides message counts (struct rpmsg_source.provides). */
#define RPMSG_SOURCE_LATENCY 0x1 /* both sides' send and deliver events */
#define RPMSG_SOURCE_WAITS   0x2 /* tx_wait events */
#define RPMSG_SOURCE_DROPS   0x4 /* drop events */

/**
 * struct rpmsg_source_config - what the sources take (each reads the fields it needs)
 * The config and the strings it points to (@buses) must outlive the source: the BPF source
 * reads @buses again at every sync to follow buses that appear later.
 * @buses, @bus_count: only these buses (none: every bus found); introspection and BPF
 * @verbose: libbpf's messages (BPF)
 * @virtio_device: virtio device type the kernel program reports (7 = rpmsg)
 * @capture: payload bytes captured per message (BPF)
 * @speed: replay speed of a trace or kernel log (1 = real time, 0 = as fast as possible)
 */
struct rpmsg_source_config {
	const char *const *buses;
	int bus_count;
	int verbose;
	unsigned int virtio_device;
	unsigned int capture;
	double speed;
};

/* The clock a source's events are on (struct rpmsg_source.clock; docs/events.md "Time"). */
enum rpmsg_source_clock {
	RPMSG_SOURCE_CLOCK_MONOTONIC, /* CLOCK_MONOTONIC of this machine (introspection, BPF) */
	RPMSG_SOURCE_CLOCK_EPOCH, /* the Unix epoch (a trace's clock class: replay, LTTng live) */
	RPMSG_SOURCE_CLOCK_BOOT,  /* a board's boot (kernel log): its place on the epoch unknown */
};

struct rpmsg_source_ops {
	/* Deliver the events that are due, waiting up to @timeout_ms when none is. Return: count.
	 */
	int (*poll)(struct rpmsg_source *s, struct rpmsg_collector *c, int timeout_ms);
	/* Bring the collector up to date right before a tick (optional). */
	int (*sync)(struct rpmsg_source *s, struct rpmsg_collector *c);
	/* The time to close intervals with (the events' clock; virtual for a replay). */
	uint64_t (*now_ns)(struct rpmsg_source *s);
	/* Fast replay only: deliver every event up to @until_ns at once (optional). */
	int (*advance)(struct rpmsg_source *s, struct rpmsg_collector *c, uint64_t until_ns);
	/* Freeze or resume the source's clock (optional; live sources keep collecting). */
	void (*set_paused)(struct rpmsg_source *s, bool paused);
	void (*close)(struct rpmsg_source *s);
};

/**
 * struct rpmsg_source - what every source shares
 * @label: shown in the header ("bpf: bus USDT probes", "introspection", "replay t.ctf x2")
 * @note: what this source cannot show and why ("" if nothing), shown under the header
 * @provides: RPMSG_SOURCE_* it can fill (latency, waits, drops)
 * @payloads: kept messages carry payload bytes (the detail pane can decode them)
 * @fast: a replay as fast as possible: intervals advance with advance(), not with the wall clock
 * @ended: no further event will come (end of a trace file)
 * @start_ns: the events' clock when the source opened (0: the first event's time)
 * @clock: the clock the events' ts_ns are on (set by the open function)
 * @slow_close: closing takes a noticeable time (detaching uprobes): say so on exit
 * @fallback: why the default source is not the one in use ("" when it is), set by the tool
 * @failure: why the source stopped after it opened ("" while it works): the tool prints
 *	"<tool>: <failure>" and exits 1 (a trace that turns out corrupt or truncated)
 */
struct rpmsg_source {
	const struct rpmsg_source_ops *ops;
	char label[96];
	char note[200];
	unsigned int provides;
	bool payloads;
	bool fast;
	bool ended;
	uint64_t start_ns;
	enum rpmsg_source_clock clock;
	bool slow_close;
	char fallback[160];
	char failure[400];
};

int rpmsg_source_introspect_open(const struct rpmsg_source_config *o, struct rpmsg_source **out,
				 char *err, size_t err_size);
/* @kernel: the kernel program (virtio vrings) instead of the bus program (USDT). */
int rpmsg_source_bpf_open(const struct rpmsg_source_config *o, bool kernel,
			  struct rpmsg_source **out, char *err, size_t err_size);
/* @url: a trace directory (--replay) or net://... (--live, when @live). */
int rpmsg_source_trace_open(const struct rpmsg_source_config *o, const char *url, bool live,
			    struct rpmsg_source **out, char *err, size_t err_size);
int rpmsg_source_kmsg_open(const struct rpmsg_source_config *o, const char *path,
			   struct rpmsg_source **out, char *err, size_t err_size);

/**
 * rpmsg_source_bus_absent() - is a bus asked for by name (--bus) missing, and what to do
 * @name: the bus name
 * @why, @size: set when it is missing, to one line naming it, the buses that do run (or that none
 *	does) and how to start one; left alone when it exists
 *
 * For the tools' empty answers: a bus that does not exist shows nothing, which reads as "no
 * traffic" unless said. Reads /dev/shm only (any user). Return: true when @name does not exist.
 */
bool rpmsg_source_bus_absent(const char *name, char *why, size_t size);

/**
 * rpmsg_source_kernel_devices() - how many virtio devices of type @virtio_device this kernel has
 * (/sys/bus/virtio/devices/DEV/device), and, in @why, one line saying that none was found and
 * that counts appear when one does (left alone when there are some).
 * Return: the count (0: the kernel program will see nothing until a device appears).
 */
int rpmsg_source_kernel_devices(unsigned int virtio_device, char *why, size_t size);

/**
 * rpmsg_source_wall_offset_ns() - what to add to @s's event times to place them where the text
 * outputs do: this process's rpmsg_wall_offset_ns() for CLOCK_MONOTONIC events, 0 for a clock
 * already on the epoch and for a boot clock (shown in seconds since the boot).
 */
static inline int64_t rpmsg_source_wall_offset_ns(const struct rpmsg_source *s)
{
	return s->clock == RPMSG_SOURCE_CLOCK_MONOTONIC ? rpmsg_wall_offset_ns() : 0;
}

static inline void rpmsg_source_close(struct rpmsg_source *s)
{
	if (s)
		s->ops->close(s);
}

#endif /* RPMSG_SOURCES_SOURCE_H */
