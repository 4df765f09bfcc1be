// SPDX-License-Identifier: MIT
/*
 * BPF source: the bus program on librpmsgbus's USDT probes (every event of every process using
 * the library, filtered to the watched bus), or with --kernel the kernel program on the virtio
 * vrings. Records from the ring buffer go straight into the collector; records the ring buffer
 * could not take are counted by the programs and reported to the collector as lost events.
 * Rows of channels announced before we attached are named from the bus's own directory (a
 * read-only snapshot, as the introspection source takes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_monitor.h"
#include "bpf_options.h"
#include "bus_seed.h"
#include <rpmsg-scope/clock.h>
#include "source.h"

/* Room for bursts between two polls (100 ms apart at most) of a busy bus. */
#define RING_BYTES     (16u << 20)
#define SEED_PERIOD_NS 1000000000ull

struct bpf_source {
	struct rpmsg_source base;
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_collector *collector; /* valid during poll only */
	bool kernel;
	uint64_t lost_reported;
	uint64_t last_seed_ns;
	const char *const *buses;
	int bus_count;
};

static void on_event(const struct rpmsg_event *ev, void *priv)
{
	struct bpf_source *s = priv;

	if (s->collector)
		rpmsg_collector_add_event(s->collector, ev);
}

/* A kernel channel or endpoint that existed before we attached, into the collector. */
static void seed_kernel_event(const struct rpmsg_event *ev, void *priv)
{
	rpmsg_collector_add_event(priv, ev);
}

/*
 * A bound kernel channel (both addresses known) as a directory entry: its row exists from the
 * first refresh, before any traffic. The names come from seed_kernel_event().
 */
static void seed_kernel_row(const char *bus, const char *name, uint32_t src, uint32_t dst,
			    void *priv)
{
	struct rpmsg_monitor_snapshot *snap = priv;
	struct rpmsg_monitor_channel *ch;

	/* rpmsg_ctrl's device has 0 -> 0: no endpoint of its own */
	if (src == RPMSG_BPF_ADDR_ANY || dst == RPMSG_BPF_ADDR_ANY || src == RPMSG_NS_ADDR ||
	    (!src && !dst) || strncmp(snap->bus, bus, sizeof(snap->bus)) ||
	    snap->channel_count >= sizeof(snap->channels) / sizeof(snap->channels[0]))
		return;
	ch = &snap->channels[snap->channel_count++];
	snprintf(ch->name, sizeof(ch->name), "%.31s", name);
	ch->local_addr = src;
	ch->remote_addr = dst;
	ch->side = RPMSG_ROLE_HOST;
	ch->origin = RPMSG_ORIGIN_PEER;
}

/* The virtio bus of each kernel channel, once: one snapshot per bus. */
static void kernel_bus_of(const char *bus, const char *name, uint32_t src, uint32_t dst, void *priv)
{
	char(*buses)[RPMSG_EVENT_BUS_LEN] = priv;

	for (int i = 0; i < 8; i++) {
		if (!strncmp(buses[i], bus, RPMSG_EVENT_BUS_LEN))
			return;
		if (!buses[i][0]) {
			snprintf(buses[i], RPMSG_EVENT_BUS_LEN, "%.31s", bus);
			return;
		}
	}
}

static void seed_kernel(struct rpmsg_collector *c)
{
	char buses[8][RPMSG_EVENT_BUS_LEN] = {{0}};
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));

	rpmsg_bpf_kernel_seed_events(rpmsg_now_ns(), seed_kernel_event, c);
	if (!snap)
		return;
	rpmsg_bpf_kernel_channels(kernel_bus_of, buses);
	for (int i = 0; i < 8 && buses[i][0]; i++) {
		memset(snap, 0, sizeof(*snap));
		snprintf(snap->bus, sizeof(snap->bus), "%.31s", buses[i]);
		/* no vring state from sysfs: the ring hooks fill it */
		snap->vring[0].index = snap->vring[1].index = 2;
		rpmsg_bpf_kernel_channels(seed_kernel_row, snap);
		rpmsg_collector_seed_from_snapshot(c, snap);
	}
	free(snap);
}

/* Names and vring sizes of channels that existed before we attached. */
static void seed(struct bpf_source *s, struct rpmsg_collector *c)
{
	if (s->kernel) {
		/* once: a later re-read would bring back endpoints destroyed since */
		if (!s->last_seed_ns)
			seed_kernel(c);
		return;
	}
	if (!s->bus_count) {
		rpmsg_bus_seed_collector(c, NULL);
		return;
	}
	for (int i = 0; i < s->bus_count; i++)
		rpmsg_bus_seed_collector(c, s->buses[i]);
}

