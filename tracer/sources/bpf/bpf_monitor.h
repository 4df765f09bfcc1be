/* SPDX-License-Identifier: MIT */
/*
 * Loading and reading the rpmsg BPF programs (bpf/rpmsg_bus.bpf.c and bpf/rpmsg_kernel.bpf.c).
 *
 * A monitor owns one loaded BPF object: its ring buffer (struct rpmsg_event records, handed to
 * the on_event callback during rpmsg_bpf_monitor_poll()) and its counter maps (read at any time
 * with the *_counters functions; exact even when the ring buffer overflows).
 *
 * Contract:
 * - Functions return 0 or a negative errno; on failure rpmsg_bpf_last_error() holds one line
 *   that names the problem (not root, no BTF, no bus library / no probes, ...).
 * - Not thread-safe: one thread opens, polls, reads and closes a monitor.
 * - Memory: the monitor owns everything it allocates; arrays returned by the *_counters
 *   functions are malloc'd and owned by the caller (free()). Events passed to on_event are
 *   valid during the call only.
 * - Needs root (CAP_BPF + CAP_PERFMON, CAP_SYS_ADMIN for uprobes here).
 */
#ifndef RPMSG_LIVE_BPF_MONITOR_H
#define RPMSG_LIVE_BPF_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <rpmsg-scope/event.h>
#include <rpmsg-scope/bpf-maps.h>

struct rpmsg_bpf_monitor;

/* Called for each ring buffer record, widened to a full, zero-filled struct rpmsg_event. */
typedef void (*rpmsg_bpf_event_fn)(const struct rpmsg_event *ev, void *priv);

/* Bit for event type T in rpmsg_bpf_bus_opts.events. */
#define RPMSG_BPF_EVENT_BIT(t) (1u << (t))
/* Every event type. */
#define RPMSG_BPF_EVENTS_ALL (((1u << RPMSG_EV_TYPE_COUNT) - 1) & ~1u)
/* What per-endpoint statistics need: messages, names, waits, drops (not the per-buffer probes). */
#define RPMSG_BPF_EVENTS_ENDPOINTS                                                                 \
	(RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_SEND) | RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_RECV) |         \
	 RPMSG_BPF_EVENT_BIT(RPMSG_EV_NS_ANNOUNCE) | RPMSG_BPF_EVENT_BIT(RPMSG_EV_EPT_CREATE) |    \
	 RPMSG_BPF_EVENT_BIT(RPMSG_EV_EPT_DESTROY) | RPMSG_BPF_EVENT_BIT(RPMSG_EV_TX_WAIT) |       \
	 RPMSG_BPF_EVENT_BIT(RPMSG_EV_DROP))

/**
 * struct rpmsg_bpf_bus_opts - what the bus program attaches to and records
 * @lib_path: the librpmsgbus shared object whose USDT probes to attach (NULL: find it)
 * @pid: only this process (0: every process using the library)
 * @bus: only this bus name (NULL or "": all buses)
 * @endpoint: only messages from/to this address (RPMSG_BPF_ADDR_ANY: all)
 * @capture: payload bytes recorded per message (0..RPMSG_EVENT_PAYLOAD_MAX)
 * @ring_bytes: ring buffer size (power of two, >= 4096); 0 = counters only, no records
 * @events: RPMSG_BPF_EVENT_BIT()s of the probes to attach (0: RPMSG_BPF_EVENTS_ALL)
 * @rx_from_senders: count receives from the senders' msg_send instead of the receivers' msg_recv
 *	(which is then not attached): one probe hit per message instead of two when both sides of
 *	a bus use the traced library. Ignored (receives are counted at the receiver) with @pid, or
 *	when a bus that exists at open has a side whose process does not map the library;
 *	rpmsg_bpf_bus_rx_from_senders() says which applies.
 * @on_event, @priv: record callback (may be NULL)
 */
struct rpmsg_bpf_bus_opts {
	const char *lib_path;
	pid_t pid;
	const char *bus;
	uint32_t endpoint;
	unsigned int capture;
	size_t ring_bytes;
	uint32_t events;
	bool rx_from_senders;
	rpmsg_bpf_event_fn on_event;
	void *priv;
};

