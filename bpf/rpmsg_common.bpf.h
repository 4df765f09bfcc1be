/* SPDX-License-Identifier: MIT */
/*
 * Maps and helpers shared by the rpmsg BPF programs (each program includes this once, so each
 * object gets its own copy of the maps).
 */
#ifndef RPMSG_COMMON_BPF_H
#define RPMSG_COMMON_BPF_H

#include <bpf/bpf_helpers.h>
#include <rpmsg-scope/event.h>
#include <rpmsg-scope/bpf-maps.h>

/* Payload bytes copied into a msg_send / msg_recv record (0..RPMSG_EVENT_PAYLOAD_MAX). */
const volatile __u32 capture_max = 64;
/* false: counters only, the ring buffer is never touched (cheapest monitoring). */
const volatile bool use_ringbuf = true;

/* Records: struct rpmsg_event truncated after its captured payload. Size set by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RPMSG_BPF_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* Probe hits per event type, counted before any filter or ring buffer step. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RPMSG_EV_TYPE_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RPMSG_BPF_MAX_VRINGS);
	__type(key, struct rpmsg_bpf_vring_key);
	__type(value, struct rpmsg_bpf_vring_counters);
} vring_counters SEC(".maps");

/* Per endpoint (bpf-maps.h): the views read these. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RPMSG_BPF_MAX_ENDPOINTS);
	__type(key, struct rpmsg_bpf_ept_key);
	__type(value, struct rpmsg_bpf_ept_counters);
} ept_counters SEC(".maps");

/* Names are rare and shared by all CPUs: a plain hash (user space may seed it). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RPMSG_BPF_MAX_NAMES);
	__type(key, struct rpmsg_bpf_name_key);
	__type(value, struct rpmsg_bpf_name);
} names SEC(".maps");

static __always_inline void stat_inc(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &which);

	if (v)
		*v += 1;
}

static __always_inline void hit_inc(__u32 type)
{
	__u64 *v = bpf_map_lookup_elem(&hits, &type);

	if (v)
		*v += 1;
}

/*
 * Find or create the per-CPU value of @key in @map. Per-CPU values need no atomics: only this
 * CPU writes them, with preemption disabled for the program's run.
 */
static __always_inline void *counters_get(void *map, const void *key, const void *zero)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	/* EEXIST is fine: another CPU created the key first. */
	bpf_map_update_elem(map, key, zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(map, key);
	if (!v)
		stat_inc(RPMSG_BPF_STAT_MAP_FULL);
	return v;
}

static __always_inline struct rpmsg_bpf_vring_counters *vring_get_counters(const char *bus,
									   __u32 role, __u32 vq)
{
	static const struct rpmsg_bpf_vring_counters zero;
	struct rpmsg_bpf_vring_key key = {};

	__builtin_memcpy(key.bus, bus, sizeof(key.bus));
	key.role = role;
	key.vq = vq;
	return counters_get(&vring_counters, &key, &zero);
}

static __always_inline struct rpmsg_bpf_ept_counters *ept_get(const char *bus, __u32 role,
							      __u32 local, __u32 remote)
{
	static const struct rpmsg_bpf_ept_counters zero;
	struct rpmsg_bpf_ept_key key = {};

	__builtin_memcpy(key.bus, bus, sizeof(key.bus));
	key.role = role;
	key.local = local;
	key.remote = remote;
	return counters_get(&ept_counters, &key, &zero);
}

/* Count a vring_add / vring_get of @len bytes on @c (may be NULL), @num_free left after it. */
static __always_inline void vring_count(struct rpmsg_bpf_vring_counters *c, __u32 type, __u32 len,
					__u32 num_free)
{
	if (!c)
		return;
	if (type == RPMSG_EV_VRING_ADD) {
		c->adds++;
		c->add_bytes += len;
	} else {
		c->gets++;
		c->get_bytes += len;
	}
	c->last_ts_ns = bpf_ktime_get_ns();
	c->last_num_free = num_free;
}

/*
 * Reserve a record for one event with @payload payload bytes (a constant after rodata is
 * frozen, so the verifier accepts it as the size). A failed reservation is counted: the user
 * sees it as lost events. Fills the common header. NULL also when events do not go to the ring
 * buffer (counting only).
 */
static __always_inline struct rpmsg_event *event_reserve(__u32 type, __u32 role, const char *bus,
							 __u64 payload)
{
	struct rpmsg_event *e;
	__u64 id;

	if (!use_ringbuf)
		return NULL;
	e = bpf_ringbuf_reserve(&events, RPMSG_BPF_EVENT_HDR_SIZE + payload, 0);
	if (!e) {
		stat_inc(RPMSG_BPF_STAT_RB_FAILED);
		return NULL;
	}
	id = bpf_get_current_pid_tgid();
	e->ts_ns = bpf_ktime_get_ns();
	e->type = type;
	e->role = role;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->cpu = bpf_get_smp_processor_id();
	e->reserved = 0;
	__builtin_memcpy(e->bus, bus, RPMSG_EVENT_BUS_LEN);
	return e;
}

/*
 * Submit a record without waking the reader while the ring is less than 1/8 full: readers poll
 * with a timeout (100 ms or less), and a wake-up per record (the default once the reader has
 * caught up) costs more CPU than the record itself. Past 1/8 the default policy wakes it.
 */
static __always_inline void event_submit(struct rpmsg_event *e)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 size = bpf_ringbuf_query(&events, BPF_RB_RING_SIZE);

	bpf_ringbuf_submit(e, avail < size / 8 ? BPF_RB_NO_WAKEUP : 0);
}

#endif /* RPMSG_COMMON_BPF_H */
