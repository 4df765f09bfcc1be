/* SPDX-License-Identifier: MIT */
/*
 * Layout of the maps the rpmsg BPF programs share with user space (the "name.h" of the
 * libbpf-tools triplet; the records in the ring buffer are struct rpmsg_event from event.h).
 *
 * The counters exist so that live numbers stay exact when the ring buffer overflows: every probe
 * hit updates them before it tries to reserve ring space. Counter maps are per-CPU hashes; user
 * space sums the CPUs' values. Keys are zero-padded so that equal names hash equally.
 *
 * Included by the BPF programs (after vmlinux.h) and by user space; plain __u32/__u64 only.
 */
#ifndef RPMSG_SCOPE_BPF_MAPS_H
#define RPMSG_SCOPE_BPF_MAPS_H

#include <rpmsg-scope/event.h>

/* Entries in each counter map; a hash that is full stops counting new keys (and says so). */
#define RPMSG_BPF_MAX_ENDPOINTS 4096
#define RPMSG_BPF_MAX_VRINGS	256
#define RPMSG_BPF_MAX_NAMES	4096

/* No filter: matches every address (same value as RPMSG_ADDR_ANY). */
#define RPMSG_BPF_ADDR_ANY 0xffffffffu

/* Used-ring entries the vring_interrupt hook reports one by one per interrupt (the rest are
 * counted). */
#define RPMSG_BPF_USED_ENTRIES_MAX 32

/* Bytes of a ring buffer record that precede the payload (a record holds only captured bytes). */
#define RPMSG_BPF_EVENT_HDR_SIZE ((unsigned long)&((struct rpmsg_event *)0)->payload)

/*
 * One endpoint as seen by one side of one bus: (bus, role, local address, remote address).
 * Sent messages count under (src, dst) of the sending side; received ones under (dst, src) of
 * the receiving side.
 */
struct rpmsg_bpf_ept_key {
	char bus[RPMSG_EVENT_BUS_LEN];
	__u32 role;
	__u32 local;
	__u32 remote;
	__u32 pad;
};

struct rpmsg_bpf_ept_counters {
	__u64 tx_msgs, tx_bytes;
	__u64 rx_msgs, rx_bytes;
	__u64 drops;
	__u64 tx_waits, tx_wait_ns, tx_wait_failures;
};

/* One virtqueue (or doorbell channel) as seen by one side: (bus, role, vq). */
struct rpmsg_bpf_vring_key {
	char bus[RPMSG_EVENT_BUS_LEN];
	__u32 role;
	__u32 vq;
};

struct rpmsg_bpf_vring_counters {
	__u64 adds, add_bytes;
	__u64 gets, get_bytes;
	__u64 kicks;	  /* doorbells rung on this channel */
	__u64 interrupts; /* doorbells received / vring interrupts */
	__u64 used_seen;  /* kernel hook: used entries pending at interrupts (exact, not capped) */
	__u64 last_ts_ns; /* time of last_num_free; user space keeps the newest CPU's value */
	__u32 last_num_free;
	__u32 pad;
};

/* A name learned from ept_create / ns_announce: (bus, owning role, address). */
struct rpmsg_bpf_name_key {
	char bus[RPMSG_EVENT_BUS_LEN];
	__u32 role; /* the side the address lives on */
	__u32 addr;
};

struct rpmsg_bpf_name {
	char name[RPMSG_EVENT_NAME_LEN];
	__u32 announced; /* seen in a name-service message */
	__u32 destroyed; /* destroyed (ept_destroy / NS destroy) since */
};

/* Index of the per-CPU array "stats". */
enum rpmsg_bpf_stat {
	RPMSG_BPF_STAT_RB_FAILED = 0, /* ring buffer reservations that failed: events lost */
	RPMSG_BPF_STAT_MAP_FULL,      /* counter updates lost because a counter map was full */
	RPMSG_BPF_STAT_FILTERED,      /* hits rejected by a filter */
	RPMSG_BPF_STAT_COUNT
};

#endif /* RPMSG_SCOPE_BPF_MAPS_H */