/**
 * rpmsg_bpf_bus_open() - load the bus program and attach it to the library's USDT probes
 * @opts: options; copied
 * @out: the monitor
 *
 * Return: 0; -EPERM (not root), -ENOENT (no librpmsgbus found / no such process), -ENODATA (the
 * library has none of the requested rpmsg USDT probes), or an errno from libbpf.
 */
int rpmsg_bpf_bus_open(const struct rpmsg_bpf_bus_opts *opts, struct rpmsg_bpf_monitor **out);

/**
 * struct rpmsg_bpf_kernel_opts - what the kernel program watches
 * @device_id: virtio device type to report (7 = rpmsg; 2 = virtio-blk for testing)
 * @capture, @ring_bytes, @on_event, @priv: as for the bus program
 * @no_trampolines: do not even try fentry/fexit (use the vring_interrupt hook only)
 */
struct rpmsg_bpf_kernel_opts {
	uint32_t device_id;
	unsigned int capture;
	size_t ring_bytes;
	bool no_trampolines;
	rpmsg_bpf_event_fn on_event;
	void *priv;
};

/* One hook of the kernel program and why it is (not) active. */
struct rpmsg_bpf_hook {
	const char *
		name; /* "fexit/virtqueue_add_inbuf", "tp_btf/irq_handler_entry(vring_interrupt)" */
	bool active;
	char reason[128]; /* why not active; for an active one a note ("in module X") or "" */
};

#define RPMSG_BPF_MAX_HOOKS 24

/**
 * rpmsg_bpf_kernel_open() - load the kernel program with every hook this kernel accepts
 *
 * Trampoline hooks whose function is missing are not loaded; if the kernel refuses
 * trampolines (lockdown) the object is loaded again without them. The vring_interrupt hook
 * needs the symbol's address (CAP_SYSLOG). rpmsg_bpf_kernel_hooks() tells which are active.
 * Return: 0 when at least one hook is active, -ENOENT when none is, or as rpmsg_bpf_bus_open().
 */
int rpmsg_bpf_kernel_open(const struct rpmsg_bpf_kernel_opts *opts, struct rpmsg_bpf_monitor **out);

/** rpmsg_bpf_kernel_hooks() - the hooks and their state; returns the count (<=
 * RPMSG_BPF_MAX_HOOKS). */
unsigned int rpmsg_bpf_kernel_hooks(const struct rpmsg_bpf_monitor *mon,
				    const struct rpmsg_bpf_hook **hooks);

/**
 * rpmsg_bpf_kernel_seed_events() - the kernel's existing rpmsg channels and /dev/rpmsgN endpoints
 * (/sys/bus/rpmsg/devices and /sys/class/rpmsg: name, src, dst) as the events that would have
 * named them: ept_create for a local address, ns_announce received for a remote one, role
 * kernel, bus the virtio device ("virtio1"). For tools that attach after the channels exist
 * (the kernel monitor seeds its names map with them at open). @ts_ns: the events' time.
 * Return: 0 (a missing or unreadable directory seeds nothing).
 */
int rpmsg_bpf_kernel_seed_events(uint64_t ts_ns, rpmsg_bpf_event_fn fn, void *priv);

/* One kernel rpmsg device: its virtio bus ("virtio1"), name, src and dst (RPMSG_BPF_ADDR_ANY). */
typedef void (*rpmsg_bpf_channel_fn)(const char *bus, const char *name, uint32_t src, uint32_t dst,
				     void *priv);

/**
 * rpmsg_bpf_kernel_channels() - each rpmsg channel (/sys/bus/rpmsg/devices) and /dev/rpmsgN
 * endpoint (/sys/class/rpmsg) of the running kernel, as sysfs lists it. Return: 0.
 */
int rpmsg_bpf_kernel_channels(rpmsg_bpf_channel_fn fn, void *priv);

/**
 * rpmsg_bpf_bus_missing() - RPMSG_BPF_EVENT_BIT()s of the requested probes the library does not
 * have (attached to the others; open fails only when none is there).
 */
