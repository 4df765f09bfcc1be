// SPDX-License-Identifier: MIT
/* rpmsg-trace live --detail: the collector's view of the ring buffer (see live_detail.h). */
#include <errno.h>
#include <stdlib.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/collector.h>

#include "bpf_monitor.h"
#include "bus_seed.h"
#include "live_detail.h"

struct live_detail {
	struct rpmsg_collector *collector;
	uint64_t lost_seen;
	uint64_t last_tick_ns;
	uint64_t start_ns;
	bool kernel_seeded; /* the kernel's existing channels are in the collector */
};

int live_detail_create(const char *bus, struct live_detail **out)
{
	struct rpmsg_collector_options opts;
	struct live_detail *d = calloc(1, sizeof(*d));
	int err;

	if (!d)
		return -ENOMEM;
	rpmsg_collector_options_init(&opts);
	/* Rates start now, not at the first event: the events share our clock (CLOCK_MONOTONIC). */
	opts.start_ns = rpmsg_now_ns();
	d->last_tick_ns = opts.start_ns;
	d->start_ns = opts.start_ns;
	err = rpmsg_collector_create(&opts, &d->collector);
	if (err) {
		free(d);
		return err;
	}
	/* Channels announced before we started: their names come from the bus directory. */
	rpmsg_bus_seed_collector(d->collector, bus);
	*out = d;
	return 0;
}

static void seed_kernel_event(const struct rpmsg_event *ev, void *priv)
{
	rpmsg_collector_add_event(priv, ev);
}

void live_detail_add(struct live_detail *d, const struct rpmsg_event *ev)
{
	/*
	 * Channels the kernel created before we attached: no event of the program will name them,
	 * sysfs does (as rpmsg-top --kernel seeds its collector). Done at the kernel program's
	 * first event, which says the source is the kernel's, and before it is counted.
	 */
	if (!d->kernel_seeded && ev->role == RPMSG_EVENT_ROLE_KERNEL) {
		d->kernel_seeded = true;
		rpmsg_bpf_kernel_seed_events(d->start_ns, seed_kernel_event, d->collector);
	}
	/* A rejected event is counted by the collector itself (totals.rejected_events). */
	rpmsg_collector_add_event(d->collector, ev);
}

int live_detail_report(struct live_detail *d, struct rpmsg_bpf_monitor *mon, FILE *out, bool json,
		       enum rpmsg_clock_style clock)
{
	char when[RPMSG_TIME_TEXT_SIZE];
	struct rpmsg_collector_print_opts opts;
	struct rpmsg_bpf_stats stats;
	uint64_t now = rpmsg_now_ns();

	if (!rpmsg_bpf_stats(mon, &stats) && stats.lost > d->lost_seen) {
		rpmsg_collector_add_lost(d->collector, "bpf-ringbuf", stats.lost - d->lost_seen);
		d->lost_seen = stats.lost;
	}
	/* Two reports within the same nanosecond (the final one) close no new interval. */
	if (now > d->last_tick_ns && !rpmsg_collector_tick(d->collector, now))
		d->last_tick_ns = now;
	rpmsg_collector_print_opts_init(&opts);
	/* BPF's events are on CLOCK_MONOTONIC: the JSON's times placed on the epoch, as the
	 * header's */
	opts.wall_offset_ns = rpmsg_wall_offset_ns();
	if (json)
		return rpmsg_collector_print_json(d->collector, out, &opts);
	fprintf(out, "--- [%s] collector\n",
		rpmsg_time_format(when, sizeof(when), rpmsg_wall_ns(now), true, clock));
	return rpmsg_collector_print_table(d->collector, out, &opts);
}

void live_detail_destroy(struct live_detail *d)
{
	if (!d)
		return;
	rpmsg_collector_destroy(d->collector);
	free(d);
}
