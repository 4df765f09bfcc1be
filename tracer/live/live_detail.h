/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-trace live --detail: every event from the ring buffer goes into a collector
 * (tracer/collector), which adds what counters cannot give: send->deliver latency (p50/p99),
 * size histograms, smoothed rates, ring occupancy and free TX buffers. Lost ring buffer records
 * are reported to the collector as a lost-event source. Names of channels announced before the
 * start are seeded from the buses' directories, and on the kernel source from sysfs
 * (/sys/bus/rpmsg/devices) at the kernel program's first event. Not thread-safe.
 */
#ifndef RPMSG_LIVE_DETAIL_H
#define RPMSG_LIVE_DETAIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/event.h>

struct rpmsg_bpf_monitor;
struct live_detail;

/* Create the collector; seed names from bus @bus (NULL: every bus in /dev/shm). Return 0/-errno. */
int live_detail_create(const char *bus, struct live_detail **out);
/* Account one ring buffer record. */
void live_detail_add(struct live_detail *d, const struct rpmsg_event *ev);
/*
 * Close the interval now, account records @mon lost, print the table (under a "--- [TIME]"
 * line, @clock's style, the events' clock) or a JSON line.
 */
int live_detail_report(struct live_detail *d, struct rpmsg_bpf_monitor *mon, FILE *out, bool json,
		       enum rpmsg_clock_style clock);
void live_detail_destroy(struct live_detail *d);

#endif /* RPMSG_LIVE_DETAIL_H */
