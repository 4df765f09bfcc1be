/* SPDX-License-Identifier: MIT */
/* Internals shared by bpf_monitor.c, bus_monitor.c and kernel_monitor.c. */
#ifndef RPMSG_LIVE_BPF_MONITOR_INTERNAL_H
#define RPMSG_LIVE_BPF_MONITOR_INTERNAL_H

#include <limits.h>

#include "bpf_monitor.h"

struct bpf_link;
struct bpf_map;
struct ring_buffer;

struct rpmsg_bpf_monitor {
	void *skel; /* struct rpmsg_bus_bpf or struct rpmsg_kernel_bpf */
	void (*destroy)(struct rpmsg_bpf_monitor *mon);
	bool use_ring;
	struct ring_buffer *rb;
	rpmsg_bpf_event_fn on_event;
	void *priv;
	unsigned long long delivered;
	struct bpf_map *stats, *hits, *vring_counters;
	struct bpf_map *ept_counters, *names;
	struct bpf_map *ept_alive; /* kernel program: endpoint table, when drops are found by it */
	bool rx_by_table;
	char lib_path[PATH_MAX];		     /* bus program only */
	struct bpf_link *links[RPMSG_EV_TYPE_COUNT]; /* bus program: USDT links by event type */
	uint32_t missing; /* bus program: RPMSG_BPF_EVENT_BIT()s of probes the library lacks */
	/* bus program: msg_recv not attached, receives are the peers' sends */
	bool rx_from_senders;
	/* bus program: why rx_from_senders was asked for but not used */
	char rx_why_not[PATH_MAX + 192];
	struct rpmsg_bpf_hook hooks[RPMSG_BPF_MAX_HOOKS]; /* kernel program only */
	unsigned int hook_count;
};

/* Record "fmt..." as the last error and return @err. */
int monitor_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last warning libbpf printed ("" if none), to explain a failure when not verbose. */
const char *monitor_libbpf_warning(void);
/* The program named by the first libbpf warning since monitor_libbpf_clear() ("" if none). */
const char *monitor_libbpf_failed_prog(void);
/* That warning, after "prog 'NAME': " (why it failed). */
const char *monitor_libbpf_failed_line(void);
/* Forget the last warning and failed program (before a load whose failure is to be explained). */
void monitor_libbpf_clear(void);
/*
 * Checks common to both programs before opening: -EPERM with the reason unless
 * running as root, -EINVAL if @capture exceeds the event payload; installs the
 * libbpf log callback.
 */
int monitor_check_open(unsigned int capture);
/* Size the "events" map before load (0: the smallest, unused). */
int monitor_size_ring(struct bpf_map *events, size_t ring_bytes);
/*
 * After load: keep the maps both programs have (@stats, @hits, @vring_counters) and open the
 * ring buffer reader on @events when records are wanted.
 */
int monitor_setup_maps(struct rpmsg_bpf_monitor *mon, struct bpf_map *stats, struct bpf_map *hits,
		       struct bpf_map *vring_counters, struct bpf_map *events);

#endif /* RPMSG_LIVE_BPF_MONITOR_INTERNAL_H */
