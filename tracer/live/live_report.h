/* SPDX-License-Identifier: MIT */
/*
 * The statistics table of rpmsg-trace live: per-endpoint (bus program) and per-virtqueue
 * counters read from the BPF maps, with rates since the previous report. Owns its copies of
 * the previous counters; not thread-safe.
 */
#ifndef RPMSG_LIVE_REPORT_H
#define RPMSG_LIVE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <rpmsg-scope/clock.h>

#include "bpf_monitor.h"

struct live_report {
	struct rpmsg_bpf_monitor *mon;
	bool kernel, json;
	enum rpmsg_clock_style clock; /* the header's time (set by the caller; default local) */
	double prev_time;
	struct rpmsg_bpf_ept_entry *prev_epts;
	size_t prev_ept_count;
	struct rpmsg_bpf_vring_entry *prev_vrings;
	size_t prev_vring_count;
	/* names of channels announced before we attached (not owned; set by the caller) */
	const struct rpmsg_bpf_name_entry *seeded;
	size_t seeded_count;
};

void live_report_init(struct live_report *r, struct rpmsg_bpf_monitor *mon, bool kernel, bool json);
/* Print one report (@final: the totals at exit); Return: 0 or -errno from reading the maps. */
int live_report_print(struct live_report *r, FILE *out, bool final);
void live_report_free(struct live_report *r);

/*
 * The channel name of endpoint (bus, role, local -> remote): the local endpoint's own name, else
 * the name the other side gave its address. NULL when unknown.
 */
const char *live_endpoint_name(const struct rpmsg_bpf_name_entry *names, size_t count,
			       const char *bus, uint32_t role, uint32_t local, uint32_t remote);

#endif /* RPMSG_LIVE_REPORT_H */