uint32_t rpmsg_bpf_bus_missing(const struct rpmsg_bpf_monitor *mon);

/** rpmsg_bpf_bus_library() - the library path the bus monitor attached to. */
const char *rpmsg_bpf_bus_library(const struct rpmsg_bpf_monitor *mon);

/**
 * rpmsg_bpf_bus_rx_from_senders() - whether receives are counted from the senders' msg_send
 * (rpmsg_bpf_bus_opts.rx_from_senders in effect: msg_recv is not attached, and
 * rpmsg_bpf_endpoint_counters() gives each endpoint the messages and bytes the other side of its
 * bus sent it). @why_not: when asked for but not in effect, why ("one process (--pid)", "bus X:
 * its remote (pid N) does not map LIB"); "" otherwise. May be NULL.
 *
 * Limits of counting receives at the sender: a message counts as received when it is sent, so
 * between reports the messages still in the ring (at most its size) are counted early, and
 * messages a receiver never takes (it died) are counted all the same; a bus whose other side
 * the library does not trace and that appeared after open shows no receives from that side.
 */
bool rpmsg_bpf_bus_rx_from_senders(const struct rpmsg_bpf_monitor *mon, const char **why_not);

/**
 * rpmsg_bpf_monitor_poll() - deliver ring buffer records to on_event, waiting up to @timeout_ms
 * (records are not signalled one by one, so the wait may last the whole timeout)
 * Return: records delivered, or a negative errno (-EINTR when interrupted by a signal).
 */
int rpmsg_bpf_monitor_poll(struct rpmsg_bpf_monitor *mon, int timeout_ms);

void rpmsg_bpf_monitor_close(struct rpmsg_bpf_monitor *mon);

/* Counters summed over the CPUs. */
struct rpmsg_bpf_ept_entry {
	struct rpmsg_bpf_ept_key key;
	struct rpmsg_bpf_ept_counters c;
};
struct rpmsg_bpf_vring_entry {
	struct rpmsg_bpf_vring_key key;
	struct rpmsg_bpf_vring_counters c;
};
struct rpmsg_bpf_name_entry {
	struct rpmsg_bpf_name_key key;
	struct rpmsg_bpf_name v;
};

struct rpmsg_bpf_stats {
	uint64_t lost;	   /* ring buffer reservations that failed (records lost) */
	uint64_t map_full; /* counter updates lost to a full map */
	uint64_t filtered; /* hits rejected by a filter */
	uint64_t hits[RPMSG_EV_TYPE_COUNT]; /* probe hits per event type */
};

/**
 * rpmsg_bpf_endpoint_counters() - every endpoint's counters; *out is malloc'd. When receives are
 * counted from the senders (rpmsg_bpf_bus_rx_from_senders()), an endpoint's rx_msgs/rx_bytes are
 * the tx_msgs/tx_bytes of its peer entry (same bus, the other role, local and remote swapped),
 * and an endpoint that only received has an entry of its own.
 */
int rpmsg_bpf_endpoint_counters(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_ept_entry **out,
				size_t *count);
/** rpmsg_bpf_vring_counters() - every vring/doorbell channel's counters; *out is malloc'd. */
int rpmsg_bpf_vring_counters(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_vring_entry **out,
			     size_t *count);
/** rpmsg_bpf_names() - names learned from ept_create / ns_announce (and seeded); malloc'd. */
int rpmsg_bpf_names(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_name_entry **out,
		    size_t *count);
int rpmsg_bpf_stats(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_stats *stats);

/**
 * rpmsg_bpf_name_of() - the name of (bus, role, addr) in @names, or NULL.
 */
const char *rpmsg_bpf_name_of(const struct rpmsg_bpf_name_entry *names, size_t count,
			      const char *bus, uint32_t role, uint32_t addr);

/** rpmsg_bpf_set_verbose() - forward libbpf's messages (all levels) to stderr, or only warnings. */
void rpmsg_bpf_set_verbose(bool verbose);

/** rpmsg_bpf_last_error() - one line explaining the last failure in this thread. */
const char *rpmsg_bpf_last_error(void);

#endif /* RPMSG_LIVE_BPF_MONITOR_H */