static int bpf_sync(struct rpmsg_source *base, struct rpmsg_collector *c)
{
	struct bpf_source *s = (struct bpf_source *)base;
	struct rpmsg_bpf_stats stats;
	uint64_t now = rpmsg_now_ns();
	int n;

	s->collector = c;
	n = rpmsg_bpf_monitor_poll(s->mon, 0);
	s->collector = NULL;
	if (!rpmsg_bpf_stats(s->mon, &stats) && stats.lost > s->lost_reported) {
		rpmsg_collector_add_lost(c, "bpf-ringbuf", stats.lost - s->lost_reported);
		s->lost_reported = stats.lost;
	}
	if (now - s->last_seed_ns >= SEED_PERIOD_NS) {
		seed(s, c);
		s->last_seed_ns = now;
	}
	return n < 0 && n != -EINTR ? n : 0;
}

static int bpf_poll(struct rpmsg_source *base, struct rpmsg_collector *c, int timeout_ms)
{
	struct bpf_source *s = (struct bpf_source *)base;
	int n;

	s->collector = c;
	n = rpmsg_bpf_monitor_poll(s->mon, timeout_ms);
	s->collector = NULL;
	return n == -EINTR ? 0 : n;
}

static uint64_t bpf_now(struct rpmsg_source *base)
{
	return rpmsg_now_ns();
}

static void bpf_close(struct rpmsg_source *base)
{
	struct bpf_source *s = (struct bpf_source *)base;

	rpmsg_bpf_monitor_close(s->mon);
	free(s);
}

static const struct rpmsg_source_ops bpf_ops = {
	.poll = bpf_poll,
	.sync = bpf_sync,
	.now_ns = bpf_now,
	.close = bpf_close,
};

static void describe_hooks(struct bpf_source *s)
{
	const struct rpmsg_bpf_hook *hooks;
	unsigned int n = rpmsg_bpf_kernel_hooks(s->mon, &hooks), active = 0;
	size_t used;

	used = (size_t)snprintf(s->base.note, sizeof(s->base.note), "hooks:");
	for (unsigned int i = 0; i < n; i++) {
		if (!hooks[i].active)
			continue;
		active++;
		if (used < sizeof(s->base.note))
			used += (size_t)snprintf(s->base.note + used, sizeof(s->base.note) - used,
						 " %s", hooks[i].name);
	}
	if (used < sizeof(s->base.note))
		snprintf(s->base.note + used, sizeof(s->base.note) - used, " (%u of %u active)",
			 active, n);
}

int rpmsg_source_bpf_open(const struct rpmsg_source_config *o, bool kernel,
			  struct rpmsg_source **out, char *err, size_t err_size)
{
	struct bpf_source *s = calloc(1, sizeof(*s));
	struct rpmsg_bpf_options bo;
	int ret;

	if (!s) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	s->kernel = kernel;
	s->buses = o->buses;
	s->bus_count = o->bus_count;
	rpmsg_bpf_options_init(&bo, RING_BYTES);
	bo.kernel = kernel;
	bo.verbose = o->verbose > 0;
	bo.device_id = o->virtio_device;
	bo.capture = o->capture;
	/* one bus: filter in the kernel; several: all, the rows say which */
	bo.bus = !kernel && o->bus_count == 1 ? o->buses[0] : NULL;
	ret = rpmsg_bpf_attach(&bo, RING_BYTES, RPMSG_BPF_EVENTS_ALL, on_event, s, &s->mon);
	if (ret) {
		snprintf(err, err_size, "%s", rpmsg_bpf_last_error());
		free(s);
		return ret;
	}
	s->base.ops = &bpf_ops;
	s->base.start_ns = rpmsg_now_ns();
	s->base.clock = RPMSG_SOURCE_CLOCK_MONOTONIC; /* bpf_ktime_get_ns() */
	s->base.slow_close = true;
	if (kernel) {
		snprintf(s->base.label, sizeof(s->base.label), "BPF kernel %s (virtio device %u)",
			 o->virtio_device == 7 ? "rpmsg" : "vrings", o->virtio_device);
		describe_hooks(s);
		s->base.payloads = true;
		s->base.provides = RPMSG_SOURCE_DROPS | RPMSG_SOURCE_WAITS;
	} else {
		snprintf(s->base.label, sizeof(s->base.label), "BPF on USDT probes (%s)",
			 rpmsg_bpf_bus_library(s->mon));
		s->base.payloads = o->capture > 0;
		s->base.provides = RPMSG_SOURCE_LATENCY | RPMSG_SOURCE_WAITS | RPMSG_SOURCE_DROPS;
	}
	*out = &s->base;
	return 0;
}
